package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// Code sources are admin-only by the default policy. POST and PUT take the
// module text as the body and answer in Pecan's rendering (nulls left out);
// GET answers WSME's.

var codeSourceList = &listSpec{
	collection: "code_sources",
	fields:     []string{"id", "name", "namespace", "content", "version", "project_id", "scope", "actions", "created_at", "updated_at"},
	filters: []filterParam{
		{name: "name"}, {name: "tags", kind: fTags}, {name: "scope"}, {name: "project_id", kind: fUUID},
		{name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime}, {name: "namespace"},
	},
	params: []string{"all_projects"},
	public: true,
}

func (a *api) codeSourceRoutes(g *gin.RouterGroup) {
	g.GET("/code_sources", listArgs(codeSourceList), a.enforce("code_sources:list"), a.listCodeSources)
	g.GET("/code_sources/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("code_sources:get"), a.getCodeSource)
	g.GET("/code_sources/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("code_sources:get"), a.getCodeSource)
	// Pecan takes a path part after the collection as post's name and
	// put's identifier; the handlers check their policy once they have
	// them, as Mistral's methods do.
	g.POST("/code_sources", a.createCodeSource)
	g.POST("/code_sources/:id", a.createCodeSource)
	g.PUT("/code_sources", a.updateCodeSource)
	g.PUT("/code_sources/:id", a.updateCodeSource)
	// Pecan hands post and put the path's further parts as scope and
	// namespace; get and delete take the namespace only.
	for _, path := range []string{"/code_sources/:id/:scope", "/code_sources/:id/:scope/:namespace"} {
		g.POST(path, queryFromPath("scope", "scope"), queryFromPath("namespace", "namespace"), a.createCodeSource)
		g.PUT(path, queryFromPath("scope", "scope"), queryFromPath("namespace", "namespace"), a.updateCodeSource)
	}
	g.GET("/code_sources/:id/:namespace/:part", notFound)
	g.DELETE("/code_sources/:id/:namespace/:part", notFound)
	g.DELETE("/code_sources", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("code_sources:delete"), a.deleteCodeSource)
	g.DELETE("/code_sources/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("code_sources:delete"), a.deleteCodeSource)
	g.DELETE("/code_sources/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("code_sources:delete"), a.deleteCodeSource)
}

// pathOrQuery is a Pecan method's argument given by the path part after the
// collection or, without one, by the query.
func pathOrQuery(c *gin.Context, name string) (string, bool) {
	if id := c.Param("id"); id != "" {
		return id, true
	}
	return c.GetQuery(name)
}

// codeSourceResource renders s; actions is never filled by Mistral and so
// never shown.
func codeSourceResource(s *db.CodeSource, pecan bool) *data.Map {
	m := data.MapOf(
		"id", s.ID,
		"name", s.Name,
		"namespace", s.Namespace,
		"content", s.Content,
		"version", int64(s.Version),
		"project_id", s.ProjectID,
		"scope", s.Scope,
		"created_at", ts(s.CreatedAt),
		"updated_at", tsPtr(s.UpdatedAt),
	)
	if pecan {
		dropNulls(m)
	}
	return m
}

// listAllProjects applies all_projects as Mistral's rest_utils.get_all does
// for resources without a list:all_projects rule: it, or an admin's
// project_id filter, lifts the project restriction.
func (a *api) listAllProjects(c *gin.Context, req *listRequest) {
	if flag(c, "all_projects") || (a.viewer(c).Admin && c.Query("project_id") != "") {
		req.q.AllProjects = true
	}
}

func (a *api) listCodeSources(c *gin.Context) {
	req, err := a.parseList(c, codeSourceList)
	if err != nil {
		fail(c, err)
		return
	}
	a.listAllProjects(c, req)
	rows, err := db.List[db.CodeSource](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, s := range rows {
		items = append(items, pick(codeSourceResource(s, false), req.fields))
	}
	collection(c, "code_sources", items, nextLink(c, "code_sources", req, len(rows), lastID(rows, func(s *db.CodeSource) string { return s.ID })))
}

func (a *api) getCodeSource(c *gin.Context) {
	s, err := a.Store.Read(c.Request.Context()).CodeSources().Get(a.viewer(c), c.Param("id"), paramNamespace(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, codeSourceResource(s, false))
}

// codeSourceBody reads the scope query parameter (private, the default, or
// public, which needs code_sources:publicize) and the module text of a POST
// or PUT.
func (a *api) codeSourceBody(c *gin.Context) (scope, content string, err error) {
	scope = c.DefaultQuery("scope", "private")
	switch scope {
	case "private":
	case "public":
		if err := a.authorize(c, "code_sources:publicize"); err != nil {
			return "", "", err
		}
	default:
		// Mistral fails with a 500 storing another scope.
		return "", "", badRequest("Invalid input for field/attribute scope. Value: '%s'. Value should be one of: private, public", scope)
	}
	content, err = readText(c)
	return scope, content, err
}

func (a *api) createCodeSource(c *gin.Context) {
	name, ok := pathOrQuery(c, "name")
	if !ok {
		failPecan(c, badRequest("Missing argument: 'name'"))
		return
	}
	if err := a.authorize(c, "code_sources:create"); err != nil {
		failPecan(c, err)
		return
	}
	scope, content, err := a.codeSourceBody(c)
	if err != nil {
		failPecan(c, err)
		return
	}
	s := &db.CodeSource{
		Timestamps: db.Timestamps{CreatedAt: db.Now()},
		ID:         db.NewID(),
		Name:       name,
		Namespace:  c.Query("namespace"),
		Content:    content,
		Version:    1,
		Scope:      scope,
		ProjectID:  a.project(c),
	}
	if err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error { return tx.CodeSources().Create(s) }); err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusCreated, codeSourceResource(s, true))
}

func (a *api) updateCodeSource(c *gin.Context) {
	identifier, ok := pathOrQuery(c, "identifier")
	if !ok {
		failPecan(c, badRequest("Missing argument: 'identifier'"))
		return
	}
	if err := a.authorize(c, "code_sources:update"); err != nil {
		failPecan(c, err)
		return
	}
	scope, content, err := a.codeSourceBody(c)
	if err != nil {
		failPecan(c, err)
		return
	}
	var s *db.CodeSource
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		s, err = tx.CodeSources().Update(a.viewer(c), identifier, c.Query("namespace"), content, scope)
		return err
	})
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusOK, codeSourceResource(s, true))
}

func (a *api) deleteCodeSource(c *gin.Context) {
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.CodeSources().Delete(a.viewer(c), c.Param("id"), paramNamespace(c))
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}
