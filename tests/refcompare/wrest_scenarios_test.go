package refcompare

import "net/http"

// Why we knowingly answer otherwise than Mistral 15 in the wrest_
// scenarios (REST.md §1.7-1.9: Mistral's 500s become 4xx).
const (
	boolQuirk = "WSME 0.11 reads any non-empty boolean query text as true, false too; " +
		"we read false as false (REST.md §1.8)"
	sortKey500   = "Mistral 15 fails with 500 on an unknown sort key; we refuse it with 400"
	nulls500     = "Mistral 15 fails with 500 on a nulls name that is no column; we refuse it with 400"
	column500    = "Mistral 15 fails with 500 on a filter that is no column of the table; we refuse it with 400"
	notDict500   = "Mistral 15 fails with 500 ('list' object has no attribute 'keys') on a JSON body that is no object; we refuse it with 400"
	completed500 = "Mistral 15's engine fails with 500 (ValueError: Action ... is already completed) on a result for a " +
		"finished action execution; we refuse it with 400"
	taskNameFields = "with fields naming task_name (no column), Mistral 15 pairs the other columns' values with the " +
		"wrong names (task_name gets workflow_name's value) or drops task_name; we answer the fields asked for"
	etWorkflow500 = "Mistral 15 fails with 500 (foreign key) on an event trigger PUT naming an unknown workflow; we answer 404"
	etNull500     = "Mistral 15 fails with 500 (NOT NULL column) on a null exchange, topic or event in an event trigger PUT; we refuse it with 400"
)

// wrestWorkflows: one that echoes its input, one that fails, one that
// waits for an asynchronous action, and a parent of the first.
const wrestWorkflows = `---
version: '2.0'
wrest_echo:
  input:
    - who: nobody
  tasks:
    t:
      action: std.echo output=<% $.who %>
  output:
    said: <% task(t).result %>
wrest_fail:
  tasks:
    t:
      action: std.fail
wrest_wait:
  input:
    - x: 1
  tasks:
    t:
      action: std.async_noop
wrest_parent:
  tasks:
    call:
      workflow: wrest_echo
      input:
        who: child
`

// wrestExecutionsScenario: the execution list's filters, sorting,
// pagination and fields, and the arguments and ids it refuses.
var wrestExecutionsScenario = scenario{name: "wrest_executions", steps: []step{
	{method: post, path: "/workflows", body: wrestWorkflows, save: map[string]string{"wf_echo": "workflows.0.id"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_echo", "input": map[string]any{"who": "one"},
		"description": "first"}, save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_echo", "input": `{"who": "two"}`,
		"description": "second"}, save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_fail"}, save: map[string]string{"f1": "id"}},
	{method: get, path: "/executions/{f1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_parent", "description": "parent"},
		save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true},
	{method: get, path: "/executions?workflow_name=wrest_echo&description=sub-workflow%20execution",
		save: map[string]string{"c": "executions.0.id", "ctask": "executions.0.task_execution_id"}},

	// Filters.
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description"},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description&include_output=true"},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description&include_output="},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description&include_output=false",
		differs: boolQuirk, status: http.StatusOK},
	{method: get, path: "/executions?workflow_name=in:wrest_echo,wrest_fail&state=ERROR"},
	{method: get, path: "/executions?workflow_name=has:wrest_&state=nin:SUCCESS&fields=workflow_name,state"},
	{method: get, path: "/executions?workflow_name=wrest_echo&state=BOGUS"},
	{method: get, path: "/executions?workflow_name=has:wrest_&description=neq:first&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=gte:2000-01-01%2000:00:00&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=lt:2000-01-01%2000:00:00"},
	{method: get, path: "/executions?workflow_name=wrest_echo&updated_at=gt:2000-01-01&sort_keys=description&fields=state,description"},
	{method: get, path: "/executions?workflow_name=wrest_echo&input=%7B%22who%22:%20%22one%22%7D&fields=description"},
	{method: get, path: "/executions?workflow_name=wrest_echo&description=first&fields=input,output,params"},
	{method: get, path: "/executions?workflow_name=has:wrest_&nulls=task_execution_id&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=has:wrest_&nulls=root_execution_id,task_execution_id&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_name=has:wrest_&nulls=description"},
	{method: get, path: "/executions?workflow_name=has:wrest_&tags=a&fields=workflow_name"},
	{method: get, path: "/executions?workflow_name=has:wrest_&state_info=neq:x&fields=workflow_name,state"},
	{method: get, path: "/executions?workflow_name=has:wrest_&state_info=nin:x,y&fields=workflow_name,state"},
	{method: get, path: "/executions?root_execution_id={p}&fields=workflow_name,root_execution_id,task_execution_id"},
	{method: get, path: "/executions?task_execution_id={ctask}&fields=workflow_name"},
	{method: get, path: "/executions?workflow_id={wf_echo}&sort_keys=description&fields=description"},

	// Next links: the filters in the controller's order, objects in
	// Python's repr, booleans as True.
	{method: get, path: "/executions/{e1}/tasks", save: map[string]string{"e1t": "tasks.0.id"}},
	{method: get, path: "/executions?description=neq:x&input=%7B%22who%22:%20%22one%22%7D&state=SUCCESS&workflow_name=wrest_echo" +
		"&updated_at=gt:2000-01-01&created_at=gt:2000-01-01&workflow_id={wf_echo}&params=%7B%22namespace%22:%20%22%22,%20%22env%22:%20%7B%7D%7D" +
		"&output=%7B%22said%22:%20%22one%22%7D&limit=1&fields=description"},
	{method: get, path: "/tasks?processed=true&published=%7B%7D&state=SUCCESS&name=t&updated_at=gt:2000-01-01&created_at=gt:2000-01-01" +
		"&workflow_execution_id={e1}&workflow_id={wf_echo}&workflow_name=wrest_echo&limit=1&fields=name"},
	{method: get, path: "/executions/{e1}/tasks?processed=1&state=SUCCESS&name=has:t&workflow_name=wrest_echo&created_at=gt:2000-01-01&limit=1&fields=name"},
	{method: get, path: "/action_executions?description=eq:&input=%7B%22output%22:%20%22one%22%7D&accepted=true&state=SUCCESS&workflow_name=wrest_echo" +
		"&updated_at=gt:2000-01-01&name=std.echo&created_at=gt:2000-01-01&task_execution_id={e1t}&limit=1&fields=name"},
	{method: get, path: "/tasks/{e1t}/action_executions?accepted=true&state=SUCCESS&workflow_name=wrest_echo&limit=1&fields=name"},
	{method: get, path: "/tasks/{ctask}/workflow_executions?state=SUCCESS&workflow_name=wrest_echo&created_at=gt:2000-01-01&limit=1&fields=state"},

	// MySQL reads a time filter that is no time as its zero date.
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=gt:bogus"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=lt:bogus"},
	{method: get, path: "/executions?workflow_name=wrest_echo&updated_at=neq:2020"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=in:bogus,2000-01-01"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=nin:bogus,2000-01-01"},
	{method: get, path: "/executions?workflow_name=wrest_echo&created_at=nin:2000-01-01&sort_keys=description&fields=description"},

	// A uuid filter keeps its value only: any operator filters as eq.
	{method: get, path: "/executions?root_execution_id=neq:" + noID + "&workflow_name=has:wrest_&fields=workflow_name"},
	{method: get, path: "/executions?workflow_id=neq:{wf_echo}&sort_keys=description&fields=description"},
	{method: get, path: "/executions?workflow_id=gt:{wf_echo}&sort_keys=description&fields=description&limit=1"},
	{method: get, path: "/executions?root_execution_id=in:{p}&fields=workflow_name"},
	{method: get, path: "/executions?workflow_id=nin:{wf_echo}," + noID},
	{method: get, path: "/executions?workflow_id=has:abc"},
	{method: get, path: "/executions?root_execution_id=neq:abc"},

	// Sorting, pagination, fields.
	{method: get, path: "/executions?workflow_name=has:wrest_&sort_keys=workflow_name,description&sort_dirs=desc,asc&fields=workflow_name,description,state"},
	{method: get, path: "/executions?workflow_name=has:wrest_&sort_keys=Workflow_Name,%20Description&sort_dirs=ASC,DESC&fields=workflow_name,DESCRIPTION"},
	{method: get, path: "/executions?workflow_name=has:wrest_&sort_keys=workflow_name,description&limit=2&fields=description",
		save: map[string]string{"page1": "executions.1.id"}},
	{method: get, path: "/executions?workflow_name=has:wrest_&sort_keys=workflow_name,description&limit=2&fields=description&marker={page1}",
		save: map[string]string{"page2": "executions.1.id"}},
	{method: get, path: "/executions?workflow_name=has:wrest_&sort_keys=workflow_name,description&limit=2&fields=description&marker={page2}"},
	{method: get, path: "/executions?workflow_name=in:wrest_echo,wrest_fail&sort_keys=description&limit=1&marker={e2}"},
	{method: get, path: "/executions?workflow_name=wrest_echo&fields=bogus"},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description&fields="},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=bogus", differs: sortKey500, status: http.StatusBadRequest},
	{method: get, path: "/executions?workflow_name=wrest_echo&nulls=bogus", differs: nulls500, status: http.StatusBadRequest},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_dirs=up"},
	{method: get, path: "/executions?workflow_name=wrest_echo&sort_keys=description&sort_dirs=asc,desc,asc"},
	{method: get, path: "/executions?workflow_name=wrest_echo&task_execution_id=abc"},

	// Sub-executions and the tasks of an execution.
	{method: get, path: "/executions/{p}/executions"},
	{method: get, path: "/executions/{p}/executions?include_output=true&max_depth=0"},
	{method: get, path: "/executions/{c}/executions?errors_only=true"},
	{method: get, path: "/executions/{p}/tasks?fields=name,type,state"},
	{method: get, path: "/tasks/{ctask}/workflow_executions?fields=workflow_name,description"},
	{method: get, path: "/tasks/{ctask}/executions?fields=id"},

	// Arguments the single-execution endpoints do not take, and ids that
	// are no uuid.
	{method: get, path: "/executions/{p}?fields=state"},
	{method: get, path: "/executions/" + noID + "?foo=1"},
	{method: put, path: "/executions/{p}?foo=1", body: map[string]any{"description": "x"}},
	{method: del, path: "/executions/{p}?foo=1"},
	{method: post, path: "/executions?foo=1", body: map[string]any{"workflow_name": "wrest_echo"}},
	{method: get, path: "/executions/{p}/tasks?foo=1"},
	{method: get, path: "/executions/{p}/report?foo=1"},
	{method: get, path: "/executions/{p}/executions?fields=id"},
	{method: get, path: "/executions/not-a-uuid"},
	{method: get, path: "/executions/not-a-uuid/tasks"},
	{method: get, path: "/executions/not-a-uuid/executions"},
	{method: get, path: "/executions/not-a-uuid/report"},
	{method: put, path: "/executions/not-a-uuid", body: map[string]any{"state": "PAUSED"}},
	{method: del, path: "/executions/not-a-uuid"},
	{method: get, path: "/executions/" + noID + "/tasks"},
	{method: get, path: "/executions/" + noID + "/executions"},

	{method: del, path: "/executions/{c}"},
	{method: del, path: "/executions/{p}"},
	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{f1}"},
	{method: del, path: "/workflows/wrest_parent"},
	{method: del, path: "/workflows/wrest_echo"},
	{method: del, path: "/workflows/wrest_fail"},
	{method: del, path: "/workflows/wrest_wait"},
}}

// wrestExecutionUpdatesScenario: PUT state transitions, description and
// env changes, deletes of running executions, copies and malformed bodies.
var wrestExecutionUpdatesScenario = scenario{name: "wrest_execution_updates", steps: []step{
	{method: post, path: "/workflows", body: wrestWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "params": map[string]any{"env": map[string]any{"k": "v"}}},
		save: map[string]string{"e": "id"}},
	{method: del, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": ""}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "BOGUS"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "IDLE"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED", "description": "d"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED", "params": map[string]any{"env": map[string]any{"a": 1}}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"a": 1}}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"params": `{"env": {"a": 1}}`}},
	{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"foo": 1}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"description": "new desc"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"description": "new desc", "state_info": "ignored"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED", "state_info": "because"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"a": 1, "k": "w"}}}},
	{method: get, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"b": 2}}}},
	{method: get, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "CANCELLED", "state_info": "user cancelled"}},
	{method: get, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "SUCCESS"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{e}", body: map[string]any{"params": map[string]any{"env": map[string]any{"z": 1}}}},
	{method: put, path: "/executions/{e}", body: map[string]any{"description": "after cancel"}},
	{method: del, path: "/executions/{e}"},

	// Stopped with a state and a message, or forced away while running.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait"}, save: map[string]string{"e2": "id"}},
	{method: put, path: "/executions/{e2}", body: map[string]any{"state": "ERROR", "state_info": "stop it"}},
	{method: get, path: "/executions/{e2}"},
	{method: put, path: "/executions/{e2}", body: map[string]any{"state": "ERROR"}},
	{method: put, path: "/executions/{e2}", body: map[string]any{"params": map[string]any{"env": map[string]any{"x": 1}}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait"}, save: map[string]string{"e3": "id"}},
	{method: put, path: "/executions/{e3}", body: map[string]any{"state": "SUCCESS"}},
	{method: get, path: "/executions/{e3}"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait"}, save: map[string]string{"e4": "id"}},
	{method: del, path: "/executions/{e4}?force="},
	{method: del, path: "/executions/{e4}?force=true"},
	{method: get, path: "/executions/{e4}"},

	// A failed execution resumed, with and without env.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_fail"}, save: map[string]string{"f": "id"}},
	{method: get, path: "/executions/{f}", settle: true},
	{method: put, path: "/executions/{f}", body: map[string]any{"params": map[string]any{"env": map[string]any{"x": 1}}}},
	{method: put, path: "/executions/{f}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"y": 2}}}},
	{method: get, path: "/executions/{f}", settle: true},
	{method: put, path: "/executions/{f}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{f}", body: map[string]any{"state": "SUCCESS", "state_info": "forced"}},

	// An env given by name at the start, then changed while paused.
	{method: post, path: "/environments", body: map[string]any{"name": "wrest_env", "variables": map[string]any{"k": "v", "n": map[string]any{"a": 1}}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "params": map[string]any{"env": "wrest_env"}},
		save: map[string]string{"ne": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_wait&params=%7B%22env%22:%20%7B%22k%22:%20%22v%22,%20%22n%22:%20%7B%22a%22:%201%7D%7D," +
		"%20%22namespace%22:%20%22%22%7D&fields=source_execution_id"},
	{method: get, path: "/executions?workflow_name=wrest_wait&params=%7B%22env%22:%20%7B%22k%22:%20%22v%22,%20%22n%22:%20%7B%22a%22:%201%7D%7D," +
		"%20%22namespace%22:%20%22%22%7D&fields=published_global,params", differs: "with fields naming published_global (no column), Mistral 15 " +
		"pairs the other columns' values with the wrong names (published_global gets params' value); we answer the fields asked for", status: http.StatusOK},
	{method: put, path: "/executions/{ne}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{ne}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": "w", "n": map[string]any{"b": 2}}}}},
	{method: put, path: "/executions/{ne}", body: map[string]any{"params": map[string]any{"env": "wrest_env"}},
		differs: "Mistral 15 fails with 500 ('str' object has no attribute 'items') on an env named in an update; we refuse it with 400", status: http.StatusBadRequest},
	{method: put, path: "/executions/{ne}", body: map[string]any{"params": map[string]any{"env": map[string]any{}}}},
	{method: put, path: "/executions/{ne}", body: map[string]any{"params": map[string]any{"env": nil}}},
	{method: put, path: "/executions/{ne}", body: map[string]any{"params": map[string]any{"env": map[string]any{"z": nil}}, "description": "both"}},
	{method: get, path: "/executions/{ne}"},
	{method: put, path: "/executions/{ne}", body: map[string]any{"state": "CANCELLED"}},
	{method: del, path: "/executions/{ne}"},
	{method: del, path: "/environments/wrest_env"},

	// Creating: an id already taken, a copy, malformed bodies.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "id": "{e3}"}},
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": "{e3}", "description": "copy"}, save: map[string]string{"e5": "id"}},
	{method: put, path: "/executions/{e5}", body: map[string]any{"state": "CANCELLED"}},
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": noID}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "input": map[string]any{"x": 2, "y": 3}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "input": "[1]"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "input": "{bad"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "params": map[string]any{"env": "wrest_noenv"}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "params": map[string]any{"env": 5}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "description": 5}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": 7}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "not-a-uuid"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": noID}},
	{method: post, path: "/executions", body: rawJSON("")},
	{method: post, path: "/executions", body: rawJSON("[1, 2]"), differs: notDict500, status: http.StatusBadRequest},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_wait", "workflow_namespace": "wrest_nope"},
		differs: "REST.md: a start looks the workflow up in its namespace and then in the default one; Mistral 15 answers 404", status: http.StatusCreated},

	// project_id is readonly everywhere, even null; the other attributes
	// of the resource are taken or ignored.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "project_id": "p"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "project_id": nil}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "created_at": "x", "updated_at": nil,
		"state": "PAUSED", "output": map[string]any{"o": 1}, "root_execution_id": noID, "task_execution_id": noID, "tags": []any{"a"},
		"state_info": "x", "published_global": map[string]any{}}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"state": "PAUSED", "project_id": "p"}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"state": "PAUSED", "created_at": "x", "id": noID}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING", "project_id": "p"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING", "created_at": "x"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.noop", "project_id": "p"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.noop", "created_at": "x", "id": noID}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "wrest_c", "pattern": "0 5 * * *", "workflow_name": "wrest_nope", "project_id": "p"}},
	{method: post, path: "/environments", body: map[string]any{"name": "wrest_e", "project_id": "p"}},
	{method: post, path: "/environments", body: map[string]any{"name": "wrest_e", "created_at": "x"}},
	{method: put, path: "/executions/" + noID, body: rawJSON("")},
	{method: put, path: "/executions/" + noID, body: rawJSON("{bad")},

	// Media types as WSME compares them, and form bodies (curl -d without
	// a Content-Type) as arguments.
	{method: post, path: "/executions", body: typed{"APPLICATION/JSON", `{"workflow_name": "wrest_nope"}`}},
	{method: post, path: "/executions", body: typed{"application/json ; charset=utf-8", `{"workflow_name": "wrest_nope"}`}},
	{method: post, path: "/executions", body: typed{"application/json;charset=latin1", `{"workflow_name": "wrest_nope"}`}},
	{method: post, path: "/executions", body: typed{"text/json", `{"workflow_name": "wrest_nope"}`}},
	{method: post, path: "/executions", body: typed{"application/x-www-form-urlencoded", `{"workflow_name": "wrest_nope"}`}},
	{method: post, path: "/executions", body: typed{"application/x-www-form-urlencoded", ""}},
	{method: put, path: "/executions/" + noID, body: typed{"application/x-www-form-urlencoded", "state+x=PAUSED"}},
	{method: put, path: "/executions/" + noID, body: typed{"application/x-www-form-urlencoded", "&&%7Bq%7D"}},
	{method: put, path: "/tasks/" + noID, body: typed{"application/x-www-form-urlencoded", "reset=true"}},
	{method: post, path: "/action_executions", body: typed{"application/x-www-form-urlencoded", "name=std.noop"}},
	{method: post, path: "/event_triggers", body: typed{"text/plain", "{}"}},
	{method: put, path: "/action_executions/" + noID, body: typed{"application/xml", "<a/>"}},

	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/executions/{e5}"},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/workflows/wrest_parent"},
	{method: del, path: "/workflows/wrest_echo"},
	{method: del, path: "/workflows/wrest_fail"},
	{method: del, path: "/workflows/wrest_wait"},
}}

// wrestRerunWorkflows: a failing task beside a good one, and a with-items
// task followed by a failing one.
const wrestRerunWorkflows = `---
version: '2.0'
wrest_rr:
  tasks:
    bad:
      action: std.fail
    good:
      action: std.noop
wrest_renv:
  tasks:
    t:
      action: std.echo output=<% env().x %>
wrest_ritem:
  input:
    - xs: [1, 2, 3]
  tasks:
    it:
      with-items: x in <% $.xs %>
      action: std.echo output=<% 10 / ($.x - 2) %>
wrest_rsub:
  tasks:
    call:
      workflow: wrest_rr
wrest_rwi:
  tasks:
    items:
      with-items: x in [1, 2, 3]
      action: std.echo output=<% $.x %>
      publish:
        got: <% task().result %>
      on-success: fin
    fin:
      action: std.fail
`

// rerunRace: what a rerun's answer shows of the task depends on how far
// its new action got when the API read the task again.
var rerunRace = map[string]string{
	"state": "the rerun's action may have failed already", "state_info": "the rerun's action may have failed already",
	"result": "the rerun's action may have failed already", "processed": "the rerun's action may have failed already",
	"finished_at": "the rerun's action may have failed already",
}

// Mistral appends the Python traceback of an expression error to the
// message of a task that failed to run; we do not.
const traceback = "Mistral appends the Python traceback of the expression error"

var (
	tracebackInfo  = map[string]string{"state_info": traceback, "output": traceback}
	tracebackTask  = map[string]string{"state_info": traceback}
	tracebackTasks = map[string]string{"tasks.0.state_info": traceback}
)

// wrestTasksScenario: task lists and the errors of a rerun.
var wrestTasksScenario = scenario{name: "wrest_tasks", steps: []step{
	{method: post, path: "/workflows", body: wrestRerunWorkflows, save: map[string]string{"wf": "workflows.0.id"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_rr"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?name=bad", save: map[string]string{"bad": "tasks.0.id"}},
	{method: get, path: "/executions/{e}/tasks?name=good", save: map[string]string{"good": "tasks.0.id"}},

	// Lists.
	{method: get, path: "/tasks?workflow_execution_id={e}&sort_keys=name&fields=name,type,state"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&sort_keys=name&sort_dirs=desc&fields=name,workflow_name"},
	{method: get, path: "/tasks?workflow_id={wf}&state=ERROR&fields=name"},
	{method: get, path: "/tasks?workflow_id=neq:{wf}&workflow_name=wrest_rr&sort_keys=name&fields=name&limit=1"},
	{method: get, path: "/tasks?workflow_execution_id=in:{e}"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&processed=true&sort_keys=name&fields=name"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&state=WAITING&fields=name"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&published=%7B%7D&sort_keys=name&fields=name"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&type=ACTION"},
	{method: get, path: "/tasks?workflow_name=wrest_rr&result=x", differs: column500, status: http.StatusBadRequest},
	{method: get, path: "/tasks?workflow_name=wrest_rr&sort_keys=name&limit=1&fields=name", save: map[string]string{"first": "tasks.0.id"}},
	{method: get, path: "/tasks?workflow_name=wrest_rr&sort_keys=name&limit=1&fields=name&marker={first}"},
	{method: get, path: "/executions/{e}/tasks?sort_keys=state&sort_dirs=desc&fields=name,state"},
	{method: get, path: "/tasks/{bad}/action_executions?fields=name,state,accepted", save: map[string]string{"ax": "action_executions.0.id"}},
	{method: get, path: "/tasks/{bad}/action_executions/{ax}"},
	{method: get, path: "/tasks/{bad}/action_executions/{ax}?fields=name"},
	{method: get, path: "/action_executions?workflow_name=wrest_rr&sort_keys=name&fields=name,workflow_name,task_name,task_execution_id",
		differs: taskNameFields, status: http.StatusOK},
	{method: get, path: "/action_executions?workflow_name=wrest_rr&fields=name,task_name,state", differs: taskNameFields, status: http.StatusOK},
	{method: get, path: "/action_executions?workflow_name=wrest_rr&task_name=bad", differs: column500, status: http.StatusBadRequest},
	{method: get, path: "/action_executions?workflow_name=wrest_rr&sort_keys=task_name", differs: sortKey500, status: http.StatusBadRequest},

	// Rerun errors.
	{method: get, path: "/tasks/{bad}?foo=1"},
	{method: put, path: "/tasks/{bad}?foo=1", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "SUCCESS"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "RUNNING", "name": "other"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "RUNNING", "workflow_name": "other"}},
	{method: put, path: "/tasks/{good}", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "RUNNING", "env": "[1]"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "RUNNING", "colour": "red"}},
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": "yes", "state": "RUNNING", "name": 5}},
	{method: put, path: "/tasks/{bad}", body: rawJSON("{bad json")},
	{method: put, path: "/tasks/{bad}", body: rawJSON("")},
	{method: put, path: "/tasks/not-a-uuid", body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: get, path: "/tasks/not-a-uuid"},
	{method: get, path: "/tasks/not-a-uuid/action_executions"},
	{method: get, path: "/tasks/not-a-uuid/workflow_executions"},
	{method: get, path: "/tasks/not-a-uuid/executions"},
	{method: get, path: "/tasks/" + noID + "/executions"},
	{method: get, path: "/tasks/" + noID + "/action_executions"},
	{method: get, path: "/tasks/{bad}/action_executions/" + noID},
	{method: get, path: "/tasks/{bad}/action_executions?foo=1"},
	{method: get, path: "/tasks/{bad}/workflow_executions?foo=1"},
	{method: get, path: "/tasks/{bad}/executions?foo=1"},
	{method: get, path: "/tasks?foo=1"},

	// A rerun with every attribute given, and env.
	{method: put, path: "/tasks/{bad}", body: map[string]any{"reset": true, "state": "RUNNING", "name": "bad", "workflow_name": "wrest_rr",
		"env": map[string]any{"k": "v"}, "id": noID}, ignore: rerunRace},
	{method: get, path: "/executions/{e}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the task's action executions in no particular order",
		"output":     "Mistral lists the task's action executions in no particular order"}},
	{method: get, path: "/executions/{e}/tasks?sort_keys=name&fields=name,state"},

	// with-items: no reset only for with-items tasks, and only failed ones.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_rwi"}, save: map[string]string{"w": "id"}},
	{method: get, path: "/executions/{w}", settle: true},
	{method: get, path: "/executions/{w}/tasks?name=items", save: map[string]string{"items": "tasks.0.id"}},
	{method: get, path: "/executions/{w}/tasks?name=fin", save: map[string]string{"fin": "tasks.0.id"}},
	{method: get, path: "/tasks/{items}"},
	{method: put, path: "/tasks/{items}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	{method: put, path: "/tasks/{fin}", body: map[string]any{"reset": false, "state": "RUNNING"}},

	// A task that cannot run fails with a finish time, and without one
	// when it cannot run again; env given to a rerun fixes it. A
	// with-items task whose item input fails keeps its with-items state.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_renv", "params": map[string]any{"env": map[string]any{"y": 1}}},
		save: map[string]string{"v": "id"}, ignore: tracebackInfo},
	{method: get, path: "/executions/{v}", settle: true, ignore: tracebackInfo},
	{method: get, path: "/executions/{v}/tasks", save: map[string]string{"vt": "tasks.0.id"}, ignore: tracebackTasks},
	{method: put, path: "/tasks/{vt}", body: map[string]any{"reset": true, "state": "RUNNING"}, ignore: tracebackTask},
	{method: get, path: "/tasks/{vt}", ignore: tracebackTask},
	{method: put, path: "/tasks/{vt}", body: map[string]any{"reset": true, "state": "RUNNING", "env": map[string]any{"x": "fixed"}}, ignore: rerunRace},
	{method: get, path: "/executions/{v}", settle: true},
	{method: get, path: "/tasks/{vt}"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_ritem"}, save: map[string]string{"it": "id"}, ignore: tracebackInfo},
	{method: get, path: "/executions/{it}", settle: true, ignore: tracebackInfo},
	{method: get, path: "/executions/{it}/tasks", save: map[string]string{"itt": "tasks.0.id"}, ignore: tracebackTasks},
	{method: get, path: "/tasks/{itt}/action_executions"},
	{method: put, path: "/tasks/{itt}", body: map[string]any{"reset": false, "state": "RUNNING"}, ignore: tracebackTask},
	{method: get, path: "/tasks/{itt}", ignore: tracebackTask},

	// A sub-workflow task: a rerun starts a new sub-workflow, and the
	// task's sub-workflows show their params and input when asked.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_rsub"}, save: map[string]string{"sp": "id"}},
	{method: get, path: "/executions/{sp}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the task's sub-workflows in no particular order",
		"output":     "Mistral lists the task's sub-workflows in no particular order"}},
	{method: get, path: "/executions/{sp}/tasks?fields=name,state", save: map[string]string{"spt": "tasks.0.id"}},
	{method: get, path: "/tasks/{spt}/workflow_executions?fields=state"},
	{method: get, path: "/tasks/{spt}/workflow_executions?fields=state,params,input"},
	{method: get, path: "/tasks/{spt}/workflow_executions?fields=input"},
	{method: put, path: "/tasks/{spt}", body: map[string]any{"reset": false, "state": "RUNNING"}},
	{method: put, path: "/tasks/{spt}", body: map[string]any{"reset": true, "state": "RUNNING"}, ignore: rerunRace},
	{method: get, path: "/executions/{sp}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the task's sub-workflows in no particular order",
		"output":     "Mistral lists the task's sub-workflows in no particular order"}},
	{method: get, path: "/executions/{sp}/report?statistics_only=true"},

	{method: del, path: "/executions/{e}"},
	{method: del, path: "/executions/{w}"},
	{method: del, path: "/executions/{v}"},
	{method: del, path: "/executions/{it}"},
	{method: del, path: "/executions/{sp}"},
	{method: del, path: "/workflows/wrest_rsub"},
	{method: del, path: "/workflows/wrest_rr"},
	{method: del, path: "/workflows/wrest_rwi"},
	{method: del, path: "/workflows/wrest_renv"},
	{method: del, path: "/workflows/wrest_ritem"},
}}

// wrestActionExecutionsScenario: actions run directly, listed, and given
// their result. Mistral keeps action executions run on their own (their
// deletion is off), so lists filter on this run's token.
var wrestActionExecutionsScenario = scenario{name: "wrest_action_executions", steps: []step{
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "{run}"},
		"description": "wrest {run} sync"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "{run}"},
		"description": "wrest {run} saved", "params": map[string]any{"save_result": true, "run_sync": true}}, save: map[string]string{"a1": "id"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": []any{1, "{run}"}},
		"description": "wrest {run} async", "params": map[string]any{"save_result": true}}, save: map[string]string{"a2": "id"}},
	{method: get, path: "/action_executions/{a2}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.async_noop", "description": "wrest {run} waiting"},
		save: map[string]string{"a3": "id"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.async_noop"}, save: map[string]string{"a4": "id"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "x"},
		"params": map[string]any{"run_sync": false}, "description": "wrest {run} nosync"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "{run}-s"},
		"params": `{"save_result": true}`}, save: map[string]string{"a5": "id"}},
	{method: get, path: "/action_executions/{a5}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "x"},
		"params": map[string]any{"timeout": 5, "bogus": 1}, "description": "wrest {run} params"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "x"},
		"state": "SUCCESS", "task_execution_id": noID, "workflow_name": "wf", "description": "wrest {run} ignored"}},

	// Refused runs.
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": "[1]"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "params": "[1]"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "x", "extra": 1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.nope"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": ""}},
	{method: post, path: "/action_executions", body: map[string]any{"name": 5}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "colour": "red"}},
	{method: post, path: "/action_executions?foo=1", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": "x"}}},
	{method: post, path: "/action_executions", body: rawJSON("")},
	{method: post, path: "/action_executions", body: rawJSON("{\"name\": ")},
	{method: post, path: "/action_executions", body: rawJSON("[1]"), differs: notDict500, status: http.StatusBadRequest},

	// Lists of this run's saved action executions.
	{method: get, path: "/action_executions?description=has:wrest%20{run}&fields=description,state,name,accepted"},
	{method: get, path: "/action_executions?input=%7B%22output%22:%20%22{run}%22%7D&fields=description,input&include_output=true"},
	{method: get, path: "/action_executions?input=%7B%22output%22:%20%22{run}-s%22%7D&fields=description,output"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&state=RUNNING"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&name=std.echo&include_output=true"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&accepted=false&fields=description", differs: boolQuirk, status: http.StatusOK},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&task_execution_id=" + noID},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&task_execution_id=in:" + noID},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&workflow_name=wf"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&nulls=task_execution_id"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&fields=bogus"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&fields=params"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&fields=task_name,workflow_name", differs: taskNameFields, status: http.StatusOK},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&limit=1&marker={a1}"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&limit=1&fields=description"},

	// Results and state changes through PUT.
	{method: put, path: "/action_executions/{a3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: get, path: "/action_executions/{a3}"},
	{method: put, path: "/action_executions/{a3}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 2}},
		differs: completed500, status: http.StatusBadRequest},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "BOGUS"}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{}},
	{method: put, path: "/action_executions/{a4}", body: rawJSON("")},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"output": `{"v": 1}`}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/action_executions/{a4}"},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "RUNNING"}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "SUCCESS", "output": "[1]"}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "SUCCESS", "output": "5"}},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "ERROR"}},
	{method: get, path: "/action_executions/{a4}"},
	{method: put, path: "/action_executions/{a4}", body: map[string]any{"state": "CANCELLED"}, differs: completed500, status: http.StatusBadRequest},
	{method: put, path: "/action_executions/{a1}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"z": 1}},
		differs: completed500, status: http.StatusBadRequest},
	{method: put, path: "/action_executions/not-a-uuid", body: map[string]any{"state": "SUCCESS"}},
	{method: get, path: "/action_executions/not-a-uuid"},
	{method: del, path: "/action_executions/{a1}"},
	{method: del, path: "/action_executions/not-a-uuid"},
	{method: get, path: "/action_executions?description=has:wrest%20{run}&marker=" + noID},

	// A task's asynchronous action paused, resumed and given its result
	// through PUT while its workflow is paused.
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nwrest_ta:\n  tasks:\n    w:\n      action: std.async_noop\n" +
		"      publish:\n        got: <% task().result %>\n      on-success: n\n    n:\n      action: std.noop\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_ta"}, save: map[string]string{"e": "id"}},
	{method: get, path: "/executions/{e}/tasks", save: map[string]string{"t": "tasks.0.id"}},
	{method: get, path: "/tasks/{t}/action_executions", save: map[string]string{"ta": "action_executions.0.id"}},
	{method: put, path: "/action_executions/{ta}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions/{e}"},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/action_executions/{ta}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{e}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/action_executions/{ta}"},
	{method: put, path: "/action_executions/{ta}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"v": 1}}},
	{method: get, path: "/tasks/{t}"},
	{method: put, path: "/executions/{e}", body: map[string]any{"state": "RUNNING"}, ignore: map[string]string{
		"state":  "the resumed workflow's last task may finish before the answer is read",
		"output": "the resumed workflow's last task may finish before the answer is read"}},
	{method: get, path: "/executions/{e}", settle: true},
	{method: get, path: "/executions/{e}/tasks?fields=name,state,published&sort_keys=name"},
	{method: get, path: "/action_executions/{ta}"},
	{method: del, path: "/executions/{e}"},
	{method: del, path: "/workflows/wrest_ta"},
}}

// wrestEventTriggersScenario: event trigger bodies and updates.
var wrestEventTriggersScenario = scenario{name: "wrest_event_triggers", steps: []step{
	{method: post, path: "/workflows?namespace=wrest_ns", body: "---\nversion: '2.0'\nwrest_etwf:\n  input:\n    - who: nobody\n  tasks:\n    t:\n      action: std.noop\n",
		save: map[string]string{"wf": "workflows.0.id"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et1", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e1", "workflow_input": map[string]any{"who": "a"}}, save: map[string]string{"et": "id"}},
	{method: post, path: "/event_triggers", body: map[string]any{"workflow_id": "{wf}", "exchange": "x", "topic": "t", "event": "e2"},
		save: map[string]string{"et2": "id"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "workflow_input": map[string]any{"bad": 1}}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "workflow_input": "[1]"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": 5, "topic": "t", "event": "e3"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "id": noID}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "created_at": "2020-01-01 00:00:00"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "updated_at": nil}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_et3", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "e3", "project_id": "p"}},
	{method: post, path: "/event_triggers", body: rawJSON("")},
	{method: post, path: "/event_triggers", body: rawJSON("{x")},
	{method: post, path: "/event_triggers", body: rawJSON("[1]"), differs: notDict500, status: http.StatusBadRequest},

	// Updates.
	{method: put, path: "/event_triggers/{et}", body: map[string]any{}},
	{method: put, path: "/event_triggers/{et}", body: rawJSON("")},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_input": map[string]any{"who": "b"}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_params": map[string]any{"env": map[string]any{"a": 2}}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_input": map[string]any{"bad": 2}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": noID}, differs: etWorkflow500, status: http.StatusNotFound},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"scope": "public"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"id": noID}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"created_at": "x"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"project_id": nil}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"exchange": "y"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"exchange": nil}, differs: etNull500, status: http.StatusBadRequest},
	{method: put, path: "/event_triggers/{et2}", body: map[string]any{"exchange": ""}},
	{method: put, path: "/event_triggers/{et2}", body: map[string]any{"name": "wrest_et2", "scope": "private"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"name": nil, "workflow_input": nil}},
	{method: get, path: "/event_triggers/{et}"},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"name": "wrest_et1"}},
	{method: get, path: "/event_triggers?sort_keys=name&fields=name,workflow_input,exchange&limit=1", save: map[string]string{"first": "event_triggers.0.id"}},
	{method: get, path: "/event_triggers?sort_keys=name&fields=name&limit=1&marker={first}"},
	{method: get, path: "/event_triggers?sort_keys=name&sort_dirs=desc&fields=name,scope"},
	{method: get, path: "/event_triggers?fields=bogus"},
	{method: get, path: "/event_triggers/not-a-uuid"},
	{method: put, path: "/event_triggers/not-a-uuid", body: map[string]any{"name": "x"}},
	{method: del, path: "/event_triggers/not-a-uuid"},

	// A workflow with an event trigger stays.
	{method: del, path: "/event_triggers/{et2}"},
	{method: del, path: "/workflows/wrest_etwf?namespace=wrest_ns"},
	{method: del, path: "/workflows/{wf}"},
	{method: del, path: "/event_triggers/{et}"},
	{method: del, path: "/workflows/wrest_etwf?namespace=wrest_ns"},

	// Members: without auth every form answers the same.
	{method: del, path: "/workflows/{wf}/members"},
	{method: get, path: "/workflows/{wf}/members?foo=1"},
	{method: post, path: "/workflows/{wf}/members", body: rawJSON("")},
	{method: get, path: "/workflows/" + noID + "/members/x"},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nwrest_mx:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: put, path: "/workflows/wrest_mx/members", body: "---\nversion: '2.0'\nwrest_mx:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: put, path: "/workflows/wrest_mx/members", body: map[string]any{"status": "accepted"}, firstPara: map[string]string{"faultstring": schemaDump}},
	{method: del, path: "/workflows/wrest_mx"},
	{method: post, path: "/workflows?namespace=wrest_ns", body: "---\nversion: '2.0'\nwrest_mx:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: put, path: "/workflows/wrest_mx/wrest_ns", body: "---\nversion: '2.0'\nwrest_mx:\n  description: by path\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: get, path: "/workflows/wrest_mx/wrest_ns", differs: "Mistral 15 fails with 500 on a GET with the namespace in the path; " +
		"we answer 405 (the path takes a PUT only)", status: http.StatusMethodNotAllowed},
	{method: get, path: "/workflows/wrest_mx?namespace=wrest_ns"},
	{method: del, path: "/workflows/wrest_mx/wrest_ns", differs: "Mistral 15 fails with 500 on a DELETE with the namespace in the path; " +
		"we answer 405 (the path takes a PUT only)", status: http.StatusMethodNotAllowed},
	{method: del, path: "/workflows/wrest_mx?namespace=wrest_ns"},
}}

// wrestBodiesScenario: attribute types WSME checks in JSON bodies, on ids
// no object has (the checks come before the lookup).
var wrestBodiesScenario = scenario{name: "wrest_bodies", steps: []step{
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": []any{1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": 5}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": true}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": ""}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": nil}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "params": []any{1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "description": 5}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "tags": "x"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "tags": []any{1}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "accepted": "yes"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": map[string]any{"output": 1}, "workflow_namespace": 5}},
	{method: post, path: "/action_executions", body: map[string]any{"name": []any{"std.echo"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": nil}},
	{method: put, path: "/action_executions/" + noID, body: map[string]any{"state": 5}},
	{method: put, path: "/action_executions/" + noID, body: map[string]any{"state": "SUCCESS", "output": []any{1}}},
	{method: put, path: "/action_executions/" + noID, body: map[string]any{"state": "SUCCESS", "output": 5}},
	{method: put, path: "/action_executions/" + noID, body: map[string]any{"state": "SUCCESS", "output": "x"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": "yes", "state": "RUNNING"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": 2, "state": "RUNNING"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": nil, "state": "RUNNING"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": 5}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING", "env": []any{1}}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING", "processed": "x"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING", "tags": "x"}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"params": []any{1}}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"params": 5}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"params": map[string]any{"env": "x"}}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"params": map[string]any{"env": []any{1}}}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"description": []any{"x"}}},
	{method: put, path: "/executions/" + noID, body: map[string]any{"state_info": 5, "state": "ERROR"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "workflow_id": 5}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "params": map[string]any{"env": []any{1}}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "source_execution_id": 5}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "id": 5}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_nope", "input": map[string]any{"a": 1}, "params": `{"env": 5}`}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": 5, "workflow_id": noID, "exchange": "x", "topic": "t", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_x", "workflow_id": 5, "exchange": "x", "topic": "t", "event": "e"},
		differs: "Mistral 15 fails with 500 ('int' object has no attribute 'startswith') on a workflow_id that is no text; we refuse it with 400",
		status:  http.StatusBadRequest},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "wrest_x", "workflow_id": noID, "exchange": "x", "topic": "t", "event": "e",
		"workflow_params": []any{1}}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"name": 5}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"workflow_input": "x"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": 5, "workflow_name": "wrest_nope", "pattern": "0 5 * * *"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "wrest_c", "workflow_name": "wrest_nope", "remaining_executions": "x"}},
	{method: post, path: "/environments", body: map[string]any{"name": 5}},
	{method: post, path: "/environments", body: map[string]any{"name": "wrest_e", "variables": []any{1}}},

	// A PUT or DELETE on a collection misses its id.
	{method: put, path: "/executions", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions?foo=1"},
	{method: del, path: "/executions"},
	{method: del, path: "/executions?force=true"},
	{method: put, path: "/tasks"},
	{method: put, path: "/action_executions"},
	{method: del, path: "/action_executions"},
	{method: put, path: "/event_triggers"},
	{method: del, path: "/event_triggers"},
	{method: post, path: "/tasks"},
	{method: del, path: "/tasks/" + noID},
	{method: post, path: "/executions/" + noID, body: map[string]any{}},
}}

// wrestTreeWorkflows: a parent whose sub-workflow runs a failing
// sub-workflow beside a good task, and a failing task of its own.
const wrestTreeWorkflows = `---
version: '2.0'
wrest_tp:
  tasks:
    a:
      workflow: wrest_tm
    b:
      action: std.fail
wrest_tm:
  tasks:
    m:
      workflow: wrest_tl
    ok:
      action: std.noop
wrest_tl:
  tasks:
    l:
      action: std.fail
`

// wrestTreesScenario: the sub-executions of an execution and of a task,
// and the report, by depth and errors only.
var wrestTreesScenario = scenario{name: "wrest_trees", steps: []step{
	{method: post, path: "/workflows", body: wrestTreeWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_tp"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions/{p}", settle: true, ignore: map[string]string{
		"state_info": "Mistral lists the failed tasks in no particular order",
		"output":     "Mistral lists the failed tasks in no particular order"}},
	{method: get, path: "/executions?workflow_name=wrest_tl", settle: true, save: map[string]string{"l": "executions.0.id"}},
	{method: get, path: "/executions/{l}", settle: true},
	{method: get, path: "/executions?workflow_name=wrest_tm", save: map[string]string{"m": "executions.0.id"}},
	{method: get, path: "/executions/{m}", settle: true},
	{method: get, path: "/executions/{p}/executions?errors_only=true&max_depth=1", ignore: map[string]string{
		"executions.0.state_info": "Mistral lists the failed tasks in no particular order"}},
	{method: get, path: "/executions/{p}/executions?max_depth=1", ignore: map[string]string{
		"executions.0.state_info": "Mistral lists the failed tasks in no particular order"}},
	{method: get, path: "/executions/{p}/executions?max_depth=2&errors_only=", ignore: map[string]string{
		"executions.0.state_info": "Mistral lists the failed tasks in no particular order"}},
	{method: get, path: "/executions/{m}/executions?errors_only=true&include_output=true"},
	{method: get, path: "/executions/{p}/tasks?name=a", save: map[string]string{"ta": "tasks.0.id"}},
	{method: get, path: "/tasks/{ta}/executions"},
	{method: get, path: "/tasks/{ta}/executions?errors_only=true&max_depth=0"},
	{method: get, path: "/tasks/{ta}/executions?max_depth=1&include_output=true"},
	{method: get, path: "/executions/{p}/tasks?name=b", save: map[string]string{"tb": "tasks.0.id"}},
	{method: get, path: "/tasks/{tb}/executions?errors_only=true"},
	{method: get, path: "/executions/{m}/report", unordered: reportLists},
	{method: get, path: "/executions/{m}/report?errors_only=true&max_depth=0", unordered: reportLists},
	{method: get, path: "/executions/{p}/report?statistics_only=true&errors_only=true"},
	{method: get, path: "/executions/{p}/report?statistics_only=true&max_depth=1"},
	{method: del, path: "/executions/{p}"},
	{method: get, path: "/executions/{l}"},
	{method: del, path: "/workflows/wrest_tp"},
	{method: del, path: "/workflows/wrest_tm"},
	{method: del, path: "/workflows/wrest_tl"},
}}

// wrestDeletesScenario: a running sub-workflow forced away takes its
// tasks and actions along and leaves its parent running; an id of a
// deleted execution can be used again.
var wrestDeletesScenario = scenario{name: "wrest_deletes", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nwrest_dp:\n  tasks:\n    call:\n      workflow: wrest_dc\n" +
		"      on-complete: after\n    after:\n      action: std.noop\nwrest_dc:\n  tasks:\n    w:\n      action: std.async_noop\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_dp"}, save: map[string]string{"p": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_dc", until: "executions.0.id", save: map[string]string{"c": "executions.0.id"}},
	{method: get, path: "/executions/{c}/tasks", until: "tasks.0.id", save: map[string]string{"ct": "tasks.0.id"}},
	{method: get, path: "/tasks/{ct}/action_executions", until: "action_executions.0.id", save: map[string]string{"ca": "action_executions.0.id"}},
	{method: del, path: "/executions/{c}"},
	{method: del, path: "/executions/{c}?force=true"},
	{method: get, path: "/executions/{c}"},
	{method: get, path: "/tasks/{ct}"},
	{method: get, path: "/action_executions/{ca}"},
	{method: get, path: "/executions/{p}"},
	{method: get, path: "/executions/{p}/tasks?fields=name,state"},
	{method: get, path: "/executions/{p}/executions"},
	{method: get, path: "/executions/{p}/report?statistics_only=true"},
	{method: put, path: "/executions/{p}", body: map[string]any{"state": "CANCELLED"}},
	{method: del, path: "/executions/{p}"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_dp", "id": "{p}"}},
	{method: get, path: "/executions?workflow_name=wrest_dc", until: "executions.0.id", save: map[string]string{"c2": "executions.0.id"}},
	{method: del, path: "/executions/{p}?force=1"},
	{method: get, path: "/executions/{c2}"},
	{method: get, path: "/executions?workflow_name=wrest_dc"},
	{method: del, path: "/workflows/wrest_dp"},
	{method: del, path: "/workflows/wrest_dc"},
}}

// wrestStopsScenario: sub-workflows stopped through the API, with and
// without a message, and what their parent tasks show.
var wrestStopsScenario = scenario{name: "wrest_stops", steps: []step{
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nwrest_stp:\n  tasks:\n    call:\n      workflow: wrest_stc\n" +
		"wrest_stc:\n  tasks:\n    w:\n      action: std.async_noop\nwrest_str:\n  tasks:\n    p1:\n      workflow: wrest_stp\n"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_stp", "description": "a"}, save: map[string]string{"pa": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_stc&root_execution_id={pa}&fields=state", until: "executions.0.id",
		save: map[string]string{"ca": "executions.0.id"}},
	{method: put, path: "/executions/{ca}", body: map[string]any{"state": "ERROR"}},
	{method: get, path: "/executions/{pa}", settle: true},
	{method: get, path: "/executions/{pa}/tasks?fields=name,state,state_info"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_stp", "description": "b"}, save: map[string]string{"pb": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_stc&root_execution_id={pb}&fields=state", until: "executions.0.id",
		save: map[string]string{"cb": "executions.0.id"}},
	{method: put, path: "/executions/{cb}", body: map[string]any{"state": "CANCELLED"}},
	{method: get, path: "/executions/{pb}", settle: true},
	{method: get, path: "/executions/{pb}/tasks?fields=name,state,state_info"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_stp", "description": "c"}, save: map[string]string{"pc": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_stc&root_execution_id={pc}&fields=state", until: "executions.0.id",
		save: map[string]string{"cc": "executions.0.id"}},
	{method: put, path: "/executions/{cc}", body: map[string]any{"state": "CANCELLED", "state_info": "stop it"}},
	{method: get, path: "/executions/{pc}", settle: true},
	{method: get, path: "/executions/{pc}/tasks?fields=name,state,state_info"},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_str"}, save: map[string]string{"r": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_stc&root_execution_id={r}&fields=state", until: "executions.0.id",
		save: map[string]string{"g": "executions.0.id"}},
	{method: get, path: "/executions?workflow_name=wrest_stp&root_execution_id={r}&fields=state", save: map[string]string{"s": "executions.0.id"}},
	{method: put, path: "/executions/{r}", body: map[string]any{"state": "CANCELLED"}},
	{method: get, path: "/executions/{r}/tasks?fields=name,state,state_info,processed,finished_at", until: "tasks.0.finished_at"},
	{method: get, path: "/executions/{s}/tasks?fields=name,state,state_info,processed,finished_at", until: "tasks.0.finished_at"},
	{method: get, path: "/executions/{g}/tasks?fields=name,state,state_info,processed"},
	{method: get, path: "/executions/{s}"},
	{method: get, path: "/executions/{g}"},

	// A paused tree resumed from its sub-workflow, then completed by the
	// result of the sub-workflow's action.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "wrest_stp", "description": "d"}, save: map[string]string{"pd": "id"}},
	{method: get, path: "/executions?workflow_name=wrest_stc&root_execution_id={pd}&fields=state", until: "executions.0.id",
		save: map[string]string{"cd": "executions.0.id"}},
	{method: get, path: "/executions/{cd}/tasks", until: "tasks.0.id", save: map[string]string{"td": "tasks.0.id"}},
	{method: get, path: "/tasks/{td}/action_executions", until: "action_executions.0.id", save: map[string]string{"ad": "action_executions.0.id"}},
	{method: put, path: "/executions/{pd}", body: map[string]any{"state": "PAUSED"}},
	{method: get, path: "/executions/{cd}"},
	{method: get, path: "/executions/{pd}/tasks?fields=name,state"},
	{method: get, path: "/executions/{cd}/tasks?fields=name,state"},
	{method: put, path: "/executions/{cd}", body: map[string]any{"state": "RUNNING"}},
	{method: get, path: "/executions/{pd}"},
	{method: get, path: "/executions/{pd}/tasks?fields=name,state"},
	{method: put, path: "/action_executions/{ad}", body: map[string]any{"state": "SUCCESS", "output": map[string]any{"x": 1}}},
	{method: get, path: "/executions/{cd}", settle: true},
	{method: get, path: "/executions/{pd}", settle: true},
	{method: get, path: "/executions/{pd}/tasks?fields=name,state,published"},

	{method: del, path: "/executions/{pa}?force=true"},
	{method: del, path: "/executions/{pb}?force=true"},
	{method: del, path: "/executions/{pc}?force=true"},
	{method: del, path: "/executions/{pd}?force=true"},
	{method: del, path: "/executions/{r}?force=true"},
	{method: del, path: "/workflows/wrest_str"},
	{method: del, path: "/workflows/wrest_stp"},
	{method: del, path: "/workflows/wrest_stc"},
}}

var wrestScenarios = []scenario{wrestBodiesScenario, wrestTreesScenario, wrestDeletesScenario, wrestStopsScenario, wrestExecutionsScenario, wrestExecutionUpdatesScenario, wrestTasksScenario,
	wrestActionExecutionsScenario, wrestEventTriggersScenario}
