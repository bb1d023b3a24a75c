package pyyaml

import (
	"math"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := data.ParseString(s)
	if err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

// TestDump compares with yaml.safe_dump (cases_test.go, recorded from
// PyYAML).
func TestDump(t *testing.T) {
	for _, tt := range dumpCases {
		v := mustJSON(t, tt.in)
		if got := Dump(v, DumpOptions{SortKeys: tt.sort}); got != tt.want {
			t.Errorf("Dump(%s, sort=%v)\n got: %q\nwant: %q", tt.in, tt.sort, got, tt.want)
		}
	}
}

// TestLoad compares with yaml.safe_load (cases_test.go). Repr tells ints
// from floats and shows key order.
func TestLoad(t *testing.T) {
	for _, tt := range loadCases {
		got, err := Load(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("Load(%q) = %s, want an error", tt.in, data.Repr(got))
			}
			continue
		}
		if err != nil {
			t.Errorf("Load(%q): %v", tt.in, err)
			continue
		}
		if want := mustJSON(t, tt.want); data.Repr(got) != data.Repr(want) {
			t.Errorf("Load(%q)\n got: %s\nwant: %s", tt.in, data.Repr(got), data.Repr(want))
		}
	}
}

func TestDumpSpecialValues(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{math.NaN(), ".nan\n...\n"},
		{math.Inf(1), ".inf\n...\n"},
		{data.MapOf("a", math.Inf(-1)), "a: -.inf\n"},
		{[]any{1, float32(0.5), []string{"x"}}, "- 1\n- 0.5\n- - x\n"},
		{foreign{}, "- '2020-01-01'\n- true\n"},
		{data.MapOf("t", foreign{}), "t:\n- '2020-01-01'\n- true\n"},
	}
	for _, tt := range tests {
		if got := Dump(tt.v, DumpOptions{}); got != tt.want {
			t.Errorf("Dump(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestDumpKeyValue: keys that stand for numbers, booleans or null are
// written as those scalars and sorted as Python sorts them, or left in
// order when Python cannot compare them (recorded with yaml_dump on
// Mistral 15).
func TestDumpKeyValue(t *testing.T) {
	typed := map[string]any{"#1": int64(1), "#3": int64(3), "#2.5": 2.5, "#t": true, "#n": nil}
	keyValue := func(k string) any {
		if v, ok := typed[k]; ok {
			return v
		}
		return k
	}
	tests := []struct {
		v    any
		want string
	}{
		{data.MapOf("b", 1, "#1", "a"), "b: 1\n1: a\n"},
		{data.MapOf("#3", "a", "#1", "b", "#2.5", "c"), "1: b\n2.5: c\n3: a\n"},
		{data.MapOf("#t", "a", "#n", "b", "#2.5", "c"), "true: a\nnull: b\n2.5: c\n"},
		{data.MapOf("b", data.MapOf("#3", "x", "#1", "y"), "a", 1), "a: 1\nb:\n  1: y\n  3: x\n"},
		{data.MapOf("1", "s", "b", 2), "'1': s\nb: 2\n"},
	}
	for _, tt := range tests {
		if got := Dump(tt.v, DumpOptions{SortKeys: true, KeyValue: keyValue}); got != tt.want {
			t.Errorf("Dump(%v) = %q, want %q", data.Repr(tt.v), got, tt.want)
		}
	}
}

// foreign stands for an expression language's value beyond the data model.
type foreign struct{}

func (foreign) JSONValue() any     { return []any{foreignDate{}, true} }
func (foreign) PythonRepr() string { return "{'2020-01-01', True}" }
func (foreign) PythonStr() string  { return "{'2020-01-01', True}" }
func (foreign) Truthy() bool       { return true }

// foreignDate is a Foreign whose JSON value is a string.
type foreignDate struct{}

func (foreignDate) JSONValue() any     { return "2020-01-01" }
func (foreignDate) PythonRepr() string { return "datetime.date(2020, 1, 1)" }
func (foreignDate) PythonStr() string  { return "2020-01-01" }
func (foreignDate) Truthy() bool       { return true }

func TestLoadOptions(t *testing.T) {
	tests := []loadCase{
		{in: "a: &x 1\nb: *x\n", want: "{'a': '&x 1', 'b': '*x'}"},
		{in: "a: &x yes\n", want: "{'a': '&x yes'}"},
		{in: "<<: {a: 1}\nb: 2\n", want: "{'a': 1, 'b': 2}"},
		{in: "a: &x {b: 1}\nc:\n  <<: *x\n", err: true},
		{in: "a: &x 'q'\nb: [@y, *z]\n*k : 1\n", want: "{'a': \"&x 'q'\", 'b': ['@y', '*z'], '*k': 1}"},
		{in: "a: \ue001b\n", want: `{'a': '\ue001b'}`}, // a placeholder rune in the text stays as it is (repr escapes it)
		{in: "a: *\n", err: true},                      // resolved as tag:yaml.org,2002:yaml, which has no constructor
		{in: "a: [&]\n", err: true},
		{in: "a: * x\n", want: "{'a': '* x'}"},
	}
	checkLoads(t, tests, func(in string) (any, error) { return LoadWith(in, LoadOptions{AnchorsAsText: true}) })
}

// TestLoadScanner covers where PyYAML's scanner and others (yaml.v3) differ: the
// \/ escape of double-quoted scalars, and tabs, which PyYAML takes only in
// a quoted scalar, a block scalar's content or a comment.
func TestLoadScanner(t *testing.T) {
	tests := []loadCase{
		{in: `a: "x\/y"`, want: `{'a': 'x/y'}`},
		{in: `a: "x\\/y"`, want: `{'a': 'x\\/y'}`},
		{in: `a: x\/y`, want: `{'a': 'x\\/y'}`},
		{in: `a: 'x\/y'`, want: `{'a': 'x\\/y'}`},
		{in: "a: |\n  x\\/y\n", want: `{'a': 'x\\/y\n'}`},
		{in: `"k\/": [a\/, "\/"]`, want: `{'k/': ['a\\/', '/']}`},
		{in: `a: '\ue003'`, want: `{'a': '\\ue003'}`}, // the escape's text stays text
		{in: `a: "\ud83d\ude00 \uD83D\uDE00x"`, want: "{'a': '\U0001f600 \U0001f600x'}"},
		{in: `"\ud83d\ude00": ['\ud83d\ude00', \ud83d\ude00, "\\\ud83d\ude00"]`, want: "{'\U0001f600': ['\\\\ud83d\\\\ude00', '\\\\ud83d\\\\ude00', '\\\\\U0001f600']}"},
		{in: `a: "\ud83d"`, err: true}, // a lone surrogate
		{in: `a: "\ude00\ud83d"`, err: true},
		{in: "a:\t1", err: true},
		{in: "a: x\ty", err: true},
		{in: "a: 1\t# c", err: true},
		{in: "- \ta", err: true},
		{in: "{a: 1,\tb: 2}", err: true},
		{in: "a: 1\n\t\nb: 2", err: true},
		{in: "a: |\n\tx", err: true},
		{in: "a: |\t\n  x", err: true},
		{in: "a: 'x\ty'", want: "{'a': 'x\\ty'}"},
		{in: "a: \"x\n\ty\"", want: "{'a': 'x y'}"},
		{in: "a: |\n  \tx", want: "{'a': '\\tx'}"},
		{in: "a: 1 # c\tx", want: "{'a': 1}"},
		{in: "a: |#\n  x\n", err: true}, // a comment after a block scalar's header needs a space
		{in: "a: >-2#\n  x\n", err: true},
		{in: "a: !!str |-  # c\n  x\n", want: "{'a': 'x'}"},
	}
	checkLoads(t, tests, Load)
}

type loadCase struct {
	in, want string
	err      bool
}

// checkLoads checks the repr of what load reads from each case's text.
func checkLoads(t *testing.T, tests []loadCase, load func(string) (any, error)) {
	t.Helper()
	for _, tt := range tests {
		got, err := load(tt.in)
		switch {
		case tt.err && err == nil:
			t.Errorf("%q: got %s, want an error", tt.in, data.Repr(got))
		case !tt.err && err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case !tt.err && data.Repr(got) != tt.want:
			t.Errorf("%q: got %s, want %s", tt.in, data.Repr(got), tt.want)
		}
	}
}

// TestLoadNonStringKeys: the keys that are not strings are reported with
// their values, by mapping and text, at any depth; string keys are not.
func TestLoadNonStringKeys(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]string // path of the mapping ("" for the root) -> repr of its non-string keys
	}{
		{in: "a: 1\n'2': x\n", want: map[string]string{}},
		{in: "1: a\ntrue: b\n~: c\n1.5: d\nx: e\n", want: map[string]string{"": "{'1': 1, 'null': None, '1.5': 1.5}"}},
		{in: "a:\n  b:\n    2: x\n", want: map[string]string{"a.b": "{'2': 2}"}},
	}
	for _, tt := range tests {
		keys := map[*data.Map]map[string]any{}
		v, err := LoadWith(tt.in, LoadOptions{AnchorsAsText: true, NonStringKeys: keys})
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got := map[string]string{}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			m, ok := v.(*data.Map)
			if !ok {
				return
			}
			if ks, ok := keys[m]; ok {
				r := data.NewMap(len(ks))
				for _, k := range m.Keys() {
					if kv, ok := ks[k]; ok {
						r.Set(k, kv)
					}
				}
				got[path] = data.Repr(r)
			}
			for _, k := range m.Keys() {
				walk(strings.TrimPrefix(path+"."+k, "."), m.Value(k))
			}
		}
		walk("", v)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %v, want %v", tt.in, got, tt.want)
		}
		for path, w := range tt.want {
			if got[path] != w {
				t.Errorf("%q at %q: got %s, want %s", tt.in, path, got[path], w)
			}
		}
	}
}

func TestLoadSetAndLimits(t *testing.T) {
	v, err := Load("!!set {b, a, c}")
	if err != nil || data.Repr(v) != "['b', 'a', 'c']" {
		t.Errorf("!!set: got %s, %v", data.Repr(v), err)
	}
	if _, err := Load("a: &a [*a]\n"); err == nil {
		t.Error("recursive alias: no error")
	}
	// A billion laughs: nine levels of ten aliases each.
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		p := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [")
		b.WriteString(strings.TrimSuffix(strings.Repeat(p+", ", 10), ", "))
		b.WriteString("]\n")
	}
	if _, err := Load(b.String()); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("alias bomb: got %v", err)
	}
	// Python reads at most 4300 decimal digits of an int (its
	// int_max_str_digits); hexadecimal has no such limit.
	digits := "1" + strings.Repeat("0", 4299)
	if v, err := Load("x: " + digits); err != nil || data.Str(v.(*data.Map).Value("x")) != digits {
		t.Errorf("4300 digits: %v", err)
	}
	if _, err := Load("x: " + digits + "0"); err == nil || !strings.Contains(err.Error(), "Exceeds the limit (4300 digits)") {
		t.Errorf("4301 digits: got %v", err)
	}
	if _, err := Load("x: 0x" + digits + "0"); err != nil {
		t.Errorf("4301 hex digits: %v", err)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		in   string
		want tag
	}{
		{"yes", tagBool}, {"y", tagStr}, {"n", tagStr}, {"NO", tagBool}, {"nO", tagStr},
		{"null", tagNull}, {"nil", tagStr}, {"~", tagNull}, {"", tagNull},
		{"1", tagInt}, {"0x1F", tagInt}, {"0o7", tagStr}, {"1_0", tagInt}, {"1:30", tagInt},
		{"1.0", tagFloat}, {"1e3", tagStr}, {"1.0e+3", tagFloat}, {".5", tagFloat}, {"-.5", tagStr},
		{".inf", tagFloat}, {"-.inf", tagFloat}, {".nan", tagFloat}, {"-.nan", tagStr},
		{"2020-01-01", tagTimestamp}, {"2020-1-1", tagStr}, {"2020-1-1 1:00:00", tagTimestamp},
		{"<<", tagMerge}, {"=", tagValue}, {"==", tagStr},
	}
	for _, tt := range tests {
		if got := resolve(tt.in); got != tt.want {
			t.Errorf("resolve(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestLoadErrorMarks: constructor errors read as PyYAML prints them (the
// context and problem, each with its line, column and marked line); the
// wants are PyYAML 6's own texts.
func TestLoadErrorMarks(t *testing.T) {
	tests := []struct {
		in, want string
		mistral  bool // Mistral's loader (anchors as text)
	}{
		{in: "a: !custom x\n", want: "could not determine a constructor for the tag '!custom'\n  in \"<unicode string>\", line 1, column 4:\n    a: !custom x\n       ^"},
		{in: "a: 1\nb:\n  c: !!python/name:os.system\n",
			want: "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'\n  in \"<unicode string>\", line 3, column 6:\n      c: !!python/name:os.system\n         ^"},
		{in: "a: !!seq x\n", want: "expected a sequence node, but found scalar\n  in \"<unicode string>\", line 1, column 4:\n    a: !!seq x\n       ^"},
		{in: "a: !!str [1]\n", want: "expected a scalar node, but found sequence\n  in \"<unicode string>\", line 1, column 4:\n    a: !!str [1]\n       ^"},
		{in: "a: !!map [1]\n", want: "expected a mapping node, but found sequence\n  in \"<unicode string>\", line 1, column 4:\n    a: !!map [1]\n       ^"},
		{in: "? [1]\n: x\n", want: "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1:\n    ? [1]\n    ^\n" +
			"found unhashable key\n  in \"<unicode string>\", line 1, column 3:\n    ? [1]\n      ^"},
		{in: "a:\n  <<: 5\n", want: "while constructing a mapping\n  in \"<unicode string>\", line 2, column 3:\n      <<: 5\n      ^\n" +
			"expected a mapping or list of mappings for merging, but found scalar\n  in \"<unicode string>\", line 2, column 7:\n      <<: 5\n          ^"},
		{in: "a:\n  <<: [5]\n", want: "while constructing a mapping\n  in \"<unicode string>\", line 2, column 3:\n      <<: [5]\n      ^\n" +
			"expected a mapping for merging, but found scalar\n  in \"<unicode string>\", line 2, column 8:\n      <<: [5]\n           ^"},
		{in: "b: &x [1]\na:\n  <<: *x\n", want: "while constructing a mapping\n  in \"<unicode string>\", line 3, column 3:\n      <<: *x\n      ^\n" +
			"expected a mapping for merging, but found scalar\n  in \"<unicode string>\", line 1, column 8:\n    b: &x [1]\n           ^"},
		{in: "k: 1\nv: !foo " + strings.Repeat("w", 80) + "\n",
			want: "could not determine a constructor for the tag '!foo'\n  in \"<unicode string>\", line 2, column 4:\n    v: !foo " + strings.Repeat("w", 27) + " ... \n       ^"},
		{in: "version: '2.0'\r\nwf:\r\n  action: !!python/name:os.system\r\n", mistral: true,
			want: "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'\n  in \"<unicode string>\", line 3, column 11:\n      action: !!python/name:os.system\n              ^"},
		{in: "a: {[1]: 2}\n", mistral: true, want: "while constructing a mapping\n  in \"<unicode string>\", line 1, column 4:\n    a: {[1]: 2}\n       ^\n" +
			"found unhashable key\n  in \"<unicode string>\", line 1, column 5:\n    a: {[1]: 2}\n        ^"},
	}
	for _, tt := range tests {
		_, err := LoadWith(tt.in, LoadOptions{AnchorsAsText: tt.mistral})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
	// A value that does not convert is Python's ValueError: no mark.
	if _, err := Load("a: 2020-02-30\n"); err == nil || err.Error() != "day is out of range for month" {
		t.Errorf("2020-02-30: got %v", err)
	}
}

// TestLoadNonJSON: dates, datetimes and bytes are reported with the repr
// Python prints them by (PyYAML 6's values), in mappings and in lists; a
// later value of the same key replaces one.
func TestLoadNonJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2020-01-01", "datetime.date(2020, 1, 1)"},
		{"2001-12-14 21:59:43.10 -5", "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))"},
		{"2001-12-14t21:59:43.10-05:00", "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))"},
		{"2001-12-14 21:59:43Z", "datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc)"},
		{"2001-12-14 21:59:00", "datetime.datetime(2001, 12, 14, 21, 59)"},
		{"2001-12-14 21:59:43.000001+05:30", "datetime.datetime(2001, 12, 14, 21, 59, 43, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))"},
		{"2001-12-14 00:00:00 +00:00", "datetime.datetime(2001, 12, 14, 0, 0, tzinfo=datetime.timezone.utc)"},
		{"!!binary aGVsbG8=", "b'hello'"},
		{"!!binary J2Fi", `b"'ab"`},
		{"!!binary /wAKIg==", `b'\xff\x00\n"'`},
	}
	for _, tt := range tests {
		nj := &NonJSON{InMaps: map[*data.Map]map[string]string{}, InLists: map[*any]*NonJSONItems{}}
		v, err := LoadWith("a: "+tt.in+"\nb: ['x', "+tt.in+"]\nc: "+tt.in+"\nc: plain\n", LoadOptions{NonJSON: nj})
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		m := v.(*data.Map)
		l := m.Value("b").([]any)
		if got := nj.InMaps[m]["a"]; got != tt.want {
			t.Errorf("%q in a mapping: got %s, want %s", tt.in, got, tt.want)
		}
		if items := nj.InLists[&l[0]]; items == nil || items.Reprs[1] != tt.want || len(items.Reprs) != 1 {
			t.Errorf("%q in a list: got %v, want %s at 1", tt.in, items, tt.want)
		}
		if _, ok := nj.InMaps[m]["c"]; ok {
			t.Errorf("%q replaced by text: still reported", tt.in)
		}
	}
}

// TestLoadYAMLDirective: PyYAML reads a document under any %YAML 1.x
// directive; 2.0 is an error.
func TestLoadYAMLDirective(t *testing.T) {
	for _, in := range []string{"%YAML 1.2\n---\na: 1\n", "# c\n%YAML 1.10 # x\n---\na: 1\n", "%YAML 1.1\n---\na: 1\n", "%YAML 1.0\n--- {a: 1}\n"} {
		v, err := Load(in)
		if err != nil || data.Repr(v) != "{'a': 1}" {
			t.Errorf("%q: got %s, %v", in, data.Repr(v), err)
		}
	}
	want := "found incompatible YAML document (version 1.* is required)\n  in \"<unicode string>\", line 1, column 1:\n    %YAML 2.0\n    ^"
	if _, err := Load("%YAML 2.0\n---\na: 1\n"); err == nil || err.Error() != want {
		t.Errorf("%%YAML 2.0: got %v, want %s", err, want)
	}
}
