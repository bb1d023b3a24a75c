//go:build cgo

package sqlitedriver_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the pure-Go build's driver, "sqlite"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// TestFileSharedWithPureGoBuild writes a database file with each build's
// driver and reads it with the other: an embedded default started by a
// binary built without cgo must find its executions, times included, in a
// binary built with it, and back.
func TestFileSharedWithPureGoBuild(t *testing.T) {
	const pureGo = "sqlite"
	at := time.Date(2026, 11, 27, 20, 1, 2, 345678000, time.UTC)
	tests := []struct{ name, writer, reader string }{
		{"cgo writes, pure Go reads", sqlitedriver.DriverName, pureGo},
		{"pure Go writes, cgo reads", pureGo, sqlitedriver.DriverName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shared.db")
			w, err := sql.Open(tc.writer, path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = w.Exec("CREATE TABLE ex (id VARCHAR(36) PRIMARY KEY, created_at DATETIME, state_info TEXT, n INTEGER)")
			if err == nil {
				_, err = w.Exec("INSERT INTO ex VALUES (?, ?, ?, ?)", "a", at, "ünïcode ✓", int64(1)<<40)
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := sql.Open(tc.reader, path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var created time.Time
			var info string
			var n int64
			if err := r.QueryRow("SELECT created_at, state_info, n FROM ex WHERE id = ? AND created_at = ?", "a", at).
				Scan(&created, &info, &n); err != nil {
				t.Fatal(err)
			}
			if !created.Equal(at) || info != "ünïcode ✓" || n != 1<<40 {
				t.Fatalf("read %v %q %d", created, info, n)
			}
		})
	}
}
