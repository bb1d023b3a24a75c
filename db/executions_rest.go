package db

import "fmt"

// Names returns the names of the given task executions by id (the task_name
// the REST API shows on action executions).
func (r TaskExecutions) Names(ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   string
		Name string
	}
	if err := r.gdb.Model(&TaskExecution{}).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read names of %d task executions: %w", len(ids), err)
	}
	for _, t := range rows {
		out[t.ID] = t.Name
	}
	return out, nil
}

// Delete removes an action execution.
func (r ActionExecutions) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&ActionExecution{}).Error; err != nil {
		return fmt.Errorf("delete action execution %s: %w", id, err)
	}
	return nil
}
