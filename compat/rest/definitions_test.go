package rest_test

import (
	"strings"
	"testing"
	"time"
)

const workbook = `version: '2.0'
name: wb1
tags: [books]
actions:
  greet:
    base: std.echo
    base-input:
      output: "Hi <% $.who %>"
    input: [who]
workflows:
  main:
    tasks:
      t1:
        action: std.noop
`

const adHocActions = `version: '2.0'
my_echo:
  description: Echoes x.
  tags: [mine]
  base: std.echo
  base-input:
    output: <% $.x %>
  input:
    - x
`

func TestWorkbooks(t *testing.T) {
	a := newTestAPI(t)
	wb := a.postText("/v2/workbooks?scope=private", workbook).expect(t, 201).obj(t)
	if wb.Value("name") != "wb1" || wb.Value("definition") != workbook {
		t.Fatalf("POST workbook: %v", wb)
	}
	runCalls(t, a, []call{
		{name: "get", path: "/v2/workbooks/wb1", status: 200, contains: []string{`"tags": ["books"]`},
			has: []string{"id", "name", "namespace", "definition", "tags", "scope", "project_id", "created_at", "updated_at"}},
		{name: "its workflow", path: "/v2/workflows/wb1.main", status: 200, contains: []string{`"name": "wb1.main"`}},
		{name: "its action", path: "/v2/actions/wb1.greet", status: 200, contains: []string{`"input": "who"`}},
		{name: "list", path: "/v2/workbooks?name=wb1&fields=name", status: 200, contains: []string{`"name": "wb1"`}},
		{name: "get unknown", path: "/v2/workbooks/nope", status: 404, contains: []string{"Workbook not found [name=nope, namespace=]"}},
		{name: "duplicate", method: "POST", path: "/v2/workbooks", contentType: "text/plain", body: workbook, status: 409},
		{name: "validate", method: "POST", path: "/v2/workbooks/validate", contentType: "text/plain", body: workbook, status: 200,
			contains: []string{`{"valid": true}`}},
		{name: "validate bad", method: "POST", path: "/v2/workbooks/validate", contentType: "text/plain", body: "version: '2.0'\n", status: 200,
			contains: []string{`"valid": false`}},
		// Unchanged, the workbook is not written: updated_at stays null, as
		// in Mistral.
		{name: "update", method: "PUT", path: "/v2/workbooks", contentType: "text/plain", body: workbook, status: 200,
			contains: []string{`"updated_at": null`}},
		{name: "update changed", method: "PUT", path: "/v2/workbooks", contentType: "text/plain", body: workbook + "\n# changed\n", status: 200,
			contains: []string{`"updated_at": "`}},
		{name: "delete", method: "DELETE", path: "/v2/workbooks/wb1", status: 204},
		// Mistral 15 leaves a deleted workbook's workflows and actions.
		{name: "workflow stays", path: "/v2/workflows/wb1.main", status: 200},
		{name: "action stays", path: "/v2/actions/wb1.greet", status: 200},
	})
	a.postText("/v2/workbooks", workbook).expect(t, 201)
	id := a.postJSON("/v2/executions", `{"workflow_name": "wb1.main"}`).expect(t, 201).obj(t).Value("id").(string)
	if got := a.waitExecution(id); got.Value("state") != "SUCCESS" {
		t.Fatalf("workbook execution: %v", got)
	}
}

func TestActions(t *testing.T) {
	a := newTestAPI(t)
	created := a.postText("/v2/actions", adHocActions).expect(t, 201).list(t, "actions")
	if len(created) != 1 || created[0].Value("input") != "x" || created[0].Value("description") != "Echoes x." {
		t.Fatalf("POST actions: %v", created)
	}
	id := created[0].Value("id").(string)
	runCalls(t, a, []call{
		{name: "system action", path: "/v2/actions/std.echo/", status: 200,
			contains: []string{`"id": "std.echo"`, `"is_system": false`, `"input": "output, delay=0"`, `"tags": null`, `"created_at": ""`}},
		{name: "ad-hoc by name", path: "/v2/actions/my_echo", status: 200, contains: []string{`"tags": ["mine"]`}},
		// Mistral 15 looks actions up by name only.
		{name: "ad-hoc by id", path: "/v2/actions/" + id, status: 404, contains: []string{"Action not found [name=" + id}},
		{name: "unknown", path: "/v2/actions/nope/", status: 404, contains: []string{"Action not found [name=nope, namespace=]"}},
		{name: "list page", path: "/v2/actions?limit=2&name=has:std.", status: 200,
			contains: []string{`/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&name=has:std.&namespace=eq:&limit=2&marker=`}},
		{name: "list filter", path: "/v2/actions?name=my_echo", status: 200, contains: []string{`"name": "my_echo"`}},
		// System actions have no times: they sort by name in their place.
		{name: "list by created_at desc", path: "/v2/actions?name=in:std.echo,std.noop,std.fail&sort_keys=created_at&sort_dirs=desc&limit=1", status: 200,
			contains: []string{`"name": "std.noop"`}},
		// Only the columns of Mistral's action table sort the list.
		{name: "list by description", path: "/v2/actions?sort_keys=description", status: 400,
			contains: []string{"Sort key supplied is invalid: description"}},
		{name: "list namespace", path: "/v2/actions?namespace=other", status: 200, contains: []string{`{"actions": []}`}},
		// The namespace is taken as written: no operator applies to it.
		{name: "list namespace eq", path: "/v2/actions?namespace=eq:&name=my_echo", status: 200, contains: []string{`{"actions": []}`}},
		{name: "list namespace nin", path: "/v2/actions?namespace=nin:other&name=my_echo", status: 200, contains: []string{`{"actions": []}`}},
		{name: "validate", method: "POST", path: "/v2/actions/validate", contentType: "text/plain", body: adHocActions, status: 200,
			contains: []string{`{"valid": true}`}},
		// An update that changes nothing writes nothing: updated_at stays unset.
		{name: "update", method: "PUT", path: "/v2/actions", contentType: "text/plain", body: adHocActions, status: 200,
			contains: []string{`"actions": [`, `"name": "my_echo"`}},
		{name: "delete system", method: "DELETE", path: "/v2/actions/std.echo/", status: 404,
			contains: []string{"Action definition not found [action_name=std.echo, namespace=]"}},
		{name: "delete", method: "DELETE", path: "/v2/actions/my_echo/", status: 204},
		{name: "no input", method: "POST", path: "/v2/actions", contentType: "text/plain",
			body: "version: '2.0'\nmy_noop:\n  base: std.noop\n", status: 201, contains: []string{`"input": null`}},
		{name: "no input read back", path: "/v2/actions/my_noop", status: 200, contains: []string{`"input": ""`}},
		// A PUT answers with the saved row: its null input, as a POST.
		{name: "no input updated", method: "PUT", path: "/v2/actions", contentType: "text/plain",
			body: "version: '2.0'\nmy_noop:\n  base: std.noop\n  description: d\n", status: 200, contains: []string{`"input": null`}},
		// Mistral's action list validates no field and shows every action whole.
		{name: "list ignores fields", path: "/v2/actions?name=my_noop&fields=bogus", status: 200,
			contains: []string{`"name": "my_noop"`, `"definition": `}},
		{name: "list in link", path: "/v2/actions?name=in:my_noop,std.noop&limit=1", status: 200,
			contains: []string{`&name=in:['my_noop', 'std.noop']&namespace=eq:&limit=1&marker=`}},
		// Not found in the namespace, the default namespace's action is
		// updated and moves there.
		{name: "update moves to namespace", method: "PUT", path: "/v2/actions?namespace=ns1", contentType: "text/plain",
			body: "version: '2.0'\nmy_noop:\n  base: std.noop\n", status: 200, contains: []string{`"namespace": "ns1"`}},
		{name: "moved", path: "/v2/actions/my_noop", status: 404},
		{name: "rename by identifier", method: "PUT", path: "/v2/actions/my_noop?namespace=ns1", contentType: "text/plain",
			body: "version: '2.0'\nmy_other:\n  base: std.noop\n", status: 200, contains: []string{`"name": "my_other"`}},
		{name: "another", method: "POST", path: "/v2/actions?namespace=ns1", contentType: "text/plain",
			body: "version: '2.0'\ntaken:\n  base: std.noop\n", status: 201},
		// Mistral fails with 500 on its duplicate entry; we answer 409.
		{name: "rename onto a taken name", method: "PUT", path: "/v2/actions/my_other?namespace=ns1", contentType: "text/plain",
			body: "version: '2.0'\ntaken:\n  base: std.noop\n", status: 409,
			contains: []string{"Duplicate entry for Action ['name', 'namespace', 'project_id']: taken, ns1, None"}},
		{name: "rename to a name with a space", method: "PUT", path: "/v2/actions/my_other?namespace=ns1", contentType: "text/plain",
			body: "version: '2.0'\nmy other:\n  base: std.noop\n", status: 400,
			contains: []string{"Name 'my other' must not contain spaces"}},
		// A repeated argument counts by its last value; a marker only
		// with a limit.
		{name: "list last filter", path: "/v2/actions?name=neq:std.noop&name=std.echo", status: 200,
			contains: []string{`{"actions": [{"id": "std.echo"`}},
		{name: "list marker without limit", path: "/v2/actions?name=in:std.echo,std.noop&marker=std.noop", status: 200,
			contains: []string{`{"actions": [{"id": "std.echo"`}},
		{name: "get takes namespace only", path: "/v2/actions/my_other?namespace=ns1&fields=name", status: 400,
			contains: []string{`Unknown argument: \"fields\"`}},
		// The list takes the namespace exactly as written, where a get
		// finds it by any spelling the database's collation holds equal.
		{name: "list namespace as written", path: "/v2/actions?namespace=ns1", status: 200, contains: []string{`"name": "taken"`}},
		{name: "list namespace in capitals", path: "/v2/actions?namespace=NS1", status: 200, contains: []string{`{"actions": []}`}},
		{name: "list namespace with a space", path: "/v2/actions?namespace=ns1%20", status: 200, contains: []string{`{"actions": []}`}},
		{name: "get namespace in capitals", path: "/v2/actions/taken?namespace=NS1", status: 200, contains: []string{`"name": "taken"`}},
	})
	// The marker page starts at the marker.
	page := a.get("/v2/actions?limit=1&marker=std.noop").expect(t, 200).list(t, "actions")
	if len(page) != 1 || page[0].Value("name") != "std.noop" {
		t.Fatalf("marker page: %v", page)
	}
}

func TestEnvironments(t *testing.T) {
	a := newTestAPI(t)
	runCalls(t, a, []call{
		{name: "create", method: "POST", path: "/v2/environments", body: `{"name": "e1", "description": "d", "variables": "{\"k\": 1}"}`,
			status: 201, contains: []string{`"variables": "{\"k\": 1}"`, `"scope": "private"`}},
		{name: "duplicate", method: "POST", path: "/v2/environments", body: `{"name": "e1"}`, status: 409,
			contains: []string{"Duplicate entry for Environment ['name', 'project_id']: e1, None"}},
		{name: "extra key", method: "POST", path: "/v2/environments", body: `{"name": "e2", "id": "x"}`, status: 400,
			contains: []string{"Please, check your environment definition. Only: ['name', 'description', 'variables', 'scope'] are allowed as definition keys."}},
		{name: "no body", method: "POST", path: "/v2/environments", body: ``, status: 400, contains: []string{`Missing argument: \"env\"`}},
		{name: "no name", method: "POST", path: "/v2/environments", body: `{"description": "x"}`, status: 400,
			contains: []string{"Invalid input for field/attribute name. Value: 'None'. Mandatory field missing."}},
		{name: "get", path: "/v2/environments/e1", status: 200, contains: []string{`"description": "d"`}},
		{name: "get unknown", path: "/v2/environments/e9", status: 404, contains: []string{"Environment not found [name=e9]"}},
		{name: "update no name", method: "PUT", path: "/v2/environments", body: `{"description": "x"}`, status: 400,
			contains: []string{"Name of the environment is not provided."}},
		// An update's name is checked before its keys, which Mistral
		// checks without the name.
		{name: "update no name, extra key", method: "PUT", path: "/v2/environments", body: `{"description": "x", "id": "y"}`, status: 400,
			contains: []string{"Name of the environment is not provided."}},
		{name: "update null name", method: "PUT", path: "/v2/environments", body: `{"name": null}`, status: 400,
			contains: []string{"Name of the environment is not provided."}},
		{name: "update empty body", method: "PUT", path: "/v2/environments", body: `{}`, status: 400,
			contains: []string{"Name of the environment is not provided."}},
		{name: "update extra key", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "created_at": "x"}`, status: 400,
			contains: []string{"Please, check your environment definition. Only: ['description', 'variables', 'scope'] are allowed as definition keys."}},
		{name: "update extra null key", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "id": null}`, status: 400,
			contains: []string{"Only: ['description', 'variables', 'scope']"}},
		{name: "update bad scope before name", method: "PUT", path: "/v2/environments", body: `{"scope": "x"}`, status: 400,
			contains: []string{"Invalid input for field/attribute scope. Value: 'x'."}},
		// WSME reads the attributes in the resource's order.
		{name: "two faults", method: "POST", path: "/v2/environments", body: `{"variables": "bad", "description": 5}`, status: 400,
			contains: []string{"Invalid input for field/attribute description. Value: '5'."}},
		{name: "create null name", method: "POST", path: "/v2/environments", body: `{"name": null}`, status: 400,
			contains: []string{"Invalid input for field/attribute name. Value: 'None'. Mandatory field missing."}},
		// An update that changes nothing writes nothing: updated_at stays.
		{name: "update nothing", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "description": "d", "variables": {"k": 1}}`,
			status: 200, contains: []string{`"updated_at": null`}},
		{name: "update nothing, equal in Python", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "variables": {"k": 1.0}}`,
			status: 200, contains: []string{`"updated_at": null`, `"variables": "{\"k\": 1.0}"`}},
		{name: "update", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "variables": {"k": 2}}`, status: 200,
			contains: []string{`"variables": "{\"k\": 2}"`, `"description": "d"`}},
		{name: "list", path: "/v2/environments?name=e1", status: 200, contains: []string{`"name": "e1"`}},
		// Names compare as MySQL's utf8mb4_general_ci does, and an update
		// takes the spelling given.
		{name: "get by other spelling", path: "/v2/environments/%C3%891%20", status: 200, contains: []string{`"name": "e1"`}},
		{name: "update by other spelling", method: "PUT", path: "/v2/environments", body: `{"name": "E1 "}`, status: 200,
			contains: []string{`"name": "E1 "`, `"variables": "{\"k\": 2}"`}},
		{name: "duplicate by other spelling", method: "POST", path: "/v2/environments", body: `{"name": "é1"}`, status: 409},
		{name: "update back", method: "PUT", path: "/v2/environments", body: `{"name": "e1"}`, status: 200, contains: []string{`"name": "e1"`}},
		// A null attribute is stored as null; an absent one is left as is.
		{name: "update null description", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "description": null}`, status: 200,
			contains: []string{`"description": null`, `"variables": "{\"k\": 2}"`}},
		{name: "update null variables", method: "PUT", path: "/v2/environments", body: `{"name": "e1", "variables": null}`, status: 200,
			contains: []string{`"variables": null`}},
		{name: "create without variables", method: "POST", path: "/v2/environments", body: `{"name": "e3"}`, status: 201,
			lacks: []string{"variables", "description"}},
		{name: "read without variables", path: "/v2/environments/e3", status: 200, contains: []string{`"variables": null`}},
		{name: "create with nulls", method: "POST", path: "/v2/environments", body: `{"name": "e4", "description": null, "variables": null}`,
			status: 201, contains: []string{`"description": null`, `"variables": null`}},
		{name: "get takes no argument", path: "/v2/environments/e3?fields=name", status: 400, contains: []string{`Unknown argument: \"fields\"`}},
		{name: "create takes no argument", method: "POST", path: "/v2/environments?foo=1", body: `{"name": "e5"}`, status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "delete", method: "DELETE", path: "/v2/environments/e1", status: 204},
		{name: "deleted", path: "/v2/environments/e1", status: 404},
	})
}

func TestTriggers(t *testing.T) {
	a := newTestAPI(t)
	wf := a.postText("/v2/workflows", helloWorkflow).expect(t, 201).list(t, "workflows")[0]
	wfID := wf.Value("id").(string)
	future := time.Now().UTC().Add(time.Hour).Format("2006-01-02 15:04")
	soon := time.Now().UTC().Format("2006-01-02 15:04")
	ct := a.postJSON("/v2/cron_triggers", `{"name": "c1", "workflow_name": "hello", "workflow_input": "{\"name\": \"x\"}", "pattern": "*/5 * * * *", "first_execution_time": null, "remaining_executions": null}`).
		expect(t, 201).obj(t)
	if ct.Value("workflow_id") != wfID || ct.Value("next_execution_time") == nil || ct.Value("pattern") != "*/5 * * * *" {
		t.Fatalf("cron trigger: %v", ct)
	}
	runCalls(t, a, []call{
		{name: "cron get", path: "/v2/cron_triggers/c1", status: 200, contains: []string{`"workflow_input": "{\"name\": \"x\"}"`}},
		{name: "cron list", path: "/v2/cron_triggers?workflow_name=hello", status: 200, contains: []string{`"name": "c1"`}},
		{name: "cron once", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c2", "workflow_id": "` + wfID + `", "workflow_input": {"name": "y"}, "first_execution_time": "` + future + `"}`,
			status: 201, contains: []string{`"first_execution_time": "` + future + `:00"`, `"next_execution_time": "` + future + `:00"`,
				`"pattern": "0 0 30 2 0"`, `"remaining_executions": 1`}},
		{name: "cron count zero", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c4", "workflow_name": "hello", "workflow_input": {"name": "y"}, "pattern": "* * * * *", "remaining_executions": 0}`,
			status: 400, contains: []string{"Invalid input for field/attribute remaining_executions. Value: '0'. Value should be greater or equal to 1"}},
		{name: "cron no schedule", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello"}`, status: 400,
			contains: []string{"Pattern or first_execution_time must be specified."}},
		{name: "cron too soon", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "first_execution_time": "` + soon + `"}`,
			status: 400, contains: []string{"first_execution_time must be at least 1 minute in the future."}},
		{name: "cron count without pattern", method: "POST", path: "/v2/cron_triggers",
			body:   `{"name": "c3", "workflow_name": "hello", "first_execution_time": "` + future + `", "remaining_executions": 2}`,
			status: 400, contains: []string{"Pattern must be provided if count is superior to 1."}},
		{name: "cron bad pattern", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "pattern": "every day"}`,
			status: 400, contains: []string{"The specified pattern is not valid: every day"}},
		{name: "cron bad time", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "first_execution_time": "tomorrow"}`,
			status: 400, contains: []string{"time data 'tomorrow' does not match format '%Y-%m-%d %H:%M'"}},
		{name: "cron time with seconds", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "first_execution_time": "` + future + `:30"}`,
			status: 400, contains: []string{"unconverted data remains: :30"}},
		{name: "cron no such day", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "first_execution_time": "2099-02-30 10:00"}`,
			status: 400, contains: []string{"day is out of range for month"}},
		{name: "cron one-digit time", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c5", "workflow_name": "hello", "workflow_input": {"name": "y"}, "first_execution_time": "2099-1-2 3:4"}`,
			status: 201, contains: []string{`"first_execution_time": "2099-01-02 03:04:00"`}},
		{name: "cron no workflow", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "pattern": "* * * * *"}`,
			status: 404, contains: []string{"Workflow not found [workflow_identifier=None, namespace=]"}},
		// An integer filter is read whole: no operator, IntegerType's name.
		{name: "cron count filter", path: "/v2/cron_triggers?remaining_executions=1", status: 200, contains: []string{`"name": "c5"`}},
		{name: "cron count filter operator", path: "/v2/cron_triggers?remaining_executions=gt:0", status: 400,
			contains: []string{"Invalid input for field/attribute remaining_executions. Value: 'gt:0'. unable to convert to integer. Error: invalid literal for int() with base 10: 'gt:0'"}},
		{name: "cron get takes no argument", path: "/v2/cron_triggers/c1?fields=name", status: 400, contains: []string{`Unknown argument: \"fields\"`}},
		{name: "cron bad input", method: "POST", path: "/v2/cron_triggers", body: `{"name": "c3", "workflow_name": "hello", "pattern": "* * * * *"}`,
			status: 400, contains: []string{"Invalid input [name=hello, class=DirectWorkflowSpec, missing=['name']]"}},
		{name: "workflow in use", method: "DELETE", path: "/v2/workflows/hello", status: 400,
			contains: []string{"Can't delete workflow that has cron triggers associated."}},
		{name: "cron delete", method: "DELETE", path: "/v2/cron_triggers/c1", status: 204},
		{name: "cron gone", path: "/v2/cron_triggers/c1", status: 404, contains: []string{"Cron trigger not found [identifier=c1]"}},
		{name: "cron two faults", method: "POST", path: "/v2/cron_triggers", body: `{"first_execution_time": 5, "remaining_executions": "x"}`,
			status: 400, contains: []string{"invalid literal for int() with base 10: 'x'"}},
		{name: "event missing params", method: "POST", path: "/v2/event_triggers", body: `{"name": "e1", "workflow_id": "` + wfID + `"}`,
			status: 400, contains: []string{"must be provided for creating event trigger."}},
		{name: "event filters refused", path: "/v2/event_triggers?name=e1", status: 400},
		{name: "event bad id", path: "/v2/event_triggers/x", status: 400},
		// The workflow id is kept as written; Python's other forms of a
		// uuid pass its check and name no workflow.
		{name: "event workflow id in capitals", method: "POST", path: "/v2/event_triggers", body: `{"name": "e0", "workflow_id": "` +
			strings.ToUpper(wfID) + `", "workflow_input": {"name": "z"}, "exchange": "x", "topic": "t", "event": "caps"}`,
			status: 201, contains: []string{`"workflow_id": "` + strings.ToUpper(wfID) + `"`}},
		{name: "event workflow id in braces", method: "POST", path: "/v2/event_triggers", body: `{"name": "e0", "workflow_id": "{` +
			wfID + `}", "exchange": "x", "topic": "t", "event": "braces"}`,
			status: 404, contains: []string{"Workflow not found [workflow_id={" + wfID + "}]"}},
	})
	et := a.postJSON("/v2/event_triggers", `{"name": "e1", "workflow_id": "`+wfID+`", "workflow_input": "{\"name\": \"z\"}", "exchange": "nova", "topic": "notifications", "event": "compute.instance.create.end"}`).
		expect(t, 201).obj(t)
	etID := et.Value("id").(string)
	if keys := strings.Join(et.Keys(), ","); keys != "id,created_at,updated_at,project_id,name,workflow_id,workflow_input,workflow_params,exchange,topic,event,scope" {
		t.Errorf("event trigger attributes: %s", keys)
	}
	runCalls(t, a, []call{
		{name: "event get", path: "/v2/event_triggers/" + etID, status: 200, contains: []string{`"exchange": "nova"`}},
		{name: "event update nothing", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{}`, status: 200,
			contains: []string{`"updated_at": null`}},
		{name: "event update params", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"workflow_params": {"a": 1, "b": 2}}`,
			status: 200},
		// Equal in Python: not written, though the answer shows them.
		{name: "event update params, equal in Python", method: "PUT", path: "/v2/event_triggers/" + etID,
			body: `{"workflow_params": {"b": 2.0, "a": true}}`, status: 200, contains: []string{`"workflow_params": "{\"b\": 2.0, \"a\": true}"`}},
		{name: "event params kept", path: "/v2/event_triggers/" + etID, status: 200, contains: []string{`"workflow_params": "{\"a\": 1, \"b\": 2}"`}},
		{name: "event update without body", method: "PUT", path: "/v2/event_triggers/" + etID, contentType: "application/json", status: 400,
			contains: []string{`Missing argument: \"event_trigger\"`}},
		// Every attribute given is written, null ones too; exchange, topic
		// and event only when empty.
		{name: "event update nulls", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"name": null, "workflow_input": null, "event": ""}`,
			status: 200, contains: []string{`"name": null`, `"workflow_input": null`, `"event": ""`}},
		{name: "event update null topic", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"topic": null}`, status: 400,
			contains: []string{"Can not update fields ['exchange', 'topic', 'event'] of event trigger."}},
		{name: "event update readonly", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"project_id": null}`, status: 400,
			contains: []string{"Invalid input for field/attribute project_id. Value: 'None'. Cannot set read only field."}},
		{name: "event create readonly", method: "POST", path: "/v2/event_triggers", body: `{"name": "e3", "workflow_id": "` + wfID +
			`", "exchange": "nova", "topic": "t", "event": "e", "created_at": "2020-01-01 00:00:00"}`, status: 400,
			contains: []string{"Invalid input for field/attribute created_at. Value: '2020-01-01 00:00:00'. Cannot set read only field."}},
		{name: "event list", path: "/v2/event_triggers", status: 200, contains: []string{etID}},
		{name: "event update fixed field", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"topic": "x"}`, status: 400,
			contains: []string{"Can not update fields ['exchange', 'topic', 'event'] of event trigger."}},
		{name: "event update", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"name": "e2"}`, status: 200,
			contains: []string{`"name": "e2"`}},
		// The workflow id is Mistral's uuid type, read in the resource's
		// attribute order; an update checks its fields before it looks the
		// trigger up.
		{name: "event update workflow by name", method: "PUT", path: "/v2/event_triggers/" + etID, body: `{"workflow_id": "hello"}`,
			status: 400, contains: []string{`"faultstring": "Expected a uuid but received hello."`}},
		{name: "event update, uuid before input", method: "PUT", path: "/v2/event_triggers/" + etID,
			body: `{"workflow_input": "x", "workflow_id": ""}`, status: 400, contains: []string{`"faultstring": "Expected a uuid but received ."`}},
		{name: "event create, uuid before params", method: "POST", path: "/v2/event_triggers", body: `{"name": "e4", "workflow_id": "abc"}`,
			status: 400, contains: []string{`"faultstring": "Expected a uuid but received abc."`}},
		{name: "event update unknown, fixed field", method: "PUT", path: "/v2/event_triggers/123e4567-e89b-42d3-a456-426655440000",
			body: `{"exchange": "y"}`, status: 400, contains: []string{"Can not update fields ['exchange', 'topic', 'event'] of event trigger."}},
		{name: "event delete", method: "DELETE", path: "/v2/event_triggers/" + etID, status: 204},
		{name: "event gone", path: "/v2/event_triggers/" + etID, status: 404, contains: []string{"Event trigger not found [id=" + etID + "]."}},
	})
}

// TestWorkflowWithEventTrigger: Mistral names no namespace when an event
// trigger keeps a workflow from being deleted.
func TestWorkflowWithEventTrigger(t *testing.T) {
	a := newTestAPI(t)
	wfID := a.postText("/v2/workflows?namespace=ns1", helloWorkflow).expect(t, 201).list(t, "workflows")[0].Value("id").(string)
	etID := a.postJSON("/v2/event_triggers", `{"name": "e1", "workflow_id": "`+wfID+`", "workflow_input": {"name": "z"}, "exchange": "x", "topic": "t", "event": "e"}`).
		expect(t, 201).obj(t).Value("id").(string)
	runCalls(t, a, []call{
		{name: "delete by name", method: "DELETE", path: "/v2/workflows/hello?namespace=ns1", status: 400,
			contains: []string{"Can't delete workflow that has event triggers associated. [workflow_identifier=hello], [event_trigger_id(s)=" + etID + "]"}},
	})
}

// TestWorkflowNamespaces: a workflow's name is looked up in exactly the
// namespace given when it is read or updated (Mistral 15 answers 404 for one
// that lives only in the default namespace), while an execution start
// (REST.md's fallback) and a sub-workflow find it in their namespace or else
// the default one.
func TestWorkflowNamespaces(t *testing.T) {
	a := newTestAPI(t)
	const sub = "version: '2.0'\nns_sub:\n  tasks:\n    t:\n      action: std.noop\n"
	const parent = "version: '2.0'\nns_parent:\n  tasks:\n    call:\n      workflow: ns_sub\n"
	a.postText("/v2/workflows", sub).expect(t, 201)
	a.postText("/v2/workflows?namespace=ns1", parent).expect(t, 201)
	notFound := "Workflow not found [workflow_identifier=ns_sub, namespace=ns1]"
	runCalls(t, a, []call{
		{name: "get in its namespace", path: "/v2/workflows/ns_sub", status: 200},
		{name: "get in another", path: "/v2/workflows/ns_sub?namespace=ns1", status: 404, contains: []string{notFound}},
		{name: "update in another", method: "PUT", path: "/v2/workflows?namespace=ns1", contentType: "text/plain", body: sub,
			status: 404, contains: []string{notFound}},
		// Pecan reads a second path part as the namespace.
		{name: "update in another by path", method: "PUT", path: "/v2/workflows/ns_sub/ns1", contentType: "text/plain", body: sub,
			status: 404, contains: []string{notFound}},
		{name: "update in its namespace by path", method: "PUT", path: "/v2/workflows/ns_parent/ns1", contentType: "text/plain", body: parent,
			status: 200, contains: []string{`"namespace": "ns1"`}},
		{name: "start in another", method: "POST", path: "/v2/executions",
			body: `{"workflow_name": "ns_sub", "workflow_namespace": "ns1"}`, status: 201, contains: []string{`"workflow_namespace": ""`}},
		{name: "start in another, missing there too", method: "POST", path: "/v2/executions",
			body: `{"workflow_name": "ns_none", "workflow_namespace": "ns1"}`, status: 404,
			contains: []string{"Workflow not found [workflow_identifier=ns_none, namespace=ns1]"}},
	})
	id := a.postJSON("/v2/executions", `{"workflow_name": "ns_parent", "workflow_namespace": "ns1"}`).expect(t, 201).obj(t).Value("id").(string)
	if got := a.waitExecution(id); got.Value("state") != "SUCCESS" {
		t.Fatalf("parent in ns1 calling a sub-workflow of the default namespace: %v", got)
	}
}

// TestWorkflowPutByIDRenames: as in Mistral 15, PUT /v2/workflows/{id}
// stores the workflow under the name its text gives and in the namespace
// the request gives, so it renames and moves it. A name taken there is a
// 409 (Mistral answers 500).
func TestWorkflowPutByIDRenames(t *testing.T) {
	a := newTestAPI(t)
	wf := func(name string) string {
		return "version: '2.0'\n" + name + ":\n  tasks:\n    t:\n      action: std.noop\n"
	}
	id := a.postText("/v2/workflows", wf("rn_a")).expect(t, 201).list(t, "workflows")[0].Value("id").(string)
	a.postText("/v2/workflows", wf("rn_b")).expect(t, 201)
	runCalls(t, a, []call{
		{name: "rename", method: "PUT", path: "/v2/workflows/" + id, contentType: "text/plain", body: wf("rn_c"),
			status: 200, contains: []string{`"name": "rn_c"`}},
		{name: "old name gone", path: "/v2/workflows/rn_a", status: 404},
		{name: "new name", path: "/v2/workflows/rn_c", status: 200, contains: []string{id}},
		{name: "name taken", method: "PUT", path: "/v2/workflows/" + id, contentType: "text/plain", body: wf("rn_b"),
			status: 409, contains: []string{"Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: rn_b, , None"}},
		{name: "name with a space", method: "PUT", path: "/v2/workflows/" + id, contentType: "text/plain", body: wf("rn d"),
			status: 400, contains: []string{"Name 'rn d' must not contain spaces"}},
		{name: "move", method: "PUT", path: "/v2/workflows/" + id + "?namespace=ns1", contentType: "text/plain", body: wf("rn_c"),
			status: 200, contains: []string{`"namespace": "ns1"`}},
		{name: "moved", path: "/v2/workflows/rn_c?namespace=ns1", status: 200, contains: []string{id}},
		{name: "not left behind", path: "/v2/workflows/rn_c", status: 404},
		// A PUT that changes nothing answers updated_at as null.
		{name: "unchanged", method: "PUT", path: "/v2/workflows?namespace=ns1", contentType: "text/plain", body: wf("rn_b"),
			status: 404},
		{name: "unchanged list", method: "PUT", path: "/v2/workflows", contentType: "text/plain", body: wf("rn_b"),
			status: 200, contains: []string{`"updated_at": null`}},
		{name: "unchanged by id", method: "PUT", path: "/v2/workflows/rn_b", contentType: "text/plain", body: wf("rn_b"),
			status: 200, contains: []string{`"updated_at": null`}},
	})
}

// TestWorkflowPutIdentifierQuery: Pecan takes put's identifier from the
// query too (PUT /v2/workflows?identifier=...): the answer is then the one
// workflow, as with the identifier in the path, which wins over the
// query's.
func TestWorkflowPutIdentifierQuery(t *testing.T) {
	a := newTestAPI(t)
	wf := func(name, desc string) string {
		return "version: '2.0'\n" + name + ":\n  description: " + desc + "\n  tasks:\n    t:\n      action: std.noop\n"
	}
	a.postText("/v2/workflows", wf("iq_a", "one")).expect(t, 201)
	runCalls(t, a, []call{
		{name: "by query", method: "PUT", path: "/v2/workflows?identifier=iq_a", contentType: "text/plain", body: wf("iq_a", "two"),
			status: 200, contains: []string{`"name": "iq_a"`}, lacks: []string{`"workflows"`}},
		{name: "unknown", method: "PUT", path: "/v2/workflows?identifier=iq_nope", contentType: "text/plain", body: wf("iq_a", "three"),
			status: 404, contains: []string{"Workflow not found [workflow_identifier=iq_nope, namespace=]"}},
		{name: "two workflows", method: "PUT", path: "/v2/workflows?identifier=iq_a", contentType: "text/plain",
			body:   wf("iq_a", "four") + wf("iq_b", "four")[len("version: '2.0'\n"):],
			status: 400, contains: []string{"More than one workflows are not supported for update with identifier. [identifier: iq_a]"}},
		{name: "empty is none", method: "PUT", path: "/v2/workflows?identifier=", contentType: "text/plain", body: wf("iq_a", "five"),
			status: 200, contains: []string{`"workflows"`}},
		{name: "path wins", method: "PUT", path: "/v2/workflows/iq_a?identifier=iq_nope", contentType: "text/plain", body: wf("iq_a", "six"),
			status: 200, contains: []string{"six"}, lacks: []string{`"workflows"`}},
	})
}

// TestArgumentsFromQuery: WSME gives a method its positional argument (a
// name, an identifier, an id) from the query too, over the path's; a
// DELETE on the collection without one misses it.
func TestArgumentsFromQuery(t *testing.T) {
	a := newTestAPI(t)
	wfID := a.postText("/v2/workflows", helloWorkflow).expect(t, 201).list(t, "workflows")[0].Value("id").(string)
	a.postJSON("/v2/environments", `{"name": "q_env"}`).expect(t, 201)
	a.postJSON("/v2/cron_triggers", `{"name": "q_cron", "workflow_name": "hello", "pattern": "0 5 * * *", "workflow_input": {"name": "x"}}`).expect(t, 201)
	et := a.postJSON("/v2/event_triggers", `{"name": "q_et", "workflow_id": "`+wfID+`", "exchange": "x", "topic": "t", "event": "e", `+
		`"workflow_input": {"name": "x"}}`).expect(t, 201).obj(t).Value("id").(string)
	const other = "123e4567-e89b-42d3-a456-426655440000"
	runCalls(t, a, []call{
		{name: "environment by query", path: "/v2/environments/nope?name=q_env", status: 200, contains: []string{`"name": "q_env"`}},
		{name: "environment, last value", path: "/v2/environments/q_env?name=q_env&name=nope", status: 404,
			contains: []string{"Environment not found [name=nope]"}},
		{name: "environment delete without name", method: "DELETE", path: "/v2/environments", status: 400,
			contains: []string{`Missing argument: \"name\"`}},
		{name: "environment delete, unknown argument first", method: "DELETE", path: "/v2/environments?foo=1&name=q_env", status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "cron trigger by query", path: "/v2/cron_triggers/nope?identifier=q_cron", status: 200, contains: []string{`"name": "q_cron"`}},
		{name: "workflow by query", path: "/v2/workflows/nope?identifier=hello", status: 200, contains: []string{`"name": "hello"`}},
		{name: "workflow delete without identifier", method: "DELETE", path: "/v2/workflows?namespace=x", status: 400,
			contains: []string{`Missing argument: \"identifier\"`}},
		{name: "workbook delete by query", method: "DELETE", path: "/v2/workbooks?name=nope&namespace=ns", status: 404,
			contains: []string{"Workbook not found [workbook_name=nope, namespace=ns]"}},
		{name: "action by query", path: "/v2/actions/nope?identifier=std.noop", status: 200, contains: []string{`"name": "std.noop"`}},
		{name: "event trigger by query", path: "/v2/event_triggers/" + other + "?id=" + et, status: 200, contains: []string{`"name": "q_et"`}},
		{name: "event trigger, wrong path id first", path: "/v2/event_triggers/abc?id=" + et, status: 400,
			contains: []string{"Invalid input for field/attribute id. Value: 'abc'. unable to convert to uuid."}},
		{name: "event trigger, wrong query id", path: "/v2/event_triggers/" + et + "?id=abc", status: 400,
			contains: []string{`"faultstring": "Expected a uuid but received abc."`}},
		{name: "event trigger delete, wrong query id", method: "DELETE", path: "/v2/event_triggers?id=abc", status: 400,
			contains: []string{"Invalid input for field/attribute id. Value: 'abc'. unable to convert to uuid."}},
		{name: "event trigger update by query", method: "PUT", path: "/v2/event_triggers?id=" + et, body: `{"name": "q_et2"}`, status: 200,
			contains: []string{`"name": "q_et2"`}},
		{name: "event trigger delete by query", method: "DELETE", path: "/v2/event_triggers?id=" + et, status: 204},
		{name: "cron trigger delete by query", method: "DELETE", path: "/v2/cron_triggers?identifier=q_cron", status: 204},
		{name: "environment delete by query", method: "DELETE", path: "/v2/environments?name=q_env", status: 204},
		{name: "workflow delete by query", method: "DELETE", path: "/v2/workflows?identifier=hello", status: 204},
	})
}

// TestDefinitionsNamespaceInPath: Pecan reads a path part after the
// workflows, workbooks or actions collection as post's (and the
// workbooks' put's) namespace argument, before the query's; the validate
// endpoints are controllers of their own that only take POST.
func TestDefinitionsNamespaceInPath(t *testing.T) {
	a := newTestAPI(t)
	const wf = "version: '2.0'\npn_wf:\n  tasks:\n    t:\n      action: std.noop\n"
	const wb = "version: '2.0'\nname: pn_wb\n"
	const act = "version: '2.0'\npn_act:\n  base: std.noop\n"
	runCalls(t, a, []call{
		{name: "workflow", method: "POST", path: "/v2/workflows/pn_ns?namespace=other", contentType: "text/plain", body: wf,
			status: 201, contains: []string{`"namespace": "pn_ns"`}},
		{name: "workflow there", path: "/v2/workflows/pn_wf?namespace=pn_ns", status: 200},
		{name: "workbook", method: "POST", path: "/v2/workbooks/pn_ns", contentType: "text/plain", body: wb,
			status: 201, contains: []string{`"namespace": "pn_ns"`}},
		{name: "workbook update", method: "PUT", path: "/v2/workbooks/pn_ns?namespace=other", contentType: "text/plain", body: wb + "tags: [x]\n",
			status: 200, contains: []string{`"namespace": "pn_ns"`, `"tags": ["x"]`}},
		{name: "workbook update elsewhere", method: "PUT", path: "/v2/workbooks/pn_other", contentType: "text/plain", body: wb,
			status: 404, contains: []string{"Workbook not found [name=pn_wb, namespace=pn_other]"}},
		{name: "action", method: "POST", path: "/v2/actions/pn_ns", contentType: "text/plain", body: act,
			status: 201, contains: []string{`"namespace": "pn_ns"`}},
		{name: "action update", method: "PUT", path: "/v2/actions/pn_act/pn_ns", contentType: "text/plain", body: act + "  description: d\n",
			status: 200, contains: []string{`"namespace": "pn_ns"`, `"description": "d"`}},
		// WSME's get and delete take ?namespace=, even empty, before the path.
		{name: "workbook get", path: "/v2/workbooks/pn_wb/pn_ns", status: 200, contains: []string{`"namespace": "pn_ns"`}},
		{name: "workbook get, query first", path: "/v2/workbooks/pn_wb/other?namespace=pn_ns", status: 200, contains: []string{`"namespace": "pn_ns"`}},
		{name: "action get, empty query first", path: "/v2/actions/pn_act/pn_ns?namespace=", status: 404,
			contains: []string{"Action not found [name=pn_act, namespace=]"}},
		{name: "action delete, query first", method: "DELETE", path: "/v2/actions/pn_act/other?namespace=pn_ns", status: 204},
		{name: "workbook delete", method: "DELETE", path: "/v2/workbooks/pn_wb/pn_ns", status: 204},
		{name: "workflow validate still", method: "POST", path: "/v2/workflows/validate", contentType: "text/plain", body: wf,
			status: 200, contains: []string{`{"valid": true}`}},
		{name: "get validate", path: "/v2/workflows/validate", status: 405,
			contains: []string{"405 Method Not Allowed\n\nThe method GET is not allowed for this resource. \n\n "}},
		{name: "put validate", method: "PUT", path: "/v2/workbooks/validate", contentType: "text/plain", body: wb, status: 405},
		{name: "delete validate", method: "DELETE", path: "/v2/actions/validate", status: 405},
	})
}
