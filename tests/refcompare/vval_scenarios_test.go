package refcompare

import (
	"net/http"
	"slices"
	"strings"
)

// Why we knowingly answer otherwise than Mistral 15 in the vval_
// scenarios (REST.md §1.7-1.9: Mistral's 500s become 4xx).
const (
	longName500 = "Mistral 15 validates a name or namespace longer than its 255-character column and fails " +
		"with 500 when MySQL refuses the insert; we refuse the upload with 400"
	validatePath500 = "Mistral 15 fails with 500 on a path below a validate endpoint; we answer 405"
	pathBelow500    = "Mistral 15 fails with 500 on a path part its controller takes no argument for; we answer 405"
	nonJSON500      = "Mistral 15 validates a date inside a value, then fails with 500 when it stores the spec " +
		"(to_primitive turns datetimes and bytes into text, not dates); we refuse the upload: Object of type date is not JSON serializable"
	notUTF8500  = "Mistral 15 fails with 500 on a definition that is not UTF-8; we refuse it as unparsable"
	anchorsText = "Mistral's loader scans '&' and '*' as the start of plain text; ours reads YAML anchors and " +
		"aliases into text after parsing, so an alias to no anchor is an error here (engine/pyyaml: known difference)"
	nonStringKey500 = "Mistral 15 fails with 500 (jsonschema's re.search on a key that is no string) where its " +
		"schemas match keys against patterns; we refuse the definition: Invalid DSL: 1 is not of type 'string'"
)

// vvalNonStringKey validates and uploads a definition with a key that is
// not a string where Mistral fails with 500.
func vvalNonStringKey(collection, text string) []step {
	return []step{
		{method: post, path: "/" + collection + "/validate", body: text, differs: nonStringKey500, status: http.StatusOK},
		{method: post, path: "/" + collection, body: text, differs: nonStringKey500, status: http.StatusBadRequest},
	}
}

// vvalWf is a workflow list holding vval_w with the given body.
func vvalWf(body string) string { return "---\nversion: '2.0'\nvval_w:\n" + body }

// vvalTask is vval_w with one task t1 running std.noop, plus extra lines
// of t1 (and further tasks).
func vvalTask(extra string) string {
	return vvalWf("  tasks:\n    t1:\n      action: std.noop\n" + extra)
}

// vvalRefused validates a definition and uploads it, both refused.
func vvalRefused(collection, text string) []step {
	return []step{
		{method: post, path: "/" + collection + "/validate", body: text, firstPara: map[string]string{"error": schemaDump}},
		{method: post, path: "/" + collection, body: text, firstPara: map[string]string{"faultstring": schemaDump}},
	}
}

// vvalStored validates a definition, uploads it and deletes what it
// stored (the object named name).
func vvalStored(collection, text, name string) []step {
	return []step{
		{method: post, path: "/" + collection + "/validate", body: text},
		{method: post, path: "/" + collection, body: text},
		{method: del, path: "/" + collection + "/" + name},
	}
}

// vvalLong is a name longer than the 255 characters of a name column.
var vvalLong = "vval_" + strings.Repeat("y", 260)

// vvalWorkflowsScenario: what Mistral says of a wrong workflow definition,
// level by level (document, workflow, task, policies, transitions), at
// validation and at upload, and what it accepts that looks wrong.
var vvalWorkflowsScenario = scenario{name: "vval_workflows", steps: slices.Concat(
	// The document.
	vvalRefused("workflows", "- a\n- b\n"),
	vvalRefused("workflows", "hello\n"),
	vvalRefused("workflows", "5\n"),
	vvalRefused("workflows", "~\n"),
	vvalRefused("workflows", "vval_w:\n  tasks:\n    t1:\n      action: std.noop\n"),
	vvalRefused("workflows", "version: '2.0'\n"),
	vvalStored("workflows", "version: '3.0'\nvval_w:\n  tasks:\n    t1:\n      action: std.noop\n", "vval_w"),
	vvalStored("workflows", "version: 2\nvval_w:\n  tasks:\n    t1:\n      action: std.noop\n", "vval_w"),
	vvalStored("workflows", "version: 2.0\nvval_w:\n  tasks:\n    t1:\n      action: std.noop\n", "vval_w"),
	vvalRefused("workflows", "---\nversion: '2.0'\nvval_w:\n"),
	vvalRefused("workflows", "---\nversion: '2.0'\nvval_w: [1]\n"),
	vvalRefused("workflows", "---\nversion: '2.0'\nvval_w: abc\n"),
	vvalRefused("workflows", "---\nversion: '2.0'\nvval_w:\n  tasks:\n    t1:\n      action: std.noop\nvval_w2:\n  tasks: 5\n"),
	vvalRefused("workflows", "---\nversion: '2.0'\n12345678-1234-4234-8234-123456789012:\n  tasks:\n    t1:\n      action: std.noop\n"),
	// PyYAML keeps the last of two equal keys.
	vvalStored("workflows", vvalWf("  tasks:\n    t1:\n      action: std.noop\n    t1:\n      action: std.echo output=1\n"), "vval_w"),
	vvalStored("workflows", "---\nversion: '2.0'\n'vval_w:x':\n  tasks:\n    t1:\n      action: std.noop\n", "vval_w:x"),
	vvalStored("workflows", "%YAML 1.2\n"+vvalTask("      publish:\n        a: {b: 1,}\n        c: !!int '5'\n        d: {e: !!timestamp 2001-12-14 21:59:43Z}\n"), "vval_w"),
	vvalRefused("workflows", "%YAML 2.0\n"+vvalTask("")),
	[]step{
		{method: post, path: "/workflows/validate", body: vvalWf("\ttasks: 1\n"), differs: yamlSyntax, status: http.StatusOK},
		{method: post, path: "/workflows", body: vvalTask("      action: 'std.noop\n"), differs: yamlSyntax, status: http.StatusBadRequest},
		{method: post, path: "/workflows/validate", body: vvalTask("      publish:\n        a:\n          b: [1, <% $.x[ %>]\n"),
			differs: yamlSyntax, status: http.StatusOK},
	},

	// YAML that parses but that the safe loader cannot construct.
	vvalRefused("workflows", vvalTask("      publish:\n        a: !!python/name:os.system\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: !include other.yaml\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: !!seq x\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: !!str [1]\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        <<: 5\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: {[1]: 2}\n")),
	vvalStored("workflows", vvalTask("      publish:\n        <<: {a: 1}\n        b: &x 1\n        c: [&y 2, *y]\n"), "vval_w"),
	[]step{
		{method: post, path: "/workflows/validate", body: typed{"text/plain", "---\nversion: '2.0'\nvval_w:\n  description: caf\xe9\n  tasks:\n    t1:\n      action: std.noop\n"},
			differs: notUTF8500, status: http.StatusOK},
		{method: post, path: "/workflows/validate", body: vvalTask("      publish:\n        a: *x\n"), differs: anchorsText, status: http.StatusOK},
	},

	// The workflow level.
	vvalRefused("workflows", vvalWf("  type: sideways\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  type: 1\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  tags: abc\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  tags: [1, 2]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  input:\n    a: 1\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  input: [1]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  output: [a]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  vars: [a]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalStored("workflows", vvalWf("  description: 5\n  tasks:\n    t1:\n      action: std.noop\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  version: '2.0'\n  name: other\n  tasks:\n    t1:\n      action: std.noop\n"), "vval_w"),
	vvalRefused("workflows", vvalWf("  task-defaults: [a]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  task-defaults:\n    retry:\n      count: x\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  task-defaults:\n    on-success: nope\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    - t1\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1: std.noop\n")),

	// The task level.
	vvalRefused("workflows", vvalTask("      colour: red\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: 5\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: ''\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: std.noop\n      workflow: vval_nope\n")),
	vvalStored("workflows", vvalWf("  tasks:\n    t1:\n      publish:\n        a: 1\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  tasks:\n    t1:\n      action: vval_nope\n    t2:\n      workflow: vval_nope\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  tasks:\n    noop:\n      action: std.noop\n    'my task':\n      action: std.noop\n"), "vval_w"),
	vvalRefused("workflows", vvalTask("      publish: [a]\n")),
	vvalRefused("workflows", vvalTask("      publish: abc\n")),
	vvalRefused("workflows", vvalTask("      keep-result: 3\n")),
	vvalRefused("workflows", vvalTask("      safe-rerun: yes please\n")),
	vvalRefused("workflows", vvalTask("      target: 5\n")),
	vvalRefused("workflows", vvalTask("      input: [1]\n")),
	vvalRefused("workflows", vvalTask("      join: some\n")),
	vvalRefused("workflows", vvalTask("      join: -1\n")),
	vvalRefused("workflows", vvalTask("      join: 1.5\n")),
	vvalRefused("workflows", vvalTask("      requires: [t1]\n")),
	vvalRefused("workflows", vvalTask("      with-items: 5\n")),
	vvalRefused("workflows", vvalTask("      with-items: {a: 1}\n")),
	vvalRefused("workflows", vvalTask("      with-items: [5]\n")),
	vvalRefused("workflows", vvalTask("      with-items: x\n")),

	// Policies.
	vvalRefused("workflows", vvalTask("      retry:\n        count: 2\n        delay: 1\n        bogus: 1\n")),
	vvalRefused("workflows", vvalTask("      retry:\n        count: -1\n        delay: 1\n")),
	vvalRefused("workflows", vvalTask("      retry:\n        count: 1\n        delay: abc\n")),
	vvalRefused("workflows", vvalTask("      retry: [1, 2]\n")),
	vvalRefused("workflows", vvalTask("      with-items: x in [1,2]\n      concurrency: -1\n")),
	vvalRefused("workflows", vvalTask("      with-items: x in [1,2]\n      concurrency: abc\n")),
	vvalStored("workflows", vvalTask("      with-items: x in [1,2]\n      concurrency: 0\n"), "vval_w"),
	vvalRefused("workflows", vvalTask("      timeout: -5\n")),
	vvalRefused("workflows", vvalTask("      timeout: 1.5\n")),
	vvalRefused("workflows", vvalTask("      timeout: [1]\n")),
	vvalRefused("workflows", vvalTask("      wait-after: abc\n")),
	vvalRefused("workflows", vvalTask("      pause-before: 3\n")),

	// Transitions.
	vvalRefused("workflows", vvalTask("      on-success: 3\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        - t2: 3\n    t2:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalTask("      on-error: [[t2]]\n    t2:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalTask("      on-complete:\n")),
	vvalRefused("workflows", vvalTask("      on-success: nope\n")),
	vvalRefused("workflows", vvalTask("      on-success: [t1, nope]\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        - nope: <% true %>\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        publish:\n          a: 1\n        next: nope\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        publish:\n          a: 1\n        colour: red\n")),
	vvalRefused("workflows", vvalTask("      on-success: bogus msg='x'\n")),
	vvalRefused("workflows", vvalTask("      on-success: [t2, t2]\n    t2:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalTask("      on-success: t2\n    t2:\n      action: std.noop\n      on-success: t1\n")),
	vvalStored("workflows", vvalTask("      on-success: succeed msg='x'\n      on-error: fail msg=<% $.x %>\n      on-complete: pause\n"), "vval_w"),

	// Unquoted dates and datetimes, and !!binary, are Python values JSON
	// has not: refused where a schema checks a value's type, and at upload
	// anywhere else; quoted, they are text.
	vvalRefused("workflows", vvalTask("      publish:\n        a: 2020-01-01\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: 2001-12-14 21:59:43.10 -5\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: 2001-12-14t21:59:43Z\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: !!binary aGVsbG8=\n")),
	vvalRefused("workflows", vvalWf("  input:\n    - a: 2020-01-01\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  vars:\n    a: 2020-01-01\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  output:\n    a: 2020-01-01\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  description: 2020-01-01\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  tags: [2020-01-01]\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: std.echo\n      input:\n        output: 2020-01-01\n")),
	vvalRefused("workflows", vvalWf("  foo: 2020-01-01\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalStored("workflows", vvalTask("      publish:\n        a: '2020-01-01'\n        b: 2020-1-1\n      action: std.echo output=2020-01-01\n"), "vval_w"),
	[]step{
		{method: post, path: "/workflows/validate", body: vvalTask("      publish:\n        a: {b: 2020-01-01}\n")},
		{method: post, path: "/workflows", body: vvalTask("      publish:\n        a: {b: 2020-01-01}\n"), differs: nonJSON500, status: http.StatusBadRequest},
		{method: post, path: "/workflows", body: vvalTask("      publish:\n        a: [2001-12-14 21:59:43Z, !!binary aGk=]\n")},
		{method: get, path: "/workflows/vval_w"},
		{method: del, path: "/workflows/vval_w"},
	},

	// Keys that are not strings: refused where Mistral's schemas match keys
	// against patterns (it fails with 500 there), printed as Python prints
	// them elsewhere, accepted inside values.
	vvalNonStringKey("workflows", vvalWf("  tasks:\n    1:\n      action: std.noop\n")),
	vvalNonStringKey("workflows", vvalWf("  tasks:\n    true:\n      action: std.noop\n")),
	vvalNonStringKey("workflows", vvalWf("  1: x\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalNonStringKey("workflows", vvalTask("      1.5: x\n")),
	vvalNonStringKey("workflows", vvalTask("      publish:\n        1: x\n")),
	vvalNonStringKey("workflows", vvalTask("      input:\n        ~: x\n")),
	vvalNonStringKey("workflows", vvalWf("  input:\n    - 1: x\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalNonStringKey("workflows", vvalWf("  vars:\n    1: x\n  output:\n    2: y\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalNonStringKey("workflows", vvalTask("      on-success:\n        - 2: <% true %>\n    2:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalTask("      retry:\n        count: 1\n        delay: 1\n        1: 2\n")),
	vvalStored("workflows", vvalTask("      publish:\n        codes: {200: ok, 404: missing}\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  vars:\n    a: {1: x}\n  tasks:\n    t1:\n      action: std.echo\n      input:\n        output: {true: x}\n"), "vval_w"),

	// Reverse workflows.
	vvalRefused("workflows", vvalWf("  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      requires: [nope]\n")),
	vvalRefused("workflows", vvalWf("  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      requires: nope\n")),
	vvalRefused("workflows", vvalWf("  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      requires: 5\n")),
	vvalRefused("workflows", vvalWf("  type: reverse\n  tasks:\n    t1:\n      action: std.noop\n      on-error: t1\n")),
)}

// vvalExpressionsScenario: which expressions of a workflow Mistral checks
// at upload, and its YAQL and Jinja syntax-error texts.
var vvalExpressionsScenario = scenario{name: "vval_expressions", steps: slices.Concat(
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: std.echo\n      input:\n        output: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: std.echo output=<% $.x[ %>\n")),
	vvalRefused("workflows", vvalWf("  tasks:\n    t1:\n      action: std.echo output={{ x + }}\n")),
	vvalRefused("workflows", vvalTask("      with-items:\n        - x in [1]\n        - y in <% $.z( %>\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        - t1: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      on-error:\n        - t1: '{{ x + }}'\n")),
	vvalRefused("workflows", vvalTask("      wait-before: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      retry:\n        count: 2\n        delay: 1\n        break-on: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      keep-result: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      safe-rerun: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      fail-on: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      with-items: x in [1]\n      concurrency: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      pause-before: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalWf("  vars:\n    a: <% $.x[ %>\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  task-defaults:\n    timeout: <% $.x[ %>\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalWf("  task-defaults:\n    on-error:\n      - t1: <% $.x[ %>\n  tasks:\n    t1:\n      action: std.noop\n")),
	vvalRefused("workflows", vvalTask("      publish-on-error:\n        a: '{{ 1 + }}'\n")),
	vvalRefused("workflows", vvalTask("      on-complete:\n        publish:\n          a: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      on-success:\n        next:\n          - t1: <% $.x[ %>\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: <% $.x %> {{ y }}\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: <% %>\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{{ }}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: <% $.x ! 1 %>\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: <% 'abc %>\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: <% 1 %> and <% 2 + %>\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{{ x + }}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{% if %}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{% for x in y %}{{ x }}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{% bogus %}'\n")),
	// Jinja is checked before the mix; yaql's parser errors come before
	// an illegal character after them.
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% $.x %> {{ $.y }}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% <% 1 %> %>'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% 1 2 @ %>'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% 1 @ 2 %>'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% , ` %>'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '<% f( ` %>'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{{ x | }}'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{% if x %}a'\n")),
	vvalRefused("workflows", vvalTask("      publish:\n        a: '{{ x if y else }}'\n")),
	vvalStored("workflows", vvalTask("      publish:\n        a: '{% raw %}{{ x + }}{% endraw %}'\n        b: '{# c #}'\n        c: <% '%>' %>\n"), "vval_w"),
	// Not checked at upload: a task's target, the names of its action and
	// workflow, input defaults, output-on-error, publish keys; nor text that
	// only looks like an expression, unknown functions and filters.
	vvalStored("workflows", vvalTask("      target: <% $.x[ %>\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  tasks:\n    t1:\n      action: <% $.x[ %>\n    t2:\n      workflow: <% $.x[ %>\n"), "vval_w"),
	vvalStored("workflows", vvalWf("  input:\n    - a: <% $.x[ %>\n  output-on-error:\n    a: <% $.x[ %>\n  tasks:\n    t1:\n      action: std.noop\n"), "vval_w"),
	vvalStored("workflows", vvalTask("      publish:\n        <% $.x[ %>: 1\n        a: <% $.x\n        b: '{{ x'\n        c: '{{ $.x }'\n"), "vval_w"),
	vvalStored("workflows", vvalTask("      publish:\n        a: <% nosuchfn() %>\n        b: '{{ x | nosuchfilter }}'\n"), "vval_w"),
)}

// vvalWorkbooksScenario: wrong workbooks and their sections, the
// workflows and actions they hold, and updates that fail.
var vvalWorkbooksScenario = scenario{name: "vval_workbooks", steps: slices.Concat(
	vvalRefused("workbooks", "---\nversion: '2.0'\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: 5\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval wb\n"),
	vvalRefused("workbooks", "name: vval_wb\n"),
	vvalRefused("workbooks", "version: '3.0'\nname: vval_wb\n"),
	vvalRefused("workbooks", "- 1\n"),
	vvalStored("workbooks", "---\nversion: '2.0'\nname: vval_wb\n", "vval_wb"),
	vvalStored("workbooks", "---\nversion: '2.0'\nname: vval_wb.x\n", "vval_wb.x"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: ''\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\ntags: []\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows: {}\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions:\n  version: '3.0'\n  a:\n    base: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  a.b:\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\ncolour: red\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows: [a]\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions: [a]\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\ntags: abc\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\ndescription: 5\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  w:\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  w:\n    type: sideways\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n        colour: red\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n        on-success: nope\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.echo output=<% $.x[ %>\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  12345678-1234-4234-8234-123456789012:\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  'a b':\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions:\n  a:\n    input: [x]\n"),
	vvalNonStringKey("workbooks", "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  5:\n    tasks:\n      t:\n        action: std.noop\n"),
	vvalNonStringKey("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions:\n  5:\n    base: std.noop\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions:\n  a:\n    base: std.echo\n    base-input: [1]\n"),
	vvalRefused("workbooks", "---\nversion: '2.0'\nname: vval_wb\nactions:\n  a:\n    base: std.echo\n    base-input:\n      output: <% $.x[ %>\n"),
	[]step{
		// A version key among the workflows, a workflow and an action of
		// one name, an action whose base is missing or loops: all stored.
		{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  version: '2.0'\n  x:\n    tasks:\n      t:\n" +
			"        action: std.noop\nactions:\n  x:\n    base: std.noop\n  a:\n    base: vval_wb.b\n  b:\n    base: vval_wb.a\n  c:\n    base: vval_nope\n"},
		{method: get, path: "/workflows/vval_wb.x"},
		{method: get, path: "/actions?name=has:vval_wb.&sort_keys=name&fields=name,input"},
		// Updates that fail leave the workbook as it was.
		{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vval_wb\nworkflows:\n  x:\n    tasks:\n      t:\n        action: std.noop\n        colour: red\n",
			firstPara: map[string]string{"faultstring": schemaDump}},
		{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vval_wb\nactions:\n  a:\n    base: std.echo\n    base-input:\n      output: <% $.x[ %>\n"},
		{method: put, path: "/workbooks", body: "---\nversion: '2.0'\nname: vval_nowb\n"},
		{method: put, path: "/workbooks", body: "- 1\n", firstPara: map[string]string{"faultstring": schemaDump}},
		{method: get, path: "/workbooks/vval_wb"},
		// A path part after the collection is the namespace.
		{method: post, path: "/workbooks/vval_ns?namespace=vval_other", body: "---\nversion: '2.0'\nname: vval_wb\n"},
		{method: get, path: "/workbooks/vval_wb?namespace=vval_ns"},
		{method: put, path: "/workbooks/vval_ns", body: "---\nversion: '2.0'\nname: vval_wb\ntags: [t]\n"},
		{method: put, path: "/workbooks/vval_nons", body: "---\nversion: '2.0'\nname: vval_wb\n"},
		{method: del, path: "/workbooks/vval_wb?namespace=vval_ns"},
		{method: get, path: "/workbooks/validate"},
		{method: put, path: "/workbooks/validate", body: "---\nversion: '2.0'\nname: vval_wb\n"},
		{method: del, path: "/workbooks/validate"},
		// Longer than its column.
		{method: post, path: "/workbooks/validate", body: "---\nversion: '2.0'\nname: " + vvalLong + "\n"},
		{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: " + vvalLong + "\n", differs: longName500, status: http.StatusBadRequest},
		{method: post, path: "/workbooks", body: "---\nversion: '2.0'\nname: " + vvalLong[:255] + "\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n",
			differs: longName500, status: http.StatusBadRequest},
		{method: del, path: "/workbooks/vval_wb"},
		{method: del, path: "/workflows/vval_wb.x"},
		{method: del, path: "/actions/vval_wb.x"},
		{method: del, path: "/actions/vval_wb.a"},
		{method: del, path: "/actions/vval_wb.b"},
		{method: del, path: "/actions/vval_wb.c"},
	},
)}

// vvalActionsScenario: wrong ad-hoc actions, bases that are missing or
// loop (accepted), updates that fail, and the namespace in the path.
var vvalActionsScenario = scenario{name: "vval_actions", steps: slices.Concat(
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: 5\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: ''\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo output=<% $.x[ %>\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input:\n    a: 1\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input: [a, a]\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  output: <% $.x[ %>\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  colour: red\n"),
	vvalRefused("actions", "---\nversion: '2.0'\n'vval a':\n  base: std.noop\n"),
	vvalRefused("actions", "vval_a:\n  base: std.noop\n"),
	vvalRefused("actions", "version: '2.0'\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  tags: x\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  description: 5\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  base-input: abc\n"),
	vvalRefused("actions", "- 1\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  base-input:\n    output: 2020-01-01\n"),
	vvalRefused("actions", "---\nversion: '2.0'\n5:\n  base: std.noop\n"),
	vvalNonStringKey("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  base-input:\n    1: x\n"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  output:\n    1: x\n", "vval_a"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  base-input:\n    output: '{{ 1 + }}'\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  output: '{{ 1 + }}'\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input:\n    - {a: 1, b: 2}\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input: [1]\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input: []\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  base-input: {}\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  base-input:\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  description: ''\n"),
	vvalRefused("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  tags: []\n"),
	vvalStored("actions", "version: '3.0'\nvval_a:\n  base: std.noop\n", "vval_a"),
	vvalStored("actions", "version: 2\nvval_a:\n  base: <% $.x %>\n  output:\n    a: <% $.x[ %>\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo output='a\n  name: other\n  version: '2.0'\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\nvval_a:\n  base: std.echo\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a.b:\n  base: std.noop\n", "vval_a.b"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: vval_nope\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: vval_a\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.echo output=1\n  output: [1]\n", "vval_a"),
	vvalStored("actions", "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  input:\n    - a: 1\n    - b\n", "vval_a"),
	[]step{
		{method: post, path: "/actions", body: "---\nversion: '2.0'\nvval_b:\n  base: vval_a\nvval_a:\n  base: vval_b\n"},
		{method: get, path: "/actions?name=in:vval_a,vval_b&sort_keys=name&fields=name"},
		// Updates that fail leave the actions as they were.
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nvval_a:\n  base: std.echo\n  colour: red\n", firstPara: map[string]string{"faultstring": schemaDump}},
		{method: put, path: "/actions", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\nvval_nope:\n  base: std.noop\n"},
		{method: put, path: "/actions", body: "", firstPara: map[string]string{"faultstring": schemaDump}},
		{method: put, path: "/actions/vval_a", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\nvval_b:\n  base: std.noop\n"},
		{method: put, path: "/actions/vval_nope", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n"},
		{method: put, path: "/actions/std.echo", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n"},
		{method: put, path: "/actions?scope=bogus", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n"},
		{method: get, path: "/actions/vval_a"},
		{method: del, path: "/actions/vval_a"},
		{method: del, path: "/actions/vval_b"},
		// A path part after the collection is the namespace.
		{method: post, path: "/actions/vval_ns?namespace=vval_other", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n"},
		{method: get, path: "/actions/vval_a?namespace=vval_ns"},
		{method: del, path: "/actions/vval_a?namespace=vval_ns"},
		{method: get, path: "/actions/validate"},
		{method: put, path: "/actions/validate", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n"},
		{method: del, path: "/actions/validate"},
		{method: post, path: "/actions", body: "---\nversion: '2.0'\n" + vvalLong + ":\n  base: std.noop\n", differs: longName500, status: http.StatusBadRequest},
		{method: post, path: "/actions?namespace=" + vvalLong, body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n", differs: longName500,
			status: http.StatusBadRequest},
	},
)}

// vvalUpdatesScenario: workflow updates that fail, uploads into a
// namespace named by the path, and the methods the validate endpoint
// refuses.
var vvalUpdatesScenario = scenario{name: "vval_updates", steps: slices.Concat(
	[]step{
		{method: post, path: "/workflows", body: vvalTask("")},
		{method: put, path: "/workflows", body: vvalTask("      colour: red\n"), firstPara: map[string]string{"faultstring": schemaDump}},
		{method: put, path: "/workflows", body: vvalTask("      on-success: nope\n")},
		{method: put, path: "/workflows", body: "not: [yaml", differs: yamlSyntax, status: http.StatusBadRequest},
		{method: put, path: "/workflows", body: "---\nversion: '2.0'\nvval_nope:\n  tasks:\n    t1:\n      action: std.noop\n"},
		{method: put, path: "/workflows", body: vvalTask("") + "vval_nope:\n  tasks:\n    t1:\n      action: std.noop\n"},
		{method: put, path: "/workflows", body: "", firstPara: map[string]string{"faultstring": schemaDump}},
		{method: put, path: "/workflows", body: "---\nversion: '2.0'\n"},
		{method: put, path: "/workflows/vval_nope", body: vvalTask("")},
		{method: put, path: "/workflows/vval_w", body: vvalTask("") + "vval_w3:\n  tasks:\n    t1:\n      action: std.noop\n"},
		{method: put, path: "/workflows?namespace=vval_ns", body: vvalTask("")},
		{method: put, path: "/workflows?scope=bogus", body: vvalTask("")},
		{method: get, path: "/workflows/vval_w"},
		{method: post, path: "/workflows?scope=bogus", body: "---\nversion: '2.0'\nvval_q:\n  tasks:\n    t1:\n      action: std.noop\n"},
		{method: del, path: "/workflows/vval_w"},

		// A path part after the collection is the namespace, before the
		// query's.
		{method: post, path: "/workflows/vval_ns?namespace=vval_other", body: vvalTask("")},
		{method: post, path: "/workflows/vval_ns", body: vvalTask("")},
		{method: post, path: "/workflows/vval_ns", body: vvalWf("  tasks: 1\n"), firstPara: map[string]string{"faultstring": schemaDump}},
		{method: get, path: "/workflows/vval_w?namespace=vval_ns"},
		{method: get, path: "/workflows/vval_w"},
		{method: del, path: "/workflows/vval_w?namespace=vval_ns"},

		// skip_validation changes nothing in Mistral 15: the spec classes
		// validate all the same; an inline parameter is never checked.
		{method: post, path: "/workflows?skip_validation", body: vvalTask("      colour: red\n"), firstPara: map[string]string{"faultstring": schemaDump}},
		{method: post, path: "/workflows?skip_validation=true", body: vvalTask("      on-success: nope\n")},
		{method: post, path: "/workflows?skip_validation", body: vvalTask("      publish:\n        a: <% $.x[ %>\n")},
		{method: post, path: "/workflows?skip_validation", body: vvalWf("  description: x\n"), firstPara: map[string]string{"faultstring": schemaDump}},
		{method: post, path: "/workflows/validate?skip_validation", body: vvalTask("      retry: [1]\n"), firstPara: map[string]string{"error": schemaDump}},
		{method: post, path: "/workbooks?skip_validation", body: "---\nversion: '2.0'\nname: vval_wb\nactions:\n  a:\n    input: [x]\n",
			firstPara: map[string]string{"faultstring": schemaDump}},
		{method: post, path: "/actions?skip_validation", body: "---\nversion: '2.0'\nvval_a:\n  base: std.noop\n  colour: red\n",
			firstPara: map[string]string{"faultstring": schemaDump}},
		{method: post, path: "/workflows?skip_validation", body: vvalWf("  tasks:\n    t1:\n      action: std.echo output='a\n")},
		{method: get, path: "/workflows/vval_w"},
		{method: del, path: "/workflows/vval_w"},

		// validate takes POST only.
		{method: get, path: "/workflows/validate"},
		{method: put, path: "/workflows/validate", body: vvalTask("")},
		{method: del, path: "/workflows/validate"},
		{method: post, path: "/workflows/validate/x", body: vvalTask(""), differs: validatePath500, status: http.StatusMethodNotAllowed},
		{method: post, path: "/workflows/validate?namespace=vval_ns&foo=1", body: vvalTask("")},
		{method: post, path: "/workflows/validate", body: "", firstPara: map[string]string{"error": schemaDump}},

		// Longer than its column.
		{method: post, path: "/workflows/validate", body: "---\nversion: '2.0'\n" + vvalLong + ":\n  tasks:\n    t1:\n      action: std.noop\n"},
		{method: post, path: "/workflows", body: "---\nversion: '2.0'\n" + vvalLong + ":\n  tasks:\n    t1:\n      action: std.noop\n",
			differs: longName500, status: http.StatusBadRequest},
		{method: post, path: "/workflows?namespace=" + vvalLong, body: vvalTask(""), differs: longName500, status: http.StatusBadRequest},
	},
)}

// vvalPathsScenario: a namespace given as a path part after an
// identifier, and which of it and ?namespace= wins.
var vvalPathsScenario = scenario{name: "vval_paths", steps: []step{
	{method: post, path: "/workflows?namespace=vval_pns", body: "---\nversion: '2.0'\nvval_r:\n  tasks:\n    t1:\n      action: std.noop\n"},
	{method: get, path: "/workflows/vval_r/vval_pns", differs: pathBelow500, status: http.StatusMethodNotAllowed},
	{method: del, path: "/workflows/vval_r/vval_pns", differs: pathBelow500, status: http.StatusMethodNotAllowed},
	{method: post, path: "/workflows/vval_pns/extra", body: "---\nversion: '2.0'\nvval_r2:\n  tasks:\n    t1:\n      action: std.noop\n",
		differs: pathBelow500, status: http.StatusMethodNotAllowed},
	{method: del, path: "/workflows/vval_r?namespace=vval_pns"},

	{method: post, path: "/actions?namespace=vval_pns", body: "---\nversion: '2.0'\nvval_ra:\n  base: std.noop\n"},
	{method: put, path: "/actions/vval_ra/vval_pns", body: "---\nversion: '2.0'\nvval_ra:\n  base: std.echo\n  input: [output]\n"},
	{method: put, path: "/actions/vval_ra/vval_pns?namespace=other", body: "---\nversion: '2.0'\nvval_ra:\n  base: std.noop\n  description: d\n"},
	{method: put, path: "/actions/vval_ra/vval_other", body: "---\nversion: '2.0'\nvval_ra:\n  base: std.noop\n"},
	{method: put, path: "/actions/vval_pns", body: "---\nversion: '2.0'\nvval_ra:\n  base: std.noop\n"},
	{method: get, path: "/actions/vval_ra/vval_pns"},
	{method: get, path: "/actions/vval_ra/vval_pns?namespace=other"},
	{method: get, path: "/actions/vval_ra/other?namespace=vval_pns"},
	{method: get, path: "/actions/vval_ra/vval_pns?namespace="},
	{method: post, path: "/actions/vval_pns/extra", body: "---\nversion: '2.0'\nvval_rb:\n  base: std.noop\n",
		differs: pathBelow500, status: http.StatusMethodNotAllowed},
	{method: del, path: "/actions/vval_ra/vval_pns?namespace=other"},
	{method: del, path: "/actions/vval_ra/other?namespace=vval_pns"},
	{method: del, path: "/actions/vval_ra/vval_pns"},

	{method: post, path: "/workbooks?namespace=vval_pns", body: "---\nversion: '2.0'\nname: vval_rwb\n"},
	{method: get, path: "/workbooks/vval_rwb/vval_pns"},
	{method: get, path: "/workbooks/vval_rwb/vval_pns?namespace=other"},
	{method: get, path: "/workbooks/vval_rwb/other?namespace=vval_pns"},
	{method: get, path: "/workbooks/vval_rwb/vval_pns?namespace="},
	{method: get, path: "/workbooks/vval_rwb/vval_pns/x"},
	{method: del, path: "/workbooks/vval_rwb/vval_pns?namespace=other"},
	{method: del, path: "/workbooks/vval_rwb/vval_pns"},
	{method: del, path: "/workbooks/vval_rwb/vval_pns"},
}}

// The vval_ scenarios join the list here rather than in its literal, so
// that scenario files added side by side do not touch one line.
func init() {
	scenarios = append(scenarios, vvalWorkflowsScenario, vvalExpressionsScenario, vvalWorkbooksScenario, vvalActionsScenario, vvalUpdatesScenario,
		vvalPathsScenario)
}
