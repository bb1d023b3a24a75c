package yaql

import (
	"github.com/tramontane/tramontane/engine/data"
)

// iterator is a lazy sequence (yaql's generators): sequence(), cycle(),
// repeat() and the queries applied to them. Every element an iterator
// produces is charged to the evaluation's element budget, so even an
// infinite generator stops at the limit.
type iterator struct {
	st   *state
	pull func() (any, bool)
	done bool
}

func newIter(st *state, pull func() (any, bool)) *iterator {
	return &iterator{st: st, pull: pull}
}

func (it *iterator) next() (any, bool) {
	if it.done {
		return nil, false
	}
	v, ok := it.pull()
	if !ok {
		it.done = true
		return nil, false
	}
	it.st.count(1)
	return v, true
}

// JSONValue and the other data.Foreign methods let an iterator that escapes
// into an error message or a nested value print sensibly.
func (it *iterator) JSONValue() any     { return []any{} }
func (it *iterator) PythonRepr() string { return "<generator object>" }
func (it *iterator) PythonStr() string  { return "<generator object>" }
func (it *iterator) Truthy() bool       { return true }
func (s *scope) JSONValue() any         { return nil }
func (s *scope) PythonRepr() string     { return "<yaql.language.contexts.Context object>" }
func (s *scope) PythonStr() string      { return s.PythonRepr() }
func (s *scope) Truthy() bool           { return true }
func (l *lambda) JSONValue() any        { return nil }
func (l *lambda) PythonRepr() string    { return "<function>" }
func (l *lambda) PythonStr() string     { return "<function>" }
func (l *lambda) Truthy() bool          { return true }
func isIterator(v any) bool             { _, ok := v.(*iterator); return ok }
func sliceIter(st *state, l []any) *iterator {
	i := 0
	return newIter(st, func() (any, bool) {
		if i >= len(l) {
			return nil, false
		}
		i++
		return l[i-1], true
	})
}

// isIterable is yaql's Iterable type: lists, sets and generators; never
// strings or dicts.
func isIterable(v any) bool {
	switch v.(type) {
	case []any, *Set, *iterator, *ordered, *valuesView:
		return true
	}
	return false
}

// forEach calls f for each element until f returns false.
func forEach(st *state, v any, f func(any) bool) {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if !f(e) {
				return
			}
		}
	case *Set:
		for _, e := range t.items {
			if !f(e) {
				return
			}
		}
	case *iterator:
		for {
			e, ok := t.next()
			if !ok || !f(e) {
				return
			}
		}
	case *ordered:
		for _, e := range t.items {
			if !f(e) {
				return
			}
		}
	case *valuesView:
		for _, e := range t.items {
			if !f(e) {
				return
			}
		}
	}
}

// toSlice materialises an iterable. Lists are returned as they are (callers
// must not modify them).
func toSlice(st *state, v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case *Set:
		return t.items
	case *ordered:
		return t.items
	case *valuesView:
		return t.items
	case *iterator:
		out := []any{}
		for {
			e, ok := t.next()
			if !ok {
				return out
			}
			out = append(out, e)
		}
	}
	return nil
}

// iterOf returns a fresh iterator over any iterable.
func iterOf(st *state, v any) *iterator {
	switch t := v.(type) {
	case *iterator:
		return t
	case *Set:
		return sliceIter(st, t.items)
	case []any:
		return sliceIter(st, t)
	case *ordered:
		return sliceIter(st, t.items)
	case *valuesView:
		return sliceIter(st, t.items)
	}
	return sliceIter(st, nil)
}

func mapIter(st *state, it *iterator, f func(any) any) *iterator {
	return newIter(st, func() (any, bool) {
		e, ok := it.next()
		if !ok {
			return nil, false
		}
		return f(e), true
	})
}

// concatIters chains iterables lazily, as itertools.chain does: the result
// is a one-shot iterator even when every part is a list.
func concatIters(st *state, parts ...any) any {
	i := 0
	var cur func() (any, bool)
	return newIter(st, func() (any, bool) {
		for {
			if cur == nil {
				if i >= len(parts) {
					return nil, false
				}
				cur = pullOf(st, parts[i])
				i++
			}
			if e, ok := cur(); ok {
				return e, true
			}
			cur = nil
		}
	})
}

// pullOf returns a function that yields the elements of an iterable one by
// one. Elements of a list or set are not charged to the budget here: the
// iterator built on top charges them once, when it produces them.
func pullOf(st *state, v any) func() (any, bool) {
	if it, ok := v.(*iterator); ok {
		return it.next
	}
	items, i := materialize(st, v), 0
	return func() (any, bool) {
		if i >= len(items) {
			return nil, false
		}
		i++
		return items[i-1], true
	}
}

// setOf builds a set from an iterable.
func setOf(st *state, v any) *Set {
	s := newSet(0)
	forEach(st, v, func(e any) bool { s.add(e); return true })
	return s.frozen()
}

func setUnion(a, b *Set) *Set {
	if a.table != nil && b.table != nil {
		return setFromTable(pyUnion(a.table, b.table))
	}
	s := newSet(len(a.items) + len(b.items))
	for _, e := range a.items {
		s.add(e)
	}
	for _, e := range b.items {
		s.add(e)
	}
	return s
}

func setDifference(a, b *Set) *Set {
	if a.table != nil && b.table != nil {
		return setFromTable(pyDifference(a.table, b.table))
	}
	s := newSet(len(a.items))
	for _, e := range a.items {
		if !b.has(e) {
			s.add(e)
		}
	}
	return s
}

func setIntersect(a, b *Set) *Set {
	if a.table != nil && b.table != nil {
		return setFromTable(pyIntersection(a.table, b.table))
	}
	s := newSet(len(a.items))
	for _, e := range a.items {
		if b.has(e) {
			s.add(e)
		}
	}
	return s
}

func setSubset(a, b *Set) bool {
	for _, e := range a.items {
		if !b.has(e) {
			return false
		}
	}
	return true
}

var _ data.Foreign = (*Set)(nil)
