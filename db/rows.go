package db

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rows of the hot path without gorm. An engine transition reads an action
// execution with its task and workflow execution, and inserts and updates
// task and action executions by id; gorm's reflection costs more there than
// the rest of the transition. So these models list their columns once, each
// with the field that holds it (the columns methods beside the models), and
// the statements are built by hand from the lists, once per store. They
// read and write what gorm reads and writes: the same values go to the
// same driver, and a NULL read into a plain field gives its zero value.

// column is a column of a model's table and the field of a row that holds
// it.
type column struct {
	name string
	// field points into the row: *string, **string, *bool, *int,
	// *time.Time, **time.Time, *JSON or *StringList.
	field any
	// mutable columns change after the row's creation: an update by id
	// writes them.
	mutable bool
}

// Whether a column is written by updates by id (column.mutable).
const (
	fixed   = false
	mutable = true
)

// value returns the field's value as gorm passes it to the driver (a
// pointer field as the pointer, the others as copies, so that a write that
// waits for its round trip keeps the row's values of the time it was
// made), or as the driver gets it from that.
func (c column) value() any {
	switch f := c.field.(type) {
	case *string:
		return *f
	case **string:
		return *f
	case *bool:
		return *f
	case *int:
		return int64(*f) // as database/sql converts it
	case *time.Time:
		return *f
	case **time.Time:
		return *f
	case *JSON: // as its Value gives it to the driver, without a copy to box
		if f.IsNull() {
			return nil
		}
		return f.Raw
	case *StringList:
		return *f
	default:
		panic(fmt.Sprintf("db: column %s has a field of unexpected type %T", c.name, c.field))
	}
}

// dest is where rows.Scan puts the column. A NULL read into a plain field
// gives its zero value, as gorm reads it. (database/sql would convert the
// same values, through reflection and allocations.)
func (c column) dest() any {
	switch f := c.field.(type) {
	case *string:
		return stringDest{f}
	case **string:
		return stringPtrDest{f}
	case *bool:
		return boolDest{f}
	case *time.Time:
		return timeDest{f}
	case **time.Time:
		return timePtrDest{f}
	default: // JSON and StringList are sql.Scanners
		return f
	}
}

// stringDest, stringPtrDest, boolDest, timeDest and timePtrDest scan a
// nullable column into a field of their type.
type (
	stringDest    struct{ p *string }
	stringPtrDest struct{ p **string }
	boolDest      struct{ p *bool }
	timeDest      struct{ p *time.Time }
	timePtrDest   struct{ p **time.Time }
)

func (d stringDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = ""
	case string:
		*d.p = v
	case []byte:
		*d.p = string(v)
	default:
		return fmt.Errorf("scan %T into a string", src)
	}
	return nil
}

func (d stringPtrDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	s := new(string)
	if err := (stringDest{s}).Scan(src); err != nil {
		return err
	}
	*d.p = s
	return nil
}

// Scan converts as database/sql does: driver.Bool's integers and texts.
func (d boolDest) Scan(src any) error {
	if src == nil {
		*d.p = false
		return nil
	}
	v, err := driver.Bool.ConvertValue(src)
	if err != nil {
		return err
	}
	*d.p = v.(bool)
	return nil
}

func (d timeDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.p = time.Time{}
	case time.Time:
		*d.p = v
	default:
		return fmt.Errorf("scan %T into a time", src)
	}
	return nil
}

func (d timePtrDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	t := new(time.Time)
	if err := (timeDest{t}).Scan(src); err != nil {
		return err
	}
	*d.p = t
	return nil
}

// scanRow reads the current row of rows into the fields of cols, which
// are the query's columns in order.
func scanRow(rows *sql.Rows, cols []column) error {
	dest := make([]any, len(cols))
	for i, c := range cols {
		dest[i] = c.dest()
	}
	return rows.Scan(dest...)
}

// without returns cols without the column named name.
func without(cols []column, name string) []column {
	out := make([]column, 0, len(cols))
	for _, c := range cols {
		if c.name != name {
			out = append(out, c)
		}
	}
	return out
}

// insertValues returns the values of a row's columns, for an insert.
func insertValues(vars []any, cols []column) []any {
	vars = slices.Grow(vars, len(cols))
	for _, c := range cols {
		vars = append(vars, c.value())
	}
	return vars
}

// updateValues returns the values of a row's mutable columns followed by
// its id, for an update by id.
func updateValues(cols []column, id string) []any {
	vars := make([]any, 0, len(cols)+1)
	for _, c := range cols {
		if c.mutable {
			vars = append(vars, c.value())
		}
	}
	return append(vars, id)
}

// selectColumns is the column list of a SELECT.
func selectColumns(cols []column) string { return selectColumnsOf("", cols) }

// selectColumnsOf is selectColumns for the table named alias in a join.
func selectColumnsOf(alias string, cols []column) string {
	prefix := ""
	if alias != "" {
		prefix = alias + "."
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = prefix + "`" + c.name + "`"
	}
	return strings.Join(names, ",")
}

// insertStatement is an insert of some rows into a table.
type insertStatement struct {
	head string // INSERT INTO `table` (`a`,`b`) VALUES
	row  string // (?,?)
}

func newInsert(table string, cols []column) insertStatement {
	return insertStatement{
		head: "INSERT INTO `" + table + "` (" + selectColumns(cols) + ") VALUES ",
		row:  "(" + placeholders(len(cols)) + ")",
	}
}

// rows returns the insert of n rows.
func (s insertStatement) rows(n int) string {
	var b strings.Builder
	b.Grow(len(s.head) + n*(len(s.row)+1))
	b.WriteString(s.head)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s.row)
	}
	return b.String()
}

// newUpdate returns the update by id of a table's mutable columns.
func newUpdate(table string, cols []column) string {
	var sets []string
	for _, c := range cols {
		if c.mutable {
			sets = append(sets, "`"+c.name+"`=?")
		}
	}
	return "UPDATE `" + table + "` SET " + strings.Join(sets, ",") + " WHERE `id`=?"
}

// rowStatements are the hot path's statements, built once per store.
type rowStatements struct {
	// completion reads an action execution, its task execution and that
	// task's workflow execution without its spec, by the action's id
	// (ActionExecutions.GetForCompletion).
	completion joinedRead
	// completionsHead starts the read of completion's rows for several
	// actions (ActionExecutions.PrefetchForCompletion).
	completionsHead string
	// taskWithExecution reads a task execution and its workflow execution
	// without its spec, by the task's id (TaskExecutions.GetWithExecution).
	taskWithExecution joinedRead
	// parentOfChild is taskWithExecution on MySQL with onlyChildColumn,
	// taking the child's id, then the task's, and onlyTaskColumn
	// (TaskExecutions.GetParentOf).
	parentOfChild string

	insertWorkflow, insertTask, insertAction insertStatement
	updateWorkflow, updateTask, updateAction string
	// insertOutbox writes a commit's outbox entries; on MariaDB it ends
	// with returningIDs.
	insertOutbox insertStatement

	// tasksIfFinished is TaskExecutions.ByWorkflowIfFinished's read.
	tasksIfFinished string
	// actionsHead starts ActionExecutions.Prefetch's read.
	actionsHead string
	// shownExecution is WorkflowExecutions.GetShown's read.
	shownExecution string
}

// newRowStatements builds the statements from the models' columns.
func newRowStatements() *rowStatements {
	actions := (&ActionExecution{}).columns()
	tasks := (&TaskExecution{}).columns()
	execs := (&WorkflowExecution{}).columns()
	s := &rowStatements{
		insertWorkflow: newInsert(WorkflowExecution{}.TableName(), execs),
		insertTask:     newInsert(TaskExecution{}.TableName(), tasks),
		insertAction:   newInsert(ActionExecution{}.TableName(), actions),
		updateWorkflow: newUpdate(WorkflowExecution{}.TableName(), execs),
		updateTask:     newUpdate(TaskExecution{}.TableName(), tasks),
		updateAction:   newUpdate(ActionExecution{}.TableName(), actions),
		insertOutbox:   newInsert(OutboxEntry{}.TableName(), (&OutboxEntry{}).columns()),
	}
	const taskOfAction = "(SELECT `task_execution_id` FROM `action_executions_v2` WHERE `id` = ?)"
	s.completion = joinedRead{
		join: "SELECT " + selectColumnsOf("a", actions) + "," + selectColumnsOf("t", tasks) + "," +
			selectColumnsOf("w", without(execs, "spec")) + "," + onlyActionColumn +
			" FROM `action_executions_v2` a" +
			" LEFT JOIN `task_executions_v2` t ON t.`id` = a.`task_execution_id`" +
			" LEFT JOIN `workflow_executions_v2` w ON w.`id` = t.`workflow_execution_id`" +
			" WHERE a.`id` = ?",
		apart: []string{
			"SELECT " + selectColumns(actions) + " FROM `action_executions_v2` WHERE `id` = ? LIMIT 1",
			"SELECT " + selectColumns(tasks) + " FROM `task_executions_v2` WHERE `id` = " + taskOfAction + " LIMIT 1",
			"SELECT " + selectColumns(without(execs, "spec")) + " FROM `workflow_executions_v2` WHERE `id` = " +
				"(SELECT `workflow_execution_id` FROM `task_executions_v2` WHERE `id` = " + taskOfAction + ") LIMIT 1",
		},
	}
	s.completionsHead = strings.TrimSuffix(s.completion.join, "= ?") + "IN ("
	s.taskWithExecution = joinedRead{
		join: "SELECT " + selectColumnsOf("t", tasks) + "," + selectColumnsOf("w", without(execs, "spec")) +
			" FROM `task_executions_v2` t" +
			" LEFT JOIN `workflow_executions_v2` w ON w.`id` = t.`workflow_execution_id`" +
			" WHERE t.`id` = ?",
		apart: []string{
			"SELECT " + selectColumns(tasks) + " FROM `task_executions_v2` WHERE `id` = ? LIMIT 1",
			"SELECT " + selectColumns(without(execs, "spec")) + " FROM `workflow_executions_v2` WHERE `id` = " +
				"(SELECT `workflow_execution_id` FROM `task_executions_v2` WHERE `id` = ?) LIMIT 1",
		},
	}
	s.parentOfChild = "SELECT " + selectColumnsOf("t", tasks) + "," + selectColumnsOf("w", without(execs, "spec")) +
		"," + onlyChildColumn + "," + onlyTaskColumn +
		" FROM `task_executions_v2` t" +
		" LEFT JOIN `workflow_executions_v2` w ON w.`id` = t.`workflow_execution_id`" +
		" WHERE t.`id` = ?"
	// One row: the count of unfinished tasks, and NULLs when it is not 0;
	// otherwise the count with each task (or NULLs if there are none).
	s.tasksIfFinished = "SELECT c.n," + selectColumnsOf("t", tasks) +
		" FROM (SELECT COUNT(*) AS n FROM `task_executions_v2` WHERE `workflow_execution_id` = ?" +
		" AND `state` NOT IN ('" + StateSuccess + "','" + StateError + "','" + StateCancelled + "')) c" +
		" LEFT JOIN `task_executions_v2` t ON c.n = 0 AND t.`workflow_execution_id` = ?" +
		" ORDER BY t.`created_at`, t.`id`"
	s.actionsHead = "SELECT " + selectColumns(actions) + " FROM `action_executions_v2` WHERE `id` IN ("
	s.shownExecution = newShownExecution()
	return s
}

// actionsByID reads the action executions with n ids.
func (s *rowStatements) actionsByID(n int) string {
	return s.actionsHead + placeholders(n) + ")"
}

// completionsByID reads the rows of completions of n action ids.
func (s *rowStatements) completionsByID(n int) string {
	return s.completionsHead + placeholders(n) + ")"
}

// onlyActionColumn says whether a completion's action is its task's only
// action execution (completionRows.alone). It stops at the first other
// action of the task on the index of task_execution_id, so a with-items
// task's many iterations cost one index read.
const onlyActionColumn = "NOT EXISTS (SELECT 1 FROM `action_executions_v2` s" +
	" WHERE s.`task_execution_id` = a.`task_execution_id` AND s.`id` <> a.`id`)"

// onlyChildColumn says whether the workflow execution whose id it takes is
// its parent task's only sub-workflow execution, on the index of
// task_execution_id.
const onlyChildColumn = "NOT EXISTS (SELECT 1 FROM `workflow_executions_v2` s" +
	" WHERE s.`task_execution_id` = t.`id` AND s.`id` <> ?)"

// onlyTaskColumn says whether task t is its workflow execution's only task,
// on the index of workflow_execution_id.
const onlyTaskColumn = "NOT EXISTS (SELECT 1 FROM `task_executions_v2` o" +
	" WHERE o.`workflow_execution_id` = t.`workflow_execution_id` AND o.`id` <> t.`id`)"

// placeholders returns n comma-separated argument marks: ?,?,?.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// joinedRead reads the rows of a few tables that hang together (an action,
// its task, that task's execution) by one id. On MySQL one statement joins
// them: MariaDB spends more on a statement, and on each subquery, than on
// the rows it finds. SQLite has no round trips to save and spends more on
// preparing a join than on the simple statements: there they go one by one.
type joinedRead struct {
	join  string
	apart []string // a statement per table, each taking the id
}

// readJoined reads the rows of q by id into the fields of groups (a group
// of columns per table, in q's order) and reports whether the first row
// exists. The fields of a later row that does not exist stay empty.
func (tx *Tx) readJoined(q joinedRead, groups [][]column, id string) (bool, error) {
	if tx.store.dialect == MySQL {
		return tx.readOne(q.join, slices.Concat(groups...), id)
	}
	for i, query := range q.apart {
		found, err := tx.readOne(query, groups[i], id)
		if err != nil {
			return false, err
		}
		if !found {
			return i > 0, nil
		}
	}
	return true, nil
}
