package data

// Map is an insertion-ordered mapping from strings to values, the Go
// counterpart of a Python dict with string keys. The zero value is not usable;
// create maps with NewMap or MapOf.
//
// Keys and values are kept in two parallel slices, in order. Most maps are
// small (a few dozen keys at most): they are searched linearly, which costs
// fewer allocations and about the time of hashing; a map that grows past
// smallMap entries gets a hash index.
type Map struct {
	keys  []string
	vals  []any
	index map[string]int // key -> position; nil while the map is small
}

// smallMap is the size up to which a map has no hash index.
const smallMap = 32

// NewMap returns an empty map with room for n entries. A small map comes in
// one allocation with room for its first entries (a map that outgrows them
// moves its entries out, as a slice does).
func NewMap(n int) *Map {
	switch {
	case n == 0:
		return &Map{keys: []string{}, vals: []any{}}
	case n <= 4:
		b := new(struct {
			m Map
			k [4]string
			v [4]any
		})
		b.m.keys, b.m.vals = b.k[:0], b.v[:0]
		return &b.m
	case n <= 8:
		b := new(struct {
			m Map
			k [8]string
			v [8]any
		})
		b.m.keys, b.m.vals = b.k[:0], b.v[:0]
		return &b.m
	}
	m := &Map{keys: make([]string, 0, n), vals: make([]any, 0, n)}
	if n > smallMap {
		m.index = make(map[string]int, n)
	}
	return m
}

// MapOf builds a map from alternating keys and values: MapOf("a", 1, "b", 2).
// It panics on an odd argument count or a non-string key; it is meant for
// literals in code and tests.
func MapOf(kv ...any) *Map {
	if len(kv)%2 != 0 {
		panic("data.MapOf: odd number of arguments")
	}
	m := NewMap(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		m.Set(kv[i].(string), Normalize(kv[i+1]))
	}
	return m
}

// find returns the position of k, or -1.
func (m *Map) find(k string) int {
	if m.index != nil {
		if i, ok := m.index[k]; ok {
			return i
		}
		return -1
	}
	for i, key := range m.keys {
		if key == k {
			return i
		}
	}
	return -1
}

// Len returns the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Get returns the value stored under k.
func (m *Map) Get(k string) (any, bool) {
	if m == nil {
		return nil, false
	}
	if i := m.find(k); i >= 0 {
		return m.vals[i], true
	}
	return nil, false
}

// Value returns the value stored under k, or nil.
func (m *Map) Value(k string) any {
	v, _ := m.Get(k)
	return v
}

// Has reports whether k is present.
func (m *Map) Has(k string) bool {
	_, ok := m.Get(k)
	return ok
}

// Set stores v under k. A new key goes to the end; an existing key keeps its
// position, as in Python.
func (m *Map) Set(k string, v any) {
	if i := m.find(k); i >= 0 {
		m.vals[i] = v
		return
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	switch {
	case m.index != nil:
		m.index[k] = len(m.keys) - 1
	case len(m.keys) > smallMap:
		m.reindex()
	}
}

// reindex builds the hash index from the keys.
func (m *Map) reindex() {
	if m.index == nil {
		m.index = make(map[string]int, len(m.keys))
	} else {
		clear(m.index)
	}
	for i, k := range m.keys {
		m.index[k] = i
	}
}

// Delete removes k, keeping the order of the other keys.
func (m *Map) Delete(k string) {
	i := m.find(k)
	if i < 0 {
		return
	}
	// New slices: a Keys slice handed out before, or a Range under way,
	// keeps what it had.
	m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i:i], m.vals[i+1:]...)
	if m.index != nil {
		m.reindex()
	}
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Range calls f for each entry in order until f returns false. Keys that f
// adds are not visited; a value f changes or deletes before its turn is
// seen changed (nil when deleted).
func (m *Map) Range(f func(k string, v any) bool) {
	if m == nil {
		return
	}
	for i, k := range m.keys {
		var v any
		if i < len(m.keys) && m.keys[i] == k {
			v = m.vals[i]
		} else {
			v = m.Value(k) // f deleted keys: positions moved
		}
		if !f(k, v) {
			return
		}
	}
}

// Clone returns a shallow copy.
func (m *Map) Clone() *Map {
	n := m.Len()
	c := NewMap(n)
	c.keys = append(c.keys, m.Keys()...)
	if n > 0 {
		c.vals = append(c.vals, m.vals...)
	}
	if c.index != nil {
		c.reindex()
	}
	return c
}
