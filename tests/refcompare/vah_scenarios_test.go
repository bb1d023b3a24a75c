package refcompare

import (
	"net/http"
	"slices"
	"strings"
)

// The vah_ scenarios: ad-hoc actions and workbooks seen through the REST
// API: which namespace's action or sub-workflow a workflow picks, what an
// execution makes of an action or workbook changed or deleted while it
// runs, the action list's forms for ad-hoc actions, and running ad-hoc
// actions directly. Waits are on states the API shows (an asynchronous
// action still RUNNING), never on time.

func init() {
	scenarios = append(scenarios, vahNamespacesScenario, vahInFlightScenario, vahActionListScenario, vahRunErrorsScenario,
		vahWorkbookNamespaceScenario, vahNsFallbackScenario, vahInputTextScenario,
		vahWorkbookLifecycleScenario, vahRunKwargsScenario, vahRunningAdHocScenario,
		vahTaskActionScenario)
}

// vahNsWorkflow is uploaded into several namespaces: an ad-hoc action, one
// based on an action only the default namespace holds, and a
// sub-workflow, each by short name, one after the other (the output's
// keys come in the order tasks publish).
const vahNsWorkflow = `---
version: '2.0'
vah_nswf:
  tasks:
    t:
      action: vah_nsa
      publish: {a: <% task().result %>}
      on-success: c
    c:
      action: vah_nsc
      publish: {c: <% task().result %>}
      on-success: s
    s:
      workflow: vah_nssub
      publish: {s: <% task().result.who %>}
`

// vahNamespacesScenario: the same action and sub-workflow names in the
// default namespace and in vah_ns1; a workflow in vah_ns2 where neither
// exists.
var vahNamespacesScenario = scenario{name: "vah_namespaces", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_nsa:\n  base: std.echo output='default'\n" +
		"vah_nsbase:\n  base: std.echo output='base-default'\n  output: <% 'b:' + $ %>\n"},
	{method: post, path: "/actions?namespace=vah_ns1", body: "---\nversion: '2.0'\nvah_nsa:\n  base: std.echo output='ns1'\n" +
		"vah_nsc:\n  base: vah_nsbase\n  output: <% 'c:' + $ %>\n"},
	{method: post, path: "/actions?namespace=vah_ns2", body: "---\nversion: '2.0'\nvah_nsc:\n  base: std.echo output='ns2c'\n"},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvah_nssub:\n  output: {who: default}\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: post, path: "/workflows?namespace=vah_ns1", body: "---\nversion: '2.0'\nvah_nssub:\n  output: {who: ns1}\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: post, path: "/workflows?namespace=vah_ns1", body: vahNsWorkflow},
	{method: post, path: "/workflows?namespace=vah_ns2", body: vahNsWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswf", "workflow_namespace": "vah_ns1"}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswf", "workflow_namespace": "vah_ns2"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions?workflow_name=vah_nssub&root_execution_id={e2}&fields=workflow_namespace,workflow_name,output"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswf"}},
	{method: get, path: "/actions?name=vah_nsa&sort_keys=namespace&fields=name,namespace"},
	{method: get, path: "/actions?namespace=vah_ns1&name=vah_nsa"},
	{method: get, path: "/actions?namespace=eq:vah_ns1&name=vah_nsa"},
	{method: get, path: "/actions?namespace=nin:vah_ns1&name=vah_nsa"},
	{method: get, path: "/actions?namespace=eq:&name=vah_nsa"},
	{method: get, path: "/actions/vah_nsc"},

	// Running them directly: the namespace given, or not.
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nsa", "workflow_namespace": "vah_ns1"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nsa", "workflow_namespace": "vah_ns2"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nsc", "workflow_namespace": "vah_ns1"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nsc"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nsc", "workflow_namespace": "vah_nope"}},

	{method: del, path: "/workflows/vah_nswf?namespace=vah_ns1"},
	{method: del, path: "/workflows/vah_nswf?namespace=vah_ns2"},
	{method: del, path: "/workflows/vah_nssub?namespace=vah_ns1"},
	{method: del, path: "/workflows/vah_nssub"},
	{method: del, path: "/actions/vah_nsa"},
	{method: del, path: "/actions/vah_nsbase"},
	{method: del, path: "/actions/vah_nsa?namespace=vah_ns1"},
	{method: del, path: "/actions/vah_nsc?namespace=vah_ns1"},
	{method: del, path: "/actions/vah_nsc?namespace=vah_ns2"},
}}

// vahFlWorkflow waits on an asynchronous action, then runs the ad-hoc
// action vah_fl_a.
const vahFlWorkflow = `---
version: '2.0'
vah_fl_wf:
  tasks:
    w:
      action: std.async_noop
      on-success: t
    t:
      action: vah_fl_a
      publish: {r: <% task().result %>}
`

// vahFlWorkbook is the same inside a workbook, by short names.
const vahFlWorkbook = `---
version: '2.0'
name: vah_flwb
actions:
  a:
    base: std.echo output='wb-v1'
workflows:
  main:
    tasks:
      w:
        action: std.async_noop
        on-success: t
      t:
        action: a
        publish: {r: <% task().result %>}
`

// vahFlWait saves as task and action the asynchronous action of execution
// {exec}'s task w.
func vahFlWait(exec, task, action string) []step {
	return []step{
		{method: get, path: "/executions/{" + exec + "}/tasks?name=w", until: "tasks.0.id", save: map[string]string{task: "tasks.0.id"}},
		{method: get, path: "/tasks/{" + task + "}/action_executions?state=RUNNING", until: "action_executions.0.id",
			save: map[string]string{action: "action_executions.0.id"}},
	}
}

// vahInFlightScenario: an ad-hoc action updated, then deleted, while an
// execution that will run it waits; a workbook updated, then deleted,
// while one of its workflows runs.
var vahInFlightScenario = scenario{name: "vah_in_flight", steps: slices.Concat(
	[]step{
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_fl_a:\n  base: std.echo output='v1'\n"},
		{method: post, path: "/workflows", body: vahFlWorkflow},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_fl_wf"}, save: map[string]string{"e1": "id"}},
	},
	vahFlWait("e1", "w1", "a1"),
	[]step{
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nvah_fl_a:\n  base: std.echo output='v2'\n  output: <% $ + '!' %>\n"},
		{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": `{"result": "done"}`}},
		{method: get, path: "/executions/{e1}", settle: true},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_fl_wf"}, save: map[string]string{"e2": "id"}},
	},
	vahFlWait("e2", "w2", "a2"),
	[]step{
		{method: del, path: "/actions/vah_fl_a"},
		{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": `{"result": "done"}`}},
		{method: get, path: "/executions/{e2}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e2}/tasks?name=t&fields=name,state,state_info", ignore: vpzTasksTraceback},
		{method: del, path: "/workflows/vah_fl_wf"},

		{method: post, path: "/workbooks", body: vahFlWorkbook},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_flwb.main"}, save: map[string]string{"e3": "id"}},
	},
	vahFlWait("e3", "w3", "a3"),
	[]step{
		{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vah_flwb\nactions:\n  a:\n    base: std.echo output='wb-v2'\n" +
			"workflows:\n  other:\n    tasks:\n      t:\n        action: std.noop\n"},
		{method: get, path: "/workflows/vah_flwb.main"},
		{method: put, path: "/action_executions/{a3}", body: map[string]any{"state": "SUCCESS", "output": `{"result": "done"}`}},
		{method: get, path: "/executions/{e3}", settle: true},
		{method: put, path: "/workbooks", body: vahFlWorkbook},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_flwb.main"}, save: map[string]string{"e4": "id"}},
	},
	vahFlWait("e4", "w4", "a4"),
	[]step{
		{method: del, path: "/workbooks/vah_flwb"},
		{method: get, path: "/actions/vah_flwb.a"},
		{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "SUCCESS", "output": `{"result": "done"}`}},
		{method: get, path: "/executions/{e4}", settle: true},
		{method: get, path: "/executions/{e4}/tasks?name=t&fields=name,state,state_info"},
		// Deleting a workbook leaves its actions and workflows.
		{method: get, path: "/workflows/vah_flwb.main?fields=name"},
		{method: del, path: "/actions/vah_flwb.a"},
		{method: del, path: "/workflows/vah_flwb.main"},
		{method: del, path: "/workflows/vah_flwb.other"},
	},
)}

// vahFilter500 is why the action list's filters on other columns than
// name, namespace and scope answer otherwise than Mistral 15's.
const vahFilter500 = "Mistral 15 fails with 500 on filters by tags, description or input of the action list " +
	"(its dynamic actions have no such attributes; REST.md §1.7); we refuse the filter (400)"

// vahListActions have inputs with defaults of every kind, tags and a
// description.
const vahListActions = `---
version: '2.0'
vah_la_one:
  description: first one
  tags: [vah_t1, vah_t2]
  base: std.echo
  base-input:
    output: <% [$.a, $.b, $.c, $.d, $.h] %>
  input:
    - a
    - b: 1
    - c: null
    - d: "s p"
    - h: true
    - g: <% 1 + 1 %>
  output: <% $.reverse() %>
vah_la_two:
  tags: [vah_t2]
  base: vah_la_one
  base-input: {a: <% $.x %>}
  input:
    - x: 0.5
`

// vahActionListScenario: the action list and one action for ad-hoc
// actions (input text, tags, filters), and running them directly.
var vahActionListScenario = scenario{name: "vah_action_list", steps: []step{
	{method: post, path: "/actions", body: vahListActions, save: map[string]string{"one": "actions.0.id"}},
	{method: get, path: "/actions/vah_la_one"},
	{method: get, path: "/actions/{one}"},
	{method: get, path: "/actions?name=in:vah_la_one,vah_la_two&sort_keys=name&fields=name,input,tags,description"},
	{method: get, path: "/actions?tags=vah_t1&fields=name", differs: vahFilter500, status: http.StatusBadRequest},
	{method: get, path: "/actions?tags=vah_t2&sort_keys=name&fields=name", differs: vahFilter500, status: http.StatusBadRequest},
	{method: get, path: "/actions?name=like:vah_la_%25&sort_keys=name&sort_dirs=desc&fields=name"},
	{method: get, path: "/actions?description=first%20one&fields=name", differs: vahFilter500, status: http.StatusBadRequest},
	{method: get, path: "/actions?input=x=0.5&fields=name", differs: vahFilter500, status: http.StatusBadRequest},
	// webob keeps a '%' that starts no escape, and splits at ';'.
	{method: get, path: "/actions?fields=name&name=vah_la_one%zz"},
	{method: get, path: "/actions?fields=name&name=vah_la_one%"},
	{method: get, path: "/actions?name=vah_la_one;fields=name"},

	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_two"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_two", "input": map[string]any{"x": "X"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_one", "input": map[string]any{"a": "A", "c": 3}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_one", "input": map[string]any{"a": "A", "g": "G"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_one", "input": map[string]any{"x": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_la_two", "input": map[string]any{"x": 2},
		"params": map[string]any{"save_result": true, "run_sync": true}}, save: map[string]string{"saved": "id"}},
	{method: get, path: "/action_executions/{saved}"},
	{method: get, path: "/action_executions/{saved}?fields=name,input,output"},

	{method: del, path: "/actions/vah_la_one"},
	{method: del, path: "/actions/vah_la_two"},
}}

// vahRunErrorActions fail in their base-input, their base, their output
// transformation or one of their base's.
const vahRunErrorActions = `---
version: '2.0'
vah_re_bi:
  base: std.echo
  base-input:
    output: <% $.x.y %>
  input: [x]
vah_re_out:
  base: std.echo output="s"
  output: <% $.nope %>
vah_re_fail:
  base: std.fail
  base-input:
    error_data: <% {c => $.c} %>
  input: [c]
  output: <% 'never' %>
vah_re_chain:
  base: vah_re_out
  output: <% 'top-' + $ %>
vah_re_async:
  base: std.async_noop
  output: <% $.k %>
vah_re_nob:
  base: vah_re_nope
vah_re_j:
  base: vah_re_bi
  base-input:
    x: "{{ _.q.r }}"
  input: [q, z: 1]
vah_re_env:
  base: std.echo
  base-input:
    output: [<% env() %>, "{{ execution() }}"]
`

// vahAsyncOutput500 is why the result of an ad-hoc action run on its own
// whose output transformation fails is answered otherwise.
const vahAsyncOutput500 = "Mistral 15 fails with 500 (AttributeError: the action has no task) on the result of an " +
	"ad-hoc action run on its own whose output transformation fails, and leaves it RUNNING; we fail the action " +
	"with the expression's error"

// vahRunErrorsScenario: ad-hoc actions that fail, run directly, saved or
// not, synchronously or not; bodies run-action refuses.
var vahRunErrorsScenario = scenario{name: "vah_run_errors", steps: []step{
	{method: post, path: "/actions", body: vahRunErrorActions},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_bi", "input": map[string]any{"x": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_bi", "input": map[string]any{"x": 1},
		"params": map[string]any{"save_result": true, "run_sync": true}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_out"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_out", "params": map[string]any{"save_result": true, "run_sync": true}},
		save: map[string]string{"out_sync": "id"}},
	{method: get, path: "/action_executions/{out_sync}"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_out", "params": map[string]any{"save_result": true}},
		save: map[string]string{"out_async": "id"}},
	{method: get, path: "/action_executions/{out_async}", differs: "Mistral 15 leaves an action run asynchronously " +
		"RUNNING for ever when its ad-hoc output transformation fails; we fail it", status: http.StatusOK},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_fail", "input": map[string]any{"c": 7}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_fail", "input": map[string]any{"c": 8},
		"params": map[string]any{"save_result": true}}, save: map[string]string{"fail_async": "id"}},
	{method: get, path: "/action_executions/{fail_async}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_chain"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_nob"}},
	// With no input at all, the base-input is not evaluated.
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_env"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_j", "input": map[string]any{"q": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_j", "input": map[string]any{"q": map[string]any{"r": 2}}}},

	// An asynchronous base: its result, once sent, goes through the
	// output transformation, which may fail.
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_async", "params": map[string]any{"save_result": true}},
		save: map[string]string{"as1": "id"}},
	{method: put, path: "/action_executions/{as1}", body: map[string]any{"state": "SUCCESS", "output": `{"k": 5}`}},
	{method: get, path: "/action_executions/{as1}"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_async", "params": map[string]any{"save_result": true}},
		save: map[string]string{"as2": "id"}},
	{method: put, path: "/action_executions/{as2}", body: map[string]any{"state": "SUCCESS", "output": `{"z": 5}`},
		differs: vahAsyncOutput500, status: http.StatusOK},
	{method: get, path: "/action_executions/{as2}", differs: vahAsyncOutput500, status: http.StatusOK},

	// Bodies refused.
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_out", "input": "[1]"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_out", "input": "not json"}},
	{method: post, path: "/action_executions", body: map[string]any{"input": map[string]any{}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_re_bi", "input": map[string]any{"x": 1, "y": 2}}},

	{method: del, path: "/actions/vah_re_bi"},
	{method: del, path: "/actions/vah_re_out"},
	{method: del, path: "/actions/vah_re_fail"},
	{method: del, path: "/actions/vah_re_chain"},
	{method: del, path: "/actions/vah_re_async"},
	{method: del, path: "/actions/vah_re_nob"},
	{method: del, path: "/actions/vah_re_j"},
	{method: del, path: "/actions/vah_re_env"},
}}

// vahNsWorkbook is a workbook with an action and a workflow using it.
const vahNsWorkbook = `---
version: '2.0'
name: vah_nswb
actions:
  a:
    base: std.echo
    base-input: {output: <% 'wb-' + $.v %>}
    input: [v: one]
workflows:
  main:
    tasks:
      t:
        action: a
        publish: {r: <% task().result %>}
`

// vahWorkbookNamespaceScenario: a workbook in a namespace, its action and
// workflow there, the same workbook name in the default namespace.
var vahWorkbookNamespaceScenario = scenario{name: "vah_workbook_namespace", steps: []step{
	{method: post, path: "/workbooks?namespace=vah_wbns", body: vahNsWorkbook},
	{method: get, path: "/workbooks/vah_nswb?namespace=vah_wbns"},
	{method: get, path: "/workbooks/vah_nswb"},
	{method: get, path: "/actions/vah_nswb.a?namespace=vah_wbns"},
	{method: get, path: "/actions/vah_nswb.a"},
	{method: get, path: "/workflows/vah_nswb.main?namespace=vah_wbns&fields=name,namespace,input"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswb.main", "workflow_namespace": "vah_wbns"}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswb.main"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nswb.a", "input": map[string]any{"v": "two"}, "workflow_namespace": "vah_wbns"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_nswb.a"}},
	{method: post, path: "/workbooks", body: strings.Replace(vahNsWorkbook, "'wb-'", "'default-'", 1)},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_nswb.main"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/workbooks?name=vah_nswb&sort_keys=namespace&fields=name,namespace"},
	{method: put, path: "/workbooks?namespace=vah_wbns", body: strings.Replace(vahNsWorkbook, "[v: one]", "[v: uno]", 1)},
	{method: get, path: "/actions/vah_nswb.a?namespace=vah_wbns&fields=input"},
	{method: get, path: "/actions/vah_nswb.a?namespace=vah_wbns"},
	{method: del, path: "/workbooks/vah_nswb?namespace=vah_wbns"},
	{method: del, path: "/workbooks/vah_nswb"},
	{method: del, path: "/actions/vah_nswb.a?namespace=vah_wbns"},
	{method: del, path: "/workflows/vah_nswb.main?namespace=vah_wbns"},
	{method: del, path: "/actions/vah_nswb.a"},
	{method: del, path: "/workflows/vah_nswb.main"},
}}

// vahNsFallbackScenario: which namespace's base an action found in the
// default namespace gets when the workflow's namespace has one too, and
// which namespace a sub-workflow found in the default namespace looks its
// actions up in.
var vahNsFallbackScenario = scenario{name: "vah_ns_fallback", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_fbx:\n  base: vah_fby\n  output: <% 'x-' + $ %>\n" +
		"vah_fby:\n  base: std.echo output='y-default'\nvah_fbz:\n  base: std.echo output='z-default'\n"},
	{method: post, path: "/actions?namespace=vah_fbns", body: "---\nversion: '2.0'\nvah_fby:\n  base: std.echo output='y-ns'\n" +
		"vah_fbz:\n  base: std.echo output='z-ns'\n"},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvah_fbsub:\n  output: {z: <% $.z %>}\n  tasks:\n" +
		"    t:\n      action: vah_fbz\n      publish: {z: <% task().result %>}\n"},
	{method: post, path: "/workflows?namespace=vah_fbns", body: "---\nversion: '2.0'\nvah_fbwf:\n  tasks:\n" +
		"    t:\n      action: vah_fbx\n      publish: {x: <% task().result %>}\n      on-success: s\n" +
		"    s:\n      workflow: vah_fbsub\n      publish: {z: <% task().result.z %>}\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_fbwf", "workflow_namespace": "vah_fbns"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions?workflow_name=vah_fbsub&root_execution_id={e}&fields=workflow_namespace,params,output"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_fbx", "workflow_namespace": "vah_fbns"}},
	{method: del, path: "/workflows/vah_fbwf?namespace=vah_fbns"},
	{method: del, path: "/workflows/vah_fbsub"},
	{method: del, path: "/actions/vah_fbx"},
	{method: del, path: "/actions/vah_fby"},
	{method: del, path: "/actions/vah_fbz"},
	{method: del, path: "/actions/vah_fby?namespace=vah_fbns"},
	{method: del, path: "/actions/vah_fbz?namespace=vah_fbns"},
}}

// vahInputTextScenario: how the input text of the action list prints
// defaults of every kind.
var vahInputTextScenario = scenario{name: "vah_input_text", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_it:\n  base: std.noop\n  input:\n" +
		"    - u: \"é\"\n    - q: 'say \"hi\"'\n    - sq: \"it's\"\n    - f: 1.0\n    - e: 1e20\n    - big: 123456789012345678901234567890\n" +
		"    - nl: [[1], []]\n    - empty: ''\n    - d: {k: v, n: null}\n    - t: 2020-01-01x\n    - neg: -0.5\n    - nan: .nan\n" +
		"    - inf: .inf\n    - bs: 'a\\b'\n    - nlc: \"a\\nb\"\n    - tr: True\n"},
	{method: get, path: "/actions/vah_it"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_it"}, differs: "Mistral 15 splits an ad-hoc " +
		"action's input text at every comma, so a list or dict default with a comma becomes required inputs ('[]]'); " +
		"we keep the defaults whole", status: http.StatusCreated},
	{method: del, path: "/actions/vah_it"},
	// YAML 1.1 reads the input name no as false.
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_it:\n  base: std.noop\n  input:\n    - no: 1\n",
		differs: "Mistral 15 fails with 500 on an input name YAML reads as a boolean; we refuse it with 400", status: http.StatusBadRequest},
	{method: del, path: "/actions/vah_it"},
}}

// vahLcWorkbook has two actions and two workflows.
const vahLcWorkbook = `---
version: '2.0'
name: vah_lcwb
tags: [vah_lc]
actions:
  a:
    base: std.echo output='a1'
  b:
    base: a
workflows:
  w1:
    tasks:
      t:
        action: a
  w2:
    tasks:
      t:
        action: std.noop
`

// vahWorkbookLifecycleScenario: a workbook's actions and workflows as
// updates drop, change and add them, and a workbook created again after
// its deletion.
var vahWorkbookLifecycleScenario = scenario{name: "vah_workbook_lifecycle", steps: []step{
	{method: post, path: "/workbooks", body: vahLcWorkbook},
	{method: post, path: "/workbooks", body: vahLcWorkbook},
	{method: get, path: "/actions?name=in:vah_lcwb.a,vah_lcwb.b&sort_keys=name&fields=name,input,tags,definition"},
	{method: get, path: "/workflows?name=in:vah_lcwb.w1,vah_lcwb.w2&sort_keys=name&fields=name,tags,definition"},
	{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vah_lcwb\nactions:\n  a:\n    base: std.echo output='a2'\n" +
		"    input: [x: 1]\n  c:\n    base: std.noop\nworkflows:\n  w1:\n    tasks:\n      t:\n        action: b\n"},
	{method: get, path: "/actions?name=in:vah_lcwb.a,vah_lcwb.b,vah_lcwb.c&sort_keys=name&fields=name,input,tags,definition"},
	{method: get, path: "/workflows?name=in:vah_lcwb.w1,vah_lcwb.w2&sort_keys=name&fields=name,tags,definition"},
	{method: get, path: "/workbooks/vah_lcwb"},
	{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vah_lcwb_other\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_lcwb.w1"}, save: map[string]string{"e": "id"},
		ignore: vpzTraceback},
	{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info", ignore: vpzTasksTraceback},
	{method: del, path: "/workbooks/vah_lcwb"},
	{method: post, path: "/workbooks", body: vahLcWorkbook},
	{method: get, path: "/actions?name=in:vah_lcwb.a,vah_lcwb.b,vah_lcwb.c&sort_keys=name&fields=name,input,tags,definition"},
	{method: del, path: "/workbooks/vah_lcwb"},
	{method: del, path: "/actions/vah_lcwb.a"},
	{method: del, path: "/actions/vah_lcwb.b"},
	{method: del, path: "/actions/vah_lcwb.c"},
	{method: del, path: "/workflows/vah_lcwb.w1"},
	{method: del, path: "/workflows/vah_lcwb.w2"},
}}

// vahRunKwargsScenario: an ad-hoc action with a "**kwargs" input, as the
// action list shows it and run on its own: no input is checked.
var vahRunKwargsScenario = scenario{name: "vah_run_kwargs", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_kw:\n  base: std.echo\n  base-input:\n" +
		"    output: <% [$.a, $.get(b), $.get(c)] %>\n  input: [a, b: 1, \"**kwargs\"]\n"},
	{method: get, path: "/actions/vah_kw"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_kw", "input": map[string]any{"a": 1, "c": 3}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_kw"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "vah_kw", "input": map[string]any{"a": 1},
		"params": map[string]any{"save_result": true, "run_sync": true}}, save: map[string]string{"kw": "id"}},
	{method: get, path: "/action_executions/{kw}"},
	{method: del, path: "/actions/vah_kw"},
}}

// vahRunningAdHocScenario: an ad-hoc action on an asynchronous base,
// updated, then deleted, while a task runs it: the output transformation
// at completion is the action's as defined then, and a deleted action
// refuses its result.
var vahRunningAdHocScenario = scenario{name: "vah_running_adhoc", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_ra:\n  base: std.async_noop\n  output: <% 'v1-' + $.k %>\n"},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvah_ra_wf:\n  tasks:\n    w:\n      action: vah_ra\n" +
		"      publish: {r: <% task().result %>}\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_ra_wf"}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}/tasks?name=w", until: "tasks.0.id", save: map[string]string{"w1": "tasks.0.id"}},
	{method: get, path: "/tasks/{w1}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a1": "action_executions.0.id"}},
	{method: put, path: "/actions", body: "---\nversion: '2.0'\nvah_ra:\n  base: std.async_noop\n  output: <% 'v2-' + $.k %>\n"},
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": `{"k": "x"}`}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_ra_wf"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}/tasks?name=w", until: "tasks.0.id", save: map[string]string{"w2": "tasks.0.id"}},
	{method: get, path: "/tasks/{w2}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a2": "action_executions.0.id"}},
	{method: del, path: "/actions/vah_ra"},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": `{"k": "y"}`}},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "ERROR", "output": `{"k": "y"}`}},
	{method: get, path: "/action_executions/{a2}"},
	{method: get, path: "/executions/{e2}"},
	// Defined again, it takes the result.
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_ra:\n  base: std.async_noop\n  output: <% 'v3-' + $.k %>\n"},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": `{"k": "y"}`}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: del, path: "/workflows/vah_ra_wf"},
	{method: del, path: "/actions/vah_ra"},
}}

// vahTaskActionScenario: the action executions of tasks running ad-hoc
// actions (with defaults, with "**kwargs", from a workbook, failing in
// their output): name, input as stored, output, state.
var vahTaskActionScenario = scenario{name: "vah_task_action", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nvah_ta_d:\n  base: std.echo\n  base-input: {output: <% $.a %>}\n" +
		"  input: [a, b: 2]\nvah_ta_kw:\n  base: vah_ta_d\n  base-input: {a: <% $.x %>}\n  input: [\"**kw\"]\n" +
		"vah_ta_bad:\n  base: std.echo output=1\n  output: <% $.k %>\n"},
	{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: vah_tawb\nactions:\n  w:\n    base: std.echo\n" +
		"    base-input: {output: <% $.p %>}\n    input: [p: dp]\nworkflows:\n  main:\n    tasks:\n" +
		"      t1:\n        action: vah_ta_d a=1\n        on-complete: t2\n      t2:\n        action: vah_ta_kw x=5 y=6\n" +
		"        on-complete: t3\n      t3:\n        action: w\n        on-complete: t4\n      t4:\n        action: vah_ta_bad\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vah_tawb.main"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/executions/{e}/tasks?name=t1", save: map[string]string{"t1": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=t2", save: map[string]string{"t2": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=t3", save: map[string]string{"t3": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=t4", save: map[string]string{"t4": "tasks.0.id"}, ignore: vpzTasksTraceback},
	{method: get, path: "/tasks/{t1}/action_executions"},
	{method: get, path: "/tasks/{t2}/action_executions"},
	{method: get, path: "/tasks/{t3}/action_executions"},
	{method: get, path: "/tasks/{t4}/action_executions"},
	{method: del, path: "/workbooks/vah_tawb"},
	{method: del, path: "/actions/vah_tawb.w"},
	{method: del, path: "/workflows/vah_tawb.main"},
	{method: del, path: "/actions/vah_ta_d"},
	{method: del, path: "/actions/vah_ta_kw"},
	{method: del, path: "/actions/vah_ta_bad"},
}}
