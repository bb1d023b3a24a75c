package data

// Map is an insertion-ordered mapping from strings to values, the Go
// counterpart of a Python dict with string keys. The zero value is not usable;
// create maps with NewMap or MapOf.
type Map struct {
	keys []string
	vals map[string]any
}

// NewMap returns an empty map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]string, 0, n), vals: make(map[string]any, n)}
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
	v, ok := m.vals[k]
	return v, ok
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
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// Delete removes k, keeping the order of the other keys.
func (m *Map) Delete(k string) {
	if _, ok := m.vals[k]; !ok {
		return
	}
	delete(m.vals, k)
	for i, key := range m.keys {
		if key == k {
			m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
			break
		}
	}
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	return m.keys
}

// Range calls f for each entry in order until f returns false.
func (m *Map) Range(f func(k string, v any) bool) {
	if m == nil {
		return
	}
	for _, k := range m.keys {
		if !f(k, m.vals[k]) {
			return
		}
	}
}

// Clone returns a shallow copy.
func (m *Map) Clone() *Map {
	c := NewMap(m.Len())
	m.Range(func(k string, v any) bool {
		c.Set(k, v)
		return true
	})
	return c
}
