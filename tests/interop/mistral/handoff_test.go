package mistralinterop

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// greetTwice runs the custom Python action twice, beside a standard one.
const greetTwice = `---
version: '2.0'

greet_twice:
  tasks:
    first:
      action: interop.greet name="first" punctuation="!"
      publish:
        first: <% task().result.greeting %>
        python: <% task().result.python %>
      on-success: [echo]
    echo:
      action: std.echo output=<% $.first %>
      on-success: [second]
    second:
      action: interop.greet name="second" punctuation="."
      publish:
        second: <% task().result.greeting %>
`

// pyactionsDir is the absolute path of the custom Python action package.
func pyactionsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("pyactions")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// handOffs counts the hand-offs of Python-only actions in our process's log.
func (b *bus) handOffs(name string) int {
	b.t.Helper()
	n := 0
	for _, f := range []string{name + ".log", name + ".out"} {
		raw, _ := os.ReadFile(filepath.Join(b.dir, f))
		n += bytes.Count(raw, []byte("handing off an action this executor cannot run"))
	}
	return n
}

// customActions runs workflows and synchronous runs of a custom Python
// action on a bus where our executor and a Python executor that has the
// action share the executor topic: our executor hands the custom actions
// that reach it to the other executors, and every run succeeds.
func customActions(t *testing.T, b *bus, url string) {
	const n = 20
	c := &client{t: t, url: url}
	c.createWorkflows(greetTwice)

	start := time.Now()
	ids := c.startMany("greet_twice", n)
	for _, id := range ids {
		ex := c.wait(id, 90*time.Second)
		o := c.outcome(ex)
		if ex.State != "SUCCESS" || !strings.Contains(strings.Join(o.Tasks, "\n"), `"second":"hello second."`) {
			t.Errorf("execution %s:\n%s", id, o)
		}
	}
	handed := b.handOffs("our-executor")
	t.Logf("%d executions with 2 custom Python actions each in %s; our executor handed off %d of them",
		n, time.Since(start).Round(time.Millisecond), handed)
	if handed == 0 {
		t.Errorf("no custom action reached our executor first: the test proved nothing")
	}

	// Synchronous runs (mistral run-action) are calls: whichever executor
	// gets one first, the caller hears the Python executor's answer.
	for i := range 8 {
		var ae struct {
			State  string `json:"state"`
			Output string `json:"output"`
		}
		c.do("POST", "/action_executions", "application/json",
			`{"name": "interop.greet", "input": "{\"name\": \"sync\", \"punctuation\": \".\"}"}`, http.StatusCreated, &ae)
		if ae.State != "SUCCESS" || !strings.Contains(ae.Output, `"greeting": "hello sync."`) {
			t.Errorf("run-action %d: %s %s", i, ae.State, ae.Output)
		}
	}
	t.Logf("with 8 synchronous runs our executor handed off %d calls", b.handOffs("our-executor")-handed)
}

// TestPythonOnlyActionWithoutPythonExecutor runs a custom Python action on
// a bus where no executor can run it: its task fails with a state_info
// that says so, within the hand-off timeout.
func TestPythonOnlyActionWithoutPythonExecutor(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	t.Parallel()
	b := newBroker(t).bus("")
	b.pythonActions = pyactionsDir(t)
	b.handoffTimeout = 4
	b.ours("our-executor", "executor")
	url := b.ours("our-api-engine", "api,engine")
	b.waitConsumers(b.topic("mistral_executor"), 1)
	b.waitConsumers(b.topic("mistral_engine"), 1)
	c := &client{t: t, url: url}
	c.createWorkflows(greetTwice)

	start := time.Now()
	ex := c.wait(c.start("greet_twice", nil), 60*time.Second)
	took := time.Since(start)
	var tasks struct {
		Tasks []struct {
			Name      string `json:"name"`
			State     string `json:"state"`
			StateInfo string `json:"state_info"`
		} `json:"tasks"`
	}
	c.do("GET", "/executions/"+ex.ID+"/tasks", "", "", http.StatusOK, &tasks)
	t.Logf("ended %s after %s: %q; tasks %+v", ex.State, took.Round(time.Millisecond), ex.StateInfo, tasks.Tasks)
	want := "No executor on the bus could run the action interop.greet [class=interop_actions.GreetAction"
	if ex.State != "ERROR" || len(tasks.Tasks) != 1 || tasks.Tasks[0].State != "ERROR" ||
		!strings.Contains(tasks.Tasks[0].StateInfo, want) {
		t.Errorf("want the execution and its task first in ERROR with a state_info containing %q", want)
	}
	// The hand-off timeout (4 s), not rpc_response_timeout (30 s), decides.
	if took < 4*time.Second || took > 20*time.Second {
		t.Errorf("the task failed after %s, want about the hand-off timeout (4s)", took)
	}
}
