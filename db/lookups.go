package db

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// TaskOf returns the task execution id of an action execution ("" for an
// action run outside a workflow), reading nothing else.
func (r ActionExecutions) TaskOf(id string) (string, error) {
	var a ActionExecution
	err := r.gdb.Select("id", "task_execution_id").Where("id = ?", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", exc.NotFound("ActionExecution not found [id=%s]", id)
	}
	if err != nil {
		return "", fmt.Errorf("get action execution %s: %w", id, err)
	}
	if a.TaskExecutionID == nil {
		return "", nil
	}
	return *a.TaskExecutionID, nil
}

// IterationCounts summarises a task's action executions for with-items
// accounting without reading them: how many are accepted, how many still
// run, and whether an accepted one failed or was cancelled.
type IterationCounts struct {
	Accepted, Running int
	Failed, Cancelled bool
}

// HasUnfinishedIteration reports whether a task has an action execution
// that has not reached a terminal state. It looks from the newest, the
// likeliest to be running, along the task_execution_id index, so it mostly
// reads one row where CountIterations reads them all. (That index orders a
// task's rows by primary key on MySQL, by rowid on SQLite.)
func (r ActionExecutions) HasUnfinishedIteration(taskExecutionID string) (bool, error) {
	newest := "id DESC"
	if r.tx.store.dialect == SQLite {
		newest = "rowid DESC"
	}
	var ids []string
	err := r.gdb.Model(&ActionExecution{}).Where("task_execution_id = ? AND state NOT IN ?", taskExecutionID,
		[]string{StateSuccess, StateError, StateCancelled}).Order(newest).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return false, fmt.Errorf("look for running action executions of task %s: %w", taskExecutionID, err)
	}
	return len(ids) > 0, nil
}

// CountIterations returns the IterationCounts of a task's action executions.
func (r ActionExecutions) CountIterations(taskExecutionID string) (IterationCounts, error) {
	var rows []struct {
		State    string
		Accepted bool
		N        int
	}
	err := r.gdb.Model(&ActionExecution{}).Select("state, accepted, COUNT(*) AS n").
		Where("task_execution_id = ?", taskExecutionID).Group("state, accepted").Scan(&rows).Error
	if err != nil {
		return IterationCounts{}, fmt.Errorf("count action executions of task %s: %w", taskExecutionID, err)
	}
	var c IterationCounts
	for _, row := range rows {
		if !IsTerminal(row.State) {
			c.Running += row.N
		}
		if !row.Accepted {
			continue
		}
		c.Accepted += row.N
		c.Failed = c.Failed || row.State == StateError
		c.Cancelled = c.Cancelled || row.State == StateCancelled
	}
	return c, nil
}
