package lang

import (
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

func TestDefinitionSingleIsVerbatim(t *testing.T) {
	text := "---\n# a comment\nversion: '2.0'\n\nwf:   # trailing\n  tasks:\n    a: {action: std.noop}\n"
	w := mustWorkflow(t, text)
	if w.Definition != text {
		t.Errorf("got %q", w.Definition)
	}
}

// TestDefinitionMulti checks the PyYAML re-serialisation (expected texts
// produced by Mistral 15).
func TestDefinitionMulti(t *testing.T) {
	text := `version: 2.0
w1:
  description: "A long description that certainly is longer than eighty characters, so it must be folded somewhere"
  input:
    - x: [1, 2, {a: [], b: {}}]
    - y: {k: v, l: [a, b]}
    - q: "double \" quote\tand tab and a very long text that goes past the eighty column limit for sure"
    - nested: [[1, 2], [3, [4]]]
    - s: ['2020-01-01', "=", ":x", "a: b", "a #b", "- ", "line1\nline2", "ü", "", "null", "yes", "1.5", 3.0, -.inf, "it's"]
  tasks:
    t1:
      action: std.echo output="<% $.x %>"
      on-success:
        - t2: <% $.y %>
    t2:
      action: std.noop
w2:
  tasks:
    t1: {action: std.noop}
`
	want1 := `version: 2.0
w1:
  description: A long description that certainly is longer than eighty characters,
    so it must be folded somewhere
  input:
  - x:
    - 1
    - 2
    - a: []
      b: {}
  - y:
      k: v
      l:
      - a
      - b
  - q: "double \" quote\tand tab and a very long text that goes past the eighty column\
      \ limit for sure"
  - nested:
    - - 1
      - 2
    - - 3
      - - 4
  - s:
    - '2020-01-01'
    - '='
    - :x
    - 'a: b'
    - 'a #b'
    - '- '
    - 'line1

      line2'
    - "\xFC"
    - ''
    - 'null'
    - 'yes'
    - '1.5'
    - 3.0
    - -.inf
    - it's
  tasks:
    t1:
      action: std.echo output="<% $.x %>"
      on-success:
      - t2: <% $.y %>
    t2:
      action: std.noop
`
	want2 := "version: 2.0\nw2:\n  tasks:\n    t1:\n      action: std.noop\n"
	ws, err := ParseWorkflows(text, &fakeValidator{})
	if err != nil {
		t.Fatal(err)
	}
	if ws[0].Definition != want1 {
		t.Errorf("w1:\n%s", ws[0].Definition)
	}
	if ws[1].Definition != want2 {
		t.Errorf("w2:\n%s", ws[1].Definition)
	}
}

// TestDefinitionMultiKeepsKeyOrder: Mistral dumps with sort_keys=False
// (expected texts produced by Mistral 15's _cut_wf_definition_from_all).
func TestDefinitionMultiKeepsKeyOrder(t *testing.T) {
	text := "version: \"2.0\"\nzz:\n  tasks:\n    t1:\n      on-success: [t2]\n      action: std.noop\n" +
		"    t2:\n      action: std.echo output=<% $.b %>\n  input: [b, a]\n" +
		"aa:\n  type: direct\n  tasks:\n    t: {action: std.noop}\n"
	want := []string{
		"version: '2.0'\nzz:\n  tasks:\n    t1:\n      on-success:\n      - t2\n      action: std.noop\n" +
			"    t2:\n      action: std.echo output=<% $.b %>\n  input:\n  - b\n  - a\n",
		"version: '2.0'\naa:\n  type: direct\n  tasks:\n    t:\n      action: std.noop\n",
	}
	ws, err := ParseWorkflows(text, &fakeValidator{})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range ws {
		if w.Definition != want[i] {
			t.Errorf("%s: got %q, want %q", w.Name, w.Definition, want[i])
		}
	}
}

func TestDumpScalars(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{data.MapOf("a", "x"), "a: x\n"},
		{data.MapOf("a", nil, "b", true, "c", int64(3), "d", 1e20, "e", 0.5), "a: null\nb: true\nc: 3\nd: 1.0e+20\ne: 0.5\n"},
		{data.MapOf("a", " lead", "b", "trail ", "c", "#x", "d", "x#y", "e", "x #y"), "a: ' lead'\nb: 'trail '\nc: '#x'\nd: x#y\ne: 'x #y'\n"},
		{data.MapOf("a", "m\n"), "a: 'm\n\n  '\n"},
	}
	for _, tt := range tests {
		if got := pyyaml.Dump(tt.v, pyyaml.DumpOptions{}); got != tt.want {
			t.Errorf("%s: got %q, want %q", repr(tt.v), got, tt.want)
		}
	}
}

// TestWorkbookDefinitions checks the cut-by-indentation texts (expected
// texts produced by Mistral 15).
func TestWorkbookDefinitions(t *testing.T) {
	text := `version: '2.0'
name: wb1
description: my workbook
tags: [a, b]
actions:
  greet:
    base: std.echo output="hi <% $.name %>"
    base-input:
      delay: 1
    input:
      - name
      - greeting: "hello"
    output: <% $ %>

  other:
    base: greet
workflows:
  # comment
  wf1:
    input: [x]
    tasks:
      t1:
        action: greet name=<% $.x %>
        # inner comment
        on-success: t2

      t2: {action: std.noop}
  wf2:
    version: '2.0'
    tasks:
      a: {action: std.noop}
  wf3: {tasks: {a: {action: std.noop}}}
`
	wb, err := ParseWorkbook(text, &fakeValidator{})
	if err != nil {
		t.Fatal(err)
	}
	if wb.Name != "wb1" || wb.Description != "my workbook" || len(wb.Tags) != 2 || wb.Definition != text {
		t.Errorf("workbook %+v", wb)
	}
	wantActions := []string{
		"greet:\n  base: std.echo output=\"hi <% $.name %>\"\n  base-input:\n    delay: 1\n  input:\n    - name\n    - greeting: \"hello\"\n  output: <% $ %>\n",
		"other:\n  base: greet\n",
	}
	wantWorkflows := []string{
		"wf1:\n  input: [x]\n  tasks:\n    t1:\n      action: greet name=<% $.x %>\n      # inner comment\n      on-success: t2\n\n    t2: {action: std.noop}\n",
		"wf2:\n  version: '2.0'\n  tasks:\n    a: {action: std.noop}\n",
		"\n", // "wf3: {...}" is not a line equal to "wf3:": Mistral finds nothing
	}
	if len(wb.Actions) != len(wantActions) || len(wb.Workflows) != len(wantWorkflows) {
		t.Fatalf("%d actions, %d workflows", len(wb.Actions), len(wb.Workflows))
	}
	for i, want := range wantActions {
		if wb.Actions[i].Definition != want {
			t.Errorf("action %d: %q", i, wb.Actions[i].Definition)
		}
	}
	for i, want := range wantWorkflows {
		if wb.Workflows[i].Definition != want {
			t.Errorf("workflow %d: %q", i, wb.Workflows[i].Definition)
		}
	}
	greet := wb.Actions[0]
	if greet.Base != "std.echo" || repr(greet.BaseInput) != "{'delay': 1, 'output': 'hi <% $.name %>'}" ||
		greet.InputSignature() != `name, greeting="hello"` || greet.Output != "<% $ %>" {
		t.Errorf("greet %+v %s", greet, repr(greet.BaseInput))
	}
	if got := repr(wb.Workflows[0].Spec().Value("tasks")); got !=
		"{'t1': {'action': 'greet name=<% $.x %>', 'on-success': 't2', 'type': 'direct', 'name': 't1', 'version': '2.0'}, "+
			"'t2': {'action': 'std.noop', 'type': 'direct', 'name': 't2', 'version': '2.0'}}" {
		t.Errorf("spec %s", got)
	}
}

func TestParseActions(t *testing.T) {
	text := `version: '2.0'
my_echo:
  base: std.echo output=<% $.prefix %>
  base-input:
    output: "<% $.prefix %>-<% $.name %>"
    extra: {a: 1}
  input:
    - name
    - prefix: "hi"
    - n: null
    - l: [1, "x"]
  output: <% $.toUpper() %>
  description: Echo it
  tags: [t]
plain:
  base: std.noop
`
	as, err := ParseActions(text, &fakeValidator{})
	if err != nil {
		t.Fatal(err)
	}
	a := as[0]
	if a.Name != "my_echo" || a.Base != "std.echo" || a.Description != "Echo it" || a.Definition != text {
		t.Errorf("%+v", a)
	}
	if got := repr(a.BaseInput); got != "{'output': '<% $.prefix %>', 'extra': {'a': 1}}" {
		t.Errorf("base input %s", got)
	}
	if got := a.InputSignature(); got != `name, prefix="hi", n=null, l=[1, "x"]` {
		t.Errorf("signature %s", got)
	}
	if as[1].BaseInput != nil || as[1].InputSignature() != "" || as[1].Output != nil {
		t.Errorf("plain %+v", as[1])
	}
	for _, doc := range []string{
		"version: '2.0'\na:\n  base-input: {x: 1}\n",
		"version: '2.0'\na:\n  base: std.noop\n  foo: 1\n",
		"version: '2.0'\na:\n  base: std.echo output=<% $.a + %>\n",
	} {
		if _, err := ParseActions(doc, &fakeValidator{}); err == nil {
			t.Errorf("accepted %q", doc)
		}
	}
}
