package rest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

var actionFields = []string{"id", "name", "is_system", "input", "description", "tags", "definition", "scope",
	"project_id", "created_at", "updated_at", "namespace"}

// actionFilters are the filters of GET /v2/actions, applied in memory as
// Mistral does (system actions are not in the database).
var actionFilters = []string{"name", "scope", "tags", "created_at", "updated_at", "description", "definition",
	"is_system", "input", "namespace"}

// actionUnfilterable are the filters of GET /v2/actions that Mistral also
// hands to its query of the dynamic actions' table, which has no such
// column: it answers 500 whatever their value; we answer 400.
var actionUnfilterable = []string{"tags", "description", "definition", "is_system", "input"}

// listedAction is an action of the list with the times its created_at and
// updated_at filters compare: nil for a system action, whose descriptor
// has none, so that Mistral lets any such filter through.
type listedAction struct {
	m     *data.Map
	times *db.Timestamps
}

func (a *api) actionRoutes(g *gin.RouterGroup) {
	g.GET("/actions", a.enforce("actions:list"), a.listActions)
	g.GET("/actions/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("actions:get"), a.getAction)
	g.GET("/actions/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("actions:get"), a.getAction)
	g.POST("/actions", a.enforceText("actions:create"), a.createActions)
	// Pecan takes a path part after the collection as the namespace
	// argument of post: POST /v2/actions/{namespace}.
	g.POST("/actions/:namespace", a.enforceText("actions:create"), a.createActions)
	g.PUT("/actions", a.enforceText("actions:update"), a.updateActions)
	g.PUT("/actions/:id", a.enforceText("actions:update"), a.updateActions)
	g.PUT("/actions/:id/:namespace", a.enforceText("actions:update"), a.updateActions)
	g.DELETE("/actions", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("actions:delete"), a.deleteAction)
	g.DELETE("/actions/:id", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("actions:delete"), a.deleteAction)
	g.DELETE("/actions/:id/:namespace", onlyArgs("namespace", "identifier"), wsmeArg("id", "identifier"), a.enforce("actions:delete"), a.deleteAction)
	g.POST("/actions/validate", a.validateActions)
	validateOnlyPost(g, "/actions/validate")
}

// systemActionResource renders an action of the registry.
func systemActionResource(s *actions.Spec) *data.Map {
	return data.MapOf(
		"id", s.Name,
		"name", s.Name,
		"is_system", false,
		"input", s.InputSignature(),
		"description", s.Description,
		"tags", nil,
		"definition", "",
		"scope", nil,
		"project_id", nil,
		"created_at", "",
		"updated_at", "",
		"namespace", "",
	)
}

// actionAnswer says which request an ad-hoc action is rendered for.
type actionAnswer int

const (
	actionRead    actionAnswer = iota // a GET: as the action provider shows it
	actionCreated                     // a POST's answer: the row just inserted
	actionUpdated                     // a PUT's answer: the row as saved
)

// adHocActionResource renders a stored ad-hoc action for a GET, a POST or
// a PUT.
func adHocActionResource(d *db.ActionDefinition, answer actionAnswer) *data.Map {
	m := data.MapOf(
		"id", d.ID,
		"name", d.Name,
		"is_system", d.IsSystem,
		"input", str(d.Input),
		"description", str(d.Description),
		"tags", tags(d.Tags),
		"definition", d.Definition,
		"scope", d.Scope,
		"project_id", d.ProjectID,
		"created_at", ts(d.CreatedAt),
		"updated_at", tsPtr(d.UpdatedAt),
		"namespace", d.Namespace,
	)
	if answer == actionCreated && d.UpdatedAt == nil {
		// Mistral creates the row with description and input set, None or
		// not, so they render as null; updated_at was never set and is left
		// out. (The CLI reads description.)
		m.Delete("updated_at")
	}
	if answer == actionRead && d.Input == nil {
		// Read back, an action shows its provider's parameter text, empty
		// for an action without input; a POST or PUT shows the row's null.
		m.Set("input", "")
	}
	return m
}

// dynamicActionAsAction renders a dynamic action as Mistral's action
// provider shows it among the actions: named by its name, in the empty namespace
// (Mistral's descriptor drops the definition's namespace), without
// timestamps. Mistral fills input and description by introspecting the
// Python class (its __init__ arguments and docstring); this server does not
// run Python, so both are null.
func dynamicActionAsAction(d *db.DynamicActionDefinition) *data.Map {
	return data.MapOf(
		"id", d.Name,
		"name", d.Name,
		"is_system", false,
		"input", nil,
		"description", nil,
		"tags", nil,
		"definition", "",
		"scope", d.Scope,
		"project_id", d.ProjectID,
		"created_at", "",
		"updated_at", "",
		"namespace", "",
	)
}

// actionFilterLink is a filter of the action list as its next link shows
// it: an in or nin list in Python's repr, as Mistral prints its filters.
func actionFilterLink(name, op, val string) string {
	if op != db.OpIn && op != db.OpNin {
		return name + "=" + op + ":" + val
	}
	var items []any
	for _, it := range strings.Split(val, ",") {
		items = append(items, it)
	}
	return name + "=" + op + ":" + data.Repr(items)
}

// paramNamespace is the namespace of a WSME endpoint (GET and DELETE of
// an action or a workbook): WSME lets ?namespace=, even empty, override
// the path part after the identifier.
func paramNamespace(c *gin.Context) string {
	if ns, ok := lastValue(c.Request.URL.Query(), "namespace"); ok {
		return ns
	}
	return c.Param("namespace")
}

// textNamespace is the namespace of a Pecan endpoint taking a definition
// (POST and PUT of workflows, workbooks and actions): the path part after
// the collection or the identifier, else ?namespace=.
func textNamespace(c *gin.Context) string {
	if ns := c.Param("namespace"); ns != "" {
		return ns
	}
	return c.Query("namespace")
}

func (a *api) listActions(c *gin.Context) {
	values := c.Request.URL.Query()
	err := checkArgNames(c, func(name string) bool { return commonParams[name] || contains(actionFilters, name) })
	if err != nil {
		fail(c, err)
		return
	}
	// A repeated argument counts by its last value, as in WSME.
	last := func(name string) string {
		v, _ := lastValue(values, name)
		return v
	}
	if err := repeatedArg("limit", fInt, values["limit"]); err != nil {
		fail(c, err)
		return
	}
	limit := 0
	if l := last("limit"); l != "" {
		n, err := atoiClamped(l)
		if err != nil {
			fail(c, intArgError(c, "limit", l))
			return
		}
		if n <= 0 {
			fail(c, badRequest("Limit must be positive."))
			return
		}
		limit = n
	}
	keys := uniqueList(last("sort_keys"))
	if len(keys) == 0 {
		keys = []string{"name"}
	}
	dirs := lowerList(last("sort_dirs"))
	if len(dirs) > len(keys) {
		fail(c, badRequest("Length of sort_keys must be equal or greater than sort_dirs."))
		return
	}
	for len(dirs) < len(keys) {
		dirs = append(dirs, "asc")
	}
	for i, k := range keys {
		if dirs[i] != "asc" && dirs[i] != "desc" {
			fail(c, badRequest("Unknown sort direction, must be 'desc' or 'asc'."))
			return
		}
		if !contains(actionSortKeys, k) {
			fail(c, badRequest("Sort key supplied is invalid: %s", k))
			return
		}
	}
	if !contains(keys, "id") {
		keys, dirs = append(keys, "id"), append(dirs, "asc")
	}
	// Mistral's action list takes fields and then ignores them: every
	// action is shown whole, and an unknown field is no error.

	type filter struct{ name, op, value string }
	filters := []filter{}
	link := []string{}
	namespace := ""
	for _, name := range actionFilters {
		raw, ok := lastValue(values, name)
		if !ok {
			continue
		}
		if name == "namespace" {
			// Mistral's action providers take the namespace as it is
			// written: "eq:x" or "nin:x" name no namespace there is.
			namespace = raw
			continue
		}
		if contains(actionUnfilterable, name) {
			fail(c, badRequest("Filtering on %s is not supported.", name))
			return
		}
		op, val := splitOp(raw)
		filters = append(filters, filter{name, op, val})
		link = append(link, actionFilterLink(name, op, val))
	}
	link = append(link, "namespace=eq:"+namespace)

	rows, err := db.List[db.ActionDefinition](a.Store.Read(c.Request.Context()), db.ListQuery{
		Filters: []db.Filter{{Column: "namespace", Op: db.OpEq, Value: namespace}},
		Viewer:  a.viewer(c), Public: true,
	})
	if err != nil {
		fail(c, err)
		return
	}
	dyn, err := db.List[db.DynamicActionDefinition](a.Store.Read(c.Request.Context()), db.ListQuery{
		Filters: []db.Filter{{Column: "namespace", Op: db.OpEq, Value: namespace}},
		Viewer:  a.viewer(c), Public: true,
	})
	if err != nil {
		fail(c, err)
		return
	}
	// Mistral's action providers keep the actions of the namespace as it
	// is written, not those the database's collation holds equal ("NS",
	// "ns ").
	var all []listedAction
	for _, d := range dyn {
		if d.Namespace == namespace {
			all = append(all, listedAction{dynamicActionAsAction(d), &d.Timestamps})
		}
	}
	if namespace == "" {
		for _, s := range a.Actions.List() {
			all = append(all, listedAction{m: systemActionResource(s)})
		}
	}
	for _, d := range rows {
		if d.Namespace == namespace {
			all = append(all, listedAction{adHocActionResource(d, actionRead), &d.Timestamps})
		}
	}
	var kept []*data.Map
	for _, la := range all {
		ok := true
		for _, f := range filters {
			var err error
			switch {
			case f.name == "created_at" || f.name == "updated_at":
				ok, err = la.matchTime(f.name, f.op, f.value)
			default:
				ok = matchValue(la.m.Value(f.name), f.op, f.value)
			}
			if err != nil {
				fail(c, err)
				return
			}
			if !ok {
				break
			}
		}
		if ok {
			kept = append(kept, la.m)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		for n, k := range keys {
			ci := compareValues(actionSortValue(kept[i], k), actionSortValue(kept[j], k))
			if ci == 0 {
				continue
			}
			if dirs[n] == "desc" {
				return ci > 0
			}
			return ci < 0
		}
		return false
	})
	// Mistral starts the page at the marker only when it cuts one, with
	// a limit; without one the marker is ignored.
	if m := last("marker"); m != "" && limit > 0 {
		for i, it := range kept {
			if it.Value("name") == m || it.Value("id") == m {
				kept = kept[i:]
				break
			}
		}
	}
	if limit > 0 && len(kept) > limit {
		kept = kept[:limit]
	}
	items := make([]any, 0, len(kept))
	for _, m := range kept {
		items = append(items, m)
	}
	next := ""
	if limit > 0 && len(kept) == limit {
		next = applicationURL(c.Request) + "/v2/actions?sort_keys=" + strings.Join(keys, ",") + "&sort_dirs=" +
			strings.Join(dirs, ",") + "&" + strings.Join(link, "&") + "&limit=" + strconv.Itoa(limit) +
			"&marker=" + data.Str(kept[len(kept)-1].Value("id"))
	}
	collection(c, "actions", items, next)
}

// actionSortKeys are the sort keys of the action list: the columns of
// the table Mistral's action provider queries (any other key fails
// there, with 500).
var actionSortKeys = []string{"name", "id", "created_at", "updated_at", "namespace", "scope", "project_id"}

// actionSortValue is what an action sorts by: its attribute, except that a
// system action, which has no times, sorts by its name in their place, as
// Mistral's sort falls back to the name for an attribute an action lacks.
func actionSortValue(m *data.Map, key string) any {
	if (key == "created_at" || key == "updated_at") && m.Value(key) == "" {
		return m.Value("name")
	}
	return m.Value(key)
}

// matchValue applies a filter operator to a rendered attribute.
func matchValue(v any, op, want string) bool {
	if l, ok := v.([]any); ok { // tags: every wanted tag present
		for _, w := range splitList(want) {
			found := false
			for _, t := range l {
				if t == w {
					found = true
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	s := data.Str(v)
	if v == nil {
		s = ""
	}
	switch op {
	case "neq":
		return s != want
	case "has":
		return strings.Contains(s, want)
	case "in":
		return contains(strings.Split(want, ","), s)
	case "nin":
		return !contains(strings.Split(want, ","), s)
	case "gt":
		return s > want
	case "gte":
		return s >= want
	case "lt":
		return s < want
	case "lte":
		return s <= want
	}
	if b, ok := v.(bool); ok {
		return b == queryBool(want)
	}
	return s == want
}

// matchTime applies a created_at or updated_at filter as Mistral's
// match_filter does: a system action has no such attribute and passes; an
// ad-hoc action's time is compared with the value read as an ISO date and
// time, which must be one (Mistral fails with 500, we answer 400). An in
// or nin list is not read, so no time is in it; a has filter cannot look
// into a time (500 in Mistral, 400 here). A time never set (updated_at)
// equals nothing and orders with nothing.
func (la listedAction) matchTime(name, op, want string) (bool, error) {
	if la.times == nil {
		return true, nil
	}
	switch op {
	case db.OpIn:
		return false, nil
	case db.OpNin:
		return true, nil
	case db.OpHas:
		return false, badRequest("Filtering on %s with has is not supported.", name)
	}
	at := &la.times.CreatedAt
	if name == "updated_at" {
		at = la.times.UpdatedAt
	}
	if at == nil {
		return op == db.OpNeq, nil
	}
	w, ok := parseTime(want)
	if !ok {
		return false, badRequest("Invalid value of the %s filter: '%s' is not a date and time.", name, want)
	}
	switch cmp := at.Compare(w); op {
	case db.OpNeq:
		return cmp != 0, nil
	case db.OpGt:
		return cmp > 0, nil
	case db.OpGte:
		return cmp >= 0, nil
	case db.OpLt:
		return cmp < 0, nil
	case db.OpLte:
		return cmp <= 0, nil
	default:
		return cmp == 0, nil
	}
}

// compareValues orders rendered attributes; null sorts first.
func compareValues(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	return strings.Compare(data.Str(a), data.Str(b))
}

// getAction finds an action as Mistral's action provider does: an ad-hoc
// action by name in the namespace, then in the default namespace, then a
// system action by name whatever the namespace. (Not by id: Mistral 15
// answers 404 for an ad-hoc action's UUID.)
func (a *api) getAction(c *gin.Context) {
	id, ns := c.Param("id"), paramNamespace(c)
	defs := a.Store.Read(c.Request.Context()).ActionDefinitions()
	namespaces := []string{ns}
	if ns != "" {
		namespaces = append(namespaces, "")
	}
	for _, n := range namespaces {
		d, err := defs.Find(id, n, a.project(c))
		if err != nil {
			fail(c, err)
			return
		}
		if d != nil {
			respond(c, http.StatusOK, adHocActionResource(d, actionRead))
			return
		}
	}
	if s, ok := a.Actions.Get(id); ok {
		respond(c, http.StatusOK, systemActionResource(s))
		return
	}
	d, err := a.Store.Read(c.Request.Context()).DynamicActions().Find(a.viewer(c), id, ns)
	if err != nil {
		fail(c, err)
		return
	}
	if d != nil {
		respond(c, http.StatusOK, dynamicActionAsAction(d))
		return
	}
	fail(c, exc.NotFound("Action not found [name=%s, namespace=%s]", id, ns))
}

func (a *api) createActions(c *gin.Context) {
	text, scope, err := a.definitionRequest(c, "actions")
	if err != nil {
		failPecan(c, err)
		return
	}
	rows, err := a.Definitions.CreateActions(c.Request.Context(), text, textNamespace(c), scope, a.project(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusCreated, data.MapOf("actions", actionItems(rows, actionCreated)))
}

func (a *api) updateActions(c *gin.Context) {
	text, scope, err := a.definitionRequest(c, "actions")
	if err != nil {
		failPecan(c, err)
		return
	}
	rows, err := a.Definitions.UpdateActions(c.Request.Context(), text, c.Param("id"), textNamespace(c), scope, a.project(c))
	if err != nil {
		failPecan(c, err)
		return
	}
	respond(c, http.StatusOK, data.MapOf("actions", actionItems(rows, actionUpdated)))
}

// actionItems renders the actions a POST (created) or PUT wrote.
func actionItems(rows []*db.ActionDefinition, answer actionAnswer) []any {
	items := make([]any, 0, len(rows))
	for _, d := range rows {
		items = append(items, adHocActionResource(d, answer))
	}
	return items
}

func (a *api) deleteAction(c *gin.Context) {
	if err := a.Definitions.DeleteAction(c.Request.Context(), c.Param("id"), paramNamespace(c), a.project(c)); err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}

func (a *api) validateActions(c *gin.Context) {
	a.validate(c, func(text string) error {
		_, err := lang.ParseActions(text, a.Definitions.Validator())
		return err
	})
}
