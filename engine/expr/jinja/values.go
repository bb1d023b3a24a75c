package jinja

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// Besides the engine/data model, Jinja evaluation uses these values. All of
// them implement data.Foreign so that data.Repr and data.Str print them as
// Python does; results are converted back to the plain model (plain) before
// they leave the package.

// tuple is a Python tuple.
type tuple []any

func (t tuple) JSONValue() any     { return plain(t) }
func (t tuple) PythonRepr() string { return tupleRepr(t) }
func (t tuple) PythonStr() string  { return tupleRepr(t) }
func (t tuple) Truthy() bool       { return len(t) > 0 }

func tupleRepr(t []any) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, e := range t {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(repr(e))
	}
	if len(t) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// groupTuple is the (grouper, list) named tuple groupby yields.
type groupTuple tuple

func (t groupTuple) JSONValue() any     { return plain(tuple(t)) }
func (t groupTuple) PythonRepr() string { return tupleRepr(t) }
func (t groupTuple) PythonStr() string  { return tupleRepr(t) }
func (t groupTuple) Truthy() bool       { return true }

// markup is markupsafe.Markup, what tojson, safe and escape return.
type markup string

func (m markup) JSONValue() any     { return string(m) }
func (m markup) PythonRepr() string { return "Markup(" + data.StringRepr(string(m)) + ")" }
func (m markup) PythonStr() string  { return string(m) }
func (m markup) Truthy() bool       { return m != "" }

// view is a dict view (dict_keys, dict_values, dict_items).
type view struct {
	kind  string
	items []any
}

func (v *view) JSONValue() any     { return plain(v.items) }
func (v *view) PythonRepr() string { return v.kind + "(" + data.Repr(v.items) + ")" }
func (v *view) PythonStr() string  { return v.PythonRepr() }
func (v *view) Truthy() bool       { return len(v.items) > 0 }

// ctxView is `_` when the expression's data is Mistral's ContextView (the
// context has a View): a dict subclass that keeps its layers aside and
// leaves its own dict storage empty. What its methods serve reads the
// layers: attribute and item lookup, get, keys, items, values, `in` and
// len. What Python does through the dict storage sees an empty dict:
// iteration (for loops and the filters that iterate), ==, copy(), dict()
// and the C JSON encoder of tojson. str() and repr() print the layers.
type ctxView struct {
	m      *data.Map    // the layers, flattened
	layers fmt.Stringer // prints the view as Mistral's __repr__ does
}

func (v *ctxView) JSONValue() any     { return plain(v.m) }
func (v *ctxView) PythonRepr() string { return v.layers.String() }
func (v *ctxView) PythonStr() string  { return v.PythonRepr() }
func (v *ctxView) Truthy() bool       { return v.m.Len() > 0 }

// asMap returns the dict that lookups read in v: v itself, or the layers
// of the context view.
func asMap(v any) (*data.Map, bool) {
	switch t := v.(type) {
	case *data.Map:
		return t, true
	case *ctxView:
		return t.m, true
	}
	return nil, false
}

// generator is a one-shot lazy sequence: what Python's map, select,
// reject, selectattr, rejectattr and reverse filters return. Consumers
// drain it through iterate, so a second use sees it empty; first takes one
// element only, so a later element that would fail is never evaluated. It
// has no len() and is not equal to any list.
type generator struct {
	kind string // Python's type name
	next func() (any, bool, error)
	done bool
}

// pull returns the next element, or false when the generator is exhausted.
func (g *generator) pull() (any, bool, error) {
	if g.done {
		return nil, false, nil
	}
	v, ok, err := g.next()
	if err != nil || !ok {
		g.done = true
	}
	return v, ok, err
}

// drain returns the elements that are left.
func (g *generator) drain() ([]any, error) {
	out := []any{}
	for {
		v, ok, err := g.pull()
		if err != nil || !ok {
			return out, err
		}
		out = append(out, v)
	}
}

func (g *generator) JSONValue() any {
	items, _ := g.drain()
	return plain(items)
}
func (g *generator) PythonRepr() string { return "<" + g.kind + " object>" }
func (g *generator) PythonStr() string  { return g.PythonRepr() }
func (g *generator) Truthy() bool       { return true }

// sliceGen returns a generator over items, each passed through fn; fn
// returns false to skip an element.
func sliceGen(kind string, items []any, fn func(any) (any, bool, error)) *generator {
	i := 0
	return genOf(kind, func() (any, bool, error) {
		if i >= len(items) {
			return nil, false, nil
		}
		i++
		return items[i-1], true, nil
	}, fn)
}

// lazyOver returns a generator over the iterable v, each element passed
// through fn; a generator v is pulled one element at a time.
func lazyOver(kind string, v any, fn func(any) (any, bool, error)) (*generator, error) {
	if g, ok := v.(*generator); ok {
		return genOf(kind, g.pull, fn), nil
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	return sliceGen(kind, items, fn), nil
}

func genOf(kind string, src func() (any, bool, error), fn func(any) (any, bool, error)) *generator {
	return &generator{kind: kind, next: func() (any, bool, error) {
		for {
			it, ok, err := src()
			if err != nil || !ok {
				return nil, false, err
			}
			v, keep, err := fn(it)
			if err != nil {
				return nil, false, err
			}
			if keep {
				return v, true, nil
			}
		}
	}}
}

// undefined is Jinja's StrictUndefined: any use of it is an error.
type undefined struct {
	lenient bool // Jinja's plain Undefined: prints as "", iterates as empty
	hint    string
	hasObj  bool
	obj     any
	objType string // the Python type of obj when objectTypeRepr cannot tell it
	name    any
	message string
}

func (u *undefined) JSONValue() any     { return nil }
func (u *undefined) PythonRepr() string { return "Undefined" }
func (u *undefined) PythonStr() string  { return "Undefined" }
func (u *undefined) Truthy() bool       { return false }

// pythonType is the class Python sees: Jinja's plain Undefined or the
// StrictUndefined Mistral configures.
func (u *undefined) pythonType() string {
	if u.lenient {
		return "Undefined"
	}
	return "StrictUndefined"
}

// findValue returns the first value in v or in the lists, tuples and
// dicts v holds for which match is true, or nil. JSON encoders meet the
// values they cannot encode there.
func findValue(v any, match func(any) bool) any {
	if match(v) {
		return v
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if f := findValue(e, match); f != nil {
				return f
			}
		}
	case tuple:
		return findValue([]any(t), match)
	case *data.Map:
		for _, k := range t.Keys() {
			if f := findValue(t.Value(k), match); f != nil {
				return f
			}
		}
	}
	return nil
}

// findUndefined returns the first undefined value in v or in the lists,
// tuples and dicts v holds, or nil.
func findUndefined(v any) *undefined {
	u, _ := findValue(v, func(e any) bool { _, ok := e.(*undefined); return ok }).(*undefined)
	return u
}

// err is the UndefinedError raised when the value is used.
func (u *undefined) err() error {
	if u.hint != "" {
		return &evalErr{msg: u.hint}
	}
	if !u.hasObj {
		return &evalErr{msg: fmt.Sprintf("%s is undefined", repr(u.name))}
	}
	objType := u.objType
	if objType == "" {
		objType = objectTypeRepr(u.obj)
	}
	if _, ok := u.name.(string); !ok {
		return &evalErr{msg: fmt.Sprintf("%s has no element %s", objType, repr(u.name))}
	}
	return &evalErr{msg: fmt.Sprintf("%s has no attribute %s", data.StringRepr(objType), repr(u.name))}
}

func undefinedName(name string) *undefined { return &undefined{name: name} }
func undefinedAttr(obj any, name any) *undefined {
	return &undefined{hasObj: true, obj: obj, name: name}
}
func undefinedHint(hint string) *undefined { return &undefined{hint: hint} }

// strict returns the undefined as an error unless it is lenient.
func strictErr(v any) error {
	if u, ok := v.(*undefined); ok && !u.lenient {
		return u.err()
	}
	return nil
}

// callable is a function value: a global, a bound method, loop.cycle, ...
type callable struct {
	name string
	recv string // the receiver's type name for a bound method
	fn   func(s *state, a *args) (any, error)
}

func (c *callable) JSONValue() any { return c.PythonStr() }
func (c *callable) PythonRepr() string {
	if c.recv != "" {
		return "<built-in method " + c.name + " of " + c.recv + " object>"
	}
	return "<function " + c.name + ">"
}
func (c *callable) PythonStr() string { return c.PythonRepr() }
func (c *callable) Truthy() bool      { return true }

// namespace is the object created by namespace(); its attributes can be
// assigned with {% set ns.attr = ... %}.
type namespace struct{ attrs *data.Map }

func (n *namespace) JSONValue() any     { return plain(n.attrs) }
func (n *namespace) PythonRepr() string { return "<Namespace " + data.Repr(n.attrs) + ">" }
func (n *namespace) PythonStr() string  { return n.PythonRepr() }
func (n *namespace) Truthy() bool       { return true }

// evalErr is a run-time error with Python's/Jinja's message.
type evalErr struct{ msg string }

func (e *evalErr) Error() string { return e.msg }

func errorf(format string, a ...any) error { return &evalErr{msg: fmt.Sprintf(format, a...)} }

// typeName is Python's type(v).__name__.
func typeName(v any) string {
	switch t := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case *data.Map:
		return "dict"
	case *ctxView:
		return "ContextView"
	case tuple:
		return "tuple"
	case *pyRange:
		return "range"
	case groupTuple:
		return "_GroupTuple"
	case markup:
		return "Markup"
	case *view:
		return t.kind
	case *generator:
		return t.kind
	case *undefined:
		return t.pythonType()
	case *callable:
		if t.recv == "" {
			return "function"
		}
		return "builtin_function_or_method"
	case *namespace:
		return "Namespace"
	case *loopContext:
		return "LoopContext"
	}
	return fmt.Sprintf("%T", v)
}

// objectTypeRepr is Jinja's object_type_repr, used in undefined messages.
func objectTypeRepr(v any) string {
	switch v.(type) {
	case nil:
		return "None"
	case markup:
		return "markupsafe.Markup object"
	case *undefined:
		return "jinja2.runtime.StrictUndefined object"
	case *loopContext:
		return "jinja2.runtime.LoopContext object"
	case *namespace:
		return "jinja2.utils.Namespace object"
	case *ctxView:
		return "mistral.workflow.data_flow.ContextView object"
	}
	return typeName(v) + " object"
}

// repr and str print values as Python does.
func repr(v any) string { return data.Repr(v) }

func str(v any) (string, error) {
	if u, ok := v.(*undefined); ok {
		if u.lenient {
			return "", nil
		}
		return "", u.err()
	}
	if err := checkUndefinedInside(v); err != nil {
		return "", err
	}
	return data.Str(v), nil
}

// checkUndefinedInside reports nothing: Python's repr of a container holding
// an Undefined prints "Undefined" without raising. It exists to make that
// decision explicit.
func checkUndefinedInside(any) error { return nil }

// undefinedWithin returns the error of the first strict undefined value
// inside the lists, tuples and dicts of v. depth bounds the walk: a dict
// may hold itself.
func undefinedWithin(v any, depth int) error {
	if depth > maxCallDepth {
		return nil
	}
	var items []any
	switch t := v.(type) {
	case *undefined:
		if t.lenient {
			return nil
		}
		return t.err()
	case *data.Map:
		var err error
		t.Range(func(_ string, e any) bool {
			err = undefinedWithin(e, depth+1)
			return err == nil
		})
		return err
	default:
		items, _ = sequence(v)
	}
	for _, e := range items {
		if err := undefinedWithin(e, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func strReprQuoted(s string) string { return data.StringRepr(s) }

// plain converts a value into the engine/data model: tuples, views and
// generators become lists, Markup a string, other objects their str().
func plain(v any) any { return plainKeys(v, false) }

// plainKeys is plain; with typed, dict keys stay in their stored form
// (data.StoredKey) for a caller that still needs their types.
func plainKeys(v any, typed bool) any {
	plain := func(v any) any { return plainKeys(v, typed) }
	switch t := v.(type) {
	case nil, bool, int64, float64, string, *big.Int:
		return v
	case []any:
		var out []any
		for i, e := range t {
			p := plain(e)
			if out == nil && !same(p, e) {
				out = make([]any, len(t))
				copy(out, t[:i])
			}
			if out != nil {
				out[i] = p
			}
		}
		if out == nil {
			return t
		}
		return out
	case tuple:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	case *data.Map:
		var out *data.Map
		for i, k := range t.Keys() {
			e := t.Value(k)
			p := plain(e)
			if out == nil && (!same(p, e) || (!typed && strings.HasPrefix(k, data.KeyMark))) {
				out = data.NewMap(t.Len())
				for _, k0 := range t.Keys()[:i] {
					out.Set(k0, t.Value(k0))
				}
			}
			if out != nil && !typed {
				k = data.KeyText(k)
			}
			if out != nil {
				out.Set(k, p)
			}
		}
		if out == nil {
			return t
		}
		return out
	case markup:
		return string(t)
	case groupTuple:
		return plain(tuple(t))
	case *view:
		return plain(t.items)
	case *pyRange:
		return plain(t.items)
	case *ctxView:
		return plain(t.m)
	case *generator:
		items, _ := t.drain()
		return plain(items)
	case *namespace:
		return plain(t.attrs)
	case *undefined:
		return nil
	case data.Foreign:
		return v
	}
	return data.Str(v)
}

// same reports whether plain left a value untouched (the cheap identity
// check for scalars, lists and maps).
func same(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case *data.Map:
		y, ok := b.(*data.Map)
		return ok && x == y
	case nil, bool, int64, float64, string, *big.Int:
		return a == b
	}
	return false
}

// ---- Python semantics ----

func truthy(v any) (bool, error) {
	if err := strictErr(v); err != nil {
		return false, err
	}
	return data.Truthy(v), nil
}

// asInt returns v as a Python int (bools count).
func asInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int64:
		return t, true
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// intValue returns v as an integer of the model (int64 or *big.Int) when
// it is a Python int (bools count).
func intValue(v any) (any, bool) {
	switch t := v.(type) {
	case int64, *big.Int:
		return v, true
	case bool:
		if t {
			return int64(1), true
		}
		return int64(0), true
	}
	return nil, false
}

// asFloat returns a number as a float; an int too large for one gives an
// infinity (floatOverflow reports it as Python does).
func asFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case int64:
		return float64(t), true
	case *big.Int:
		f, _ := data.IntFloat(t)
		return f, true
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// floatPowOverflow is Python's OverflowError for a float power beyond the
// float range (2.0 ** 1100).
const floatPowOverflow = "(34, 'Numerical result out of range')"

// floatOverflow is Python's OverflowError when one of vs is an int too
// large for a float, which float() of it raises.
func floatOverflow(vs ...any) error {
	for _, v := range vs {
		if b, ok := v.(*big.Int); ok {
			if _, ok := data.IntFloat(b); !ok {
				return errorf("int too large to convert to float")
			}
		}
	}
	return nil
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, float64, bool, *big.Int:
		return true
	}
	return false
}

func isString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case markup:
		return string(t), true
	}
	return "", false
}

// sequence returns the items of a list-like value.
func sequence(v any) ([]any, bool) {
	switch t := v.(type) {
	case []any:
		return t, true
	case tuple:
		return t, true
	case groupTuple:
		return t, true
	case *view:
		return t.items, true
	case *pyRange:
		return t.items, true
	}
	return nil, false
}

// iterate is Python's iter(): lists, tuples, dict keys, string characters.
// The slice is the caller's own: filters that transform it in place
// (join with an attribute, say) must not change the data they were given,
// which other expressions and tasks share.
func iterate(v any) ([]any, error) {
	switch t := v.(type) {
	case []any:
		return slices.Clone(t), nil
	case tuple:
		return slices.Clone([]any(t)), nil
	case *view:
		return slices.Clone(t.items), nil
	case *pyRange:
		return slices.Clone(t.items), nil
	case *ctxView:
		return nil, nil // dict iteration reads the empty storage
	case *generator:
		return t.drain()
	case *data.Map:
		keys := make([]any, t.Len())
		for i, k := range t.Keys() {
			keys[i] = data.KeyValue(k)
		}
		return keys, nil
	case string:
		return chars(t), nil
	case markup:
		return chars(string(t)), nil
	case *undefined:
		if t.lenient {
			return nil, nil
		}
		return nil, t.err()
	case data.Foreign:
		// A value of another language (a YAQL set, say) iterates as its
		// JSON value.
		if items, ok := t.JSONValue().([]any); ok {
			return items, nil
		}
	}
	return nil, errorf("'%s' object is not iterable", typeName(v))
}

func chars(s string) []any {
	out := make([]any, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func length(v any) (int, error) {
	switch t := v.(type) {
	case string:
		return len([]rune(t)), nil
	case markup:
		return len([]rune(string(t))), nil
	case *data.Map:
		return t.Len(), nil
	case *ctxView:
		return t.m.Len(), nil
	case *namespace:
		return 0, errorf("object of type 'Namespace' has no len()")
	case *undefined:
		return 0, strictErr(t)
	case *generator:
		return 0, errorf("object of type '%s' has no len()", t.kind)
	case data.Foreign:
		if items, ok := t.JSONValue().([]any); ok {
			return len(items), nil
		}
	}
	if s, ok := sequence(v); ok {
		return len(s), nil
	}
	return 0, errorf("object of type '%s' has no len()", typeName(v))
}

// equal is Python's ==.
func equal(a, b any) bool {
	// dict.__eq__ compares a context view's empty storage.
	if _, ok := a.(*ctxView); ok {
		a = data.NewMap(0)
	}
	if _, ok := b.(*ctxView); ok {
		b = data.NewMap(0)
	}
	switch x := a.(type) {
	case tuple, groupTuple:
		xs, _ := sequence(x)
		switch b.(type) {
		case tuple, groupTuple:
			ys, _ := sequence(b)
			return equalSeq(xs, ys)
		}
		return false
	case []any:
		y, ok := b.([]any)
		return ok && equalSeq(x, y)
	case markup:
		y, ok := isString(b)
		return ok && string(x) == y
	case string:
		y, ok := isString(b)
		return ok && x == y
	case *data.Map:
		y, ok := b.(*data.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.Keys() {
			yk, ok := data.FindKey(y, data.KeyValue(k))
			if !ok || !equal(x.Value(k), y.Value(yk)) {
				return false
			}
		}
		return true
	case *pyRange:
		y, ok := b.(*pyRange)
		return ok && equalSeq(x.items, y.items)
	case *view, *generator, *callable, *namespace, *loopContext, *undefined:
		return a == b
	}
	switch b.(type) {
	case tuple, groupTuple, markup, *view, *generator, *pyRange:
		return false
	}
	return data.Equal(a, b)
}

func equalSeq(x, y []any) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !equal(x[i], y[i]) {
			return false
		}
	}
	return true
}

// compare is Python's ordering for <, <=, >, >=; it returns -1, 0 or 1.
func compare(op string, a, b any) (int, error) {
	if err := strictErr(a); err != nil {
		return 0, err
	}
	if err := strictErr(b); err != nil {
		return 0, err
	}
	if ia, ok := asInt(a); ok {
		if ib, ok := asInt(b); ok {
			return cmp3(ia < ib, ia > ib), nil
		}
	}
	if c, ok := data.CompareNumbers(a, b); ok {
		return c, nil // 2 for NaN: every comparison with it is false
	}
	if sa, ok := isString(a); ok {
		if sb, ok := isString(b); ok {
			return strings.Compare(sa, sb), nil
		}
	}
	sa, aSeq := a.([]any)
	sb, bSeq := b.([]any)
	ta, aTup := a.(tuple)
	tb, bTup := b.(tuple)
	if aTup && bTup {
		sa, sb, aSeq, bSeq = ta, tb, true, true
	}
	if aSeq && bSeq && (aTup == bTup) {
		for i := 0; i < len(sa) && i < len(sb); i++ {
			if equal(sa[i], sb[i]) {
				continue
			}
			return compare(op, sa[i], sb[i])
		}
		return cmp3(len(sa) < len(sb), len(sa) > len(sb)), nil
	}
	return 0, errorf("'%s' not supported between instances of '%s' and '%s'", op, typeName(a), typeName(b))
}

func cmp3(lt, gt bool) int {
	switch {
	case lt:
		return -1
	case gt:
		return 1
	}
	return 0
}

func compareOp(op string, a, b any) (bool, error) {
	switch op {
	case "==":
		return equal(a, b), nil
	case "!=":
		return !equal(a, b), nil
	case "in":
		return contains(b, a)
	case "notin":
		ok, err := contains(b, a)
		return !ok, err
	}
	c, err := compare(op, a, b)
	if err != nil {
		return false, err
	}
	if c == 2 {
		return false, nil
	}
	switch op {
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	}
	return c >= 0, nil
}

// contains is Python's `item in container`.
func contains(container, item any) (bool, error) {
	switch t := container.(type) {
	case string, markup:
		s, _ := isString(t)
		sub, ok := isString(item)
		if !ok {
			return false, errorf("'in <string>' requires string as left operand, not %s", typeName(item))
		}
		return strings.Contains(s, sub), nil
	case *data.Map, *ctxView:
		m, _ := asMap(t)
		switch item.(type) {
		case []any, *data.Map:
			return false, errorf("unhashable type: '%s'", typeName(item))
		}
		_, ok := lookupKey(m, item)
		return ok, nil
	case *undefined:
		return false, t.err()
	case *generator:
		for {
			e, ok, err := t.pull()
			if err != nil || !ok {
				return false, err
			}
			if equal(e, item) {
				return true, nil
			}
		}
	}
	items, ok := sequence(container)
	if !ok {
		return false, errorf("argument of type '%s' is not iterable", typeName(container))
	}
	for _, e := range items {
		if equal(e, item) {
			return true, nil
		}
	}
	return false, nil
}

// sortValues sorts items stably with Python's ordering; key extracts the
// compared value.
func sortValues(items []any, key func(any) (any, error), reverse bool) error {
	keys := make([]any, len(items))
	for i, it := range items {
		k, err := key(it)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	var cmpErr error
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := keys[idx[i]], keys[idx[j]]
		if reverse {
			a, b = b, a
		}
		c, err := compare("<", a, b)
		if err != nil && cmpErr == nil {
			cmpErr = err
		}
		return c == -1
	})
	if cmpErr != nil {
		return cmpErr
	}
	sorted := make([]any, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
	return nil
}

// mapKey turns a dict key into the string key of a data.Map: a string is
// itself, None, a bool or a number takes data's typed form (data.StoredKey).
func mapKey(k any) (string, error) {
	if stored, ok := data.StoredKey(k); ok {
		return stored, nil
	}
	switch t := k.(type) {
	case markup:
		return string(t), nil
	case tuple:
		return data.Repr(t), nil
	}
	return "", errorf("unhashable type: '%s'", typeName(k))
}

// dictKey is the stored key under which k is set in m: a key that m
// already has and Python finds equal keeps its form ({True: 1, 1: 2} is
// {True: 2}).
func dictKey(m *data.Map, k any) (string, error) {
	if stored, ok := data.FindKey(m, k); ok {
		return stored, nil
	}
	return mapKey(k)
}

// lookupKey is the stored key of m that k finds, if any: a string (or
// Markup) finds itself, None, a bool or a number the key equal to it.
func lookupKey(m *data.Map, k any) (string, bool) {
	if mk, ok := k.(markup); ok {
		k = string(mk)
	}
	return data.FindKey(m, k)
}
