package yaql

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// fakeHost answers Mistral's functions from fixed data.
type fakeHost struct{}

func (fakeHost) Env() any                { return data.MapOf("region", "eu") }
func (fakeHost) Execution() (any, error) { return data.MapOf("id", "wf-1", "input", data.MapOf()), nil }
func (fakeHost) Executions(expr.ExecutionsFilter) (any, error) {
	return []any{data.MapOf("id", "wf-1")}, nil
}
func (fakeHost) Task(name string) (any, error) {
	if name == "missing" {
		return nil, nil
	}
	return data.MapOf("name", name, "result", data.MapOf("count", 3), "state", "SUCCESS"), nil
}
func (fakeHost) Tasks(expr.TasksFilter) (any, error) { return []any{}, nil }
func (fakeHost) Global(name string) (any, error)     { return "g-" + name, nil }

func eval(t *testing.T, text string, d any, host expr.Host) (any, error) {
	t.Helper()
	p, err := New().Compile(text)
	if err != nil {
		t.Fatalf("Compile(%q): %v", text, err)
	}
	return p.Eval(&expr.Context{Data: d, Host: host})
}

// checkReprOrError evaluates each expression on empty data and checks that
// the repr of its result, or its error's text, holds want.
func checkReprOrError(t *testing.T, tests []struct{ expr, want string }) {
	t.Helper()
	for _, tt := range tests {
		v, err := eval(t, tt.expr, data.MapOf(), nil)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = data.Repr(v)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

func TestMistralFunctions(t *testing.T) {
	tests := []struct {
		expr string
		want string // data.Repr of the result
	}{
		{"task().result.count", "3"},
		{"task(x).name", "'x'"},
		{"task(missing)", "None"},
		{"env().region", "'eu'"},
		{"execution().id", "'wf-1'"},
		{"global(v)", "'g-v'"},
		{"executions().len()", "1"},
		{"yaml_dump({a => [1, 2], b => {c => null}})", "'a:\\n- 1\\n- 2\\nb:\\n  c: null\\n'"},
		{"json_dump({a => set(1)})", "'{\\n    \"a\": [\\n        1\\n    ]\\n}'"},
		{"$__env.x", "1"},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, data.MapOf("__env", data.MapOf("x", 1)), fakeHost{})
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got := data.Repr(v); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
	if _, err := eval(t, "task()", data.MapOf(), nil); err == nil {
		t.Error("task() without a host must fail")
	}
}

// TestTasksArgumentTypes: tasks() takes a boolean or null as recursive and
// flat, as Mistral's yaql types them by their defaults, and Mistral's
// functions take the camelCase keyword names yaql derives from their Python
// parameters; recorded on Mistral 15.
func TestTasksArgumentTypes(t *testing.T) {
	tests := []struct {
		expr    string
		wantErr bool
	}{
		{"tasks(execution().id, true)", false},
		{"tasks(execution().id, null, 'ERROR')", false},
		{"tasks(execution().id, false, 5, true)", false},
		{"tasks(execution().id, 't1')", true},
		{"tasks(execution().id, 1)", true},
		{"tasks(execution().id, null, false, 'ERROR')", true},
		// yaql names the parameters of Mistral's Python functions in
		// camelCase: rootExecutionId => ..., not root_execution_id => ...
		{"executions(rootExecutionId => 'x')", false},
		{"executions(fromTime => '2000-01-01', toTime => '2100-01-01')", false},
		{"tasks(workflowExecutionId => 'x')", false},
		{"task(taskName => t1)", false},
		{"global(varName => v)", false},
		{"executions(root_execution_id => 'x')", true},
		{"executions(from_time => '2000-01-01')", true},
		{"tasks(workflow_execution_id => 'x')", true},
		{"task(task_name => t1)", true},
		{"global(var_name => v)", true},
	}
	for _, tt := range tests {
		_, err := eval(t, tt.expr, data.MapOf(), fakeHost{})
		if gotErr := err != nil; gotErr != tt.wantErr {
			t.Errorf("%s: error %v, want error %v", tt.expr, err, tt.wantErr)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), `matches supplied arguments`) {
			t.Errorf("%s: error %v", tt.expr, err)
		}
	}
}

func TestLimits(t *testing.T) {
	tests := []string{
		"sequence().where($ < 0).first()",
		"sequence().select($ * 2).len()",
		"[1].cycle().len()",
		"'x' * 100000000",
		"range(100000000).toList()",
		"def(f, f($)) -> f(1)",
		"[1,2] * 10000000",
		"generateMany(1, [$, $]).len()",
	}
	for _, text := range tests {
		_, err := eval(t, text, nil, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%s: error %v, want an EvalError", text, err)
		}
	}
}

// Each integer arithmetic builds is bounded in size, and so are all of
// them together: a growing series of them fails before it fills memory.
func TestIntegersAllTogetherAreBounded(t *testing.T) {
	for _, text := range []string{
		"generate(1, true, $ * 101).len()",
		"generate(1, true, $ + $).len()",
		"range(100000).select(pow(3, $)).len()",
		"range(100000).select(shiftBitsLeft(1, $)).len()",
		"generate(pow(2, 100000), true, -$).len()",
	} {
		_, err := eval(t, text, nil, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != "Expression consumed too much memory" {
			t.Errorf("%s: error %v, want Expression consumed too much memory", text, err)
		}
	}
	// A factorial of 10,000 (35,660 digits) is well within.
	if _, err := eval(t, "range(1, 10001).aggregate($1 * $2, 1) > 0", nil, nil); err != nil {
		t.Errorf("factorial: %v", err)
	}
}

func TestEvalErrorCarriesContext(t *testing.T) {
	d := data.MapOf("a", 1)
	_, err := eval(t, "$.missing", d, nil)
	var ee *expr.EvalError
	if !errors.As(err, &ee) {
		t.Fatalf("got %v", err)
	}
	if ee.Msg != "'missing'" || ee.Expr != "$.missing" || ee.Lang != "yaql" || ee.Data != d {
		t.Errorf("got %+v", ee)
	}
	if !strings.HasPrefix(err.Error(), "Can not evaluate YAQL expression [expression=$.missing, error='missing'") {
		t.Errorf("Error() = %s", err)
	}
}

func TestConcurrentEval(t *testing.T) {
	p, err := New().Compile("$.items.where($.v > 2).select($.name).join(',')")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := items(10)
			for i := 0; i < 200; i++ {
				if _, err := p.Eval(&expr.Context{Data: d}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func items(n int) *data.Map {
	l := make([]any, n)
	for i := range l {
		l[i] = data.MapOf("name", fmt.Sprintf("item%d", i), "v", int64(i%7), "k", int64((i*7919)%1000))
	}
	return data.MapOf("items", l, "x", int64(41))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1 + 2", "$.a.b[0]", "let(x => 1) -> $x", "{a => [1, 2]}", "f(1,,3)", "'\\u00e9'"} {
		f.Add(s)
	}
	if cases := fuzzSeeds(); cases != nil {
		for _, c := range cases {
			f.Add(c)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := New().Compile(text)
		if err != nil {
			var ge *expr.GrammarError
			if !errors.As(err, &ge) {
				t.Fatalf("Compile(%q) returned %T", text, err)
			}
			return
		}
		if p == nil {
			t.Fatal("nil program without error")
		}
	})
}

func FuzzEval(f *testing.F) {
	for _, s := range []string{"$.l.select($ * 2)", "sequence().take(5)", "$.d.keys()", "range(10).groupBy($ mod 3)"} {
		f.Add(s)
	}
	if cases := fuzzSeeds(); cases != nil {
		for _, c := range cases {
			f.Add(c)
		}
	}
	d := data.MapOf("l", []any{int64(1), int64(2), int64(3)}, "d", data.MapOf("k", "v"), "s", "text")
	f.Fuzz(func(t *testing.T, text string) {
		p, err := New().Compile(text)
		if err != nil {
			return
		}
		_, err = p.Eval(&expr.Context{Data: d, Host: fakeHost{}})
		if err != nil {
			var ee *expr.EvalError
			if !errors.As(err, &ee) {
				t.Fatalf("Eval(%q) returned %T", text, err)
			}
			if strings.HasPrefix(ee.Msg, "internal error") {
				t.Fatalf("Eval(%q): %s", text, ee.Msg)
			}
		}
	})
}

// fuzzSeeds returns the case file's expressions when the spec is present.
func fuzzSeeds() []string {
	var out []string
	func() {
		defer func() { _ = recover() }()
		var tb testing.TB = &testing.B{}
		_ = tb
	}()
	b, err := readCaseFile()
	if err != nil {
		return nil
	}
	for _, c := range b {
		out = append(out, c.Expr)
	}
	return out
}

// groupBy's aggregator falls back to yaql 1.1.1's form, which takes and
// returns the pair [key, values], when it fails on a group's values (yaql
// 2.0 on Mistral 15 gives these results).
func TestGroupByAggregatorFallback(t *testing.T) {
	rows := `[{t => a, v => 1}, {t => b, v => 2}, {t => a, v => 3}]`
	tests := []struct {
		expr string
		want string // data.Repr of the result, or the error's text
	}{
		{rows + `.groupBy($.t, $.v, $.sum())`, "[['a', 4], ['b', 2]]"},
		{rows + `.groupBy($.t, $.v, [$[0], $[1].sum()])`, "[['a', 4], ['b', 2]]"},
		{rows + `.groupBy($.t, $.v, $[5])`, "list index out of range"}, // the group is a Python list
		{rows + `.groupBy($.t, $.v, $.sum() + $.nope.len())`, `Unknown function "#property#nope"`},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, nil, nil)
		got := data.Repr(v)
		var ee *expr.EvalError
		if errors.As(err, &ee) {
			got = ee.Msg
		}
		if got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}

// round, pow and ordering comparisons with NaN (all false) give Python
// 3.11's answers.
func TestRoundAndPowAsPython(t *testing.T) {
	tests := []reprCase{
		{"round(2.675, 2)", "2.67"},
		{"round(2.665, 2)", "2.67"},
		{"round(0.125, 2)", "0.12"},
		{"round(-2.675, 2)", "-2.67"},
		{"round(1234.5, -1)", "1230.0"},
		{"round(2.5)", "2.0"},
		{"pow(2, -1, 5)", "3"},
		{"pow(3, -2, 7)", "4"},
		{"pow(2, -1, -5)", "-2"},
		{"pow(-3, -1, 7)", "2"},
		{"float('nan') > 1", "False"},
		{"float('nan') >= 1", "False"},
		{"1 > float('nan')", "False"},
		{"float('nan') < 1", "False"},
		{"float('nan') <= float('nan')", "False"},
		{"float('inf') > 1", "True"},
		// a zero float remainder takes the sign of the divisor
		{"5 mod -0.5", "-0.0"},
		{"7 mod -7.0", "-0.0"},
		{"-7 mod 7.0", "0.0"},
		{"-0.0 mod 5", "0.0"},
		{"-7.5 mod 2", "0.5"},
		// float() of a number out of range is infinite or zero, no error
		{"float('1e400')", "inf"},
		{"float('-1e400')", "-inf"},
		{"float('1e-400')", "0.0"},
	}
	expectReprs(t, tests)
	if _, err := eval(t, "pow(2, -1, 4)", nil, nil); err == nil || !strings.Contains(err.Error(), "base is not invertible") {
		t.Errorf("pow(2, -1, 4): %v, want base is not invertible", err)
	}
}

// A function made with def can call itself, as in yaql.
func TestDefRecursion(t *testing.T) {
	v, err := eval(t, "def(fact, switch($ <= 1 => 1, true => $ * fact($ - 1))) -> fact(10)", nil, nil)
	if err != nil || data.Repr(v) != "3628800" {
		t.Fatalf("fact(10) = %v, %v; want 3628800", v, err)
	}
	var ee *expr.EvalError
	if _, err := eval(t, "def(f, f($)) -> f(1)", nil, nil); !errors.As(err, &ee) {
		t.Fatalf("endless recursion: %v, want an EvalError", err)
	}
}

// expectRepr evaluates text without data and checks the data.Repr of its
// result.
// reprCase is an expression and the repr of its value.
type reprCase struct{ expr, want string }

func expectReprs(t *testing.T, tests []reprCase) {
	t.Helper()
	for _, tt := range tests {
		expectRepr(t, tt.expr, tt.want)
	}
}

func expectRepr(t *testing.T, text, want string) {
	t.Helper()
	expectReprIn(t, text, nil, nil, want)
}

// expectReprIn evaluates text over d with host and compares the repr.
func expectReprIn(t *testing.T, text string, d any, host expr.Host, want string) {
	t.Helper()
	v, err := eval(t, text, d, host)
	if err != nil {
		t.Errorf("%s: %v", text, err)
		return
	}
	if got := data.Repr(v); got != want {
		t.Errorf("%s = %s, want %s", text, got, want)
	}
}

// json_parse fails with json.loads's message, which says where the text
// went wrong.
func TestJSONParseErrorIsPythons(t *testing.T) {
	tests := []struct{ text, want string }{
		{`json_parse("{bad")`, "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{`json_parse("[1 2]")`, "Expecting ',' delimiter: line 1 column 4 (char 3)"},
		{`json_parse("")`, "Expecting value: line 1 column 1 (char 0)"},
	}
	for _, tc := range tests {
		_, err := eval(t, tc.text, data.MapOf(), fakeHost{})
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != tc.want {
			t.Errorf("%s: %v, want %q", tc.text, err, tc.want)
		}
	}
}

// yaql's sets are frozensets, and str() and error messages say so.
func TestSetsPrintAsFrozensets(t *testing.T) {
	tests := []reprCase{
		{"str(set(1, 2))", "'frozenset({1, 2})'"},
		{"str(set())", "'frozenset()'"},
		{"str([1, 'a'].toSet())", "\"frozenset({1, 'a'})\""},
	}
	expectReprs(t, tests)
	_, err := eval(t, "set(1, 2).nosuch()", nil, nil)
	if err == nil || !strings.Contains(err.Error(), `Unknown method "nosuch" for receiver frozenset({1, 2})`) {
		t.Errorf("set(1, 2).nosuch(): %v, want the receiver printed as a frozenset", err)
	}
	// A set leaving the expression is a mutable set, as yaql's output
	// conversion makes it: "x=<% set(1) %>" is "x={1}" on Mistral 15.
	for text, want := range map[string]string{"set(1, 2)": "{1, 2}", "set()": "set()", "{a => set(1)}": "{'a': {1}}"} {
		v, err := eval(t, text, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if got := data.Str(v); got != want {
			t.Errorf("str of %s = %s, want %s", text, got, want)
		}
	}
}

// json_dump lays out values as Python's json.dumps(indent=4), including the
// Infinity and NaN that Python writes for special floats.
func TestJSONDumpLayout(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"json_dump(float('inf'))", "Infinity"},
		{"json_dump([float('-inf'), 1])", "[\n    -Infinity,\n    1\n]"},
		{"json_dump({a => [1, {b => null}], c => [], d => {}})",
			"{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        }\n    ],\n    \"c\": [],\n    \"d\": {}\n}"},
		{`json_dump('a"b,[c]:{')`, `"a\"b,[c]:{"`},
	}
	for _, tt := range tests {
		got, err := eval(t, tt.expr, nil, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

// format() takes Python's alternate form, _ grouping and the c and G types;
// recorded on Mistral 15.
func TestFormatSpecs(t *testing.T) {
	tests := []reprCase{
		{"'{:#x}'.format(255)", "'0xff'"},
		{"'{:#o}'.format(8)", "'0o10'"},
		{"'{:#x}'.format(-255)", "'-0xff'"},
		{"'{:_}'.format(1234567)", "'1_234_567'"},
		{"'{:_b}'.format(255)", "'1111_1111'"},
		{"'{:,.1f}'.format(1234.56)", "'1,234.6'"},
		{"'{:c}'.format(65)", "'A'"},
		{"'{:G}'.format(float('1e-10'))", "'1E-10'"},
		// Python writes infinities and NaN as inf and nan.
		{"'{:.2f}'.format(float('inf'))", "'inf'"},
		{"'{:E}'.format(float('-inf'))", "'-INF'"},
		{"'{:+.1f}'.format(float('nan'))", "'+nan'"},
		{"'{:%}'.format(float('inf'))", "'inf%'"},
		{"'{:g}'.format(float('nan'))", "'nan'"},
		{"'{:F}'.format(float('inf'))", "'INF'"},
		// a boolean formats as its integer once there is a specification
		{"'{:d}'.format(true)", "'1'"},
		{"'{:3}|'.format(false)", "'  0|'"},
		{"'{:.1f}'.format(true)", "'1.0'"},
		{"'{}'.format(true)", "'True'"},
		{"'{:05}'.format('a')", "'a0000'"},
		{"'{:<05}'.format(5)", "'50000'"},
		{"'{:05}'.format(-3)", "'-0003'"},
		{"'{:_x}'.format(255)", "'ff'"},
		{"'{:#010x}'.format(255)", "'0x000000ff'"},
		{"'{:+08.2f}'.format(3.14159)", "'+0003.14'"},
		{"'{:^9.3f}'.format(-2.5)", "' -2.500  '"},
		// fields inside the specification, numbered on from the outer one
		{"'{:>{w}}'.format('x', w => 4)", "'   x'"},
		{"'{0:{1}.{2}f}'.format(3.14159, 8, 2)", "'    3.14'"},
		{"'{:{}} {}'.format(1, 2, 3)", "' 1 3'"},
		{"'{:{fill}^{w}}'.format('ab', fill => '*', w => 7)", "'**ab***'"},
		// a number's data attributes, and ascii()
		{"'{0.real}|{0.imag}|{0.numerator}|{0.denominator}'.format(6)", "'6|0|6|1'"},
		{"'{0.real}|{0.imag}'.format(-2.5)", "'-2.5|0.0'"},
		{"'{0.real}|{0.numerator}'.format(true)", "'1|1'"},
		{"'{0[a].real:06.2f}'.format({a => 2.5})", "'002.50'"},
		{"'{0.real.imag}'.format(7)", "'0'"},
		{"'{0!a}'.format('é')", `"'\\xe9'"`},
	}
	expectReprs(t, tests)
	// what Python's format() refuses, with its message
	for text, want := range map[string]string{
		"'{0:d}'.format('x')":           "Unknown format code 'd' for object of type 'str'",
		"'{:s}'.format(1)":              "Unknown format code 's' for object of type 'int'",
		"'{:d}'.format(1.5)":            "Unknown format code 'd' for object of type 'float'",
		"'{:,s}'.format('a')":           "Cannot specify ',' with 's'.",
		"'{:,x}'.format(255)":           "Cannot specify ',' with 'x'.",
		"'{:.2d}'.format(1)":            "Precision not allowed in integer format specifier",
		"'{:+}'.format('a')":            "Sign not allowed in string format specifier",
		"'{:#}'.format('a')":            "Alternate form (#) not allowed in string format specifier",
		"'{:=5}'.format('a')":           "'=' alignment not allowed in string format specifier",
		"'{:>5}'.format(null)":          "unsupported format string passed to NoneType.__format__",
		"'{!x}'.format(1)":              "Unknown conversion specifier x",
		"'{} {0}'.format(1)":            "cannot switch from automatic field numbering to manual field specification",
		"'{0} {}'.format(1, 2)":         "cannot switch from manual field specification to automatic field numbering",
		"'{'.format()":                  "Single '{' encountered in format string",
		"'{0.x}'.format(1)":             "'int' object has no attribute 'x'",
		"'{0.denominator}'.format(2.5)": "'float' object has no attribute 'denominator'",
		"'{0.real}'.format('s')":        "'str' object has no attribute 'real'",
		"'{:{:{}}}'.format(1, 2, 3)":    "Max string recursion exceeded",
	} {
		_, err := eval(t, text, nil, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != want {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

// take, skip and slice count as Python's islice: a negative count fails
// with its message (-1 and the other negatives differ) and slice(0) is
// empty; recorded on Mistral 15.
func TestIsliceCounts(t *testing.T) {
	expectReprs(t, []reprCase{
		{"[1, 2, 3].slice(0)", "[]"},
		{"[1, 2].take(0)", "[]"},
	})
	for expr, want := range map[string]string{
		"[1, 2].take(-1)":  "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
		"[1, 2].skip(-1)":  "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
		"[1, 2].slice(-1)": "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
		"[1, 2].take(-2)":  "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
		"[1, 2].limit(-5)": "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
		"[1, 2].slice(-2)": "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
	} {
		if _, err := eval(t, expr, nil, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", expr, err, want)
		}
	}
}

// where, select, skip, take, concat, append and reverse return one-shot
// iterators even over lists, as Python's filter, map, islice, chain and
// reversed do: first() never reaches a later element, a reused result is
// empty the second time and is not equal to a list; recorded on Mistral 15.
func TestQueriesOverListsAreLazy(t *testing.T) {
	expectReprs(t, []reprCase{
		{"[{a => 1}, {b => 2}].where($.a = 1).first()", "{'a': 1}"},
		{"[{a => 1}, {b => 2}].select($.a).take(1)", "[1]"},
		{"[1, 2].select($) = [1, 2]", "False"},
		{"[1].concat([2]) = [1, 2]", "False"},
		{"[2, 1].reverse() = [1, 2]", "False"},
		{"let(x => [1, 2, 3].where($ > 1)) -> [$x.len(), $x]", "[2, []]"},
		{"let(x => [1].concat([2])) -> [$x, $x]", "[[1, 2], []]"},
		{"let(x => [1, 2].select($)) -> [$x.first(), $x.first()]", "[1, 2]"},
		{"bool([].select($))", "True"},
		{"[].where($) or 'empty'", "[]"},
		{"json_dump([1, 2].where($ > 1))", `'[\n    2\n]'`},
	})
	for _, expr := range []string{"[1, 2, 3].where($ > 1)[0]", "[{a => 1}, {b => 2}].where($.a = 1)"} {
		if _, err := eval(t, expr, nil, nil); err == nil {
			t.Errorf("%s: no error, want one", expr)
		}
	}
}

// The lists Mistral's functions and str.split return are Python lists,
// which never equal yaql's tuples (literals and the data context); recorded
// on Mistral 15.
func TestPythonListsAreNotTuples(t *testing.T) {
	d := data.MapOf("inp", []any{int64(1), int64(2)})
	host := listHost{}
	for text, want := range map[string]string{
		"$.inp = [1, 2]":                                            "True",
		"task().result = [1, 2]":                                    "False",
		"task().result != [1, 2]":                                   "True",
		"task().result = $.inp":                                     "False",
		"task().result.toList() = [1, 2]":                           "True",
		"task().result = task().result":                             "True",
		"{a => task().result} = {a => [1, 2]}":                      "False",
		"[1, 2] in [task().result]":                                 "False",
		"'a,b'.split(',') = ['a', 'b']":                             "False",
		"json_parse('[]') = []":                                     "False",
		"task().result.len()":                                       "2",
		"[1, 2].groupBy($ mod 2).first()[1] = [1]":                  "False",
		"[1, 2].groupBy($ mod 2) = [[1, [1]], [0, [2]]]":            "False",
		"regex(',').split('a,b') = ['a', 'b']":                      "False",
		"[[1], [1]].distinct().len()":                               "1",
		"task().result.toSet().len()":                               "2",
		"json_parse('[[1], [2]]').join(',') + [[3]].join(',')":      "'[1],[2](3,)'",
		"str(task().result) + str([1, 2])":                          "'[1, 2](1, 2)'",
		"'{0} {1!s} {2}'.format(task().result, task().result, [1])": "'[1, 2] [1, 2] (1,)'",
	} {
		expectReprIn(t, text, d, host, want)
	}
}

// listHost answers task() with a list result.
type listHost struct{ fakeHost }

func (listHost) Task(string) (any, error) {
	return data.MapOf("result", []any{int64(1), int64(2)}), nil
}

// Python lists and dicts are unhashable, and error messages print Python
// lists with brackets and name them lists; recorded on Mistral 15.
func TestPythonListsAreUnhashable(t *testing.T) {
	for text, want := range map[string]string{
		"json_parse('[[1]]').distinct()":     "unhashable type: 'list'",
		"json_parse('[{\"a\": 1}]').toSet()": "unhashable type: 'dict'",
		"'{0:>8}'.format(json_parse('[1]'))": "unsupported format string passed to list.__format__",
		"'{0:>8}'.format([1])":               "unsupported format string passed to tuple.__format__",
		"json_parse('[[1]]').nosuch()":       "Unknown method \"nosuch\" for receiver [[1]]",
		"task().result[5]":                   "list index out of range",
		"[1, 2][5]":                          "tuple index out of range",
		"'{0[5]}'.format(task().result)":     "list index out of range",
		"'{0[5]}'.format([1])":               "tuple index out of range",
	} {
		if _, err := eval(t, text, nil, listHost{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

// call() reaches the operators by the names yaql registers them under.
func TestCallReachesOperators(t *testing.T) {
	expectReprs(t, []reprCase{
		{`call("#operator_+", [1, 2], {})`, "3"},
		{`call("#operator_+", [], {left => [1], right => [2]})`, "[1, 2]"},
		{`call("#operator_and", [1, 2], {})`, "2"},
		{`call("#operator_or", [0, 2], {})`, "2"},
		{`call("*equal", [1, 1.0], {})`, "True"},
		{`call("*not_equal", [1, 2], {})`, "True"},
		{`call("#unary_operator_-", [1], {})`, "-1"},
		{`call("#unary_operator_not", [2], {})`, "False"},
		{`call("#indexer", [{a => 1}, b, 7], {})`, "7"},
		{`call("#list", [1, 2], {})`, "[1, 2]"},
	})
	for expr, want := range map[string]string{
		`call("#operator_+", [1], {})`:           `No function "#operator_+" matches supplied arguments`,
		`call("#operator_+", [1, 2], {op => 3})`: `No function "#operator_+" matches supplied arguments`,
		`call("#operator_<", ["a", 1], {})`:      `No function "#operator_<" matches supplied arguments`,
		`call("#operator_!=", [1, 2], {})`:       `Unknown function "#operator_!="`,
	} {
		if _, err := eval(t, expr, nil, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", expr, err, want)
		}
	}
}

// characters takes Python's parameters, by position too; concat() matches two
// overloads.
func TestStringFunctionsBindAsYaql(t *testing.T) {
	expectReprs(t, []reprCase{
		{"characters(true).len()", "10"},
		{"characters(digits => true, letters => false).len()", "10"},
		{"characters(octdigits => true, digits => true).len()", "10"},
	})
	for expr, want := range map[string]string{
		"characters(letters => true)": "module 'string' has no attribute 'letters'",
		"characters(uppercase => 1)":  "module 'string' has no attribute 'uppercase'",
		"characters(spaces => true)":  `No function "characters" matches supplied arguments`,
		"concat()":                    `Ambiguous function "concat"`,
	} {
		if _, err := eval(t, expr, nil, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %s", expr, err, want)
		}
	}
}

// TestArgumentsEvaluatedAsYaqlMatches checks when a call's arguments are
// evaluated: yaql matches them to an overload by number, names and known
// values first, evaluates them all only if one fits, and reports "no
// match" only after; so a failing argument wins when the shape fits, and
// is never reached when it does not.
func TestArgumentsEvaluatedAsYaqlMatches(t *testing.T) {
	tests := []struct {
		expr string
		want string // error text
	}{
		// Shape fits dict(*pairs): the arguments run, the failing one reports.
		{"dict([[1, 2]], 1 / 0)", "integer division or modulo by zero"},
		{"dict([[1, 2]], $.nokey)", "'nokey'"},
		// A literal of the wrong type rules the overload out before anything runs.
		{"dict(1, 1 / 0)", `No function "dict" matches supplied arguments`},
		{"'abc'.substring('x', 1 / 0)", `No method "substring" for receiver abc matches supplied arguments`},
		// An evaluated argument of the wrong type: the others still run.
		{"'abc'.substring([1][0] + 'a', 1 / 0)", `No function "#operator_+" matches supplied arguments`},
		{"pow(str(1), 1 / 0)", "integer division or modulo by zero"},
		// Too many or too few arguments: none is evaluated.
		{"len(1 / 0, 2)", `No function "len" matches supplied arguments`},
		{"'abc'.split(1 / 0, 'x', 'y')", `No method "split" for receiver abc matches supplied arguments`},
		{"{a => 1}.get(1 / 0, 2, 3)", `No method "get" for receiver {'a': 1} matches supplied arguments`},
		{"isInteger(1 / 0, 2)", `No function "isInteger" matches supplied arguments`},
	}
	for _, tt := range tests {
		_, err := eval(t, tt.expr, data.MapOf(), nil)
		if err == nil {
			t.Errorf("%s: no error, want %q", tt.expr, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), "error="+tt.want+", data=") && !strings.HasSuffix(err.Error(), "error="+tt.want+"]") {
			t.Errorf("%s: error %q, want error=%s", tt.expr, err, tt.want)
		}
	}
}

// A format spec takes one type character after its optional parts, as
// CPython's parser has it; the fill may be any character.
func TestFormatSpecShape(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"'{:é>5}'.format('a')", "'ééééa'"},
		{"'{:xx}'.format('a')", "error=Invalid format specifier 'xx' for object of type 'str'"},
		{"'{:xx}'.format(true)", "error=Invalid format specifier 'xx' for object of type 'bool'"},
		{"'{:&gt;5}'.format('a')", "error=Invalid format specifier '&gt;5' for object of type 'str'"},
		{"'{:.}'.format(1.5)", "error=Format specifier missing precision"},
		{"'{:,_}'.format(10)", "error=Cannot specify both ',' and '_'."},
	}
	checkReprOrError(t, tests)
}

// toDict, delete, deleteAll and mergeWith build Python dicts; literals,
// dict() and set() give yaql's FrozenDict. Messages name the class, and a
// Python dict is unhashable. Checked against Mistral 15's evaluator.
func TestDictClasses(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"{k => 1}.mergeWith({k => {x => 1}})", "Cannot merge <class 'int'> with <class 'yaql.language.utils.FrozenDict'>"},
		{"{k => 1}.mergeWith({k => [1].toDict($, $)})", "Cannot merge <class 'int'> with <class 'dict'>"},
		{"{k => [1]}.mergeWith({k => {a => 1}})", "Cannot merge <class 'tuple'> with <class 'yaql.language.utils.FrozenDict'>"},
		{"{k => {a => 1}}.mergeWith({k => [1]})", "Cannot merge <class 'yaql.language.utils.FrozenDict'> with <class 'tuple'>"},
		{"{k => 1}.mergeWith({k => json_parse('[1]')})", "Cannot merge <class 'int'> with <class 'list'>"},
		{"'{:x}'.format({a => 1}.delete(a))", "unsupported format string passed to dict.__format__"},
		{"'{:x}'.format({a => 1}.deleteAll([a]))", "unsupported format string passed to dict.__format__"},
		{"'{:x}'.format({a => 1}.set(b, 2))", "unsupported format string passed to FrozenDict.__format__"},
		{"set([1].toDict($, $))", "unhashable type: 'dict'"},
		{"[{a => 1}.mergeWith({})].toSet()", "unhashable type: 'dict'"},
	}
	for _, tt := range tests {
		_, err := eval(t, tt.expr, data.MapOf(), nil)
		if err == nil || !strings.Contains(err.Error(), "error="+tt.want+",") && !strings.Contains(err.Error(), "error="+tt.want+"]") {
			t.Errorf("%s: %v, want error=%s", tt.expr, err, tt.want)
		}
	}
}
