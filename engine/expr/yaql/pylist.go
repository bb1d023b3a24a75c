package yaql

import (
	"unsafe"

	"github.com/tramontane/tramontane/engine/data"
)

// Python lists and yaql tuples.
//
// yaql turns the data context and list literals into tuples, but the lists
// that Mistral's functions (task(), env(), execution(), json_parse(), ...)
// and str.split return stay Python lists, and a list never equals a tuple:
// on Mistral 15 task().result = [1, 2] is false even when the result is
// [1, 2]. Both are []any here; an evaluation records which slices are
// Python lists (by the address of their backing array), and = and !=
// consult that record.

// pyList returns a copy of v whose lists are all recorded as Python lists.
// The copy keeps the record from leaking into data shared with the engine.
func (st *state) pyList(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t), max(len(t), 1)) // a distinct address even when empty
		for i, e := range t {
			out[i] = st.pyList(e)
		}
		return st.markList(out)
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			out.Set(k, st.pyList(e))
			return true
		})
		if st.dicts == nil {
			st.dicts = map[*data.Map]bool{}
		}
		st.dicts[out] = true // a Python dict, not yaql's hashable FrozenDict
		return out
	}
	return v
}

// checkHashable fails as Python's hash() does on a value holding a Python
// list or dict; yaql's tuples and FrozenDicts hash by their contents.
func (st *state) checkHashable(v any) {
	switch t := v.(type) {
	case []any:
		if st.isPyList(t) {
			throw("unhashable type: 'list'")
		}
		for _, e := range t {
			st.checkHashable(e)
		}
	case *data.Map:
		if st.dicts[t] {
			throw("unhashable type: 'dict'")
		}
		t.Range(func(_ string, e any) bool {
			st.checkHashable(e)
			return true
		})
	}
}

// markList records l itself (not its elements) as a Python list.
func (st *state) markList(l []any) []any {
	if cap(l) == 0 {
		l = make([]any, 0, 1)
	}
	if st.lists == nil {
		st.lists = map[unsafe.Pointer]bool{}
	}
	st.lists[unsafe.Pointer(unsafe.SliceData(l))] = true
	return l
}

// isPyList reports whether l is a list recorded by pyList.
func (st *state) isPyList(l []any) bool {
	return cap(l) > 0 && st.lists[unsafe.Pointer(unsafe.SliceData(l))]
}

// seqName is the Python type name of l: "list" for a Python list, else
// "tuple", as Python's IndexError messages name it.
func (st *state) seqName(l []any) string {
	if st != nil && st.isPyList(l) {
		return "list"
	}
	return "tuple"
}

// markDict records m as a Python dict, which the yaql functions building
// a dict with {} return (toDict, delete, mergeWith), rather than yaql's
// FrozenDict.
func (st *state) markDict(m *data.Map) *data.Map {
	if st.dicts == nil {
		st.dicts = map[*data.Map]bool{}
	}
	st.dicts[m] = true
	return m
}

// pyClass is the class of v as Python prints it in "<class '...'>".
func (st *state) pyClass(v any) string {
	switch t := v.(type) {
	case *data.Map:
		if st.dicts[t] {
			return "dict"
		}
		return "yaql.language.utils.FrozenDict"
	case []any:
		return st.seqName(t)
	}
	return typeName(v)
}

// equalPy is Python's == where a list and a tuple differ.
func (st *state) equalPy(a, b any) bool {
	if st.lists == nil {
		return equal(a, b)
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok {
			return equal(a, b)
		}
		if st.isPyList(x) != st.isPyList(y) || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !st.equalPy(x[i], y[i]) {
				return false
			}
		}
		return true
	case *data.Map:
		y, ok := b.(*data.Map)
		if !ok || x.Len() != y.Len() {
			return equal(a, b)
		}
		for _, k := range x.Keys() {
			yk, ok := findKey(y, keyValue(k))
			if !ok || !st.equalPy(x.Value(k), y.Value(yk)) {
				return false
			}
		}
		return true
	}
	return equal(a, b)
}
