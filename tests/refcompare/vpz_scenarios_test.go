package refcompare

import "strings"

// The vpz_ scenarios: what happens to tasks that end while their workflow
// is paused, and what the resume makes of them. Every step that waits
// does so on a state the API shows (an asynchronous action still RUNNING,
// a task in a given state), never on time: the actions are
// std.async_noop, completed through PUT /action_executions/{id}.

func init() {
	scenarios = append(scenarios, vpzCondEnvScenario, vpzCondErrorScenario, vpzErrorHandledScenario, vpzTaskStateScenario,
		vpzJoinBothScenario, vpzRetryScenario, vpzFailCmdScenario, vpzWithItemsScenario, vpzCancelScenario,
		vpzTimeoutScenario, vpzSubFailScenario, vpzEnvPutScenario, vpzPublishErrorScenario, vpzPauseBeforeRetryScenario,
		vpzSubCondErrorScenario, vpzCommandsScenario, vpzBacklogJoinScenario, vpzPauseBeforePairScenario,
		vpzSubTimeoutScenario, vpzReverseScenario, vpzItemsEnvScenario, vpzCancelledActionScenario,
		vpzSubResumeScenario, vpzGateScenario, vpzOutputEnvScenario, vpzActionPauseScenario,
		vpzSubRetryScenario, vpzJoinFailedScenario, vpzDefinitionsScenario,
		vpzItemsSubsScenario, vpzCancelIdleScenario, vpzGateEnvScenario,
		vpzItemsPoliciesScenario, vpzActionRunningScenario, vpzItemsNextScenario,
		vpzPauseLoopScenario, vpzPauseBeforeTimeoutScenario, vpzJoinGateScenario,
		vpzCancelDelayedScenario)
}

// vpzTraceback: Mistral ends the message of a task force-failed by an
// expression, and of the workflow it fails, with its Python traceback.
var vpzTraceback = map[string]string{
	"state_info": "ends with Mistral's Python traceback",
	"output":     "ends with Mistral's Python traceback",
}

// vpzTasksTraceback is vpzTraceback for a task list whose first task
// (by name) failed so.
var vpzTasksTraceback = map[string]string{"tasks.0.state_info": "ends with Mistral's Python traceback"}

// vpzAction waits for the running action of task name of execution {e}
// and saves the task as {<v>t} and the action as {<v>}.
func vpzAction(e, name, v string) []step {
	return []step{
		{method: get, path: "/executions/{" + e + "}/tasks?name=" + name + "&fields=name", until: "tasks.0.id", save: map[string]string{v + "t": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + v + "t}/action_executions?state=RUNNING", until: "action_executions.0.id",
			save: map[string]string{v: "action_executions.0.id"}},
	}
}

// vpzStart starts workflow wf with env as {e}.
func vpzStart(wf, e string, env map[string]any) step {
	body := map[string]any{"workflow_name": wf}
	if env != nil {
		body["params"] = map[string]any{"env": env}
	}
	return step{method: post, path: "/executions", body: body, save: map[string]string{e: "id"}}
}

func vpzPause(e string) step {
	return step{method: put, path: "/executions/{" + e + "}", body: map[string]any{"state": "PAUSED"}}
}

// vpzResume resumes {e}, with env when not nil.
func vpzResume(e string, env map[string]any) step {
	body := map[string]any{"state": "RUNNING"}
	if env != nil {
		body["params"] = map[string]any{"env": env}
	}
	return step{method: put, path: "/executions/{" + e + "}", body: body, ignore: vlcResumeAnswer}
}

// vpzDone completes action {a} with state and output.
func vpzDone(a, state string, output any) step {
	return step{method: put, path: "/action_executions/{" + a + "}", body: map[string]any{"state": state, "output": output}}
}

func vpzTasks(e string) step {
	return step{method: get, path: "/executions/{" + e + "}/tasks?sort_keys=name&fields=name,state,state_info,published,processed"}
}

// vpzCondEnvWorkflow: a task whose transitions read the env.
const vpzCondEnvWorkflow = `---
version: '2.0'
vpz_ce:
  tasks:
    a:
      action: std.async_noop
      publish: {pa: <% task().result %>}
      on-success:
        - yes_env: <% env().go = 'yes' %>
        - no_env: <% env().go != 'yes' %>
    yes_env:
      action: std.echo output=<% env().go %>
      publish: {got: <% task().result %>}
    no_env:
      action: std.echo output=<% env().go %>
      publish: {got: <% task().result %>}
`

// vpzCondEnvScenario: a task that succeeds while its workflow is paused;
// the resume takes its transitions with the env it brings, or with the
// one the workflow had.
var vpzCondEnvScenario = scenario{name: "vpz_cond_env", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCondEnvWorkflow}, vpzStart("vpz_ce", "e", map[string]any{"go": "no"})},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		{method: get, path: "/tasks/{at}"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", map[string]any{"go": "yes"}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: get, path: "/tasks/{at}"},
		vpzStart("vpz_ce", "f", map[string]any{"go": "no"}),
	},
	vpzAction("f", "a", "b"),
	[]step{
		vpzPause("f"),
		vpzDone("b", "SUCCESS", map[string]any{"x": 2}),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ce"},
	})}

// vpzCondErrorWorkflow: a transition condition that fails on the env the
// workflow starts with.
const vpzCondErrorWorkflow = `---
version: '2.0'
vpz_cerr:
  tasks:
    a:
      action: std.async_noop
      on-success:
        - b: <% 1 / env().n > 0 %>
      on-complete: c
    b:
      action: std.noop
    c:
      action: std.echo output=<% env().n %>
      publish: {pc: <% task().result %>}
`

// vpzCondErrorScenario: a condition that cannot be evaluated when its task
// succeeds while paused fails the task, but the workflow stays paused; the
// resume, even with an env that would do, runs its on-complete and fails
// the workflow for the unhandled task.
var vpzCondErrorScenario = scenario{name: "vpz_cond_error", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCondErrorWorkflow}, vpzStart("vpz_cerr", "e", map[string]any{"n": 0})},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{e}/tasks?fields=name,state,processed"},
		{method: get, path: "/tasks/{at}", ignore: vpzTraceback},
		vpzResume("e", map[string]any{"n": 1}),
		{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published,processed"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_cerr"},
	})}

// vpzErrorHandledWorkflow: a task with an error handler that reads the env.
const vpzErrorHandledWorkflow = `---
version: '2.0'
vpz_eh:
  tasks:
    a:
      action: std.async_noop
      on-error:
        - h: <% env().handle %>
      on-success: s
    h:
      action: std.echo output=<% env().handle %>
      publish: {ph: <% task().result %>}
    s:
      action: std.noop
`

// vpzErrorHandledScenario: a task that fails while paused; its handler
// runs on resume when the env resumed with allows it, and the workflow
// succeeds; resumed with an env that disallows it, the workflow fails.
var vpzErrorHandledScenario = scenario{name: "vpz_error_handled", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzErrorHandledWorkflow}, vpzStart("vpz_eh", "e", map[string]any{"handle": false})},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "ERROR", map[string]any{"why": "broken"}),
		{method: get, path: "/tasks/{at}"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", map[string]any{"handle": true}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_eh", "f", map[string]any{"handle": true}),
	},
	vpzAction("f", "a", "b"),
	[]step{
		vpzPause("f"),
		vpzDone("b", "ERROR", map[string]any{"why": "broken"}),
		vpzResume("f", map[string]any{"handle": false}),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_eh"},
	})}

// vpzTaskStateWorkflow: a transition that reads the state of a task
// running beside it.
const vpzTaskStateWorkflow = `---
version: '2.0'
vpz_ts:
  tasks:
    a:
      action: std.async_noop
      on-success:
        - c: <% task(b).state = 'SUCCESS' %>
        - d: <% task(b).state != 'SUCCESS' %>
    b:
      action: std.async_noop
    c:
      action: std.noop
    d:
      action: std.noop
`

// vpzTaskStateScenario: both tasks end while paused, a first: at
// completion a's condition saw b running, at resume b has succeeded.
var vpzTaskStateScenario = scenario{name: "vpz_task_state", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzTaskStateWorkflow}, vpzStart("vpz_ts", "e", nil)},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		vpzDone("b", "SUCCESS", map[string]any{"x": 2}),
		vpzTasks("e"),
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_ts"},
	})}

// vpzJoinBothWorkflow: a join of two asynchronous tasks.
const vpzJoinBothWorkflow = `---
version: '2.0'
vpz_jb:
  tasks:
    a:
      action: std.async_noop
      publish: {x: a}
      on-success: j
    b:
      action: std.async_noop
      publish: {y: b}
      on-success: j
    j:
      join: all
      action: std.echo output=<% [$.x, $.y] %>
      publish: {pj: <% task().result %>}
`

// vpzJoinBothScenario: both inbound tasks of a join end while paused; the
// resume creates the join. Mistral 15 leaves it WAITING for ever: it
// refreshes a join's state only when an inbound task ends after the join
// exists, and none does; we run it.
var vpzJoinBothScenario = scenario{name: "vpz_join_both", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzJoinBothWorkflow}, vpzStart("vpz_jb", "e", nil)},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("b", "SUCCESS", map[string]any{"x": 2}),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		vpzTasks("e"),
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}/tasks?name=j&fields=name,state", until: "tasks.0.id", status: 200,
			differs: "Mistral 15 leaves a join whose inbound tasks all ended while paused WAITING for ever (no refresh is scheduled for it); we run it"},
		{method: del, path: "/executions/{e}?force=true"},
		{method: del, path: "/workflows/vpz_jb"},
	})}

// vpzRetryWorkflow: an asynchronous task retried once, followed on
// completion.
const vpzRetryWorkflow = `---
version: '2.0'
vpz_rt:
  tasks:
    a:
      action: std.async_noop
      retry: {count: 2, delay: 1}
      publish: {pa: <% task().result %>}
      on-complete: n
    n:
      action: std.noop
`

// vpzRetryScenario: a task that fails while paused is retried while
// paused; its second run succeeds after the resume.
var vpzRetryScenario = scenario{name: "vpz_retry", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzRetryWorkflow}, vpzStart("vpz_rt", "e", nil)},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "ERROR", map[string]any{"try": 1}),
		{method: get, path: "/tasks/{at}/action_executions?state=RUNNING", until: "action_executions.0.id",
			save: map[string]string{"a2": "action_executions.0.id"}},
		{method: get, path: "/tasks/{at}"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/tasks/{at}"},
		vpzDone("a2", "SUCCESS", map[string]any{"try": 2}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: get, path: "/tasks/{at}/action_executions?sort_keys=created_at&fields=state,accepted,output"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_rt"},
	})}

// vpzFailCmdWorkflow: a fail command on completion, under a condition on
// the env, beside an asynchronous task.
const vpzFailCmdWorkflow = `---
version: '2.0'
vpz_fc:
  tasks:
    a:
      action: std.async_noop
      on-complete:
        - fail msg='stopped by env': <% env().f %>
        - n
    b:
      action: std.async_noop
    n:
      action: std.noop
`

// vpzFailCmdScenario: a task ends while paused with a fail command its
// condition allowed then; resumed with an env that disallows it, the
// workflow goes on; resumed as it was, it fails.
var vpzFailCmdScenario = scenario{name: "vpz_fail_cmd", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzFailCmdWorkflow}, vpzStart("vpz_fc", "e", map[string]any{"f": true})},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		vpzResume("e", map[string]any{"f": false}),
		{method: get, path: "/executions/{e}/tasks?name=n&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}"},
		vpzDone("b", "SUCCESS", map[string]any{"x": 2}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_fc", "f", map[string]any{"f": true}),
	},
	vpzAction("f", "a", "c"),
	vpzAction("f", "b", "d"),
	[]step{
		vpzPause("f"),
		vpzDone("c", "SUCCESS", map[string]any{"x": 1}),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: get, path: "/action_executions/{d}"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_fc"},
	})}

// vpzWithItemsWorkflow: four asynchronous items, two at a time, followed
// on success.
const vpzWithItemsWorkflow = `---
version: '2.0'
vpz_wi:
  tasks:
    w:
      with-items: x in [1, 2, 3, 4]
      concurrency: 2
      action: std.async_noop
      publish: {got: <% task().result %>}
      on-complete: n
    n:
      action: std.echo output=<% $.get(got) %>
      publish: {pn: <% task().result %>}
`

// vpzUnordered: a task's action executions come in no particular order.
var vpzUnordered = map[string]string{"action_executions": "Mistral lists a task's action executions in no particular order"}

// vpzWithItemsScenario: items of a with-items task end while paused (one
// succeeds, one fails): the next items start all the same, and the task
// ends after the resume. (Items started in the same second come in no
// particular order: the items completed together give the same output.)
var vpzWithItemsScenario = scenario{name: "vpz_wi", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzWithItemsWorkflow}, vpzStart("vpz_wi", "e", nil)},
	vpzAction("e", "w", "a"),
	[]step{
		{method: get, path: "/tasks/{at}/action_executions?state=RUNNING&sort_keys=created_at", until: "action_executions.1.id",
			save: map[string]string{"i1": "action_executions.0.id", "i2": "action_executions.1.id"}},
		vpzPause("e"),
		vpzDone("i1", "SUCCESS", map[string]any{"v": 0}),
		{method: get, path: "/tasks/{at}/action_executions?fields=state", until: "action_executions.2.id", ignore: vpzUnordered},
		{method: get, path: "/tasks/{at}"},
		vpzDone("i2", "ERROR", map[string]any{"v": 0}),
		{method: get, path: "/tasks/{at}/action_executions?fields=state", until: "action_executions.3.id", ignore: vpzUnordered},
		{method: get, path: "/tasks/{at}"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/tasks/{at}/action_executions?state=RUNNING&sort_keys=created_at", until: "action_executions.1.id",
			save: map[string]string{"i3": "action_executions.0.id", "i4": "action_executions.1.id"}},
		vpzDone("i3", "SUCCESS", map[string]any{"v": 3}),
		vpzDone("i4", "SUCCESS", map[string]any{"v": 3}),
		{method: get, path: "/executions/{e}", settle: true, ignore: vlcIdxOrder},
		vpzTasks("e"),
		{method: get, path: "/tasks/{at}"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_wi"},
	})}

// vpzCancelWorkflow: two asynchronous tasks, one followed on success.
const vpzCancelWorkflow = `---
version: '2.0'
vpz_cn:
  tasks:
    a:
      action: std.async_noop
      on-success: n
    b:
      action: std.async_noop
      on-success: n
    n:
      action: std.noop
`

// vpzCancelScenario: a task ends while paused, the workflow is cancelled
// (its task stays unprocessed, the next one never runs), the other task's
// action ends after, and the cancelled workflow is not resumed.
var vpzCancelScenario = scenario{name: "vpz_cancel", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCancelWorkflow}, vpzStart("vpz_cn", "e", nil)},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "CANCELLED", "state_info": "bye"}},
		vpzTasks("e"),
		vpzDone("b", "SUCCESS", map[string]any{"x": 2}),
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		{method: get, path: "/tasks/{bt}"},
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_cn"},
	})}

// vpzTimeoutWorkflow: an asynchronous task that times out, with a handler
// that reads the env.
const vpzTimeoutWorkflow = `---
version: '2.0'
vpz_to:
  tasks:
    a:
      action: std.async_noop
      timeout: 1
      on-error: h
    h:
      action: std.echo output=<% env().k %>
      publish: {hk: <% task().result %>}
`

// vpzTimeoutScenario: a task times out while paused; the env is changed
// while still paused, and the handler runs on resume with it.
var vpzTimeoutScenario = scenario{name: "vpz_timeout", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzTimeoutWorkflow}, vpzStart("vpz_to", "e", map[string]any{"k": 1})},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		{method: get, path: "/executions/{e}/tasks?state=ERROR&fields=name,state,state_info,processed", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/action_executions/{a}"},
		{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": 2}}}},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzDone("a", "SUCCESS", map[string]any{"late": 1}),
		{method: get, path: "/tasks/{at}"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_to"},
	})}

// vpzSubFailWorkflows: a sub-workflow whose asynchronous task fails into
// a handler that fails too, under a parent task with a handler.
const vpzSubFailWorkflows = `---
version: '2.0'
vpz_sfp:
  tasks:
    call:
      workflow: vpz_sfc
      on-error: h
    h:
      action: std.noop
vpz_sfc:
  tasks:
    w:
      action: std.async_noop
      on-error: wh
    wh:
      action: std.fail
`

// vpzSubStart waits for the sub-workflow of {e} as {<e>c}, its task w and
// its action as {<e>a}.
func vpzSubStart(child, e string) []step {
	return append([]step{
		{method: get, path: "/executions?workflow_name=" + child + "&root_execution_id={" + e + "}&fields=state", until: "executions.0.id",
			save: map[string]string{e + "c": "executions.0.id"}},
	}, vpzAction(e+"c", "w", e+"a")...)
}

// vpzSubFailScenario: the root is paused, its sub-workflow's task fails
// while paused; the resume runs the sub-workflow's handler, which fails
// it, and the parent's handler.
var vpzSubFailScenario = scenario{name: "vpz_sub_fail", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzSubFailWorkflows}, vpzStart("vpz_sfp", "e", nil)},
	vpzSubStart("vpz_sfc", "e"),
	[]step{
		vpzPause("e"),
		vpzDone("ea", "ERROR", map[string]any{"e": 1}),
		{method: get, path: "/executions/{ec}"},
		{method: get, path: "/executions/{ec}/tasks?fields=name,state,state_info,processed"},
		{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info,processed"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: get, path: "/executions/{ec}"},
		vpzTasks("ec"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_sfp"},
		{method: del, path: "/workflows/vpz_sfc"},
	})}

// vpzEnvPutWorkflow: a task that echoes the whole env after an
// asynchronous one.
const vpzEnvPutWorkflow = `---
version: '2.0'
vpz_ep:
  tasks:
    a:
      action: std.async_noop
      on-success: b
    b:
      action: std.echo output=<% env() %>
      publish: {e: <% task().result %>}
`

// vpzEnvPutScenario: env updates of a paused execution, alone or with
// the resume: merged at depth, lists replaced, nulls kept; the refused
// ones change nothing.
var vpzEnvPutScenario = scenario{name: "vpz_env_put", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: vpzEnvPutWorkflow},
		vpzStart("vpz_ep", "e", map[string]any{"a": map[string]any{"x": 1, "y": 2}, "l": []any{1, 2}, "z": 0}),
	},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED", "params": map[string]any{"env": map[string]any{"z": 1}}}},
		{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"a": map[string]any{"x": 5}, "l": []any{3}}}}},
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING", "state_info": "go", "params": map[string]any{"env": map[string]any{}}}},
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED", "state_info": "hold"}},
		{method: put, path: "/executions/{e}", body: map[string]any{"description": "d", "state": "PAUSED"}},
		{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": nil}}},
		{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{}}},
		{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"n": nil}}}},
		vpzDone("a", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}"},
		vpzResume("e", map[string]any{"q": 1}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_ep"},
	})}

// vpzPublishErrorWorkflow: a publish that cannot be evaluated, on a task
// with handlers.
const vpzPublishErrorWorkflow = `---
version: '2.0'
vpz_pe:
  tasks:
    a:
      action: std.async_noop
      publish: {x: <% $.missing.deeper %>}
      on-error: h
      on-success: s
    h:
      action: std.noop
    s:
      action: std.noop
`

// vpzPublishErrorScenario: a publish that fails while paused fails its
// task but not the paused workflow; the resume runs the task's error
// handler, and the workflow fails all the same (a forced failure is not
// handled).
var vpzPublishErrorScenario = scenario{name: "vpz_publish_error", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzPublishErrorWorkflow}, vpzStart("vpz_pe", "e", nil)},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{"x": 1}),
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/tasks/{at}", ignore: vpzTraceback},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published,processed"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_pe"},
	})}

// vpzPauseBeforeRetryWorkflow: an asynchronous task paused before it
// starts, retried once.
const vpzPauseBeforeRetryWorkflow = `---
version: '2.0'
vpz_pbr:
  tasks:
    a:
      action: std.async_noop
      pause-before: true
      retry: {count: 1, delay: 0}
      on-complete: n
    n:
      action: std.noop
`

// vpzPauseBeforeRetryScenario: a task paused before it starts, resumed,
// failed once and retried: the retry does not pause it again.
var vpzPauseBeforeRetryScenario = scenario{name: "vpz_pause_before_retry", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: vpzPauseBeforeRetryWorkflow},
		vpzStart("vpz_pbr", "e", nil),
		{method: get, path: "/executions?workflow_name=vpz_pbr&state=PAUSED&fields=state", until: "executions.0.id"},
		{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info,runtime_context"},
		vpzResume("e", nil),
	},
	vpzAction("e", "a", "a"),
	[]step{
		vpzDone("a", "ERROR", map[string]any{"try": 1}),
		{method: get, path: "/tasks/{at}/action_executions?state=RUNNING", until: "action_executions.0.id",
			save: map[string]string{"a2": "action_executions.0.id"}},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/tasks/{at}"},
		vpzDone("a2", "SUCCESS", map[string]any{"try": 2}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_pbr"},
	})}

// vpzSubCondErrorWorkflows: a sub-workflow whose task's condition fails
// on the root's env, under a parent task with a handler.
const vpzSubCondErrorWorkflows = `---
version: '2.0'
vpz_scp:
  tasks:
    call:
      workflow: vpz_scc
      on-error: h
      on-success: s
    h:
      action: std.noop
    s:
      action: std.noop
vpz_scc:
  tasks:
    w:
      action: std.async_noop
      on-success:
        - nx: <% 1 / env().n > 0 %>
    nx:
      action: std.noop
`

// vpzSubCondErrorScenario: the root is paused, its sub-workflow's task
// is force-failed by its condition while paused: the sub-workflow stays
// paused, and fails on the root's resume, into the parent's handler.
var vpzSubCondErrorScenario = scenario{name: "vpz_sub_cond_error", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzSubCondErrorWorkflows}, vpzStart("vpz_scp", "e", map[string]any{"n": 0})},
	vpzSubStart("vpz_scc", "e"),
	[]step{
		vpzPause("e"),
		vpzDone("ea", "SUCCESS", map[string]any{"x": 1}),
		{method: get, path: "/executions/{ec}"},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{ec}/tasks?fields=name,state,processed"},
		vpzResume("e", map[string]any{"n": 1}),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published,processed"},
		{method: get, path: "/executions/{ec}", ignore: vpzTraceback},
		{method: get, path: "/executions/{ec}/tasks?fields=name,state,processed"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_scp"},
		{method: del, path: "/workflows/vpz_scc"},
	})}

// vpzCommandsWorkflows: pause commands followed by more commands, and a
// pause that handles an error.
const vpzCommandsWorkflows = `---
version: '2.0'
vpz_cm2:
  tasks:
    a:
      action: std.noop
      on-success: [pause msg='one', x, pause msg='two', y]
    x:
      action: std.noop
    y:
      action: std.noop
vpz_cmf:
  tasks:
    a:
      action: std.noop
      on-complete:
        - pause
        - fail msg=<% dict(why => 'after pause') %>
        - z
    z:
      action: std.noop
vpz_cme:
  tasks:
    a:
      action: std.fail
      on-error:
        - pause msg='why': <% true %>
        - h
    h:
      action: std.noop
`

// vpzCommandsScenario: commands kept after a pause run on resume with
// their messages: a second pause, a fail with a dict message; a pause on
// error handles the error.
var vpzCommandsScenario = scenario{name: "vpz_commands", steps: []step{
	{method: post, path: "/workflows", body: vpzCommandsWorkflows},
	vpzStart("vpz_cm2", "e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/executions/{e}/tasks?name=x&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	vpzTasks("e"),
	vpzStart("vpz_cmf", "f", nil),
	{method: get, path: "/executions/{f}", settle: true},
	vpzResume("f", nil),
	{method: get, path: "/executions/{f}", settle: true},
	vpzTasks("f"),
	vpzStart("vpz_cme", "g", nil),
	{method: get, path: "/executions/{g}", settle: true},
	{method: get, path: "/executions/{g}/tasks?fields=name,state,processed"},
	vpzResume("g", nil),
	{method: get, path: "/executions/{g}", settle: true},
	{method: get, path: "/executions/{g}/tasks?sort_keys=name&fields=name,state,processed"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/executions/{g}"},
	{method: del, path: "/workflows/vpz_cm2"},
	{method: del, path: "/workflows/vpz_cmf"},
	{method: del, path: "/workflows/vpz_cme"},
}}

// vpzBacklogJoinWorkflow: a join reached through a pause command and from
// an asynchronous task.
const vpzBacklogJoinWorkflow = `---
version: '2.0'
vpz_bj:
  tasks:
    a:
      action: std.noop
      on-success: [pause, j]
    b:
      action: std.async_noop
      on-success: j
    j:
      join: all
      action: std.noop
`

// vpzBacklogJoinScenario: a join command kept in the backlog by a pause.
// Mistral 15 restores it as a plain task command (its wait flag is not
// kept): the join runs on resume without waiting for b, and a second j is
// created when b ends. Ours waits for b and runs j once.
var vpzBacklogJoinScenario = scenario{name: "vpz_backlog_join", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzBacklogJoinWorkflow}, vpzStart("vpz_bj", "e", nil)},
	vpzAction("e", "b", "b"),
	[]step{
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}/tasks?name=j&fields=name", until: "tasks.0.id", status: 200,
			differs: "Mistral 15 runs a join command restored from the backlog at once, without waiting for its other inbound tasks; ours waits"},
		vpzDone("b", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state", status: 200,
			differs: "Mistral 15 then creates a second j that runs once more or stays WAITING for ever, depending on its scheduler; ours runs j once and ends"},
		{method: del, path: "/executions/{e}?force=true"},
		{method: del, path: "/workflows/vpz_bj"},
	})}

// vpzPauseBeforePairWorkflow: two tasks paused before they start, side by
// side.
const vpzPauseBeforePairWorkflow = `---
version: '2.0'
vpz_pp:
  tasks:
    a:
      action: std.noop
      pause-before: true
    b:
      action: std.noop
      pause-before: true
    c:
      action: std.noop
`

// vpzPauseBeforePairScenario: the first pause-before keeps the other
// task's start in the backlog; on resume the backlog runs first and pauses
// again, keeping the resume of the first task in the backlog. Mistral 15
// restores a kept resume as a new task: each resume adds an IDLE copy of
// the task and the execution never ends. Ours runs the kept task on the
// next resume and ends.
var vpzPauseBeforePairScenario = scenario{name: "vpz_pause_before_pair", steps: []step{
	{method: post, path: "/workflows", body: vpzPauseBeforePairWorkflow},
	vpzStart("vpz_pp", "e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?state=SUCCESS&fields=name,state", until: "tasks.0.id"},
	vpzTasks("e"),
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info", status: 200,
		differs: "Mistral 15 runs the backlog before the IDLE task on resume (b stays IDLE); ours runs them together (b runs)"},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state", status: 200,
		differs: "Mistral 15 restores the kept resume of b as a new IDLE b task and pauses again, for ever; ours ends"},
	{method: del, path: "/executions/{e}?force=true"},
	{method: del, path: "/workflows/vpz_pp"},
}}

// vpzSubTimeoutWorkflows: a sub-workflow task that times out, with a
// handler.
const vpzSubTimeoutWorkflows = `---
version: '2.0'
vpz_stp:
  tasks:
    call:
      workflow: vpz_stc
      timeout: 1
      on-error: h
    h:
      action: std.noop
vpz_stc:
  tasks:
    w:
      action: std.async_noop
`

// vpzSubTimeoutScenario: a sub-workflow task times out while the tree is
// paused; its sub-workflow, still paused, is resumed with the root and
// runs to its end; cancelled with the root, it is cancelled too.
var vpzSubTimeoutScenario = scenario{name: "vpz_sub_timeout", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzSubTimeoutWorkflows}, vpzStart("vpz_stp", "e", nil)},
	vpzSubStart("vpz_stc", "e"),
	[]step{
		vpzPause("e"),
		{method: get, path: "/executions/{e}/tasks?state=ERROR&fields=name,state,state_info,processed", until: "tasks.0.id"},
		{method: get, path: "/executions/{ec}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{ec}"},
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzDone("ea", "SUCCESS", map[string]any{"late": 1}),
		{method: get, path: "/executions/{ec}", settle: true},
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		vpzStart("vpz_stp", "f", nil),
	},
	vpzSubStart("vpz_stc", "f"),
	[]step{
		vpzPause("f"),
		{method: get, path: "/executions/{f}/tasks?state=ERROR&fields=name,state,state_info,processed", until: "tasks.0.id"},
		{method: put, path: "/executions/{f}", body: map[string]any{"state": "CANCELLED", "state_info": "enough"}},
		{method: get, path: "/executions/{fc}"},
		vpzTasks("f"),
		vpzTasks("fc"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_stp"},
		{method: del, path: "/workflows/vpz_stc"},
	})}

// vpzReverseWorkflow: a reverse workflow whose target needs two
// asynchronous tasks.
const vpzReverseWorkflow = `---
version: '2.0'
vpz_rv:
  type: reverse
  tasks:
    a:
      action: std.async_noop
      publish: {pa: 1}
    b:
      action: std.async_noop
    c:
      requires: [a, b]
      action: std.echo output=<% $.pa %>
      publish: {pc: <% task().result %>}
    d:
      requires: [c]
      action: std.noop
`

// vpzReverseScenario: a reverse workflow paused while its required tasks
// end: one succeeds, the other fails and the resume fails the workflow;
// the failed task rerun, it succeeds while paused and the resume runs the
// rest.
var vpzReverseScenario = scenario{name: "vpz_reverse", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: vpzReverseWorkflow},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vpz_rv", "params": map[string]any{"task_name": "d"}},
			save: map[string]string{"e": "id"}},
	},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{}),
		vpzTasks("e"),
		vpzResume("e", nil),
		vpzTasks("e"),
		vpzPause("e"),
		vpzDone("b", "ERROR", map[string]any{"no": 1}),
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: put, path: "/tasks/{bt}", body: map[string]any{"state": "RUNNING", "reset": true}},
		{method: get, path: "/tasks/{bt}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"b2": "action_executions.0.id"}},
		vpzPause("e"),
		vpzDone("b2", "SUCCESS", map[string]any{}),
		vpzTasks("e"),
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_rv"},
	})}

// vpzItemsEnvActions: an asynchronous ad-hoc action that shows its input.
const vpzItemsEnvActions = `---
version: '2.0'
vpz_aa:
  base: std.async_noop
  input: [v]
`

// vpzItemsEnvWorkflow: items, one at a time, whose input reads the env,
// and items whose input fails on the second.
const vpzItemsEnvWorkflow = `---
version: '2.0'
vpz_ie:
  tasks:
    w:
      with-items: x in [1, 2, 3]
      concurrency: 1
      action: vpz_aa v=<% [$.x, env().k] %>
      publish: {got: <% task().result %>}
vpz_ix:
  tasks:
    w:
      with-items: x in [1, 0, 2]
      concurrency: 1
      action: vpz_aa v=<% 10 / $.x %>
      on-error: h
    h:
      action: std.noop
`

// vpzItemsEnvScenario: the next item of a with-items task starts while
// paused with the env of then, the one after the resume with the env it
// brought; an item whose input fails while paused fails the task, not the
// paused workflow, and the resume runs its handler but fails the workflow.
var vpzItemsEnvScenario = scenario{name: "vpz_items_env", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions", body: vpzItemsEnvActions},
		{method: post, path: "/workflows", body: vpzItemsEnvWorkflow},
		vpzStart("vpz_ie", "e", map[string]any{"k": 1}),
	},
	vpzAction("e", "w", "i1"),
	[]step{
		vpzPause("e"),
		vpzDone("i1", "SUCCESS", map[string]any{"r": 1}),
		{method: get, path: "/tasks/{i1t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"i2": "action_executions.0.id"}},
		{method: get, path: "/action_executions/{i2}"},
		vpzResume("e", map[string]any{"k": 2}),
		vpzDone("i2", "SUCCESS", map[string]any{"r": 2}),
		{method: get, path: "/tasks/{i1t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"i3": "action_executions.0.id"}},
		{method: get, path: "/action_executions/{i3}"},
		vpzDone("i3", "SUCCESS", map[string]any{"r": 3}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_ix", "f", nil),
	},
	vpzAction("f", "w", "j1"),
	[]step{
		vpzPause("f"),
		vpzDone("j1", "SUCCESS", map[string]any{"r": 1}),
		{method: get, path: "/executions/{f}/tasks?state=ERROR&fields=name,state,processed,runtime_context", until: "tasks.0.id"},
		{method: get, path: "/executions/{f}"},
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		{method: get, path: "/executions/{f}/tasks?sort_keys=name&fields=name,state,processed"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ie"},
		{method: del, path: "/workflows/vpz_ix"},
		{method: del, path: "/actions/vpz_aa"},
	})}

// vpzCancelledActionWorkflow: two asynchronous tasks, one followed on
// completion.
const vpzCancelledActionWorkflow = `---
version: '2.0'
vpz_ca:
  tasks:
    a:
      action: std.async_noop
      on-complete: n
    b:
      action: std.async_noop
    n:
      action: std.noop
vpz_pb:
  tasks:
    a:
      action: std.async_noop
      on-success: b
    b:
      action: std.noop
      pause-before: <% env().hold %>
`

// vpzCancelledActionScenario: an action cancelled while paused cancels its
// task (on-complete does not run), and the workflow once the other task
// ends; a task started by the resume reads its pause-before from the env
// the resume brought, and pauses again.
var vpzCancelledActionScenario = scenario{name: "vpz_cancelled_action", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCancelledActionWorkflow}, vpzStart("vpz_ca", "e", nil)},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "CANCELLED", map[string]any{}),
		vpzTasks("e"),
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		vpzDone("b", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_pb", "f", map[string]any{"hold": false}),
	},
	vpzAction("f", "a", "c"),
	[]step{
		vpzPause("f"),
		vpzDone("c", "SUCCESS", map[string]any{}),
		vpzResume("f", map[string]any{"hold": true}),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ca"},
		{method: del, path: "/workflows/vpz_pb"},
	})}

// vpzSubResumeWorkflows: a sub-workflow task beside an asynchronous task
// followed on success by one that reads the env.
const vpzSubResumeWorkflows = `---
version: '2.0'
vpz_srp:
  tasks:
    call:
      workflow: vpz_src
    side:
      action: std.async_noop
      on-success: n
    n:
      action: std.echo output=<% env().k %>
      publish: {pn: <% task().result %>}
vpz_src:
  tasks:
    w:
      action: std.async_noop
`

// vpzSubResumeScenario: a sub-workflow paused alone pauses its parent; a
// parent task ends while so paused; resuming the sub-workflow resumes the
// parent as a whole, and the task's transitions run.
var vpzSubResumeScenario = scenario{name: "vpz_sub_resume", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzSubResumeWorkflows}, vpzStart("vpz_srp", "e", map[string]any{"k": 1})},
	vpzSubStart("vpz_src", "e"),
	vpzAction("e", "side", "s"),
	[]step{
		vpzPause("ec"),
		{method: get, path: "/executions/{e}"},
		vpzDone("s", "SUCCESS", map[string]any{}),
		vpzTasks("e"),
		vpzResume("ec", nil),
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{e}/tasks?name=n&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		vpzTasks("e"),
		vpzDone("ea", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_srp"},
		{method: del, path: "/workflows/vpz_src"},
	})}

// vpzGateWorkflows: a sub-workflow task beside a task paused before it
// starts, with an error handler.
const vpzGateWorkflows = `---
version: '2.0'
vpz_gp:
  tasks:
    call:
      workflow: vpz_gc
      on-error: h
    pre:
      action: std.noop
      on-success: gate
    gate:
      action: std.noop
      pause-before: true
    h:
      action: std.noop
vpz_gc:
  tasks:
    w:
      action: std.async_noop
`

// vpzGateSub waits for the sub-workflow of {e} as {<e>c} and its action
// as {<e>a}, the tree perhaps paused already.
func vpzGateSub(e string) []step {
	return append([]step{
		{method: get, path: "/executions?workflow_name=vpz_gc&root_execution_id={" + e + "}&fields=workflow_name", until: "executions.0.id",
			save: map[string]string{e + "c": "executions.0.id"}},
		{method: get, path: "/executions/{" + e + "c}/tasks?name=w&fields=name", until: "tasks.0.id", save: map[string]string{e + "at": "tasks.0.id"}},
	}, step{method: get, path: "/tasks/{" + e + "at}/action_executions?fields=name", until: "action_executions.0.id",
		save: map[string]string{e + "a": "action_executions.0.id"}})
}

// vpzGateScenario: a pause-before pauses the tree; resuming the
// sub-workflow alone resumes its parent, whose IDLE task runs; a
// sub-workflow cancelled alone under its paused parent cancels its task,
// and the parent's resume ends it CANCELLED once its IDLE task ran.
var vpzGateScenario = scenario{name: "vpz_gate", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzGateWorkflows}, vpzStart("vpz_gp", "e", nil)},
	vpzGateSub("e"),
	[]step{
		{method: get, path: "/executions/{e}/tasks?name=gate&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{ec}"},
		vpzTasks("e"),
		vpzResume("ec", nil),
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{e}/tasks?name=gate&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		vpzTasks("e"),
		vpzDone("ea", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_gp", "f", nil),
	},
	vpzGateSub("f"),
	[]step{
		{method: get, path: "/executions/{f}/tasks?name=gate&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{f}", settle: true},
		{method: put, path: "/executions/{fc}", body: map[string]any{"state": "CANCELLED", "state_info": "by hand"}},
		{method: get, path: "/executions/{f}/tasks?name=call&state=CANCELLED&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{f}"},
		vpzTasks("f"),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_gp"},
		{method: del, path: "/workflows/vpz_gc"},
	})}

// vpzOutputEnvWorkflows: an output that reads the env after a task that
// publishes it, and a sub-workflow that pauses itself.
const vpzOutputEnvWorkflows = `---
version: '2.0'
vpz_oe:
  output:
    out_k: <% env().k %>
    pa: <% $.pa %>
  tasks:
    a:
      action: std.async_noop
      publish: {pa: <% env().k %>}
      on-success: b
    b:
      action: std.echo output=<% env().k %>
      publish: {pb: <% task().result %>}
vpz_op:
  tasks:
    call:
      workflow: vpz_oc
      publish: {got: <% task().result %>}
vpz_oc:
  output:
    k: <% env().k %>
  tasks:
    a:
      action: std.noop
      on-success: [pause, b]
    b:
      action: std.echo output=<% env().k %>
      publish: {pb: <% task().result %>}
`

// vpzOutputEnvScenario: what reads the env before a pause and after a
// resume that changed it (a publish, the next task, the output); a
// sub-workflow paused by its own command refuses its root's resume with
// an env, and goes on with its root's resume without one.
var vpzOutputEnvScenario = scenario{name: "vpz_output_env", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzOutputEnvWorkflows}, vpzStart("vpz_oe", "e", map[string]any{"k": 1})},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{}),
		vpzResume("e", map[string]any{"k": 2}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_op", "f", map[string]any{"k": 1}),
		{method: get, path: "/executions?workflow_name=vpz_oc&root_execution_id={f}&fields=workflow_name", until: "executions.0.id",
			save: map[string]string{"fc": "executions.0.id"}},
		{method: get, path: "/executions/{fc}", settle: true},
		{method: get, path: "/executions/{f}"},
		{method: get, path: "/executions/{f}/tasks?fields=name,state,state_info"},
		{method: put, path: "/executions/{f}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}}},
		{method: get, path: "/executions/{f}"},
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: get, path: "/executions/{fc}"},
		vpzTasks("fc"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_oe"},
		{method: del, path: "/workflows/vpz_op"},
		{method: del, path: "/workflows/vpz_oc"},
	})}

// vpzActionPauseWorkflows: a sub-workflow task beside an asynchronous
// task followed on success, and two asynchronous tasks side by side.
const vpzActionPauseWorkflows = `---
version: '2.0'
vpz_ap:
  tasks:
    call:
      workflow: vpz_ac
    side:
      action: std.async_noop
      on-success: n
    n:
      action: std.noop
vpz_ac:
  tasks:
    w:
      action: std.async_noop
vpz_a2:
  tasks:
    a:
      action: std.async_noop
    b:
      action: std.async_noop
`

// vpzActionPauseScenario: an action paused through PUT in a sub-workflow
// pauses the whole tree, and a parent task that ends meanwhile waits for
// the action's resume; with two tasks' actions paused, resuming one keeps
// the workflow paused until the other resumes.
var vpzActionPauseScenario = scenario{name: "vpz_action_pause", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzActionPauseWorkflows}, vpzStart("vpz_ap", "e", nil)},
	vpzSubStart("vpz_ac", "e"),
	vpzAction("e", "side", "s"),
	[]step{
		{method: put, path: "/action_executions/{ea}", body: map[string]any{"state": "PAUSED"}},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{ec}"},
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state"},
		vpzDone("s", "SUCCESS", map[string]any{}),
		vpzTasks("e"),
		{method: put, path: "/action_executions/{ea}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{e}/tasks?name=n&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		vpzTasks("e"),
		vpzDone("ea", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzStart("vpz_a2", "f", nil),
	},
	vpzAction("f", "a", "a"),
	vpzAction("f", "b", "b"),
	[]step{
		{method: put, path: "/action_executions/{a}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{b}", body: map[string]any{"state": "PAUSED"}},
		{method: get, path: "/executions/{f}"},
		{method: put, path: "/action_executions/{a}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{f}"},
		{method: get, path: "/executions/{f}/tasks?sort_keys=name&fields=name,state"},
		{method: put, path: "/action_executions/{b}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{f}"},
		vpzDone("a", "SUCCESS", map[string]any{}),
		vpzDone("b", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{f}", settle: true},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ap"},
		{method: del, path: "/workflows/vpz_ac"},
		{method: del, path: "/workflows/vpz_a2"},
	})}

// vpzSubRetryWorkflows: a sub-workflow task retried after a delay.
const vpzSubRetryWorkflows = `---
version: '2.0'
vpz_orp:
  tasks:
    call:
      workflow: vpz_orc
      retry: {count: 1, delay: 2}
      on-complete: n
    n:
      action: std.noop
vpz_orc:
  tasks:
    w:
      action: std.async_noop
`

// vpzSubRetryScenario: a sub-workflow task fails and waits for its retry;
// the workflow is paused; the retry starts a new sub-workflow all the
// same, which runs and succeeds while its parent is paused; the resume
// takes the task's transitions.
var vpzSubRetryScenario = scenario{name: "vpz_sub_retry", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzSubRetryWorkflows}, vpzStart("vpz_orp", "e", nil)},
	vpzSubStart("vpz_orc", "e"),
	[]step{
		vpzDone("ea", "ERROR", map[string]any{"try": 1}),
		{method: get, path: "/executions/{e}/tasks?state=DELAYED&fields=name,state,state_info,runtime_context", until: "tasks.0.id"},
		vpzPause("e"),
		{method: get, path: "/executions?workflow_name=vpz_orc&root_execution_id={e}&state=RUNNING&fields=workflow_name", until: "executions.0.id",
			save: map[string]string{"s2": "executions.0.id"}},
		{method: get, path: "/executions/{s2}"},
	},
	vpzAction("s2", "w", "a2"),
	[]step{
		{method: get, path: "/executions/{e}/tasks?fields=name,state,state_info"},
		vpzDone("a2", "SUCCESS", map[string]any{"try": 2}),
		{method: get, path: "/executions/{e}/tasks?name=call&state=SUCCESS&fields=name,state,processed", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: get, path: "/executions?workflow_name=vpz_orc&root_execution_id={e}&sort_keys=state&fields=state"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_orp"},
		{method: del, path: "/workflows/vpz_orc"},
	})}

// vpzJoinFailedWorkflow: a join of a task that succeeds at once and an
// asynchronous one.
const vpzJoinFailedWorkflow = `---
version: '2.0'
vpz_jf:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.async_noop
      on-success: j
    j:
      join: all
      action: std.noop
vpz_jc:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.async_noop
      on-success:
        - j: <% false %>
    j:
      join: all
      action: std.noop
`

// vpzJoinFailedScenario: the join waits; its other inbound task fails, or
// succeeds without a transition to it, while the workflow is paused; after
// the resume the join fails, and the workflow with it.
var vpzJoinFailedScenario = scenario{name: "vpz_join_failed", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzJoinFailedWorkflow}, vpzStart("vpz_jf", "e", nil)},
	vpzAction("e", "b", "b"),
	[]step{
		{method: get, path: "/executions/{e}/tasks?name=j&fields=name,state", until: "tasks.0.id"},
		vpzPause("e"),
		vpzDone("b", "ERROR", map[string]any{"no": 1}),
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_jc", "f", nil),
	},
	vpzAction("f", "b", "c"),
	[]step{
		{method: get, path: "/executions/{f}/tasks?name=j&fields=name,state", until: "tasks.0.id"},
		vpzPause("f"),
		vpzDone("c", "SUCCESS", map[string]any{}),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_jf"},
		{method: del, path: "/workflows/vpz_jc"},
	})}

// vpzDefinitionsActions: an ad-hoc action whose output is in its
// definition.
const vpzDefinitionsActions = `---
version: '2.0'
vpz_ad:
  base: std.echo
  base-input:
    output: v1
`

// vpzDefinitionsWorkflow: an asynchronous task followed by one that runs
// the ad-hoc action.
const vpzDefinitionsWorkflow = `---
version: '2.0'
vpz_du:
  tasks:
    a:
      action: std.async_noop
      on-success: b
    b:
      action: vpz_ad
      publish: {pb: <% task().result %>}
`

// vpzDefinitionsScenario: definitions changed while an execution is
// paused: the workflow, replaced then deleted, goes on as it started; the
// ad-hoc action runs as it is defined when its task starts.
var vpzDefinitionsScenario = scenario{name: "vpz_definitions", steps: vlcSteps(
	[]step{
		{method: post, path: "/actions", body: vpzDefinitionsActions},
		{method: post, path: "/workflows", body: vpzDefinitionsWorkflow},
		vpzStart("vpz_du", "e", nil),
	},
	vpzAction("e", "a", "a"),
	[]step{
		vpzPause("e"),
		vpzDone("a", "SUCCESS", map[string]any{}),
		{method: put, path: "/workflows", body: strings.NewReplacer("on-success: b", "on-success: c", "    b:\n", "    c:\n").Replace(vpzDefinitionsWorkflow)},
		{method: put, path: "/actions", body: strings.ReplaceAll(vpzDefinitionsActions, "output: v1", "output: v2")},
		{method: del, path: "/workflows/vpz_du"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/actions/vpz_ad"},
	})}

// vpzItemsSubsWorkflows: a with-items task over two sub-workflows that
// wait for an asynchronous action and read the env.
const vpzItemsSubsWorkflows = `---
version: '2.0'
vpz_wsp:
  tasks:
    w:
      with-items: x in [1, 2]
      workflow: vpz_wsc
      input: {x: <% $.x %>}
      publish: {got: <% task().result %>}
vpz_wsc:
  input: [x]
  output:
    k: <% env().k %>
  tasks:
    t:
      action: std.async_noop
`

// vpzItemsSubsScenario: a tree paused over a with-items task of
// sub-workflows takes an env with its resume (the task hears of its
// resumed sub-workflows later, so its workflow is still paused when the
// env is updated), and the sub-workflows read it.
var vpzItemsSubsScenario = scenario{name: "vpz_items_subs", steps: []step{
	{method: post, path: "/workflows", body: vpzItemsSubsWorkflows},
	vpzStart("vpz_wsp", "e", map[string]any{"k": 1}),
	{method: get, path: "/executions?workflow_name=vpz_wsc&root_execution_id={e}&input=%7B%22x%22:%201%7D&fields=workflow_name", until: "executions.0.id",
		save: map[string]string{"c1": "executions.0.id"}},
	{method: get, path: "/executions?workflow_name=vpz_wsc&root_execution_id={e}&input=%7B%22x%22:%202%7D&fields=workflow_name", until: "executions.0.id",
		save: map[string]string{"c2": "executions.0.id"}},
	{method: get, path: "/executions/{c1}/tasks?fields=name", until: "tasks.0.id", save: map[string]string{"c1t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c1t}/action_executions?fields=name", until: "action_executions.0.id", save: map[string]string{"c1a": "action_executions.0.id"}},
	{method: get, path: "/executions/{c2}/tasks?fields=name", until: "tasks.0.id", save: map[string]string{"c2t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c2t}/action_executions?fields=name", until: "action_executions.0.id", save: map[string]string{"c2a": "action_executions.0.id"}},
	vpzPause("e"),
	{method: get, path: "/executions/{e}/tasks?state=PAUSED&fields=name,state", until: "tasks.0.id"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}},
		ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{e}/tasks?state=RUNNING&fields=name,state", until: "tasks.0.id"},
	vpzDone("c1a", "SUCCESS", map[string]any{}),
	vpzDone("c2a", "SUCCESS", map[string]any{}),
	{method: get, path: "/executions/{e}", settle: true},
	vpzTasks("e"),
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vpz_wsp"},
	{method: del, path: "/workflows/vpz_wsc"},
}}

// vpzCancelIdleWorkflow: a task paused before it starts beside an
// asynchronous one.
const vpzCancelIdleWorkflow = `---
version: '2.0'
vpz_ci:
  tasks:
    a:
      action: std.async_noop
    pre:
      action: std.noop
      on-success: g
    g:
      action: std.noop
      pause-before: true
      on-complete: n
    n:
      action: std.noop
`

// vpzCancelIdleScenario: an execution paused by pause-before, cancelled:
// its IDLE task stays IDLE, the other task's late result is taken, and
// the resume changes nothing; succeeding it is refused, and the resume
// then runs the IDLE task.
var vpzCancelIdleScenario = scenario{name: "vpz_cancel_idle", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCancelIdleWorkflow}, vpzStart("vpz_ci", "e", nil)},
	vpzAction("e", "a", "a"),
	[]step{
		{method: get, path: "/executions/{e}", settle: true},
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "CANCELLED", "state_info": "stop"}},
		vpzTasks("e"),
		vpzDone("a", "SUCCESS", map[string]any{}),
		vpzTasks("e"),
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{e}"},
		vpzStart("vpz_ci", "f", nil),
	},
	vpzAction("f", "a", "b"),
	[]step{
		{method: get, path: "/executions/{f}", settle: true},
		{method: put, path: "/executions/{f}", body: map[string]any{"state": "SUCCESS", "state_info": "stop"}},
		vpzDone("b", "SUCCESS", map[string]any{}),
		vpzTasks("f"),
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ci"},
	})}

// vpzGateEnvScenario: a tree paused by a pause-before beside a running
// sub-workflow refuses its root's resume with an env (the sub-workflow,
// resumed first, resumes the root) and changes nothing; the sub-workflow
// resumed with an env keeps it to itself, and the IDLE task reads the
// root's.
var vpzGateEnvScenario = scenario{name: "vpz_gate_env", steps: vlcSteps(
	[]step{
		{method: post, path: "/workflows", body: strings.NewReplacer("vpz_gp", "vpz_gq", "vpz_gc", "vpz_gd",
			"action: std.noop\n      pause-before: true", "action: std.echo output=<% env().k %>\n      pause-before: true\n      publish: {g: <% task().result %>}").
			Replace(vpzGateWorkflows)},
		vpzStart("vpz_gq", "e", map[string]any{"k": 1}),
		{method: get, path: "/executions?workflow_name=vpz_gd&root_execution_id={e}&fields=workflow_name", until: "executions.0.id",
			save: map[string]string{"ec": "executions.0.id"}},
		{method: get, path: "/executions/{ec}/tasks?name=w&fields=name", until: "tasks.0.id", save: map[string]string{"eat": "tasks.0.id"}},
		{method: get, path: "/tasks/{eat}/action_executions?fields=name", until: "action_executions.0.id", save: map[string]string{"ea": "action_executions.0.id"}},
		{method: get, path: "/executions/{e}/tasks?name=gate&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}", settle: true},
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}}},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{ec}"},
		vpzTasks("e"),
		vpzResume("ec", map[string]any{"k": 3}),
		{method: get, path: "/executions/{e}/tasks?name=gate&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		vpzTasks("e"),
		vpzDone("ea", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		{method: get, path: "/executions/{ec}"},
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_gq"},
		{method: del, path: "/workflows/vpz_gd"},
	})}

// vpzItemsPoliciesWorkflows: with-items tasks over asynchronous actions,
// one retried, one with a timeout.
const vpzItemsPoliciesWorkflows = `---
version: '2.0'
vpz_ir:
  tasks:
    w:
      with-items: x in [1, 2]
      action: std.async_noop
      retry: {count: 1, delay: 1}
      publish: {got: <% task().result %>}
      on-complete: n
    n:
      action: std.noop
vpz_it:
  tasks:
    w:
      with-items: x in [1, 2, 3]
      concurrency: 2
      action: std.async_noop
      timeout: 2
      on-error: h
    h:
      action: std.noop
`

// vpzItemsPoliciesScenario: an item fails while paused and the with-items
// task is retried while paused, all its items again; a with-items task
// times out while paused, and its handler runs on resume.
var vpzItemsPoliciesScenario = scenario{name: "vpz_items_policies", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzItemsPoliciesWorkflows}, vpzStart("vpz_ir", "e", nil)},
	vpzAction("e", "w", "i"),
	[]step{
		{method: get, path: "/tasks/{it}/action_executions?state=RUNNING&fields=name", until: "action_executions.1.id", ignore: vpzUnordered,
			save: map[string]string{"i1": "action_executions.0.id", "i2": "action_executions.1.id"}},
		vpzPause("e"),
		vpzDone("i1", "SUCCESS", map[string]any{"v": 1}),
		vpzDone("i2", "ERROR", map[string]any{"v": 1}),
		{method: get, path: "/tasks/{it}/action_executions?state=RUNNING&fields=name", until: "action_executions.1.id", ignore: vpzUnordered,
			save: map[string]string{"r1": "action_executions.0.id", "r2": "action_executions.1.id"}},
		{method: get, path: "/tasks/{it}"},
		{method: get, path: "/executions/{e}"},
		vpzResume("e", nil),
		vpzDone("r1", "SUCCESS", map[string]any{"v": 9}),
		vpzDone("r2", "SUCCESS", map[string]any{"v": 9}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		vpzStart("vpz_it", "f", nil),
	},
	vpzAction("f", "w", "j"),
	[]step{
		{method: get, path: "/tasks/{jt}/action_executions?state=RUNNING&fields=name", until: "action_executions.1.id", ignore: vpzUnordered},
		vpzPause("f"),
		{method: get, path: "/executions/{f}/tasks?state=ERROR&fields=name,state,state_info,processed,runtime_context", until: "tasks.0.id"},
		{method: get, path: "/executions/{f}"},
		vpzResume("f", nil),
		{method: get, path: "/executions/{f}", settle: true},
		vpzTasks("f"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/executions/{f}"},
		{method: del, path: "/workflows/vpz_ir"},
		{method: del, path: "/workflows/vpz_it"},
	})}

// vpzActionRunningScenario: an execution paused through the API is
// resumed by a PUT that sets one of its running actions RUNNING again,
// and a task that ended meanwhile takes its transitions.
var vpzActionRunningScenario = scenario{name: "vpz_action_running", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: strings.NewReplacer("vpz_cn:", "vpz_ar:",
		"    a:\n      action: std.async_noop\n      on-success: n\n", "    a:\n      action: std.async_noop\n").Replace(vpzCancelWorkflow)}, vpzStart("vpz_ar", "e", nil)},
	vpzAction("e", "a", "a"),
	vpzAction("e", "b", "b"),
	[]step{
		vpzPause("e"),
		vpzDone("b", "SUCCESS", map[string]any{}),
		{method: put, path: "/action_executions/{a}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{e}"},
		{method: get, path: "/executions/{e}/tasks?name=n&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		vpzTasks("e"),
		vpzDone("a", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_ar"},
	})}

// vpzItemsNextWorkflows: three items over sub-workflows, two at a time.
const vpzItemsNextWorkflows = `---
version: '2.0'
vpz_inp:
  tasks:
    w:
      with-items: x in [1, 2, 3]
      concurrency: 2
      workflow: vpz_inc
      input: {x: <% $.x %>}
      publish: {got: <% task().result %>}
vpz_inc:
  input: [x]
  output: {x: <% $.x %>}
  tasks:
    t:
      action: std.async_noop
`

// vpzItemsNextScenario: a tree paused over a with-items task of
// sub-workflows; the first item's sub-workflow, resumed alone, succeeds
// while the second is still paused, and the task starts its next item.
// Mistral 15 counts only running or accepted runs: it starts the paused
// second item again (x=2) and never the third, and the execution never
// ends. Ours starts the third.
var vpzItemsNextScenario = scenario{name: "vpz_items_next", steps: []step{
	{method: post, path: "/workflows", body: vpzItemsNextWorkflows},
	vpzStart("vpz_inp", "e", nil),
	{method: get, path: "/executions?workflow_name=vpz_inc&root_execution_id={e}&input=%7B%22x%22:%201%7D&fields=workflow_name", until: "executions.0.id",
		save: map[string]string{"c1": "executions.0.id"}},
	{method: get, path: "/executions?workflow_name=vpz_inc&root_execution_id={e}&input=%7B%22x%22:%202%7D&fields=workflow_name", until: "executions.0.id",
		save: map[string]string{"c2": "executions.0.id"}},
	{method: get, path: "/executions/{c1}/tasks?fields=name", until: "tasks.0.id", save: map[string]string{"c1t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c1t}/action_executions?fields=name", until: "action_executions.0.id", save: map[string]string{"c1a": "action_executions.0.id"}},
	vpzPause("e"),
	{method: get, path: "/executions/{e}/tasks?state=PAUSED&fields=name,state", until: "tasks.0.id"},
	vpzResume("c1", nil),
	{method: get, path: "/executions/{e}"},
	vpzDone("c1a", "SUCCESS", map[string]any{}),
	{method: get, path: "/executions/{c1}", settle: true},
	{method: get, path: "/executions?workflow_name=vpz_inc&root_execution_id={e}&state=RUNNING&fields=input,state", until: "executions.0.id", status: 200,
		differs: "Mistral 15 starts the paused second item again (x=2) instead of the third; ours starts the third (x=3)"},
	{method: get, path: "/executions/{e}"},
	{method: del, path: "/executions/{e}?force=true"},
	{method: del, path: "/workflows/vpz_inp"},
	{method: del, path: "/workflows/vpz_inc"},
}}

// vpzPauseLoopWorkflow: a task that loops on itself, pausing before each
// new round.
const vpzPauseLoopWorkflow = `---
version: '2.0'
vpz_lp:
  input:
    - i: 0
  output:
    i: <% $.i %>
  tasks:
    start:
      action: std.noop
      on-success: a
    a:
      action: std.echo output=<% $.i + 1 %>
      publish: {i: <% task().result %>}
      on-success:
        - pause msg=<% 'round ' + str($.i) %>: <% $.i < 3 %>
        - a: <% $.i < 3 %>
`

// vpzPauseLoopScenario: each resume runs the next round kept in the
// backlog, which pauses again with its own message, until the loop ends.
// (The rounds' tasks may share a creation second: their list shows no
// published values, which would come in no particular order.)
var vpzPauseLoopScenario = scenario{name: "vpz_pause_loop", steps: []step{
	{method: post, path: "/workflows", body: vpzPauseLoopWorkflow},
	vpzStart("vpz_lp", "e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vpz_lp"},
}}

// vpzPauseBeforeTimeoutWorkflow: a task paused before it starts, with a
// timeout and handlers.
const vpzPauseBeforeTimeoutWorkflow = `---
version: '2.0'
vpz_pt:
  tasks:
    a:
      action: std.noop
      pause-before: true
      timeout: 1
      on-error: h
      on-success: s
    h:
      action: std.noop
    s:
      action: std.noop
`

// vpzPauseBeforeTimeoutScenario: a task paused before it starts times out
// while paused; the resume does not run it but its error handler.
var vpzPauseBeforeTimeoutScenario = scenario{name: "vpz_pause_before_timeout", steps: []step{
	{method: post, path: "/workflows", body: vpzPauseBeforeTimeoutWorkflow},
	vpzStart("vpz_pt", "e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?state=ERROR&fields=name,state,state_info,processed", until: "tasks.0.id", save: map[string]string{"at": "tasks.0.id"}},
	{method: get, path: "/tasks/{at}"},
	vpzResume("e", nil),
	{method: get, path: "/executions/{e}", settle: true},
	vpzTasks("e"),
	{method: get, path: "/tasks/{at}/action_executions"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vpz_pt"},
}}

// vpzJoinGateWorkflow: a join of an asynchronous task and a task paused
// before it starts.
const vpzJoinGateWorkflow = `---
version: '2.0'
vpz_jg:
  tasks:
    a:
      action: std.async_noop
      publish: {pa: 1}
      on-success: j
    pre:
      action: std.noop
      on-success: b
    b:
      action: std.noop
      pause-before: true
      publish: {pb: 2}
      on-success: j
    j:
      join: all
      action: std.echo output=<% [$.pa, $.pb] %>
      publish: {pj: <% task().result %>}
`

// vpzJoinGateScenario: one inbound task of a join is paused before it
// starts, the other ends while paused; the resume runs the first, and the
// join with both.
var vpzJoinGateScenario = scenario{name: "vpz_join_gate", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzJoinGateWorkflow}, vpzStart("vpz_jg", "e", nil)},
	vpzAction("e", "a", "a"),
	[]step{
		{method: get, path: "/executions/{e}", settle: true},
		vpzDone("a", "SUCCESS", map[string]any{}),
		{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,processed,runtime_context"},
		vpzResume("e", nil),
		{method: get, path: "/executions/{e}", settle: true},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}"},
		{method: del, path: "/workflows/vpz_jg"},
	})}

// vpzCancelDelayedWorkflow: a task delayed before it starts and one
// delayed after its action.
const vpzCancelDelayedWorkflow = `---
version: '2.0'
vpz_wd:
  tasks:
    a:
      action: std.async_noop
      wait-before: 2
      on-complete: n
    b:
      action: std.async_noop
      wait-after: 1
    n:
      action: std.noop
`

// vpzCancelDelayedScenario: a paused execution is cancelled while one task
// waits before it starts and another after its action: the delays end all
// the same, the first task's action starts, the second task ends.
var vpzCancelDelayedScenario = scenario{name: "vpz_cancel_delayed", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vpzCancelDelayedWorkflow}, vpzStart("vpz_wd", "e", nil)},
	vpzAction("e", "b", "b"),
	[]step{
		{method: get, path: "/executions/{e}/tasks?name=a&fields=name", until: "tasks.0.id", save: map[string]string{"at": "tasks.0.id"}},
		vpzPause("e"),
		vpzDone("b", "SUCCESS", map[string]any{}),
		{method: put, path: "/executions/{e}", body: map[string]any{"state": "CANCELLED"}},
		{method: get, path: "/tasks/{at}/action_executions?fields=state", until: "action_executions.0.id"},
		{method: get, path: "/executions/{e}/tasks?name=b&state=SUCCESS&fields=name,state", until: "tasks.0.id"},
		{method: get, path: "/executions/{e}"},
		vpzTasks("e"),
		{method: del, path: "/executions/{e}?force=true"},
		{method: del, path: "/workflows/vpz_wd"},
	})}
