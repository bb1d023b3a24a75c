package yaql

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestDictKeysKeepTheirType checks that a non-string key stays apart from
// the string with its text, as in Python, and becomes that text only when
// the dict leaves the expression.
func TestDictKeysKeepTheirType(t *testing.T) {
	d := data.MapOf("d", data.MapOf("1", "one", "2", "two"))
	tests := []struct {
		expr string
		want string // data.Repr of the result
	}{
		{"$.d.get(1)", "None"},
		{"$.d.get(1, x)", "'x'"},
		{"$.d.get('1')", "'one'"},
		{"$.d.containsKey(1)", "False"},
		{"$.d.delete(1).len()", "2"},
		{"{1 => a}.get(1)", "'a'"},
		{"{1 => a}.get('1')", "None"},
		{"{1 => a}.get(1.0)", "'a'"},
		{"{true => a}.get(1)", "'a'"},
		{"{null => a}.get(null)", "'a'"},
		{"{1 => a}.containsKey('1')", "False"},
		{"{1 => a}.set('1', b).len()", "2"},
		{"{1 => a}.set(1.0, b)", "{'1': 'b'}"},
		{"{1 => a}.keys().toList()", "[1]"},
		{"{null => a, true => b, 2.5 => c}.keys().toList()", "[None, True, 2.5]"},
		{"{1 => a}.items().select($[0])", "[1]"},
		{"[1, 2, 3].toDict($, $ * 2).keys().sum()", "6"},
		{"str({1 => a, b => null})", "\"{1: 'a', 'b': None}\""},
		{"{1 => a, null => b, true => c}", "{'1': 'c', 'null': 'b'}"},
		{"{true => a, 1.5 => b}", "{'true': 'a', '1.5': 'b'}"},
		{"{1 => a, '1' => b}", "{'1': 'b'}"},
		{"json_dump({1 => a})", "'{\\n    \"1\": \"a\"\\n}'"},
		{"{1 => a} = {1.0 => a}", "True"},
		{"{1 => a} = {true => a}", "True"},
		{"{1 => a} = {'1' => a}", "False"},
		{"[{1 => a}, {1.0 => a}].distinct().len()", "1"},
		{"{1 => a} in [{1.0 => a}]", "True"},
		{"{1 => a} + {1.0 => b}", "{'1': 'b'}"},
		{"{1 => a}.mergeWith({1.0 => b})", "{'1': 'b'}"},
		{"{1 => {x => 1}}.mergeWith({true => {y => 2}})", "{'1': {'x': 1, 'y': 2}}"},
		{"{1 => a}.set({1.0 => b})", "{'1': 'b'}"},
		{"yaml_parse('1: a').get(1)", "'a'"},
		{"yaml_parse('1: a').get('1')", "None"},
		{"str(yaml_parse('{1: a, \"2\": b}'))", "\"{1: 'a', '2': 'b'}\""},
		{"yaml_parse('[{x: {2: b}}]')[0].x.get(2)", "'b'"},
		{"yaml_parse('{2: b, 1: a}')", "{'2': 'b', '1': 'a'}"},
		{"yaml_dump({b => 1, 1 => a})", "'b: 1\\n1: a\\n'"},
		{"yaml_dump({3 => a, 1 => b, true => d})", "'1: d\\n3: a\\n'"},
		{"yaml_dump({null => 1, 2 => 3})", "'null: 1\\n2: 3\\n'"},
		{"yaml_dump({'1' => a})", "\"'1': a\\n\""},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, d, fakeHost{})
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got := data.Repr(v); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
	if _, err := eval(t, "{1 => a}['1']", d, nil); err == nil {
		t.Errorf("{1 => a}['1']: no error, want a KeyError")
	}
	if _, err := eval(t, "yaml_dump(set(3, 1, 2))", d, nil); err == nil || !strings.Contains(err.Error(), "('cannot represent an object', frozenset({1, 2, 3}))") {
		t.Errorf("yaml_dump(set(3, 1, 2)): %v, want cannot represent an object", err)
	}
}
