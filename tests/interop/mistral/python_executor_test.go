package mistralinterop

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

// custom uses the action only the Python executor has (pyactions/),
// beside standard actions and a sub-workflow.
const custom = `---
version: '2.0'

interop_custom:
  input:
    - who
  output:
    greeting: <% $.greeting %>
    echoed: <% $.echoed %>
  tasks:
    greet:
      action: interop.greet name=<% $.who %> punctuation="?"
      publish:
        greeting: <% task().result.greeting %>
        python: <% task().result.python %>
      on-success:
        - sub
    sub:
      workflow: interop_echo
      input:
        x: <% $.greeting %>
      publish:
        echoed: <% task().result.x %>

interop_echo:
  input:
    - x
  output:
    x: <% $.x %>
  tasks:
    echo:
      action: std.echo output=<% $.x %>
`

// TestOurEngineWithPythonExecutor runs our API and engine with Python
// Mistral's executor as the only executor on the bus: workflows with a
// custom Python action, and mistral run-action through our API.
func TestOurEngineWithPythonExecutor(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral (about 20 s)")
	}
	t.Parallel()
	cli := testserver.Need(t, "mistral", "python3-mistralclient")
	b := newBroker(t).bus("")
	pyactions, err := filepath.Abs("pyactions")
	if err != nil {
		t.Fatal(err)
	}
	b.python("python-executor", "executor", pyactions)
	// Our engine reads the action's entry point, never its code.
	b.pythonActions = pyactions
	url := b.ours("our-api-engine", "api,engine")
	b.waitConsumers(b.topic("mistral_executor"), 1)
	b.waitConsumers(b.topic("mistral_engine"), 1)
	c := &client{t: t, url: url}

	t.Run("workflow", func(t *testing.T) {
		c := &client{t: t, url: c.url}
		c.createWorkflows(custom)
		ex := c.wait(c.start("interop_custom", map[string]any{"who": "tramontane"}), 60*time.Second)
		o := c.outcome(ex)
		t.Logf("%s", o)
		want := `{"echoed":"hello tramontane?","greeting":"hello tramontane?"}`
		if out, _ := json.Marshal(o.Output); ex.State != "SUCCESS" || string(out) != want {
			t.Errorf("got %s, want SUCCESS with output %s", o, want)
		}
	})

	mistral := func(t *testing.T, args ...string) string {
		t.Helper()
		cmd := exec.Command(cli, append([]string{"--os-mistral-url", url}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + b.dir, "LANG=C.UTF-8"}
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("mistral %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
		}
		return string(out)
	}

	t.Run("run-action sync", func(t *testing.T) {
		if got := mistral(t, "run-action", "std.echo", `{"output": "x"}`); got != "{\"result\": \"x\"}\n" {
			t.Errorf("mistral run-action std.echo: %q", got)
		}
		if got := mistral(t, "run-action", "interop.greet", `{"name": "cli", "punctuation": "."}`); !strings.HasPrefix(got, `{"result": {"greeting": "hello cli."`) {
			t.Errorf("mistral run-action interop.greet: %q", got)
		}
	})

	t.Run("run-action save result", func(t *testing.T) {
		out := mistral(t, "run-action", "-s", "std.echo", `{"output": "saved"}`, "-f", "json")
		var created struct {
			ID    string `json:"ID"`
			State string `json:"State"`
		}
		if err := json.Unmarshal([]byte(out), &created); err != nil || created.ID == "" {
			t.Fatalf("mistral run-action -s: %v in %s", err, out)
		}
		c := &client{t: t, url: url}
		deadline := time.Now().Add(60 * time.Second)
		for {
			var ae struct {
				State  string `json:"state"`
				Output string `json:"output"`
			}
			c.do("GET", "/action_executions/"+created.ID, "", "", http.StatusOK, &ae)
			if ae.State == "SUCCESS" {
				if ae.Output != `{"result": "saved"}` {
					t.Errorf("saved action execution output %s", ae.Output)
				}
				break
			}
			if ae.State != "RUNNING" || time.Now().After(deadline) {
				t.Fatalf("saved action execution %s: %s %s", created.ID, ae.State, ae.Output)
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
}
