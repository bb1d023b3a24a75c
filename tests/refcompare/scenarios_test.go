package refcompare

import "net/http"

const (
	get  = http.MethodGet
	post = http.MethodPost
	put  = http.MethodPut
	del  = http.MethodDelete
)

// Why some error texts are not compared in full.
const (
	schemaDump = "Mistral appends jsonschema's dump of the failing schema; we give its first line"
	yamlSyntax = "a YAML syntax error is worded by yaml.v3, not PyYAML (engine/pyyaml: known difference)"
)

// A UUID no object has.
const noID = "00000000-0000-4000-8000-000000000000"

// adhocActions are stand-alone ad-hoc actions: a greeting with a default
// and an output transformation, one built on it, one on an asynchronous
// action and one on an action that fails.
const adhocActions = `---
version: '2.0'

rf_greet:
  description: Greets someone.
  tags: [refcompare, greet]
  base: std.echo
  base-input:
    output: "<% $.greeting %>, <% $.name %>"
  input:
    - name
    - greeting: Hello
  output:
    said: <% $ %>
    length: <% $.len() %>

rf_loud:
  base: rf_greet
  base-input:
    name: <% $.who %>!
    greeting: HEY
  input:
    - who
  output: <% $.said %>

rf_later:
  base: std.async_noop
  output:
    wrapped: <% $ %>

rf_broken:
  base: std.fail
  base-input:
    error_data: <% $.why %>
  input:
    - why
`

// adhocNamespaced is rf_greet again, differently, in namespace rf_ns.
const adhocNamespaced = `---
version: '2.0'

rf_greet:
  base: std.echo
  base-input:
    output: "namespaced <% $.name %>"
  input:
    - name
`

// adhocUpdated changes rf_greet's description and tags.
const adhocUpdated = `---
version: '2.0'

rf_greet:
  description: Greets someone, updated.
  tags: [updated]
  base: std.echo
  base-input:
    output: "<% $.greeting %>, <% $.name %>"
  input:
    - name
    - greeting: Hello
  output:
    said: <% $ %>
    length: <% $.len() %>
`

// workbookActions holds an ad-hoc action of a workbook.
const workbookActions = `---
version: '2.0'
name: rf_wb
actions:
  shout:
    base: std.echo
    base-input:
      output: <% $.text %>!
    input:
      - text
    output: <% $.toUpper() %>
workflows:
  main:
    tasks:
      say:
        action: shout text="hey"
`

var actionsScenario = scenario{name: "actions", steps: []step{
	// System actions: the list, its forms, one by one.
	{method: get, path: "/actions"},
	{method: get, path: "/actions?limit=3"},
	{method: get, path: "/actions?limit=2&marker=std.fail"},
	{method: get, path: "/actions?sort_keys=name&sort_dirs=desc"},
	{method: get, path: "/actions?fields=name,input"},
	{method: get, path: "/actions?name=std.echo"},
	{method: get, path: "/actions/std.echo"},
	{method: get, path: "/actions/std.echo/"},
	{method: get, path: "/actions/std.http"},
	{method: get, path: "/actions/std.mistral_http"},
	{method: get, path: "/actions/std.email"},
	{method: get, path: "/actions/std.ssh"},
	{method: get, path: "/actions/std.js"},
	{method: get, path: "/actions/std.wait_ssh"},
	{method: get, path: "/actions/std.test_dict"},
	{method: get, path: "/actions/rf_nope"},
	{method: get, path: "/actions/rf_nope/rf_ns"},

	// Ad-hoc actions: create, read in every path form, update, delete.
	{method: post, path: "/actions", body: adhocActions, save: map[string]string{
		"greet": "actions.0.id", "loud": "actions.1.id", "later": "actions.2.id", "broken": "actions.3.id"}},
	{method: post, path: "/actions", body: adhocActions},
	{method: post, path: "/actions?namespace=rf_ns", body: adhocNamespaced, save: map[string]string{"greet_ns": "actions.0.id"}},
	{method: get, path: "/actions/rf_greet"},
	{method: get, path: "/actions/{greet}"},
	{method: get, path: "/actions/rf_greet/rf_ns"},
	{method: get, path: "/actions/rf_greet?namespace=rf_ns"},
	{method: get, path: "/actions/rf_loud/rf_ns"},
	{method: get, path: "/actions?name=rf_greet"},
	{method: get, path: "/actions?namespace=rf_ns"},
	{method: get, path: "/actions?is_system=false&sort_keys=name&limit=3&marker=rf_broken", differs: "Mistral 15 fails with 500 on the is_system filter (its dynamic actions have no such column; " +
		"REST.md §1.7: filters on missing columns give 500); we refuse the filter (400)", status: http.StatusBadRequest},
	{method: put, path: "/actions", body: adhocUpdated},
	{method: put, path: "/actions/rf_greet", body: adhocUpdated},
	{method: put, path: "/actions?namespace=rf_ns", body: adhocNamespaced},
	{method: put, path: "/actions", body: "---\nversion: '2.0'\nrf_missing:\n  base: std.noop\n"},
	{method: get, path: "/actions/rf_greet"},
	{method: post, path: "/actions?scope=public", body: adhocNamespaced},
	{method: post, path: "/actions?scope=everyone", body: adhocNamespaced, pySets: []string{"faultstring"}},
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nrf_bad:\n  base: [1\n", differs: yamlSyntax, status: http.StatusBadRequest},
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nrf_bad:\n  input: [a]\n", firstPara: map[string]string{"faultstring": schemaDump}},
	{method: post, path: "/actions", body: "rf_bad: {base: std.noop}\n", firstPara: map[string]string{"faultstring": schemaDump}},

	// Validation.
	{method: post, path: "/actions/validate", body: adhocActions},
	{method: post, path: "/actions/validate", body: "---\nversion: '2.0'\nrf_bad:\n  input: [a]\n", firstPara: map[string]string{"error": schemaDump}},
	{method: post, path: "/actions/validate", body: "---\nversion: '2.0'\nrf_bad:\n  base: [1\n", differs: yamlSyntax, status: http.StatusOK},
	{method: post, path: "/actions/validate", body: "", firstPara: map[string]string{"error": schemaDump}},

	// Deletes.
	{method: del, path: "/actions/std.echo"},
	{method: del, path: "/actions/rf_greet/rf_ns"},
	{method: del, path: "/actions/rf_greet?namespace=rf_ns"},
	{method: del, path: "/actions/rf_loud"},
	{method: del, path: "/actions/{later}"},
	{method: del, path: "/actions/rf_later"},
	{method: get, path: "/actions?is_system=false", differs: "Mistral 15 fails with 500 on the is_system filter (its dynamic actions have no such column; " +
		"REST.md §1.7: filters on missing columns give 500); we refuse the filter (400)", status: http.StatusBadRequest},
	{method: del, path: "/actions/rf_greet"},
	{method: del, path: "/actions/rf_broken"},
}}

// adhocWorkflow runs ad-hoc actions from tasks.
const adhocWorkflow = `---
version: '2.0'
rf_uses_adhoc:
  tasks:
    greet:
      action: rf_greet name="Zed"
      publish:
        said: <% task().result %>
    loud:
      action: rf_loud who="Yan"
  output:
    said: <% $.said %>
`

var runActionScenario = scenario{name: "run_action", steps: []step{
	{method: post, path: "/actions", body: adhocActions},
	{method: post, path: "/actions?namespace=rf_ns", body: adhocNamespaced},
	{method: post, path: "/workbooks", body: workbookActions},

	// Synchronous, not saved (the default).
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": map[string]any{"name": "Ann"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": `{"name": "Bob", "greeting": "Hi"}`}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_loud", "input": map[string]any{"who": "Cy"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": map[string]any{"name": "Di"},
		"workflow_namespace": "rf_ns"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_loud", "input": map[string]any{"who": "Ed"},
		"workflow_namespace": "rf_ns"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_wb.shout", "input": map[string]any{"text": "wb"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_broken", "input": map[string]any{"why": "no reason"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "description": "described",
		"input": map[string]any{"name": "Fay"}, "params": map[string]any{"run_sync": true}}},

	// Input checks and unknown actions.
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": map[string]any{"name": "x", "age": 3}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_loud", "input": map[string]any{"name": "x"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_nope", "input": map[string]any{}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_nope", "workflow_namespace": "rf_ns"}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "shout", "input": map[string]any{"text": "x"}}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_later", "params": map[string]any{"run_sync": true}}},

	// Saved, synchronous.
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": map[string]any{"name": "Gus"},
		"params": map[string]any{"run_sync": true, "save_result": true}}, save: map[string]string{"sync_saved": "id"}},
	{method: get, path: "/action_executions/{sync_saved}"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_broken", "input": map[string]any{"why": "saved"},
		"params": map[string]any{"run_sync": true, "save_result": true}}, save: map[string]string{"sync_failed": "id"}},
	{method: get, path: "/action_executions/{sync_failed}"},

	// Saved, asynchronous: scheduled, then settled.
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_loud", "input": map[string]any{"who": "Hal"},
		"description": "scheduled", "params": map[string]any{"save_result": true}}, save: map[string]string{"async_saved": "id"}},
	{method: get, path: "/action_executions/{async_saved}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_greet", "input": map[string]any{"name": "Ida"},
		"workflow_namespace": "rf_ns", "params": map[string]any{"save_result": true}}, save: map[string]string{"async_ns": "id"}},
	{method: get, path: "/action_executions/{async_ns}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_wb.shout", "input": map[string]any{"text": "saved"},
		"params": map[string]any{"save_result": true}}, save: map[string]string{"async_wb": "id"}},
	{method: get, path: "/action_executions/{async_wb}", settle: true},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_broken", "input": map[string]any{"why": "async"},
		"params": map[string]any{"save_result": true}}, save: map[string]string{"async_failed": "id"}},
	{method: get, path: "/action_executions/{async_failed}", settle: true},

	// An asynchronous base action waits for its result through PUT; the
	// output transformation applies to it.
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_later"}, save: map[string]string{"later": "id"}},
	{method: get, path: "/action_executions/{later}"},
	{method: put, path: "/action_executions/{later}", body: map[string]any{"state": "SUCCESS", "output": `{"done": 1}`}},
	{method: get, path: "/action_executions/{later}"},
	{method: post, path: "/action_executions", body: map[string]any{"name": "rf_later", "params": map[string]any{"save_result": false}},
		save: map[string]string{"later_failed": "id"}},
	{method: put, path: "/action_executions/{later_failed}", body: map[string]any{"state": "ERROR", "output": `"it broke"`}},
	{method: get, path: "/action_executions/{later_failed}"},

	// A workflow task runs an ad-hoc action with a default, and one built
	// on another: the action executions as Mistral stores them.
	{method: post, path: "/workflows", body: adhocWorkflow},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "rf_uses_adhoc"}, save: map[string]string{"ex": "id"}},
	{method: get, path: "/executions/{ex}", settle: true},
	{method: get, path: "/executions/{ex}/tasks?sort_keys=name", save: map[string]string{"greet_task": "tasks.0.id", "loud_task": "tasks.1.id"}},
	{method: get, path: "/tasks/{greet_task}/action_executions?include_output=true"},
	{method: get, path: "/tasks/{loud_task}/action_executions?include_output=true"},
	{method: del, path: "/executions/{ex}"},
	{method: del, path: "/workflows/rf_uses_adhoc"},

	// Cleanup.
	{method: del, path: "/workbooks/rf_wb"},
	{method: del, path: "/workflows/rf_wb.main"},
	{method: del, path: "/actions/rf_wb.shout"},
	{method: del, path: "/actions/rf_greet/rf_ns"},
	{method: del, path: "/actions/rf_greet"},
	{method: del, path: "/actions/rf_loud"},
	{method: del, path: "/actions/rf_later"},
	{method: del, path: "/actions/rf_broken"},
}}

// triggerWorkflow is the workflow the event triggers start.
const triggerWorkflow = `---
version: '2.0'
rf_triggered:
  input:
    - who: nobody
  tasks:
    t:
      action: std.noop
`

var eventTriggersScenario = scenario{name: "event_triggers", steps: []step{
	{method: post, path: "/workflows", body: triggerWorkflow, save: map[string]string{"wf": "workflows.0.id"}},
	{method: get, path: "/event_triggers"},
	{method: post, path: "/event_triggers", body: map[string]any{
		"name": "rf_trigger", "workflow_id": "{wf}", "exchange": "openstack", "topic": "notifications",
		"event": "compute.instance.create.end", "workflow_input": map[string]any{"who": "nova"},
		"workflow_params": `{"env": {"k": "v"}}`}, save: map[string]string{"et": "id"}},
	{method: post, path: "/event_triggers", body: map[string]any{
		"name": "rf_trigger2", "workflow_id": "{wf}", "exchange": "openstack", "topic": "notifications",
		"event": "compute.instance.delete.end"}, save: map[string]string{"et2": "id"}},
	{method: post, path: "/event_triggers", body: map[string]any{
		"name": "rf_trigger", "workflow_id": "{wf}", "exchange": "openstack", "topic": "notifications",
		"event": "compute.instance.create.end"}},
	{method: post, path: "/event_triggers", body: map[string]any{
		"name": "rf_nowf", "workflow_id": noID, "exchange": "openstack", "topic": "notifications", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "rf_partial", "workflow_id": "{wf}", "topic": "t", "event": "e"},
		pySets: []string{"faultstring"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "rf_partial", "workflow_id": "{wf}", "exchange": "x"},
		pySets: []string{"faultstring"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "rf_bad", "workflow_id": "not-a-uuid",
		"exchange": "x", "topic": "t", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "rf_public", "workflow_id": "{wf}",
		"exchange": "x", "topic": "t", "event": "e", "scope": "public"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "rf_extra", "workflow_id": "{wf}",
		"exchange": "x", "topic": "t", "event": "e", "colour": "red"}},
	{method: get, path: "/event_triggers?sort_keys=name"},
	{method: get, path: "/event_triggers?fields=name,event&sort_keys=name"},
	{method: get, path: "/event_triggers?limit=1&sort_keys=name"},
	{method: get, path: "/event_triggers?name=rf_trigger2", differs: "Mistral 15 fails with 500 on any filter of the event trigger list " +
		"(REST.md §11); we refuse it as an unknown argument", status: http.StatusBadRequest},
	{method: get, path: "/event_triggers?workflow_id={wf}&sort_keys=name", differs: "Mistral 15 fails with 500 on any filter of the event trigger list " +
		"(REST.md §11); we refuse it as an unknown argument", status: http.StatusBadRequest},
	{method: get, path: "/event_triggers/{et}"},
	{method: get, path: "/event_triggers/" + noID},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"name": "rf_renamed", "workflow_input": map[string]any{"who": "glance"}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"exchange": "other"}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"name": "x"}},
	{method: get, path: "/event_triggers/{et}"},
	{method: del, path: "/event_triggers/{et}"},
	{method: del, path: "/event_triggers/{et}"},
	{method: get, path: "/event_triggers/{et}"},
	{method: del, path: "/event_triggers/{et2}"},
	{method: get, path: "/event_triggers"},
	{method: del, path: "/workflows/rf_triggered"},
}}

// The resources that need authentication or an admin with auth off, and
// the service list.
var authOffScenario = scenario{name: "auth_off", steps: []step{
	{method: post, path: "/workflows", body: triggerWorkflow, save: map[string]string{"wf": "workflows.0.id"}},
	{method: get, path: "/workflows/{wf}/members"},
	{method: get, path: "/workflows/{wf}/members/other"},
	{method: post, path: "/workflows/{wf}/members", body: map[string]any{"member_id": "other"}},
	{method: put, path: "/workflows/{wf}/members/other", body: map[string]any{"status": "accepted"}},
	{method: del, path: "/workflows/{wf}/members/other"},
	{method: get, path: "/workflows/rf_triggered/members", differs: "a workflow id that is not a UUID makes Mistral 15 fail with 500 " +
		"(REST.md §13); we answer as for any workflow id with auth off", status: http.StatusBadRequest},
	{method: get, path: "/code_sources"},
	{method: get, path: "/code_sources/rf_code"},
	{method: post, path: "/code_sources?name=rf_code", body: "def f():\n    return 1\n"},
	{method: put, path: "/code_sources?identifier=rf_code", body: "def f():\n    return 2\n"},
	{method: del, path: "/code_sources/rf_code"},
	{method: get, path: "/dynamic_actions"},
	{method: get, path: "/dynamic_actions/rf_dyn"},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": "rf_dyn", "class_name": "C", "code_source_name": "rf_code"}},
	{method: put, path: "/dynamic_actions", body: map[string]any{"name": "rf_dyn", "class_name": "D"}},
	{method: del, path: "/dynamic_actions/rf_dyn"},
	{method: get, path: "/services", differs: "Mistral 15 lists services only with a tooz coordination backend (406 without); " +
		"our processes always register in the database, so the list is always there", status: http.StatusOK},
	{method: del, path: "/workflows/rf_triggered"},
}}

// reportWorkflows: a parent that publishes to the branch and globally,
// runs a sub-workflow and a failing task it handles, and the sub-workflow.
// Global publishes read the input and the context; one reads task(),
// which Mistral 15's API cannot evaluate again (see reportScenario).
const reportWorkflows = `---
version: '2.0'

rf_parent:
  input:
    - who: world
  tasks:
    first:
      action: std.echo output="one"
      on-success:
        publish:
          branch:
            local_value: <% task().result %>
          global:
            shared: <% $.who %>-global
            nested: {a: [1, 2], b: null}
        next: [sub, failing, taskres]
    sub:
      workflow: rf_child
      input:
        depth: 1
    failing:
      action: std.fail error_data="bad"
      on-error:
        publish:
          global:
            failure: seen
        next: recover
    recover:
      action: std.noop
      publish:
        recovered: true
    taskres:
      action: std.echo output="res"
      on-complete:
        publish:
          global:
            from_task: <% task().result %>
  output:
    local: <% $.local_value %>

rf_child:
  input:
    - depth
  tasks:
    inner:
      action: std.echo output=<% $.depth %>
      on-complete:
        publish:
          global:
            child_global: <% $.depth %>
          branch:
            inner_value: <% task().result %>
`

// reportLists are the lists of a report, in database order in Mistral.
var reportLists = []string{"task_executions", "action_executions", "workflow_executions"}

var reportScenario = scenario{name: "report", steps: []step{
	{method: post, path: "/workflows", body: reportWorkflows},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "rf_parent"}, save: map[string]string{"ex": "id"}},
	{method: get, path: "/executions/{ex}", settle: true, ignore: map[string]string{"published_global": "Mistral 15's engine " +
		"loses the on-error global publish of a task (merged in place into a JSON column SQLAlchemy does not see " +
		"change), yet its API shows it as the task's published_global; we keep it"}},
	{method: get, path: "/executions/{ex}/tasks?sort_keys=name", save: map[string]string{
		"failing": "tasks.0.id", "first": "tasks.1.id", "recover": "tasks.2.id", "sub": "tasks.3.id", "taskres": "tasks.4.id"}},
	{method: get, path: "/tasks/{first}"},
	{method: get, path: "/tasks/{failing}"},
	{method: get, path: "/tasks/{recover}"},
	{method: get, path: "/tasks/{sub}"},
	{method: get, path: "/tasks/{taskres}", differs: "Mistral 15's API evaluates a global publish again to show it, and " +
		"task() fails there (its task row is detached from the DB session: 400 'Can not evaluate YAQL expression'); " +
		"we evaluate it", status: http.StatusOK},
	{method: get, path: "/executions?workflow_name=rf_child", save: map[string]string{"child": "executions.0.id"}},
	{method: get, path: "/executions/{child}"},
	{method: get, path: "/executions/{child}/tasks", save: map[string]string{"inner": "tasks.0.id"}},
	{method: get, path: "/tasks/{inner}"},
	{method: get, path: "/tasks/{inner}?fields=published_global"},
	{method: get, path: "/executions/{ex}/report", unordered: reportLists},
	{method: get, path: "/executions/{ex}/report?errors_only=true", unordered: reportLists},
	{method: get, path: "/executions/{ex}/report?max_depth=0", unordered: reportLists},
	{method: get, path: "/executions/{ex}/report?statistics_only=true"},
	{method: get, path: "/executions/{child}/report", unordered: reportLists},
	{method: get, path: "/executions/" + noID + "/report"},
	{method: del, path: "/executions/{ex}"},
	{method: del, path: "/workflows/rf_child"},
	{method: del, path: "/workflows/rf_parent"},
}}

// errorsScenario: the error bodies of each resource.
var errorsScenario = scenario{name: "errors", steps: []step{
	{method: get, path: "/workflows/rf_nope"},
	{method: get, path: "/workflows/" + noID},
	{method: get, path: "/workbooks/rf_nope"},
	{method: get, path: "/executions/" + noID},
	{method: get, path: "/tasks/" + noID},
	{method: get, path: "/action_executions/" + noID},
	{method: get, path: "/cron_triggers/rf_nope"},
	{method: get, path: "/environments/rf_nope"},
	{method: get, path: "/executions?marker=" + noID},
	{method: get, path: "/executions?limit=0"},
	{method: get, path: "/executions?limit=abc"},
	{method: get, path: "/executions?marker=abc"},
	{method: del, path: "/workflows/rf_nope"},
	{method: del, path: "/workbooks/rf_nope"},
	{method: del, path: "/executions/" + noID},
	{method: del, path: "/cron_triggers/rf_nope"},
	{method: del, path: "/environments/rf_nope"},
	{method: del, path: "/action_executions/" + noID},
	{method: put, path: "/executions/" + noID, body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/tasks/" + noID, body: map[string]any{"reset": true, "state": "RUNNING"}},
	{method: put, path: "/action_executions/" + noID, body: map[string]any{"state": "SUCCESS", "output": "{}"}},
	{method: put, path: "/environments", body: map[string]any{"name": "rf_nope", "variables": map[string]any{}}},
	{method: post, path: "/executions", body: map[string]any{}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "rf_nope"}},
	{method: post, path: "/executions", body: rawJSON(`{"workflow_name": `)},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "x", "colour": "red"}},
	{method: post, path: "/executions", body: "workflow_name: x"},
	{method: post, path: "/action_executions", body: map[string]any{}},
	{method: post, path: "/action_executions", body: map[string]any{"name": "std.echo", "input": "[1]"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "rf_cron", "workflow_name": "rf_nope", "pattern": "* * * * *"}},
	{method: post, path: "/environments", body: map[string]any{"name": "rf_env", "variables": `{"a": 1}`}},
	{method: post, path: "/environments", body: map[string]any{"name": "rf_env", "variables": `{"a": 1}`}},
	{method: del, path: "/environments/rf_env"},
	{method: post, path: "/workflows", body: triggerWorkflow},
	{method: post, path: "/workflows", body: triggerWorkflow},
	{method: post, path: "/workflows", body: "---\nversion: '2.0'\nrf_broken:\n  tasks: 1\n", firstPara: map[string]string{"faultstring": schemaDump}},
	{method: post, path: "/workflows", body: "not: [yaml", differs: yamlSyntax, status: http.StatusBadRequest},
	{method: put, path: "/workflows", body: "---\nversion: '2.0'\nrf_other:\n  tasks:\n    t:\n      action: std.noop\n"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "rf_cron", "workflow_name": "rf_triggered", "pattern": "bad"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "rf_cron", "workflow_name": "rf_triggered",
		"pattern": "0 5 * * *", "first_execution_time": "2099-01-01 00:00"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "rf_cron", "workflow_name": "rf_triggered",
		"pattern": "0 5 * * *", "first_execution_time": "2099-01-01 00:00"}},
	{method: del, path: "/cron_triggers/rf_cron"},
	{method: post, path: "/workbooks", body: workbookActions},
	{method: post, path: "/workbooks", body: workbookActions},
	{method: del, path: "/workbooks/rf_wb"},
	{method: get, path: "/workflows/rf_wb.main"},
	{method: get, path: "/actions/rf_wb.shout"},
	{method: del, path: "/workflows/rf_wb.main"},
	{method: del, path: "/actions/rf_wb.shout"},
	{method: del, path: "/workflows/rf_triggered"},
}}

// resourceWorkflow is the workflow the cron triggers of resourcesScenario
// name.
const resourceWorkflow = `---
version: '2.0'
zres_cwf:
  input:
    - who: nobody
  tasks:
    t:
      action: std.noop
`

// resourcesScenario: query arguments the single-object endpoints refuse,
// null attributes of environments, Python's strptime on cron trigger
// times, and how an action PUT answers and moves an action between
// namespaces.
var resourcesScenario = scenario{name: "zres_resources", steps: []step{
	// WSME endpoints refuse arguments they do not take.
	{method: get, path: "/environments/zres_nope?fields=name"},
	{method: del, path: "/environments/zres_nope?foo=1"},
	{method: post, path: "/environments?foo=1", body: map[string]any{"name": "zres_env"}},
	{method: get, path: "/cron_triggers/zres_nope?fields=name"},
	{method: get, path: "/event_triggers/" + noID + "?fields=name"},
	{method: get, path: "/action_executions/" + noID + "?fields=name"},
	{method: get, path: "/workflows/zres_nope?namespace=x&foo=1"},
	{method: get, path: "/workbooks/zres_nope?fields=name"},
	{method: get, path: "/actions/std.echo?fields=name"},
	{method: del, path: "/actions/zres_nope?foo=1"},

	// Environments: absent attributes stay unset, null ones become null.
	{method: post, path: "/environments", body: map[string]any{"name": "zres_env"}, save: map[string]string{"env": "id"}},
	{method: get, path: "/environments/zres_env"},
	{method: post, path: "/environments", body: map[string]any{"name": "zres_env2", "description": nil, "variables": nil}},
	{method: put, path: "/environments", body: map[string]any{"name": "zres_env", "description": "d", "variables": map[string]any{"a": 1}}},
	{method: put, path: "/environments", body: map[string]any{"name": "zres_env", "description": nil}},
	{method: put, path: "/environments", body: map[string]any{"name": "zres_env", "variables": nil}},
	{method: get, path: "/environments/zres_env"},
	// Mistral 15 looks the marker up as an environment name: no page
	// after the first is ever found (404), and ours does the same.
	{method: get, path: "/environments?name=in:zres_env,zres_env2&sort_keys=name&limit=1&marker={env}"},
	{method: del, path: "/environments/zres_env"},
	{method: del, path: "/environments/zres_env2"},

	// Cron trigger times as Python's strptime reads them.
	{method: post, path: "/workflows", body: resourceWorkflow},
	{method: get, path: "/workflows?name=zres_cwf&fields=input,name&limit=1"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "zres_cron", "workflow_name": "zres_cwf",
		"pattern": "0 5 * * *", "first_execution_time": "2099-01-01 10:00:30"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "zres_cron", "workflow_name": "zres_cwf",
		"first_execution_time": "2099-02-30 10:00"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "zres_cron", "workflow_name": "zres_cwf",
		"first_execution_time": "2099-1-2 3:4"}},
	{method: get, path: "/cron_triggers/zres_cron"},
	{method: get, path: "/cron_triggers?name=zres_cron&remaining_executions=1&fields=name"},
	{method: get, path: "/cron_triggers?name=zres_cron&remaining_executions=gt:0"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "zres_cron2", "pattern": "0 5 * * *"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"workflow_name": "zres_cwf", "pattern": "0 5 * * *"},
		differs: "Mistral 15 fails with 500 (KeyError 'name') on a cron trigger without a name; we refuse it", status: http.StatusBadRequest},
	{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: zres_wb1\n", save: map[string]string{"wb1": "id"}},
	{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: zres_wb2\n"},
	{method: get, path: "/workbooks?name=in:zres_wb1,zres_wb2&sort_keys=name&limit=1&marker={wb1}", differs: "Mistral 15 " +
		"fails with 500 on any workbook list marker (get_workbook() lacks its namespace argument); we refuse it (400)", status: http.StatusBadRequest},
	{method: del, path: "/workbooks/zres_wb1"},
	{method: del, path: "/workbooks/zres_wb2"},
	{method: del, path: "/cron_triggers/zres_cron"},
	{method: del, path: "/workflows/zres_cwf"},

	// Actions: the list ignores fields and prints in lists in Python's
	// repr; a PUT answers null inputs; a PUT into a namespace without the
	// action moves the default namespace's one there.
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nzres_a1:\n  base: std.noop\nzres_a2:\n  base: std.noop\n"},
	{method: get, path: "/actions?name=in:zres_a1,zres_a2&fields=colour"},
	{method: get, path: "/actions?name=in:zres_a1,zres_a2&limit=1&fields=name"},
	{method: get, path: "/actions?name=in:zres_a1,zres_a2&marker=zres_a2"},
	{method: get, path: "/actions?name=neq:zres_a1&name=zres_a2"},
	{method: put, path: "/actions", body: "---\nversion: '2.0'\nzres_a1:\n  base: std.noop\n  description: changed\n"},
	{method: put, path: "/actions?namespace=zres_ns", body: "---\nversion: '2.0'\nzres_a1:\n  base: std.echo\n  input: [output]\n"},
	{method: get, path: "/actions/zres_a1"},
	{method: get, path: "/actions/zres_a1/zres_ns"},
	{method: put, path: "/actions/zres_a2", body: "---\nversion: '2.0'\nzres_a3:\n  base: std.noop\n"},
	{method: get, path: "/actions/zres_a3"},
	{method: post, path: "/actions", body: "---\nversion: '2.0'\nzres_a1:\n  base: std.noop\n"},
	{method: put, path: "/actions/zres_a3", body: "---\nversion: '2.0'\nzres_a1:\n  base: std.noop\n",
		differs: "Mistral 15 fails with 500 on renaming an action onto a name taken in the namespace; we answer 409 Duplicate entry", status: http.StatusConflict},
	{method: del, path: "/actions/zres_a2"},
	{method: del, path: "/actions/zres_a3"},
	{method: del, path: "/actions/zres_a1"},
	{method: del, path: "/actions/zres_a1/zres_ns"},
}}

var scenarios = append([]scenario{actionsScenario, runActionScenario, eventTriggersScenario, authOffScenario, reportScenario, errorsScenario,
	resourcesScenario, vjoinTriggeredByScenario, vjoinRerunScenario, vjoinPauseScenario}, wrestScenarios...)
