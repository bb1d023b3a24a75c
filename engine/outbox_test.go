package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// flakyExecutor fails the first send of each action with err. With deliver
// set it delivers that send all the same, as when the broker took the
// message but the connection died before its confirm.
type flakyExecutor struct {
	next    engine.Executor
	err     error
	deliver bool

	mu       sync.Mutex
	sends    map[string]int
	maxWait  time.Duration // the longest a send was allowed to take
	noBounds int           // sends without a deadline
}

func (f *flakyExecutor) RunAction(ctx context.Context, req *rpc.RunActionRequest) error {
	f.mu.Lock()
	f.sends[req.ActionExID]++
	first := f.sends[req.ActionExID] == 1
	if dl, ok := ctx.Deadline(); ok {
		f.maxWait = max(f.maxWait, time.Until(dl))
	} else {
		f.noBounds++
	}
	f.mu.Unlock()
	if !first {
		return f.next.RunAction(ctx, req)
	}
	if f.deliver {
		if err := f.next.RunAction(ctx, req); err != nil {
			return err
		}
	}
	return f.err
}

// TestOutboxSendFailures checks what becomes of an action whose first send
// fails: sent again when it provably went nowhere, left alone when it was
// delivered after all, and failed clearly when its fate stays unknown.
func TestOutboxSendFailures(t *testing.T) {
	const lease = time.Second
	tests := []struct {
		name      string
		err       error
		deliver   bool
		state     string
		sends     int
		stateInfo string
	}{
		{"not delivered: sent again", fmt.Errorf("%w: not connected", rpc.ErrNotDelivered), false, db.StateSuccess, 2, ""},
		{"confirm lost, delivered", errors.New("connection lost before the confirm"), true, db.StateSuccess, 1, ""},
		{"confirm lost, not delivered", errors.New("connection lost before the confirm"), false, db.StateError, 1,
			"The delivery of this action to an executor was never confirmed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flaky := &flakyExecutor{err: tc.err, deliver: tc.deliver, sends: map[string]int{}}
			s := openStackWith(t, connection(t, db.SQLite), engine.Config{OutboxLease: lease},
				func(next engine.Executor) engine.Executor { flaky.next = next; return flaky })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go engine.NewOutboxSweeper(s.engine, 100*time.Millisecond).Run(ctx)
			s.upload(t, "version: '2.0'\none:\n  tasks:\n    echo:\n      action: std.echo output=1\n")

			ex := s.run(t, "one", nil)
			info := ""
			if ex.StateInfo != nil {
				info = *ex.StateInfo
			}
			if ex.State != tc.state || !strings.Contains(info, tc.stateInfo) {
				t.Errorf("execution %s %q, want %s with %q", ex.State, info, tc.state, tc.stateInfo)
			}
			flaky.mu.Lock()
			defer flaky.mu.Unlock()
			for id, n := range flaky.sends {
				if n != tc.sends {
					t.Errorf("action %s sent %d times, want %d", id, n, tc.sends)
				}
			}
			if flaky.noBounds > 0 || flaky.maxWait > lease/2 {
				t.Errorf("sends may take %s (%d unbounded), want at most half the lease", flaky.maxWait, flaky.noBounds)
			}
		})
	}
}

// TestDeliveredSendsLeaveTheOutbox: the entry of every send the executor
// or the notifier accepted is deleted soon after, by the engine that wrote
// it, long before its lease runs out; on MariaDB the entries' ids come
// back from the commit.
func TestDeliveredSendsLeaveTheOutbox(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			notes := &recordingNotifier{}
			s := openStackWith(t, connection(t, dialect), engine.Config{OutboxLease: time.Hour, Notifier: notes}, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go engine.NewOutboxSweeper(s.engine, time.Hour).Run(ctx)
			s.upload(t, `version: '2.0'
spread:
  tasks:
    first:
      action: std.noop
      on-success: [a, b, c]
    a:
      with-items: x in <% [1, 2, 3] %>
      action: std.echo output=<% $.x %>
    b:
      action: std.noop
    c:
      action: std.noop
`)
			out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "spread",
				Params: data.MapOf("notify", []any{data.MapOf("type", "noop")})})
			if err != nil {
				t.Fatal(err)
			}
			if ex := s.wait(t, out.Value("id").(string)); ex.State != db.StateSuccess {
				t.Fatalf("state %s: %v", ex.State, ex.StateInfo)
			}
			if len(notes.got()) == 0 {
				t.Fatal("no notification sent")
			}
			deadline := time.Now().Add(5 * time.Second)
			for {
				n, err := s.store.Read(ctx).Outbox().Count()
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d delivered sends still in the outbox", n)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}
