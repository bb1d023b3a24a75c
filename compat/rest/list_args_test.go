package rest_test

import (
	"testing"
)

// TestListArgumentsAsMistral covers list arguments whose reading differs
// from the obvious one in Mistral 15: jsontype query arguments (any JSON
// value, null filtering nothing), the action list's filters (those its
// dynamic actions' query cannot take, and times that system actions lack),
// and the markers of environments (a name) and workbooks (never usable).
func TestListArgumentsAsMistral(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", helloWorkflow).expect(t, 201)
	a.postText("/v2/actions", "---\nversion: '2.0'\nla_act:\n  base: std.noop\n").expect(t, 201)
	a.postText("/v2/workbooks", "---\nversion: '2.0'\nname: la_wb\n").expect(t, 201)
	envID := a.postJSON("/v2/environments", `{"name": "la_env", "variables": {"k": 1}}`).expect(t, 201).obj(t).Value("id").(string)
	// An environment named like a uuid is the only one a marker can name.
	const uuidName = "00000000-0000-4000-8000-00000000000a"
	a.postJSON("/v2/environments", `{"name": "`+uuidName+`", "variables": {}}`).expect(t, 201)
	a.postJSON("/v2/cron_triggers", `{"name": "la_cron", "workflow_name": "hello", "pattern": "0 5 * * *", "workflow_input": {"name": "x"}}`).
		expect(t, 201)

	runCalls(t, a, []call{
		// jsontype query arguments: json.loads alone.
		{name: "json filter empty text", path: "/v2/executions?input=", status: 400,
			contains: []string{"Invalid input for field/attribute input. Value: ''. unable to convert to json. Error: Expecting value: line 1 column 1 (char 0)"}},
		{name: "json filter number", path: "/v2/environments?variables=5", status: 200, contains: []string{`{"environments": []}`}},
		{name: "json filter list", path: "/v2/cron_triggers?workflow_params=%5B%5D", status: 200, contains: []string{`{"cron_triggers": []}`}},
		{name: "json filter string", path: "/v2/executions?params=%22x%22", status: 200, contains: []string{`{"executions": []}`}},
		{name: "json filter null filters nothing", path: "/v2/environments?variables=null&limit=1&fields=name", status: 200,
			contains: []string{`"next": `}, has: []string{"next"}},
		{name: "json filter object", path: "/v2/environments?variables=%7B%22k%22%3A%201%7D&fields=name", status: 200,
			contains: []string{`"name": "la_env"`}},
		{name: "json filter with operator", path: "/v2/tasks?published=eq:%7B%7D", status: 400,
			contains: []string{"Value: 'eq:{}'. unable to convert to json."}},
		{name: "task env not json", path: "/v2/tasks?env=x", status: 400,
			contains: []string{"Invalid input for field/attribute env. Value: 'x'. unable to convert to json."}},
		{name: "task env json", path: "/v2/tasks?env=%7B%7D", status: 400, contains: []string{"Filtering on env is not supported."}},
		{name: "task env twice", path: "/v2/tasks?env=1&env=2", status: 400,
			contains: []string{"Value: '['1', '2']'. unable to convert to json."}},
		{name: "action execution params not json", path: "/v2/action_executions?params=", status: 400,
			contains: []string{"Invalid input for field/attribute params. Value: ''. unable to convert to json."}},
		{name: "action execution params json", path: "/v2/action_executions?params=5", status: 400,
			contains: []string{"Filtering on params is not supported."}},

		// The action list.
		{name: "actions by tags", path: "/v2/actions?tags=x", status: 400, contains: []string{"Filtering on tags is not supported."}},
		{name: "actions by description", path: "/v2/actions?name=la_act&description=x", status: 400,
			contains: []string{"Filtering on description is not supported."}},
		{name: "actions by definition", path: "/v2/actions?definition=has:x", status: 400,
			contains: []string{"Filtering on definition is not supported."}},
		{name: "actions by is_system", path: "/v2/actions?is_system=false", status: 400,
			contains: []string{"Filtering on is_system is not supported."}},
		{name: "actions by input", path: "/v2/actions?input=", status: 400, contains: []string{"Filtering on input is not supported."}},
		{name: "system actions pass time filters", path: "/v2/actions?created_at=gt:2000-01-01&name=in:std.noop,la_act", status: 200,
			contains: []string{`"name": "la_act"`, `"name": "std.noop"`}},
		{name: "ad-hoc action before the time", path: "/v2/actions?created_at=lt:2000-01-01&name=in:std.noop,la_act", status: 200,
			contains: []string{`"name": "std.noop"`}, lacks: []string{"next"}},
		{name: "ad-hoc action never updated", path: "/v2/actions?updated_at=2000-01-01&name=la_act", status: 200,
			contains: []string{`{"actions": []}`}},
		{name: "ad-hoc action never updated, neq", path: "/v2/actions?updated_at=neq:2000-01-01&name=la_act", status: 200,
			contains: []string{`"name": "la_act"`}},
		{name: "time in a list", path: "/v2/actions?created_at=in:2000-01-01&name=in:std.noop,la_act", status: 200,
			contains: []string{`"name": "std.noop"`}},
		{name: "time not a time", path: "/v2/actions?created_at=x", status: 400,
			contains: []string{"Invalid value of the created_at filter: 'x' is not a date and time."}},
		{name: "time has", path: "/v2/actions?created_at=has:20", status: 400,
			contains: []string{"Filtering on created_at with has is not supported."}},
		{name: "system actions only, time not a time", path: "/v2/actions?created_at=x&namespace=none", status: 200,
			contains: []string{`{"actions": []}`}},

		// Unknown arguments: all of them, sorted (WSME: a Python set).
		{name: "unknown arguments", path: "/v2/executions?zz=1&aa=2&workflow_name=x", status: 400,
			contains: []string{`Unknown argument: \"aa, zz\"`}},
		{name: "unknown arguments of a resource", path: "/v2/environments/la_env?fields=name&b=1", status: 400,
			contains: []string{`Unknown argument: \"b, fields\"`}},

		// Markers.
		{name: "environment marker is a name", path: "/v2/environments?marker=" + envID, status: 404,
			contains: []string{"Environment not found [name=" + envID + "]"}},
		{name: "environment marker naming one", path: "/v2/environments?sort_keys=name&fields=name&marker=" + uuidName, status: 200,
			contains: []string{`"name": "la_env"`}},
		{name: "environment marker not a uuid", path: "/v2/environments?marker=la_env", status: 400,
			contains: []string{"Expected a uuid but received la_env."}},
		{name: "workbook marker", path: "/v2/workbooks?marker=" + envID, status: 400,
			contains: []string{"Pagination of workbooks with a marker is not supported."}},
	})
	for path, want := range map[string]int{
		"/v2/actions?created_at=lt:2000-01-01&name=in:std.noop,la_act": 1, // std.noop only
		"/v2/actions?created_at=gt:2000-01-01&name=in:std.noop,la_act": 2,
		"/v2/actions?created_at=nin:x&name=in:std.noop,la_act":         2,
	} {
		if got := len(a.get(path).list(t, "actions")); got != want {
			t.Errorf("%s: %d actions, want %d", path, got, want)
		}
	}
}
