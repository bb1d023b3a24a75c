package data

import "testing"

// The messages are json.loads's on Python 3.11.
func TestPythonJSONError(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "Expecting value: line 1 column 1 (char 0)"},
		{"{bad", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"{\"a\": 1", "Expecting ',' delimiter: line 1 column 8 (char 7)"},
		{"{\"env\": {}, }", "Expecting property name enclosed in double quotes: line 1 column 13 (char 12)"},
		{"[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"},
		{"{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"},
		{"\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"},
		{"\"a\\x\"", "Invalid \\escape: line 1 column 3 (char 2)"},
		{"\"a\\u12\"", "Invalid \\uXXXX escape: line 1 column 4 (char 3)"},
		{"\"a\tb\"", "Invalid control character at: line 1 column 3 (char 2)"},
		{"{\"a\": 1}}", "Extra data: line 1 column 9 (char 8)"},
		{"01", "Extra data: line 1 column 2 (char 1)"},
		{"{\n\"a\": 1,\n\"b\" 2}", "Expecting ':' delimiter: line 3 column 5 (char 14)"},
		{"[1, \"\u00fc\", bad]", "Expecting value: line 1 column 10 (char 9)"},
		{"\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
		{"NaN", ""},
		{"[1, 2.5e3, -Infinity, \"x\\n\"]", ""},
		{"late", "Expecting value: line 1 column 1 (char 0)"},
		{"   ", "Expecting value: line 1 column 4 (char 3)"},
		{"{\"a\": 1,}", "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)"},
		{"[1, 2,]", "Expecting value: line 1 column 7 (char 6)"},
		{"{\"a\": 1 \"b\": 2}", "Expecting ',' delimiter: line 1 column 9 (char 8)"},
		{"\"a\\qb\"", "Invalid \\escape: line 1 column 3 (char 2)"},
		{"\"\\u12\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
		{"1.", "Extra data: line 1 column 2 (char 1)"},
		{"-", "Expecting value: line 1 column 1 (char 0)"},
		{"{\"a\": }", "Expecting value: line 1 column 7 (char 6)"},
		{"{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"[", "Expecting value: line 1 column 2 (char 1)"},
		{"nul", "Expecting value: line 1 column 1 (char 0)"},
		{"tru", "Expecting value: line 1 column 1 (char 0)"},
		{"{\n  \"a\": 1,\n  \"b\": x\n}", "Expecting value: line 3 column 8 (char 19)"},
		{"\"é\" x", "Extra data: line 1 column 5 (char 4)"},
		{"{\"é\": 1,", "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)"},
		{"-Infinity x", "Extra data: line 1 column 11 (char 10)"},
		{"[1, {\"a\": [}]", "Expecting value: line 1 column 12 (char 11)"},
		{"{\"a\": 1}", ""},
		{"  [ ]  ", ""},
		{"{ }", ""},
		{"\"\\", "Unterminated string starting at: line 1 column 1 (char 0)"},
		{"1e5", ""},
		{"1e", "Extra data: line 1 column 2 (char 1)"},
		{"{\"a\":1,\"b\":[1,2,{\"c\":\"d\\n\"}]}", ""},
		{"{'a': 1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"[,]", "Expecting value: line 1 column 2 (char 1)"},
		{"{,}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"},
		{"true false", "Extra data: line 1 column 6 (char 5)"},
	}
	for _, tc := range tests {
		if got := PythonJSONError(tc.text); got != tc.want {
			t.Errorf("PythonJSONError(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
