package mistralinterop

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testserver.StopKeystone()
	os.Exit(code)
}

const whoami = `---
version: '2.0'
interop_whoami:
  output:
    who: <% $.who %>
  tasks:
    ask:
      action: interop.whoami
      publish:
        who: <% task().result %>
`

// TestPythonExecutorGetsTheCreatorsContext runs our API and engine behind
// a real Keystone with Python Mistral's executor: the action it runs sees,
// in mistral_lib's ActionContext.security, the project, user and token of
// the user who started the execution, which our engine sent in the
// run_action's _context_* keys.
func TestPythonExecutorGetsTheCreatorsContext(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral (about 20 s)")
	}
	t.Parallel()
	ks := testserver.SharedKeystone(t)
	svc := ks.ServiceUser(t)
	project, projectID := ks.CreateProject(t, "interop")
	alice := ks.CreateUser(t, "alice", project, projectID, "member")

	b := newBroker(t).bus("")
	pyactions, err := filepath.Abs("pyactions")
	if err != nil {
		t.Fatal(err)
	}
	b.python("python-executor", "executor", pyactions)
	b.pythonActions = pyactions
	b.ourConf = ks.MistralConf(svc)
	url := b.ours("our-api-engine", "api,engine")
	b.waitConsumers(b.topic("mistral_executor"), 1)
	b.waitConsumers(b.topic("mistral_engine"), 1)

	c := &client{t: t, url: url, token: alice.Token(t, ks)}
	c.createWorkflows(whoami)
	ex := c.wait(c.start("interop_whoami", map[string]any{}), 60*time.Second)
	o := c.outcome(ex)
	t.Logf("%s", o)
	if ex.State != "SUCCESS" {
		t.Fatalf("execution %s: %s", ex.State, ex.StateInfo)
	}
	want := map[string]any{"project_id": projectID, "project_name": project, "user_name": alice.Name,
		"has_token": true, "auth_uri": ks.URL, "has_catalog": true}
	var out struct {
		Who map[string]any `json:"who"`
	}
	if err := json.Unmarshal([]byte(ex.Output), &out); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if out.Who[k] != v {
			t.Errorf("the Python action saw %s = %v, want %v (all: %v)", k, out.Who[k], v, out.Who)
		}
	}
}
