// Package events checks event triggers end to end on RabbitMQ and MariaDB:
// a trigger created through REST or the mistral CLI starts its workflow
// when an OpenStack notification is published to its exchange and topic,
// once even with two event engines, and stops when it is deleted.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/oslo"
	"github.com/tramontane/tramontane/tests/testserver"
)

const workflowYAML = `version: '2.0'
on_event:
  input:
    - who: nobody
  tasks:
    greet:
      action: std.echo output=<% $.who %>
`

// definitionsYAML converts nova's instance notifications; others get
// Mistral's default properties.
const definitionsYAML = `- event_types: compute.instance.create.*
  properties:
    instance: <% $.payload.instance_id %>
    service: <% $.publisher %>
`

// executionsOf returns the executions a trigger started (their description
// names it), once they all ended.
func executionsOf(t *testing.T, api, triggerID string) []*data.Map {
	t.Helper()
	list := testserver.REST(t, http.MethodGet, api+"/executions?limit=1000", "application/json", "")
	items, _ := list.Value("executions").([]any)
	var out []*data.Map
	for _, it := range items {
		ex := it.(*data.Map)
		if d, _ := ex.Value("description").(string); strings.Contains(d, triggerID) {
			out = append(out, ex)
		}
	}
	return out
}

// waitExecutions waits until the trigger started n executions, then a
// little longer to see that no more come, and returns them.
func waitExecutions(t *testing.T, api, triggerID string, n int) []*data.Map {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := executionsOf(t, api, triggerID)
		if len(got) >= n {
			time.Sleep(time.Second)
			return executionsOf(t, api, triggerID)
		}
		if time.Now().After(deadline) {
			t.Fatalf("trigger %s started %d executions in 30s, want %d", triggerID, len(got), n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// publisher publishes notifications as an OpenStack service does.
type publisher struct {
	t  *testing.T
	tr *oslo.Transport
}

func newPublisher(t *testing.T, url string) *publisher {
	tr, err := oslo.New(testserver.Context(t), oslo.Config{TransportURL: url, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	return &publisher{t: t, tr: tr}
}

// publish sends a notification, retrying while no queue takes it yet (the
// event engines start listening just after the trigger's creation).
func (p *publisher) publish(exchange, topic, eventType string, payload *data.Map) {
	p.t.Helper()
	n := &rpc.ServiceNotification{
		Context:     data.MapOf("project_id", "<default-project>", "user_id", "tester"),
		PublisherID: "compute.host1",
		EventType:   eventType,
		Priority:    "info",
		Payload:     payload,
		Timestamp:   "2026-11-27 08:00:00.000000",
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := p.tr.PublishNotification(context.Background(), exchange, topic, n)
		if err == nil {
			return
		}
		if !errors.Is(err, rpc.ErrNoServer) || time.Now().After(deadline) {
			p.t.Fatalf("publish %s: %v", eventType, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestEventTriggers runs the API, engine and executor in one process and
// two event engines in two more, creates triggers through REST and the
// CLI, publishes notifications and checks the executions they start.
func TestEventTriggers(t *testing.T) {
	defs := filepath.Join(t.TempDir(), "event_definitions.yaml")
	if err := os.WriteFile(defs, []byte(definitionsYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	d := testserver.StartIsolated(t, "[event_engine]\nevent_definitions_cfg_file = "+defs+"\n",
		"api,engine,executor", "event-engine", "event-engine")
	api := d.URL
	wfs := testserver.REST(t, http.MethodPost, api+"/workflows", "text/plain", workflowYAML)
	wfID := wfs.Value("workflows").([]any)[0].(*data.Map).Value("id").(string)
	pub := newPublisher(t, d.TransportURL)

	body, _ := json.Marshal(map[string]any{
		"name": "on_create", "workflow_id": wfID, "exchange": "nova", "topic": "notifications",
		"event": "compute.instance.create.end", "workflow_input": map[string]any{"who": "nova"},
		"workflow_params": map[string]any{"env": map[string]any{"k": "v"}},
	})
	created := testserver.REST(t, http.MethodPost, api+"/event_triggers", "application/json", string(body))
	restID := created.Value("id").(string)

	t.Run("fires once with two event engines", func(t *testing.T) {
		pub.publish("nova", "notifications", "compute.instance.create.end", data.MapOf("instance_id", "i-1"))
		pub.publish("nova", "notifications", "compute.instance.delete.end", data.MapOf("instance_id", "i-1"))
		got := waitExecutions(t, api, restID, 1)
		if len(got) != 1 {
			t.Fatalf("%d executions, want 1", len(got))
		}
		ex := got[0]
		if ex.Value("workflow_id") != wfID || ex.Value("input") != `{"who": "nova"}` {
			t.Errorf("execution %v", data.Repr(ex))
		}
		params, _ := data.ParseString(ex.Value("params").(string))
		want := `{"env": {"k": "v"}, "event_params": {"instance": "i-1", "service": "compute.host1"}, "namespace": ""}`
		if got := pyJSON(sortedKeys(params)); got != want {
			t.Errorf("params %s, want %s", got, want)
		}
		var desc map[string]any
		json.Unmarshal([]byte(ex.Value("description").(string)), &desc)
		tb, _ := desc["triggered_by"].(map[string]any)
		if desc["description"] != "Workflow execution created by event trigger '("+restID+")'." ||
			tb["type"] != "event_trigger" || tb["id"] != restID || tb["name"] != "on_create" {
			t.Errorf("description %v", desc)
		}
	})

	t.Run("created by the CLI", func(t *testing.T) {
		bin := testserver.Need(t, "mistral", "python3-mistralclient")
		cmd := exec.Command(bin, "--os-mistral-url", api, "event-trigger-create", "on_resize", wfID, "nova",
			"notifications", "compute.instance.resize.end", `{"who": "cli"}`, "-f", "json")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("event-trigger-create: %v\n%s", err, out)
		}
		var row map[string]any
		if err := json.Unmarshal(out, &row); err != nil {
			t.Fatalf("event-trigger-create output %q: %v", out, err)
		}
		cliID, _ := row["ID"].(string)
		if cliID == "" || row["Event"] != "compute.instance.resize.end" {
			t.Fatalf("event-trigger-create printed %v", row)
		}
		pub.publish("nova", "notifications", "compute.instance.resize.end", data.MapOf("instance_id", "i-2"))
		got := waitExecutions(t, api, cliID, 1)
		if len(got) != 1 || got[0].Value("input") != `{"who": "cli"}` {
			t.Fatalf("executions %v", data.Repr(got))
		}
		params, _ := data.ParseString(got[0].Value("params").(string))
		// No definition matches: Mistral's default properties.
		want := `{"project_id": "<default-project>", "service": "compute.host1", "timestamp": "2026-11-27 08:00:00.000000", "user_id": "tester"}`
		if ep := pyJSON(sortedKeys(dataMapValue(params, "event_params"))); ep != want {
			t.Errorf("event_params %s, want %s", ep, want)
		}
	})

	t.Run("deleted stops firing", func(t *testing.T) {
		testserver.REST(t, http.MethodDelete, api+"/event_triggers/"+restID, "application/json", "")
		time.Sleep(500 * time.Millisecond) // the fanout cast reaches the event engines
		pub.publish("nova", "notifications", "compute.instance.create.end", data.MapOf("instance_id", "i-3"))
		time.Sleep(2 * time.Second)
		if got := executionsOf(t, api, restID); len(got) != 1 {
			t.Fatalf("%d executions after the deletion, want still 1", len(got))
		}
	})
}

func pyJSON(v any) string {
	s, _ := data.EncodePython(v)
	return s
}

func dataMapValue(v any, k string) any {
	m, _ := v.(*data.Map)
	return m.Value(k)
}

// sortedKeys returns v with every object's keys sorted, for comparing.
func sortedKeys(v any) any {
	m, ok := v.(*data.Map)
	if !ok {
		return v
	}
	keys := m.Keys()
	sorted := slices.Sorted(slices.Values(keys))
	out := data.NewMap(len(keys))
	for _, k := range sorted {
		out.Set(k, sortedKeys(m.Value(k)))
	}
	return out
}
