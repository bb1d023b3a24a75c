package jinja

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// knownDifferences lists the cases of jinja-cases.json we knowingly do not
// match, with the reason. They are reported, not failed.
var knownDifferences = map[string]string{}

type jinjaCase struct {
	Expr          string          `json:"expr"`
	Context       json.RawMessage `json:"context"`
	Result        json.RawMessage `json:"result"`
	ResultType    string          `json:"result_type"`
	Error         bool            `json:"error"`
	ErrorMessage  string          `json:"error_message"`
	ValidateError bool            `json:"validate_error"`
}

// specDir finds shared/spec by walking up from the test's directory.
func specDir(t testing.TB) string {
	t.Helper()
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

// pyType is Python's type name of a raw (unconverted) result.
func pyType(v any) string {
	switch v.(type) {
	case markup:
		return "Markup"
	}
	return typeName(v)
}

func TestCases(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(specDir(t), "jinja-cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []jinjaCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	lang := New()
	ev := expr.NewEvaluator(nil, lang)
	pass := 0
	for i, c := range cases {
		ctxData, err := data.Parse(c.Context)
		if err != nil {
			t.Fatalf("case %d: context: %v", i, err)
		}
		problem := checkCase(ev, lang, c, ctxData)
		if problem == "" {
			pass++
			continue
		}
		if why, ok := knownDifferences[c.Expr]; ok {
			t.Logf("case %d %q: known difference (%s): %s", i, c.Expr, why, problem)
			continue
		}
		t.Errorf("case %d %q: %s", i, c.Expr, problem)
	}
	rate := float64(pass) / float64(len(cases))
	t.Logf("jinja cases: %d/%d pass (%.1f%%)", pass, len(cases), 100*rate)
	if rate < 0.97 {
		t.Fatalf("pass rate %.1f%% is below 97%%", 100*rate)
	}
}

func checkCase(ev *expr.Evaluator, lang *Language, c jinjaCase, ctxData any) string {
	verr := ev.ValidateString(c.Expr)
	if (verr != nil) != c.ValidateError {
		return "validate error = " + errText(verr) + ", want error " + boolText(c.ValidateError)
	}
	if !expr.IsJinja(c.Expr) {
		if c.Error {
			return "expected an error for a non-expression"
		}
		want, _ := data.Parse(c.Result)
		if !data.Equal(c.Expr, want) {
			return "non-expression changed"
		}
		return ""
	}
	ctx := &expr.Context{Data: ctxData}
	var got any
	var err error
	prog, cerr := lang.Compile(c.Expr)
	if cerr != nil {
		err = cerr
	} else {
		got, err = prog.(*program).evalRaw(ctx)
	}
	if c.Error {
		if err == nil {
			return "no error, got " + data.Repr(got)
		}
		var ee *expr.EvalError
		if c.ErrorMessage != "" && errors.As(err, &ee) && ee.Msg != c.ErrorMessage {
			return "error message " + data.StringRepr(ee.Msg) + ", want " + data.StringRepr(c.ErrorMessage)
		}
		return ""
	}
	if err != nil {
		return "unexpected error: " + err.Error()
	}
	if pyType(got) != c.ResultType {
		return "result type " + pyType(got) + ", want " + c.ResultType
	}
	if c.Expr == "{{ uuid() | length }}" || len(c.Result) == 0 {
		return ""
	}
	want, err := data.Parse(c.Result)
	if err != nil {
		return "bad expected result: " + err.Error()
	}
	if !data.Equal(plain(got), want) {
		return "result " + data.Repr(plain(got)) + ", want " + data.Repr(want)
	}
	return ""
}

func errText(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}

func boolText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
