package yaql

import (
	"errors"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
)

// Patterns that need a backtracking engine give Python's answers (checked
// with Python 3.11's re and yaql 2.0 on Mistral 15).
func TestBacktrackingPatterns(t *testing.T) {
	tests := []struct {
		expr string
		want string // data.Repr of the result
	}{
		{`['a.txt', 'tmp_b.txt', 'c.log'].where($ =~ '^(?!tmp_).*\.txt$')`, "['a.txt']"},
		{`'tmp_b.txt' =~ '(?<=tmp_)b'`, "True"},
		{`'tmp_b.txt' !~ '(?<!tmp_)b'`, "True"},
		{`['aa', 'ab', 'xyzxyz'].where($ =~ '^(.+)\\1$')`, "['aa', 'xyzxyz']"},
		{`regex('(?P<w>\w)(?P=w)').search('abccd')`, "'cc'"},
		{`regex('(a)(?P<n>b)(c)(?=d)').search('abcd', [$1.value, $2.value, $3.value, $4.value, $n.value])`,
			"['abc', 'a', 'b', 'c', 'b']"},
		{`regex('(\w)\\1').searchAll('aabbcd')`, "['aa', 'bb']"},
		{`regex('(?<=é)x').replace('éxax', 'Y')`, "'éYax'"},
		{`regex('(\d)(?=(\d{3})+$)').replace('1234567', '\\1,')`, "'1,234,567'"},
		{`regex('(?i)(?<=A)b').search('aB')`, "'B'"},
		{`regex('(?=x)', ignoreCase => true).matches('X')`, "True"},
		{`regex('(?<=a)b\Z').matches('ab\n')`, "False"},
		{`regex('(?=a)').split('bab')`, "['b', 'ab']"},
	}
	for _, tt := range tests {
		expectRepr(t, tt.expr, tt.want)
	}
}

// A pattern that backtracks catastrophically fails its expression in
// bounded time instead of holding the engine.
func TestBacktrackingIsBounded(t *testing.T) {
	text := `('a' * 40 + 'b') =~ '^(a+)+\\1$'`
	_, err := eval(t, text, nil, nil)
	var ee *expr.EvalError
	if !errors.As(err, &ee) || !strings.Contains(ee.Msg, "regular expression") {
		t.Fatalf("%s: error %v, want a regular expression EvalError", text, err)
	}
}

// Python spells named groups (?P<name>...) only: (?<name>...), which Go's
// regexp accepts, fails as on Mistral 15.
func TestRegexRejectsBareNamedGroups(t *testing.T) {
	tests := map[string]string{
		`regex('id=(?<num>\d+)').search('id=4')`: "unknown extension ?<n at position 4",
		`'ab' =~ '(?<x>a)'`:                      "unknown extension ?<x at position 1",
	}
	for text, want := range tests {
		_, err := eval(t, text, nil, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != want {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
	if v, err := eval(t, `regex('(?P<num>\d+)').search('id=4', $num.value)`, nil, nil); err != nil || v != "4" {
		t.Errorf("(?P<num>...): %v, %v, want '4'", v, err)
	}
}
