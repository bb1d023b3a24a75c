package rest_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mistralCLI runs the real python-mistralclient CLI against the test API.
type mistralCLI struct {
	t   *testing.T
	bin string
	url string
	env []string
}

func newMistralCLI(t *testing.T, a *testAPI) *mistralCLI {
	t.Helper()
	bin, err := exec.LookPath("mistral")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the mistral CLI (python3-mistralclient) is not installed")
		}
		t.Skip("the mistral CLI (python3-mistralclient) is not installed")
	}
	// Without OS_* credentials the CLI talks to --os-mistral-url without
	// Keystone.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OS_") && !strings.HasPrefix(kv, "MISTRAL_") {
			env = append(env, kv)
		}
	}
	return &mistralCLI{t: t, bin: bin, url: a.srv.URL + "/v2", env: env}
}

// run runs one command and returns its standard output; a non-zero exit
// fails the test.
func (m *mistralCLI) run(args ...string) string {
	m.t.Helper()
	out, errOut, err := m.try(args...)
	if err != nil {
		m.t.Fatalf("mistral %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func (m *mistralCLI) try(args ...string) (string, string, error) {
	cmd := exec.Command(m.bin, append([]string{"--os-mistral-url", m.url}, args...)...)
	cmd.Env = m.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// object runs a show command with -f json.
func (m *mistralCLI) object(args ...string) map[string]any {
	m.t.Helper()
	out := m.run(append(args, "-f", "json")...)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		m.t.Fatalf("mistral %s: output is not a JSON object: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// rows runs a list command with -f json. The CLI shows an empty list as
// one row of empty values; rows returns no rows for it.
func (m *mistralCLI) rows(args ...string) []map[string]any {
	m.t.Helper()
	out := m.run(append(args, "-f", "json")...)
	var v []map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		m.t.Fatalf("mistral %s: output is not a JSON list: %v\n%s", strings.Join(args, " "), err, out)
	}
	if len(v) == 1 && v[0]["ID"] == "" {
		return nil
	}
	return v
}

func TestCLISession(t *testing.T) {
	if testing.Short() {
		t.Skip("the CLI session starts the Python client about 25 times (-short)")
	}
	a := newTestAPI(t)
	cli := newMistralCLI(t, a)
	dir := t.TempDir()
	file := filepath.Join(dir, "hello.yaml")
	if err := os.WriteFile(file, []byte(helloWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}

	created := cli.rows("workflow-create", file)
	if len(created) != 1 || created[0]["Name"] != "hello" || created[0]["Input"] != `name, greeting="Hello"` {
		t.Fatalf("workflow-create: %v", created)
	}
	wfID := created[0]["ID"].(string)

	wf := cli.object("workflow-get", "hello")
	if wf["ID"] != wfID || wf["Tags"] != "greet" || wf["Namespace"] != "" {
		t.Fatalf("workflow-get: %v", wf)
	}
	if def := cli.run("workflow-get-definition", "hello"); !strings.Contains(def, "std.echo") {
		t.Fatalf("workflow-get-definition: %s", def)
	}
	if list := cli.rows("workflow-list"); len(list) != 1 || list[0]["ID"] != wfID {
		t.Fatalf("workflow-list: %v", list)
	}
	// As Mistral: an update that changes nothing writes nothing.
	updated := cli.rows("workflow-update", file)
	if len(updated) != 1 || updated[0]["ID"] != wfID || updated[0]["Updated at"] != nil {
		t.Fatalf("workflow-update, unchanged: %v", updated)
	}
	if err := os.WriteFile(file, []byte(helloWorkflow+"# changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	updated = cli.rows("workflow-update", file)
	if len(updated) != 1 || updated[0]["ID"] != wfID || updated[0]["Updated at"] == nil {
		t.Fatalf("workflow-update: %v", updated)
	}

	ex := cli.object("execution-create", "hello", `{"name": "ann"}`)
	exID := ex["ID"].(string)
	if ex["Workflow name"] != "hello" || ex["Workflow ID"] != wfID {
		t.Fatalf("execution-create: %v", ex)
	}
	deadline := time.Now().Add(10 * time.Second)
	for ex["State"] == "RUNNING" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		ex = cli.object("execution-get", exID)
	}
	if ex["State"] != "SUCCESS" || ex["ID"] != exID {
		t.Fatalf("execution-get: %v", ex)
	}
	var output map[string]any
	if err := json.Unmarshal([]byte(cli.run("execution-get-output", exID)), &output); err != nil || output["text"] != "Hello, ann!" {
		t.Fatalf("execution-get-output: %v %v", output, err)
	}
	var input map[string]any
	if err := json.Unmarshal([]byte(cli.run("execution-get-input", exID)), &input); err != nil || input["name"] != "ann" {
		t.Errorf("execution-get-input: %v %v", input, err)
	}
	if list := cli.rows("execution-list"); len(list) != 1 || list[0]["ID"] != exID || list[0]["State"] != "SUCCESS" {
		t.Fatalf("execution-list: %v", list)
	}

	tasks := cli.rows("task-list", exID)
	if len(tasks) != 1 || tasks[0]["Name"] != "say" || tasks[0]["State"] != "SUCCESS" || tasks[0]["Workflow Execution ID"] != exID {
		t.Fatalf("task-list: %v", tasks)
	}
	taskID := tasks[0]["ID"].(string)
	task := cli.object("task-get", taskID)
	if task["ID"] != taskID || task["Name"] != "say" {
		t.Fatalf("task-get: %v", task)
	}
	var result any
	if err := json.Unmarshal([]byte(cli.run("task-get-result", taskID)), &result); err != nil || result != "Hello, ann!" {
		t.Fatalf("task-get-result: %v %v", result, err)
	}
	var published map[string]any
	if err := json.Unmarshal([]byte(cli.run("task-get-published", taskID)), &published); err != nil || published["text"] != "Hello, ann!" {
		t.Fatalf("task-get-published: %v %v", published, err)
	}

	actions := cli.rows("action-execution-list")
	if len(actions) != 1 || actions[0]["Name"] != "std.echo" || actions[0]["Task name"] != "say" || actions[0]["State"] != "SUCCESS" {
		t.Fatalf("action-execution-list: %v", actions)
	}
	actionID := actions[0]["ID"].(string)
	if list := cli.rows("action-execution-list", taskID); len(list) != 1 || list[0]["ID"] != actionID {
		t.Fatalf("action-execution-list TASK: %v", list)
	}
	if ax := cli.object("action-execution-get", actionID); ax["ID"] != actionID || ax["Accepted"] != true {
		t.Fatalf("action-execution-get: %v", ax)
	}
	var axOut map[string]any
	if err := json.Unmarshal([]byte(cli.run("action-execution-get-output", actionID)), &axOut); err != nil || axOut["result"] != "Hello, ann!" {
		t.Fatalf("action-execution-get-output: %v %v", axOut, err)
	}

	if u := cli.object("execution-update", exID, "-d", "greeted ann"); u["Description"] != "greeted ann" {
		t.Fatalf("execution-update -d: %v", u)
	}
	waiter := filepath.Join(dir, "waiter.yaml")
	if err := os.WriteFile(waiter, []byte(waiterWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	cli.run("workflow-create", waiter)
	ex2ID := cli.object("execution-create", "waiter")["ID"].(string)
	if u := cli.object("execution-update", ex2ID, "-s", "PAUSED"); u["State"] != "PAUSED" {
		t.Fatalf("execution-update -s PAUSED: %v", u)
	}
	if u := cli.object("execution-update", ex2ID, "-s", "RUNNING"); u["State"] != "RUNNING" {
		t.Fatalf("execution-update -s RUNNING: %v", u)
	}
	if u := cli.object("execution-update", ex2ID, "-s", "CANCELLED"); u["State"] != "CANCELLED" {
		t.Fatalf("execution-update -s CANCELLED: %v", u)
	}

	if out := cli.run("execution-delete", exID, ex2ID); strings.Contains(out, "failed") {
		t.Fatalf("execution-delete: %s", out)
	}
	if list := cli.rows("execution-list"); len(list) != 0 {
		t.Fatalf("execution-list after delete: %v", list)
	}
	if _, errOut, err := cli.try("execution-get", exID); err == nil || !strings.Contains(errOut, "WorkflowExecution not found") {
		t.Fatalf("execution-get of a deleted execution: err=%v stderr=%s", err, errOut)
	}
	cli.run("workflow-delete", "hello", "waiter")
	if list := cli.rows("workflow-list"); len(list) != 0 {
		t.Fatalf("workflow-list after delete: %v", list)
	}
	if _, errOut, err := cli.try("workflow-create", filepath.Join(dir, "missing.yaml")); err == nil {
		t.Fatalf("workflow-create of a missing file succeeded: %s", errOut)
	}
}

const waiterWorkflow = `version: '2.0'
waiter:
  tasks:
    wait:
      action: std.async_noop
`
