package data

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// Normalize converts ordinary Go values (int, float32, map[string]any,
// []string, ...) into this package's value types. Values already in the model
// are returned as they are; unsupported types are returned unchanged.
func Normalize(v any) any {
	n, ok := normalize(v)
	if !ok {
		return v
	}
	return n
}

func normalize(v any) (any, bool) {
	switch t := v.(type) {
	case nil, bool, int64, float64, string, *Map:
		return v, true
	case *big.Int:
		return Int(t), true
	case []any:
		for i, e := range t {
			n, ok := normalize(e)
			if !ok {
				return nil, false
			}
			t[i] = n
		}
		return t, true
	case int:
		return int64(t), true
	case int32:
		return int64(t), true
	case uint32:
		return int64(t), true
	case uint64:
		if t > math.MaxInt64 {
			return new(big.Int).SetUint64(t), true
		}
		return int64(t), true
	case float32:
		return float64(t), true
	case []string:
		l := make([]any, len(t))
		for i, s := range t {
			l[i] = s
		}
		return l, true
	case []*Map:
		l := make([]any, len(t))
		for i, m := range t {
			l[i] = m
		}
		return l, true
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := NewMap(len(t))
		for _, k := range keys {
			n, ok := normalize(t[k])
			if !ok {
				return nil, false
			}
			m.Set(k, n)
		}
		return m, true
	case map[string]string:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := NewMap(len(t))
		for _, k := range keys {
			m.Set(k, t[k])
		}
		return m, true
	}
	return nil, false
}

// DeepCopy returns a copy of v that shares no maps or lists with it.
func DeepCopy(v any) any {
	switch t := v.(type) {
	case []any:
		c := make([]any, len(t))
		for i, e := range t {
			c[i] = DeepCopy(e)
		}
		return c
	case *Map:
		c := NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			c.Set(k, DeepCopy(e))
			return true
		})
		return c
	}
	return v
}

// Merge deep-merges right into left as Mistral's utils.merge_dicts does with
// overwrite: keys missing from left are added, nested maps are merged
// recursively, and any other value of right replaces left's. left is
// modified; right's nested maps are copied, never shared.
func Merge(left, right *Map) {
	right.Range(func(k string, rv any) bool {
		lv, ok := left.Get(k)
		lm, lIsMap := lv.(*Map)
		rm, rIsMap := rv.(*Map)
		if ok && lIsMap && rIsMap {
			Merge(lm, rm)
		} else {
			left.Set(k, DeepCopy(rv))
		}
		return true
	})
}

// Truthy reports Python truthiness: nil, false, 0, 0.0, "" and empty
// containers are false.
func Truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case int64:
		return t != 0
	case float64:
		return t != 0
	case *big.Int:
		return t.Sign() != 0
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case *Map:
		return t.Len() > 0
	case Foreign:
		return t.Truthy()
	}
	return true
}

// Equal reports Python equality: numbers compare by value across int and
// float (and bools equal 1 and 0, as in Python), maps regardless of order.
func Equal(a, b any) bool {
	if ia, ok := a.(int64); ok {
		if ib, ok := b.(int64); ok {
			return ia == ib
		}
	}
	if c, ok := CompareNumbers(a, b); ok {
		return c == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *Map:
		y, ok := b.(*Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			yv, ok := y.Get(k)
			if !ok || !Equal(x.vals[i], yv) {
				return false
			}
		}
		return true
	}
	return false
}

// Str formats v as Python's str() does: strings as they are, everything else
// as Repr.
func Str(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case Foreign:
		return t.PythonStr()
	}
	return Repr(v)
}

// Repr formats v as Python's repr() does: None, True, 'text', [1, 2],
// {'a': 1}.
func Repr(v any) string {
	var b strings.Builder
	repr(&b, v)
	return b.String()
}

func repr(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if t {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case *big.Int:
		b.WriteString(t.String())
	case float64:
		b.WriteString(FloatRepr(t))
	case string:
		b.WriteString(StringRepr(t))
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			repr(b, e)
		}
		b.WriteByte(']')
	case *Map:
		if t == nil {
			b.WriteString("None")
			return
		}
		b.WriteByte('{')
		for i, k := range t.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			repr(b, KeyValue(k))
			b.WriteString(": ")
			repr(b, t.vals[i])
		}
		b.WriteByte('}')
	case Foreign:
		b.WriteString(t.PythonRepr())
	default:
		if n, ok := normalize(v); ok {
			repr(b, n)
			return
		}
		b.WriteString("<object>")
	}
}

// NumberAttr is a number's data attribute (x.real, as a format field or
// Jinja names it): an int or a bool has real, imag, numerator and
// denominator, a float real and imag. ok is false for anything else.
func NumberAttr(v any, name string) (attr any, ok bool) {
	switch t := v.(type) {
	case bool:
		n := int64(0)
		if t {
			n = 1
		}
		return NumberAttr(n, name)
	case int64, *big.Int:
		switch name {
		case "real", "numerator":
			return t, true
		case "imag":
			return int64(0), true
		case "denominator":
			return int64(1), true
		}
	case float64:
		switch name {
		case "real":
			return t, true
		case "imag":
			return 0.0, true
		}
	}
	return nil, false
}

// ASCII is Python's ascii() of a value whose repr() is repr: repr with
// every non-ASCII character escaped as \xNN, \uNNNN or \UNNNNNNNN.
func ASCII(repr string) string {
	var b strings.Builder
	for _, r := range repr {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			writeEscape(&b, r)
		}
	}
	return b.String()
}

// writeEscape writes r as Python escapes it: \xNN, \uNNNN or \UNNNNNNNN.
func writeEscape(b *strings.Builder, r rune) {
	switch {
	case r < 0x100:
		fmt.Fprintf(b, `\x%02x`, r)
	case r < 0x10000:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}

// StringRepr quotes s as Python's repr() of a str does: single quotes unless
// the text contains a single quote and no double quote.
func StringRepr(s string) string {
	quote := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&0xf])
		case r >= 0x80 && !pycase.IsPrintable(r):
			// Python escapes what str.isprintable() refuses: other
			// controls, format characters and every space but ' '.
			writeEscape(&b, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// FloatRepr formats f as Python's repr(float): the shortest text that reads
// back as f, with ".0" on integral values and exponent notation below 1e-4
// and from 1e16 on (1e+16, 1e-05).
func FloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expPart, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expPart)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		return mant + "e" + sign + es
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(s, '.') {
		s += ".0"
	}
	return s
}

// TypeName is Python's type(v).__name__ for values of this model, the name
// Mistral's messages show ("dict", "NoneType", ...).
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case *Map:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}
