package sqlitedriver_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// TestPragmas checks that every connection of this build's driver gets the
// pragmas the store relies on.
func TestPragmas(t *testing.T) {
	t.Logf("driver: %s", sqlitedriver.Implementation)
	pool, err := sql.Open(sqlitedriver.DriverName, sqlitedriver.DSN(filepath.Join(t.TempDir(), "p.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	tests := []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"busy_timeout", "10000"},
		{"foreign_keys", "1"},
		{"synchronous", "1"}, // NORMAL
	}
	for _, tc := range tests {
		var got string
		if err := pool.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
}
