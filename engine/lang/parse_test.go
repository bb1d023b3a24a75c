package lang

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// wf wraps task lines (indented by four spaces) into a one-workflow
// document.
func wf(tasks string) string {
	return "version: '2.0'\nwf:\n  tasks:\n" + tasks
}

// TestValidationErrors checks classes and messages against what Mistral 15
// answers for the same documents (first line of the message).
func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name, doc, class, msg string
	}{
		{"yaml", "version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n     bad: [x\n",
			exc.DSLParsing, "Definition could not be parsed: "},
		{"no version", "wf:\n  tasks:\n    a: {action: std.noop}\n",
			exc.InvalidModel, "Invalid DSL: 'version' is a required property"},
		{"only version", "version: '2.0'\n",
			exc.InvalidModel, "At least one item must be in the list [data={'version': '2.0'}]."},
		{"version object", "version: {a: 1}\nwf:\n  tasks:\n    a: {action: std.noop}\n",
			exc.InvalidModel, "Invalid DSL: {'a': 1} is not valid under any of the given schemas"},
		{"workflow not a mapping", "version: '2.0'\nwf: [1]\n",
			exc.InvalidModel, "Invalid DSL: [1] is not of type 'object'"},
		{"bad type", "version: '2.0'\nwf:\n  type: sideways\n  tasks:\n    a: {action: std.noop}\n",
			exc.DSLParsing, "Failed to find a specification class to instantiate [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data={'type': 'sideways', 'tasks': {'a': {'action': 'std.noop'}}, 'name': 'wf', 'version': '2.0'}]"},
		{"uuid name", "version: '2.0'\n123e4567-e89b-12d3-a456-426614174000:\n  tasks:\n    a: {action: std.noop}\n",
			exc.InvalidModel, "Workflow name cannot be in the format of UUID."},
		{"empty task", wf("    a: {}\n"),
			exc.InvalidModel, "Invalid DSL: {} does not have enough properties"},
		{"unknown task key", wf("    t1:\n      action: std.noop\n      bogus_key: 1\n"),
			exc.InvalidModel, "Invalid DSL: Additional properties are not allowed ('bogus_key' was unexpected)"},
		{"requires in direct", wf("    a: {requires: [b]}\n"),
			exc.InvalidModel, "Invalid DSL: Additional properties are not allowed ('requires' was unexpected)"},
		{"action and workflow", wf("    t1:\n      action: std.noop\n      workflow: something\n"),
			exc.InvalidModel, "Invalid DSL: {'action': 'std.noop', 'workflow': 'something', 'type': 'direct', 'name': 't1', 'version': '2.0'} is valid under each of {'type': 'object', 'required': ['workflow']}, {'type': 'object', 'required': ['action']}"},
		{"negative retry", wf("    t1:\n      retry: {count: -1, delay: 0}\n"),
			exc.InvalidModel, "Invalid DSL: -1 is not valid under any of the given schemas"},
		{"retry without delay", wf("    a: {retry: count=3}\n"),
			exc.InvalidModel, "Invalid DSL: {} is not valid under any of the given schemas"},
		{"timeout word", wf("    t:\n      timeout: ten\n"),
			exc.InvalidModel, "Invalid DSL: 'ten' is not valid under any of the given schemas"},
		{"empty input string", wf("    a:\n      input: \"\"\n"),
			exc.InvalidModel, "Invalid DSL: '' is too short"},
		{"duplicate input", "version: '2.0'\nwf:\n  input: [a, a]\n  tasks:\n    a: {action: std.noop}\n",
			exc.InvalidModel, "Invalid DSL: ['a', 'a'] has non-unique elements"},
		{"task-defaults key", "version: '2.0'\nwf:\n  task-defaults: {foo: 1}\n  tasks:\n    a: {action: std.noop}\n",
			exc.InvalidModel, "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"},
		{"function style command", wf("    t:\n      on-error: fail(msg='x')\n"),
			exc.InvalidModel, `Invalid DSL: "fail(msg='x')" is valid under each of {'type': 'string', 'pattern': '^\\w+\\(\\w+=(.*)\\)$', 'description': 'Task name with func parameter (e.g.: ` + "`fail(msg=\"test\")`, `fail(msg=<% task() %>)`" + `)'}, {'type': 'string', 'pattern': '^\\S+$', 'description': 'Task name (e.g.: ` + "`task1`" + `)'}`},
		{"publish without parts", wf("    t:\n      on-success:\n        publish: {foo: 1}\n"),
			exc.InvalidModel, "Invalid DSL: {'foo': 1} is not valid under any of the given schemas"},
		{"publish empty parts", wf("    t:\n      on-success:\n        publish: {}\n"),
			exc.InvalidModel, "Either 'branch', 'global' or 'atomic' must be specified: "},
		{"with-items format", wf("    a: {with-items: \"x of [1]\"}\n"),
			exc.InvalidModel, "Wrong format of 'with-items' property. Please use format 'var in {[some, list] | <% $.array %> }: {'with-items': 'x of [1]', 'type': 'direct', 'name': 'a', 'version': '2.0'}"},
		{"with-items array", wf("    a: {with-items: \"x in [a, b]\"}\n"),
			exc.InvalidModel, "Invalid array in 'with-items' clause: [a, b], error: Expecting value: line 1 column 2 (char 1)"},
		{"with-items element", wf("    a: {with-items: [1]}\n"),
			exc.InvalidModel, "Invalid DSL: 1 is not of type 'string'"},
		{"publish part null", wf("    t:\n      on-success:\n        publish: {branch: null}\n"),
			exc.InvalidModel, "Invalid DSL: None is not of type 'object'"},
		{"weird action", wf("    a:\n      action: \"-x y=1\"\n"),
			exc.InvalidModel, "Invalid action/workflow task property: -x y=1"},
		{"no start task", wf("    a: {on-success: b}\n    b: {on-success: a}\n"),
			exc.DSLParsing, "Failed to find start tasks in direct workflow. There must be at least one task without inbound transition.[workflow_name=wf]"},
		{"unknown target", wf("    t1:\n      action: std.noop\n      on-success: missing_task\n"),
			exc.InvalidModel, "Task 'missing_task' not found."},
		{"expression as next", wf("    a:\n      on-success:\n        next: <% 1 %>\n"),
			exc.InvalidModel, "Task '<% 1 %>' not found."},
		{"join count", wf("    a: {on-success: j}\n    j: {join: 2}\n    k: {join: all}\n"),
			exc.InvalidModel, "Not enough inbound tasks for task with 'join' [task_name=j, join=2, inbound_tasks=1]\nNo inbound tasks for task with 'join: all' [task_name=k]"},
		{"reverse requires", "version: '2.0'\nwf:\n  type: reverse\n  tasks:\n    t1:\n      requires: [ghost]\n",
			exc.InvalidModel, "Task 'ghost' not found."},
		{"reverse default requires", "version: '2.0'\nwf:\n  type: reverse\n  task-defaults: {requires: ghost}\n  tasks:\n    t1: {action: std.noop}\n",
			exc.InvalidModel, "Task 'ghost' not found."},
		{"long task name", wf("    " + strings.Repeat("a", 256) + ": {action: std.noop}\n"),
			exc.InvalidModel, "The length of a '" + strings.Repeat("a", 256) + "' task name must not exceed 255 symbols"},
		{"long join task name", wf("    a: {on-success: " + strings.Repeat("j", 209) + "}\n    " + strings.Repeat("j", 209) + ": {join: all}\n"),
			exc.InvalidModel, "The length of a '" + strings.Repeat("j", 209) + "' join task name must not exceed 208 symbols"},
		{"yaql in output", "version: '2.0'\nwf:\n  output:\n    x: <% $.a + %>\n  tasks:\n    a: {action: std.noop}\n",
			exc.YaqlGrammar, "Parse error: unexpected end of statement"},
		{"jinja in publish", wf("    t1:\n      publish:\n        x: \"{{ _.x + }}\"\n"),
			exc.JinjaGrammar, "Syntax error 'unexpected 'end of print statement''."},
		{"mixed", wf("    a:\n      publish:\n        x: <% $.a %> {{ _.b }}\n"),
			exc.ExpressionGrammar, "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed."},
		{"inline param expression", wf("    a:\n      action: std.echo output=<% $.a + %>\n"),
			exc.YaqlGrammar, "Parse error: unexpected end of statement"},
		{"transition condition", wf("    a:\n      on-success:\n        - b: <% $.a + %>\n    b: {action: std.noop}\n"),
			exc.YaqlGrammar, "Parse error: unexpected end of statement"},
		{"with-items source", wf("    a:\n      with-items: x in <% $.a + %>\n"),
			exc.YaqlGrammar, "Parse error: unexpected end of statement"},
		{"retry expression", wf("    a:\n      retry: {count: <% $.a + %>, delay: 1}\n"),
			exc.YaqlGrammar, "Parse error: unexpected end of statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWorkflows(tt.doc, &fakeValidator{})
			if err == nil {
				t.Fatalf("accepted, want %s %q", tt.class, tt.msg)
			}
			if got := exc.ClassOf(err); got != tt.class {
				t.Errorf("class %s, want %s (%v)", got, tt.class, err)
			}
			if !strings.HasPrefix(err.Error(), tt.msg) {
				t.Errorf("message\n got %q\nwant %q", err.Error(), tt.msg)
			}
		})
	}
}

// TestAccepted lists documents Mistral accepts although one might not
// expect it.
func TestAccepted(t *testing.T) {
	tests := map[string]string{
		"version 3.0 for a list":         "version: '3.0'\nwf:\n  tasks:\n    t1: {action: std.noop}\n",
		"version 2 as int":               "version: 2\nwf:\n  tasks:\n    t1: {action: std.noop}\n",
		"unknown workflow key":           "version: '2.0'\nwf:\n  foo: bar\n  tasks:\n    a: {action: std.noop}\n",
		"task description and tags":      wf("    a:\n      action: std.noop\n      description: d\n      tags: [x]\n"),
		"top-level one-key clause":       wf("    a:\n      on-success: {b: <% true %>}\n    b: {action: std.noop}\n"),
		"expressions not validated deep": wf("    a:\n      publish:\n        x: {y: <% $.a + %>}\n"),
		"output-on-error not validated":  "version: '2.0'\nwf:\n  output-on-error:\n    x: <% $.a + %>\n  tasks:\n    a: {action: std.noop}\n",
		"join zero":                      wf("    a: {join: 0}\n"),
		"integers beyond int64":          "version: '2.0'\nwf:\n  input:\n    - big: 12345678901234567890\n  tasks:\n    a:\n      action: std.echo output=18446744073709551616\n      publish: {p: 99999999999999999999}\n",
		"self loop with defaults":        "version: '2.0'\nwf:\n  task-defaults:\n    on-error: [h]\n  tasks:\n    a: {on-success: h}\n    h: {action: std.noop}\n",
		"engine commands":                wf("    a:\n      on-error:\n        - fail msg=\"x <% $.a %>\"\n        - noop\n      on-success: succeed\n      on-complete: [pause]\n"),
	}
	for name, doc := range tests {
		if _, err := ParseWorkflows(doc, &fakeValidator{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestWorkbookVersion(t *testing.T) {
	tests := []struct {
		version string
		ok      bool
	}{
		{"'2.0'", true}, {"2.0", true}, {"'3.0'", false}, {"'2'", false}, {"abc", false},
	}
	for _, tt := range tests {
		doc := "version: " + tt.version + "\nname: wb\nworkflows:\n  wf:\n    tasks:\n      a: {action: std.noop}\n"
		_, err := ParseWorkbook(doc, &fakeValidator{})
		if (err == nil) != tt.ok {
			t.Errorf("version %s: got %v", tt.version, err)
		}
	}
	_, err := ParseWorkbook("version: '3.0'\nname: wb\n", nil)
	if !exc.Is(err, exc.DSLParsing) || err.Error() != "Unsupported DSL version: 3.0" {
		t.Errorf("got %v", err)
	}
}

func TestWorkbookErrors(t *testing.T) {
	tests := []struct{ doc, msg string }{
		{"version: '2.0'\nname: wb1\nfoo: 1\n", "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)"},
		{"version: '2.0'\nworkflows:\n  wf: {tasks: {a: {action: std.noop}}}\n", "Invalid DSL: 'name' is a required property"},
		// Both missing: Mistral's schema requires name first.
		{"", "Invalid DSL: 'name' is a required property"},
		{"workflows:\n  wf: {tasks: {a: {action: std.noop}}}\n", "Invalid DSL: 'name' is a required property"},
		{"version: '2.0'\nname: wb1\nworkflows:\n  \"bad name\": {tasks: {a: {action: std.noop}}}\n",
			`Invalid DSL: 'bad name' does not match any of the regexes: '^(?!version$)[\\w-]+$', '^version$'`},
		{"version: '2.0'\nname: wb1\nworkflows:\n  wf: text\n",
			"A specification with polymorphic key must be backed by a dictionary [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=text]"},
	}
	for _, tt := range tests {
		_, err := ParseWorkbook(tt.doc, &fakeValidator{})
		if err == nil || err.Error() != tt.msg {
			t.Errorf("%q:\n got %v\nwant %s", tt.doc, err, tt.msg)
		}
	}
}

// TestNonStringKeys: a key that is not a string (1, true, null, 1.5) where
// Mistral's schemas match keys against patterns makes Mistral fail with
// 500 (re.search on a non-string); we refuse it, naming the key. Elsewhere
// it is printed as Python prints it, and inside values it is accepted.
func TestNonStringKeys(t *testing.T) {
	refused := []struct {
		name, kind, doc, msg string
	}{
		{"task name", "workflows", wf("    1:\n      action: std.noop\n"), "Invalid DSL: 1 is not of type 'string'"},
		{"task name true", "workflows", wf("    true:\n      action: std.noop\n"), "Invalid DSL: True is not of type 'string'"},
		{"task name null", "workflows", wf("    ~:\n      action: std.noop\n"), "Invalid DSL: None is not of type 'string'"},
		{"task key", "workflows", wf("    a:\n      action: std.noop\n      1.5: x\n"), "Invalid DSL: 1.5 is not of type 'string'"},
		{"workflow key", "workflows", "version: '2.0'\nwf:\n  1: x\n  tasks:\n    a: {action: std.noop}\n", "Invalid DSL: 1 is not of type 'string'"},
		{"publish key", "workflows", wf("    a:\n      action: std.noop\n      publish: {2: x}\n"), "Invalid DSL: 2 is not of type 'string'"},
		{"input default", "workflows", "version: '2.0'\nwf:\n  input:\n    - 1: x\n  tasks:\n    a: {action: std.noop}\n",
			"Invalid DSL: 1 is not of type 'string'"},
		{"clause target", "workflows", wf("    a:\n      action: std.noop\n      on-success:\n        - 2: <% true %>\n    b: {action: std.noop}\n"),
			"Invalid DSL: 2 is not of type 'string'"},
		{"retry key", "workflows", wf("    a:\n      action: std.noop\n      retry: {count: 1, delay: 1, 1: 2}\n"),
			"Invalid DSL: Additional properties are not allowed (1 was unexpected)"},
		{"workbook workflow", "workbook", "version: '2.0'\nname: wb\nworkflows:\n  5:\n    tasks:\n      a: {action: std.noop}\n",
			"Invalid DSL: 5 is not of type 'string'"},
		{"action name", "actions", "version: '2.0'\n5:\n  base: std.noop\n", "Invalid DSL: 5 is not of type 'string'"},
		{"base-input key", "actions", "version: '2.0'\na:\n  base: std.echo\n  base-input: {1: x}\n", "Invalid DSL: 1 is not of type 'string'"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			err := parseKind(tt.kind, tt.doc)
			if !exc.Is(err, exc.InvalidModel) || err.Error() != tt.msg {
				t.Fatalf("got %v, want InvalidModel %q", err, tt.msg)
			}
		})
	}
	accepted := map[string]string{
		"inside a publish value": wf("    a:\n      action: std.noop\n      publish:\n        x: {200: ok, 404: missing}\n"),
		"inside an input value":  wf("    a:\n      action: std.echo\n      input:\n        output: {1: x}\n"),
		"inside a variable":      "version: '2.0'\nwf:\n  vars:\n    a: {1: x}\n  tasks:\n    a: {action: std.noop}\n",
	}
	for name, doc := range accepted {
		if err := parseKind("workflows", doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := parseKind("actions", "version: '2.0'\na:\n  base: std.echo\n  output: {1: x}\n"); err != nil {
		t.Errorf("action output: %v", err)
	}
}

func parseKind(kind, doc string) error {
	var err error
	switch kind {
	case "workflows":
		_, err = ParseWorkflows(doc, &fakeValidator{})
	case "workbook":
		_, err = ParseWorkbook(doc, &fakeValidator{})
	default:
		_, err = ParseActions(doc, &fakeValidator{})
	}
	return err
}

// TestNonJSONValues: where Mistral's schemas check a value's type, a date,
// a datetime or bytes (a Python type, not JSON's) fails it, printed as
// Python prints it; a quoted one is text.
func TestNonJSONValues(t *testing.T) {
	tests := []struct{ name, doc, msg string }{
		{"published date", wf("    a:\n      action: std.noop\n      publish:\n        x: 2020-01-01\n"),
			"Invalid DSL: datetime.date(2020, 1, 1) is not valid under any of the given schemas"},
		{"input default", "version: '2.0'\nwf:\n  input:\n    - x: 2001-12-14 21:59:43Z\n  tasks:\n    a: {action: std.noop}\n",
			"Invalid DSL: datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc) is not valid under any of the given schemas"},
		{"tag", "version: '2.0'\nwf:\n  tags: [2020-01-01]\n  tasks:\n    a: {action: std.noop}\n",
			"Invalid DSL: datetime.date(2020, 1, 1) is not of type 'string'"},
		{"bytes", wf("    a:\n      action: std.noop\n      publish:\n        x: !!binary aGk=\n"),
			"Invalid DSL: b'hi' is not valid under any of the given schemas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWorkflows(tt.doc, &fakeValidator{})
			if !exc.Is(err, exc.InvalidModel) || err.Error() != tt.msg {
				t.Fatalf("got %v, want InvalidModel %q", err, tt.msg)
			}
		})
	}
	if _, err := ParseWorkflows(wf("    a:\n      action: std.noop\n      publish:\n        x: '2020-01-01'\n        y: {z: 2020-01-01}\n"), &fakeValidator{}); err != nil {
		t.Errorf("a quoted date, a nested one: %v", err)
	}
}

// TestStoredDatetimes: a datetime no schema check refused is stored as
// oslo's to_primitive writes it: its fields, the offset dropped.
func TestStoredDatetimes(t *testing.T) {
	tests := map[string]string{
		"2001-12-14 21:59:43.10 -5":   "2001-12-14T21:59:43.100000",
		"2001-12-14 21:59:43Z":        "2001-12-14T21:59:43.000000",
		"2001-12-14 21:59:43":         "2001-12-14T21:59:43.000000",
		"2001-12-14t21:59:43.5+05:30": "2001-12-14T21:59:43.500000",
	}
	for in, want := range tests {
		wfs, err := ParseWorkflows(wf("    a:\n      action: std.noop\n      publish:\n        x: {y: "+in+", z: ["+in+"]}\n"), &fakeValidator{})
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		x := wfs[0].Tasks[0].Publish.Value("x").(*data.Map)
		if got := x.Value("y"); got != want {
			t.Errorf("%s in a mapping: got %v, want %s", in, got, want)
		}
		if got := x.Value("z").([]any)[0]; got != want {
			t.Errorf("%s in a list: got %v, want %s", in, got, want)
		}
	}
}
