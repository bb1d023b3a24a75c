package refcompare

// utrWorkflows: tasks reached through every kind of transition (on-success,
// on-error, on-complete, the advanced form with branch and global publish,
// a publish that fails), to show what a task's REST body holds: published,
// state_info and runtime_context (triggered_by).
const utrWorkflows = `---
version: '2.0'
utr_rt_mix:
  tasks:
    a:
      action: std.fail
      publish-on-error: {pe: <% task().state %>}
      on-error:
        publish:
          branch: {eb: 1}
          global: {eg: 2}
        next: [h]
      on-complete: [c]
    b:
      action: std.echo output=7
      publish: {pb: <% task().result %>}
      on-success:
        publish:
          branch: {sb: <% task().result %>}
        next:
          - d: <% $.sb = 7 %>
          - never: <% $.sb != 7 %>
    h:
      action: std.noop
    c:
      action: std.noop
    d:
      action: std.noop
      publish: {g: <% global(eg) %>}
    never:
      action: std.noop
utr_rt_pubfail:
  tasks:
    a:
      action: std.echo output=1
      publish: {x: <% $.nope.deeper %>}
      on-success: [s]
      on-error: [e]
    s:
      action: std.noop
    e:
      action: std.noop
`

// utrRun runs a workflow to its end and shows its tasks in name order:
// ids first, then the fields that transitions and publish fill in. A
// failed publish ends Mistral's messages with its Python traceback.
func utrRun(wf, e string) []step {
	return []step{
		{method: post, path: "/executions", body: map[string]any{"workflow_name": wf}, save: map[string]string{e: "id"}},
		{method: get, path: "/executions/{" + e + "}", settle: true, ignore: vpzTraceback},
		{method: get, path: "/executions/{" + e + "}/tasks?sort_keys=name&fields=id,name,state"},
		{method: get, path: "/executions/{" + e + "}/tasks?sort_keys=name&fields=name,state,state_info,published,runtime_context,processed,type",
			ignore: map[string]string{"tasks.0.state_info": "ends with Mistral's Python traceback"}},
	}
}

// utrTransitionsScenario: the REST view of tasks after mixed transitions
// and a failed publish.
var utrTransitionsScenario = scenario{name: "utr_transitions", steps: concat(
	[]step{{method: post, path: "/workflows", body: utrWorkflows}},
	utrRun("utr_rt_mix", "e1"),
	utrRun("utr_rt_pubfail", "e2"),
	[]step{
		{method: del, path: "/executions/{e1}"},
		{method: del, path: "/executions/{e2}"},
		{method: del, path: "/workflows/utr_rt_mix"},
		{method: del, path: "/workflows/utr_rt_pubfail"},
	},
)}

// utrRerunWorkflow: a's publish needs env().k; without it a fails after
// its action, and its on-complete target c runs.
const utrRerunWorkflow = `---
version: '2.0'
utr_rr:
  tasks:
    a:
      action: std.echo output=1
      publish: {p: <% env().k %>}
      on-success: [b]
      on-error:
        - noop: <% false %>
      on-complete: [c]
    b:
      action: std.echo output=<% $.p %>
      publish: {pb: <% task().result %>}
    c:
      action: std.noop
      publish: {pc: <% $.get(p) %>}
`

// utrRerunScenario: rerunning a with the env its publish needs: which of
// its transitions run again, and what each task execution published.
var utrRerunScenario = scenario{name: "utr_rerun", steps: []step{
	{method: post, path: "/workflows", body: utrRerunWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "utr_rr", "params": map[string]any{"env": map[string]any{"j": 0}}},
		save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true, ignore: vpzTraceback},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,published", ignore: map[string]string{"tasks.0.state_info": "ends with Mistral's Python traceback"}},
	{method: get, path: "/executions/{e}/tasks?name=a&fields=name", save: map[string]string{"a": "tasks.0.id"}},
	{method: put, path: "/tasks/{a}", body: map[string]any{"state": "RUNNING", "reset": true, "env": map[string]any{"k": 5}},
		ignore: rerunAnswer},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state,state_info,published,processed"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/utr_rr"},
}}

func init() {
	scenarios = append(scenarios, utrTransitionsScenario, utrRerunScenario)
}
