package data

import "testing"

func TestSurrogatePairAt(t *testing.T) {
	tests := []struct {
		in   string
		at   int
		want rune
		ok   bool
	}{
		{`\ud83d\ude00`, 0, 0x1F600, true},
		{`x\uD83D\uDE03y`, 1, 0x1F603, true},
		{`\ud83d`, 0, 0, false},        // a lone high half
		{`\ude00\ud83d`, 0, 0, false},  // halves in the wrong order
		{`\ud83d\u0041`, 0, 0, false},  // a high half, then no low half
		{`\u00e9\ude00`, 0, 0, false},  // not a surrogate
		{`\ud83d\ude0`, 0, 0, false},   // truncated
		{`\ud83d\ude00`, 1, 0, false},  // not at an escape
		{`\ud83d\uZZ00`, 0, 0, false},  // not hexadecimal
		{`\ud83d\\ude00`, 0, 0, false}, // an escaped backslash between
	}
	for _, tt := range tests {
		got, ok := SurrogatePairAt(tt.in, tt.at)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SurrogatePairAt(%q, %d) = %U, %v; want %U, %v", tt.in, tt.at, got, ok, tt.want, tt.ok)
		}
	}
}
