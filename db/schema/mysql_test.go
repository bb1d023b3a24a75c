package schema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The MySQL tests compare what information_schema says about two
// databases: one built by Upgrade and one built by Mistral (its dumped
// schema, or Mistral's own mistral-db-manage when Python Mistral is
// installed).

func TestMySQLUpgradeMatchesMistralDump(t *testing.T) {
	srv := mysqlServer(t)
	ctx := context.Background()
	refName, ref := srv.newDatabase(t)
	applySpecSchema(t, ref, specFile(t, "schema-mysql.sql"))
	oursName, ours := srv.newDatabase(t)
	if err := Upgrade(ctx, ours, MySQL); err != nil {
		t.Fatal(err)
	}
	compareSchemas(t, srv.db, refName, oursName)
}

func TestMySQLUpgradeMatchesMistralDBManage(t *testing.T) {
	t.Parallel()
	python := pythonMistral(t)
	srv := mysqlServer(t)
	ctx := context.Background()
	refName, _ := srv.newDatabase(t)
	runMistralDBManage(t, python, srv, refName, "upgrade", "head")
	oursName, ours := srv.newDatabase(t)
	if err := Upgrade(ctx, ours, MySQL); err != nil {
		t.Fatal(err)
	}
	compareSchemas(t, srv.db, refName, oursName)

	// And Mistral's tool sees our database as up to date.
	out := runMistralDBManage(t, python, srv, oursName, "current")
	if !strings.Contains(out, HeadRevision+" (head)") {
		t.Errorf("mistral-db-manage current on our database said %q, want %q", out, HeadRevision+" (head)")
	}
}

// A database of Mistral 11 to 14 (revision 038 to 040) is brought to head
// exactly as Mistral's own migrations would.
func TestMySQLUpgradeFromOlderMistral(t *testing.T) {
	t.Parallel()
	python := pythonMistral(t)
	srv := mysqlServer(t)
	ctx := context.Background()
	refName, ref := srv.newDatabase(t)
	applySpecSchema(t, ref, specFile(t, "schema-mysql.sql"))
	for _, from := range []string{"038", "040"} {
		t.Run(from, func(t *testing.T) {
			t.Parallel()
			name, db := srv.newDatabase(t)
			runMistralDBManage(t, python, srv, name, "upgrade", from)
			if rev, err := Current(ctx, db, MySQL); err != nil || rev != from {
				t.Fatalf("Mistral left revision %q, %v", rev, err)
			}
			if err := Upgrade(ctx, db, MySQL); err != nil {
				t.Fatal(err)
			}
			compareSchemas(t, srv.db, refName, name)
		})
	}
}

func TestMySQLUpgradeOnMistralDatabaseAddsOnlyOurTables(t *testing.T) {
	srv := mysqlServer(t)
	ctx := context.Background()
	name, db := srv.newDatabase(t)
	applySpecSchema(t, db, specFile(t, "schema-mysql.sql"))
	if _, err := db.ExecContext(ctx, "INSERT INTO environments_v2 (id, name, variables) VALUES ('e1', 'env', '{}')"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, srv.db, name, isMistralTable)
	if err := Upgrade(ctx, db, MySQL); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, srv.db, name, isMistralTable)
	if d := diffLines(before, after); d != "" {
		t.Errorf("Upgrade changed Mistral's tables:\n%s", d)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM environments_v2").Scan(&n); err != nil || n != 1 {
		t.Errorf("environments_v2 rows = %d, %v; want the row kept", n, err)
	}
	st, err := Inspect(ctx, db, MySQL)
	if err != nil {
		t.Fatal(err)
	}
	if st.MistralRevision != HeadRevision || len(st.Pending) != 0 || !slices.Equal(st.Applied, MigrationIDs()) {
		t.Errorf("status after upgrade = %+v", st)
	}
	for _, tbl := range []string{"tramontane_outbox", "tramontane_timers", "tramontane_maintenance", "tramontane_services"} {
		if ok, err := (querier{dialect: MySQL, db: db}).tableExists(ctx, tbl); err != nil || !ok {
			t.Errorf("table %s exists = %v, %v", tbl, ok, err)
		}
	}
}

func TestMySQLUpgradeIsIdempotentAndConcurrent(t *testing.T) {
	srv := mysqlServer(t)
	ctx := context.Background()
	name, db := srv.newDatabase(t)

	// Several processes starting at once: one creates, the others wait for
	// the lock and find nothing left to do.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		pool := srv.open(t, name)
		wg.Go(func() { errs[i] = Upgrade(ctx, pool, MySQL) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	first := snapshot(t, srv.db, name, func(string) bool { return true })
	if err := Upgrade(ctx, db, MySQL); err != nil {
		t.Fatal(err)
	}
	if d := diffLines(first, snapshot(t, srv.db, name, func(string) bool { return true })); d != "" {
		t.Errorf("second Upgrade changed the schema:\n%s", d)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM tramontane_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(tramontaneMigrations) {
		t.Errorf("tramontane_migrations has %d rows, want %d", n, len(tramontaneMigrations))
	}
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM tramontane_maintenance").Scan(&n); err != nil || n != 1 {
		t.Errorf("tramontane_maintenance rows = %d, %v; want 1", n, err)
	}
}

func TestMySQLStampAndCurrent(t *testing.T) {
	srv := mysqlServer(t)
	_, db := srv.newDatabase(t)
	stampAndCurrent(t, db, MySQL)
}

// stampAndCurrent exercises Current, Stamp and Upgrade's refusal of old or
// unknown revisions on an empty database.
func stampAndCurrent(t *testing.T, db *sql.DB, dialect string) {
	t.Helper()
	ctx := context.Background()
	current := func(want string) {
		t.Helper()
		got, err := Current(ctx, db, dialect)
		if err != nil || got != want {
			t.Fatalf("Current = %q, %v; want %q", got, err, want)
		}
	}
	current("")
	if err := Stamp(ctx, db, dialect, "037"); err != nil {
		t.Fatal(err)
	}
	current("037")
	if err := Upgrade(ctx, db, dialect); !errors.Is(err, ErrOldRevision) {
		t.Fatalf("Upgrade at 037: err = %v, want ErrOldRevision", err)
	}
	if err := Stamp(ctx, db, dialect, "040"); err != nil {
		t.Fatal(err)
	}
	current("040")
	if err := Stamp(ctx, db, dialect, "999"); !errors.Is(err, ErrUnknownRevision) {
		t.Fatalf("Stamp 999: err = %v, want ErrUnknownRevision", err)
	}
	current("040")
	if err := Stamp(ctx, db, dialect, "head"); err != nil {
		t.Fatal(err)
	}
	current(HeadRevision)
	if err := Stamp(ctx, db, dialect, "base"); err != nil {
		t.Fatal(err)
	}
	current("")
	if err := Upgrade(ctx, db, dialect); err != nil {
		t.Fatal(err)
	}
	current(HeadRevision)
	if _, err := db.ExecContext(ctx, "UPDATE alembic_version SET version_num = '042'"); err != nil {
		t.Fatal(err)
	}
	if err := Upgrade(ctx, db, dialect); !errors.Is(err, ErrUnknownRevision) {
		t.Fatalf("Upgrade at 042: err = %v, want ErrUnknownRevision", err)
	}
}

// pythonMistral returns the Python that has Mistral 15 and PyMySQL, or
// skips the test: Python Mistral is an optional reference.
func pythonMistral(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: Python Mistral's migrations take tens of seconds")
	}
	python := "/usr/bin/python3"
	probe := exec.Command(python, "-c", "import pymysql, mistral.db.sqlalchemy.migration.cli")
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("Python Mistral 15 with PyMySQL is not installed (apt-get install python3-mistral python3-pymysql): %v: %s",
			err, lastLine(out))
	}
	return python
}

func isMistralTable(name string) bool { return !strings.HasPrefix(name, "tramontane_") }

// applySpecSchema runs a mysqldump --no-data file and the alembic_version
// row its trailing comment names.
func applySpecSchema(t *testing.T, db *sql.DB, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body []string
	var revision string
	lines := strings.Split(string(raw), "\n")
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, "-- alembic_version row:") && i+1 < len(lines):
			revision = strings.TrimSpace(strings.TrimPrefix(lines[i+1], "--"))
		case strings.HasPrefix(line, "--"), strings.HasPrefix(line, "/*M!"):
		default:
			body = append(body, line)
		}
	}
	if revision == "" {
		t.Fatalf("%s names no alembic_version row", path)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stmts := []string{"SET FOREIGN_KEY_CHECKS=0"}
	for _, s := range strings.Split(strings.Join(body, "\n"), ";\n") {
		if s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")); s != "" {
			stmts = append(stmts, s)
		}
	}
	stmts = append(stmts, "INSERT INTO alembic_version VALUES ('"+revision+"')", "SET FOREIGN_KEY_CHECKS=1")
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %.80q: %v", filepath.Base(path), s, err)
		}
	}
}

// runMistralDBManage runs Python Mistral's mistral-db-manage on database
// name and returns what it printed.
func runMistralDBManage(t *testing.T, python string, srv *testMySQL, name string, args ...string) string {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "mistral.conf")
	if err := os.WriteFile(conf, []byte("[database]\nconnection = "+pymysqlURL(srv, name)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	script := "import sys; from mistral.db.sqlalchemy.migration.cli import main; sys.argv[0] = 'mistral-db-manage'; main()"
	cmd := exec.Command(python, append([]string{"-c", script, "--config-file", conf}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mistral-db-manage %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pymysqlURL is the SQLAlchemy URL of database name on the test server.
func pymysqlURL(srv *testMySQL, name string) string {
	cfg := srv.cfg
	auth := cfg.User
	if cfg.Passwd != "" {
		auth += ":" + cfg.Passwd
	}
	if cfg.Net == "unix" {
		return fmt.Sprintf("mysql+pymysql://%s@localhost/%s?unix_socket=%s&charset=utf8", auth, name, cfg.Addr)
	}
	return fmt.Sprintf("mysql+pymysql://%s@%s/%s?charset=utf8", auth, cfg.Addr, name)
}

// compareSchemas fails the test when the schemas differ anywhere outside
// Tramontane's own tables.
func compareSchemas(t *testing.T, server *sql.DB, refName, oursName string) {
	t.Helper()
	ref := snapshot(t, server, refName, isMistralTable)
	ours := snapshot(t, server, oursName, isMistralTable)
	if len(ref) < 100 {
		t.Fatalf("reference schema %s looks empty (%d facts)", refName, len(ref))
	}
	if d := diffLines(ref, ours); d != "" {
		t.Errorf("schema differs from Mistral's (- Mistral, + ours):\n%s", d)
	}
}

// snapshot lists what information_schema knows about the tables of schema
// name that keep accepts, one sorted line per fact. Index and constraint
// order is not part of it: Mistral's own migrations create some indexes in
// an order that varies from run to run.
func snapshot(t *testing.T, server *sql.DB, name string, keep func(table string) bool) []string {
	t.Helper()
	queries := map[string]string{
		"table": `SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, ROW_FORMAT, CREATE_OPTIONS
			FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
		"column": `SELECT TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,
			COALESCE(COLUMN_DEFAULT, '<no default>'), EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_KEY
			FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
		"index": `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, INDEX_TYPE, NULLABLE
			FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
		"constraint": `SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE
			FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ?`,
		"fk-column": `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
			FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`,
		"fk": `SELECT TABLE_NAME, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, REFERENCED_TABLE_NAME
			FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
	}
	var facts []string
	for kind, q := range queries {
		rows, err := server.Query(q, name)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for rows.Next() {
			vals := make([]sql.NullString, 0, 10)
			ptrs := []any{}
			cols, _ := rows.Columns()
			for range cols {
				vals = append(vals, sql.NullString{})
			}
			for i := range vals {
				ptrs = append(ptrs, &vals[i])
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if !keep(vals[0].String) {
				continue
			}
			parts := []string{kind}
			for _, v := range vals {
				if v.Valid {
					parts = append(parts, v.String)
				} else {
					parts = append(parts, "NULL")
				}
			}
			facts = append(facts, strings.Join(parts, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	var rev sql.NullString
	err := server.QueryRow("SELECT MAX(version_num) FROM `" + name + "`.alembic_version").Scan(&rev)
	if err != nil {
		t.Fatal(err)
	}
	facts = append(facts, "alembic_version | "+rev.String)
	slices.Sort(facts)
	return facts
}

// diffLines lists the lines only in a (-) and only in b (+).
func diffLines(a, b []string) string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}
