package rest

import (
	"github.com/gin-gonic/gin"
)

// Members, code sources and dynamic actions answer as Mistral does with
// authentication off: resource sharing needs authentication (400), and code
// sources and dynamic actions are admin-only by the default policy (403).

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

func (a *api) codeSourceRoutes(g *gin.RouterGroup) {
	deny := func(c *gin.Context) { fail(c, forbidden()) }
	denyText := func(c *gin.Context) { failPecan(c, forbidden()) } // text-body endpoints
	g.GET("/code_sources", deny)
	g.GET("/code_sources/:id", deny)
	g.POST("/code_sources", denyText)
	g.PUT("/code_sources", denyText)
	g.DELETE("/code_sources/:id", deny)
}

func (a *api) dynamicActionRoutes(g *gin.RouterGroup) {
	deny := func(c *gin.Context) { fail(c, forbidden()) }
	g.GET("/dynamic_actions", deny)
	g.GET("/dynamic_actions/:id", deny)
	g.POST("/dynamic_actions", deny)
	g.PUT("/dynamic_actions", deny)
	g.DELETE("/dynamic_actions/:id", deny)
}
