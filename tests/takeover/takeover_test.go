package takeover

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/jsondiff"
)

// workflows are created by the real Mistral: a chain with a with-items task
// that publishes and outputs, one that fails, and one paused by
// pause-before that reads the environment it was started with.
const workflows = `---
version: '2.0'

tk_hello:
  description: Greets someone, three times over.
  tags: [takeover]
  input:
    - name: World
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
      publish:
        greeting: <% task().result %>
      on-success: repeat
    repeat:
      with-items: i in <% [1, 2, 3] %>
      action: std.echo output=<% $.i %>
      publish:
        count: <% task().result.len() %>
  output:
    greeting: <% $.greeting %>
    count: <% $.count %>

tk_fail:
  tasks:
    boom:
      action: std.fail
      on-error: noted
    noted:
      action: std.noop
      on-complete: fail

tk_pause:
  input:
    - who
  tasks:
    first:
      action: std.echo output=<% $.who %>
      publish:
        first: <% task().result %>
      on-success: held
    held:
      pause-before: true
      action: std.echo output="<% env().greeting %>, <% $.first %>"
      publish:
        said: <% task().result %>
  output:
    said: <% $.said %>
`

// workbook holds an ad-hoc action and a workflow that uses it.
const workbook = `---
version: '2.0'
name: tk_book
description: A workbook.
tags: [takeover, book]
actions:
  shout:
    base: std.echo
    base-input:
      output: <% $.text %>!
    input:
      - text
workflows:
  main:
    type: direct
    tasks:
      say:
        action: shout text="hey"
        publish:
          said: <% task().result %>
    output:
      said: <% $.said %>
`

// created names what the real Mistral made.
type created struct {
	finished []string // executions that ended SUCCESS
	failed   string   // the one that ended ERROR
	paused   string   // the one paused before its task held
}

// fill creates every kind of object through the real Mistral's API and runs
// the executions to their states.
func fill(m *service) created {
	m.t.Helper()
	m.call(http.MethodPost, "/workflows", workflows, http.StatusCreated)
	m.call(http.MethodPost, "/workbooks", workbook, http.StatusCreated)
	m.call(http.MethodPost, "/environments", map[string]any{
		"name":        "tk_env",
		"description": "The greeting the paused workflow uses.",
		"variables":   map[string]any{"greeting": "Welcome back", "nested": map[string]any{"n": 1, "list": []any{true, nil}}},
	}, http.StatusCreated)
	m.call(http.MethodPost, "/cron_triggers", map[string]any{
		"name":                 "tk_cron",
		"workflow_name":        "tk_hello",
		"workflow_input":       map[string]any{"name": "cron"},
		"pattern":              "0 5 * * *",
		"first_execution_time": "2099-01-01 00:00",
		"remaining_executions": 3,
	}, http.StatusCreated)

	start := func(body map[string]any) string {
		ex := m.call(http.MethodPost, "/executions", body, http.StatusCreated).(map[string]any)
		return ex["id"].(string)
	}
	var c created
	c.finished = append(c.finished,
		start(map[string]any{"workflow_name": "tk_hello", "input": map[string]any{"name": "Mistral"}, "description": "first run"}),
		start(map[string]any{"workflow_name": "tk_hello"}),
		start(map[string]any{"workflow_name": "tk_book.main"}))
	c.failed = start(map[string]any{"workflow_name": "tk_fail"})
	c.paused = start(map[string]any{"workflow_name": "tk_pause", "input": map[string]any{"who": "operator"},
		"params": map[string]any{"env": "tk_env"}})
	for _, id := range c.finished {
		m.waitState(id, "SUCCESS")
	}
	m.waitState(c.failed, "ERROR")
	m.waitState(c.paused, "PAUSED")
	return c
}

// everyPath lists the GET requests that show every object the real Mistral
// wrote: each list, and each object of each list.
func everyPath(m *service) []string {
	m.t.Helper()
	paths := []string{"/workflows", "/workbooks", "/environments", "/cron_triggers", "/executions", "/tasks", "/action_executions",
		// Pages, sorting, field selection and filters as the CLI sends them.
		"/executions?limit=2", "/tasks?limit=3&sort_keys=name&sort_dirs=desc", "/workflows?fields=name,tags",
		"/action_executions?include_output=true", "/executions?state=ERROR", "/tasks?workflow_name=tk_hello",
	}
	for _, p := range []struct{ list, key, item string }{
		{"/workflows", "id", "/workflows/%s"},
		{"/workbooks", "name", "/workbooks/%s"},
		{"/environments", "name", "/environments/%s"},
		{"/cron_triggers", "name", "/cron_triggers/%s"},
		{"/executions", "id", "/executions/%s"},
		{"/executions", "id", "/executions/%s/tasks"},
		{"/tasks", "id", "/tasks/%s"},
		{"/tasks", "id", "/tasks/%s/action_executions"},
		{"/action_executions", "id", "/action_executions/%s"},
	} {
		for _, key := range listKeys(m, p.list, p.key) {
			paths = append(paths, fmt.Sprintf(p.item, key))
		}
	}
	return paths
}

// listKeys returns field key of each item of the list at path.
func listKeys(m *service, path, key string) []string {
	m.t.Helper()
	answer := m.get(path).(map[string]any)
	name := path[strings.LastIndex(path, "/")+1:]
	items, ok := answer[name].([]any)
	if !ok {
		m.t.Fatalf("%s GET %s: no list %q in %v", m.name, path, name, answer)
	}
	var keys []string
	for _, item := range items {
		keys = append(keys, item.(map[string]any)[key].(string))
	}
	return keys
}

// executionPaths lists the GET requests that show executions ids, their
// tasks and their action executions.
func executionPaths(m *service, ids ...string) []string {
	m.t.Helper()
	var paths []string
	for _, id := range ids {
		paths = append(paths, "/executions/"+id, "/executions/"+id+"/tasks")
		for _, task := range listKeys(m, "/executions/"+id+"/tasks", "id") {
			paths = append(paths, "/tasks/"+task, "/tasks/"+task+"/action_executions")
			for _, ae := range listKeys(m, "/tasks/"+task+"/action_executions", "id") {
				paths = append(paths, "/action_executions/"+ae)
			}
		}
	}
	return paths
}

// snapshot GETs each path and returns the answers with times and the
// server's own address masked.
func snapshot(m *service, paths []string) map[string]any {
	m.t.Helper()
	base := strings.TrimSuffix(m.url, "/v2")
	answers := make(map[string]any, len(paths))
	for _, p := range paths {
		answers[p] = jsondiff.Mask(m.get(p), base)
	}
	return answers
}

// compare reports, field by field, where want and got answer a path
// differently.
func compare(t *testing.T, stage string, wantName string, want map[string]any, gotName string, got map[string]any) {
	t.Helper()
	paths := make([]string, 0, len(want))
	for p := range want {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var diffs []string
	fields := 0
	for _, p := range paths {
		fields += jsondiff.Diff("GET "+p, want[p], got[p], &diffs)
	}
	if len(diffs) > 0 {
		t.Errorf("%s: %d differences between %s (-) and %s (+) over %d requests:\n%s",
			stage, len(diffs), wantName, gotName, len(paths), strings.Join(diffs, "\n"))
	}
	t.Logf("%s: compared %d requests, %d fields", stage, len(paths), fields)
}

// TestTakeOver: the real Mistral 15 fills a fresh database; we serve it
// exactly as Mistral did, resume what Mistral paused, run a workflow; the
// real Mistral started again reads what we wrote exactly as we served it.
func TestTakeOver(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the take-over test starts Python Mistral twice (about a minute)")
	}
	needPythonMistral(t)
	conn := database(t)
	transport := vhost(t)
	bin := buildTools(t)
	begin := time.Now()
	stage := func(name string) { t.Logf("%6.1fs %s", time.Since(begin).Seconds(), name) }

	mistral := pythonMistral(t, conn, transport)
	stage("Python Mistral migrated the database")
	mistral.start()
	stage("Python Mistral is up")
	made := fill(mistral)
	stage("Python Mistral ran the executions")
	paths := everyPath(mistral)
	want := snapshot(mistral, paths)
	mistral.stop()
	stage("Python Mistral stopped")

	ours := tramontane(t, conn, bin)
	ours.start()
	stage("Tramontane is up")
	compare(t, "take-over", "Mistral", want, "Tramontane", snapshot(ours, paths))

	ours.call(http.MethodPut, "/executions/"+made.paused, map[string]any{"state": "RUNNING"}, http.StatusOK)
	resumed := ours.waitState(made.paused, "SUCCESS")
	if out := resumed["output"]; !strings.Contains(fmt.Sprint(out), "Welcome back, operator") {
		t.Errorf("the resumed execution's output is %v, want it to say \"Welcome back, operator\"", out)
	}
	ran := ours.call(http.MethodPost, "/executions", map[string]any{
		"workflow_name": "tk_hello", "input": map[string]any{"name": "Tramontane"},
	}, http.StatusCreated).(map[string]any)["id"].(string)
	ours.waitState(ran, "SUCCESS")
	book := ours.call(http.MethodPost, "/executions", map[string]any{"workflow_name": "tk_book.main"},
		http.StatusCreated).(map[string]any)["id"].(string)
	ours.waitState(book, "SUCCESS")
	stage("Tramontane ran its executions")
	ranPaths := executionPaths(ours, made.paused, ran, book)
	ranPaths = append(ranPaths, "/executions")
	served := snapshot(ours, ranPaths)
	ours.stop()

	mistral.start()
	stage("Python Mistral is up again")
	compare(t, "hand-back", "Tramontane", served, "Mistral", snapshot(mistral, ranPaths))
}
