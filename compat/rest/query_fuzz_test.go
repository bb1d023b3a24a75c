package rest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzListQuery sends arbitrary query strings to the list endpoints: a
// filter, sort key, marker or limit the API cannot use is the caller's
// mistake, answered with a 4xx in Mistral's error shape, never a 500 or a
// crash.
func FuzzListQuery(f *testing.F) {
	for _, seed := range []string{
		"limit=2&sort_keys=name,created_at&sort_dirs=asc,desc",
		"name=in:a,b&created_at=gte:2020-01-01&state=neq:SUCCESS",
		"marker=00000000-0000-4000-8000-000000000000&limit=-1",
		"fields=id,name&tags=has:x&namespace=nin:a,",
		"input=eq:%7B%7D&updated_at=lt:2020-13-45T99:99:99&all_projects=1",
		"sort_keys=id&sort_dirs=sideways&limit=abc&include_output=maybe",
		"workflow_name=%FF%FE&description=like:%25",
	} {
		f.Add(seed)
	}
	a := newTestAPI(f)
	// Rows to filter, sort and page through.
	a.postText("/v2/workflows", "version: '2.0'\nfz_wf:\n  tasks:\n    t: {action: std.noop}\n").expect(f, http.StatusCreated)
	a.postJSON("/v2/environments", `{"name": "fz_env", "variables": {"k": 1}}`).expect(f, http.StatusCreated)
	for range 2 {
		a.postJSON("/v2/executions", `{"workflow_name": "fz_wf", "description": "d"}`).expect(f, http.StatusCreated)
	}
	paths := []string{"/v2/workflows", "/v2/actions", "/v2/executions", "/v2/tasks",
		"/v2/action_executions", "/v2/workbooks", "/v2/environments", "/v2/cron_triggers",
		"/v2/event_triggers", "/v2/code_sources", "/v2/dynamic_actions"}
	f.Fuzz(func(t *testing.T, query string) {
		for _, path := range paths {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = query
			a.expectNoServerError(t, req)
		}
	})
}

// expectNoServerError serves req and fails t unless the answer is a 2xx or
// 3xx, or a 4xx in Mistral's error shape.
func (a *testAPI) expectNoServerError(t *testing.T, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	switch {
	case rec.Code >= 500:
		t.Fatalf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body.String())
	case rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"faultstring"`):
		t.Fatalf("%s %s: %d without a faultstring: %s", req.Method, req.URL, rec.Code, rec.Body.String())
	}
}
