package pycase

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Upper is str.upper.
func Upper(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(upper(r))
	}
	return b.String()
}

// Lower is str.lower: full mappings, and a capital sigma that ends a word
// becomes the final sigma 'ς'.
func Lower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		b.WriteString(lower(s, i, r))
	}
	return b.String()
}

// CaseFold is str.casefold.
func CaseFold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := foldSpecial[r]; ok {
			b.WriteString(f)
		} else if l, ok := lowerSpecial[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Capitalize is str.capitalize: the first rune in title case, the rest in
// lower case.
func Capitalize(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i == 0 {
			b.WriteString(title(r))
		} else {
			b.WriteString(lower(s, i, r))
		}
	}
	return b.String()
}

// Title is str.title: every cased rune that follows an uncased one in
// title case, the others in lower case.
func Title(s string) string {
	var b strings.Builder
	prevCased := false
	for i, r := range s {
		c := isCased(r)
		switch {
		case c && !prevCased:
			b.WriteString(title(r))
		case c:
			b.WriteString(lower(s, i, r))
		default:
			b.WriteRune(r)
		}
		prevCased = c
	}
	return b.String()
}

// SwapCase is str.swapcase.
func SwapCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case isUpper(r):
			b.WriteString(lower(s, i, r))
		case isLower(r):
			b.WriteString(upper(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func upper(r rune) string {
	if u, ok := upperSpecial[r]; ok {
		return u
	}
	return string(unicode.ToUpper(r))
}

func title(r rune) string {
	if t, ok := titleSpecial[r]; ok {
		return t
	}
	return string(unicode.ToTitle(r))
}

// lower maps r, the rune at byte i of s, to lower case.
func lower(s string, i int, r rune) string {
	if l, ok := lowerSpecial[r]; ok {
		return l
	}
	if r == 'Σ' && finalSigma(s, i) {
		return "ς"
	}
	return string(unicode.ToLower(r))
}

// finalSigma is Unicode's Final_Sigma condition for the capital sigma at
// byte i of s: a cased letter before it and none after it, case-ignorable
// runes skipped.
func finalSigma(s string, i int) bool {
	before := false
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if !isCaseIgnorable(r) {
			before = isCased(r)
			break
		}
	}
	if !before {
		return false
	}
	for _, r := range s[i+len("Σ"):] {
		if !isCaseIgnorable(r) {
			return !isCased(r)
		}
	}
	return true
}

func isCased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isCaseIgnorable is Unicode's Case_Ignorable: marks, format characters,
// modifiers, and the apostrophes and dots that join words.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', '\u00B7', '\u2018', '\u2019', '\u2024', '\u2027', '\uFE13', '\uFE52', '\uFE55', '\uFF07', '\uFF0E', '\uFF1A':
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// Assigned reports whether Python's Unicode database (14.0) assigns r. Go's
// unicode package follows a newer Unicode, whose additions (🫨, 🩷, the
// Kawi script, CJK Extension H) Python sees as unassigned: not printable,
// not letters, not digits.
func Assigned(r rune) bool { return r < 0x378 || !unicode.Is(unassigned, r) }

// IsPrintable is str.isprintable of one rune: the letters, marks, numbers,
// punctuation and symbols, and ' ' (not the other spaces, controls, format
// characters, surrogates, private use or unassigned code points). repr()
// escapes the runes it refuses.
func IsPrintable(r rune) bool {
	if r < 0x7f {
		return r >= ' '
	}
	return unicode.IsPrint(r) && Assigned(r)
}

// IsDecimal is str.isdecimal of one rune: the decimal digits (Nd).
func IsDecimal(r rune) bool { return unicode.IsDigit(r) && Assigned(r) }

// IsAlpha is str.isalpha of one rune: the letters (L).
func IsAlpha(r rune) bool { return unicode.IsLetter(r) && Assigned(r) }

// IsAlnum is str.isalnum of one rune: the letters and numbers.
func IsAlnum(r rune) bool { return (unicode.IsLetter(r) || IsNumeric(r)) && Assigned(r) }

// IsDigit is str.isdigit of one rune: the decimal digits and the other
// digits (superscripts, circled digits).
func IsDigit(r rune) bool { return (unicode.IsDigit(r) && Assigned(r)) || digitExtra[r] }

// IsNumeric is str.isnumeric of one rune: the numbers and the CJK
// ideographs with a numeric value.
func IsNumeric(r rune) bool { return (unicode.IsNumber(r) && Assigned(r)) || numericExtra[r] }

// IsSpace is str.isspace of one rune: Unicode's white space and the
// separators \x1c to \x1f.
func IsSpace(r rune) bool { return unicode.IsSpace(r) || spaceExtra[r] }

// ASCIIDigits is s as Python's int() and float() read it: every decimal
// digit of any script ('١', '３') becomes its ASCII digit and every white
// space character a space.
func ASCIIDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case unicode.IsDigit(r) && Assigned(r):
			// Unicode encodes each script's decimal digits as runs of ten,
			// 0 to 9, so a digit's value is its offset in its run.
			start := r
			for unicode.IsDigit(start - 1) {
				start--
			}
			b.WriteByte(byte('0' + (r-start)%10))
		case IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isLower and isUpper are Python's Py_UNICODE_ISLOWER and ISUPPER: the
// lowercase and uppercase letters and the other characters Unicode gives
// those properties (ª, ʰ, ⓐ, Ⓐ).
func isLower(r rune) bool {
	return (unicode.IsLower(r) || unicode.Is(unicode.Other_Lowercase, r)) && Assigned(r)
}
func isUpper(r rune) bool {
	return (unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r)) && Assigned(r)
}

// IsLower is str.islower: at least one cased character and no uppercase or
// titlecase one.
func IsLower(s string) bool { return isCasedAs(s, isLower, isUpper) }

// IsUpper is str.isupper: at least one cased character and no lowercase or
// titlecase one.
func IsUpper(s string) bool { return isCasedAs(s, isUpper, isLower) }

func isCasedAs(s string, want, other func(rune) bool) bool {
	cased := false
	for _, r := range s {
		switch {
		case other(r) || unicode.IsTitle(r):
			return false
		case want(r):
			cased = true
		}
	}
	return cased
}

// IsTitle is str.istitle: uppercase and titlecase characters follow only
// uncased ones, lowercase ones only cased ones, and there is one.
func IsTitle(s string) bool {
	cased, prevCased := false, false
	for _, r := range s {
		switch {
		case isUpper(r) || unicode.IsTitle(r):
			if prevCased {
				return false
			}
			prevCased, cased = true, true
		case isLower(r):
			if !prevCased {
				return false
			}
			prevCased, cased = true, true
		default:
			prevCased = false
		}
	}
	return cased
}

// IsIdentifier is str.isidentifier: an XID_Start character or '_' (a
// letter, a letter number, or another such as ℘) followed by XID_Continue
// characters (also marks, digits, connector punctuation, and others such
// as ·).
func IsIdentifier(s string) bool {
	for i, r := range s {
		if !isXIDStart(r) && (i == 0 || !isXIDContinue(r)) {
			return false
		}
	}
	return s != ""
}

// notXID are the ID_Continue characters whose compatibility forms are not
// identifiers, which XID_Continue leaves out (Go has only the ID tables);
// with notXIDStart, those ID_Start leaves out too.
var (
	notXID = map[rune]bool{
		0x037A: true, 0x309B: true, 0x309C: true, 0xFC5E: true, 0xFC5F: true, 0xFC60: true,
		0xFC61: true, 0xFC62: true, 0xFC63: true, 0xFDFA: true, 0xFDFB: true, 0xFE70: true,
		0xFE72: true, 0xFE74: true, 0xFE76: true, 0xFE78: true, 0xFE7A: true, 0xFE7C: true, 0xFE7E: true,
	}
	notXIDStart = map[rune]bool{0x0E33: true, 0x0EB3: true, 0xFF9E: true, 0xFF9F: true}
)

func isXIDStart(r rune) bool {
	if r == '_' {
		return true
	}
	if notXID[r] || notXIDStart[r] || !Assigned(r) || unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space) {
		return false
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start)
}

func isXIDContinue(r rune) bool {
	if notXID[r] || !Assigned(r) || unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space) {
		return false
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start, unicode.Mn, unicode.Mc,
		unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}
