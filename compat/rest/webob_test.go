package rest_test

import (
	"net/http"
	"testing"
)

// Pecan's own 404 and 405 follow the Accept header as the real Mistral 15
// does (bodies observed with curl), and a 405's Allow header lists the
// methods of the whole controller, sorted.
func TestPecanErrorPages(t *testing.T) {
	a := newTestAPI(t)
	const (
		html404 = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n" +
			"  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>"
		html405 = "<html>\n <head>\n  <title>405 Method Not Allowed</title>\n </head>\n <body>\n  <h1>405 Method Not Allowed</h1>\n" +
			"  The method PATCH is not allowed for this resource. <br /><br />\n\n </body>\n</html>"
		plain404 = "404 Not Found\n\nThe resource could not be found.\n\n   "
	)
	for _, tc := range []struct {
		method, path, accept string
		status               int
		ctype, body, allow   string
	}{
		{"GET", "/v2/nosuch", "", 404, "text/plain; charset=UTF-8", plain404, ""},
		{"GET", "/v2/nosuch", "*/*", 404, "text/html; charset=UTF-8", html404, ""},
		{"GET", "/v2/nosuch", "application/xml", 404, "text/plain; charset=UTF-8", plain404, ""},
		{"GET", "/v2/nosuch", "application/json", 404, "application/json",
			`{"code": 404, "title": "Not Found", "description": null}`, ""},
		{"GET", "/nosuch", "application/*", 404, "application/json",
			`{"code": 404, "title": "Not Found", "description": null}`, ""},
		{"GET", "/v2/executions/x/nosuch", "application/json", 404, "application/json",
			`{"code": 404, "title": "Not Found", "description": ""}`, ""},
		{"GET", "/v2/nosuch", "application/json, text/plain", 404, "application/json",
			`{"message": "The resource could not be found.<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}`, ""},
		{"GET", "/v2/nosuch", "*/*;q=0.1, application/json;q=0.05", 404, "text/html; charset=UTF-8", html404, ""},
		{"PATCH", "/v2/executions", "*/*", 405, "text/html; charset=UTF-8", html405, "DELETE, GET, POST, PUT"},
		{"PATCH", "/v2/executions", "text/html;q=0.5, application/json", 405, "application/json",
			`{"code": 405, "title": "Method Not Allowed", "description": ""}`, "DELETE, GET, POST, PUT"},
		{"PATCH", "/v2/executions", "", 405, "text/plain; charset=UTF-8",
			"405 Method Not Allowed\n\nThe method PATCH is not allowed for this resource. \n\n ", "DELETE, GET, POST, PUT"},
		{"HEAD", "/v2/workflows", "*/*", 405, "text/html; charset=UTF-8", "", "DELETE, GET, POST, PUT"},
		{"PATCH", "/v2/environments/x", "", 405, "text/plain; charset=UTF-8", "", "DELETE, GET, POST, PUT"},
		{"PUT", "/v2/cron_triggers/x", "", 405, "text/plain; charset=UTF-8", "", "DELETE, GET, POST"},
		{"DELETE", "/v2/tasks", "", 405, "text/plain; charset=UTF-8", "", "GET, PUT"},
		{"DELETE", "/v2/executions/x/tasks", "", 405, "text/plain; charset=UTF-8", "", "GET"},
		{"PATCH", "/v2/tasks/x/action_executions/y", "", 405, "text/plain; charset=UTF-8", "", "GET"},
		{"DELETE", "/v2/workflows/validate", "", 405, "text/plain; charset=UTF-8", "", "POST"},
		{"PATCH", "/v2/services/x", "", 405, "text/plain; charset=UTF-8", "", "GET"},
	} {
		h := http.Header{}
		if tc.accept != "" {
			h.Set("Accept", tc.accept)
		}
		r := a.doWith(tc.method, tc.path, "", "", h)
		name := tc.method + " " + tc.path + " [" + tc.accept + "]"
		if r.status != tc.status || r.header.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: %d %s; want %d %s", name, r.status, r.header.Get("Content-Type"), tc.status, tc.ctype)
		}
		if tc.body != "" && r.text != tc.body {
			t.Errorf("%s: body %q; want %q", name, r.text, tc.body)
		}
		if got := r.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s: Allow %q; want %q", name, got, tc.allow)
		}
	}
	// A HEAD answer has no body; pecan's JSON keeps its length.
	r := a.doWith("HEAD", "/v2/workflows", "", "", http.Header{"Accept": {"application/json"}})
	if r.status != 405 || r.text != "" || r.header.Get("Content-Length") != "63" {
		t.Errorf("HEAD with JSON: %d %q, Content-Length %s", r.status, r.text, r.header.Get("Content-Length"))
	}
}
