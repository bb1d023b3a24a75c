//go:build cgo

package sqlitedriver

import (
	"database/sql"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
)

// DriverName is the database/sql name of the driver: mattn's, with the
// MySQL collation functions (mysqlci.go) on every connection.
const DriverName = "sqlite3_tramontane"

func init() {
	sql.Register(DriverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := c.RegisterFunc(KeyFunc, func(v any) any { return sqlFunc(v, true) }, true); err != nil {
			return err
		}
		return c.RegisterFunc(FoldFunc, func(v any) any { return sqlFunc(v, false) }, true)
	}})
}

// Implementation names the driver, for logs and tests.
const Implementation = "mattn/go-sqlite3 (cgo)"

// params sets, on every connection: write-ahead logging so readers do not
// block the writer, a generous busy wait, enforced foreign keys (Mistral's
// cascades rely on them), a log flush at checkpoints rather than at every
// commit, write transactions that take the write lock when they begin, so
// two writers never deadlock upgrading a read lock, and a cache of the
// connection's prepared statements (the store's statements are few and
// run again and again).
const params = "_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=1&_synchronous=NORMAL" +
	"&_txlock=immediate&_stmt_cache_size=128"

// gormDialector is gorm's dialector of this driver.
type gormDialector = sqlite.Dialector
