package refcompare

import (
	"testing"

	"github.com/tramontane/tramontane/tests/testserver"
)

// TestReference replays each scenario against our mistral-server and
// compares every answer with the real Mistral 15's recorded one; with
// -record=URL it records the real Mistral's answers instead.
func TestReference(t *testing.T) {
	if *record != "" {
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { save(t, sc, run(t, *record, sc)) })
		}
		return
	}
	srv := testserver.Start(t, "")
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			want := load(t, sc)
			compare(t, sc, want, run(t, srv.URL, sc))
		})
	}
}
