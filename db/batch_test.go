package db_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine/exc"
)

// stores returns a fresh store of each dialect (MariaDB skipped with the
// reason when it does not answer, unless CI=true).
func stores(t *testing.T) map[string]*db.Store {
	return map[string]*db.Store{db.SQLite: dbtest.SQLite(t), db.MySQL: openMySQLStore(t)}
}

func newAction(id, state string) *db.ActionExecution {
	return &db.ActionExecution{ID: id, Name: "std.noop", State: state, Scope: "private", ProjectID: "p"}
}

// Writes held back for a batch behave as if sent at once: the transaction
// reads what it wrote, the outbox entries written after them get their own
// ids, and the commit keeps everything in order.
func TestBatchedWritesReadAsWritten(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			before := store.Stats().Statements
			var entries []*db.OutboxEntry
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				acts := tx.ActionExecutions()
				if err := acts.Create(newAction("a1", db.StateRunning)); err != nil {
					return err
				}
				if err := acts.CreateAll([]*db.ActionExecution{newAction("a2", db.StateRunning), newAction("a3", db.StateRunning)}); err != nil {
					return err
				}
				a, err := acts.Get("a2") // sends the waiting writes first
				if err != nil {
					return fmt.Errorf("read back: %w", err)
				}
				a.State = db.StateSuccess
				if err := acts.Save(a); err != nil {
					return err
				}
				for i := range 3 {
					entries = append(entries, &db.OutboxEntry{Topic: "t", Method: fmt.Sprintf("m%d", i), Args: "{}", CallKind: "cast"})
				}
				if err := tx.Outbox().AddAll(entries, "me", 60e9); err != nil {
					return err
				}
				return acts.Save(&db.ActionExecution{ID: "a3", Name: "std.noop", State: db.StateError, Scope: "private", ProjectID: "p"})
			})
			if err != nil {
				t.Fatal(err)
			}
			trips := store.Stats().Statements - before
			read := store.Read(ctx)
			for id, want := range map[string]string{"a1": db.StateRunning, "a2": db.StateSuccess, "a3": db.StateError} {
				a, err := read.ActionExecutions().Get(id)
				if err != nil {
					t.Fatal(err)
				}
				if a.State != want {
					t.Errorf("%s is %s, want %s", id, a.State, want)
				}
			}
			for _, e := range entries {
				var method string
				sqlDB, _ := store.SQL()
				if err := sqlDB.QueryRowContext(ctx, "SELECT method FROM tramontane_outbox WHERE id = ?", e.ID).Scan(&method); err != nil {
					t.Fatalf("outbox entry %d: %v", e.ID, err)
				}
				if method != e.Method {
					t.Errorf("outbox entry %d holds %s, want %s", e.ID, method, e.Method)
				}
			}
			if dialect == db.MySQL {
				// begin, the creates and the get; the saves, the outbox
				// insert and the commit.
				if trips != 2 {
					t.Errorf("%d round trips, want 2", trips)
				}
			}
		})
	}
}

// A batch that fails rolls the whole transaction back, names the writes it
// held, and leaves nothing behind; a rolled-back transaction's waiting
// writes are never sent.
func TestBatchedWriteFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				if err := tx.ActionExecutions().Create(newAction("dup", db.StateRunning)); err != nil {
					return err
				}
				return tx.ActionExecutions().Create(newAction("dup", db.StateRunning))
			})
			if err == nil || !strings.Contains(err.Error(), "create action execution std.noop") {
				t.Fatalf("error %v, want one naming the failed write", err)
			}
			stop := errors.New("stop")
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				if err := tx.ActionExecutions().Create(newAction("gone", db.StateRunning)); err != nil {
					return err
				}
				return stop
			})
			if !errors.Is(err, stop) {
				t.Fatalf("error %v, want %v", err, stop)
			}
			for _, id := range []string{"dup", "gone"} {
				if _, err := store.Read(ctx).ActionExecutions().Get(id); err == nil {
					t.Errorf("action %s was written by a transaction that rolled back", id)
				}
			}
		})
	}
}

// A MySQL transaction that fails after its begin went out leaves no
// connection of the pool inside a transaction: its rows would stay locked
// and the next user of the connection would write into it.
func TestFailedTransactionsLeaveNoOpenTransaction(t *testing.T) {
	ctx := context.Background()
	store := openMySQLStore(t)
	stop := errors.New("stop")
	for range 5 {
		err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
			if err := tx.ActionExecutions().Create(newAction("held", db.StateRunning)); err != nil {
				return err
			}
			if _, err := tx.ActionExecutions().Get("held"); err != nil { // begin and insert go out
				return err
			}
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("error %v, want %v", err, stop)
		}
	}
	sqlDB, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	open := sqlDB.Stats().OpenConnections
	for i := range open { // held at once: every pooled connection
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var in int
		if err := conn.QueryRowContext(ctx, "SELECT @@in_transaction").Scan(&in); err != nil {
			t.Fatal(err)
		}
		if in != 0 {
			t.Errorf("pooled connection %d of %d is inside a transaction", i+1, open)
		}
	}
	if _, err := store.Read(ctx).ActionExecutions().Get("held"); err == nil {
		t.Error("a rolled-back insert is visible")
	}
}

// A statement whose round trip carried writes that failed leaves the
// transaction unusable: even when its caller goes on (an expression that
// read the database turns the error into its own), the commit fails and
// nothing of the transaction stays.
func TestFailedBatchFailsTheTransaction(t *testing.T) {
	ctx := context.Background()
	store := openMySQLStore(t)
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		acts := tx.ActionExecutions()
		if err := acts.Create(newAction("first", db.StateRunning)); err != nil {
			return err
		}
		if err := acts.Create(newAction("first", db.StateRunning)); err != nil { // waits: fails on the server
			return err
		}
		if _, err := acts.Get("first"); err == nil {
			t.Error("a read carried a failed write and succeeded")
		}
		return acts.Create(newAction("later", db.StateRunning)) // the caller goes on
	})
	if err == nil || !strings.Contains(err.Error(), "Duplicate entry") {
		t.Fatalf("error %v, want the failed write's", err)
	}
	for _, id := range []string{"first", "later"} {
		if _, err := store.Read(ctx).ActionExecutions().Get(id); err == nil {
			t.Errorf("action %s stayed from a failed transaction", id)
		}
	}
}

// The lock on an execution tree, which waits to ride with the
// transaction's first statement, holds across processes: two stores
// incrementing a counter in the root row under the lock lose no update.
func TestTreeLockHoldsAcrossStores(t *testing.T) {
	ctx := context.Background()
	stores := openMySQLStores(t, 2)
	zero := "0"
	root := &db.WorkflowExecution{ID: "root", Name: "w", WorkflowName: "w", State: db.StateRunning, StateInfo: &zero,
		Scope: "private", ProjectID: "p"}
	if err := stores[0].InTx(ctx, db.TxOptions{Lock: root.ID, NewTree: true}, func(tx *db.Tx) error {
		return tx.WorkflowExecutions().Insert(root)
	}); err != nil {
		t.Fatal(err)
	}
	const rounds = 25
	var wg sync.WaitGroup
	for _, store := range stores {
		wg.Go(func() {
			for range rounds {
				err := store.InTx(ctx, db.TxOptions{Lock: root.ID}, func(tx *db.Tx) error {
					e, err := tx.WorkflowExecutions().GetWithoutSpec(root.ID)
					if err != nil {
						return err
					}
					n, _ := strconv.Atoi(*e.StateInfo)
					next := strconv.Itoa(n + 1)
					e.StateInfo = &next
					return tx.WorkflowExecutions().Save(e)
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	e, err := stores[0].Read(ctx).WorkflowExecutions().GetWithoutSpec(root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(2 * rounds); *e.StateInfo != want {
		t.Fatalf("counter %s, want %s: updates were lost", *e.StateInfo, want)
	}
}

// A transaction may lock several trees (a group commit of their results):
// it loses no update of theirs to transactions, in the same process or
// another, that lock some of them, alone or together, in any order.
func TestSeveralTreeLocksHoldAcrossStores(t *testing.T) {
	ctx := context.Background()
	stores := openMySQLStores(t, 2)
	zero := "0"
	for _, id := range []string{"a", "b", "c"} {
		root := &db.WorkflowExecution{ID: id, Name: "w", WorkflowName: "w", State: db.StateRunning, StateInfo: &zero,
			Scope: "private", ProjectID: "p"}
		if err := stores[0].InTx(ctx, db.TxOptions{Lock: id, NewTree: true}, func(tx *db.Tx) error {
			return tx.WorkflowExecutions().Insert(root)
		}); err != nil {
			t.Fatal(err)
		}
	}
	workers := []struct {
		store int
		opts  db.TxOptions
		trees []string
	}{
		{0, db.TxOptions{Locks: []string{"c", "a"}}, []string{"c", "a"}},
		{1, db.TxOptions{Lock: "b", Locks: []string{"c", "a"}}, []string{"a", "b", "c"}},
		{1, db.TxOptions{Lock: "b"}, []string{"b"}},
		{0, db.TxOptions{Locks: []string{"b", "c"}}, []string{"b", "c"}},
	}
	const rounds = 15
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for range rounds {
				err := stores[w.store].InTx(ctx, w.opts, func(tx *db.Tx) error {
					for _, id := range w.trees {
						e, err := tx.WorkflowExecutions().GetWithoutSpec(id)
						if err != nil {
							return err
						}
						n, _ := strconv.Atoi(*e.StateInfo)
						next := strconv.Itoa(n + 1)
						e.StateInfo = &next
						if err := tx.WorkflowExecutions().Save(e); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for id, want := range map[string]int{"a": 2 * rounds, "b": 3 * rounds, "c": 3 * rounds} {
		e, err := stores[0].Read(ctx).WorkflowExecutions().GetWithoutSpec(id)
		if err != nil {
			t.Fatal(err)
		}
		if *e.StateInfo != strconv.Itoa(want) {
			t.Errorf("counter of %s %s, want %d: updates were lost", id, *e.StateInfo, want)
		}
	}
}

// Writes whose arguments are large do not wait until the batch outgrows
// what the server takes in one packet (16 MB by default): 40 inserts of
// 1 MB each are written in several round trips, and all of them land.
func TestLargeWritesSplitTheBatch(t *testing.T) {
	ctx := context.Background()
	store := openMySQLStore(t)
	big := db.JSONOf(strings.Repeat("x", 1<<20))
	before := store.Stats().Statements
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		for i := range 40 {
			a := newAction(fmt.Sprintf("big-%d", i), db.StateRunning)
			a.Input = big
			if err := tx.ActionExecutions().Create(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if trips := store.Stats().Statements - before; trips < 20 {
		t.Errorf("40 MB written in %d round trips", trips)
	}
	if _, err := store.Read(ctx).ActionExecutions().Get("big-39"); err != nil {
		t.Fatal(err)
	}
}

// Delivered outbox entries are deleted with a later commit on MySQL, at no
// extra round trip, once there are enough of them to be worth a statement;
// a transaction that fails gives them back, and DeleteDelivered deletes what
// no commit took (on either dialect).
func TestDeliveredEntriesRideWithTheNextCommit(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			var entries []*db.OutboxEntry
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				for i := range 40 {
					entries = append(entries, &db.OutboxEntry{Topic: "t", Method: fmt.Sprintf("m%d", i), Args: "{}", CallKind: "cast"})
				}
				return tx.Outbox().AddAll(entries, "me", 60e9)
			})
			if err != nil {
				t.Fatal(err)
			}
			count := func() int64 {
				t.Helper()
				n, err := store.Read(ctx).Outbox().Count()
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			commit := func(id string) {
				t.Helper()
				before := store.Stats().Statements
				err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					return tx.ActionExecutions().Create(newAction(id, db.StateRunning))
				})
				if err != nil {
					t.Fatal(err)
				}
				if trips := store.Stats().Statements - before; dialect == db.MySQL && trips != 1 {
					t.Errorf("%d round trips, want 1: the delete rides with the commit", trips)
				}
			}

			// One delivered entry waits for more.
			store.Delivered(entries[0].ID)
			commit("d0")
			if n := count(); n != 40 {
				t.Fatalf("%d entries after a commit with one entry delivered, want 40", n)
			}

			// A failed transaction deletes nothing.
			for _, e := range entries[1:36] {
				store.Delivered(e.ID)
			}
			stop := errors.New("stop")
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				if err := tx.ActionExecutions().Create(newAction("d1", db.StateRunning)); err != nil {
					return err
				}
				return stop
			})
			if !errors.Is(err, stop) {
				t.Fatalf("error %v, want %v", err, stop)
			}
			if n := count(); n != 40 {
				t.Fatalf("%d entries after a failed transaction, want 40", n)
			}

			commit("d2")
			if dialect == db.MySQL {
				if n := count(); n != 4 {
					t.Fatalf("%d entries after a commit, want 4", n)
				}
			}

			store.Delivered(entries[36].ID)
			if err := store.DeleteDelivered(ctx); err != nil {
				t.Fatal(err)
			}
			if n := count(); n != 3 {
				t.Fatalf("%d entries after DeleteDelivered, want 3", n)
			}
		})
	}
}

// Multi-row inserts of large rows are cut by size as well as by count: 60
// action executions and 60 outbox entries of 1 MB each, written in one
// transaction (as with-items over a big list starts them), stay under the
// server's max_allowed_packet (16 MB by default) and all land.
func TestLargeMultiRowInserts(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			big := strings.Repeat("x", 1<<20)
			var acts []*db.ActionExecution
			var entries []*db.OutboxEntry
			for i := range 60 {
				a := newAction(fmt.Sprintf("large-%d", i), db.StateRunning)
				a.Input = db.JSONOf(big)
				acts = append(acts, a)
				entries = append(entries, &db.OutboxEntry{Topic: "t", Method: fmt.Sprintf("m%d", i), Args: big, CallKind: "cast"})
			}
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				if err := tx.Outbox().AddAll(entries, "me", 60e9); err != nil {
					return err
				}
				return tx.ActionExecutions().CreateAll(acts)
			})
			if err != nil {
				t.Fatal(err)
			}
			read := store.Read(ctx)
			for _, want := range acts {
				a, err := read.ActionExecutions().Get(want.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.Input.Raw != want.Input.Raw {
					t.Fatalf("%s: input of %d bytes read back, want %d", a.ID, len(a.Input.Raw), len(want.Input.Raw))
				}
			}
			sqlDB, err := store.SQL()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				var method string
				var n int
				err := sqlDB.QueryRowContext(ctx, "SELECT method, LENGTH(args) FROM tramontane_outbox WHERE id = ?", e.ID).Scan(&method, &n)
				if err != nil {
					t.Fatalf("outbox entry %d: %v", e.ID, err)
				}
				if method != e.Method || n != len(big) {
					t.Errorf("outbox entry %d holds %s of %d bytes, want %s of %d", e.ID, method, n, e.Method, len(big))
				}
			}
		})
	}
}

// A row larger than the server takes in one packet is refused before it is
// sent, with an error that says so, at once: sent, it would only break the
// connection, and the transaction would be retried in vain.
func TestRowLargerThanMaxAllowedPacket(t *testing.T) {
	ctx := context.Background()
	store := openMySQLStore(t)
	sqlDB, err := store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var limit int
	if err := sqlDB.QueryRowContext(ctx, "SELECT @@max_allowed_packet").Scan(&limit); err != nil {
		t.Fatal(err)
	}
	huge := newAction("huge", db.StateRunning)
	huge.Input = db.JSONOf(strings.Repeat("x", limit+1))
	for name, write := range map[string]func(tx *db.Tx) error{
		"create":     func(tx *db.Tx) error { return tx.ActionExecutions().Create(huge) },
		"create all": func(tx *db.Tx) error { return tx.ActionExecutions().CreateAll([]*db.ActionExecution{huge}) },
		"outbox": func(tx *db.Tx) error {
			return tx.Outbox().Add(&db.OutboxEntry{Topic: "t", Method: "m", Args: huge.Input.Raw, CallKind: "cast"}, "me", 60e9)
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := store.Stats().Transactions
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				if err := tx.ActionExecutions().Create(newAction("small", db.StateRunning)); err != nil {
					return err
				}
				return write(tx)
			})
			if err == nil || !strings.Contains(err.Error(), "max_allowed_packet") {
				t.Fatalf("error %v, want one naming max_allowed_packet", err)
			}
			if n := store.Stats().Transactions - before; n != 1 {
				t.Errorf("%d attempts, want 1", n)
			}
			if _, err := store.Read(ctx).ActionExecutions().Get("small"); err == nil {
				t.Error("a write of the failed transaction stayed")
			}
		})
	}
}

// Prefetched action executions come from one statement; Get hands each out
// once, reads again one the transaction saved since, and reports a missing
// one as before.
func TestPrefetchedActionsAreHandedOutOnce(t *testing.T) {
	ctx := context.Background()
	for dialect, store := range stores(t) {
		t.Run(dialect, func(t *testing.T) {
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				return tx.ActionExecutions().CreateAll([]*db.ActionExecution{
					newAction("p1", db.StateRunning), newAction("p2", db.StateRunning), newAction("p3", db.StateRunning)})
			})
			if err != nil {
				t.Fatal(err)
			}
			err = store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				acts := tx.ActionExecutions()
				before := store.Stats().Statements
				if err := acts.Prefetch([]string{"p1", "p2", "p3", "missing"}); err != nil {
					return err
				}
				p1, err := acts.Get("p1")
				if err != nil {
					return err
				}
				p2, err := acts.Get("p2")
				if err != nil {
					return err
				}
				if trips := store.Stats().Statements - before; trips != 1 {
					t.Errorf("%d statements for a prefetch and two gets, want 1", trips)
				}
				if p1.ID != "p1" || p2.ID != "p2" || p1.State != db.StateRunning {
					t.Errorf("got %s (%s) and %s", p1.ID, p1.State, p2.ID)
				}
				// p1 was handed out: it is read again, with the write
				// waiting in front of it.
				p1.State = db.StateSuccess
				if err := acts.Save(p1); err != nil {
					return err
				}
				again, err := acts.Get("p1")
				if err != nil {
					return err
				}
				if again == p1 || again.State != db.StateSuccess {
					t.Errorf("p1 read again: same object %v, state %s", again == p1, again.State)
				}
				// A save drops a prefetched row it writes.
				p3 := newAction("p3", db.StateError)
				if err := acts.Save(p3); err != nil {
					return err
				}
				if got, err := acts.Get("p3"); err != nil || got.State != db.StateError {
					t.Errorf("p3 after a save: %v, %v", got, err)
				}
				if _, err := acts.Get("missing"); !exc.Is(err, exc.DBEntityNotFound) {
					t.Errorf("missing: %v, want DBEntityNotFound", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
