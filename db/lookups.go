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
