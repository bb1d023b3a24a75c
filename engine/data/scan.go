package data

import (
	"math"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is encoding/json's nesting limit; deeper input is left to it.
const maxDepth = 10000

// scanner reads one JSON document (with Python's NaN, Infinity and
// -Infinity) straight into values. It only says whether the input was
// well-formed; Parse hands everything else to encoding/json for the error.
type scanner struct {
	// b is the input; strings without escapes are slices of it rather
	// than copies.
	b     string
	i     int
	depth int
}

func (p *scanner) document() (any, bool) {
	p.space()
	v, ok := p.value()
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.b)
}

func (p *scanner) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *scanner) value() (any, bool) {
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == 'N':
		return math.NaN(), p.literal("NaN")
	case c == 'I':
		return math.Inf(1), p.literal("Infinity")
	case c == '-' && p.i+1 < len(p.b) && p.b[p.i+1] == 'I':
		return math.Inf(-1), p.literal("-Infinity")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, false
}

func (p *scanner) literal(word string) bool {
	if len(p.b)-p.i < len(word) || p.b[p.i:p.i+len(word)] != word {
		return false
	}
	p.i += len(word)
	return true
}

func (p *scanner) object() (any, bool) {
	if p.depth++; p.depth > maxDepth {
		return nil, false
	}
	p.i++ // {
	m := NewMap(4)
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		p.depth--
		return m, true
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.text()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.space()
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m.Set(k, v)
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
			p.space()
		case '}':
			p.i++
			p.depth--
			return m, true
		default:
			return nil, false
		}
	}
}

func (p *scanner) array() (any, bool) {
	if p.depth++; p.depth > maxDepth {
		return nil, false
	}
	p.i++ // [
	l := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		p.depth--
		return l, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		l = append(l, v)
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
			p.space()
		case ']':
			p.i++
			p.depth--
			return l, true
		default:
			return nil, false
		}
	}
}

// string reads a quoted string. Plain ASCII without escapes is copied as
// is; escapes and multi-byte characters go through the slower loop.
func (p *scanner) string() (any, bool) {
	s, ok := p.text()
	if !ok {
		return nil, false
	}
	return s, true
}

// text is string without boxing the result, for object keys.
func (p *scanner) text() (string, bool) {
	start := p.i + 1
	for i := start; i < len(p.b); i++ {
		switch c := p.b[i]; {
		case c == '"':
			p.i = i + 1
			return p.b[start:i], true
		case c == '\\' || c >= utf8.RuneSelf:
			return p.stringEscaped(start, i)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// stringEscaped reads on from a string's first escape or multi-byte
// character. The text is copied only once an escape makes it differ from
// the input.
func (p *scanner) stringEscaped(start, i int) (string, bool) {
	var out []byte // nil until the first escape
	for i < len(p.b) {
		c := p.b[i]
		switch {
		case c == '"':
			p.i = i + 1
			if out == nil {
				return p.b[start:i], true
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(p.b[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false // encoding/json substitutes U+FFFD
			}
			if out != nil {
				out = append(out, p.b[i:i+size]...)
			}
			i += size
		case c != '\\':
			if out != nil {
				out = append(out, c)
			}
			i++
		default:
			if i+1 >= len(p.b) {
				return "", false
			}
			if out == nil {
				out = make([]byte, i-start, i-start+16)
				copy(out, p.b[start:i])
			}
			i += 2
			switch p.b[i-1] {
			case '"', '\\', '/':
				out = append(out, p.b[i-1])
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := hex4(p.b, i)
				if !ok {
					return "", false
				}
				i += 4
				if utf16.IsSurrogate(r) {
					// Only a proper pair; encoding/json handles the rest.
					if i+6 > len(p.b) || p.b[i] != '\\' || p.b[i+1] != 'u' {
						return "", false
					}
					r2, ok := hex4(p.b, i+2)
					if !ok {
						return "", false
					}
					if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
						return "", false
					}
					i += 6
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", false
			}
		}
	}
	return "", false
}

func hex4(b string, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number reads a JSON number: int64 when it is integral and fits, *big.Int
// when it is integral and does not, float64 otherwise (as parseNumber
// decides).
func (p *scanner) number() (any, bool) {
	start := p.i
	i := p.i
	if p.b[i] == '-' {
		i++
	}
	digits := func() bool {
		n := i
		for i < len(p.b) && p.b[i] >= '0' && p.b[i] <= '9' {
			i++
		}
		return i > n
	}
	switch {
	case i < len(p.b) && p.b[i] == '0':
		i++
	case !digits():
		return nil, false
	}
	integral := true
	if i < len(p.b) && p.b[i] == '.' {
		integral = false
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(p.b) && (p.b[i] == 'e' || p.b[i] == 'E') {
		integral = false
		i++
		if i < len(p.b) && (p.b[i] == '+' || p.b[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	p.i = i
	text := p.b[start:i]
	if integral && len(text) <= 18 { // fits int64 whatever the digits
		var n int64
		neg := text[0] == '-'
		if neg {
			text = text[1:]
		}
		for _, c := range text {
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, true
	}
	if integral && IntDigitsError(text) != nil {
		return nil, false // parseDecoder reports it
	}
	return parseNumber(string(text)), true
}
