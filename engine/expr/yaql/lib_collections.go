package yaql

import (
	"github.com/tramontane/tramontane/engine/data"
)

func isNotSet(v any) bool { return isIterable(v) && !isSetV(v) }

func registerCollections(l library) {
	flattenArgs := func(c *call) []any {
		var out []any
		for _, a := range c.rest {
			if it, ok := a.(*iterator); ok {
				out = append(out, toSlice(c.st, it)...)
				continue
			}
			out = append(out, a)
		}
		c.st.count(len(out))
		return out
	}
	l.fn("list", func(c *call) any {
		out := flattenArgs(c)
		if out == nil {
			out = []any{}
		}
		return out
	}, va("args", nil))
	l.meth("toList", func(c *call) any {
		if l, ok := c.a[0].([]any); ok && c.st.isPyList(l) {
			return append([]any{}, l...) // tuple(list)
		}
		return materialize(c.st, c.a[0])
	}, p("collection", isIterV))
	l.meth("flatten", func(c *call) any {
		var out []any
		var rec func(v any)
		rec = func(v any) {
			forEach(c.st, v, func(e any) bool {
				if isIterable(e) {
					rec(e)
				} else {
					out = append(out, e)
					c.st.count(1)
				}
				return true
			})
		}
		rec(c.a[0])
		if out == nil {
			out = []any{}
		}
		return out
	}, p("collection", isIterV))
	d := l.fn("dict", func(c *call) any {
		m := data.NewMap(len(c.rest))
		for _, r := range c.rest {
			rl := r.(*rule)
			m.Set(keyFor(m, rl.key), rl.val)
		}
		return m
	}, vaRule("args", false))
	d.noKwargs = true
	d = l.fn("dict", func(c *call) any {
		m := data.NewMap(0)
		forEach(c.st, c.a[0], func(e any) bool {
			pair := toSlice(c.st, e)
			if pair == nil {
				throwf("'%s' object is not iterable", typeName(e))
			}
			if len(pair) < 2 {
				throw("")
			}
			m.Set(keyFor(m, pair[0]), pair[1])
			c.st.count(1)
			return true
		})
		return m
	}, p("items", isIterV))
	d.noKwargs = true
	l.meth("toDict", func(c *call) any {
		m := data.NewMap(0)
		ks, vs := c.lambda(1), c.lambda(2)
		forEach(c.st, c.a[0], func(e any) bool {
			v := e
			if vs != nil {
				v = vs.call(e)
			}
			m.Set(keyFor(m, ks.call(e)), v)
			c.st.count(1)
			return true
		})
		return c.st.markDict(m)
	}, p("collection", isIterV), lz("keySelector"), optLz("valueSelector"))
	l.meth("get", func(c *call) any {
		m := c.a[0].(*data.Map)
		if k, ok := findKey(m, c.a[1]); ok {
			return m.Value(k)
		}
		return c.a[2]
	}, p("dict", isMap), p("key", nil), opt("default", nil, nil))
	o := l.meth("set", func(c *call) any {
		m := c.a[0].(*data.Map).Clone()
		m.Set(keyFor(m, c.a[1]), c.a[2])
		return m
	}, p("dict", isMap), p("key", nil), p("value", nil))
	o.noKwargs = true
	o = l.meth("set", func(c *call) any {
		m := c.a[0].(*data.Map).Clone()
		c.a[1].(*data.Map).Range(func(k string, v any) bool { m.Set(keyFor(m, keyValue(k)), v); return true })
		return m
	}, p("dict", isMap), p("replacements", isMap))
	o.noKwargs = true
	o = l.meth("set", func(c *call) any {
		m := c.a[0].(*data.Map).Clone()
		for _, r := range c.rest {
			rl := r.(*rule)
			m.Set(keyFor(m, rl.key), rl.val)
		}
		return m
	}, p("dict", isMap), vaRule("args", false))
	o.noKwargs = true
	l.meth("keys", func(c *call) any {
		m := c.a[0].(*data.Map)
		s := newSet(m.Len())
		for _, k := range m.Keys() {
			s.add(keyValue(k))
		}
		s.view = c.st.newView("keys", m)
		return s
	}, p("dict", isMap))
	l.meth("values", func(c *call) any {
		m := c.a[0].(*data.Map)
		out := make([]any, 0, m.Len())
		m.Range(func(_ string, v any) bool { out = append(out, v); return true })
		return &valuesView{dictView: *c.st.newView("values", m), items: out}
	}, p("dict", isMap))
	l.meth("items", func(c *call) any {
		m := c.a[0].(*data.Map)
		s := newSet(m.Len())
		m.Range(func(k string, v any) bool { s.items = append(s.items, []any{keyValue(k), v}); return true })
		for i, it := range s.items {
			s.index[hashKey(it)] = i
		}
		s.view = c.st.newView("items", m)
		return s
	}, p("dict", isMap))
	l.meth("contains", func(c *call) any { return inOp(c.st, c.a[1], c.a[0]) }, p("collection", isIterV), p("value", nil))
	l.meth("containsKey", func(c *call) any {
		k := c.a[1]
		switch k.(type) {
		case []any, *data.Map, *Set:
			return false
		}
		_, ok := findKey(c.a[0].(*data.Map), k)
		return ok
	}, p("dict", isMap), p("key", nil))
	l.meth("containsValue", func(c *call) any {
		found := false
		c.a[0].(*data.Map).Range(func(_ string, v any) bool {
			found = equal(v, c.a[1])
			return !found
		})
		return found
	}, p("dict", isMap), p("value", nil))
	l.ext("len", func(c *call) any { return int64(c.a[0].(*data.Map).Len()) }, p("dict", isMap))
	l.ext("len", func(c *call) any { return int64(len(c.a[0].([]any))) }, p("sequence", isSeq))
	l.ext("len", func(c *call) any { return int64(len(c.a[0].(*Set).items)) }, p("set", isSetV))
	l.ext("len", func(c *call) any { return int64(len(toSlice(c.st, c.a[0]))) }, p("collection", isIterOnly))
	l.meth("delete", func(c *call) any {
		pos, cnt := c.int(1), c.int(2)
		out := []any{}
		i := int64(0)
		forEach(c.st, c.a[0], func(e any) bool {
			if (cnt >= 0 && !(pos <= i && i < pos+cnt)) || (cnt < 0 && !(i >= pos)) {
				out = append(out, e)
			}
			i++
			return true
		})
		return out
	}, p("collection", isIterV), p("position", isInt), opt("count", isInt, int64(1)))
	l.meth("delete", func(c *call) any {
		m := c.a[0].(*data.Map).Clone()
		for _, k := range c.rest {
			m.Delete(keyFor(m, k))
		}
		return c.st.markDict(m)
	}, p("dict", isMap), va("keys", nil))
	l.meth("deleteAll", func(c *call) any {
		m := c.a[0].(*data.Map).Clone()
		forEach(c.st, c.a[1], func(k any) bool { m.Delete(keyFor(m, k)); return true })
		return c.st.markDict(m)
	}, p("dict", isMap), p("keys", isIterV))
	l.meth("insert", func(c *call) any {
		src := toSlice(c.st, c.a[0])
		pos := c.int(1)
		out := make([]any, 0, len(src)+1)
		if isSeq(c.a[0]) {
			// list.insert semantics: negative positions count from the end
			n := int64(len(src))
			if pos < 0 {
				pos += n
				if pos < 0 {
					pos = 0
				}
			}
			if pos > n {
				pos = n
			}
			out = append(out, src[:pos]...)
			out = append(out, c.a[2])
			return append(out, src[pos:]...)
		}
		for i, e := range src {
			if int64(i) == pos {
				out = append(out, c.a[2])
			}
			out = append(out, e)
		}
		if pos >= int64(len(src)) {
			out = append(out, c.a[2])
		}
		return out
	}, p("collection", isNotSet), p("position", isInt), p("value", nil))
	l.meth("insertMany", func(c *call) any {
		src := toSlice(c.st, c.a[0])
		vals := toSlice(c.st, c.a[2])
		pos := c.int(1)
		out := make([]any, 0, len(src)+len(vals))
		if pos < 0 {
			out = append(out, vals...)
		}
		for i, e := range src {
			if int64(i) == pos {
				out = append(out, vals...)
			}
			out = append(out, e)
		}
		if pos >= int64(len(src)) {
			out = append(out, vals...)
		}
		c.st.count(len(out))
		return out
	}, p("collection", isIterV), p("position", isInt), p("values", isIterV))
	replaceRange := func(c *call, vals []any) any {
		pos, cnt := c.int(1), c.int(3)
		out := []any{}
		done := false
		i := int64(0)
		forEach(c.st, c.a[0], func(e any) bool {
			if (cnt >= 0 && pos <= i && i < pos+cnt) || (cnt < 0 && i >= pos) {
				if !done {
					out = append(out, vals...)
					done = true
				}
			} else {
				out = append(out, e)
			}
			i++
			return true
		})
		c.st.count(len(out))
		return out
	}
	l.meth("replace", func(c *call) any { return replaceRange(c, []any{c.a[2]}) },
		p("collection", isIterV), p("position", isInt), p("value", nil), opt("count", isInt, int64(1)))
	l.meth("replaceMany", func(c *call) any { return replaceRange(c, toSlice(c.st, c.a[2])) },
		p("collection", isIterV), p("position", isInt), p("values", isIterV), opt("count", isInt, int64(1)))

	// sets
	l.fn("set", func(c *call) any {
		s := newSet(len(c.rest))
		for _, e := range flattenArgs(c) {
			c.st.checkHashable(e)
			s.add(e)
		}
		return s.frozen()
	}, va("args", nil))
	l.meth("toSet", func(c *call) any {
		s := setOf(c.st, c.a[0])
		for _, e := range s.items {
			c.st.checkHashable(e)
		}
		return s
	}, p("collection", isIterV))
	l.meth("union", func(c *call) any {
		checkNotView(c.a[0].(*Set), "union")
		return setUnion(c.a[0].(*Set), c.a[1].(*Set))
	}, p("left", isSetV), p("right", isSetV))
	l.meth("intersect", func(c *call) any {
		checkNotView(c.a[0].(*Set), "intersection")
		return setIntersect(c.a[0].(*Set), c.a[1].(*Set))
	}, p("left", isSetV), p("right", isSetV))
	l.meth("difference", func(c *call) any {
		checkNotView(c.a[0].(*Set), "difference")
		return setDifference(c.a[0].(*Set), c.a[1].(*Set))
	}, p("left", isSetV), p("right", isSetV))
	l.meth("symmetricDifference", func(c *call) any {
		a, b := c.a[0].(*Set), c.a[1].(*Set)
		checkNotView(a, "symmetric_difference")
		if a.table != nil && b.table != nil {
			return setFromTable(pySymmetricDifference(a.table, b.table))
		}
		return setUnion(setDifference(a, b), setDifference(b, a))
	}, p("left", isSetV), p("right", isSetV))
	l.meth("add", func(c *call) any {
		add := newSet(len(c.rest))
		for _, v := range c.rest {
			add.add(v)
		}
		checkNotView(c.a[0].(*Set), "union")
		return setUnion(c.a[0].(*Set), add.frozen())
	}, p("set", isSetV), va("values", nil))
	l.meth("remove", func(c *call) any {
		rm := newSet(len(c.rest))
		for _, v := range c.rest {
			rm.add(v)
		}
		checkNotView(c.a[0].(*Set), "difference")
		return setDifference(c.a[0].(*Set), rm.frozen())
	}, p("set", isSetV), va("values", nil))
}

// materialize returns an iterable as a new list.
func materialize(st *state, v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case *Set:
		return append([]any{}, t.items...)
	case *ordered:
		return t.items
	case *valuesView:
		return t.items
	}
	return toSlice(st, v)
}
