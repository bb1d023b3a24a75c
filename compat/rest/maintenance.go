package rest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// Maintenance mode, as Mistral's: GET and PUT /maintenance, and a gate that
// refuses changes while the cluster is PAUSING or PAUSED. The status lives
// in the database (db.Maintenance), so every API process agrees, and it is
// read on every request the gate has to judge: a primary-key read, cheaper
// than a cache that could let a request through a second after PAUSED (see
// BenchmarkMaintenanceGate).
//
// Entering PAUSED records the running top-level executions and pauses each
// through the engine API; the engine moves PAUSING to PAUSED when the last
// RUNNING task finishes (engine/maintenance.go). Leaving resumes exactly
// the executions maintenance paused, never one a user paused.

// maintenanceWorkers bounds the engine calls a pause or resume sweep makes
// at once.
const maintenanceWorkers = 8

// defaultStuckAge is GET /v2/maintenance/stuck's default older_than.
const defaultStuckAge = 600 * time.Second

var maintenanceBody = bodySpec{arg: "new_maintenance_status", attrs: map[string]attrKind{"status": aText}}

// maintenanceRoutes installs the gate (before every route it must judge)
// and the maintenance endpoints.
func (a *api) maintenanceRoutes(r *gin.Engine) {
	r.Use(a.maintenanceGate)
	r.GET("/maintenance", a.getMaintenance)
	r.PUT("/maintenance", a.putMaintenance)
	r.GET("/v2/maintenance/stuck", a.listStuck)
}

// alwaysOpen are the paths the gate never closes (Mistral's list, after the
// trailing slash normalization).
var alwaysOpen = map[string]bool{"/": true, "/v2/": true, "/health": true, "/maintenance": true}

// maintenanceGate answers 423 to every request but GET while maintenance is
// not RUNNING, except what lets running work finish or be stopped: PUT on
// an action execution (actions report their results) and PUT on an
// execution to CANCELLED.
func (a *api) maintenanceGate(c *gin.Context) {
	req := c.Request
	if req.Method == http.MethodGet || alwaysOpen[req.URL.Path] {
		return
	}
	status, err := a.Store.Read(req.Context()).Maintenance().Status()
	if err != nil {
		a.Log.Error("maintenance status unreadable", "method", req.Method, "path", req.URL.Path, "error", err)
		failWith(c, http.StatusInternalServerError, "Failed to read the maintenance status: "+err.Error())
		return
	}
	if status == db.MaintenanceRunning || maintenanceExempt(req) {
		return
	}
	locked(c, fmt.Sprintf("Current Mistral state is %s. Method is not allowed", status))
}

// maintenanceExempt reports whether a request may pass a closed gate.
func maintenanceExempt(req *http.Request) bool {
	if req.Method != http.MethodPut {
		return false
	}
	// The one it updates is named by the path or, as WSME reads it, by
	// the query (PUT /v2/action_executions?id=x).
	parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	named := len(parts) == 3 || len(parts) == 2 && req.URL.Query().Has("id")
	if !named || parts[0] != "v2" {
		return false
	}
	switch parts[1] {
	case "action_executions":
		return true
	case "executions":
		return bodyState(req) == db.StateCancelled
	}
	return false
}

// bodyState peeks at the "state" of a JSON body and puts the body back for
// the handler.
func bodyState(req *http.Request) string {
	if req.Body == nil {
		return ""
	}
	raw, err := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return ""
	}
	v, err := data.Parse(raw)
	if err != nil {
		return ""
	}
	m, ok := v.(*data.Map)
	if !ok {
		return ""
	}
	s, _ := m.Value("state").(string)
	return s
}

// locked is Mistral's 423: the message in the Server-Error-Message header
// (which python-mistralclient shows), and in pecan's JSON error body when the
// client prefers JSON, webob's plain text body otherwise.
func locked(c *gin.Context, msg string) {
	c.Abort()
	c.Header("Server-Error-Message", msg)
	if prefersJSON(c.GetHeader("Accept")) {
		respond(c, http.StatusLocked, data.MapOf("code", int64(http.StatusLocked), "title", "Locked", "description", msg))
		return
	}
	c.Data(http.StatusLocked, "text/plain; charset=UTF-8", []byte("423 Locked\n\nThe resource is locked\n\n "+msg+"  "))
}

// prefersJSON reports whether pecan would choose application/json among
// text/plain, text/html and application/json for an Accept header: the
// offer with the highest quality wins, earlier offers win ties.
func prefersJSON(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return false
	}
	best, bestQ := "", 0.0
	for _, offer := range []string{"text/plain", "text/html", "application/json"} {
		if q := acceptQuality(accept, offer); q > bestQ {
			best, bestQ = offer, q
		}
	}
	return best == "application/json"
}

// acceptQuality is the q an Accept header gives a media type: that of the
// most specific range matching it, 0 when none does.
func acceptQuality(accept, mediaType string) float64 {
	typ, _, _ := strings.Cut(mediaType, "/")
	q, specificity := 0.0, -1
	for _, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		rng := strings.ToLower(strings.TrimSpace(fields[0]))
		s := -1
		switch {
		case rng == mediaType:
			s = 2
		case rng == typ+"/*":
			s = 1
		case rng == "*/*":
			s = 0
		}
		if s <= specificity {
			continue
		}
		rq := 1.0
		for _, p := range fields[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.TrimSpace(k) == "q" {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					rq = f
				}
			}
		}
		q, specificity = rq, s
	}
	return q
}

// getMaintenance is GET /maintenance.
func (a *api) getMaintenance(c *gin.Context) {
	status, err := a.Store.Read(c.Request.Context()).Maintenance().Status()
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, data.MapOf("status", status))
}

// putMaintenance is PUT /maintenance {"status": "PAUSED"|"RUNNING"}. It
// answers the status entered: PAUSING (or PAUSED when it already was) and
// RUNNING. The pausing and resuming go on in the background.
func (a *api) putMaintenance(c *gin.Context) {
	body, err := readJSON(c, maintenanceBody)
	if err != nil {
		fail(c, err)
		return
	}
	want := "None"
	if body.has("status") {
		want = body.text("status")
	}
	// The sweeps outlive the request.
	ctx := context.WithoutCancel(c.Request.Context())
	var status string
	switch want {
	case db.MaintenancePaused:
		status, err = a.enterMaintenance(ctx)
	case db.MaintenanceRunning:
		status, err = a.leaveMaintenance(ctx)
	case db.MaintenancePausing:
		err = badRequest("PAUSING is intermediate state. Consider PAUSED, RUNNING as new state")
	default:
		err = badRequest("Not found %s maintenance state. List of states: ['PAUSING', 'PAUSED', 'RUNNING']", want)
	}
	if err != nil {
		fail(c, err)
		return
	}
	respond(c, http.StatusOK, data.MapOf("status", status))
}

// enterMaintenance enters PAUSING and starts pausing what runs. Asked again
// while PAUSING (say, after the API process that began died), it pauses
// what is left.
func (a *api) enterMaintenance(ctx context.Context) (string, error) {
	var status string
	var toPause []string
	err := a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) (err error) {
		status, toPause, err = tx.Maintenance().BeginPause()
		return err
	})
	if err != nil {
		return "", err
	}
	if status == db.MaintenancePausing {
		a.Log.Info("maintenance mode pausing", "executions", len(toPause))
		go a.pauseAll(ctx, toPause)
	}
	return status, nil
}

// pauseAll pauses the executions maintenance recorded, then settles: with
// nothing running any more, PAUSED is reached here rather than on a task's
// end.
func (a *api) pauseAll(ctx context.Context, ids []string) {
	a.sweep(ids, func(id string) bool {
		status, err := a.Store.Read(ctx).Maintenance().Status()
		if err == nil && status != db.MaintenancePausing {
			return false // maintenance was left meanwhile
		}
		a.pauseOne(ctx, id)
		return true
	})
	status, err := a.Store.SettleMaintenance(ctx)
	if err != nil {
		a.Log.Error("maintenance check failed", "error", err)
		return
	}
	a.Log.Info("maintenance executions paused", "executions", len(ids), "status", status)
}

func (a *api) pauseOne(ctx context.Context, id string) {
	if _, err := a.Engine.PauseWorkflow(ctx, id); err != nil {
		if a.forgetFinished(ctx, id) {
			return
		}
		// Left recorded as still to pause: PAUSED is not reached until an
		// operator's next PUT PAUSED pauses it.
		a.Log.Error("maintenance could not pause execution", "execution_id", id, "error", err)
		return
	}
	var recorded bool
	err := a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) (err error) {
		recorded, err = tx.Maintenance().MarkPaused(id)
		return err
	})
	if err != nil {
		a.Log.Error("maintenance could not record paused execution", "execution_id", id, "error", err)
		return
	}
	if !recorded {
		// Maintenance was left while this execution was being paused, and
		// whoever left it did not know to resume it.
		a.resumeOne(ctx, id)
	}
}

// leaveMaintenance enters RUNNING and resumes, in the background, the
// executions maintenance paused.
func (a *api) leaveMaintenance(ctx context.Context) (string, error) {
	var toResume []string
	err := a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) (err error) {
		toResume, err = tx.Maintenance().EndPause()
		return err
	})
	if err != nil {
		return "", err
	}
	a.Log.Info("maintenance mode left", "executions", len(toResume))
	go a.sweep(toResume, func(id string) bool {
		a.resumeOne(ctx, id)
		return true
	})
	return db.MaintenanceRunning, nil
}

func (a *api) resumeOne(ctx context.Context, id string) {
	if _, err := a.Engine.ResumeWorkflow(ctx, id, nil); err != nil && !a.forgetFinished(ctx, id) {
		// Left recorded: the next PUT RUNNING tries again.
		a.Log.Error("maintenance could not resume execution", "execution_id", id, "error", err)
		return
	}
	err := a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Maintenance().Forget(id)
	})
	if err != nil {
		a.Log.Error("maintenance could not forget resumed execution", "execution_id", id, "error", err)
	}
}

// forgetFinished drops an execution that has finished or been deleted from
// maintenance's record, and reports whether it did.
func (a *api) forgetFinished(ctx context.Context, id string) bool {
	state, err := a.Store.Read(ctx).WorkflowExecutions().StateOf(id)
	if err != nil && !exc.Is(err, exc.DBEntityNotFound) {
		return false
	}
	if err == nil && !db.IsTerminal(state) {
		return false
	}
	err = a.Store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Maintenance().Forget(id)
	})
	return err == nil
}

// sweep runs do for each id, a few at a time, until do answers false.
func (a *api) sweep(ids []string, do func(id string) bool) {
	sem := make(chan struct{}, maintenanceWorkers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	stop := false
	for _, id := range ids {
		sem <- struct{}{}
		mu.Lock()
		stopped := stop
		mu.Unlock()
		if stopped {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if !do(id) {
				mu.Lock()
				stop = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// listStuck is GET /v2/maintenance/stuck?older_than=SECONDS&limit=N: the
// RUNNING tasks that make no progress (all their actions or sub-workflows
// finished, or those still running unchanged for older_than) and the
// RUNNING executions whose tasks have all finished, for an operator to
// repair (README, "Operations").
func (a *api) listStuck(c *gin.Context) {
	age := defaultStuckAge
	if s := c.Query("older_than"); s != "" {
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || n < 0 {
			fail(c, badRequest("older_than must be a non-negative number of seconds, not '%s'", s))
			return
		}
		age = time.Duration(n * float64(time.Second))
	}
	limit := 1000
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			fail(c, badRequest("limit must be a positive integer, not '%s'", s))
			return
		}
		limit = n
	}
	cutoff := time.Now().UTC().Add(-age)
	read := a.Store.Read(c.Request.Context()).Maintenance()
	tasks, err := read.StuckTasks(cutoff, limit)
	if err != nil {
		fail(c, err)
		return
	}
	execs, err := read.StuckExecutions(cutoff, limit)
	if err != nil {
		fail(c, err)
		return
	}
	taskItems := make([]any, 0, len(tasks))
	for _, st := range tasks {
		taskItems = append(taskItems, stuckTaskResource(st))
	}
	execItems := make([]any, 0, len(execs))
	for _, e := range execs {
		execItems = append(execItems, data.MapOf(
			"id", e.ID, "workflow_name", e.WorkflowName, "state", e.State,
			"root_execution_id", str(e.RootExecutionID), "task_execution_id", str(e.TaskExecutionID),
			"created_at", ts(e.CreatedAt), "updated_at", tsPtr(e.UpdatedAt),
		))
	}
	respond(c, http.StatusOK, data.MapOf(
		"older_than", int64(age/time.Second), "tasks", taskItems, "executions", execItems))
}

func stuckTaskResource(st *db.StuckTask) *data.Map {
	t := st.Task
	actions := make([]any, 0, len(st.Actions))
	for _, x := range st.Actions {
		actions = append(actions, data.MapOf(
			"id", x.ID, "name", x.Name, "state", x.State,
			"created_at", ts(x.CreatedAt), "updated_at", tsPtr(x.UpdatedAt), "last_heartbeat", tsPtr(x.LastHeartbeat),
		))
	}
	subs := make([]any, 0, len(st.Children))
	for _, x := range st.Children {
		subs = append(subs, data.MapOf(
			"id", x.ID, "workflow_name", x.WorkflowName, "state", x.State,
			"created_at", ts(x.CreatedAt), "updated_at", tsPtr(x.UpdatedAt),
		))
	}
	return data.MapOf(
		"id", t.ID, "name", t.Name, "type", t.Type, "state", t.State,
		"workflow_execution_id", t.WorkflowExecutionID, "workflow_name", t.WorkflowName,
		"created_at", ts(t.CreatedAt), "updated_at", tsPtr(t.UpdatedAt),
		"reason", st.Reason, "action_executions", actions, "workflow_executions", subs,
	)
}
