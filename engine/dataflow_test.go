package engine

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// TestCheckFieldSize follows Mistral's validate_long_type_length:
// int(sys.getsizeof(str(value)) / 1024) against the limit.
func TestCheckFieldSize(t *testing.T) {
	tests := []struct {
		v       any
		limitKB int
		fails   bool
	}{
		{data.MapOf("big", strings.Repeat("x", 1100000)), 1024, true},
		{data.MapOf("big", strings.Repeat("x", 1000000)), 1024, false},
		{data.MapOf("big", strings.Repeat("é", 600000)), 1024, false}, // one byte a character
		{data.MapOf("big", strings.Repeat("ā", 600000)), 1024, true},  // two bytes a character
		{data.MapOf("big", strings.Repeat("x", 1100000)), -1, false},  // no limit
		{data.MapOf("big", strings.Repeat("x", 1100000)), 0, false},   // the zero Config: no limit
		{data.MapOf("small", "x"), 1, false},
		{data.MapOf("k", strings.Repeat("x", 2048)), 1, true},
		{nil, 1, false},
	}
	for i, tt := range tests {
		err := checkFieldSize("TaskExecution", "published", tt.v, tt.limitKB)
		if (err != nil) != tt.fails {
			t.Errorf("case %d: got %v, want failure %v", i, err, tt.fails)
		}
		if err != nil && !exc.Is(err, exc.SizeLimitExceeded) {
			t.Errorf("case %d: got %v, want SizeLimitExceededException", i, err)
		}
	}
	err := checkFieldSize("TaskExecution", "published", data.MapOf("big", strings.Repeat("x", 1100000)), 1024)
	if want := "Field size limit exceeded [class=TaskExecution, field=published, size=1074KB, limit=1024KB]"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("message: got %v, want %q", err, want)
	}
}

// checkJSONFieldSize skips the repr of a short text and agrees with
// checkFieldSize on a long one.
func TestCheckJSONFieldSize(t *testing.T) {
	for _, n := range []int{10, 43000, 1000000, 1100000} {
		v := data.MapOf("result", strings.Repeat("x", n))
		want := checkFieldSize("TaskExecution", "output", v, 1024) != nil
		got := checkJSONFieldSize("TaskExecution", "output", db.JSONOf(v), 1024) != nil
		if got != want {
			t.Errorf("%d characters: got failure %v, want %v", n, got, want)
		}
	}
}
