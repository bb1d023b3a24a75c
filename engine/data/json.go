package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse decodes JSON text into a value: objects become *Map (order kept),
// integral numbers int64 (*big.Int when they do not fit), other numbers
// float64. Python's NaN, Infinity and -Infinity literals are accepted, as
// json.loads accepts them.
//
// Valid input is read in one pass by a small scanner; anything it does not
// accept goes through encoding/json, whose errors (and whose replacement of
// invalid UTF-8 and lone surrogates by U+FFFD) callers then see.
func Parse(b []byte) (any, error) {
	p := scanner{b: string(b)}
	if v, ok := p.document(); ok {
		return v, nil
	}
	return parseDecoder(b)
}

// parseDecoder is Parse through encoding/json's token stream.
func parseDecoder(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(pythonConstants(b)))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("extra data after JSON value")
	}
	return v, nil
}

// ParseString is Parse for a string. The strings of the result that need no
// unescaping share s's memory.
func ParseString(s string) (any, error) {
	p := scanner{b: s}
	if v, ok := p.document(); ok {
		return v, nil
	}
	return parseDecoder([]byte(s))
}

// pythonConstants rewrites NaN/Infinity literals outside strings into tagged
// strings that decodeValue turns back into floats. Most inputs have none and
// are returned unchanged.
func pythonConstants(b []byte) []byte {
	if !bytes.Contains(b, []byte("NaN")) && !bytes.Contains(b, []byte("Infinity")) {
		return b
	}
	var out bytes.Buffer
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inStr {
			out.WriteByte(c)
			if c == '\\' && i+1 < len(b) {
				i++
				out.WriteByte(b[i])
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
			out.WriteByte(c)
		case bytes.HasPrefix(b[i:], []byte("NaN")):
			out.WriteString(`"\u0000NaN"`)
			i += 2
		case bytes.HasPrefix(b[i:], []byte("-Infinity")):
			out.WriteString(`"\u0000-Infinity"`)
			i += 8
		case bytes.HasPrefix(b[i:], []byte("Infinity")):
			out.WriteString(`"\u0000Infinity"`)
			i += 7
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := NewMap(4)
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				m.Set(k, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return m, nil
		case '[':
			l := []any{}
			for dec.More() {
				v, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return l, nil
		}
		return nil, fmt.Errorf("unexpected delimiter %v", t)
	case json.Number:
		if !strings.ContainsAny(string(t), ".eE") {
			if err := IntDigitsError(string(t)); err != nil {
				return nil, err
			}
		}
		return parseNumber(string(t)), nil
	case string:
		switch t {
		case "\x00NaN":
			return math.NaN(), nil
		case "\x00Infinity":
			return math.Inf(1), nil
		case "\x00-Infinity":
			return math.Inf(-1), nil
		}
		return t, nil
	default: // bool, nil
		return t, nil
	}
}

func parseNumber(s string) any {
	isInt := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c == 'e' || c == 'E' {
			isInt = false
			break
		}
	}
	if isInt {
		if n, ok := ParseInt(s); ok {
			return n
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// encodeBuffer is the room an encoding starts with: most values the engine
// stores (contexts, runtime contexts, results) fit, in one allocation.
const encodeBuffer = 256

// Encode writes v as compact JSON (no spaces), with floats in Python's
// notation so that they decode as floats again. It is the storage format.
func Encode(v any) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(encodeBuffer)
	if err := encode(&b, v, false, false); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// MustEncode is Encode for values known to be encodable (those built by this
// package); it panics otherwise.
func MustEncode(v any) []byte {
	b, err := Encode(v)
	if err != nil {
		panic(err)
	}
	return b
}

// EncodePython writes v as Python's json.dumps(v) does by default: ", " and
// ": " separators and non-ASCII characters escaped as \uXXXX. Mistral's REST
// API renders its JSON-typed fields as strings in this format.
func EncodePython(v any) (string, error) {
	var b bytes.Buffer
	b.Grow(encodeBuffer)
	if err := encode(&b, v, true, true); err != nil {
		return "", err
	}
	return b.String(), nil
}

// EncodePythonTo is EncodePython writing to b.
func EncodePythonTo(b *bytes.Buffer, v any) error {
	return encode(b, v, true, true)
}

// EncodePythonString is EncodePythonTo for a string, without boxing it.
func EncodePythonString(b *bytes.Buffer, s string) {
	encodeString(b, s, true)
}

// MarshalJSON makes *Map usable with encoding/json (compact, ordered).
func (m *Map) MarshalJSON() ([]byte, error) { return Encode(m) }

// UnmarshalJSON decodes a JSON object keeping its key order.
func (m *Map) UnmarshalJSON(b []byte) error {
	v, err := Parse(b)
	if err != nil {
		return err
	}
	src, ok := v.(*Map)
	if !ok {
		return fmt.Errorf("JSON value is not an object")
	}
	*m = *src
	return nil
}

func encode(b *bytes.Buffer, v any, spaced, ascii bool) error {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case *big.Int:
		b.WriteString(t.String())
	case float64:
		switch {
		case math.IsNaN(t):
			b.WriteString("NaN")
		case math.IsInf(t, 1):
			b.WriteString("Infinity")
		case math.IsInf(t, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(FloatRepr(t))
		}
	case string:
		encodeString(b, t, ascii)
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				sep(b, ',', spaced)
			}
			if err := encode(b, e, spaced, ascii); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case *Map:
		if t == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('{')
		for i, k := range t.Keys() {
			if i > 0 {
				sep(b, ',', spaced)
			}
			encodeString(b, k, ascii)
			sep(b, ':', spaced)
			if err := encode(b, t.vals[i], spaced, ascii); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case Foreign:
		return encode(b, t.JSONValue(), spaced, ascii)
	default:
		n, ok := normalize(v)
		if !ok {
			return fmt.Errorf("cannot encode %T as JSON", v)
		}
		return encode(b, n, spaced, ascii)
	}
	return nil
}

func sep(b *bytes.Buffer, c byte, spaced bool) {
	b.WriteByte(c)
	if spaced {
		b.WriteByte(' ')
	}
}

const hexDigits = "0123456789abcdef"

func encodeString(b *bytes.Buffer, s string, ascii bool) {
	b.WriteByte('"')
	// Runs of printable ASCII without quotes or backslashes are written
	// as they are, in one copy; everything else one character at a time.
	run := 0
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			i++
			continue
		}
		b.WriteString(s[run:i])
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		run = i
		writeRune(b, r, ascii)
	}
	b.WriteString(s[run:])
	b.WriteByte('"')
}

// writeRune writes one character of a JSON string as Python's json.dumps
// does: escaped when it must be, or, with ascii, when it is not ASCII.
func writeRune(b *bytes.Buffer, r rune, ascii bool) {
	switch {
	case r == '"':
		b.WriteString(`\"`)
	case r == '\\':
		b.WriteString(`\\`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\b':
		b.WriteString(`\b`)
	case r == '\f':
		b.WriteString(`\f`)
	case r < 0x20 || (ascii && r > 0x7e):
		if r > 0xffff {
			r -= 0x10000
			writeU(b, 0xd800+(r>>10))
			writeU(b, 0xdc00+(r&0x3ff))
		} else {
			writeU(b, r)
		}
	default:
		b.WriteRune(r)
	}
}

func writeU(b *bytes.Buffer, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[(r>>12)&0xf])
	b.WriteByte(hexDigits[(r>>8)&0xf])
	b.WriteByte(hexDigits[(r>>4)&0xf])
	b.WriteByte(hexDigits[r&0xf])
}
