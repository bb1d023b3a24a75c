package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

// cliCommands maps every command of the mistral CLI (python3-mistralclient
// 4.5) to the subtest that runs it and checks its output. TestCLICommandTable
// fails when the CLI has a command this table lacks; TestCLICommands fails
// when a command of the table was not run by its subtest.
var cliCommands = map[string]string{
	"service-list": "services",

	"workflow-create":         "workflows",
	"workflow-validate":       "workflows",
	"workflow-get":            "workflows",
	"workflow-get-definition": "workflows",
	"workflow-list":           "workflows",
	"workflow-update":         "workflows",
	"workflow-delete":         "workflows",

	"workbook-create":         "workbooks",
	"workbook-validate":       "workbooks",
	"workbook-get":            "workbooks",
	"workbook-get-definition": "workbooks",
	"workbook-list":           "workbooks",
	"workbook-update":         "workbooks",
	"workbook-delete":         "workbooks",

	"action-create":         "actions",
	"action-validate":       "actions",
	"action-get":            "actions",
	"action-get-definition": "actions",
	"action-list":           "actions",
	"action-update":         "actions",
	"action-delete":         "actions",

	"run-action":                  "action-executions",
	"action-execution-list":       "action-executions",
	"action-execution-get":        "action-executions",
	"action-execution-get-input":  "action-executions",
	"action-execution-get-output": "action-executions",
	"action-execution-update":     "action-executions",
	"action-execution-delete":     "action-executions",

	"environment-create": "environments",
	"environment-get":    "environments",
	"environment-list":   "environments",
	"environment-update": "environments",
	"environment-delete": "environments",

	"execution-create":             "executions",
	"execution-get":                "executions",
	"execution-get-input":          "executions",
	"execution-get-output":         "executions",
	"execution-get-published":      "executions",
	"execution-get-report":         "executions",
	"execution-get-sub-executions": "executions",
	"execution-list":               "executions",
	"execution-update":             "executions",
	"execution-delete":             "executions",

	"task-list":               "tasks",
	"task-get":                "tasks",
	"task-get-published":      "tasks",
	"task-get-result":         "tasks",
	"task-get-sub-executions": "tasks",
	"task-rerun":              "tasks",

	"cron-trigger-create": "cron-triggers",
	"cron-trigger-get":    "cron-triggers",
	"cron-trigger-list":   "cron-triggers",
	"cron-trigger-delete": "cron-triggers",

	"event-trigger-create": "event-triggers",
	"event-trigger-get":    "event-triggers",
	"event-trigger-list":   "event-triggers",
	"event-trigger-delete": "event-triggers",

	"member-create": "members",
	"member-get":    "members",
	"member-list":   "members",
	"member-update": "members",
	"member-delete": "members",

	"code-source-create":      "code-sources",
	"code-source-get":         "code-sources",
	"code-source-get-content": "code-sources",
	"code-source-list":        "code-sources",
	"code-source-update":      "code-sources",
	"code-source-delete":      "code-sources",

	"dynamic-action-create": "dynamic-actions",
	"dynamic-action-get":    "dynamic-actions",
	"dynamic-action-list":   "dynamic-actions",
	"dynamic-action-update": "dynamic-actions",
	"dynamic-action-delete": "dynamic-actions",

	// The CLI's own commands, which never reach the server.
	"help":            "TestCLICommandTable",
	"complete":        "TestCLICommandTable",
	"bash-completion": "TestCLICommandTable",
}

// session runs the mistral CLI against one server and records which
// subtest ran which command.
type session struct {
	bin, url, dir string

	mu  sync.Mutex
	ran map[string][]string // command -> subtests
}

func newSession(t *testing.T, url string) *session {
	bin := testserver.Need(t, "mistral", "python3-mistralclient")
	return &session{bin: bin, url: url, dir: t.TempDir(), ran: map[string][]string{}}
}

// exec runs one command. Without OS_* variables the CLI talks to
// --os-mistral-url without Keystone.
func (s *session) exec(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	s.mu.Lock()
	s.ran[args[0]] = append(s.ran[args[0]], t.Name())
	s.mu.Unlock()
	argv := args
	if s.url != "" {
		argv = append([]string{"--os-mistral-url", s.url}, args...)
	}
	cmd := exec.Command(s.bin, argv...)
	cmd.Dir = s.dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + s.dir, "LANG=C.UTF-8"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// ok runs a command that must succeed and returns its standard output.
func (s *session) ok(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := s.exec(t, args...)
	if err != nil {
		t.Fatalf("mistral %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// fails runs a command that must fail with want in its output (the delete
// commands print the server's reason on stdout, the others on stderr).
func (s *session) fails(t *testing.T, want string, args ...string) {
	t.Helper()
	out, errOut, err := s.exec(t, args...)
	if err == nil {
		t.Fatalf("mistral %s succeeded, want an error %q\nstdout: %s", strings.Join(args, " "), want, out)
	}
	if !strings.Contains(out+errOut, want) {
		t.Fatalf("mistral %s: output does not contain %q:\nstdout: %s\nstderr: %s", strings.Join(args, " "), want, out, errOut)
	}
}

// object runs a show command with -f json.
func (s *session) object(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out := s.ok(t, append(args, "-f", "json")...)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("mistral %s: not a JSON object: %v\n%s", strings.Join(args, " "), err, out)
	}
	return m
}

// rows runs a list command with -f json. The CLI shows an empty list as
// one row of empty values; rows returns no rows for it.
func (s *session) rows(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	out := s.ok(t, append(args, "-f", "json")...)
	var l []map[string]any
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("mistral %s: not a JSON list: %v\n%s", strings.Join(args, " "), err, out)
	}
	if len(l) == 1 {
		empty := true
		for _, v := range l[0] {
			if v != "" {
				empty = false
			}
		}
		if empty {
			return nil
		}
	}
	return l
}

// value runs a command with -f value and the given column.
func (s *session) value(t *testing.T, column string, args ...string) string {
	t.Helper()
	return strings.TrimSpace(s.ok(t, append(args, "-f", "value", "-c", column)...))
}

// jsonOut runs a command that prints a JSON document (get-input,
// get-output, ...) and decodes it.
func (s *session) jsonOut(t *testing.T, args ...string) any {
	t.Helper()
	out := s.ok(t, args...)
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("mistral %s: not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

func (s *session) file(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond (generously) until it holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func names(rows []map[string]any, column string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, str(r[column]))
	}
	slices.Sort(out)
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// expect compares the named fields of a shown object.
func expect(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if g := got[k]; !jsonEqual(g, w) {
			t.Errorf("%s: %q = %#v, want %#v", what, k, g, w)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

const commandsWorkflows = `version: '2.0'
greet:
  input:
    - name
  tasks:
    say:
      action: std.echo output="Hello, <% $.name %>!"
      publish:
        greeting: <% task().result %>
  output:
    greeting: <% $.greeting %>
parent:
  tasks:
    call:
      workflow: greet name="sub"
      publish:
        got: <% task().result.greeting %>
  output:
    got: <% $.got %>
failing:
  tasks:
    boom:
      action: std.fail
slow:
  tasks:
    wait:
      action: std.sleep seconds=60
with_env:
  tasks:
    read:
      action: std.echo output=<% env().greeting %>
      publish:
        from_env: <% task().result %>
  output:
    from_env: <% $.from_env %>
`

const commandsScratchWorkflow = `version: '2.0'
scratch:
  tasks:
    t:
      action: std.noop
`

const commandsWorkbook = `version: '2.0'
name: book
workflows:
  inner:
    tasks:
      t:
        action: std.noop
`

const commandsAction = `version: '2.0'
shout:
  base: std.echo
  base-input:
    output: "<% $.word %>!"
  input:
    - word
`

const commandsEnvironment = `name: env1
description: for the commands test
variables:
  greeting: from the environment
`

// TestCLICommands drives every command of the mistral CLI against one
// mistral-server, in the order a user would, and checks each command's
// output.
func TestCLICommands(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: starts mistral-server and runs the CLI ~150 times")
	}
	testserver.Need(t, "mistral", "python3-mistralclient")
	srv := testserver.Start(t, "[api]\nallow_action_execution_deletion = True\n")
	s := newSession(t, srv.URL)
	s.file(t, "workflows.yaml", commandsWorkflows)
	s.file(t, "scratch.yaml", commandsScratchWorkflow)
	s.file(t, "workbook.yaml", commandsWorkbook)
	s.file(t, "action.yaml", commandsAction)
	s.file(t, "env.yaml", commandsEnvironment)
	s.file(t, "source.py", "print('hi')\n")

	steps := []struct {
		name string
		run  func(t *testing.T, s *session)
	}{
		{"services", cliServices},
		{"workflows", cliWorkflows},
		{"workbooks", cliWorkbooks},
		{"actions", cliActions},
		{"action-executions", cliActionExecutions},
		{"environments", cliEnvironments},
		{"executions", cliExecutions},
		{"tasks", cliTasks},
		{"cron-triggers", cliCronTriggers},
		{"event-triggers", cliEventTriggers},
		{"members", cliMembers},
		{"code-sources", cliCodeSources},
		{"dynamic-actions", cliDynamicActions},
	}
	for _, step := range steps {
		if !t.Run(step.name, func(t *testing.T) { step.run(t, s) }) {
			return // later steps build on earlier ones
		}
	}

	for cmd, sub := range cliCommands {
		if strings.HasPrefix(sub, "Test") {
			continue
		}
		if want := t.Name() + "/" + sub; !slices.Contains(s.ran[cmd], want) {
			t.Errorf("%s: not run by %s (ran in %v)", cmd, want, s.ran[cmd])
		}
	}
}

func cliServices(t *testing.T, s *session) {
	rows := s.rows(t, "service-list")
	types := names(rows, "Type")
	if !slices.Equal(types, []string{"api_group", "engine_group", "event-engine_group", "executor_group", "notifier_group"}) {
		t.Fatalf("service-list types: %v", types)
	}
	host, _ := os.Hostname()
	for _, r := range rows {
		if !regexp.MustCompile(`^` + regexp.QuoteMeta(host) + `_\d+$`).MatchString(str(r["Name"])) {
			t.Errorf("service-list name %q, want %s_<pid>", r["Name"], host)
		}
	}
}

func cliWorkflows(t *testing.T, s *session) {
	created := s.rows(t, "workflow-create", "workflows.yaml")
	if got := names(created, "Name"); !slices.Equal(got, []string{"failing", "greet", "parent", "slow", "with_env"}) {
		t.Fatalf("workflow-create: %v", got)
	}
	expect(t, "workflow-validate", s.object(t, "workflow-validate", "workflows.yaml"), map[string]any{"Valid": true, "Error": nil})
	s.file(t, "broken.yaml", "version: '2.0'\nbroken:\n  tasks:\n    t:\n      action: std.noop\n      on-success: [nowhere]\n")
	broken := s.object(t, "workflow-validate", "broken.yaml")
	if broken["Valid"] != false || !strings.Contains(str(broken["Error"]), "nowhere") {
		t.Errorf("workflow-validate of a broken workflow: %v", broken)
	}

	wf := s.object(t, "workflow-get", "greet")
	expect(t, "workflow-get", wf, map[string]any{"Name": "greet", "Namespace": "", "Input": "name",
		"Scope": "private", "Project ID": "<default-project>", "Tags": "<none>", "Updated at": nil})
	// Each workflow of a file keeps its own definition.
	if def := s.ok(t, "workflow-get-definition", "greet"); !strings.HasPrefix(def, "version: '2.0'\ngreet:\n") ||
		!strings.Contains(def, `action: std.echo output="Hello, <% $.name %>!"`) || strings.Contains(def, "parent:") {
		t.Errorf("workflow-get-definition:\n%s", def)
	}
	if got := names(s.rows(t, "workflow-list", "--filter", "name=in:greet,parent"), "Name"); !slices.Equal(got, []string{"greet", "parent"}) {
		t.Errorf("workflow-list --filter: %v", got)
	}
	// As Mistral: updating with unchanged definitions writes nothing.
	updated := s.rows(t, "workflow-update", "workflows.yaml")
	if len(updated) != 5 || updated[0]["Updated at"] != nil {
		t.Errorf("workflow-update: %v", updated)
	}

	s.rows(t, "workflow-create", "scratch.yaml")
	if out := s.ok(t, "workflow-delete", "scratch"); !strings.Contains(out, "Request to delete workflow scratch has been accepted.") {
		t.Errorf("workflow-delete: %q", out)
	}
	s.fails(t, "Workflow not found [workflow_identifier=scratch", "workflow-get", "scratch")
}

func cliWorkbooks(t *testing.T, s *session) {
	wb := s.object(t, "workbook-create", "workbook.yaml")
	expect(t, "workbook-create", wb, map[string]any{"Name": "book", "Namespace": "", "Tags": "<none>", "Scope": "private", "Updated at": nil})
	expect(t, "workbook-validate", s.object(t, "workbook-validate", "workbook.yaml"), map[string]any{"Valid": true, "Error": nil})
	expect(t, "workbook-get", s.object(t, "workbook-get", "book"), map[string]any{"Name": "book", "Scope": "private"})
	if def := s.ok(t, "workbook-get-definition", "book"); !strings.HasPrefix(def, commandsWorkbook) {
		t.Errorf("workbook-get-definition:\n%s", def)
	}
	if got := names(s.rows(t, "workbook-list"), "Name"); !slices.Equal(got, []string{"book"}) {
		t.Errorf("workbook-list: %v", got)
	}
	// As Mistral 15: an update with the same text leaves the workbook as it
	// was; a changed text stamps updated_at.
	if got := s.value(t, "Updated at", "workbook-update", "workbook.yaml"); got != "None" {
		t.Errorf("workbook-update with the same text: updated at %q, want None", got)
	}
	s.file(t, "workbook-changed.yaml", strings.Replace(commandsWorkbook, "name: book\n", "name: book\ndescription: changed\n", 1))
	if got := s.value(t, "Updated at", "workbook-update", "workbook-changed.yaml"); got == "" || got == "None" {
		t.Errorf("workbook-update with a changed text: updated at %q", got)
	}
	if got := s.value(t, "Name", "workflow-get", "book.inner"); got != "book.inner" {
		t.Errorf("the workbook's workflow: %q", got)
	}
	if out := s.ok(t, "workbook-delete", "book"); !strings.Contains(out, "Request to delete workbook book has been accepted.") {
		t.Errorf("workbook-delete: %q", out)
	}
	if rows := s.rows(t, "workbook-list"); len(rows) != 0 {
		t.Errorf("workbook-list after delete: %v", rows)
	}
}

func cliActions(t *testing.T, s *session) {
	created := s.rows(t, "action-create", "action.yaml")
	if len(created) != 1 {
		t.Fatalf("action-create: %v", created)
	}
	expect(t, "action-create", created[0], map[string]any{"Name": "shout", "Is system": false, "Input": "word",
		"Description": nil, "Tags": "<none>"})
	expect(t, "action-validate", s.object(t, "action-validate", "action.yaml"), map[string]any{"Valid": true, "Error": nil})
	expect(t, "action-get", s.object(t, "action-get", "shout"), map[string]any{"Name": "shout", "Input": "word", "Is system": false})
	if def := s.ok(t, "action-get-definition", "shout"); !strings.HasPrefix(def, strings.TrimSpace(commandsAction)) {
		t.Errorf("action-get-definition:\n%s", def)
	}
	list := s.rows(t, "action-list")
	all := names(list, "Name")
	if !slices.Contains(all, "shout") || !slices.Contains(all, "std.echo") || !slices.Contains(all, "std.http") {
		t.Errorf("action-list lacks shout, std.echo or std.http: %v", all)
	}
	// An update that changes nothing writes nothing (Updated at stays
	// None, as with Mistral 15); a changed definition is written.
	if same := s.rows(t, "action-update", "action.yaml"); len(same) != 1 || same[0]["Updated at"] != nil {
		t.Errorf("action-update, unchanged: %v", same)
	}
	s.file(t, "action_changed.yaml", strings.Replace(commandsAction, "  base: std.echo\n", "  description: Louder.\n  base: std.echo\n", 1))
	updated := s.rows(t, "action-update", "action_changed.yaml")
	if len(updated) != 1 || str(updated[0]["Updated at"]) == "" || updated[0]["Description"] != "Louder." {
		t.Errorf("action-update: %v", updated)
	}
	s.file(t, "scratch_action.yaml", "version: '2.0'\nscratch_action:\n  base: std.noop\n")
	s.rows(t, "action-create", "scratch_action.yaml")
	if out := s.ok(t, "action-delete", "scratch_action"); !strings.Contains(out, "Request to delete action scratch_action has been accepted.") {
		t.Errorf("action-delete: %q", out)
	}
	s.fails(t, "scratch_action", "action-get", "scratch_action")
}

func cliActionExecutions(t *testing.T, s *session) {
	// Without --save-result the CLI prints the output of a synchronous run.
	if out := strings.TrimSpace(s.ok(t, "run-action", "std.echo", `{"output": "x"}`)); out != `{"result": "x"}` {
		t.Errorf("run-action: %q", out)
	}
	if out := strings.TrimSpace(s.ok(t, "run-action", "std.echo", `{"output": "y"}`, "--run-sync", "--save-result")); out != `{"result": "y"}` {
		t.Errorf("run-action --run-sync --save-result: %q", out)
	}
	// With --save-result it shows the stored action execution.
	saved := s.object(t, "run-action", "std.echo", `{"output": "z"}`, "--save-result")
	expect(t, "run-action --save-result", saved, map[string]any{"Name": "std.echo", "Workflow name": nil, "Task name": nil})
	savedID := str(saved["ID"])
	eventually(t, "the saved action to finish", func() bool {
		var ax struct{ State string }
		s.get(t, "/action_executions/"+savedID, &ax)
		return ax.State == "SUCCESS"
	})
	expect(t, "action-execution-get", s.object(t, "action-execution-get", savedID),
		map[string]any{"ID": savedID, "Name": "std.echo", "State": "SUCCESS", "State info": nil})
	if got := s.jsonOut(t, "action-execution-get-input", savedID); !jsonEqual(got, map[string]any{"output": "z"}) {
		t.Errorf("action-execution-get-input: %v", got)
	}
	if got := s.jsonOut(t, "action-execution-get-output", savedID); !jsonEqual(got, map[string]any{"result": "z"}) {
		t.Errorf("action-execution-get-output: %v", got)
	}

	// An asynchronous action waits for its result, which update delivers.
	async := s.object(t, "run-action", "std.async_noop", "--save-result")
	asyncID := str(async["ID"])
	expect(t, "run-action of an async action", async, map[string]any{"Name": "std.async_noop", "State": "RUNNING"})
	done := s.object(t, "action-execution-update", asyncID, "--state", "SUCCESS", "--output", `{"answer": 42}`)
	expect(t, "action-execution-update", done, map[string]any{"ID": asyncID, "State": "SUCCESS"})
	if got := s.jsonOut(t, "action-execution-get-output", asyncID); !jsonEqual(got, map[string]any{"result": map[string]any{"answer": 42}}) {
		t.Errorf("action-execution-get-output after update: %v", got)
	}
	s.fails(t, "Invalid input for field/attribute", "action-execution-update", asyncID, "--state", "ERROR", "--output", `"not an object"`)

	ids := names(s.rows(t, "action-execution-list"), "ID")
	if !slices.Contains(ids, savedID) || !slices.Contains(ids, asyncID) {
		t.Errorf("action-execution-list lacks %s or %s: %v", savedID, asyncID, ids)
	}
	if out := s.ok(t, "action-execution-delete", asyncID); !strings.Contains(out, "Request to delete action execution "+asyncID+" has been accepted.") {
		t.Errorf("action-execution-delete: %q", out)
	}
	s.fails(t, "not found", "action-execution-get", asyncID)
}

func cliEnvironments(t *testing.T, s *session) {
	env := s.object(t, "environment-create", "env.yaml")
	expect(t, "environment-create", env, map[string]any{"Name": "env1", "Description": "for the commands test",
		"Variables": "{\n    \"greeting\": \"from the environment\"\n}", "Scope": "private", "Updated at": nil})
	expect(t, "environment-get", s.object(t, "environment-get", "env1"), map[string]any{"Name": "env1", "Scope": "private"})
	if got := s.jsonOut(t, "environment-get", "env1", "-f", "value", "-c", "Variables"); !jsonEqual(got, map[string]any{"greeting": "from the environment"}) {
		t.Errorf("environment-get variables: %v", got)
	}
	if got := names(s.rows(t, "environment-list"), "Name"); !slices.Equal(got, []string{"env1"}) {
		t.Errorf("environment-list: %v", got)
	}
	s.file(t, "env_update.yaml", strings.Replace(commandsEnvironment, "for the commands test", "updated", 1))
	expect(t, "environment-update", s.object(t, "environment-update", "env_update.yaml"), map[string]any{"Name": "env1", "Description": "updated"})

	// An execution that names the environment sees its variables.
	ex := s.object(t, "execution-create", "with_env", "{}", `{"env": "env1"}`)
	id := str(ex["ID"])
	waitState(t, s, id, "SUCCESS")
	if got := s.jsonOut(t, "execution-get-output", id); !jsonEqual(got, map[string]any{"from_env": "from the environment"}) {
		t.Errorf("execution with env1: output %v", got)
	}

	s.file(t, "env2.yaml", "name: env2\nvariables: {}\n")
	s.object(t, "environment-create", "env2.yaml")
	if out := s.ok(t, "environment-delete", "env2"); !strings.Contains(out, "Request to delete environment env2 has been accepted.") {
		t.Errorf("environment-delete: %q", out)
	}
	s.fails(t, "Environment not found [name=env2]", "environment-get", "env2")
}

// waitState waits until the execution reaches state. It polls the REST API
// directly: each CLI run costs a Python start.
func waitState(t *testing.T, s *session, id, state string) {
	t.Helper()
	eventually(t, "execution "+id+" to reach "+state, func() bool {
		var ex struct{ State string }
		s.get(t, "/executions/"+id, &ex)
		return ex.State == state
	})
}

// get reads a resource of the REST API (for waiting, not for checking).
func (s *session) get(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func cliExecutions(t *testing.T, s *session) {
	ex := s.object(t, "execution-create", "parent", "{}", "-d", "from the CLI test")
	id := str(ex["ID"])
	expect(t, "execution-create", ex, map[string]any{"Workflow name": "parent", "Description": "from the CLI test",
		"Task Execution ID": "<none>", "Root Execution ID": "<none>"})
	waitState(t, s, id, "SUCCESS")
	expect(t, "execution-get", s.object(t, "execution-get", id), map[string]any{"ID": id, "Workflow name": "parent",
		"State": "SUCCESS", "State info": nil, "Description": "from the CLI test"})

	greet := s.object(t, "execution-create", "greet", `{"name": "ann"}`)
	greetID := str(greet["ID"])
	waitState(t, s, greetID, "SUCCESS")
	if got := s.jsonOut(t, "execution-get-input", greetID); !jsonEqual(got, map[string]any{"name": "ann"}) {
		t.Errorf("execution-get-input: %v", got)
	}
	if got := s.jsonOut(t, "execution-get-output", id); !jsonEqual(got, map[string]any{"got": "Hello, sub!"}) {
		t.Errorf("execution-get-output: %v", got)
	}
	if got := s.jsonOut(t, "execution-get-published", id); !jsonEqual(got, map[string]any{}) {
		t.Errorf("execution-get-published (no global publish): %v", got)
	}

	// The CLI asks for error paths only unless told otherwise.
	if report := s.ok(t, "execution-get-report", id); !strings.Contains(report, "Number of tasks in SUCCESS state: 0") ||
		!strings.Contains(report, "workflow 'parent' [SUCCESS] "+id) || strings.Contains(report, "task 'call'") {
		t.Errorf("execution-get-report (errors only):\n%s", report)
	}
	report := s.ok(t, "execution-get-report", id, "--no-errors-only")
	for _, want := range []string{
		"Number of tasks in SUCCESS state: 2",
		"Number of tasks in ERROR state: 0",
		"workflow 'parent' [SUCCESS] " + id,
		"task 'call' [SUCCESS]",
		"workflow 'greet' [SUCCESS]",
		"task 'say' [SUCCESS]",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("execution-get-report lacks %q:\n%s", want, report)
		}
	}

	subs := s.rows(t, "execution-get-sub-executions", id)
	if len(subs) != 2 || subs[0]["ID"] != id || subs[1]["Workflow name"] != "greet" || subs[1]["Root Execution ID"] != id {
		t.Errorf("execution-get-sub-executions: %v", subs)
	}

	list := s.rows(t, "execution-list", "--filter", "workflow_name=parent")
	if len(list) != 1 || list[0]["ID"] != id || list[0]["State"] != "SUCCESS" {
		t.Errorf("execution-list --filter workflow_name=parent: %v", list)
	}

	expect(t, "execution-update -d", s.object(t, "execution-update", id, "-d", "renamed"), map[string]any{"ID": id, "Description": "renamed"})
	slow := str(s.object(t, "execution-create", "slow")["ID"])
	waitState(t, s, slow, "RUNNING")
	expect(t, "execution-update -s PAUSED", s.object(t, "execution-update", slow, "-s", "PAUSED"), map[string]any{"State": "PAUSED"})
	expect(t, "execution-update -s CANCELLED", s.object(t, "execution-update", slow, "-s", "CANCELLED"),
		map[string]any{"State": "CANCELLED"})
	waitState(t, s, slow, "CANCELLED")
	s.fails(t, "The property description must be updated separately from state.", "execution-update", slow, "-s", "RUNNING", "-d", "both")

	if out := s.ok(t, "execution-delete", slow); !strings.Contains(out, "Request to delete execution "+slow+" has been accepted.") {
		t.Errorf("execution-delete: %q", out)
	}
	s.fails(t, "WorkflowExecution not found [id="+slow+"]", "execution-get", slow)
}

func cliTasks(t *testing.T, s *session) {
	ex := str(s.object(t, "execution-create", "parent")["ID"])
	waitState(t, s, ex, "SUCCESS")
	tasks := s.rows(t, "task-list", ex)
	if len(tasks) != 1 {
		t.Fatalf("task-list: %v", tasks)
	}
	expect(t, "task-list", tasks[0], map[string]any{"Name": "call", "Workflow name": "parent", "Workflow Execution ID": ex, "State": "SUCCESS"})
	id := str(tasks[0]["ID"])
	expect(t, "task-get", s.object(t, "task-get", id), map[string]any{"ID": id, "Name": "call", "State": "SUCCESS", "State info": nil})
	if got := s.jsonOut(t, "task-get-published", id); !jsonEqual(got, map[string]any{"got": "Hello, sub!"}) {
		t.Errorf("task-get-published: %v", got)
	}
	if got := s.jsonOut(t, "task-get-result", id); !jsonEqual(got, map[string]any{"greeting": "Hello, sub!"}) {
		t.Errorf("task-get-result: %v", got)
	}
	subs := s.rows(t, "task-get-sub-executions", id)
	if len(subs) != 1 || subs[0]["Workflow name"] != "greet" || subs[0]["Task Execution ID"] != id {
		t.Errorf("task-get-sub-executions: %v", subs)
	}

	failed := str(s.object(t, "execution-create", "failing")["ID"])
	waitState(t, s, failed, "ERROR")
	boom := str(s.rows(t, "task-list", failed)[0]["ID"])
	rerun := s.object(t, "task-rerun", boom)
	expect(t, "task-rerun", rerun, map[string]any{"ID": boom, "Name": "boom"})
	if st := rerun["State"]; st != "RUNNING" && st != "ERROR" { // std.fail may already have failed again
		t.Errorf("task-rerun: state %v", st)
	}
	waitState(t, s, failed, "ERROR")
	if n := len(s.rows(t, "action-execution-list", boom)); n != 2 {
		t.Errorf("after task-rerun the task has %d action executions, want 2", n)
	}
}

func cliCronTriggers(t *testing.T, s *session) {
	// croniter's six-field pattern, seconds last: due every second; two
	// executions, then the trigger is gone.
	fast := s.object(t, "cron-trigger-create", "fast", "greet", `{"name": "cron"}`, "--pattern", "* * * * * *", "--count", "2")
	expect(t, "cron-trigger-create", fast, map[string]any{"Name": "fast", "Workflow": "greet", "Params": "{}",
		"Pattern": "* * * * * *", "Remaining executions": float64(2), "Updated at": nil})

	first := time.Now().UTC().Add(2 * time.Hour).Format("2006-01-02 15:04")
	later := s.object(t, "cron-trigger-create", "later", "greet", `{"name": "later"}`, "--first-time", first)
	expect(t, "cron-trigger-create --first-time", later, map[string]any{"Name": "later", "Pattern": "0 0 30 2 0",
		"Next execution time": first + ":00", "Remaining executions": float64(1)})
	expect(t, "cron-trigger-get", s.object(t, "cron-trigger-get", "later"), map[string]any{"Name": "later", "Workflow": "greet"})

	fired := func() []map[string]any {
		var out []map[string]any
		for _, ex := range s.rows(t, "execution-list", "--filter", "workflow_name=greet") {
			var desc struct {
				TriggeredBy struct{ Type, Name string } `json:"triggered_by"`
			}
			if json.Unmarshal([]byte(str(ex["Description"])), &desc) == nil &&
				desc.TriggeredBy.Type == "cron_trigger" && desc.TriggeredBy.Name == "fast" {
				out = append(out, ex)
			}
		}
		return out
	}
	eventually(t, "the fast trigger to run out", func() bool {
		var l struct {
			CronTriggers []struct{ Name string } `json:"cron_triggers"`
		}
		s.get(t, "/cron_triggers", &l)
		return len(l.CronTriggers) == 1 && l.CronTriggers[0].Name == "later"
	})
	if n := len(fired()); n != 2 {
		t.Errorf("the fast trigger started %d executions, want 2", n)
	}
	for _, ex := range fired() {
		id := str(ex["ID"])
		waitState(t, s, id, "SUCCESS")
		if got := s.jsonOut(t, "execution-get-output", id); !jsonEqual(got, map[string]any{"greeting": "Hello, cron!"}) {
			t.Errorf("cron execution output: %v", got)
		}
	}
	if got := names(s.rows(t, "cron-trigger-list"), "Name"); !slices.Equal(got, []string{"later"}) {
		t.Errorf("cron-trigger-list after the fast trigger ran out: %v", got)
	}
	s.fails(t, "Cron trigger not found [identifier=fast]", "cron-trigger-get", "fast")

	if out := s.ok(t, "cron-trigger-delete", "later"); !strings.Contains(out, "Request to delete cron trigger later has been accepted.") {
		t.Errorf("cron-trigger-delete: %q", out)
	}
	if rows := s.rows(t, "cron-trigger-list"); len(rows) != 0 {
		t.Errorf("cron-trigger-list after delete: %v", rows)
	}
}

func cliEventTriggers(t *testing.T, s *session) {
	wf := s.value(t, "ID", "workflow-get", "greet")
	et := s.object(t, "event-trigger-create", "on_create", wf, "openstack", "notifications", "compute.instance.create.end", `{"name": "event"}`)
	expect(t, "event-trigger-create", et, map[string]any{"Name": "on_create", "Workflow ID": wf, "Params": "{}",
		"Exchange": "openstack", "Topic": "notifications", "Event": "compute.instance.create.end", "Updated at": nil})
	id := str(et["ID"])
	expect(t, "event-trigger-get", s.object(t, "event-trigger-get", id), map[string]any{"ID": id, "Name": "on_create"})
	if got := names(s.rows(t, "event-trigger-list"), "ID"); !slices.Equal(got, []string{id}) {
		t.Errorf("event-trigger-list: %v", got)
	}
	if out := s.ok(t, "event-trigger-delete", id); !strings.Contains(out, "Request to delete event trigger "+id+" has been accepted.") {
		t.Errorf("event-trigger-delete: %q", out)
	}
	if rows := s.rows(t, "event-trigger-list"); len(rows) != 0 {
		t.Errorf("event-trigger-list after delete: %v", rows)
	}
}

// Members: resource sharing needs authentication, which is off.
func cliMembers(t *testing.T, s *session) {
	wf := s.value(t, "ID", "workflow-get", "greet")
	const noAuth = "Resource sharing feature can only be supported with authentication enabled."
	s.fails(t, noAuth, "member-create", wf, "workflow", "other-project")
	s.fails(t, noAuth, "member-list", wf, "workflow")
	s.fails(t, noAuth, "member-get", wf, "workflow", "-m", "other-project")
	s.fails(t, noAuth, "member-update", wf, "workflow", "-m", "other-project", "-s", "accepted")
	s.fails(t, noAuth, "member-delete", wf, "workflow", "other-project")
}

// Code sources and dynamic actions are admin-only under the default policy.
func cliCodeSources(t *testing.T, s *session) {
	const forbidden = "Operation forbidden (insufficient permissions)"
	s.fails(t, forbidden, "code-source-create", "src", "source.py")
	s.fails(t, forbidden, "code-source-list")
	s.fails(t, forbidden, "code-source-get", "src")
	s.fails(t, forbidden, "code-source-get-content", "src")
	s.fails(t, forbidden, "code-source-update", "src", "source.py")
	s.fails(t, forbidden, "code-source-delete", "src")
}

func cliDynamicActions(t *testing.T, s *session) {
	const forbidden = "Operation forbidden (insufficient permissions)"
	s.fails(t, forbidden, "dynamic-action-create", "dyn", "Greeter", "src")
	s.fails(t, forbidden, "dynamic-action-list")
	s.fails(t, forbidden, "dynamic-action-get", "dyn")
	s.fails(t, forbidden, "dynamic-action-update", "dyn", "--class-name", "Other")
	s.fails(t, forbidden, "dynamic-action-delete", "dyn")
}

// TestCLICommandTable lists the CLI's own commands (`mistral help`) and
// fails when one has no entry in cliCommands, or an entry names a command
// the CLI does not have. It also checks the commands that never reach the
// server.
func TestCLICommandTable(t *testing.T) {
	s := newSession(t, "")
	help := s.ok(t, "help")
	var listed []string
	inCommands := false
	sc := bufio.NewScanner(strings.NewReader(help))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Commands:") {
			inCommands = true
			continue
		}
		if f := strings.Fields(line); inCommands && len(f) > 0 && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			listed = append(listed, f[0])
		}
	}
	if len(listed) < 70 {
		t.Fatalf("mistral help lists %d commands:\n%s", len(listed), help)
	}
	for _, cmd := range listed {
		if _, ok := cliCommands[cmd]; !ok {
			t.Errorf("the CLI has %s, but no test drives it (add it to cliCommands and its subtest)", cmd)
		}
	}
	for cmd := range cliCommands {
		if !slices.Contains(listed, cmd) {
			t.Errorf("cliCommands names %s, which the CLI does not have", cmd)
		}
	}

	// `complete` prints the bash completion script; `bash-completion` the
	// words it completes.
	if out := s.ok(t, "complete"); !strings.Contains(out, "_mistral()") || !strings.Contains(out, "execution-get-report") {
		t.Errorf("mistral complete:\n%s", out)
	}
	words := strings.Fields(s.ok(t, "bash-completion"))
	for _, w := range []string{"workflow-create", "service-list", "--os-mistral-url"} {
		if !slices.Contains(words, w) {
			t.Errorf("mistral bash-completion lacks %s", w)
		}
	}
}
