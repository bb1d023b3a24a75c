package yaql

import (
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// TestDictViews checks that keys(), values() and items() are Python's dict
// views: str() names them, values() is only iterable, and a view has none
// of frozenset's methods; recorded on Mistral 15.
func TestDictViews(t *testing.T) {
	d := data.MapOf("d", data.MapOf("a", int64(1), "b", []any{int64(1), int64(2)}), "e", data.NewMap(0),
		"s", `{"x": 1, "y": [2]}`)
	for _, tt := range []struct{ expr, want string }{
		{"str($.d.keys())", "KeysView({'a': 1, 'b': (1, 2)})"},
		{"str($.d.values())", "ValuesView({'a': 1, 'b': (1, 2)})"},
		{"str($.d.items())", "ItemsView({'a': 1, 'b': (1, 2)})"},
		{"str($.e.keys())", "KeysView({})"},
		{"str({1 => 2}.keys())", "KeysView({1: 2})"},
		{"str(json_parse($.s).keys())", "dict_keys(['x', 'y'])"},
		{"str(json_parse($.s).values())", "dict_values([1, [2]])"},
		{"str(json_parse($.s).items())", "dict_items([('x', 1), ('y', [2])])"},
		{"'{0}'.format($.d.keys())", "KeysView({'a': 1, 'b': (1, 2)})"},
		{"str($.d.keys().toSet())", "frozenset({'a', 'b'})"},
		{"str($.d.values() = [1, [1, 2]])", "false"},
		{"str($.d.keys() = set('a', 'b'))", "true"},
		{"str($.d.values().count())", "2"},
		{"$.d.values().join(',')", "1,(1, 2)"},
	} {
		got, err := eval(t, tt.expr, d, nil)
		if err != nil || got != tt.want {
			t.Errorf("%s = %v (%v), want %q", tt.expr, got, err, tt.want)
		}
	}
	for text, want := range map[string]string{
		"$.d.values().len()":                     `No method "len" for receiver ValuesView({'a': 1, 'b': (1, 2)}) matches supplied arguments`,
		"$.d.values()[0]":                        `No function "#indexer" matches supplied arguments`,
		"$.d.keys().union(set(c))":               "'KeysView' object has no attribute 'union'",
		"$.d.items().intersect(set(c))":          "'ItemsView' object has no attribute 'intersection'",
		"json_parse($.s).keys().add(1)":          "'dict_keys' object has no attribute 'union'",
		"$.d.keys().symmetricDifference(set(c))": "'KeysView' object has no attribute 'symmetric_difference'",
	} {
		_, err := eval(t, text, d, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != want {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

// TestEvalTextKeepsKeyTypes checks the text that replaces an expression
// inside a longer string: str() of the converted result, whose lists are
// lists and whose dict keys keep their types.
func TestEvalTextKeepsKeyTypes(t *testing.T) {
	d := data.MapOf("d", data.MapOf("a", []any{int64(1)}))
	for text, want := range map[string]string{
		"{1 => 2}":                     "{1: 2}",
		"{1 => 2, a => {2.5 => null}}": "{1: 2, 'a': {2.5: None}}",
		"{null => [1], true => 'x'}":   "{None: [1], True: 'x'}",
		"$.d":                          "{'a': [1]}",
		"[$.d.a, []]":                  "[[1], []]",
		"$.d.keys()":                   "{'a'}",
		"'s'":                          "s",
		"null":                         "None",
	} {
		p, err := New().Compile(text)
		if err != nil {
			t.Fatalf("Compile(%q): %v", text, err)
		}
		got, err := p.(expr.TextProgram).EvalText(&expr.Context{Data: d})
		if err != nil || got != want {
			t.Errorf("%s: %q (%v), want %q", text, got, err, want)
		}
	}
}

// TestPythonWhiteSpace: split() and trim() break and strip at what
// Python's str.isspace accepts, \x1c to \x1f included.
func TestPythonWhiteSpace(t *testing.T) {
	d := data.MapOf("s", "a\x1cb\x1f c\x1d")
	for text, want := range map[string]string{
		"$.s.split()":             "['a', 'b', 'c']",
		"$.s.split(null, 1)":      "['a', 'b\\x1f c\\x1d']",
		"$.s.rightSplit(null, 1)": "['a\\x1cb', 'c']",
		"$.s.trim()":              "'a\\x1cb\\x1f c'",
		"$.s.trimLeft()":          "'a\\x1cb\\x1f c\\x1d'",
	} {
		expectReprIn(t, text, d, nil, want)
	}
}

// TestUnicodeDigitsConvert: int() and float() read the decimal digits of
// every script, as Python's do.
func TestUnicodeDigitsConvert(t *testing.T) {
	for text, want := range map[string]string{
		"int('١٢') + 1":  "13",
		"int(' １２３ ')":   "123",
		"float('١٢.٥')":  "12.5",
		"float('٣.٥e٢')": "350.0",
	} {
		expectRepr(t, text, want)
	}
	if _, err := eval(t, "int('²')", nil, nil); err == nil {
		t.Error("int('²') succeeded; Python refuses a superscript")
	}
}

// TestJSONPPFalsyData: json_pp without data (or with a falsy one) makes
// Mistral dump its yaql context object, which json.dumps refuses.
func TestJSONPPFalsyData(t *testing.T) {
	for _, text := range []string{"json_pp()", "json_pp(null)", "json_pp([])", "json_pp(0)", "json_pp('')"} {
		_, err := eval(t, text, data.MapOf("x", int64(1)), nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != "Circular reference detected" {
			t.Errorf("%s: error %v, want Circular reference detected", text, err)
		}
	}
	expectRepr(t, "json_pp([1])", "'[\\n    1\\n]'")
}

// TestDateTimeRepr: a datetime inside a printed list is Python's repr,
// with dateutil's tzinfo; recorded on Mistral 15.
func TestDateTimeRepr(t *testing.T) {
	expectReprs(t, []reprCase{
		{"str([datetime(2020, 1, 2, 3, 4, 5)])", "'(datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=tzutc()),)'"},
		{"str([datetime(2020, 1, 2, 3, 4, 5, 600)])", "'(datetime.datetime(2020, 1, 2, 3, 4, 5, 600, tzinfo=tzutc()),)'"},
		{"str([datetime(2020, 1, 2)])", "'(datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzutc()),)'"},
		{"str([datetime(2020, 1, 2, offset => timespan(hours => -5, minutes => -30))])", "'(datetime.datetime(2020, 1, 2, 0, 0, tzinfo=tzoffset(None, -19800)),)'"},
	})
}
