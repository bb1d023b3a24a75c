package jinja

import "github.com/tramontane/tramontane/engine/data"

// pyRange is what range() returns: a sequence of ints that str() and repr()
// print as range(0, 3), that equals only another range with the same ints
// and that tojson and yaml_dump cannot write. A stored result is its list.
type pyRange struct {
	start, stop, step any // int64 or *big.Int, as Python holds them
	items             []any
}

func (r *pyRange) JSONValue() any { return r.items }
func (r *pyRange) PythonRepr() string {
	text := "range(" + data.Str(r.start) + ", " + data.Str(r.stop)
	if data.Sign(data.SubInt(r.step, int64(1))) != 0 {
		text += ", " + data.Str(r.step)
	}
	return text + ")"
}
func (r *pyRange) PythonStr() string { return r.PythonRepr() }
func (r *pyRange) Truthy() bool      { return len(r.items) > 0 }

// sliceRange is r[lo:hi:st], itself a range as in Python, whose bounds
// come from slice.indices(len(r)); items are the sliced ints.
func sliceRange(r *pyRange, lo, hi, st *int64, items []any) any {
	start, ok1 := r.start.(int64)
	step, ok2 := r.step.(int64)
	if !ok1 || !ok2 {
		return items
	}
	i, j, k := sliceIndices(int64(len(r.items)), lo, hi, st)
	return &pyRange{
		start: data.AddInt(start, data.MulInt(i, step)),
		stop:  data.AddInt(start, data.MulInt(j, step)),
		step:  data.MulInt(k, step),
		items: items,
	}
}

// sliceIndices is Python's slice(lo, hi, st).indices(n); st is not 0.
func sliceIndices(n int64, lo, hi, st *int64) (start, stop, step int64) {
	step = 1
	if st != nil {
		step = *st
	}
	adjust := func(p *int64, def int64) int64 {
		if p == nil {
			return def
		}
		x := *p
		switch {
		case x < 0:
			x += n
			if x < 0 {
				x = 0
				if step < 0 {
					x = -1
				}
			}
		case x >= n:
			x = n
			if step < 0 {
				x = n - 1
			}
		}
		return x
	}
	if step < 0 {
		return adjust(lo, n-1), adjust(hi, -1), step
	}
	return adjust(lo, 0), adjust(hi, n), step
}
