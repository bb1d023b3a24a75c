package rest

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

var executionFields = []string{"id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params",
	"task_execution_id", "root_execution_id", "source_execution_id", "state", "state_info", "input", "output",
	"created_at", "updated_at", "project_id", "published_global"}

var executionList = &listSpec{
	collection: "executions",
	fields:     executionFields,
	filters: []filterParam{
		{name: "workflow_name"}, {name: "workflow_id", kind: fUUID}, {name: "description"}, {name: "tags", kind: fTags, tagList: true},
		{name: "params", kind: fJSON}, {name: "task_execution_id", kind: fUUID}, {name: "root_execution_id", kind: fUUID},
		{name: "state"}, {name: "state_info"}, {name: "input", kind: fJSON}, {name: "output", kind: fJSON},
		{name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime}, {name: "project_id", kind: fUUID},
	},
	params:    []string{"all_projects", "include_output", "nulls"},
	linkOrder: executionLinkOrder,
}

// executionLinkOrder is the order of the filters in the next links of
// Mistral's execution lists.
var executionLinkOrder = []string{"created_at", "workflow_name", "workflow_id", "tags", "params", "task_execution_id", "state",
	"state_info", "input", "output", "updated_at", "description", "project_id", "root_execution_id"}

// executionBody is the Execution resource as a request body.
var executionBody = bodySpec{arg: "wf_ex", attrs: map[string]attrKind{
	"id": aText, "workflow_id": aText, "workflow_name": aText, "workflow_namespace": aText, "description": aText,
	"tags": aTextList, "params": aJSON, "task_execution_id": aText, "root_execution_id": aText,
	"source_execution_id": aText, "state": aText, "state_info": aText, "input": aJSON, "output": aJSON,
	"created_at": aText, "updated_at": aText, "project_id": aReadonly, "published_global": aJSON,
}, order: []string{
	"id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params", "task_execution_id",
	"root_execution_id", "source_execution_id", "state", "state_info", "input", "output", "created_at", "updated_at",
	"project_id", "published_global",
}}

func (a *api) executionRoutes(g *gin.RouterGroup) {
	g.GET("/executions", a.enforce("executions:list"), a.listExecutions)
	g.GET("/executions/:id", wsmeArg("id", "id"), onlyArgs("id"), a.enforce("executions:get"), a.getExecution)
	g.POST("/executions", onlyArgs(), a.enforce("executions:create"), a.createExecution)
	g.POST("/executions/:id", bodyArgFromPath("id", "wf_ex", "Execution"))
	// WSME takes the id from the query too, over the path's.
	for _, path := range []string{"/executions", "/executions/:id"} {
		g.PUT(path, onlyArgs("id"), wsmeArg("id", "id"), a.enforce("executions:update"), a.updateExecution)
		g.DELETE(path, onlyArgs("id", "force"), wsmeArg("id", "id"), a.enforce("executions:delete"), a.deleteExecution)
	}
	// A further path part is put's body argument, delete's force; get
	// and post take none.
	g.PUT("/executions/:id/:body", bodyArgFromPath("body", "wf_ex", "Execution"))
	g.DELETE("/executions/:id/:force", queryFromPath("force", "force"), onlyArgs("id", "force"), wsmeArg("id", "id"),
		a.enforce("executions:delete"), a.deleteExecution)
	g.GET("/executions/:id/:part", notFound)
	g.POST("/executions/:id/:part", notFound)
	// The sub-resources, served by getters only, answer the others 405.
	for _, sub := range []string{"tasks", "executions", "report"} {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
			g.Handle(method, "/executions/:id/"+sub, methodNotAllowed)
		}
	}
	g.GET("/executions/:id/tasks", a.enforce("tasks:list"), a.listExecutionTasks)
	g.GET("/executions/:id/executions", a.listSubExecutions)
	g.GET("/executions/:id/report", a.executionReport)
	// WSME getters take the path's further parts as their arguments; a
	// get_all takes none (pecan's 405).
	g.GET("/executions/:id/executions/*rest", positionalArgs("errors_only", "max_depth", "include_output"), a.listSubExecutions)
	g.GET("/executions/:id/report/*rest", positionalArgs("errors_only", "max_depth", "statistics_only"), a.executionReport)
	g.GET("/executions/:id/tasks/*rest", methodNotAllowed)
}

// executionResource renders a workflow execution (WSME). withOutput adds
// output; published_global is added by the single-execution GET.
func executionResource(e *db.WorkflowExecution, withOutput bool) *data.Map {
	m := data.MapOf(
		"id", e.ID,
		"workflow_id", e.WorkflowID,
		"workflow_name", e.WorkflowName,
		"workflow_namespace", e.WorkflowNamespace,
		"description", str(e.Description),
		"tags", tags(e.Tags),
		"params", jsonText(e.Params),
		"task_execution_id", str(e.TaskExecutionID),
		"root_execution_id", str(e.RootExecutionID),
		"state", e.State,
		"state_info", str(e.StateInfo),
		"input", jsonText(e.Input),
	)
	if withOutput {
		m.Set("output", jsonText(e.Output))
	}
	m.Set("created_at", ts(e.CreatedAt))
	m.Set("updated_at", tsPtr(e.UpdatedAt))
	m.Set("project_id", e.ProjectID)
	return m
}

// publishedGlobal is what the execution's tasks published globally: its
// context without internal keys and the workflow's vars.
func publishedGlobal(e *db.WorkflowExecution) *data.Map {
	out := data.NewMap(0)
	exclude := map[string]bool{"__execution": true, "openstack": true}
	// Clients poll this: the spec (large for a large workflow) is parsed
	// only when it can have vars.
	if strings.Contains(e.Spec.Raw, `"vars"`) {
		if vars, ok := e.Spec.Map().Value("vars").(*data.Map); ok {
			for _, k := range vars.Keys() {
				exclude[k] = true
			}
		}
	}
	e.Context.Map().Range(func(k string, v any) bool {
		if !exclude[k] {
			out.Set(k, v)
		}
		return true
	})
	return out
}

func (a *api) listExecutions(c *gin.Context) {
	req, err := a.parseList(c, executionList)
	if err != nil {
		fail(c, err)
		return
	}
	if flag(c, "all_projects") || c.Query("project_id") != "" {
		if err := a.authorize(c, "executions:list:all_projects"); err != nil {
			fail(c, err)
			return
		}
	}
	if err := a.allProjects(c, req, "executions"); err != nil {
		fail(c, err)
		return
	}
	a.respondExecutions(c, req, "executions", nil)
}

// respondExecutions runs an execution list query and writes the envelope;
// omit names attributes the items leave out unless fields asks for them.
func (a *api) respondExecutions(c *gin.Context, req *listRequest, link string, omit []string) {
	tx := a.Store.Read(c.Request.Context())
	// parseList turned nulls into filters; a name that is no column is
	// refused here.
	if nulls := lowerList(c.Query("nulls")); len(nulls) > 0 {
		cols, err := db.Columns[db.WorkflowExecution](tx)
		if err != nil {
			fail(c, err)
			return
		}
		for _, n := range nulls {
			if !cols[n] {
				fail(c, badRequest("'%s' is not a valid field name.", n))
				return
			}
			if n == "id" { // the one column that is not nullable
				fail(c, badRequest("The field '%s' can't hold None value.", n))
				return
			}
		}
	}
	withOutput := flag(c, "include_output") || contains(req.fields, "output")
	req.q.Omit = []string{"spec", "context", "runtime_context"}
	if !withOutput {
		req.q.Omit = append(req.q.Omit, "output")
	}
	rows, err := db.List[db.WorkflowExecution](tx, req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, e := range rows {
		m := executionResource(e, withOutput)
		for _, k := range omit {
			if !contains(req.fields, k) {
				m.Delete(k)
			}
		}
		items = append(items, pick(m, req.fields))
	}
	collection(c, "executions", items, nextLink(c, link, req, len(rows), lastID(rows, func(e *db.WorkflowExecution) string { return e.ID })))
}

func (a *api) getExecution(c *gin.Context) {
	e, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetShown(c.Param("id"), a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	m := executionResource(e, true)
	m.Set("published_global", encodeText(publishedGlobal(e)))
	respond(c, http.StatusOK, m)
}

func (a *api) createExecution(c *gin.Context) {
	b, err := readJSON(c, executionBody)
	if err != nil {
		fail(c, err)
		return
	}
	id := b.text("id")
	if id != "" {
		existing, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().Find(id)
		if err != nil {
			fail(c, err)
			return
		}
		if existing != nil {
			respond(c, http.StatusCreated, executionResource(existing, true))
			return
		}
	} else {
		id = db.NewID()
	}

	wfID, wfName, namespace := b.text("workflow_id"), b.text("workflow_name"), b.text("workflow_namespace")
	input, params := b.dict("input"), b.dict("params")
	// Absent, the description is empty; null, it stays NULL, as Mistral
	// keeps it.
	description := b.textPtr("description")
	if !b.given["description"] {
		description = new(string)
	}
	if src := b.text("source_execution_id"); src != "" {
		s, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetVisible(src, a.viewer(c))
		if err != nil {
			fail(c, err)
			return
		}
		if !b.given["workflow_id"] {
			wfID = s.WorkflowID
		}
		if !b.has("workflow_name") {
			wfName = s.WorkflowName
		}
		if !b.has("workflow_namespace") {
			namespace = s.WorkflowNamespace
		}
		// REST.md: a copy takes the source's input and params, the
		// body's winning (Mistral 15 leaves both out: README.md).
		input = mergeDicts(s.Input.Map(), input)
		params = mergeDicts(s.Params.Map(), params)
		text := "None" // Mistral formats a null description as Python's
		if description != nil {
			text = *description
		}
		copied := strings.TrimSpace(text + " Based on the execution '" + src + "'")
		description = &copied
	}
	if wfID == "" && wfName == "" {
		fail(c, exc.WorkflowErr("Workflow ID or workflow name must be provided. Workflow ID is recommended."))
		return
	}
	if key := startArgumentParam(params); key != "" {
		fail(c, badRequest("The params may not hold '%s': it is an argument of the workflow start, not a parameter.", key))
		return
	}
	// As Mistral, a workflow_id the body names (or a copy's source has)
	// is the identifier even when empty or null: workflow_name stands in
	// only for an absent one.
	ident := wfName
	if b.given["workflow_id"] || b.text("source_execution_id") != "" {
		ident = wfID
		if b.given["workflow_id"] && !b.has("workflow_id") {
			// Mistral looks the workflow up by Python's None.
			fail(c, exc.NotFound("Workflow not found [workflow_identifier=None, namespace=%s]", namespace))
			return
		}
	}
	started, err := a.Engine.StartWorkflow(a.rpcContext(c), &rpc.StartWorkflowRequest{
		WorkflowIdentifier: ident,
		Namespace:          namespace,
		ExecutionID:        id,
		Input:              input,
		Description:        description,
		Params:             params,
	})
	if err != nil {
		fail(c, err)
		return
	}
	e, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	asAnswered(e, started)
	respond(c, http.StatusCreated, executionResource(e, true))
}

// startArguments are the arguments of Mistral's EngineClient.start_workflow
// beside its **params: Mistral's API passes the params as keyword
// arguments, so a params key naming one of them fails there with 500
// ("got multiple values for argument"; async_ starts the workflow, then
// fails the answer). We refuse it with 400, before the workflow lookup as
// Mistral.
var startArguments = []string{"self", "wf_identifier", "wf_namespace", "wf_ex_id", "wf_input", "description", "async_"}

// startArgumentParam is the first argument of the workflow start that
// params holds as a key, or "".
func startArgumentParam(params *data.Map) string {
	for _, k := range startArguments {
		if params.Has(k) {
			return k
		}
	}
	return ""
}

// asAnswered sets the fields of e that running changes to what the engine
// committed for a start or a state change (its answer, which Mistral
// answers POST and PUT /v2/executions with): a short workflow, or a resumed
// one, may have moved on by the time e was read.
func asAnswered(e *db.WorkflowExecution, answer *data.Map) {
	if answer == nil {
		return
	}
	if state, ok := answer.Value("state").(string); ok {
		e.State = state
	}
	info, _ := answer.Value("state_info").(string)
	e.StateInfo = nil
	if info != "" {
		e.StateInfo = &info
	}
	e.Output = db.JSON{}
	if out := answer.Value("output"); out != nil {
		e.Output = db.JSONOf(out)
	}
}

// mergeDicts deep-merges right into a copy of left, right winning, as
// mistral_lib's merge_dicts does.
func mergeDicts(left, right *data.Map) *data.Map {
	out, _ := data.DeepCopy(left).(*data.Map)
	if out == nil {
		out = data.NewMap(0)
	}
	right.Range(func(k string, v any) bool {
		lm, lok := out.Value(k).(*data.Map)
		rm, rok := v.(*data.Map)
		if lok && rok {
			out.Set(k, mergeDicts(lm, rm))
		} else {
			out.Set(k, v)
		}
		return true
	})
	return out
}

func (a *api) updateExecution(c *gin.Context) {
	id := c.Param("id")
	b, err := readJSON(c, executionBody)
	if err != nil {
		fail(c, err)
		return
	}
	if _, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetVisible(id, a.viewer(c)); err != nil {
		fail(c, err)
		return
	}
	state, description := b.text("state"), b.text("description")
	// As Mistral, any env that is true in Python is an update of it; one
	// that is no dict is refused once the state allows an update (Mistral
	// fails there with 500).
	rawEnv := b.dict("params").Value("env")
	envGiven := data.Truthy(rawEnv)
	var env *data.Map
	if e, ok := rawEnv.(*data.Map); ok && envGiven {
		env = e
	}
	switch {
	case state == "" && description == "" && !envGiven:
		fail(c, exc.InputErr("The property state, description, or env is not provided for update."))
		return
	case description != "" && state != "":
		fail(c, exc.InputErr("The property description must be updated separately from state."))
		return
	case envGiven && state != "" && state != db.StateRunning:
		fail(c, exc.InputErr("The property env can only be updated when workflow execution is not running or on resume from pause."))
		return
	}
	if description != "" || (state == "" && envGiven) {
		// One transaction: a refused env leaves the description unchanged.
		err := a.updateExecutionRow(c.Request.Context(), id, func(e *db.WorkflowExecution) error {
			if state == "" && envGiven {
				if e.State != db.StateIdle && e.State != db.StatePaused && e.State != db.StateError {
					return exc.New(exc.NotAllowed, "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.")
				}
				if env == nil {
					return badRequest("Unexpected value type for environment [env=%s, type=<class '%s'>]", data.Repr(rawEnv), data.TypeName(rawEnv))
				}
				params := e.Params.Map()
				cur, _ := params.Value("env").(*data.Map)
				if cur == nil {
					cur = data.NewMap(0)
				}
				params.Set("env", mergeDicts(cur, env))
				e.Params = db.JSONOf(params)
			}
			if description != "" {
				if len(description) > db.TextLimit {
					return badRequest("The description must not exceed %d bytes [length=%d]", db.TextLimit, len(description))
				}
				e.Description = &description
			}
			return nil
		})
		if err != nil {
			fail(c, err)
			return
		}
	}
	// answer is the execution as the engine's state change left it.
	var answer *data.Map
	if state != "" {
		ctx := a.rpcContext(c)
		switch state {
		case db.StatePaused:
			answer, err = a.Engine.PauseWorkflow(ctx, id)
		case db.StateRunning:
			if envGiven && env == nil {
				err = badRequest("Unexpected value type for environment [env=%s, type=<class '%s'>]", data.Repr(rawEnv), data.TypeName(rawEnv))
				break
			}
			answer, err = a.Engine.ResumeWorkflow(ctx, id, env)
		case db.StateSuccess, db.StateError, db.StateCancelled:
			// Mistral cuts the message to its state_info, then fails
			// the write with 500 when that is over the column's bytes.
			if info := b.text("state_info"); len(db.CutStateInfo(info)) > db.TextLimit {
				err = badRequest("The state_info must not exceed %d bytes [length=%d]", db.TextLimit, len(db.CutStateInfo(info)))
				break
			}
			answer, err = a.Engine.StopWorkflow(ctx, id, state, b.textPtr("state_info"))
		default:
			err = exc.InputErr("Cannot change state to %s. Allowed states are: '%s", state,
				strings.Join([]string{db.StateRunning, db.StatePaused, db.StateSuccess, db.StateError, db.StateCancelled}, ", "))
		}
		if err != nil {
			fail(c, err)
			return
		}
	}
	e, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	asAnswered(e, answer)
	m := executionResource(e, true)
	if state == "" {
		// An update of the description or env answers without the deferred
		// columns it did not touch.
		if env == nil {
			m.Delete("params")
		}
		m.Delete("input")
		m.Delete("output")
	}
	respond(c, http.StatusOK, m)
}

// updateExecutionRow changes an execution in a transaction serialized with
// the engine's work on its tree.
func (a *api) updateExecutionRow(ctx context.Context, id string, change func(*db.WorkflowExecution) error) error {
	cur, err := a.Store.Read(ctx).WorkflowExecutions().Get(id)
	if err != nil {
		return err
	}
	return a.Store.InTx(ctx, db.TxOptions{Lock: cur.Root()}, func(tx *db.Tx) error {
		e, err := tx.WorkflowExecutions().Get(id)
		if err != nil {
			return err
		}
		if err := change(e); err != nil {
			return err
		}
		return tx.WorkflowExecutions().Save(e)
	})
}

func (a *api) deleteExecution(c *gin.Context) {
	id := c.Param("id")
	e, err := a.Store.Read(c.Request.Context()).WorkflowExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	if !flag(c, "force") && !db.IsTerminal(e.State) {
		fail(c, exc.New(exc.NotAllowed, "Only completed executions can be deleted. Use --force to override this. Execution %s is in %s state", id, e.State))
		return
	}
	err = a.Store.InTx(c.Request.Context(), db.TxOptions{Lock: e.Root()}, func(tx *db.Tx) error {
		return tx.WorkflowExecutions().Delete(id)
	})
	if err != nil {
		fail(c, err)
		return
	}
	noContent(c)
}

func (a *api) listExecutionTasks(c *gin.Context) {
	id, err := parentID(c, "workflow_execution_id")
	if err != nil {
		fail(c, err)
		return
	}
	req, err := a.parseList(c, executionTaskList, db.Filter{Column: "workflow_execution_id", Op: db.OpEq, Value: id})
	if err != nil {
		fail(c, err)
		return
	}
	a.respondTasks(c, req)
}
