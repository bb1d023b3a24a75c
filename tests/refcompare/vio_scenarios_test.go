package refcompare

import (
	"net/http"
	"strings"
)

// startArgument500 is why we refuse params naming an argument of the
// workflow start (REST.md §1.7-1.9: Mistral's 500s become 4xx).
const startArgument500 = "Mistral 15 passes params as keyword arguments of EngineClient.start_workflow and fails with 500 " +
	"(got multiple values for argument) on a params key naming one of its arguments; we refuse it with 400"

// longID500 is why we refuse a client-chosen execution id longer than the
// id columns.
const longID500 = "Mistral 15 fails with 500 (Data too long for column 'id') on a client-chosen execution id of more than " +
	"36 characters; we refuse it with 400"

// envType500 is why we refuse an env update that is no dict.
const envType500 = "Mistral 15 fails with 500 ('str' object has no attribute 'items') on an env update that is no dict " +
	"where the state allows one; we refuse it with 400"

// copyInputParams is why a copy's input and params differ.
const copyInputParams = "REST.md: a copy (source_execution_id) takes the source's input and params, the body's winning; " +
	"Mistral 15 reads the source without its deferred input and params columns and takes both from the body only (README.md)"

// copyNoDescription500 is why we copy an execution whose request has no
// description.
const copyNoDescription500 = "Mistral 15 fails with 500 (KeyError: 'description') on a copy (source_execution_id) whose body " +
	"has no description; we copy it, described as Based on the execution '<id>'"

// vioWorkflows: one with required and defaulted inputs of several types
// that echoes its input and params, one that fails with output-on-error,
// and one that waits.
const vioWorkflows = `---
version: '2.0'
vio_echo:
  input:
    - req
    - n: null
    - l: [1, "2", {a: b}]
    - s: "<% 1 + 2 %>"
    - f: 1.0
  tasks:
    t:
      action: std.echo output=<% $.req %>
      publish: {got: <% task().result %>}
  output:
    got: <% $.got %>
    inp: <% execution().input %>
    params: <% execution().params %>
vio_fail:
  input:
    - x: 1
  tasks:
    t:
      action: std.fail
  output-on-error:
    x: <% $.x %>
vio_wait:
  input:
    - x: 1
  tasks:
    t:
      action: std.async_noop
`

// vioExecutionParamsScenario: what a start accepts as input and params
// and how GET shows them back (JSON text: floats, big ints, unicode, empty
// dicts), params keys Mistral refuses, and updates of description and env
// after the end.
var vioExecutionParamsScenario = scenario{name: "vio_execution_params", steps: []step{
	{method: post, path: "/workflows", body: vioWorkflows, save: map[string]string{"wf_echo": "workflows.0.id", "wf_fail": "workflows.1.id"}},

	// Input and params as JSON text and as objects, of every JSON type.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo",
		"input": `{"req": [1.0, 1e20, 1E-7, -0.0, 12345678901234567890123, "\u00e9\ud83d\ude00"], "l": {"b": {}, "a": []}}`},
		save: map[string]string{"e1": "id"}},
	{method: get, path: "/executions/{e1}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"req": "r", "n": 0.5, "s": "{{ 1 }}"},
		"params": `{"env": {"k": {"z": 1, "a": [true, null]}}, "task_name": "t", "notify": [{"type": "webhook"}], "foo": {"bar": 1}}`},
		save: map[string]string{"e2": "id"}},
	{method: get, path: "/executions/{e2}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{wf_echo}", "input": "null", "description": "caf\u00e9"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{wf_echo}", "input": `{"req": 1}`, "params": "null",
		"description": "caf\u00e9"}, save: map[string]string{"e3": "id"}},
	{method: get, path: "/executions/{e3}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "{wf_echo}", "workflow_name": "vio_fail", "input": map[string]any{"req": 2}},
		save: map[string]string{"e4": "id"}},
	{method: get, path: "/executions/{e4}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"zz": 1, "aa": 2}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "", "workflow_name": "vio_echo", "input": map[string]any{"req": 1}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": nil, "workflow_name": "vio_echo", "input": map[string]any{"req": 1}}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": nil, "workflow_name": "vio_echo", "workflow_namespace": "vio_ns"}},
	{method: post, path: "/executions", body: map[string]any{"workflow_id": "", "workflow_name": ""}},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"req": 1},
		"id": "vio-0123456789012345678901234567890123"}, differs: longID500, status: http.StatusBadRequest},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"req": 1}, "params": map[string]any{"env": "vio_no_env"}}},

	// Params keys naming an argument of the start.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"req": 1},
		"params": map[string]any{"description": "d"}}, differs: startArgument500, status: http.StatusBadRequest},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_echo", "input": map[string]any{"req": 1},
		"params": map[string]any{"wf_input": map[string]any{}}}, differs: startArgument500, status: http.StatusBadRequest},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_none", "params": map[string]any{"wf_identifier": "x"}},
		differs: startArgument500, status: http.StatusBadRequest},
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_none", "params": map[string]any{"self": 1}},
		differs: startArgument500, status: http.StatusBadRequest},

	// A copy: Mistral 15 takes the workflow from its source, the input
	// and params from the body only.
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": "{e2}", "description": "c", "input": map[string]any{"req": "again"}},
		save: map[string]string{"c2": "id"}, differs: copyInputParams, status: http.StatusCreated},
	{method: get, path: "/executions/{c2}", settle: true, differs: copyInputParams, status: http.StatusOK},

	// A failed execution: its output, then a copy with an input override.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_fail", "input": map[string]any{"x": map[string]any{}}},
		save: map[string]string{"f": "id"}},
	{method: get, path: "/executions/{f}", settle: true},
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": "{f}", "input": map[string]any{"x": "copied"},
		"params": map[string]any{"env": map[string]any{"e": 1}}, "description": "again"}, save: map[string]string{"fc": "id"},
		differs: copyInputParams, status: http.StatusCreated},
	{method: get, path: "/executions/{fc}", settle: true, differs: copyInputParams, status: http.StatusOK},

	// Updates after the end: description yes, env no.
	{method: put, path: "/executions/{e1}", body: map[string]any{"description": "d\u00e9j\u00e0 vu"}},
	{method: put, path: "/executions/{e1}", body: map[string]any{"description": ""}},
	{method: put, path: "/executions/{e1}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": 1}}}},
	{method: put, path: "/executions/{e1}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": 1}}, "description": "both"}},
	{method: put, path: "/executions/{e1}", body: map[string]any{"params": map[string]any{"env": []any{1}}}},
	{method: put, path: "/executions/{e1}", body: map[string]any{"params": map[string]any{"env": 0}}},
	{method: put, path: "/executions/{f}", body: map[string]any{"params": map[string]any{"env": map[string]any{"k": 1}, "foo": 2}}},
	{method: get, path: "/executions/{f}"},
	{method: put, path: "/executions/{f}", body: map[string]any{"params": `{"env": {"k": {"deep": [1.5]}}}`}},
	{method: get, path: "/executions/{f}?fields=params"},
	{method: get, path: "/executions/{e1}"},

	// A waiting execution: env changed while paused, then read back.
	{method: post, path: "/executions", body: map[string]any{"workflow_name": "vio_wait", "params": map[string]any{"env": map[string]any{"a": 1}}},
		save: map[string]string{"w": "id"}},
	{method: put, path: "/executions/{w}", body: map[string]any{"state": "PAUSED"}},
	{method: put, path: "/executions/{w}", body: map[string]any{"params": map[string]any{"env": map[string]any{"b": "\u00fc", "a": nil}}}},
	{method: put, path: "/executions/{w}", body: map[string]any{"description": "paused"}},
	{method: put, path: "/executions/{w}", body: map[string]any{"params": map[string]any{"env": "x"}}, differs: envType500, status: http.StatusBadRequest},
	{method: put, path: "/executions/{w}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": []any{1}}},
		differs: envType500, status: http.StatusBadRequest},
	{method: put, path: "/executions/{w}", body: map[string]any{"state": "RUNNING", "params": map[string]any{"env": map[string]any{"big": strings.Repeat("x", 1100*1024)}}}},
	{method: get, path: "/executions/{w}"},
	{method: put, path: "/executions/{w}", body: map[string]any{"state": "CANCELLED", "state_info": "bye"}},
	{method: get, path: "/executions/{w}"},

	{method: del, path: "/executions/{w}"},
	{method: del, path: "/executions/{fc}"},
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": "{f}"}, differs: copyNoDescription500, status: http.StatusCreated},
	{method: del, path: "/executions/{f}"},
	{method: del, path: "/executions/{e4}"},
	{method: del, path: "/executions/{e3}"},
	{method: del, path: "/executions/{c2}"},
	{method: post, path: "/executions", body: map[string]any{"source_execution_id": "{e2}", "description": "c"},
		differs: copyInputParams, status: http.StatusCreated},
	{method: del, path: "/executions/{e2}"},
	{method: del, path: "/executions/{e1}"},
	{method: del, path: "/workflows/vio_echo"},
	{method: del, path: "/workflows/vio_fail"},
	{method: del, path: "/workflows/vio_wait"},
}}

// The vio_ scenarios join the list here rather than in its literal, so
// that scenario files added side by side do not touch one line.
func init() {
	scenarios = append(scenarios, vioExecutionParamsScenario)
}
