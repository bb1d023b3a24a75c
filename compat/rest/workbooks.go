package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
)

var workbookList = &listSpec{
	collection: "workbooks",
	fields:     []string{"id", "name", "namespace", "definition", "tags", "scope", "project_id", "created_at", "updated_at"},
	filters: []filterParam{
		{name: "created_at", kind: fTime}, {name: "definition"}, {name: "name"}, {name: "scope"},
		{name: "tags", kind: fTags}, {name: "updated_at", kind: fTime}, {name: "namespace"},
	},
	public: true,
}

func (a *api) workbookRoutes(g *gin.RouterGroup) {
	g.GET("/workbooks", a.enforce("workbooks:list"), a.listWorkbooks)
	g.GET("/workbooks/:name", onlyArgs("namespace", "name"), wsmeArg("name", "name"), a.enforce("workbooks:get"), a.getWorkbook)
	g.GET("/workbooks/:name/:namespace", onlyArgs("namespace", "name"), wsmeArg("name", "name"), a.enforce("workbooks:get"), a.getWorkbook)
	g.POST("/workbooks", a.enforceText("workbooks:create"), a.createWorkbook)
	g.PUT("/workbooks", a.enforceText("workbooks:update"), a.updateWorkbook)
	// Pecan takes a path part after the collection as the namespace
	// argument of post and put (POST and PUT /v2/workbooks/{namespace}),
	// and one after the name as get's and delete's.
	g.POST("/workbooks/:namespace", a.enforceText("workbooks:create"), a.createWorkbook)
	g.PUT("/workbooks/:namespace", a.enforceText("workbooks:update"), a.updateWorkbook)
	g.DELETE("/workbooks", onlyArgs("namespace", "name"), wsmeArg("name", "name"), a.enforce("workbooks:delete"), a.deleteWorkbook)
	g.DELETE("/workbooks/:name", onlyArgs("namespace", "name"), wsmeArg("name", "name"), a.enforce("workbooks:delete"), a.deleteWorkbook)
	g.DELETE("/workbooks/:name/:namespace", onlyArgs("namespace", "name"), wsmeArg("name", "name"), a.enforce("workbooks:delete"), a.deleteWorkbook)
	g.POST("/workbooks/validate", a.validateWorkbook)
	validateOnlyPost(g, "/workbooks/validate")
}

func workbookResource(w *db.Workbook, pecan bool) *data.Map {
	m := data.MapOf(
		"id", w.ID,
		"name", w.Name,
		"namespace", w.Namespace,
		"definition", w.Definition,
		"tags", tags(w.Tags),
		"scope", w.Scope,
		"project_id", w.ProjectID,
		"created_at", ts(w.CreatedAt),
		"updated_at", tsPtr(w.UpdatedAt),
	)
	if pecan {
		dropNulls(m)
	}
	return m
}

func (a *api) listWorkbooks(c *gin.Context) {
	req, err := a.parseList(c, workbookList)
	if err != nil {
		fail(c, err)
		return
	}
	if req.q.Marker != "" {
		// Mistral fetches the marker with get_workbook, without the
		// namespace it requires, and fails with 500 whatever the marker.
		fail(c, badRequest("Pagination of workbooks with a marker is not supported."))
		return
	}
	rows, err := db.List[db.Workbook](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, w := range rows {
		items = append(items, pick(workbookResource(w, false), req.fields))
	}
	collection(c, "workbooks", items, nextLink(c, "workbooks", req, len(rows), lastID(rows, func(w *db.Workbook) string { return w.ID })))
}

func (a *api) getWorkbook(c *gin.Context) {
	w, err := a.Store.Read(c.Request.Context()).Workbooks().Get(c.Param("name"), paramNamespace(c), a.project(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, workbookResource(w, false))
}

func (a *api) createWorkbook(c *gin.Context) {
	text, scope, err := a.definitionRequest(c, "workbooks")
	if err != nil {
		failPecan(c, err)
		return
	}
	w, err := a.definitions(c).CreateWorkbook(c.Request.Context(), text, textNamespace(c), scope, a.project(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusCreated, workbookResource(w, true))
}

func (a *api) updateWorkbook(c *gin.Context) {
	text, scope, err := a.definitionRequest(c, "workbooks")
	if err != nil {
		failPecan(c, err)
		return
	}
	w, err := a.definitions(c).UpdateWorkbook(c.Request.Context(), text, textNamespace(c), scope, a.project(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusOK, withUpdatedAt(workbookResource(w, true)))
}

func (a *api) deleteWorkbook(c *gin.Context) {
	if err := a.Definitions.DeleteWorkbook(c.Request.Context(), c.Param("name"), paramNamespace(c), a.project(c)); err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}

func (a *api) validateWorkbook(c *gin.Context) {
	a.validate(c, func(text string) error {
		_, err := lang.ParseWorkbook(text, a.Definitions.Validator())
		return err
	})
}
