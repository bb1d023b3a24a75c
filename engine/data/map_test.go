package data

import (
	"fmt"
	"slices"
	"testing"
)

// keysOf returns n keys k0, k1, ...
func keysOf(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("k%d", i)
	}
	return out
}

func TestMapKeepsOrderAcrossSizes(t *testing.T) {
	// Sizes below, at and above the size where the map gets its index.
	for _, n := range []int{0, 1, smallMap, smallMap + 1, 3 * smallMap} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			keys := keysOf(n)
			m := NewMap(0)
			for i, k := range keys {
				m.Set(k, int64(i))
			}
			if !slices.Equal(m.Keys(), keys) {
				t.Fatalf("keys %v, want %v", m.Keys(), keys)
			}
			for i, k := range keys {
				if v, ok := m.Get(k); !ok || v != int64(i) {
					t.Fatalf("Get(%s) = %v, %v", k, v, ok)
				}
			}
			if m.Has("missing") {
				t.Fatal("Has(missing)")
			}
			// Setting an existing key keeps its place.
			if n > 0 {
				m.Set(keys[0], "again")
				if m.Keys()[0] != keys[0] || m.Value(keys[0]) != "again" || m.Len() != n {
					t.Fatalf("after Set of the first key: %v", Repr(m))
				}
			}
			// Deleting every other key keeps the order of the rest.
			var want []string
			for i, k := range keys {
				if i%2 == 0 {
					m.Delete(k)
				} else {
					want = append(want, k)
				}
			}
			if !slices.Equal(m.Keys(), want) {
				t.Fatalf("keys after deletes %v, want %v", m.Keys(), want)
			}
			for _, k := range want {
				if v := m.Value(k); v == nil {
					t.Fatalf("Value(%s) lost after deletes", k)
				}
			}
			c := m.Clone()
			c.Set("new", true)
			if m.Has("new") {
				t.Fatal("Set on the clone changed the map")
			}
			c.Delete("new")
			if m.Has("new") || !slices.Equal(m.Keys(), want) || !Equal(c, m) {
				t.Fatalf("clone is not independent: %v / %v", Repr(m), Repr(c))
			}
		})
	}
}

// seen is what TestMapRangeWhileChanging prints for keys from to to-1
// holding their index.
func seen(from, to int) string {
	out := ""
	for i := from; i < to; i++ {
		out += fmt.Sprintf("k%d=%d ", i, i)
	}
	return out
}

func TestMapRangeWhileChanging(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		change func(m *Map, k string)
		want   string // keys and values seen
	}{
		{"delete a later key", 3, func(m *Map, k string) {
			if k == "k0" {
				m.Delete("k1")
			}
		}, "k0=0 k1=<nil> k2=2 "},
		{"delete the current key", 3, func(m *Map, k string) { m.Delete(k) }, "k0=0 k1=1 k2=2 "},
		{"add keys", 2, func(m *Map, k string) { m.Set(k+"x", int64(9)) }, "k0=0 k1=1 "},
		{"change a later value", 2, func(m *Map, k string) {
			if k == "k0" {
				m.Set("k1", int64(7))
			}
		}, "k0=0 k1=7 "},
		{"delete a later key, indexed", smallMap + 2, func(m *Map, k string) {
			if k == "k0" {
				m.Delete("k1")
			}
		}, "k0=0 k1=<nil> " + seen(2, smallMap+2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMap(0)
			for i, k := range keysOf(tt.n) {
				m.Set(k, int64(i))
			}
			got := ""
			m.Range(func(k string, v any) bool {
				got += fmt.Sprintf("%s=%v ", k, v)
				tt.change(m, k)
				return true
			})
			if got != tt.want {
				t.Errorf("saw %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkMap builds maps the way the engine's dicts and the JSON columns
// do and reads every key back.
func BenchmarkMap(b *testing.B) {
	for _, n := range []int{3, 8, 21, smallMap, 4 * smallMap} {
		keys := keysOf(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := NewMap(n)
				for i, k := range keys {
					m.Set(k, int64(i))
				}
				for _, k := range keys {
					if !m.Has(k) {
						b.Fatal(k)
					}
				}
			}
		})
	}
}
