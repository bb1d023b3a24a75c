package data

import "testing"

// TestStoredKeys checks that typed keys keep their type, find the keys
// Python finds equal, and print and serialise as Python does.
func TestStoredKeys(t *testing.T) {
	m := NewMap(0)
	for _, k := range []any{int64(1), nil, 2.5, "x"} {
		s, ok := StoredKey(k)
		if !ok {
			t.Fatalf("StoredKey(%v) refused", k)
		}
		m.Set(s, k)
	}
	for _, tt := range []struct {
		key   any
		found bool
		value any
	}{
		{int64(1), true, int64(1)}, {1.0, true, int64(1)}, {true, true, int64(1)},
		{"1", false, nil}, {nil, true, nil}, {2.5, true, 2.5}, {"x", true, "x"}, {false, false, nil},
	} {
		k, ok := FindKey(m, tt.key)
		if ok != tt.found || (ok && !Equal(m.Value(k), tt.value)) {
			t.Errorf("FindKey(%#v) = %q, %v", tt.key, k, ok)
		}
	}
	if got, want := Repr(m), "{1: 1, None: None, 2.5: 2.5, 'x': 'x'}"; got != want {
		t.Errorf("Repr = %s, want %s", got, want)
	}
	var texts []string
	for _, k := range m.Keys() {
		texts = append(texts, KeyText(k))
	}
	if got, want := Repr(texts), "['1', 'null', '2.5', 'x']"; got != want {
		t.Errorf("KeyText = %s, want %s", got, want)
	}
	if _, ok := StoredKey([]any{}); ok {
		t.Error("StoredKey accepted a list")
	}
}
