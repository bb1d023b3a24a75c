package jinja

import (
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// testFunc implements one Jinja test (`x is name(args)`).
type testFunc func(s *state, v any, a *args) (bool, error)

// jinjaTests are Jinja's built-in tests. Those in testsTakeUndefined answer
// for undefined values; the others fail on them.
var jinjaTests map[string]testFunc

var testsTakeUndefined = map[string]bool{
	"defined": true, "undefined": true, "none": true, "string": true, "number": true,
	"mapping": true, "boolean": true, "false": true, "true": true, "integer": true,
	"float": true, "callable": true, "sameas": true, "sequence": true, "escaped": true,
}

func init() {
	// The comparison tests are Python's operator.eq, ne, lt, ...: C
	// functions of exactly two positional arguments.
	cmp := func(op string) testFunc {
		name := map[string]string{"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}[op]
		return func(_ *state, v any, a *args) (bool, error) {
			if len(a.kwNames) > 0 {
				return false, errorf("_operator.%s() takes no keyword arguments", name)
			}
			if len(a.pos) != 1 {
				return false, errorf("%s expected 2 arguments, got %d", name, len(a.pos)+1)
			}
			other := a.pos[0]
			if err := undefinedOperand(v, other); err != nil {
				return false, err
			}
			return compareOp(op, v, other)
		}
	}
	jinjaTests = map[string]testFunc{
		"boolean":  typeTest(func(v any) bool { _, ok := v.(bool); return ok }),
		"callable": typeTest(func(v any) bool { _, ok := v.(*callable); return ok }),
		"defined":  typeTest(func(v any) bool { _, ok := v.(*undefined); return !ok }),
		"undefined": typeTest(func(v any) bool {
			_, ok := v.(*undefined)
			return ok
		}),
		"divisibleby": func(_ *state, v any, a *args) (bool, error) {
			p, err := a.bind("test_divisibleby", []string{"num"}, 1)
			if err != nil {
				return false, err
			}
			r, err := binary("%", v, p[0])
			if err != nil {
				return false, err
			}
			return equal(r, int64(0)), nil
		},
		"eq": cmp("=="), "==": cmp("=="), "equalto": cmp("=="),
		"ne": cmp("!="), "!=": cmp("!="),
		"lt": cmp("<"), "<": cmp("<"), "lessthan": cmp("<"),
		"le": cmp("<="), "<=": cmp("<="),
		"gt": cmp(">"), ">": cmp(">"), "greaterthan": cmp(">"),
		"ge": cmp(">="), ">=": cmp(">="),
		"escaped": typeTest(func(v any) bool { _, ok := v.(markup); return ok }),
		"even":    parity(0),
		"odd":     parity(1),
		"false":   typeTest(func(v any) bool { b, ok := v.(bool); return ok && !b }),
		"true":    typeTest(func(v any) bool { b, ok := v.(bool); return ok && b }),
		"filter": func(_ *state, v any, _ *args) (bool, error) {
			n, ok := isString(v)
			_, known := filters[n]
			return ok && known, nil
		},
		"test": func(_ *state, v any, _ *args) (bool, error) {
			n, ok := isString(v)
			_, known := jinjaTests[n]
			return ok && known, nil
		},
		"float":   typeTest(func(v any) bool { _, ok := v.(float64); return ok }),
		"integer": typeTest(data.IsInt),
		"in": func(_ *state, v any, a *args) (bool, error) {
			p, err := a.bind("test_in", []string{"seq"}, 1)
			if err != nil {
				return false, err
			}
			return contains(p[0], v)
		},
		"iterable": func(_ *state, v any, _ *args) (bool, error) {
			_, err := iterate(v)
			if u, ok := v.(*undefined); ok {
				return false, u.err()
			}
			return err == nil, nil
		},
		"lower": func(_ *state, v any, _ *args) (bool, error) {
			s, err := str(v)
			return pycase.IsLower(s), err
		},
		"upper": func(_ *state, v any, _ *args) (bool, error) {
			s, err := str(v)
			return pycase.IsUpper(s), err
		},
		"mapping": typeTest(func(v any) bool { _, ok := asMap(v); return ok }),
		"none":    typeTest(func(v any) bool { return v == nil }),
		"number":  typeTest(isNumber),
		"sameas": func(_ *state, v any, a *args) (bool, error) {
			p, err := a.bind("test_sameas", []string{"other"}, 1)
			if err != nil {
				return false, err
			}
			return sameAs(v, p[0]), nil
		},
		"sequence": typeTest(func(v any) bool {
			switch v.(type) {
			case string, markup, *data.Map, []any, tuple, *pyRange:
				return true
			}
			return false
		}),
		"string": typeTest(func(v any) bool { _, ok := isString(v); return ok }),
	}
	// The tests of the value alone refuse other arguments as their Python
	// function does: Jinja's test_* (test_filter and test_test take the
	// environment too), and Python's own callable.
	for name, fn := range jinjaTests {
		switch name {
		case "divisibleby", "in", "sameas", "eq", "==", "equalto", "ne", "!=", "lt", "<", "lessthan",
			"le", "<=", "gt", ">", "greaterthan", "ge", ">=":
			continue
		}
		jinjaTests[name] = unaryTest(name, fn)
	}
}

// unaryTest checks that the test name, which takes only the value, was
// given no arguments, before running fn.
func unaryTest(name string, fn testFunc) testFunc {
	return func(s *state, v any, a *args) (bool, error) {
		switch {
		case len(a.pos) == 0 && len(a.kwNames) == 0:
			return fn(s, v, a)
		case name == "callable" && len(a.kwNames) > 0:
			return false, errorf("callable() takes no keyword arguments")
		case name == "callable":
			return false, errorf("callable() takes exactly one argument (%d given)", len(a.pos)+1)
		case len(a.kwNames) > 0:
			return false, errorf("test_%s() got an unexpected keyword argument '%s'", name, a.kwNames[0])
		case name == "filter" || name == "test":
			return false, errorf("test_%s() takes 2 positional arguments but %d were given", name, len(a.pos)+2)
		}
		return false, errorf("test_%s() takes 1 positional argument but %d were given", name, len(a.pos)+1)
	}
}

// sameAs approximates Python's `is`: singletons and small values compare by
// value, containers by identity.
func sameAs(a, b any) bool {
	switch x := a.(type) {
	case nil, bool:
		return a == b
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case *data.Map:
		y, ok := b.(*data.Map)
		return ok && x == y
	case *ctxView:
		y, ok := b.(*ctxView)
		return ok && x == y
	case int64, float64, string:
		return a == b
	}
	return false
}

func typeTest(fn func(any) bool) testFunc {
	return func(_ *state, v any, _ *args) (bool, error) { return fn(v), nil }
}

func parity(want int64) testFunc {
	return func(_ *state, v any, _ *args) (bool, error) {
		r, err := binary("%", v, int64(2))
		if err != nil {
			return false, err
		}
		return equal(r, want), nil
	}
}

func (s *state) applyTest(t *testNode, v any, f *frame) (any, error) {
	a, err := s.evalArgs(&t.args, f)
	if err != nil {
		return nil, err
	}
	if _, ok := jinjaTests[t.name]; !ok {
		return nil, errorf("No test named %s found.", data.StringRepr(t.name))
	}
	ok, err := s.callTest(t.name, v, a)
	if err != nil {
		return nil, err
	}
	return ok != t.negate, nil
}

func (s *state) callTest(name string, v any, a *args) (bool, error) {
	fn, ok := jinjaTests[name]
	if !ok {
		return false, errorf("No test named %s.", data.StringRepr(name))
	}
	if u, ok := v.(*undefined); ok && !testsTakeUndefined[name] {
		return false, u.err()
	}
	return fn(s, v, a)
}
