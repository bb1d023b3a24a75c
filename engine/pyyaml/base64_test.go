package pyyaml

import "testing"

// TestLoadBinary: !!binary decodes as Python's base64.decodebytes, with
// its errors (recorded from PyYAML 6).
func TestLoadBinary(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{in: "!!binary aGVs bG8=", want: "hello"},
		{in: "!!binary aGV=sbG8=", want: "he"},
		{in: "!!binary aGVsbA==x", want: "hell"},
		{in: "!!binary aGVsG8=", err: "failed to decode base64 data: Incorrect padding\n  in \"<unicode string>\", line 1, column 1:\n    !!binary aGVsG8=\n    ^"},
		{in: "!!binary aGVsb", err: "failed to decode base64 data: Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4\n  in \"<unicode string>\", line 1, column 1:\n    !!binary aGVsb\n    ^"},
		{in: "!!binary aé", err: "failed to convert base64 data into ascii: 'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)\n  in \"<unicode string>\", line 1, column 1:\n    !!binary aé\n    ^"},
		{in: "!!binary a€", err: "failed to convert base64 data into ascii: 'ascii' codec can't encode character '\\u20ac' in position 1: ordinal not in range(128)\n  in \"<unicode string>\", line 1, column 1:\n    !!binary a€\n    ^"},
	} {
		v, err := Load(c.in)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("Load(%q): got %v, want error %q", c.in, err, c.err)
		case c.err == "" && (err != nil || v != c.want):
			t.Errorf("Load(%q) = %#v, %v; want %q", c.in, v, err, c.want)
		}
	}
}
