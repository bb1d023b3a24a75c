package rest_test

import (
	"net/http"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestBodyArguments checks the arguments of a GET's or a DELETE's body
// against Mistral 15's answers (WSME reads them as it reads the query).
func TestBodyArguments(t *testing.T) {
	a := newTestAPI(t)
	const (
		jsonType = "application/json"
		form     = "application/x-www-form-urlencoded"
		noID     = "00000000-0000-0000-0000-000000000000"
	)
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		fault                                 string // faultstring, when refused
		items                                 int    // actions listed, when >0
	}{
		{name: "a known argument is used", path: "/v2/actions", body: `{"limit": 1}`, status: 200, items: 1},
		{name: "a text limit", path: "/v2/actions", body: `{"limit": "2"}`, status: 200, items: 2},
		{name: "a fractional limit is truncated", path: "/v2/actions", body: `{"limit": 1.5}`, status: 200, items: 1},
		{name: "a boolean limit is an integer", path: "/v2/actions", body: `{"limit": true}`, status: 200, items: 1},
		{name: "JavaScript is JSON", path: "/v2/actions", contentType: "text/javascript; charset=utf-8", body: `{"limit": 1}`, status: 200, items: 1},
		{name: "an empty body gives nothing", path: "/v2/actions?limit=1", body: ``, status: 200, items: 1},
		{name: "an empty object gives nothing", path: "/v2/actions?limit=1", body: `{}`, status: 200, items: 1},
		{name: "a GET's form gives nothing", path: "/v2/actions?limit=1", contentType: form, body: `zz=1`, status: 200, items: 1},
		{name: "a null argument is none", path: "/v2/executions", body: `{"limit": null}`, status: 200},
		{name: "unknown arguments, all named", path: "/v2/executions", body: `{"a": 1, "b": 2}`,
			status: 400, fault: `Unknown argument: "a, b"`},
		{name: "the query's unknown argument first", path: "/v2/executions?zz=1", body: `{"a": 1}`,
			status: 400, fault: `Unknown argument: "zz"`},
		{name: "a body argument's type before the unknown ones", path: "/v2/executions", body: `{"a": 1, "limit": "x"}`,
			status: 400, fault: "Invalid input for field/attribute limit. Value: 'x'. invalid literal for int() with base 10: 'x'"},
		{name: "the query's argument types before the body's names", path: "/v2/executions?limit=x", body: `{"a": 1}`,
			status: 400, fault: "Invalid input for field/attribute limit. Value: 'x'. unable to convert to int. Error: invalid literal for int() with base 10: 'x'"},
		// A body's boolean is read strictly, a query's is not.
		{name: "a body boolean WSME does not read", path: "/v2/executions", body: `{"a": 1, "all_projects": "maybe"}`,
			status: 400, fault: "Invalid input for field/attribute all_projects. Value: 'maybe'. Value not an unambiguous boolean: maybe"},
		{name: "a body boolean of another type", path: "/v2/tasks", body: `{"processed": 2.5}`,
			status: 400, fault: "Invalid input for field/attribute processed. Value: '2.5'. Value not an unambiguous boolean: 2.5"},
		{name: "a body boolean spelled false", path: "/v2/executions", body: `{"all_projects": "0", "include_output": false}`, status: 200},
		{name: "a body boolean read as an integer", path: "/v2/executions", body: `{"include_output": 0}`, status: 200},
		{name: "a boolean the endpoint does not take is unknown", path: "/v2/workflows", body: `{"include_output": "maybe"}`,
			status: 400, fault: `Unknown argument: "include_output"`},
		{name: "a DELETE's body boolean", method: "DELETE", path: "/v2/executions/" + noID, body: `{"force": "sure"}`,
			status: 400, fault: "Invalid input for field/attribute force. Value: 'sure'. Value not an unambiguous boolean: sure"},
		{name: "a marker in the body", path: "/v2/tasks", body: `{"marker": "x"}`,
			status: 400, fault: "Expected a uuid but received x."},
		{name: "in the query and the body", path: "/v2/executions?limit=2", body: `{"limit": 1}`,
			status: 400, fault: "Parameter limit was given several times"},
		{name: "in the query and null in the body", path: "/v2/executions?limit=2", body: `{"limit": null}`,
			status: 400, fault: "Parameter limit was given several times"},
		{name: "no JSON", path: "/v2/executions", body: `{bad`, status: 400, fault: "Request is not in valid JSON format"},
		{name: "blanks are no JSON", path: "/v2/executions", body: `  `, status: 400, fault: "Request is not in valid JSON format"},
		{name: "a list", path: "/v2/executions", body: `[1]`, status: 400, fault: "Request must be a JSON dict"},
		{name: "null", path: "/v2/executions", body: `null`, status: 400, fault: "Request must be a JSON dict"},
		{name: "text", path: "/v2/executions", contentType: "text/plain", body: `hello`,
			status: 415, fault: "Unknown mimetype: text/plain"},
		{name: "no media type is text", path: "/v2/executions", contentType: "-", body: `{"limit": 1}`,
			status: 415, fault: "Unknown mimetype: text/plain"},
		{name: "media types keep their case", path: "/v2/executions", contentType: "application/JSON", body: `{"limit": 1}`,
			status: 415, fault: "Unknown mimetype: application/JSON"},
		{name: "a resource's unknown argument", path: "/v2/executions/" + noID, body: `{"x": 1}`,
			status: 400, fault: `Unknown argument: "x"`},
		{name: "the body's argument replaces the path's", path: "/v2/actions/nope", body: `{"identifier": "std.noop"}`, status: 200},
		{name: "the root takes none", path: "/", body: `{"a": 1}`, status: 400, fault: `Unknown argument: "a"`},
		{name: "a DELETE's form fields are arguments", method: "DELETE", path: "/v2/workbooks/nope", contentType: form, body: `zz=1&yy=2`,
			status: 400, fault: `Unknown argument: "zz, yy"`},
		{name: "a DELETE's JSON arguments", method: "DELETE", path: "/v2/executions", body: `{"id": "` + noID + `"}`,
			status: 404, fault: "WorkflowExecution not found [id=" + noID + "]"},
		{name: "a DELETE's text", method: "DELETE", path: "/v2/executions/" + noID, contentType: "text/plain", body: `zz`,
			status: 415, fault: "Unknown mimetype: text/plain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			contentType := tc.contentType
			switch contentType {
			case "":
				contentType = jsonType
			case "-":
				contentType = "" // no header
			}
			r := a.do(method, tc.path, contentType, tc.body).expect(t, tc.status)
			if tc.fault != "" {
				if got := data.Str(r.obj(t).Value("faultstring")); got != tc.fault {
					t.Fatalf("faultstring %q, want %q", got, tc.fault)
				}
			}
			if tc.items > 0 {
				if got := len(r.list(t, "actions")); got != tc.items {
					t.Fatalf("%d actions listed, want %d", got, tc.items)
				}
			}
		})
	}
}
