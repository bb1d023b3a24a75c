// Package sqlitedriver chooses the SQLite driver of the embedded default
// and owns what differs between the two it may be: the database/sql driver
// name, the connection parameters that set the pragmas, and gorm's
// dialector.
//
// Built with cgo (the default wherever a C compiler is installed), it is
// github.com/mattn/go-sqlite3: SQLite's C code, with a per-connection
// cache of prepared statements; a task transition of the embedded default
// costs about half the CPU it costs on the pure-Go build. Built without
// cgo it is github.com/glebarez/go-sqlite, SQLite transpiled to Go, so
// that the project still builds and runs where no C compiler is. Both write the
// same file format and the same time encoding, so one database file may be
// used by either build.
//
// Every connection of either gets two SQL functions (mysqlci.go) that read
// text as MySQL's utf8mb4_general_ci collation does, for the store to
// compare names as Mistral on MySQL does.
//
// This package knows nothing of the schema or of the store's queries.
package sqlitedriver
