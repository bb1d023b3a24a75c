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
