package rest

import (
	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
)

// viewer is whose objects the caller sees: its project's, public ones and
// workflows shared with its project; an admin also reads others' objects
// by id, as Mistral's insecure lookups do.
func (a *api) viewer(c *gin.Context) db.Viewer {
	isAdmin, _ := a.requestContext(c).Value("is_admin").(bool)
	return db.Viewer{ProjectID: a.project(c), Admin: isAdmin}
}
