package yaql

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// Set is YAQL's (frozen) set. Members keep insertion order so that results
// are stable; Python's own order depends on hashes and is not meaningful.
type Set struct {
	items []any
	index map[string]int
	// output marks a set leaving an expression: yaql's output conversion
	// makes frozensets mutable sets, which print as {1, 2} or set().
	output bool
	// table is the set's CPython hash table when it is a frozenset whose
	// members all have stable hashes; items are then in its order.
	table *pyTable
	// view is set on the result of dict.keys() and dict.items(), which
	// are Python's views of the dict (see views.go).
	view *dictView
}

func newSet(n int) *Set { return &Set{items: make([]any, 0, n), index: make(map[string]int, n)} }

// add inserts v unless an equal member is present.
func (s *Set) add(v any) {
	k := hashKey(v)
	if _, ok := s.index[k]; ok {
		return
	}
	s.index[k] = len(s.items)
	s.items = append(s.items, v)
}

// frozen makes s the frozenset built by adding its items in order: its
// items take the order Python iterates that set in (see pyset.go).
func (s *Set) frozen() *Set {
	if t := pyTableOf(s.items); t != nil {
		s.table, s.items = t, t.order()
	}
	return s
}

// setFromTable is the set with t's members, in t's order.
func setFromTable(t *pyTable) *Set {
	s := newSet(t.used)
	for _, v := range t.order() {
		s.add(v)
	}
	s.table = t
	return s
}

func (s *Set) has(v any) bool {
	_, ok := s.index[hashKey(v)]
	return ok
}

// Items returns the members; the slice must not be modified.
func (s *Set) Items() []any { return s.items }

// JSONValue is the set as a list.
func (s *Set) JSONValue() any {
	out := make([]any, len(s.items))
	for i, v := range s.items {
		out[i] = data.Normalize(jsonValue(v))
	}
	return out
}

func jsonValue(v any) any {
	if f, ok := v.(data.Foreign); ok {
		return f.JSONValue()
	}
	return v
}

// PythonRepr prints the set as Python prints yaql's sets, which are
// frozensets: frozenset({1, 2}), or frozenset() when empty.
func (s *Set) PythonRepr() string { return pyRepr(s) }

// PythonStr is the same as PythonRepr for sets.
func (s *Set) PythonStr() string { return s.PythonRepr() }

// Truthy is true for a non-empty set.
func (s *Set) Truthy() bool { return len(s.items) > 0 }

// hashKey gives equal values (in Python's sense: 1 == 1.0 == True) the same
// key, so that sets and distinct() treat them as one.
func hashKey(v any) string {
	var b strings.Builder
	writeHashKey(&b, v)
	return b.String()
}

func writeHashKey(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("N")
	case bool:
		if t {
			b.WriteString("n1")
		} else {
			b.WriteString("n0")
		}
	case int64:
		b.WriteString("n")
		b.WriteString(strconv.FormatInt(t, 10))
	case *big.Int:
		b.WriteString("n")
		b.WriteString(t.String())
	case float64:
		b.WriteString("n")
		if s, ok := data.IntegralText(t); ok {
			b.WriteString(s) // equal to the integer with these digits
		} else {
			b.WriteString(strconv.FormatFloat(t, 'g', -1, 64))
		}
	case string:
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(t)))
		b.WriteByte(':')
		b.WriteString(t)
	case []any:
		b.WriteString("(")
		for _, e := range t {
			writeHashKey(b, e)
			b.WriteByte(',')
		}
		b.WriteString(")")
	case *data.Map:
		// equal keys (1, 1.0, true) hash alike whatever their stored form
		keys := append([]string(nil), t.Keys()...)
		sort.Slice(keys, func(i, j int) bool { return keyClass(keys[i]) < keyClass(keys[j]) })
		b.WriteString("{")
		for _, k := range keys {
			writeHashKey(b, keyClass(k))
			b.WriteByte(':')
			writeHashKey(b, t.Value(k))
			b.WriteByte(',')
		}
		b.WriteString("}")
	case *Set:
		keys := make([]string, len(t.items))
		for i, e := range t.items {
			keys[i] = hashKey(e)
		}
		sort.Strings(keys)
		b.WriteString("S{")
		b.WriteString(strings.Join(keys, ","))
		b.WriteString("}")
	case data.Foreign:
		b.WriteString("F")
		b.WriteString(t.PythonRepr())
	default:
		fmt.Fprintf(b, "?%T%p", v, v)
	}
}

// equal is Python's == over YAQL values.
func equal(a, b any) bool {
	switch x := a.(type) {
	case *valuesView:
		return a == b // a ValuesView has no __eq__
	case *Set:
		y, ok := b.(*Set)
		if !ok || len(x.items) != len(y.items) {
			return false
		}
		for _, v := range x.items {
			if !y.has(v) {
				return false
			}
		}
		return true
	case dateTime:
		y, ok := b.(dateTime)
		return ok && x.t.Equal(y.t)
	case timeSpan:
		y, ok := b.(timeSpan)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *data.Map:
		y, ok := b.(*data.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.Keys() {
			yk, ok := findKey(y, keyValue(k))
			if !ok || !equal(x.Value(k), y.Value(yk)) {
				return false
			}
		}
		return true
	case *regexValue:
		y, ok := b.(*regexValue)
		return ok && x.pattern == y.pattern && x.flags == y.flags
	case *scope, *lambda, *iterator:
		return a == b
	}
	switch b.(type) {
	case *Set, dateTime, timeSpan, []any, *data.Map, *regexValue, *scope, *lambda, *iterator:
		return false
	}
	return data.Equal(a, b)
}

// truthy is Python truthiness.
func truthy(v any) bool {
	switch t := v.(type) {
	case *iterator, *scope, *lambda, *regexValue:
		return true
	case bool:
		return t
	}
	return data.Truthy(v)
}

// pyStr is Python's str() of a YAQL value as yaql sees it: input lists are
// tuples, so str([1, 2]) is "(1, 2)".
// pyStrIn is pyStr telling Python lists from tuples (see writeReprIn).
func pyStrIn(v any, st *state) string {
	switch v.(type) {
	case []any, *data.Map, *Set, *valuesView:
	default:
		return pyStr(v)
	}
	var b strings.Builder
	writeReprIn(&b, v, st)
	return b.String()
}

func pyStr(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case data.Foreign:
		return t.PythonStr()
	}
	return pyRepr(v)
}

// pyRepr is Python's repr() with lists printed as tuples.
func pyRepr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v any) { writeReprIn(b, v, nil) }

// writeReprIn is writeRepr where st, when not nil, tells Python lists
// (printed [1, 2]) from tuples (printed (1, 2)).
func writeReprIn(b *strings.Builder, v any, st *state) {
	switch t := v.(type) {
	case []any:
		if st != nil && st.isPyList(t) {
			b.WriteByte('[')
			for i, e := range t {
				if i > 0 {
					b.WriteString(", ")
				}
				writeReprIn(b, e, st)
			}
			b.WriteByte(']')
			return
		}
		b.WriteByte('(')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, e, st)
		}
		if len(t) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *data.Map:
		b.WriteByte('{')
		for i, k := range t.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, keyValue(k), st)
			b.WriteString(": ")
			writeReprIn(b, t.Value(k), st)
		}
		b.WriteByte('}')
	case *Set:
		if t.view != nil && !t.output {
			t.view.writeRepr(b, st)
			return
		}
		name := "frozenset"
		if t.output {
			name = "set"
		}
		if len(t.items) == 0 {
			b.WriteString(name + "()")
			return
		}
		if !t.output {
			b.WriteString(name + "(")
		}
		b.WriteString("{")
		for i, e := range t.items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReprIn(b, e, st)
		}
		b.WriteString("}")
		if !t.output {
			b.WriteString(")")
		}
	case *valuesView:
		t.writeRepr(b, st)
	case *iterator:
		b.WriteString("<generator object>")
	case *scope:
		b.WriteString("<yaql.language.contexts.Context object>")
	case *lambda:
		b.WriteString("<function>")
	default:
		b.WriteString(data.Repr(v))
	}
}

// typeName is Python's type name, for messages such as "unhashable type".
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
		return "tuple"
	case *data.Map:
		return "dict"
	case *Set:
		if t.view != nil {
			return t.view.typeName()
		}
		return "frozenset"
	case *valuesView:
		return t.typeName()
	case dateTime:
		return "datetime"
	case timeSpan:
		return "timedelta"
	}
	return "object"
}

func data_StringRepr(s string) string { return data.StringRepr(s) }

// IsSet marks the value as a set for encoders that tell sets from lists
// (the expression CLI's case-file encoding).
func (s *Set) IsSet() bool { return true }
