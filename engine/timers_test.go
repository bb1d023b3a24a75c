package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
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

// TestTimerFiresOnTime moves a pending timer to 200 ms from now and checks
// that the task leaves DELAYED close to that moment: the service sleeps
// until the next due time, it does not poll.
func TestTimerFiresOnTime(t *testing.T) {
	s := newStack(t)
	s.upload(t, longWait)
	id, timer := delayedTask(t, s)
	due := time.Now().Add(200 * time.Millisecond)
	err := s.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Timers().Reschedule(timer.ID, due.UTC())
	})
	if err != nil {
		t.Fatal(err)
	}
	s.timers.Wake()
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
// is paused: the task waits, and goes on when the workflow is resumed.
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
	time.Sleep(300 * time.Millisecond)
	if task := s.tasks(t, id)["t"]; task.State != db.StateDelayed {
		t.Fatalf("the task ran in a paused workflow: %s", task.State)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("after resume: %s", ex.State)
	}
}
