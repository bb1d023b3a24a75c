package rest

import (
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

var taskFields = []string{"id", "name", "type", "workflow_name", "workflow_namespace", "workflow_id", "workflow_execution_id",
	"tags", "state", "state_info", "project_id", "runtime_context", "result", "published", "published_global", "processed",
	"created_at", "updated_at", "started_at", "finished_at", "reset", "env"}

func taskFilters(withExecution bool) []filterParam {
	f := []filterParam{{name: "name"}, {name: "workflow_name"}, {name: "workflow_id", kind: fUUID}}
	if withExecution {
		f = append(f, filterParam{name: "workflow_execution_id", kind: fUUID})
	}
	return append(f, filterParam{name: "tags", kind: fTags, tagList: true}, filterParam{name: "state"}, filterParam{name: "state_info"},
		filterParam{name: "result", kind: fUnsupported}, filterParam{name: "published", kind: fJSON},
		filterParam{name: "processed", kind: fBool}, filterParam{name: "created_at", kind: fTime},
		filterParam{name: "updated_at", kind: fTime}, filterParam{name: "reset", kind: fUnsupported},
		filterParam{name: "env", kind: fUnsupported, jsonArg: true})
}

var taskList = &listSpec{collection: "tasks", fields: taskFields, filters: taskFilters(true), linkOrder: taskLinkOrder(true)}

// taskLinkOrder is the order of the filters in the next links of
// Mistral's task lists; the execution of /v2/executions/{id}/tasks comes
// first.
func taskLinkOrder(withExecution bool) []string {
	order := []string{"created_at", "workflow_name", "workflow_id", "tags", "state", "state_info", "updated_at", "name"}
	if withExecution {
		order = append(order, "workflow_execution_id")
	}
	return append(order, "published", "processed")
}

// executionTaskList is GET /v2/executions/{id}/tasks: the execution comes
// from the path.
var executionTaskList = &listSpec{collection: "tasks", fields: taskFields, filters: taskFilters(false), linkOrder: taskLinkOrder(false),
	params: []string{"workflow_execution_id"}}

var taskBody = bodySpec{arg: "task", attrs: map[string]attrKind{
	"id": aText, "name": aText, "type": aText, "workflow_name": aText, "workflow_namespace": aText, "workflow_id": aText,
	"workflow_execution_id": aText, "tags": aTextList, "state": aText, "state_info": aText, "project_id": aReadonly,
	"runtime_context": aJSON, "result": aText, "published": aJSON, "published_global": aJSON, "processed": aBool,
	"created_at": aText, "updated_at": aText, "started_at": aText, "finished_at": aText, "reset": aBool, "env": aJSON,
}, order: []string{
	"id", "name", "type", "workflow_name", "workflow_namespace", "workflow_id", "workflow_execution_id", "tags", "state",
	"state_info", "project_id", "runtime_context", "result", "published", "published_global", "processed", "created_at",
	"updated_at", "started_at", "finished_at", "reset", "env",
}, mandatory: []string{"reset"}}

func (a *api) taskRoutes(g *gin.RouterGroup) {
	g.GET("/tasks", a.enforce("tasks:list"), a.listTasks)
	g.GET("/tasks/:id", wsmeArg("id", "id"), a.enforce("tasks:get"), a.getTask)
	for _, path := range []string{"/tasks", "/tasks/:id"} {
		g.PUT(path, onlyArgs("id"), wsmeArg("id", "id"), a.enforce("tasks:update"), a.rerunTask)
	}
	g.PUT("/tasks/:id/:body", bodyArgFromPath("body", "task", "Task"))
	g.GET("/tasks/:id/:part", notFound)
	for _, sub := range []string{"action_executions", "workflow_executions", "executions"} {
		g.PUT("/tasks/:id/"+sub, methodNotAllowed)
	}
	g.GET("/tasks/:id/action_executions", a.enforce("action_executions:list"), a.listTaskActionExecutions)
	g.GET("/tasks/:id/action_executions/:action_ex_id", wsmeArg("id", "task_execution_id"), wsmeArg("action_ex_id", "action_ex_id"),
		onlyArgs("task_execution_id", "action_ex_id"), a.enforce("action_executions:get"), a.getTaskActionExecution)
	g.GET("/tasks/:id/workflow_executions", a.enforce("executions:list"), a.listTaskWorkflowExecutions)
	g.GET("/tasks/:id/executions", a.listTaskSubExecutions)
	g.GET("/tasks/:id/executions/*rest", positionalArgs("errors_only", "max_depth", "include_output"), a.listTaskSubExecutions)
	g.GET("/tasks/:id/workflow_executions/*rest", methodNotAllowed)
}

// taskResource renders a task execution (WSME, without result).
func taskResource(t *db.TaskExecution) *data.Map {
	return data.MapOf(
		"id", t.ID,
		"name", t.Name,
		"type", t.Type,
		"workflow_name", t.WorkflowName,
		"workflow_namespace", t.WorkflowNamespace,
		"workflow_id", t.WorkflowID,
		"workflow_execution_id", t.WorkflowExecutionID,
		"tags", tags(t.Tags),
		"state", t.State,
		"state_info", str(t.StateInfo),
		"project_id", t.ProjectID,
		"runtime_context", jsonDict(t.RuntimeContext),
		"published", publishedOf(t.Published),
		"processed", t.Processed,
		"created_at", ts(t.CreatedAt),
		"updated_at", tsPtr(t.UpdatedAt),
		"started_at", tsPtr(t.StartedAt),
		"finished_at", tsPtr(t.FinishedAt),
	)
}

// taskResourceWithResult adds result: the JSON text of the task's result,
// built from its accepted action or sub-workflow executions in index order
// (a list for with-items, else the single result).
func (a *api) taskResourceWithResult(tx *db.Tx, t *db.TaskExecution) (*data.Map, error) {
	type indexed struct {
		index  int64
		result any
	}
	var results []indexed
	if t.Type == db.TaskTypeWorkflow {
		subs, err := tx.WorkflowExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range subs {
			if s.Accepted {
				// Ordered by the params' index, which an undeclared
				// "index" input overrides, as Mistral's runtime_context.
				results = append(results, indexed{indexOf(s.Params), jsonValue(s.Output)})
			}
		}
	} else {
		acts, err := tx.ActionExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range acts {
			if x.Accepted {
				var r any
				if out, ok := jsonValue(x.Output).(*data.Map); ok {
					r = out.Value("result")
				}
				results = append(results, indexed{indexOf(x.RuntimeContext), r})
			}
		}
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].index < results[j].index })
	list := make([]any, 0, len(results))
	for _, r := range results {
		list = append(list, r.result)
	}
	var result any = list
	if !data.Truthy(t.Spec.Map().Value("with-items")) && len(list) == 1 {
		result = list[0]
	}
	m := taskResource(t)
	published := m.Value("published")
	m.Delete("published")
	processed := m.Value("processed")
	m.Delete("processed")
	// Keep Mistral's attribute order: ..., runtime_context, result, published, processed, ...
	out := data.NewMap(m.Len() + 2)
	m.Range(func(k string, v any) bool {
		out.Set(k, v)
		if k == "runtime_context" {
			out.Set("result", encodeText(result))
			out.Set("published", published)
			out.Set("processed", processed)
		}
		return true
	})
	return out, nil
}

// indexOf is the index a runtime context or params holds: an int, or a
// float an "index" input gave a sub-workflow.
func indexOf(rc db.JSON) int64 {
	switch n := rc.Map().Value("index").(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func (a *api) listTasks(c *gin.Context) {
	req, err := a.parseList(c, taskList)
	if err != nil {
		fail(c, err)
		return
	}
	a.respondTasks(c, req)
}

func (a *api) respondTasks(c *gin.Context, req *listRequest) {
	// What taskResource does not render: clients list the tasks of every
	// execution they ran.
	req.q.Omit = []string{"spec", "action_spec", "in_context", "next_tasks", "description", "unique_key",
		"has_next_tasks", "error_handled", "scope"}
	rows, err := db.List[db.TaskExecution](a.Store.Read(c.Request.Context()), req.q)
	if err != nil {
		fail(c, err)
		return
	}
	items := make([]any, 0, len(rows))
	for _, t := range rows {
		items = append(items, pick(taskResource(t), req.fields))
	}
	collection(c, "tasks", items, nextLink(c, "tasks", req, len(rows), lastID(rows, func(t *db.TaskExecution) string { return t.ID })))
}

func (a *api) getTask(c *gin.Context) {
	// id is read by wsmeArg.
	if err := checkArgNames(c, func(name string) bool { return name == "id" }); err != nil {
		fail(c, err)
		return
	}
	tx := a.Store.Read(c.Request.Context())
	t, err := tx.TaskExecutions().GetVisible(c.Param("id"), a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	m, err := a.taskResourceWithResult(tx, t)
	if err != nil {
		fail(c, err)
		return
	}
	if a.PublishedGlobal != nil {
		// Mistral adds published_global, when not empty, to the single
		// task it shows (not to lists nor to a rerun's answer).
		g, err := a.PublishedGlobal(c.Request.Context(), t)
		if err != nil {
			fail(c, err)
			return
		}
		if g.Len() > 0 {
			m = withAfter(m, "published", "published_global", encodeText(g))
		}
	}
	respond(c, http.StatusOK, m)
}

// withAfter returns m with key set to v right after the key after (at the
// end if after is absent), keeping the order WSME renders.
func withAfter(m *data.Map, after, key string, v any) *data.Map {
	out := data.NewMap(m.Len() + 1)
	placed := false
	m.Range(func(k string, item any) bool {
		out.Set(k, item)
		if k == after {
			out.Set(key, v)
			placed = true
		}
		return true
	})
	if !placed {
		out.Set(key, v)
	}
	return out
}

func (a *api) readTask(c *gin.Context, id string) (*data.Map, error) {
	tx := a.Store.Read(c.Request.Context())
	t, err := tx.TaskExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		return nil, err
	}
	return a.taskResourceWithResult(tx, t)
}

// rerunTask is PUT /v2/tasks/{id}: rerun a failed task.
func (a *api) rerunTask(c *gin.Context) {
	id := c.Param("id")
	b, err := readJSON(c, taskBody)
	if err != nil {
		fail(c, err)
		return
	}
	// reset is mandatory (taskBody); a null one reads as false.
	reset, _ := b.boolean("reset")
	t, err := a.Store.Read(c.Request.Context()).TaskExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	if b.has("workflow_name") && b.text("workflow_name") != t.WorkflowName {
		fail(c, exc.WorkflowErr("Workflow name does not match."))
		return
	}
	if b.has("name") && b.text("name") != t.Name {
		fail(c, exc.WorkflowErr("Task name does not match."))
		return
	}
	if b.text("state") != db.StateRunning {
		fail(c, exc.WorkflowErr("Invalid task state. Only updating task to rerun is supported."))
		return
	}
	if t.State != db.StateError {
		fail(c, exc.WorkflowErr("The current task execution must be in ERROR for rerun. Only updating task to rerun is supported."))
		return
	}
	if !reset && !data.Truthy(t.Spec.Map().Value("with-items")) {
		fail(c, exc.WorkflowErr("Only with-items task has the option to not reset."))
		return
	}
	var env *data.Map
	if b.has("env") {
		env = b.dict("env")
	}
	if _, err := a.Engine.RerunWorkflow(a.rpcContext(c), id, reset, env); err != nil {
		fail(c, err)
		return
	}
	m, err := a.readTask(c, id)
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, m)
}

func (a *api) listTaskActionExecutions(c *gin.Context) {
	id, err := parentID(c, "task_execution_id")
	if err != nil {
		fail(c, err)
		return
	}
	req, err := a.parseList(c, taskActionExecutionList, db.Filter{Column: "task_execution_id", Op: db.OpEq, Value: id})
	if err != nil {
		fail(c, err)
		return
	}
	a.respondActionExecutions(c, req)
}

func (a *api) getTaskActionExecution(c *gin.Context) {
	a.respondActionExecution(c, c.Param("action_ex_id"))
}

var taskWorkflowExecutionList = &listSpec{
	collection: "executions",
	fields:     executionFields,
	filters: []filterParam{
		{name: "workflow_name"}, {name: "workflow_id", kind: fUUID}, {name: "description"}, {name: "tags", kind: fTags, tagList: true},
		{name: "params", kind: fJSON}, {name: "state"}, {name: "state_info"}, {name: "input", kind: fJSON},
		{name: "output", kind: fJSON}, {name: "created_at", kind: fTime}, {name: "updated_at", kind: fTime},
	},
	// executionLinkOrder without the task, which comes from the path, first.
	params: []string{"task_execution_id"},
	linkOrder: []string{"created_at", "workflow_name", "workflow_id", "tags", "params", "state", "state_info", "input", "output",
		"updated_at", "description"},
}

func (a *api) listTaskWorkflowExecutions(c *gin.Context) {
	id, err := parentID(c, "task_execution_id")
	if err != nil {
		fail(c, err)
		return
	}
	req, err := a.parseList(c, taskWorkflowExecutionList, db.Filter{Column: "task_execution_id", Op: db.OpEq, Value: id})
	if err != nil {
		fail(c, err)
		return
	}
	// Mistral lists a task's sub-workflows without their params and input.
	a.respondExecutions(c, req, "executions", []string{"params", "input"})
}

// publishedOf renders a task's published: null when the publish had no
// branch part, which Mistral stores as NULL and we as JSON null.
func publishedOf(j db.JSON) any {
	if j.IsNull() || j.Raw == "null" {
		return nil
	}
	return j.Raw
}
