package db

import (
	"fmt"
	"slices"

	"github.com/tramontane/tramontane/engine/exc"
)

// A workflow task's sub-workflow executions make its result, and a
// sub-workflow's report to its parent task usually publishes that result:
// listing them cost a round trip at every level of nesting. So the report's
// read of the parent task also says whether the reporting sub-workflow is
// the task's only one (GetParentOf), and WorkflowExecutions.ByTask answers
// for that task with the caller's own object for the sub-workflow, the one
// it changes and saves. Nothing else adds a sub-workflow to the task
// meanwhile, since that takes the tree's lock, which the transaction holds.
// The transaction forgets the answer as soon as it inserts a sub-workflow
// of the task, saves another object for the sub-workflow, or deletes
// executions.

// GetParentOf returns the task execution that started the sub-workflow
// execution child (or a DBEntityNotFoundError) and that task's workflow
// execution without its spec, nil if that is gone, as GetWithExecution
// does. On MySQL the same statement says whether child is the task's only
// sub-workflow execution (if so, ByTask answers for the task with child),
// and whether the task is its workflow execution's only task (onlyTask;
// always false on SQLite).
func (r TaskExecutions) GetParentOf(child *WorkflowExecution) (_ *TaskExecution, _ *WorkflowExecution, onlyTask bool, _ error) {
	if child.TaskExecutionID == nil {
		return nil, nil, false, fmt.Errorf("workflow execution %s has no parent task", child.ID)
	}
	id := *child.TaskExecutionID
	if r.tx.store.dialect != MySQL {
		t, e, err := r.GetWithExecution(id)
		return t, e, false, err
	}
	var t TaskExecution
	var e WorkflowExecution
	var alone bool
	cols := slices.Concat(t.columns(), without(e.columns(), "spec"),
		[]column{{name: "alone", field: &alone}, {name: "only_task", field: &onlyTask}})
	found, err := r.tx.readOne(r.tx.store.rows.parentOfChild, cols, child.ID, id)
	if err != nil {
		return nil, nil, false, fmt.Errorf("get task execution %s: %w", id, err)
	}
	if !found {
		return nil, nil, false, exc.NotFound("Task execution not found [id=%s]", id)
	}
	if alone {
		if r.tx.onlyChildren == nil {
			r.tx.onlyChildren = map[string]*WorkflowExecution{}
		}
		r.tx.onlyChildren[id] = child
	}
	task, ex := settleTaskRead(&t, &e)
	return task, ex, onlyTask, nil
}

// childAdded forgets the only sub-workflow of the task a sub-workflow
// execution is being added to.
func (tx *Tx) childAdded(taskExecutionID *string) {
	if taskExecutionID != nil {
		delete(tx.onlyChildren, *taskExecutionID)
	}
}

// childSaved forgets the only sub-workflow of e's task when e is another
// object than the one ByTask hands out.
func (tx *Tx) childSaved(e *WorkflowExecution) {
	if e.TaskExecutionID == nil {
		return
	}
	if only, ok := tx.onlyChildren[*e.TaskExecutionID]; ok && only != e {
		delete(tx.onlyChildren, *e.TaskExecutionID)
	}
}
