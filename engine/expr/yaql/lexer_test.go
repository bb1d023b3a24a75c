package yaql

import "testing"

// TestDecodeEscapes: Python's escapes, a UTF-16 pair read as the one
// character it stands for, and escapes that decode to nothing kept as text.
func TestDecodeEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a\tb\n`, "a\tb\n"},
		{`\x41\u00e9\101`, "AéA"},
		{`\U0001F600`, "\U0001F600"},
		{`\ud83d\ude00!`, "\U0001F600!"},
		{`\uD83D\uDE03`, "\U0001F603"},
		{`\ud83d`, `\ud83d`},              // a lone half stays text
		{`\\ud83d\ude00`, `\ud83d\ude00`}, // an escaped backslash, then text
		{`\q`, `\q`},
	}
	for _, tt := range tests {
		if got := decodeEscapes(tt.in); got != tt.want {
			t.Errorf("decodeEscapes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
