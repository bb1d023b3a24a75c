package data

import (
	"math/big"
	"strconv"
	"strings"
)

// Typed dict keys. A Map has string keys, but a Python dict built by an
// expression may have None, bool, int and float keys ({1: 'a'} in Jinja,
// {1 => a} in YAQL), which Python keeps apart from the string with the same
// text. Such a key is stored as KeyMark + its number text ("n1", or "N" for
// None) + KeyMark + a tag of its type, so that keys Python finds equal (1,
// 1.0 and True) find each other and the key keeps its type. Repr prints
// the key with its type; KeyText is the JSON text the key becomes when the
// dict is stored ("1", "true", "null").
const KeyMark = "\x00"

// Type tags of a stored key.
const (
	keyTagNull  = "N"
	keyTagBool  = "b"
	keyTagInt   = "i"
	keyTagFloat = "f"
)

// StoredKey is the stored form of the scalar key k; ok is false when k is
// not None, a bool, an int, a float or a string.
func StoredKey(k any) (stored string, ok bool) {
	var text, tag string
	switch t := k.(type) {
	case string:
		return t, true
	case nil:
		return KeyMark + "N" + KeyMark + keyTagNull, true
	case bool:
		text, tag = "0", keyTagBool
		if t {
			text = "1"
		}
	case int64:
		text, tag = strconv.FormatInt(t, 10), keyTagInt
	case *big.Int:
		text, tag = t.String(), keyTagInt
	case float64:
		tag = keyTagFloat
		var integral bool
		if text, integral = IntegralText(t); !integral {
			text = strconv.FormatFloat(t, 'g', -1, 64)
		}
	default:
		return "", false
	}
	return KeyMark + "n" + text + KeyMark + tag, true
}

// FindKey is the stored key of m that equals k in Python's sense, if there
// is one; otherwise it is k's own stored form. k must be a scalar key.
func FindKey(m *Map, k any) (string, bool) {
	stored, ok := StoredKey(k)
	if !ok || m.Has(stored) || !strings.HasPrefix(stored, KeyMark) {
		return stored, ok && m.Has(stored)
	}
	base := stored[:strings.LastIndex(stored, KeyMark)+1]
	for _, tag := range []string{keyTagBool, keyTagInt, keyTagFloat} {
		if m.Has(base + tag) {
			return base + tag, true
		}
	}
	return stored, false
}

// KeyValue is the value of a stored key.
func KeyValue(stored string) any {
	if !strings.HasPrefix(stored, KeyMark) {
		return stored
	}
	end := strings.LastIndex(stored, KeyMark)
	if end <= 0 {
		return stored
	}
	text, tag := strings.TrimPrefix(stored[len(KeyMark):end], "n"), stored[end+len(KeyMark):]
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

// KeyText is the JSON text of a stored key, as json.dumps writes a dict
// key: a string as it is, 1 as "1", True as "true", None as "null".
func KeyText(stored string) string {
	v := KeyValue(stored)
	if s, ok := v.(string); ok {
		return s
	}
	b, err := Encode(v)
	if err != nil {
		return stored
	}
	return string(b)
}
