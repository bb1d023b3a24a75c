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

// FormatSpecError follows CPython's format-spec parser: one character at
// most after the optional parts. Messages checked against Python 3.11.
func TestFormatSpecError(t *testing.T) {
	tests := []struct{ spec, typ, want string }{
		{">5", "str", ""},
		{"é>5", "str", ""},
		{"+#010,.3e", "float", ""},
		{"z.2f", "float", ""},
		{"xx", "str", "Invalid format specifier 'xx' for object of type 'str'"},
		{";5", "int", "Invalid format specifier ';5' for object of type 'int'"},
		{"&gt;5", "str", "Invalid format specifier '&gt;5' for object of type 'str'"},
		{"10.2fx", "float", "Invalid format specifier '10.2fx' for object of type 'float'"},
		{".", "float", "Format specifier missing precision"},
		{".f", "float", "Format specifier missing precision"},
		{",_", "int", "Cannot specify both ',' and '_'."},
		{"_,", "int", "Cannot specify both ',' and '_'."},
	}
	for _, tt := range tests {
		if got := FormatSpecError(tt.spec, tt.typ); got != tt.want {
			t.Errorf("FormatSpecError(%q, %q) = %q, want %q", tt.spec, tt.typ, got, tt.want)
		}
	}
}
