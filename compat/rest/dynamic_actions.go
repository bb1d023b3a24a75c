package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// Dynamic actions (admin-only by the default policy) are WSME endpoints:
// JSON bodies, WSME rendering.

var dynamicActionList = &listSpec{
	collection: "dynamic_actions",
	fields: []string{"id", "name", "namespace", "code_source_id", "code_source_name", "class_name",
		"project_id", "scope", "created_at", "updated_at"},
	filters: []filterParam{
		// The table has no tags column: Mistral fails on the filter, we
		// answer 400.
		{name: "name"}, {name: "tags", kind: fUnsupported}, {name: "scope"}, {name: "project_id", kind: fUUID},
		{name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime}, {name: "namespace"},
	},
	params: []string{"all_projects"},
	public: true,
}

var dynamicActionBody = bodySpec{arg: "dyn_action", attrs: map[string]attrKind{
	"id": aText, "name": aText, "namespace": aText, "code_source_id": aText, "code_source_name": aText,
	"class_name": aText, "project_id": aReadonly, "scope": aText, "created_at": aText, "updated_at": aText,
}, order: []string{
	"id", "name", "namespace", "code_source_id", "code_source_name", "class_name", "project_id", "scope", "created_at", "updated_at",
}}

func (a *api) dynamicActionRoutes(g *gin.RouterGroup) {
	g.GET("/dynamic_actions", listArgs(dynamicActionList), a.enforce("dynamic_actions:list"), a.listDynamicActions)
	g.GET("/dynamic_actions/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("dynamic_actions:get"), a.getDynamicAction)
	g.GET("/dynamic_actions/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("dynamic_actions:get"), a.getDynamicAction)
	// POST and PUT check their policy once WSME has read the body.
	g.POST("/dynamic_actions", onlyArgs(), a.createDynamicAction)
	g.PUT("/dynamic_actions", onlyArgs(), a.updateDynamicAction)
	g.DELETE("/dynamic_actions", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("dynamic_actions:delete"), a.deleteDynamicAction)
	g.DELETE("/dynamic_actions/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("dynamic_actions:delete"), a.deleteDynamicAction)
	g.DELETE("/dynamic_actions/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("dynamic_actions:delete"), a.deleteDynamicAction)
}

func dynamicActionResource(d *db.DynamicActionDefinition) *data.Map {
	return data.MapOf(
		"id", d.ID,
		"name", d.Name,
		"namespace", d.Namespace,
		"code_source_id", d.CodeSourceID,
		"code_source_name", d.CodeSourceName,
		"class_name", d.ClassName,
		"project_id", d.ProjectID,
		"scope", d.Scope,
		"created_at", ts(d.CreatedAt),
		"updated_at", tsPtr(d.UpdatedAt),
	)
}

func (a *api) listDynamicActions(c *gin.Context) {
	req, err := a.parseList(c, dynamicActionList)
	if err != nil {
		fail(c, err)
		return
	}
	a.listAllProjects(c, req)
	rows, err := db.List[db.DynamicActionDefinition](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, d := range rows {
		items = append(items, pick(dynamicActionResource(d), req.fields))
	}
	collection(c, "dynamic_actions", items, nextLink(c, "dynamic_actions", req, len(rows),
		lastID(rows, func(d *db.DynamicActionDefinition) string { return d.ID })))
}

func (a *api) getDynamicAction(c *gin.Context) {
	d, err := a.Store.Read(c.Request.Context()).DynamicActions().Get(a.viewer(c), c.Param("id"), paramNamespace(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, dynamicActionResource(d))
}

// readDynamicAction reads a dynamic action body, with WSME's checks, then
// checks the request's policy rule and the body's scope.
func (a *api) readDynamicAction(c *gin.Context, rule string) (*jsonBody, error) {
	b, err := readJSON(c, dynamicActionBody)
	if err != nil {
		return nil, err
	}
	if err := badScope(b); err != nil {
		return nil, err
	}
	if err := a.authorize(c, rule); err != nil {
		return nil, err
	}
	if err := a.checkScope(c, b, "dynamic_actions"); err != nil {
		return nil, err
	}
	return b, nil
}

// bodyCodeSource returns the code source a dynamic action body names by
// code_source_id or code_source_name, in the body's namespace; nil when it
// names none.
func (a *api) bodyCodeSource(c *gin.Context, tx *db.Tx, b *jsonBody) (*db.CodeSource, error) {
	ident := b.text("code_source_id")
	if ident == "" {
		ident = b.text("code_source_name")
	}
	if ident == "" {
		return nil, nil
	}
	return tx.CodeSources().Get(a.viewer(c), ident, b.text("namespace"))
}

func (a *api) createDynamicAction(c *gin.Context) {
	b, err := a.readDynamicAction(c, "dynamic_actions:create")
	if err != nil {
		fail(c, err)
		return
	}
	if b.text("code_source_id") == "" && b.text("code_source_name") == "" {
		fail(c, exc.InputErr("Either 'code_source_id' or 'code_source_name' must be provided."))
		return
	}
	// name and class_name are NOT NULL columns; Mistral lets the insert
	// fail, we say which is missing.
	for _, k := range []string{"name", "class_name"} {
		if b.text(k) == "" {
			fail(c, exc.InputErr("Dynamic action '%s' is not provided.", k))
			return
		}
	}
	scope := b.text("scope")
	if scope == "" {
		scope = "private"
	}
	d := &db.DynamicActionDefinition{
		Timestamps: db.Timestamps{CreatedAt: db.Now()},
		ID:         db.NewID(),
		Name:       b.text("name"),
		Namespace:  b.text("namespace"),
		ClassName:  b.text("class_name"),
		Scope:      scope,
		ProjectID:  a.project(c),
	}
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		s, err := a.bodyCodeSource(c, tx, b)
		if err != nil {
			return err
		}
		d.CodeSourceID, d.CodeSourceName = s.ID, s.Name
		return tx.DynamicActions().Create(d)
	})
	if err != nil {
		fail(c, err)
		return
	}
	// WSME leaves out the updated_at the insert did not set.
	m := dynamicActionResource(d)
	m.Delete("updated_at")
	respond(c, http.StatusCreated, m)
}

func (a *api) updateDynamicAction(c *gin.Context) {
	b, err := a.readDynamicAction(c, "dynamic_actions:update")
	if err != nil {
		fail(c, err)
		return
	}
	ident := b.text("id")
	if ident == "" {
		ident = b.text("name")
	}
	if ident == "" {
		fail(c, exc.InputErr("Either 'name' or 'id' must be provided."))
		return
	}
	var d *db.DynamicActionDefinition
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		s, err := a.bodyCodeSource(c, tx, b)
		if err != nil {
			return err
		}
		if d, err = tx.DynamicActions().Get(a.viewer(c), ident, b.text("namespace")); err != nil {
			return err
		}
		// Mistral always sets class_name from the body (a NOT NULL column);
		// an absent one keeps the stored value here instead of failing.
		if b.has("class_name") {
			d.ClassName = b.text("class_name")
		}
		if b.has("scope") {
			d.Scope = b.text("scope")
		}
		if s != nil {
			d.CodeSourceID, d.CodeSourceName = s.ID, s.Name
		}
		return tx.DynamicActions().Save(d)
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, dynamicActionResource(d))
}

func (a *api) deleteDynamicAction(c *gin.Context) {
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		d, err := tx.DynamicActions().Get(a.viewer(c), c.Param("id"), paramNamespace(c))
		if err != nil {
			return err
		}
		return tx.DynamicActions().Delete(d.ID)
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}
