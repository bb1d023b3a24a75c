package db

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/db/sqlitedriver"
	"github.com/tramontane/tramontane/engine/exc"
)

// WorkflowExecutions is the repository of workflow_executions_v2.
type WorkflowExecutions struct {
	gdb *gorm.DB
	tx  *Tx
}

// WorkflowExecutions returns the repository bound to tx.
func (tx *Tx) WorkflowExecutions() WorkflowExecutions { return WorkflowExecutions{gdb: tx.gdb, tx: tx} }

// Insert inserts an execution. In a batching transaction the insert waits
// for the next round trip: an id taken already fails that round trip, or
// the commit, not the insert.
func (r WorkflowExecutions) Insert(e *WorkflowExecution) error {
	r.tx.childAdded(e.TaskExecutionID)
	if e.CreatedAt.IsZero() {
		e.CreatedAt = Now() // as gorm stamps it
	}
	return r.tx.exec("create workflow execution "+e.ID, r.tx.store.rows.insertWorkflow.rows(1), insertValues(nil, e.columns()))
}

// Get returns the execution with id, or a DBEntityNotFoundError.
func (r WorkflowExecutions) Get(id string) (*WorkflowExecution, error) {
	var e WorkflowExecution
	if err := r.gdb.Where("id = ?", id).Take(&e).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, exc.NotFound("WorkflowExecution not found [id=%s]", id)
		}
		return nil, fmt.Errorf("get workflow execution %s: %w", id, err)
	}
	return &e, nil
}

// Find returns the execution with id, or nil when there is none.
func (r WorkflowExecutions) Find(id string) (*WorkflowExecution, error) {
	e, err := r.Get(id)
	if exc.Is(err, exc.DBEntityNotFound) {
		return nil, nil
	}
	return e, err
}

// Save writes the columns of e that change after creation (never its spec
// or input) and stamps updated_at.
func (r WorkflowExecutions) Save(e *WorkflowExecution) error {
	r.tx.forgetCompletions(e.ID)
	r.tx.childSaved(e)
	now := Now()
	e.UpdatedAt = &now
	return r.tx.exec("save workflow execution "+e.ID, r.tx.store.rows.updateWorkflow, updateValues(e.columns(), e.ID))
}

// AfterFind implements gorm's hook: a row read is noted in its state.
func (e *WorkflowExecution) AfterFind(*gorm.DB) error {
	e.NotedState = e.State
	return nil
}

// AfterFind implements gorm's hook: a row read is noted in its state.
func (t *TaskExecution) AfterFind(*gorm.DB) error {
	t.NotedState = t.State
	return nil
}

// GetWithoutSpec is Get without the spec column, which is large and never
// changes; the engine keeps parsed specs in memory.
func (r WorkflowExecutions) GetWithoutSpec(id string) (*WorkflowExecution, error) {
	var e WorkflowExecution
	if err := r.gdb.Omit("spec").Where("id = ?", id).Take(&e).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, exc.NotFound("WorkflowExecution not found [id=%s]", id)
		}
		return nil, fmt.Errorf("get workflow execution %s: %w", id, err)
	}
	return &e, nil
}

// Spec returns the spec column of an execution.
func (r WorkflowExecutions) Spec(id string) (JSON, error) {
	var e WorkflowExecution
	if err := r.gdb.Select("id", "spec").Where("id = ?", id).Take(&e).Error; err != nil {
		return JSON{}, fmt.Errorf("get spec of workflow execution %s: %w", id, err)
	}
	return e.Spec, nil
}

// Root returns the id of the root of an execution's tree.
func (r WorkflowExecutions) Root(id string) (string, error) {
	var e WorkflowExecution
	if err := r.gdb.Select("id", "root_execution_id").Where("id = ?", id).Take(&e).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", exc.NotFound("WorkflowExecution not found [id=%s]", id)
		}
		return "", fmt.Errorf("get workflow execution %s: %w", id, err)
	}
	return e.Root(), nil
}

// StateOf returns the state of an execution.
func (r WorkflowExecutions) StateOf(id string) (string, error) {
	var e WorkflowExecution
	if err := r.gdb.Select("id", "state").Where("id = ?", id).Take(&e).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", exc.NotFound("WorkflowExecution not found [id=%s]", id)
		}
		return "", fmt.Errorf("get workflow execution %s: %w", id, err)
	}
	return e.State, nil
}

// ByTask returns the sub-workflow executions started by a task, oldest first.
func (r WorkflowExecutions) ByTask(taskExecutionID string) ([]*WorkflowExecution, error) {
	if only, ok := r.tx.onlyChildren[taskExecutionID]; ok {
		return []*WorkflowExecution{only}, nil
	}
	var out []*WorkflowExecution
	err := r.gdb.Where("task_execution_id = ?", taskExecutionID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list sub-workflows of task %s: %w", taskExecutionID, err)
	}
	return out, nil
}

// Delete removes an execution; tasks, action executions and sub-workflow
// executions go with it.
func (r WorkflowExecutions) Delete(id string) error {
	r.tx.onlyChildren = nil
	tasks, err := r.tx.TaskExecutions().ByWorkflow(id)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		subs, err := r.ByTask(t.ID)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			if err := r.Delete(sub.ID); err != nil {
				return err
			}
		}
		r.tx.prefetched = nil
		delete(r.tx.onlyActions, t.ID)
		if err := r.gdb.Where("task_execution_id = ?", t.ID).Delete(&ActionExecution{}).Error; err != nil {
			return fmt.Errorf("delete action executions of task %s: %w", t.ID, err)
		}
	}
	if err := r.gdb.Where("workflow_execution_id = ?", id).Delete(&TaskExecution{}).Error; err != nil {
		return fmt.Errorf("delete tasks of execution %s: %w", id, err)
	}
	res := r.gdb.Where("id = ?", id).Delete(&WorkflowExecution{})
	if res.Error != nil {
		return fmt.Errorf("delete workflow execution %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return exc.NotFound("WorkflowExecution not found [id=%s]", id)
	}
	return nil
}

// TaskExecutions is the repository of task_executions_v2.
type TaskExecutions struct {
	gdb *gorm.DB
	tx  *Tx
}

// TaskExecutions returns the repository bound to tx.
func (tx *Tx) TaskExecutions() TaskExecutions { return TaskExecutions{gdb: tx.gdb, tx: tx} }

// Create inserts t. Tags are stored as a list, [] when the task has none,
// as Mistral writes them: Mistral's REST renders a NULL as null. A task
// without a unique key cannot collide (its id is new) and waits for the
// transaction's next round trip; a join's unique key is checked at once.
func (r TaskExecutions) Create(t *TaskExecution) error {
	if t.Tags == nil {
		t.Tags = StringList{}
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = Now() // as gorm stamps it
	}
	insert := r.tx.store.rows.insertTask.rows(1)
	vars := insertValues(nil, t.columns())
	if t.UniqueKey == nil {
		return r.tx.exec("create task execution "+t.Name, insert, vars)
	}
	// The insert goes alone: its duplicate key is an answer, not a
	// failure of writes riding with it.
	if err := r.tx.flush(r.gdb.Statement.Context); err != nil {
		return err
	}
	if err := r.tx.execNow(insert, vars); err != nil {
		if isDuplicate(err) {
			return exc.Duplicate("Duplicate entry for TaskExecution ['unique_key']: %v", t.UniqueKey)
		}
		return fmt.Errorf("create task execution %s: %w", t.Name, err)
	}
	return nil
}

// WorkflowExecutionOf returns the workflow execution id of a task.
func (r TaskExecutions) WorkflowExecutionOf(id string) (string, error) {
	var t TaskExecution
	if err := r.gdb.Select("id", "workflow_execution_id").Where("id = ?", id).Take(&t).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", exc.NotFound("Task execution not found [id=%s]", id)
		}
		return "", fmt.Errorf("get task execution %s: %w", id, err)
	}
	return t.WorkflowExecutionID, nil
}

// ByWorkflowIfFinished returns the task executions of a workflow execution
// in creation order when none is unfinished, and otherwise only how many
// are: in one statement, what took a count and then a read when the count
// was zero.
func (r TaskExecutions) ByWorkflowIfFinished(workflowExecutionID string) (tasks []*TaskExecution, unfinished int, err error) {
	r.tx.store.counts.statements.Add(1)
	rows, err := r.gdb.Statement.ConnPool.QueryContext(r.gdb.Statement.Context, r.tx.store.rows.tasksIfFinished,
		workflowExecutionID, workflowExecutionID)
	if err != nil {
		return nil, 0, fmt.Errorf("list tasks of finished execution %s: %w", workflowExecutionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		t := new(TaskExecution)
		if err := scanRow(rows, append([]column{{"unfinished", &unfinished, fixed}}, t.columns()...)); err != nil {
			return nil, 0, fmt.Errorf("list tasks of finished execution %s: %w", workflowExecutionID, err)
		}
		if t.ID == "" { // the one row of an unfinished execution, or of one without tasks
			continue
		}
		t.NotedState = t.State // as AfterFind notes it
		tasks = append(tasks, t)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list tasks of finished execution %s: %w", workflowExecutionID, err)
	}
	return tasks, unfinished, nil
}

// Get returns the task execution with id, or a DBEntityNotFoundError.
func (r TaskExecutions) Get(id string) (*TaskExecution, error) {
	var t TaskExecution
	if err := r.gdb.Where("id = ?", id).Take(&t).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, exc.NotFound("Task execution not found [id=%s]", id)
		}
		return nil, fmt.Errorf("get task execution %s: %w", id, err)
	}
	return &t, nil
}

// GetWithExecution returns the task execution with id (or a
// DBEntityNotFoundError) and its workflow execution without its spec, nil
// if that is gone, read together (joinedRead): a sub-workflow's report to
// its parent task works on both.
func (r TaskExecutions) GetWithExecution(id string) (*TaskExecution, *WorkflowExecution, error) {
	var t TaskExecution
	var e WorkflowExecution
	groups := [][]column{t.columns(), without(e.columns(), "spec")}
	found, err := r.tx.readJoined(r.tx.store.rows.taskWithExecution, groups, id)
	if err != nil {
		return nil, nil, fmt.Errorf("get task execution %s: %w", id, err)
	}
	if !found {
		return nil, nil, exc.NotFound("Task execution not found [id=%s]", id)
	}
	task, ex := settleTaskRead(&t, &e)
	return task, ex, nil
}

// settleTaskRead notes the states of a task execution and its workflow
// execution read together, and drops the execution if the read found none.
func settleTaskRead(t *TaskExecution, e *WorkflowExecution) (*TaskExecution, *WorkflowExecution) {
	t.NotedState = t.State // as AfterFind notes it
	if e.ID == "" {        // a row not found has no id
		return t, nil
	}
	e.NotedState = e.State
	return t, e
}

// ByWorkflow returns the task executions of a workflow execution in creation
// order.
func (r TaskExecutions) ByWorkflow(workflowExecutionID string) ([]*TaskExecution, error) {
	var out []*TaskExecution
	err := r.gdb.Where("workflow_execution_id = ?", workflowExecutionID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list tasks of execution %s: %w", workflowExecutionID, err)
	}
	return out, nil
}

// Save writes the columns of t that change after creation and stamps
// updated_at.
func (r TaskExecutions) Save(t *TaskExecution) error {
	r.tx.forgetCompletions(t.ID)
	now := Now()
	t.UpdatedAt = &now
	return r.tx.exec("save task execution "+t.ID, r.tx.store.rows.updateTask, updateValues(t.columns(), t.ID))
}

// ActionExecutions is the repository of action_executions_v2.
type ActionExecutions struct {
	gdb *gorm.DB
	tx  *Tx
}

// ActionExecutions returns the repository bound to tx.
func (tx *Tx) ActionExecutions() ActionExecutions { return ActionExecutions{gdb: tx.gdb, tx: tx} }

// Create inserts a.
func (r ActionExecutions) Create(a *ActionExecution) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = Now() // as gorm stamps it
	}
	r.tx.actionsAdded(a.TaskExecutionID)
	return r.tx.exec("create action execution "+a.Name, r.tx.store.rows.insertAction.rows(1), insertValues(nil, a.columns()))
}

// CreateAll inserts action executions with multi-row inserts, of at most
// insertBatch rows and the store's budget of bytes (batch.go).
func (r ActionExecutions) CreateAll(as []*ActionExecution) error {
	if len(as) == 0 {
		return nil
	}
	var vars []any
	for _, a := range as {
		if a.CreatedAt.IsZero() {
			a.CreatedAt = Now() // as gorm stamps it
		}
		r.tx.actionsAdded(a.TaskExecutionID)
		vars = insertValues(vars, a.columns())
	}
	insert := r.tx.store.rows.insertAction
	width := len(vars) / len(as) // columns a row
	// rowBytes weighs the i-th row of those left (vars moves on with them).
	rowBytes := func(i int) int { return len(insert.row) + argBytes(vars[i*width:(i+1)*width]) }
	for len(as) > 0 {
		n := chunk(len(as), insertBatch, r.tx.store.batchBytes, rowBytes)
		err := r.tx.exec(fmt.Sprintf("create %d action executions", n), insert.rows(n), vars[:n*width:n*width])
		if err != nil {
			return err
		}
		as, vars = as[n:], vars[n*width:]
	}
	return nil
}

// Get returns the action execution with id, or a DBEntityNotFoundError.
func (r ActionExecutions) Get(id string) (*ActionExecution, error) {
	if a, ok := r.tx.prefetched[id]; ok {
		delete(r.tx.prefetched, id) // the caller may change it
		return a, nil
	}
	var a ActionExecution
	if err := r.gdb.Where("id = ?", id).Take(&a).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, exc.NotFound("ActionExecution not found [id=%s]", id)
		}
		return nil, fmt.Errorf("get action execution %s: %w", id, err)
	}
	return &a, nil
}

// Prefetch reads the action executions with the given ids (those that
// exist) in one statement, for the transaction's Get to hand out, each once,
// instead of a round trip each. A write to action executions in the
// transaction drops what it may change.
func (r ActionExecutions) Prefetch(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	got := make(map[string]*ActionExecution, len(ids))
	err := r.tx.readByIDs(r.tx.store.rows.actionsByID(len(ids)), ids, func(rows *sql.Rows) error {
		a := new(ActionExecution)
		if err := scanRow(rows, a.columns()); err != nil {
			return err
		}
		got[a.ID] = a
		return nil
	})
	if err != nil {
		return fmt.Errorf("get %d action executions: %w", len(ids), err)
	}
	r.tx.prefetched = got
	return nil
}

// GetForCompletion returns the action execution with id (or a
// DBEntityNotFoundError), its task execution and that task's workflow
// execution without its spec: what the completion of the action works on.
// The task is nil for an action run on its own or a task that is gone, the
// execution nil when the task has none. On MySQL one statement reads the
// three rows (joinedRead), or none when PrefetchForCompletion read them.
func (r ActionExecutions) GetForCompletion(id string) (*ActionExecution, *TaskExecution, *WorkflowExecution, error) {
	if c, ok := r.tx.prefetchedCompletions[id]; ok {
		delete(r.tx.prefetchedCompletions, id) // the caller may change them
		r.tx.noteOnlyAction(c)
		return c.action, c.task, c.exec, nil
	}
	var c completionRows
	found, err := r.tx.readJoined(r.tx.store.rows.completion, c.scan(), id)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("get action execution %s: %w", id, err)
	}
	if !found {
		return nil, nil, nil, exc.NotFound("ActionExecution not found [id=%s]", id)
	}
	c.settle()
	r.tx.noteOnlyAction(&c)
	return c.action, c.task, c.exec, nil
}

// PrefetchForCompletion reads what GetForCompletion returns for each of
// the given action ids, in one statement on MySQL, for the transaction's
// GetForCompletion to hand out, each once: a group commit of several
// trees' results reads the first action of each tree at once. An id that
// does not exist is left to GetForCompletion. A save of one of the rows
// in the transaction drops what was read with it. SQLite has no round
// trips to save: there it reads nothing.
func (r ActionExecutions) PrefetchForCompletion(ids []string) error {
	if len(ids) == 0 || r.tx.store.dialect != MySQL {
		return nil
	}
	got := make(map[string]*completionRows, len(ids))
	err := r.tx.readByIDs(r.tx.store.rows.completionsByID(len(ids)), ids, func(rows *sql.Rows) error {
		c := new(completionRows)
		if err := scanRow(rows, slices.Concat(c.scan()...)); err != nil {
			return err
		}
		c.settle()
		got[c.action.ID] = c
		return nil
	})
	if err != nil {
		return fmt.Errorf("get %d action executions with their tasks: %w", len(ids), err)
	}
	r.tx.prefetchedCompletions = got
	return nil
}

// readByIDs runs a query that takes ids as its arguments, in one
// statement, and hands each row it finds to scan.
func (tx *Tx) readByIDs(query string, ids []string, scan func(*sql.Rows) error) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	tx.store.counts.statements.Add(1)
	rows, err := tx.gdb.Statement.ConnPool.QueryContext(tx.gdb.Statement.Context, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// completionRows are the rows GetForCompletion returns.
type completionRows struct {
	action *ActionExecution
	task   *TaskExecution
	exec   *WorkflowExecution
	// alone says that the action is its task's only action execution
	// (read on MySQL only).
	alone bool
}

// scan returns the columns a completion's read fills, a group per table,
// then the alone flag, which only the joined read of MySQL has.
func (c *completionRows) scan() [][]column {
	c.action, c.task, c.exec = new(ActionExecution), new(TaskExecution), new(WorkflowExecution)
	return [][]column{c.action.columns(), c.task.columns(), without(c.exec.columns(), "spec"),
		{{name: "alone", field: &c.alone}}}
}

// settle drops the rows the read did not find (a row not found has no
// id) and notes the states read.
func (c *completionRows) settle() {
	if c.task.ID == "" {
		c.task, c.exec = nil, nil
		return
	}
	c.task.NotedState = c.task.State // as AfterFind notes it
	if c.exec.ID == "" {
		c.exec = nil
		return
	}
	c.exec.NotedState = c.exec.State
}

// forgetCompletions drops the completions read ahead that hold the task
// or workflow execution with id, which the transaction is about to write.
func (tx *Tx) forgetCompletions(id string) {
	for actionID, c := range tx.prefetchedCompletions {
		if (c.task != nil && c.task.ID == id) || (c.exec != nil && c.exec.ID == id) {
			delete(tx.prefetchedCompletions, actionID)
		}
	}
}

// readOne runs a query and reads the row it finds (if any) into the
// fields of cols.
func (tx *Tx) readOne(query string, cols []column, args ...any) (found bool, err error) {
	tx.store.counts.statements.Add(1)
	rows, err := tx.gdb.Statement.ConnPool.QueryContext(tx.gdb.Statement.Context, query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scanRow(rows, cols); err != nil {
			return false, err
		}
		found = true
	}
	return found, rows.Err()
}

// ByTask returns a task's action executions in creation order.
func (r ActionExecutions) ByTask(taskExecutionID string) ([]*ActionExecution, error) {
	if a, ok := r.tx.onlyActions[taskExecutionID]; ok {
		only := *a // as a read would return it: the caller may change it
		return []*ActionExecution{&only}, nil
	}
	var out []*ActionExecution
	err := r.gdb.Where("task_execution_id = ?", taskExecutionID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list action executions of task %s: %w", taskExecutionID, err)
	}
	return out, nil
}

// ByTasks returns the action executions of several tasks, grouped by task id.
func (r ActionExecutions) ByTasks(taskExecutionIDs []string) (map[string][]*ActionExecution, error) {
	out := make(map[string][]*ActionExecution, len(taskExecutionIDs))
	if len(taskExecutionIDs) == 0 {
		return out, nil
	}
	var rows []*ActionExecution
	err := r.gdb.Where("task_execution_id IN ?", taskExecutionIDs).Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list action executions of %d tasks: %w", len(taskExecutionIDs), err)
	}
	for _, a := range rows {
		out[*a.TaskExecutionID] = append(out[*a.TaskExecutionID], a)
	}
	return out, nil
}

// Save writes the columns of a that change after creation and stamps
// updated_at.
func (r ActionExecutions) Save(a *ActionExecution) error {
	delete(r.tx.prefetched, a.ID)
	delete(r.tx.prefetchedCompletions, a.ID)
	r.tx.actionSaved(a)
	now := Now()
	a.UpdatedAt = &now
	return r.tx.exec("save action execution "+a.ID, r.tx.store.rows.updateAction, updateValues(a.columns(), a.ID))
}

// SetAccepted marks every action execution of a task accepted or not.
func (r ActionExecutions) SetAccepted(taskExecutionID string, accepted bool) error {
	r.tx.prefetched = nil
	delete(r.tx.onlyActions, taskExecutionID)
	err := r.gdb.Model(&ActionExecution{}).Where("task_execution_id = ?", taskExecutionID).
		Update("accepted", accepted).Error
	if err != nil {
		return fmt.Errorf("update action executions of task %s: %w", taskExecutionID, err)
	}
	return nil
}

// Touch sets last_heartbeat of the given running action executions.
func (r ActionExecutions) Touch(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	r.tx.prefetched, r.tx.onlyActions = nil, nil
	return r.tx.write("record heartbeats", func(g *gorm.DB) *gorm.DB {
		return g.Model(&ActionExecution{}).Where("id IN ?", ids).Update("last_heartbeat", Now())
	})
}

func isDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "Duplicate entry") || strings.Contains(msg, "UNIQUE constraint failed")
}

// Filter returns workflow executions matching executions()'s arguments;
// empty arguments match everything.
func (r WorkflowExecutions) Filter(id, rootID, state, fromTime, toTime string) ([]*WorkflowExecution, error) {
	q := r.gdb.Model(&WorkflowExecution{})
	if id != "" {
		q = q.Where("id = ?", id)
	}
	if rootID != "" {
		q = q.Where("root_execution_id = ?", rootID)
	}
	if state != "" {
		if isSQLite(r.gdb) {
			// States are ASCII words: NOCASE against the value's key
			// compares as MySQL's collation ("running ").
			state = sqlitedriver.CollationKey(state)
		}
		q = q.Where("state = ?", state)
	}
	if fromTime != "" {
		q = q.Where("created_at >= ?", fromTime)
	}
	if toTime != "" {
		q = q.Where("created_at < ?", toTime)
	}
	var out []*WorkflowExecution
	if err := q.Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("filter workflow executions: %w", err)
	}
	return out, nil
}

// All returns every task execution in the database (tasks() without an
// execution id, as Mistral does).
func (r TaskExecutions) All() ([]*TaskExecution, error) {
	var out []*TaskExecution
	if err := r.gdb.Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list task executions: %w", err)
	}
	return out, nil
}

// TaskSummary is the part of a task execution that transitions and joins
// look at, without the large context columns.
type TaskSummary struct {
	ID        string `gorm:"column:id"`
	Name      string `gorm:"column:name"`
	State     string `gorm:"column:state"`
	Processed bool   `gorm:"column:processed"`
	NextTasks JSON   `gorm:"column:next_tasks"`
}

// Summaries returns the summaries of a workflow execution's tasks in
// creation order.
func (r TaskExecutions) Summaries(workflowExecutionID string) ([]*TaskSummary, error) {
	var out []*TaskSummary
	err := r.gdb.Model(&TaskExecution{}).Select("id", "name", "state", "processed", "next_tasks").
		Where("workflow_execution_id = ?", workflowExecutionID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list tasks of execution %s: %w", workflowExecutionID, err)
	}
	return out, nil
}

// ByUniqueKey returns the task execution with the unique key (a join), or
// nil.
func (r TaskExecutions) ByUniqueKey(key string) (*TaskExecution, error) {
	var out []*TaskExecution
	if err := r.gdb.Where("unique_key = ?", key).Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("find task execution %s: %w", key, err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out[0], nil
}
