package eventengine_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/eventengine"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/inproc"
)

// starts records the start_workflow calls the event engine makes.
type starts struct {
	mu   sync.Mutex
	reqs []*rpc.StartWorkflowRequest
}

func (s *starts) StartWorkflow(_ context.Context, req *rpc.StartWorkflowRequest) (*data.Map, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, req)
	return data.NewMap(0), nil
}

func (s *starts) wait(t *testing.T, n int) []*rpc.StartWorkflowRequest {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		got := append([]*rpc.StartWorkflowRequest(nil), s.reqs...)
		s.mu.Unlock()
		if len(got) >= n {
			time.Sleep(100 * time.Millisecond)
			s.mu.Lock()
			defer s.mu.Unlock()
			return append([]*rpc.StartWorkflowRequest(nil), s.reqs...)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d workflow starts, want %d", len(got), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func trigger(id, exchange, topic, event, scope string) *data.Map {
	return data.MapOf("id", id, "name", "t-"+id, "workflow_id", "wf-"+id, "workflow_namespace", "",
		"workflow_input", data.MapOf("x", int64(1)), "workflow_params", data.MapOf("env", data.NewMap(0)),
		"exchange", exchange, "topic", topic, "event", event, "scope", scope, "project_id", "<default-project>",
		"trust_id", nil)
}

// TestEventEngine drives the service over the in-process bus of the
// embedded default: which triggers a notification fires, the event
// definitions file, and the listener's end with the last trigger.
func TestEventEngine(t *testing.T) {
	defs := filepath.Join(t.TempDir(), "defs.yaml")
	os.WriteFile(defs, []byte("- event_types: [compute.*]\n  properties:\n    id: <% $.payload.id %>\n"), 0o644)
	log := slog.New(slog.DiscardHandler)
	bus := inproc.New(time.Second, log)
	t.Cleanup(func() { bus.Close() })
	rec := &starts{}
	ee, err := eventengine.New(eventengine.Config{DefinitionsFile: defs}, dbtest.SQLite(t), bus, rec,
		expr.NewEvaluator(yaql.New(), jinja.New()), log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := ee.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ee.CreateEventTrigger(ctx, trigger("a", "nova", "notifications", "compute.create", "private"), nil)
	ee.CreateEventTrigger(ctx, trigger("b", "nova", "other", "compute.create", "private"), nil)
	ee.CreateEventTrigger(ctx, trigger("c", "glance", "notifications", "image.update", "public"), nil)

	publish := func(exchange, topic, event, project string) error {
		return bus.PublishNotification(ctx, exchange, topic, &rpc.ServiceNotification{
			Context:     data.MapOf("project_id", project, "user_id", "u"),
			PublisherID: "host1", EventType: event, Priority: "info", Payload: data.MapOf("id", "i-1"),
			Timestamp: "2026-11-27 08:00:00",
		})
	}
	// Only trigger a: its exchange, topic and event, and its project.
	if err := publish("nova", "notifications", "compute.create", "<default-project>"); err != nil {
		t.Fatal(err)
	}
	got := rec.wait(t, 1)
	if len(got) != 1 || got[0].WorkflowIdentifier != "wf-a" {
		t.Fatalf("starts %v", got)
	}
	if p := data.Repr(got[0].Params); p != "{'env': {}, 'event_params': {'id': 'i-1'}}" {
		t.Errorf("params %s", p)
	}
	// Another project's notification fires only public triggers, with the
	// default properties when no definition matches.
	publish("nova", "notifications", "compute.create", "other-project")
	publish("glance", "notifications", "image.update", "other-project")
	got = rec.wait(t, 2)
	if len(got) != 2 || got[1].WorkflowIdentifier != "wf-c" {
		t.Fatalf("starts %v", got)
	}
	want := "{'env': {}, 'event_params': {'service': 'host1', 'project_id': 'other-project', 'user_id': 'u', 'timestamp': '2026-11-27 08:00:00'}}"
	if p := data.Repr(got[1].Params); p != want {
		t.Errorf("params %s, want %s", p, want)
	}
	// Deleting the last trigger of an exchange and topic stops listening.
	ee.DeleteEventTrigger(ctx, trigger("c", "glance", "notifications", "image.update", "public"), nil)
	time.Sleep(50 * time.Millisecond)
	if err := publish("glance", "notifications", "image.update", "<default-project>"); err == nil {
		t.Errorf("a listener is left on glance/notifications")
	}
}
