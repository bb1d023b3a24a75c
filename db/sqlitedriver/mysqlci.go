package sqlitedriver

import (
	"strings"
	"unicode"
)

// The embedded database answers as Mistral on MySQL/MariaDB does, whose
// tables compare and sort text by utf8mb4_general_ci: letters without
// case or accents ("café" = "CAFE"), trailing spaces ignored ("a" = "a ",
// PAD SPACE), every character beyond the Basic Multilingual Plane alike.
// SQLite's NOCASE folds ASCII letters only, so each connection gets two
// SQL functions that the store's queries use on text columns:
//
//	KeyFunc(x)  the comparison key of x: CollationKey
//	FoldFunc(x) x with its letters folded, spaces kept: for LIKE, which
//	            MySQL does not pad
//
// Both return NULL for NULL and any other non-text value unchanged.
const (
	KeyFunc  = "mysql_ci_key"
	FoldFunc = "mysql_ci_fold"
)

// CollationKey is the utf8mb4_general_ci comparison key of s: two texts
// are equal under that collation when their keys are, and sort as their
// keys do.
func CollationKey(s string) string { return Fold(strings.TrimRight(s, " ")) }

// Equal says whether utf8mb4_general_ci holds a and b equal: their
// collation keys are; for ASCII texts, without building them.
func Equal(a, b string) bool {
	a, b = strings.TrimRight(a, " "), strings.TrimRight(b, " ")
	if isASCII(a) && isASCII(b) {
		return strings.EqualFold(a, b)
	}
	return Fold(a) == Fold(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Fold maps each character of s to its utf8mb4_general_ci weight, as
// text: mostly its base letter without accents, in capitals
// (mysqlci_weights.go); beyond the Basic Multilingual Plane, U+FFFD.
func Fold(s string) string { return strings.Map(foldRune, s) }

// foldRune is one character's weight.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		return unicode.ToUpper(r)
	case r > 0xFFFF:
		return unicode.ReplacementChar
	}
	if w, ok := generalCIWeights[r]; ok {
		return w
	}
	return r
}

// sqlFunc is the body of both SQL functions: key (CollationKey) or fold
// (Fold) of a text value, any other value unchanged.
func sqlFunc(v any, key bool) any {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		if x == nil { // mattn's NULL
			return nil
		}
		s = string(x)
	default:
		return v
	}
	if key {
		return CollationKey(s)
	}
	return Fold(s)
}
