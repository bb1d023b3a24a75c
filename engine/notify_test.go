package engine_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/rpc"
)

// recordingNotifier keeps the events it is given, or fails every send.
type recordingNotifier struct {
	mu     sync.Mutex
	events []string
	fail   error
}

func (n *recordingNotifier) Notify(_ context.Context, note *rpc.Notification) error {
	if n.fail != nil {
		return n.fail
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events = append(n.events, note.Event+" "+note.Data.Value("name").(string))
	return nil
}

func (n *recordingNotifier) got() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.events)
}

// idleExecutor accepts actions and never runs them.
type idleExecutor struct{}

func (idleExecutor) RunAction(context.Context, *rpc.RunActionRequest) error { return nil }

// TestNotifyOutbox: events whose send failed with an unknown outcome (the
// engine may have died right after the commit) stay in the outbox, and
// another engine's sweeper sends them once the lease ran out, in order.
// An execution without notify writes nothing there.
func TestNotifyOutbox(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
notified:
  tasks:
    first:
      action: std.noop
`)
	ev := expr.NewEvaluator(yaql.New(), jinja.New())
	log := slog.New(slog.DiscardHandler)
	lease := 200 * time.Millisecond
	dying := &recordingNotifier{fail: errors.New("connection reset")}
	first := engine.New(engine.Config{Notifier: dying, Owner: "dying", OutboxLease: lease}, s.store, ev, actions.NewRegistry(), idleExecutor{}, log)
	ctx := context.Background()

	count := func() int64 {
		n, err := s.store.Read(ctx).Outbox().Count()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	if _, err := first.StartWorkflow(ctx, startReq("notified")); err != nil {
		t.Fatal(err)
	}
	if got := count() - before; got != 1 { // the run_action only
		t.Fatalf("%d outbox entries for an execution without notify, want 1", got)
	}

	params := data.MapOf("notify", []any{data.MapOf("type", "noop")})
	if _, err := first.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "notified", Params: params}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(lease + 50*time.Millisecond)

	rec := &recordingNotifier{}
	second := engine.New(engine.Config{Notifier: rec, Owner: "second", OutboxLease: lease}, s.store, ev, actions.NewRegistry(), idleExecutor{}, log)
	if err := engine.NewOutboxSweeper(second, time.Hour).Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	// The sweeper also fails the actions whose delivery is unknown (the
	// idle executor never ran them): their events come after.
	got := rec.got()
	want := []string{"WORKFLOW_LAUNCHED notified", "TASK_LAUNCHED first", "TASK_FAILED first", "WORKFLOW_FAILED notified"}
	if !slices.Equal(got, want) {
		t.Fatalf("events sent by the sweeper %v, want %v", got, want)
	}
}
