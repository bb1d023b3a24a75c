package rest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// publishedGlobalWorkflows publish globally with and without vars. The
// published_global of an execution is its context without the workflow's
// vars; a publish named "vars" is no var.
const publishedGlobalWorkflows = `---
version: '2.0'

pg_vars:
  vars:
    greeting: hi
    Vars: 2
  tasks:
    t:
      action: std.noop
      on-success:
        publish:
          global:
            g: <% $.greeting %>

pg_no_vars:
  tasks:
    t:
      action: std.noop
      on-success:
        publish:
          global:
            vars: 1
            g: 2

pg_none:
  tasks:
    t:
      action: std.noop
`

func TestPublishedGlobal(t *testing.T) {
	for _, backend := range []string{"sqlite", "mariadb"} {
		t.Run(backend, func(t *testing.T) {
			a := newTestAPIOn(t, backend)
			a.postText("/v2/workflows", publishedGlobalWorkflows).expect(t, http.StatusCreated)
			for _, tc := range []struct {
				workflow string
				want     string
			}{
				{workflow: "pg_vars", want: `{"g": "hi"}`},
				{workflow: "pg_no_vars", want: `{"vars": 1, "g": 2}`},
				{workflow: "pg_none", want: `{}`},
			} {
				t.Run(tc.workflow, func(t *testing.T) {
					id := a.postJSON("/v2/executions", `{"workflow_name": "`+tc.workflow+`"}`).
						expect(t, http.StatusCreated).obj(t).Value("id").(string)
					ex := a.waitExecution(id)
					if ex.Value("state") != "SUCCESS" {
						t.Fatalf("execution ended in %v", ex.Value("state"))
					}
					if got := ex.Value("published_global"); got != tc.want {
						t.Errorf("published_global = %v, want %s", got, tc.want)
					}
				})
			}
		})
	}
}

// JSON text holding null is null, as WSME reads it: an action's result
// given as "null" is null (Mistral's engine gets None, not an empty dict),
// and so are an environment's variables.
func TestNullJSONText(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nnt_wait:\n  tasks:\n    w:\n      action: std.async_noop\n").expect(t, http.StatusCreated)
	ex := a.postJSON("/v2/executions", `{"workflow_name": "nt_wait"}`).expect(t, http.StatusCreated).obj(t).Value("id").(string)
	act := a.waitAction(t, ex, "w")
	runCalls(t, a, []call{
		{name: "result null", method: http.MethodPut, path: "/v2/action_executions/" + act, body: `{"state": "SUCCESS", "output": " null"}`,
			status: http.StatusOK, contains: []string{`"output": "{\"result\": null}"`}},
		{name: "variables null", method: http.MethodPost, path: "/v2/environments", body: `{"name": "nt_env", "variables": "null"}`,
			status: http.StatusCreated, contains: []string{`"variables": null`}},
	})
}

// A params key naming an argument of Mistral's start_workflow makes
// Mistral 15 answer 500 ("got multiple values for argument"), even for an
// unknown workflow; we refuse it with 400 and start nothing. Other keys
// are kept in params.
func TestStartArgumentInParams(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nsa_wf:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, http.StatusCreated)
	for _, tc := range []struct {
		body string
		want int
	}{
		{body: `{"workflow_name": "sa_wf", "params": {"description": "d"}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "description": "x", "params": {"description": "d"}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": {"wf_input": {}}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": "{\"wf_ex_id\": \"x\"}"}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": {"wf_identifier": "x"}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": {"wf_namespace": ""}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": {"async_": true}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_none", "params": {"self": 1}}`, want: http.StatusBadRequest},
		{body: `{"workflow_name": "sa_wf", "params": {"target": 1, "ctx": 2, "params": 3}}`, want: http.StatusCreated},
	} {
		t.Run(tc.body, func(t *testing.T) {
			a.postJSON("/v2/executions", tc.body).expect(t, tc.want)
		})
	}
	if n := len(a.get("/v2/executions?workflow_name=sa_wf").expect(t, http.StatusOK).list(t, "executions")); n != 1 {
		t.Errorf("%d executions of sa_wf, want 1", n)
	}
}

// A description over the 65535 bytes of its column is refused with 400, at
// the start and in an update (Mistral 15 fails the write with 500).
func TestDescriptionOverItsColumn(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nld_wf:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, http.StatusCreated)
	ok, long := strings.Repeat("x", 65535), strings.Repeat("x", 65536)
	a.postJSON("/v2/executions", `{"workflow_name": "ld_wf", "description": "`+long+`"}`).expect(t, http.StatusBadRequest)
	id := a.postJSON("/v2/executions", `{"workflow_name": "ld_wf", "description": "`+ok+`"}`).
		expect(t, http.StatusCreated).obj(t).Value("id").(string)
	a.waitExecution(id)
	a.putJSON("/v2/executions/"+id, `{"description": "`+long+`"}`).expect(t, http.StatusBadRequest)
	a.putJSON("/v2/executions/"+id, `{"description": "`+ok+`"}`).expect(t, http.StatusOK)
}

// A description given as null stays null, as Mistral 15 keeps it; an
// absent one is empty. A copy of an execution formats a null one as
// Python's None, as Mistral does.
func TestDescriptionNull(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\ndn_wf:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, http.StatusCreated)
	null := a.postJSON("/v2/executions", `{"workflow_name": "dn_wf", "description": null}`).expect(t, http.StatusCreated).obj(t)
	id := null.Value("id").(string)
	if d, ok := null.Get("description"); !ok || d != nil {
		t.Errorf("started with a null description: %v", d)
	}
	a.waitExecution(id)
	if d, ok := a.get("/v2/executions/"+id).expect(t, http.StatusOK).obj(t).Get("description"); !ok || d != nil {
		t.Errorf("read back: description %v, want null", d)
	}
	absent := a.postJSON("/v2/executions", `{"workflow_name": "dn_wf"}`).expect(t, http.StatusCreated).obj(t)
	if d := absent.Value("description"); d != "" {
		t.Errorf("started without a description: %v, want empty", d)
	}
	cp := a.postJSON("/v2/executions", `{"source_execution_id": "`+id+`", "description": null}`).expect(t, http.StatusCreated).obj(t)
	if d, want := cp.Value("description"), "None Based on the execution '"+id+"'"; d != want {
		t.Errorf("copy: description %v, want %s", d, want)
	}
}

// A resume answers with the execution as the resume left it, RUNNING, as
// Mistral answers with its engine's answer, even when the rest of the
// workflow has run by the time the answer is written.
func TestResumeAnswersTheResumedExecution(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nra_wf:\n  tasks:\n    a:\n      action: std.async_noop\n"+
		"      on-success: b\n    b:\n      action: std.noop\n").expect(t, http.StatusCreated)
	for range 5 {
		id := a.postJSON("/v2/executions", `{"workflow_name": "ra_wf"}`).expect(t, http.StatusCreated).obj(t).Value("id").(string)
		var action string
		for deadline := time.Now().Add(10 * time.Second); action == "" && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			tasks := a.get("/v2/executions/"+id+"/tasks").expect(t, http.StatusOK).obj(t)
			if l, _ := tasks.Value("tasks").([]any); len(l) > 0 {
				task, _ := l[0].(*data.Map).Value("id").(string)
				acts := a.get("/v2/tasks/"+task+"/action_executions").expect(t, http.StatusOK).obj(t)
				if l, _ := acts.Value("action_executions").([]any); len(l) > 0 {
					action, _ = l[0].(*data.Map).Value("id").(string)
				}
			}
		}
		a.putJSON("/v2/executions/"+id, `{"state": "PAUSED"}`).expect(t, http.StatusOK)
		a.putJSON("/v2/action_executions/"+action, `{"state": "SUCCESS", "output": {"x": 1}}`).expect(t, http.StatusOK)
		got := a.putJSON("/v2/executions/"+id, `{"state": "RUNNING"}`).expect(t, http.StatusOK).obj(t)
		if got.Value("state") != "RUNNING" || got.Value("output") != "{}" {
			t.Errorf("resume answered %v, output %v; want RUNNING, {}", got.Value("state"), got.Value("output"))
		}
		if ex := a.waitExecution(id); ex.Value("state") != "SUCCESS" {
			t.Errorf("after the resume: %v", ex.Value("state"))
		}
	}
}

// A workflow_id the body names is the identifier even when empty or null,
// as in Mistral 15: workflow_name stands in only for an absent one.
func TestStartWorkflowIDGivenEmpty(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nwi_wf:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, http.StatusCreated)
	for _, tc := range []struct {
		body, want string
	}{
		{body: `{"workflow_id": "", "workflow_name": "wi_wf"}`, want: "Workflow not found [workflow_identifier=, namespace=]"},
		{body: `{"workflow_id": null, "workflow_name": "wi_wf"}`, want: "Workflow not found [workflow_identifier=None, namespace=]"},
		{body: `{"workflow_id": null, "workflow_name": "wi_wf", "workflow_namespace": "n"}`,
			want: "Workflow not found [workflow_identifier=None, namespace=n]"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			got := a.postJSON("/v2/executions", tc.body).expect(t, http.StatusNotFound).obj(t).Value("faultstring")
			if got != tc.want {
				t.Errorf("faultstring %v, want %s", got, tc.want)
			}
		})
	}
	a.postJSON("/v2/executions", `{"workflow_name": "wi_wf"}`).expect(t, http.StatusCreated)
}

// A stop's state_info that, cut as Mistral cuts it, is still over the
// 65535 bytes of its column is refused with 400 (Mistral 15 fails the
// write with 500); a longer one of single bytes is cut and stored.
func TestStopStateInfoOverItsColumn(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nsi_wf:\n  tasks:\n    t:\n      action: std.async_noop\n").expect(t, http.StatusCreated)
	for _, tc := range []struct {
		info string
		want int
	}{
		{info: strings.Repeat("é", 32768), want: http.StatusBadRequest},
		{info: strings.Repeat("é", 32767), want: http.StatusOK},
		{info: strings.Repeat("x", 70000), want: http.StatusOK},
	} {
		id := a.postJSON("/v2/executions", `{"workflow_name": "si_wf"}`).expect(t, http.StatusCreated).obj(t).Value("id").(string)
		a.putJSON("/v2/executions/"+id, `{"state": "ERROR", "state_info": "`+tc.info+`"}`).expect(t, tc.want)
	}
}

// An env in an update counts when it is true in Python, as in Mistral 15:
// one that is no dict gets the state check (403 on a finished execution)
// and is then refused with 400 where Mistral fails with 500; a false one
// is no update.
func TestUpdateEnvOfAnotherType(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", "---\nversion: '2.0'\nue_wait:\n  tasks:\n    t:\n      action: std.async_noop\n"+
		"ue_done:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, http.StatusCreated)
	done := a.postJSON("/v2/executions", `{"workflow_name": "ue_done"}`).expect(t, http.StatusCreated).obj(t).Value("id").(string)
	a.waitExecution(done)
	paused := a.postJSON("/v2/executions", `{"workflow_name": "ue_wait"}`).expect(t, http.StatusCreated).obj(t).Value("id").(string)
	a.putJSON("/v2/executions/"+paused, `{"state": "PAUSED"}`).expect(t, http.StatusOK)
	for _, tc := range []struct {
		id, body string
		want     int
	}{
		{id: done, body: `{"params": {"env": [1]}}`, want: http.StatusForbidden},
		{id: done, body: `{"params": {"env": "x"}}`, want: http.StatusForbidden},
		{id: done, body: `{"params": {"env": 0}}`, want: http.StatusBadRequest},
		{id: done, body: `{"params": {"env": []}}`, want: http.StatusBadRequest},
		{id: paused, body: `{"params": {"env": [1]}}`, want: http.StatusBadRequest},
		{id: paused, body: `{"params": {"env": 5}}`, want: http.StatusBadRequest},
		{id: paused, body: `{"state": "RUNNING", "params": {"env": "x"}}`, want: http.StatusBadRequest},
		{id: paused, body: `{"params": {"env": {"k": 1}}}`, want: http.StatusOK},
	} {
		a.putJSON("/v2/executions/"+tc.id, tc.body).expect(t, tc.want)
	}
	if got := a.get("/v2/executions/"+paused).expect(t, http.StatusOK).obj(t); got.Value("state") != "PAUSED" ||
		got.Value("params") != `{"namespace": "", "env": {"k": 1}}` {
		t.Errorf("paused execution: %v, params %v", got.Value("state"), got.Value("params"))
	}
}
