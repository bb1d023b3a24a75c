package db

import (
	"fmt"
	"time"
)

// Silent returns up to limit (0: all) synchronous action executions still RUNNING
// whose last heartbeat is older than before: their executor has gone
// silent (ENGINE.md §13.1).
func (r ActionExecutions) Silent(before time.Time, limit int) ([]*ActionExecution, error) {
	if limit <= 0 {
		limit = -1 // no limit
	}
	var out []*ActionExecution
	err := r.gdb.Where("state = ? AND is_sync = ? AND last_heartbeat < ?", StateRunning, true, before).
		Order("last_heartbeat").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("find silent action executions: %w", err)
	}
	return out, nil
}
