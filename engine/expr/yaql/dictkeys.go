package yaql

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// Dict keys. data.Map has string keys, but a yaql dict may have other
// hashable keys ({1 => a}, toDict($.id, ...)), which Python keeps apart from
// the string with the same text: {1 => a}.get('1') is null and a dict parsed
// from JSON ({"1": ...}) does not answer get(1). Such a key is stored as
// keyMark + hashKey(k) + keyMark + a tag of its type, so that equal keys in
// Python's sense (1, 1.0, true) find each other and the key keeps its type;
// finalize turns it into the JSON text of the key when the dict leaves the
// expression, as Mistral's serialisation of the published value does.
const keyMark = "\x00"

// Type tags of a non-string key.
const (
	keyTagNull  = "N"
	keyTagBool  = "b"
	keyTagInt   = "i"
	keyTagFloat = "f"
)

// dictKey is the stored form of a new key k.
func dictKey(k any) string {
	tag := ""
	switch k := k.(type) {
	case string:
		return k
	case []any, *data.Map, *Set:
		throwf("unhashable type: '%s'", typeName(k))
	case nil:
		tag = keyTagNull
	case bool:
		tag = keyTagBool
	case int64, *big.Int:
		tag = keyTagInt
	case float64:
		tag = keyTagFloat
	case data.Foreign: // a datetime or timespan: keyed by its JSON text
		b, err := data.Encode(k.JSONValue())
		if err != nil {
			throwf("unhashable type: '%s'", typeName(k))
		}
		return string(b)
	default:
		throwf("unhashable type: '%s'", typeName(k))
	}
	return keyMark + hashKey(k) + keyMark + tag
}

// findKey is the stored key of m equal to k, if there is one.
func findKey(m *data.Map, k any) (string, bool) {
	if s, ok := k.(string); ok {
		return s, m.Has(s)
	}
	stored := dictKey(k)
	if m.Has(stored) {
		return stored, true
	}
	base := stored[:strings.LastIndex(stored, keyMark)+1]
	for _, tag := range []string{keyTagBool, keyTagInt, keyTagFloat} {
		if m.Has(base + tag) {
			return base + tag, true
		}
	}
	return stored, false
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
func keyValue(stored string) any {
	if !strings.HasPrefix(stored, keyMark) {
		return stored
	}
	end := strings.LastIndex(stored, keyMark)
	if end <= 0 {
		return stored
	}
	// hashKey writes "N" for null and "n" + the number for the rest.
	text, tag := strings.TrimPrefix(stored[len(keyMark):end], "n"), stored[end+len(keyMark):]
	switch tag {
	case keyTagNull:
		return nil
	case keyTagBool:
		return text == "1"
	case keyTagInt:
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return i
		}
		if b, ok := new(big.Int).SetString(text, 10); ok {
			return b
		}
	case keyTagFloat:
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return f
		}
	}
	return stored
}

// outputKey is the JSON text of a stored key, as json.dumps writes a dict
// key: strings as they are, 1 as "1", null as "null".
func outputKey(stored string) string {
	v := keyValue(stored)
	if s, ok := v.(string); ok {
		return s
	}
	b, err := data.Encode(jsonValue(v))
	if err != nil {
		return stored
	}
	return string(b)
}
