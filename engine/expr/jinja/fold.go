package jinja

import (
	"math"
	"math/big"

	"github.com/tramontane/tramontane/engine/data"
)

// Constant folding. Jinja's optimizer replaces each constant
// subexpression by its value when the string is compiled, and the code
// generator writes a folded float with str(): infinity and NaN become the
// names inf and nan, which the compiled code does not define. Evaluating
// such a constant fails with "name 'inf' is not defined" ({{ 1e400 }},
// {{ _.x + 1e400 }}, {{ 'nan' | float }}). Only a constant that a template
// outputs as a whole is printed instead ("x {{ 1e400 }}" is "x inf"),
// because Jinja renders it to text at compile time.

// nameErrNode is a folded constant that Jinja's compiled code names but
// does not define: evaluating it fails.
type nameErrNode struct{ name string }

// unfoldable are the filters that Jinja never calls at compile time: the
// ones that take the render context, and Mistral's functions.
var unfoldable = map[string]bool{
	"random": true, "map": true, "select": true, "reject": true,
	"selectattr": true, "rejectattr": true,
}

// foldBody replaces, in every expression of body, the constants whose
// value holds an infinity or a NaN by the name error Jinja's code raises.
// An output statement whose whole expression is constant is left as it is.
func foldBody(body []stmt) {
	for _, st := range body {
		switch t := st.(type) {
		case *outputStmt:
			if _, ok := constValue(t.x); !ok {
				t.x = foldNode(t.x)
			}
		case *ifStmt:
			for i := range t.tests {
				t.tests[i] = foldNode(t.tests[i])
				foldBody(t.bodies[i])
			}
			foldBody(t.els)
		case *forStmt:
			t.iter, t.cond = foldNode(t.iter), foldNode(t.cond)
			foldBody(t.body)
			foldBody(t.els)
		case *setStmt:
			t.value = foldNode(t.value)
		case *setBlockStmt:
			foldBody(t.body)
		case *withStmt:
			foldNodes(t.values)
			foldBody(t.body)
		case *macroStmt:
			foldNodes(t.defaults)
			foldBody(t.body)
		case *callBlockStmt:
			foldArgs(&t.call.args)
			foldBody([]stmt{t.caller})
		case *blockStmt:
			foldBody(t.body)
		case *filterBlockStmt:
			foldBody(t.body)
		}
	}
}

// foldNode returns n, or the name error of n's constant value when that
// value holds an infinity or a NaN; a non-constant node has its
// subexpressions folded in place.
func foldNode(n node) node {
	if n == nil {
		return nil
	}
	if v, ok := constValue(n); ok {
		if name := nonFinite(v); name != "" {
			return &nameErrNode{name: name}
		}
		return n
	}
	switch t := n.(type) {
	case *attrNode:
		t.obj = foldNode(t.obj)
	case *itemNode:
		t.obj, t.key = foldNode(t.obj), foldNode(t.key)
	case *sliceNode:
		t.start, t.stop, t.step = foldNode(t.start), foldNode(t.stop), foldNode(t.step)
	case *listNode:
		foldNodes(t.items)
	case *tupleNode:
		foldNodes(t.items)
	case *dictNode:
		foldNodes(t.keys)
		foldNodes(t.vals)
	case *unaryNode:
		t.x = foldNode(t.x)
	case *binNode:
		t.l, t.r = foldNode(t.l), foldNode(t.r)
	case *concatNode:
		foldNodes(t.parts)
	case *compareNode:
		t.first = foldNode(t.first)
		foldNodes(t.rest)
	case *condNode:
		t.test, t.yes, t.no = foldNode(t.test), foldNode(t.yes), foldNode(t.no)
	case *callNode:
		t.fn = foldNode(t.fn)
		foldArgs(&t.args)
	case *filterNode:
		t.x = foldNode(t.x)
		foldArgs(&t.args)
	case *testNode:
		t.x = foldNode(t.x)
		foldArgs(&t.args)
	}
	return n
}

func foldNodes(ns []node) {
	for i := range ns {
		ns[i] = foldNode(ns[i])
	}
}

func foldArgs(a *callArgs) {
	foldNodes(a.pos)
	foldNodes(a.kwVals)
	a.dynPos, a.dynKw = foldNode(a.dynPos), foldNode(a.dynKw)
}

// constValue is n's value when Jinja's optimizer computes it at compile
// time (as_const): n reads no variable and calls nothing but filters and
// tests that take no context, its evaluation succeeds and the value has a
// safe repr.
func constValue(n node) (any, bool) {
	if !isConst(n) {
		return nil, false
	}
	v, err := (&state{}).eval(n, &frame{})
	if err != nil || !safeRepr(v) {
		return nil, false
	}
	return v, true
}

// isConst reports whether n can be folded: Jinja's as_const of n does not
// raise Impossible before evaluating.
func isConst(n node) bool {
	switch t := n.(type) {
	case nil:
		return true
	case *constNode:
		return true
	case *attrNode:
		return isConst(t.obj)
	case *itemNode:
		return isConst(t.obj) && isConst(t.key)
	case *sliceNode:
		return isConst(t.start) && isConst(t.stop) && isConst(t.step)
	case *listNode:
		return allConst(t.items)
	case *tupleNode:
		return allConst(t.items)
	case *dictNode:
		return allConst(t.keys) && allConst(t.vals)
	case *unaryNode:
		return isConst(t.x)
	case *binNode:
		if t.op == "and" || t.op == "or" {
			// And.as_const is left.as_const() and right.as_const().
			l, ok := constValue(t.l)
			if !ok {
				return false
			}
			if data.Truthy(l) == (t.op == "or") {
				return true
			}
		}
		return isConst(t.l) && isConst(t.r)
	case *concatNode:
		return allConst(t.parts)
	case *compareNode:
		return isConst(t.first) && allConst(t.rest)
	case *condNode:
		test, ok := constValue(t.test)
		switch {
		case !ok:
			return false
		case data.Truthy(test):
			return isConst(t.yes)
		}
		return t.no != nil && isConst(t.no)
	case *filterNode:
		if _, ok := mistralFunctions[t.name]; ok || unfoldable[t.name] || t.x == nil {
			return false
		}
		return isConst(t.x) && argsConst(&t.args)
	case *testNode:
		return isConst(t.x) && argsConst(&t.args)
	}
	return false
}

func allConst(ns []node) bool {
	for _, n := range ns {
		if !isConst(n) {
			return false
		}
	}
	return true
}

func argsConst(a *callArgs) bool {
	return allConst(a.pos) && allConst(a.kwVals) && isConst(a.dynPos) && isConst(a.dynKw)
}

// safeRepr is Jinja's has_safe_repr: a constant whose repr() is Python
// source for it.
func safeRepr(v any) bool {
	switch t := v.(type) {
	case nil, bool, int64, *big.Int, float64, string, markup:
		return true
	case []any:
		return allSafe(t)
	case tuple:
		return allSafe(t)
	case *data.Map:
		safe := true
		t.Range(func(_ string, e any) bool { safe = safeRepr(e); return safe })
		return safe
	}
	return false
}

func allSafe(l []any) bool {
	for _, e := range l {
		if !safeRepr(e) {
			return false
		}
	}
	return true
}

// nonFinite is the name the repr of v first writes for a float that is not
// finite ("inf" or "nan"), or "" when there is none.
func nonFinite(v any) string {
	switch t := v.(type) {
	case float64:
		switch {
		case math.IsNaN(t):
			return "nan"
		case math.IsInf(t, 0):
			return "inf"
		}
	case []any:
		return firstNonFinite(t)
	case tuple:
		return firstNonFinite(t)
	case *data.Map:
		name := ""
		t.Range(func(_ string, e any) bool { name = nonFinite(e); return name == "" })
		return name
	}
	return ""
}

func firstNonFinite(l []any) string {
	for _, e := range l {
		if name := nonFinite(e); name != "" {
			return name
		}
	}
	return ""
}
