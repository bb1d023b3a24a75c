package yaql

import (
	"slices"

	"github.com/tramontane/tramontane/engine/data"
)

// check is a parameter's type test on an evaluated value; nil accepts
// anything, null included.
type check func(any) bool

// param describes one parameter of a library function.
type param struct {
	name     string
	check    check
	lazy     bool // passed unevaluated, as a *lambda
	keyword  bool // must be a bare identifier; the value is its name
	rule     bool // a `key => value` pair, passed as *rule
	optional bool
	def      any
	kwOnly   bool // only by name
	variadic bool // *args: all remaining positional arguments
}

// overload is one implementation of a yaql function name.
type overload struct {
	method, function bool
	params           []param
	kwargs           bool // accepts other name => value arguments (**kwargs)
	noKwargs         bool // name => value pairs stay positional (switch, dict)
	fn               func(c *call) any
}

// rule is an evaluated (or, with lazy parts, unevaluated) `key => value`.
type rule struct {
	key, val any
}

// call is what an implementation receives: the bound arguments in
// parameter order, the variadic rest and extra named arguments.
type call struct {
	s    *scope
	st   *state
	name string
	a    []any
	rest []any
	kw   map[string]any
}

func (c *call) lambda(i int) *lambda {
	l, _ := c.a[i].(*lambda)
	return l
}

func (c *call) int(i int) int64 {
	n, _ := c.a[i].(int64)
	return n
}

func (c *call) str(i int) string {
	s, _ := c.a[i].(string)
	return s
}

// library is the table of functions by name. It is built once and never
// modified afterwards.
type library map[string][]*overload

// stdlib is built once at start-up (init breaks the reference cycle
// between the table and the functions that dispatch through it).
var stdlib library

func init() { stdlib = buildLibrary() }

func buildLibrary() library {
	l := library{}
	registerSystem(l)
	registerStrings(l)
	registerMath(l)
	registerCollections(l)
	registerQueries(l)
	registerRegex(l)
	registerDatetime(l)
	registerMistral(l)
	return l
}

func (l library) add(name string, o *overload) { l[name] = append(l[name], o) }

// fn registers a function-only overload, meth a method-only one, ext one
// usable both ways.
func (l library) fn(name string, f func(*call) any, ps ...param) *overload {
	o := &overload{function: true, params: ps, fn: f}
	l.add(name, o)
	return o
}

func (l library) meth(name string, f func(*call) any, ps ...param) *overload {
	o := &overload{method: true, params: ps, fn: f}
	l.add(name, o)
	return o
}

func (l library) ext(name string, f func(*call) any, ps ...param) *overload {
	o := &overload{method: true, function: true, params: ps, fn: f}
	l.add(name, o)
	return o
}

// Parameter constructors.
func p(name string, c check) param { return param{name: name, check: c} }
func opt(name string, c check, def any) param {
	return param{name: name, check: c, optional: true, def: def}
}
func lz(name string) param          { return param{name: name, lazy: true} }
func optLz(name string) param       { return param{name: name, lazy: true, optional: true} }
func kwd(name string) param         { return param{name: name, keyword: true} }
func va(name string, c check) param { return param{name: name, check: c, variadic: true} }
func vaLz(name string) param        { return param{name: name, lazy: true, variadic: true} }
func kwOpt(name string, c check, def any) param {
	return param{name: name, check: c, optional: true, def: def, kwOnly: true}
}
func kwOptLz(name string) param { return param{name: name, lazy: true, optional: true, kwOnly: true} }
func vaRule(name string, lazy bool) param {
	return param{name: name, rule: true, lazy: lazy, variadic: true}
}
func noDefault() any { return noValue{} }

// noValue marks "argument not given" where nil would be a valid value.
type noValue struct{}

// Type checks.
func anyNN(v any) bool { return v != nil }
func isInt(v any) bool { _, ok := v.(int64); return ok }

// isInteger accepts any Python int (int64 or *big.Int), for functions
// that compute with it rather than use it as a size or an index.
func isInteger(v any) bool { return data.IsInt(v) }
func isStr(v any) bool     { _, ok := v.(string); return ok }
func isBool(v any) bool    { _, ok := v.(bool); return ok }
func isMap(v any) bool     { _, ok := v.(*data.Map); return ok }
func isSetV(v any) bool    { _, ok := v.(*Set); return ok }
func isSeq(v any) bool     { _, ok := v.([]any); return ok }
func isNumV(v any) bool    { return isNum(v) }
func isCtx(v any) bool     { _, ok := v.(*scope); return ok }
func isIterV(v any) bool   { return isIterable(v) }
func isRegex(v any) bool   { _, ok := v.(*regexValue); return ok }
func isDT(v any) bool      { _, ok := v.(dateTime); return ok }
func isTS(v any) bool      { _, ok := v.(timeSpan); return ok }
func isIterOnly(v any) bool {
	_, ok := v.(*iterator)
	return ok
}

// orNull makes a check nullable.
func orNull(c check) check { return func(v any) bool { return v == nil || c(v) } }

// argList is a call's arguments before binding: the receiver (for methods)
// and the argument nodes, each evaluated at most once.
type argList struct {
	s       *scope
	recv    any
	hasRecv bool
	nodes   []node
	vals    []any
	done    []bool
	// shape makes bind judge an overload as yaql's map_args does before
	// any argument is evaluated: by the number and names of the
	// arguments and the values already known (the receiver, literals).
	// The arguments it would evaluate are collected in eager.
	shape bool
	eager []int
}

func (a *argList) value(i int) any {
	if a.vals == nil {
		a.vals = make([]any, len(a.nodes))
		a.done = make([]bool, len(a.nodes))
	}
	if !a.done[i] {
		n := a.nodes[i]
		if m, ok := n.(*mappingNode); ok {
			n = m.val // a named argument
		}
		a.vals[i] = n.eval(a.s)
		a.done[i] = true
	}
	return a.vals[i]
}

// source is one positional argument: the receiver or a node index.
type source struct {
	recv  bool
	idx   int
	named bool // idx is a name => value node; the value is the argument
	// value is set for values given directly (call())
	direct bool
	v      any
}

// bind matches the arguments against an overload and evaluates them. It
// returns nil when the overload does not accept them.
func bind(o *overload, name string, a *argList) *call {
	var pos []source
	var named map[string]int // name -> node index
	if a.hasRecv {
		pos = append(pos, source{recv: true})
	}
	for i, n := range a.nodes {
		if m, ok := n.(*mappingNode); ok && !o.noKwargs {
			k, ok := m.key.(*keywordNode)
			if !ok {
				throw("Cannot convert mapping to keyword argument")
			}
			if named == nil {
				named = map[string]int{}
			}
			if _, dup := named[k.name]; dup {
				throw("Cannot convert mapping to keyword argument")
			}
			named[k.name] = i
			continue
		}
		pos = append(pos, source{idx: i})
	}
	// First match the arguments to the parameters by position and name
	// only, as yaql does before it evaluates any of them: a call with too
	// many or too few arguments evaluates none.
	var buf [8]source
	plan := buf[:0] // per parameter; idx -1 is the default, and for the variadic one the first position
	usedNamed := 0
	pi := 0
	for _, prm := range o.params {
		if prm.variadic {
			plan = append(plan, source{idx: pi})
			pi = len(pos)
			continue
		}
		if !prm.kwOnly && pi < len(pos) && !isEmpty(pos[pi], a) {
			if _, dup := named[prm.name]; dup {
				return nil
			}
			plan = append(plan, pos[pi])
			pi++
			continue
		}
		if !prm.kwOnly && pi < len(pos) {
			pi++ // an omitted argument: fall back to the name or the default
		}
		if idx, ok := named[prm.name]; ok {
			plan = append(plan, source{idx: idx, named: true})
			usedNamed++
			continue
		}
		if !prm.optional {
			return nil
		}
		plan = append(plan, source{idx: -1})
	}
	if pi < len(pos) || (usedNamed < len(named) && !o.kwargs) {
		return nil
	}
	c := &call{s: a.s, st: a.s.st, name: name, a: make([]any, 0, len(o.params))}
	for i, prm := range o.params {
		src := plan[i]
		switch {
		case prm.variadic:
			for _, vs := range pos[src.idx:] {
				v, ok := resolve(prm, vs, a)
				if !ok {
					return nil
				}
				c.rest = append(c.rest, v)
			}
		case !src.recv && !src.direct && src.idx < 0:
			c.a = append(c.a, prm.def)
		default:
			v, ok := resolve(prm, src, a)
			if !ok {
				return nil
			}
			c.a = append(c.a, v)
		}
	}
	if usedNamed < len(named) {
		c.kw = map[string]any{}
		for k, idx := range named {
			if isParam(o, k) {
				continue
			}
			if a.shape {
				a.eager = append(a.eager, idx)
				continue
			}
			m := a.nodes[idx].(*mappingNode)
			c.kw[k] = m.val.eval(a.s)
		}
	}
	return c
}

func isParam(o *overload, name string) bool {
	for _, p := range o.params {
		if p.name == name && !p.variadic {
			return true
		}
	}
	return false
}

func isEmpty(src source, a *argList) bool {
	if src.recv || src.direct {
		return false
	}
	_, ok := a.nodes[src.idx].(emptyNode)
	return ok
}

// resolve produces a parameter's value from its source and checks its type.
func resolve(prm param, src source, a *argList) (any, bool) {
	if src.recv {
		if prm.lazy || prm.keyword || prm.rule {
			return nil, false
		}
		return a.recv, prm.check == nil || prm.check(a.recv)
	}
	if src.direct {
		if prm.lazy {
			return &lambda{n: &constNode{src.v}, s: a.s}, true
		}
		return src.v, prm.check == nil || prm.check(src.v)
	}
	n := a.nodes[src.idx]
	if m, ok := n.(*mappingNode); ok && src.named {
		n = m.val
	} else if ok {
		if !prm.rule {
			return nil, false
		}
		if prm.lazy {
			return &rule{key: &lambda{n: m.key, s: a.s}, val: &lambda{n: m.val, s: a.s}}, true
		}
		if a.shape {
			a.eager = append(a.eager, src.idx)
			return nil, true
		}
		return &rule{key: m.key.eval(a.s), val: m.val.eval(a.s)}, true
	}
	switch {
	case prm.rule:
		// A `key => value` pair not given as one: yaql would still
		// evaluate it (a rule that is not lazy is a plain Python type
		// there) before finding it is no pair.
		if _, ok := n.(*constNode); !ok && a.shape && !prm.lazy {
			a.eager = append(a.eager, src.idx)
			return nil, true
		}
		return nil, false
	case prm.keyword:
		k, ok := n.(*keywordNode)
		if !ok {
			return nil, false
		}
		return k.name, true
	case prm.lazy:
		if m, ok := n.(*mappingNode); ok {
			_ = m
			return nil, false
		}
		return &lambda{n: n, s: a.s}, true
	}
	if a.shape {
		k, ok := n.(*constNode)
		if !ok {
			a.eager = append(a.eager, src.idx)
			return nil, true
		}
		return nil, prm.check == nil || prm.check(k.v)
	}
	v := a.value(src.idx)
	if _, ok := v.(noValue); ok {
		return nil, false
	}
	return v, prm.check == nil || prm.check(v)
}

// callFunction calls name(args) in function form.
func callFunction(s *scope, name string, nodes []node) any {
	ovs := stdlib[name]
	a := &argList{s: s, nodes: nodes}
	found := false
	for _, o := range ovs {
		if !o.function {
			continue
		}
		found = true
		if c := bind(o, name, a); c != nil {
			return invoke(o, c)
		}
	}
	if !found {
		throwf("Unknown function \"%s\"", name)
	}
	evalBeforeNoMatch(ovs, false, name, a)
	throwNoMatchf("No function \"%s\" matches supplied arguments", name)
	return nil
}

// callMethod calls recv.name(args).
func callMethod(s *scope, name string, recv any, nodes []node) any {
	ovs := stdlib[name]
	a := &argList{s: s, recv: recv, hasRecv: true, nodes: nodes}
	found := false
	for _, o := range ovs {
		if !o.method {
			continue
		}
		found = true
		if c := bind(o, name, a); c != nil {
			return invoke(o, c)
		}
	}
	if !found {
		throwf("Unknown method \"%s\" for receiver %s", name, pyStrIn(recv, s.st))
	}
	evalBeforeNoMatch(ovs, true, name, a)
	throwNoMatchf("No method \"%s\" for receiver %s matches supplied arguments", name, pyStrIn(recv, s.st))
	return nil
}

// evalBeforeNoMatch runs when no overload took the arguments. yaql
// evaluates a call's arguments once some overload fits their number,
// names and known values, and only then checks the types of the results;
// an argument that fails therefore reports its own error rather than "no
// match". The arguments are evaluated as yaql does: positional ones in
// order, then named ones. Values already computed are not recomputed.
func evalBeforeNoMatch(ovs []*overload, method bool, name string, a *argList) {
	for _, o := range ovs {
		if (method && !o.method) || (!method && !o.function) {
			continue
		}
		a.shape, a.eager = true, a.eager[:0]
		c := bind(o, name, a)
		a.shape = false
		if c == nil {
			continue
		}
		for _, named := range []bool{false, true} {
			for _, i := range a.eager {
				if _, ok := a.nodes[i].(*mappingNode); ok == named {
					a.value(i)
				}
			}
		}
		return
	}
}

// callValues calls a function by name with evaluated arguments (call()).
func callValues(s *scope, name string, args []any, kw *data.Map) any {
	nodes := make([]node, 0, len(args)+kw.Len())
	for _, v := range args {
		nodes = append(nodes, &constNode{v})
	}
	kw.Range(func(k string, v any) bool {
		nodes = append(nodes, &mappingNode{key: &keywordNode{k}, val: &constNode{v}})
		return true
	})
	if l := s.userFunc(name); l != nil {
		pa, pk := evalPlainArgs(s, nodes)
		return l.callKw(pa, pk)
	}
	if n := operatorNode(name, args, kw); n != nil {
		return n.eval(s)
	}
	return callFunction(s, name, nodes)
}

// binaryOperators are the operators yaql registers as functions named
// "#operator_<op>", which call() reaches by that name; = and != are
// "*equal" and "*not_equal" there. The member access operators (., ?.,
// ->) take their right side unevaluated and are not reachable this way.
var binaryOperators = map[string]string{
	"#operator_+": "+", "#operator_-": "-", "#operator_*": "*", "#operator_/": "/",
	"#operator_mod": "mod", "#operator_<": "<", "#operator_>": ">", "#operator_<=": "<=",
	"#operator_>=": ">=", "#operator_in": "in", "#operator_=~": "=~", "#operator_!~": "!~",
	"#operator_and": "and", "#operator_or": "or", "*equal": "=", "*not_equal": "!=",
}

var unaryOperators = map[string]string{
	"#unary_operator_+": "+", "#unary_operator_-": "-", "#unary_operator_not": "not",
}

// operatorNode is the expression call(name, args, kwargs) stands for when
// name is an operator's function name, or nil when it is not one. Wrong
// arguments are yaql's "No function ... matches supplied arguments".
func operatorNode(name string, args []any, kw *data.Map) node {
	binOp, isBin := binaryOperators[name]
	unOp, isUn := unaryOperators[name]
	switch {
	case isBin:
		v := operands(name, args, kw, "left", "right")
		return &binNode{op: binOp, l: &constNode{v[0]}, r: &constNode{v[1]}}
	case isUn:
		param := "op"
		if unOp == "not" {
			param = "arg"
		}
		v := operands(name, args, kw, param)
		return &unaryNode{op: unOp, x: &constNode{v[0]}}
	case name == "#indexer":
		if kw.Len() > 0 || len(args) < 2 || len(args) > 3 {
			throwNoMatchf("No function \"%s\" matches supplied arguments", name)
		}
		idx := make([]node, len(args)-1)
		for i, v := range args[1:] {
			idx[i] = &constNode{v}
		}
		return &indexNode{x: &constNode{args[0]}, args: idx}
	case name == "#list":
		if kw.Len() > 0 {
			throwNoMatchf("No function \"%s\" matches supplied arguments", name)
		}
		items := make([]node, len(args))
		for i, v := range args {
			items[i] = &constNode{v}
		}
		return &listNode{items: items}
	}
	return nil
}

// operands binds an operator's arguments, given by position or by the
// names of its parameters, as a Python call would.
func operands(name string, args []any, kw *data.Map, params ...string) []any {
	out := make([]any, len(params))
	given := make([]bool, len(params))
	if len(args) > len(params) {
		throwNoMatchf("No function \"%s\" matches supplied arguments", name)
	}
	for i, v := range args {
		out[i], given[i] = v, true
	}
	kw.Range(func(k string, v any) bool {
		i := slices.Index(params, k)
		if i < 0 || given[i] {
			throwNoMatchf("No function \"%s\" matches supplied arguments", name)
		}
		out[i], given[i] = v, true
		return true
	})
	if slices.Contains(given, false) {
		throwNoMatchf("No function \"%s\" matches supplied arguments", name)
	}
	return out
}

func invoke(o *overload, c *call) any {
	st := c.st
	st.depth++
	if st.depth > maxDepth {
		throw("maximum recursion depth exceeded")
	}
	v := o.fn(c)
	st.depth--
	return v
}
