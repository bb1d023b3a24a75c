package db

import (
	"fmt"
	"math"
	"time"
)

// FinishedRoots returns the ids of top-level workflow executions (no
// parent task) in one of states, for the execution expiration policy:
// those last updated before before (when it is not zero), the most
// recently updated first, skipping the keep first of them, at most limit
// (0: all).
func (r WorkflowExecutions) FinishedRoots(states []string, before time.Time, keep, limit int) ([]string, error) {
	if len(states) == 0 {
		return nil, nil
	}
	q := r.gdb.Model(&WorkflowExecution{}).
		Where("task_execution_id IS NULL AND state IN ?", states).
		Order("updated_at DESC, id")
	if !before.IsZero() {
		q = q.Where("updated_at < ?", before)
	}
	if limit <= 0 {
		limit = math.MaxInt32 // MySQL takes an offset only with a limit
	}
	var ids []string
	if err := q.Offset(keep).Limit(limit).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("list finished executions: %w", err)
	}
	return ids, nil
}
