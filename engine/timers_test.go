package engine_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/rpc"
)

const longWait = `version: '2.0'
long_wait:
  tasks:
    t:
      wait-before: 3600
      action: std.noop
`

// delayedTask starts long_wait and returns the execution and its DELAYED
// task's pending timer.
func delayedTask(t *testing.T, s *stack) (string, *db.Timer) {
	t.Helper()
	out, err := s.engine.StartWorkflow(context.Background(), startReq("long_wait"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	task := s.tasks(t, id)["t"]
	if task == nil || task.State != db.StateDelayed {
		t.Fatalf("task: %+v", task)
	}
	timers, err := s.store.Read(context.Background()).Timers().Pending(task.ID)
	if err != nil || len(timers) != 1 {
		t.Fatalf("timers %v, %v", timers, err)
	}
	return id, timers[0]
}

// dueAt moves a pending timer to when and wakes the timer service.
func dueAt(t *testing.T, s *stack, timer *db.Timer, when time.Time) {
	t.Helper()
	err := s.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Timers().Reschedule(timer.ID, when.UTC())
	})
	if err != nil {
		t.Fatal(err)
	}
	s.timers.Wake()
}

// TestTimerFiresOnTime moves a pending timer to 200 ms from now and checks
// that the task leaves DELAYED close to that moment: the service sleeps
// until the next due time, it does not poll.
func TestTimerFiresOnTime(t *testing.T) {
	s := newStack(t)
	s.upload(t, longWait)
	id, timer := delayedTask(t, s)
	due := time.Now().Add(200 * time.Millisecond)
	dueAt(t, s, timer, due)
	s.wait(t, id)
	late := time.Since(due)
	t.Logf("the 200 ms timer fired %v after its due time (including polling)", late)
	if late < 0 || late > 500*time.Millisecond {
		t.Fatalf("fired %v after its due time", late)
	}
}

// TestTimerSurvivesRestart stops an engine with a timer pending and checks
// that a new engine on the same database fires it.
func TestTimerSurvivesRestart(t *testing.T) {
	first := newStack(t)
	first.upload(t, longWait)
	id, timer := delayedTask(t, first)
	err := first.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Timers().Reschedule(timer.ID, time.Now().UTC().Add(300*time.Millisecond))
	})
	if err != nil {
		t.Fatal(err)
	}
	first.stop() // the process is gone; its timer row is not
	time.Sleep(400 * time.Millisecond)
	if state, _ := first.store.Read(context.Background()).WorkflowExecutions().StateOf(id); state != db.StateRunning {
		t.Fatalf("the stopped engine still ran the workflow: %s", state)
	}
	second := openStack(t, first.conn)
	if ex := second.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("after the restart: %s", ex.State)
	}
}

// TestTimerWhilePaused fires a task's wait-before timer while its workflow
// is paused: as in Mistral, the task runs, and its workflow goes on from it
// when resumed.
func TestTimerWhilePaused(t *testing.T) {
	s := newStack(t)
	s.upload(t, longWait)
	id, timer := delayedTask(t, s)
	ctx := context.Background()
	if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
		t.Fatal(err)
	}
	err := s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Timers().Reschedule(timer.ID, time.Now().UTC())
	})
	if err != nil {
		t.Fatal(err)
	}
	s.timers.Wake()
	for deadline := time.Now().Add(10 * time.Second); s.tasks(t, id)["t"].State != db.StateSuccess; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the task did not run in its paused workflow: %s", s.tasks(t, id)["t"].State)
		}
	}
	if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(id); got != db.StatePaused {
		t.Fatalf("workflow %s once its task ran, want PAUSED", got)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("after resume: %s", ex.State)
	}
}

// heldExecutor keeps the actions the engine sends instead of running them.
type heldExecutor struct{ sent chan *rpc.RunActionRequest }

func (h heldExecutor) RunAction(_ context.Context, req *rpc.RunActionRequest) error {
	h.sent <- req
	return nil
}

// TestTimeoutWinsOverExecutorAbort reports an action's failure while the
// task's timeout timer is or is not due yet, and held by another engine's
// timer service, so that it cannot fire first. An executor aborts an
// action at the moment the task's timeout runs out; the engine must then
// time the task out, not report the abort, whichever event reaches it
// first (Mistral records "Task timed out").
func TestTimeoutWinsOverExecutorAbort(t *testing.T) {
	tests := []struct {
		name      string
		due       bool
		stateInfo string
	}{
		{"timeout due", true, "Task timed out [timeout(s)=600]."},
		{"timeout not due", false, "1 second"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			held := heldExecutor{sent: make(chan *rpc.RunActionRequest, 1)}
			s := openStackWith(t, connection(t, db.SQLite), engine.Config{},
				func(engine.Executor) engine.Executor { return held })
			s.upload(t, "version: '2.0'\nslow:\n  tasks:\n    t:\n      action: std.sleep seconds=900\n      timeout: 600\n")
			ctx := context.Background()
			out, err := s.engine.StartWorkflow(ctx, startReq("slow"))
			if err != nil {
				t.Fatal(err)
			}
			id := out.Value("id").(string)
			req := <-held.sent
			task := s.tasks(t, id)["t"]
			err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				timers, err := tx.Timers().Pending(task.ID)
				if err != nil || len(timers) != 1 {
					return fmt.Errorf("timers %v, %v", timers, err)
				}
				now := time.Now().UTC()
				if tc.due {
					if err := tx.Timers().Reschedule(timers[0].ID, now.Add(-time.Millisecond)); err != nil {
						return err
					}
				}
				claimed, err := tx.Timers().Claim(now.Add(time.Hour), "another engine", time.Hour, 10)
				if len(claimed) != 1 {
					return fmt.Errorf("claimed %v, %v", claimed, err)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.engine.OnActionComplete(ctx, req.ActionExID, &rpc.Result{Error: "1 second"}, false); err != nil {
				t.Fatal(err)
			}
			ex := s.wait(t, id)
			task = s.tasks(t, id)["t"]
			info := "<nil>"
			if task.StateInfo != nil {
				info = *task.StateInfo
			}
			if ex.State != db.StateError || info != tc.stateInfo {
				t.Fatalf("execution %s, task %s %q, want ERROR with %q", ex.State, task.State, info, tc.stateInfo)
			}
		})
	}
}

// TestTimerFiresAfterWorkflowEnded: as in Mistral, a wait-before delay that
// ends after its workflow was cancelled still runs the task, which ends
// SUCCESS instead of staying DELAYED; the workflow stays CANCELLED.
func TestTimerFiresAfterWorkflowEnded(t *testing.T) {
	s := newStack(t)
	s.upload(t, longWait)
	id, timer := delayedTask(t, s)
	ctx := context.Background()
	if _, err := s.engine.StopWorkflow(ctx, id, db.StateCancelled, nil); err != nil {
		t.Fatal(err)
	}
	dueAt(t, s, timer, time.Now())
	deadline := time.Now().Add(10 * time.Second)
	for s.tasks(t, id)["t"].State != db.StateSuccess {
		if time.Now().After(deadline) {
			t.Fatalf("task still %s", s.tasks(t, id)["t"].State)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if ex := s.wait(t, id); ex.State != db.StateCancelled {
		t.Errorf("workflow %s, want CANCELLED", ex.State)
	}
}
