package engine

import (
	"context"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// IntegrityChecker repairs tasks stuck in RUNNING although everything they
// ran has finished, as Mistral's execution integrity check does (ENGINE.md
// §13.2): a completion that was lost (say, an engine answered an executor
// and died before its transaction committed, and the executor gave up) is
// handled again from the state of the task's children. Completions here
// are decided in the transaction that records them, so this is a safety
// net; it looks every interval at tasks unchanged for longer than delay
// ([engine] execution_integrity_check_delay).
type IntegrityChecker struct {
	e               *Engine
	interval, delay time.Duration
}

// NewIntegrityChecker returns the checker of e; a negative delay disables
// it, as in Mistral.
func NewIntegrityChecker(e *Engine, interval, delay time.Duration) *IntegrityChecker {
	return &IntegrityChecker{e: e, interval: interval, delay: delay}
}

// Run checks until ctx ends.
func (c *IntegrityChecker) Run(ctx context.Context) error {
	if c.delay < 0 || c.interval <= 0 {
		return nil
	}
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := c.Check(ctx); err != nil && ctx.Err() == nil {
			c.e.log.Error("check execution integrity", "error", err)
		}
	}
}

// Check repairs the stuck tasks found once.
func (c *IntegrityChecker) Check(ctx context.Context) error {
	stuck, err := c.e.store.Read(ctx).Maintenance().StuckTasks(time.Now().UTC().Add(-c.delay), 100)
	if err != nil {
		return err
	}
	for _, st := range stuck {
		if st.Reason != db.StuckChildrenFinished {
			continue
		}
		if err := c.e.refireCompletion(ctx, st.Task.ID); err != nil {
			c.e.log.Error("repair a stuck task", "task_execution_id", st.Task.ID, "error", err)
		}
	}
	return nil
}

// refireCompletion hands a RUNNING task whose children all finished the
// state of its last child, as if that completion had just arrived.
func (e *Engine) refireCompletion(ctx context.Context, taskID string) error {
	root, err := e.rootOfTask(ctx, taskID)
	if err != nil {
		return err
	}
	return e.inTx(ctx, root, func(r *run) error {
		s, t, err := r.taskAndExec(taskID)
		if err != nil || t.State != db.StateRunning || db.IsTerminal(s.ex.State) {
			return err
		}
		its, err := r.iterations(t)
		if err != nil || len(its) == 0 {
			return err
		}
		last := its[len(its)-1]
		for _, it := range its {
			if !db.IsTerminal(it.state) {
				return nil // not stuck after all
			}
		}
		e.log.Warn("repairing a task whose completion was lost", "task_execution_id", taskID)
		var info *string
		if last.state != db.StateSuccess {
			info = strPtr(resultString(last.result))
		}
		return r.onTaskItemComplete(s, t, last.state, info, "")
	})
}

func resultString(v any) string { return data.Str(v) }
