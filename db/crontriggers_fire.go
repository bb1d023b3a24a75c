package db

import (
	"fmt"
	"time"
)

// Firing cron triggers. next_execution_time is the schedule: a trigger is
// due when it has passed. Several engines may look at the same due trigger;
// each firing is claimed by a compare-and-set on next_execution_time, so
// exactly one of them wins it.

// NextFire returns the earliest next_execution_time after the given time,
// or false when no trigger is due later.
func (r CronTriggers) NextFire(after time.Time) (time.Time, bool, error) {
	var t CronTrigger
	err := r.gdb.Select("id", "next_execution_time").Where("next_execution_time > ?", after).
		Order("next_execution_time").Limit(1).Find(&t).Error
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find next cron trigger: %w", err)
	}
	if t.ID == "" {
		return time.Time{}, false, nil
	}
	return t.NextExecutionTime, true, nil
}

// Due returns up to limit cron triggers whose next_execution_time is not
// after now, earliest first, of every project.
func (r CronTriggers) Due(now time.Time, limit int) ([]*CronTrigger, error) {
	var due []*CronTrigger
	err := r.gdb.Where("next_execution_time <= ?", now).Order("next_execution_time").Limit(limit).Find(&due).Error
	if err != nil {
		return nil, fmt.Errorf("find due cron triggers: %w", err)
	}
	return due, nil
}

// Advance claims the firing of t that is due at t.NextExecutionTime by
// moving the trigger to its next firing time and remaining count. It
// reports false when another process claimed that firing first (the row no
// longer has t's next_execution_time) or the trigger is gone.
func (r CronTriggers) Advance(t *CronTrigger, next time.Time, remaining *int64) (bool, error) {
	res := r.gdb.Model(&CronTrigger{}).
		Where("id = ? AND next_execution_time = ?", t.ID, t.NextExecutionTime).
		Updates(map[string]any{
			"next_execution_time":  next,
			"remaining_executions": remaining,
			"updated_at":           Now(),
		})
	if res.Error != nil {
		return false, fmt.Errorf("advance cron trigger %s: %w", t.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// DeleteFired claims the last firing of t by deleting the trigger; it
// reports false when another process claimed the firing first.
func (r CronTriggers) DeleteFired(t *CronTrigger) (bool, error) {
	res := r.gdb.Where("id = ? AND next_execution_time = ?", t.ID, t.NextExecutionTime).Delete(&CronTrigger{})
	if res.Error != nil {
		return false, fmt.Errorf("delete fired cron trigger %s: %w", t.ID, res.Error)
	}
	return res.RowsAffected == 1, nil
}
