package jinja

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// TestWordBeginningSpaces: the title filter's separators are Python's \s,
// every character str.isspace accepts.
func TestWordBeginningSpaces(t *testing.T) {
	for r := rune(0); r < 0x3100; r++ {
		if strings.ContainsRune("-({[<", r) {
			continue
		}
		if got := wordBeginningSplit.MatchString(string(r)); got != pycase.IsSpace(r) {
			t.Errorf("%U: separator %v, isspace %v", r, got, pycase.IsSpace(r))
		}
	}
}
