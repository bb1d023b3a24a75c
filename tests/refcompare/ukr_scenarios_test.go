package refcompare

import (
	"net/http"
	"slices"
)

// The ukr_ scenarios: what the REST API shows of results that keep-result:
// false erased, for an action task, a with-items task, a sub-workflow task,
// a failed task and an asynchronous action completed through the API; the
// standard actions run on their own; and the tasks a resume starts, which
// share task()'s answers in Mistral's one transaction.

// ukrCtor500: why we answer otherwise than Mistral 15 in ukr_run_std.
const ukrCtor500 = "Mistral 15 fails with 500 (TypeError) when a standard action's constructor refuses an input's type; " +
	"we refuse it with 400 and the TypeError's message"

func init() {
	scenarios = append(scenarios, ukrKeepResultScenario, ukrAsyncKeepResultScenario, ukrRunStdScenario, ukrResumeCacheScenario)
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

// ukrAsyncWorkflow: an asynchronous action whose result keep-result: false
// erases once w's publish read it; n starts in the same transaction.
const ukrAsyncWorkflow = `---
version: '2.0'
ukr_kra:
  input: [fail]
  tasks:
    w:
      action: std.async_noop
      keep-result: false
      publish: {got: <% task(w).result %>}
      publish-on-error: {err: <% task(w).result %>}
      on-complete: n
    n:
      action: std.echo output=<% task(w).result %>
`

// ukrAsyncWait waits for w's action execution to run and saves it as action.
func ukrAsyncWait(exec, action string) []step {
	return []step{
		{method: get, path: "/executions/{" + exec + "}/tasks?name=w", until: "tasks.0.id", save: map[string]string{action + "_task": "tasks.0.id"}},
		{method: get, path: "/tasks/{" + action + "_task}/action_executions?state=RUNNING", until: "action_executions.0.id",
			save: map[string]string{action: "action_executions.0.id"}},
	}
}

// ukrAsyncKeepResultScenario: the asynchronous action completed with a
// result, then another failed with one, through PUT /action_executions.
var ukrAsyncKeepResultScenario = scenario{name: "ukr_async_keep_result", steps: slices.Concat(
	[]step{
		{method: post, path: "/workflows", body: ukrAsyncWorkflow},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "ukr_kra", "input": map[string]any{"fail": false}},
			save: map[string]string{"ok": "id"}},
	},
	ukrAsyncWait("ok", "a1"),
	[]step{
		{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": `{"x": [1, "y"]}`}},
		{method: get, path: "/executions/{ok}", settle: true},
		{method: get, path: "/tasks/{a1_task}"},
		{method: get, path: "/action_executions/{a1}"},
		{method: get, path: "/executions/{ok}/tasks?name=n", save: map[string]string{"n1": "tasks.0.id"}},
		{method: get, path: "/tasks/{n1}"},
		{method: post, path: "/executions", body: map[string]any{"workflow_name": "ukr_kra", "input": map[string]any{"fail": true}},
			save: map[string]string{"bad": "id"}},
	},
	ukrAsyncWait("bad", "a2"),
	[]step{
		{method: put, path: "/action_executions/{a2}", body: map[string]any{"state": "ERROR", "output": `{"why": "it broke"}`}},
		{method: get, path: "/executions/{bad}", settle: true},
		{method: get, path: "/tasks/{a2_task}"},
		{method: get, path: "/action_executions/{a2}"},
		{method: get, path: "/executions/{bad}/tasks?name=n", save: map[string]string{"n2": "tasks.0.id"}},
		{method: get, path: "/tasks/{n2}"},
		{method: del, path: "/executions/{ok}"},
		{method: del, path: "/executions/{bad}"},
		{method: del, path: "/workflows/ukr_kra"},
	},
)}

// ukrRunStdScenario: the standard actions run on their own, their results
// and errors as the answer shows them.
var ukrRunStdScenario = scenario{name: "ukr_run_std", steps: []step{
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.fail"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.fail", "input": map[string]any{"error_data": map[string]any{"a": []any{1, "é"}}}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.fail", "input": map[string]any{"error_data": 0}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.fail", "input": map[string]any{"error_data": "x"},
		"params": map[string]any{"save_result": true}}, save: map[string]string{"f": "id"}},
	{method: get, path: "/action_executions/{f}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.test_dict", "input": map[string]any{"size": 2, "key_prefix": "k", "val": []any{nil}}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.test_dict", "input": map[string]any{"size": "2"}},
		ignore: map[string]string{"output": "names the action object's address in Mistral's memory"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.sleep", "input": map[string]any{"seconds": "x"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.sleep", "input": map[string]any{"seconds": map[string]any{}}},
		differs: ukrCtor500, status: http.StatusBadRequest},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": map[string]any{"ü": []any{1.5, nil, true}}, "delay": "x"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": nil}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.noop", "input": map[string]any{"x": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.async_noop", "input": map[string]any{"x": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.test_dict", "input": map[string]any{"key_suffix": "s"}}},
}}

// ukrResumeWorkflow: t's result arrives while the execution is paused, so
// the resume starts both a and b.
const ukrResumeWorkflow = `---
version: '2.0'
ukr_resume_cache:
  tasks:
    t:
      action: std.async_noop
      on-success: [a, b]
    a:
      action: std.echo output=<% task().name %>
      publish: {a: <% task().result %>}
    b:
      action: std.echo output=<% task().name %>
      publish: {b: <% task().result %>}
`

// ukrResumeCacheScenario: a and b, started by one resume, read task() the
// same: as the task whose input was evaluated first.
var ukrResumeCacheScenario = scenario{name: "ukr_resume_task_cache", steps: []step{
	{method: post, path: "/workflows", body: ukrResumeWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "ukr_resume_cache"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks?name=t", until: "tasks.0.id", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions?state=RUNNING", until: "action_executions.0.id",
		save: map[string]string{"a": "action_executions.0.id"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/action_executions/{a}", body: map[string]any{"state": "SUCCESS", "output": `{"x": 1}`}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/ukr_resume_cache"},
}}
