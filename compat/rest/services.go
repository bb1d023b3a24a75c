package rest

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
)

// The service list. Mistral needs a tooz coordination backend for it (406
// without one); Tramontane processes always register themselves in the
// database (compat/service), so the list is always there: the processes
// whose heartbeat is fresh, each with its Mistral group name.

func (a *api) serviceRoutes(g *gin.RouterGroup) {
	// Mistral's service list takes no argument at all: no pagination, no
	// fields, no filters; WSME refuses one before the policy check.
	g.GET("/services", onlyArgs(), a.enforce("services:list"), a.listServices)
	// The controller has no method for one service: Pecan answers 405.
	g.Any("/services/*rest", methodNotAllowed)
}

func (a *api) listServices(c *gin.Context) {
	rows, err := a.Store.Read(c.Request.Context()).Services().Live(time.Now().UTC())
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, s := range rows {
		items = append(items, data.MapOf("name", s.Name, "type", s.Type))
	}
	collection(c, "services", items, "")
}
