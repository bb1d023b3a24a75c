package yaql

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime/debug"
	"strconv"
	"unsafe"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// Limits of one evaluation. Hitting one is an evaluation error.
const (
	// maxElements bounds the collection elements produced by one evaluation.
	maxElements = 1_000_000
	// maxStringLen bounds the length of one string built by an expression.
	maxStringLen = 16 << 20
	// maxDepth bounds nested calls (recursive def() functions, deep lambdas).
	maxDepth = 2000
	// maxIntBits bounds the bits of the large integers that arithmetic
	// (+, -, *, pow, shifts) builds in one evaluation, all together: each
	// is bounded by itself, but a collection of them is not
	// (generate(1, true, $ * 101) builds ever larger ones).
	maxIntBits = 1 << 30
)

// Language is YAQL as Mistral configures it. It satisfies expr.Language.
type Language struct{}

// New returns the YAQL language.
func New() *Language { return &Language{} }

// Program is a compiled YAQL expression, immutable and safe for concurrent use.
type Program struct {
	text string
	root node
}

// String returns the expression text.
func (p *Program) String() string { return p.text }

// yaqlError is an evaluation failure carrying yaql's message. It travels as a
// panic inside the evaluator and becomes an *expr.EvalError at Eval.
type yaqlError struct {
	msg  string
	kind errKind
}

// errKind sorts the errors some functions catch, as yaql catches
// NoMatchingMethodException, NoMatchingFunctionException and IndexError.
type errKind int

const (
	errOther   errKind = iota
	errNoMatch         // no function or method takes the arguments
	errIndex           // an index out of range
)

func (e *yaqlError) Error() string { return e.msg }

func throw(msg string) { panic(&yaqlError{msg: msg}) }

func throwf(format string, args ...any) { panic(&yaqlError{msg: fmt.Sprintf(format, args...)}) }

func throwNoMatch(msg string) { panic(&yaqlError{msg: msg, kind: errNoMatch}) }

func throwNoMatchf(format string, args ...any) {
	panic(&yaqlError{msg: fmt.Sprintf(format, args...), kind: errNoMatch})
}

// state is what one evaluation shares across scopes: the caller's context
// and the limit counters.
type state struct {
	ctx      *expr.Context
	produced int
	intBits  int // of the large integers built (maxIntBits)
	depth    int
	lists    map[unsafe.Pointer]bool // Python lists (see pylist.go)
	dicts    map[*data.Map]bool      // Python dicts (see pylist.go)
}

// count charges n produced elements against the evaluation's budget.
func (st *state) count(n int) {
	st.produced += n
	if st.produced > maxElements {
		throwf("Collection length exceeds %d elements", maxElements)
	}
}

// built charges a large integer that arithmetic built against the
// evaluation's budget, and returns it.
func (st *state) built(v any) any {
	if b, ok := v.(*big.Int); ok {
		st.intBits += b.BitLen()
		if st.intBits > maxIntBits {
			throw("Expression consumed too much memory")
		}
	}
	return v
}

// Eval evaluates the program with ctx.Value() as $.
func (p *Program) Eval(ctx *expr.Context) (any, error) {
	return p.eval(ctx, false)
}

// EvalText evaluates the program and returns the str() of its result that
// Mistral puts in place of the expression inside a longer string. It is
// str() of the converted result, where dict keys keep their types ({1: 2}).
func (p *Program) EvalText(ctx *expr.Context) (string, error) {
	v, err := p.eval(ctx, true)
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// eval evaluates the program; text returns EvalText's string instead of
// the result.
func (p *Program) eval(ctx *expr.Context, text bool) (result any, err error) {
	if ctx == nil {
		ctx = &expr.Context{}
	}
	st := &state{ctx: ctx}
	defer func() {
		if r := recover(); r != nil {
			msg := ""
			switch t := r.(type) {
			case *yaqlError:
				msg = t.msg
			case error:
				msg = t.Error()
				if !errors.As(t, new(*yaqlError)) {
					msg = "internal error: " + msg + "\n" + string(debug.Stack())
				}
			default:
				msg = fmt.Sprintf("internal error: %v", r)
			}
			result, err = nil, &expr.EvalError{Lang: "yaql", Expr: p.text, Msg: msg, Data: ctx.Describe()}
		}
	}()
	root := rootScope(st, ctx.Value())
	v := p.root.eval(root)
	if text {
		return pyStrIn(finalizeFor(st, v, true), st), nil
	}
	return finalize(st, v), nil
}

// rootScope binds $ and Mistral's context variables.
func rootScope(st *state, d any) *scope {
	s := &scope{st: st}
	s.set("1", d)
	if m, ok := d.(*data.Map); ok {
		s.set("__env", m.Value("__env"))
		s.set("__execution", m.Value("__execution"))
		s.set("__task_execution", m.Value("__task_execution"))
	}
	return s
}

// finalize converts a result as yaql's output conversion and Mistral's
// sanitation do: iterators become lists, nested values are converted, and
// sets stay sets (but cannot hold lists or dicts, which are unhashable).
func finalize(st *state, v any) any { return finalizeFor(st, v, false) }

// finalizeFor is finalize; for text, the result is for printing with
// pyStrIn: dicts keep their stored keys and every list is a Python list.
func finalizeFor(st *state, v any, text bool) any {
	finalize := func(st *state, v any) any { return finalizeFor(st, v, text) }
	switch t := v.(type) {
	case nil, bool, int64, float64, string, *big.Int:
		return v
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = finalize(st, e)
		}
		if text {
			return st.markList(out)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			if !text {
				k = outputKey(k)
			}
			out.Set(k, finalize(st, e))
			return true
		})
		return out
	case *Set:
		out := newSet(len(t.items))
		out.output = true
		for _, e := range t.items {
			c := finalize(st, e)
			switch c.(type) {
			case []any:
				throw("unhashable type: 'list'")
			case *data.Map:
				throw("unhashable type: 'dict'")
			}
			out.add(c)
		}
		// set(frozenset): the members are added to a new table in the
		// frozenset's order.
		if t := pyTableOf(out.items); t != nil {
			out.items = t.order()
		}
		return out
	case *iterator:
		var out []any
		for {
			e, ok := t.next()
			if !ok {
				break
			}
			out = append(out, finalize(st, e))
		}
		if out == nil {
			out = []any{}
		}
		if text {
			return st.markList(out)
		}
		return out
	case *ordered:
		return finalize(st, t.items)
	case *valuesView:
		return finalize(st, t.items)
	}
	return v
}

// scope is a yaql context: variables ($name) and functions defined with
// def(), chained to the scope it was created in.
type scope struct {
	parent *scope
	st     *state
	vars   []binding
	funcs  []funcDef
	inline [1]binding // storage for the common one-argument lambda call
}

type binding struct {
	name string
	v    any
}

type funcDef struct {
	name string
	body *lambda
}

func (s *scope) child() *scope { return &scope{parent: s, st: s.st} }

func (s *scope) set(name string, v any) {
	for i := range s.vars {
		if s.vars[i].name == name {
			s.vars[i].v = v
			return
		}
	}
	s.vars = append(s.vars, binding{name, v})
}

// get returns the variable's value, or nil when no scope defines it.
func (s *scope) get(name string) any {
	for c := s; c != nil; c = c.parent {
		for i := range c.vars {
			if c.vars[i].name == name {
				return c.vars[i].v
			}
		}
	}
	return nil
}

func (s *scope) userFunc(name string) *lambda {
	for c := s; c != nil; c = c.parent {
		for i := len(c.funcs) - 1; i >= 0; i-- {
			if c.funcs[i].name == name {
				return c.funcs[i].body
			}
		}
	}
	return nil
}

// lambda is an unevaluated argument: evaluated later, possibly many times,
// in a child of the scope it was written in, with $1.. (and $) bound to the
// call's arguments.
type lambda struct {
	n node
	s *scope
}

func (l *lambda) call(args ...any) any {
	st := l.s.st
	st.depth++
	if st.depth > maxDepth {
		throw("maximum recursion depth exceeded")
	}
	c := &scope{parent: l.s, st: st}
	if len(args) == 1 {
		c.inline[0] = binding{"1", args[0]}
		c.vars = c.inline[:1]
	} else if len(args) > 0 {
		c.vars = make([]binding, len(args))
		for i, a := range args {
			c.vars[i] = binding{argName(i + 1), a}
		}
	}
	v := l.n.eval(c)
	st.depth--
	return v
}

// callKw calls the lambda with named arguments as $name.
func (l *lambda) callKw(args []any, kw map[string]any) any {
	if len(kw) == 0 {
		return l.call(args...)
	}
	st := l.s.st
	c := &scope{parent: l.s, st: st}
	for i, a := range args {
		c.set(argName(i+1), a)
	}
	for k, v := range kw {
		c.set(k, v)
	}
	st.depth++
	if st.depth > maxDepth {
		throw("maximum recursion depth exceeded")
	}
	v := l.n.eval(c)
	st.depth--
	return v
}

var smallArgNames = [...]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

func argName(i int) string {
	if i < len(smallArgNames) {
		return smallArgNames[i]
	}
	return strconv.Itoa(i)
}

// ---- node evaluation ----

func (n *constNode) eval(*scope) any   { return n.v }
func (n *keywordNode) eval(*scope) any { return n.name }
func (n *varNode) eval(s *scope) any   { return s.get(n.name) }
func (n *parenNode) eval(s *scope) any { return n.x.eval(s) }
func (emptyNode) eval(*scope) any {
	throwNoMatch("No function \"#list\" matches supplied arguments")
	return nil
}

func (n *mappingNode) eval(*scope) any {
	throwNoMatch("No function \"#list\" matches supplied arguments")
	return nil
}

func (n *listNode) eval(s *scope) any {
	out := make([]any, len(n.items))
	for i, it := range n.items {
		switch it.(type) {
		case *mappingNode, emptyNode:
			throwNoMatch("No function \"#list\" matches supplied arguments")
		}
		out[i] = it.eval(s)
	}
	s.st.count(len(out))
	return out
}

func (n *mapNode) eval(s *scope) any {
	m := data.NewMap(len(n.items))
	for _, it := range n.items {
		mn, ok := it.(*mappingNode)
		if !ok {
			throwNoMatch("No function \"#map\" matches supplied arguments")
		}
		k := mn.key.eval(s)
		m.Set(keyFor(m, k), mn.val.eval(s))
	}
	s.st.count(m.Len())
	return m
}

func (n *callNode) eval(s *scope) any {
	if l := s.userFunc(n.name); l != nil {
		args, kw := evalPlainArgs(s, n.args)
		return l.callKw(args, kw)
	}
	return callFunction(s, n.name, n.args)
}

// evalPlainArgs evaluates arguments for a def() function: positional values
// and name => value pairs.
func evalPlainArgs(s *scope, nodes []node) ([]any, map[string]any) {
	var args []any
	var kw map[string]any
	for _, a := range nodes {
		if m, ok := a.(*mappingNode); ok {
			k, ok := m.key.(*keywordNode)
			if !ok {
				throw("Cannot convert mapping to keyword argument")
			}
			if kw == nil {
				kw = map[string]any{}
			}
			kw[k.name] = m.val.eval(s)
			continue
		}
		args = append(args, a.eval(s))
	}
	return args, kw
}

func (n *dotNode) eval(s *scope) any {
	left := n.left.eval(s)
	if n.elvis && left == nil {
		return nil
	}
	switch r := n.right.(type) {
	case *callNode:
		return callMethod(s, r.name, left, r.args)
	case *keywordNode:
		return property(s, left, r.name)
	}
	throwNoMatch("No function \"#operator_.\" matches supplied arguments")
	return nil
}

// property is left.name: a dict key, the key over a collection of dicts, or
// a datetime/timespan property.
func property(s *scope, left any, name string) any {
	switch t := left.(type) {
	case *data.Map:
		v, ok := t.Get(name)
		if !ok {
			throw(data.StringRepr(name))
		}
		return v
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = property(s, e, name)
		}
		s.st.count(len(out))
		return out
	case *Set:
		out := make([]any, len(t.items))
		for i, e := range t.items {
			out[i] = property(s, e, name)
		}
		return out
	case *iterator:
		return mapIter(s.st, t, func(e any) any { return property(s, e, name) })
	case *ordered:
		return property(s, t.items, name)
	case *valuesView:
		return property(s, t.items, name)
	case dateTime:
		if v, ok := t.property(name); ok {
			return v
		}
	case timeSpan:
		if v, ok := t.property(name); ok {
			return v
		}
	}
	throwf("Unknown function \"#property#%s\"", name)
	return nil
}

func (n *arrowNode) eval(s *scope) any {
	ctx, ok := n.l.eval(s).(*scope)
	if !ok {
		throwNoMatch("No function \"#operator_->\" matches supplied arguments")
	}
	return n.r.eval(ctx)
}

func (n *unaryNode) eval(s *scope) any {
	x := n.x.eval(s)
	switch n.op {
	case "not":
		return !truthy(x)
	case "-":
		switch t := x.(type) {
		case int64:
			if t == math.MinInt64 {
				return data.NegInt(x)
			}
			return -t
		case *big.Int:
			return s.st.built(data.NegInt(x))
		case float64:
			return -t
		case timeSpan:
			return -t
		}
	case "+":
		switch x.(type) {
		case int64, float64, timeSpan, *big.Int:
			return x
		}
	}
	throwNoMatchf("No function \"#unary_operator_%s\" matches supplied arguments", n.op)
	return nil
}

func (n *indexNode) eval(s *scope) any {
	x := n.x.eval(s)
	args := make([]any, len(n.args))
	for i, a := range n.args {
		if _, ok := a.(*mappingNode); ok {
			throwNoMatch("No function \"#indexer\" matches supplied arguments")
		}
		args[i] = a.eval(s)
	}
	switch t := x.(type) {
	case []any:
		if len(args) == 1 {
			if i, ok := args[0].(int64); ok {
				if i < 0 {
					i += int64(len(t))
				}
				if i < 0 || i >= int64(len(t)) {
					panic(&yaqlError{msg: s.st.seqName(t) + " index out of range", kind: errIndex})
				}
				return t[i]
			}
			if _, ok := args[0].(*big.Int); ok {
				throw(noIndexSize)
			}
		}
	case *data.Map:
		switch len(args) {
		case 1:
			k, ok := findKey(t, args[0])
			v := t.Value(k)
			if !ok {
				throw(keyErrorText(args[0]))
			}
			return v
		case 2:
			if k, ok := findKey(t, args[0]); ok {
				return t.Value(k)
			}
			return args[1]
		}
	}
	throwNoMatch("No function \"#indexer\" matches supplied arguments")
	return nil
}

// keyErrorText is str(KeyError(k)): the repr of the key.
func keyErrorText(k any) string { return pyRepr(k) }

func (n *binNode) eval(s *scope) any {
	switch n.op {
	case "and":
		l := n.l.eval(s)
		if !truthy(l) {
			return l
		}
		return n.r.eval(s)
	case "or":
		l := n.l.eval(s)
		if truthy(l) {
			return l
		}
		return n.r.eval(s)
	}
	l := n.l.eval(s)
	r := n.r.eval(s)
	return binary(s.st, n.op, l, r)
}
