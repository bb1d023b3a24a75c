package jinja

import (
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// TestArgumentErrors checks the messages of filters and Mistral's functions
// called with wrong arguments, which are Python's: they name Jinja 3.1's
// functions and count Mistral's hidden context argument, and task, tasks,
// execution and executions answer as inspect.Signature.bind; recorded on
// Mistral 15.
func TestArgumentErrors(t *testing.T) {
	cases := []struct{ expr, err string }{
		{"{{ [{'a': 1}] | groupby('a', reverse=true) | list }}", "sync_do_groupby() got an unexpected keyword argument 'reverse'"},
		{"{{ [1] | first(x=1) }}", "sync_do_first() got an unexpected keyword argument 'x'"},
		{"{{ [1] | last(x=1) }}", "do_last() got an unexpected keyword argument 'x'"},
		{"{{ [1] | unique(x=1) | list }}", "do_unique() got an unexpected keyword argument 'x'"},
		{"{{ json_dump(1, 2) }}", "json_dump_() takes 2 positional arguments but 3 were given"},
		{"{{ json_pp(1, 2) }}", "json_pp_() takes from 1 to 2 positional arguments but 3 were given"},
		{"{{ yaml_parse('1', 2) }}", "yaml_parse_() takes 2 positional arguments but 3 were given"},
		{"{{ env(1) }}", "env_() takes 1 positional argument but 2 were given"},
		{"{{ env(x=1, y=2) }}", "env_() got an unexpected keyword argument 'x'"},
		{"{{ global('a', 'b') }}", "global_() takes 2 positional arguments but 3 were given"},
		{"{{ global() }}", "global_() missing 1 required positional argument: 'var_name'"},
		{"{{ global(1, var_name=2) }}", "global_() got multiple values for argument 'var_name'"},
		{"{{ json_dump(data=1, x=2) }}", "json_dump_() got an unexpected keyword argument 'x'"},
		{"{{ uuid(1) }}", "uuid_() takes from 0 to 1 positional arguments but 2 were given"},
		{"{{ uuid(1, x=2) }}", "uuid_() got an unexpected keyword argument 'x'"},
		{"{{ task(x=1) }}", "got an unexpected keyword argument 'x'"},
		{"{{ task('a', 'b') }}", "too many positional arguments"},
		{"{{ task('a', task_name='b') }}", "multiple values for argument 'task_name'"},
		{"{{ tasks(1, 2, 3, 4, 5) }}", "too many positional arguments"},
		{"{{ execution(1) }}", "too many positional arguments"},
		{"{{ executions(x=1) }}", "got an unexpected keyword argument 'x'"},
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

// TestMistralFiltersNeedTheContext: Mistral's functions used as filters take
// the piped value as their context and fail as Python's context[key] when it
// is not one; recorded on Mistral 15.
func TestMistralFiltersNeedTheContext(t *testing.T) {
	cases := []struct{ expr, err string }{
		{"{{ _.d | env }}", "'__env'"},
		{"{{ _.d | execution }}", "'__execution'"},
		{"{{ _.d | task }}", "'__task_execution'"},
		{"{{ _.d | task('a1') }}", "'__task_execution'"},
		{"{{ _.d | global('x') }}", "'__execution'"},
		{"{{ 'x' | execution }}", "string indices must be integers, not 'str'"},
		{"{{ [1] | task }}", "list indices must be integers or slices, not str"},
		{"{{ 5 | env }}", "'int' object is not subscriptable"},
	}
	for _, c := range cases {
		_, err := eval(t, c.expr, &expr.Context{Data: mustParse(t, `{"d": {"b": 1}}`), Host: fakeHost{}})
		var ee *expr.EvalError
		if !errors.As(err, &ee) || ee.Msg != c.err {
			t.Errorf("%s: error %v, want %q", c.expr, err, c.err)
		}
	}
	got, err := eval(t, "{{ _ | env }}", &expr.Context{Data: mustParse(t, `{"d": {"b": 1}}`), Host: fakeHost{}})
	if err != nil || data.Repr(got) != "{'from': 'host'}" {
		t.Errorf("_ | env = %v (%v), want the host's env", got, err)
	}
}
