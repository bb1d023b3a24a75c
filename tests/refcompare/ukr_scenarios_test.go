package refcompare

// The ukr_ scenarios: what the REST API shows of results that keep-result:
// false erased, for an action task, a with-items task, a sub-workflow task
// and a failed task.

func init() {
	scenarios = append(scenarios, ukrKeepResultScenario)
}

// ukrKeepResultWorkflows: each task of ukr_krv keeps no result; all but
// with-items publish from it first.
const ukrKeepResultWorkflows = `---
version: '2.0'
ukr_krv_sub:
  output: {v: 1}
  tasks:
    s:
      action: std.noop
ukr_krv:
  tasks:
    plain:
      action: std.echo output="p"
      keep-result: false
      publish: {p: <% task().result %>}
      on-success: wi
    wi:
      with-items: x in [1, 2]
      action: std.echo output=<% $.x %>
      keep-result: false
      on-success: sub
    sub:
      workflow: ukr_krv_sub
      keep-result: false
      publish: {s: <% task().result %>}
      on-success: failing
    failing:
      action: std.fail error_data="bad"
      keep-result: false
      publish-on-error: {f: <% task().result %>}
      on-error: kept
    kept:
      action: std.echo output=<% [task(plain).result, task(wi).result, task(sub).result, task(failing).result] %>
`

// ukrKeepResultScenario: the tasks' result and their action executions'
// output once erased; a sub-workflow keeps its own output.
var ukrKeepResultScenario = scenario{name: "ukr_keep_result_views", steps: []step{
	{method: post, path: "/workflows", body: ukrKeepResultWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "ukr_krv"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?name=plain", save: map[string]string{"plain": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=wi", save: map[string]string{"wi": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=sub", save: map[string]string{"sub": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=failing", save: map[string]string{"failing": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=kept", save: map[string]string{"kept": "tasks.0.id"}},
	{method: get, path: "/tasks/{plain}"},
	{method: get, path: "/tasks/{wi}"},
	{method: get, path: "/tasks/{sub}"},
	{method: get, path: "/tasks/{failing}"},
	{method: get, path: "/tasks/{kept}"},
	{method: get, path: "/tasks/{plain}/action_executions", save: map[string]string{"pa": "action_executions.0.id"}},
	{method: get, path: "/action_executions/{pa}"},
	{method: get, path: "/tasks/{failing}/action_executions", save: map[string]string{"fa": "action_executions.0.id"}},
	{method: get, path: "/action_executions/{fa}"},
	{method: get, path: "/action_executions?task_execution_id={wi}&fields=state,output,accepted&sort_keys=state"},
	{method: get, path: "/executions?task_execution_id={sub}&fields=workflow_name,state,output"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/ukr_krv"},
	{method: del, path: "/workflows/ukr_krv_sub"},
}}
