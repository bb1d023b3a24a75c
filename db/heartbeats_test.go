package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
)

// TestSilent: the heartbeat checker's query finds the RUNNING synchronous
// actions silent since before the cutoff, the longest silent first, up to
// the batch size (0: all).
func TestSilent(t *testing.T) {
	for dialect, open := range bothStores(t) {
		t.Run(dialect, func(t *testing.T) {
			f := fixture{t, open(t)}
			f.execution("ex", db.StateRunning, "", time.Hour)
			f.task("t", "ex", db.StateRunning, time.Hour)
			// Three silent actions, silent for 3, 2 and 1 minutes; one
			// that reported lately, one asynchronous and one finished.
			add := func(id, state string, sync bool, silentFor time.Duration) {
				beat := db.Now().Add(-silentFor)
				task := "t"
				f.tx(func(tx *db.Tx) error {
					return tx.ActionExecutions().Create(&db.ActionExecution{ID: id, Name: "std.noop", State: state,
						TaskExecutionID: &task, IsSync: sync, LastHeartbeat: &beat, Scope: "private", ProjectID: db.DefaultProject})
				})
			}
			for i := 3; i >= 1; i-- {
				add(fmt.Sprint("silent-", i), db.StateRunning, true, time.Duration(i)*time.Minute)
			}
			add("beating", db.StateRunning, true, 0)
			add("async", db.StateRunning, false, time.Hour)
			add("done", db.StateSuccess, true, time.Hour)
			before := db.Now().Add(-30 * time.Second)
			for _, tc := range []struct {
				limit int
				want  string
			}{{0, "[silent-3 silent-2 silent-1]"}, {2, "[silent-3 silent-2]"}} {
				got, err := f.store.Read(context.Background()).ActionExecutions().Silent(before, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				ids := []string{}
				for _, a := range got {
					ids = append(ids, a.ID)
				}
				if fmt.Sprint(ids) != tc.want {
					t.Errorf("limit %d: %v, want %s", tc.limit, ids, tc.want)
				}
			}
		})
	}
}
