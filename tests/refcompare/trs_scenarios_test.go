package refcompare

import "net/http"

// The trs_ scenarios: request bodies and arguments of the resources other
// than executions, tasks and action executions (environments, workflows'
// PUT identifier, code sources, dynamic actions, services), checked in
// Mistral's order: WSME's checks of arguments and bodies come before the
// method's own checks and its policy check.

func init() {
	scenarios = append(scenarios, trsEnvBodiesScenario, trsWorkflowIdentifierScenario, trsAdminArgsScenario,
		trsServicesScenario, trsOptionsScenario, trsQueryArgsScenario, trsEnvNamesScenario,
		trsCronParamsScenario, trsEventTriggerUpdatesScenario, trsBodyOrderScenario,
		trsEnvUnchangedScenario)
}

// Why we knowingly answer otherwise than Mistral 15 in the trs_ scenarios.
const (
	trsNotDict500 = "Mistral 15 fails with 500 ('NoneType' or 'str' object has no attribute ...) on a JSON body " +
		"that is no object; we refuse it with 400"
	trsNullScope = "Mistral 15 stores a null scope as given (the environment then drops out of scope filters); " +
		"we keep the stored scope"
	trsNoName500 = "Mistral 15 fails with 500 when Pecan misses the method's positional argument (name, identifier); " +
		"we refuse it with 400 Missing argument"
	trsPathNamespace500 = "Mistral 15 fails with 500 on a DELETE with a namespace in the path; we answer 405 (the path takes a PUT only)"
	trsNullWorkflow     = "Mistral 15 stores a null workflow_id as given, leaving a trigger of no workflow; we keep the trigger's workflow"
	trsIntUUID500       = "Mistral 15 fails with 500 ('int' object has no attribute 'startswith') on a workflow_id that is no text; we refuse it with 400"
	trsRename500        = "Mistral 15 fails with 500 (duplicate entry) on a PUT by identifier that renames a workflow " +
		"to a taken name; we answer 409"
)

// trsEnvBodiesScenario: an environment update checks its name before the
// keys it may hold, and those without the name; JSON text of variables
// that is no object, and filters by scope.
var trsEnvBodiesScenario = scenario{name: "trs_env_bodies", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "trs_env", "variables": map[string]any{"a": 1}, "description": "d"}},
	{method: put, path: "/environments", body: map[string]any{"description": "x", "id": "y"}},
	{method: put, path: "/environments", body: map[string]any{"name": nil, "id": "y"}},
	{method: put, path: "/environments", body: map[string]any{}},
	{method: put, path: "/environments", body: map[string]any{"name": "", "variables": map[string]any{}}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "created_at": "x"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "id": nil}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "updated_at": "x", "description": "y"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_nope", "id": "x"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_nope"}},
	{method: put, path: "/environments", body: map[string]any{"name": 5}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "project_id": "x"}},
	{method: put, path: "/environments", body: rawJSON("null"), differs: trsNotDict500, status: http.StatusBadRequest},
	{method: put, path: "/environments", body: rawJSON(`"x"`), differs: trsNotDict500, status: http.StatusBadRequest},
	{method: post, path: "/environments", body: rawJSON("null"), differs: trsNotDict500, status: http.StatusBadRequest},
	{method: put, path: "/environments/trs_env", body: map[string]any{"name": "trs_env"}},
	{method: get, path: "/environments/trs_env"},

	// Variables as JSON text: falsy text is an empty object, null is null.
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": "[]"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": `""`}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": "null"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": ""}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": "[1]"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "variables": `{"b": [1, 2]}`, "description": nil}},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_env2", "variables": "0"}},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_env3", "variables": `{"a": }`}},
	{method: get, path: "/environments/trs_env2"},

	// Filters.
	{method: get, path: "/environments?name=has:trs_env&scope=in:private,public&sort_keys=name&fields=name"},
	{method: get, path: "/environments?name=has:trs_env&scope=bogus"},
	{method: get, path: "/environments?name=has:trs_env&variables=%7B%22b%22%3A%20%5B1%2C%202%5D%7D&fields=name"},
	{method: get, path: "/environments?name=has:trs_env&variables=%7B%7D&fields=name"},
	{method: get, path: "/environments?name=has:trs_env&description=d&fields=name"},
	{method: get, path: "/environments?name=has:trs_env&project_id=x"},

	{method: put, path: "/environments", body: map[string]any{"name": "trs_env", "scope": nil}, differs: trsNullScope, status: http.StatusOK},
	{method: del, path: "/environments/trs_env?force=true"},
	{method: del, path: "/environments/trs_env"},
	{method: del, path: "/environments/trs_env2"},
}}

const trsWorkflows = `---
version: '2.0'
trs_wa:
  tasks:
    t:
      action: std.noop
trs_wb:
  tasks:
    t:
      action: std.noop
`

// trsWorkflow is a workflow named name with the given description.
func trsWorkflow(name, description string) string {
	return "---\nversion: '2.0'\n" + name + ":\n  description: " + description + "\n  tasks:\n    t:\n      action: std.noop\n"
}

// trsWorkflowIdentifierScenario: Pecan takes put's identifier from the
// query as well as from the path (which wins): the answer is then the one
// workflow.
var trsWorkflowIdentifierScenario = scenario{name: "trs_workflow_identifier", steps: []step{
	{method: post, path: "/workflows", body: trsWorkflows, save: map[string]string{"wa": "workflows.0.id"}},
	{method: put, path: "/workflows?identifier=trs_wa", body: trsWorkflow("trs_wa", "one")},
	{method: put, path: "/workflows?identifier={wa}", body: trsWorkflow("trs_wa", "two")},
	{method: put, path: "/workflows?identifier=trs_wa", body: trsWorkflows},
	{method: put, path: "/workflows?identifier=trs_nope", body: trsWorkflow("trs_wa", "three")},
	{method: put, path: "/workflows?identifier=" + noID, body: trsWorkflow("trs_wa", "three")},
	{method: put, path: "/workflows?identifier=", body: trsWorkflow("trs_wa", "four")},
	{method: put, path: "/workflows?identifier=trs_wa&namespace=", body: trsWorkflow("trs_wa", "five")},
	{method: put, path: "/workflows?identifier=trs_wa&namespace=trs_ns", body: trsWorkflow("trs_wa", "five")},
	{method: put, path: "/workflows?identifier=trs_wa&foo=1", body: trsWorkflow("trs_wa", "six")},
	{method: put, path: "/workflows/trs_wa?identifier=trs_nope", body: trsWorkflow("trs_wa", "seven")},
	{method: put, path: "/workflows?identifier=trs_wa&scope=bogus", body: trsWorkflow("trs_wa", "eight"), pySets: []string{"faultstring"}},
	{method: put, path: "/workflows?identifier=trs_wa", body: "", firstPara: map[string]string{"faultstring": schemaDump}},
	{method: put, path: "/workflows?identifier=trs_wb", body: trsWorkflow("trs_wa", "nine"), differs: trsRename500, status: http.StatusConflict},
	{method: get, path: "/workflows/trs_wa"},
	{method: get, path: "/workflows/trs_wb"},
	{method: del, path: "/workflows/trs_wa"},
	{method: del, path: "/workflows/trs_wb"},
}}

// trsAdminArgsScenario: code sources and dynamic actions are for admins
// only, and this API's caller is none; WSME refuses what it refuses
// (unknown arguments, typed arguments and bodies) before Mistral's methods
// check their policy. Pecan takes a path part after the code sources as
// post's name and put's identifier.
var trsAdminArgsScenario = scenario{name: "trs_admin_args", steps: []step{
	{method: get, path: "/code_sources?project_id=abc"},
	{method: get, path: "/code_sources?project_id=" + noID},
	{method: get, path: "/code_sources?name=trs_x&scope=x"},
	{method: get, path: "/code_sources/trs_x?fields=name"},
	{method: get, path: "/code_sources/trs_x?namespace=a&foo=2"},
	{method: get, path: "/code_sources/trs_x?namespace=a"},
	{method: del, path: "/code_sources/trs_x?foo=1"},
	{method: del, path: "/code_sources/trs_x?namespace=a"},
	{method: post, path: "/code_sources/trs_x", body: "x = 1\n"},
	{method: put, path: "/code_sources/trs_x?namespace=a", body: "x = 1\n"},
	{method: post, path: "/code_sources", body: "x = 1\n", differs: trsNoName500, status: http.StatusBadRequest},
	{method: put, path: "/code_sources", body: "x = 1\n", differs: trsNoName500, status: http.StatusBadRequest},
	{method: put, path: "/code_sources?identifier=trs_x&foo=1", body: "x = 1\n"},
	{method: post, path: "/code_sources?name=trs_x", body: typed{"application/xml", "x = 1\n"}},

	{method: get, path: "/dynamic_actions?project_id=abc"},
	{method: get, path: "/dynamic_actions?project_id=in:" + noID},
	{method: get, path: "/dynamic_actions/trs_x?foo=1"},
	{method: del, path: "/dynamic_actions/trs_x?foo=1"},
	{method: post, path: "/dynamic_actions?foo=1", body: map[string]any{"name": "trs_x"}},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "class_name": "C", "code_source_name": "trs_x", "foo": 1}},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": 5, "class_name": "C", "code_source_name": "trs_x"}},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "code_source_id": 5}},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "project_id": "p"}},
	{method: post, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "id": "y"}},
	{method: post, path: "/dynamic_actions", body: rawJSON("")},
	{method: post, path: "/dynamic_actions", body: typed{"text/plain", `{"name": "trs_x"}`}},
	{method: put, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "foo": 1}},
	{method: put, path: "/dynamic_actions", body: rawJSON("")},
	{method: put, path: "/dynamic_actions", body: rawJSON("{x")},
	{method: put, path: "/dynamic_actions", body: typed{"text/plain", "{}"}},
	{method: put, path: "/dynamic_actions?foo=1", body: map[string]any{"name": "trs_x"}},
	{method: put, path: "/dynamic_actions", body: map[string]any{"name": "trs_x", "class_name": "D"}},
}}

// trsServicesScenario: the service controller has no method for one
// service (Pecan's 405), and its list takes no argument.
var trsServicesScenario = scenario{name: "trs_services", steps: []step{
	{method: get, path: "/services/x"},
	{method: get, path: "/services/x/y"},
	{method: put, path: "/services/x", body: map[string]any{}},
	{method: del, path: "/services/x"},
	{method: del, path: "/services"},
	{method: post, path: "/services", body: map[string]any{}},
	{method: get, path: "/services?foo=1"},
}}

// trsOptionsScenario: Mistral's CORS middleware answers an OPTIONS request
// that the API refuses with an empty 200; the root controllers answer any
// method as GET.
var trsOptionsScenario = scenario{name: "trs_options", steps: []step{
	{method: "OPTIONS", path: "/environments"},
	{method: "OPTIONS", path: "/environments/trs_nope"},
	{method: "OPTIONS", path: "/workflows"},
	{method: "OPTIONS", path: "/cron_triggers/trs_nope"},
	{method: "OPTIONS", path: "/event_triggers/" + noID},
	{method: "OPTIONS", path: "/executions/" + noID},
	{method: "OPTIONS", path: "/code_sources"},
	{method: "OPTIONS", path: "/nothing"},
	{method: "OPTIONS", path: "/"},
	{method: post, path: "/", body: map[string]any{}},
	{method: put, path: "/", body: map[string]any{}},
	{method: get, path: "/?foo=1"},
	{method: del, path: "/"},
	{method: "PATCH", path: "/"},
	{method: "OPTIONS", path: "/workflows?foo=1"},
	{method: "OPTIONS", path: ""},
}}

const trsQueryWorkflow = `---
version: '2.0'
trs_qw:
  input:
    - who
  tasks:
    t:
      action: std.noop
`

// trsQueryArgsScenario: WSME gives a method its positional argument (name,
// identifier, id) from the query too, the last value, over the path's; a
// DELETE on the collection without one misses it. An id is a uuid: the
// path's is checked first.
var trsQueryArgsScenario = scenario{name: "trs_query_args", steps: []step{
	{method: post, path: "/workflows", body: trsQueryWorkflow, save: map[string]string{"wf": "workflows.0.id"}},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_qe"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "trs_qc", "workflow_name": "trs_qw", "pattern": "0 5 * * *",
		"first_execution_time": "2099-01-01 10:00", "workflow_input": map[string]any{"who": "x"}}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "trs_qet", "workflow_id": "{wf}", "exchange": "x", "topic": "t",
		"event": "trs_qe", "workflow_input": map[string]any{"who": "x"}}, save: map[string]string{"et": "id"}},

	{method: get, path: "/environments/trs_nope?name=trs_qe"},
	{method: get, path: "/environments/trs_qe?name=trs_qe&name=trs_nope"},
	{method: del, path: "/environments"},
	{method: del, path: "/environments?foo=1&name=trs_qe"},
	{method: get, path: "/cron_triggers/trs_nope?identifier=trs_qc"},
	{method: del, path: "/cron_triggers?foo=1"},
	{method: get, path: "/workflows/trs_nope?identifier=trs_qw"},
	{method: get, path: "/workflows/trs_nope?identifier={wf}&namespace="},
	{method: del, path: "/workflows?namespace=x"},
	{method: del, path: "/workflows?identifier=trs_nope&namespace=trs_ns"},
	{method: del, path: "/workflows/a/b?identifier=c", differs: trsPathNamespace500, status: http.StatusMethodNotAllowed},
	{method: del, path: "/workbooks"},
	{method: del, path: "/workbooks?name=trs_nope&namespace=trs_ns"},
	{method: get, path: "/workbooks/x?name=trs_nope&namespace=c"},
	{method: get, path: "/actions/trs_nope?identifier=std.noop"},
	{method: del, path: "/actions"},
	{method: del, path: "/actions?identifier=trs_nope"},
	{method: del, path: "/code_sources"},
	{method: del, path: "/code_sources?identifier=trs_nope"},
	{method: del, path: "/dynamic_actions?foo=1"},
	{method: del, path: "/dynamic_actions?identifier=trs_nope"},

	{method: get, path: "/event_triggers/" + noID + "?id={et}"},
	{method: get, path: "/event_triggers/abc?id={et}"},
	{method: get, path: "/event_triggers/{et}?id=abc"},
	{method: get, path: "/event_triggers/{et}?id="},
	{method: del, path: "/event_triggers?id=abc"},
	{method: del, path: "/event_triggers?id="},
	{method: put, path: "/event_triggers?id={et}", body: map[string]any{"name": "trs_qet2"}},
	{method: put, path: "/event_triggers?id=abc", body: map[string]any{"name": "x"}},
	{method: put, path: "/event_triggers/{et}?id=abc", body: map[string]any{"name": "x"}},
	{method: put, path: "/event_triggers/abc?id={et}", body: map[string]any{"name": "x"}},
	{method: del, path: "/event_triggers/" + noID + "?id={et}"},
	{method: get, path: "/event_triggers/{et}"},

	{method: del, path: "/cron_triggers?identifier=trs_qc"},
	{method: del, path: "/environments/trs_nope?name=trs_qe"},
	{method: del, path: "/workflows?identifier=trs_qw"},
	{method: get, path: "/workflows/trs_qw"},
}}

// trsEnvNamesScenario: environment names with characters a path reads
// otherwise: a '/' splits the path (such an environment is reached by
// ?name= only), escapes are decoded once, a '+' stays a '+'.
var trsEnvNamesScenario = scenario{name: "trs_env_names", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "trs_a/b"}},
	{method: get, path: "/environments/trs_a%2Fb"},
	{method: get, path: "/environments/trs_a/b"},
	{method: get, path: "/environments/x?name=trs_a%2Fb"},
	{method: del, path: "/environments/trs_a%2Fb"},
	{method: del, path: "/environments?name=trs_a%2Fb"},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_\u00e9 x"}},
	{method: get, path: "/environments/trs_%C3%A9%20x"},
	{method: get, path: "/environments/trs_%C3%A9+x"},
	{method: del, path: "/environments/trs_%C3%A9%20x"},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_p%41"}},
	{method: get, path: "/environments/trs_p%2541"},
	{method: get, path: "/environments/trs_p%41"},
	{method: del, path: "/environments?name=trs_p%2541"},
	{method: post, path: "/environments", body: map[string]any{"name": "trs_q?x;y"}},
	{method: get, path: "/environments/trs_q%3Fx;y"},
	{method: del, path: "/environments/trs_q%3Fx%3By"},
}}

const trsCronWorkflows = `---
version: '2.0'
trs_cp:
  tasks:
    t:
      action: std.noop
trs_cr:
  type: reverse
  tasks:
    a:
      action: std.noop
    b:
      action: std.noop
      requires: [a]
`

// trsCron is a cron trigger of trs_cp far in the future, with the given
// attributes.
func trsCron(name string, attrs map[string]any) map[string]any {
	body := map[string]any{"name": name, "workflow_name": "trs_cp", "pattern": "0 5 * * *", "first_execution_time": "2099-01-01 10:00"}
	for k, v := range attrs {
		body[k] = v
	}
	return body
}

// trsCronParamsScenario: what a cron trigger's workflow params are checked
// for when it is made (an environment by name, a reverse workflow's task)
// and what they are not.
var trsCronParamsScenario = scenario{name: "trs_cron_params", steps: []step{
	{method: post, path: "/workflows", body: trsCronWorkflows},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp1", map[string]any{"workflow_params": map[string]any{"env": "trs_noenv"}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp2", map[string]any{"workflow_params": map[string]any{"env": 5}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp3", map[string]any{"workflow_params": map[string]any{"evaluate_env": "maybe"}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp4", map[string]any{"workflow_name": "trs_cr"})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp5", map[string]any{"workflow_name": "trs_cr", "workflow_params": map[string]any{"task_name": "nope"}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp6", map[string]any{"workflow_name": "trs_cr", "workflow_params": map[string]any{"task_name": "b"}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp7", map[string]any{"workflow_params": map[string]any{"notify": "x"}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp8", map[string]any{"workflow_params": []any{1}})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp9", map[string]any{"workflow_input": "[1]"})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp10", map[string]any{"description": "x"})},
	{method: post, path: "/cron_triggers", body: trsCron("trs_cp11", map[string]any{"scope": "public"})},
	{method: get, path: "/cron_triggers?name=has:trs_cp&sort_keys=name&fields=name,workflow_name,workflow_params,scope"},
	// Mistral lists a workflow's triggers in the database's order of their
	// random ids: one is left to be named.
	{method: del, path: "/cron_triggers/trs_cp5"},
	{method: del, path: "/cron_triggers/trs_cp6"},
	{method: del, path: "/workflows/trs_cr"},
	{method: del, path: "/cron_triggers?identifier=trs_cp1"},
	{method: del, path: "/cron_triggers/trs_cp2"},
	{method: del, path: "/cron_triggers/trs_cp3"},
	{method: del, path: "/cron_triggers/trs_cp4"},
	{method: del, path: "/cron_triggers/trs_cp7"},
	{method: del, path: "/cron_triggers/trs_cp8"},
	{method: del, path: "/cron_triggers/trs_cp9"},
	{method: del, path: "/cron_triggers/trs_cp10"},
	{method: del, path: "/cron_triggers/trs_cp11"},
	{method: del, path: "/workflows/trs_cp"},
	{method: del, path: "/workflows/trs_cr"},
}}

const trsEventWorkflows = `---
version: '2.0'
trs_e1:
  input:
    - a
  tasks:
    t:
      action: std.noop
trs_e2:
  input:
    - b
  tasks:
    t:
      action: std.noop
`

// trsEventTriggerUpdatesScenario: an event trigger's workflow_id is
// Mistral's uuid type, checked where WSME reads it (in the resource's
// attribute order, before the method's own checks); an update checks the
// publicize rule, then the fields it does not update, then looks the
// trigger up, and does not check the input against the workflow.
var trsEventTriggerUpdatesScenario = scenario{name: "trs_event_trigger_updates", steps: []step{
	{method: post, path: "/workflows", body: trsEventWorkflows, save: map[string]string{"w1": "workflows.0.id", "w2": "workflows.1.id"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "trs_etu", "workflow_id": "{w1}", "exchange": "x", "topic": "t",
		"event": "trs_etu", "workflow_input": map[string]any{"a": 1}}, save: map[string]string{"et": "id"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": "{w2}"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": "{w2}", "workflow_input": map[string]any{"b": 1}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_input": map[string]any{"a": 1}}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": "trs_e1"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": "eq:{w1}"}},
	{method: put, path: "/event_triggers/{et}", body: rawJSON(`{"workflow_input": "x", "workflow_id": "abc"}`)},
	{method: put, path: "/event_triggers/{et}", body: rawJSON(`{"workflow_id": "abc", "name": 5}`)},
	{method: put, path: "/event_triggers/{et}", body: rawJSON(`{"scope": "bogus", "workflow_id": "abc"}`)},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"scope": "public"}},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"scope": "public", "exchange": "y"}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"exchange": "y"}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"scope": "public", "exchange": "y"}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"workflow_id": "abc", "exchange": "y"}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"workflow_id": ""}},
	{method: put, path: "/event_triggers/" + noID, body: map[string]any{"workflow_id": 5}, differs: trsIntUUID500, status: http.StatusBadRequest},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "trs_x", "workflow_id": "abc"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "trs_x", "workflow_id": "", "exchange": "x", "topic": "t", "event": "e"}},
	{method: post, path: "/event_triggers", body: map[string]any{"name": "trs_x", "workflow_id": "abc", "exchange": "x", "topic": "t",
		"event": "e", "scope": "public"}},
	// Params Python finds equal to those stored are not written.
	{method: put, path: "/event_triggers/{et}", body: rawJSON(`{"workflow_params": {"a": 1, "b": 2}}`)},
	{method: put, path: "/event_triggers/{et}", body: rawJSON(`{"workflow_params": {"b": 2.0, "a": true}}`)},
	{method: get, path: "/event_triggers/{et}"},
	{method: put, path: "/event_triggers/{et}", body: map[string]any{"workflow_id": nil}, differs: trsNullWorkflow, status: http.StatusOK},
	{method: del, path: "/event_triggers/{et}"},
	{method: del, path: "/workflows/trs_e1"},
	{method: del, path: "/workflows/trs_e2"},
}}

// trsBodyOrderScenario: WSME reads a body's attributes in the order the
// resource defines them, so of two faults the first in that order is
// reported, whatever the body's order.
var trsBodyOrderScenario = scenario{name: "trs_body_order", steps: []step{
	{method: post, path: "/cron_triggers", body: rawJSON(`{"pattern": 5, "name": 6}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"remaining_executions": "x", "workflow_input": "bad"}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"first_execution_time": 5, "remaining_executions": "x"}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"updated_at": 5, "created_at": 6}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"project_id": "x", "workflow_id": 5}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"next_execution_time": 5, "pattern": 6}`)},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"workflow_params": "bad", "workflow_input": "bad2"}`)},
	{method: post, path: "/environments", body: rawJSON(`{"variables": "bad", "description": 5}`)},
	{method: post, path: "/environments", body: rawJSON(`{"created_at": 5, "project_id": "x"}`)},
	{method: post, path: "/environments", body: rawJSON(`{"updated_at": 5, "id": 6}`)},
	{method: put, path: "/environments", body: rawJSON(`{"description": 5, "name": 6}`)},
	{method: put, path: "/environments", body: rawJSON(`{"variables": "bad", "name": "trs_nope"}`)},
	{method: post, path: "/dynamic_actions", body: rawJSON(`{"class_name": 5, "code_source_id": 6}`)},
	{method: post, path: "/dynamic_actions", body: rawJSON(`{"namespace": 5, "name": 6}`)},
	{method: put, path: "/dynamic_actions", body: rawJSON(`{"updated_at": 5, "class_name": 6}`)},
	{method: post, path: "/event_triggers", body: rawJSON(`{"workflow_params": "bad", "name": 5}`)},
	{method: post, path: "/event_triggers", body: rawJSON(`{"event": 5, "workflow_input": "bad"}`)},
}}

// trsEnvUnchangedScenario: an environment update that changes nothing is
// not written, so its updated_at stays null; one that does is.
var trsEnvUnchangedScenario = scenario{name: "trs_env_unchanged", steps: []step{
	{method: post, path: "/environments", body: map[string]any{"name": "trs_uc", "variables": map[string]any{"a": 1}, "description": "d"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc", "variables": map[string]any{"a": 1}}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc", "description": "d"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc", "scope": "private"}},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc", "variables": `{"a": 1}`}},
	{method: get, path: "/environments/trs_uc"},
	// Python finds these variables equal: nothing is written, the answer
	// shows them as given, the environment keeps those it had.
	{method: put, path: "/environments", body: rawJSON(`{"name": "trs_uc", "variables": {"b": 2, "a": 1}}`)},
	{method: put, path: "/environments", body: rawJSON(`{"name": "trs_uc", "variables": {"a": 1, "b": 2}}`)},
	{method: put, path: "/environments", body: rawJSON(`{"name": "trs_uc", "variables": {"b": 2.0, "a": true}}`)},
	{method: get, path: "/environments/trs_uc"},
	{method: put, path: "/environments", body: rawJSON(`{"name": "trs_uc", "variables": {"b": 2, "a": 1, "c": null}}`)},
	{method: put, path: "/environments", body: map[string]any{"name": "trs_uc", "description": "e"}},
	{method: get, path: "/environments?name=trs_uc&updated_at=nin:None&fields=name"},
	{method: del, path: "/environments/trs_uc"},
}}
