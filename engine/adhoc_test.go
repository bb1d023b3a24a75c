package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// Errors in finding and instantiating actions say what Mistral says: an
// ad-hoc action that cannot be instantiated is named with its definition.
func TestActionResolutionErrors(t *testing.T) {
	s := newStack(t)
	// A workbook action's base is looked up by the name as written, not
	// in the workbook: 'dbl' is not 'ah_wb.dbl'.
	s.uploadWorkbook(t, `version: '2.0'
name: ah_wb
actions:
  dbl:
    base: std.echo
    base-input: {output: <% $.v * 2 %>}
    input: [v]
  dbl_plus:
    base: dbl
    base-input: {v: <% $.w + 1 %>}
    input: [w]
workflows:
  main:
    tasks:
      a:
        action: dbl_plus w=1
`)
	s.upload(t, `version: '2.0'
http_body_and_json:
  tasks:
    t:
      action: std.http
      input:
        url: http://127.0.0.1:1/x
        body: a
        json: {b: 1}
`)
	tests := []struct{ workflow, info string }{
		{"ah_wb.main", "Failed to run task [error=Failed to instantiate an action [action_desc=AdHoc action [name=ah_wb.dbl_plus, definition=dbl_plus:\n  base: dbl\n"},
		{"http_body_and_json", "Failed to run task [error=Failed to instantiate an action [action_desc=Python action [name=std.http"},
	}
	for _, tt := range tests {
		ex := s.run(t, tt.workflow, nil)
		if ex.State != db.StateError || ex.StateInfo == nil || !strings.HasPrefix(*ex.StateInfo, tt.info) {
			t.Errorf("%s: state %s, state_info %q, want %q...", tt.workflow, ex.State, strOrEmpty(ex.StateInfo), tt.info)
		}
	}
}

// Ad-hoc actions behave as Mistral's: only the task's action checks its
// input, unless it declares a "**" input (a base gets what it is given, a
// missing required input as NotDefined's text), base-input finds no current task, the output
// transformations look bases up by the names as written, and an output
// transformation that fails force-fails the task without its on-error.
func TestAdHocChains(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.uploadActions(t, `version: '2.0'
ahc_inner:
  base: std.echo
  base-input:
    output: <% [$.need, $.d, $.extra] %>
  input:
    - need
    - d: dflt
ahc_outer:
  base: ahc_inner
  base-input:
    extra: 2
ahc_mid:
  base: ahc_inner
  base-input:
    need: <% $.m %>
    d: <% $.m %>
    extra: 3
  input: [m]
ahc_top:
  base: ahc_mid
ahc_task:
  base: std.echo
  base-input:
    output: <% task() %>
ahc_bad_output:
  base: std.echo output="x"
  output: <% task().name %>
ahc_g:
  base: std.echo output="global"
  output: <% 'global-' + $ %>
ahc_kwargs:
  base: std.echo
  base-input:
    output: <% [$.a, $.b, $.get('**kw'), $.req] %>
  input: [a, req, "**kw"]
`)
	if _, err := s.defs.CreateWorkbook(ctx, `version: '2.0'
name: ahc_wb
actions:
  ahc_g:
    base: std.echo output="wb"
    output: <% 'wb-' + $ %>
  a:
    base: ahc_g
workflows:
  main:
    tasks:
      t:
        action: a
        publish: {r: <% task().result %>}
`, "", "private", db.DefaultProject); err != nil {
		t.Fatal(err)
	}
	s.upload(t, `version: '2.0'
ahc_unchecked:
  tasks:
    t:
      action: ahc_outer
      publish: {r: <% task().result %>}
ahc_passed_down:
  tasks:
    t:
      action: ahc_top
      publish: {r: <% task().result %>}
ahc_no_task:
  tasks:
    t:
      action: ahc_task
      publish: {r: <% task().result %>}
ahc_output_fails:
  tasks:
    t:
      action: ahc_bad_output
      on-error: h
    h:
      action: std.noop
ahc_kwargs_extra:
  tasks:
    t:
      action: ahc_kwargs a=1 b=2
      publish: {r: <% task().result %>}
`)
	tests := []struct {
		workflow, state, output string
		info                    string // state_info prefix
	}{
		{"ahc_unchecked", db.StateSuccess, `{"r": ["<class 'mistral_lib.utils.NotDefined'>", "dflt", 2]}`, ""},
		{"ahc_passed_down", db.StateSuccess, `{"r": ["<class 'mistral_lib.utils.NotDefined'>", "dflt", 3]}`, ""},
		{"ahc_no_task", db.StateSuccess, `{"r": null}`, ""},
		// A "**" input turns the check off: b is accepted, req and **kw
		// left out are NotDefined.
		{"ahc_kwargs_extra", db.StateSuccess, `{"r": [1, 2, "<class 'mistral_lib.utils.NotDefined'>", "<class 'mistral_lib.utils.NotDefined'>"]}`, ""},
		{"ahc_wb.main", db.StateSuccess, `{"r": "global-global"}`, ""},
		{"ahc_output_fails", db.StateError, "",
			"Failed to complete action [error=Can not evaluate YAQL expression [expression=task().name, error='NoneType' object is not subscriptable, data=x], action=ahc_bad_output, task=t]:"},
	}
	for _, tt := range tests {
		ex := s.run(t, tt.workflow, nil)
		if ex.State != tt.state {
			t.Errorf("%s: state %s (%s), want %s", tt.workflow, ex.State, strOrEmpty(ex.StateInfo), tt.state)
			continue
		}
		if tt.output != "" && !sameJSON(output(ex), tt.output) {
			t.Errorf("%s: output %s, want %s", tt.workflow, output(ex), tt.output)
		}
		if !strings.HasPrefix(strOrEmpty(ex.StateInfo), tt.info) {
			t.Errorf("%s: state_info %q, want %q...", tt.workflow, strOrEmpty(ex.StateInfo), tt.info)
		}
		if tt.workflow == "ahc_wb.main" {
			// The action execution is named as the definition is.
			if acts := s.startedActions(t, s.tasks(t, ex.ID)["t"].ID, 1); acts[0].Name != "ahc_wb.a" {
				t.Errorf("action execution named %q, want ahc_wb.a", acts[0].Name)
			}
		}
		if tt.workflow == "ahc_output_fails" {
			tasks := s.tasks(t, ex.ID)
			if h, ok := tasks["h"]; ok {
				t.Errorf("on-error ran: task h %s", h.State)
			}
			if acts := s.startedActions(t, tasks["t"].ID, 1); acts[0].State != db.StateError || acts[0].Accepted {
				t.Errorf("action %s, accepted %v; want ERROR, not accepted", acts[0].State, acts[0].Accepted)
			}
		}
	}
}

// A cancelled ad-hoc action goes through its output transformation as in
// Mistral: with no data the output spec comes back as written, and it is
// the action's output and the task's state_info.
func TestCancelledAdHocOutput(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.uploadActions(t, `version: '2.0'
ahc_async:
  base: std.async_noop
  output:
    wrapped: <% $ %>
`)
	s.upload(t, `version: '2.0'
ahc_cancel:
  tasks:
    t:
      action: ahc_async
`)
	out, err := s.engine.StartWorkflow(ctx, startReq("ahc_cancel"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	acts := s.startedActions(t, s.tasks(t, id)["t"].ID, 1)
	res, err := s.engine.OnActionComplete(ctx, acts[0].ID, &rpc.Result{Cancel: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := data.MapOf("result", data.MapOf("wrapped", "<% $ %>"))
	if got := res.Value("output"); !data.Equal(got, want) {
		t.Errorf("action output %s, want %s", data.Repr(got), data.Repr(want))
	}
	ex := s.wait(t, id)
	got := s.tasks(t, ex.ID)["t"]
	if got.State != db.StateCancelled || strOrEmpty(got.StateInfo) != "{'wrapped': '<% $ %>'}" {
		t.Errorf("task %s, state_info %q", got.State, strOrEmpty(got.StateInfo))
	}
}

// An ad-hoc action found in the default namespace for a workflow of ns1
// has its base looked up in the default namespace, where it lives, as
// Mistral's ad-hoc action descriptor does; so does the output
// transformation at completion.
func TestAdHocBaseInTheActionsNamespace(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	base := "version: '2.0'\nns_base:\n  base: std.echo\n  base-input: {output: WHO}\n  output: WHO-<% $ %>\n"
	for _, u := range []struct{ kind, text, namespace string }{
		{"action", strings.ReplaceAll(base, "WHO", "default"), ""},
		{"action", strings.ReplaceAll(base, "WHO", "ns1"), "ns1"},
		{"action", "version: '2.0'\nns_outer:\n  base: ns_base\n", ""},
		{"workflow", "version: '2.0'\nns_user:\n  tasks:\n    t:\n      action: ns_outer\n      publish: {r: <% task().result %>}\n  output: {r: <% $.r %>}\n", "ns1"},
	} {
		var err error
		if u.kind == "action" {
			_, err = s.defs.CreateActions(ctx, u.text, u.namespace, "private", db.DefaultProject)
		} else {
			_, err = s.defs.CreateWorkflows(ctx, u.text, u.namespace, "private", db.DefaultProject)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "ns_user", Namespace: "ns1"})
	if err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, out.Value("id").(string)); ex.State != db.StateSuccess || output(ex) != `{"r": "default-default"}` {
		t.Fatalf("state %s output %s, want the base of the default namespace", ex.State, output(ex))
	}
}

// Every base of a chain is looked up in the namespace of the outermost
// action's definition (then the default one), as Mistral's descriptor
// visits its hierarchy: not in the namespace of the action it is the base
// of. Here the middle action lives in the default namespace, and its base
// is ns1's.
func TestAdHocBasesInTheOuterActionsNamespace(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	for _, u := range []struct{ text, namespace string }{
		{"version: '2.0'\nns3_top:\n  base: ns3_mid\n  output: top-<% $ %>\nns3_bottom:\n  base: std.echo output='ns1'\n", "ns1"},
		{"version: '2.0'\nns3_mid:\n  base: ns3_bottom\n  output: mid-<% $ %>\nns3_bottom:\n  base: std.echo output='default'\n", ""},
	} {
		if _, err := s.defs.CreateActions(ctx, u.text, u.namespace, "private", db.DefaultProject); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.defs.CreateWorkflows(ctx, "version: '2.0'\nns3_user:\n  tasks:\n    t:\n      action: ns3_top\n"+
		"      publish: {r: <% task().result %>}\n", "ns1", "private", db.DefaultProject); err != nil {
		t.Fatal(err)
	}
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "ns3_user", Namespace: "ns1"})
	if err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, out.Value("id").(string)); ex.State != db.StateSuccess || output(ex) != `{"r": "top-mid-ns1"}` {
		t.Fatalf("state %s output %s, want the bottom of ns1", ex.State, output(ex))
	}
}

// An ad-hoc action's result goes through the action as it is defined when
// the result comes, as Mistral's build_action finds it: an update applies,
// and a deleted action refuses the result ("Failed to find action"),
// staying RUNNING until it is defined again.
func TestAdHocChangedWhileRunning(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	define := func(version string) {
		t.Helper()
		text := "version: '2.0'\nahr:\n  base: std.async_noop\n  output: <% '" + version + "-' + $.k %>\n"
		if _, err := s.defs.UpdateActions(ctx, text, "", "", "private", db.DefaultProject); err != nil {
			t.Fatal(err)
		}
	}
	s.uploadActions(t, "version: '2.0'\nahr:\n  base: std.async_noop\n  output: <% 'v1-' + $.k %>\n")
	s.upload(t, "version: '2.0'\nahr_wf:\n  tasks:\n    t:\n      action: ahr\n      publish: {r: <% task().result %>}\n")
	start := func() (string, string) {
		t.Helper()
		out, err := s.engine.StartWorkflow(ctx, startReq("ahr_wf"))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		return id, s.startedActions(t, s.tasks(t, id)["t"].ID, 1)[0].ID
	}
	complete := func(actionID string) error {
		_, err := s.engine.OnActionComplete(ctx, actionID, &rpc.Result{Data: data.MapOf("k", "x")}, false)
		return err
	}

	id, act := start()
	define("v2")
	if err := complete(act); err != nil {
		t.Fatal(err)
	}
	if got := output(s.wait(t, id)); !sameJSON(got, `{"r": "v2-x"}`) {
		t.Errorf("output after an update %s, want v2-x", got)
	}

	id, act = start()
	if err := s.defs.DeleteAction(ctx, "ahr", "", db.DefaultProject); err != nil {
		t.Fatal(err)
	}
	if err := complete(act); err == nil || !strings.Contains(err.Error(), "Failed to find action [action_name=ahr]") {
		t.Fatalf("completing a deleted action: %v", err)
	}
	if a, err := s.store.Read(ctx).ActionExecutions().Get(act); err != nil || a.State != db.StateRunning {
		t.Fatalf("action after a refused result: %v, %v", a, err)
	}
	s.uploadActions(t, "version: '2.0'\nahr:\n  base: std.async_noop\n  output: <% 'v3-' + $.k %>\n")
	if err := complete(act); err != nil {
		t.Fatal(err)
	}
	if got := output(s.wait(t, id)); !sameJSON(got, `{"r": "v3-x"}`) {
		t.Errorf("output once defined again %s, want v3-x", got)
	}
}

// Python Mistral stores no spec with an action execution, ad-hoc or not:
// an ad-hoc action a Python engine started still has its output
// transformed when our engine completes it, in a task and on its own.
func TestAdHocStartedWithoutSpec(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.uploadActions(t, "version: '2.0'\nahp:\n  base: std.async_noop\n  output: <% 'py-' + $.k %>\n")
	s.upload(t, "version: '2.0'\nahp_wf:\n  tasks:\n    t:\n      action: ahp\n      publish: {r: <% task().result %>}\n")
	asPython := func(id string) {
		t.Helper()
		sqlDB, err := s.store.SQL()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sqlDB.Exec("UPDATE action_executions_v2 SET spec = NULL WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
	}
	out, err := s.engine.StartWorkflow(ctx, startReq("ahp_wf"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	act := s.startedActions(t, s.tasks(t, id)["t"].ID, 1)[0].ID
	asPython(act)
	if _, err := s.engine.OnActionComplete(ctx, act, &rpc.Result{Data: data.MapOf("k", "x")}, false); err != nil {
		t.Fatal(err)
	}
	if a, err := s.store.Read(ctx).ActionExecutions().Get(act); err != nil || !sameJSON(a.Output.Raw, `{"result": "py-x"}`) {
		t.Errorf("task's action stored %v, %v; want its output transformed", a, err)
	}
	if got := output(s.wait(t, id)); !sameJSON(got, `{"r": "py-x"}`) {
		t.Errorf("task's output %s, want py-x", got)
	}

	alone, err := s.engine.StartAction(ctx, &rpc.StartActionRequest{ActionName: "ahp", Input: data.NewMap(0),
		Params: data.MapOf("save_result", true)})
	if err != nil {
		t.Fatal(err)
	}
	act = alone.Value("id").(string)
	asPython(act)
	done, err := s.engine.OnActionComplete(ctx, act, &rpc.Result{Data: data.MapOf("k", "y")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := data.Str(done.Value("output")); got != "{'result': 'py-y'}" {
		t.Errorf("action's output %s, want py-y", got)
	}
}

// The base of a running ad-hoc action deleted meanwhile fails the
// completion ("Failed to find base action", as Mistral's visit of the
// chain), the task and the workflow, where the action itself deleted
// refuses its result. Run on its own, the action fails with it.
func TestAdHocBaseDeletedWhileRunning(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	chain := "version: '2.0'\nahb_top:\n  base: ahb_mid\n  output: <% 'top-' + str($) %>\nahb_mid:\n  base: std.async_noop\n"
	s.uploadActions(t, chain)
	s.upload(t, "version: '2.0'\nahb_wf:\n  tasks:\n    t:\n      action: ahb_top\n      publish: {r: <% task().result %>}\n")
	out, err := s.engine.StartWorkflow(ctx, startReq("ahb_wf"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	task := s.tasks(t, id)["t"]
	act := s.startedActions(t, task.ID, 1)[0].ID
	standalone, err := s.engine.StartAction(ctx, &rpc.StartActionRequest{ActionName: "ahb_top", Params: data.MapOf("save_result", true)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.defs.DeleteAction(ctx, "ahb_mid", "", db.DefaultProject); err != nil {
		t.Fatal(err)
	}
	for _, actionID := range []string{act, standalone.Value("id").(string)} {
		if _, err := s.engine.OnActionComplete(ctx, actionID, &rpc.Result{Data: data.MapOf("k", "x")}, false); err != nil {
			t.Fatal(err)
		}
	}
	want := "Failed to complete action [error=Failed to find base action [action_name=ahb_mid namespace=] , action=ahb_top, task=t]:"
	ex := s.wait(t, id)
	if ex.State != db.StateError || strOrEmpty(ex.StateInfo) != want {
		t.Errorf("workflow %s %q, want ERROR %q", ex.State, strOrEmpty(ex.StateInfo), want)
	}
	a, err := s.store.Read(ctx).ActionExecutions().Get(standalone.Value("id").(string))
	if err != nil {
		t.Fatal(err)
	}
	if wantOut := `{"result": "Failed to find base action [action_name=ahb_mid namespace=] "}`; a.State != db.StateError || a.Output.Raw != wantOut {
		t.Errorf("action run on its own: %s %s, want ERROR %s", a.State, a.Output.Raw, wantOut)
	}
}

// TestAdHocBaseInputTaskCache checks that an ad-hoc action's base-input,
// which Mistral 15 evaluates without the current task, answers task()
// from the transaction's cache: what the task's input or the previous
// task's publish read before, else null.
func TestAdHocBaseInputTaskCache(t *testing.T) {
	s := newStack(t)
	s.uploadActions(t, "version: '2.0'\nahcache_act:\n  base: std.echo\n  input: [v]\n  base-input:\n    output: <% task() = null %>\n")
	tests := []struct {
		name, tasks string
		want        bool // task() = null in the base-input
	}{
		{"nothing_read", `
    t:
      action: ahcache_act v=1
      publish: {r: <% task().result %>}`, true},
		{"input_first", `
    t:
      action: ahcache_act v=<% task().name %>
      publish: {r: <% task().result %>}`, false},
		{"after_publish", `
    a:
      action: std.echo output=1
      publish: {a: <% task().name %>}
      on-success: t
    t:
      action: ahcache_act v=1
      publish: {r: <% task().result %>}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\nahcache_"+tt.name+":\n  tasks:"+tt.tasks+"\n")
			ex := s.run(t, "ahcache_"+tt.name, nil)
			task := s.tasks(t, ex.ID)["t"]
			if ex.State != db.StateSuccess || task == nil {
				t.Fatalf("state %s (%v)", ex.State, ex.StateInfo)
			}
			if got := task.Published.Map().Value("r"); got != tt.want {
				t.Fatalf("task() = null in the base-input: %v, want %v", got, tt.want)
			}
		})
	}
}
