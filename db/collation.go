package db

import (
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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

// eqFunc makes the condition column = value.
type eqFunc func(column, value string) clause.Expression

// exactEq is column = value, in the database's collation.
func exactEq(column, value string) clause.Expression {
	return clause.Eq{Column: clause.Column{Name: column}, Value: value}
}

// collatedEq is column = value as utf8mb4_general_ci reads it, on SQLite:
// the column's key against the value's, or for a column of ASCII values
// (collatedColumn) the column in NOCASE against the value's key. Texts of
// equal keys have as many characters, trailing spaces aside: SQLite's own
// length() leaves most rows out before the key function runs.
func collatedEq(column, value string) clause.Expression {
	col := clause.Column{Name: column}
	key := sqlitedriver.CollationKey(value)
	if !collatedColumn(column) {
		return clause.Eq{Column: col, Value: key}
	}
	return clause.Expr{SQL: "(length(rtrim(?, ' ')) = ? AND " + sqlitedriver.KeyFunc + "(?) = ?)",
		Vars: []any{col, utf8.RuneCountInString(strings.TrimRight(value, " ")), col, key}}
}

// takeByName takes into dest the first row of the query find builds,
// whose name comparisons it makes with eq. On SQLite, when
// that finds no row, it runs find's query again with names compared as
// MySQL does: an index lookup first, a scan of the table only on a miss.
// find is called once per query: gorm's chained conditions accumulate.
func takeByName(gdb *gorm.DB, dest any, find func(eq eqFunc) *gorm.DB) error {
	err := find(exactEq).Take(dest).Error
	if errors.Is(err, gorm.ErrRecordNotFound) && isSQLite(gdb) {
		err = find(collatedEq).Take(dest).Error
	}
	return err
}

// nameHint says whether a table may hold names beyond ASCII or with
// trailing spaces, which a plain ASCII name may equal in MySQL's
// collation where NOCASE sees them differ: unknown until asked (one
// query), then kept; any such name written makes it so for good. It
// errs on the side of yes (a write rolled back still counts).
type nameHint struct{ state atomic.Int32 }

const (
	hintUnknown int32 = iota
	hintNone
	hintSome
)

// note records names about to be written.
func (h *nameHint) note(names ...string) {
	for _, n := range names {
		if !plainASCII(n) {
			h.state.Store(hintSome)
			return
		}
	}
}

// may says whether table's names may need their collation keys to be
// found by a plain ASCII name.
func (h *nameHint) may(gdb *gorm.DB, table string) bool {
	switch h.state.Load() {
	case hintNone:
		return false
	case hintSome:
		return true
	}
	var n int64
	// length() counts characters, of a blob bytes: they differ beyond
	// ASCII.
	err := gdb.Table(table).Where("length(name) <> length(CAST(name AS BLOB)) OR name LIKE '% ' " +
		"OR length(namespace) <> length(CAST(namespace AS BLOB)) OR namespace LIKE '% '").Limit(1).Count(&n).Error
	if err != nil {
		return true
	}
	state := hintNone
	if n > 0 {
		state = hintSome
	}
	h.state.CompareAndSwap(hintUnknown, state)
	return state == hintSome
}

// takeHinted is takeByName for a table whose names hint follows: its
// second query runs only when it may find what NOCASE missed, for a
// value looked up beyond plain ASCII or a table that may hold such names.
// The engine looks up by name for many tasks, mostly to find nothing (a
// standard action in a workbook or namespace is first looked up as an
// ad-hoc one; a sub-workflow in its workbook first).
func takeHinted(gdb *gorm.DB, dest any, hint *nameHint, table string, values []string, find func(eq eqFunc) *gorm.DB) error {
	if !isSQLite(gdb) {
		return find(exactEq).Take(dest).Error
	}
	plain := true
	for _, v := range values {
		plain = plain && plainASCII(v)
	}
	if plain && !hint.may(gdb, table) {
		return find(exactEq).Take(dest).Error
	}
	return takeByName(gdb, dest, find)
}

// plainASCII says whether s is ASCII without trailing spaces: text that
// NOCASE compares as MySQL's collation does, when the other side is too.
func plainASCII(s string) bool {
	if strings.HasSuffix(s, " ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
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
func insert(gdb *gorm.DB, row any, key ...string) (duplicate bool, err error) {
	if isSQLite(gdb) {
		// A model without values: gorm reads a row's id as a condition.
		q := gdb.Model(reflect.New(reflect.TypeOf(row).Elem()).Interface())
		for i := 0; i+1 < len(key); i += 2 {
			q = q.Where(collatedEq(key[i], key[i+1]))
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
