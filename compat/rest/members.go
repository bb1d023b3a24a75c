package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// Members share a private workflow with other projects (REST.md §13): the
// owner project adds a member (pending), the member project accepts or
// rejects it, and an accepted member sees and runs the workflow. With
// authentication off every call answers 400, as Mistral does.

var memberBody = bodySpec{arg: "member_info", attrs: map[string]attrKind{
	"id": aText, "resource_id": aText, "resource_type": aText, "project_id": aText,
	"member_id": aText, "status": aText, "created_at": aText, "updated_at": aText,
}}

func (a *api) memberRoutes(g *gin.RouterGroup) {
	g.GET("/workflows/:id/members", a.needAuth, a.enforce("members:list"), a.listMembers)
	g.GET("/workflows/:id/members/:member_id", a.needAuth, a.enforce("members:get"), a.getMember)
	g.POST("/workflows/:id/members", a.needAuth, a.enforce("members:create"), a.createMember)
	g.PUT("/workflows/:id/members/:member_id", a.needAuth, a.enforce("members:update"), a.updateMember)
	g.DELETE("/workflows/:id/members", a.needAuth, a.enforce("members:delete"), a.deleteMember) // no member id: Mistral's None
	g.DELETE("/workflows/:id/members/:member_id", a.needAuth, a.enforce("members:delete"), a.deleteMember)
}

// needAuth is Mistral's auth_enable_check: resource sharing needs
// authentication (Pecan's error shape, before any policy check).
func (a *api) needAuth(c *gin.Context) {
	if a.Auth == nil {
		failPecan(c, badRequest("Resource sharing feature can only be supported with authentication enabled."))
	}
}

func memberResource(m *db.ResourceMember) *data.Map {
	return data.MapOf(
		"id", m.ID,
		"resource_id", m.ResourceID,
		"resource_type", m.ResourceType,
		"project_id", m.ProjectID,
		"member_id", m.MemberID,
		"status", m.Status,
		"created_at", ts(m.CreatedAt),
		"updated_at", tsPtr(m.UpdatedAt),
	)
}

func (a *api) listMembers(c *gin.Context) {
	rows, err := a.Store.Read(c.Request.Context()).ResourceMembers().List(c.Param("id"), db.ShareWorkflow, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, m := range rows {
		items = append(items, memberResource(m))
	}
	respond(c, http.StatusOK, data.MapOf("members", items))
}

func (a *api) getMember(c *gin.Context) {
	m, err := a.Store.Read(c.Request.Context()).ResourceMembers().Get(c.Param("id"), db.ShareWorkflow, c.Param("member_id"), a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, memberResource(m))
}

func (a *api) createMember(c *gin.Context) {
	b, err := readJSON(c, memberBody)
	if err != nil {
		fail(c, err)
		return
	}
	if b.text("member_id") == "" {
		fail(c, exc.New(exc.Workflow, "Member id must be provided."))
		return
	}
	v := a.viewer(c)
	m := &db.ResourceMember{
		ResourceID: c.Param("id"), ResourceType: db.ShareWorkflow, ProjectID: v.ProjectID,
		MemberID: b.text("member_id"), Status: db.MemberPending,
	}
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		wf, err := tx.WorkflowDefinitions().Get(m.ResourceID, "", v)
		if err != nil {
			return err
		}
		if wf.Scope != "private" {
			return exc.New(exc.Workflow, "Only private resource could be shared.")
		}
		return tx.ResourceMembers().Create(m)
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusCreated, memberResource(m))
}

func (a *api) updateMember(c *gin.Context) {
	b, err := readJSON(c, memberBody)
	if err != nil {
		fail(c, err)
		return
	}
	status := b.text("status")
	switch status {
	case "":
		fail(c, exc.New(exc.Workflow, "Status must be provided."))
		return
	case db.MemberPending, db.MemberAccepted, db.MemberRejected:
	default:
		fail(c, badRequest("Invalid input for field/attribute status. Value: '%s'. Value should be one of: accepted, pending, rejected", status))
		return
	}
	var m *db.ResourceMember
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		m, err = tx.ResourceMembers().SetStatus(c.Param("id"), db.ShareWorkflow, c.Param("member_id"), status, a.viewer(c))
		return err
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, memberResource(m))
}

func (a *api) deleteMember(c *gin.Context) {
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.ResourceMembers().Delete(c.Param("id"), db.ShareWorkflow, c.Param("member_id"), a.viewer(c))
	})
	if err != nil {
		if c.Param("member_id") == "" && exc.Is(err, exc.DBEntityNotFound) {
			err = exc.NotFound("Resource member not found [resource_id=%s, member_id=None]", c.Param("id"))
		}
		fail(c, err)
		return
	}
	noContent(c)
}
