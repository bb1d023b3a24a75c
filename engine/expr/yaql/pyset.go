package yaql

import (
	"math"
	"math/big"
)

// The order of a set. yaql's sets are Python frozensets, which iterate in
// the order of their hash table, and a set leaving an expression is copied
// into a new Python set first: [3, 1, 2].toSet() gives [1, 2, 3] and
// [10, 3, 8].toSet() gives [8, 10, 3]. For members whose hash does not
// depend on the process (numbers and booleans) pyTable replays CPython's
// table (Objects/setobject.c, 3.11 and 3.12) to get that order. Sets with
// other members (strings hash differently in every Python process) keep
// their insertion order.

const (
	pySetMinSize  = 8
	pyLinearProbe = 9
	pyPerturb     = 5
	pyHashBits    = 61
	pyHashModulus = uint64(1)<<pyHashBits - 1
)

type pySlotState uint8

const (
	slotUnused pySlotState = iota
	slotActive
	slotDummy
)

type pySlot struct {
	v     any
	hash  uint64
	state pySlotState
}

// pyTable is a CPython set's hash table.
type pyTable struct {
	slots      []pySlot
	fill, used int
}

func newPyTable() *pyTable { return &pyTable{slots: make([]pySlot, pySetMinSize)} }

// pyTableOf is the table of frozenset(items), or nil when a member has no
// stable hash.
func pyTableOf(items []any) *pyTable {
	t := newPyTable()
	for _, v := range items {
		h, ok := pyHash(v)
		if !ok {
			return nil
		}
		t.add(v, h)
	}
	return t
}

func (t *pyTable) mask() uint64 { return uint64(len(t.slots) - 1) }

// order is the members in the order Python iterates them.
func (t *pyTable) order() []any {
	out := make([]any, 0, t.used)
	for _, e := range t.slots {
		if e.state == slotActive {
			out = append(out, e.v)
		}
	}
	return out
}

// probe visits the slots of h's probe sequence (a few neighbours, then a
// jump driven by the hash's high bits) until visit returns true.
func (t *pyTable) probe(h uint64, visit func(j uint64) bool) {
	mask := t.mask()
	i, perturb := h&mask, h
	for {
		probes := uint64(0)
		if i+pyLinearProbe <= mask {
			probes = pyLinearProbe
		}
		for j := i; j <= i+probes; j++ {
			if visit(j) {
				return
			}
		}
		perturb >>= pyPerturb
		i = (i*5 + 1 + perturb) & mask
	}
}

// lookup is set_lookkey: the slot of the member equal to v, or -1.
func (t *pyTable) lookup(v any, h uint64) int {
	found := -1
	t.probe(h, func(j uint64) bool {
		e := &t.slots[j]
		if e.state == slotActive && e.hash == h && hashKey(e.v) == hashKey(v) {
			found = int(j)
		}
		return found >= 0 || e.state == slotUnused
	})
	return found
}

// add is set_add_entry: a new member takes the first dummy slot on its
// probe sequence or else the free slot that ends it.
func (t *pyTable) add(v any, h uint64) {
	free, at := -1, -1
	t.probe(h, func(j uint64) bool {
		e := &t.slots[j]
		switch e.state {
		case slotUnused:
			at = int(j)
			return true
		case slotActive:
			return e.hash == h && hashKey(e.v) == hashKey(v)
		}
		if free < 0 {
			free = int(j)
		}
		return false
	})
	switch {
	case at < 0: // already a member
	case free >= 0:
		t.slots[free] = pySlot{v: v, hash: h, state: slotActive}
		t.used++
	default:
		t.slots[at] = pySlot{v: v, hash: h, state: slotActive}
		t.fill++
		t.used++
		if uint64(t.fill)*5 >= t.mask()*3 {
			t.resize(t.growTo())
		}
	}
}

func (t *pyTable) growTo() int {
	if t.used > 50000 {
		return t.used * 2
	}
	return t.used * 4
}

// discard is set_discard_entry: the member's slot becomes a dummy.
func (t *pyTable) discard(v any, h uint64) bool {
	i := t.lookup(v, h)
	if i < 0 {
		return false
	}
	t.slots[i] = pySlot{state: slotDummy}
	t.used--
	return true
}

// resize is set_table_resize: the smallest power of two above minUsed, the
// members moved over in slot order.
func (t *pyTable) resize(minUsed int) {
	size := pySetMinSize
	for size <= minUsed {
		size <<= 1
	}
	old := t.slots
	t.slots = make([]pySlot, size)
	t.fill = t.used
	for _, e := range old {
		if e.state == slotActive {
			t.insertClean(e)
		}
	}
}

// insertClean is set_insert_clean, for a table without dummies or equal
// members.
func (t *pyTable) insertClean(e pySlot) {
	t.probe(e.hash, func(j uint64) bool {
		if t.slots[j].state != slotUnused {
			return false
		}
		t.slots[j] = e
		return true
	})
}

// merge is set_merge, adding the members of other.
func (t *pyTable) merge(other *pyTable) {
	if other.used == 0 {
		return
	}
	if uint64(t.fill+other.used)*5 >= t.mask()*3 {
		t.resize((t.used + other.used) * 2)
	}
	switch {
	case t.fill == 0 && len(t.slots) == len(other.slots) && other.fill == other.used:
		copy(t.slots, other.slots)
		t.fill, t.used = other.fill, other.used
	case t.fill == 0:
		t.fill, t.used = other.used, other.used
		for _, e := range other.slots {
			if e.state == slotActive {
				t.insertClean(e)
			}
		}
	default:
		for _, e := range other.slots {
			if e.state == slotActive {
				t.add(e.v, e.hash)
			}
		}
	}
}

// clone is make_new_set(type, so): a new set merged from t.
func (t *pyTable) clone() *pyTable {
	c := newPyTable()
	c.merge(t)
	return c
}

// activeSlots are the members with their hashes, in slot order.
func (t *pyTable) activeSlots() []pySlot {
	out := make([]pySlot, 0, t.used)
	for _, e := range t.slots {
		if e.state == slotActive {
			out = append(out, e)
		}
	}
	return out
}

// pyUnion is frozenset.union.
func pyUnion(a, b *pyTable) *pyTable {
	t := a.clone()
	t.merge(b)
	return t
}

// pyIntersection is frozenset.intersection: it walks the smaller set.
func pyIntersection(so, other *pyTable) *pyTable {
	t := newPyTable()
	if other.used > so.used {
		so, other = other, so
	}
	for _, e := range other.activeSlots() {
		if so.lookup(e.v, e.hash) >= 0 {
			t.add(e.v, e.hash)
		}
	}
	return t
}

// pyDifference is frozenset.difference: a copy with other's members
// discarded when so is much larger, else the members of so not in other.
func pyDifference(so, other *pyTable) *pyTable {
	if so.used>>2 > other.used {
		t := so.clone()
		for _, e := range other.activeSlots() {
			t.discard(e.v, e.hash)
		}
		if uint64(t.fill-t.used) > t.mask()/4 {
			t.resize(t.growTo())
		}
		return t
	}
	t := newPyTable()
	for _, e := range so.activeSlots() {
		if other.lookup(e.v, e.hash) < 0 {
			t.add(e.v, e.hash)
		}
	}
	return t
}

// pySymmetricDifference is frozenset.symmetric_difference: a copy of other
// updated with the members of so.
func pySymmetricDifference(so, other *pyTable) *pyTable {
	t := other.clone()
	for _, e := range so.activeSlots() {
		if !t.discard(e.v, e.hash) {
			t.add(e.v, e.hash)
		}
	}
	return t
}

// pyHash is Python's hash of a number or boolean as the unsigned value the
// table uses; false for values whose hash is not stable across processes.
func pyHash(v any) (uint64, bool) {
	switch t := v.(type) {
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	case int64:
		return uint64(pyHashSigned(t < 0, absUint(t)%pyHashModulus)), true
	case *big.Int:
		r := new(big.Int).Abs(t)
		r.Mod(r, new(big.Int).SetUint64(pyHashModulus))
		return uint64(pyHashSigned(t.Sign() < 0, r.Uint64())), true
	case float64:
		return pyHashFloat(t)
	}
	return 0, false
}

func absUint(i int64) uint64 {
	if i < 0 {
		return uint64(-(i + 1)) + 1
	}
	return uint64(i)
}

func pyHashSigned(neg bool, x uint64) int64 {
	h := int64(x)
	if neg {
		h = -h
	}
	if h == -1 {
		h = -2
	}
	return h
}

// pyHashFloat is _Py_HashDouble; a NaN hashes by identity.
func pyHashFloat(v float64) (uint64, bool) {
	switch {
	case math.IsNaN(v):
		return 0, false
	case math.IsInf(v, 1):
		return 314159, true
	case math.IsInf(v, -1):
		return uint64(pyHashSigned(true, 314159)), true
	}
	m, e := math.Frexp(v)
	neg := m < 0
	if neg {
		m = -m
	}
	var x uint64
	for m != 0 {
		x = ((x << 28) & pyHashModulus) | x>>(pyHashBits-28)
		m *= 268435456.0
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= pyHashModulus {
			x -= pyHashModulus
		}
	}
	if e >= 0 {
		e %= pyHashBits
	} else {
		e = pyHashBits - 1 - ((-1 - e) % pyHashBits)
	}
	x = ((x << uint(e)) & pyHashModulus) | x>>(pyHashBits-uint(e))
	return uint64(pyHashSigned(neg, x)), true
}
