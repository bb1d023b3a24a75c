package data

import (
	"fmt"
	"strings"
)

// FormatFieldEnd returns the index of the '}' that closes the str.format
// replacement field opening f (f[0] is its '{'), past the fields nested in
// its format spec ("{0:{1}}"), or -1 when it is not closed. YAQL's and
// Jinja's format() both read fields so.
func FormatFieldEnd(f string) int {
	depth := 0
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// FormatSpecError is the error CPython's format-spec parser gives a str,
// int or float spec of the wrong shape, or "" when the shape is right:
// [[fill]align][sign][z][#][0][width][grouping][.precision][type], with at
// most one character, the type, after the optional parts. typeName is the
// value's Python type, which the message names. What the type then makes
// of the parts (unknown codes, signs on strings) is the caller's to check.
func FormatSpecError(spec, typeName string) string {
	r := []rune(spec)
	i := 0
	isAlign := func(c rune) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	isDigit := func(c rune) bool { return c >= '0' && c <= '9' }
	switch {
	case len(r) >= 2 && isAlign(r[1]):
		i = 2
	case len(r) >= 1 && isAlign(r[0]):
		i = 1
	}
	for _, opt := range []string{"+- ", "z", "#", "0"} {
		if i < len(r) && strings.ContainsRune(opt, r[i]) {
			i++
		}
	}
	for i < len(r) && isDigit(r[i]) {
		i++
	}
	if i < len(r) && (r[i] == ',' || r[i] == '_') {
		i++
		if i < len(r) && (r[i] == ',' || r[i] == '_') && r[i] != r[i-1] {
			return "Cannot specify both ',' and '_'."
		}
	}
	if i < len(r) && r[i] == '.' {
		i++
		start := i
		for i < len(r) && isDigit(r[i]) {
			i++
		}
		if i == start {
			return "Format specifier missing precision"
		}
	}
	if len(r)-i > 1 {
		return fmt.Sprintf("Invalid format specifier '%s' for object of type '%s'", spec, typeName)
	}
	return ""
}
