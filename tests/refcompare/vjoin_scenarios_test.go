package refcompare

// vjoinWorkflows: joins whose triggered_by (in the task's runtime_context)
// Mistral fills in each way: started by a task naming the join in
// on-success and on-complete, failed (join: all, join: N; by a skipped
// transition and by a route that cannot run, which names no task), and
// still waiting when the workflow ends.
const vjoinWorkflows = `---
version: '2.0'
vjoin_tb_twice:
  tasks:
    a:
      action: std.noop
      on-success: j
      on-complete: j
    b:
      action: std.noop
      on-success: j
    j:
      join: all
      action: std.noop
vjoin_tb_failed_all:
  tasks:
    zed:
      action: std.noop
      on-success:
        - j: <% false %>
    mid:
      action: std.noop
      on-success: j
    j:
      join: all
      action: std.noop
vjoin_tb_failed_n:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.noop
      on-success:
        - j: <% false %>
    c:
      action: std.noop
      on-success:
        - j: <% false %>
    j:
      join: 2
      action: std.noop
vjoin_tb_mixed:
  tasks:
    a:
      action: std.fail
      on-success: x
      on-error: h
    x:
      action: std.noop
      on-success: j
    c:
      action: std.noop
      on-success:
        - j: <% false %>
    b:
      action: std.sleep seconds=1
      on-success: j
    h:
      action: std.noop
    j:
      join: all
      action: std.noop
vjoin_tb_waiting:
  tasks:
    a:
      action: std.noop
      on-success: j
    x:
      action: std.noop
      on-success: j
    j:
      join: all
      action: std.noop
      on-success: x
    c:
      action: std.sleep seconds=1
      on-success:
        - succeed
`

// vjoinRun runs a workflow to its end and shows its tasks, the ids first
// (labelled in name order) and then the join's runtime_context.
func vjoinRun(wf, e string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": wf}, save: map[string]string{e: "id"}},
		{method: get, path: "/executions/{" + e + "}", settle: true},
		{method: get, path: "/executions/{" + e + "}/tasks?sort_keys=name&fields=id,name,state"},
		{method: get, path: "/executions/{" + e + "}/tasks?name=j&fields=name,state,state_info,runtime_context"},
	}
}

// vjoinTriggeredByScenario: what a join's triggered_by holds once it ran,
// failed or is left waiting.
var vjoinTriggeredByScenario = scenario{name: "vjoin_triggered_by", steps: concat(
	[]step{{method: post, path: "/workflows", body: vjoinWorkflows}},
	vjoinRun("vjoin_tb_twice", "e1"),
	vjoinRun("vjoin_tb_failed_all", "e2"),
	vjoinRun("vjoin_tb_failed_n", "e3"),
	vjoinRun("vjoin_tb_waiting", "e4"),
	vjoinRun("vjoin_tb_mixed", "e5"),
	[]step{
		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/executions/{e3}"},
		{method: del, path: "/executions/{e4}"},
		{method: del, path: "/executions/{e5}"},
		{method: del, path: "/workflows/vjoin_tb_twice"},
		{method: del, path: "/workflows/vjoin_tb_failed_all"},
		{method: del, path: "/workflows/vjoin_tb_failed_n"},
		{method: del, path: "/workflows/vjoin_tb_waiting"},
		{method: del, path: "/workflows/vjoin_tb_mixed"},
	},
)}

// vjoinRerunWorkflow: a fails to start (its input needs env().v.x), ending
// the workflow before b ends; b ends after it and takes no transition.
const vjoinRerunWorkflow = `---
version: '2.0'
vjoin_rr:
  tasks:
    a:
      action: std.echo output=<% env().v.x %>
      publish: {pa: <% task().result %>}
      on-success: j
    b:
      action: std.noop
      on-success: j
    j:
      join: all
      action: std.echo output=<% $.pa %>
      publish: {pj: <% task().result %>}
`

// vjoinRerunScenario: rerunning a with the env it needs reaches the join,
// which fails: b, ended after the workflow, did not trigger it.
var vjoinRerunScenario = scenario{name: "vjoin_rerun", steps: []step{
	{method: post, path: "/workflows", body: vjoinRerunWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vjoin_rr", "params": map[string]any{"env": map[string]any{"v": map[string]any{}}}},
		save: map[string]string{"e": "id"}, ignore: vjoinTraceback},
	{method: get, path: "/executions/{e}", settle: true, ignore: vjoinTraceback},
	{method: get, path: "/executions/{e}/tasks?name=a&fields=name", save: map[string]string{"a": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=b&fields=name", save: map[string]string{"b": "tasks.0.id"}},
	{method: get, path: "/tasks/{b}", settle: true},
	{method: put, path: "/tasks/{a}", body: map[string]any{"state": "RUNNING", "reset": true, "env": map[string]any{"v": map[string]any{"x": 7}}},
		ignore: rerunAnswer},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published,runtime_context"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vjoin_rr"},
}}

// rerunAnswer: the fields of a rerun task's answer that its action,
// finishing before the answer is read (our executor runs in-process;
// Mistral's takes longer), may have changed already.
var rerunAnswer = map[string]string{
	"result":      "the rerun action may finish before the answer is read",
	"state":       "the rerun action may finish before the answer is read",
	"processed":   "the rerun action may finish before the answer is read",
	"finished_at": "the rerun action may finish before the answer is read",
	"published":   "the rerun action may finish before the answer is read",
}

// vjoinTraceback: a's failure to start, in the workflow's output and
// state_info, ends with Mistral's Python traceback.
var vjoinTraceback = map[string]string{
	"output":     "ends with Mistral's Python traceback",
	"state_info": "ends with Mistral's Python traceback",
}

// vjoinPauseWorkflow: a join waiting for an asynchronous branch.
const vjoinPauseWorkflow = `---
version: '2.0'
vjoin_pr:
  tasks:
    a:
      action: std.async_noop
      publish: {pa: <% task().result %>}
      on-success: j
    b:
      action: std.noop
      publish: {pb: 2}
      on-success: j
    j:
      join: all
      action: std.echo output=<% [$.pa, $.pb] %>
      publish: {pj: <% task().result %>}
`

// vjoinPauseScenario: the workflow is paused while its join waits, the
// asynchronous branch ends during the pause, and the resume runs the join.
var vjoinPauseScenario = scenario{name: "vjoin_pause", steps: []step{
	{method: post, path: "/workflows", body: vjoinPauseWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vjoin_pr"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks?name=j&fields=name,state,state_info", until: "tasks.0.id"},
	{method: get, path: "/executions/{e}/tasks?name=a&fields=name", save: map[string]string{"a": "tasks.0.id"}},
	{method: get, path: "/tasks/{a}/action_executions?fields=name,state", save: map[string]string{"ax": "action_executions.0.id"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/action_executions/{ax}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"x": 1}}},
	{method: get, path: "/tasks/{a}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published,runtime_context",
		ignore: map[string]string{"tasks.2.runtime_context": "Mistral refreshes a waiting join in a scheduler job up to a second " +
			"after the transition, and not while paused: until then its triggered_by names the first branch; we refresh it at once"}},
	{method: get, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published,runtime_context"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vjoin_pr"},
}}

func concat(parts ...[]step) []step {
	var out []step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
