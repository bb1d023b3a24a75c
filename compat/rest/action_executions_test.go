package rest_test

import "testing"

// TestStartActionParamsClash: params naming an argument Mistral's API
// hands EngineClient.start_action itself make Python fail (500 there); we
// refuse them with 400, naming the first clashing name in the order of
// params, a keyword argument before a positional one (as Python's error).
func TestStartActionParamsClash(t *testing.T) {
	a := newTestAPI(t)
	const prefix = `{"name": "std.echo", "input": {"output": 1}, "params": `
	runCalls(t, a, []call{
		{name: "namespace", method: "POST", path: "/v2/action_executions", body: prefix + `{"namespace": "x"}}`, status: 400,
			contains: []string{"The params may not hold 'namespace': it is an argument of the action start, not a parameter."}},
		{name: "description", method: "POST", path: "/v2/action_executions", body: prefix + `{"run_sync": true, "description": "x"}}`, status: 400,
			contains: []string{"The params may not hold 'description'"}},
		{name: "first keyword in order", method: "POST", path: "/v2/action_executions", body: prefix + `{"namespace": "", "description": ""}}`, status: 400,
			contains: []string{"The params may not hold 'namespace'"}},
		{name: "positional", method: "POST", path: "/v2/action_executions", body: prefix + `{"action_name": "x"}}`, status: 400,
			contains: []string{"The params may not hold 'action_name'"}},
		{name: "keyword before positional", method: "POST", path: "/v2/action_executions", body: prefix + `{"self": 1, "description": ""}}`, status: 400,
			contains: []string{"The params may not hold 'description'"}},
		{name: "no name first", method: "POST", path: "/v2/action_executions", body: `{"params": {"namespace": "x"}}`, status: 400,
			contains: []string{"Please provide at least action name to run action."}},
		{name: "other params run", method: "POST", path: "/v2/action_executions", body: prefix + `{"nosuch": 1}}`, status: 201,
			contains: []string{`"state": "SUCCESS"`}},
	})
}
