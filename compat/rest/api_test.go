package rest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/compat/rest"
	"github.com/tramontane/tramontane/engine/data"
)

// call is one request of a table test and what must come back.
type call struct {
	name        string
	method      string
	path        string
	contentType string
	body        string
	status      int
	contains    []string // substrings of the body
	has, lacks  []string // top-level attributes present / absent
}

func (a *testAPI) check(t *testing.T, tc call) *response {
	t.Helper()
	ct := tc.contentType
	switch {
	case ct == "" && tc.body != "":
		ct = "application/json"
	case ct == "-": // no Content-Type at all
		ct = ""
	}
	method := tc.method
	if method == "" {
		method = http.MethodGet
	}
	r := a.do(method, tc.path, ct, tc.body)
	if r.status != tc.status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, tc.path, r.status, tc.status, r.text)
	}
	for _, s := range tc.contains {
		if !strings.Contains(r.text, s) {
			t.Errorf("%s %s: body lacks %q: %s", method, tc.path, s, r.text)
		}
	}
	if len(tc.has)+len(tc.lacks) > 0 {
		m := r.obj(t)
		for _, k := range tc.has {
			if !m.Has(k) {
				t.Errorf("%s %s: no attribute %q: %s", method, tc.path, k, r.text)
			}
		}
		for _, k := range tc.lacks {
			if m.Has(k) {
				t.Errorf("%s %s: unexpected attribute %q: %s", method, tc.path, k, r.text)
			}
		}
	}
	return r
}

func runCalls(t *testing.T, a *testAPI, calls []call) {
	t.Helper()
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) { a.check(t, tc) })
	}
}

const badYAML = "version: '2.0'\nwf: [unclosed\n"

const twoWorkflows = `version: '2.0'
wf1:
  input: [a, {b: 5}]
  tasks:
    t1:
      action: std.noop
wf2:
  tags: [x, y]
  tasks:
    t1:
      action: std.fail
`

func TestRootAndRouting(t *testing.T) {
	a := newTestAPI(t)
	runCalls(t, a, []call{
		{name: "versions", path: "/", status: 200, contains: []string{`"id": "v2.0"`, `"status": "CURRENT"`, a.srv.URL + `/v2"`}},
		{name: "v2 redirects", path: "/v2", status: 302},
		{name: "v2 root", path: "/v2/", status: 200, contains: []string{`{"uri": "` + a.srv.URL + `/v2"}`}},
		{name: "unknown path", path: "/v2/nothing", status: 404, contains: []string{"404 Not Found"}},
		{name: "unknown method", method: "PATCH", path: "/v2/workflows", status: 405, contains: []string{"The method PATCH is not allowed"}},
		{name: "trailing slash", path: "/v2/executions/", status: 200, contains: []string{`{"executions": []}`}},
		// Python's HTTP server reads leading slashes as one.
		{name: "leading slashes", path: "///v2/executions", status: 200, contains: []string{`{"executions": []}`}},
		{name: "root with two slashes", path: "//", status: 200, contains: []string{`"id": "v2.0"`}},
		{name: "services without registered processes", path: "/v2/services", status: 200, contains: []string{`{"services": []}`}},
		{name: "services take no arguments", path: "/v2/services?fields=name", status: 400, contains: []string{`Unknown argument: \"fields\"`}},
		{name: "services take no pagination", path: "/v2/services?limit=2", status: 400, contains: []string{`Unknown argument: \"limit\"`}},
		{name: "no service by name", path: "/v2/services/x", status: 405, contains: []string{"The method GET is not allowed for this resource."}},
		// Pecan's root controllers answer any method; Mistral's CORS
		// middleware answers an OPTIONS request the API refuses with an
		// empty 200.
		{name: "root takes any method", method: "POST", path: "/", status: 200, contains: []string{`"id": "v2.0"`}},
		{name: "v2 root takes any method", method: "DELETE", path: "/v2/", status: 200, contains: []string{`{"uri": "`}},
		{name: "options of v2 root", method: "OPTIONS", path: "/v2/", status: 200, contains: []string{`{"uri": "`}},
		{name: "roots take no argument", path: "/?foo=1", status: 400, contains: []string{`Unknown argument: \"foo\"`}},
		{name: "options of a collection", method: "OPTIONS", path: "/v2/workflows", status: 200},
		{name: "options of nothing", method: "OPTIONS", path: "/v2/nothing", status: 200},
		{name: "options of the v2 redirect", method: "OPTIONS", path: "/v2", status: 200},
		{name: "members need auth", path: "/v2/workflows/123e4567-e89b-12d3-a456-426655440000/members", status: 400,
			contains: []string{`{"faultstring": "Resource sharing feature can only be supported with authentication enabled."}`}},
		// Pecan routes a PUT without a member id to the workflows
		// controller, with "members" as the namespace.
		{name: "member put without member", method: "PUT", path: "/v2/workflows/hello/members", contentType: "text/plain",
			body: "version: '2.0'\nhello:\n  tasks:\n    t:\n      action: std.noop\n", status: 404,
			contains: []string{`{"faultstring": "Workflow not found [workflow_identifier=hello, namespace=members]"}`}},
		// A PUT or DELETE on a collection misses its id, as WSME says.
		{name: "put executions without id", method: "PUT", path: "/v2/executions", body: `{}`, status: 400,
			contains: []string{`Missing argument: \"id\"`}},
		{name: "delete executions without id, unknown argument", method: "DELETE", path: "/v2/executions?foo=1", status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		// ... and takes it from the query, as on the other resources.
		{name: "delete an execution named in the query", method: "DELETE", path: "/v2/executions?id=nope&force=true", status: 404,
			contains: []string{`WorkflowExecution not found [id=nope]`}},
		{name: "put an execution named in the query", method: "PUT", path: "/v2/executions?id=nope", body: `{"state": "PAUSED"}`,
			status: 404, contains: []string{`WorkflowExecution not found [id=nope]`}},
		{name: "put a task named in the query", method: "PUT", path: "/v2/tasks?id=nope", body: `{"reset": true, "state": "RUNNING"}`,
			status: 404, contains: []string{`Task execution not found [id=nope]`}},
		{name: "delete an action execution named in the query", method: "DELETE", path: "/v2/action_executions?id=nope", status: 403,
			contains: []string{`Action execution deletion is not allowed.`}},
		{name: "put action executions without id", method: "PUT", path: "/v2/action_executions", body: `{}`, status: 400,
			contains: []string{`Missing argument: \"id\"`}},
		{name: "delete event triggers without id", method: "DELETE", path: "/v2/event_triggers", status: 400,
			contains: []string{`Missing argument: \"id\"`}},
		{name: "member delete without member needs auth", method: "DELETE", path: "/v2/workflows/123e4567-e89b-12d3-a456-426655440000/members", status: 400,
			contains: []string{`{"faultstring": "Resource sharing feature can only be supported with authentication enabled."}`}},
		{name: "code sources are admin-only", path: "/v2/code_sources", status: 403, contains: []string{"Operation forbidden"}},
		{name: "dynamic actions are admin-only", method: "POST", path: "/v2/dynamic_actions", body: `{}`, status: 403},
		// A query is read as webob reads it: a stray '%' stays in the
		// filter, a ';' separates arguments.
		{name: "stray percent in a filter", path: "/v2/actions?fields=name&name=std.echo%zz", status: 200, contains: []string{`{"actions": []}`}},
		{name: "stray percent at the end", path: "/v2/actions?fields=name&name=std.echo%2", status: 200, contains: []string{`{"actions": []}`}},
		{name: "semicolon separates arguments", path: "/v2/actions?name=std.echo;x", status: 400, contains: []string{`Unknown argument: \"x\"`}},
	})
	if loc := a.get("/v2").header.Get("Location"); loc != a.srv.URL+"/v2/" {
		t.Errorf("Location = %q", loc)
	}
	if r := a.do("OPTIONS", "/v2/workflows", "", ""); r.text != "" || r.header.Get("Content-Type") != "" || r.header.Get("Allow") != "" {
		t.Errorf("OPTIONS answer: %q, headers %v", r.text, r.header)
	}
}

func TestWorkflows(t *testing.T) {
	a := newTestAPI(t)
	created := a.postText("/v2/workflows?scope=private&namespace=", twoWorkflows).expect(t, 201).list(t, "workflows")
	if len(created) != 2 {
		t.Fatalf("created %d workflows", len(created))
	}
	wf1 := created[0]
	if _, ok := wf1.Value("interface").(*data.Map); !ok {
		t.Errorf("POST renders interface as %T, want an object", wf1.Value("interface"))
	}
	if wf1.Value("input") != `a, b="5"` {
		t.Errorf("input = %v", wf1.Value("input"))
	}
	id1 := wf1.Value("id").(string)

	runCalls(t, a, []call{
		{name: "get by name", path: "/v2/workflows/wf1?namespace=", status: 200,
			contains: []string{`"interface": "{\"input\": [\"a\", {\"b\": 5}], \"output\": []}"`},
			has:      []string{"id", "name", "namespace", "input", "interface", "definition", "tags", "scope", "project_id", "created_at", "updated_at"}},
		{name: "get by id", path: "/v2/workflows/" + id1, status: 200, contains: []string{`"name": "wf1"`}},
		{name: "get unknown", path: "/v2/workflows/nope", status: 404,
			contains: []string{`{"faultcode": "Client", "faultstring": "Workflow not found [workflow_identifier=nope, namespace=]", "debuginfo": null}`}},
		{name: "invalid yaml", method: "POST", path: "/v2/workflows", contentType: "text/plain", body: badYAML, status: 400,
			contains: []string{`"faultstring"`}, lacks: []string{"faultcode"}},
		{name: "duplicate", method: "POST", path: "/v2/workflows", contentType: "text/plain", body: twoWorkflows, status: 409,
			contains: []string{"Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: wf1, , None"}},
		{name: "bad scope", method: "POST", path: "/v2/workflows?scope=shared", contentType: "text/plain", body: twoWorkflows, status: 400,
			contains: []string{"Scope must be one of the following: {'private', 'public'}; actual: shared"}},
		{name: "public needs admin", method: "POST", path: "/v2/workflows?scope=public", contentType: "text/plain", body: twoWorkflows, status: 403},
		{name: "list", path: "/v2/workflows", status: 200, contains: []string{`"name": "wf1"`, `"name": "wf2"`}, lacks: []string{"next"}},
		{name: "fields", path: "/v2/workflows?fields=name", status: 200, contains: []string{`{"id": "` + id1 + `", "name": "wf1"}`}},
		// Mistral reads input from the spec, which brings the interface.
		{name: "fields input", path: "/v2/workflows?fields=input&name=wf1&limit=1", status: 200,
			contains: []string{`"input": "a, b=\"5\"", "interface": "{\"input\": [\"a\", {\"b\": 5}], \"output\": []}"`, `&fields=id,spec"`}},
		{name: "unknown field", path: "/v2/workflows?fields=name,bogus", status: 400,
			contains: []string{"Some fields do not exist  [bogus], please choose from [id, name, namespace, input, interface, definition, tags, scope, project_id, created_at, updated_at]"}},
		{name: "filter has", path: "/v2/workflows?name=has:2", status: 200, contains: []string{`"name": "wf2"`}},
		{name: "filter in", path: "/v2/workflows?name=in:wf1,wf3", status: 200, contains: []string{`"name": "wf1"`}},
		{name: "filter neq", path: "/v2/workflows?name=neq:wf1&fields=name", status: 200, contains: []string{`"name": "wf2"`}},
		{name: "filter tags", path: "/v2/workflows?tags=y,x&fields=name", status: 200, contains: []string{`"name": "wf2"`}},
		{name: "filter bad uuid", path: "/v2/workflows?project_id=abc", status: 400,
			contains: []string{"Invalid input for field/attribute project_id. Value: 'abc'. unable to convert to uuid. Error: Expected a uuid but received abc."}},
		{name: "sort desc", path: "/v2/workflows?sort_keys=name&sort_dirs=desc&limit=1&fields=name", status: 200,
			contains: []string{`"name": "wf2"`, `/v2/workflows?sort_keys=name,id&sort_dirs=desc,asc&limit=1&marker=`, `&fields=id,name"`}},
		{name: "next with filters", path: "/v2/workflows?name=has:wf&limit=1", status: 200,
			contains: []string{`sort_keys=created_at,id&sort_dirs=asc,asc&name=has:wf&limit=1&marker=`}},
		{name: "unknown sort key", path: "/v2/workflows?sort_keys=bogus", status: 400, contains: []string{"Sort key supplied is invalid: bogus"}},
		{name: "bad sort dir", path: "/v2/workflows?sort_dirs=up", status: 400, contains: []string{"Unknown sort direction, must be 'desc' or 'asc'."}},
		{name: "more dirs than keys", path: "/v2/workflows?sort_dirs=asc,desc", status: 400,
			contains: []string{"Length of sort_keys must be equal or greater than sort_dirs."}},
		{name: "limit zero", path: "/v2/workflows?limit=0", status: 400, contains: []string{"Limit must be positive."}},
		// Python's int() reads any size; Mistral's database takes a limit up
		// to 2**64-1 and then fails (500). Beyond int64 there is no limit.
		{name: "limit beyond int64", path: "/v2/workflows?limit=9223372036854775808&fields=name&sort_keys=name",
			status: 200, contains: []string{`"name": "wf1"`, `"name": "wf2"`}},
		{name: "limit big negative", path: "/v2/workflows?limit=-99999999999999999999", status: 400, contains: []string{"Limit must be positive."}},
		{name: "limit text", path: "/v2/workflows?limit=abc", status: 400, contains: []string{"Invalid input for field/attribute limit. Value: 'abc'."}},
		{name: "marker not uuid", path: "/v2/workflows?marker=x", status: 400,
			contains: []string{"Invalid input for field/attribute marker. Value: 'x'. unable to convert to uuid."}},
		{name: "marker unknown", path: "/v2/workflows?marker=123e4567-e89b-12d3-a456-426655440000", status: 404,
			contains: []string{"Workflow not found [workflow_id=123e4567-e89b-12d3-a456-426655440000]"}},
		{name: "limit empty", path: "/v2/workflows?limit=", status: 400,
			contains: []string{"Invalid input for field/attribute limit. Value: ''. unable to convert to int."}},
		{name: "marker empty", path: "/v2/workflows?marker=", status: 400,
			contains: []string{"Invalid input for field/attribute marker. Value: ''. unable to convert to uuid."}},
		{name: "sort keys empty", path: "/v2/workflows?sort_keys=", status: 400,
			contains: []string{"Length of sort_keys must be equal or greater than sort_dirs."}},
		// WSME hands a typed argument given twice the list of its values.
		{name: "repeated limit", path: "/v2/workflows?limit=5&limit=1", status: 400,
			contains: []string{"Invalid input for field/attribute limit. Value: '['5', '1']'. unable to convert to int. Error: int() argument must be"}},
		{name: "repeated uuid filter", path: "/v2/workflows?project_id=abc&project_id=def", status: 400,
			contains: []string{"Value: '['abc', 'def']'. unable to convert to uuid. Error: Expected a uuid but received ['abc', 'def']."}},
		{name: "repeated filter takes the last", path: "/v2/workflows?name=wf1&name=wf2&fields=name", status: 200,
			contains: []string{`"name": "wf2"`}, lacks: []string{`"name": "wf1"`}},
		{name: "filter tags eq", path: "/v2/workflows?tags=eq:y&fields=name", status: 200, contains: []string{`"name": "wf2"`}},
		{name: "filter tags other operator filters nothing", path: "/v2/workflows?tags=has:zzz&fields=name", status: 200,
			contains: []string{`"name": "wf1"`, `"name": "wf2"`}},
		{name: "unknown argument", path: "/v2/workflows?foo=1", status: 400, contains: []string{`Unknown argument: \"foo\"`}},
		// Mistral's text tags are split at each comma as given.
		{name: "filter tags spaced", path: "/v2/workflows?tags=x,%20y&fields=name", status: 200, contains: []string{`{"workflows": []}`}},
		{name: "filter tags blank item", path: "/v2/workflows?tags=x,&fields=name", status: 200, contains: []string{`{"workflows": []}`}},
		// A tags filter that filters nothing still shows in next links.
		{name: "filter tags in next link", path: "/v2/workflows?tags=in:a,b&limit=1&fields=name", status: 200,
			contains: []string{"&tags=in:['a', 'b']&limit=1&"}},
		{name: "filter tags empty next link", path: "/v2/workflows?tags=&limit=1&fields=name", status: 200,
			contains: []string{"&tags=eq:&limit=1&"}},
		// has: is LIKE '%value%' with the value's wildcards.
		{name: "filter has wildcard", path: "/v2/workflows?name=has:w_2&fields=name", status: 200, contains: []string{`"name": "wf2"`}},
		// interface is no column: alone it renders nothing.
		{name: "fields interface", path: "/v2/workflows?fields=name,interface&name=wf1", status: 200,
			contains: []string{`"name": "wf1"`}, lacks: []string{`"interface"`}},
		{name: "limit with underscores", path: "/v2/workflows?limit=1_0&fields=name", status: 200, contains: []string{`"name": "wf2"`}},
		{name: "time filter with a zone", path: "/v2/workflows?created_at=gt:2000-01-01T00:00:00Z&fields=name", status: 200,
			contains: []string{`"name": "wf2"`}},
		{name: "all projects needs admin", path: "/v2/workflows?all_projects=true", status: 403},
		{name: "validate ok", method: "POST", path: "/v2/workflows/validate", contentType: "text/plain", body: twoWorkflows, status: 200,
			contains: []string{`{"valid": true}`}},
		{name: "validate bad", method: "POST", path: "/v2/workflows/validate", body: badYAML, status: 200,
			contains: []string{`"valid": false`, `"error": `}},
		{name: "delete unknown", method: "DELETE", path: "/v2/workflows/nope", status: 404},
	})

	// Marker pagination walks both workflows.
	first := a.get("/v2/workflows?limit=1&sort_keys=name").expect(t, 200)
	next := first.obj(t).Value("next").(string)
	second := a.get(strings.TrimPrefix(next, a.srv.URL)).expect(t, 200).list(t, "workflows")
	if len(second) != 1 || second[0].Value("name") != "wf2" {
		t.Fatalf("second page: %v", second)
	}

	one := "version: '2.0'\nwf1:\n  tasks:\n    t1:\n      action: std.echo output=1\n"
	upd := a.do("PUT", "/v2/workflows/"+id1+"?namespace=&scope=private", "text/plain", one).expect(t, 200).obj(t)
	if upd.Value("id") != id1 || !strings.Contains(upd.Value("definition").(string), "std.echo") || upd.Value("updated_at") == nil {
		t.Fatalf("PUT by id: %v", upd)
	}
	all := a.do("PUT", "/v2/workflows?namespace=&scope=private", "text/plain", twoWorkflows).expect(t, 200).list(t, "workflows")
	if len(all) != 2 {
		t.Fatalf("PUT: %v", all)
	}
	a.do("PUT", "/v2/workflows", "text/plain", "version: '2.0'\nnew:\n  tasks:\n    t:\n      action: std.noop\n").expect(t, 404)
	a.do("DELETE", "/v2/workflows/wf1", "", "").expect(t, 204)
	a.do("DELETE", "/v2/workflows/wf1", "", "").expect(t, 404)
}

func TestExecutions(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", helloWorkflow).expect(t, 201)
	a.postText("/v2/workflows", waiterWorkflow).expect(t, 201)
	ex := a.postJSON("/v2/executions", `{"description": "", "workflow_name": "hello", "input": "{\"name\": \"ann\"}", "params": "{\"env\": {\"k\": \"v\"}}"}`).
		expect(t, 201).obj(t)
	id := ex.Value("id").(string)
	for _, k := range []string{"params", "input", "output"} {
		if _, ok := ex.Value(k).(string); !ok {
			t.Errorf("%s is %T, want a JSON string", k, ex.Value(k))
		}
	}
	if ex.Has("published_global") || ex.Has("source_execution_id") {
		t.Errorf("POST answer has published_global or source_execution_id: %v", ex)
	}
	done := a.waitExecution(id)
	if done.Value("state") != "SUCCESS" || done.Value("output") != `{"text": "Hello, ann!"}` {
		t.Fatalf("execution: %v", done)
	}
	wait := a.postJSON("/v2/executions", `{"workflow_name": "waiter"}`).expect(t, 201).obj(t).Value("id").(string)
	fixed := "123e4567-e89b-42d3-a456-426655440000"
	a.postJSON("/v2/executions", `{"id": "`+fixed+`", "workflow_name": "hello", "input": {"name": "bo"}}`).expect(t, 201)
	a.waitExecution(fixed)

	runCalls(t, a, []call{
		{name: "get", path: "/v2/executions/" + id, status: 200, contains: []string{`"published_global": "{}"`},
			has: []string{"id", "workflow_id", "workflow_name", "workflow_namespace", "description", "tags", "params", "task_execution_id",
				"root_execution_id", "state", "state_info", "input", "output", "created_at", "updated_at", "project_id", "published_global"}},
		{name: "get unknown", path: "/v2/executions/" + fixed[:35] + "1", status: 404, contains: []string{"WorkflowExecution not found [id="}},
		{name: "idempotent create", method: "POST", path: "/v2/executions", body: `{"id": "` + fixed + `", "workflow_name": "nope"}`, status: 201,
			contains: []string{`"id": "` + fixed + `"`, `"workflow_name": "hello"`}},
		{name: "list omits output", path: "/v2/executions?workflow_name=hello&sort_keys=created_at", status: 200,
			contains: []string{`"id": "` + id + `"`}},
		{name: "state in", path: "/v2/executions?state=in:RUNNING,PAUSED&fields=state", status: 200, contains: []string{`"state": "RUNNING"`}},
		{name: "nulls", path: "/v2/executions?nulls=root_execution_id&fields=id", status: 200, contains: []string{id}},
		{name: "nulls bogus", path: "/v2/executions?nulls=foo", status: 400, contains: []string{"'foo' is not a valid field name."}},
		// nulls is lower-cased and leaves filters given a value alone.
		{name: "nulls in capitals", path: "/v2/executions?nulls=ROOT_EXECUTION_ID&fields=id", status: 200, contains: []string{id}},
		{name: "nulls of a given filter", path: "/v2/executions?nulls=workflow_name&workflow_name=hello&fields=id", status: 200,
			contains: []string{id}},
		{name: "nulls of tags", path: "/v2/executions?nulls=tags&workflow_name=hello&limit=1&fields=id", status: 200,
			contains: []string{"&workflow_name=eq:hello&tags=eq:None&limit=1&"}},
		{name: "sub-executions of the execution in the query", path: "/v2/executions/" + fixed + "/executions?id=" + id, status: 200,
			contains: []string{`"id": "` + id + `"`}, lacks: []string{fixed}},
		{name: "sub-executions query id no uuid", path: "/v2/executions/" + fixed + "/executions?id=abc", status: 400,
			contains: []string{`"Expected a uuid but received abc."`}},
		{name: "nulls id", path: "/v2/executions?nulls=id", status: 400, contains: []string{"The field 'id' can't hold None value."}},
		{name: "nulls in next link", path: "/v2/executions?nulls=state_info&workflow_name=hello&limit=1&fields=id", status: 200,
			contains: []string{"&workflow_name=eq:hello&state_info=eq:None&limit=1&"}},
		// tags is a list before any operator is looked for; an empty one
		// filters nothing and shows in next links.
		{name: "tags empty list in next link", path: "/v2/executions?tags=,&workflow_name=hello&limit=1&fields=id", status: 200,
			contains: []string{"&workflow_name=eq:hello&tags=eq:[]&limit=1&"}},
		{name: "tags keep an operator", path: "/v2/executions?tags=eq:&workflow_name=hello&fields=id", status: 200,
			contains: []string{`{"executions": []}`}},
		{name: "project filter needs admin", path: "/v2/executions?project_id=123e4567-e89b-12d3-a456-426655440000", status: 403},
		{name: "no workflow", method: "POST", path: "/v2/executions", body: `{"description": ""}`, status: 400,
			contains: []string{"Workflow ID or workflow name must be provided. Workflow ID is recommended."}},
		{name: "unknown workflow", method: "POST", path: "/v2/executions", body: `{"workflow_name": "nope"}`, status: 404,
			contains: []string{"Workflow not found [workflow_identifier=nope, namespace=]"}},
		{name: "missing input", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello"}`, status: 400,
			contains: []string{"Invalid input [name=hello, class=DirectWorkflowSpec, missing=['name']]"}},
		{name: "text body", method: "POST", path: "/v2/executions", contentType: "text/plain", body: `{}`, status: 415,
			contains: []string{`{"faultcode": "Client", "faultstring": "Unknown mimetype: text/plain", "debuginfo": null}`}},
		// WSME compares the media type as it is, and reads a form body
		// (no Content-Type from curl -d) as arguments.
		{name: "media type in capitals", method: "POST", path: "/v2/executions", contentType: "APPLICATION/JSON", body: `{}`, status: 415,
			contains: []string{`"Unknown mimetype: APPLICATION/JSON"`}},
		{name: "media type with a space", method: "POST", path: "/v2/executions", contentType: "application/json ; charset=utf-8", body: `{}`,
			status: 415, contains: []string{`"Unknown mimetype: application/json "`}},
		{name: "media type with charset", method: "POST", path: "/v2/executions", contentType: "application/json;charset=utf-8", body: `{}`,
			status: 400, contains: []string{"Workflow ID or workflow name must be provided."}},
		// webob names a body without a Content-Type text/plain; WSME reads
		// JavaScript as JSON, and an empty body of any type as none.
		{name: "no media type", method: "POST", path: "/v2/executions", contentType: "-", body: `{}`, status: 415,
			contains: []string{`"Unknown mimetype: text/plain"`}},
		{name: "JavaScript", method: "POST", path: "/v2/executions", contentType: "text/javascript", body: `{}`,
			status: 400, contains: []string{"Workflow ID or workflow name must be provided."}},
		{name: "empty text body", method: "POST", path: "/v2/executions", contentType: "text/plain", status: 400,
			contains: []string{`Missing argument: \"wf_ex\"`}},
		{name: "blank json body", method: "POST", path: "/v2/executions", body: "  \n", status: 400,
			contains: []string{"Request is not in valid JSON format"}},
		{name: "form body", method: "POST", path: "/v2/executions", contentType: "application/x-www-form-urlencoded",
			body: `{"workflow_name": "hello"}`, status: 400, contains: []string{`"Unknown argument: \"{\"workflow_name\": \"hello\"}\""`}},
		{name: "form body pairs", method: "PUT", path: "/v2/executions/" + id, contentType: "application/x-www-form-urlencoded",
			body: `&state+x=PAUSED`, status: 400, contains: []string{`"Unknown argument: \"state x\""`}},
		{name: "empty form body", method: "PUT", path: "/v2/executions/" + id, contentType: "application/x-www-form-urlencoded",
			status: 400, contains: []string{`Missing argument: \"wf_ex\"`}},
		{name: "malformed json", method: "POST", path: "/v2/executions", body: `{"workflow_name": `, status: 400,
			contains: []string{"Request is not in valid JSON format"}},
		{name: "unknown attribute", method: "POST", path: "/v2/executions", body: `{"foo": 1}`, status: 400,
			contains: []string{"Unknown attribute for argument wf_ex: foo"}},
		// Attributes are read in the Execution resource's order, not the body's.
		{name: "bad state after bad description", method: "POST", path: "/v2/executions", body: `{"state": 5, "description": 5}`, status: 400,
			contains: []string{"Invalid input for field/attribute description. Value: '5'. Wrong type."}},
		{name: "read only after bad workflow id", method: "POST", path: "/v2/executions", body: `{"project_id": "p", "workflow_id": 5}`, status: 400,
			contains: []string{"Invalid input for field/attribute workflow_id. Value: '5'. Wrong type."}},
		// WSME's errors: reading a value fails for the whole body, checking
		// its type for the attribute.
		{name: "wrong type", method: "POST", path: "/v2/executions", body: `{"tags": "x"}`, status: 400,
			contains: []string{"Invalid input for field/attribute wf_ex. Value: '{'tags': 'x'}'. Value not a valid list: x"}},
		{name: "wrong item type", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "tags": [1]}`, status: 400,
			contains: []string{"Invalid input for field/attribute tags. Value: '[1]'. Wrong type. Expected '<class 'str'>', got '<class 'int'>'"}},
		{name: "text of another type", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "description": true}`, status: 400,
			contains: []string{"Invalid input for field/attribute description. Value: 'True'. Wrong type. Expected '<class 'str'>', got '<class 'bool'>'"}},
		{name: "input not an object", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "input": "[1]"}`, status: 400,
			contains: []string{"JsonType field value must be a dictionary [actual=[1]]"}},
		{name: "input neither text nor object", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "input": [1]}`, status: 400,
			contains: []string{"Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'hello', 'input': [1]}'. the JSON object must be str, bytes or bytearray, not list"}},
		{name: "input bad json text", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "input": "{x"}`, status: 400,
			contains: []string{"Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'hello', 'input': '{x'}'. Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}},
		{name: "input empty text", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "input": ""}`, status: 400,
			contains: []string{"Invalid input for field/attribute wf_ex. Value: '{'workflow_name': 'hello', 'input': ''}'. Expecting value: line 1 column 1 (char 0)"}},
		{name: "params single quotes", method: "PUT", path: "/v2/executions/" + id, body: `{"params": "{'a': 1}"}`, status: 400,
			contains: []string{`Invalid input for field/attribute wf_ex. Value: '{'params': \"{'a': 1}\"}'. ` +
				"Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}},
		{name: "output not json", method: "PUT", path: "/v2/action_executions/" + id, body: `{"state": "ERROR", "output": "late"}`, status: 400,
			contains: []string{"Invalid input for field/attribute action_ex. Value: '{'state': 'ERROR', 'output': 'late'}'. " +
				"Expecting value: line 1 column 1 (char 0)"}},
		{name: "variables not json", method: "POST", path: "/v2/environments", body: `{"name": "e", "variables": "   "}`, status: 400,
			contains: []string{"Invalid input for field/attribute env. Value: '{'name': 'e', 'variables': '   '}'. " +
				"Expecting value: line 1 column 4 (char 3)"}},
		{name: "filter not json", method: "GET", path: "/v2/executions?input=%7Bbad", status: 400,
			contains: []string{"Invalid input for field/attribute input. Value: '{bad'. unable to convert to json. " +
				"Error: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}},
		{name: "filter with operator not json", method: "GET", path: "/v2/executions?input=neq:x", status: 400,
			contains: []string{"Invalid input for field/attribute input. Value: 'neq:x'. unable to convert to json. " +
				"Error: Expecting value: line 1 column 1 (char 0)"}},
		{name: "filter with operator on json", method: "GET", path: "/v2/executions?params=eq:%7B%7D", status: 400,
			contains: []string{"Invalid input for field/attribute params. Value: 'eq:{}'. unable to convert to json. " +
				"Error: Expecting value: line 1 column 1 (char 0)"}},
		{name: "state not text", method: "PUT", path: "/v2/executions/" + id, body: `{"state": ["PAUSED"]}`, status: 400,
			contains: []string{"Invalid input for field/attribute state. Value: '['PAUSED']'. Wrong type. Expected '<class 'str'>', got '<class 'list'>'"}},
		{name: "update nothing", method: "PUT", path: "/v2/executions/" + id, body: `{}`, status: 400,
			contains: []string{"The property state, description, or env is not provided for update."}},
		{name: "update description and state", method: "PUT", path: "/v2/executions/" + id, body: `{"state": "PAUSED", "description": "d"}`, status: 400,
			contains: []string{"The property description must be updated separately from state."}},
		{name: "update bad state", method: "PUT", path: "/v2/executions/" + wait, body: `{"state": "IDLE"}`, status: 400,
			contains: []string{"Cannot change state to IDLE. Allowed states are: 'RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED"}},
		{name: "update description", method: "PUT", path: "/v2/executions/" + id, body: `{"description": "hi"}`, status: 200,
			contains: []string{`"description": "hi"`}, lacks: []string{"params", "input", "output"}},
		{name: "update env while running", method: "PUT", path: "/v2/executions/" + wait, body: `{"params": {"env": {"a": 1}}}`, status: 403,
			contains: []string{"Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state."}},
		{name: "update description and refused env", method: "PUT", path: "/v2/executions/" + wait,
			body: `{"description": "not kept", "params": {"env": {"a": 1}}}`, status: 403},
		{name: "description unchanged", path: "/v2/executions/" + wait, status: 200, lacks: []string{"not kept"}},
		{name: "update unknown", method: "PUT", path: "/v2/executions/" + fixed[:35] + "1", body: `{"state": "PAUSED"}`, status: 404},
		{name: "pause", method: "PUT", path: "/v2/executions/" + wait, body: `{"state": "PAUSED"}`, status: 200, contains: []string{`"state": "PAUSED"`}},
		{name: "update env while paused", method: "PUT", path: "/v2/executions/" + wait, body: `{"params": {"env": {"a": 1}}}`, status: 200,
			contains: []string{`\"env\": {\"a\": 1}`}, lacks: []string{`"input"`, `"output"`}},
		{name: "delete unfinished", method: "DELETE", path: "/v2/executions/" + wait, status: 403,
			contains: []string{"Only completed executions can be deleted. Use --force to override this. Execution " + wait + " is in PAUSED state"}},
		{name: "cancel", method: "PUT", path: "/v2/executions/" + wait, body: `{"state": "CANCELLED", "state_info": "enough"}`, status: 200,
			contains: []string{`"state": "CANCELLED"`, `"state_info": "enough"`}},
		// As Mistral: resuming or cancelling a finished execution changes nothing.
		{name: "resume finished with env", method: "PUT", path: "/v2/executions/" + wait,
			body: `{"state": "RUNNING", "params": {"env": {"b": 2}}}`, status: 200, contains: []string{`"state": "CANCELLED"`}, lacks: []string{`\"b\": 2`}},
		{name: "cancel again", method: "PUT", path: "/v2/executions/" + wait, body: `{"state": "CANCELLED"}`, status: 200,
			contains: []string{`"state": "CANCELLED"`, `"state_info": "enough"`}},
		{name: "report", path: "/v2/executions/" + id + "/report", status: 200,
			contains: []string{`"total_tasks_count": 1`, `"success_tasks_count": 1`, `"root_workflow_execution"`}},
		{name: "report statistics only", path: "/v2/executions/" + id + "/report?statistics_only=True&errors_only=True", status: 200,
			lacks: []string{"root_workflow_execution"}},
		{name: "sub-executions", path: "/v2/executions/" + id + "/executions?max_depth=-1&errors_only=", status: 200,
			contains: []string{`"id": "` + id + `"`}, lacks: []string{"next"}},
		{name: "tasks of bad id", path: "/v2/executions/x/tasks", status: 400},
		{name: "tasks of unknown", path: "/v2/executions/" + fixed[:35] + "1/tasks", status: 200, contains: []string{`{"tasks": []}`}},
		// WSME refuses arguments an endpoint does not take, before the
		// execution is looked up.
		{name: "get with argument", path: "/v2/executions/" + fixed[:35] + "1?fields=state", status: 400,
			contains: []string{`Unknown argument: \"fields\"`}},
		{name: "update with argument", method: "PUT", path: "/v2/executions/" + wait + "?foo=1", body: `{"state": "PAUSED"}`, status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "delete with argument", method: "DELETE", path: "/v2/executions/" + id + "?foo=1", status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "create with argument", method: "POST", path: "/v2/executions?foo=1", body: `{"workflow_name": "hello"}`, status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "update without body", method: "PUT", path: "/v2/executions/" + fixed[:35] + "1", status: 400,
			contains: []string{`Missing argument: \"wf_ex\"`}},
		// WSME refuses project_id, a readonly attribute, even null.
		{name: "create with project", method: "POST", path: "/v2/executions", body: `{"workflow_name": "hello", "project_id": null}`, status: 400,
			contains: []string{"Invalid input for field/attribute project_id. Value: 'None'. Cannot set read only field."}},
		{name: "update with project", method: "PUT", path: "/v2/executions/" + id, body: `{"description": "x", "project_id": "p"}`, status: 400,
			contains: []string{"Invalid input for field/attribute project_id. Value: 'p'. Cannot set read only field."}},
		{name: "environment with project", method: "POST", path: "/v2/environments", body: `{"name": "e", "project_id": "p"}`, status: 400,
			contains: []string{"Invalid input for field/attribute project_id. Value: 'p'. Cannot set read only field."}},
		{name: "create without body", method: "POST", path: "/v2/executions", contentType: "application/json", status: 400,
			contains: []string{`Missing argument: \"wf_ex\"`}},
		// A uuid filter keeps its value only: every operator filters as eq,
		// and the list of in: is no uuid.
		{name: "uuid filter neq filters as eq", path: "/v2/executions?root_execution_id=neq:" + fixed + "&limit=1", status: 200,
			contains: []string{`{"executions": []}`}},
		{name: "uuid filter link", path: "/v2/executions?workflow_id=gt:" + ex.Value("workflow_id").(string) + "&limit=1&fields=id", status: 200,
			contains: []string{`"id": "` + id + `"`, `&workflow_id=eq:` + ex.Value("workflow_id").(string) + `&limit=1`}},
		// Next links show the filters in the order of Mistral's execution
		// controller, objects in Python's repr, tags as a list.
		{name: "tags link", path: "/v2/executions?tags=greet&workflow_name=hello&limit=1&fields=id", status: 200,
			contains: []string{`&workflow_name=eq:hello&tags=eq:['greet']&limit=1`}},
		{name: "link order and reprs", path: "/v2/executions?description=neq:x&state=SUCCESS&workflow_name=hello&created_at=gt:2000-01-01" +
			"&input=%7B%22name%22:%20%22ann%22,%20%22greeting%22:%20%22Hello%22%7D&limit=1&fields=id", status: 200,
			contains: []string{`sort_dirs=asc,asc&created_at=gt:2000-01-01&workflow_name=eq:hello&state=eq:SUCCESS&input=eq:{'name': 'ann', 'greeting': 'Hello'}&description=neq:x&limit=1`}},
		// MySQL reads a time filter that is no time as its zero date.
		{name: "time filter not a time", path: "/v2/executions?created_at=gt:bogus&state=SUCCESS&fields=id", status: 200,
			contains: []string{`"id": "` + id + `"`}},
		{name: "time filter not a time, before", path: "/v2/executions?created_at=lt:2020", status: 200, contains: []string{`{"executions": []}`}},
		{name: "time filter not a time in a list", path: "/v2/executions?created_at=in:bogus,2000-01-01", status: 200,
			contains: []string{`{"executions": []}`}},
		{name: "uuid filter in", path: "/v2/executions?task_execution_id=in:" + fixed + ",x", status: 400,
			contains: []string{"Invalid input for field/attribute task_execution_id. Value: 'in:" + fixed + ",x'. unable to convert to uuid. " +
				"Error: Expected a uuid but received ['" + fixed + "', 'x']."}},
		{name: "uuid filter has", path: "/v2/executions?workflow_id=has:abc", status: 400,
			contains: []string{"Invalid input for field/attribute workflow_id. Value: 'has:abc'. unable to convert to uuid. Error: Expected a uuid but received abc."}},
		{name: "delete finished", method: "DELETE", path: "/v2/executions/" + id, status: 204},
		{name: "delete forced", method: "DELETE", path: "/v2/executions/" + fixed + "?force=True", status: 204},
	})
	items := a.get("/v2/executions").expect(t, 200).list(t, "executions")
	for _, m := range items {
		if m.Has("output") || m.Has("published_global") {
			t.Errorf("list item has output or published_global: %v", m)
		}
	}
	with := a.get("/v2/executions?include_output=true").expect(t, 200).list(t, "executions")
	if len(with) == 0 || !with[0].Has("output") {
		t.Errorf("include_output: %v", with)
	}
}

func TestTasksAndActionExecutions(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", twoWorkflows).expect(t, 201)
	ok := a.postJSON("/v2/executions", `{"workflow_name": "wf1", "input": {"a": 1}}`).expect(t, 201).obj(t).Value("id").(string)
	bad := a.postJSON("/v2/executions", `{"workflow_name": "wf2"}`).expect(t, 201).obj(t).Value("id").(string)
	a.waitExecution(ok)
	a.waitExecution(bad)
	okTask := a.get("/v2/executions/"+ok+"/tasks").expect(t, 200).list(t, "tasks")[0]
	badTask := a.get("/v2/executions/"+bad+"/tasks").expect(t, 200).list(t, "tasks")[0]
	okID, badID := okTask.Value("id").(string), badTask.Value("id").(string)
	for _, k := range []string{"result", "published_global", "reset", "env"} {
		if okTask.Has(k) {
			t.Errorf("task list item has %s", k)
		}
	}
	acts := a.get("/v2/tasks/"+badID+"/action_executions").expect(t, 200).list(t, "action_executions")
	if len(acts) != 1 || acts[0].Value("task_name") != "t1" || acts[0].Has("output") || acts[0].Has("params") {
		t.Fatalf("task action executions: %v", acts)
	}
	actID := acts[0].Value("id").(string)

	runCalls(t, a, []call{
		{name: "task get", path: "/v2/tasks/" + okID, status: 200, contains: []string{`"result": "null"`, `"type": "ACTION"`},
			lacks: []string{"reset", "env"}},
		{name: "task unknown", path: "/v2/tasks/" + ok, status: 404, contains: []string{"Task execution not found [id=" + ok + "]"}},
		{name: "tasks by state", path: "/v2/tasks?state=ERROR&fields=name,state", status: 200, contains: []string{`"state": "ERROR"`}},
		{name: "tasks by workflow execution", path: "/v2/tasks?workflow_execution_id=" + ok, status: 200, contains: []string{okID}},
		// A boolean filter is read whole; next links show Python's True.
		{name: "bool filter link", path: "/v2/tasks?processed=true&workflow_execution_id=" + ok + "&name=t1&limit=1&fields=name", status: 200,
			contains: []string{`&name=eq:t1&workflow_execution_id=eq:` + ok + `&processed=eq:True&limit=1`}},
		{name: "task result filter", path: "/v2/tasks?result=x", status: 400},
		// A task's action executions take name as a list: lower-cased,
		// no operator, shown as a list in next links.
		{name: "task actions by name in capitals", path: "/v2/tasks/" + badID + "/action_executions?name=STD.FAIL&fields=name", status: 200,
			contains: []string{`"name": "std.fail"`}},
		{name: "task actions by name with operator", path: "/v2/tasks/" + badID + "/action_executions?name=eq:std.fail", status: 200,
			contains: []string{`{"action_executions": []}`}},
		{name: "task actions name in next link", path: "/v2/tasks/" + badID + "/action_executions?name=std.fail&limit=1&fields=name", status: 200,
			contains: []string{"&name=eq:['std.fail']&task_execution_id=eq:" + badID + "&limit=1&"}},
		// The method's argument named in the query takes the path's place.
		{name: "task actions of the task in the query", path: "/v2/tasks/" + badID + "/action_executions?task_execution_id=" + okID + "&fields=name",
			status: 200, contains: []string{`"name": "std.noop"`}},
		{name: "tasks of the execution in the query", path: "/v2/executions/" + bad + "/tasks?workflow_execution_id=" + ok + "&fields=name",
			status: 200, contains: []string{okID}},
		{name: "execution in the query no uuid", path: "/v2/executions/" + ok + "/tasks?workflow_execution_id=abc", status: 400,
			contains: []string{`"Expected a uuid but received abc."`}},
		// So for one object: the last value in the query is read.
		{name: "task in the query", path: "/v2/tasks/x?id=" + badID + "&id=" + okID, status: 200, contains: []string{okID}},
		{name: "execution in the query", path: "/v2/executions/x?id=" + ok, status: 200, contains: []string{ok}},
		{name: "workflow in the query", path: "/v2/workflows/x?identifier=wf1&namespace=x&namespace=", status: 200,
			contains: []string{`"name": "wf1"`}},
		{name: "action execution in the query", path: "/v2/action_executions/x?id=" + actID, status: 200, contains: []string{actID}},
		{name: "task's action execution in the query", path: "/v2/tasks/x/action_executions/y?task_execution_id=" + badID +
			"&action_ex_id=" + actID, status: 200, contains: []string{actID}},
		{name: "event trigger path read first", path: "/v2/event_triggers/x?id=" + ok, status: 400,
			contains: []string{"Invalid input for field/attribute id. Value: 'x'."}},
		{name: "event trigger in the query", path: "/v2/event_triggers/" + ok + "?id=x", status: 400,
			contains: []string{`"Expected a uuid but received x."`}},
		{name: "rerun without reset", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "RUNNING"}`, status: 400,
			contains: []string{"Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."}},
		// WSME reads a body's attributes in the order the resource defines
		// them: reset (and its mandatory check) before env, state before
		// processed, whatever the body's order.
		{name: "rerun without reset bad env", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "RUNNING", "env": "x"}`, status: 400,
			contains: []string{"Invalid input for field/attribute reset. Value: 'None'. Mandatory field missing."}},
		{name: "rerun bad env bad reset", method: "PUT", path: "/v2/tasks/" + badID, body: `{"env": "x", "reset": "maybe"}`, status: 400,
			contains: []string{"Value not an unambiguous boolean: maybe"}},
		{name: "rerun bad processed bad state", method: "PUT", path: "/v2/tasks/" + badID, body: `{"processed": "maybe", "state": 5}`, status: 400,
			contains: []string{"Invalid input for field/attribute state. Value: '5'. Wrong type."}},
		{name: "rerun read only after bad state", method: "PUT", path: "/v2/tasks/" + badID, body: `{"project_id": "p", "state": 5}`, status: 400,
			contains: []string{"Invalid input for field/attribute state. Value: '5'. Wrong type."}},
		{name: "rerun two unknown attributes", method: "PUT", path: "/v2/tasks/" + badID, body: `{"zz": 1, "state": 5, "yy": 2}`, status: 400,
			contains: []string{"Unknown attributes for argument task: yy, zz"}},
		{name: "rerun with null reset", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "RUNNING", "reset": null}`, status: 400,
			contains: []string{"Only with-items task has the option to not reset."}},
		{name: "rerun wrong state", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "SUCCESS", "reset": true}`, status: 400,
			contains: []string{"Invalid task state. Only updating task to rerun is supported."}},
		{name: "rerun a success", method: "PUT", path: "/v2/tasks/" + okID, body: `{"state": "RUNNING", "reset": true}`, status: 400,
			contains: []string{"The current task execution must be in ERROR for rerun."}},
		{name: "rerun no reset", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "RUNNING", "reset": false}`, status: 400,
			contains: []string{"Only with-items task has the option to not reset."}},
		{name: "rerun with argument", method: "PUT", path: "/v2/tasks/" + badID + "?foo=1", body: `{"state": "RUNNING", "reset": true}`, status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "rerun without body", method: "PUT", path: "/v2/tasks/" + badID, contentType: "application/json", status: 400,
			contains: []string{`Missing argument: \"task\"`}},
		{name: "run without body", method: "POST", path: "/v2/action_executions", contentType: "application/json", status: 400,
			contains: []string{`Missing argument: \"action_ex\"`}},
		{name: "rerun name mismatch", method: "PUT", path: "/v2/tasks/" + badID, body: `{"state": "RUNNING", "reset": true, "name": "t9"}`, status: 400,
			contains: []string{"Task name does not match."}},
		{name: "action execution get", path: "/v2/action_executions/" + actID, status: 200,
			has: []string{"id", "workflow_name", "workflow_namespace", "task_name", "task_execution_id", "state", "state_info", "tags", "name",
				"description", "project_id", "accepted", "input", "output", "created_at", "updated_at"}, lacks: []string{"params"}},
		{name: "task action execution get", path: "/v2/tasks/" + badID + "/action_executions/" + actID, status: 200},
		{name: "task action execution get with argument", path: "/v2/tasks/" + badID + "/action_executions/" + actID + "?fields=name", status: 400,
			contains: []string{`Unknown argument: \"fields\"`}},
		// As Mistral's column != value, neq leaves null columns out.
		{name: "neq leaves nulls out", path: "/v2/executions?state_info=neq:x&state=SUCCESS", status: 200,
			contains: []string{`{"executions": []}`}},
		{name: "action execution unknown", path: "/v2/action_executions/" + ok, status: 404, contains: []string{"ActionExecution not found [id=" + ok + "]"}},
		{name: "action executions by state", path: "/v2/action_executions?state=ERROR&include_output=true", status: 200,
			contains: []string{`"name": "std.fail"`, `"output": `}},
		{name: "task_name filter", path: "/v2/action_executions?task_name=t1", status: 400},
		{name: "accepted filter", path: "/v2/action_executions?accepted=false", status: 200, contains: []string{`{"action_executions": []}`}},
		{name: "run sync", method: "POST", path: "/v2/action_executions", body: `{"name": "std.echo", "input": "{\"output\": 5}"}`, status: 201,
			contains: []string{`"id": null`, `"state": "SUCCESS"`, `"output": "{\"result\": 5}"`}},
		{name: "run without name", method: "POST", path: "/v2/action_executions", body: `{"input": {}}`, status: 400,
			contains: []string{"Please provide at least action name to run action."}},
		{name: "update bad state", method: "PUT", path: "/v2/action_executions/" + actID, body: `{"state": "DONE"}`, status: 400,
			contains: []string{"Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: DONE"}},
		{name: "update null state", method: "PUT", path: "/v2/action_executions/" + actID, body: `{"state": null}`, status: 400,
			contains: []string{"Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: None"}},
		{name: "update without state", method: "PUT", path: "/v2/action_executions/" + actID, body: `{"output": "{}"}`, status: 400,
			contains: []string{"Error. Expected one of ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'], actual: Unset"}},
		{name: "update completed", method: "PUT", path: "/v2/action_executions/" + actID, body: `{"state": "ERROR"}`, status: 400,
			contains: []string{"Action execution " + actID + " is already completed [state=ERROR]"}},
		{name: "delete not allowed", method: "DELETE", path: "/v2/action_executions/" + actID, status: 403,
			contains: []string{"Action execution deletion is not allowed."}},
		{name: "task workflow executions", path: "/v2/tasks/" + okID + "/workflow_executions", status: 200, contains: []string{`{"executions": []}`}},
		{name: "task sub-executions", path: "/v2/tasks/" + okID + "/executions", status: 200, contains: []string{`{"executions": []}`}},
	})

	// An asynchronous action completes through PUT.
	async := a.postJSON("/v2/action_executions", `{"name": "std.async_noop", "params": {"save_result": true}}`).expect(t, 201).obj(t)
	if async.Value("state") != "RUNNING" || async.Value("output") != nil {
		t.Fatalf("async run: %v", async)
	}
	asyncID := async.Value("id").(string)
	done := a.putJSON("/v2/action_executions/"+asyncID, `{"state": "SUCCESS", "output": "{\"v\": 1}"}`).expect(t, 200).obj(t)
	if done.Value("state") != "SUCCESS" || done.Value("output") != `{"result": {"v": 1}}` {
		t.Fatalf("completed async action: %v", done)
	}
	// As Mistral's engine, the answer carries updated_at as it was before
	// the result (never updated: null); the action itself has it now.
	if done.Value("updated_at") != nil {
		t.Errorf("completed async action: updated_at %v, want null", done.Value("updated_at"))
	}
	if got := a.get("/v2/action_executions/"+asyncID).expect(t, 200).obj(t); got.Value("updated_at") == nil {
		t.Errorf("completed async action read: updated_at null")
	}
	// Resuming a running action changes nothing, so nothing is written.
	running := a.postJSON("/v2/action_executions", `{"name": "std.async_noop"}`).expect(t, 201).obj(t).Value("id").(string)
	if same := a.putJSON("/v2/action_executions/"+running, `{"state": "RUNNING"}`).expect(t, 200).obj(t); same.Value("updated_at") != nil {
		t.Errorf("running action resumed: updated_at %v, want null", same.Value("updated_at"))
	}

	// As in Mistral, a SUCCESS without output gives the result {}, one
	// with a null output the result null.
	for _, tc := range []struct{ body, output string }{
		{body: `{"state": "SUCCESS"}`, output: `{"result": {}}`},
		{body: `{"state": "SUCCESS", "output": null}`, output: `{"result": null}`},
		{body: `{"state": "ERROR"}`, output: `{"result": "Unknown error"}`},
	} {
		async := a.postJSON("/v2/action_executions", `{"name": "std.async_noop", "params": {"save_result": true}}`).expect(t, 201).obj(t)
		done := a.putJSON("/v2/action_executions/"+async.Value("id").(string), tc.body).expect(t, 200).obj(t)
		if done.Value("output") != tc.output {
			t.Errorf("%s: output %v, want %s", tc.body, done.Value("output"), tc.output)
		}
	}
}

func TestActionExecutionDeletion(t *testing.T) {
	a := newTestAPIWith(t, rest.Config{AllowActionExecutionDeletion: true})
	x := a.postJSON("/v2/action_executions", `{"name": "std.echo", "input": {"output": 1}, "params": {"save_result": true, "run_sync": true}}`).
		expect(t, 201).obj(t)
	if created, _ := x.Value("created_at").(string); !strings.Contains(created, "T") {
		t.Errorf("run_sync+save_result created_at = %v, want Mistral's ISO form", x.Value("created_at"))
	}
	id := x.Value("id").(string)
	a.do("DELETE", "/v2/action_executions/"+id, "", "").expect(t, 204)
	a.get("/v2/action_executions/"+id).expect(t, 404)
}

func TestBodyLimitsAndPanics(t *testing.T) {
	a := newTestAPIWith(t, rest.Config{MaxBodyBytes: 1024})
	a.postJSON("/v2/executions", `{"description": "`+strings.Repeat("x", 2048)+`"}`).expect(t, 413)
	a.postText("/v2/workflows", strings.Repeat("#", 2048)).expect(t, 413)

	// No body, however odd, makes a handler fail with a 500.
	bodies := []string{"", "null", "[]", "1", `"x"`, `{"id": 5}`, `{"params": 3}`, `{"state": null}`, `{"input": "null"}`,
		`{"name": ["x"]}`, `{"reset": "yes"}`, `{"variables": "[1]"}`, "\x00\xff", "{" + strings.Repeat(`"a":`, 50)}
	paths := []struct{ method, path string }{
		{"POST", "/v2/executions"}, {"PUT", "/v2/executions/123e4567-e89b-42d3-a456-426655440000"},
		{"PUT", "/v2/tasks/123e4567-e89b-42d3-a456-426655440000"}, {"POST", "/v2/action_executions"},
		{"PUT", "/v2/action_executions/123e4567-e89b-42d3-a456-426655440000"}, {"POST", "/v2/environments"},
		{"PUT", "/v2/environments"}, {"POST", "/v2/cron_triggers"}, {"POST", "/v2/event_triggers"},
		{"POST", "/v2/workflows"}, {"POST", "/v2/workbooks"}, {"POST", "/v2/actions"}, {"PUT", "/v2/workflows"},
		{"POST", "/v2/workflows/validate"}, {"POST", "/v2/actions/validate"}, {"POST", "/v2/workbooks/validate"},
	}
	for _, p := range paths {
		for _, b := range bodies {
			if r := a.do(p.method, p.path, "application/json", b); r.status >= 500 {
				t.Errorf("%s %s %q: %d %s", p.method, p.path, b, r.status, r.text)
			}
		}
	}
}
