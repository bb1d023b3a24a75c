package rest

import "testing"

// TestParseTime: datetime filters read as MySQL reads a DATETIME text,
// where Mistral leaves the comparison.
func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when MySQL reads no time
	}{
		{"2026-11-28 14:43:32", "2026-11-28 14:43:32"},
		{"2026-11-28T14:43:32", "2026-11-28 14:43:32"},
		{"2026-11-28T14:43:32Z", "2026-11-28 14:43:32"},
		{"2026-11-28T14:43:32+05:00", "2026-11-28 14:43:32"},
		{"2026-11-28 14:43:32.5Z", "2026-11-28 14:43:32.5"},
		{"2026-11-28T14", "2026-11-28 14:00:00"},
		{"2026-11-28 14:43", "2026-11-28 14:43:00"},
		{"2026/11/28", "2026-11-28 00:00:00"},
		{"2026-1-2", "2026-01-02 00:00:00"},
		{"20261128", "2026-11-28 00:00:00"},
		{"20261128144332", "2026-11-28 14:43:32"},
		{"2026-02-30", "2026-02-28 23:59:59.999999"},
		{"2026-13-01", ""},
		{"2026-01-32", ""},
		{"2026", ""},
		{"bogus", ""},
	}
	for _, tt := range tests {
		got, ok := parseTime(tt.in)
		shown := ""
		if ok {
			shown = got.Format("2006-01-02 15:04:05.999999")
		}
		if shown != tt.want {
			t.Errorf("parseTime(%q) = %q, want %q", tt.in, shown, tt.want)
		}
	}
}

// TestPyIntText: integer arguments as Python's int() reads them.
func TestPyIntText(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 12 ", "12"}, {"1_000", "1000"}, {"-1_0", "-10"}, {"1__0", "1__0"}, {"_1", "_1"}, {"1_", "1_"}, {"+-1_0", "+-1_0"},
	}
	for _, tt := range tests {
		if got := pyIntText(tt.in); got != tt.want {
			t.Errorf("pyIntText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
