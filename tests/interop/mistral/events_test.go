package mistralinterop

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/oslo"
	"github.com/tramontane/tramontane/tests/testserver"
)

const eventWorkflow = `version: '2.0'
on_event:
  tasks:
    greet:
      action: std.echo output="hi"
`

// webhook records the events the notifiers POST.
type webhook struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events map[string][]string // by execution id: event names in arrival order
}

func newWebhook(t *testing.T) *webhook {
	w := &webhook{events: map[string][]string{}}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("webhook body %q: %v", b, err)
		}
		id, _ := body["workflow_execution_id"].(string)
		if id == "" {
			id, _ = body["id"].(string)
		}
		event, _ := body["event"].(string)
		w.mu.Lock()
		w.events[id] = append(w.events[id], event)
		w.mu.Unlock()
	}))
	t.Cleanup(w.srv.Close)
	return w
}

// wait returns the events of execution id, sorted, once the workflow's
// end arrived.
func (w *webhook) wait(t *testing.T, id string) []string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		w.mu.Lock()
		got := slices.Clone(w.events[id])
		w.mu.Unlock()
		if (slices.Contains(got, "WORKFLOW_SUCCEEDED") || slices.Contains(got, "WORKFLOW_FAILED")) && len(got) >= 4 {
			slices.Sort(got)
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook events of %s after 60s: %v", id, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// triggerExecution waits for the execution a trigger started.
func triggerExecution(t *testing.T, c *client, triggerID string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var list struct {
			Executions []struct {
				ID          string `json:"id"`
				Description string `json:"description"`
			} `json:"executions"`
		}
		c.do("GET", "/executions", "", "", http.StatusOK, &list)
		for _, ex := range list.Executions {
			var d struct {
				TriggeredBy struct{ ID string } `json:"triggered_by"`
			}
			if json.Unmarshal([]byte(ex.Description), &d) == nil && d.TriggeredBy.ID == triggerID {
				return ex.ID
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("trigger %s started no execution in 60s", triggerID)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// publishUntilRouted publishes a notification, retrying until a queue
// takes it (an event engine listens).
func publishUntilRouted(t *testing.T, transport, exchange, eventType string) {
	t.Helper()
	tr, err := oslo.New(testserver.Context(t), oslo.Config{TransportURL: transport, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	n := &rpc.ServiceNotification{
		Context:     data.MapOf("project_id", "<default-project>", "user_id", "tester"),
		PublisherID: "compute.host1", EventType: eventType, Priority: "info",
		Payload: data.MapOf("instance_id", "i-1"),
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := tr.PublishNotification(context.Background(), exchange, "notifications", n)
		if err == nil {
			return
		}
		if !errors.Is(err, rpc.ErrNoServer) || time.Now().After(deadline) {
			t.Fatalf("publish to %s: %v", exchange, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// createTrigger creates an event trigger on exchange whose executions
// notify the webhook, and returns its id.
func createTrigger(t *testing.T, c *client, exchange, hook string) string {
	t.Helper()
	var wfs struct {
		Workflows []struct{ ID string } `json:"workflows"`
	}
	c.do("POST", "/workflows", "text/plain", eventWorkflow, http.StatusCreated, &wfs)
	body, _ := json.Marshal(map[string]any{
		"name": "interop", "workflow_id": wfs.Workflows[0].ID, "exchange": exchange, "topic": "notifications",
		"event":           "compute.instance.create.end",
		"workflow_params": map[string]any{"notify": []any{map[string]any{"type": "webhook", "url": hook}}},
	})
	var trig struct{ ID string }
	c.do("POST", "/event_triggers", "application/json", string(body), http.StatusCreated, &trig)
	return trig.ID
}

// tasksOf describes an execution's tasks, for failure messages.
func tasksOf(t *testing.T, c *client, ex string) string {
	var out struct {
		Tasks []map[string]any `json:"tasks"`
	}
	c.do("GET", "/executions/"+ex+"/tasks", "", "", http.StatusOK, &out)
	b, _ := json.Marshal(out.Tasks)
	return string(b)
}

var wantEvents = []string{"TASK_LAUNCHED", "TASK_SUCCEEDED", "WORKFLOW_LAUNCHED", "WORKFLOW_SUCCEEDED"}

// TestEventsAndNotifyWithPython mixes both ways on one broker:
//   - Python's API creates a trigger: the create_event_trigger fanout cast
//     reaches our event engine, which starts the workflow on Python's engine
//     when the notification comes, and Python's engine casts the execution's
//     notify to our notifier, which calls the webhook;
//   - our API creates a trigger: Python's event engine gets the cast, starts
//     the workflow on our engine, and our engine's notify casts reach
//     Python's notifier.
func TestEventsAndNotifyWithPython(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral twice")
	}
	t.Parallel()
	br := newBroker(t)
	pyCore, ourCore := br.bus("_a"), br.bus("_b")
	pyCore.remoteNotifier, ourCore.remoteNotifier = true, true
	hook := newWebhook(t)

	pyURL := pyCore.python("python-api-engine-executor", "api,engine,executor", "")
	pyCore.ours("our-event-engine-notifier", "event-engine,notifier")
	ourCore.python("python-event-engine-notifier", "event-engine,notifier", "")
	ourURL := ourCore.ours("our-api-engine-executor", "api,engine,executor")
	pyCore.waitPythonAPI("python-api-engine-executor", pyURL)
	for _, b := range []*bus{pyCore, ourCore} {
		b.waitConsumers(b.topic("mistral_engine"), 1)
		b.waitConsumers(b.topic("mistral_notifier"), 1)
		b.waitConsumers(b.topic("mistral_event_engine"), 1)
	}

	cases := []struct {
		name, api, exchange string
		ourLog              string // our process whose log helps on failure
	}{
		{"Python API, our event engine and notifier", pyURL, "nova_a", "our-event-engine-notifier"},
		{"our API, Python's event engine and notifier", ourURL, "nova_b", "our-api-engine-executor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &client{t: t, url: tc.api}
			id := createTrigger(t, c, tc.exchange, hook.srv.URL)
			publishUntilRouted(t, br.transport, tc.exchange, "compute.instance.create.end")
			ex := triggerExecution(t, c, id)
			if got := hook.wait(t, ex); !slices.Equal(got, wantEvents) {
				log, _ := os.ReadFile(filepath.Join(br.dir, tc.ourLog+".log"))
				t.Errorf("webhook events %v, want %v; tasks: %s\n%s.log:\n%s", got, wantEvents, tasksOf(t, c, ex), tc.ourLog, tail(log, 6000))
			}
		})
	}
}
