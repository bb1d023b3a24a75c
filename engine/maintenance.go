package engine

import (
	"context"

	"github.com/tramontane/tramontane/db"
)

// Maintenance mode's engine side. The API enters PAUSING and pauses every
// running execution through PauseWorkflow, then checks whether anything is
// still running; what is left is waiting for the tasks that were RUNNING to
// finish. That is decided here, on the event itself: a transaction in which
// a task finishes checks, once it has committed, whether it finished the
// last one. There is no polling.
//
// Only a task that finishes in an execution that is not RUNNING (paused,
// or already ended) can be the last one maintenance waits for: every
// execution that was running is paused before the API's own check, and a
// task of a paused execution finishes in a transaction that sees the
// execution PAUSED (both are serialized on the execution tree). So the
// transitions of running executions, all but a few, skip the check and its
// read of the maintenance status.

// afterTaskFinished notes that a task of s is leaving RUNNING in this
// transaction; finish decides whether to check maintenance.
func (r *run) afterTaskFinished(s *execState) {
	s.taskFinished = true
}

// checkMaintenance registers the maintenance check, once per transaction,
// when a task finished in an execution that is not running.
func (r *run) checkMaintenance() {
	for _, s := range r.execs {
		if s.taskFinished && s.ex.State != db.StateRunning {
			e, ctx := r.e, context.WithoutCancel(r.ctx)
			// Off the committing goroutine: the check never delays the
			// engine's answer.
			r.tx.AfterCommit(func() { go e.settleMaintenance(ctx) })
			return
		}
	}
}

// settleMaintenance ends PAUSING if the task that just finished was the last
// one running. A failure is logged and left to the next event (or to the
// operator's next PUT PAUSED, which checks again).
func (e *Engine) settleMaintenance(ctx context.Context) {
	status, err := e.store.SettleMaintenance(ctx)
	if err != nil {
		e.log.Warn("maintenance check failed", "error", err)
		return
	}
	if status == db.MaintenancePaused {
		e.log.Info("maintenance mode paused: no task is running")
	}
}
