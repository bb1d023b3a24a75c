package yaql

import (
	"sort"

	"github.com/tramontane/tramontane/engine/data"
)

// ordered is the result of orderBy(): sorted items that thenBy() can refine.
type ordered struct {
	src   []any
	keys  [][]any // per criterion, per source index
	desc  []bool
	items []any // sorted
}

func (o *ordered) JSONValue() any     { return o.items }
func (o *ordered) PythonRepr() string { return pyRepr(o.items) }
func (o *ordered) PythonStr() string  { return pyRepr(o.items) }
func (o *ordered) Truthy() bool       { return true }

func (o *ordered) with(sel *lambda, desc bool) *ordered {
	keys := make([]any, len(o.src))
	for i, e := range o.src {
		keys[i] = sel.call(e)
	}
	n := &ordered{src: o.src, keys: append(append([][]any{}, o.keys...), keys), desc: append(append([]bool{}, o.desc...), desc)}
	idx := make([]int, len(o.src))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		for k := range n.keys {
			x, y := n.keys[k][idx[a]], n.keys[k][idx[b]]
			if n.desc[k] {
				x, y = y, x
			}
			if compareOp("<", x, y) {
				return true
			}
			if compareOp(">", x, y) {
				return false
			}
		}
		return false
	})
	n.items = make([]any, len(idx))
	for i, j := range idx {
		n.items[i] = o.src[j]
	}
	return n
}

func isOrdered(v any) bool { _, ok := v.(*ordered); return ok }

// transform applies a per-element transformation lazily, as Python's
// filter, map, islice and generators do over any iterable: a later element
// is never touched when an earlier one ends the query (first(), take()), and
// the result is a one-shot iterator even when coll is a list.
func transform(c *call, coll any, f func(e any, emit func(any)) bool) any {
	pull := pullOf(c.st, coll)
	var buf []any
	stop := false
	return newIter(c.st, func() (any, bool) {
		for len(buf) == 0 {
			if stop {
				return nil, false
			}
			e, ok := pull()
			if !ok {
				return nil, false
			}
			if !f(e, func(v any) { buf = append(buf, v) }) {
				stop = true
			}
		}
		v := buf[0]
		buf = buf[1:]
		return v, true
	})
}

func registerQueries(l library) {
	where := func(c *call) any {
		pred := c.lambda(1)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			if truthy(pred.call(e)) {
				emit(e)
			}
			return true
		})
	}
	l.meth("where", where, p("collection", isIterV), lz("predicate"))
	l.meth("filter", where, p("collection", isIterV), lz("predicate"))
	sel := func(c *call) any {
		f := c.lambda(1)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			emit(f.call(e))
			return true
		})
	}
	l.meth("select", sel, p("collection", isIterV), lz("selector"))
	l.meth("map", sel, p("collection", isIterV), lz("selector"))
	l.meth("selectMany", func(c *call) any {
		f := c.lambda(1)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			r := f.call(e)
			if isIterable(r) {
				forEach(c.st, r, func(x any) bool { emit(x); return true })
			} else {
				emit(r)
			}
			return true
		})
	}, p("collection", isIterV), lz("selector"))
	skip := func(c *call) any {
		n := c.int(1)
		if n < 0 {
			throw(isliceIndices)
		}
		i := int64(0)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			if i >= n {
				emit(e)
			}
			i++
			return true
		})
	}
	l.meth("skip", skip, p("collection", isIterV), p("count", isInt))
	limit := func(c *call) any {
		n := c.int(1)
		if n < 0 {
			throw(isliceStopError(n))
		}
		if n == 0 {
			return []any{}
		}
		i := int64(0)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			emit(e)
			i++
			return i < n
		})
	}
	l.meth("limit", limit, p("collection", isIterV), p("count", isInt))
	l.meth("take", limit, p("collection", isIterV), p("count", isInt))
	l.ext("append", func(c *call) any { return concatIters(c.st, c.a[0], c.rest) }, p("collection", isIterV), va("args", nil))
	l.ext("distinct", func(c *call) any {
		seen := newSet(0)
		ks := c.lambda(1)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			k := e
			if ks != nil {
				k = ks.call(e)
			}
			c.st.checkHashable(k)
			if !seen.has(k) {
				seen.add(k)
				emit(e)
			}
			return true
		})
	}, p("collection", isIterV), optLz("keySelector"))
	l.ext("enumerate", func(c *call) any {
		i, ok := c.a[1].(int64)
		if !ok {
			throw("'" + typeName(c.a[1]) + "' object cannot be interpreted as an integer")
		}
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			emit([]any{i, e})
			i++
			return true
		})
	}, p("collection", isIterV), opt("start", nil, int64(0)))
	l.ext("any", func(c *call) any {
		pred := c.lambda(1)
		found := false
		forEach(c.st, c.a[0], func(e any) bool {
			if pred == nil || truthy(pred.call(e)) {
				found = true
			}
			return !found
		})
		return found
	}, p("collection", isIterV), optLz("predicate"))
	l.ext("all", func(c *call) any {
		pred := c.lambda(1)
		ok := true
		forEach(c.st, c.a[0], func(e any) bool {
			if pred == nil {
				ok = truthy(e)
			} else {
				ok = truthy(pred.call(e))
			}
			return ok
		})
		return ok
	}, p("collection", isIterV), optLz("predicate"))
	l.ext("concat", func(c *call) any { return concatIters(c.st, c.rest...) }, va("collections", isIterV))
	l.meth("count", func(c *call) any { return int64(len(toSlice(c.st, c.a[0]))) }, p("collection", isIterV))
	l.meth("memorize", func(c *call) any { return materialize(c.st, c.a[0]) }, p("collection", isIterV))
	fold := func(c *call, coll any, seed any, f func(a, b any) any) any {
		acc := seed
		_, none := seed.(noValue)
		forEach(c.st, coll, func(e any) bool {
			if none {
				acc, none = e, false
				return true
			}
			acc = f(acc, e)
			return true
		})
		if none {
			throw("reduce() of empty iterable with no initial value")
		}
		return acc
	}
	l.meth("sum", func(c *call) any {
		return fold(c, c.a[0], c.a[1], func(a, b any) any { return plus(c.st, a, b) })
	}, p("collection", isIterV), opt("initial", nil, noValue{}))
	l.meth("max", func(c *call) any {
		return fold(c, c.a[0], c.a[1], func(a, b any) any {
			if compareOp(">", b, a) {
				return b
			}
			return a
		})
	}, p("collection", isIterV), opt("initial", nil, noValue{}))
	l.meth("min", func(c *call) any {
		return fold(c, c.a[0], c.a[1], func(a, b any) any {
			if compareOp(">", a, b) {
				return b
			}
			return a
		})
	}, p("collection", isIterV), opt("initial", nil, noValue{}))
	aggregate := func(c *call) any {
		f := c.lambda(1)
		return fold(c, c.a[0], c.a[2], func(a, b any) any { return f.call(a, b) })
	}
	l.meth("aggregate", aggregate, p("collection", isIterV), lz("selector"), opt("seed", nil, noValue{}))
	l.meth("reduce", aggregate, p("collection", isIterV), lz("selector"), opt("seed", nil, noValue{}))
	l.meth("accumulate", func(c *call) any {
		f := c.lambda(1)
		items := toSlice(c.st, c.a[0])
		acc := c.a[2]
		if _, none := acc.(noValue); none {
			if len(items) == 0 {
				throw("accumulate() of empty sequence with no initial value")
			}
			acc, items = items[0], items[1:]
		}
		out := []any{acc}
		for _, e := range items {
			acc = f.call(acc, e)
			out = append(out, acc)
		}
		c.st.count(len(out))
		return out
	}, p("collection", isIterV), lz("selector"), opt("seed", nil, noValue{}))
	l.meth("first", func(c *call) any {
		var v any = noValue{}
		forEach(c.st, c.a[0], func(e any) bool { v = e; return false })
		if _, none := v.(noValue); none {
			if _, none := c.a[1].(noValue); none {
				throw("")
			}
			return c.a[1]
		}
		return v
	}, p("collection", isIterV), opt("default", nil, noValue{}))
	l.meth("last", func(c *call) any {
		var v any = c.a[1]
		forEach(c.st, c.a[0], func(e any) bool { v = e; return true })
		if _, none := v.(noValue); none {
			throw("")
		}
		return v
	}, p("collection", isIterV), opt("default", nil, noValue{}))
	l.meth("single", func(c *call) any {
		n := 0
		var v any
		forEach(c.st, c.a[0], func(e any) bool {
			n++
			v = e
			return n < 2
		})
		switch n {
		case 0:
			throw("")
		case 1:
			return v
		}
		throw("Collection contains more than one item")
		return nil
	}, p("collection", isIterV))
	l.fn("range", func(c *call) any { return rangeIter(c.st, int64(0), c.a[0], int64(1)) }, p("stop", isInteger))
	l.fn("range", func(c *call) any {
		if data.Sign(c.a[2]) == 0 {
			throw("range() arg 3 must not be zero")
		}
		return rangeIter(c.st, c.a[0], c.a[1], c.a[2])
	}, p("start", isInteger), p("stop", isInteger), opt("step", isInteger, int64(1)))
	l.fn("sequence", func(c *call) any {
		i, step := c.a[0], c.a[1]
		return newIter(c.st, func() (any, bool) {
			v := i
			i = data.AddInt(i, step) // past int64 it goes on, as Python's ints do
			return v, true
		})
	}, opt("start", isInteger, int64(0)), opt("step", isInteger, int64(1)))
	l.meth("orderBy", func(c *call) any {
		return (&ordered{src: materialize(c.st, c.a[0])}).with(c.lambda(1), false)
	}, p("collection", isIterV), lz("selector"))
	l.meth("orderByDescending", func(c *call) any {
		return (&ordered{src: materialize(c.st, c.a[0])}).with(c.lambda(1), true)
	}, p("collection", isIterV), lz("selector"))
	l.meth("thenBy", func(c *call) any { return c.a[0].(*ordered).with(c.lambda(1), false) },
		p("collection", isOrdered), lz("selector"))
	l.meth("thenByDescending", func(c *call) any { return c.a[0].(*ordered).with(c.lambda(1), true) },
		p("collection", isOrdered), lz("selector"))
	l.meth("groupBy", groupBy, p("collection", isIterV), lz("keySelector"), optLz("valueSelector"), optLz("aggregator"))
	l.meth("join", func(c *call) any {
		other := materialize(c.st, c.a[1])
		pred, sel := c.lambda(2), c.lambda(3)
		out := []any{}
		forEach(c.st, c.a[0], func(x any) bool {
			for _, y := range other {
				if truthy(pred.call(x, y)) {
					out = append(out, sel.call(x, y))
					c.st.count(1)
				}
			}
			return true
		})
		return out
	}, p("collection1", isIterV), p("collection2", isIterV), lz("predicate"), lz("selector"))
	l.meth("zip", func(c *call) any { return zip(c, c.rest, false, nil) }, va("collections", isIterV))
	zl := l.meth("zipLongest", func(c *call) any { return zip(c, c.rest, true, c.a[0]) },
		kwOpt("default", nil, nil), va("collections", isIterV))
	_ = zl
	l.meth("repeat", func(c *call) any {
		v, n := c.a[0], c.int(1)
		i := int64(0)
		return newIter(c.st, func() (any, bool) {
			if n >= 0 && i >= n {
				return nil, false
			}
			i++
			return v, true
		})
	}, p("value", nil), opt("times", isInt, int64(-1)))
	l.meth("cycle", func(c *call) any {
		var seen []any
		src := iterOf(c.st, c.a[0])
		i := 0
		exhausted := false
		return newIter(c.st, func() (any, bool) {
			if !exhausted {
				if e, ok := src.next(); ok {
					seen = append(seen, e)
					return e, true
				}
				exhausted = true
			}
			if len(seen) == 0 {
				return nil, false
			}
			v := seen[i%len(seen)]
			i++
			return v, true
		})
	}, p("collection", isIterV))
	l.meth("takeWhile", func(c *call) any {
		pred := c.lambda(1)
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			if !truthy(pred.call(e)) {
				return false
			}
			emit(e)
			return true
		})
	}, p("collection", isIterV), lz("predicate"))
	l.meth("skipWhile", func(c *call) any {
		pred := c.lambda(1)
		skipping := true
		return transform(c, c.a[0], func(e any, emit func(any)) bool {
			if skipping && truthy(pred.call(e)) {
				return true
			}
			skipping = false
			emit(e)
			return true
		})
	}, p("collection", isIterV), lz("predicate"))
	indexOf := func(c *call, last bool, match func(any) bool) any {
		idx, i := int64(-1), int64(0)
		forEach(c.st, c.a[0], func(e any) bool {
			if match(e) {
				idx = i
				if !last {
					return false
				}
			}
			i++
			return true
		})
		return idx
	}
	l.meth("indexOf", func(c *call) any { return indexOf(c, false, func(e any) bool { return equal(e, c.a[1]) }) },
		p("collection", isIterV), p("item", nil))
	l.meth("lastIndexOf", func(c *call) any { return indexOf(c, true, func(e any) bool { return equal(e, c.a[1]) }) },
		p("collection", isIterV), p("item", nil))
	l.meth("indexWhere", func(c *call) any { return indexOf(c, false, func(e any) bool { return truthy(c.lambda(1).call(e)) }) },
		p("collection", isIterV), lz("predicate"))
	l.meth("lastIndexWhere", func(c *call) any { return indexOf(c, true, func(e any) bool { return truthy(c.lambda(1).call(e)) }) },
		p("collection", isIterV), lz("predicate"))
	l.meth("slice", func(c *call) any {
		n := c.int(1)
		items := toSlice(c.st, c.a[0])
		out := []any{}
		if n < 0 {
			throw(isliceStopError(n))
		}
		if n == 0 {
			return out
		}
		for i := 0; i < len(items); i += int(n) {
			out = append(out, append([]any{}, items[i:min(len(items), i+int(n))]...))
		}
		return out
	}, p("collection", isIterV), p("length", isInt))
	l.meth("splitWhere", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		pred := c.lambda(1)
		out := []any{}
		start := 0
		for end := 0; end < len(items); end++ {
			if truthy(pred.call(items[end])) {
				out = append(out, append([]any{}, items[start:end]...))
				start = end + 1
			}
		}
		if start != len(items) {
			out = append(out, append([]any{}, items[start:]...))
		}
		return out
	}, p("collection", isIterV), lz("predicate"))
	l.meth("sliceWhere", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		pred := c.lambda(1)
		out := []any{}
		start := 0
		var prev any = noValue{}
		for end := 0; end < len(items); end++ {
			cur := pred.call(items[end])
			if _, first := prev.(noValue); !first && !equal(cur, prev) {
				out = append(out, append([]any{}, items[start:end]...))
				start = end
			}
			prev = cur
		}
		if start != len(items) {
			out = append(out, append([]any{}, items[start:]...))
		}
		return out
	}, p("collection", isIterV), lz("predicate"))
	l.meth("splitAt", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		lo, _ := pySliceBounds(c.int(1), int64(len(items)), int64(len(items)))
		return []any{append([]any{}, items[:lo]...), append([]any{}, items[lo:]...)}
	}, p("collection", isIterV), p("index", isInt))
	l.meth("reverse", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		out := make([]any, len(items))
		for i, e := range items {
			out[len(items)-1-i] = e
		}
		return sliceIter(c.st, out) // Python's reversed(): a one-shot iterator
	}, p("collection", isIterV))
	l.meth("mergeWith", func(c *call) any {
		return mergeDicts(c, c.a[0].(*data.Map), c.a[1].(*data.Map), c.lambda(2), c.lambda(3), c.int(4))
	}, p("dict", isMap), p("another", isMap), optLz("listMerger"), optLz("itemMerger"), opt("maxLevels", isInt, int64(0)))
	l.fn("generate", func(c *call) any {
		cur := c.a[0]
		pred, prod, sel := c.lambda(1), c.lambda(2), c.lambda(3)
		decycle := c.a[4].(bool)
		seen := newSet(0)
		return newIter(c.st, func() (any, bool) {
			if !truthy(pred.call(cur)) {
				return nil, false
			}
			if decycle {
				if seen.has(cur) {
					return nil, false
				}
				seen.add(cur)
			}
			v := cur
			if sel != nil {
				v = sel.call(cur)
			}
			cur = prod.call(cur)
			return v, true
		})
	}, p("initial", nil), lz("predicate"), lz("producer"), optLz("selector"), opt("decycle", isBool, false))
	l.fn("generateMany", func(c *call) any {
		queue := []any{c.a[0]}
		prod, sel := c.lambda(1), c.lambda(2)
		decycle, depthFirst := c.a[3].(bool), c.a[4].(bool)
		seen := newSet(0)
		return newIter(c.st, func() (any, bool) {
			for len(queue) > 0 {
				item := queue[0]
				queue = queue[1:]
				if decycle {
					if seen.has(item) {
						continue
					}
					seen.add(item)
				}
				v := item
				if sel != nil {
					v = sel.call(item)
				}
				produced := toSlice(c.st, prod.call(item))
				if depthFirst {
					queue = append(append([]any{}, produced...), queue...)
				} else {
					queue = append(queue, produced...)
				}
				if len(queue) > maxElements {
					throwf("Collection length exceeds %d elements", maxElements)
				}
				return v, true
			}
			return nil, false
		})
	}, p("initial", nil), lz("producer"), optLz("selector"), opt("decycle", isBool, false), opt("depthFirst", isBool, false))
	l.meth("defaultIfEmpty", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		if len(items) == 0 {
			return c.a[1]
		}
		return items
	}, p("collection", isIterV), p("default", isIterV))
}

// rangeIter is Python's range over integers of any size (int64 or
// *big.Int); stepping past int64 goes on exactly instead of wrapping.
func rangeIter(st *state, start, stop, step any) *iterator {
	i := start
	up := data.Sign(step) > 0
	return newIter(st, func() (any, bool) {
		c, _ := data.CompareNumbers(i, stop)
		if (up && c >= 0) || (!up && c <= 0) {
			return nil, false
		}
		v := i
		i = data.AddInt(i, step)
		return v, true
	})
}

func groupBy(c *call) any {
	keySel, valSel, agg := c.lambda(1), c.lambda(2), c.lambda(3)
	keys := []any{}
	groups := map[string][]any{}
	forEach(c.st, c.a[0], func(e any) bool {
		k := keySel.call(e)
		v := e
		if valSel != nil {
			v = valSel.call(e)
		}
		h := hashKey(k)
		if _, ok := groups[h]; !ok {
			keys = append(keys, k)
		}
		groups[h] = append(groups[h], v)
		c.st.count(1)
		return true
	})
	out := make([]any, len(keys))
	ga := groupAggregator{agg: agg, fallback: true}
	for i, k := range keys {
		out[i] = ga.aggregate(k, c.st.markList(groups[hashKey(k)])) // each group is a Python list
	}
	return sliceIter(c.st, out) // yaql maps over the groups: a one-shot iterator
}

// groupAggregator applies groupBy's aggregator as yaql's GroupAggregator
// does. The aggregator takes a group's values; should it fail on them
// (no function or method matches, an index out of range), yaql falls back
// to its 1.1.1 form, which took the pair [key, values] and returned the
// group's pair, and from then on uses that form. A first group whose
// result is not such a pair rules the fallback out.
type groupAggregator struct {
	agg      *lambda
	fallback bool
	failure  *yaqlError // the first failure of the current form
}

func (g *groupAggregator) aggregate(key any, values []any) any {
	if g.agg == nil {
		return []any{key, values}
	}
	if g.failure == nil {
		result, err := tryCall(g.agg, values)
		if err == nil {
			if pair, ok := result.([]any); !ok || len(values) != 2 || len(pair) != 2 || !equal(pair[0], values[0]) {
				g.fallback = false
			}
			return []any{key, result}
		}
		if err.kind == errOther {
			panic(err)
		}
		g.failure = err
	}
	if g.fallback {
		if result, err := tryCall(g.agg, []any{key, values}); err == nil {
			if pair, ok := result.([]any); ok && len(pair) == 2 {
				return pair
			}
		}
	}
	panic(g.failure)
}

// tryCall calls f with arg and returns the YAQL error it raises, if any.
func tryCall(f *lambda, arg any) (result any, err *yaqlError) {
	depth := f.s.st.depth
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*yaqlError)
			if !ok {
				panic(r)
			}
			f.s.st.depth = depth
			err = e
		}
	}()
	return f.call(arg), nil
}

func zip(c *call, colls []any, longest bool, fill any) any {
	lists := make([][]any, len(colls))
	n := -1
	for i, col := range colls {
		lists[i] = toSlice(c.st, col)
		if n < 0 || (!longest && len(lists[i]) < n) || (longest && len(lists[i]) > n) {
			n = len(lists[i])
		}
	}
	if n < 0 {
		n = 0
	}
	out := make([]any, n)
	for i := 0; i < n; i++ {
		row := make([]any, len(lists))
		for j, l := range lists {
			if i < len(l) {
				row[j] = l[i]
			} else {
				row[j] = fill
			}
		}
		out[i] = row
	}
	c.st.count(n)
	return out
}

// mergeDicts is mergeWith(): a deep merge where lists are concatenated
// without duplicates unless a listMerger is given.
func mergeDicts(c *call, a, b *data.Map, listMerger, itemMerger *lambda, maxLevels int64) *data.Map {
	out := c.st.markDict(data.NewMap(a.Len() + b.Len()))
	a.Range(func(k string, v1 any) bool {
		out.Set(k, v1)
		bk, ok := findKey(b, keyValue(k))
		if !ok {
			return true
		}
		v2 := b.Value(bk)
		switch t2 := v2.(type) {
		case *data.Map:
			if maxLevels != 1 {
				t1, ok := v1.(*data.Map)
				if !ok {
					throwf("Cannot merge <class '%s'> with <class '%s'>", c.st.pyClass(v1), c.st.pyClass(t2))
				}
				next := int64(0)
				if maxLevels != 0 {
					next = maxLevels - 1
				}
				out.Set(k, mergeDicts(c, t1, t2, listMerger, itemMerger, next))
				return true
			}
		case []any:
			if maxLevels != 1 {
				t1, ok := v1.([]any)
				if !ok {
					throwf("Cannot merge <class '%s'> with <class '%s'>", c.st.pyClass(v1), c.st.pyClass(t2))
				}
				if listMerger != nil {
					out.Set(k, listMerger.call(t1, t2))
				} else {
					seen := newSet(0)
					merged := []any{}
					for _, e := range append(append([]any{}, t1...), t2...) {
						if !seen.has(e) {
							seen.add(e)
							merged = append(merged, e)
						}
					}
					out.Set(k, merged)
				}
				return true
			}
		}
		if itemMerger != nil {
			out.Set(k, itemMerger.call(v1, v2))
		} else {
			out.Set(k, v2)
		}
		return true
	})
	b.Range(func(k string, v any) bool {
		if _, ok := findKey(out, keyValue(k)); !ok {
			out.Set(k, v)
		}
		return true
	})
	return out
}

// Python's errors for a negative index given to islice, which yaql's take,
// limit, slice and skip use.
const (
	isliceStop    = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
	isliceIndices = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."
)

// isliceStopError is the error of islice(it, n) for a negative n: CPython
// reads -1 as a failed conversion ("Stop argument") and rejects the other
// negative stops in its range check ("Indices").
func isliceStopError(n int64) string {
	if n == -1 {
		return isliceStop
	}
	return isliceIndices
}
