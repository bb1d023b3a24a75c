package lang

import (
	"math"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// TestPlainScalars follows PyYAML's safe loader (YAML 1.1 resolvers).
func TestPlainScalars(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"yes", true}, {"No", false}, {"on", true}, {"OFF", false}, {"True", true}, {"y", "y"},
		{"1e3", "1e3"}, {"1.0e+3", 1000.0}, {"1.0e3", "1.0e3"}, {"1.5", 1.5}, {"-0.5", -0.5}, {".5", 0.5},
		{"0x1f", int64(31)}, {"010", int64(8)}, {"0b101", int64(5)}, {"0o7", "0o7"}, {"+12", int64(12)},
		{"1_000", int64(1000)}, {"1:30", int64(90)}, {"0", int64(0)}, {"-7", int64(-7)},
		{"~", nil}, {"null", nil}, {"Null", nil}, {"", nil}, {"nil", "nil"},
		{"abc", "abc"}, {"1.2.3", "1.2.3"},
	}
	for _, tt := range tests {
		v, _, err := parseYAML("v: " + tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := v.(*data.Map).Value("v"); !sameValue(got, tt.want) {
			t.Errorf("%q: got %#v, want %#v", tt.in, got, tt.want)
		}
	}
	v, _, _ := parseYAML("v: .inf")
	if f := v.(*data.Map).Value("v"); f != math.Inf(1) {
		t.Errorf(".inf: got %v", f)
	}
}

func sameValue(a, b any) bool { return data.Equal(a, b) && sameKind(a, b) && sameKind(b, a) }

func TestParseYAML(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "{}"},
		{"# only a comment\n", "{}"},
		{"[]", "{}"},
		{"a: 'yes'\nb: \"1\"\nc: !!str 12\nd: !!int '7'\n", "{'a': 'yes', 'b': '1', 'c': '12', 'd': 7}"},
		{"a: 1\nb: 2\na: 3\n", "{'a': 3, 'b': 2}"},
		{"a: &x 1\nb: *x\n", "{'a': '&x 1', 'b': '*x'}"},
		{"1: a\nfalse: b\n", "{'1': 'a', 'false': 'b'}"},
		{"1: a\ntrue: b\n", "{'1': 'b'}"}, // Python: True == 1, one key
		{"l: |\n  x\n  y\n", "{'l': 'x\\ny\\n'}"},
		// safe_yaml scans "&", "*" and "@" as the start of a plain scalar.
		{"a: &s 'q'\nb: &l [1, 2]\nc: [&x 1, *x]\n", "{'a': \"&s 'q'\", 'b': '&l [1, 2]', 'c': ['&x 1', '*x']}"},
		{"a: &b\n  - 1\n  - 2\n", "{'a': '&b - 1 - 2'}"},
		{"*k : 1\n*nope: 2\n", "{'*k': 1, '*nope': 2}"},
		{"a: @x\nb: * * * * *\nc: *.log\n", "{'a': '@x', 'b': '* * * * *', 'c': '*.log'}"},
	}
	for _, tt := range tests {
		v, _, err := parseYAML(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if got := data.Repr(v); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseYAMLErrors(t *testing.T) {
	for _, in := range []string{"a: [unclosed\n", "a: 1\n---\nb: 2\n", "a: !custom x\n", "a: &m\n  k: 1\n"} {
		_, _, err := parseYAML(in)
		if !exc.Is(err, exc.DSLParsing) {
			t.Errorf("%q: got %v, want DSLParsingException", in, err)
		}
	}
	// Values of Python types JSON has not are reported for the schema
	// checks, which refuse them.
	for _, in := range []string{"a: 2020-01-01\n", "a: [1, 2020-01-01 10:00:00]\n",
		"a: !!binary aGVsbG8=\n", "a: {b: !!set {x, y}}\n", "a: !!timestamp 2020-01-01\n"} {
		_, doc, err := parseYAML(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if _, ok := doc.nonJSON.First(); !ok {
			t.Errorf("%q: no value reported as of a type JSON has not", in)
		}
	}
}
