package stdactions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
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
	// A database and a virtual host of its own, emptied: actions that a
	// previous run left scheduled must not call this run's servers.
	fresh := [][]string{
		{"mysql", "-e", "DROP DATABASE IF EXISTS mistral_" + name},
		{"rm", "-f", filepath.Join(stateDir(), name, "db-synced")},
		{"rabbitmqctl", "delete_vhost", name},
		{"rabbitmqctl", "add_vhost", name},
	}
	for _, args := range fresh {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Logf("%v: %v\n%s", args, err, out)
		}
	}
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
	waitEngine(t, c.base)
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

// waitEngine waits until the engine answers run-action: the API is up
// before the engine listens, and a call sent before that is lost (the API
// answers it with a 500 after rpc_response_timeout).
func waitEngine(t *testing.T, base string) {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := hc.Post(base+"/action_executions", "application/json", strings.NewReader(`{"name": "std.noop"}`))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusCreated {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the engine of Mistral 15 does not answer: %v", err)
		}
		time.Sleep(time.Second)
	}
}

// stateDir is where start.sh keeps its instances' state.
func stateDir() string {
	if d := os.Getenv("MISTRAL_ANCHOR_STATE"); d != "" {
		return d
	}
	return "/tmp/mistral-anchor"
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
