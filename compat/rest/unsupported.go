package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Code sources and dynamic actions are admin-only by the default policy
// (403); a caller the policy lets through is told this server does not
// implement them (501).

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
