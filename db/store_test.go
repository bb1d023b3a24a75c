package db_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
)

func TestAfterCommit(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		fail    error
		want    []int
		wantErr error
	}{
		{name: "commit runs the sends in order", want: []int{1, 2, 3}},
		{name: "rollback drops them", fail: errBoom, want: nil, wantErr: errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				for i := 1; i <= 3; i++ {
					tx.AfterCommit(func() { got = append(got, i) })
				}
				if len(got) != 0 {
					t.Error("a registered send ran before the commit")
				}
				return tt.fail
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ran %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("ran %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestAfterCommitSeesCommittedState(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	var found bool
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		env := &db.Environment{ID: db.NewID(), Name: "e1", Scope: "private", ProjectID: db.DefaultProject}
		env.CreatedAt = db.Now()
		if err := tx.Environments().Create(env); err != nil {
			return err
		}
		tx.AfterCommit(func() {
			_, err := store.Read(ctx).Environments().Get("e1", db.DefaultProject)
			found = err == nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatal("the after-commit function did not see the committed row")
	}
}

func TestLockSerializesOneTree(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	var mu sync.Mutex
	inside, maxInside := 0, 0
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := store.InTx(ctx, db.TxOptions{Lock: "root-1"}, func(tx *db.Tx) error {
				mu.Lock()
				inside++
				maxInside = max(maxInside, inside)
				mu.Unlock()
				_, _ = tx.WorkflowExecutions().Find("nothing")
				mu.Lock()
				inside--
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxInside != 1 {
		t.Fatalf("%d transactions of one tree ran at once", maxInside)
	}
}

// TestMySQLSessionsReadCommitted checks that every MySQL connection of the
// pool runs its transactions at READ COMMITTED, which is set once per
// connection rather than per transaction.
func TestMySQLSessionsReadCommitted(t *testing.T) {
	ctx := context.Background()
	sqlDB, err := openMySQLStore(t).SQL()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // held open, so each is a new connection
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var level string
		if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.tx_isolation").Scan(&level); err != nil {
			t.Fatal(err)
		}
		if level != "READ-COMMITTED" {
			t.Errorf("session isolation %s, want READ-COMMITTED", level)
		}
	}
}
