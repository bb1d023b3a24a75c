package exprcli

import (
	"bytes"
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
)

// fakeYAQL understands "$" (the context), "$.key", "set" (a set value),
// "when" (a datetime) and "syntax(" (a grammar error); anything else fails
// at run time.
type fakeYAQL struct{}

type fakeProgram struct{ text string }

func (fakeYAQL) Compile(text string) (expr.Program, error) {
	if strings.Contains(text, "(") {
		return nil, &expr.GrammarError{Lang: "yaql", Expr: text, Msg: "Parse error: unexpected end of statement"}
	}
	return fakeProgram{text}, nil
}

func (p fakeProgram) Eval(ctx *expr.Context) (any, error) {
	switch {
	case p.text == "$":
		return ctx.Data, nil
	case strings.HasPrefix(p.text, "$."):
		m, _ := ctx.Data.(*data.Map)
		if v, ok := m.Get(p.text[2:]); ok {
			return v, nil
		}
	case p.text == "set":
		return fakeSet{int64(3), int64(1), "b", int64(2)}, nil
	case p.text == "when":
		return fakeTime{}, nil
	}
	return nil, &expr.EvalError{Lang: "yaql", Expr: p.text, Msg: "no such key", Data: ctx.Describe()}
}

type fakeSet []any

func (s fakeSet) JSONValue() any     { return []any(s) }
func (s fakeSet) PythonRepr() string { return "{...}" }
func (s fakeSet) PythonStr() string  { return "{...}" }
func (s fakeSet) Truthy() bool       { return len(s) > 0 }
func (s fakeSet) IsSet() bool        { return true }

type fakeTime struct{}

func (fakeTime) JSONValue() any     { return "2024-01-02T03:04:05" }
func (fakeTime) PythonRepr() string { return "datetime.datetime(2024, 1, 2, 3, 4, 5)" }
func (fakeTime) PythonStr() string  { return "2024-01-02 03:04:05" }
func (fakeTime) Truthy() bool       { return true }
func (fakeTime) PythonType() string { return "datetime" }

func run(t *testing.T, args []string, stdin string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ev := expr.NewEvaluator(fakeYAQL{}, jinja.New())
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, ev)
	return code, out.String(), errOut.String()
}

func TestSingle(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"jinja value", []string{"--jinja", "{{ _.a + 1 }}", "--context", `{"a": 1}`}, 0, `{"result":2}`},
		{"jinja tuple", []string{"--jinja", "{{ (1, 'x') }}"}, 0, `{"result":[1,"x"]}`},
		{"jinja template", []string{"--jinja", "a={{ _.a }}", "--context", `{"a": null}`}, 0, `{"result":"a=None"}`},
		{"jinja float", []string{"--jinja", "{{ 1.0 }}"}, 0, `{"result":1.0}`},
		{"jinja big int", []string{"--jinja", "{{ 2 ** 70 }}"}, 0, `{"result":1180591620717411303424}`},
		{"jinja runtime error", []string{"--jinja", "{{ _.x }}", "--context", `{}`}, 1,
			`{"error":"Can not evaluate Jinja expression [expression={{ _.x }}, error='dict object' has no attribute 'x', data={}]","parse_error":false}`},
		{"jinja syntax error", []string{"--jinja", "{{ 1 + }}"}, 1,
			`{"error":"Syntax error 'unexpected 'end of print statement''.","parse_error":true}`},
		{"yaql value", []string{"--yaql", "$.k", "--context", `{"k": [1, {"b": 2}]}`}, 0, `{"result":[1,{"b":2}]}`},
		{"yaql set", []string{"--yaql", "set"}, 0, `{"result":{"__set__":[1,2,3,"b"]}}`},
		{"yaql datetime", []string{"--yaql", "when"}, 0, `{"result":{"__python__":"datetime","repr":"2024-01-02 03:04:05"}}`},
		{"yaql parse error", []string{"--yaql", "f("}, 1, `{"error":"Parse error: unexpected end of statement","parse_error":true}`},
		{"yaql eval error", []string{"--yaql", "$.zz", "--context", `{"a": 1}`}, 1,
			`{"error":"Can not evaluate YAQL expression [expression=$.zz, error=no such key, data={'a': 1}]","parse_error":false}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := run(t, tc.args, "")
			if code != tc.code || strings.TrimSpace(out) != tc.out {
				t.Errorf("got %d %s, want %d %s", code, out, tc.code, tc.out)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"--yaql", "$", "--jinja", "{{ 1 }}"},
		{"--batch", "--yaql", "$"},
		{"--jinja", "{{ 1 }}", "--context", "{not json"},
		{"--nope"},
		{"--jinja", "{{ 1 }}", "extra"},
	} {
		if code, _, _ := run(t, args, ""); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestBatch(t *testing.T) {
	in := strings.Join([]string{
		`{"lang": "jinja", "expr": "{{ _.l | sum }}", "context": {"l": [1, 2]}}`,
		`{"lang": "yaql", "expr": "$", "context": {"z": 1, "a": 2}}`,
		``,
		`{"lang": "jinja", "expr": "{% if %}"}`,
		`{"lang": "jinja", "expr": "{{ x }}"}`,
		`{"lang": "yaql", "expr": "set"}`,
		`{"lang": "cobol", "expr": "x"}`,
		`not json`,
		`{"lang": "jinja", "expr": "plain text"}`,
	}, "\n")
	code, out, _ := run(t, []string{"--batch"}, in)
	want := []string{
		`{"result":3}`,
		`{"result":{"z":1,"a":2}}`,
		`{"error":"Syntax error 'Expected an expression, got 'end of statement block''.","parse_error":true}`,
		`{"error":"Can not evaluate Jinja expression [expression={{ x }}, error='x' is undefined, data=None]","parse_error":false}`,
		`{"result":{"__set__":[1,2,3,"b"]}}`,
		`{"error":"bad input line: \"lang\" must be \"yaql\" or \"jinja\", not \"cobol\"","parse_error":false}`,
		`{"error":"bad input line: invalid character 'o' in literal null (expecting 'u')","parse_error":false}`,
		`{"result":"plain text"}`,
	}
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	got := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

func TestSortItemsBigInts(t *testing.T) {
	items := []any{new(big.Int).Lsh(big.NewInt(1), 70), int64(1), 2.5, new(big.Int).Lsh(big.NewInt(-1), 70)}
	sortItems(items)
	if got := data.Repr(items); got != "[-1180591620717411303424, 1, 2.5, 1180591620717411303424]" {
		t.Errorf("sorted %s", got)
	}
}
