package lang

import (
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
)

// FuzzParse feeds arbitrary text to the three document parsers, with the
// real expression validator: a definition is user input (POST
// /v2/workflows, /v2/workbooks, /v2/actions), so whatever it holds must be
// refused with an error, never crash the API.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		wf("    t1:\n      action: std.echo output=<% $.x %>\n      on-success: [t2]\n    t2:\n      join: all\n"),
		"version: '2.0'\nname: wb\nworkflows:\n  w:\n    type: reverse\n    tasks:\n      a: {requires: [b], workflow: x}\n      b: {with-items: 'i in <% [1] %>', action: std.noop}\n",
		"version: '2.0'\na:\n  base: std.echo\n  base-input: {output: '{{ _.x }}'}\n  input: [x, y: 1, '**kw']\n  output: <% $ %>\n",
		"version: '2.0'\nwf:\n  task-defaults: {retry: {count: 3, delay: 1, break-on: <% $.x %>}}\n  tasks:\n    t: {action: std.noop, timeout: 0, wait-before: -1, concurrency: '<% 2 %>'}\n",
		"version: '2.0'\nwf:\n  input: [{a: 1}, b]\n  vars: {c: [1, {d: e}]}\n  tasks:\n    t:\n      action: std.noop\n      on-complete:\n        - fail: <% true %>\n        - t\n",
		"version: '2.0'\n'1':\n  tasks: {yes: {action: std.noop}}\n",
		"&a [*a]", "{", "version: 2.0", "!!python/object:x {}", "\"\\ud83d\"",
	} {
		f.Add(seed)
	}
	eval := expr.NewEvaluator(yaql.New(), jinja.New())
	f.Fuzz(func(t *testing.T, text string) {
		_, _ = ParseWorkflows(text, eval)
		_, _ = ParseWorkbook(text, eval)
		_, _ = ParseActions(text, eval)
	})
}
