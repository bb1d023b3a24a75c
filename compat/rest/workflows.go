package rest

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/engine/lang"
)

var workflowList = &listSpec{
	collection: "workflows",
	fields:     []string{"id", "name", "namespace", "input", "interface", "definition", "tags", "scope", "project_id", "created_at", "updated_at"},
	filters: []filterParam{
		{name: "name"}, {name: "input", kind: fUnsupported}, {name: "definition"}, {name: "tags", kind: fTags},
		{name: "scope"}, {name: "project_id", kind: fUUID}, {name: "created_at", kind: fTime},
		{name: "updated_at", kind: fTime}, {name: "namespace"},
	},
	params: []string{"all_projects"},
	// Mistral's order of the filters in next links.
	linkOrder: []string{"created_at", "name", "scope", "tags", "updated_at", "input", "definition", "project_id", "namespace"},
	public:    true,
	shared:    db.ShareWorkflow,
}

func (a *api) workflowRoutes(g *gin.RouterGroup) {
	g.GET("/workflows", a.enforce("workflows:list"), a.listWorkflows)
	g.GET("/workflows/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("workflows:get"), a.getWorkflow)
	g.POST("/workflows", a.enforceText("workflows:create"), a.createWorkflows)
	// Pecan takes a path part after the collection as the namespace
	// argument of post: POST /v2/workflows/{namespace} (named :id here,
	// the name the members routes give that part).
	g.POST("/workflows/:id", a.enforceText("workflows:create"), func(c *gin.Context) { a.createWorkflowsIn(c, c.Param("id")) })
	g.PUT("/workflows", a.enforceText("workflows:update"), a.updateWorkflows)
	g.PUT("/workflows/:id", a.enforceText("workflows:update"), a.updateWorkflows)
	// Pecan takes a second path part as the namespace argument, so PUT
	// /v2/workflows/{id}/members (no member id) updates in namespace
	// "members".
	g.PUT("/workflows/:id/:namespace", a.enforceText("workflows:update"), func(c *gin.Context) { a.updateWorkflowsIn(c, c.Param("namespace")) })
	g.DELETE("/workflows", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("workflows:delete"), a.deleteWorkflow)
	g.DELETE("/workflows/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("workflows:delete"), a.deleteWorkflow)
	g.POST("/workflows/validate", a.validateWorkflows)
	validateOnlyPost(g, "/workflows/validate")
}

// workflowResource renders a workflow definition; pecan selects the Pecan
// rendering (jsontype fields as objects, null attributes omitted).
func workflowResource(d *db.WorkflowDefinition, pecan bool) *data.Map {
	var input, iface any = "", data.NewMap(0)
	if wf, err := lang.WorkflowFromSpec(d.Spec.Map()); err == nil {
		input, iface = wf.InputSignature(), wf.Interface()
	}
	if !pecan {
		iface = encodeText(iface)
	}
	m := data.MapOf(
		"id", d.ID,
		"name", d.Name,
		"namespace", d.Namespace,
		"input", input,
		"interface", iface,
		"definition", d.Definition,
		"tags", tags(d.Tags),
		"scope", d.Scope,
		"project_id", d.ProjectID,
		"created_at", ts(d.CreatedAt),
		"updated_at", tsPtr(d.UpdatedAt),
	)
	if pecan {
		dropNulls(m)
	}
	return m
}

// dropNulls removes null attributes, as Pecan's to_dict rendering does for
// attributes never set.
func dropNulls(m *data.Map) {
	for _, k := range m.Keys() {
		if m.Value(k) == nil {
			m.Delete(k)
		}
	}
}

// withUpdatedAt is the Pecan rendering a PUT answers with: Mistral's has
// updated_at, null when the update changed nothing.
func withUpdatedAt(m *data.Map) *data.Map {
	if !m.Has("updated_at") {
		m.Set("updated_at", nil)
	}
	return m
}

func (a *api) listWorkflows(c *gin.Context) {
	req, err := a.parseList(c, workflowList)
	if err != nil {
		fail(c, err)
		return
	}
	if err := a.allProjects(c, req, "workflows"); err != nil {
		fail(c, err)
		return
	}
	rows, err := db.List[db.WorkflowDefinition](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	fields := req.fields
	if contains(fields, "input") && !contains(fields, "interface") {
		// Mistral reads a workflow's input from its spec column, which
		// gives the interface too; its next link names spec instead of
		// input.
		fields = append(slices.Clone(fields), "interface")
		req.fields = append(slices.DeleteFunc(slices.Clone(req.fields), func(f string) bool { return f == "input" }), "spec")
	} else if !contains(fields, "input") && contains(fields, "interface") {
		// interface is no column: without input, which brings the spec,
		// Mistral has nothing to render it from and leaves it out (its
		// next link still names it).
		fields = slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == "interface" })
	}
	items := make([]any, 0, len(rows))
	for _, d := range rows {
		items = append(items, pick(workflowResource(d, false), fields))
	}
	collection(c, "workflows", items, nextLink(c, "workflows", req, len(rows), lastID(rows, func(d *db.WorkflowDefinition) string { return d.ID })))
}

func (a *api) getWorkflow(c *gin.Context) {
	d, err := a.Store.Read(c.Request.Context()).WorkflowDefinitions().Get(c.Param("id"), paramNamespace(c), a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, workflowResource(d, false))
}

func (a *api) createWorkflows(c *gin.Context) {
	a.createWorkflowsIn(c, c.Query("namespace"))
}

// createWorkflowsIn is POST /v2/workflows in the given namespace.
func (a *api) createWorkflowsIn(c *gin.Context, namespace string) {
	text, scope, err := a.definitionRequest(c, "workflows")
	if err != nil {
		failPecan(c, err)
		return
	}
	rows, err := a.definitions(c).CreateWorkflows(c.Request.Context(), text, namespace, scope, a.project(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusCreated, data.MapOf("workflows", workflowItems(rows)))
}

func (a *api) updateWorkflows(c *gin.Context) {
	a.updateWorkflowsIn(c, c.Query("namespace"))
}

// updateWorkflowsIn is PUT /v2/workflows[/{id}] in the given namespace.
func (a *api) updateWorkflowsIn(c *gin.Context, namespace string) {
	text, scope, err := a.definitionRequest(c, "workflows")
	if err != nil {
		failPecan(c, err)
		return
	}
	// Pecan also takes the identifier argument from the query; a path's
	// wins.
	id := c.Param("id")
	if id == "" {
		id = c.Query("identifier")
	}
	rows, err := a.definitions(c).UpdateWorkflows(c.Request.Context(), text, id, namespace, scope, a.viewer(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	if id != "" {
		respond(c, http.StatusOK, withUpdatedAt(workflowResource(rows[0], true)))
		return
	}
	items := workflowItems(rows)
	for _, it := range items {
		withUpdatedAt(it.(*data.Map))
	}
	respond(c, http.StatusOK, data.MapOf("workflows", items))
}

func workflowItems(rows []*db.WorkflowDefinition) []any {
	items := make([]any, 0, len(rows))
	for _, d := range rows {
		items = append(items, workflowResource(d, true))
	}
	return items
}

func (a *api) deleteWorkflow(c *gin.Context) {
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.WorkflowDefinitions().DeleteVisible(c.Param("id"), paramNamespace(c), a.viewer(c))
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}

func (a *api) validateWorkflows(c *gin.Context) {
	a.validate(c, func(text string) error {
		_, err := lang.ParseWorkflows(text, a.Definitions.Validator())
		return err
	})
}

// definitionRequest reads a definition endpoint's YAML body and its scope;
// a public scope needs the resource's publicize rule.
func (a *api) definitionRequest(c *gin.Context, resource string) (string, string, error) {
	scope := c.DefaultQuery("scope", "private")
	if scope != "private" && scope != "public" {
		return "", "", badRequest("Scope must be one of the following: {'private', 'public'}; actual: %s", scope)
	}
	if scope == "public" {
		if err := a.authorize(c, resource+":publicize"); err != nil {
			return "", "", err
		}
	}
	text, err := readText(c)
	if err != nil {
		return "", "", err
	}
	return text, scope, nil
}

// allProjects applies all_projects, which needs the resource's
// list:all_projects rule, as Mistral's rest_utils.get_all does: with it, or
// when an admin filters on project_id, the list is not limited to the
// caller's project.
func (a *api) allProjects(c *gin.Context, req *listRequest, resource string) error {
	all := flag(c, "all_projects")
	if all {
		if err := a.authorize(c, resource+":list:all_projects"); err != nil {
			return err
		}
	}
	if all || (a.viewer(c).Admin && c.Query("project_id") != "") {
		req.q.AllProjects = true
	}
	return nil
}

func lastID[T any](rows []*T, id func(*T) string) string {
	if len(rows) == 0 {
		return ""
	}
	return id(rows[len(rows)-1])
}

// definitions is the definitions service that stores a request's
// workflows or workbook: without the DSL's checks when [api]
// validation_mode is disabled, or is enabled and the query names
// skip_validation (its presence is enough, as in Mistral).
func (a *api) definitions(c *gin.Context) *definitions.Service {
	switch a.cfg.ValidationMode {
	case "disabled":
		return a.Definitions.Unchecked()
	case "enabled":
		if _, skip := c.Request.URL.Query()["skip_validation"]; skip {
			return a.Definitions.Unchecked()
		}
	}
	return a.Definitions
}
