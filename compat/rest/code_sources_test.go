package rest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

const moduleText = "from mistral_lib import actions\n\nclass Hello(actions.Action):\n    def run(self, context):\n        return 'hello'\n"

// TestCodeSourcesAndDynamicActions drives /v2/code_sources and
// /v2/dynamic_actions as an admin (Mistral's default policy lets only
// admins through): create, get by name and id, namespaces, list, update,
// delete, the error answers and the cascade from a code source to its
// dynamic actions. It runs on SQLite and on MariaDB.
func TestCodeSourcesAndDynamicActions(t *testing.T) {
	for _, backend := range []string{"sqlite", "mariadb"} {
		t.Run(backend, func(t *testing.T) {
			api := newAuthAPI(t, backend, "{}\n")
			testCodeSources(t, api)
			testDynamicActions(t, api)
		})
	}
}

func faultstring(t *testing.T, r *response) string {
	t.Helper()
	s, _ := r.obj(t).Value("faultstring").(string)
	return s
}

func testCodeSources(t *testing.T, api *testAPI) {
	admin, alice := api.as("admin"), api.as("alice")
	text := func(method, path, body string) *response { return admin.do(method, path, "text/plain", body) }

	// Members are refused by the default policy, in each rendering.
	alice.get("/v2/code_sources").expect(t, http.StatusForbidden)
	// WSME refuses arguments before the policy is checked.
	for _, path := range []string{"/v2/code_sources?bogus=1", "/v2/code_sources?limit=abc", "/v2/dynamic_actions?marker=x",
		"/v2/code_sources?project_id=abc", "/v2/dynamic_actions?project_id=abc", "/v2/code_sources/m?fields=name",
		"/v2/dynamic_actions/d?foo=1"} {
		alice.get(path).expect(t, http.StatusBadRequest)
	}
	for _, r := range []struct{ method, path, contentType, body string }{
		{http.MethodDelete, "/v2/code_sources/m?foo=1", "", ""},
		{http.MethodDelete, "/v2/dynamic_actions/d?foo=1", "", ""},
		{http.MethodPost, "/v2/dynamic_actions?foo=1", "application/json", `{"name": "d"}`},
		{http.MethodPost, "/v2/dynamic_actions", "application/json", `{"name": "d", "foo": 1}`},
		{http.MethodPost, "/v2/dynamic_actions", "application/json", `{"name": 5}`},
		{http.MethodPost, "/v2/dynamic_actions", "application/json", `{"namespace": 5, "name": 6}`},
		{http.MethodPost, "/v2/dynamic_actions", "application/json", `{"name": "d", "scope": "bogus"}`},
		{http.MethodPut, "/v2/dynamic_actions", "application/json", ``},
		{http.MethodPost, "/v2/code_sources", "text/plain", moduleText},
	} {
		alice.do(r.method, r.path, r.contentType, r.body).expect(t, http.StatusBadRequest)
	}
	alice.do(http.MethodPut, "/v2/dynamic_actions", "text/plain", "{}").expect(t, http.StatusUnsupportedMediaType)
	// Pecan takes a path part as post's name and put's identifier.
	alice.postText("/v2/code_sources/m", moduleText).expect(t, http.StatusForbidden)
	alice.do(http.MethodPut, "/v2/code_sources/m", "text/plain", moduleText).expect(t, http.StatusForbidden)
	if r := alice.postText("/v2/code_sources?name=m", moduleText).expect(t, http.StatusForbidden); r.obj(t).Has("faultcode") {
		t.Errorf("POST refusal is not in Pecan's shape: %s", r.text)
	}

	created := text(http.MethodPost, "/v2/code_sources?name=my_mod", moduleText).expect(t, http.StatusCreated).obj(t)
	id, _ := created.Value("id").(string)
	for k, want := range map[string]any{"name": "my_mod", "namespace": "", "content": moduleText, "version": int64(1),
		"scope": "private", "project_id": "p-admin"} {
		if got := created.Value(k); got != want {
			t.Errorf("created %s = %#v, want %#v", k, got, want)
		}
	}
	for _, k := range []string{"updated_at", "actions"} {
		if created.Has(k) {
			t.Errorf("Pecan answer of a create has %s: %v", k, created)
		}
	}
	text(http.MethodPost, "/v2/code_sources?name=my_mod&namespace=ns1", "x = 1\n").expect(t, http.StatusCreated)

	errs := []struct {
		method, path string
		status       int
		msg          string
	}{
		{http.MethodPost, "/v2/code_sources?name=my_mod", http.StatusConflict,
			"Duplicate entry for CodeSource ['name', 'namespace', 'project_id']: my_mod, , None"},
		{http.MethodPost, "/v2/code_sources", http.StatusBadRequest, "Missing argument: 'name'"},
		{http.MethodPost, "/v2/code_sources?name=x&scope=bogus", http.StatusBadRequest,
			"Invalid input for field/attribute scope. Value: 'bogus'. Value should be one of: private, public"},
		{http.MethodPut, "/v2/code_sources?identifier=nope", http.StatusNotFound, "Code Source not found [name=nope,namespace=]"},
		{http.MethodPut, "/v2/code_sources?identifier=my_mod&namespace=ns2", http.StatusNotFound,
			"Code Source not found [name=my_mod,namespace=ns2]"},
		{http.MethodGet, "/v2/code_sources/nope", http.StatusNotFound, "Code Source not found [name=nope,namespace=]"},
		{http.MethodDelete, "/v2/code_sources/nope?namespace=ns1", http.StatusNotFound, "Code Source not found [name=nope,namespace=ns1]"},
		{http.MethodGet, "/v2/code_sources?bogus=1", http.StatusBadRequest, `Unknown argument: "bogus"`},
	}
	for _, e := range errs {
		body := "y"
		if e.method == http.MethodGet || e.method == http.MethodDelete {
			body = "" // WSME reads a GET's or a DELETE's body as arguments (body_args.go)
		}
		if got := faultstring(t, text(e.method, e.path, body).expect(t, e.status)); got != e.msg {
			t.Errorf("%s %s: faultstring %q, want %q", e.method, e.path, got, e.msg)
		}
	}

	// Get by name, by id and by name in a namespace.
	for path, content := range map[string]string{
		"/v2/code_sources/my_mod": moduleText, "/v2/code_sources/" + id: moduleText,
		"/v2/code_sources/my_mod?namespace=ns1": "x = 1\n",
	} {
		got := admin.get(path).expect(t, http.StatusOK).obj(t)
		if got.Value("content") != content || got.Value("name") != "my_mod" {
			t.Errorf("GET %s = %v", path, got)
		}
	}

	if l := admin.get("/v2/code_sources").expect(t, http.StatusOK).list(t, "code_sources"); len(l) != 2 {
		t.Errorf("list has %d code sources, want 2", len(l))
	}
	if l := admin.get("/v2/code_sources?namespace=ns1&fields=name").expect(t, http.StatusOK).list(t, "code_sources"); len(l) != 1 ||
		l[0].Has("content") || l[0].Value("name") != "my_mod" {
		t.Errorf("list in ns1 = %v", l)
	}

	// Update by name, then by id with a scope: the version goes up each time.
	up := text(http.MethodPut, "/v2/code_sources?identifier=my_mod", "y = 2\n").expect(t, http.StatusOK).obj(t)
	if up.Value("version") != int64(2) || up.Value("content") != "y = 2\n" || !up.Has("updated_at") || up.Value("id") != id {
		t.Errorf("updated code source = %v", up)
	}
	up = text(http.MethodPut, "/v2/code_sources?identifier="+id+"&scope=public", moduleText).expect(t, http.StatusOK).obj(t)
	if up.Value("version") != int64(3) || up.Value("scope") != "public" {
		t.Errorf("updated code source = %v", up)
	}
	// The namespaced one is untouched.
	if v := admin.get("/v2/code_sources/my_mod?namespace=ns1").obj(t).Value("version"); v != int64(1) {
		t.Errorf("ns1 code source version = %v", v)
	}

	// A path part is post's name and put's identifier.
	if got := text(http.MethodPost, "/v2/code_sources/path_mod", "z = 1\n").expect(t, http.StatusCreated).obj(t); got.Value("name") != "path_mod" {
		t.Errorf("code source created by path = %v", got)
	}
	if got := text(http.MethodPut, "/v2/code_sources/path_mod", "z = 2\n").expect(t, http.StatusOK).obj(t); got.Value("version") != int64(2) {
		t.Errorf("code source updated by path = %v", got)
	}
	admin.do(http.MethodDelete, "/v2/code_sources/path_mod", "", "").expect(t, http.StatusNoContent)
}

func testDynamicActions(t *testing.T, api *testAPI) {
	admin, alice := api.as("admin"), api.as("alice")
	csID, _ := admin.get("/v2/code_sources/my_mod").obj(t).Value("id").(string)

	alice.get("/v2/dynamic_actions").expect(t, http.StatusForbidden)

	created := admin.postJSON("/v2/dynamic_actions", `{"name": "hello", "class_name": "Hello", "code_source_name": "my_mod"}`).
		expect(t, http.StatusCreated).obj(t)
	id, _ := created.Value("id").(string)
	for k, want := range map[string]any{"name": "hello", "namespace": "", "class_name": "Hello", "code_source_id": csID,
		"code_source_name": "my_mod", "scope": "private", "project_id": "p-admin"} {
		if got := created.Value(k); got != want {
			t.Errorf("created %s = %#v, want %#v", k, got, want)
		}
	}
	if created.Has("updated_at") {
		t.Errorf("WSME answer of a create has updated_at: %v", created)
	}
	admin.postJSON("/v2/dynamic_actions", `{"name": "hello", "class_name": "Hello", "code_source_name": "my_mod", "namespace": "ns1"}`).
		expect(t, http.StatusCreated)
	admin.postJSON("/v2/dynamic_actions", `{"name": "bye", "class_name": "Bye", "code_source_id": "`+csID+`"}`).
		expect(t, http.StatusCreated)

	errs := []struct {
		method, path, body string
		status             int
		msg                string
	}{
		{http.MethodPost, "/v2/dynamic_actions", `{"name": "x", "class_name": "X"}`, http.StatusBadRequest,
			"Either 'code_source_id' or 'code_source_name' must be provided."},
		{http.MethodPost, "/v2/dynamic_actions", `{"name": "x", "class_name": "X", "code_source_name": "my_mod", "namespace": "ns2"}`,
			http.StatusNotFound, "Code Source not found [name=my_mod,namespace=ns2]"},
		{http.MethodPost, "/v2/dynamic_actions", `{"name": "hello", "class_name": "X", "code_source_name": "my_mod"}`,
			http.StatusConflict, "Duplicate entry for dynamic action definition [name=hello, namespace=, project_id=None]"},
		{http.MethodPost, "/v2/dynamic_actions", `{"name": "x", "class_name": "X", "code_source_name": "my_mod", "scope": "bogus"}`,
			http.StatusBadRequest, "Invalid input for field/attribute scope. Value: 'bogus'. Value should be one of: private, public"},
		{http.MethodPut, "/v2/dynamic_actions", `{"class_name": "X"}`, http.StatusBadRequest, "Either 'name' or 'id' must be provided."},
		{http.MethodPut, "/v2/dynamic_actions", `{"name": "nope", "class_name": "X"}`, http.StatusNotFound,
			"Dynamic Action not found [name=nope,namespace=]"},
		{http.MethodGet, "/v2/dynamic_actions/hello?namespace=ns2", "", http.StatusNotFound,
			"Dynamic Action not found [name=hello,namespace=ns2]"},
	}
	for _, e := range errs {
		if got := faultstring(t, admin.do(e.method, e.path, "application/json", e.body).expect(t, e.status)); got != e.msg {
			t.Errorf("%s %s %s: faultstring %q, want %q", e.method, e.path, e.body, got, e.msg)
		}
	}

	if got := admin.get("/v2/dynamic_actions/"+id).expect(t, http.StatusOK).obj(t); got.Value("name") != "hello" || got.Value("namespace") != "" {
		t.Errorf("GET by id = %v", got)
	}
	if got := admin.get("/v2/dynamic_actions/hello?namespace=ns1").expect(t, http.StatusOK).obj(t); got.Value("namespace") != "ns1" {
		t.Errorf("GET in ns1 = %v", got)
	}
	if l := admin.get("/v2/dynamic_actions").expect(t, http.StatusOK).list(t, "dynamic_actions"); len(l) != 3 {
		t.Errorf("list has %d dynamic actions, want 3", len(l))
	}
	if l := admin.get("/v2/dynamic_actions?namespace=ns1").expect(t, http.StatusOK).list(t, "dynamic_actions"); len(l) != 1 {
		t.Errorf("list in ns1 has %d dynamic actions, want 1", len(l))
	}

	up := admin.putJSON("/v2/dynamic_actions", `{"name": "hello", "class_name": "Hello2", "scope": "public"}`).expect(t, http.StatusOK).obj(t)
	if up.Value("class_name") != "Hello2" || up.Value("scope") != "public" || up.Value("updated_at") == nil {
		t.Errorf("updated dynamic action = %v", up)
	}

	// Among the actions, as Mistral's dynamic provider shows them (input and
	// description unknown without Python); GET /v2/actions/{name} too.
	var shown *data.Map
	for _, m := range admin.get("/v2/actions").expect(t, http.StatusOK).list(t, "actions") {
		if m.Value("name") == "bye" {
			shown = m
		}
	}
	if shown == nil || shown.Value("id") != "bye" || shown.Value("project_id") != "p-admin" || shown.Value("input") != nil {
		t.Errorf("dynamic action in /v2/actions = %v", shown)
	}
	if l := admin.get("/v2/actions?namespace=ns1&name=hello").expect(t, http.StatusOK).list(t, "actions"); len(l) != 1 {
		t.Errorf("actions in ns1 named hello: %v", l)
	}
	admin.get("/v2/actions/bye").expect(t, http.StatusOK)
	alice.get("/v2/actions/bye").expect(t, http.StatusNotFound)

	// Running one: the task fails and says why.
	admin.postText("/v2/workflows", "version: '2.0'\nuse_dyn:\n  tasks:\n    t:\n      action: bye\n").expect(t, http.StatusCreated)
	ex := admin.postJSON("/v2/executions", `{"workflow_name": "use_dyn"}`).expect(t, http.StatusCreated).obj(t)
	ex = admin.waitExecution(ex.Value("id").(string))
	info, _ := ex.Value("state_info").(string)
	if ex.Value("state") != "ERROR" || !strings.Contains(info, "Dynamic action bye (class Bye of code source my_mod) cannot run") {
		t.Errorf("execution using a dynamic action: %v %q", ex.Value("state"), info)
	}

	// Deleting a dynamic action, then a code source takes its remaining
	// dynamic action along; the namespaced ones stay.
	admin.do(http.MethodDelete, "/v2/dynamic_actions/"+id, "", "").expect(t, http.StatusNoContent)
	admin.get("/v2/dynamic_actions/"+id).expect(t, http.StatusNotFound)
	admin.do(http.MethodDelete, "/v2/code_sources/my_mod", "", "").expect(t, http.StatusNoContent)
	admin.get("/v2/dynamic_actions/bye").expect(t, http.StatusNotFound)
	admin.get("/v2/code_sources/"+csID).expect(t, http.StatusNotFound)
	left := admin.get("/v2/dynamic_actions").expect(t, http.StatusOK).list(t, "dynamic_actions")
	if len(left) != 1 || left[0].Value("namespace") != "ns1" {
		t.Errorf("dynamic actions left = %v", left)
	}
}
