package rest

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// treeQuery holds the parameters of the sub-execution and report endpoints.
type treeQuery struct {
	errorsOnly     bool
	maxDepth       int
	includeOutput  bool
	statisticsOnly bool
}

func parseTreeQuery(c *gin.Context, allowed ...string) (treeQuery, error) {
	q := treeQuery{maxDepth: -1}
	if err := checkArgNames(c, func(name string) bool { return contains(allowed, name) }); err != nil {
		return q, err
	}
	if err := repeatedArg("max_depth", fInt, c.Request.URL.Query()["max_depth"]); err != nil {
		return q, err
	}
	if s := c.Query("max_depth"); s != "" {
		n, err := atoiClamped(s)
		if err != nil {
			return q, intArgError(c, "max_depth", s)
		}
		q.maxDepth = n
	}
	q.errorsOnly = flag(c, "errors_only")
	q.includeOutput = flag(c, "include_output")
	q.statisticsOnly = flag(c, "statistics_only")
	return q, nil
}

// positionalArgs gives the parts of the path after a WSME getter's
// route (the catch-all path parameter rest) to its arguments in order, as
// WSME does
// for GET /v2/executions/{id}/executions/true/1: each part stands for
// that query argument, replacing it. More parts than arguments find no
// route (pecan's 404).
func positionalArgs(names ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		// Pecan drops empty parts (a doubled or trailing slash).
		var parts []string
		for _, part := range strings.Split(c.Param("rest"), "/") {
			if part != "" {
				parts = append(parts, part)
			}
		}
		if len(parts) > len(names) {
			notFound(c)
			return
		}
		query := c.Request.URL.Query()
		for i, part := range parts {
			query.Set(names[i], part)
		}
		c.Request.URL.RawQuery = query.Encode()
	}
}

// queryFromPath gives the path parameter param, when the route has it, to
// the method's argument name as positionalArgs does, for routes that name
// each part.
func queryFromPath(param, name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		v, ok := c.Params.Get(param)
		if !ok {
			return
		}
		query := c.Request.URL.Query()
		query.Set(name, v)
		c.Request.URL.RawQuery = query.Encode()
	}
}

func (q treeQuery) tooDeep(depth int) bool { return q.maxDepth >= 0 && depth > q.maxDepth }

// listSubExecutions is GET /v2/executions/{id}/executions: the execution
// and, depth first, every workflow execution below it.
func (a *api) listSubExecutions(c *gin.Context) {
	a.subExecutions(c, false)
}

// listTaskSubExecutions is GET /v2/tasks/{id}/executions.
func (a *api) listTaskSubExecutions(c *gin.Context) {
	a.subExecutions(c, true)
}

func (a *api) subExecutions(c *gin.Context, ofTask bool) {
	id, err := parentID(c, "id")
	if err != nil {
		fail(c, err)
		return
	}
	q, err := parseTreeQuery(c, "errors_only", "max_depth", "include_output", "id")
	if err != nil {
		fail(c, err)
		return
	}
	tx := a.Store.Read(c.Request.Context())
	if ofTask {
		_, err = tx.TaskExecutions().GetVisible(id, a.viewer(c))
	} else {
		_, err = tx.WorkflowExecutions().GetVisible(id, a.viewer(c))
	}
	if err != nil {
		fail(c, err)
		return
	}
	var out []any
	if ofTask {
		out, err = taskSubExecutions(tx, id, q, 0)
	} else {
		out, err = executionSubExecutions(tx, id, q, 0)
	}
	if err != nil {
		fail(c, err)
		return
	}
	collection(c, "executions", out, "")
}

func executionSubExecutions(tx *db.Tx, id string, q treeQuery, depth int) ([]any, error) {
	if q.tooDeep(depth) {
		return nil, nil
	}
	e, err := tx.WorkflowExecutions().Get(id)
	if err != nil {
		return nil, err
	}
	out := []any{executionResource(e, q.includeOutput)}
	tasks, err := tx.TaskExecutions().ByWorkflow(id)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		sub, err := taskSubExecutionsOf(tx, t, q, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

func taskSubExecutions(tx *db.Tx, id string, q treeQuery, depth int) ([]any, error) {
	t, err := tx.TaskExecutions().Get(id)
	if err != nil {
		return nil, err
	}
	return taskSubExecutionsOf(tx, t, q, depth)
}

func taskSubExecutionsOf(tx *db.Tx, t *db.TaskExecution, q treeQuery, depth int) ([]any, error) {
	if q.errorsOnly && t.State != db.StateError {
		return nil, nil
	}
	subs, err := tx.WorkflowExecutions().ByTask(t.ID)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, s := range subs {
		list, err := executionSubExecutions(tx, s.ID, q, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// reportStats counts tasks by state for the execution report.
type reportStats struct {
	total, running, success, errors, idle, paused int64
}

func (s *reportStats) count(state string) {
	switch state {
	case db.StateRunning:
		s.running++
	case db.StateSuccess:
		s.success++
	case db.StateError:
		s.errors++
	case db.StateIdle:
		s.idle++
	case db.StatePaused:
		s.paused++
	default:
		return
	}
	s.total++
}

// executionReport is GET /v2/executions/{id}/report.
func (a *api) executionReport(c *gin.Context) {
	id := c.Param("id")
	if err := checkUUID("workflow_execution_id", id); err != nil {
		fail(c, err)
		return
	}
	q, err := parseTreeQuery(c, "errors_only", "max_depth", "statistics_only")
	if err != nil {
		fail(c, err)
		return
	}
	tx := a.Store.Read(c.Request.Context())
	e, err := tx.WorkflowExecutions().GetVisible(id, a.viewer(c))
	if err != nil {
		fail(c, err)
		return
	}
	estimated, err := estimateTime(tx, e)
	if err != nil {
		fail(c, err)
		return
	}
	var stats reportStats
	root, err := reportWorkflow(tx, e, q, 0, &stats)
	if err != nil {
		fail(c, err)
		return
	}
	out := data.MapOf("statistics", data.MapOf(
		"total_tasks_count", stats.total,
		"running_tasks_count", stats.running,
		"success_tasks_count", stats.success,
		"error_tasks_count", stats.errors,
		"idle_tasks_count", stats.idle,
		"paused_tasks_count", stats.paused,
		"estimated_time", estimated,
	))
	if !q.statisticsOnly {
		out.Set("root_workflow_execution", root)
	}
	respond(c, http.StatusOK, out)
}

func reportEntry(id, name string, created time.Time, updated *time.Time, state string, stateInfo *string) *data.Map {
	return data.MapOf("id", id, "name", name, "created_at", ts(created), "updated_at", tsPtr(updated),
		"state", state, "state_info", str(stateInfo))
}

func reportWorkflow(tx *db.Tx, e *db.WorkflowExecution, q treeQuery, depth int, stats *reportStats) (*data.Map, error) {
	entry := reportEntry(e.ID, e.Name, e.CreatedAt, e.UpdatedAt, e.State, e.StateInfo)
	if q.tooDeep(depth) {
		return entry, nil
	}
	tasks, err := tx.TaskExecutions().ByWorkflow(e.ID)
	if err != nil {
		return nil, err
	}
	list := []any{}
	for _, t := range tasks {
		if q.errorsOnly && t.State != db.StateError {
			continue
		}
		stats.count(t.State)
		te := data.NewMap(9)
		actions, err := tx.ActionExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		acts := []any{}
		for _, x := range actions {
			ae := reportEntry(x.ID, x.Name, x.CreatedAt, x.UpdatedAt, x.State, x.StateInfo)
			ae.Set("accepted", x.Accepted)
			ae.Set("last_heartbeat", tsPtr(x.LastHeartbeat))
			acts = append(acts, ae)
		}
		subs, err := tx.WorkflowExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		wfs := []any{}
		for _, s := range subs {
			se, err := reportWorkflow(tx, s, q, depth+1, stats)
			if err != nil {
				return nil, err
			}
			wfs = append(wfs, se)
		}
		te.Set("action_executions", acts)
		te.Set("workflow_executions", wfs)
		reportEntry(t.ID, t.Name, t.CreatedAt, t.UpdatedAt, t.State, t.StateInfo).Range(func(k string, v any) bool {
			te.Set(k, v)
			return true
		})
		if retry, ok := t.RuntimeContext.Map().Value("retry_task_policy").(*data.Map); ok {
			te.Set("retry_count", retry.Value("retry_no"))
		}
		list = append(list, te)
	}
	entry.Set("task_executions", list)
	return entry, nil
}

// estimateTime is the report's estimated_time: for a running execution the
// average duration of up to 20 successful runs of the workflow minus the
// time elapsed (1 if already over, -1 without history); 0 otherwise.
func estimateTime(tx *db.Tx, e *db.WorkflowExecution) (int64, error) {
	if e.State != db.StateRunning {
		return 0, nil
	}
	prev, err := db.List[db.WorkflowExecution](tx, db.ListQuery{
		Filters: []db.Filter{{Column: "workflow_id", Op: db.OpEq, Value: e.WorkflowID},
			{Column: "state", Op: db.OpEq, Value: db.StateSuccess}},
		Limit: 20,
	})
	if err != nil {
		return 0, err
	}
	if len(prev) == 0 {
		return -1, nil
	}
	var total float64
	for _, p := range prev {
		if p.UpdatedAt != nil {
			total += p.UpdatedAt.Sub(p.CreatedAt).Seconds()
		}
	}
	left := total/float64(len(prev)) - time.Since(e.CreatedAt).Seconds()
	if left < 0 {
		return 1, nil
	}
	return int64(left), nil
}
