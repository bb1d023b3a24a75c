package data

import (
	"strconv"
	"unicode/utf16"
)

// SurrogatePairAt reads, at s[i:], the two \uXXXX escapes of a UTF-16
// surrogate pair ("\ud83d\ude00", as json.dumps writes a character beyond
// the BMP) and returns the character they stand for. Python decodes the
// escapes to two lone halves, which become that one character as soon as
// Mistral stores the value as JSON; a Go string holds the character.
func SurrogatePairAt(s string, i int) (rune, bool) {
	hi, ok := escapedUnit(s, i)
	if !ok || hi < 0xD800 || hi > 0xDBFF {
		return 0, false
	}
	lo, ok := escapedUnit(s, i+6)
	if !ok || lo < 0xDC00 || lo > 0xDFFF {
		return 0, false
	}
	return utf16.DecodeRune(hi, lo), true
}

// escapedUnit reads the \uXXXX escape at s[i:].
func escapedUnit(s string, i int) (rune, bool) {
	if i < 0 || i+6 > len(s) || s[i] != '\\' || s[i+1] != 'u' {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
	return rune(v), err == nil
}
