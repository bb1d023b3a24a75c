package mistralinterop

import (
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// dynamicModule is a code source (Mistral 15's dynamic actions): Python
// code kept in the database that only Python executors run.
const dynamicModule = `from mistral_lib import actions


class Hello(actions.Action):
    def __init__(self, name):
        self.name = name

    def run(self, context):
        return "hello " + self.name
`

const dynamicWorkflow = `---
version: '2.0'

dyn_hello:
  tasks:
    t:
      action: interop_hello name="dyn"
      publish:
        r: <% task().result %>
  output:
    r: <% $.r %>
`

// addDynamicAction stores the code source and the dynamic action
// interop_hello in the bus's database, as POST /v2/code_sources and
// /v2/dynamic_actions would (Mistral's default policy keeps those to
// admins, which a deployment without authentication has none of).
func (b *bus) addDynamicAction() {
	b.t.Helper()
	u, err := url.Parse(b.database)
	if err != nil {
		b.t.Fatal(err)
	}
	db := strings.TrimPrefix(u.Path, "/")
	quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(dynamicModule)
	sql := "INSERT INTO code_sources (id, name, project_id, namespace, content, version, scope, created_at) VALUES " +
		"('11111111-2222-4333-8444-555555555555', 'interop_dyn', '<default-project>', '', '" + quoted + "', 1, 'private', NOW());" +
		"INSERT INTO dynamic_action_definitions (id, name, class_name, scope, project_id, code_source_id, code_source_name, namespace, created_at) VALUES " +
		"('11111111-2222-4333-8444-666666666666', 'interop_hello', 'Hello', 'private', '<default-project>', " +
		"'11111111-2222-4333-8444-555555555555', 'interop_dyn', '', NOW())"
	if out, err := exec.Command("mysql", db, "-e", sql).CombinedOutput(); err != nil {
		b.t.Fatalf("store the dynamic action: %v\n%s", err, out)
	}
}

// TestPythonEngineDynamicActionOurExecutor runs a workflow whose action is a
// dynamic action (Python Mistral 15 sends it to executors as a
// mistral.actions.dynamic_action.DynamicAction, a serializer our executors
// do not know) under Python Mistral's API and engine. With our executor
// alone on the bus the task fails within the hand-off timeout, saying no
// executor could run it; with a Python executor beside ours it succeeds.
// Our executor server used to drop the request ("unknown action
// serializer"), leaving the execution RUNNING for good.
func TestPythonEngineDynamicActionOurExecutor(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral twice (about 30 s)")
	}
	t.Parallel()
	b := newBroker(t).bus("")
	b.handoffTimeout = 4
	b.ours("our-executor", "executor")
	url := b.python("python-api-engine", "api,engine", "")
	b.waitPythonAPI("python-api-engine", url)
	b.waitConsumers(b.topic("mistral_executor"), 1)
	b.waitConsumers(b.topic("mistral_engine"), 1)
	b.addDynamicAction()
	c := &client{t: t, url: url}
	c.createWorkflows(dynamicWorkflow)

	t.Run("our executor alone", func(t *testing.T) {
		c := &client{t: t, url: c.url}
		start := time.Now()
		ex := c.wait(c.start("dyn_hello", nil), 90*time.Second)
		took := time.Since(start)
		o := c.outcome(ex)
		t.Logf("after %s:\n%s", took.Round(time.Millisecond), o)
		want := "No executor on the bus could run the action mistral.actions.dynamic_action.DynamicAction"
		if ex.State != "ERROR" || len(o.Tasks) != 1 || !strings.Contains(o.Tasks[0], want) {
			t.Errorf("want the execution and its task in ERROR with a state_info containing %q", want)
		}
	})

	t.Run("with a Python executor", func(t *testing.T) {
		b.python("python-executor", "executor", "")
		b.waitConsumers(b.topic("mistral_executor"), 2)
		c := &client{t: t, url: c.url}
		for range 3 {
			ex := c.wait(c.start("dyn_hello", nil), 90*time.Second)
			if ex.State != "SUCCESS" || ex.Output != `{"r": "hello dyn"}` {
				t.Errorf("execution %s ended %s (%s), output %s; want SUCCESS with r = hello dyn", ex.ID, ex.State, ex.StateInfo, ex.Output)
			}
		}
	})
}
