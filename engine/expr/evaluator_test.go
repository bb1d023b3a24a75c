package expr_test

import (
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
)

// TestValidateStringPositions: Mistral checks a YAQL expression at upload
// with the white space inside its delimiters, so the positions in its error
// messages count that space.
func TestValidateStringPositions(t *testing.T) {
	ev := expr.NewEvaluator(yaql.New(), jinja.New())
	tests := []struct{ in, want string }{
		{"<% $.__env %>", "Lexical error: illegal character '_' at position 3"},
		{"<%$.a @ 1%>", "Lexical error: illegal character '@' at position 4"},
		{"x <% $.a ~ %> y", "Lexical error: illegal character '~' at position 5"},
		{"<% $.a %> and <% $.b ? %>", "Lexical error: illegal character '?' at position 5"},
		{"<% $.a $.b %>", "Parse error: unexpected '$' at position 5 of expression ' $.a $.b '"},
		{"<%  $.a + %>", "Parse error: unexpected end of statement"},
		// yaql lexes as its parser asks: a parse error before an illegal
		// character wins.
		{"<% <% 1 %> %>", "Parse error: unexpected '<' at position 1 of expression ' <% 1 '"},
		{"<% 1 2 @ %>", "Parse error: unexpected '2' at position 3 of expression ' 1 2 @ '"},
		{"<% , ` %>", "Parse error: unexpected ',' at position 1 of expression ' , ` '"},
		{"<% 1 @ 2 %>", "Lexical error: illegal character '@' at position 3"},
		{"<% $.a + @ %>", "Lexical error: illegal character '@' at position 7"},
		{"<% 'a' ` %>", "Lexical error: illegal character '`' at position 5"},
		// Jinja is checked before the mix with YAQL.
		{"<% $.x %> {{ y }}", "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed."},
		{"<% $.x %> {{ $.y }}", "Syntax error 'unexpected char '$' at 13'."},
	}
	for _, tt := range tests {
		err := ev.ValidateString(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ValidateString(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// TestEvaluateInText: a YAQL expression inside other text is replaced by
// str() of its converted result, where dict keys keep their types;
// recorded on Mistral 15.
func TestEvaluateInText(t *testing.T) {
	ev := expr.NewEvaluator(yaql.New(), jinja.New())
	tests := []struct {
		in   string
		want any
	}{
		{"x <% {1 => 2} %>", "x {1: 2}"},
		{"<% {1 => 2, a => {2 => 3}} %>!", "{1: 2, 'a': {2: 3}}!"},
		{"<% [1, 'a'] %> <% null %>", "[1, 'a'] None"},
		{"<% {1 => 2} %>", map[string]any{"1": int64(2)}},
	}
	for _, tt := range tests {
		got, err := ev.Evaluate(tt.in, &expr.Context{})
		if err != nil {
			t.Fatalf("Evaluate(%q): %v", tt.in, err)
		}
		if data.Repr(got) != data.Repr(tt.want) {
			t.Errorf("Evaluate(%q) = %s, want %s", tt.in, data.Repr(got), data.Repr(tt.want))
		}
	}
}

// TestEvaluateSyntaxErrorAtRunTime: text that is never validated (an env
// value) and does not parse fails when evaluated with Mistral's
// evaluation error, "Can not evaluate ... expression [...]", whose error is
// what its evaluator meets: YAQL's message for the trimmed text; Jinja's
// own message, from the inner expression alone for a whole-string {{ }}
// (a lexer error on its first token keeps the line), and an index error for
// text with no {{ }}. Recorded on Mistral 15 with env values.
func TestEvaluateSyntaxErrorAtRunTime(t *testing.T) {
	ev := expr.NewEvaluator(yaql.New(), jinja.New())
	m := data.NewMap(1)
	m.Set("a", int64(1))
	ctx := &expr.Context{Data: m}
	tests := []struct{ in, want string }{
		{"<% $.get(__env) %>", "Can not evaluate YAQL expression [expression=$.get(__env), error=Lexical error: illegal character '_' at position 6, data={'a': 1}]"},
		{"<%  $.(  %>", "Can not evaluate YAQL expression [expression=$.(, error=Parse error: unexpected end of statement, data={'a': 1}]"},
		{"q <% ) %> r", "Can not evaluate YAQL expression [expression=), error=Parse error: unexpected ')' at position 0 of expression ')', data={'a': 1}]"},
		{"{{ 1 + }}", "Can not evaluate Jinja expression [expression={{ 1 + }}, error=unexpected 'end of template', data={'a': 1}]"},
		{"x {{ 1 + }}", "Can not evaluate Jinja expression [expression=x {{ 1 + }}, error=unexpected 'end of print statement', data={'a': 1}]"},
		{"{{ a b }}", "Can not evaluate Jinja expression [expression={{ a b }}, error=chunk after expression, data={'a': 1}]"},
		{"{% if %}", "Can not evaluate Jinja expression [expression={% if %}, error=list index out of range, data={'a': 1}]"},
		{"{{ ` }}", "Can not evaluate Jinja expression [expression={{ ` }}, error=unexpected char '`' at 1\n  line 1, data={'a': 1}]"},
		{"{{ 1 ` }}", "Can not evaluate Jinja expression [expression={{ 1 ` }}, error=unexpected char '`' at 3, data={'a': 1}]"},
	}
	for _, tt := range tests {
		_, err := ev.Evaluate(tt.in, ctx)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || err.Error() != tt.want {
			t.Errorf("Evaluate(%q) = %#v, want %q", tt.in, err, tt.want)
		}
		// Validation still reports the syntax error itself.
		if verr := ev.ValidateString(tt.in); verr == nil || errors.As(verr, &ee) {
			t.Errorf("ValidateString(%q) = %v, want a grammar error", tt.in, verr)
		}
	}
}
