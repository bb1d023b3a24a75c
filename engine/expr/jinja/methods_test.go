package jinja

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// TestMoreStrMethods checks str and dict methods that workflows call from
// Jinja; the expectations were recorded on Mistral 15 (Python 3).
func TestMoreStrMethods(t *testing.T) {
	cases := []pythonCase{
		{ctx: ctxTiny, expr: "{{ 'x=1=2'.rpartition('=') }}", want: `["x=1", "=", "2"]`},
		{ctx: ctxTiny, expr: "{{ 'abc'.rpartition('x') }}", want: `["", "", "abc"]`},
		{ctx: ctxTiny, expr: "{{ 'a:b:c'.rpartition(':')[0] }}", want: `"a:b"`},
		{ctx: ctxTiny, expr: "{{ 'a\tb'.expandtabs(4) }}", want: `"a   b"`},
		{ctx: ctxTiny, expr: "{{ 'ab\tc\td'.expandtabs() }}", want: `"ab      c       d"`},
		{ctx: ctxTiny, expr: "{{ 'a\tbc\td'.expandtabs(3) | length }}", want: `7`},
		{ctx: ctxTiny, expr: "{{ 'abc'.removeprefix('a') }}", want: `"bc"`},
		{ctx: ctxTiny, expr: "{{ 'abc'.removeprefix('x') }}", want: `"abc"`},
		{ctx: ctxTiny, expr: "{{ 'abc'.removesuffix('c') }}", want: `"ab"`},
		{ctx: ctxTiny, expr: "{{ 'Ab Cd'.istitle() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ 'Hello world'.istitle() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ ''.istitle() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ 'ab'.isascii() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ 'é'.isascii() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ 'a_1'.isidentifier() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ '1a'.isidentifier() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ 'ab'.isprintable() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ 'a\tb'.isprintable() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ '{x}'.format_map({'x': 1}) }}", want: `"1"`},
		{ctx: ctxTiny, expr: "{{ '{a}-{b}'.format_map({'a': 1, 'b': [2]}) }}", want: `"1-[2]"`},
		{ctx: ctxTiny, expr: "{{ {'a': 1}.popitem() }}", want: `["a", 1]`},
		{ctx: ctxTiny, expr: "{{ {'a': 1, 'b': 2}.popitem() }}", want: `["b", 2]`},
		// Python's white space and line breaks include \x1c to \x1f
		{ctx: ctxTiny, expr: "{{ 'a\x1cb\x1f c\x1d'.split() }}", want: `["a", "b", "c"]`},
		{ctx: ctxTiny, expr: "{{ 'a\x1cb\x1f c\x1d'.rsplit(None, 1) }}", want: `["a\u001cb", "c"]`},
		{ctx: ctxTiny, expr: "{{ ' a\x1d'.strip() }}", want: `"a"`},
		{ctx: ctxTiny, expr: "{{ ' a\x1d' | trim }}", want: `"a"`},
		{ctx: ctxTiny, expr: "{{ '\x1c\x1d'.isspace() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ 'a\x1cb\x1f c\x1d'.splitlines() }}", want: `["a", "b\u001f c"]`},
		{ctx: ctxTiny, expr: `{{ 'a\r\nb\x0bc\u2028d\n'.splitlines() }}`, want: `["a", "b", "c", "d"]`},
		{ctx: ctxTiny, expr: "{{ ''.splitlines() }}", want: `[]`},
		{ctx: ctxTiny, expr: "{{ '²³'.isdigit() }}", want: `true`},
		{ctx: ctxTiny, expr: "{{ '²³'.isdecimal() }}", want: `false`},
		{ctx: ctxTiny, expr: "{{ '五万'.isnumeric() }}", want: `true`},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			got, err := eval(t, c.expr, &expr.Context{Data: mustParse(t, c.ctx)})
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			gotJSON, want := data.MustEncode(got), data.MustEncode(mustParse(t, c.want))
			if string(gotJSON) != string(want) {
				t.Errorf("got %s, want %s", gotJSON, want)
			}
		})
	}
}

// TestFormatSpecs checks str.format and % specs that workflows use to
// render numbers; recorded on Mistral 15 (Python 3).
func TestFormatSpecs(t *testing.T) {
	cases := map[string]string{
		"{{ '{:b}'.format(5) }}":          "101",
		"{{ '{0!a}|{0!r}'.format('é') }}": `'\xe9'|'é'`,
		"{{ '{:08b}'.format(5) }}":        "00000101",
		"{{ '{:#b}'.format(-5) }}":        "-0b101",
		"{{ '{:+b}'.format(3) }}":         "+11",
		"{{ '{:%}'.format(0.5) }}":        "50.000000%",
		"{{ '{:.0%}'.format(0.256) }}":    "26%",
		"{{ '{:>10.1%}|'.format(0.5) }}":  "     50.0%|",
		"{{ '{:n}'.format(5) }}":          "5",
		"{{ '{:n}'.format(2.5) }}":        "2.5",
		"{{ '{:#x}'.format(255) }}":       "0xff",
		"{{ '{:#X}'.format(255) }}":       "0XFF",
		"{{ '{:#o}'.format(-8) }}":        "-0o10",
		"{{ '%#x' % -255 }}":              "-0xff",
		"{{ '%#o' % 8 }}":                 "0o10",
		"{{ '{:_}'.format(1234567) }}":    "1_234_567",
		"{{ '{:_b}'.format(255) }}":       "1111_1111",
		"{{ '{:,}'.format(-1234567.5) }}": "-1,234,567.5",
		// Infinities, NaN, signs and the space flag as Python formats them.
		"{{ '%.2f' % (-1e400) }}":                      "-inf",
		"{{ '%+e' % 1e400 }}":                          "+inf",
		"{{ '%E' % (1e400 - 1e400) }}":                 "NAN",
		"{{ '%G' % 1e400 }}":                           "INF",
		"{{ '% .1f' % (1e400 - 1e400) }}":              " nan",
		"{{ '% f' % 1.0 }}":                            " 1.000000",
		"{{ '%+f' % -0.0 }}":                           "-0.000000",
		"{{ '{:.2f}'.format(-(_.a * 1e308 * 10)) }}":   "-inf",
		"{{ '{:+.1f}'.format(_.a * 1e308 * 10 * 0) }}": "+nan",
		"{{ 1e400 | string }}":                         "inf", // float('1e400')
		"{{ 1e-400 | string }}":                        "0.0",
	}
	expectStrings(t, cases)
}

// TestWordwrap checks the wordwrap filter against Python's textwrap as
// Jinja calls it; recorded on Mistral 15.
func TestWordwrap(t *testing.T) {
	cases := map[string]string{
		"{{ 'ab' | wordwrap(1) }}":                                      "a\nb",
		"{{ 'abcdefgh ij' | wordwrap(3) }}":                             "abc\ndef\ngh\nij",
		"{{ 'abcdefgh ij' | wordwrap(3, false) }}":                      "abcdefgh\nij",
		"{{ 'a  b   c' | wordwrap(3) }}":                                "a\nb\nc",
		"{{ ('x' * 25 ~ ' y') | wordwrap(10) }}":                        "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx y",
		"{{ 'hello-world foo' | wordwrap(6, break_on_hyphens=false) }}": "hello-\nworld\nfoo",
		"{{ 'abcdef' | wordwrap(2, wrapstring='/') }}":                  "ab/cd/ef",
		"{{ 'a\tb c' | wordwrap(3) }}":                                  "a\tb\nc",
		"{{ 'a--b c' | wordwrap(3) }}":                                  "a--\nb c",
		"{{ '  lead space' | wordwrap(6) }}":                            "  lead\nspace",
		"{{ 'x-y-z-w' | wordwrap(3) }}":                                 "x-\ny-\nz-w",
		"{{ 'pre-process re-entrant' | wordwrap(8) }}":                  "pre-\nprocess\nre-\nentrant",
		"{{ 'e-mail x--y abc--def' | wordwrap(5) }}":                    "e-\nmail\nx--y\nabc--\ndef",
		"{{ 'ab12-cd34 ef' | wordwrap(5) }}":                            "ab12-\ncd34\nef",
		"{{ '   ' | wordwrap(5) }}":                                     "",
	}
	expectStrings(t, cases)
	expectError(t, "{{ 'abc def' | wordwrap(0) }}", "invalid width 0 (must be > 0)")
}

// expectError checks that text fails with an error containing want.
func expectError(t *testing.T, text, want string) {
	t.Helper()
	_, err := eval(t, text, &expr.Context{Data: mustParse(t, ctxTiny)})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: error %v, want %q", text, err, want)
	}
}

// expectStrings checks templates that render to strings.
func expectStrings(t *testing.T, cases map[string]string) {
	t.Helper()
	for text, want := range cases {
		got, err := eval(t, text, &expr.Context{Data: mustParse(t, ctxTiny)})
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", text, got, err, want)
		}
	}
}

// TestCallAndAutoescapeBlocks checks {% call %} and {% autoescape %};
// recorded on Mistral 15.
func TestCallAndAutoescapeBlocks(t *testing.T) {
	cases := map[string]string{
		"{% macro m() %}<{{ caller() }}>{% endmacro %}{% call m() %}body{% endcall %}":                                                        "<body>",
		"{% macro l(items) %}{% for i in items %}[{{ caller(i) }}]{% endfor %}{% endmacro %}{% call(x) l([1, 2]) %}{{ x * 10 }}{% endcall %}": "[10][20]",
		"{% macro m() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b=5) m() %}{{ a + b }}{% endcall %}":                                       "3",
		"{% autoescape true %}{{ '<a>' }}{% endautoescape %}":                                                                                 "&lt;a&gt;",
		"{% autoescape true %}{{ '<a>' | safe }}{{ 5 }}{% endautoescape %}{{ '<b>' }}":                                                        "<a>5<b>",
		"{% autoescape true %}{{ [1, '<'] }}{% endautoescape %}":                                                                              "[1, &#39;&lt;&#39;]",
		"{% macro m(x) %}<{{ x }}>{% endmacro %}{% autoescape true %}{{ m('&') }}{% endautoescape %}":                                         "<&>",
	}
	expectStrings(t, cases)
	expectError(t, "{% macro m() %}x{% endmacro %}{% call m() %}b{% endcall %}{{ 1 }}",
		"macro 'm' was invoked with two values for the special caller argument")
}

// TestBatchAndIndentEdges: batch cuts chunks as Jinja's loop does, indent
// multiplies its width, slice takes negative counts and unique fails on a
// missing attribute; recorded on Mistral 15.
func TestBatchAndIndentEdges(t *testing.T) {
	got, err := eval(t, "{{ [1, 2] | batch(0) | list }}", &expr.Context{Data: mustParse(t, ctxTiny)})
	if err != nil || data.Repr(got) != "[[], [1, 2]]" {
		t.Errorf("batch(0) = %v (%v), want [[], [1, 2]]", got, err)
	}
	got, err = eval(t, "{{ [1, 2] | batch(-1) | list }}", &expr.Context{Data: mustParse(t, ctxTiny)})
	if err != nil || data.Repr(got) != "[[1, 2]]" {
		t.Errorf("batch(-1) = %v (%v), want [[1, 2]]", got, err)
	}
	expectError(t, "{{ 'a' | indent(width=[1]) }}", "can't multiply sequence by non-int of type 'list'")
	got, err = eval(t, "{{ [1, 2, 3] | slice(-1) | list }}", &expr.Context{Data: mustParse(t, ctxTiny)})
	if err != nil || data.Repr(got) != "[]" {
		t.Errorf("slice(-1) = %v (%v), want []", got, err)
	}
	expectError(t, "{{ [{'a': 1}, {}] | unique(attribute='a') | list }}", "'dict object' has no attribute 'a'")
}
