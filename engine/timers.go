package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// Timer kinds.
const (
	timerContinueTask = "continue_task" // retry delay, wait-before: run the DELAYED task
	timerCompleteTask = "complete_task" // wait-after: finish the DELAYED task
	timerTaskTimeout  = "task_timeout"  // timeout policy
	timerRefreshJoin  = "refresh_join"  // a join's retry delay or grace: decide the WAITING join
)

// pausedTimerKey is where a join waiting for its retry or grace keeps a
// timer that fired while its workflow was paused (and where a DELAYED task
// of an earlier version kept one); the resume runs it.
const pausedTimerKey = "paused_timer"

// firePausedTimers runs the timers that fired while s was paused.
func (r *run) firePausedTimers(s *execState) error {
	tasks, err := r.taskList(s)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.State != db.StateDelayed && t.State != db.StateWaiting {
			continue
		}
		rt := t.RuntimeContext.Map()
		pt, ok := rt.Value(pausedTimerKey).(*data.Map)
		if !ok {
			continue
		}
		rt.Delete(pausedTimerKey)
		t.RuntimeContext = db.JSONOf(rt)
		kind, _ := pt.Value("kind").(string)
		if err := r.fire(kind, t.ID, dataMap(pt.Value("payload"))); err != nil {
			return err
		}
	}
	return nil
}

// schedule arranges for a timer to fire after delay. The timer row is
// written in this transaction, so it survives a crash once committed; the
// timer service is woken after the commit. A zero delay needs no timer: the
// work runs at the end of this transaction.
func (r *run) schedule(kind, taskExID string, delay time.Duration, payload ...any) {
	if delay <= 0 && kind != timerTaskTimeout {
		r.later = append(r.later, func() error { return r.fire(kind, taskExID, data.MapOf(payload...)) })
		return
	}
	r.timers = append(r.timers, &db.Timer{
		DueAt:   time.Now().UTC().Add(delay),
		Kind:    kind,
		RefID:   taskExID,
		Payload: db.JSONOf(data.MapOf(payload...)),
	})
}

// timerPending reports whether a task has a timer of the kind in the
// database, not fired yet.
func (r *run) timerPending(taskExID, kind string) (bool, error) {
	pending, err := r.tx.Timers().Pending(taskExID)
	if err != nil {
		return false, fmt.Errorf("read the timers of task %s: %w", taskExID, err)
	}
	for _, tm := range pending {
		if tm.Kind == kind {
			return true, nil
		}
	}
	return false, nil
}

// fire runs one timer's work inside the transaction. Each timer's work is
// a transaction of its own in Mistral (a scheduler job): it has its own
// cache of task() and execution(), which the sub-workflows a retried or
// delayed task starts share.
func (r *run) fire(kind, taskExID string, payload *data.Map) error {
	return r.ownCache(func() error { return r.runTimer(kind, taskExID, payload) })
}

func (r *run) runTimer(kind, taskExID string, payload *data.Map) error {
	s, t, err := r.taskAndExec(taskExID)
	if err != nil {
		return err
	}
	// As in Mistral, a delay that ends after the workflow has ended, or
	// while it is paused, still does its work: the task runs its action
	// or its retry, or finishes its wait-after, instead of staying
	// DELAYED. The finished workflow starts nothing more (dispatch); the
	// paused one records the task's end and goes on from it once resumed.
	if s.ex.State == db.StatePaused && kind == timerRefreshJoin {
		// A join's decision waits for the resume.
		rt := t.RuntimeContext.Map()
		rt.Set(pausedTimerKey, data.MapOf("kind", kind, "payload", payload))
		t.RuntimeContext = db.JSONOf(rt)
		return r.saveTask(t)
	}
	switch kind {
	case timerContinueTask:
		return r.continueTask(s, t)
	case timerCompleteTask:
		return r.finishDelayedTask(s, t, payload)
	case timerRefreshJoin:
		return r.refreshJoin(s, t, true)
	case timerTaskTimeout:
		if db.IsTerminal(t.State) {
			return nil
		}
		msg := fmt.Sprintf("Task timed out [timeout(s)=%s].", data.Str(payload.Value("timeout")))
		return r.completeTaskByEngine(s, t, db.StateError, &msg)
	}
	return fmt.Errorf("unknown timer kind %q", kind)
}

// fireDueTimeout fires the task's timeout timer now if it is due, and
// reports whether it did.
func (r *run) fireDueTimeout(taskExID string) (bool, error) {
	pending, err := r.tx.Timers().Pending(taskExID)
	if err != nil {
		return false, err
	}
	now := time.Now().UTC()
	for _, tm := range pending {
		if tm.Kind != timerTaskTimeout || tm.DueAt.After(now) {
			continue
		}
		if err := r.tx.Timers().Delete(tm.ID); err != nil {
			return false, err
		}
		return true, r.fire(tm.Kind, taskExID, tm.Payload.Map())
	}
	return false, nil
}

// TimerService fires the engine's durable timers when they are due: it
// sleeps until the earliest one, and is woken when a transaction adds one.
// Several engines may run it on one database; a claim with a lease makes
// each timer fire once, and a timer claimed by an engine that died fires
// after the lease.
type TimerService struct {
	e     *Engine
	owner string
	lease time.Duration
	wake  chan struct{}
}

// NewTimerService returns the timer service of e; owner names this process
// in claims.
func NewTimerService(e *Engine, owner string) *TimerService {
	ts := &TimerService{e: e, owner: owner, lease: time.Minute, wake: make(chan struct{}, 1)}
	e.timerWake = ts.Wake
	return ts
}

// Wake makes the service look at the table again.
func (ts *TimerService) Wake() {
	select {
	case ts.wake <- struct{}{}:
	default:
	}
}

// idleCheck is how often the service looks at the table when it knows of no
// timer: another engine's timers, or a lease that ran out.
const idleCheck = 5 * time.Second

// Run fires timers until ctx ends.
func (ts *TimerService) Run(ctx context.Context) error {
	for {
		if err := ts.fireDue(ctx); err != nil && ctx.Err() == nil {
			ts.e.log.Error("fire timers", "error", err)
		}
		wait := idleCheck
		next, ok, err := ts.e.store.Read(ctx).Timers().NextDue(time.Now().UTC())
		if err != nil && ctx.Err() == nil {
			ts.e.log.Error("find next timer", "error", err)
		}
		if ok {
			if d := time.Until(next); d < wait {
				wait = d
			}
		}
		if wait <= 0 {
			continue
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-ts.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// fireDue claims the due timers and runs each in its own transaction.
func (ts *TimerService) fireDue(ctx context.Context) error {
	for {
		var claimed []*db.Timer
		err := ts.e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
			var err error
			claimed, err = tx.Timers().Claim(time.Now().UTC(), ts.owner, ts.lease, 100)
			return err
		})
		if err != nil || len(claimed) == 0 {
			return err
		}
		for _, t := range claimed {
			if err := ts.e.fireTimer(ctx, t); err != nil {
				ts.e.log.Error("timer failed", "kind", t.Kind, "task_execution_id", t.RefID, "error", err)
			}
		}
	}
}

// fireTimer runs a claimed timer and deletes it in the same transaction.
func (e *Engine) fireTimer(ctx context.Context, t *db.Timer) error {
	root, err := e.rootOfTask(ctx, t.RefID)
	if err != nil {
		// The execution is gone: drop the timer.
		return e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.Timers().Delete(t.ID) })
	}
	return e.inTx(ctx, root, func(r *run) error {
		if err := r.tx.Timers().Delete(t.ID); err != nil {
			return err
		}
		return r.fire(t.Kind, t.RefID, t.Payload.Map())
	})
}
