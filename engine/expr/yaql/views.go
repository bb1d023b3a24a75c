package yaql

import (
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// Dict views. yaql's dict.keys(), values() and items() return Python's
// views of the dict, and str() prints them as such: KeysView({'a': 1}) of
// yaql's FrozenDict, dict_keys(['a']) of a Python dict (json_parse and
// Mistral's functions return those). keys() and items() are sets (a *Set
// with view set); values() is only iterable: no len(), no indexing, and
// equal to nothing but itself.

// dictView is what a view shows: which view of which dict.
type dictView struct {
	kind string // "keys", "values" or "items"
	dict *data.Map
	py   bool // a view of a Python dict (dict_keys) rather than a FrozenDict (KeysView)
}

// valuesView is dict.values().
type valuesView struct {
	dictView
	items []any
}

func (v *valuesView) JSONValue() any     { return v.items }
func (v *valuesView) PythonRepr() string { return pyRepr(v) }
func (v *valuesView) PythonStr() string  { return pyRepr(v) }
func (v *valuesView) Truthy() bool       { return len(v.items) > 0 }

// newView is the view of kind of m.
func (st *state) newView(kind string, m *data.Map) *dictView {
	return &dictView{kind: kind, dict: m, py: st.dicts[m]}
}

// typeName is the view's Python type name.
func (v *dictView) typeName() string {
	if v.py {
		return "dict_" + v.kind
	}
	return strings.ToUpper(v.kind[:1]) + v.kind[1:] + "View"
}

// writeRepr prints the view as Python does.
func (v *dictView) writeRepr(b *strings.Builder, st *state) {
	b.WriteString(v.typeName())
	b.WriteByte('(')
	if !v.py {
		writeReprIn(b, v.dict, st)
		b.WriteByte(')')
		return
	}
	b.WriteByte('[')
	for i, k := range v.dict.Keys() {
		if i > 0 {
			b.WriteString(", ")
		}
		switch v.kind {
		case "keys":
			writeReprIn(b, keyValue(k), st)
		case "values":
			writeReprIn(b, v.dict.Value(k), st)
		default:
			b.WriteByte('(')
			writeReprIn(b, keyValue(k), st)
			b.WriteString(", ")
			writeReprIn(b, v.dict.Value(k), st)
			b.WriteByte(')')
		}
	}
	b.WriteString("])")
}

// checkNotView fails as Python does when a set method that yaql calls on
// its receiver (left.union(right)) meets a view, which has no such method.
func checkNotView(s *Set, method string) {
	if s.view != nil {
		throwf("'%s' object has no attribute '%s'", s.view.typeName(), method)
	}
}
