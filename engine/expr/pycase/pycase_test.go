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
