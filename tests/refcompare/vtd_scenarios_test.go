package refcompare

// The vtd_ scenarios: what a task that runs again sees of its context.

func init() {
	scenarios = append(scenarios, vtdRerunLoopScenario, vtdPauseBeforeLoopScenario)
}

// vtdLoopWorkflow is workflow name: a loop of two rounds through t1, whose
// policy line makes its second round fail or pause; each round of t1
// publishes the tag it sees, start's or inc's.
func vtdLoopWorkflow(name, policy string) string {
	return `---
version: '2.0'
` + name + `:
  tasks:
    start:
      action: std.echo output="start"
      publish: {tag: <% task().result %>}
      on-success: t1
    t1:
      action: std.echo output=<% $.tag %>
      publish: {seen: <% task().result %>}
      ` + policy + `
      on-success: inc
    inc:
      action: std.echo output=<% $.get(i, 0) + 1 %>
      publish:
        i: <% task().result %>
        tag: inc<% task().result %>
      on-success:
        - t1: <% $.i < 2 %>
        - done: <% $.i >= 2 %>
    done:
      action: std.echo output=<% [$.i, $.tag, $.seen] %>
      publish: {final: <% task().result %>}
`
}

// vtdRerunLoopScenario: the second round of t1, failed by fail-on, is rerun
// with a new env; as Mistral 15, the rerun takes the context of t1's first
// inbound task (start) again: it sees tag start, not inc1.
var vtdRerunLoopScenario = scenario{name: "vtd_rerun_loop", steps: []step{
	{method: post, path: "/workflows", body: vtdLoopWorkflow("vtd_rr", "fail-on: <% $.get(i, 0) = 1 and env().fail %>")},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vtd_rr", "params": map[string]any{"env": map[string]any{"fail": true}}},
		save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?name=t1&state=ERROR&fields=name", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"state": "RUNNING", "reset": true, "env": map[string]any{"fail": false}},
		ignore: rerunAnswer},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/tasks/{t}"},
	{method: get, path: "/executions/{e}/tasks?name=done&fields=name,state,published"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vtd_rr"},
}}

// vtdPauseBeforeLoopScenario: the resume runs the second round of t1,
// which, as in Mistral 15, takes the context of t1's first inbound task
// (start) again: it sees tag start, not inc1.
var vtdPauseBeforeLoopScenario = scenario{name: "vtd_pause_before_loop", steps: []step{
	{method: post, path: "/workflows", body: vtdLoopWorkflow("vtd_pl", "pause-before: <% $.get(i, 0) = 1 %>")},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vtd_pl"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}, ignore: map[string]string{
		"state":  "the resumed rounds may have ended before we answer, our executor being in-process; Mistral's have not",
		"output": "the resumed rounds may have ended before we answer, our executor being in-process; Mistral's have not",
	}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?name=done&fields=name,state,published"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/vtd_pl"},
}}
