package yaql

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// knownDifferences lists the cases that still differ from Mistral 15, by
// expression, with the reason. Keep it short and honest.
// All 512 cases agree at the time of writing, so the list is empty.
var knownDifferences = map[string]string{}

type yaqlCase struct {
	Expr             string          `json:"expr"`
	Context          json.RawMessage `json:"context"`
	Result           json.RawMessage `json:"result"`
	Error            bool            `json:"error"`
	ErrorMessage     string          `json:"error_message"`
	ResultType       string          `json:"result_type"`
	ParseError       bool            `json:"parse_error"`
	Nondeterministic bool            `json:"nondeterministic"`
}

// specDir finds shared/spec by walking up from the test's directory.
func specDir(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, cand := range []string{filepath.Join(dir, "shared", "spec"), filepath.Join(dir, "..", "shared", "spec")} {
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared/spec not found")
	}
	t.Skip("shared/spec not found next to the repository")
	return ""
}

func loadCases(t testing.TB) []yaqlCase {
	b, err := os.ReadFile(filepath.Join(specDir(t), "yaql-cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []yaqlCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// expected decodes a case's result with the case-file encoding of sets.
func expected(c yaqlCase) any {
	v, err := data.Parse(c.Result)
	if err != nil {
		return nil
	}
	return v
}

// comparable turns an evaluation result into what the case file records:
// sets as {"__set__": sorted items}, datetimes as their str().
func comparable(v any) any {
	switch t := v.(type) {
	case *Set:
		items := make([]any, len(t.items))
		for i, e := range t.items {
			items[i] = comparable(e)
		}
		sort.Slice(items, func(i, j int) bool {
			c, ok := compare(items[i], items[j])
			return ok && c < 0
		})
		return data.MapOf("__set__", items)
	case dateTime:
		return data.MapOf("__python__", "datetime", "repr", t.PythonStr())
	case timeSpan:
		return data.MapOf("__python__", "timedelta", "repr", t.PythonStr())
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = comparable(e)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool { out.Set(k, comparable(e)); return true })
		return out
	}
	return v
}

// sameTyped is deep equality that also tells int from float and bool from
// number.
func sameTyped(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameTyped(x[i], y[i]) {
				return false
			}
		}
		return true
	case *data.Map:
		y, ok := b.(*data.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.Keys() {
			yv, ok := y.Get(k)
			if !ok || !sameTyped(x.Value(k), yv) {
				return false
			}
		}
		return true
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	}
	return a == b
}

func runCase(c yaqlCase) (ok bool, got string) {
	lang := New()
	prog, err := lang.Compile(c.Expr)
	if err != nil {
		var ge *expr.GrammarError
		if !errors.As(err, &ge) {
			return false, "compile error of wrong type: " + err.Error()
		}
		return c.ParseError, "parse error: " + err.Error()
	}
	if c.ParseError {
		return false, "parsed, want parse error " + c.ErrorMessage
	}
	ctxData, err := data.Parse(c.Context)
	if err != nil {
		return false, "bad context"
	}
	v, err := prog.Eval(&expr.Context{Data: ctxData})
	if err != nil {
		var ee *expr.EvalError
		if !errors.As(err, &ee) {
			return false, "error of wrong type: " + err.Error()
		}
		if !c.Error {
			return false, "error: " + ee.Msg
		}
		if c.ErrorMessage != "" && ee.Msg != c.ErrorMessage {
			return false, "error message: " + ee.Msg
		}
		return true, ""
	}
	if c.Error {
		return false, "no error, value " + data.Repr(v) + ", want error " + c.ErrorMessage
	}
	if c.Nondeterministic {
		return true, ""
	}
	cv := comparable(v)
	if !sameTyped(cv, expected(c)) {
		b, _ := data.Encode(cv)
		return false, "value " + string(b)
	}
	return true, ""
}

func TestCases(t *testing.T) {
	cases := loadCases(t)
	failed := 0
	for i, c := range cases {
		ok, got := runCase(c)
		if ok {
			if _, listed := knownDifferences[c.Expr]; listed {
				t.Logf("case %d %q now passes; remove it from knownDifferences", i, c.Expr)
			}
			continue
		}
		failed++
		want := string(c.Result)
		if c.Error {
			want = "error " + c.ErrorMessage
		}
		reason := knownDifferences[c.Expr]
		t.Logf("case %d %q: got %s; want %s %s", i, c.Expr, got, want, reason)
	}
	t.Logf("%d of %d cases agree", len(cases)-failed, len(cases))
	if limit := len(cases) / 100; failed > limit {
		t.Errorf("%d cases differ, at most %d allowed", failed, limit)
	}
}

// readCaseFile reads the case file without a testing.TB (for fuzz seeds).
func readCaseFile() ([]yaqlCase, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		for _, cand := range []string{filepath.Join(dir, "shared", "spec"), filepath.Join(dir, "..", "shared", "spec")} {
			if b, err := os.ReadFile(filepath.Join(cand, "yaql-cases.json")); err == nil {
				var cases []yaqlCase
				return cases, json.Unmarshal(b, &cases)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, os.ErrNotExist
		}
		dir = parent
	}
}
