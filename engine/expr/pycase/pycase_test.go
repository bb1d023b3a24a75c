package pycase

import (
	"encoding/json"
	"os"
	"testing"
)

// testdata/python.json holds Python 3.11's answers (Debian 12's, which
// runs Mistral 15) for strings that exercise the full mappings, final
// sigma and title case.
func TestAgainstPython(t *testing.T) {
	b, err := os.ReadFile("testdata/python.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []map[string]string
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	funcs := map[string]func(string) string{
		"upper": Upper, "lower": Lower, "casefold": CaseFold,
		"capitalize": Capitalize, "title": Title, "swapcase": SwapCase,
	}
	for _, c := range cases {
		for name, f := range funcs {
			if got := f(c["s"]); got != c[name] {
				t.Errorf("%q.%s() = %q, want %q", c["s"], name, got, c[name])
			}
		}
	}
}

// TestCharClasses checks the runes where Python's str.isdigit, isnumeric
// and isspace differ from Go's unicode package (Python 3.11).
func TestCharClasses(t *testing.T) {
	tests := []struct {
		r                     rune
		digit, numeric, space bool
	}{
		{'7', true, true, false},
		{'²', true, true, false},
		{'①', true, true, false},
		{'½', false, true, false},
		{'五', false, true, false},
		{'a', false, false, false},
		{'\x1c', false, false, true},
		{'\x1f', false, false, true},
		{'\u3000', false, false, true},
	}
	for _, tt := range tests {
		if IsDigit(tt.r) != tt.digit || IsNumeric(tt.r) != tt.numeric || IsSpace(tt.r) != tt.space {
			t.Errorf("%q: isdigit %v isnumeric %v isspace %v, want %v %v %v", tt.r,
				IsDigit(tt.r), IsNumeric(tt.r), IsSpace(tt.r), tt.digit, tt.numeric, tt.space)
		}
	}
}

// TestASCIIDigits: int() and float() read the decimal digits of every
// script and every white space.
func TestASCIIDigits(t *testing.T) {
	for in, want := range map[string]string{
		"١٢":           "12",
		"１２３":          "123",
		"\U0001D7D7":   "9", // MATHEMATICAL BOLD DIGIT NINE
		"\U0001D7E2":   "0", // MATHEMATICAL SANS-SERIF DIGIT ZERO
		"²":            "²",
		" 7\u2003\x1c": " 7 \x1c", // ASCII stays as it is
		"٣.٥e٢":        "3.5e2",
	} {
		if got := ASCIIDigits(in); got != want {
			t.Errorf("ASCIIDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCasePredicates checks str.islower, isupper, istitle and
// isidentifier where Unicode's other properties count (Python 3.11).
func TestCasePredicates(t *testing.T) {
	tests := []struct {
		s                          string
		lower, upper, title, ident bool
	}{
		{"ⓐ", true, false, false, false},
		{"ª", true, false, false, true},
		{"Ⓐ", false, true, true, false},
		{"ǅ", false, false, true, true},
		{"Ǆa", false, false, true, true},
		{"abc1", true, false, false, true},
		{"℘x", true, false, false, true},
		{"x·y", true, false, false, true},
		{"x²", true, false, false, false},
		{"\u037a", true, false, false, false},
		{"a\u0e33", true, false, false, true},
		{"", false, false, false, false},
	}
	for _, tt := range tests {
		if IsLower(tt.s) != tt.lower || IsUpper(tt.s) != tt.upper || IsTitle(tt.s) != tt.title || IsIdentifier(tt.s) != tt.ident {
			t.Errorf("%q: islower %v isupper %v istitle %v isidentifier %v", tt.s,
				IsLower(tt.s), IsUpper(tt.s), IsTitle(tt.s), IsIdentifier(tt.s))
		}
	}
}

// TestUnicode14Predicates: Python 3.11's str predicates read Unicode 14.0,
// so the code points assigned later (U+0CF3, 🫨, Kawi letters and digits,
// CJK Extension H, the Cyrillic modifier letters) are none of them, while
// Go's newer unicode tables call them printable letters and digits.
func TestUnicode14Predicates(t *testing.T) {
	tests := []struct {
		r                                                rune
		printable, alpha, decimal, digit, numeric, alnum bool
		lower                                            bool
	}{
		{'\u0cf3', false, false, false, false, false, false, false},
		{'\u0ece', false, false, false, false, false, false, false},
		{'\U0001fae8', false, false, false, false, false, false, false},
		{'\U0001fa77', false, false, false, false, false, false, false},
		{'\U00011f04', false, false, false, false, false, false, false},
		{'\U00011f50', false, false, false, false, false, false, false},
		{'\U00031350', false, false, false, false, false, false, false},
		{'\U0001e030', false, false, false, false, false, false, false},
		{'ພ', true, true, false, false, false, true, false},
		{'😀', true, false, false, false, false, false, false},
		{'\u00a0', false, false, false, false, false, false, false},
		{'\u200b', false, false, false, false, false, false, false},
		{'\u2028', false, false, false, false, false, false, false},
		{'\ue000', false, false, false, false, false, false, false},
		{'\u0378', false, false, false, false, false, false, false},
		{'\x7f', false, false, false, false, false, false, false},
		{' ', true, false, false, false, false, false, false},
		{'a', true, true, false, false, false, true, true},
		{'٣', true, false, true, true, true, true, false},
	}
	for _, tt := range tests {
		got := []bool{IsPrintable(tt.r), IsAlpha(tt.r), IsDecimal(tt.r), IsDigit(tt.r),
			IsNumeric(tt.r), IsAlnum(tt.r), IsLower(string(tt.r))}
		want := []bool{tt.printable, tt.alpha, tt.decimal, tt.digit, tt.numeric, tt.alnum, tt.lower}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: printable/alpha/decimal/digit/numeric/alnum/lower = %v, want %v", tt.r, got, want)
				break
			}
		}
	}
	for s, want := range map[string]bool{"\U00011f04": false, "a\U00011f04": false, "a\u0cf3": false, "ພ": true, "a\u0e48": true} {
		if IsIdentifier(s) != want {
			t.Errorf("%q.isidentifier() = %v, want %v", s, !want, want)
		}
	}
	if got := ASCIIDigits("\U00011f51٣"); got != "\U00011f513" {
		t.Errorf("ASCIIDigits kept a Unicode 15 digit as %q", got)
	}
}
