package rest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzBodies sends arbitrary bodies to the endpoints that create or change
// resources from JSON, and to the validators of the three kinds of
// definition: whatever a client sends gets a 2xx or a 4xx in Mistral's
// error shape, never a 500 or a crash.
func FuzzBodies(f *testing.F) {
	for _, seed := range []string{
		`{"workflow_name": "fz_wf", "input": "{\"a\": 1}", "params": "{\"env\": {\"k\": 1}}"}`,
		`{"workflow_id": "x", "params": {"task_name": 1, "namespace": null}, "description": 7}`,
		`{"state": "PAUSED", "env": {"a": [1]}, "state_info": "s"}`,
		`{"name": "fz_e", "variables": "{\"k\": {}}", "scope": "public"}`,
		`{"name": "fz_ct", "workflow_name": "fz_wf", "pattern": "* * * * 5#6", "first_execution_time": "2030-01-01 00:00", "remaining_executions": 1e3}`,
		`{"name": "fz_et", "workflow_id": "x", "exchange": "e", "topic": "t", "event": "ev"}`,
		`{"state": "RUNNING", "reset": "maybe", "env": []}`,
		`{"output": "{\"result\": 1}", "state": "SUCCESS"}`,
		"version: '2.0'\nw:\n  tasks:\n    t: {action: std.noop, on-success: [u]}\n",
		`[]`, `null`, `"x"`, `{"a":`, "\xff",
	} {
		f.Add(seed)
	}
	a := newTestAPI(f)
	a.postText("/v2/workflows", "version: '2.0'\nfz_wf:\n  input: [{a: 0}]\n  tasks:\n    t: {action: std.async_noop}\n").expect(f, http.StatusCreated)
	ex := a.postJSON("/v2/executions", `{"workflow_name": "fz_wf"}`).expect(f, http.StatusCreated).obj(f)
	exID, _ := ex.Get("id")
	var taskID, actionID any
	for deadline := time.Now().Add(10 * time.Second); actionID == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if tasks := a.get("/v2/tasks").list(f, "tasks"); len(tasks) > 0 {
			taskID, _ = tasks[0].Get("id")
		}
		if actions := a.get("/v2/action_executions").list(f, "action_executions"); len(actions) > 0 {
			actionID, _ = actions[0].Get("id")
		}
	}
	if actionID == nil {
		f.Fatal("the execution's action did not start")
	}
	targets := []struct{ method, path, contentType string }{
		{http.MethodPost, "/v2/executions", "application/json"},
		{http.MethodPut, "/v2/executions/" + exID.(string), "application/json"},
		{http.MethodPut, "/v2/tasks/" + taskID.(string), "application/json"},
		{http.MethodPut, "/v2/action_executions/" + actionID.(string), "application/json"},
		{http.MethodPost, "/v2/environments", "application/json"},
		{http.MethodPut, "/v2/environments", "application/json"},
		{http.MethodPost, "/v2/cron_triggers", "application/json"},
		{http.MethodPost, "/v2/event_triggers", "application/json"},
		{http.MethodPost, "/v2/workflows/validate", "text/plain"},
		{http.MethodPost, "/v2/workbooks/validate", "text/plain"},
		{http.MethodPost, "/v2/actions/validate", "text/plain"},
	}
	f.Fuzz(func(t *testing.T, body string) {
		t.Logf("body %q", body)
		for _, target := range targets {
			req := httptest.NewRequest(target.method, target.path, strings.NewReader(body))
			req.Header.Set("Content-Type", target.contentType)
			a.expectNoServerError(t, req)
		}
	})
}
