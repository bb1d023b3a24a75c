package rest_test

import "testing"

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
	})
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
