package data

import "testing"

func TestFormatFieldEnd(t *testing.T) {
	tests := []struct {
		f    string
		want int
	}{
		{"{}", 1},
		{"{0}tail", 2},
		{"{0:{1}}x", 6},
		{"{0:{1}{2}}", 9},
		{"{0", -1},
		{"{0:{1}", -1},
	}
	for _, tt := range tests {
		if got := FormatFieldEnd(tt.f); got != tt.want {
			t.Errorf("FormatFieldEnd(%q) = %d, want %d", tt.f, got, tt.want)
		}
	}
}
