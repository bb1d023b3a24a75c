package jinja

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
)

// TestUrlize compares the urlize filter with Jinja2 3.1.2's: the
// expectations are its results for the same expressions.
func TestUrlize(t *testing.T) {
	tests := []struct{ expr, want, err string }{
		{"{{ 'see http://example.com now' | urlize }}", "see <a href=\"http://example.com\" rel=\"noopener\">http://example.com</a> now", ""},
		{"{{ 'go to www.example.org.' | urlize }}", "go to <a href=\"https://www.example.org\" rel=\"noopener\">www.example.org</a>.", ""},
		{"{{ '(http://example.com/a_(b)) and <x@y.com>, mailto:me@ex.io' | urlize }}", "(<a href=\"http://example.com/a_(b)\" rel=\"noopener\">http://example.com/a_(b)</a>) and &lt;<a href=\"mailto:x@y.com\">x@y.com</a>&gt;, <a href=\"mailto:me@ex.io\">me@ex.io</a>", ""},
		{"{{ 'example.com foo.bar baz.info, qux.museum' | urlize }}", "<a href=\"https://example.com\" rel=\"noopener\">example.com</a> foo.bar <a href=\"https://baz.info\" rel=\"noopener\">baz.info</a>, qux.museum", ""},
		{"{{ 'http://127.0.0.1:8080/x?y=1#z http://[::1]/ https://[2001:db8::1]:443/p' | urlize }}", "<a href=\"http://127.0.0.1:8080/x?y=1#z\" rel=\"noopener\">http://127.0.0.1:8080/x?y=1#z</a> <a href=\"http://[::1]/\" rel=\"noopener\">http://[::1]/</a> <a href=\"https://[2001:db8::1]:443/p\" rel=\"noopener\">https://[2001:db8::1]:443/p</a>", ""},
		{"{{ 'https://very.long.example.com/path/to/thing' | urlize(10) }}", "<a href=\"https://very.long.example.com/path/to/thing\" rel=\"noopener\">https://ve...</a>", ""},
		{"{{ 'https://very.long.example.com/path/to/thing' | urlize(-5, true, '_blank', 'x y') }}", "<a href=\"https://very.long.example.com/path/to/thing\" rel=\"nofollow noopener x y\" target=\"_blank\">https://very.long.example.com/path/to/...</a>", ""},
		{"{{ 'ftp://files.ex.com tel:123 tel: x' | urlize(extra_schemes=['ftp://', 'tel:']) }}", "<a href=\"ftp://files.ex.com\" rel=\"noopener\">ftp://files.ex.com</a> <a href=\"tel:123\" rel=\"noopener\">tel:123</a> tel: x", ""},
		{"{{ 'ftp://x' | urlize(extra_schemes=['f']) }}", "", "'f' is not a valid URI scheme prefix."},
		{"{{ 'ftp://x' | urlize(extra_schemes='ftp') }}", "", "'f' is not a valid URI scheme prefix."},
		{"{{ 42 | urlize }}", "42", ""},
		{"{{ '<b>www.a.com</b> & \"q\"' | urlize }}", "&lt;b&gt;www.a.com&lt;/b&gt; &amp; &#34;q&#34;", ""},
		{"{{ 'http://ex.com' | urlize(trim_url_limit='5') }}", "", "'>' not supported between instances of 'int' and 'str'"},
		{"{{ 'http://ex.com' | urlize(rel=5) }}", "", "'int' object has no attribute 'split'"},
		{"{{ 'http://ex.com' | urlize(target=5, rel='noopener') }}", "<a href=\"http://ex.com\" rel=\"noopener\" target=\"5\">http://ex.com</a>", ""},
		{"{{ 'www.ÄÖ.de münchen.com user@exämple.de ab@c' | urlize }}", "<a href=\"https://www.ÄÖ.de\" rel=\"noopener\">www.ÄÖ.de</a> <a href=\"https://münchen.com\" rel=\"noopener\">münchen.com</a> <a href=\"mailto:user@exämple.de\">user@exämple.de</a> ab@c", ""},
		{"{{ ('(((http://a.com)))' ~ ' &lt;http://b.com&gt;') | urlize }}", "(((<a href=\"http://a.com\" rel=\"noopener\">http://a.com</a>))) &amp;lt;http://b.com&amp;gt;", ""},
		{"{{ 'http://a.com' | safe | urlize }}", "<a href=\"http://a.com\" rel=\"noopener\">http://a.com</a>", ""},
		{"{{ 'WWW.EXAMPLE.COM HTTP://X.ORG' | urlize }}", "<a href=\"https://WWW.EXAMPLE.COM\" rel=\"noopener\">WWW.EXAMPLE.COM</a> <a href=\"https://HTTP://X.ORG\" rel=\"noopener\">HTTP://X.ORG</a>", ""},
		{"{{ 'xn--bcher-kva.example http://xn--bcher-kva.ch' | urlize }}", "xn--bcher-kva.example <a href=\"http://xn--bcher-kva.ch\" rel=\"noopener\">http://xn--bcher-kva.ch</a>", ""},
		{"{{ 'a@b.c mailto:a@b.c?x' | urlize }}", "<a href=\"mailto:a@b.c\">a@b.c</a> mailto:a@b.c?x", ""},
		{"{{ 'http://ex.com' | urlize(1,2,3,4,5,6) }}", "", "do_urlize() takes from 2 to 7 positional arguments but 8 were given"},
		{"{{ 'http://ex.com' | urlize(foo=1) }}", "", "do_urlize() got an unexpected keyword argument 'foo'"},
	}
	for _, tt := range tests {
		got, err := eval(t, tt.expr, &expr.Context{})
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, %v; want error %q", tt.expr, got, err, tt.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.expr, err)
		case got != tt.want:
			t.Errorf("%s:\n got %q\nwant %q", tt.expr, got, tt.want)
		}
	}
}
