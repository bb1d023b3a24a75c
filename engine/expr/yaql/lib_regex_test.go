package yaql

import (
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// TestRegexIsPythons: patterns read as Python 3's re reads a str pattern:
// Unicode \w, \d, \s and word boundaries, {,n}, a literal [ in a set,
// (?x), and bad escapes; recorded on Mistral 15.
func TestRegexIsPythons(t *testing.T) {
	d := data.MapOf("t", "café-au lait, wörld ٣ x", "b", `\bwo`, "p", `\p{L}`, "q", `[\q]`, "e", `\`)
	tests := []struct {
		expr string
		want string // data.Repr of the result
	}{
		{`regex('\w+').searchAll('héllo wörld')`, "['héllo', 'wörld']"},
		{`'héllo' =~ '^\w+$'`, "True"},
		{`regex('\d+').searchAll('a٣4')`, "['٣4']"},
		{`regex('\s').split('a\u00a0b c')`, "['a', 'b', 'c']"},
		{`'naïve café'.replace(regex('\w+'), 'X')`, "'X X'"},
		{`regex('[\w-]+').searchAll($.t)`, "['café-au', 'lait', 'wörld', '٣', 'x']"},
		{`regex('[^\s,]+').searchAll($.t)`, "['café-au', 'lait', 'wörld', '٣', 'x']"},
		{`regex('\W+').split($.t)`, "['café', 'au', 'lait', 'wörld', '٣', 'x']"},
		{`regex('\D+').searchAll('a٣b4')`, "['a', 'b']"},
		{`regex('\w').matches('²')`, "True"},
		{`regex('a{1001}').matches('a')`, "False"},
		{`regex('x{,}').matches('xxx')`, "True"},        // beyond RE2's 1000
		{`regex('(?i)(?m)^a').matches('b\nA')`, "True"}, // flags groups in a row lead
		{`regex('\w').matches('\u0301')`, "False"},
		{`regex('\d').matches('²')`, "False"},
		{`regex($.b).searchAll('hello world éwo')`, "['wo']"},
		{`regex('[[:alpha:]]').matches('a')`, "False"},
		{`regex('[[:alpha:]]').matches('a]')`, "True"},
		{`regex('a{,2}').search('aaa')`, "'aa'"},
		{`regex('x{,y}').matches('x{,y}')`, "True"},
		{`regex('(?ix) C A F É  # word').matches('café')`, "True"},
		{`regex('(?x)[ ]a').matches(' a')`, "True"},
		{`regex('(?x)a\ b').matches('a b')`, "True"},
		// an empty match right after a non-empty one counts (Python 3.7+)
		{`regex('x*').split('axbc')`, "['', 'a', '', 'b', 'c', '']"},
		{`regex('x*').replace('abxd', '-')`, "'-a-b--d-'"},
		{`regex('x*').searchAll('axxbx')`, "['', 'xx', '', 'x', '']"},
		{`regex('a|').searchAll('baac')`, "['', 'a', 'a', '', '']"},
		{`regex('(x)*').split('axb')`, "['', None, 'a', 'x', '', None, 'b', None, '']"},
		{`regex('\w*').searchAll('héllo wörld')`, "['héllo', '', 'wörld', '']"},
		{`regex('[[]').matches('[')`, "True"},
		// $ also matches before a final newline, as in Python
		{`'ab\n' =~ 'b$'`, "True"},
		{`'ab\n' =~ 'b\Z'`, "False"},
		{`regex('\d+$').searchAll('1 22\n')`, "['22']"},
		{`'a$b' =~ 'a\$b'`, "True"},
		{`regex('(?>a+)b').matches('aab')`, "True"},
		{`regex('a(?i:b)c').matches('aBc')`, "True"},
		// \W and \S inside sets keep their Unicode meaning
		{`regex('[\W_]+').replace('Café_au lait!', '-')`, "'Café-au-lait-'"},
		{`regex('[\W]').matches('é')`, "False"},
		{`regex('[\S]+').searchAll('a\u00a0b c')`, "['a', 'b', 'c']"},
		{`regex('[a\W]+').searchAll('aé-a b')`, "['a', '-a ']"},
		{`regex('[^\W]+').searchAll('aé-b')`, "['aé', 'b']"},
		{`regex('[^\W\d_]+').searchAll('ab12_cé-d')`, "['ab', 'cé', 'd']"},
		{`regex('[^\Wa]+').searchAll('banana é')`, "['b', 'n', 'n', 'é']"},
		{`regex('[^\Wa]+', ignoreCase => true).searchAll('bAnana')`, "['b', 'n', 'n']"},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, d, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got := data.Repr(v); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
	errs := map[string]string{
		`regex($.p).matches('a')`:       `bad escape \p at position 0`,
		`regex($.q).matches('q')`:       `bad escape \q at position 1`,
		`regex('a(?i)b').matches('ab')`: "global flags not at the start of the expression at position 1",
		`regex($.e).matches('x')`:       "bad escape (end of pattern) at position 0",
	}
	for text, want := range errs {
		_, err := eval(t, text, d, nil)
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != want {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}

// Replacement templates are read as Python's sre_parse.parse_template
// does, before matching; replaceBy's pieces are joined as re.sub joins
// them. Messages checked against Mistral 15's evaluator.
func TestReplacementTemplates(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`regex('(a)').replace('a', '[\\a\\b\\f\\v\\0\\012]')`, "'[\\x07\\x08\\x0c\\x0b\\x00\\n]'"},
		{`regex('(a)').replace('a', '\\1\\0')`, "'a\\x00'"},
		{`regex('(a)').replace('a', '\\-\\é')`, "'\\\\-\\\\é'"},
		{`regex('(a)|(b)').replace('ab', '[\\1\\2]')`, "'[a][b]'"},
		{`regex('(?P<n>a)').replace('a', '\\g<n>\\g<01>')`, "'aa'"},
		{`regex('(a)').replace('xa', 'y\\3')`, "error=invalid group reference 3 at position 2"},
		{`regex('(a)').replace('a', '\\g<5>')`, "error=invalid group reference 5 at position 3"},
		{`regex('a').replace('a', 'a\\')`, "error=bad escape (end of pattern) at position 1"},
		{`regex('a').replace('a', 'ab\\q')`, "error=bad escape \\q at position 2"},
		{`regex('a').replace('a', '\\x41')`, "error=bad escape \\x at position 0"},
		{`regex('(a)').replace('a', '\\g<1')`, "error=missing >, unterminated name at position 3"},
		{`regex('(a)').replace('a', '\\g')`, "error=missing < at position 2"},
		{`regex('(a)').replace('a', '\\g<>')`, "error=missing group name at position 3"},
		{`regex('(a)').replace('a', '\\g<-1>')`, "error=bad character in group name '-1' at position 3"},
		{`regex('(a)').replace('a', '\\400')`, "error=octal escape value \\400 outside of range 0-0o377 at position 0"},
		{`regex('z').replace('abc', '\\q')`, "error=bad escape \\q at position 0"},
		{`regex('b').replaceBy('abcb', 1)`, "error=sequence item 1: expected str instance, int found"},
		{`regex('a').replaceBy('abc', 1)`, "error=sequence item 0: expected str instance, int found"},
		{`regex('b').replaceBy('abc', null)`, "'ac'"},
	}
	checkReprOrError(t, tests)
}

// \uXXXX and \UXXXXXXXX in a pattern are characters, as in Python's re.
func TestRegexUnicodeEscapes(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`regex('\\u0041').matches('A')`, "True"},
		{`regex('[\\u0041-\\u0043]+').search('xABCD')`, "'ABC'"},
		{`regex('\\U0001F600').matches('😀')`, "True"},
		{`regex('(a)\\1\\u0041').matches('aaA')`, "True"},
		{`regex('\\u004').matches('A')`, "error=incomplete escape \\u004 at position 0"},
		{`regex('\\U00110000').matches('x')`, "error=bad escape \\U00110000 at position 0"},
	}
	checkReprOrError(t, tests)
}
