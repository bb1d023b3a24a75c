package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Members answer as Mistral does with authentication off: resource sharing
// needs authentication (400). Code sources and dynamic actions are
// admin-only by the default policy (403); a caller the policy lets through
// is told this server does not implement them (501).

func (a *api) memberRoutes(g *gin.RouterGroup) {
	h := func(c *gin.Context) {
		failPecan(c, badRequest("Resource sharing feature can only be supported with authentication enabled."))
	}
	g.GET("/workflows/:id/members", h)
	g.GET("/workflows/:id/members/:member_id", h)
	g.POST("/workflows/:id/members", h)
	g.PUT("/workflows/:id/members", h) // the CLI's member-update without --member-id
	g.PUT("/workflows/:id/members/:member_id", h)
	g.DELETE("/workflows/:id/members/:member_id", h)
}

func notImplemented(what string) gin.HandlerFunc {
	return func(c *gin.Context) {
		failWith(c, http.StatusNotImplemented, what+" are not implemented by this server.")
	}
}

func (a *api) codeSourceRoutes(g *gin.RouterGroup) {
	h := notImplemented("Code sources")
	g.GET("/code_sources", a.enforce("code_sources:list"), h)
	g.GET("/code_sources/:id", a.enforce("code_sources:get"), h)
	g.POST("/code_sources", a.enforceText("code_sources:create"), h)
	g.PUT("/code_sources", a.enforceText("code_sources:update"), h)
	g.DELETE("/code_sources/:id", a.enforce("code_sources:delete"), h)
}

func (a *api) dynamicActionRoutes(g *gin.RouterGroup) {
	h := notImplemented("Dynamic actions")
	g.GET("/dynamic_actions", a.enforce("dynamic_actions:list"), h)
	g.GET("/dynamic_actions/:id", a.enforce("dynamic_actions:get"), h)
	g.POST("/dynamic_actions", a.enforce("dynamic_actions:create"), h)
	g.PUT("/dynamic_actions", a.enforce("dynamic_actions:update"), h)
	g.DELETE("/dynamic_actions/:id", a.enforce("dynamic_actions:delete"), h)
}
