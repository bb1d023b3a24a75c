package rest

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

var actionExecutionFields = []string{"id", "workflow_name", "workflow_namespace", "task_name", "task_execution_id", "state",
	"state_info", "tags", "name", "description", "project_id", "accepted", "input", "output", "created_at", "updated_at", "params"}

func actionExecutionFilters(withTask bool) []filterParam {
	// The task's list declares name a uniquelist (its WSME types are one
	// off from its arguments there).
	name := filterParam{name: "name", kind: fNames}
	if withTask {
		name = filterParam{name: "name"}
	}
	f := []filterParam{{name: "created_at", kind: fTime}, name, {name: "tags", kind: fTags},
		{name: "updated_at", kind: fTime}, {name: "workflow_name"}, {name: "task_name", kind: fUnsupported}}
	if withTask {
		f = append(f, filterParam{name: "task_execution_id", kind: fUUID})
	}
	return append(f, filterParam{name: "state"}, filterParam{name: "state_info"}, filterParam{name: "accepted", kind: fBool},
		filterParam{name: "input", kind: fJSON}, filterParam{name: "output", kind: fJSON},
		filterParam{name: "params", kind: fUnsupported, jsonArg: true}, filterParam{name: "description"})
}

// actionExecutionLinkOrder is the order of the filters in the next links
// of Mistral's action execution lists: the task, from the path or not,
// comes last.
var actionExecutionLinkOrder = []string{"created_at", "name", "tags", "updated_at", "workflow_name", "state", "state_info",
	"accepted", "input", "output", "description", "task_execution_id"}

var actionExecutionList = &listSpec{
	collection: "action_executions",
	fields:     actionExecutionFields,
	filters:    actionExecutionFilters(true),
	params:     []string{"include_output"},
	linkOrder:  actionExecutionLinkOrder,
}

// taskActionExecutionList is GET /v2/tasks/{id}/action_executions.
var taskActionExecutionList = &listSpec{
	collection: "action_executions",
	fields:     actionExecutionFields,
	filters:    actionExecutionFilters(false),
	params:     []string{"include_output", "task_execution_id"},
	linkOrder:  actionExecutionLinkOrder,
}

var actionExecutionBody = bodySpec{arg: "action_ex", attrs: map[string]attrKind{
	"id": aText, "workflow_name": aText, "workflow_namespace": aText, "task_name": aText, "task_execution_id": aText,
	"state": aText, "state_info": aText, "tags": aTextList, "name": aText, "description": aText, "project_id": aReadonly,
	"accepted": aBool, "input": aJSON, "output": aJSON, "created_at": aText, "updated_at": aText, "params": aJSON,
}, order: []string{
	"id", "workflow_name", "workflow_namespace", "task_name", "task_execution_id", "state", "state_info", "tags", "name",
	"description", "project_id", "accepted", "input", "output", "created_at", "updated_at", "params",
}}

func (a *api) actionExecutionRoutes(g *gin.RouterGroup) {
	g.GET("/action_executions", a.enforce("action_executions:list"), a.listActionExecutions)
	g.GET("/action_executions/:id", wsmeArg("id", "id"), onlyArgs("id"), a.enforce("action_executions:get"), a.getActionExecution)
	g.POST("/action_executions", onlyArgs(), a.enforce("action_executions:create"), a.createActionExecution)
	g.POST("/action_executions/:id", bodyArgFromPath("id", "action_ex", "ActionExecution"))
	for _, path := range []string{"/action_executions", "/action_executions/:id"} {
		g.PUT(path, onlyArgs("id"), wsmeArg("id", "id"), a.enforce("action_executions:update"), a.updateActionExecution)
		g.DELETE(path, onlyArgs("id"), wsmeArg("id", "id"), a.enforce("action_executions:delete"), a.deleteActionExecution)
	}
	g.PUT("/action_executions/:id/:body", bodyArgFromPath("body", "action_ex", "ActionExecution"))
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		g.Handle(method, "/action_executions/:id/:part", notFound)
	}
}

// actionExecutionResource renders an action execution (WSME).
func actionExecutionResource(x *db.ActionExecution, taskName any, withOutput bool) *data.Map {
	m := data.MapOf(
		"id", x.ID,
		"workflow_name", str(x.WorkflowName),
		"workflow_namespace", x.WorkflowNamespace,
		"task_name", taskName,
		"task_execution_id", str(x.TaskExecutionID),
		"state", x.State,
		"state_info", str(x.StateInfo),
		"tags", nullableTags(x.Tags),
		"name", x.Name,
		"description", str(x.Description),
		"project_id", x.ProjectID,
		"accepted", x.Accepted,
		"input", jsonText(x.Input),
	)
	if withOutput {
		m.Set("output", jsonText(x.Output))
	}
	m.Set("created_at", ts(x.CreatedAt))
	m.Set("updated_at", tsPtr(x.UpdatedAt))
	return m
}

// actionExecutionFromDict renders the engine's answer to start_action,
// which may describe an execution that was never stored.
func actionExecutionFromDict(d *data.Map) *data.Map {
	m := data.NewMap(16)
	for _, k := range actionExecutionFields {
		if k == "params" || k == "task_name" {
			continue // the engine's dict has no task_name: left out, as in Mistral
		}
		v := d.Value(k)
		if k == "input" || k == "output" {
			if v != nil {
				v = encodeText(v)
			}
		}
		m.Set(k, v)
	}
	return m
}

func nullableTags(l db.StringList) any {
	if l == nil {
		return nil
	}
	return tags(l)
}

func (a *api) listActionExecutions(c *gin.Context) {
	req, err := a.parseList(c, actionExecutionList)
	if err != nil {
		fail(c, err)
		return
	}
	a.respondActionExecutions(c, req)
}

func (a *api) respondActionExecutions(c *gin.Context, req *listRequest) {
	tx := a.Store.Read(c.Request.Context())
	req.q.Omit = []string{"spec", "runtime_context"}
	if !flag(c, "include_output") && !contains(req.fields, "output") {
		req.q.Omit = append(req.q.Omit, "output")
	}
	rows, err := db.List[db.ActionExecution](tx, req.q)
	if err != nil {
		fail(c, err)
		return
	}
	var taskIDs []string
	for _, x := range rows {
		if x.TaskExecutionID != nil && !contains(taskIDs, *x.TaskExecutionID) {
			taskIDs = append(taskIDs, *x.TaskExecutionID)
		}
	}
	names, err := tx.TaskExecutions().Names(taskIDs)
	if err != nil {
		fail(c, err)
		return
	}
	withOutput := flag(c, "include_output") || contains(req.fields, "output")
	items := make([]any, 0, len(rows))
	for _, x := range rows {
		items = append(items, pick(actionExecutionResource(x, taskNameOf(x, names), withOutput), req.fields))
	}
	collection(c, "action_executions", items,
		nextLink(c, "action_executions", req, len(rows), lastID(rows, func(x *db.ActionExecution) string { return x.ID })))
}

func taskNameOf(x *db.ActionExecution, names map[string]string) any {
	if x.TaskExecutionID == nil {
		return nil
	}
	if n, ok := names[*x.TaskExecutionID]; ok {
		return n
	}
	return nil
}

func (a *api) getActionExecution(c *gin.Context) {
	a.respondActionExecution(c, c.Param("id"))
}

func (a *api) respondActionExecution(c *gin.Context, id string) {
	m, err := a.readActionExecution(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, m)
}

func (a *api) readActionExecution(c *gin.Context, id string) (*data.Map, error) {
	tx := a.Store.Read(c.Request.Context())
	x, err := tx.ActionExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		return nil, err
	}
	var ids []string
	if x.TaskExecutionID != nil {
		ids = []string{*x.TaskExecutionID}
	}
	names, err := tx.TaskExecutions().Names(ids)
	if err != nil {
		return nil, err
	}
	return actionExecutionResource(x, taskNameOf(x, names), true), nil
}

// createActionExecution runs an action outside any workflow.
func (a *api) createActionExecution(c *gin.Context) {
	b, err := readJSON(c, actionExecutionBody)
	if err != nil {
		fail(c, err)
		return
	}
	if b.text("name") == "" {
		fail(c, exc.InputErr("Please provide at least action name to run action."))
		return
	}
	params := b.dict("params")
	if err := startActionParamsClash(params); err != nil {
		fail(c, err)
		return
	}
	d, err := a.Engine.StartAction(a.rpcContext(c), &rpc.StartActionRequest{
		ActionName:  b.text("name"),
		Input:       b.dict("input"),
		Description: b.textPtr("description"),
		Namespace:   b.text("workflow_namespace"),
		Params:      params,
	})
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusCreated, actionExecutionFromDict(d))
}

// startActionParamsClash refuses params naming an argument Mistral's API
// passes to EngineClient.start_action itself: Python then fails with a
// TypeError (500: "got multiple values for argument"), for the first such
// name in the order of params, a keyword argument before a positional one.
// We answer 400, as for a workflow start (startArgumentParam).
func startActionParamsClash(params *data.Map) error {
	if params == nil {
		return nil
	}
	var keyword, positional string
	params.Range(func(k string, _ any) bool {
		switch k {
		case "description", "namespace":
			if keyword == "" {
				keyword = k
			}
		case "self", "action_name", "action_input":
			if positional == "" {
				positional = k
			}
		}
		return true
	})
	clash := keyword
	if clash == "" {
		clash = positional
	}
	if clash != "" {
		return exc.InputErr("The params may not hold '%s': it is an argument of the action start, not a parameter.", clash)
	}
	return nil
}

// updateActionExecution delivers an action's result or changes its state.
func (a *api) updateActionExecution(c *gin.Context) {
	id := c.Param("id")
	b, err := readJSON(c, actionExecutionBody)
	if err != nil {
		fail(c, err)
		return
	}
	state := b.text("state")
	ctx := a.rpcContext(c)
	var d *data.Map
	switch state {
	case db.StateSuccess, db.StateError, db.StateCancelled:
		res := &rpc.Result{}
		// An output left out is WSME's Unset, which reaches Mistral's
		// engine as an empty dict; an explicit null stays null.
		var output any
		switch {
		case b.has("output"):
			output = b.dict("output")
		case !b.given["output"]:
			output = data.NewMap(0)
		}
		switch state {
		case db.StateSuccess:
			res.Data = output
		case db.StateError:
			if !data.Truthy(output) {
				output = "Unknown error"
			}
			res.Error = output
		default:
			res.Cancel = true
		}
		d, err = a.Engine.OnActionComplete(ctx, id, res, false)
	case db.StatePaused, db.StateRunning:
		d, err = a.Engine.OnActionUpdate(ctx, id, state, false)
	default:
		// WSME's name for an attribute the body left out is Unset; a
		// null one is None.
		actual := "Unset"
		switch {
		case b.has("state"):
			actual = state
		case b.given["state"]:
			actual = "None"
		}
		err = exc.New(exc.InvalidResult, "Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: %s", actual)
	}
	if err != nil {
		fail(c, err)
		return
	}
	// The answer is the engine's dict, as Mistral renders it.
	respond(c, http.StatusOK, actionExecutionFromDict(d))
}

func (a *api) deleteActionExecution(c *gin.Context) {
	id := c.Param("id")
	if !a.cfg.AllowActionExecutionDeletion {
		fail(c, exc.New(exc.NotAllowed, "Action execution deletion is not allowed."))
		return
	}
	err := a.Store.InTx(c.Request.Context(), db.TxOptions{}, func(tx *db.Tx) error {
		x, err := tx.ActionExecutions().GetVisible(id, a.viewer(c))
		if err != nil {
			return err
		}
		if x.TaskExecutionID != nil {
			return exc.New(exc.NotAllowed, "Only ad-hoc action execution can be deleted.")
		}
		if !db.IsTerminal(x.State) {
			return exc.New(exc.NotAllowed, "Only completed action execution can be deleted.")
		}
		return tx.ActionExecutions().Delete(id)
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}
