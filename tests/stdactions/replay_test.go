package stdactions

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/tramontane/tramontane/tests/testserver"
)

// TestReplayMistral runs every case recorded from the real Mistral 15
// against our server, with the same kinds of servers, and compares the
// answers field by field. With TRAMONTANE_RECORD_OURS=1 it writes our
// answers of the cases that differ on purpose into the fixture instead.
func TestReplayMistral(t *testing.T) {
	fixtureCases := readFixture(t)
	recordedCases := map[string]*recorded{}
	for i := range fixtureCases {
		recordedCases[fixtureCases[i].Name] = &fixtureCases[i]
	}
	writeOurs := os.Getenv("TRAMONTANE_RECORD_OURS") == "1"
	if writeOurs {
		defer func() { writeFixture(t, fixtureCases) }()
	}
	srv := testserver.Start(t, "")
	e := startEnv(t, false)
	c := &client{t: t, base: srv.URL}
	for _, rc := range refCases {
		t.Run(rc.Name, func(t *testing.T) {
			r, ok := recordedCases[rc.Name]
			if !ok || r.Mistral == nil {
				t.Fatalf("not recorded from Mistral 15 (see the package doc)")
			}
			if string(compact(t, r.Input)) != string(compact(t, json.RawMessage(rc.Input))) || r.Workflow != rc.Workflow {
				t.Fatalf("the case changed since it was recorded (see the package doc)")
			}
			c := *c
			c.t = t
			got := c.run(e, rc)
			want := r.Mistral
			if rc.Differs != "" {
				if writeOurs {
					r.Ours = got
				}
				if r.Differs != rc.Differs || r.Ours == nil {
					t.Fatalf("the note or our answer of a case that differs on purpose is not recorded (see the package doc)")
				}
				t.Logf("differs on purpose: %s", rc.Differs)
				want = r.Ours
			}
			compareOutcome(t, got, want)
		})
	}
}

func compact(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("input %s: %v", raw, err)
	}
	b, _ := json.Marshal(v)
	return b
}

// compareOutcome compares field by field, through JSON so that numbers
// and empty values compare as they were recorded.
func compareOutcome(t *testing.T, got, want *outcome) {
	t.Helper()
	g, w := toMap(t, got), toMap(t, want)
	for _, k := range []string{"http_status", "faultstring", "state", "state_info", "output", "task", "mail"} {
		if !reflect.DeepEqual(g[k], w[k]) {
			gb, _ := json.MarshalIndent(g[k], "", "  ")
			wb, _ := json.MarshalIndent(w[k], "", "  ")
			t.Errorf("%s:\n got %s\nwant %s", k, gb, wb)
		}
	}
}

func toMap(t *testing.T, o *outcome) map[string]any {
	t.Helper()
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
