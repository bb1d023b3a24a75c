package mistralinterop

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// workflows exercises std.echo, a std.fail handled by on-error, a failing
// workflow, and a sub-workflow.
const workflows = `---
version: '2.0'

interop_main:
  input:
    - who
  output:
    greeting: <% $.greeting %>
    handled: <% $.handled %>
    sub: <% $.sub %>
  tasks:
    hello:
      action: std.echo output="hello <% $.who %>"
      publish:
        greeting: <% task().result %>
      on-success:
        - boom
    boom:
      action: std.fail error_data="expected failure"
      publish-on-error:
        handled: <% task().result %>
      on-error:
        - call_sub
    call_sub:
      workflow: interop_sub
      input:
        x: <% $.greeting %>
      publish:
        sub: <% task().result %>

interop_sub:
  input:
    - x
  output:
    y: <% $.y %>
  tasks:
    echo:
      action: std.echo output="<% $.x %>!"
      publish:
        y: <% task().result %>

interop_fails:
  tasks:
    first:
      action: std.echo output=1
      on-success:
        - unhandled
    unhandled:
      action: std.fail
`

// startAll creates the workflows and starts them.
func startAll(c *client) []string {
	c.t.Helper()
	c.createWorkflows(workflows)
	return []string{c.start("interop_main", map[string]any{"who": "interop"}), c.start("interop_fails", nil)}
}

// collect waits for the executions and returns how each ended.
func collect(c *client, ids []string) []outcome {
	c.t.Helper()
	var out []outcome
	for _, id := range ids {
		out = append(out, c.outcome(c.wait(id, 60*time.Second)))
	}
	return out
}

// TestPythonEngineWithOurExecutor runs Python Mistral's API and engine with
// our executor as the only executor on the bus, and compares how the
// workflows end with Python Mistral alone.
func TestPythonEngineWithOurExecutor(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral twice (about 30 s)")
	}
	t.Parallel()

	start := time.Now()
	step := func(what string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), what) }
	br := newBroker(t)
	step("broker")
	alone, mixed := br.bus("_alone"), br.bus("")
	step("databases")

	// Python Mistral alone, and Python's API and engine with our executor,
	// side by side on one broker under different topics.
	aloneURL := alone.python("python-all", "api,engine,executor", "")
	mixed.ours("our-executor", "executor")
	mixedURL := mixed.python("python-api-engine", "api,engine", "")
	alone.waitPythonAPI("python-all", aloneURL)
	mixed.waitPythonAPI("python-api-engine", mixedURL)
	alone.waitConsumers(alone.topic("mistral_executor"), 1)
	mixed.waitConsumers(mixed.topic("mistral_executor"), 1)
	mixed.waitConsumers(mixed.topic("mistral_engine"), 1)
	step("up")

	ref, ours := &client{t: t, url: aloneURL}, &client{t: t, url: mixedURL}
	refIDs, ourIDs := startAll(ref), startAll(ours)
	want, got := collect(ref, refIDs), collect(ours, ourIDs)
	step("ran")
	t.Cleanup(func() { step("cleaned") })

	if want[0].State != "SUCCESS" || want[1].State != "ERROR" {
		t.Fatalf("Python Mistral alone did not end as the test expects:\n%s\n\n%s", want[0], want[1])
	}
	for i := range want {
		t.Logf("outcome %d:\n%s", i, got[i])
		if got[i].String() != want[i].String() {
			t.Errorf("with our executor:\n%s\n\nPython Mistral alone:\n%s", got[i], want[i])
		}
	}

	t.Run("run-action timeout that is not whole seconds", func(t *testing.T) {
		runActionTimeouts(t, &client{t: t, url: aloneURL}, &client{t: t, url: mixedURL})
	})
}

// runActionTimeouts runs std.sleep seconds=5 synchronously with
// start_action timeouts that are not positive whole numbers, which
// Python's engine hands to run_action as the REST caller wrote them and
// its executor applies as eventlet.Timeout(seconds=value). Our executor,
// under Python's engine, must interrupt the action as well: it used to
// drop such a timeout and let the action run its 5 seconds.
func runActionTimeouts(t *testing.T, ref, ours *client) {
	for _, timeout := range []string{"1.5", "true"} {
		params := `{\"timeout\": ` + timeout + `, \"run_sync\": true}`
		body := `{"name": "std.sleep", "input": "{\"seconds\": 5}", "params": "` + params + `"}`
		for _, c := range []*client{ref, ours} {
			var ax struct {
				State  string `json:"state"`
				Output string `json:"output"`
			}
			start := time.Now()
			c.do("POST", "/action_executions", "application/json", body, http.StatusCreated, &ax)
			took := time.Since(start)
			who := "Python Mistral alone"
			if c == ours {
				who = "our executor"
			}
			t.Logf("timeout %s, %s: %s in %s: %s", timeout, who, ax.State, took.Round(time.Millisecond), ax.Output)
			if ax.State != "ERROR" || !strings.Contains(ax.Output, "second") || took > 4*time.Second {
				t.Errorf("timeout %s, %s: %s after %s, output %s; want ERROR from the timeout well before 5s",
					timeout, who, ax.State, took.Round(time.Millisecond), ax.Output)
			}
		}
	}
}
