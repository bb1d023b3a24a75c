// Package e2e drives the built mistral-server with the real python-mistralclient
// CLI, as a user does.
package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

const helloYAML = `version: '2.0'
hello:
  input:
    - name
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
      publish:
        greeting: <% task().result %>
  output:
    greeting: <% $.greeting %>
`

// cli runs `mistral --os-mistral-url URL args...` and returns its stdout.
type cli struct {
	t   *testing.T
	bin string
	url string
	dir string
}

func (c cli) run(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, append([]string{"--os-mistral-url", c.url}, args...)...)
	cmd.Dir = c.dir
	// Keystone variables would make the CLI try to authenticate.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + c.dir, "LANG=C.UTF-8"}
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		c.t.Fatalf("mistral %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}

// object runs a show command with -f json.
func (c cli) object(args ...string) map[string]any {
	c.t.Helper()
	var m map[string]any
	out := c.run(append(args, "-f", "json")...)
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("mistral %v: not a JSON object: %v\n%s", args, err, out)
	}
	return m
}

// list runs a list command with -f json.
func (c cli) list(args ...string) []map[string]any {
	c.t.Helper()
	var l []map[string]any
	out := c.run(append(args, "-f", "json")...)
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		c.t.Fatalf("mistral %v: not a JSON list: %v\n%s", args, err, out)
	}
	return l
}

func TestCLISession(t *testing.T) {
	bin := testserver.Need(t, "mistral", "python3-mistralclient")
	srv := testserver.Start(t, "")
	c := cli{t: t, bin: bin, url: srv.URL, dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(c.dir, "hello.yaml"), []byte(helloYAML), 0o600); err != nil {
		t.Fatal(err)
	}

	wfs := c.list("workflow-create", "hello.yaml")
	if len(wfs) != 1 || wfs[0]["Name"] != "hello" || wfs[0]["Input"] != "name" || wfs[0]["Scope"] != "private" {
		t.Fatalf("workflow-create: %v", wfs)
	}

	ex := c.object("execution-create", "hello", `{"name": "ann"}`)
	id, _ := ex["ID"].(string)
	if len(id) != 36 || ex["Workflow name"] != "hello" {
		t.Fatalf("execution-create: %v", ex)
	}

	deadline := time.Now().Add(30 * time.Second)
	for ex["State"] != "SUCCESS" {
		if time.Now().After(deadline) || ex["State"] == "ERROR" {
			t.Fatalf("execution-get: %v", ex)
		}
		time.Sleep(100 * time.Millisecond)
		ex = c.object("execution-get", id)
	}
	if ex["Workflow name"] != "hello" || ex["Task Execution ID"] != "<none>" || ex["State info"] != nil {
		t.Fatalf("execution-get: %v", ex)
	}

	var output map[string]any
	if err := json.Unmarshal([]byte(c.run("execution-get-output", id)), &output); err != nil {
		t.Fatal(err)
	}
	if output["greeting"] != "Hello, ann!" || len(output) != 1 {
		t.Fatalf("execution-get-output: %v", output)
	}

	tasks := c.list("task-list", id)
	if len(tasks) != 1 || tasks[0]["Name"] != "greet" || tasks[0]["State"] != "SUCCESS" ||
		tasks[0]["Workflow Execution ID"] != id {
		t.Fatalf("task-list: %v", tasks)
	}

	acts := c.list("action-execution-list")
	if len(acts) != 1 || acts[0]["Name"] != "std.echo" || acts[0]["Task name"] != "greet" ||
		acts[0]["State"] != "SUCCESS" || acts[0]["Task ID"] != tasks[0]["ID"] {
		t.Fatalf("action-execution-list: %v", acts)
	}
}
