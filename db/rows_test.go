package db_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"

	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/sqlitedriver"
	"github.com/tramontane/tramontane/engine/exc"
)

// The hot path's statements are built by hand (rows.go); these tests hold
// them to what gorm writes and reads, column by column, on each dialect.

// gormOn opens gorm on the store's connections, as the store opens it.
func gormOn(t *testing.T, store *db.Store) *gorm.DB {
	t.Helper()
	sqlDB, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var dialector gorm.Dialector
	if store.Dialect() == db.MySQL {
		dialector = mysql.New(mysql.Config{Conn: sqlDB})
	} else {
		dialector = sqlitedriver.DialectorOn(sqlDB)
	}
	g, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard, SkipDefaultTransaction: true, NowFunc: db.Now})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// rawRow reads a row's columns as the driver gives them, but for the
// columns in skip.
func rawRow(t *testing.T, store *db.Store, table, id string, skip ...string) map[string]any {
	t.Helper()
	sqlDB, _ := store.SQL()
	rows, err := sqlDB.Query("SELECT * FROM "+table+" WHERE id = ?", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s %s: no row", table, id)
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for i, n := range names {
		out[n] = vals[i]
		if b, ok := vals[i].([]byte); ok {
			out[n] = string(b)
		}
	}
	for _, n := range append(skip, "id") {
		delete(out, n)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// sameRows fails unless the rows with ids a and b hold the same columns.
func sameRows(t *testing.T, store *db.Store, table, a, b string, skip ...string) {
	t.Helper()
	ra, rb := rawRow(t, store, table, a, skip...), rawRow(t, store, table, b, skip...)
	for col, va := range ra {
		if fmt.Sprintf("%T %v", va, va) != fmt.Sprintf("%T %v", rb[col], rb[col]) {
			t.Errorf("%s.%s: gorm wrote %T %v, the hand-built statement %T %v", table, col, va, va, rb[col], rb[col])
		}
	}
}

// The columns gorm's Saves selected before they were built by hand.
var (
	oldWorkflowMutable = []string{"updated_at", "state", "state_info", "accepted", "output",
		"params", "context", "runtime_context", "description"}
	oldTaskMutable = []string{"updated_at", "state", "state_info", "runtime_context", "processed",
		"in_context", "published", "unique_key", "started_at", "finished_at", "has_next_tasks",
		"error_handled", "next_tasks"}
	oldActionMutable = []string{"updated_at", "state", "state_info", "accepted", "output",
		"runtime_context", "last_heartbeat"}
)

func TestHandBuiltWritesAsGorm(t *testing.T) {
	ctx := context.Background()
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	started := time.Date(2026, 1, 2, 3, 4, 6, 123456000, time.UTC)
	exec := func(id string) *db.WorkflowExecution {
		return &db.WorkflowExecution{ID: id, Name: "wf", WorkflowName: "wf", Spec: db.JSON{Raw: `{"a": 1}`},
			State: db.StateRunning, Tags: db.StringList{"x"}, Input: db.JSON{Raw: "{}"}, Scope: "private", ProjectID: "p"}
	}
	cases := []struct {
		name   string
		task   func(id string) *db.TaskExecution
		action func(id string) *db.ActionExecution
	}{
		{
			name: "full",
			task: func(id string) *db.TaskExecution {
				return &db.TaskExecution{Timestamps: db.Timestamps{CreatedAt: created}, ID: id, Name: "t",
					Description: ptr("d"), WorkflowName: "wf", WorkflowExecutionID: "shared-ex",
					Spec: db.JSON{Raw: `{"name": "t"}`}, ActionSpec: db.JSON{Raw: "{}"}, Type: db.TaskTypeAction,
					State: db.StateRunning, StateInfo: ptr("info ü"), Tags: db.StringList{"a", "b"},
					RuntimeContext: db.JSON{Raw: `{"k": [1, 2.5, null, "s"]}`}, InContext: db.JSON{Raw: "{}"},
					UniqueKey: ptr("key-" + id), StartedAt: &started, HasNextTasks: true,
					NextTasks: db.JSON{Raw: `[["t2", "on-success"]]`}, Scope: "private", ProjectID: "p"}
			},
			action: func(id string) *db.ActionExecution {
				return &db.ActionExecution{Timestamps: db.Timestamps{CreatedAt: created}, ID: id, Name: "std.echo",
					Description: ptr(""), WorkflowName: ptr("wf"), WorkflowID: ptr("wid"),
					Spec: db.JSON{Raw: "{}"}, State: db.StateRunning, Tags: db.StringList{},
					Accepted: true, Input: db.JSON{Raw: `{"output": "x"}`}, TaskExecutionID: ptr("shared-task"),
					LastHeartbeat: &started, IsSync: true, Scope: "private", ProjectID: "p"}
			},
		},
		{
			name: "empty",
			task: func(id string) *db.TaskExecution {
				return &db.TaskExecution{ID: id, WorkflowExecutionID: "shared-ex"}
			},
			action: func(id string) *db.ActionExecution { return &db.ActionExecution{ID: id} },
		},
	}
	for dialect, store := range stores(t) {
		g := gormOn(t, store)
		for _, r := range []any{exec("shared-ex"), &db.TaskExecution{ID: "shared-task", WorkflowExecutionID: "shared-ex"}} {
			if err := g.Create(r).Error; err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cases {
			t.Run(dialect+"/"+c.name, func(t *testing.T) {
				gid, hid := "g-"+c.name, "h-"+c.name
				// Inserts: the full task has a unique key, so its insert
				// goes at once; the empty one waits for the commit. (gorm's
				// Create stamps a zero created_at with the time; so does
				// the store's: not compared.)
				skip := []string{}
				if c.name == "empty" {
					skip = append(skip, "created_at")
				}
				gt := c.task(gid)
				if gt.Tags == nil { // as TaskExecutions.Create did before gorm
					gt.Tags = db.StringList{}
				}
				if err := g.Create(gt).Error; err != nil {
					t.Fatal(err)
				}
				if err := g.Create(c.action(gid)).Error; err != nil {
					t.Fatal(err)
				}
				err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					if err := tx.TaskExecutions().Create(c.task(hid)); err != nil {
						return err
					}
					if c.name == "full" {
						return tx.ActionExecutions().CreateAll([]*db.ActionExecution{c.action(hid)})
					}
					return tx.ActionExecutions().Create(c.action(hid))
				})
				if err != nil {
					t.Fatal(err)
				}
				sameRows(t, store, "task_executions_v2", gid, hid, append(skip, "unique_key")...)
				sameRows(t, store, "action_executions_v2", gid, hid, skip...)

				// Updates by id of every mutable column.
				finished := started.Add(time.Minute)
				now := db.Now()
				change := func(id string) (*db.TaskExecution, *db.ActionExecution) {
					tk, a := c.task(id), c.action(id)
					tk.UpdatedAt, a.UpdatedAt = &now, &now
					tk.State, a.State = db.StateSuccess, db.StateSuccess
					tk.StateInfo, a.StateInfo = nil, ptr("done")
					tk.RuntimeContext, a.RuntimeContext = db.JSON{}, db.JSON{Raw: `{"r": true}`}
					tk.Processed, a.Accepted = true, false
					tk.Published, a.Output = db.JSON{Raw: `{"p": "ü"}`}, db.JSON{Raw: `{"result": null}`}
					tk.UniqueKey = nil
					tk.FinishedAt, a.LastHeartbeat = &finished, nil
					tk.ErrorHandled = true
					return tk, a
				}
				ut, ua := change(gid)
				if err := g.Select(oldTaskMutable).Updates(ut).Error; err != nil {
					t.Fatal(err)
				}
				if err := g.Select(oldActionMutable).Updates(ua).Error; err != nil {
					t.Fatal(err)
				}
				ht, ha := change(hid)
				err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					if err := tx.TaskExecutions().Save(ht); err != nil {
						return err
					}
					return tx.ActionExecutions().Save(ha)
				})
				if err != nil {
					t.Fatal(err)
				}
				skip = append(skip, "updated_at") // Save stamps the time
				sameRows(t, store, "task_executions_v2", gid, hid, skip...)
				sameRows(t, store, "action_executions_v2", gid, hid, skip...)

				// A workflow execution's update by id.
				for _, id := range []string{gid, hid} {
					if err := g.Create(exec(id)).Error; err != nil {
						t.Fatal(err)
					}
				}
				ge, he := exec(gid), exec(hid)
				for _, e := range []*db.WorkflowExecution{ge, he} {
					e.UpdatedAt = &now
					e.State, e.StateInfo, e.Accepted = db.StateError, ptr("failed"), true
					e.Output, e.Params, e.Context = db.JSON{Raw: "{}"}, db.JSON{Raw: `{"env": {}}`}, db.JSON{}
					e.Description = ptr("changed")
					e.Input = db.JSON{Raw: `{"not": "written"}`}
				}
				if err := g.Select(oldWorkflowMutable).Updates(ge).Error; err != nil {
					t.Fatal(err)
				}
				if err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.WorkflowExecutions().Save(he) }); err != nil {
					t.Fatal(err)
				}
				sameRows(t, store, "workflow_executions_v2", gid, hid, "created_at", "updated_at")
			})
		}
	}
}

// WorkflowExecutions.Insert writes the row gorm's Create writes.
func TestExecutionInsertAsGorm(t *testing.T) {
	ctx := context.Background()
	exec := func(id string) *db.WorkflowExecution {
		return &db.WorkflowExecution{Timestamps: db.Timestamps{CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
			ID: id, Name: "wf", WorkflowName: "wf", WorkflowID: "wid", Spec: db.JSON{Raw: `{"a": 1}`},
			State: db.StateRunning, Tags: db.StringList{"x"}, RuntimeContext: db.JSON{Raw: `{"index": 0}`},
			Input: db.JSON{Raw: `{"ü": [1, 2.5]}`}, Params: db.JSON{Raw: "{}"}, Context: db.JSON{Raw: "{}"},
			RootExecutionID: ptr("root"), Scope: "private", ProjectID: "p"}
	}
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			if err := gormOn(t, store).Create(exec("g-ex")).Error; err != nil {
				t.Fatal(err)
			}
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.WorkflowExecutions().Insert(exec("h-ex")) })
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, store, "workflow_executions_v2", "g-ex", "h-ex")
		})
	}
}

// GetForCompletion and GetWithExecution read what gorm reads, NULLs in plain
// fields included.
func TestCompletionReadsAsGorm(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			g := gormOn(t, store)
			started := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)
			rows := []any{
				&db.WorkflowExecution{ID: "ex", Name: "wf", Spec: db.JSON{Raw: `{"big": "spec"}`}, State: db.StateRunning,
					Tags: db.StringList{"t"}, Context: db.JSON{Raw: `{"a": 1}`}, RootExecutionID: ptr("root")},
				&db.TaskExecution{ID: "task", Name: "t", WorkflowExecutionID: "ex", State: db.StateRunning,
					StartedAt: &started, Processed: true, InContext: db.JSON{Raw: "{}"}},
				&db.ActionExecution{ID: "act", Name: "std.noop", TaskExecutionID: ptr("task"), State: db.StateSuccess,
					Output: db.JSON{Raw: `{"result": 1}`}, IsSync: true},
				&db.ActionExecution{ID: "alone", Name: "std.noop"},
			}
			for _, r := range rows {
				if err := g.Create(r).Error; err != nil {
					t.Fatal(err)
				}
			}
			// Mistral leaves these columns NULL at times.
			sqlDB, _ := store.SQL()
			for _, q := range []string{
				"UPDATE workflow_executions_v2 SET description = NULL, scope = NULL, accepted = NULL WHERE id = 'ex'",
				"UPDATE task_executions_v2 SET tags = NULL, type = NULL, has_next_tasks = NULL WHERE id = 'task'",
				"UPDATE action_executions_v2 SET workflow_namespace = NULL, project_id = NULL WHERE id = 'act'",
			} {
				if _, err := sqlDB.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []string{"act", "alone"} {
				a, tk, e, err := store.Read(ctx).ActionExecutions().GetForCompletion(id)
				if err != nil {
					t.Fatal(err)
				}
				wa := gormRead[db.ActionExecution](t, g, id)
				var wt *db.TaskExecution
				if wa.TaskExecutionID != nil {
					wt = gormRead[db.TaskExecution](t, g, *wa.TaskExecutionID)
				}
				var we *db.WorkflowExecution
				if wt != nil {
					we = gormRead[db.WorkflowExecution](t, g.Omit("spec"), wt.WorkflowExecutionID)
				}
				if !reflect.DeepEqual(a, wa) {
					t.Errorf("%s: read %+v, gorm reads %+v", id, a, wa)
				}
				if !reflect.DeepEqual(tk, wt) {
					t.Errorf("%s: task %+v, gorm reads %+v", id, tk, wt)
				}
				if !reflect.DeepEqual(e, we) {
					t.Errorf("%s: execution %+v, gorm reads %+v", id, e, we)
				}
			}
			if _, _, _, err := store.Read(ctx).ActionExecutions().GetForCompletion("none"); err == nil {
				t.Error("no error for a missing action execution")
			}

			// Read ahead, the same rows, without a statement each on MySQL.
			read := store.Read(ctx)
			if err := read.ActionExecutions().PrefetchForCompletion([]string{"act", "alone", "none"}); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"act", "alone"} {
				before := store.Stats().Statements
				a, tk, e, err := read.ActionExecutions().GetForCompletion(id)
				if err != nil {
					t.Fatal(err)
				}
				if n := store.Stats().Statements - before; dialect == db.MySQL && n != 0 {
					t.Errorf("%s: %d statements after the prefetch", id, n)
				}
				wa, wt, we, err := store.Read(ctx).ActionExecutions().GetForCompletion(id)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a, wa) || !reflect.DeepEqual(tk, wt) || !reflect.DeepEqual(e, we) {
					t.Errorf("%s: read ahead %+v %+v %+v, read %+v %+v %+v", id, a, tk, e, wa, wt, we)
				}
			}
			if _, _, _, err := read.ActionExecutions().GetForCompletion("none"); !exc.Is(err, exc.DBEntityNotFound) {
				t.Errorf("read ahead: %v for a missing action execution, want DBEntityNotFoundError", err)
			}

			tk, e, err := store.Read(ctx).TaskExecutions().GetWithExecution("task")
			if err != nil {
				t.Fatal(err)
			}
			if wt := gormRead[db.TaskExecution](t, g, "task"); !reflect.DeepEqual(tk, wt) {
				t.Errorf("task %+v, gorm reads %+v", tk, wt)
			}
			if we := gormRead[db.WorkflowExecution](t, g.Omit("spec"), "ex"); !reflect.DeepEqual(e, we) {
				t.Errorf("execution %+v, gorm reads %+v", e, we)
			}
			if _, _, err := store.Read(ctx).TaskExecutions().GetWithExecution("none"); !exc.Is(err, exc.DBEntityNotFound) {
				t.Errorf("error %v for a missing task execution, want DBEntityNotFound", err)
			}
		})
	}
}

// gormRead reads the row with id as gorm does (hooks included), or nil.
func gormRead[T any](t *testing.T, q *gorm.DB, id string) *T {
	t.Helper()
	var found []*T
	if err := q.Where("id = ?", id).Find(&found).Error; err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// A batching transaction's commit writes its outbox entries as gorm's
// Create does, and hands out their ids.
func TestOutboxInsertAsGorm(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			entry := func(method string) *db.OutboxEntry {
				return &db.OutboxEntry{Exchange: ptr("ex"), Topic: "topic", Method: method,
					Args: `{"ü": [1, "two"]}`, CallKind: "cast", Attempts: 3}
			}
			written := []*db.OutboxEntry{entry("m1"), entry("m2")}
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				return tx.Outbox().AddAll(written, "owner", time.Minute)
			})
			if err != nil {
				t.Fatal(err)
			}
			if written[0].ID == 0 || written[1].ID != written[0].ID+1 {
				t.Fatalf("ids %d and %d, want two consecutive ones", written[0].ID, written[1].ID)
			}
			for _, h := range written {
				g := entry(h.Method)
				g.CreatedAt, g.ClaimedBy, g.ClaimedUntil = h.CreatedAt, h.ClaimedBy, h.ClaimedUntil
				if err := gormOn(t, store).Create(g).Error; err != nil {
					t.Fatal(err)
				}
				sameRows(t, store, "tramontane_outbox", strconv.FormatInt(g.ID, 10), strconv.FormatInt(h.ID, 10), "id")
			}
		})
	}
}

// ByWorkflowIfFinished reads a workflow execution's tasks in one statement
// when none is unfinished, and otherwise says how many are.
func TestTasksIfFinished(t *testing.T) {
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			g := gormOn(t, store)
			created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			task := func(id, ex, state string, second int) *db.TaskExecution {
				return &db.TaskExecution{Timestamps: db.Timestamps{CreatedAt: created.Add(time.Duration(second) * time.Second)},
					ID: id, Name: id, WorkflowExecutionID: ex, State: state}
			}
			rows := []any{
				&db.WorkflowExecution{ID: "tif-empty", Name: "wf", State: db.StateRunning},
				&db.WorkflowExecution{ID: "tif-done", Name: "wf", State: db.StateRunning},
				&db.WorkflowExecution{ID: "tif-busy", Name: "wf", State: db.StateRunning},
				task("d2", "tif-done", db.StateError, 2), task("d1", "tif-done", db.StateSuccess, 1),
				task("d3", "tif-done", db.StateCancelled, 3),
				task("b1", "tif-busy", db.StateSuccess, 1), task("b2", "tif-busy", db.StateRunning, 2),
				task("b3", "tif-busy", db.StateWaiting, 3),
			}
			for _, r := range rows {
				if err := g.Create(r).Error; err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range []struct {
				ex         string
				want       []string
				unfinished int
			}{
				{"tif-empty", nil, 0},
				{"tif-done", []string{"d1", "d2", "d3"}, 0},
				{"tif-busy", nil, 2},
			} {
				tasks, unfinished, err := store.Read(context.Background()).TaskExecutions().ByWorkflowIfFinished(c.ex)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, tk := range tasks {
					got = append(got, tk.ID)
					if want := gormRead[db.TaskExecution](t, g, tk.ID); !reflect.DeepEqual(tk, want) {
						t.Errorf("%s: read %+v, gorm reads %+v", tk.ID, tk, want)
					}
				}
				if !reflect.DeepEqual(got, c.want) || unfinished != c.unfinished {
					t.Errorf("%s: tasks %v, %d unfinished; want %v, %d", c.ex, got, unfinished, c.want, c.unfinished)
				}
			}
		})
	}
}
