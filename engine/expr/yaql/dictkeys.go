package yaql

import (
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// Dict keys. data.Map has string keys, but a yaql dict may have other
// hashable keys ({1 => a}, toDict($.id, ...)), which Python keeps apart from
// the string with the same text: {1 => a}.get('1') is null and a dict parsed
// from JSON ({"1": ...}) does not answer get(1). Such a key is stored in
// data's typed form (data.StoredKey), so that equal keys in Python's sense
// (1, 1.0, true) find each other and the key keeps its type; finalize turns
// it into the JSON text of the key when the dict leaves the expression, as
// Mistral's serialisation of the published value does.
const keyMark = data.KeyMark

// dictKey is the stored form of a new key k.
func dictKey(k any) string {
	if stored, ok := data.StoredKey(k); ok {
		return stored
	}
	switch k := k.(type) {
	case data.Foreign: // a datetime or timespan: keyed by its JSON text
		if _, isSet := k.(*Set); !isSet {
			b, err := data.Encode(k.JSONValue())
			if err == nil {
				return string(b)
			}
		}
	}
	throwf("unhashable type: '%s'", typeName(k))
	return ""
}

// findKey is the stored key of m equal to k, if there is one.
func findKey(m *data.Map, k any) (string, bool) {
	if _, ok := data.StoredKey(k); ok {
		return data.FindKey(m, k)
	}
	stored := dictKey(k)
	return stored, m.Has(stored)
}

// keyFor is the key under which k is set in m: an equal key already there
// keeps its form, as in Python.
func keyFor(m *data.Map, k any) string {
	stored, _ := findKey(m, k)
	return stored
}

// keyClass is the same text for stored keys Python finds equal (1, 1.0
// and true), for hashing a dict.
func keyClass(stored string) string {
	if !strings.HasPrefix(stored, keyMark) {
		return stored
	}
	return stored[:strings.LastIndex(stored, keyMark)]
}

// keyValue is the yaql value of a stored key.
func keyValue(stored string) any { return data.KeyValue(stored) }

// outputKey is the JSON text of a stored key, as json.dumps writes a dict
// key: strings as they are, 1 as "1", null as "null".
func outputKey(stored string) string { return data.KeyText(stored) }
