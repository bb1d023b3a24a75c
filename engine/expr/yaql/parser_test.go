package yaql

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
)

// show renders an AST with explicit grouping, to test precedence.
func show(n node) string {
	switch t := n.(type) {
	case *constNode:
		return fmt.Sprint(t.v)
	case *keywordNode:
		return t.name
	case *varNode:
		return "$" + t.name
	case *parenNode:
		return show(t.x)
	case *binNode:
		return "(" + show(t.l) + " " + t.op + " " + show(t.r) + ")"
	case *unaryNode:
		return "(" + t.op + " " + show(t.x) + ")"
	case *arrowNode:
		return "(" + show(t.l) + " -> " + show(t.r) + ")"
	case *dotNode:
		op := "."
		if t.elvis {
			op = "?."
		}
		return "(" + show(t.left) + op + show(t.right) + ")"
	case *indexNode:
		return show(t.x) + "[" + showList(t.args) + "]"
	case *callNode:
		return t.name + "(" + showList(t.args) + ")"
	case *listNode:
		return "[" + showList(t.items) + "]"
	case *mapNode:
		return "{" + showList(t.items) + "}"
	case *mappingNode:
		return show(t.key) + " => " + show(t.val)
	case emptyNode:
		return "_"
	}
	return "?"
}

func showList(ns []node) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = show(n)
	}
	return strings.Join(parts, ", ")
}

func TestParsePrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1 + 2 * 3", "(1 + (2 * 3))"},
		{"10 - 2 - 3", "((10 - 2) - 3)"},
		{"-7 mod 3", "((- 7) mod 3)"},
		{"not 1 in [1]", "(not (1 in [1]))"},
		{"not true and false", "((not true) and false)"},
		{"true or false and false", "(true or (false and false))"},
		{"1 < 2 = true", "((1 < 2) = true)"},
		{"$.a.b[0]", "(($1.a).b)[0]"},
		{"-$.a", "(- ($1.a))"},
		{"a -> b -> c", "(a -> (b -> c))"},
		{"'a' =~ 'b' and true", "(('a' =~ 'b') and true)"},
		{"1 ++ 2", "(1 + (+ 2))"},
		{"$x?.f(1, y => 2)", "($x?.f(1, y => 2))"},
		{"f(1,,3)", "f(1, _, 3)"},
		{"{a => 1}", "{a => 1}"},
		{"$.l.select($ * 2)", "(($1.l).select(($1 * 2)))"},
		{"1.5.2", "(1.5.2)"},
	}
	for _, tt := range tests {
		n, err := parse(tt.in)
		if err != nil {
			t.Errorf("parse(%q): %v", tt.in, err)
			continue
		}
		if got := strings.ReplaceAll(show(n), "'", ""); got != strings.ReplaceAll(tt.want, "'", "") {
			t.Errorf("parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"1e3", "Lexical error: illegal character '1' at position 0"},
		{".5", "Parse error: unexpected '.' at position 0 of expression '.5'"},
		{"1 +", "Parse error: unexpected end of statement"},
		{"(1", "Parse error: unexpected end of statement"},
		{"'open", "Lexical error: illegal character ''' at position 0"},
		{"__x", "Lexical error: illegal character '_' at position 0"},
		{"$.l[1:]", "Lexical error: illegal character ':' at position 5"},
		{"f(1,)", "Parse error: unexpected ')' at position 4 of expression 'f(1,)'"},
		// A positional argument after a named one: yaql's grammar fails at
		// the token after the value, where it wanted "=>".
		{"f(a => 1, 2)", "Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'"},
		{"f(a=>1, 2, 3)", "Parse error: unexpected ',' at position 9 of expression 'f(a=>1, 2, 3)'"},
		{"f(a=>1, 2 + 3)", "Parse error: unexpected ')' at position 13 of expression 'f(a=>1, 2 + 3)'"},
		{"[a=>1, 2]", "Parse error: unexpected ']' at position 8 of expression '[a=>1, 2]'"},
		{"f(a=>1, 2 ? 3)", "Lexical error: illegal character '?' at position 10"},
		{"1 $b", "Parse error: unexpected '$b' at position 2 of expression '1 $b'"},
		{"1 $", "Parse error: unexpected '$' at position 2 of expression '1 $'"},
		{"1 2.50", "Parse error: unexpected '2.5' at position 2 of expression '1 2.50'"},
		{"1 true", "Parse error: unexpected 'True' at position 2 of expression '1 true'"},
		{"1 null", "Parse error: unexpected 'None' at position 2 of expression '1 null'"},
		{"1 `b`", "Parse error: unexpected 'b' at position 2 of expression '1 `b`'"},
		{`1 'x\ny'`, "Parse error: unexpected 'x\ny' at position 2 of expression '1 'x\\ny''"},
		{"'é' 1", "Parse error: unexpected '1' at position 4 of expression ''é' 1'"},
		{"'é' ~", "Lexical error: illegal character '~' at position 4"},
		{strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500), "Parse error: expression is nested too deeply"},
	}
	for _, tt := range tests {
		_, err := New().Compile(tt.in)
		var ge *expr.GrammarError
		if !errors.As(err, &ge) {
			t.Errorf("Compile(%q) error = %v, want GrammarError", tt.in, err)
			continue
		}
		if ge.Msg != tt.msg || ge.Lang != "yaql" {
			t.Errorf("Compile(%q) = %q, want %q", tt.in, ge.Msg, tt.msg)
		}
	}
}

func TestLexLiterals(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"007", int64(7)},
		{"1.25", 1.25},
		{`'a\nb'`, "a\nb"},
		{`"\u0041\x42"`, "AB"},
		{"`a\\`b`", "a`b"},
		{`'\101'`, "A"},
	}
	for _, tt := range tests {
		toks, err := lex(tt.in)
		if err != nil || len(toks) != 2 {
			t.Errorf("lex(%q) = %v, %v", tt.in, toks, err)
			continue
		}
		if toks[0].val != tt.want {
			t.Errorf("lex(%q) = %#v, want %#v", tt.in, toks[0].val, tt.want)
		}
	}
}
