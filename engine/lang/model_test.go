package lang

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

func names(ts []Transition) string {
	var parts []string
	for _, t := range ts {
		s := t.Name
		if t.Condition != nil {
			s += "?" + data.Str(t.Condition)
		}
		if t.Params != nil {
			s += repr(t.Params)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func TestTransitionForms(t *testing.T) {
	w := mustWorkflow(t, wf(`    a:
      on-success: b
      on-error: fail msg="boom <% $.x %>"
      on-complete: {b: <% $.c %>}
    b:
      on-success:
        - c: <% $.x > 1 %>
        - d
        - pause msg='p'
      on-complete:
        publish:
          branch: {k: 1}
        next: [c]
    c:
      on-success:
        next: d
    d:
      on-error:
        publish:
          global: {g: 1}
`))
	tests := []struct {
		task, clause, want string
	}{
		{"a", "success", "b"},
		{"a", "error", "fail{'msg': 'boom <% $.x %>'}"},
		{"a", "complete", ""}, // the top-level one-key quirk
		{"b", "success", "c?<% $.x > 1 %>,d,pause{'msg': 'p'}"},
		{"b", "complete", "c"},
		{"c", "success", "d"},
		{"d", "error", ""},
	}
	for _, tt := range tests {
		task := w.Task(tt.task)
		var got []Transition
		switch tt.clause {
		case "success":
			got = w.OnSuccess(task)
		case "error":
			got = w.OnError(task)
		case "complete":
			got = w.OnComplete(task)
		}
		if names(got) != tt.want {
			t.Errorf("%s on-%s: got %q, want %q", tt.task, tt.clause, names(got), tt.want)
		}
	}
	if !w.Task("a").OnComplete.Ignored || w.Task("b").OnComplete.Ignored {
		t.Error("Ignored flag wrong")
	}
	if p := w.Task("b").OnComplete.Publish; p == nil || repr(p.Branch) != "{'k': 1}" {
		t.Errorf("advanced publish: %+v", p)
	}
}

func TestTaskDefaultsTransitions(t *testing.T) {
	w := mustWorkflow(t, `version: '2.0'
wf:
  task-defaults:
    on-error: [handle]
    on-complete:
      publish: {branch: {ignored: 1}}
      next: [log]
  tasks:
    a:
      on-success: b
    b:
      on-error: own
    own: {action: std.noop}
    handle: {action: std.noop}
    log: {action: std.noop}
`)
	tests := []struct{ task, onError, onComplete string }{
		{"a", "handle", "log"},
		{"b", "own", "log"},
		{"handle", "", "log"}, // a default pointing at the task itself is dropped
		{"log", "handle", ""},
	}
	for _, tt := range tests {
		task := w.Task(tt.task)
		if got := names(w.OnError(task)); got != tt.onError {
			t.Errorf("%s on-error: got %q, want %q", tt.task, got, tt.onError)
		}
		if got := names(w.OnComplete(task)); got != tt.onComplete {
			t.Errorf("%s on-complete: got %q, want %q", tt.task, got, tt.onComplete)
		}
	}
	// Default transitions count as inbound: only a has none.
	var start []string
	for _, s := range w.StartTasks() {
		start = append(start, s.Name)
	}
	if strings.Join(start, ",") != "a" {
		t.Errorf("start tasks %v", start)
	}
	var in []string
	for _, s := range w.InboundTasks(w.Task("log")) {
		in = append(in, s.Name)
	}
	if strings.Join(in, ",") != "a,b,own,handle" {
		t.Errorf("inbound of log: %v", in)
	}
	// The default's advanced publish is not applied.
	if p := w.EffectivePublish(w.Task("a"), StateSuccess); p != nil {
		t.Errorf("publish %+v", p)
	}
}

func TestPolicies(t *testing.T) {
	w := mustWorkflow(t, `version: '2.0'
wf:
  task-defaults:
    wait-before: 5
    timeout: <% $.t %>
    pause-before: true
    retry: count=2 delay=1
    safe-rerun: true
    concurrency: 3
  tasks:
    a:
      wait-before: 0
      pause-before: false
      timeout: 7
      safe-rerun: false
      keep-result: false
    b:
      retry: {count: 5, delay: 0, break-on: <% $.x %>}
      fail-on: <% $.f %>
      wait-after: 2
`)
	a, b := w.Task("a"), w.Task("b")
	pa, pb := w.Policies(a), w.Policies(b)
	check := func(what string, got, want any) {
		t.Helper()
		if !data.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("%s: got %#v, want %#v", what, got, want)
		}
	}
	check("a wait-before", pa.WaitBefore, int64(5))
	check("a timeout", pa.Timeout, int64(7))
	check("a pause-before", pa.PauseBefore, true)
	check("a concurrency", pa.Concurrency, int64(3))
	check("a fail-on", pa.FailOn, nil)
	check("a wait-after", pa.WaitAfter, nil)
	check("a retry count", pa.Retry.Count, int64(2))
	check("a safe-rerun", w.SafeRerun(a), false)
	check("a keep-result", a.KeepResult, false)
	check("b timeout", pb.Timeout, "<% $.t %>")
	check("b fail-on", pb.FailOn, "<% $.f %>")
	check("b wait-after", pb.WaitAfter, int64(2))
	check("b retry count", pb.Retry.Count, int64(5))
	check("b retry break-on", pb.Retry.BreakOn, "<% $.x %>")
	check("b safe-rerun", w.SafeRerun(b), true)
	check("b keep-result", b.KeepResult, true)
	check("own timeout", a.Timeout, int64(7))
}

func TestReverseRequires(t *testing.T) {
	w := mustWorkflow(t, `version: '2.0'
wf:
  type: reverse
  task-defaults:
    requires: [init]
  tasks:
    init: {action: std.noop}
    a: {requires: init}
    b: {requires: [a, init]}
`)
	tests := map[string]string{"init": "", "a": "init", "b": "a,init"}
	for name, want := range tests {
		if got := strings.Join(w.Requires(w.Task(name)), ","); got != want {
			t.Errorf("%s requires %q, want %q", name, got, want)
		}
	}
	if s := w.StartTasks(); len(s) != 1 || s[0].Name != "init" {
		t.Errorf("start tasks %v", s)
	}
	if w.OnSuccess(w.Task("a")) != nil {
		t.Error("reverse tasks have no transitions")
	}
}

func TestEffectivePublish(t *testing.T) {
	w := mustWorkflow(t, wf(`    verified:
      publish: {a: 1, c: 1}
      on-complete:
        publish:
          branch: {c: 2}
      on-success:
        publish:
          branch: {a: 3}
          global: {g: 1}
    plain:
      publish: {a: 1}
      publish-on-error: {e: 1}
      on-complete:
        publish:
          branch: {c: 2}
          global: {lost: 1}
    only_complete:
      on-complete:
        publish:
          branch: {c: 2}
          global: {kept: 1}
    no_branch:
      publish: {a: 1}
      on-success:
        publish:
          global: {g: 1}
`))
	show := func(p *Publish) string {
		if p == nil {
			return "nil"
		}
		return "branch=" + repr(p.Branch) + " global=" + repr(p.Global) + " atomic=" + repr(p.Atomic)
	}
	tests := []struct{ task, state, want string }{
		{"verified", StateSuccess, "branch={'a': 1, 'c': 2} global={'g': 1} atomic=None"},
		{"verified", StateError, "branch={'c': 2} global=None atomic=None"},
		{"plain", StateSuccess, "branch={'a': 1, 'c': 2} global=None atomic=None"},
		{"plain", StateError, "branch={'e': 1, 'c': 2} global=None atomic=None"},
		{"only_complete", StateSuccess, "branch={'c': 2} global={'kept': 1} atomic=None"},
		{"no_branch", StateSuccess, "branch=None global={'g': 1} atomic=None"},
		{"no_branch", "CANCELLED", "nil"},
	}
	for _, tt := range tests {
		if got := show(w.EffectivePublish(w.Task(tt.task), tt.state)); got != tt.want {
			t.Errorf("%s %s: got %s, want %s", tt.task, tt.state, got, tt.want)
		}
	}
	// Effective publish never changes the spec.
	if got := repr(w.Task("verified").OnSuccess.Publish.Branch); got != "{'a': 3}" {
		t.Errorf("spec modified: %s", got)
	}
}

func TestWithItems(t *testing.T) {
	w := mustWorkflow(t, wf(`    a:
      with-items: x in [1, 2]
    b:
      with-items:
        - x in <% $.xs %>
        - y in {{ _.ys }}
        - " z  in  [\"a\", \"b\"] trailing"
        - x in [3]
`))
	show := func(items []WithItem) string {
		var parts []string
		for _, it := range items {
			parts = append(parts, it.Var+"="+repr(it.Source))
		}
		return strings.Join(parts, " ")
	}
	if got := show(w.Task("a").WithItems); got != "x=[1, 2]" {
		t.Errorf("a: %s", got)
	}
	if got := show(w.Task("b").WithItems); got != "x=[3] y='{{ _.ys }}' z=['a', 'b']" {
		t.Errorf("b: %s", got)
	}
}

func TestInputMergeAndSignature(t *testing.T) {
	w := mustWorkflow(t, `version: '2.0'
wf:
  input:
    - a
    - b: 5
    - c: null
    - d: {k: [1]}
  output:
    x: 1
    y: 2
  tasks:
    t1:
      action: std.echo output="inline" extra=[1, 2]
      input:
        output: written
        nested: {a: 1}
    t2:
      workflow: sub p=1
    t3:
      input: <% $.dynamic %>
    t4: {description: noop by default}
`)
	if got := w.InputSignature(); got != `a, b="5", c="None", d="{'k': [1]}"` {
		t.Errorf("signature %s", got)
	}
	if got := repr(w.Interface()); got != "{'input': ['a', {'b': 5}, {'c': None}, {'d': {'k': [1]}}], 'output': ['x', 'y']}" {
		t.Errorf("interface %s", got)
	}
	if len(w.Input) != 4 || w.Input[0].HasDefault || !w.Input[2].HasDefault || w.Input[2].Default != nil {
		t.Errorf("input %+v", w.Input)
	}
	t1, t2, t3, t4 := w.Task("t1"), w.Task("t2"), w.Task("t3"), w.Task("t4")
	if t1.Action != "std.echo" || repr(t1.Input) != "{'output': 'inline', 'nested': {'a': 1}, 'extra': [1, 2]}" {
		t.Errorf("t1 %s %s", t1.Action, repr(t1.Input))
	}
	// Mistral stores the merged input in the spec.
	if got := repr(t1.Spec().Value("input")); got != repr(t1.Input) {
		t.Errorf("spec input %s", got)
	}
	if t2.Workflow != "sub" || t2.Action != "" || repr(t2.Input) != "{'p': 1}" || t2.TaskType() != "WORKFLOW" {
		t.Errorf("t2 %+v", t2)
	}
	if t3.Input != "<% $.dynamic %>" || t3.Action != "std.noop" {
		t.Errorf("t3 %+v", t3)
	}
	if t4.Action != "std.noop" || t4.TaskType() != "ACTION" || t4.Description != "noop by default" {
		t.Errorf("t4 %+v", t4)
	}
}

func TestJoinValues(t *testing.T) {
	w := mustWorkflow(t, wf(`    a: {on-success: [all, one, two, none]}
    b: {on-success: [all, one, two]}
    all: {join: all}
    one: {join: one}
    two: {join: 2}
    none: {action: std.noop}
`))
	tests := map[string]Join{"all": {All: true}, "one": {N: 1}, "two": {N: 2}, "none": {}}
	for name, want := range tests {
		if got := w.Task(name).Join; got != want || got.IsJoin() != (name != "none") {
			t.Errorf("%s: %+v", name, got)
		}
	}
}

func TestEngineCommands(t *testing.T) {
	for _, n := range []string{"noop", "fail", "succeed", "pause"} {
		if !IsEngineCommand(n) {
			t.Errorf("%s", n)
		}
	}
	if IsEngineCommand("std.noop") || IsEngineCommand("Fail") {
		t.Error("not commands")
	}
}

func TestWorkflowSpecDict(t *testing.T) {
	w := mustWorkflow(t, "version: '3.0'\nwf:\n  foo: bar\n  tasks:\n    t1:\n      action: std.echo output=1\n      input: {a: 1}\n    t2:\n      name: kept\n      action: std.noop\n")
	want := `{"foo": "bar", "tasks": {"t1": {"action": "std.echo output=1", "input": {"a": 1, "output": 1}, "type": "direct", "name": "t1", "version": "2.0"}, "t2": {"name": "t2", "action": "std.noop", "type": "direct", "version": "2.0"}}, "name": "wf", "version": "2.0"}`
	if got, _ := data.EncodePython(w.Spec()); got != want {
		t.Errorf("spec\n got %s\nwant %s", got, want)
	}
}

func TestTaskSpecJSONIsTheEncodedSpec(t *testing.T) {
	w := mustWorkflow(t, wf(`    a:
      action: std.echo output="é <% $.x %>"
      publish: {y: 1.0}
      on-success: b
    b:
      workflow: sub
      with-items: i in [1, 2]
`))
	for _, name := range []string{"a", "b"} {
		task := w.Task(name)
		want, err := data.EncodePython(task.Spec())
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // computed once, the same after
			if got := task.SpecJSON(); got != want {
				t.Errorf("%s: SpecJSON() = %s, want %s", name, got, want)
			}
		}
	}
}
