package refcompare

import (
	"net/http"
	"time"
)

// The vcron_ scenarios: cron trigger patterns as croniter reads them, the
// edges of a trigger's creation, and what a trigger does when it fires.

func init() {
	scenarios = append(scenarios, vcronPatternsScenario, vcronCreateScenario, vcronFireScenario, vcronFireMoreScenario)
}

// Why we knowingly answer otherwise than Mistral 15 in the vcron_
// scenarios, and what we do not compare.
const (
	noNextDate500 = "Mistral 15 fails with 500 (croniter's 'failed to find next date') on a pattern it takes " +
		"but that never matches; we refuse it with 400 and the same text"
	exc500 = "Mistral 15 fails with 500 (name 'exc' is not defined) on croniter's error for L-n; " +
		"we refuse the pattern with 400: The specified pattern is not valid"
	countRange409 = "Mistral 15 answers 409 with MySQL's 'Out of range value' for a count beyond its INT column; " +
		"we refuse it with 400"
	nextFromNow = "the next time after now depends on when the scenario runs (TestParseCronPattern " +
		"checks the times croniter gave)"
)

// vcronEcho is a workflow that echoes its input who and shows its env.
func vcronEcho(name string) string {
	return name + ":\n  input:\n    - who: nobody\n  tasks:\n    t:\n      action: std.echo output=<% $.who %>\n" +
		"  output:\n    said: <% task(t).result %>\n    env: <% env() %>\n"
}

// vcronWorkflows: one with an optional input, one with a required one.
var vcronWorkflows = "---\nversion: '2.0'\n" + vcronEcho("vcron_wf") +
	"vcron_req:\n  input:\n    - need\n  tasks:\n    t:\n      action: std.noop\n"

// vcronPattern creates a trigger of vcron_wf with the given pattern and
// deletes it when it was made.
func vcronPattern(pattern string, ok bool) []step {
	create := step{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": pattern}}
	if !ok {
		return []step{create}
	}
	create.ignore = map[string]string{"next_execution_time": nextFromNow}
	return []step{create, {method: del, path: "/cron_triggers/vcron_p"}}
}

// vcronPatternsScenario: the patterns croniter takes (Sunday as 7, ranges
// to Sunday, L, d#n, Ld, aliases in any case, seconds last) and those it
// refuses, with the error text.
var vcronPatternsScenario = scenario{name: "vcron_patterns", steps: concat(
	[]step{{method: post, path: "/workflows", body: vcronWorkflows}},
	vcronPattern("0 0 * * 7", true),
	vcronPattern("0 0 * * 1-7/2", true),
	vcronPattern("0 0 * * sat-sun", true),
	vcronPattern("0 0 * * 6-0", true),
	vcronPattern("0 0 1 * 0-7", true),
	vcronPattern("0 0 * * MON/2", true),
	vcronPattern("0 0 L * *", true),
	vcronPattern("0 0 1,L * *", true),
	vcronPattern("0 0 20-L * *", true),
	vcronPattern("0 0 * * 5#3", true),
	vcronPattern("0 0 * * sun#1", true),
	vcronPattern("0 0 * * 1#1,1#3", true),
	vcronPattern("0 0 * * L5", true),
	vcronPattern("@DAILY", true),
	vcronPattern("@annually", true),
	vcronPattern("*/15 9-17 * * 1-5", true),
	vcronPattern("0 0 1 JAN,jul *", true),
	vcronPattern("* * * * * */15", true),
	vcronPattern(" 0  0 * * 01", true),
	vcronPattern("*/61 * * * *", true),
	vcronPattern("0 0 1 * *,1", true),
	vcronPattern("0 0 L,* * 1", true),
	vcronPattern("0 0 * * 7#1", true),
	vcronPattern("0 0 0 * * 0", true),
	vcronPattern("0 0 * 0 * 0", false),
	vcronPattern("0 0 ? * *", false),
	vcronPattern("0 0 * * 5L", false),
	vcronPattern("0 0 * * 5-1", false),
	vcronPattern("0 0 * 3-1 *", false),
	vcronPattern("0 0 * * 1,3#2", false),
	vcronPattern("0 0 * * 1-3#2", false),
	vcronPattern("0 0 * * 1#6", false),
	vcronPattern("0 0 * * 8", false),
	vcronPattern("0 0 0 * *", false),
	vcronPattern("@reboot", false),
	vcronPattern("@every 5m", false),
	vcronPattern("@daily 5", false),
	vcronPattern("* * * *", false),
	vcronPattern("* * * * * * *", false),
	vcronPattern("0 0 1 1 * 60", false),
	vcronPattern("*/0 * * * *", false),
	vcronPattern("H * * * *", false),
	vcronPattern(" ", false),
	[]step{
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 31 4 *"},
			differs: noNextDate500, status: http.StatusBadRequest},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 30 2 0"},
			differs: noNextDate500, status: http.StatusBadRequest},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 * * 7 0"},
			differs: noNextDate500, status: http.StatusBadRequest},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 1 * 1#2"},
			differs: noNextDate500, status: http.StatusBadRequest},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 L-2 * *"},
			differs: exc500, status: http.StatusBadRequest},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 L/2 * *"},
			differs: exc500, status: http.StatusBadRequest},
		// With a first time, the pattern is only parsed.
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 31 4 *",
			"first_execution_time": "2099-01-01 10:00"}},
		{method: del, path: "/cron_triggers/vcron_p"},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_p", "workflow_name": "vcron_wf", "pattern": "0 0 L-2 * *",
			"first_execution_time": "2099-01-01 10:00"}, differs: exc500, status: http.StatusBadRequest},
		{method: get, path: "/cron_triggers?name=vcron_p"},
		{method: del, path: "/workflows/vcron_wf"},
		{method: del, path: "/workflows/vcron_req"},
	},
)}

// vcronTrigger is a body of a trigger of vcron_wf first due in 2099, with
// extra attributes.
func vcronTrigger(name string, extra map[string]any) map[string]any {
	body := map[string]any{"name": name, "workflow_name": "vcron_wf", "first_execution_time": "2099-01-01 10:00"}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// vcronCreateScenario: first times, counts, patterns, names, inputs and
// params at the edges of what Mistral takes, the workflow looked up by id
// or name (default namespace only), and the list's filters on them.
var vcronCreateScenario = scenario{name: "vcron_create", steps: []step{
	{method: post, path: "/workflows", body: vcronWorkflows},
	{method: post, path: "/workflows?namespace=vcron_ns", body: "---\nversion: '2.0'\nvcron_nsonly:\n  tasks:\n    t:\n      action: std.noop\n",
		save: map[string]string{"nswf": "workflows.0.id"}},

	// First times as strptime reads them, in the past, with and without a
	// pattern.
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": ""})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-01-01T10:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-01-01 10:00Z"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-01-01"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": " 2099-01-01 10:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-13-01 10:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-01-01 24:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "99999-01-01 10:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": 12})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "0099-01-01 10:00"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2000-01-01 10:00", "pattern": "0 5 * * *"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"first_execution_time": "2099-01-01  10:00"})},
	{method: get, path: "/cron_triggers/vcron_t"},
	{method: del, path: "/cron_triggers/vcron_t"},

	// Counts.
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": 0})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": -3})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"remaining_executions": 0})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"remaining_executions": 2})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "", "remaining_executions": 2})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": 2147483647})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": "3"})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: rawJSON(`{"name": "vcron_t", "workflow_name": "vcron_wf", "pattern": "0 5 * * *", ` +
		`"first_execution_time": "2099-01-01 10:00", "remaining_executions": 2.5}`)},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": "2.0"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": true})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"remaining_executions": 1, "pattern": nil})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": ""})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_t", "workflow_name": "vcron_wf", "pattern": "",
		"first_execution_time": nil}},

	// Names: an empty one is taken, and reached by id only.
	{method: post, path: "/cron_triggers", body: vcronTrigger("", nil), save: map[string]string{"noname": "id"}},
	{method: get, path: "/cron_triggers/{noname}"},
	{method: del, path: "/cron_triggers/{noname}"},

	// Inputs and params: JSON text or objects, checked against the
	// workflow's input when the trigger is made.
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": `{"who": "text"}`,
		"workflow_params": `{"env": {"k": 1}}`})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": map[string]any{"who": "obj"}})},
	{method: get, path: "/cron_triggers/vcron_t"},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": "[1]"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": "nope"})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": ""})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_input": map[string]any{"bad": 1}})},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"workflow_params": "x"})},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_t", "workflow_name": "vcron_req", "pattern": "0 5 * * *"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_t", "workflow_name": "vcron_req", "pattern": "0 5 * * *",
		"workflow_input": nil}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_t", "workflow_name": "vcron_req", "first_execution_time": "2098-01-01 10:00",
		"pattern": "0 6 * * *", "workflow_input": map[string]any{"need": 1}, "workflow_params": map[string]any{"env": map[string]any{"a": 1}}}},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_u", map[string]any{"pattern": "0 5 * * *", "remaining_executions": 3,
		"workflow_params": map[string]any{"env": "vcron_no_env"}})},

	// The list's filters and sorting on these triggers.
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&sort_keys=name&fields=name,pattern,remaining_executions"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&sort_keys=next_execution_time&sort_dirs=desc&fields=name,next_execution_time"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&sort_keys=remaining_executions&fields=name"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&first_execution_time=2099-01-01%2010:00:00&fields=name"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&next_execution_time=lt:2098-06-01&fields=name"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&workflow_params=%7B%22env%22:%20%7B%22a%22:%201%7D%7D&fields=name,workflow_input"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&workflow_input=%7B%7D&fields=name,workflow_params"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&remaining_executions=3&fields=name"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&workflow_name=vcron_req&fields=workflow_name,name&sort_keys=workflow_name"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&fields=trust_id"},
	{method: get, path: "/cron_triggers?name=in:vcron_t,vcron_u&nulls=remaining_executions"},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 7 * * *"})},
	{method: del, path: "/cron_triggers/vcron_t"},
	{method: del, path: "/cron_triggers/vcron_u"},
	{method: del, path: "/cron_triggers/vcron_u"},

	// The workflow: by id in any namespace, by name in the default one
	// only; workflow_id wins over workflow_name.
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_n", "workflow_name": "vcron_nsonly", "pattern": "0 5 * * *"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_n", "workflow_name": "vcron_nsonly", "pattern": "0 5 * * *",
		"workflow_params": map[string]any{"namespace": "vcron_ns"}}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_n", "workflow_id": "{nswf}", "workflow_name": "vcron_wf",
		"first_execution_time": "2099-01-01 10:00"}},
	{method: get, path: "/cron_triggers?workflow_id={nswf}&fields=name,workflow_name"},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_n2", "workflow_id": "bogus", "pattern": "0 5 * * *"}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_n2", "workflow_id": noID, "pattern": "0 5 * * *"}},
	{method: del, path: "/workflows/vcron_nsonly?namespace=vcron_ns"},
	{method: del, path: "/cron_triggers/vcron_n"},
	{method: del, path: "/workflows/vcron_nsonly?namespace=vcron_ns"},
	{method: del, path: "/workflows/vcron_req"},

	// Triggers alike but for their names: Mistral's unique key on the
	// workflow, pattern, first time, count, input and params refuses the
	// second (a null count or first time does not count as a value).
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_a", nil)},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_b", nil)},
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_c", map[string]any{"remaining_executions": 1})},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_d", "workflow_name": "vcron_wf", "pattern": "0 5 * * *"},
		ignore: map[string]string{"next_execution_time": nextFromNow}},
	{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_e", "workflow_name": "vcron_wf", "pattern": "0 5 * * *"},
		ignore: map[string]string{"next_execution_time": nextFromNow}},
	{method: get, path: "/cron_triggers?name=has:vcron_&fields=name&sort_keys=name"},
	{method: del, path: "/cron_triggers/vcron_a"},
	{method: del, path: "/cron_triggers/vcron_d"},
	{method: del, path: "/cron_triggers/vcron_e"},

	// Last but one: Mistral's answer holds the refused trigger's id.
	{method: post, path: "/cron_triggers", body: vcronTrigger("vcron_t", map[string]any{"pattern": "0 5 * * *", "remaining_executions": 2147483648}),
		differs: countRange409, status: http.StatusBadRequest},
	{method: del, path: "/workflows/vcron_wf"},
}}

// vcronFireWorkflows: one workflow per trigger of vcronFireScenario, named
// after the run so that earlier runs' executions stay out of the lists.
var vcronFireWorkflows = "---\nversion: '2.0'\n" + vcronEcho("vcron_once_{run}") + vcronEcho("vcron_twice_{run}") +
	vcronEcho("vcron_every_{run}") + vcronEcho("vcron_last_{run}")

// vcronFired waits for the execution a trigger started and reads it.
func vcronFired(workflow, as string) []step {
	return []step{
		{method: get, path: "/executions?workflow_name=" + workflow + "&fields=workflow_name", until: "executions.0.id", wait: 4 * time.Minute,
			save: map[string]string{as: "executions.0.id"}},
		{method: get, path: "/executions/{" + as + "}", settle: true},
	}
}

// vcronFireScenario: triggers first due two minutes ahead fire then: one
// without a pattern goes after its single execution, one with a count of 2
// counts down and moves to the pattern's next time, one without a count
// keeps none, one with a count of 1 goes; the executions they start carry
// the trigger's input, params and a description naming it.
var vcronFireScenario = scenario{name: "vcron_fire", steps: concat(
	[]step{
		{method: post, path: "/workflows", body: vcronFireWorkflows},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_once_{run}", "workflow_name": "vcron_once_{run}",
			"first_execution_time": "{soon}", "workflow_input": `{"who": "once"}`, "workflow_params": map[string]any{"env": map[string]any{"k": "v"}}},
			save: map[string]string{"once": "id"}},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_twice_{run}", "workflow_name": "vcron_twice_{run}",
			"first_execution_time": "{soon}", "pattern": "* * * * *", "remaining_executions": 2, "workflow_input": map[string]any{"who": "twice"}},
			save: map[string]string{"twice": "id"}},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_every_{run}", "workflow_name": "vcron_every_{run}",
			"first_execution_time": "{soon}", "pattern": "* * * * *"}, save: map[string]string{"every": "id"}},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_last_{run}", "workflow_name": "vcron_last_{run}",
			"first_execution_time": "{soon}", "pattern": "* * * * *", "remaining_executions": 1}, save: map[string]string{"last": "id"}},
		{method: get, path: "/cron_triggers?name=has:{run}&sort_keys=name&fields=name,next_execution_time,remaining_executions,pattern"},
	},
	vcronFired("vcron_once_{run}", "e_once"),
	vcronFired("vcron_twice_{run}", "e_twice"),
	vcronFired("vcron_every_{run}", "e_every"),
	vcronFired("vcron_last_{run}", "e_last"),
	[]step{
		{method: get, path: "/cron_triggers/vcron_once_{run}"},
		{method: get, path: "/cron_triggers/vcron_last_{run}"},
		{method: get, path: "/cron_triggers/vcron_twice_{run}"},
		{method: get, path: "/cron_triggers/vcron_every_{run}"},
		{method: del, path: "/cron_triggers/vcron_twice_{run}"},
		{method: del, path: "/cron_triggers/vcron_every_{run}"},
		{method: get, path: "/executions?workflow_name=vcron_once_{run}&fields=workflow_name,state"},
		{method: del, path: "/executions/{e_once}"},
		{method: del, path: "/executions/{e_twice}"},
		{method: del, path: "/executions/{e_every}"},
		{method: del, path: "/executions/{e_last}"},
		{method: del, path: "/workflows/vcron_once_{run}"},
		{method: del, path: "/workflows/vcron_twice_{run}"},
		{method: del, path: "/workflows/vcron_every_{run}"},
		{method: del, path: "/workflows/vcron_last_{run}"},
	},
)}

// vcronFireMoreScenario: triggers first due two minutes ahead that start a
// workflow of another namespace (named by id), a workflow with an
// environment named in the params, and one with an empty pattern.
var vcronFireMoreScenario = scenario{name: "vcron_fire_more", steps: concat(
	[]step{
		{method: post, path: "/environments", body: map[string]any{"name": "vcron_env_{run}", "variables": map[string]any{"k": "from env"}}},
		{method: post, path: "/workflows?namespace=vcron_ns_{run}", body: "---\nversion: '2.0'\n" + vcronEcho("vcron_ns_{run}"),
			save: map[string]string{"nswf": "workflows.0.id"}},
		{method: post, path: "/workflows", body: "---\nversion: '2.0'\n" + vcronEcho("vcron_env_{run}") + vcronEcho("vcron_empty_{run}")},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_ns_{run}", "workflow_id": "{nswf}",
			"first_execution_time": "{soon}"}, save: map[string]string{"t_ns": "id"}},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_env_{run}", "workflow_name": "vcron_env_{run}",
			"first_execution_time": "{soon}", "workflow_params": map[string]any{"env": "vcron_env_{run}"}}, save: map[string]string{"t_env": "id"}},
		{method: post, path: "/cron_triggers", body: map[string]any{"name": "vcron_empty_{run}", "workflow_name": "vcron_empty_{run}",
			"first_execution_time": "{soon}", "pattern": "", "workflow_input": map[string]any{"who": "empty"}}, save: map[string]string{"t_empty": "id"}},
	},
	vcronFired("vcron_ns_{run}", "e_ns"),
	vcronFired("vcron_env_{run}", "e_env"),
	vcronFired("vcron_empty_{run}", "e_empty"),
	[]step{
		{method: get, path: "/cron_triggers?name=has:{run}"},
		{method: del, path: "/executions/{e_ns}"},
		{method: del, path: "/executions/{e_env}"},
		{method: del, path: "/executions/{e_empty}"},
		{method: del, path: "/workflows/vcron_ns_{run}?namespace=vcron_ns_{run}"},
		{method: del, path: "/workflows/vcron_env_{run}"},
		{method: del, path: "/workflows/vcron_empty_{run}"},
		{method: del, path: "/environments/vcron_env_{run}"},
	},
)}
