package engine_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
)

// An engine command's msg becomes the execution's state_info as Mistral 15
// stores it: a dict as JSON, any other value as Python's str(); a fail
// command's output result is str() in every case.
func TestCommandMsgStateInfo(t *testing.T) {
	tests := []struct {
		name, command string
		state         string
		stateInfo     string
		output        string
	}{
		{
			name: "cmd_fail_dict", command: `fail msg=<% {a => 1, b => 'café'} %>`,
			state: db.StateError, stateInfo: `{"a": 1, "b": "caf\u00e9"}`,
			output: `{"result": "{'a': 1, 'b': 'café'}"}`,
		},
		{
			name: "cmd_fail_list", command: `fail msg=<% [1, 'b'] %>`,
			state: db.StateError, stateInfo: `[1, 'b']`, output: `{"result": "[1, 'b']"}`,
		},
		{
			name: "cmd_succeed_dict", command: `succeed msg=<% {k => true} %>`,
			state: db.StateSuccess, stateInfo: `{"k": true}`, output: `{}`,
		},
		{
			name: "cmd_succeed_text", command: `succeed msg="done"`,
			state: db.StateSuccess, stateInfo: `done`, output: `{}`,
		},
	}
	s := newStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        - "+tt.command+"\n")
			ex := s.run(t, tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s, want %s", ex.State, tt.state)
			}
			if ex.StateInfo == nil || *ex.StateInfo != tt.stateInfo {
				t.Errorf("state_info %v, want %s", ex.StateInfo, tt.stateInfo)
			}
			if !sameJSON(output(ex), tt.output) {
				t.Errorf("output %s, want %s", output(ex), tt.output)
			}
		})
	}
}

// Mistral evaluates every parameter of a transition it takes, those no
// command uses too: one that fails fails the task; recorded on Mistral 15.
func TestTransitionParamsAreEvaluated(t *testing.T) {
	s := newStack(t)
	for name, transition := range map[string]string{
		"tp_task":  "next foo=<% $.nope %>",
		"tp_noop":  "noop msg=<% $.nope %>",
		"tp_fail":  `fail msg="m" foo=<% $.nope %>`,
		"tp_pause": "pause foo=<% $.nope %>",
	} {
		t.Run(name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+name+":\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        - "+transition+"\n    next:\n      action: std.noop\n")
			ex := s.run(t, name, nil)
			const prefix = "Failed to handle action completion [error=Can not evaluate YAQL expression [expression=$.nope"
			if ex.State != db.StateError || !strings.HasPrefix(strOrEmpty(ex.StateInfo), prefix) {
				t.Fatalf("state %s, state_info %q", ex.State, strOrEmpty(ex.StateInfo))
			}
		})
	}
}

// When the output of a workflow ended by a succeed command cannot be
// evaluated, Mistral 15 fails the task that gave the command, and the
// workflow with it, as any other error in handling the task's completion.
func TestSucceedCommandOutputErrorFailsTask(t *testing.T) {
	s := newStack(t)
	// t1 lists a task besides succeed, so it is not an end task and its
	// published x is not in the final context.
	s.upload(t, `version: '2.0'
cmd_succeed_bad_output:
  tasks:
    t1:
      action: std.echo output=7
      publish: {x: <% task().result %>}
      on-success:
        - succeed
        - never
    never:
      action: std.noop
  output:
    x: <% $.x %>
`)
	ex := s.run(t, "cmd_succeed_bad_output", nil)
	const prefix = "Failed to handle action completion [error=Can not evaluate YAQL expression [expression=$.x"
	if ex.State != db.StateError || ex.StateInfo == nil || !strings.HasPrefix(*ex.StateInfo, prefix) {
		t.Fatalf("state %s, state_info %v", ex.State, ex.StateInfo)
	}
	t1 := s.tasks(t, ex.ID)["t1"]
	if t1.State != db.StateError || t1.StateInfo == nil || *t1.StateInfo != *ex.StateInfo {
		t.Errorf("task t1: state %s, state_info %v", t1.State, t1.StateInfo)
	}
	if !strings.HasSuffix(*ex.StateInfo, "wf=cmd_succeed_bad_output, task=t1, action=std.echo]:") {
		t.Errorf("state_info %q", *ex.StateInfo)
	}
}

// An output-on-error that cannot be evaluated replaces the failure message
// with Mistral 15's text, which quotes the output-on-error spec, the error
// and the original message (None when there was none).
func TestOutputOnErrorFailureMessage(t *testing.T) {
	tests := []struct {
		name, command string
		cause         string
	}{
		{name: "ooe_fail_msg", command: `fail msg="stop"`, cause: "stop"},
		{name: "ooe_fail_plain", command: "fail", cause: "None"},
	}
	s := newStack(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    t1:\n      action: std.noop\n      on-success:\n        - "+tt.command+
				"\n  output-on-error:\n    x: <% $.nothere %>\n    n: 1\n")
			ex := s.run(t, tt.name, nil)
			want := "Failed to evaluate expression in output-on-error! (output-on-error: '{'x': '<% $.nothere %>', 'n': 1}', " +
				"exception: 'Can not evaluate YAQL expression [expression=$.nothere, error='nothere', data={, '__env': {}, " +
				"'__execution': {'id': '" + ex.ID + "'}, }]' Cause: '" + tt.cause + "'"
			if ex.State != db.StateError || ex.StateInfo == nil || *ex.StateInfo != want {
				t.Fatalf("state %s, state_info %v\nwant %s", ex.State, ex.StateInfo, want)
			}
			if !sameJSON(output(ex), `{"result": `+strconv.Quote(want)+`}`) {
				t.Errorf("output %s", output(ex))
			}
		})
	}
}
