package schema

import (
	"fmt"
	"strings"
)

// Dialects understood by this package.
const (
	MySQL  = "mysql"  // MySQL 8 and MariaDB 10.6+
	SQLite = "sqlite" // the embedded default (db/sqlitedriver)
)

func checkDialect(dialect string) error {
	switch dialect {
	case MySQL, SQLite:
		return nil
	default:
		return fmt.Errorf("unknown database dialect %q (want %q or %q)", dialect, MySQL, SQLite)
	}
}

// mysqlTableOptions are those of every table Mistral creates on MariaDB.
// They are spelled out so that the result does not depend on the
// database's default character set.
const mysqlTableOptions = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"

// createTable renders t as statements that create it when it does not
// exist yet: one CREATE TABLE for MySQL; CREATE TABLE and its CREATE INDEX
// statements for SQLite.
func createTable(dialect string, t table) []string {
	if dialect == MySQL {
		return []string{createTableMySQL(t)}
	}
	return createTableSQLite(t)
}

func createTableMySQL(t table) string {
	var defs []string
	for _, c := range t.columns {
		defs = append(defs, columnDef(MySQL, c))
	}
	if len(t.primaryKey) > 0 {
		defs = append(defs, "PRIMARY KEY ("+quoteList(MySQL, t.primaryKey)+")")
	}
	for _, ix := range t.indexes {
		kind := "KEY"
		if ix.unique {
			kind = "UNIQUE KEY"
		}
		defs = append(defs, kind+" "+quote(MySQL, ix.name)+" ("+quoteList(MySQL, ix.columns)+")")
	}
	for _, fk := range t.foreignKeys {
		defs = append(defs, foreignKeyDef(MySQL, fk))
	}
	return "CREATE TABLE IF NOT EXISTS " + quote(MySQL, t.name) + " (\n  " +
		strings.Join(defs, ",\n  ") + "\n) " + mysqlTableOptions
}

// createTableSQLite renders t for SQLite. Index names are global in SQLite
// while MySQL's are per table (Mistral has several unique keys called
// "name", and environments_v2 has both a unique key "name" and an index
// "environments_v2_name"), so see sqliteIndexName.
func createTableSQLite(t table) []string {
	var defs []string
	inlinePK := false
	for _, c := range t.columns {
		def := columnDef(SQLite, c)
		if c.autoIncrement {
			// Only INTEGER PRIMARY KEY aliases the rowid and may count.
			def = quote(SQLite, c.name) + " INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"
			inlinePK = true
		}
		defs = append(defs, def)
	}
	if len(t.primaryKey) > 0 && !inlinePK {
		defs = append(defs, "PRIMARY KEY ("+quoteList(SQLite, t.primaryKey)+")")
	}
	for _, fk := range t.foreignKeys {
		defs = append(defs, foreignKeyDef(SQLite, fk))
	}
	stmts := []string{"CREATE TABLE IF NOT EXISTS " + quote(SQLite, t.name) + " (\n  " +
		strings.Join(defs, ",\n  ") + "\n)"}
	for _, ix := range t.indexes {
		stmts = append(stmts, createIndexSQLite(t.name, ix))
	}
	return stmts
}

func createIndexSQLite(tableName string, ix index) string {
	kind := "INDEX"
	if ix.unique {
		kind = "UNIQUE INDEX"
	}
	return "CREATE " + kind + " IF NOT EXISTS " + quote(SQLite, sqliteIndexName(tableName, ix)) +
		" ON " + quote(SQLite, tableName) + " (" + quoteList(SQLite, ix.columns) + ")"
}

// sqliteIndexName makes an index name unique in the database: unique keys
// become uq_<table>_<name>; other indexes get the table's name in front
// unless they already have it.
func sqliteIndexName(tableName string, ix index) string {
	switch {
	case ix.unique:
		return "uq_" + tableName + "_" + ix.name
	case strings.HasPrefix(ix.name, tableName+"_"):
		return ix.name
	default:
		return tableName + "_" + ix.name
	}
}

func columnDef(dialect string, c column) string {
	var b strings.Builder
	b.WriteString(quote(dialect, c.name))
	b.WriteString(" ")
	b.WriteString(typeName(dialect, c.typ))
	if dialect == SQLite && c.typ.isString() {
		// MySQL compares and sorts strings by utf8mb4_general_ci, so
		// Mistral's names are case-insensitive there: "Foo" and "foo"
		// are one workflow, found by either spelling. NOCASE does the
		// same for ASCII letters on the embedded database. (Files made
		// before this clause keep binary comparison.)
		b.WriteString(" COLLATE NOCASE")
	}
	if c.notNull {
		b.WriteString(" NOT NULL")
	}
	if c.def != "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(c.def)
	}
	if c.autoIncrement && dialect == MySQL {
		b.WriteString(" AUTO_INCREMENT")
	}
	return b.String()
}

func foreignKeyDef(dialect string, fk foreignKey) string {
	s := "CONSTRAINT " + quote(dialect, fk.name) + " FOREIGN KEY (" + quoteList(dialect, fk.columns) +
		") REFERENCES " + quote(dialect, fk.refTable) + " (" + quoteList(dialect, fk.refColumns) + ")"
	if fk.onDelete != "" {
		s += " ON DELETE " + fk.onDelete
	}
	return s
}

// typeName spells a column type. MySQL gets the types SQLAlchemy gives
// Mistral's models there; SQLite gets names whose affinity keeps the values
// (the TEXT family for strings, DATETIME so that drivers return times).
func typeName(dialect string, t colType) string {
	mysql := dialect == MySQL
	switch t.kind {
	case kindVarchar:
		return fmt.Sprintf("VARCHAR(%d)", t.size)
	case kindChar:
		return fmt.Sprintf("CHAR(%d)", t.size)
	case kindText:
		return "TEXT"
	case kindMediumText:
		if mysql {
			return "MEDIUMTEXT"
		}
		return "TEXT"
	case kindLongText:
		if mysql {
			return "LONGTEXT"
		}
		return "TEXT"
	case kindDateTime:
		if t.size > 0 && mysql {
			return fmt.Sprintf("DATETIME(%d)", t.size)
		}
		return "DATETIME"
	case kindBool:
		if mysql {
			return "TINYINT(1)"
		}
		return "BOOLEAN"
	case kindInt:
		if mysql {
			return "INT"
		}
		return "INTEGER"
	case kindBigInt:
		return "BIGINT"
	default:
		panic(fmt.Sprintf("schema: column type kind %d has no name", t.kind))
	}
}

func quote(dialect, name string) string {
	if dialect == MySQL {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

func quoteList(dialect string, names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quote(dialect, n)
	}
	return strings.Join(quoted, ",")
}
