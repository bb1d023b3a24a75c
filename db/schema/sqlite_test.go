package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, dialect, err := Open(context.Background(), "sqlite:///"+path)
	if err != nil {
		t.Fatal(err)
	}
	if dialect != SQLite {
		t.Fatalf("dialect = %q", dialect)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestSQLiteUpgrade(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t, filepath.Join(t.TempDir(), "mistral.sqlite"))
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatal(err)
	}
	want := sqliteExpected()
	got := sqliteSnapshot(t, db)
	if d := diffLines(want, got); d != "" {
		t.Errorf("SQLite schema differs from the model (- model, + database):\n%s", d)
	}
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatalf("second Upgrade: %v", err)
	}
	if d := diffLines(got, sqliteSnapshot(t, db)); d != "" {
		t.Errorf("second Upgrade changed the schema:\n%s", d)
	}
	st, err := Inspect(ctx, db, SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if st.MistralRevision != HeadRevision || !slices.Equal(st.Applied, MigrationIDs()) || len(st.Pending)+len(st.Unknown) != 0 {
		t.Errorf("status = %+v", st)
	}
}

func TestSQLiteUpgradeFromRevision038(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t, filepath.Join(t.TempDir(), "mistral.sqlite"))
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatal(err)
	}
	head := sqliteSnapshot(t, db)
	// Undo migrations 041 to 039 by hand (041 changes nothing on SQLite).
	for _, s := range []string{
		`DROP TABLE dynamic_action_definitions`,
		`DROP TABLE code_sources`,
		`ALTER TABLE action_definitions_v2 DROP COLUMN workbook_name`,
		`ALTER TABLE workflow_definitions_v2 DROP COLUMN workbook_name`,
		`UPDATE alembic_version SET version_num = '038'`,
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatal(err)
	}
	if d := diffLines(head, sqliteSnapshot(t, db)); d != "" {
		t.Errorf("upgrade from 038 differs from a fresh head schema:\n%s", d)
	}
	if rev, err := Current(ctx, db, SQLite); err != nil || rev != HeadRevision {
		t.Errorf("Current = %q, %v", rev, err)
	}
}

func TestSQLiteUpgradeConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mistral.sqlite")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		db := openSQLite(t, path)
		wg.Go(func() { errs[i] = Upgrade(context.Background(), db, SQLite) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	var n int
	db := openSQLite(t, path)
	if err := db.QueryRow(`SELECT COUNT(*) FROM tramontane_migrations`).Scan(&n); err != nil || n != len(tramontaneMigrations) {
		t.Errorf("tramontane_migrations rows = %d, %v", n, err)
	}
}

func TestSQLiteStampAndCurrent(t *testing.T) {
	stampAndCurrent(t, openSQLite(t, filepath.Join(t.TempDir(), "mistral.sqlite")), SQLite)
}

func TestSQLiteMemoryAndStatements(t *testing.T) {
	ctx := context.Background()
	db, _, err := Open(ctx, "sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts, err := Statements(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	st, err := Inspect(ctx, db, SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if st.MistralRevision != HeadRevision || len(st.Pending) != 0 {
		t.Errorf("after Statements: %+v", st)
	}
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatalf("Upgrade after Statements: %v", err)
	}
}

// The in-memory database lives in the pool's only connection; schema
// changes must not lose it.
func TestSQLiteMemoryKeepsSchema(t *testing.T) {
	ctx := context.Background()
	db, _, err := Open(ctx, "sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Stamp(ctx, db, SQLite, "037"); err != nil {
		t.Fatal(err)
	}
	if err := Upgrade(ctx, db, SQLite); !errors.Is(err, ErrOldRevision) {
		t.Fatalf("Upgrade at 037: %v", err)
	}
	if err := Stamp(ctx, db, SQLite, "base"); err != nil {
		t.Fatal(err)
	}
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatal(err)
	}
	st, err := Inspect(ctx, db, SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if st.MistralRevision != HeadRevision || len(st.Pending) != 0 {
		t.Errorf("after Upgrade: %+v", st)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO named_locks (id, name) VALUES ('l', 'lock')`); err != nil {
		t.Errorf("Mistral's tables are gone: %v", err)
	}
}

// Mistral relies on ON DELETE CASCADE to delete an execution's tasks and
// actions; Open's pragmas must make SQLite enforce it.
func TestSQLiteForeignKeysCascade(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t, filepath.Join(t.TempDir(), "mistral.sqlite"))
	if err := Upgrade(ctx, db, SQLite); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`INSERT INTO workflow_executions_v2 (id, state) VALUES ('wf', 'RUNNING')`,
		`INSERT INTO task_executions_v2 (id, workflow_execution_id) VALUES ('task', 'wf')`,
		`INSERT INTO action_executions_v2 (id, task_execution_id) VALUES ('action', 'task')`,
		`DELETE FROM workflow_executions_v2 WHERE id = 'wf'`,
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM task_executions_v2) + (SELECT COUNT(*) FROM action_executions_v2)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d task/action rows survived their workflow execution", n)
	}
	_, err := db.ExecContext(ctx, `INSERT INTO task_executions_v2 (id, workflow_execution_id) VALUES ('t2', 'missing')`)
	if err == nil {
		t.Error("a task of a missing workflow execution was accepted")
	}
}

// sqliteExpected lists, in sqliteSnapshot's terms, every table of the
// model: Mistral's, alembic's and Tramontane's.
func sqliteExpected() []string {
	tables := slices.Clone(mistralTables)
	tables = append(tables, migrationsTable)
	for _, m := range tramontaneMigrations {
		tables = append(tables, m.tables...)
	}
	var facts []string
	for _, t := range tables {
		facts = append(facts, "table | "+t.name)
		for i, c := range t.columns {
			pk := 0
			if j := slices.Index(t.primaryKey, c.name); j >= 0 {
				pk = j + 1
			}
			def := c.def
			if def == "" {
				def = "NULL"
			}
			typ := typeName(SQLite, c.typ)
			if c.autoIncrement {
				typ = "INTEGER" // only INTEGER PRIMARY KEY counts up
			}
			facts = append(facts, fmt.Sprintf("column | %s | %d | %s | %s | %t | %s | %d",
				t.name, i, c.name, typ, c.notNull, def, pk))
		}
		for _, ix := range t.indexes {
			facts = append(facts, fmt.Sprintf("index | %s | %s | %t | %s",
				t.name, sqliteIndexName(t.name, ix), ix.unique, strings.Join(ix.columns, ",")))
		}
		for _, fk := range t.foreignKeys {
			onDelete := fk.onDelete
			if onDelete == "" {
				onDelete = "NO ACTION"
			}
			facts = append(facts, fmt.Sprintf("fk | %s | %s | %s | %s | %s",
				t.name, strings.Join(fk.columns, ","), fk.refTable, strings.Join(fk.refColumns, ","), onDelete))
		}
	}
	slices.Sort(facts)
	return facts
}

// sqliteSnapshot lists what SQLite's catalogue says about every table.
func sqliteSnapshot(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, tbl := range tables {
		facts = append(facts, "table | "+tbl)
		queryEach(t, db, `SELECT cid, name, type, "notnull", COALESCE(dflt_value, 'NULL'), pk FROM pragma_table_info(?)`,
			[]any{tbl}, func(v []string) {
				facts = append(facts, fmt.Sprintf("column | %s | %s | %s | %s | %t | %s | %s",
					tbl, v[0], v[1], v[2], v[3] == "1", v[4], v[5]))
			})
		queryEach(t, db, `SELECT name, "unique" FROM pragma_index_list(?) WHERE origin = 'c'`,
			[]any{tbl}, func(v []string) {
				var columns []string
				queryEach(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, []any{v[0]},
					func(c []string) { columns = append(columns, c[0]) })
				facts = append(facts, fmt.Sprintf("index | %s | %s | %t | %s",
					tbl, v[0], v[1] == "1", strings.Join(columns, ",")))
			})
		queryEach(t, db, `SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)`,
			[]any{tbl}, func(v []string) {
				facts = append(facts, fmt.Sprintf("fk | %s | %s | %s | %s | %s", tbl, v[0], v[1], v[2], v[3]))
			})
	}
	slices.Sort(facts)
	return facts
}

func queryEach(t *testing.T, db *sql.DB, query string, args []any, f func([]string)) {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var all [][]string
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		all = append(all, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close() // the pool may hold one connection only
	for _, v := range all {
		f(v)
	}
}

// BenchmarkUpgradeFreshSQLite measures creating the whole schema, what the
// embedded server does on first start.
func BenchmarkUpgradeFreshSQLite(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		db, _, err := Open(ctx, "sqlite://")
		if err != nil {
			b.Fatal(err)
		}
		if err := Upgrade(ctx, db, SQLite); err != nil {
			b.Fatal(err)
		}
		_ = db.Close()
	}
}

// BenchmarkUpgradeNoopSQLite measures Upgrade on an up-to-date database,
// what every server start pays.
func BenchmarkUpgradeNoopSQLite(b *testing.B) {
	ctx := context.Background()
	db, _, err := Open(ctx, "sqlite:///"+filepath.Join(b.TempDir(), "mistral.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := Upgrade(ctx, db, SQLite); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Upgrade(ctx, db, SQLite); err != nil {
			b.Fatal(err)
		}
	}
}
