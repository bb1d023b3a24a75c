package refcompare

import "strings"

// The vlc_ scenarios: executions changed while they run. Every step that
// waits does so on a state the API shows (an asynchronous action still
// RUNNING, a sub-workflow listed), never on time: the actions are
// std.async_noop, completed through PUT /action_executions/{id}.

func init() {
	scenarios = append(scenarios, vlcWithItemsRerunScenario, vlcPauseTreeScenario, vlcStopTreeScenario, vlcRerunSubScenario,
		vlcActionStatesScenario, vlcPauseBeforeScenario, vlcRerunStatesScenario, vlcWithItemsSubScenario, vlcPauseWithItemsScenario,
		vlcStopPausedScenario, vlcRerunNextScenario, vlcSubHandlersScenario, vlcRerunPausedScenario, vlcWithItemsCancelScenario,
		vlcResumedPublishScenario, vlcPauseWithItemsSubsScenario, vlcStopOutputScenario, vlcNullTextScenario, vlcItemStatesScenario,
		vlcDeletedSubScenario, vlcRerunPoliciesScenario, vlcEnvLevelsScenario,
		vlcDelayWhilePausedScenario, vlcTimeoutLateScenario)
}

// vlcResumeAnswer: a resume answers with the execution as its transaction
// left it. Mistral's leaves what the resumed tasks cause (a join that
// fails, a pause-before, the workflow's end) to later jobs; ours decides
// some of it in the resume's own transaction, so its answer can show it.
var vlcResumeAnswer = map[string]string{
	"state":      "our resume's transaction may already end, fail or pause again what Mistral's leaves to later jobs",
	"state_info": "our resume's transaction may already end, fail or pause again what Mistral's leaves to later jobs",
	"output":     "our resume's transaction may already end, fail or pause again what Mistral's leaves to later jobs",
}

// vlcIdxOrder: Mistral numbers a task's failed actions in its failure
// message (idx) in the database's order of their random ids.
var vlcIdxOrder = map[string]string{
	"state_info": "Mistral numbers a task's failed actions (idx) in the database's order of their random ids",
	"output":     "Mistral numbers a task's failed actions (idx) in the database's order of their random ids",
}

// vlcWithItemsWorkflows: a with-items task over asynchronous actions, one
// item at a time, followed by a task that echoes what it published.
const vlcWithItemsWorkflows = `---
version: '2.0'
vlc_wi:
  tasks:
    it:
      with-items: x in [1, 2, 3]
      concurrency: 1
      action: std.async_noop
      publish:
        got: <% task().result %>
      on-success: done
    done:
      action: std.echo output=<% $.got %>
`

// vlcWithItemsRerunScenario: a with-items task whose second item failed,
// rerun without reset (only the failed item runs again) and with reset
// (every item runs again), and reruns refused once the execution
// succeeded.
var vlcWithItemsRerunScenario = scenario{name: "vlc_wi_rerun", steps: []step{
	{method: post, path: "/workflows", body: vlcWithItemsWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_wi"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a1": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a2": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "ERROR", "output": map[string]any{"err": "two"}}},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a3": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 3}}},
	{method: get, path: "/executions/{e}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": false, "state": "RUNNING", "env": map[string]any{"k": "v"}}},
	{method: get, path: "/executions/{e}", ignore: vlcIdxOrder},
	{method: get, path: "/tasks/{t}/action_executions?state=ERROR&fields=state,accepted,output"},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a4": "action_executions.0.id"}},
	{method: get, path: "/action_executions/{a4}"},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}, differs: completed500, status: 400},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published,result"},
	{method: get, path: "/executions/{e}/tasks?name=done", save: map[string]string{"done": "tasks.0.id"}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{done}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": false, "state": "RUNNING"}},

	// With reset, every item runs again.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_wi"}, save: map[string]string{"f": "id"}},
	{method: get, path: "/executions/{f}/tasks", until: "tasks.0.id", save: map[string]string{"u": "tasks.0.id"}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"b1": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{b1}", body: map[string]any{"state": "ERROR", "output": map[string]any{"err": "one"}}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"b2": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{b2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"b3": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{b3}", body: map[string]any{"state": "ERROR"}},
	{method: get, path: "/executions/{f}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/tasks/{u}"},
	{method: put, path: "/tasks/{u}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"c1": "action_executions.0.id"}},
	{method: get, path: "/tasks/{u}/action_executions?state=SUCCESS&fields=state,accepted"},
	{method: put, path: "/action_executions/{c1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 10}}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"c2": "action_executions.0.id"}},
	{method: get, path: "/tasks/{u}"},
	{method: put, path: "/action_executions/{c2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 20}}},
	{method: get, path: "/tasks/{u}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"c3": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{c3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 30}}},
	{method: get, path: "/executions/{f}", settle: true},
	{method: get, path: "/executions/{f}/tasks?sort_keys=name&fields=name,state,state_info,published,result"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/workflows/vlc_wi"},
}}

// vlcTreeWorkflows: a parent with an asynchronous task beside a
// sub-workflow whose asynchronous task is followed by one that echoes
// the env.
const vlcTreeWorkflows = `---
version: '2.0'
vlc_tp:
  tasks:
    call:
      workflow: vlc_tc
    side:
      action: std.async_noop
vlc_tc:
  tasks:
    w:
      action: std.async_noop
      on-success: after
    after:
      action: std.echo output=<% env().k %>
`

// vlcTreeStart starts vlc_tp as {name} and saves its sub-workflow
// {name}c, the sub-workflow's task {name}ct and action {name}ca, and the
// side task {name}st and its action {name}sa.
func vlcTreeStart(name string, env map[string]any) []step {
	return vlcTreeStartOf("vlc_tp", "vlc_tc", name, env)
}

// vlcTreeStartOf is vlcTreeStart for a copy of vlc_tp and vlc_tc.
func vlcTreeStartOf(parent, child, name string, env map[string]any) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": parent, "params": map[string]any{"env": env}},
			save: map[string]string{name: "id"}},
		{method: get, path: "/executions?workflow_name=" + child + "&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "c": "executions.0.id"}},
		{method: get, path: "/executions/{" + name + "c}/tasks", until: "tasks.0.id", save: map[string]string{name + "ct": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "ct}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "ca": "action_executions.0.id"}},
		{method: get, path: "/executions/{" + name + "}/tasks?name=side&fields=name", until: "tasks.0.id", save: map[string]string{name + "st": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "st}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "sa": "action_executions.0.id"}},
	}
}

// vlcPauseTreeScenario: a tree paused from its root, its actions
// completed while paused, resumed with a changed env; then a paused tree
// cancelled.
var vlcPauseTreeScenario = scenario{name: "vlc_pause_tree", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcTreeWorkflows}},
	vlcTreeStart("p", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "PAUSED", "state_info": "hold on"}},
		{method: get, path: "/executions/{pc}"},
		{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: get, path: "/executions/{pc}/tasks?fields=name,state,state_info"},
		{method: get, path: "/action_executions/{pca}"},
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{psa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/tasks/{pst}"},
		{method: get, path: "/executions/{p}"},
		{method: put, path: "/action_executions/{pca}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"w": 1}}},
		{method: get, path: "/executions/{pc}/tasks?sort_keys=name&fields=name,state"},
		{method: get, path: "/executions/{pc}"},
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "two"}}}},
		{method: get, path: "/executions/{pc}"},
		{method: put, path: "/executions/{pc}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "two"}}},
			ignore: vlcResumeAnswer},
		{method: get, path: "/executions/{pc}", settle: true},
		{method: get, path: "/executions/{pc}/tasks?sort_keys=name&fields=name,state"},
		{method: get, path: "/executions/{pc}/tasks?name=after", save: map[string]string{"after": "tasks.0.id"}},
		{method: get, path: "/tasks/{after}"},
		{method: get, path: "/executions/{p}", settle: true},
		{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "three"}}}},
		{method: put, path: "/executions/{p}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": "three"}}}},
	},

	// A paused tree cancelled from its root.
	vlcTreeStart("q", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "CANCELLED", "state_info": "no more"}},
		{method: get, path: "/executions/{q}"},
		{method: get, path: "/executions/{qc}"},
		{method: get, path: "/executions/{q}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: get, path: "/executions/{qc}/tasks?fields=name,state,state_info"},
		{method: get, path: "/action_executions/{qca}"},
		{method: put, path: "/action_executions/{qca}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}}},
		{method: get, path: "/executions/{qc}/tasks?fields=name,state,state_info,result"},
		{method: get, path: "/executions/{qc}"},
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "RUNNING"}},
		{method: put, path: "/executions/{qc}", body: map[string]any{"state": "PAUSED"}},
	},

	// The sub-workflow paused alone, then its root paused and resumed.
	vlcTreeStart("s", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{sc}", body: map[string]any{"state": "PAUSED"}},
		{method: get, path: "/executions/{s}"},
		{method: get, path: "/executions/{s}/tasks?sort_keys=name&fields=name,state"},
		{method: put, path: "/executions/{s}", body: map[string]any{"state": "PAUSED"}},
		{method: get, path: "/executions/{sc}"},
		{method: put, path: "/executions/{s}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{sc}"},
		{method: get, path: "/executions/{s}/tasks?sort_keys=name&fields=name,state"},
		{method: put, path: "/executions/{s}", body: map[string]any{"state": "CANCELLED"}},
		{method: get, path: "/executions/{s}/tasks?sort_keys=name&fields=name,state,state_info,finished_at", until: "tasks.0.finished_at"},
	},
	[]step{
		{method: del, path: "/executions/{p}?force=true"},
		{method: del, path: "/executions/{q}?force=true"},
		{method: del, path: "/executions/{s}?force=true"},
		{method: del, path: "/workflows/vlc_tp"},
		{method: del, path: "/workflows/vlc_tc"},
	})}

// vlcStopTreeScenario: a running tree failed from its root with a
// message, and an action of the stopped tree completed afterwards.
var vlcStopTreeScenario = scenario{name: "vlc_stop_tree", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcTreeWorkflows}},
	vlcTreeStart("r", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{r}", body: map[string]any{"state": "ERROR", "state_info": "halt"}},
		{method: get, path: "/executions/{r}"},
		{method: get, path: "/executions/{rc}"},
		{method: get, path: "/executions/{r}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: get, path: "/executions/{rc}/tasks?fields=name,state,state_info"},
		{method: get, path: "/action_executions/{rca}"},
		{method: put, path: "/action_executions/{rsa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}}},
		{method: get, path: "/tasks/{rst}"},
		{method: get, path: "/executions/{r}"},
		{method: put, path: "/executions/{r}", body: map[string]any{"state": "CANCELLED"}},
		{method: put, path: "/executions/{r}", body: map[string]any{"state": "ERROR", "state_info": "again"}},
		{method: put, path: "/executions/{r}", body: map[string]any{"state": "SUCCESS"}},
	},

	// Cancelled with a message from the root while running.
	vlcTreeStart("x", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{x}", body: map[string]any{"state": "CANCELLED", "state_info": "stop all"}},
		{method: get, path: "/executions/{x}/tasks?sort_keys=name&fields=name,state,state_info,finished_at", until: "tasks.0.finished_at"},
		{method: get, path: "/executions/{xc}"},
		{method: get, path: "/executions/{xc}/tasks?fields=name,state,state_info"},
		{method: put, path: "/action_executions/{xca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"late": 1}}},
		{method: get, path: "/executions/{xc}/tasks?fields=name,state,state_info"},
		{method: get, path: "/executions/{x}"},
	},
	[]step{
		{method: del, path: "/executions/{r}?force=true"},
		{method: del, path: "/executions/{x}?force=true"},
		{method: del, path: "/workflows/vlc_tp"},
		{method: del, path: "/workflows/vlc_tc"},
	})}

// vlcRerunWorkflows: a parent whose sub-workflow publishes its
// asynchronous action's result.
const vlcRerunWorkflows = `---
version: '2.0'
vlc_rp:
  tasks:
    call:
      workflow: vlc_rc
      publish:
        out: <% task().result %>
vlc_rc:
  output:
    got: <% $.got %>
    k: <% env().get('k') %>
  tasks:
    w:
      action: std.async_noop
      publish:
        got: <% task().result %>
`

// vlcRerunSubScenario: a sub-workflow's asynchronous action failed with
// an error output, the failed task of the sub-workflow rerun with an env,
// and reruns refused once the tree succeeded.
var vlcRerunSubScenario = scenario{name: "vlc_rerun_sub", steps: []step{
	{method: post, path: "/workflows", body: vlcRerunWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rp"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions?workflow_name=vlc_rc&root_execution_id={p}&fields=state", until: "executions.0.id",
		save: map[string]string{"c": "executions.0.id"}},
	{method: get, path: "/executions/{c}/tasks", until: "tasks.0.id", save: map[string]string{"ct": "tasks.0.id"}},
	{method: get, path: "/tasks/{ct}/action_executions", until: "action_executions.0.id", save: map[string]string{"ca": "action_executions.0.id"}},
	{method: put, path: "/tasks/{ct}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/action_executions/{ca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "broken"}}},
	{method: get, path: "/executions/{c}", settle: true},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks", save: map[string]string{"pt": "tasks.0.id"}},
	{method: get, path: "/tasks/{ct}"},
	{method: put, path: "/tasks/{pt}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	{method: put, path: "/tasks/{ct}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	{method: put, path: "/executions/{c}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": "put", "j": 1}}}},
	{method: put, path: "/executions/{c}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"j": 2}}}},
	{method: put, path: "/executions/{c}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions/{p}"},
	{method: put, path: "/tasks/{ct}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"k": "given"}}},
	{method: get, path: "/executions/{c}"},
	{method: get, path: "/executions/{p}"},
	{method: get, path: "/tasks/{pt}"},
	{method: get, path: "/tasks/{ct}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"ca2": "action_executions.0.id"}},
	{method: get, path: "/tasks/{ct}/action_executions?state=ERROR&fields=state,accepted"},
	{method: put, path: "/action_executions/{ca2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"ok": 1}}},
	{method: get, path: "/executions/{c}", settle: true},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info,published"},
	{method: put, path: "/tasks/{ct}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{pt}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: del, path: "/executions/{p}?force=true"},
	{method: del, path: "/workflows/vlc_rp"},
	{method: del, path: "/workflows/vlc_rc"},
}}

// vlcActionWorkflows: an asynchronous action followed on completion, and
// one retried once that publishes its error and handles it.
const vlcActionWorkflows = `---
version: '2.0'
vlc_ac:
  tasks:
    w:
      action: std.async_noop
      on-complete: after
    after:
      action: std.noop
vlc_ar:
  tasks:
    w:
      action: std.async_noop
      retry:
        count: 1
        delay: 1
      publish-on-error:
        err: <% task().result %>
      on-error: handled
    handled:
      action: std.echo output=<% $.err %>
`

// vlcActionStatesScenario: a task's action cancelled through PUT, and an
// action failed twice through PUT under a retry policy.
var vlcActionStatesScenario = scenario{name: "vlc_action_states", steps: []step{
	{method: post, path: "/workflows", body: vlcActionWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_ac"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions", until: "action_executions.0.id", save: map[string]string{"a": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a}", body: map[string]any{"state": "CANCELLED", "output": map[string]any{"x": 1}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: get, path: "/action_executions/{a}"},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": true, "state": "RUNNING"}},

	// The action cancelled with its workflow paused.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_ac"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}/tasks", until: "tasks.0.id", save: map[string]string{"t2": "tasks.0.id"}},
	{method: get, path: "/tasks/{t2}/action_executions", until: "action_executions.0.id", save: map[string]string{"a2": "action_executions.0.id"}},
	{method: put, path: "/executions/{e2}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "CANCELLED"}},
	{method: get, path: "/executions/{e2}"},
	{method: get, path: "/tasks/{t2}"},
	{method: put, path: "/executions/{e2}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: get, path: "/executions/{e2}/tasks?sort_keys=name&fields=name,state,state_info"},

	// Retried once, then handled.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_ar"}, save: map[string]string{"r": "id"}},
	{method: get, path: "/executions/{r}/tasks", until: "tasks.0.id", save: map[string]string{"rt": "tasks.0.id"}},
	{method: get, path: "/tasks/{rt}/action_executions", until: "action_executions.0.id", save: map[string]string{"r1": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{r1}", body: map[string]any{"state": "ERROR", "output": map[string]any{"try": 1}}},
	{method: get, path: "/tasks/{rt}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"r2": "action_executions.0.id"}},
	{method: get, path: "/tasks/{rt}"},
	{method: get, path: "/executions/{r}"},
	{method: put, path: "/action_executions/{r2}", body: map[string]any{"state": "ERROR", "output": map[string]any{"try": 2}}},
	{method: get, path: "/executions/{r}", settle: true},
	{method: get, path: "/tasks/{rt}"},
	{method: get, path: "/executions/{r}/tasks?sort_keys=name&fields=name,state,state_info,published"},
	{method: put, path: "/tasks/{rt}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/action_executions/{r1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}},
		differs: completed500, status: 400},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{r}"},
	{method: del, path: "/workflows/vlc_ac"},
	{method: del, path: "/workflows/vlc_ar"},
}}

// vlcPauseBeforeWorkflows: a task paused before it reads the env, alone
// and in a sub-workflow.
const vlcPauseBeforeWorkflows = `---
version: '2.0'
vlc_pb:
  tasks:
    first:
      action: std.noop
      on-success: second
    second:
      pause-before: true
      action: std.echo output=<% env().k %>
vlc_pbp:
  tasks:
    call:
      workflow: vlc_pb
`

// vlcPauseBeforeScenario: executions paused by pause-before, resumed with
// a changed env, from the root and from the sub-workflow, or failed while
// paused.
var vlcPauseBeforeScenario = scenario{name: "vlc_pause_before", steps: []step{
	{method: post, path: "/workflows", body: vlcPauseBeforeWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pb", "params": map[string]any{"env": map[string]any{"k": "one"}}},
		save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: get, path: "/executions/{e}/tasks?name=second", save: map[string]string{"sec": "tasks.0.id"}},
	{method: get, path: "/tasks/{sec}"},
	{method: put, path: "/tasks/{sec}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"description": "waiting"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "two", "extra": 1}}},
		ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/tasks/{sec}"},

	// In a sub-workflow: a resume from the root with an env is refused.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pbp", "params": map[string]any{"env": map[string]any{"k": "one"}}},
		save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions?workflow_name=vlc_pb&root_execution_id={p}", save: map[string]string{"c": "executions.0.id"}},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info"},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "two"}}}},
	{method: get, path: "/executions/{c}"},
	{method: put, path: "/executions/{p}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": "three"}}}},
	{method: get, path: "/executions/{p}"},
	{method: put, path: "/executions/{c}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": "four"}}},
		ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{c}"},
	{method: get, path: "/executions/{c}/tasks?name=second", save: map[string]string{"csec": "tasks.0.id"}},
	{method: get, path: "/tasks/{csec}"},

	// Failed and then cancelled while paused.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pb", "params": map[string]any{"env": map[string]any{"k": "one"}}},
		save: map[string]string{"f": "id"}},
	{method: get, path: "/executions/{f}", settle: true},
	{method: put, path: "/executions/{f}", body: map[string]any{"state": "ERROR", "state_info": "given up"}},
	{method: get, path: "/executions/{f}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: get, path: "/executions/{f}/tasks?name=second", save: map[string]string{"fsec": "tasks.0.id"}},
	{method: put, path: "/tasks/{fsec}", body: map[string]any{"reset": true, "state": "RUNNING"}, ignore: rerunRace},
	{method: get, path: "/executions/{f}", settle: true},
	{method: get, path: "/tasks/{fsec}"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{p}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/workflows/vlc_pbp"},
	{method: del, path: "/workflows/vlc_pb"},
}}

// vlcRerunStatesWorkflows: two asynchronous tasks side by side, the
// second followed by one that reads the env.
const vlcRerunStatesWorkflows = `---
version: '2.0'
vlc_rs:
  tasks:
    a:
      action: std.async_noop
    b:
      action: std.async_noop
      on-success: c
    c:
      action: std.echo output=<% env().get('k') %>
`

// vlcRerunStatesScenario: reruns of a failed task while its execution
// runs, of a succeeded task, with an env once the execution failed, and
// in a cancelled execution.
var vlcRerunStatesScenario = scenario{name: "vlc_rerun_states", steps: []step{
	{method: post, path: "/workflows", body: vlcRerunStatesWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rs"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks?name=a", until: "tasks.0.id", save: map[string]string{"a": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=b", until: "tasks.0.id", save: map[string]string{"b": "tasks.0.id"}},
	{method: get, path: "/tasks/{a}/action_executions", until: "action_executions.0.id", save: map[string]string{"aa": "action_executions.0.id"}},
	{method: get, path: "/tasks/{b}/action_executions", until: "action_executions.0.id", save: map[string]string{"ba": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "a"}}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{a}"},
	{method: put, path: "/tasks/{b}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{a}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{a}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"aa1": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{aa1}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "a again"}}},
	{method: put, path: "/action_executions/{ba}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"b": 1}}},
	{method: get, path: "/executions/{e}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: put, path: "/tasks/{b}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{a}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"k": "late"}}},
	{method: get, path: "/executions/{e}", ignore: vlcIdxOrder},
	{method: get, path: "/tasks/{a}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"aa2": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{aa2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"a": 2}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published"},
	{method: get, path: "/executions/{e}/tasks?name=c", save: map[string]string{"c": "tasks.0.id"}},
	{method: get, path: "/tasks/{c}"},

	// A cancelled execution.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rs"}, save: map[string]string{"x": "id"}},
	{method: get, path: "/executions/{x}/tasks?name=a", until: "tasks.0.id", save: map[string]string{"xa": "tasks.0.id"}},
	{method: get, path: "/tasks/{xa}/action_executions", until: "action_executions.0.id", save: map[string]string{"xaa": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{xaa}", body: map[string]any{"state": "ERROR"}},
	{method: put, path: "/executions/{x}", body: map[string]any{"state": "CANCELLED"}},
	{method: put, path: "/tasks/{xa}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{xa}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"k": "v"}}},
	{method: get, path: "/executions/{x}"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{x}"},
	{method: del, path: "/workflows/vlc_rs"},
}}

// vlcWithItemsSubWorkflows: a with-items task over sub-workflows that
// fail for the item the env names.
const vlcWithItemsSubWorkflows = `---
version: '2.0'
vlc_ws:
  tasks:
    it:
      with-items: x in [1, 2, 3]
      workflow: vlc_wsc
      input:
        x: <% $.x %>
      publish:
        xs: <% task().result %>
vlc_wsc:
  input:
    - x
  tasks:
    check:
      action: std.noop
      on-success:
        - fail: <% $.x = env().bad %>
  output:
    x: <% $.x %>
`

// vlcSubRerunRace: what a rerun's answer shows of a with-items task over
// sub-workflows depends on how far they got when the API read the task.
var vlcSubRerunRace = map[string]string{
	"state": "the rerun's sub-workflows may have finished already", "state_info": "the rerun's sub-workflows may have finished already",
	"result": "the rerun's sub-workflows may have finished already", "processed": "the rerun's sub-workflows may have finished already",
	"finished_at": "the rerun's sub-workflows may have finished already", "published": "the rerun's sub-workflows may have finished already",
}

// vlcWithItemsSubScenario: a with-items task over sub-workflows, one
// failed, rerun with reset and an env that fixes it.
var vlcWithItemsSubScenario = scenario{name: "vlc_wi_sub", steps: []step{
	{method: post, path: "/workflows", body: vlcWithItemsSubWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_ws", "params": map[string]any{"env": map[string]any{"bad": 2}}},
		save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the task's sub-workflows in no particular order",
		"output":     "Mistral lists the task's sub-workflows in no particular order"}},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/tasks/{t}/workflow_executions?state=ERROR&fields=state,input,state_info"},
	{method: get, path: "/executions/{e}/report?statistics_only=true"},

	// Without reset, Mistral 15 runs every item again, keeps the results
	// of the earlier ones too, and may never finish the task: not
	// recorded (ENGINE.md §8.4 describes what we do).
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_ws", "params": map[string]any{"env": map[string]any{"bad": 3}}},
		save: map[string]string{"f": "id"}},
	{method: get, path: "/executions/{f}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the task's sub-workflows in no particular order",
		"output":     "Mistral lists the task's sub-workflows in no particular order"}},
	{method: get, path: "/executions/{f}/tasks", save: map[string]string{"u": "tasks.0.id"}},
	{method: put, path: "/tasks/{u}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"bad": 0}}, ignore: vlcSubRerunRace},
	{method: get, path: "/executions/{f}", settle: true},
	{method: get, path: "/tasks/{u}"},
	{method: get, path: "/executions/{f}/report?statistics_only=true"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/workflows/vlc_ws"},
	{method: del, path: "/workflows/vlc_wsc"},
}}

// vlcPauseWithItemsScenario: a with-items task paused between its items.
var vlcPauseWithItemsScenario = scenario{name: "vlc_pause_wi", steps: []step{
	{method: post, path: "/workflows", body: strings.ReplaceAll(vlcWithItemsWorkflows, "vlc_wi:", "vlc_pwi:")},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pwi"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a1": "action_executions.0.id"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a2": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"a3": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{a3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 3}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vlc_pwi"},
}}

// vlcStopWorkflows: vlc_tp and vlc_tc again, under other names.
var vlcStopWorkflows = strings.NewReplacer("vlc_tp", "vlc_sp", "vlc_tc", "vlc_sc").Replace(vlcTreeWorkflows)

// vlcStopStart starts vlc_sp as {name} and saves what vlcTreeStart saves.
func vlcStopStart(name string) []step {
	return vlcTreeStartOf("vlc_sp", "vlc_sc", name, map[string]any{"k": "one"})
}

// vlcStopPausedScenario: paused trees failed, succeeded or given an
// action's error from their root or their sub-workflow.
var vlcStopPausedScenario = scenario{name: "vlc_stop_paused", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcStopWorkflows}},
	vlcStopStart("a"),
	[]step{
		{method: put, path: "/executions/{a}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{a}", body: map[string]any{"state": "ERROR", "state_info": "bad"}},
		{method: get, path: "/executions/{ac}"},
		{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: put, path: "/executions/{ac}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{a}"},
	},
	vlcStopStart("b"),
	[]step{
		{method: put, path: "/executions/{b}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{b}", body: map[string]any{"state": "SUCCESS", "state_info": "done"}},
		{method: get, path: "/executions/{bc}"},
		{method: get, path: "/executions/{b}/tasks?sort_keys=name&fields=name,state,state_info"},
	},
	vlcStopStart("c"),
	[]step{
		{method: put, path: "/executions/{c}", body: map[string]any{"state": "SUCCESS"}},
		{method: get, path: "/executions/{cc}"},
		{method: get, path: "/executions/{c}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: put, path: "/action_executions/{cca}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}}},
		{method: get, path: "/executions/{cc}", settle: true},
		{method: get, path: "/executions/{c}/tasks?sort_keys=name&fields=name,state,state_info"},
	},
	vlcStopStart("d"),
	[]step{
		{method: put, path: "/executions/{dc}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{dc}", body: map[string]any{"state": "CANCELLED", "state_info": "sub gone"}},
		{method: get, path: "/executions/{d}/tasks?sort_keys=name&fields=name,state,state_info,finished_at", until: "tasks.0.finished_at"},
		{method: get, path: "/executions/{d}"},
		{method: put, path: "/action_executions/{dsa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/executions/{d}", settle: true},
	},
	vlcStopStart("g"),
	[]step{
		{method: put, path: "/executions/{g}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{gca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "sub"}}},
		{method: get, path: "/executions/{gc}"},
		{method: get, path: "/executions/{gc}/tasks?fields=name,state,state_info"},
		{method: put, path: "/tasks/{gct}", body: map[string]any{"reset": true, "state": "RUNNING"}},
		{method: put, path: "/executions/{g}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
		{method: get, path: "/executions/{gc}", settle: true},
		{method: get, path: "/executions/{g}"},
		{method: get, path: "/executions/{g}/tasks?sort_keys=name&fields=name,state,state_info"},
		{method: put, path: "/action_executions/{gsa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/executions/{g}", settle: true},
		{method: get, path: "/executions/{g}/tasks?sort_keys=name&fields=name,state,state_info"},
	},
	// The sub-workflow paused alone, its action failed, then resumed: it
	// fails while being resumed, and its paused parent stays paused.
	vlcStopStart("h"),
	[]step{
		{method: put, path: "/executions/{hc}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{hca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "h"}}},
		{method: put, path: "/executions/{hc}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{h}"},
		{method: get, path: "/executions/{h}/tasks?name=call", save: map[string]string{"hcall": "tasks.0.id"}},
		{method: get, path: "/tasks/{hcall}"},
		{method: put, path: "/action_executions/{hsa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/executions/{h}"},
		{method: put, path: "/executions/{h}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{h}", settle: true},
		{method: get, path: "/tasks/{hcall}"},
	},
	[]step{
		{method: del, path: "/executions/{h}?force=true"},
		{method: del, path: "/executions/{a}?force=true"},
		{method: del, path: "/executions/{b}?force=true"},
		{method: del, path: "/executions/{c}?force=true"},
		{method: del, path: "/executions/{d}?force=true"},
		{method: del, path: "/executions/{g}?force=true"},
		{method: del, path: "/workflows/vlc_sp"},
		{method: del, path: "/workflows/vlc_sc"},
	})}

// vlcRerunNextWorkflows: a failing task followed on completion.
const vlcRerunNextWorkflows = `---
version: '2.0'
vlc_rn:
  tasks:
    a:
      action: std.async_noop
      on-complete: b
    b:
      action: std.echo output=<% task(a).result %>
`

// vlcRerunNextScenario: a task that failed and was followed on
// completion, rerun: what follows runs again.
var vlcRerunNextScenario = scenario{name: "vlc_rerun_next", steps: []step{
	{method: post, path: "/workflows", body: vlcRerunNextWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rn"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"a": "tasks.0.id"}},
	{method: get, path: "/tasks/{a}/action_executions", until: "action_executions.0.id", save: map[string]string{"aa": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "first"}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: get, path: "/executions/{e}/tasks?name=b", save: map[string]string{"b": "tasks.0.id"}},
	{method: get, path: "/tasks/{b}"},
	{method: put, path: "/tasks/{a}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{a}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"aa2": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{aa2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"ok": "second"}}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?name=a&fields=name,state,state_info,processed"},
	{method: get, path: "/tasks/{b}"},
	{method: get, path: "/executions/{e}/report?statistics_only=true"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vlc_rn"},
}}

// vlcSubHandlersWorkflows: a sub-workflow task with an error handler
// beside an asynchronous task, and one retried.
const vlcSubHandlersWorkflows = `---
version: '2.0'
vlc_hp:
  tasks:
    call:
      workflow: vlc_hc
      on-error: handled
    side:
      action: std.async_noop
    handled:
      action: std.noop
vlc_hc:
  tasks:
    w:
      action: std.async_noop
vlc_hr:
  tasks:
    call:
      workflow: vlc_hc
      retry:
        count: 1
        delay: 1
`

// vlcHandlersStart starts parent as {name} and saves its sub-workflow
// {name}c, the sub-workflow's task {name}ct and its action {name}ca.
func vlcHandlersStart(parent, name string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": parent}, save: map[string]string{name: "id"}},
		{method: get, path: "/executions?workflow_name=vlc_hc&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "c": "executions.0.id"}},
		{method: get, path: "/executions/{" + name + "c}/tasks", until: "tasks.0.id", save: map[string]string{name + "ct": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "ct}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "ca": "action_executions.0.id"}},
	}
}

// vlcSubHandlersScenario: a failed sub-workflow whose error was handled,
// rerun inside while its root runs and once its root succeeded; a
// sub-workflow cancelled under an error handler; a sub-workflow failed
// through the API under a retry policy.
var vlcSubHandlersScenario = scenario{name: "vlc_sub_handlers", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcSubHandlersWorkflows}},
	vlcHandlersStart("vlc_hp", "a"),
	[]step{
		{method: get, path: "/executions/{a}/tasks?name=side&fields=name", save: map[string]string{"aside": "tasks.0.id"}},
		{method: get, path: "/tasks/{aside}/action_executions", until: "action_executions.0.id", save: map[string]string{"asa": "action_executions.0.id"}},
		{method: put, path: "/action_executions/{aca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "a"}}},
		{method: get, path: "/executions/{ac}", settle: true},
		{method: get, path: "/executions/{a}/tasks?name=handled&fields=name,state,finished_at", until: "tasks.0.finished_at"},
		{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
		{method: put, path: "/tasks/{act}", body: map[string]any{"reset": true, "state": "RUNNING"}},
		{method: get, path: "/executions/{a}"},
		{method: get, path: "/executions/{ac}"},
		{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
		{method: get, path: "/tasks/{act}/action_executions?state=RUNNING", until: "action_executions.0.id", save: map[string]string{"aca2": "action_executions.0.id"}},
		{method: put, path: "/action_executions/{aca2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"ok": 1}}},
		{method: get, path: "/executions/{ac}", settle: true},
		{method: put, path: "/action_executions/{asa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/executions/{a}", settle: true},
		{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info"},
	},

	// Rerun inside once the root succeeded.
	vlcHandlersStart("vlc_hp", "b"),
	[]step{
		{method: get, path: "/executions/{b}/tasks?name=side&fields=name", save: map[string]string{"bside": "tasks.0.id"}},
		{method: get, path: "/tasks/{bside}/action_executions", until: "action_executions.0.id", save: map[string]string{"bsa": "action_executions.0.id"}},
		{method: put, path: "/action_executions/{bsa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: put, path: "/action_executions/{bca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "b"}}},
		{method: get, path: "/executions/{b}", settle: true},
		{method: put, path: "/tasks/{bct}", body: map[string]any{"reset": true, "state": "RUNNING"}},
		{method: get, path: "/executions/{b}"},
		{method: get, path: "/executions/{bc}"},
		{method: get, path: "/executions/{b}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
	},

	// Cancelled under an error handler.
	vlcHandlersStart("vlc_hp", "c"),
	[]step{
		{method: put, path: "/executions/{cc}", body: map[string]any{"state": "CANCELLED", "state_info": "enough"}},
		{method: get, path: "/executions/{c}/tasks?sort_keys=name&fields=name,state,state_info,processed,finished_at", until: "tasks.0.finished_at"},
		{method: get, path: "/executions/{c}"},
	},

	// Failed through the API under a retry policy.
	vlcHandlersStart("vlc_hr", "d"),
	[]step{
		{method: put, path: "/executions/{dc}", body: map[string]any{"state": "ERROR", "state_info": "stop"}},
		{method: get, path: "/executions?workflow_name=vlc_hc&root_execution_id={d}&state=RUNNING", until: "executions.0.id",
			save: map[string]string{"dc2": "executions.0.id"}},
		{method: get, path: "/executions/{d}/tasks?fields=name,state,state_info,runtime_context"},
		{method: get, path: "/executions/{dc2}/tasks", until: "tasks.0.id", save: map[string]string{"dct2": "tasks.0.id"}},
		{method: get, path: "/tasks/{dct2}/action_executions", until: "action_executions.0.id", save: map[string]string{"dca2": "action_executions.0.id"}},
		{method: put, path: "/action_executions/{dca2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"ok": 2}}},
		{method: get, path: "/executions/{d}", settle: true},
		{method: get, path: "/executions/{d}/tasks?fields=name,state,state_info,runtime_context"},
		{method: get, path: "/executions/{d}/report?statistics_only=true"},
	},
	[]step{
		{method: del, path: "/executions/{a}?force=true"},
		{method: del, path: "/executions/{b}?force=true"},
		{method: del, path: "/executions/{c}?force=true"},
		{method: del, path: "/executions/{d}?force=true"},
		{method: del, path: "/workflows/vlc_hp"},
		{method: del, path: "/workflows/vlc_hr"},
		{method: del, path: "/workflows/vlc_hc"},
	})}

// vlcRerunPausedWorkflows: two asynchronous tasks side by side, and a
// with-items task over four asynchronous items, one at a time.
const vlcRerunPausedWorkflows = `---
version: '2.0'
vlc_pr:
  tasks:
    a:
      action: std.async_noop
    b:
      action: std.async_noop
vlc_pw4:
  tasks:
    it:
      with-items: x in [1, 2, 3, 4]
      concurrency: 1
      action: std.async_noop
      publish:
        got: <% task().result %>
`

// vlcRunningItem waits for the one running action of task {task} and
// saves it as {name}.
func vlcRunningItem(task, name string) step {
	return step{method: get, path: "/tasks/{" + task + "}/action_executions?state=RUNNING", until: "action_executions.0.id",
		save: map[string]string{name: "action_executions.0.id"}}
}

// vlcRerunPausedScenario: a failed task rerun while its execution is
// paused; a with-items task whose second and fourth items failed, rerun
// without reset, one item at a time.
var vlcRerunPausedScenario = scenario{name: "vlc_rerun_paused", steps: []step{
	{method: post, path: "/workflows", body: vlcRerunPausedWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pr"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks?name=a", until: "tasks.0.id", save: map[string]string{"a": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=b", until: "tasks.0.id", save: map[string]string{"b": "tasks.0.id"}},
	vlcRunningItem("a", "aa"),
	vlcRunningItem("b", "ba"),
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "ERROR", "output": map[string]any{"why": "a"}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/tasks/{a}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{a}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"k": "v"}}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{a}"},
	{method: put, path: "/action_executions/{ba}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"b": 1}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,processed"},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_pw4"}, save: map[string]string{"w": "id"}},
	{method: get, path: "/executions/{w}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	vlcRunningItem("t", "i1"),
	{method: put, path: "/action_executions/{i1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	vlcRunningItem("t", "i2"),
	{method: put, path: "/action_executions/{i2}", body: map[string]any{"state": "ERROR", "output": map[string]any{"bad": 2}}},
	vlcRunningItem("t", "i3"),
	{method: put, path: "/action_executions/{i3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 3}}},
	vlcRunningItem("t", "i4"),
	{method: put, path: "/action_executions/{i4}", body: map[string]any{"state": "ERROR", "output": map[string]any{"bad": 4}}},
	{method: get, path: "/executions/{w}", settle: true, ignore: vlcIdxOrder},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	vlcRunningItem("t", "j2"),
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING&fields=state"},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/action_executions/{j2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	vlcRunningItem("t", "j4"),
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/action_executions/{j4}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 4}}},
	{method: get, path: "/executions/{w}", settle: true},
	{method: get, path: "/tasks/{t}"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{w}"},
	{method: del, path: "/workflows/vlc_pr"},
	{method: del, path: "/workflows/vlc_pw4"},
}}

// vlcWithItemsCancelWorkflows: with-items tasks over asynchronous
// actions, one at a time, and over two sub-workflows.
const vlcWithItemsCancelWorkflows = `---
version: '2.0'
vlc_wc:
  tasks:
    it:
      with-items: x in [1, 2, 3]
      concurrency: 1
      action: std.async_noop
      on-complete: after
    after:
      action: std.noop
vlc_wcp:
  tasks:
    call:
      with-items: x in [1, 2]
      workflow: vlc_wcc
      input:
        x: <% $.x %>
vlc_wcc:
  input:
    - x
  tasks:
    w:
      action: std.async_noop
`

// vlcWithItemsCancelScenario: an item's action cancelled through PUT; one
// of two sub-workflows of a with-items task cancelled through the API
// while the other runs on.
var vlcWithItemsCancelScenario = scenario{name: "vlc_wi_cancel", steps: []step{
	{method: post, path: "/workflows", body: vlcWithItemsCancelWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_wc"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	vlcRunningItem("t", "i1"),
	{method: put, path: "/action_executions/{i1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	vlcRunningItem("t", "i2"),
	{method: put, path: "/action_executions/{i2}", body: map[string]any{"state": "CANCELLED"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING&fields=state"},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info"},
	{method: put, path: "/tasks/{t}", body: map[string]any{"reset": false, "state": "RUNNING"}},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_wcp"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions?workflow_name=vlc_wcc&root_execution_id={p}&input=%7B%22x%22:%201%7D&fields=state", until: "executions.0.id",
		save: map[string]string{"c1": "executions.0.id"}},
	{method: get, path: "/executions?workflow_name=vlc_wcc&root_execution_id={p}&input=%7B%22x%22:%202%7D&fields=state", until: "executions.0.id",
		save: map[string]string{"c2": "executions.0.id"}},
	{method: get, path: "/executions/{c2}/tasks", until: "tasks.0.id", save: map[string]string{"c2t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c2t}/action_executions", until: "action_executions.0.id", save: map[string]string{"c2a": "action_executions.0.id"}},
	{method: put, path: "/executions/{c1}", body: map[string]any{"state": "CANCELLED", "state_info": "one gone"}},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info,finished_at", until: "tasks.0.finished_at"},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{c2}"},
	{method: put, path: "/action_executions/{c2a}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: get, path: "/executions/{c2}", settle: true},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{p}?force=true"},
	{method: del, path: "/workflows/vlc_wc"},
	{method: del, path: "/workflows/vlc_wcp"},
	{method: del, path: "/workflows/vlc_wcc"},
}}

// vlcResumedPublishWorkflows: a sub-workflow task that publishes the
// sub-workflow's output and is followed on completion.
const vlcResumedPublishWorkflows = `---
version: '2.0'
vlc_up:
  tasks:
    call:
      workflow: vlc_uc
      publish:
        got: <% task().result %>
      on-complete: nxt
    nxt:
      action: std.noop
vlc_uc:
  tasks:
    w:
      action: std.async_noop
      publish:
        r: <% task().result %>
  output:
    r: <% $.r %>
`

// vlcResumedPublishStart starts vlc_up as {name} and saves its
// sub-workflow {name}c and the sub-workflow's action {name}ca.
func vlcResumedPublishStart(name string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_up"}, save: map[string]string{name: "id"}},
		{method: get, path: "/executions?workflow_name=vlc_uc&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "c": "executions.0.id"}},
		{method: get, path: "/executions/{" + name + "c}/tasks", until: "tasks.0.id", save: map[string]string{name + "ct": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "ct}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "ca": "action_executions.0.id"}},
	}
}

// vlcResumedPublishScenario: sub-workflows that succeed or fail while
// they are resumed, from themselves or from their root: what their parent
// task publishes and shows.
var vlcResumedPublishScenario = scenario{name: "vlc_resumed_publish", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcResumedPublishWorkflows}},
	vlcResumedPublishStart("a"),
	[]step{
		{method: put, path: "/executions/{ac}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{aca}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
		{method: put, path: "/executions/{ac}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{a}/tasks?fields=name,state,state_info,processed,published,finished_at", until: "tasks.0.finished_at"},
		{method: get, path: "/executions/{a}"},
		{method: put, path: "/executions/{a}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
		{method: get, path: "/executions/{a}", settle: true},
		{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info,processed,published"},
	},
	vlcResumedPublishStart("b"),
	[]step{
		{method: put, path: "/executions/{b}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{bca}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
		{method: put, path: "/executions/{b}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
		{method: get, path: "/executions/{b}", settle: true},
		{method: get, path: "/executions/{b}/tasks?sort_keys=name&fields=name,state,state_info,processed,published"},
	},
	vlcResumedPublishStart("c"),
	[]step{
		{method: put, path: "/executions/{c}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/action_executions/{cca}", body: map[string]any{"state": "ERROR", "output": map[string]any{"v": 3}}},
		{method: put, path: "/executions/{c}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
		{method: get, path: "/executions/{c}", settle: true},
		{method: get, path: "/executions/{c}/tasks?sort_keys=name&fields=name,state,state_info,processed,published"},
	},
	[]step{
		{method: del, path: "/executions/{a}"},
		{method: del, path: "/executions/{b}"},
		{method: del, path: "/executions/{c}"},
		{method: del, path: "/workflows/vlc_up"},
		{method: del, path: "/workflows/vlc_uc"},
	})}

// vlcPauseWithItemsSubsScenario: a with-items task over two
// sub-workflows paused from its root, its sub-workflows resumed one by
// one: the task and the root resume with the last. (Mistral pauses and
// resumes a with-items task through its scheduler, a moment later: the
// steps wait for it.)
var vlcPauseWithItemsSubsScenario = scenario{name: "vlc_pause_wi_subs", steps: []step{
	{method: post, path: "/workflows", body: strings.NewReplacer("vlc_wcp", "vlc_psp", "vlc_wcc", "vlc_psc", "vlc_wc:", "vlc_psx:").Replace(vlcWithItemsCancelWorkflows)},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_psp"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions?workflow_name=vlc_psc&root_execution_id={p}&input=%7B%22x%22:%201%7D&fields=state", until: "executions.0.id",
		save: map[string]string{"c1": "executions.0.id"}},
	{method: get, path: "/executions?workflow_name=vlc_psc&root_execution_id={p}&input=%7B%22x%22:%202%7D&fields=state", until: "executions.0.id",
		save: map[string]string{"c2": "executions.0.id"}},
	{method: get, path: "/executions/{c1}/tasks", until: "tasks.0.id", save: map[string]string{"c1t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c1t}/action_executions", until: "action_executions.0.id", save: map[string]string{"c1a": "action_executions.0.id"}},
	{method: get, path: "/executions/{c2}/tasks", until: "tasks.0.id", save: map[string]string{"c2t": "tasks.0.id"}},
	{method: get, path: "/tasks/{c2t}/action_executions", until: "action_executions.0.id", save: map[string]string{"c2a": "action_executions.0.id"}},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions/{p}/tasks?state=PAUSED&fields=name,state,state_info", until: "tasks.0.id"},
	{method: get, path: "/executions/{c1}"},
	{method: get, path: "/executions/{c2}"},
	{method: put, path: "/executions/{c1}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{p}"},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info"},
	{method: put, path: "/executions/{c2}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions?workflow_name=vlc_psp&state=RUNNING&fields=state", until: "executions.0.id"},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info"},
	{method: put, path: "/action_executions/{c1a}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: put, path: "/action_executions/{c2a}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks?fields=name,state,state_info,published"},
	{method: del, path: "/executions/{p}"},
	{method: del, path: "/workflows/vlc_psp"},
	{method: del, path: "/workflows/vlc_psx"},
	{method: del, path: "/workflows/vlc_psc"},
}}

// vlcStopOutputWorkflows: an asynchronous task under an output that
// cannot be evaluated, and under one that can.
const vlcStopOutputWorkflows = `---
version: '2.0'
vlc_so_bad:
  output:
    r: <% $.nope %>
  tasks:
    w:
      action: std.async_noop
vlc_so_good:
  output:
    r: 1
  tasks:
    w:
      action: std.async_noop
`

// vlcStopOutputScenario: executions succeeded through the API while
// paused, failed or running, with an output that can or cannot be
// evaluated.
var vlcStopOutputScenario = scenario{name: "vlc_stop_output", steps: []step{
	{method: post, path: "/workflows", body: vlcStopOutputWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_so_bad"}, save: map[string]string{"a": "id"}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "SUCCESS", "state_info": "forced"}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "ERROR", "state_info": "failed"}},
	{method: get, path: "/executions/{a}"},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "ERROR", "state_info": "failed"}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "SUCCESS", "state_info": "forced"}},
	{method: get, path: "/executions/{a}"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_so_good"}, save: map[string]string{"b": "id"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "SUCCESS", "state_info": "forced"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "SUCCESS", "state_info": "forced"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "SUCCESS", "state_info": "again"}},
	{method: get, path: "/executions/{b}"},
	{method: get, path: "/executions/{b}/tasks?fields=name,state,state_info"},
	{method: del, path: "/executions/{a}"},
	{method: del, path: "/executions/{b}"},
	{method: del, path: "/workflows/vlc_so_bad"},
	{method: del, path: "/workflows/vlc_so_good"},
}}

// vlcNullTextScenario: results and other JSON attributes given as text
// holding null or another falsy value.
var vlcNullTextScenario = scenario{name: "vlc_null_text", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlc_nt:\n  tasks:\n    w:\n      action: std.async_noop\n" +
		"      publish:\n        r: <% task().result %>\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_nt"}, save: map[string]string{"a": "id"}},
	{method: get, path: "/executions/{a}/tasks", until: "tasks.0.id", save: map[string]string{"at": "tasks.0.id"}},
	vlcRunningItem("at", "aa"),
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "SUCCESS", "output": " null"}},
	{method: get, path: "/executions/{a}/tasks?fields=name,state,published", until: "tasks.0.published"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_nt"}, save: map[string]string{"b": "id"}},
	{method: get, path: "/executions/{b}/tasks", until: "tasks.0.id", save: map[string]string{"bt": "tasks.0.id"}},
	vlcRunningItem("bt", "ba"),
	{method: put, path: "/action_executions/{ba}", body: map[string]any{"state": "SUCCESS", "output": "false"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_nt"}, save: map[string]string{"c": "id"}},
	{method: get, path: "/executions/{c}/tasks", until: "tasks.0.id", save: map[string]string{"ct": "tasks.0.id"}},
	vlcRunningItem("ct", "ca"),
	{method: put, path: "/action_executions/{ca}", body: map[string]any{"state": "ERROR", "output": "null"}},
	{method: get, path: "/executions/{c}", settle: true},
	{method: post, path: "/environments", body: map[string]any{"name": "vlc_nt_env", "variables": "null"}},
	{method: put, path: "/environments", body: map[string]any{"name": "vlc_nt_env", "variables": "0"}},
	{method: del, path: "/environments/vlc_nt_env"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_nt", "input": "null", "params": "null"}, save: map[string]string{"d": "id"}},
	{method: put, path: "/executions/{d}", body: map[string]any{"params": "null", "description": "d"}},
	{method: put, path: "/executions/{d}", body: map[string]any{"state": "CANCELLED"}},
	{method: del, path: "/executions/{a}"},
	{method: del, path: "/executions/{b}"},
	{method: del, path: "/executions/{c}"},
	{method: del, path: "/executions/{d}"},
	{method: del, path: "/workflows/vlc_nt"},
}}

// vlcItemStatesScenario: an item's action of a with-items task paused
// and resumed through PUT, the execution then paused and cancelled, and
// the item's result given afterwards.
var vlcItemStatesScenario = scenario{name: "vlc_item_states", steps: []step{
	{method: post, path: "/workflows", body: strings.NewReplacer("vlc_wc:", "vlc_is:", "vlc_wcp:", "vlc_isp:", "vlc_wcc", "vlc_isc").Replace(vlcWithItemsCancelWorkflows)},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_is"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	vlcRunningItem("t", "a1"),
	// Mistral pauses and resumes a with-items task through its
	// scheduler, a moment later: the steps wait for it.
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions?workflow_name=vlc_is&state=PAUSED&fields=state", until: "executions.0.id"},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions?workflow_name=vlc_is&state=RUNNING&fields=state", until: "executions.0.id"},
	{method: get, path: "/executions/{e}/tasks?state=RUNNING&fields=state", until: "tasks.0.id"},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "CANCELLED", "state_info": "stopped"}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}"},
	// Mistral may or may not start the next item once the cancelled
	// execution's item finishes: what follows is not recorded.
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: del, path: "/executions/{e}?force=true"},
	{method: del, path: "/workflows/vlc_is"},
	{method: del, path: "/workflows/vlc_isp"},
	{method: del, path: "/workflows/vlc_isc"},
}}

// vlcDeletedSubScenario: a paused tree whose sub-workflow is forced
// away, then resumed and cancelled; updates of a paused tree that the API
// refuses or takes.
var vlcDeletedSubScenario = scenario{name: "vlc_deleted_sub", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: strings.NewReplacer("vlc_tp", "vlc_dp", "vlc_tc", "vlc_dc").Replace(vlcTreeWorkflows)}},
	vlcTreeStartOf("vlc_dp", "vlc_dc", "p", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "PAUSED"}},
		{method: del, path: "/executions/{pc}?force=true"},
		{method: get, path: "/executions/{p}"},
		{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING"}},
		{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
		{method: put, path: "/action_executions/{psa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"side": 1}}},
		{method: get, path: "/executions/{p}"},
		{method: put, path: "/executions/{p}", body: map[string]any{"state": "CANCELLED"}},
		{method: get, path: "/executions/{p}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
	},
	vlcTreeStartOf("vlc_dp", "vlc_dc", "q", map[string]any{"k": "one"}),
	[]step{
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "RUNNING", "description": "x"}},
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "PAUSED", "params": map[string]any{"env": map[string]any{"a": 1}}}},
		{method: put, path: "/executions/{q}", body: map[string]any{"description": "y", "params": map[string]any{"env": map[string]any{"a": 1}}}},
		{method: put, path: "/executions/{qc}", body: map[string]any{"description": "sub", "params": map[string]any{"env": map[string]any{"a": 2}}}},
		{method: get, path: "/executions/{qc}"},
		{method: put, path: "/executions/{q}", body: map[string]any{"state": "CANCELLED"}},
	},
	[]step{
		{method: del, path: "/executions/{p}?force=true"},
		{method: del, path: "/executions/{q}?force=true"},
		{method: del, path: "/workflows/vlc_dp"},
		{method: del, path: "/workflows/vlc_dc"},
	})}

// vlcRerunPoliciesWorkflows: asynchronous tasks paused or delayed before
// they start.
const vlcRerunPoliciesWorkflows = `---
version: '2.0'
vlc_rpb:
  tasks:
    w:
      action: std.async_noop
      pause-before: true
vlc_rwb:
  tasks:
    w:
      action: std.async_noop
      wait-before: 1
`

// vlcHeldRerun: a rerun task held by its policy shows its earlier result
// in Mistral, which unaccepts the earlier runs only once the task runs; we
// unaccept them at the rerun.
var vlcHeldRerun = map[string]string{"result": "Mistral unaccepts the earlier runs of a rerun task held by its policy only once it runs"}

// vlcRerunPoliciesScenario: failed tasks with pause-before or wait-before
// rerun: the policy applies again.
var vlcRerunPoliciesScenario = scenario{name: "vlc_rerun_policies", steps: []step{
	{method: post, path: "/workflows", body: vlcRerunPoliciesWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rpb"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions/{p}/tasks", save: map[string]string{"pt": "tasks.0.id"}},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING"}},
	vlcRunningItem("pt", "pa1"),
	{method: put, path: "/action_executions/{pa1}", body: map[string]any{"state": "ERROR", "output": map[string]any{"n": 1}}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: put, path: "/tasks/{pt}", body: map[string]any{"reset": true, "state": "RUNNING"}, ignore: vlcHeldRerun},
	{method: get, path: "/executions/{p}"},
	{method: get, path: "/tasks/{pt}/action_executions?fields=state"},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "RUNNING"}},
	vlcRunningItem("pt", "pa2"),
	{method: get, path: "/tasks/{pt}"},
	{method: put, path: "/action_executions/{pa2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"n": 2}}},
	{method: get, path: "/executions/{p}", settle: true},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_rwb"}, save: map[string]string{"w": "id"}},
	{method: get, path: "/executions/{w}/tasks", until: "tasks.0.id", save: map[string]string{"wt": "tasks.0.id"}},
	vlcRunningItem("wt", "wa1"),
	{method: put, path: "/action_executions/{wa1}", body: map[string]any{"state": "ERROR", "output": map[string]any{"n": 1}}},
	{method: get, path: "/executions/{w}", settle: true},
	{method: get, path: "/tasks/{wt}"},
	{method: put, path: "/tasks/{wt}", body: map[string]any{"reset": true, "state": "RUNNING"}, ignore: vlcHeldRerun},
	vlcRunningItem("wt", "wa2"),
	{method: get, path: "/tasks/{wt}"},
	{method: put, path: "/action_executions/{wa2}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"n": 2}}},
	{method: get, path: "/executions/{w}", settle: true},
	{method: get, path: "/tasks/{wt}"},

	{method: del, path: "/executions/{p}"},
	{method: del, path: "/executions/{w}"},
	{method: del, path: "/workflows/vlc_rpb"},
	{method: del, path: "/workflows/vlc_rwb"},
}}

// vlcEnvLevelsWorkflows: three levels, the leaf waiting for an
// asynchronous action, then reading the env.
const vlcEnvLevelsWorkflows = `---
version: '2.0'
vlc_n1:
  tasks:
    a:
      workflow: vlc_n2
vlc_n2:
  tasks:
    b:
      workflow: vlc_n3
vlc_n3:
  tasks:
    w:
      action: std.async_noop
      on-success: e
    e:
      action: std.echo output=<% env().get('k') %>
`

// vlcEnvLevelsStart starts vlc_n1 as {name} and saves the middle
// execution {name}m, the leaf {name}l and the leaf's action {name}a.
func vlcEnvLevelsStart(name string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_n1", "params": map[string]any{"env": map[string]any{"k": 1}}},
			save: map[string]string{name: "id"}},
		{method: get, path: "/executions?workflow_name=vlc_n2&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "m": "executions.0.id"}},
		{method: get, path: "/executions?workflow_name=vlc_n3&root_execution_id={" + name + "}&fields=state", until: "executions.0.id",
			save: map[string]string{name + "l": "executions.0.id"}},
		{method: get, path: "/executions/{" + name + "l}/tasks", until: "tasks.0.id", save: map[string]string{name + "lt": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + name + "lt}/action_executions", until: "action_executions.0.id",
			save: map[string]string{name + "a": "action_executions.0.id"}},
	}
}

// vlcEnvLevelsScenario: a paused three-level tree resumed with an env
// from each level: refused but from the leaf, whose resume resumes the
// tree; the leaf then reads the root's env.
var vlcEnvLevelsScenario = scenario{name: "vlc_env_levels", steps: vlcSteps(
	[]step{{method: post, path: "/workflows", body: vlcEnvLevelsWorkflows}},
	vlcEnvLevelsStart("x"),
	[]step{
		{method: put, path: "/executions/{x}", body: map[string]any{"state": "PAUSED"}},
		{method: put, path: "/executions/{x}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}}},
		{method: put, path: "/executions/{xm}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}}},
		{method: get, path: "/executions/{xm}"},
		{method: put, path: "/executions/{xl}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 2}}}},
		{method: get, path: "/executions/{x}"},
		{method: get, path: "/executions/{xm}"},
		{method: put, path: "/action_executions/{xa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"w": 1}}},
		{method: get, path: "/executions/{x}", settle: true},
		{method: get, path: "/executions/{xl}/tasks?name=e", save: map[string]string{"xe": "tasks.0.id"}},
		{method: get, path: "/tasks/{xe}"},
	},
	vlcEnvLevelsStart("y"),
	[]step{
		{method: put, path: "/executions/{ym}", body: map[string]any{"state": "PAUSED"}},
		{method: get, path: "/executions/{y}"},
		{method: put, path: "/executions/{y}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"k": 3}}}},
		{method: put, path: "/executions/{y}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{}}}},
		{method: get, path: "/executions/{yl}"},
		{method: put, path: "/executions/{y}", body: map[string]any{"state": "CANCELLED"}},
	},
	[]step{
		{method: del, path: "/executions/{x}"},
		{method: del, path: "/executions/{y}?force=true"},
		{method: del, path: "/workflows/vlc_n1"},
		{method: del, path: "/workflows/vlc_n2"},
		{method: del, path: "/workflows/vlc_n3"},
	})}

// vlcDelayWhilePausedScenario: a wait-before delay and a wait-after
// delay that end while their workflow is paused: the task goes on (its
// action starts, or it finishes), and the workflow once resumed.
var vlcDelayWhilePausedScenario = scenario{name: "vlc_delay_paused", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlc_dwb:\n  tasks:\n    w:\n      action: std.async_noop\n      wait-before: 1\n" +
		"vlc_dwa:\n  tasks:\n    w:\n      action: std.async_noop\n      wait-after: 1\n      on-success: n\n    n:\n      action: std.noop\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_dwb"}, save: map[string]string{"b": "id"}},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions/{b}/tasks", save: map[string]string{"bt": "tasks.0.id"}},
	vlcRunningItem("bt", "ba"),
	{method: get, path: "/executions/{b}"},
	{method: get, path: "/tasks/{bt}"},
	{method: put, path: "/action_executions/{ba}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: get, path: "/tasks/{bt}"},
	{method: put, path: "/executions/{b}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{b}", settle: true},

	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_dwa"}, save: map[string]string{"a": "id"}},
	{method: get, path: "/executions/{a}/tasks", until: "tasks.0.id", save: map[string]string{"at": "tasks.0.id"}},
	vlcRunningItem("at", "aa"),
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}}},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/tasks/{at}"},
	{method: get, path: "/executions/{a}/tasks?state=SUCCESS&fields=name,state,state_info,processed,runtime_context", until: "tasks.0.id"},
	{method: get, path: "/executions/{a}"},
	{method: put, path: "/executions/{a}", body: map[string]any{"state": "RUNNING"}, ignore: vlcResumeAnswer},
	{method: get, path: "/executions/{a}", settle: true},
	{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info,processed"},

	{method: del, path: "/executions/{a}"},
	{method: del, path: "/executions/{b}"},
	{method: del, path: "/workflows/vlc_dwb"},
	{method: del, path: "/workflows/vlc_dwa"},
}}

// vlcTimeoutLateScenario: actions of tasks that timed out given their
// result afterwards: the action takes it, the task and the workflow stay
// as they ended.
var vlcTimeoutLateScenario = scenario{name: "vlc_timeout_late", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nvlc_tl1:\n  tasks:\n    w:\n      action: std.async_noop\n      timeout: 1\n" +
		"      on-error: h\n    h:\n      action: std.noop\nvlc_tl2:\n  tasks:\n    w:\n      with-items: x in [1, 2]\n      action: std.async_noop\n" +
		"      timeout: 1\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_tl1"}, save: map[string]string{"a": "id"}},
	{method: get, path: "/executions/{a}/tasks?name=w", until: "tasks.0.id", save: map[string]string{"at": "tasks.0.id"}},
	vlcRunningItem("at", "aa"),
	{method: get, path: "/executions/{a}", settle: true},
	{method: get, path: "/executions/{a}/tasks?sort_keys=name&fields=name,state,state_info,processed"},
	{method: put, path: "/action_executions/{aa}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"late": 1}}},
	{method: get, path: "/tasks/{at}"},
	{method: get, path: "/executions/{a}"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vlc_tl2"}, save: map[string]string{"b": "id"}},
	{method: get, path: "/executions/{b}/tasks", until: "tasks.0.id", save: map[string]string{"bt": "tasks.0.id"}},
	{method: get, path: "/tasks/{bt}/action_executions?fields=state", until: "action_executions.1.id"},
	{method: get, path: "/executions/{b}", settle: true},
	{method: get, path: "/tasks/{bt}"},
	{method: get, path: "/tasks/{bt}/action_executions?state=RUNNING&fields=state,accepted"},
	{method: del, path: "/executions/{a}"},
	{method: del, path: "/executions/{b}"},
	{method: del, path: "/workflows/vlc_tl1"},
	{method: del, path: "/workflows/vlc_tl2"},
}}

// vlcSteps joins lists of steps.
func vlcSteps(parts ...[]step) []step {
	var out []step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
