package yaql

import (
	"encoding/json"
	"os"
	"testing"
)

// TestPythonPatternError: the errors Python 3.11's re.compile gives for
// these patterns (recorded with the Python Mistral 15 runs on), or none.
func TestPythonPatternError(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"(", "missing ), unterminated subpattern at position 0"},
		{")", "unbalanced parenthesis at position 0"},
		{"[a", "unterminated character set at position 0"},
		{"a**", "multiple repeat at position 2"},
		{"*a", "nothing to repeat at position 0"},
		{"\\q", "bad escape \\q at position 0"},
		{"[z-a]", "bad character range z-a at position 1"},
		{"a{2,1}", "min repeat greater than max repeat at position 2"},
		{"(?P<n>a)(?P<n>b)", "redefinition of group name 'n' as group 2; was group 1 at position 12"},
		{"\\1(a)", "invalid group reference 1 at position 1"},
		{"(?z)", "unknown extension ?z at position 1"},
		{"a|*", "nothing to repeat at position 2"},
		{"((a)", "missing ), unterminated subpattern at position 0"},
		{"a)b(", "unbalanced parenthesis at position 1"},
		{"(a\\1)", "cannot refer to an open group at position 2"},
		{"(a)\\2", "invalid group reference 2 at position 4"},
		{"(a)\\1", ""},
		{"\\141", ""},
		{"[\\w-z]", "bad character range \\w-z at position 1"},
		{"[a-\\d]", "bad character range a-\\d at position 1"},
		{"[\\A]", "bad escape \\A at position 1"},
		{"[\\8]", "bad escape \\8 at position 1"},
		{"[\\b-a]", ""},
		{"x{,2}", ""},
		{"{2}", "nothing to repeat at position 0"},
		{"x{2}{3}", "multiple repeat at position 4"},
		{"x*?", ""},
		{"x*+", ""},
		{"x*??", "multiple repeat at position 3"},
		{"^*", "nothing to repeat at position 1"},
		{"a$+", "nothing to repeat at position 2"},
		{"\\b*", "nothing to repeat at position 2"},
		{"(?", "unexpected end of pattern at position 2"},
		{"(?P=zz)", "unknown group name 'zz' at position 4"},
		{"(?P<a>x)(?P=a)", ""},
		{"(?:a|b)*", ""},
		{"(?i)a", ""},
		{"a(?i)b", "global flags not at the start of the expression at position 1"},
		{"(?i:a)+", ""},
		{"(?#c)*", "nothing to repeat at position 5"},
		{"(?(1)a|b)", "invalid group reference 1 at position 3"},
		{"(a)(?(1)b|c)", ""},
		{"\\", "bad escape (end of pattern) at position 0"},
		{"[]a]", ""},
		{"[^]a]", ""},
		{"[a-]", ""},
		{"[-a]", ""},
		{"é(", "missing ), unterminated subpattern at position 1"},
		{"é[", "unterminated character set at position 1"},
		{"(?<=a)b*", ""},
		{"x{a}", ""},
		{"x{1,a}", ""},
		{"a{3,2}?", "min repeat greater than max repeat at position 2"},
		{"[\\]-a]", ""},
		{"[%--]", ""},
		{"\\Z+", "nothing to repeat at position 2"},
		{"(?<x>a)", "unknown extension ?<x at position 1"},
		{"a\\", "bad escape (end of pattern) at position 1"},
		{"[a\\", "bad escape (end of pattern) at position 2"},
		{"\\12", "invalid group reference 12 at position 1"},
		{"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)\\12", ""},
		{"\\01", ""},
		{"ab|", ""},
		{"|a", ""},
		{"()", ""},
		{"(|)*", ""},
		{"(?=a)*", ""},
		{"(?<", "unexpected end of pattern at position 3"},
		{"(?P", "unexpected end of pattern at position 3"},
		{"(?P<", "missing group name at position 4"},
		{"(?P<a", "missing >, unterminated name at position 4"},
		{"(?i", "missing -, : or ) at position 3"},
		{"[", "unterminated character set at position 0"},
		{"(?-", "missing flag at position 3"},
		{"a(?i:b)", ""},
		{"(?i)(?m)a", ""},
		{"(?#c)(?i)a", ""},
		{"a|(?i)b", "global flags not at the start of the expression at position 2"},
		{"(?P<1a>x)", "bad character in group name '1a' at position 4"},
		{"(?P=1)", "bad character in group name '1' at position 4"},
		{"(?(a)x)", "unknown group name 'a' at position 3"},
		{"(?P<a>x)(?(a)y)", ""},
		{"(?(0)a)", "bad group number at position 3"},
		{"(?(2)a)(b)(c)", ""},
		{"(?(3)a)(b)", "invalid group reference 3 at position 3"},
		{"[a-a]", ""},
		{"[\\n-\\r]", ""},
		{"a{1,2}{3}", "multiple repeat at position 6"},
		{"a{1}?+", "multiple repeat at position 5"},
		{"\\N{DIGIT ONE}", ""},
		{"(?:)", ""},
		{"\\8", "invalid group reference 8 at position 1"},
		{"(?a)\\w", ""},
		{"(?iq)", "unknown flag at position 3"},
		{"(?i-", "missing flag at position 4"},
		{"(?i-m", "missing : at position 5"},
		{"(?i-q:a)", "unknown flag at position 4"},
		{"(?-i:a)", ""},
		{"(?#abc", "missing ), unterminated comment at position 0"},
		{"a(?#x)*", ""},
		{"(?x) a b (", "missing ), unterminated subpattern at position 9"},
		{"(?x)a # c\n*", ""},
		{"(?x)[ ]*", ""},
		{"(?x) \\q", "bad escape \\q at position 5"},
		{"(?Px)", "unknown extension ?Px at position 1"},
		{"(?P<a>", "missing ), unterminated subpattern at position 0"},
		{"(?P=a", "missing ), unterminated name at position 4"},
		{"(?P<a>b)(?P=", "missing group name at position 12"},
		{"(?(", "missing group name at position 3"},
		{"(?(1", "missing ), unterminated name at position 3"},
		{"(?(x-y)a)", "bad character in group name 'x-y' at position 3"},
		{"é\\q", "bad escape \\q at position 1"},
		{"((?i)a)", "global flags not at the start of the expression at position 1"},
		{"(?i:(?m)a)", "global flags not at the start of the expression at position 4"},
		{"a{99999999999999999999}", "the repetition number is too large"},
		{"a{4294967295}", "the repetition number is too large"},
		{"a{4294967294}", ""},
		{"x{,}", ""},
		{"x{}", ""},
		{"a{2,1", ""},
		{"a{1001}", ""},
		{"{,}", "nothing to repeat at position 0"},
	}
	for _, tt := range tests {
		if got := pythonPatternError(tt.pattern); got != tt.want {
			t.Errorf("pythonPatternError(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// FuzzPythonPatternError: any pattern is checked without a crash, and one
// the check passes compiles or fails with an error, never a panic.
func FuzzPythonPatternError(f *testing.F) {
	for _, seed := range []string{`(?P<a>x)(?(a)y|z)\1`, `[^]a-\w\\]{2,}?`, `(?x) a # c` + "\n" + `(?#d)b{,3}`, `(?i-s:a)(?<=b)`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if pythonPatternError(pattern) != "" {
			return
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					if _, ok := r.(*yaqlError); !ok {
						panic(r)
					}
				}
			}()
			compileRegex(pattern, 0)
		}()
	})
}

// TestPythonPatternErrorRecorded replays 2,500 random patterns with what
// Python 3.11's re.compile answered for each (testdata, made with the
// Python Mistral 15 runs on; look-behinds of varying width, which this
// check leaves to the engine, and \N{name} escapes left out).
func TestPythonPatternErrorRecorded(t *testing.T) {
	b, err := os.ReadFile("testdata/python-re-compile.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]string // pattern, error ("" when it compiles)
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if got := pythonPatternError(c[0]); got != c[1] {
			t.Errorf("pythonPatternError(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
