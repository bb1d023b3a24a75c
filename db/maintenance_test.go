package db_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/db/schema"
)

// bothStores returns an opener per database for the tests of behaviour the
// two share: SQLite always, MariaDB when it is reachable.
func bothStores(t *testing.T) map[string]func(t *testing.T) *db.Store {
	return map[string]func(t *testing.T) *db.Store{
		db.SQLite: func(t *testing.T) *db.Store { return dbtest.SQLite(t) },
		db.MySQL:  func(t *testing.T) *db.Store { return openMySQLStore(t) },
	}
}

// openMySQLStore creates a throw-away MariaDB database with the schema, or
// skips (fails under CI=true) when no server answers.
func openMySQLStore(t testing.TB) *db.Store {
	t.Helper()
	return openMySQLStores(t, 1)[0]
}

// openMySQLStores opens n stores on one fresh database, as n processes
// would.
func openMySQLStores(t testing.TB, n int) []*db.Store {
	t.Helper()
	dsn := os.Getenv("TRAMONTANE_TEST_MYSQL_DSN")
	if dsn == "" {
		dsn = "root@unix(/run/mysqld/mysqld.sock)/"
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("TRAMONTANE_TEST_MYSQL_DSN: %v", err)
	}
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MariaDB unreachable at %s: %v", dsn, err)
		}
		t.Skipf("MariaDB unreachable at %s (set TRAMONTANE_TEST_MYSQL_DSN or start mariadb): %v", dsn, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "tramontane_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS `"+name+"`") })
	cfg.DBName = name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	schemaDB, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer schemaDB.Close()
	if err := schema.Upgrade(context.Background(), schemaDB, schema.MySQL); err != nil {
		t.Fatal(err)
	}
	var stores []*db.Store
	for range n {
		store, err := db.Open(context.Background(), db.Config{Dialect: db.MySQL, DSN: cfg.FormatDSN()}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		stores = append(stores, store)
	}
	return stores
}

// fixture writes executions, tasks and actions with the given states and
// ages.
type fixture struct {
	t     *testing.T
	store *db.Store
}

func (f fixture) tx(fn func(tx *db.Tx) error) {
	f.t.Helper()
	if err := f.store.InTx(context.Background(), db.TxOptions{}, fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f fixture) execution(id, state, parentTask string, age time.Duration) {
	f.t.Helper()
	at := db.Now().Add(-age)
	e := &db.WorkflowExecution{ID: id, Name: "wf", WorkflowName: "wf", State: state, Scope: "private",
		ProjectID: db.DefaultProject, Timestamps: db.Timestamps{CreatedAt: at, UpdatedAt: &at}}
	if parentTask != "" {
		e.TaskExecutionID = &parentTask
		root := "root-of-" + parentTask
		e.RootExecutionID = &root
	}
	f.tx(func(tx *db.Tx) error { return tx.WorkflowExecutions().Insert(e) })
}

func (f fixture) task(id, exID, state string, age time.Duration) {
	f.t.Helper()
	at := db.Now().Add(-age)
	f.tx(func(tx *db.Tx) error {
		return tx.TaskExecutions().Create(&db.TaskExecution{ID: id, Name: id, WorkflowName: "wf",
			WorkflowExecutionID: exID, Type: db.TaskTypeAction, State: state, Scope: "private",
			ProjectID: db.DefaultProject, Timestamps: db.Timestamps{CreatedAt: at, UpdatedAt: &at}})
	})
}

func (f fixture) action(id, taskID, state string, age time.Duration) {
	f.t.Helper()
	at := db.Now().Add(-age)
	f.tx(func(tx *db.Tx) error {
		return tx.ActionExecutions().Create(&db.ActionExecution{ID: id, Name: "std.noop", State: state,
			TaskExecutionID: &taskID, Scope: "private", ProjectID: db.DefaultProject,
			Timestamps: db.Timestamps{CreatedAt: at, UpdatedAt: &at}})
	})
}

func TestMaintenanceLifecycle(t *testing.T) {
	for dialect, open := range bothStores(t) {
		t.Run(dialect, func(t *testing.T) {
			store := open(t)
			f := fixture{t, store}
			m := func(fn func(m db.Maintenance) error) {
				t.Helper()
				f.tx(func(tx *db.Tx) error { return fn(tx.Maintenance()) })
			}
			status := func() string {
				t.Helper()
				s, err := store.Read(context.Background()).Maintenance().Status()
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			settle := func() string {
				t.Helper()
				var s string
				m(func(m db.Maintenance) (err error) { s, err = m.Settle(); return err })
				return s
			}

			if got := status(); got != db.MaintenanceRunning {
				t.Fatalf("fresh database: status %s, want RUNNING", got)
			}
			f.execution("ex-1", db.StateRunning, "", 0)
			f.task("task-1", "ex-1", db.StateRunning, 0)
			f.execution("ex-2", db.StateRunning, "", 0)
			f.execution("ex-user-paused", db.StatePaused, "", 0)
			f.execution("ex-done", db.StateSuccess, "", 0)
			f.execution("ex-sub", db.StateRunning, "task-1", 0)

			var toPause []string
			m(func(m db.Maintenance) (err error) {
				var s string
				s, toPause, err = m.BeginPause()
				if s != db.MaintenancePausing {
					t.Errorf("BeginPause answered %s, want PAUSING", s)
				}
				return err
			})
			if want := []string{"ex-1", "ex-2"}; !sameSet(toPause, want) {
				t.Fatalf("to pause %v, want %v", toPause, want)
			}
			if got := settle(); got != db.MaintenancePausing {
				t.Fatalf("settle with executions still to pause: %s", got)
			}
			for _, id := range toPause {
				m(func(m db.Maintenance) error {
					ok, err := m.MarkPaused(id)
					if !ok {
						t.Errorf("MarkPaused(%s) = false", id)
					}
					return err
				})
			}
			// A second API process marking the same execution.
			m(func(m db.Maintenance) error {
				ok, err := m.MarkPaused("ex-1")
				if !ok {
					t.Error("MarkPaused twice = false")
				}
				return err
			})
			if got := settle(); got != db.MaintenancePausing {
				t.Fatalf("settle with a RUNNING task: %s", got)
			}
			f.tx(func(tx *db.Tx) error {
				task, err := tx.TaskExecutions().Get("task-1")
				if err != nil {
					return err
				}
				task.State = db.StateSuccess
				return tx.TaskExecutions().Save(task)
			})
			if got := settle(); got != db.MaintenancePaused {
				t.Fatalf("settle with nothing running: %s", got)
			}
			m(func(m db.Maintenance) error {
				s, again, err := m.BeginPause()
				if s != db.MaintenancePaused || len(again) != 0 {
					t.Errorf("BeginPause when PAUSED = %s %v", s, again)
				}
				return err
			})

			var toResume []string
			m(func(m db.Maintenance) (err error) { toResume, err = m.EndPause(); return err })
			if !sameSet(toResume, toPause) {
				t.Fatalf("to resume %v, want %v", toResume, toPause)
			}
			if got := status(); got != db.MaintenanceRunning {
				t.Fatalf("after EndPause: %s", got)
			}
			for _, id := range toResume {
				m(func(m db.Maintenance) error { return m.Forget(id) })
			}

			// Leaving while an execution is being paused: whoever pauses
			// it learns that it must resume it.
			m(func(m db.Maintenance) (err error) { _, toPause, err = m.BeginPause(); return err })
			m(func(m db.Maintenance) (err error) { toResume, err = m.EndPause(); return err })
			if len(toResume) != 0 {
				t.Fatalf("EndPause returned executions it had not paused: %v", toResume)
			}
			m(func(m db.Maintenance) error {
				ok, err := m.MarkPaused(toPause[0])
				if ok {
					t.Error("MarkPaused after EndPause = true")
				}
				return err
			})
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestStuck(t *testing.T) {
	const old = time.Hour
	for dialect, open := range bothStores(t) {
		t.Run(dialect, func(t *testing.T) {
			store := open(t)
			f := fixture{t, store}
			f.execution("ex", db.StateRunning, "", old)
			tests := []struct {
				task, state string
				age         time.Duration
				actions     map[string]time.Duration // state -> age
				want        string
			}{
				{task: "all-finished", state: db.StateRunning, age: old,
					actions: map[string]time.Duration{db.StateSuccess: old}, want: db.StuckChildrenFinished},
				{task: "no-action", state: db.StateRunning, age: old, want: db.StuckChildrenFinished},
				{task: "silent-action", state: db.StateRunning, age: old,
					actions: map[string]time.Duration{db.StateRunning: old, db.StateError: old}, want: db.StuckChildUnchanged},
				{task: "busy-action", state: db.StateRunning, age: old,
					actions: map[string]time.Duration{db.StateRunning: 0}},
				{task: "young-task", state: db.StateRunning, age: 0,
					actions: map[string]time.Duration{db.StateSuccess: 0}},
				{task: "finished-task", state: db.StateSuccess, age: old},
			}
			for _, tt := range tests {
				f.task(tt.task, "ex", tt.state, tt.age)
				for state, age := range tt.actions {
					f.action(tt.task+"-"+state, tt.task, state, age)
				}
			}
			// An execution whose tasks all finished is stuck; one still
			// running a task is not.
			f.execution("ex-lost", db.StateRunning, "", old)
			f.task("lost-1", "ex-lost", db.StateSuccess, old)

			cutoff := db.Now().Add(-time.Minute)
			stuck, err := store.Read(context.Background()).Maintenance().StuckTasks(cutoff, 100)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, s := range stuck {
				got[s.Task.ID] = s.Reason
			}
			for _, tt := range tests {
				if got[tt.task] != tt.want {
					t.Errorf("task %s: reason %q, want %q", tt.task, got[tt.task], tt.want)
				}
			}
			execs, err := store.Read(context.Background()).Maintenance().StuckExecutions(cutoff, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(execs) != 1 || execs[0].ID != "ex-lost" {
				ids := []string{}
				for _, e := range execs {
					ids = append(ids, e.ID)
				}
				t.Errorf("stuck executions %v, want [ex-lost]", ids)
			}
		})
	}
}

// BenchmarkMaintenanceStatus is the price, on MariaDB, of the check the
// engine runs after every transaction that finishes a task: one read of
// the status row outside maintenance.
func BenchmarkMaintenanceStatus(b *testing.B) {
	store := openMySQLStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := store.SettleMaintenance(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
