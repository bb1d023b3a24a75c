package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// setMaintenance puts the database in a maintenance status directly.
func (a *testAPI) setMaintenance(t testing.TB, status string) {
	t.Helper()
	err := a.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		m := tx.Maintenance()
		if _, err := m.EndPause(); err != nil || status == db.MaintenanceRunning {
			return err
		}
		if _, _, err := m.BeginPause(); err != nil {
			return err
		}
		if status == db.MaintenancePaused {
			if got, err := m.Settle(); err != nil || got != db.MaintenancePaused {
				return fmt.Errorf("settle: %s, %v", got, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMaintenanceGate(t *testing.T) {
	a := newTestAPI(t)
	const lockedMsg = "Current Mistral state is PAUSED. Method is not allowed"
	tests := []struct {
		name, method, path, body, accept string
		status                           string // maintenance status
		want                             int    // 0: anything but 423
		wantBody                         string
	}{
		{name: "running lets writes through", status: "RUNNING", method: "POST", path: "/v2/environments",
			body: `{"name": "env1", "variables": {}}`, want: 201},
		{name: "reads pass", status: "PAUSED", method: "GET", path: "/v2/executions", want: 200},
		{name: "root passes", status: "PAUSED", method: "GET", path: "/", want: 200},
		{name: "maintenance passes", status: "PAUSED", method: "PUT", path: "/maintenance",
			body: `{"status": "PAUSED"}`, want: 200},
		{name: "new executions are refused", status: "PAUSED", method: "POST", path: "/v2/executions",
			body: `{"workflow_name": "hello"}`, want: 423,
			wantBody: "423 Locked\n\nThe resource is locked\n\n " + lockedMsg + "  "},
		{name: "pausing refuses too", status: "PAUSING", method: "POST", path: "/v2/executions",
			body: `{"workflow_name": "hello"}`, want: 423, wantBody: "Current Mistral state is PAUSING"},
		{name: "JSON when preferred", status: "PAUSED", method: "DELETE", path: "/v2/workflows/hello",
			accept: "application/json", want: 423,
			wantBody: `{"code": 423, "title": "Locked", "description": "` + lockedMsg + `"}`},
		{name: "plain for any type", status: "PAUSED", method: "DELETE", path: "/v2/workflows/hello",
			accept: "*/*", want: 423, wantBody: "423 Locked"},
		{name: "execution pause is refused", status: "PAUSED", method: "PUT", path: "/v2/executions/x",
			body: `{"state": "PAUSED"}`, want: 423},
		{name: "execution cancel passes", status: "PAUSED", method: "PUT", path: "/v2/executions/x",
			body: `{"state": "CANCELLED"}`, want: 404},
		{name: "action results pass", status: "PAUSING", method: "PUT", path: "/v2/action_executions/x",
			body: `{"state": "SUCCESS"}`, want: 404},
		{name: "action results pass when paused", status: "PAUSED", method: "PUT", path: "/v2/action_executions/x",
			body: `{"state": "SUCCESS"}`, want: 404},
		{name: "action results named in the query pass", status: "PAUSED", method: "PUT", path: "/v2/action_executions?id=x",
			body: `{"state": "SUCCESS"}`, want: 404},
		{name: "execution cancel named in the query passes", status: "PAUSED", method: "PUT", path: "/v2/executions?id=x",
			body: `{"state": "CANCELLED"}`, want: 404},
		{name: "a collection put without id is refused", status: "PAUSED", method: "PUT", path: "/v2/action_executions",
			body: `{"state": "SUCCESS"}`, want: 423},
		{name: "new action executions are refused", status: "PAUSED", method: "POST", path: "/v2/action_executions",
			body: `{"name": "std.noop"}`, want: 423},
		{name: "trailing slash is the same path", status: "PAUSED", method: "POST", path: "/v2/workflows/",
			body: "", want: 423},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.setMaintenance(t, tt.status)
			req, err := http.NewRequest(tt.method, a.srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body strings.Builder
			_, _ = fmt.Fprint(&body, readAll(t, resp))
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.want, body.String())
			}
			if tt.want == http.StatusLocked {
				msg := "Current Mistral state is " + tt.status + ". Method is not allowed"
				if got := resp.Header.Get("Server-Error-Message"); got != msg {
					t.Errorf("Server-Error-Message %q, want %q", got, msg)
				}
			}
			if !strings.Contains(body.String(), tt.wantBody) {
				t.Errorf("body %q lacks %q", body.String(), tt.wantBody)
			}
		})
	}
	a.setMaintenance(t, db.MaintenanceRunning)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestMaintenanceStatusRequests(t *testing.T) {
	a := newTestAPI(t)
	tests := []call{
		{name: "read", path: "/maintenance", status: 200, contains: []string{`{"status": "RUNNING"}`}},
		{name: "intermediate state", method: "PUT", path: "/maintenance", body: `{"status": "PAUSING"}`, status: 400,
			contains: []string{"PAUSING is intermediate state. Consider PAUSED, RUNNING as new state"}},
		{name: "unknown state", method: "PUT", path: "/maintenance", body: `{"status": "STOPPED"}`, status: 400,
			contains: []string{"Not found STOPPED maintenance state. List of states: ['PAUSING', 'PAUSED', 'RUNNING']"}},
		{name: "no state", method: "PUT", path: "/maintenance", body: `{}`, status: 400,
			contains: []string{"Not found None maintenance state"}},
		{name: "unknown attribute", method: "PUT", path: "/maintenance", body: `{"state": "PAUSED"}`, status: 400,
			contains: []string{"Unknown attribute for argument new_maintenance_status: state"}},
		{name: "resume when running", method: "PUT", path: "/maintenance", body: `{"status": "RUNNING"}`, status: 200,
			contains: []string{`{"status": "RUNNING"}`}},
		{name: "stuck listing", path: "/v2/maintenance/stuck?older_than=0", status: 200,
			has: []string{"tasks", "executions", "older_than"}},
		{name: "stuck listing bad age", path: "/v2/maintenance/stuck?older_than=soon", status: 400,
			contains: []string{"older_than must be a non-negative number of seconds"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { a.check(t, tc) })
	}
}

const maintenanceWorkflow = `---
version: '2.0'

fan:
  tasks:
    start:
      action: std.noop
      on-success: [wait, nap]
    wait:
      action: std.async_noop
      on-success: [finish]
    nap:
      action: std.sleep seconds=1
      on-success: [nap2]
    nap2:
      action: std.sleep seconds=0
      on-success: [finish]
    finish:
      join: all
      action: std.echo output="done"

snooze:
  tasks:
    nap:
      action: std.sleep seconds=1
`

// TestMaintenanceUnderLoad walks RUNNING → PAUSING → PAUSED → RUNNING with
// executions in flight: PAUSING lasts while asynchronous actions run, their
// results still come in, PAUSED follows the last one at once, and leaving
// resumes exactly what maintenance paused.
func TestMaintenanceUnderLoad(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", maintenanceWorkflow).expect(t, 201)
	const n = 12
	var ids []string
	for range n {
		ex := a.postJSON("/v2/executions", `{"workflow_name": "fan"}`).expect(t, 201).obj(t)
		ids = append(ids, ex.Value("id").(string))
	}
	// An execution the user paused before maintenance stays paused after.
	userPaused := a.postJSON("/v2/executions", `{"workflow_name": "snooze"}`).expect(t, 201).obj(t).Value("id").(string)
	a.putJSON("/v2/executions/"+userPaused, `{"state": "PAUSED"}`).expect(t, 200)

	// Each "wait" runs an asynchronous action: the tasks stay RUNNING until
	// its result is PUT.
	waits := make(map[string]string, n) // execution -> wait's action execution
	for _, id := range ids {
		waits[id] = a.waitAction(t, id, "wait")
	}

	got := a.putJSON("/maintenance", `{"status": "PAUSED"}`).expect(t, 200).obj(t)
	if got.Value("status") != "PAUSING" {
		t.Fatalf("PUT PAUSED answered %v, want PAUSING", got)
	}
	// Writes are refused, reads are not.
	r := a.postJSON("/v2/executions", `{"workflow_name": "fan"}`).expect(t, http.StatusLocked)
	if h := r.header.Get("Server-Error-Message"); !strings.HasPrefix(h, "Current Mistral state is PAUS") {
		t.Errorf("Server-Error-Message %q", h)
	}
	a.get("/v2/executions").expect(t, 200)

	// Every execution gets paused; the naps finish but start nothing new.
	for _, id := range ids {
		a.waitState(t, "/v2/executions/"+id, "PAUSED")
	}
	time.Sleep(1200 * time.Millisecond)
	if s := a.maintenanceStatus(t); s != "PAUSING" {
		t.Fatalf("status %s with asynchronous actions still running, want PAUSING", s)
	}

	// A paused execution may still be cancelled.
	cancelled := ids[0]
	a.putJSON("/v2/executions/"+cancelled, `{"state": "CANCELLED"}`).expect(t, 200)
	// Running actions may still report, even to the cancelled execution
	// (cancelling leaves its running action's task RUNNING, as Mistral does).
	for _, id := range ids {
		a.putJSON("/v2/action_executions/"+waits[id], `{"state": "SUCCESS", "output": "{\"ok\": true}"}`).expect(t, 200)
	}
	a.waitMaintenance(t, "PAUSED")
	if running := a.countRunningTasks(t); running != 0 {
		t.Fatalf("PAUSED with %d tasks RUNNING", running)
	}
	r = a.postJSON("/v2/executions", `{"workflow_name": "fan"}`).expect(t, http.StatusLocked)
	if h := r.header.Get("Server-Error-Message"); h != "Current Mistral state is PAUSED. Method is not allowed" {
		t.Errorf("Server-Error-Message %q", h)
	}

	a.putJSON("/maintenance", `{"status": "RUNNING"}`).expect(t, 200)
	for _, id := range ids[1:] {
		if m := a.waitState(t, "/v2/executions/"+id, "SUCCESS"); m.Value("state") != "SUCCESS" {
			t.Errorf("execution %s ended %v after resume", id, m.Value("state"))
		}
	}
	if s := a.get("/v2/executions/" + cancelled).obj(t).Value("state"); s != "CANCELLED" {
		t.Errorf("cancelled execution is %v", s)
	}
	if s := a.get("/v2/executions/" + userPaused).obj(t).Value("state"); s != "PAUSED" {
		t.Errorf("the user's paused execution is %v after maintenance, want PAUSED", s)
	}
	a.putJSON("/v2/executions/"+userPaused, `{"state": "RUNNING"}`).expect(t, 200)
	a.waitState(t, "/v2/executions/"+userPaused, "SUCCESS")
	// New executions run again.
	again := a.postJSON("/v2/executions", `{"workflow_name": "snooze"}`).expect(t, 201).obj(t).Value("id").(string)
	a.waitState(t, "/v2/executions/"+again, "SUCCESS")
}

// waitAction waits for the task of an execution to run an action and
// returns the action execution's id.
func (a *testAPI) waitAction(t *testing.T, exID, task string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, tk := range a.get("/v2/executions/"+exID+"/tasks").expect(t, 200).list(t, "tasks") {
			if tk.Value("name") != task {
				continue
			}
			acts := a.get("/v2/tasks/"+tk.Value("id").(string)+"/action_executions").expect(t, 200).list(t, "action_executions")
			if len(acts) > 0 {
				return acts[0].Value("id").(string)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("task %s of %s ran no action", task, exID)
	return ""
}

// waitState polls a resource until its state is want (or 10 s passed) and
// returns it.
func (a *testAPI) waitState(t *testing.T, path, want string) *data.Map {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := a.get(path).expect(t, 200).obj(t)
		if m.Value("state") == want {
			return m
		}
		if time.Now().After(deadline) || db.IsTerminal(m.Value("state").(string)) && m.Value("state") != want {
			t.Fatalf("%s is %v, want %s: %v", path, m.Value("state"), want, m.Value("state_info"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (a *testAPI) maintenanceStatus(t *testing.T) string {
	t.Helper()
	return a.get("/maintenance").expect(t, 200).obj(t).Value("status").(string)
}

func (a *testAPI) waitMaintenance(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for a.maintenanceStatus(t) != want {
		if time.Now().After(deadline) {
			for _, tk := range a.get("/v2/tasks?limit=1000").expect(t, 200).list(t, "tasks") {
				if tk.Value("state") == "RUNNING" {
					t.Logf("running: %s %s of %s", tk.Value("id"), tk.Value("name"), tk.Value("workflow_execution_id"))
				}
			}
			t.Fatalf("maintenance is %s, want %s", a.maintenanceStatus(t), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (a *testAPI) countRunningTasks(t *testing.T) int {
	t.Helper()
	n := 0
	for _, tk := range a.get("/v2/tasks?limit=1000").expect(t, 200).list(t, "tasks") {
		if tk.Value("state") == "RUNNING" {
			n++
		}
	}
	return n
}

// BenchmarkMaintenanceGate measures what the gate adds to a write: one
// read of the status row per request.
func BenchmarkMaintenanceGate(b *testing.B) {
	a := newTestAPI(b)
	body := `{"state": "CANCELLED"}`
	b.Run("status-read", func(b *testing.B) {
		ctx := context.Background()
		for b.Loop() {
			if _, err := a.store.Read(ctx).Maintenance().Status(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("refused-put", func(b *testing.B) {
		a.setMaintenance(b, db.MaintenancePaused)
		defer a.setMaintenance(b, db.MaintenanceRunning)
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPut, "/v2/executions/x", strings.NewReader(`{"state": "PAUSED"}`))
			w := &discardWriter{h: http.Header{}}
			a.handler.ServeHTTP(w, req)
			if w.status != http.StatusLocked {
				b.Fatalf("status %d", w.status)
			}
		}
		_ = body
	})
}

type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(s int)           { w.status = s }
