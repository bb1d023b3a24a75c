package rest

import (
	"net/http"
	"reflect"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

var environmentList = &listSpec{
	collection: "environments",
	fields:     []string{"id", "name", "description", "variables", "scope", "project_id", "created_at", "updated_at"},
	filters: []filterParam{
		{name: "name"}, {name: "description"}, {name: "variables", kind: fJSON}, {name: "scope"},
		{name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime},
	},
	// Mistral's order of the filters in next links.
	linkOrder: []string{"created_at", "name", "updated_at", "description", "variables", "scope"},
	public:    true,
}

var environmentBody = bodySpec{arg: "env", attrs: map[string]attrKind{
	"id": aText, "name": aText, "description": aText, "variables": aJSON, "scope": aText,
	"project_id": aReadonly, "created_at": aText, "updated_at": aText,
}, order: []string{"id", "name", "description", "variables", "scope", "project_id", "created_at", "updated_at"}}

func (a *api) environmentRoutes(g *gin.RouterGroup) {
	g.GET("/environments", a.enforce("environments:list"), a.listEnvironments)
	// WSME takes the name from the query too, over the path's.
	g.GET("/environments/:name", onlyArgs("name"), wsmeArg("name", "name"), a.enforce("environments:get"), a.getEnvironment)
	g.POST("/environments", onlyArgs(), a.enforce("environments:create"), a.createEnvironment)
	g.PUT("/environments", onlyArgs(), a.enforce("environments:update"), a.updateEnvironment)
	g.POST("/environments/:name", bodyArgFromPath("name", "env", "Environment"))
	g.PUT("/environments/:name", bodyArgFromPath("name", "env", "Environment"))
	for _, path := range []string{"/environments", "/environments/:name"} {
		g.DELETE(path, onlyArgs("name"), wsmeArg("name", "name"), a.enforce("environments:delete"), a.deleteEnvironment)
	}
}

func environmentResource(e *db.Environment) *data.Map {
	return data.MapOf(
		"id", e.ID,
		"name", e.Name,
		"description", str(e.Description),
		"variables", jsonText(e.Variables),
		"scope", e.Scope,
		"project_id", e.ProjectID,
		"created_at", ts(e.CreatedAt),
		"updated_at", tsPtr(e.UpdatedAt),
	)
}

func (a *api) listEnvironments(c *gin.Context) {
	req, err := a.parseList(c, environmentList)
	if err != nil {
		fail(c, err)
		return
	}
	// Mistral fetches the marker with get_environment, by name (the
	// marker must still be a uuid).
	req.q.MarkerColumn = "name"
	rows, err := db.List[db.Environment](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, e := range rows {
		items = append(items, pick(environmentResource(e), req.fields))
	}
	collection(c, "environments", items, nextLink(c, "environments", req, len(rows), lastID(rows, func(e *db.Environment) string { return e.ID })))
}

func (a *api) getEnvironment(c *gin.Context) {
	e, err := a.Store.Read(c.Request.Context()).Environments().Get(c.Param("name"), a.project(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, environmentResource(e))
}

// readEnvironment reads an environment body in Mistral's order: WSME's
// checks (types, the scope's values), then, for an update, the name, then
// the keys the body may hold (for an update, Mistral takes the name off
// the body before checking them), then the publicize rule.
func (a *api) readEnvironment(c *gin.Context, update bool) (*jsonBody, error) {
	b, err := readJSON(c, environmentBody)
	if err != nil {
		return nil, err
	}
	if err := badScope(b); err != nil {
		return nil, err
	}
	legal := []string{"name", "description", "variables", "scope"}
	if update {
		if b.text("name") == "" {
			return nil, exc.InputErr("Name of the environment is not provided.")
		}
		legal = legal[1:]
	}
	for k := range b.given {
		if update && k == "name" {
			continue
		}
		if !contains(legal, k) {
			return nil, badRequest("Please, check your environment definition. Only: %s are allowed as definition keys.",
				data.Repr(anyList(legal)))
		}
	}
	if err := a.checkScope(c, b, "environments"); err != nil {
		return nil, err
	}
	return b, nil
}

// badScope refuses a scope WSME's enumeration does not hold.
func badScope(b *jsonBody) error {
	switch b.text("scope") {
	case "", "private", "public":
		return nil
	}
	return badRequest("Invalid input for field/attribute scope. Value: '%s'. Value should be one of: private, public", b.text("scope"))
}

// checkScope validates a body's scope: public needs the resource's
// publicize rule.
func (a *api) checkScope(c *gin.Context, b *jsonBody, resource string) error {
	if err := badScope(b); err != nil {
		return err
	}
	if b.text("scope") == "public" {
		return a.authorize(c, resource+":publicize")
	}
	return nil
}

func (a *api) createEnvironment(c *gin.Context) {
	b, err := a.readEnvironment(c, false)
	if err == nil && b.text("name") == "" {
		// Mistral stores an environment without a name, which nothing
		// can then read or delete.
		err = badRequest("Invalid input for field/attribute name. Value: 'None'. Mandatory field missing.")
	}
	if err != nil {
		fail(c, err)
		return
	}
	scope := b.text("scope")
	if scope == "" {
		scope = "private"
	}
	e := &db.Environment{
		Timestamps:  db.Timestamps{CreatedAt: db.Now()},
		ID:          db.NewID(),
		Name:        b.text("name"),
		Description: b.textPtr("description"),
		Variables:   environmentVariables(b),
		Scope:       scope,
		ProjectID:   a.project(c),
	}
	if err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error { return tx.Environments().Create(e) }); err != nil {
		fail(c, err)
		return
	}
	// Mistral's answer leaves out the columns the insert did not set: the
	// attributes the body did not name (a null one is set, to NULL).
	m := environmentResource(e)
	m.Delete("updated_at")
	for _, k := range []string{"description", "variables"} {
		if !b.given[k] {
			m.Delete(k)
		}
	}
	respond(c, http.StatusCreated, m)
}

// environmentVariables is the variables column of an environment body:
// NULL when the body has none or gives null, as Mistral stores them.
func environmentVariables(b *jsonBody) db.JSON {
	if !b.has("variables") {
		return db.JSON{}
	}
	return db.JSONOf(b.dict("variables"))
}

func (a *api) updateEnvironment(c *gin.Context) {
	b, err := a.readEnvironment(c, true)
	if err != nil {
		fail(c, err)
		return
	}
	var e *db.Environment
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		if e, err = tx.Environments().Get(b.text("name"), a.project(c)); err != nil {
			return err
		}
		before := *e
		// As Mistral's update: the name found by the collation ("ENV "
		// finds "env") takes the spelling given.
		e.Name = b.text("name")
		if b.given["description"] {
			e.Description = b.textPtr("description")
		}
		if b.given["variables"] {
			e.Variables = environmentVariables(b)
		}
		if b.has("scope") {
			e.Scope = b.text("scope")
		}
		// As Mistral's session, an environment left as it was is not
		// written, so its updated_at stays; variables compare by Python's
		// equality (key order aside, 1 == 1.0 == true). The answer shows
		// the values given all the same.
		same := *e
		same.Variables = before.Variables
		if reflect.DeepEqual(same, before) && jsonEqual(before.Variables, e.Variables) {
			return nil
		}
		return tx.Environments().Save(e)
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, environmentResource(e))
}

// jsonEqual says whether two JSON columns hold values Python finds equal.
func jsonEqual(a, b db.JSON) bool {
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	va, errA := a.Decode()
	vb, errB := b.Decode()
	return errA == nil && errB == nil && data.Equal(va, vb)
}

func (a *api) deleteEnvironment(c *gin.Context) {
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		e, err := tx.Environments().Get(c.Param("name"), a.project(c))
		if err != nil {
			return err
		}
		return tx.Environments().Delete(e.ID)
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}
