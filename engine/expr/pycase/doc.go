// Package pycase changes the case of strings as Python's str does, for
// the expression languages, whose functions are Python's: str.upper,
// str.lower, str.casefold, str.capitalize, str.title and str.swapcase.
// It also classifies runes as str.isdigit, str.isnumeric and str.isspace
// do, and reads digits of any script as int() and float() do. Go's strings.ToUpper maps each rune to one rune; Python applies
// Unicode's full mappings ('ß' to 'SS', 'ﬁ' to 'FI'), the final sigma of
// Greek words, and its own case folding. tables.go, generated from the
// Python that runs Mistral, holds the mappings and character classes Go's
// unicode package lacks.
//
// The package owns nothing but these functions; it touches no state.
package pycase
