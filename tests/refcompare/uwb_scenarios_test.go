package refcompare

import (
	"fmt"
	"net/http"
	"strings"
)

// The uwb_ scenarios: workflow, workbook and action definitions changed or
// deleted under executions that use them (between two calls of a
// sub-workflow, between with-items items, while a sub-workflow or an
// ad-hoc chain runs, during a retry's delay or a pause, before a rerun or
// a copy), a workbook's workflows and actions as standalone definitions,
// and which namespace's sub-workflow or base action a tree finds. Waits
// are on states the API shows (an asynchronous action still RUNNING, a
// task DELAYED), never on time.

func init() {
	scenarios = append(scenarios, uwbSubUpdatedScenario, uwbRunningDefsScenario, uwbItemsSubUpdatedScenario,
		uwbNamespacesScenario, uwbRerunDefsScenario, uwbWorkbookDefsScenario, uwbDelayedDefsScenario,
		uwbStandaloneScenario, uwbNsStartFormsScenario, uwbSourceExecutionScenario,
		uwbItemsDeletedScenario, uwbGoneDelayedScenario, uwbGoneRerunScenario,
		uwbItemsRerunScenario, uwbAdhocChainScenario, uwbNsRunningScenario,
		uwbNsChainScenario, uwbPausedTreeScenario, uwbSubByIDScenario)
}

// uwbChild saves as child the sub-workflow execution of execution {exec}
// that runs workflow wf.
func uwbChild(exec, wf, child string) step {
	return step{method: get, path: "/executions?root_execution_id={" + exec + "}&workflow_name=" + wf + "&fields=workflow_name",
		until: "executions.0.id", save: map[string]string{child: "executions.0.id"}}
}

// uwbSubChild is a sub-workflow called twice by uwbSubParent.
const uwbSubChild = `---
version: '2.0'
uwb_su_child:
  input:
    - v: one
  tasks:
    t:
      action: std.echo output=<% $.v %>
      publish: {got: <% task().result %>}
  output: {got: <% $.got %>, ver: 1}
`

// uwbSubParent calls uwb_su_child, waits for an asynchronous action, and
// calls it again.
const uwbSubParent = `---
version: '2.0'
uwb_su_parent:
  tasks:
    c1:
      workflow: uwb_su_child
      publish: {c1: <% task().result %>}
      on-success: w
    w:
      action: std.async_noop
      on-success: c2
    c2:
      workflow: uwb_su_child
      publish: {c2: <% task().result %>}
`

// uwbSubUpdatedScenario: a sub-workflow replaced between two calls of it
// in one execution (the second call runs the new definition, under the
// same id), then deleted between two calls (the second call fails).
var uwbSubUpdatedScenario = scenario{name: "uwb_sub_updated", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: uwbSubChild},
		{method: post, path: "/workflows", body: uwbSubParent},
		vpzStart("uwb_su_parent", "e", nil),
	},
	vpzAction("e", "w", "w"),
	[]step{
		{method: put, path: "/workflows", body: strings.NewReplacer("v: one", "v: two", "ver: 1", "ver: 2").Replace(uwbSubChild)},
		vpzDone("w", "SUCCESS", nil),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{e}/tasks?name=c1&fields=name", save: map[string]string{"c1": "tasks.0.id"}},
		{method: get, path: "/executions/{e}/tasks?name=c2&fields=name", save: map[string]string{"c2": "tasks.0.id"}},
		{method: get, path: "/executions?task_execution_id={c1}&fields=workflow_id,workflow_name,input,output"},
		{method: get, path: "/executions?task_execution_id={c2}&fields=workflow_id,workflow_name,input,output"},

		// Deleted between the calls.
		vpzStart("uwb_su_parent", "f", nil),
	},
	vpzAction("f", "w", "fw"),
	[]step{
		{method: del, path: "/workflows/uwb_su_child"},
		vpzDone("fw", "SUCCESS", nil),
		{method: get, path: "/executions/{f}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{f}/tasks?sort_keys=name&fields=name,state,state_info,published",
			ignore: map[string]string{"tasks.1.state_info": "ends with Mistral's Python traceback"}},

		// Defined again (a new id), then replaced while the parent is
		// paused between the calls.
		{method: post, path: "/workflows", body: strings.ReplaceAll(uwbSubChild, "ver: 1", "ver: 3"), save: map[string]string{"child3": "workflows.0.id"}},
		vpzStart("uwb_su_parent", "g", nil),
	},
	vpzAction("g", "w", "gw"),
	[]step{
		vpzPause("g"),
		vpzDone("gw", "SUCCESS", nil),
		{method: put, path: "/workflows", body: strings.ReplaceAll(uwbSubChild, "ver: 1", "ver: 4")},
		vpzResume("g", nil),
		{method: get, path: "/executions/{g}", settle: true},
		{method: get, path: "/executions/{g}/tasks?name=c2&fields=name", save: map[string]string{"g2": "tasks.0.id"}},
		{method: get, path: "/executions?task_execution_id={g2}&fields=workflow_id,workflow_name,output"},

		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/executions/{g}"},
		{method: del, path: "/workflows/uwb_su_parent"},
		{method: del, path: "/workflows/uwb_su_child"},
	},
)}

// uwbRunningWorkflows: a parent whose sub-workflow waits for an
// asynchronous action, then runs an echo; the parent then runs its own.
const uwbRunningWorkflows = `---
version: '2.0'
uwb_rd_child:
  tasks:
    w:
      action: std.async_noop
      on-success: t
    t:
      action: std.echo output='child-v1'
      publish: {v: <% task().result %>}
  output: {v: <% $.v %>}
uwb_rd_parent:
  tasks:
    c:
      workflow: uwb_rd_child
      publish: {c: <% task().result.v %>}
      on-success: d
    d:
      action: std.echo output='parent-v1'
      publish: {d: <% task().result %>}
  output: {c: <% $.c %>, d: <% $.d %>}
`

// uwbRunningDefsScenario: a running sub-workflow and its parent, both
// replaced (each goes on as it started), then both deleted (each still
// ends), while the sub-workflow waits.
var uwbRunningDefsScenario = scenario{name: "uwb_running_defs", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: uwbRunningWorkflows},
		vpzStart("uwb_rd_parent", "e", nil),
		uwbChild("e", "uwb_rd_child", "c"),
	},
	vpzAction("c", "w", "cw"),
	[]step{
		{method: put, path: "/workflows", body: strings.ReplaceAll(strings.ReplaceAll(uwbRunningWorkflows, "-v1", "-v2"), "publish: {d:", "publish: {d2:")},
		{method: get, path: "/workflows/uwb_rd_child"},
		vpzDone("cw", "SUCCESS", nil),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{c}"},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published"},
		{method: put, path: "/workflows", body: uwbRunningWorkflows},

		vpzStart("uwb_rd_parent", "f", nil),
		uwbChild("f", "uwb_rd_child", "fc"),
	},
	vpzAction("fc", "w", "fcw"),
	[]step{
		{method: del, path: "/workflows/uwb_rd_child"},
		{method: del, path: "/workflows/uwb_rd_parent"},
		{method: get, path: "/workflows/uwb_rd_parent"},
		vpzDone("fcw", "SUCCESS", nil),
		{method: get, path: "/executions/{f}", settle: true},
		{method: get, path: "/executions/{fc}"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
	},
)}

// uwbItemsWorkflows: a with-items task, one item at a time, over a
// sub-workflow that waits for an asynchronous action.
const uwbItemsWorkflows = `---
version: '2.0'
uwb_is_child:
  input: [x]
  tasks:
    w:
      action: std.async_noop
  output: {x: <% $.x %>, ver: 1}
uwb_is_parent:
  tasks:
    t:
      with-items: x in [1, 2]
      concurrency: 1
      workflow: uwb_is_child
      input: {x: <% $.x %>}
      publish: {r: <% task().result %>}
`

// uwbItemsSubUpdatedScenario: the sub-workflow of a with-items task
// replaced between its items: the second item's runs the new definition.
var uwbItemsSubUpdatedScenario = scenario{name: "uwb_items_sub_updated", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: uwbItemsWorkflows},
		vpzStart("uwb_is_parent", "e", nil),
		{method: get, path: "/executions?root_execution_id={e}&workflow_name=uwb_is_child&input=%7B%22x%22:%201%7D&fields=workflow_name",
			until: "executions.0.id", save: map[string]string{"c1": "executions.0.id"}},
	},
	vpzAction("c1", "w", "c1w"),
	[]step{
		{method: put, path: "/workflows", body: strings.NewReplacer("ver: 1", "ver: 2", "async_noop", "echo output=<% $.x %>").Replace(uwbItemsWorkflows)},
		vpzDone("c1w", "SUCCESS", nil),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions?root_execution_id={e}&workflow_name=uwb_is_child&input=%7B%22x%22:%202%7D&fields=state,output",
			until: "executions.0.id", save: map[string]string{"c2": "executions.0.id"}},
		{method: get, path: "/executions/{c2}/tasks?fields=name,state,type"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/uwb_is_parent"},
		{method: del, path: "/workflows/uwb_is_child"},
	},
)}

// uwbNsSub is a sub-workflow that says where it was found.
func uwbNsSub(name, who string) string {
	return "---\nversion: '2.0'\n" + name + ":\n  output: {who: " + who + "}\n  tasks:\n    t:\n      action: std.noop\n"
}

// uwbNsCaller calls workflow sub, waiting first for an asynchronous
// action when wait.
func uwbNsCaller(name, sub string, wait bool) string {
	text := "---\nversion: '2.0'\n" + name + ":\n  tasks:\n"
	if wait {
		text += "    w:\n      action: std.async_noop\n      on-success: s\n"
	}
	return text + "    s:\n      workflow: " + sub + "\n      publish: {r: <% task().result %>}\n"
}

// uwbNsWorkbook in namespace uwb_ns_a calls by short name a workflow only
// the namespace holds outside the workbook, and one the workbook has.
const uwbNsWorkbook = `---
version: '2.0'
name: uwb_nswb
workflows:
  main:
    tasks:
      a:
        workflow: uwb_ns_both
        publish: {a: <% task().result.who %>}
        on-success: b
      b:
        workflow: uwb_ns_mine
        publish: {b: <% task().result.who %>}
  uwb_ns_mine:
    output: {who: workbook}
    tasks:
      t:
        action: std.noop
`

// uwbStartFallback is why a start in a namespace without the workflow
// answers otherwise than Mistral 15.
const uwbStartFallback = "REST.md: a start's workflow_namespace lookup falls back to the default namespace; " +
	"Mistral 15 answers 404 (Workflow not found)"

// uwbNamespacesScenario: sub-workflows found (or not) by namespace: one
// only another namespace holds, one found in the default namespace whose
// own sub-workflow both namespaces hold, a workbook in a namespace, a
// start in a namespace that holds nothing, and a namespace's
// sub-workflow deleted while its caller waits (the default one is found
// then).
var uwbNamespacesScenario = scenario{name: "uwb_namespaces", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows?namespace=uwb_ns_b", body: uwbNsSub("uwb_ns_only_b", "b")},
		{method: post, path: "/workflows?namespace=uwb_ns_a", body: uwbNsCaller("uwb_ns_calls_b", "uwb_ns_only_b", false)},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_calls_b", "workflow_namespace": "uwb_ns_a"}, save: map[string]string{"e1": "id"},
			ignore: vpzTraceback},
		{method: get, path: "/executions/{e1}", settle: true, ignore: vpzTraceback},

		// a -> default middle -> uwb_ns_both (in a and in the default one).
		{method: post, path: "/workflows", body: uwbNsSub("uwb_ns_both", "default")},
		{method: post, path: "/workflows?namespace=uwb_ns_a", body: uwbNsSub("uwb_ns_both", "a")},
		{method: post, path: "/workflows", body: uwbNsCaller("uwb_ns_middle", "uwb_ns_both", false)},
		{method: post, path: "/workflows?namespace=uwb_ns_a", body: uwbNsCaller("uwb_ns_top", "uwb_ns_middle", false)},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_top", "workflow_namespace": "uwb_ns_a"}, save: map[string]string{"e2": "id"}},
		{method: get, path: "/executions/{e2}", settle: true},
		{method: get, path: "/executions?root_execution_id={e2}&sort_keys=workflow_name&fields=workflow_name,workflow_namespace,params,output"},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_middle"}, save: map[string]string{"e3": "id"}},
		{method: get, path: "/executions/{e3}", settle: true},
		{method: get, path: "/executions?workflow_namespace=uwb_ns_a&root_execution_id={e2}&fields=workflow_name,workflow_namespace"},

		// A workbook in namespace a.
		{method: post, path: "/workbooks?namespace=uwb_ns_a", body: uwbNsWorkbook},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_nswb.main", "workflow_namespace": "uwb_ns_a"}, save: map[string]string{"e5": "id"}},
		{method: get, path: "/executions/{e5}", settle: true},

		// a's sub-workflow deleted while its caller waits.
		{method: post, path: "/workflows?namespace=uwb_ns_a", body: uwbNsCaller("uwb_ns_waits", "uwb_ns_both", true)},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_waits", "workflow_namespace": "uwb_ns_a"}, save: map[string]string{"e6": "id"}},
	},
	vpzAction("e6", "w", "e6w"),
	[]step{
		{method: del, path: "/workflows/uwb_ns_both?namespace=uwb_ns_a"},
		vpzDone("e6w", "SUCCESS", nil),
		{method: get, path: "/executions/{e6}", settle: true},
		{method: get, path: "/executions?root_execution_id={e6}&workflow_name=uwb_ns_both&fields=workflow_namespace,params,output"},

		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/executions/{e3}"},
		{method: del, path: "/executions/{e5}"},
		{method: del, path: "/executions/{e6}"},
		{method: del, path: "/workbooks/uwb_nswb?namespace=uwb_ns_a"},
		{method: del, path: "/workflows/uwb_nswb.main?namespace=uwb_ns_a"},
		{method: del, path: "/workflows/uwb_nswb.uwb_ns_mine?namespace=uwb_ns_a"},
		{method: del, path: "/workflows/uwb_ns_waits?namespace=uwb_ns_a"},
		{method: del, path: "/workflows/uwb_ns_top?namespace=uwb_ns_a"},
		// A start falls back to the default namespace (last: ours makes
		// executions Mistral does not).
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_middle", "workflow_namespace": "uwb_ns_a"},
			differs: uwbStartFallback, status: http.StatusCreated},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ns_middle", "workflow_namespace": "uwb_ns_none"},
			differs: uwbStartFallback, status: http.StatusCreated},
		{method: del, path: "/workflows/uwb_ns_middle"},
		{method: del, path: "/workflows/uwb_ns_both"},
		{method: del, path: "/workflows/uwb_ns_calls_b?namespace=uwb_ns_a"},
		{method: del, path: "/workflows/uwb_ns_only_b?namespace=uwb_ns_b"},
	},
)}

// uwbRerunWorkflows: a workflow whose task fails, a sub-workflow that
// fails, its parent, and a workflow running a failing ad-hoc action.
const uwbRerunWorkflows = `---
version: '2.0'
uwb_rr_flat:
  tasks:
    t:
      action: std.fail
      publish-on-error: {ver: 1}
uwb_rr_child:
  tasks:
    t:
      action: std.fail
  output: {ver: 1}
uwb_rr_parent:
  tasks:
    c:
      workflow: uwb_rr_child
      publish: {r: <% task().result %>}
uwb_rr_adhoc:
  tasks:
    t:
      action: uwb_rr_act
      publish: {r: <% task().result %>}
`

// uwbAddress: Mistral's message of a failed ad-hoc action names the
// Python object's address.
var uwbAddress = map[string]string{
	"state_info": "names the address of Mistral's Python action object",
	"output":     "names the address of Mistral's Python action object",
}

// uwbActionOrder: Mistral's message of a task failed twice lists its
// action executions in the database order of their random ids.
var uwbActionOrder = map[string]string{
	"state_info": "lists the task's action executions in the database order of their random ids",
	"output":     "lists the task's action executions in the database order of their random ids",
}

// uwbRerunDefsScenario: failed tasks rerun after their definitions were
// replaced to succeed: the workflow's own (the rerun keeps the spec the
// execution started with), a sub-workflow's, an ad-hoc action's (the
// rerun runs it as defined then).
var uwbRerunDefsScenario = scenario{name: "uwb_rerun_defs", steps: []step{
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_rr_act:\n  base: std.fail\n"},
	{method: post, path: "/workflows", body: uwbRerunWorkflows},
	vpzStart("uwb_rr_flat", "e1", nil),
	{method: get, path: "/executions/{e1}", settle: true},
	vpzStart("uwb_rr_parent", "e2", nil),
	{method: get, path: "/executions/{e2}", settle: true},
	vpzStart("uwb_rr_adhoc", "e3", nil),
	{method: get, path: "/executions/{e3}", settle: true, ignore: uwbAddress},
	{method: put, path: "/workflows", body: strings.NewReplacer("std.fail", "std.echo output='fixed'", "ver: 1", "ver: 2").Replace(uwbRerunWorkflows)},
	{method: put, path: "/actions", body: "---\nversion: '2.0'\nuwb_rr_act:\n  base: std.echo output='act-fixed'\n"},

	{method: get, path: "/executions/{e1}/tasks?name=t&fields=name", save: map[string]string{"t1": "tasks.0.id"}},
	{method: put, path: "/tasks/{t1}", body: map[string]any{"state": "RUNNING", "reset": true}, ignore: uwbRerunRace},
	{method: get, path: "/executions/{e1}", settle: true, ignore: uwbActionOrder},
	{method: get, path: "/executions/{e1}/tasks?fields=name,state,published"},

	{method: get, path: "/executions/{e2}/tasks?name=c&fields=name", save: map[string]string{"t2": "tasks.0.id"}},
	{method: put, path: "/tasks/{t2}", body: map[string]any{"state": "RUNNING", "reset": true}, ignore: vlcSubRerunRace},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions?root_execution_id={e2}&workflow_name=uwb_rr_child&sort_keys=state&fields=state,output"},

	{method: get, path: "/executions/{e3}/tasks?name=t&fields=name", save: map[string]string{"t3": "tasks.0.id"}},
	{method: put, path: "/tasks/{t3}", body: map[string]any{"state": "RUNNING", "reset": true}, ignore: uwbRerunRace},
	{method: get, path: "/executions/{e3}", settle: true, ignore: uwbAddress},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/workflows/uwb_rr_flat"},
	{method: del, path: "/workflows/uwb_rr_parent"},
	{method: del, path: "/workflows/uwb_rr_child"},
	{method: del, path: "/workflows/uwb_rr_adhoc"},
	{method: del, path: "/actions/uwb_rr_act"},
}}

// uwbTagsWorkbook has tags, a description, and workflows with their own
// tags and description; main waits, then calls its sibling.
const uwbTagsWorkbook = `---
version: '2.0'
name: uwb_tgwb
description: the workbook
tags: [uwb_wbtag, shared]
actions:
  act:
    description: an action
    tags: [uwb_actag]
    base: std.echo output='act-v1'
workflows:
  main:
    description: the main one
    tags: [uwb_wftag]
    tasks:
      w:
        action: std.async_noop
        on-success: s
      s:
        workflow: sib
        publish: {s: <% task().result %>}
        on-success: a
      a:
        action: act
        publish: {a: <% task().result %>}
  sib:
    tasks:
      t:
        action: std.noop
    output: {ver: 1}
`

// uwbWorkbookDefsScenario: what a workbook's tags and description give
// its workflows and actions, and a workbook replaced while one of its
// workflows is paused: the sibling it calls next and its action are the
// new ones, the workflow itself goes on as it started.
var uwbWorkbookDefsScenario = scenario{name: "uwb_workbook_defs", steps: vlcSteps(
	[]step{
		{method: post, path: "/workbooks", body: uwbTagsWorkbook},
		{method: get, path: "/workbooks/uwb_tgwb"},
		{method: get, path: "/workflows/uwb_tgwb.main"},
		{method: get, path: "/actions/uwb_tgwb.act"},
		{method: get, path: "/workflows?tags=uwb_wftag&fields=name,tags"},
		{method: get, path: "/workbooks?tags=uwb_wbtag&fields=name,tags"},
		{method: get, path: "/workbooks?tags=uwb_wbtag,shared&fields=name,tags"},
		vpzStart("uwb_tgwb.main", "e", nil),
	},
	vpzAction("e", "w", "w"),
	[]step{
		vpzPause("e"),
		vpzDone("w", "SUCCESS", nil),
		{method: put, path: "/workbooks", body: strings.NewReplacer("ver: 1", "ver: 2", "act-v1", "act-v2", "publish: {a:", "publish: {a2:",
			"tags: [uwb_wftag]", "tags: [uwb_wftag2]").Replace(uwbTagsWorkbook)},
		{method: get, path: "/workflows/uwb_tgwb.main"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workbooks/uwb_tgwb"},
		{method: del, path: "/workflows/uwb_tgwb.main"},
		{method: del, path: "/workflows/uwb_tgwb.sib"},
		{method: del, path: "/actions/uwb_tgwb.act"},
	},
)}

// uwbDelayedActions: a failing ad-hoc action and one that echoes.
const uwbDelayedActions = `---
version: '2.0'
uwb_dd_fails:
  base: std.fail
uwb_dd_echo:
  base: std.echo output='echo-v1'
`

// uwbDelayedChildren: a failing sub-workflow and one that succeeds.
const uwbDelayedChildren = `---
version: '2.0'
uwb_dd_child:
  tasks:
    t:
      action: std.fail
  output: {ver: 1}
uwb_dd_child2:
  tasks:
    t:
      action: std.noop
  output: {ver: 1}
`

// uwbDelayedWorkflow: the ad-hoc action and the sub-workflow that fail,
// retried after a delay; the other two run after a wait.
const uwbDelayedWorkflow = `---
version: '2.0'
uwb_dd_wf:
  output: {a: <% $.a %>, c: <% $.c %>, w: <% $.w %>, s: <% $.s %>}
  tasks:
    a:
      action: uwb_dd_fails
      retry: {count: 1, delay: 5}
      publish: {a: <% task().result %>}
    c:
      workflow: uwb_dd_child
      retry: {count: 1, delay: 5}
      publish: {c: <% task().result %>}
    w:
      action: uwb_dd_echo
      wait-before: 5
      publish: {w: <% task().result %>}
    s:
      workflow: uwb_dd_child2
      wait-before: 5
      publish: {s: <% task().result %>}
`

// uwbDelayedStart uploads the definitions, starts uwb_dd_wf as {e} and
// waits until its four tasks wait.
var uwbDelayedStart = []step{
	{method: post, path: "/actions", body: uwbDelayedActions},
	{method: post, path: "/workflows", body: uwbDelayedChildren},
	{method: post, path: "/workflows", body: uwbDelayedWorkflow},
	vpzStart("uwb_dd_wf", "e", nil),
	{method: get, path: "/executions/{e}/tasks?state=DELAYED&sort_keys=name&fields=name,state", until: "tasks.3.id"},
}

// uwbDelayedDefsScenario: an ad-hoc action and a sub-workflow replaced
// while the tasks that run them wait (a retry's delay, wait-before): the
// retries and the delayed starts run the new definitions.
var uwbDelayedDefsScenario = scenario{name: "uwb_delayed_defs", steps: vlcSteps(uwbDelayedStart, []step{
	{method: put, path: "/actions", body: strings.NewReplacer("std.fail", "std.echo output='fixed'", "echo-v1", "echo-v2").Replace(uwbDelayedActions)},
	{method: put, path: "/workflows", body: strings.NewReplacer("std.fail", "std.noop", "ver: 1", "ver: 2").Replace(uwbDelayedChildren)},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published"},
	{method: get, path: "/executions?root_execution_id={e}&sort_keys=workflow_name,state&fields=workflow_name,state,output"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/uwb_dd_wf"},
	{method: del, path: "/workflows/uwb_dd_child"},
	{method: del, path: "/workflows/uwb_dd_child2"},
	{method: del, path: "/actions/uwb_dd_fails"},
	{method: del, path: "/actions/uwb_dd_echo"},
})}

// uwbStandaloneTasks are the tasks of uwb_ws.main: its action and its
// sibling by short name.
const uwbStandaloneTasks = `a:
  action: act
  publish: {a: <% task().result %>}
  on-success: h
h:
  workflow: helper
  publish: {h: <% task().result.who %>}
`

// uwbIndent indents every line of text by pad.
func uwbIndent(text, pad string) string {
	return pad + strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\n"+pad) + "\n"
}

// uwbStandaloneWorkbook has uwb_ws.main, its sibling and its action.
var uwbStandaloneWorkbook = "---\nversion: '2.0'\nname: uwb_ws\nactions:\n  act:\n    base: std.echo output='wb-act'\n" +
	"workflows:\n  main:\n    tasks:\n" + uwbIndent(uwbStandaloneTasks, "      ") +
	"  helper:\n    tasks:\n      t:\n        action: std.noop\n    output: {who: wb-helper}\n"

// uwbStandaloneMain is uwb_ws.main uploaded as a standalone workflow.
var uwbStandaloneMain = "---\nversion: '2.0'\nuwb_ws.main:\n  tasks:\n" + uwbIndent(uwbStandaloneTasks, "    ")

// uwbStandaloneScenario: a workbook's workflows and actions as standalone
// definitions of the same full names: taken over by the workbook,
// replaced or deleted on their own, and run so. (Recording it, Mistral
// would run the workflow's old spec if it was replaced in the second the
// workbook updated it: its spec cache is keyed on updated_at, of whole
// seconds.)
var uwbStandaloneScenario = scenario{name: "uwb_standalone", steps: []step{
	{method: post, path: "/workflows", body: uwbStandaloneMain, save: map[string]string{"main": "workflows.0.id"}},
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_ws.act:\n  base: std.echo output='standalone-act'\n"},
	{method: get, path: "/workflows/uwb_ws.main"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ws.main"}, save: map[string]string{"e1": "id"}, ignore: vpzTraceback},
	{method: get, path: "/executions/{e1}", settle: true, ignore: vpzTraceback},
	{method: post, path: "/workbooks", body: uwbStandaloneWorkbook},
	{method: get, path: "/workflows/uwb_ws.main"},
	{method: get, path: "/actions/uwb_ws.act"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ws.main"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	// Replaced on its own.
	{method: put, path: "/workflows", body: uwbStandaloneMain},
	{method: get, path: "/workflows/uwb_ws.main"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ws.main"}, save: map[string]string{"e3": "id"}},
	{method: get, path: "/executions/{e3}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/executions/{e3}/tasks?sort_keys=name&fields=name,state,state_info,published", ignore: map[string]string{
		"tasks.1.state_info": "ends with Mistral's Python traceback"}},
	// The workbook again; its helper deleted on its own.
	{method: put, path: "/workbooks", body: uwbStandaloneWorkbook},
	{method: get, path: "/workflows/uwb_ws.main"},
	{method: del, path: "/workflows/uwb_ws.helper"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_ws.main"}, save: map[string]string{"e4": "id"}},
	{method: get, path: "/executions/{e4}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/workbooks/uwb_ws"},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/executions/{e4}"},
	{method: del, path: "/workbooks/uwb_ws"},
	{method: del, path: "/workflows/uwb_ws.main"},
	{method: del, path: "/workflows/uwb_ws.helper"},
	{method: del, path: "/actions/uwb_ws.act"},
}}

// uwbNsStartFields are the fields of a tree's executions compared after a
// start.
const uwbNsStartFields = "&sort_keys=workflow_name&fields=workflow_name,workflow_namespace,params,output"

// uwbNsStartFormsScenario: the namespace a tree's sub-workflows are
// looked up in, by the form of its start: by id without a namespace, by id
// with another namespace, by name with the namespace in params only.
var uwbNsStartFormsScenario = scenario{name: "uwb_ns_start_forms", steps: []step{
	{method: post, path: "/workflows", body: uwbNsSub("uwb_sf_sub", "default")},
	{method: post, path: "/workflows?namespace=uwb_sf_a", body: uwbNsSub("uwb_sf_sub", "a")},
	{method: post, path: "/workflows?namespace=uwb_sf_a", body: uwbNsCaller("uwb_sf_top", "uwb_sf_sub", false), save: map[string]string{"top_a": "workflows.0.id"}},
	{method: post, path: "/workflows", body: uwbNsCaller("uwb_sf_top", "uwb_sf_sub", false), save: map[string]string{"top": "workflows.0.id"}},

	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{top_a}"}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: get, path: "/executions?root_execution_id={e1}" + uwbNsStartFields},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{top_a}", "workflow_namespace": "uwb_sf_other"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions?root_execution_id={e2}" + uwbNsStartFields},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{top}", "workflow_namespace": "uwb_sf_a"}, save: map[string]string{"e3": "id"}},
	{method: get, path: "/executions/{e3}", settle: true},
	{method: get, path: "/executions?root_execution_id={e3}" + uwbNsStartFields},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_sf_top", "params": map[string]any{"namespace": "uwb_sf_a"}},
		save: map[string]string{"e4": "id"}},
	{method: get, path: "/executions/{e4}", settle: true},
	{method: get, path: "/executions?root_execution_id={e4}" + uwbNsStartFields},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_sf_top", "workflow_namespace": "uwb_sf_a",
		"params": map[string]any{"namespace": ""}}, save: map[string]string{"e5": "id"}},
	{method: get, path: "/executions/{e5}", settle: true},
	{method: get, path: "/executions?root_execution_id={e5}" + uwbNsStartFields},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/executions/{e4}"},
	{method: del, path: "/executions/{e5}"},
	{method: del, path: "/workflows/uwb_sf_top"},
	{method: del, path: "/workflows/uwb_sf_top?namespace=uwb_sf_a"},
	{method: del, path: "/workflows/uwb_sf_sub"},
	{method: del, path: "/workflows/uwb_sf_sub?namespace=uwb_sf_a"},
}}

// uwbSourceWorkflow publishes its version.
const uwbSourceWorkflow = "---\nversion: '2.0'\nuwb_se:\n  input:\n    - x: 1\n  tasks:\n    t:\n      action: std.echo output=VER\n" +
	"      publish: {v: <% task().result %>, x: <% $.x %>}\n"

// uwbCopy copies {e1} with the body Mistral 15 needs (a description) and
// the input it does not copy (vio_ scenarios).
var uwbCopy = map[string]any{"source_execution_id": "{e1}", "description": "again", "input": map[string]any{"x": 7}}

// uwbCopyNamed is uwbCopy naming the workflow as well.
var uwbCopyNamed = map[string]any{"source_execution_id": "{e1}", "description": "again", "input": map[string]any{"x": 7}, "workflow_name": "uwb_se"}

// uwbSourceExecutionScenario: executions started from an earlier one
// (source_execution_id) after its workflow was replaced, deleted, and
// created again (a new id).
var uwbSourceExecutionScenario = scenario{name: "uwb_source_execution", steps: []step{
	{method: post, path: "/workflows", body: strings.ReplaceAll(uwbSourceWorkflow, "VER", "1")},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_se", "input": map[string]any{"x": 7}}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: put, path: "/workflows", body: strings.ReplaceAll(uwbSourceWorkflow, "VER", "2")},
	{method: post, path: "/executions", body: uwbCopy, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: del, path: "/workflows/uwb_se"},
	{method: post, path: "/executions", body: uwbCopy},
	{method: post, path: "/workflows", body: strings.ReplaceAll(uwbSourceWorkflow, "VER", "3")},
	{method: post, path: "/executions", body: uwbCopy},
	{method: post, path: "/executions", body: uwbCopyNamed},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/workflows/uwb_se"},
}}

// uwbItemsDeletedWorkflows: a with-items task, one item at a time, over
// a sub-workflow that waits.
const uwbItemsDeletedWorkflows = `---
version: '2.0'
uwb_id_child:
  input: [x]
  tasks:
    w:
      action: std.async_noop
  output: {x: <% $.x %>}
uwb_id_subs:
  tasks:
    t:
      with-items: x in [1, 2]
      concurrency: 1
      workflow: uwb_id_child
      input: {x: <% $.x %>}
      publish: {r: <% task().result %>}
uwb_id_acts:
  tasks:
    t:
      with-items: x in [1, 2]
      concurrency: 1
      action: uwb_id_act
uwb_id_noact:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      concurrency: 2
      action: uwb_id_no_such_action
uwb_id_nowf:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      concurrency: 2
      workflow: uwb_id_no_such_workflow
`

// uwbItemsDeletedScenario: the sub-workflow of a with-items task deleted
// between its items: the next item cannot start, which fails the
// workflow; the ad-hoc action of the items given a required input between
// them; with-items tasks whose action or sub-workflow does not exist.
// The capacity in their runtime context is as before the item that could
// not start. (An ad-hoc action deleted so refuses the running item's
// result: vah_running_adhoc.)
var uwbItemsDeletedScenario = scenario{name: "uwb_items_deleted", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: uwbItemsDeletedWorkflows},
		vpzStart("uwb_id_subs", "e", nil),
		uwbChild("e", "uwb_id_child", "c1"),
	},
	vpzAction("c1", "w", "c1w"),
	[]step{
		{method: del, path: "/workflows/uwb_id_child"},
		vpzDone("c1w", "SUCCESS", nil),
		{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info,published,runtime_context", ignore: vpzTasksTraceback},
		{method: get, path: "/executions?root_execution_id={e}&fields=workflow_name,state,input,output"},

		// The ad-hoc action of the items given a required input between
		// them.
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_id_act:\n  base: std.async_noop\n"},
		vpzStart("uwb_id_acts", "h", nil),
	},
	vpzAction("h", "t", "h1"),
	[]step{
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nuwb_id_act:\n  base: std.async_noop\n  input: [q]\n"},
		vpzDone("h1", "SUCCESS", map[string]any{"k": 1}),
		{method: get, path: "/executions/{h}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{h}/tasks?fields=name,state,state_info,runtime_context", ignore: vpzTasksTraceback},
		{method: get, path: "/tasks/{h1t}/action_executions?fields=state"},

		// Nothing to start from the first item on.
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_id_noact"}, save: map[string]string{"f": "id"}, ignore: vpzTraceback},
		{method: get, path: "/executions/{f}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{f}/tasks?fields=name,state,runtime_context"},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_id_nowf"}, save: map[string]string{"g": "id"}, ignore: vpzTraceback},
		{method: get, path: "/executions/{g}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{g}/tasks?fields=name,state,runtime_context"},

		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/executions/{g}"},
		{method: del, path: "/executions/{h}"},
		{method: del, path: "/workflows/uwb_id_subs"},
		{method: del, path: "/workflows/uwb_id_acts"},
		{method: del, path: "/actions/uwb_id_act"},
		{method: del, path: "/workflows/uwb_id_noact"},
		{method: del, path: "/workflows/uwb_id_nowf"},
	},
)}

// uwbTracebacks ignores the state_info of the first n tasks of a list:
// Mistral ends each with its Python traceback.
func uwbTracebacks(n int) map[string]string {
	out := make(map[string]string, n)
	for i := range n {
		out[fmt.Sprintf("tasks.%d.state_info", i)] = "ends with Mistral's Python traceback"
	}
	return out
}

// uwbRerunRace: what a rerun's answer shows of its task depends on
// whether the action it started has finished when the API reads the task.
var uwbRerunRace = map[string]string{
	"state": "the rerun's action may have finished already", "state_info": "the rerun's action may have finished already",
	"result": "the rerun's action may have finished already", "processed": "the rerun's action may have finished already",
	"finished_at": "the rerun's action may have finished already", "published": "the rerun's action may have finished already",
}

// uwbGoneDelayedScenario: the ad-hoc action and the sub-workflow of tasks
// waiting (a retry's delay, wait-before) deleted before they run.
var uwbGoneDelayedScenario = scenario{name: "uwb_gone_delayed", steps: vlcSteps(uwbDelayedStart, []step{
	{method: del, path: "/actions/uwb_dd_fails"},
	{method: del, path: "/actions/uwb_dd_echo"},
	{method: del, path: "/workflows/uwb_dd_child"},
	{method: del, path: "/workflows/uwb_dd_child2"},
	{method: get, path: "/executions/{e}", settle: true, ignore: map[string]string{
		"state_info": "names the task that failed first of four failing together, and ends with Mistral's Python traceback",
		"output":     "names the task that failed first of four failing together, and ends with Mistral's Python traceback"}},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published", ignore: uwbTracebacks(4)},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/uwb_dd_wf"},
})}

// uwbGoneRerunWorkflows: a task running an ad-hoc action, then one that
// fails; a sub-workflow that fails, and its parent.
const uwbGoneRerunWorkflows = `---
version: '2.0'
uwb_gr_flat:
  tasks:
    a:
      action: uwb_gr_act
      publish: {a: <% task().result %>}
      on-success: f
    f:
      action: std.fail
uwb_gr_child:
  tasks:
    t:
      action: std.fail
uwb_gr_parent:
  tasks:
    c:
      workflow: uwb_gr_child
`

// uwbGoneRerunScenario: failed tasks rerun after the definitions they run
// were deleted: the ad-hoc action of a task before the failed one, the
// sub-workflow of the failed task; and a paused workflow resumed after the
// action of its next task was deleted.
var uwbGoneRerunScenario = scenario{name: "uwb_gone_rerun", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_gr_act:\n  base: std.echo output='act'\n"},
		{method: post, path: "/workflows", body: uwbGoneRerunWorkflows},
		vpzStart("uwb_gr_flat", "e1", nil),
		{method: get, path: "/executions/{e1}", settle: true},
		vpzStart("uwb_gr_parent", "e2", nil),
		{method: get, path: "/executions/{e2}", settle: true},
		{method: del, path: "/actions/uwb_gr_act"},
		{method: del, path: "/workflows/uwb_gr_child"},

		{method: get, path: "/executions/{e1}/tasks?name=a&fields=name", save: map[string]string{"a1": "tasks.0.id"}},
		{method: put, path: "/tasks/{a1}", body: map[string]any{"state": "RUNNING", "reset": true}},
		{method: get, path: "/executions/{e1}/tasks?name=f&fields=name", save: map[string]string{"f1": "tasks.0.id"}},
		{method: put, path: "/tasks/{f1}", body: map[string]any{"state": "RUNNING", "reset": true}, ignore: uwbRerunRace},
		{method: get, path: "/executions/{e1}", settle: true},
		{method: get, path: "/executions/{e2}/tasks?name=c&fields=name", save: map[string]string{"c2": "tasks.0.id"}},
		{method: put, path: "/tasks/{c2}", body: map[string]any{"state": "RUNNING", "reset": true}, ignore: vpzTraceback},
		{method: get, path: "/executions/{e2}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e2}/tasks?fields=name,state,state_info", ignore: vpzTasksTraceback},

		// Paused before a task whose action is then deleted.
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_gr_act:\n  base: std.echo output='act'\n"},
		{method: post, path: "/workflows", body: "---\nversion: '2.0'\nuwb_gr_wait:\n  tasks:\n    w:\n      action: std.async_noop\n" +
			"      on-success: a\n    a:\n      action: uwb_gr_act\n"},
		vpzStart("uwb_gr_wait", "e3", nil),
	},
	vpzAction("e3", "w", "w3"),
	[]step{
		vpzPause("e3"),
		vpzDone("w3", "SUCCESS", nil),
		{method: del, path: "/actions/uwb_gr_act"},
		vpzResume("e3", nil),
		{method: get, path: "/executions/{e3}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e3}/tasks?sort_keys=name&fields=name,state,state_info", ignore: vpzTasksTraceback},

		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/executions/{e3}"},
		{method: del, path: "/workflows/uwb_gr_flat"},
		{method: del, path: "/workflows/uwb_gr_parent"},
		{method: del, path: "/workflows/uwb_gr_wait"},
	},
)}

// uwbItemsRerunWorkflows: a with-items task, one item at a time, over a
// sub-workflow that fails for x = 2.
const uwbItemsRerunWorkflows = `---
version: '2.0'
uwb_ir_child:
  input: [x]
  tasks:
    t:
      action: std.echo output=<% $.x %>
      on-success:
        - fail: <% $.x = 2 %>
  output: {x: <% $.x %>, ver: 1}
uwb_ir_parent:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      concurrency: 1
      workflow: uwb_ir_child
      input: {x: <% $.x %>}
      publish: {r: <% task().result %>}
`

// uwbChildOrder: Mistral's message of a with-items task over
// sub-workflows numbers them in the database order of their random ids.
var uwbChildOrder = map[string]string{
	"state_info": "numbers the task's sub-workflows in the database order of their random ids",
	"output":     "numbers the task's sub-workflows in the database order of their random ids",
}

// uwbItemsRerunRace: a rerun's answer shows how far its sub-workflow got,
// and the with-items capacity it gave back when it finished.
var uwbItemsRerunRace = map[string]string{
	"state": "the rerun's sub-workflow may have finished already", "state_info": "the rerun's sub-workflow may have finished already",
	"result": "the rerun's sub-workflow may have finished already", "processed": "the rerun's sub-workflow may have finished already",
	"finished_at": "the rerun's sub-workflow may have finished already", "published": "the rerun's sub-workflow may have finished already",
	"runtime_context": "the rerun's sub-workflow may have finished already, giving its capacity back",
}

// uwbItemsRerunScenario: a with-items task over sub-workflows rerun
// without reset after its sub-workflow was replaced (the failed item runs
// the new definition), and after it was deleted.
var uwbItemsRerunScenario = scenario{name: "uwb_items_rerun", steps: []step{
	{method: post, path: "/workflows", body: uwbItemsRerunWorkflows},
	vpzStart("uwb_ir_parent", "e", nil),
	{method: get, path: "/executions/{e}", settle: true, ignore: uwbChildOrder},
	{method: get, path: "/executions/{e}/tasks?fields=name,state,runtime_context", save: map[string]string{"t": "tasks.0.id"}},
	{method: put, path: "/workflows", body: strings.NewReplacer("<% $.x = 2 %>", "<% false %>", "ver: 1", "ver: 2").Replace(uwbItemsRerunWorkflows)},
	{method: put, path: "/tasks/{t}", body: map[string]any{"state": "RUNNING", "reset": false}, ignore: uwbItemsRerunRace},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info,published,runtime_context"},

	{method: put, path: "/workflows", body: uwbItemsRerunWorkflows},
	vpzStart("uwb_ir_parent", "f", nil),
	{method: get, path: "/executions/{f}", settle: true, ignore: uwbChildOrder},
	{method: get, path: "/executions/{f}/tasks?fields=name", save: map[string]string{"ft": "tasks.0.id"}},
	{method: del, path: "/workflows/uwb_ir_child"},
	{method: put, path: "/tasks/{ft}", body: map[string]any{"state": "RUNNING", "reset": false}, ignore: vpzTraceback},
	{method: get, path: "/executions/{f}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/executions/{f}/tasks?fields=name,state,state_info,published,runtime_context", ignore: vpzTasksTraceback},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/workflows/uwb_ir_parent"},
}}

// uwbChainActions: an ad-hoc action on an ad-hoc action on an
// asynchronous base, each transforming the output.
const uwbChainActions = `---
version: '2.0'
uwb_ac_top:
  base: uwb_ac_mid
  output: <% 'top(' + $ + ')' %>
uwb_ac_mid:
  base: std.async_noop
  output: <% 'mid(' + $.k + ')' %>
`

// uwbChainStart starts uwb_ac_wf as {exec} and saves its running action as
// {action}.
func uwbChainStart(exec, action string) []step {
	return append([]step{vpzStart("uwb_ac_wf", exec, nil)}, vpzAction(exec, "t", action)...)
}

// uwbAdhocChainScenario: the middle of a chain of ad-hoc actions replaced,
// then deleted, and the top one rebased, while a task runs the chain: the
// output transformations at completion are those of the chain then.
var uwbAdhocChainScenario = scenario{name: "uwb_adhoc_chain", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions", body: uwbChainActions},
		{method: post, path: "/workflows", body: "---\nversion: '2.0'\nuwb_ac_wf:\n  tasks:\n    t:\n      action: uwb_ac_top\n" +
			"      publish: {r: <% task().result %>}\n"},
	},
	uwbChainStart("e1", "a1"),
	[]step{
		{method: put, path: "/actions", body: strings.ReplaceAll(uwbChainActions, "'mid('", "'mid2('")},
		vpzDone("a1", "SUCCESS", map[string]any{"k": "x"}),
		{method: get, path: "/executions/{e1}", settle: true},
		{method: put, path: "/actions", body: uwbChainActions},
	},
	uwbChainStart("e2", "a2"),
	[]step{
		{method: del, path: "/actions/uwb_ac_mid"},
		{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"k": "y"}},
			ignore: map[string]string{"output": "ends with Mistral's Python traceback"}},
		{method: get, path: "/executions/{e2}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/action_executions/{a2}?fields=name,state,output"},
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_ac_mid:\n  base: std.async_noop\n  output: <% 'mid(' + $.k + ')' %>\n"},
	},
	uwbChainStart("e3", "a3"),
	[]step{
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nuwb_ac_top:\n  base: std.async_noop\n  output: <% 'rebased(' + $.k + ')' %>\n"},
		vpzDone("a3", "SUCCESS", map[string]any{"k": "z"}),
		{method: get, path: "/executions/{e3}", settle: true, ignore: vpzTraceback},

		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/executions/{e3}"},
		{method: del, path: "/workflows/uwb_ac_wf"},
		{method: del, path: "/actions/uwb_ac_top"},
		{method: del, path: "/actions/uwb_ac_mid"},
	},
)}

// uwbNsRunningAction is an ad-hoc action on an asynchronous base whose
// output says where it was defined.
func uwbNsRunningAction(who string) string {
	return "---\nversion: '2.0'\nuwb_nr_act:\n  base: std.async_noop\n  output: <% '" + who + "-' + $.k %>\n"
}

// uwbNsRunningScenario: the ad-hoc action of a running task of a workflow
// in a namespace, deleted there while the default namespace has one of the
// same name (the result goes through the default one's output), then
// defined in the namespace again.
var uwbNsRunningScenario = scenario{name: "uwb_ns_running", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions?namespace=uwb_nr_ns", body: uwbNsRunningAction("ns")},
		{method: post, path: "/actions", body: uwbNsRunningAction("default")},
		{method: post, path: "/workflows?namespace=uwb_nr_ns", body: "---\nversion: '2.0'\nuwb_nr_wf:\n  tasks:\n    t:\n" +
			"      action: uwb_nr_act\n      publish: {r: <% task().result %>}\n"},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_nr_wf", "workflow_namespace": "uwb_nr_ns"}, save: map[string]string{"e1": "id"}},
	},
	vpzAction("e1", "t", "a1"),
	[]step{
		{method: del, path: "/actions/uwb_nr_act?namespace=uwb_nr_ns"},
		vpzDone("a1", "SUCCESS", map[string]any{"k": "x"}),
		{method: get, path: "/executions/{e1}", settle: true},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_nr_wf", "workflow_namespace": "uwb_nr_ns"}, save: map[string]string{"e2": "id"}},
	},
	vpzAction("e2", "t", "a2"),
	[]step{
		{method: post, path: "/actions?namespace=uwb_nr_ns", body: uwbNsRunningAction("ns2")},
		vpzDone("a2", "SUCCESS", map[string]any{"k": "y"}),
		{method: get, path: "/executions/{e2}", settle: true},
		{method: get, path: "/action_executions/{a2}"},

		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/workflows/uwb_nr_wf?namespace=uwb_nr_ns"},
		{method: del, path: "/actions/uwb_nr_act?namespace=uwb_nr_ns"},
		{method: del, path: "/actions/uwb_nr_act"},
	},
)}

// uwbNsChainScenario: a chain of ad-hoc actions across namespaces: the
// outermost in uwb_n3_a, the middle one only in the default namespace, the
// innermost in both. Mistral looks every base up in the outermost action's
// namespace first, at the start (in a task, run on its own) and at the
// completion's output transformation.
var uwbNsChainScenario = scenario{name: "uwb_ns_chain", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions?namespace=uwb_n3_a", body: "---\nversion: '2.0'\nuwb_n3_top:\n  base: uwb_n3_mid\n" +
			"  output: <% 'top(' + $ + ')' %>\nuwb_n3_bottom:\n  base: std.echo output='bottom-A'\n  output: <% 'botA(' + $ + ')' %>\n" +
			"uwb_n3_wait:\n  base: std.async_noop\n  output: <% 'waitA(' + $.k + ')' %>\n"},
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_n3_mid:\n  base: uwb_n3_bottom\n  output: <% 'mid(' + $ + ')' %>\n" +
			"uwb_n3_bottom:\n  base: std.echo output='bottom-default'\n  output: <% 'botD(' + $ + ')' %>\n" +
			"uwb_n3_amid:\n  base: uwb_n3_wait\n  output: <% 'amid(' + $ + ')' %>\n" +
			"uwb_n3_wait:\n  base: std.async_noop\n  output: <% 'waitD(' + $.k + ')' %>\n"},
		{method: post, path: "/actions?namespace=uwb_n3_a", body: "---\nversion: '2.0'\nuwb_n3_atop:\n  base: uwb_n3_amid\n  output: <% 'atop(' + $ + ')' %>\n"},
		{method: post, path: "/workflows?namespace=uwb_n3_a", body: "---\nversion: '2.0'\nuwb_n3_wf:\n  tasks:\n    t:\n" +
			"      action: uwb_n3_top\n      publish: {r: <% task().result %>}\n      on-success: w\n" +
			"    w:\n      action: uwb_n3_atop\n      publish: {w: <% task().result %>}\n"},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_n3_wf", "workflow_namespace": "uwb_n3_a"}, save: map[string]string{"e": "id"}},
	},
	vpzAction("e", "w", "w"),
	[]step{
		vpzDone("w", "SUCCESS", map[string]any{"k": "x"}),
		{method: get, path: "/executions/{e}", settle: true},
		{method: post, path: "/action_executions", body: map[string]any{"name": "uwb_n3_top", "workflow_namespace": "uwb_n3_a"}},
		{method: post, path: "/action_executions", body: map[string]any{"name": "uwb_n3_mid", "workflow_namespace": "uwb_n3_a"}},
		{method: post, path: "/action_executions", body: map[string]any{"name": "uwb_n3_mid"}},

		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/uwb_n3_wf?namespace=uwb_n3_a"},
		{method: del, path: "/actions/uwb_n3_top?namespace=uwb_n3_a"},
		{method: del, path: "/actions/uwb_n3_atop?namespace=uwb_n3_a"},
		{method: del, path: "/actions/uwb_n3_bottom?namespace=uwb_n3_a"},
		{method: del, path: "/actions/uwb_n3_wait?namespace=uwb_n3_a"},
		{method: del, path: "/actions/uwb_n3_mid"},
		{method: del, path: "/actions/uwb_n3_amid"},
		{method: del, path: "/actions/uwb_n3_bottom"},
		{method: del, path: "/actions/uwb_n3_wait"},
	},
)}

// uwbPausedTreeWorkflows: a parent calling a child that waits and then
// runs an ad-hoc action, then calling it again.
const uwbPausedTreeWorkflows = `---
version: '2.0'
uwb_pt_child:
  tasks:
    w:
      action: std.async_noop
      on-success: a
    a:
      action: uwb_pt_act
      publish: {a: <% task().result %>}
  output: {a: <% $.a %>, ver: 1}
uwb_pt_parent:
  tasks:
    c1:
      workflow: uwb_pt_child
      publish: {c1: <% task().result %>}
      on-success: c2
    c2:
      workflow: uwb_pt_child
      publish: {c2: <% task().result %>}
`

// uwbPausedTreeScenario: a tree paused while its child waits; the child's
// workflow replaced and its ad-hoc action replaced, then the tree resumed:
// the running child goes on with its own spec and the new action, the
// next call runs the new child; then, paused again, the child's workflow
// deleted: the second child, running, still ends, and so does the tree.
var uwbPausedTreeScenario = scenario{name: "uwb_paused_tree", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nuwb_pt_act:\n  base: std.echo output='act-v1'\n"},
		{method: post, path: "/workflows", body: uwbPausedTreeWorkflows},
		vpzStart("uwb_pt_parent", "e", nil),
		uwbChild("e", "uwb_pt_child", "c"),
	},
	vpzAction("c", "w", "cw"),
	[]step{
		vpzPause("e"),
		{method: put, path: "/workflows", body: strings.NewReplacer("ver: 1", "ver: 2", "on-success: a\n", "on-success: a\n      publish: {v2: true}\n").Replace(uwbPausedTreeWorkflows)},
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nuwb_pt_act:\n  base: std.echo output='act-v2'\n"},
		vpzDone("cw", "SUCCESS", nil),
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}/tasks?name=c2&fields=name", until: "tasks.0.id", save: map[string]string{"c2t": "tasks.0.id"}},
		{method: get, path: "/executions?task_execution_id={c2t}&fields=state", until: "executions.0.id", save: map[string]string{"c2": "executions.0.id"}},
	},
	vpzAction("c2", "w", "c2w"),
	[]step{
		{method: get, path: "/executions/{c}", settle: true},
		vpzPause("e"),
		{method: del, path: "/workflows/uwb_pt_child"},
		vpzDone("c2w", "SUCCESS", nil),
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{c2}"},
		{method: get, path: "/executions/{c2}/tasks?sort_keys=name&fields=name,state,published"},

		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/uwb_pt_parent"},
		{method: del, path: "/actions/uwb_pt_act"},
	},
)}

// uwbSubByIDScenario: a task whose (dynamic) sub-workflow name is a
// workflow's id: a sub-workflow is looked up by name only, where a start
// takes the id.
var uwbSubByIDScenario = scenario{name: "uwb_sub_by_id", steps: []step{
	{method: post, path: "/workflows", body: uwbNsSub("uwb_bi_child", "child"), save: map[string]string{"child": "workflows.0.id"}},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nuwb_bi_parent:\n  input: [w]\n  tasks:\n    t:\n" +
		"      workflow: <% $.w %>\n      publish: {r: <% task().result %>}\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_bi_parent", "input": map[string]any{"w": "{child}"}},
		save: map[string]string{"e1": "id"}, ignore: vpzTraceback},
	{method: get, path: "/executions/{e1}", settle: true, ignore: vpzTraceback},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "uwb_bi_parent", "input": map[string]any{"w": "uwb_bi_child"}},
		save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{child}"}, save: map[string]string{"e3": "id"}},
	{method: get, path: "/executions/{e3}", settle: true},

	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/workflows/uwb_bi_parent"},
	{method: del, path: "/workflows/uwb_bi_child"},
}}
