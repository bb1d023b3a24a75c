package rest

import (
	"testing"

	"github.com/tramontane/tramontane/db"
)

// A task's published is null when its publish had no branch part: Python
// Mistral stores that as NULL, we as JSON null, and both read null.
func TestPublishedOf(t *testing.T) {
	for raw, want := range map[string]any{"": nil, "null": nil, "{}": "{}", `{"a": 1}`: `{"a": 1}`} {
		if got := publishedOf(db.JSON{Raw: raw}); got != want {
			t.Errorf("published stored as %q: %v, want %v", raw, got, want)
		}
	}
}
