package pyyaml

import (
	"errors"
	"fmt"
)

// decodeBase64 is Python's base64.decodebytes (binascii.a2b_base64, not
// strict), which !!binary uses: characters outside the alphabet are
// skipped, a complete pad ends the data, and a short last quad is
// refused with Python's message.
func decodeBase64(s string) ([]byte, error) {
	var out []byte
	quad, pads, valid := 0, 0, 0
	var left byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			if pads++; quad >= 2 && quad+pads >= 4 {
				return out, nil
			}
			continue
		}
		v, ok := base64Value(c)
		if !ok {
			continue
		}
		pads = 0
		valid++
		switch quad {
		case 0:
			left = v
		case 1:
			out = append(out, left<<2|v>>4)
			left = v & 0x0F
		case 2:
			out = append(out, left<<4|v>>2)
			left = v & 0x03
		case 3:
			out = append(out, left<<6|v)
		}
		quad = (quad + 1) % 4
	}
	switch quad {
	case 0:
		return out, nil
	case 1:
		return nil, fmt.Errorf("Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4",
			len(out)/3*4+1)
	}
	return nil, errors.New("Incorrect padding")
}

// base64Value is the value of a character of the base64 alphabet.
func base64Value(c byte) (byte, bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return c - 'A', true
	case 'a' <= c && c <= 'z':
		return c - 'a' + 26, true
	case '0' <= c && c <= '9':
		return c - '0' + 52, true
	case c == '+':
		return 62, true
	case c == '/':
		return 63, true
	}
	return 0, false
}

// asciiEscape is how Python's codec errors name a character: '\xe9',
// '\u20ac' or '\U0001f600'.
func asciiEscape(r rune) string {
	switch {
	case r <= 0xFF:
		return fmt.Sprintf(`'\x%02x'`, r)
	case r <= 0xFFFF:
		return fmt.Sprintf(`'\u%04x'`, r)
	}
	return fmt.Sprintf(`'\U%08x'`, r)
}
