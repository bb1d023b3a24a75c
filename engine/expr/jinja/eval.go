package jinja

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// Limits that keep one evaluation bounded. Hitting one is an evaluation
// error, never a hang or an exhausted process.
const (
	maxSteps     = 2_000_000 // node evaluations and loop iterations
	maxValueSize = 16 << 20  // bytes of a string or rendered output, items of a list
	maxCallDepth = 100       // nested filter/function evaluation (recursive loops)
	// maxIntBits bounds the bits of the large integers that arithmetic
	// builds, all together: each is bounded by itself, but a list of them
	// that a loop fills is not.
	maxIntBits = 1 << 30
)

// state is one evaluation: the expression context and its budgets.
type state struct {
	ctx     *expr.Context
	steps   int
	depth   int
	intBits int // of the large integers built (maxIntBits)
	// autoescape is on inside {% autoescape true %}: output is
	// HTML-escaped unless it is Markup.
	autoescape bool
}

// undefinedAttr is the undefined value of obj's missing attribute or item
// name.
func (s *state) undefinedAttr(obj, name any) *undefined {
	return undefinedAttr(obj, name)
}

func (s *state) step() error {
	s.steps++
	if s.steps > maxSteps {
		return errorf("evaluation limit exceeded: more than %d steps", maxSteps)
	}
	return nil
}

// charge counts the work of building v against the step budget, so that
// loops copying large strings or lists stay bounded in time.
func (s *state) charge(v any) error {
	n := 0
	switch t := v.(type) {
	case string:
		n = len(t) / 256
	case []any:
		n = len(t) / 16
	case tuple:
		n = len(t) / 16
	}
	s.steps += n
	if s.steps > maxSteps {
		return errorf("evaluation limit exceeded: more than %d steps", maxSteps)
	}
	return nil
}

// built charges a large integer that arithmetic built against the
// evaluation's budget.
func (s *state) built(v any) error {
	if b, ok := v.(*big.Int); ok {
		s.intBits += b.BitLen()
		if s.intBits > maxIntBits {
			return errorf("evaluation limit exceeded: integers of more than %d bits", maxIntBits)
		}
	}
	return nil
}

func checkSize(n int) error {
	if n > maxValueSize {
		return errorf("evaluation limit exceeded: value larger than %d", maxValueSize)
	}
	return nil
}

// frame holds template variables; inner scopes (for loops, with blocks,
// macros) chain to their parent. Scopes hold few names, so a slice beats a
// map.
type frame struct {
	names  []string
	vals   []any
	parent *frame
}

func newFrame(parent *frame) *frame { return &frame{parent: parent} }

func (f *frame) lookup(name string) (any, bool) {
	for ; f != nil; f = f.parent {
		for i, n := range f.names {
			if n == name {
				return f.vals[i], true
			}
		}
	}
	return nil, false
}

// has reports whether name is set in this scope (not its parents).
func (f *frame) has(name string) bool {
	for _, n := range f.names {
		if n == name {
			return true
		}
	}
	return false
}

func (f *frame) set(name string, v any) {
	for i, n := range f.names {
		if n == name {
			f.vals[i] = v
			return
		}
	}
	f.names = append(f.names, name)
	f.vals = append(f.vals, v)
}

// args are the evaluated arguments of a call.
type args struct {
	pos     []any
	kwNames []string
	kwVals  []any
}

type missingArg struct{}

// bind maps args onto a Python signature: params in order, the first
// `required` of them mandatory. Absent optional parameters are missingArg{}.
func (a *args) bind(fname string, params []string, required int) ([]any, error) {
	return a.bindAfter(0, fname, params, required)
}

// bindAfter is bind for a Python function whose first `hidden` parameters
// (a filter's value, Jinja's environment) are supplied by the caller; they
// count in Python's messages about argument numbers.
//
// As in CPython, keyword arguments are checked before the number of
// positional ones.
func (a *args) bindAfter(hidden int, fname string, params []string, required int) ([]any, error) {
	out := make([]any, max(len(params), len(a.pos)))
	for i := range out {
		out[i] = missingArg{}
	}
	copy(out, a.pos)
	for i, name := range a.kwNames {
		j := indexOf(params, name)
		if j < 0 {
			return nil, errorf("%s() got an unexpected keyword argument %s", fname, data.StringRepr(name))
		}
		if j < len(a.pos) {
			return nil, errorf("%s() got multiple values for argument %s", fname, data.StringRepr(name))
		}
		out[j] = a.kwVals[i]
	}
	if len(a.pos) > len(params) {
		n, req, given := len(params)+hidden, required+hidden, len(a.pos)+hidden
		if req == n {
			return nil, errorf("%s() takes %d positional argument%s but %d were given", fname, n, plural(n), given)
		}
		return nil, errorf("%s() takes from %d to %d positional arguments but %d were given", fname, req, n, given)
	}
	var miss []string
	for i := 0; i < required; i++ {
		if _, ok := out[i].(missingArg); ok {
			miss = append(miss, data.StringRepr(params[i]))
		}
	}
	if len(miss) > 0 {
		list := miss[len(miss)-1]
		if len(miss) > 1 {
			list = strings.Join(miss[:len(miss)-1], ", ") + " and " + list
		}
		return nil, errorf("%s() missing %d required positional argument%s: %s", fname, len(miss), plural(len(miss)), list)
	}
	return out, nil
}

// bindSignature binds args as Python's inspect.Signature.bind does, for
// Mistral's functions that Mistral checks that way (task, tasks, execution,
// executions): its messages name no function. All params are optional.
func (a *args) bindSignature(params []string) ([]any, error) {
	if len(a.pos) > len(params) {
		return nil, errorf("too many positional arguments")
	}
	out := make([]any, len(params))
	for i := range out {
		out[i] = missingArg{}
	}
	copy(out, a.pos)
	for _, name := range params[:len(a.pos)] {
		if indexOf(a.kwNames, name) >= 0 {
			return nil, errorf("multiple values for argument %s", data.StringRepr(name))
		}
	}
	for i, name := range a.kwNames {
		j := indexOf(params, name)
		if j < 0 {
			return nil, errorf("got an unexpected keyword argument %s", data.StringRepr(name))
		}
		out[j] = a.kwVals[i]
	}
	return out, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

func given(v any) bool { _, ok := v.(missingArg); return !ok }

func orDefault(v, def any) any {
	if given(v) {
		return v
	}
	return def
}

func (s *state) evalArgs(ca *callArgs, f *frame) (*args, error) {
	a := &args{}
	for _, n := range ca.pos {
		v, err := s.eval(n, f)
		if err != nil {
			return nil, err
		}
		a.pos = append(a.pos, v)
	}
	for i, n := range ca.kwVals {
		v, err := s.eval(n, f)
		if err != nil {
			return nil, err
		}
		a.kwNames = append(a.kwNames, ca.kwNames[i])
		a.kwVals = append(a.kwVals, v)
	}
	if ca.dynPos != nil {
		v, err := s.eval(ca.dynPos, f)
		if err != nil {
			return nil, err
		}
		items, err := iterate(v)
		if err != nil {
			return nil, err
		}
		a.pos = append(a.pos, items...)
	}
	if ca.dynKw != nil {
		v, err := s.eval(ca.dynKw, f)
		if err != nil {
			return nil, err
		}
		m, ok := asMap(v)
		if !ok {
			return nil, errorf("argument after ** must be a mapping, not %s", typeName(v))
		}
		m.Range(func(k string, v any) bool {
			a.kwNames = append(a.kwNames, k)
			a.kwVals = append(a.kwVals, v)
			return true
		})
	}
	return a, nil
}

// eval evaluates an expression node.
func (s *state) eval(n node, f *frame) (any, error) {
	if err := s.step(); err != nil {
		return nil, err
	}
	switch t := n.(type) {
	case *constNode:
		return t.v, nil
	case *nameErrNode:
		return nil, errorf("name '%s' is not defined", t.name)
	case *nameNode:
		if v, ok := f.lookup(t.name); ok {
			return v, nil
		}
		if g, ok := globals[t.name]; ok {
			return g, nil
		}
		return undefinedName(t.name), nil
	case *attrNode:
		obj, err := s.eval(t.obj, f)
		if err != nil {
			return nil, err
		}
		return s.getattr(obj, t.name)
	case *itemNode:
		obj, err := s.eval(t.obj, f)
		if err != nil {
			return nil, err
		}
		if sl, ok := t.key.(*sliceNode); ok {
			return s.slice(obj, sl, f)
		}
		key, err := s.eval(t.key, f)
		if err != nil {
			return nil, err
		}
		return s.getitem(obj, key)
	case *listNode:
		items, err := s.evalList(t.items, f)
		if err != nil {
			return nil, err
		}
		if items == nil {
			items = []any{}
		}
		return items, nil
	case *tupleNode:
		items, err := s.evalList(t.items, f)
		return tuple(items), err
	case *dictNode:
		m := data.NewMap(len(t.keys))
		for i := range t.keys {
			k, err := s.eval(t.keys[i], f)
			if err != nil {
				return nil, err
			}
			v, err := s.eval(t.vals[i], f)
			if err != nil {
				return nil, err
			}
			if u, ok := k.(*undefined); ok {
				return nil, u.err()
			}
			key, err := dictKey(m, k)
			if err != nil {
				return nil, err
			}
			m.Set(key, v)
		}
		return m, nil
	case *unaryNode:
		x, err := s.eval(t.x, f)
		if err != nil {
			return nil, err
		}
		v, err := unary(t.op, x)
		if err != nil {
			return nil, err
		}
		return v, s.built(v)
	case *binNode:
		return s.evalBin(t, f)
	case *concatNode:
		var b strings.Builder
		for _, p := range t.parts {
			v, err := s.eval(p, f)
			if err != nil {
				return nil, err
			}
			sv, err := str(v)
			if err != nil {
				return nil, err
			}
			b.WriteString(sv)
			if err := checkSize(b.Len()); err != nil {
				return nil, err
			}
		}
		out := b.String()
		return out, s.charge(out)
	case *compareNode:
		l, err := s.eval(t.first, f)
		if err != nil {
			return nil, err
		}
		for i, op := range t.ops {
			r, err := s.eval(t.rest[i], f)
			if err != nil {
				return nil, err
			}
			if err := undefinedOperand(l, r); err != nil {
				return nil, err
			}
			ok, err := compareOp(op, l, r)
			if err != nil || !ok {
				return false, err
			}
			l = r
		}
		return true, nil
	case *condNode:
		c, err := s.eval(t.test, f)
		if err != nil {
			return nil, err
		}
		ok, err := truthy(c)
		if err != nil {
			return nil, err
		}
		if ok {
			return s.eval(t.yes, f)
		}
		if t.no == nil {
			hint := fmt.Sprintf("the inline if-expression on line %d evaluated to false and no else section was defined.", t.line)
			return &undefined{lenient: true, hint: hint}, nil
		}
		return s.eval(t.no, f)
	case *callNode:
		if res, ok, err := s.listMethodCall(t, f); ok {
			return res, err
		}
		fn, err := s.eval(t.fn, f)
		if err != nil {
			return nil, err
		}
		a, err := s.evalArgs(&t.args, f)
		if err != nil {
			return nil, err
		}
		return s.call(fn, a)
	case *filterNode:
		x, err := s.eval(t.x, f)
		if err != nil {
			return nil, err
		}
		return s.applyFilter(t, x, f)
	case *testNode:
		x, err := s.eval(t.x, f)
		if err != nil {
			return nil, err
		}
		return s.applyTest(t, x, f)
	}
	return nil, errorf("cannot evaluate %T", n)
}

func (s *state) evalList(nodes []node, f *frame) ([]any, error) {
	if len(nodes) == 0 {
		return nil, nil
	}
	out := make([]any, len(nodes))
	for i, n := range nodes {
		v, err := s.eval(n, f)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (s *state) call(fn any, a *args) (any, error) {
	switch c := fn.(type) {
	case *callable:
		s.depth++
		defer func() { s.depth-- }()
		if s.depth > maxCallDepth {
			return nil, errorf("maximum recursion depth exceeded")
		}
		return c.fn(s, a)
	case *recursiveLoop:
		p, err := a.bind("loop", []string{"iterable"}, 1)
		if err != nil {
			return nil, err
		}
		out, err := c.run(p[0])
		if err != nil {
			return nil, err
		}
		return out, nil
	case *loopContext:
		// Jinja's LoopContext.__call__ of a loop without `recursive`.
		return nil, errorf("The loop must have the 'recursive' marker to be called recursively.")
	case *undefined:
		return nil, c.err()
	}
	return nil, errorf("'%s' object is not callable", typeName(fn))
}

func undefinedOperand(vals ...any) error {
	for _, v := range vals {
		if u, ok := v.(*undefined); ok {
			return u.err()
		}
	}
	return nil
}

func unary(op string, x any) (any, error) {
	if op == "not" {
		// Jinja's plain Undefined is false; a strict one fails.
		if err := strictErr(x); err != nil {
			return nil, err
		}
		return !data.Truthy(x), nil
	}
	if err := undefinedOperand(x); err != nil {
		return nil, err
	}
	switch op {
	case "-":
		switch t := x.(type) {
		case float64:
			return -t, nil
		case int64, bool:
			n, _ := asInt(t)
			if n == math.MinInt64 {
				return data.NegInt(n), nil
			}
			return -n, nil
		case *big.Int:
			return data.NegInt(t), nil
		}
	case "+":
		switch t := x.(type) {
		case float64, *big.Int:
			return t, nil
		case int64, bool:
			n, _ := asInt(t)
			return n, nil
		}
	}
	return nil, errorf("bad operand type for unary %s: '%s'", op, typeName(x))
}

func (s *state) evalBin(t *binNode, f *frame) (any, error) {
	l, err := s.eval(t.l, f)
	if err != nil {
		return nil, err
	}
	switch t.op {
	case "and", "or":
		ok, err := truthy(l)
		if err != nil {
			return nil, err
		}
		if ok == (t.op == "or") {
			return l, nil
		}
		return s.eval(t.r, f)
	}
	r, err := s.eval(t.r, f)
	if err != nil {
		return nil, err
	}
	v, err := binary(t.op, l, r)
	if err != nil {
		return nil, err
	}
	if err := s.built(v); err != nil {
		return nil, err
	}
	return v, s.charge(v)
}

// binary applies a Python arithmetic operator.
func binary(op string, l, r any) (any, error) {
	if err := undefinedOperand(l, r); err != nil {
		return nil, err
	}
	li, lInt := asInt(l)
	ri, rInt := asInt(r)
	if lInt && rInt {
		return intOp(op, li, ri)
	}
	if lb, ok := intValue(l); ok {
		if rb, ok := intValue(r); ok {
			return bigOp(op, lb, rb)
		}
	}
	lf, lNum := asFloat(l)
	rf, rNum := asFloat(r)
	if lNum && rNum {
		if err := floatOverflow(l, r); err != nil {
			return nil, err
		}
		return floatOp(op, lf, rf)
	}
	switch op {
	case "+":
		if ls, ok := isString(l); ok {
			if rs, ok := isString(r); ok {
				if err := checkSize(len(ls) + len(rs)); err != nil {
					return nil, err
				}
				// Markup's __add__ and __radd__ escape a plain string.
				_, lm := l.(markup)
				_, rm := r.(markup)
				switch {
				case lm && rm:
					return markup(ls + rs), nil
				case lm:
					return markup(ls + htmlEscape(rs)), nil
				case rm:
					return markup(htmlEscape(ls) + rs), nil
				}
				return ls + rs, nil
			}
			return nil, errorf("can only concatenate str (not \"%s\") to str", typeName(r))
		}
		switch lt := l.(type) {
		case []any:
			if rt, ok := r.([]any); ok {
				if err := checkSize(len(lt) + len(rt)); err != nil {
					return nil, err
				}
				return append(append(make([]any, 0, len(lt)+len(rt)), lt...), rt...), nil
			}
			return nil, errorf("can only concatenate list (not \"%s\") to list", typeName(r))
		case tuple:
			if rt, ok := r.(tuple); ok {
				return append(append(make(tuple, 0, len(lt)+len(rt)), lt...), rt...), nil
			}
			return nil, errorf("can only concatenate tuple (not \"%s\") to tuple", typeName(r))
		}
	case "*":
		if rInt {
			if v, ok, err := repeat(l, ri); ok {
				return v, err
			}
		}
		if lInt {
			if v, ok, err := repeat(r, li); ok {
				return v, err
			}
		}
		if _, isRange := l.(*pyRange); isRange {
			break // a range is a sequence that cannot be repeated
		}
		if _, ok := sequence(l); ok || isStr(l) {
			if isBig(r) {
				return nil, errorf("cannot fit 'int' into an index-sized integer")
			}
			return nil, errorf("can't multiply sequence by non-int of type '%s'", typeName(r))
		}
	case "%":
		if ls, ok := isString(l); ok {
			if _, m := l.(markup); m {
				// Markup's __mod__ escapes the strings it formats.
				out, err := percentFormat(ls, escapeStrings(r))
				if err != nil {
					return nil, err
				}
				return markup(out.(string)), nil
			}
			return percentFormat(ls, r)
		}
	case "**":
		op = "** or pow()" // Python names the operator so
	}
	return nil, errorf("unsupported operand type(s) for %s: '%s' and '%s'", op, typeName(l), typeName(r))
}

func isStr(v any) bool { _, ok := isString(v); return ok }

func repeat(v any, n int64) (any, bool, error) {
	if n < 0 {
		n = 0
	}
	switch t := v.(type) {
	case string, markup:
		s, _ := isString(t)
		if err := checkSize(len(s) * int(min(n, maxValueSize+1))); err != nil {
			return nil, true, err
		}
		out := strings.Repeat(s, int(n))
		if _, m := t.(markup); m {
			return markup(out), true, nil
		}
		return out, true, nil
	case []any, tuple:
		items, _ := sequence(t)
		if err := checkSize(len(items) * int(min(n, maxValueSize+1))); err != nil {
			return nil, true, err
		}
		out := make([]any, 0, len(items)*int(n))
		for i := int64(0); i < n; i++ {
			out = append(out, items...)
		}
		if _, ok := t.(tuple); ok {
			return tuple(out), true, nil
		}
		return out, true, nil
	}
	return nil, false, nil
}

func isBig(v any) bool { _, ok := v.(*big.Int); return ok }

// intOp is an arithmetic operator on two int64s; results beyond int64
// go on in bigOp, as Python's ints are unbounded.
func intOp(op string, a, b int64) (any, error) {
	switch op {
	case "+":
		c := a + b
		if (c > a) != (b > 0) {
			return bigOp(op, a, b)
		}
		return c, nil
	case "-":
		c := a - b
		if (c < a) != (b > 0) {
			return bigOp(op, a, b)
		}
		return c, nil
	case "*":
		if a != 0 && b != 0 {
			c := a * b
			if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
				return bigOp(op, a, b)
			}
			return c, nil
		}
		return int64(0), nil
	case "/":
		if b == 0 {
			return nil, errorf("division by zero")
		}
		return float64(a) / float64(b), nil
	case "//":
		if b == 0 {
			return nil, errorf("integer division or modulo by zero")
		}
		if a == math.MinInt64 && b == -1 {
			return bigOp(op, a, b)
		}
		q := a / b
		if (a%b != 0) && ((a < 0) != (b < 0)) {
			q--
		}
		return q, nil
	case "%":
		if b == 0 {
			return nil, errorf("integer modulo by zero")
		}
		m := a % b
		if m != 0 && ((m < 0) != (b < 0)) {
			m += b
		}
		return m, nil
	case "**":
		if b < 0 {
			if a == 0 {
				return nil, errorf("0.0 cannot be raised to a negative power")
			}
			return math.Pow(float64(a), float64(b)), nil
		}
		result := int64(1)
		base := a
		for e := b; e > 0; e >>= 1 {
			if e&1 == 1 {
				r := result * base
				if base != 0 && r/base != result {
					return bigOp(op, a, b)
				}
				result = r
			}
			if e > 1 {
				nb := base * base
				if base != 0 && nb/base != base {
					return bigOp(op, a, b)
				}
				base = nb
			}
		}
		return result, nil
	}
	return nil, errorf("unsupported operator %s", op)
}

// bigOp is an arithmetic operator on two integers (int64 or *big.Int) when
// the result or an operand is beyond int64.
func bigOp(op string, a, b any) (any, error) {
	switch op {
	case "+":
		return data.AddInt(a, b), nil
	case "-":
		return data.SubInt(a, b), nil
	case "*":
		if data.ProductTooLarge(a, b) {
			return nil, errorf("integer too large")
		}
		return data.MulInt(a, b), nil
	case "/":
		if data.Sign(b) == 0 {
			return nil, errorf("division by zero")
		}
		f, _ := new(big.Rat).SetFrac(data.MustBigInt(a), data.MustBigInt(b)).Float64()
		if math.IsInf(f, 0) {
			return nil, errorf("integer division result too large for a float")
		}
		return f, nil
	case "//":
		if data.Sign(b) == 0 {
			return nil, errorf("integer division or modulo by zero")
		}
		return data.FloorDivInt(a, b), nil
	case "%":
		if data.Sign(b) == 0 {
			return nil, errorf("integer modulo by zero")
		}
		return data.ModInt(a, b), nil
	case "**":
		if n, ok := b.(int64); ok && n >= 0 {
			if r, ok := data.PowInt(a, n); ok {
				return r, nil
			}
		}
		if r, ok := data.PowSmallBase(a, b); ok {
			return r, nil
		}
		if data.Sign(b) >= 0 {
			return nil, errorf("integer too large")
		}
		if err := floatOverflow(a, b); err != nil {
			return nil, err
		}
		fa, _ := asFloat(a)
		fb, _ := asFloat(b)
		return floatOp(op, fa, fb)
	}
	return nil, errorf("unsupported operator %s", op)
}

func floatOp(op string, a, b float64) (any, error) {
	switch op {
	case "+":
		return a + b, nil
	case "-":
		return a - b, nil
	case "*":
		return a * b, nil
	case "/":
		if b == 0 {
			return nil, errorf("float division by zero")
		}
		return a / b, nil
	case "//":
		if b == 0 {
			return nil, errorf("float floor division by zero")
		}
		return floorDiv(a, b), nil
	case "%":
		if b == 0 {
			return nil, errorf("float modulo")
		}
		m := math.Mod(a, b)
		switch {
		case m == 0:
			m = math.Copysign(0, b) // Python's zero takes the divisor's sign
		case (m < 0) != (b < 0):
			m += b
		}
		return m, nil
	case "**":
		if a == 0 && b < 0 {
			return nil, errorf("0.0 cannot be raised to a negative power")
		}
		r := math.Pow(a, b)
		if math.IsNaN(r) && !math.IsNaN(a) && !math.IsNaN(b) {
			return nil, errorf("math domain error")
		}
		if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
			return nil, errorf("%s", floatPowOverflow)
		}
		return r, nil
	}
	return nil, errorf("unsupported operator %s", op)
}

// ---- attribute and item access (the sandbox's getattr/getitem) ----

var unsafeDunders = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`__abs__ __add__ __and__ __bool__ __ceil__ __class__ __class_getitem__
		__contains__ __delattr__ __delitem__ __dir__ __divmod__ __doc__ __eq__ __float__ __floor__
		__floordiv__ __format__ __ge__ __getattribute__ __getformat__ __getitem__ __getnewargs__
		__getstate__ __gt__ __hash__ __iadd__ __imul__ __index__ __init__ __init_subclass__ __int__
		__invert__ __ior__ __iter__ __le__ __len__ __lshift__ __lt__ __mod__ __mul__ __ne__ __neg__
		__new__ __or__ __pos__ __pow__ __radd__ __rand__ __rdivmod__ __reduce__ __reduce_ex__
		__repr__ __reversed__ __rfloordiv__ __rlshift__ __rmod__ __rmul__ __ror__ __round__ __rpow__
		__rrshift__ __rshift__ __rsub__ __rtruediv__ __rxor__ __setattr__ __setitem__ __sizeof__
		__str__ __sub__ __subclasshook__ __truediv__ __trunc__ __xor__ __globals__ __code__
		__func__ __self__ __module__ __dict__ __mro__ __subclasses__ __bases__ __base__`) {
		m[n] = true
	}
	return m
}()

func unsafeAttr(obj any, name string) *undefined {
	return undefinedHint(fmt.Sprintf("access to attribute %s of %s object is unsafe.", data.StringRepr(name), data.StringRepr(typeName(obj))))
}

// attribute returns a Python attribute of obj (methods, loop fields, ...),
// without the item fallback.
func (s *state) attribute(obj any, name string) (any, bool) {
	if unsafeDunders[name] {
		return unsafeAttr(obj, name), true
	}
	switch t := obj.(type) {
	case *loopContext:
		return t.attr(name)
	case *recursiveLoop:
		return t.attr(name)
	case *namespace:
		return t.attrs.Get(name)
	case *pyRange:
		switch name {
		case "start":
			return t.start, true
		case "stop":
			return t.stop, true
		case "step":
			return t.step, true
		}
	case groupTuple:
		switch name {
		case "grouper":
			return t[0], true
		case "list":
			return t[1], true
		}
	case int64, bool, *big.Int, float64:
		return data.NumberAttr(t, name)
	}
	if m := method(obj, name); m != nil {
		return m, true
	}
	return nil, false
}

func (s *state) getattr(obj any, name string) (any, error) {
	if u, ok := obj.(*undefined); ok {
		return nil, u.err()
	}
	if v, ok := s.attribute(obj, name); ok {
		return v, nil
	}
	if m, ok := asMap(obj); ok {
		if v, ok := m.Get(name); ok {
			return v, nil
		}
	}
	return s.undefinedAttr(obj, name), nil
}

func (s *state) getitem(obj, key any) (any, error) {
	if u, ok := obj.(*undefined); ok {
		return nil, u.err()
	}
	if u, ok := key.(*undefined); ok {
		return nil, u.err()
	}
	switch t := obj.(type) {
	case *data.Map, *ctxView:
		m, _ := asMap(t)
		if k, ok := lookupKey(m, key); ok {
			return m.Value(k), nil
		}
	case string, markup:
		if i, ok := asInt(key); ok {
			rs := []rune(fmt.Sprint(t))
			if i < 0 {
				i += int64(len(rs))
			}
			if i >= 0 && i < int64(len(rs)) {
				return string(rs[i]), nil
			}
		}
	case *view:
	default:
		if items, ok := sequence(obj); ok {
			if i, ok := asInt(key); ok {
				if i < 0 {
					i += int64(len(items))
				}
				if i >= 0 && i < int64(len(items)) {
					return items[i], nil
				}
			}
		}
	}
	if name, ok := key.(string); ok {
		if v, ok := s.attribute(obj, name); ok {
			return v, nil
		}
	}
	return s.undefinedAttr(obj, key), nil
}

func (s *state) slice(obj any, sl *sliceNode, f *frame) (any, error) {
	if u, ok := obj.(*undefined); ok {
		return nil, u.err()
	}
	var bounds [3]*int64
	for i, n := range []node{sl.start, sl.stop, sl.step} {
		if n == nil {
			continue
		}
		v, err := s.eval(n, f)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		x, ok := asInt(v)
		if b, isBig := v.(*big.Int); isBig {
			// Python clamps slice indices to the sequence: any bound
			// beyond int64 acts as one far past its end.
			x, ok = int64(1)<<62, true
			if b.Sign() < 0 {
				x = -x
			}
		}
		if !ok {
			return nil, errorf("slice indices must be integers or None or have an __index__ method")
		}
		bounds[i] = &x
	}
	var items []any
	str, isStr := isString(obj)
	if isStr {
		items = chars(str)
	} else if seq, ok := sequence(obj); ok {
		items = seq
	} else {
		return undefinedAttr(obj, "slice"), nil
	}
	out, err := sliceItems(items, bounds[0], bounds[1], bounds[2])
	if err != nil {
		return nil, err
	}
	switch obj.(type) {
	case string:
		return joinChars(out), nil
	case markup:
		return markup(joinChars(out)), nil
	case tuple:
		return tuple(out), nil
	case *pyRange:
		return sliceRange(obj.(*pyRange), bounds[0], bounds[1], bounds[2], out), nil
	}
	return out, nil
}

func joinChars(items []any) string {
	var b strings.Builder
	for _, c := range items {
		b.WriteString(c.(string))
	}
	return b.String()
}

// sliceItems is Python's seq[start:stop:step].
func sliceItems(items []any, start, stop, step *int64) ([]any, error) {
	n := int64(len(items))
	st := int64(1)
	if step != nil {
		st = *step
	}
	if st == 0 {
		return nil, errorf("slice step cannot be zero")
	}
	clamp := func(p *int64, def int64) int64 {
		if p == nil {
			return def
		}
		v := *p
		if v < 0 {
			v += n
			if v < 0 {
				if st < 0 {
					return -1
				}
				return 0
			}
		}
		if v >= n {
			if st < 0 {
				return n - 1
			}
			return n
		}
		return v
	}
	out := []any{}
	if st > 0 {
		for i := clamp(start, 0); i < clamp(stop, n); i += st {
			out = append(out, items[i])
		}
	} else {
		for i := clamp(start, n-1); i > clamp(stop, -1); i += st {
			out = append(out, items[i])
		}
	}
	return out, nil
}

// floorDiv is Python's float floor division (CPython's float_floor_div):
// inf // 1 is nan and -7 // inf is -1.0.
func floorDiv(a, b float64) float64 {
	mod := math.Mod(a, b)
	div := (a - mod) / b
	if mod != 0 && (b < 0) != (mod < 0) {
		div--
	}
	if div == 0 {
		return math.Copysign(0, a/b)
	}
	q := math.Floor(div)
	if div-q > 0.5 {
		q++
	}
	return q
}
