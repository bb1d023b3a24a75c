package db

import (
	"fmt"

	"github.com/tramontane/tramontane/engine/exc"
)

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
	delete(r.tx.prefetched, id)
	r.tx.onlyActions = nil
	if err := r.gdb.Where("id = ?", id).Delete(&ActionExecution{}).Error; err != nil {
		return fmt.Errorf("delete action execution %s: %w", id, err)
	}
	return nil
}

// GetVisible returns the execution id if v sees it: an admin any
// (Mistral's get_workflow_execution is insecure for admins), others their
// project's. Another project's execution is not found.
func (r WorkflowExecutions) GetVisible(id string, v Viewer) (*WorkflowExecution, error) {
	e, err := r.Get(lookupID(r.gdb, id))
	if err != nil && !exc.Is(err, exc.DBEntityNotFound) {
		return nil, err
	}
	if err != nil || !v.Admin && !v.Sees(e.ProjectID, e.Scope) {
		return nil, exc.NotFound("WorkflowExecution not found [id=%s]", id)
	}
	return e, nil
}

// shownColumns are the columns of e that GET /v2/executions/{id} shows
// (GetShown), with scope (who sees it), context (its published_global) and,
// last, spec.
func (e *WorkflowExecution) shownColumns() []column {
	var cols []column
	for _, c := range e.columns() {
		switch c.name {
		case "name", "runtime_context", "accepted": // not shown
		case "spec": // last: see newShownExecution
		default:
			cols = append(cols, c)
		}
	}
	return append(cols, column{name: "spec", field: &e.Spec})
}

// newShownExecution is GetShown's read of shownColumns by id. It reads the
// spec only when its text may name vars, which published_global leaves
// out: clients poll this, and a large workflow's spec is mostly tasks.
// INSTR may find more than "vars" (it ignores case on MySQL), never less.
func newShownExecution() string {
	cols := (&WorkflowExecution{}).shownColumns()
	return "SELECT " + selectColumns(cols[:len(cols)-1]) + ",CASE WHEN INSTR(`spec`, '\"vars\"') > 0 THEN `spec` END" +
		" FROM `workflow_executions_v2` WHERE `id` = ? LIMIT 1"
}

// GetShown is GetVisible for GET /v2/executions/{id}: it reads only what
// the API shows (shownColumns); name, runtime_context and accepted are
// left empty, and spec unless it may declare vars.
func (r WorkflowExecutions) GetShown(id string, v Viewer) (*WorkflowExecution, error) {
	var e WorkflowExecution
	found, err := r.tx.readOne(r.tx.store.rows.shownExecution, e.shownColumns(), lookupID(r.gdb, id))
	if err != nil {
		return nil, fmt.Errorf("get workflow execution %s: %w", id, err)
	}
	if !found || !v.Admin && !v.Sees(e.ProjectID, e.Scope) {
		return nil, exc.NotFound("WorkflowExecution not found [id=%s]", id)
	}
	e.NotedState = e.State // as AfterFind notes it
	return &e, nil
}

// GetVisible returns the task execution id if v's project sees it.
func (r TaskExecutions) GetVisible(id string, v Viewer) (*TaskExecution, error) {
	t, err := r.Get(lookupID(r.gdb, id))
	if err != nil && !exc.Is(err, exc.DBEntityNotFound) {
		return nil, err
	}
	if err != nil || !v.Sees(t.ProjectID, t.Scope) {
		return nil, exc.NotFound("Task execution not found [id=%s]", id)
	}
	return t, nil
}

// GetVisible returns the action execution id if v's project sees it.
func (r ActionExecutions) GetVisible(id string, v Viewer) (*ActionExecution, error) {
	a, err := r.Get(lookupID(r.gdb, id))
	if err != nil && !exc.Is(err, exc.DBEntityNotFound) {
		return nil, err
	}
	if err != nil || !v.Sees(a.ProjectID, a.Scope) {
		return nil, exc.NotFound("ActionExecution not found [id=%s]", id)
	}
	return a, nil
}
