package jinja

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// TestMethodArguments: Python's built-in methods refuse keyword arguments
// but for a few (str.split, list.sort, ...), with CPython's two wordings;
// fill characters, widths and round's precision are checked as Python
// checks them. Expectations are Jinja2 3.1.2's results under Python 3.11.
func TestMethodArguments(t *testing.T) {
	tests := []struct{ expr, want, err string }{
		{"{{ 'abc'.replace('b','x',count=1) }}", "", "str.replace() takes no keyword arguments"},
		{"{{ 'x'.zfill('x') }}", "", "'str' object cannot be interpreted as an integer"},
		{"{{ 'x'.zfill(true) }}", "\"x\"", ""},
		{"{{ 5 | round(1.5) }}", "", "'float' object cannot be interpreted as an integer"},
		{"{{ 5.55 | round(1.0) }}", "", "'float' object cannot be interpreted as an integer"},
		{"{{ 5.55 | round(1, 'ceil') }}", "5.6", ""},
		{"{{ 'x'.ljust(3, 'ab') }}", "", "The fill character must be exactly one character long"},
		{"{{ 'x'.center(3, '') }}", "", "The fill character must be exactly one character long"},
		{"{{ 'x'.rjust(3, '*') }}", "\"**x\"", ""},
		{"{{ 'a,b'.split(sep=',') }}", "[\"a\", \"b\"]", ""},
		{"{{ 'abc'.startswith(prefix='a') }}", "", "startswith() takes no keyword arguments"},
		{"{{ {'a': 1}.get('a', default=1) }}", "", "dict.get() takes no keyword arguments"},
		{"{{ [1].index(value=1) }}", "", "list.index() takes no keyword arguments"},
		{"{{ ('a' | safe).replace('a', 'b', count=1) }}", "", "str.replace() takes no keyword arguments"},
		{"{{ 'a{x}'.format(x=1) }}", "\"a1\"", ""},
		{"{{ 'a\tb'.expandtabs(tabsize=2) }}", "\"a b\"", ""},
		{"{{ (1, 2).count(value=1) }}", "", "tuple.count() takes no keyword arguments"},
		{"{{ 'abc'.endswith(suffix='a') }}", "", "endswith() takes no keyword arguments"},
		{"{{ 'abc'.count(sub='a') }}", "", "count() takes no keyword arguments"},
		{"{{ 'abc'.find(sub='a') }}", "", "find() takes no keyword arguments"},
		{"{{ 'abc'.rfind(sub='a') }}", "", "rfind() takes no keyword arguments"},
		{"{{ 'abc'.index(sub='a') }}", "", "index() takes no keyword arguments"},
		{"{{ 'abc'.rindex(sub='a') }}", "", "rindex() takes no keyword arguments"},
		{"{{ 'abc'.ljust(width=5) }}", "", "str.ljust() takes no keyword arguments"},
		{"{{ 'abc'.center(width=5) }}", "", "str.center() takes no keyword arguments"},
		{"{{ 'abc'.zfill(width=5) }}", "", "str.zfill() takes no keyword arguments"},
		{"{{ 'abc'.strip(chars='a') }}", "", "str.strip() takes no keyword arguments"},
		{"{{ 'abc'.partition(sep='a') }}", "", "str.partition() takes no keyword arguments"},
		{"{{ 'abc'.removeprefix(prefix='a') }}", "", "str.removeprefix() takes no keyword arguments"},
		{"{{ ','.join(iterable=['a']) }}", "", "str.join() takes no keyword arguments"},
		{"{{ 'a'.format_map(mapping={}) }}", "", "format_map() takes no keyword arguments"},
		{"{{ {}.get('a', default=1) }}", "", "dict.get() takes no keyword arguments"},
		{"{{ {'a':1}.pop('a', default=1) }}", "", "dict.pop() takes no keyword arguments"},
		{"{{ {}.setdefault('a', default=1) }}", "", "dict.setdefault() takes no keyword arguments"},
		{"{{ [1].count(value=1) }}", "", "list.count() takes no keyword arguments"},
		{"{{ [1].pop(index=0) }}", "", "list.pop() takes no keyword arguments"},
		{"{{ [1].insert(0, object=1) }}", "", "list.insert() takes no keyword arguments"},
		{"{{ [1].append(object=1) }}", "", "list.append() takes no keyword arguments"},
		{"{{ [1].extend(iterable=[1]) }}", "", "list.extend() takes no keyword arguments"},
		{"{{ [1].remove(value=1) }}", "", "list.remove() takes no keyword arguments"},
		{"{{ {}.keys(x=1) }}", "", "dict.keys() takes no keyword arguments"},
		{"{{ 'a'.upper(x=1) }}", "", "str.upper() takes no keyword arguments"},
		{"{{ 'a'.isdigit(x=1) }}", "", "str.isdigit() takes no keyword arguments"},
		{"{{ {}.items(x=1) }}", "", "dict.items() takes no keyword arguments"},
		{"{{ {}.copy(x=1) }}", "", "dict.copy() takes no keyword arguments"},
		{"{{ [].copy(x=1) }}", "", "list.copy() takes no keyword arguments"},
		{"{{ (1,).index(value=1) }}", "", "tuple.index() takes no keyword arguments"},
		{"{{ range(3).count(value=1) }}", "", "range.count() takes no keyword arguments"},
	}
	for _, tt := range tests {
		got, err := eval(t, tt.expr, &expr.Context{})
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), "error="+tt.err+",") {
				t.Errorf("%s: %v, %v; want error %q", tt.expr, got, err, tt.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.expr, err)
		default:
			want, err := data.ParseString(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if data.Repr(got) != data.Repr(want) {
				t.Errorf("%s = %s, want %s", tt.expr, data.Repr(got), tt.want)
			}
		}
	}
}
