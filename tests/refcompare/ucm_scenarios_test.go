package refcompare

// The ucm_ scenarios: request bodies with more than one fault, sent to the
// endpoints that change running work (PUT /tasks/{id}, PUT and POST
// /executions). WSME reads a body's attributes in the order the resource
// defines them, so the first fault in that order is the one reported.

func init() {
	scenarios = append(scenarios, ucmBodyOrderScenario)
}

// ucmBodyOrderWorkflow fails at once: its task can be rerun.
const ucmBodyOrderWorkflow = `---
version: '2.0'
ucm_bo:
  tasks:
    a:
      action: std.fail
`

// ucmBodyOrderScenario: the mandatory reset is reported before a bad env,
// state before processed, a wrong description before a wrong state.
var ucmBodyOrderScenario = scenario{name: "ucm_body_order", steps: []step{
	{method: post, path: "/workflows", body: ucmBodyOrderWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "ucm_bo"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"state": "RUNNING", "env": "x"}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"state": "RUNNING", "env": []any{1}}},
	{method: put, path: "/tasks/{t}", body: map[string]any{"state": "RUNNING", "reset": true, "env": "x"}},
	{method: put, path: "/tasks/{t}", body: rawJSON(`{"env": "x", "reset": "maybe"}`)},
	{method: put, path: "/tasks/{t}", body: rawJSON(`{"processed": "maybe", "state": 5}`)},
	{method: put, path: "/tasks/{t}", body: rawJSON(`{"project_id": "p", "state": 5}`)},
	{method: put, path: "/tasks/{t}", body: rawJSON(`{"env": "x", "processed": "maybe"}`)},
	{method: put, path: "/executions/{e}", body: rawJSON(`{"state": 5, "description": 5}`)},
	{method: put, path: "/executions/{e}", body: rawJSON(`{"tags": "x", "description": 5}`)},
	{method: post, path: "/executions", body: rawJSON(`{"project_id": "p", "workflow_id": 5}`)},
	{method: post, path: "/action_executions", body: rawJSON(`{"accepted": "maybe", "state": 5}`)},
	{method: get, path: "/executions/{e}"},
	{method: del, path: "/executions/{e}?force=true"},
	{method: del, path: "/workflows/ucm_bo"},
}}
