package db

// A task's action executions make task(name).result, and a task's
// completion usually publishes its own result: that cost a round trip to
// list the actions of a task whose only action the transaction had just
// read. So the completion's read also says whether its action is the task's
// only one (onlyActionColumn), and ByTask answers for that task from the
// row the completion changes and saves: what a read would return once the
// save is written. Nothing else adds an action to the task meanwhile, since
// that takes the tree's lock, which the transaction holds. The transaction
// forgets the answer as soon as it adds, deletes or changes the task's
// action executions otherwise.

// noteOnlyAction records the action of a completion read as its task's
// only one, when it is.
func (tx *Tx) noteOnlyAction(c *completionRows) {
	if !c.alone || c.task == nil {
		return
	}
	if tx.onlyActions == nil {
		tx.onlyActions = map[string]*ActionExecution{}
	}
	tx.onlyActions[c.task.ID] = c.action
}

// actionsAdded forgets what the transaction knows of the actions of the
// task an action is being added to, including in completions read ahead.
func (tx *Tx) actionsAdded(taskExecutionID *string) {
	if taskExecutionID == nil {
		return
	}
	delete(tx.onlyActions, *taskExecutionID)
	for _, c := range tx.prefetchedCompletions {
		if c.task != nil && c.task.ID == *taskExecutionID {
			c.alone = false
		}
	}
}

// actionSaved forgets the only action of a's task when a is another copy
// of it (or another action): the row the transaction holds would no longer
// be what a read returns.
func (tx *Tx) actionSaved(a *ActionExecution) {
	if a.TaskExecutionID == nil {
		return
	}
	if only, ok := tx.onlyActions[*a.TaskExecutionID]; ok && only != a {
		delete(tx.onlyActions, *a.TaskExecutionID)
	}
}
