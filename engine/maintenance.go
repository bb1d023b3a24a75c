package engine

import (
	"context"

	"github.com/tramontane/tramontane/db"
)

// Maintenance mode's engine side. The API enters PAUSING and pauses every
// running execution through PauseWorkflow; what is left is waiting for the
// tasks that were RUNNING to finish. That is decided here, on the event
// itself: every transaction in which a task finishes checks, once it has
// committed, whether it finished the last one. There is no polling, and
// outside maintenance the check costs one primary-key read.

// afterTaskFinished registers the maintenance check, once per transaction,
// on the transaction of a task that is leaving RUNNING.
func (r *run) afterTaskFinished() {
	if r.maintenanceCheck {
		return
	}
	r.maintenanceCheck = true
	e, ctx := r.e, context.WithoutCancel(r.ctx)
	// Off the committing goroutine: the check never delays the engine's
	// answer.
	r.tx.AfterCommit(func() { go e.settleMaintenance(ctx) })
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
