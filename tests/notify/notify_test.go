// Package notify checks that execution `notify` parameters are delivered:
// a workflow with tasks runs with a webhook publisher, and a test HTTP
// server receives its workflow and task events in order, with the bodies
// the real Mistral 15 sends (testdata/webhook_events.json, recorded from
// it with -record-from).
package notify

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/tests/testserver"
)

// recordFrom, when set, runs the scenario against that API (the real
// Mistral 15 of shared/tools/mistral-reference/start.sh, e.g.
// http://127.0.0.1:PORT/v2) and rewrites the fixture instead of testing.
var recordFrom = flag.String("record-from", "", "record the webhook fixture from this Mistral API URL")

const fixture = "testdata/webhook_events.json"

const workflowYAML = `version: '2.0'
notify_wf:
  tasks:
    first:
      action: std.echo output=1
      on-success: [second]
    second:
      action: std.fail
      on-error: [third]
    third:
      action: std.noop
`

// wantOrder is the order our engine delivers the events in (Mistral's own
// order varies: its notifications leave from concurrent threads).
var wantOrder = []string{
	"WORKFLOW_LAUNCHED notify_wf",
	"TASK_LAUNCHED first",
	"TASK_SUCCEEDED first",
	"TASK_LAUNCHED second",
	"TASK_FAILED second",
	"TASK_LAUNCHED third",
	"TASK_SUCCEEDED third",
	"WORKFLOW_SUCCEEDED notify_wf",
}

// event is one webhook request as received.
type event struct {
	Path        string    `json:"path"`
	Header      string    `json:"x_test_header"`
	ContentType string    `json:"content_type"`
	Body        *data.Map `json:"body"`
}

// hook is a test HTTP server that records the webhook requests.
type hook struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events []event
}

func newHook(t *testing.T) *hook {
	h := &hook{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		v, err := data.Parse(b)
		m, ok := v.(*data.Map)
		if err != nil || !ok {
			t.Errorf("webhook body is not a JSON object: %v %q", err, b)
		}
		h.mu.Lock()
		h.events = append(h.events, event{Path: r.URL.Path, Header: r.Header.Get("X-Test"), ContentType: r.Header.Get("Content-Type"), Body: m})
		h.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// wait returns the received events once n arrived.
func (h *hook) wait(t *testing.T, n int) []event {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		h.mu.Lock()
		got := slices.Clone(h.events)
		h.mu.Unlock()
		if len(got) >= n {
			time.Sleep(300 * time.Millisecond) // nothing more may come
			h.mu.Lock()
			got = slices.Clone(h.events)
			h.mu.Unlock()
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d webhook events after 30s, want %d: %v", len(got), n, summary(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func summary(events []event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = fmt.Sprintf("%v %v", e.Body.Value("event"), e.Body.Value("name"))
	}
	return out
}

// runScenario uploads the workflow to api, runs it with a webhook for
// every event, a webhook for WORKFLOW_SUCCEEDED only and a noop publisher,
// and returns the webhook events once all arrived.
func runScenario(t *testing.T, api string) []event {
	t.Helper()
	h := newHook(t)
	testserver.REST(t, http.MethodPost, api+"/workflows", "text/plain", workflowYAML)
	defer testserver.REST(t, http.MethodDelete, api+"/workflows/notify_wf", "application/json", "")
	params, _ := json.Marshal(map[string]any{"notify": []any{
		map[string]any{"type": "webhook", "url": h.srv.URL + "/all", "headers": map[string]any{"X-Test": "yes"}},
		map[string]any{"type": "webhook", "url": h.srv.URL + "/end", "event_types": []string{"WORKFLOW_SUCCEEDED"}},
		map[string]any{"type": "noop"},
	}})
	body, _ := json.Marshal(map[string]any{"workflow_name": "notify_wf", "params": string(params)})
	ex := testserver.REST(t, http.MethodPost, api+"/executions", "application/json", string(body))
	id, _ := ex.Value("id").(string)
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := testserver.REST(t, http.MethodGet, api+"/executions/"+id, "application/json", "")
		if got.Value("state") == "SUCCESS" {
			break
		}
		if time.Now().After(deadline) || got.Value("state") == "ERROR" {
			t.Fatalf("execution %s: %v", id, got.Value("state"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	defer testserver.REST(t, http.MethodDelete, api+"/executions/"+id, "application/json", "")
	return h.wait(t, len(wantOrder)+1)
}

// masked replaces ids and times by placeholders, keeping null and key order,
// so that two runs compare field by field.
func masked(e event) event {
	b := data.NewMap(e.Body.Len())
	for _, k := range e.Body.Keys() {
		v := e.Body.Value(k)
		switch {
		case v == nil:
		case k == "id" || strings.HasSuffix(k, "_id"):
			if k != "project_id" {
				v = "<id>"
			}
		case strings.HasSuffix(k, "_at"):
			if s, ok := v.(string); ok && len(s) == len("2006-01-02 15:04:05") && s[10] == ' ' {
				v = "<YYYY-MM-DD HH:MM:SS>"
			}
		default:
			if s, ok := v.(string); ok {
				v = uuid.ReplaceAllString(s, "<id>")
			}
		}
		b.Set(k, v)
	}
	e.Body = b
	return e
}

var uuid = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func key(e event) string {
	return fmt.Sprintf("%s %v %v", e.Path, e.Body.Value("event"), e.Body.Value("name"))
}

// check compares the events of our server with the fixture and checks
// their order.
func check(t *testing.T, got []event) {
	t.Helper()
	var all []string
	for _, e := range got {
		if e.Path == "/all" {
			all = append(all, fmt.Sprintf("%v %v", e.Body.Value("event"), e.Body.Value("name")))
		}
	}
	if !slices.Equal(all, wantOrder) {
		t.Errorf("events on /all, in order:\n got %v\nwant %v", all, wantOrder)
	}
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var want []event
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	byKey := make(map[string]event)
	for _, e := range want {
		byKey[key(e)] = e
	}
	if len(got) != len(want) {
		t.Errorf("%d events, Mistral sent %d: %v", len(got), len(want), summary(got))
	}
	for _, e := range got {
		e = masked(e)
		w, ok := byKey[key(e)]
		if !ok {
			t.Errorf("unexpected event %s", key(e))
			continue
		}
		if e.Header != w.Header || e.ContentType != w.ContentType {
			t.Errorf("%s: X-Test %q Content-Type %q, Mistral sent %q %q", key(e), e.Header, e.ContentType, w.Header, w.ContentType)
		}
		if !slices.Equal(e.Body.Keys(), w.Body.Keys()) {
			t.Errorf("%s: keys\n got %v\nwant %v", key(e), e.Body.Keys(), w.Body.Keys())
		}
		for _, k := range w.Body.Keys() {
			if g, x := data.Repr(e.Body.Value(k)), data.Repr(w.Body.Value(k)); g != x {
				t.Errorf("%s: %s = %s, Mistral sent %s", key(e), k, g, x)
			}
		}
	}
}

// record runs the scenario on the reference Mistral and writes the fixture.
func record(t *testing.T, api string) {
	got := runScenario(t, api)
	out := make([]event, len(got))
	for i, e := range got {
		out[i] = masked(e)
	}
	slices.SortStableFunc(out, func(a, b event) int { return strings.Compare(key(a), key(b)) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(fixture), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixture, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d events from %s into %s", len(out), api, fixture)
}

// TestWebhookEmbedded runs the embedded default: in-process transport,
// the notifier served in the same process.
func TestWebhookEmbedded(t *testing.T) {
	if *recordFrom != "" {
		record(t, *recordFrom)
		return
	}
	s := testserver.Start(t, "")
	check(t, runScenario(t, s.URL))
}

// TestWebhookLocalNotifier runs [notifier] type = local: the engine
// publishes itself, no notify message.
func TestWebhookLocalNotifier(t *testing.T) {
	if *recordFrom != "" {
		t.Skip("recording")
	}
	s := testserver.Start(t, "[notifier]\ntype = local\n")
	check(t, runScenario(t, s.URL))
}

// TestWebhookRabbitMQ runs the API+engine+executor and the notifier as two
// processes on RabbitMQ and MariaDB: the engine casts notify to
// mistral_notifier and the notifier process publishes.
func TestWebhookRabbitMQ(t *testing.T) {
	if *recordFrom != "" {
		t.Skip("recording")
	}
	d := testserver.StartIsolated(t, "", "api,engine,executor", "notifier")
	check(t, runScenario(t, d.URL))
}
