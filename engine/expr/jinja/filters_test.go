package jinja

import (
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
)

// TestFilterArgumentErrors checks the messages of filters called with an
// unknown keyword, which name Jinja 3.1's Python functions; recorded on
// Mistral 15.
func TestFilterArgumentErrors(t *testing.T) {
	cases := []struct{ expr, err string }{
		{"{{ [{'a': 1}] | groupby('a', reverse=true) | list }}", "sync_do_groupby() got an unexpected keyword argument 'reverse'"},
		{"{{ [1] | first(x=1) }}", "sync_do_first() got an unexpected keyword argument 'x'"},
		{"{{ [1] | last(x=1) }}", "do_last() got an unexpected keyword argument 'x'"},
		{"{{ [1] | unique(x=1) | list }}", "do_unique() got an unexpected keyword argument 'x'"},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			_, err := eval(t, c.expr, &expr.Context{Data: mustParse(t, ctxTiny)})
			var ee *expr.EvalError
			if !errors.As(err, &ee) || ee.Msg != c.err {
				t.Errorf("error %v, want %q", err, c.err)
			}
		})
	}
}
