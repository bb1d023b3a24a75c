package db_test

import (
	"context"
	"testing"

	"github.com/tramontane/tramontane/db"
)

// A completion's read tells whether its action is the task's only one; the
// task's action list then comes from the row the transaction holds (on
// MySQL, without a statement), as a read would return it, until the
// transaction adds or changes the task's actions otherwise.
func TestOnlyActionOfATask(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			g := gormOn(t, store)
			rows := []any{
				&db.WorkflowExecution{ID: "oa-ex", Name: "wf", State: db.StateRunning},
				&db.TaskExecution{ID: "one", Name: "one", WorkflowExecutionID: "oa-ex", State: db.StateRunning},
				&db.TaskExecution{ID: "two", Name: "two", WorkflowExecutionID: "oa-ex", State: db.StateRunning},
				&db.TaskExecution{ID: "late", Name: "late", WorkflowExecutionID: "oa-ex", State: db.StateRunning},
				&db.ActionExecution{ID: "one-a", Name: "std.noop", TaskExecutionID: ptr("one"), State: db.StateRunning},
				&db.ActionExecution{ID: "two-a", Name: "std.noop", TaskExecutionID: ptr("two"), State: db.StateRunning},
				&db.ActionExecution{ID: "two-b", Name: "std.noop", TaskExecutionID: ptr("two"), State: db.StateError, Accepted: true},
				&db.ActionExecution{ID: "late-a", Name: "std.noop", TaskExecutionID: ptr("late"), State: db.StateRunning},
			}
			for _, r := range rows {
				if err := g.Create(r).Error; err != nil {
					t.Fatal(err)
				}
			}
			ids := func(as []*db.ActionExecution) []string {
				var out []string
				for _, a := range as {
					out = append(out, a.ID+":"+a.State)
				}
				return out
			}
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				acts := tx.ActionExecutions()
				a, _, _, err := acts.GetForCompletion("one-a")
				if err != nil {
					return err
				}
				a.State, a.Accepted = db.StateSuccess, true
				if err := acts.Save(a); err != nil {
					return err
				}
				before := store.Stats().Statements
				got, err := acts.ByTask("one")
				if err != nil {
					return err
				}
				if n := store.Stats().Statements - before; dialect == db.MySQL && n != 0 {
					t.Errorf("%d statements to list the only action of a task just read, want 0", n)
				}
				if len(got) != 1 || got[0] == a || got[0].State != db.StateSuccess || !got[0].Accepted {
					t.Errorf("only action: %v (the read row itself: %v), want one-a SUCCESS accepted, a copy", ids(got), len(got) == 1 && got[0] == a)
				}

				// A task with two actions is listed from the database.
				if _, _, _, err := acts.GetForCompletion("two-a"); err != nil {
					return err
				}
				if got, err := acts.ByTask("two"); err != nil || len(got) != 2 {
					t.Errorf("task with two actions: %v, %v", ids(got), err)
				}

				// An action added to the task is listed with it.
				if err := acts.Create(&db.ActionExecution{ID: "one-b", Name: "std.noop", TaskExecutionID: ptr("one"), State: db.StateRunning}); err != nil {
					return err
				}
				if got, err := acts.ByTask("one"); err != nil || len(got) != 2 {
					t.Errorf("after an action was added: %v, %v", ids(got), err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}

			// Changed by SetAccepted, or given a sibling after a read
			// ahead: the task is listed from the database.
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				acts := tx.ActionExecutions()
				if err := acts.PrefetchForCompletion([]string{"late-a"}); err != nil {
					return err
				}
				if err := acts.CreateAll([]*db.ActionExecution{{ID: "late-b", Name: "std.noop", TaskExecutionID: ptr("late"), State: db.StateRunning}}); err != nil {
					return err
				}
				if _, _, _, err := acts.GetForCompletion("late-a"); err != nil {
					return err
				}
				if got, err := acts.ByTask("late"); err != nil || len(got) != 2 {
					t.Errorf("action added after the read ahead: %v, %v", ids(got), err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Exec("DELETE FROM action_executions_v2 WHERE id IN ('one-b', 'late-b')").Error; err != nil {
				t.Fatal(err)
			}
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				acts := tx.ActionExecutions()
				if _, _, _, err := acts.GetForCompletion("late-a"); err != nil {
					return err
				}
				if err := acts.SetAccepted("late", true); err != nil {
					return err
				}
				if got, err := acts.ByTask("late"); err != nil || len(got) != 1 || !got[0].Accepted {
					t.Errorf("after SetAccepted: %v (accepted %v), %v", ids(got), len(got) == 1 && got[0].Accepted, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
