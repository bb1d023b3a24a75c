package notifier_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/notifier"
	"github.com/tramontane/tramontane/rpc"
)

// TestWebhookOrderAndBody: each execution's events reach the webhook in
// the order they were queued, as Python's json.dumps of the data plus
// "event", with the publisher's headers; a failing publisher does not stop
// the others, and entries that are not objects are skipped.
func TestWebhookOrderAndBody(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Auth") != "secret" {
			t.Errorf("X-Auth %q", r.Header.Get("X-Auth"))
		}
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	s := notifier.New(slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)

	pubs := []any{
		"not an object",
		data.MapOf("type", "webhook", "url", "http://127.0.0.1:1/refused"),
		data.MapOf("type", "webhook", "url", srv.URL, "headers", data.MapOf("X-Auth", "secret")),
	}
	var want []string
	for i := range 20 {
		n := &rpc.Notification{
			ExID:       "task-1",
			Data:       data.MapOf("id", "task-1", "name", "t", "workflow_execution_id", "wf-1", "n", int64(i)),
			Event:      "TASK_LAUNCHED",
			Publishers: pubs,
		}
		s.Notify(ctx, n)
		want = append(want, `{"id": "task-1", "name": "t", "workflow_execution_id": "wf-1", "n": `+data.Repr(int64(i))+`, "event": "TASK_LAUNCHED"}`)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		got := slices.Clone(bodies)
		mu.Unlock()
		if len(got) == len(want) {
			if !slices.Equal(got, want) {
				t.Fatalf("bodies\n got %q\nwant %q", got, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d bodies after 10s, want %d", len(got), len(want))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
