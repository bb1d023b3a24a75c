package stdactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

// TestRecordMistral runs every case against the real Mistral 15 and
// writes the fixture. It runs only with TRAMONTANE_RECORD_MISTRAL=1; it
// keeps the "differs" notes and our answers of cases already recorded.
// TRAMONTANE_RECORD_ONLY=<regexp> records only the cases whose names match
// and keeps the others as they are.
func TestRecordMistral(t *testing.T) {
	if os.Getenv("TRAMONTANE_RECORD_MISTRAL") != "1" {
		t.Skip("skipped: records the fixture from the real Mistral 15 only with TRAMONTANE_RECORD_MISTRAL=1")
	}
	tools := filepath.Join(testserver.Shared(t), "tools", "mistral-reference")
	name := "stdact_ref"
	port := testserver.FreePort(t)
	start := exec.Command(filepath.Join(tools, "start.sh"), name, fmt.Sprint(port))
	if out, err := start.CombinedOutput(); err != nil {
		t.Fatalf("start Mistral 15: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command(filepath.Join(tools, "stop.sh"), name).CombinedOutput(); err != nil {
			t.Logf("stop Mistral 15: %v\n%s", err, out)
		}
	})
	e := startEnv(t, true)
	c := &client{t: t, base: fmt.Sprintf("http://127.0.0.1:%d/v2", port)}
	old := map[string]recorded{}
	for _, r := range readFixture(t) {
		old[r.Name] = r
	}
	var cases []recorded
	only := regexp.MustCompile(os.Getenv("TRAMONTANE_RECORD_ONLY"))
	for _, rc := range refCases {
		if o, ok := old[rc.Name]; ok && !only.MatchString(rc.Name) {
			cases = append(cases, o)
			continue
		}
		start := time.Now()
		out := c.run(e, rc)
		t.Logf("%s: %s", rc.Name, time.Since(start).Round(time.Millisecond))
		r := recorded{Name: rc.Name, Action: rc.Action, Input: json.RawMessage(rc.Input), Workflow: rc.Workflow, Mistral: out}
		if rc.Params != "" {
			r.Params = json.RawMessage(rc.Params)
		}
		r.Differs = rc.Differs
		if o, ok := old[rc.Name]; ok && rc.Differs != "" {
			r.Ours = o.Ours
		}
		cases = append(cases, r)
	}
	writeFixture(t, cases)
}

func writeFixture(t *testing.T, cases []recorded) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cases); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixture, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFixture(t *testing.T) []recorded {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []recorded
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", fixture, err)
	}
	return out
}
