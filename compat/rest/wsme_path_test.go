package rest_test

import (
	"net/http"
	"testing"
)

// TestBodyArgumentFromPath: a path part after a collection whose WSME
// post (or put) takes its body alone becomes that body argument in
// Mistral, which cannot make its type from text: 400, whatever the body.
func TestBodyArgumentFromPath(t *testing.T) {
	a := newTestAPI(t)
	const tail = ". Error: Base.__init__() takes 1 positional argument but 2 were given"
	runCalls(t, a, []call{
		{name: "execution", method: "POST", path: "/v2/executions/x", body: `{"workflow_name": "w"}`, status: 400,
			contains: []string{"Invalid input for field/attribute wf_ex. Value: 'x'. unable to convert to Execution" + tail}},
		{name: "execution, body not JSON", method: "POST", path: "/v2/executions/x", body: "notjson", contentType: "application/json",
			status: 400, contains: []string{"field/attribute wf_ex. Value: 'x'."}},
		{name: "environment post", method: "POST", path: "/v2/environments/e1", body: `{}`, status: 400,
			contains: []string{"Invalid input for field/attribute env. Value: 'e1'. unable to convert to Environment" + tail}},
		{name: "environment put", method: "PUT", path: "/v2/environments/e1", body: `{}`, status: 400,
			contains: []string{"field/attribute env. Value: 'e1'. unable to convert to Environment"}},
		{name: "cron trigger", method: "POST", path: "/v2/cron_triggers/c", body: `{}`, status: 400,
			contains: []string{"field/attribute cron_trigger. Value: 'c'. unable to convert to CronTrigger"}},
		{name: "action execution", method: "POST", path: "/v2/action_executions/a", body: `{}`, status: 400,
			contains: []string{"field/attribute action_ex. Value: 'a'. unable to convert to ActionExecution"}},
		{name: "event trigger", method: "POST", path: "/v2/event_triggers/00000000-0000-4000-8000-000000000000", body: `{}`, status: 400,
			contains: []string{"field/attribute event_trigger. Value: '00000000-0000-4000-8000-000000000000'. unable to convert to EventTrigger"}},
		{name: "two parts", method: "POST", path: "/v2/environments/e1/e2", body: `{}`, status: 404},
		// After an id: put's body argument, delete's force.
		{name: "execution put", method: "PUT", path: "/v2/executions/x/y", body: `{"description": "d"}`, status: 400,
			contains: []string{"field/attribute wf_ex. Value: 'y'. unable to convert to Execution" + tail}},
		{name: "task put", method: "PUT", path: "/v2/tasks/x/y", body: `{"state": "RUNNING"}`, status: 400,
			contains: []string{"field/attribute task. Value: 'y'. unable to convert to Task"}},
		{name: "action execution put", method: "PUT", path: "/v2/action_executions/x/y", body: `{}`, status: 400,
			contains: []string{"field/attribute action_ex. Value: 'y'. unable to convert to ActionExecution"}},
		{name: "event trigger put", method: "PUT", path: "/v2/event_triggers/00000000-0000-4000-8000-000000000000/y", body: `{}`,
			status: 400, contains: []string{"field/attribute event_trigger. Value: 'y'. unable to convert to EventTrigger"}},
		{name: "event trigger put, id first", method: "PUT", path: "/v2/event_triggers/x/y", body: `{}`, status: 400,
			contains: []string{"Invalid input for field/attribute id. Value: 'x'. unable to convert to uuid."}},
		{name: "execution delete, force", method: "DELETE", path: "/v2/executions/00000000-0000-4000-8000-000000000000/yes",
			status: 404, contains: []string{"WorkflowExecution not found"}},
		{name: "execution get, no such route", path: "/v2/executions/x/y", status: 404, contains: []string{"The resource could not be found."}},
		{name: "execution post, no such route", method: "POST", path: "/v2/executions/x/y", body: `{}`, status: 404},
		{name: "task get, no such route", path: "/v2/tasks/x/y", status: 404},
		{name: "action execution delete, no such route", method: "DELETE", path: "/v2/action_executions/x/y", status: 404},
		{name: "event trigger get, no such route", path: "/v2/event_triggers/x/y", status: 404},
	})
}

// TestCodeSourcePathArguments: Pecan hands a code source's post and put
// the path's parts after the name as scope and namespace; WSME its get and
// delete the part after the identifier as the namespace.
func TestCodeSourcePathArguments(t *testing.T) {
	api := newAuthAPI(t, "sqlite", "{}\n")
	admin, alice := api.as("admin"), api.as("alice")
	alice.postText("/v2/code_sources/m/private", moduleText).expect(t, http.StatusForbidden)
	alice.do(http.MethodPut, "/v2/code_sources/m/private/ns", "text/plain", moduleText).expect(t, http.StatusForbidden)
	created := admin.postText("/v2/code_sources/pm/public/ns3", moduleText).expect(t, http.StatusCreated).obj(t)
	if created.Value("scope") != "public" || created.Value("namespace") != "ns3" {
		t.Errorf("created = %v", created)
	}
	if got := admin.get("/v2/code_sources/pm/ns3").expect(t, http.StatusOK).obj(t).Value("name"); got != "pm" {
		t.Errorf("GET by namespace in the path: name %v", got)
	}
	up := admin.do(http.MethodPut, "/v2/code_sources/pm/private/ns3", "text/plain", "x = 1\n").expect(t, http.StatusOK).obj(t)
	if up.Value("scope") != "private" || up.Value("version") != int64(2) {
		t.Errorf("updated = %v", up)
	}
	if got := faultstring(t, admin.get("/v2/code_sources/nope/ns3").expect(t, http.StatusNotFound)); got != "Code Source not found [name=nope,namespace=ns3]" {
		t.Errorf("faultstring %q", got)
	}
	admin.get("/v2/code_sources/pm/ns3/x").expect(t, http.StatusNotFound)
	admin.do(http.MethodDelete, "/v2/code_sources/pm/ns3", "", "").expect(t, http.StatusNoContent)
	admin.get("/v2/dynamic_actions/nope/ns3").expect(t, http.StatusNotFound)
}

// TestPositionalGetterArguments: WSME getters (sub-executions, reports)
// take the path's further parts as their arguments in order; a get_all
// (an execution's tasks, a task's workflow executions) takes none: 405.
func TestPositionalGetterArguments(t *testing.T) {
	a := newTestAPI(t)
	const zero = "00000000-0000-4000-8000-000000000000"
	const badDepth = "Invalid input for field/attribute max_depth. Value: 'x'. unable to convert to int."
	runCalls(t, a, []call{
		{name: "sub-executions, errors_only", path: "/v2/executions/" + zero + "/executions/true", status: 404,
			contains: []string{"WorkflowExecution not found [id=" + zero + "]"}},
		{name: "sub-executions, max_depth", path: "/v2/executions/" + zero + "/executions/true/x", status: 400, contains: []string{badDepth}},
		{name: "sub-executions, path over query", path: "/v2/executions/" + zero + "/executions/true/x?max_depth=1", status: 400,
			contains: []string{badDepth}},
		{name: "sub-executions, empty parts dropped", path: "/v2/executions/" + zero + "/executions//true//x", status: 400, contains: []string{badDepth}},
		{name: "sub-executions, too many parts", path: "/v2/executions/" + zero + "/executions/1/1/1/1", status: 404,
			contains: []string{"The resource could not be found."}},
		{name: "task sub-executions", path: "/v2/tasks/" + zero + "/executions/x", status: 404,
			contains: []string{"Task execution not found [id=" + zero + "]"}},
		{name: "report, max_depth", path: "/v2/executions/" + zero + "/report/true/x", status: 400, contains: []string{badDepth}},
		{name: "report, unknown argument", path: "/v2/executions/" + zero + "/report/true?foo=1", status: 400,
			contains: []string{`Unknown argument: \"foo\"`}},
		{name: "execution tasks", path: "/v2/executions/" + zero + "/tasks/x", status: 405,
			contains: []string{"The method GET is not allowed for this resource."}},
		{name: "task workflow executions", path: "/v2/tasks/" + zero + "/workflow_executions/x", status: 405},
	})
	r := a.get("/v2/executions/" + zero + "/tasks/x")
	if got := r.header.Get("Allow"); got != "GET" {
		t.Errorf("Allow = %q, want GET", got)
	}
}
