//go:build !cgo

package sqlitedriver

import (
	"database/sql/driver"

	gosqlite "github.com/glebarez/go-sqlite" // registers "sqlite"
	"github.com/glebarez/sqlite"
)

// DriverName is the database/sql name of the driver.
const DriverName = "sqlite"

// The MySQL collation functions (mysqlci.go), on every connection.
func init() {
	for name, key := range map[string]bool{KeyFunc: true, FoldFunc: false} {
		gosqlite.MustRegisterDeterministicScalarFunction(name, 1,
			func(_ *gosqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				return sqlFunc(args[0], key), nil
			})
	}
}

// Implementation names the driver, for logs and tests.
const Implementation = "glebarez/go-sqlite (pure Go)"

// params sets the same pragmas as the cgo build (see cgo.go); this driver
// has no statement cache.
const params = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)&_txlock=immediate"

// gormDialector is gorm's dialector of this driver.
type gormDialector = sqlite.Dialector
