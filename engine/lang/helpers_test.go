package lang

import (
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// fakeValidator flags only a dangling "+" before the closing delimiter and
// strings mixing both languages, which is enough to test where expressions
// are validated.
type fakeValidator struct{ seen []string }

func (f *fakeValidator) Validate(v any) error {
	s, _ := v.(string)
	f.seen = append(f.seen, s)
	yaql, jinja := expr.IsYAQL(s), expr.IsJinja(s)
	switch {
	case yaql && jinja:
		return &expr.GrammarError{Lang: "mixed", Expr: s, Msg: "The line already contains an expression of type 'jinja'. " +
			"Mixing expression types in a single line is not allowed."}
	case yaql && strings.Contains(s, "+ %>"):
		return &expr.GrammarError{Lang: "yaql", Expr: s, Msg: "Parse error: unexpected end of statement"}
	case jinja && strings.Contains(s, "+ }}"):
		return &expr.GrammarError{Lang: "jinja", Expr: s, Msg: "Syntax error 'unexpected 'end of print statement''."}
	}
	return nil
}

func mustWorkflow(t interface {
	Helper()
	Fatalf(string, ...any)
}, text string) *Workflow {
	t.Helper()
	ws, err := ParseWorkflows(text, &fakeValidator{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return ws[0]
}

func repr(v any) string {
	if m, ok := v.(*data.Map); ok && m == nil {
		return "None"
	}
	return data.Repr(v)
}
