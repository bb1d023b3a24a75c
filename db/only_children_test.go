package db_test

import (
	"context"
	"testing"

	"github.com/tramontane/tramontane/db"
)

// A sub-workflow's read of its parent task tells whether it is the task's
// only sub-workflow; the task's sub-workflows then come without a statement
// on MySQL, as the caller's own object, until the transaction adds one,
// saves another object for it or deletes executions. The read also tells
// whether the task is its workflow's only one.
func TestOnlyChildOfATask(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			g := gormOn(t, store)
			rows := []any{
				&db.WorkflowExecution{ID: "oc-ex", Name: "wf", State: db.StateRunning},
				&db.TaskExecution{ID: "oc-one", Name: "one", WorkflowExecutionID: "oc-ex", State: db.StateRunning, Type: db.TaskTypeWorkflow},
				&db.TaskExecution{ID: "oc-two", Name: "two", WorkflowExecutionID: "oc-ex", State: db.StateRunning, Type: db.TaskTypeWorkflow},
				&db.WorkflowExecution{ID: "oc-one-c", Name: "sub", State: db.StateRunning, TaskExecutionID: ptr("oc-one")},
				&db.WorkflowExecution{ID: "oc-two-c", Name: "sub", State: db.StateRunning, TaskExecutionID: ptr("oc-two")},
				&db.WorkflowExecution{ID: "oc-two-d", Name: "sub", State: db.StateError, TaskExecutionID: ptr("oc-two")},
				&db.WorkflowExecution{ID: "oc-solo-ex", Name: "wf", State: db.StateRunning},
				&db.TaskExecution{ID: "oc-solo", Name: "solo", WorkflowExecutionID: "oc-solo-ex", State: db.StateRunning, Type: db.TaskTypeWorkflow},
				&db.WorkflowExecution{ID: "oc-solo-c", Name: "sub", State: db.StateRunning, TaskExecutionID: ptr("oc-solo")},
			}
			for _, r := range rows {
				if err := g.Create(r).Error; err != nil {
					t.Fatal(err)
				}
			}
			ids := func(ws []*db.WorkflowExecution) []string {
				var out []string
				for _, w := range ws {
					out = append(out, w.ID+":"+w.State)
				}
				return out
			}
			// parent reads child's parent task and checks what it found:
			// a task of oc-ex, which has others.
			parent := func(tx *db.Tx, child *db.WorkflowExecution, wantTask string) {
				t.Helper()
				task, ex, onlyTask, err := tx.TaskExecutions().GetParentOf(child)
				if err != nil || task.ID != wantTask || ex == nil || ex.ID != "oc-ex" || onlyTask {
					t.Fatalf("parent of %s: %v, %v, only task %v, %v", child.ID, task, ex, onlyTask, err)
				}
			}
			get := func(tx *db.Tx, id string) *db.WorkflowExecution {
				t.Helper()
				w, err := tx.WorkflowExecutions().Get(id)
				if err != nil {
					t.Fatal(err)
				}
				return w
			}
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				task, ex, onlyTask, err := tx.TaskExecutions().GetParentOf(get(tx, "oc-solo-c"))
				if err != nil || task.ID != "oc-solo" || ex == nil || ex.ID != "oc-solo-ex" || onlyTask != (dialect == db.MySQL) {
					t.Errorf("parent of oc-solo-c: %v, %v, only task %v, %v", task, ex, onlyTask, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				execs := tx.WorkflowExecutions()
				child := get(tx, "oc-one-c")
				parent(tx, child, "oc-one")
				child.State = db.StateSuccess
				if err := execs.Save(child); err != nil {
					return err
				}
				before := store.Stats().Statements
				got, err := execs.ByTask("oc-one")
				if err != nil {
					return err
				}
				if n := store.Stats().Statements - before; dialect == db.MySQL && (n != 0 || got[0] != child) {
					t.Errorf("%d statements to list the only sub-workflow of a task just read (the caller's object: %v), want 0",
						n, len(got) == 1 && got[0] == child)
				}
				if len(got) != 1 || got[0].State != db.StateSuccess {
					t.Errorf("only sub-workflow: %v, want oc-one-c SUCCESS", ids(got))
				}

				// A task with two sub-workflows is listed from the database.
				parent(tx, get(tx, "oc-two-c"), "oc-two")
				if got, err := execs.ByTask("oc-two"); err != nil || len(got) != 2 {
					t.Errorf("task with two sub-workflows: %v, %v", ids(got), err)
				}

				// A sub-workflow added to the task (a retry's) is listed
				// with it.
				if err := execs.Insert(&db.WorkflowExecution{ID: "oc-one-d", Name: "sub", State: db.StateRunning, TaskExecutionID: ptr("oc-one")}); err != nil {
					return err
				}
				if got, err := execs.ByTask("oc-one"); err != nil || len(got) != 2 {
					t.Errorf("after a sub-workflow was added: %v, %v", ids(got), err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}

			// Another object saved for the sub-workflow, or an execution
			// deleted: the task is listed from the database.
			if err := g.Exec("DELETE FROM workflow_executions_v2 WHERE id = 'oc-one-d'").Error; err != nil {
				t.Fatal(err)
			}
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				execs := tx.WorkflowExecutions()
				parent(tx, get(tx, "oc-one-c"), "oc-one")
				other := get(tx, "oc-one-c")
				other.State = db.StateError
				if err := execs.Save(other); err != nil {
					return err
				}
				if got, err := execs.ByTask("oc-one"); err != nil || len(got) != 1 || got[0].State != db.StateError {
					t.Errorf("after another object was saved: %v, %v", ids(got), err)
				}

				unsaved := get(tx, "oc-one-c")
				parent(tx, unsaved, "oc-one")
				unsaved.State = db.StatePaused
				if err := execs.Delete("oc-two-d"); err != nil {
					return err
				}
				if got, err := execs.ByTask("oc-one"); err != nil || len(got) != 1 || got[0].State != db.StateError {
					t.Errorf("after a delete: %v, %v", ids(got), err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
