package db

import (
	"errors"
	"reflect"
	"strings"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// Mistral's tables on MySQL/MariaDB compare text by utf8mb4_general_ci:
// "café", "CAFE" and "cafe " are one name. The embedded SQLite database's
// NOCASE columns fold ASCII letters only, so on SQLite the store compares
// names through sqlitedriver's collation functions where it must answer
// as Mistral does: a lookup by name that found nothing exactly, and the
// filters and sort order of the lists (list.go).

// SameName says whether MySQL's utf8mb4_general_ci holds names a and b
// equal, as Mistral's queries by name compare them: for the engine's
// lookups among rows it already holds.
func SameName(a, b string) bool { return sqlitedriver.Equal(a, b) }

// lookupID is the value to find the row of id by, for the API's lookups
// by id: on SQLite, id's collation key, which the id column's NOCASE
// holds equal to the ids MySQL's collation holds equal to id ("<uuid> "
// is <uuid>); the id itself on MySQL.
func lookupID(gdb *gorm.DB, id string) string {
	if isSQLite(gdb) {
		return sqlitedriver.CollationKey(id)
	}
	return id
}

// isSQLite says whether gdb is on the embedded database.
func isSQLite(gdb *gorm.DB) bool { return gdb.Dialector.Name() == "sqlite" }

// exactEq is the condition "column = ?", in the database's collation.
func exactEq(column string) string { return column + " = ?" }

// collatedEq is the condition "column = ?" as utf8mb4_general_ci reads
// it, on SQLite: the keys of both, or for a column of ASCII values
// (collatedColumn), the column in NOCASE against the value's key.
func collatedEq(column string) string {
	if !collatedColumn(column) {
		return column + " = " + sqlitedriver.KeyFunc + "(?)"
	}
	return sqlitedriver.KeyFunc + "(" + column + ") = " + sqlitedriver.KeyFunc + "(?)"
}

// takeByName takes into dest the first row of the query find builds,
// whose name comparisons it writes with eq ("name = ?"). On SQLite, when
// that finds no row, it runs find's query again with names compared as
// MySQL does: an index lookup first, a scan of the table only on a miss.
// find is called once per query: gorm's chained conditions accumulate.
func takeByName(gdb *gorm.DB, dest any, find func(eq func(column string) string) *gorm.DB) error {
	err := find(exactEq).Take(dest).Error
	if errors.Is(err, gorm.ErrRecordNotFound) && isSQLite(gdb) {
		err = find(collatedEq).Take(dest).Error
	}
	return err
}

// collatedColumn says whether a list filters and sorts column (of
// DataType string) through the collation functions on SQLite: every text
// column but those of ASCII values only, whose letters NOCASE already
// folds and whose indexes the lists need: the ids (uuids; the lists of an
// execution's tasks and actions), and state, type and scope, which the
// API checks against their few values.
func collatedColumn(column string) bool {
	switch column {
	case "id", "state", "type", "scope":
		return false
	}
	return !strings.HasSuffix(column, "_id")
}

// insert creates row, and says whether that broke a unique key: the
// database's, or on SQLite the key given as column, value pairs compared
// as by MySQL's unique index ("café" beside "cafe", "a " beside "a"),
// which SQLite's NOCASE index lets through. err is any other failure.
func insert(gdb *gorm.DB, row any, key ...any) (duplicate bool, err error) {
	if isSQLite(gdb) {
		// A model without values: gorm reads a row's id as a condition.
		q := gdb.Model(reflect.New(reflect.TypeOf(row).Elem()).Interface())
		for i := 0; i+1 < len(key); i += 2 {
			col, _ := key[i].(string)
			q = q.Where(collatedEq(col), key[i+1])
		}
		var n int64
		if err := q.Count(&n).Error; err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	if err := gdb.Create(row).Error; err != nil {
		return isDuplicate(err), err
	}
	return false, nil
}
