package schema

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"slices"
)

// ErrUnknownRevision is returned for an alembic revision that is not one of
// Mistral 15's ("001" to HeadRevision), whether asked for or found in the
// database.
var ErrUnknownRevision = errors.New("unknown Mistral schema revision")

// ErrOldRevision is returned by Upgrade when the database holds a Mistral
// schema older than Upgrade can bring to head (before revision 038, that
// is Mistral 10 or older).
var ErrOldRevision = errors.New("database has an older Mistral schema")

// schemaLockTimeoutSeconds bounds how long Upgrade and Stamp wait for
// another process changing the same MySQL database.
const schemaLockTimeoutSeconds = 120

// Option adjusts Upgrade and Stamp.
type Option func(*options)

type options struct {
	log *slog.Logger
}

// WithLogger makes Upgrade and Stamp report each step to log (the default
// is silence).
func WithLogger(log *slog.Logger) Option {
	return func(o *options) { o.log = log }
}

func collect(opts []Option) options {
	o := options{log: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Status is what a database holds, as Inspect reads it.
type Status struct {
	// MistralRevision is the alembic revision, "" when there is none.
	MistralRevision string
	// Applied are Tramontane's migrations recorded in the database, in
	// history order; Pending are those Upgrade would apply.
	Applied []string
	Pending []string
	// Unknown are recorded migrations this build does not know (written by
	// a newer Tramontane). They are additive and harmless.
	Unknown []string
}

// Upgrade brings the database to Mistral's HeadRevision and applies the
// pending Tramontane migrations. It is idempotent and safe to run from
// several processes at once (they serialize on a lock). On an empty
// database it creates Mistral's head schema and records HeadRevision in
// alembic_version; a database of Mistral 11 to 14 (revision 038 to 040)
// gets Mistral's last migrations replayed; a database already at
// HeadRevision (for instance one Mistral created) only gets Tramontane's
// tables. Older or unknown revisions are refused (ErrOldRevision,
// ErrUnknownRevision) without any change.
func Upgrade(ctx context.Context, db *sql.DB, dialect string, opts ...Option) (err error) {
	if err := checkDialect(dialect); err != nil {
		return err
	}
	o := collect(opts)
	// Every server start calls Upgrade: when nothing is left to do, say so
	// without taking the lock.
	if st, err := Inspect(ctx, db, dialect); err == nil && st.MistralRevision == HeadRevision && len(st.Pending) == 0 {
		o.log.Info("database schema is up to date", "revision", HeadRevision, "tramontane_migrations", len(st.Applied))
		return nil
	}
	s, err := lock(ctx, db, dialect)
	if err != nil {
		return err
	}
	defer func() { err = s.unlock(ctx, err) }()

	if err := s.upgradeMistral(ctx, o.log); err != nil {
		return err
	}
	return s.upgradeTramontane(ctx, o.log)
}

// Current returns the database's Mistral (alembic) revision, "" when it has
// none.
func Current(ctx context.Context, db *sql.DB, dialect string) (string, error) {
	if err := checkDialect(dialect); err != nil {
		return "", err
	}
	q := querier{dialect: dialect, db: db}
	return q.mistralRevision(ctx)
}

// Inspect reports the Mistral revision and the state of Tramontane's
// migrations without changing anything.
func Inspect(ctx context.Context, db *sql.DB, dialect string) (Status, error) {
	if err := checkDialect(dialect); err != nil {
		return Status{}, err
	}
	q := querier{dialect: dialect, db: db}
	var st Status
	var err error
	if st.MistralRevision, err = q.mistralRevision(ctx); err != nil {
		return Status{}, err
	}
	applied, err := q.appliedMigrations(ctx)
	if err != nil {
		return Status{}, err
	}
	known := MigrationIDs()
	for _, id := range known {
		if slices.Contains(applied, id) {
			st.Applied = append(st.Applied, id)
		} else {
			st.Pending = append(st.Pending, id)
		}
	}
	for _, id := range applied {
		if !slices.Contains(known, id) {
			st.Unknown = append(st.Unknown, id)
		}
	}
	return st, nil
}

// Stamp records revision in alembic_version without changing any table,
// as Mistral's "mistral-db-manage stamp" does. revision is one of Mistral
// 15's revisions, "head", or "base" (which empties alembic_version).
func Stamp(ctx context.Context, db *sql.DB, dialect, revision string, opts ...Option) (err error) {
	if err := checkDialect(dialect); err != nil {
		return err
	}
	rev, err := ResolveRevision(revision)
	if err != nil {
		return err
	}
	o := collect(opts)
	s, err := lock(ctx, db, dialect)
	if err != nil {
		return err
	}
	defer func() { err = s.unlock(ctx, err) }()

	if err := s.execAll(ctx, createTable(dialect, alembicVersion)); err != nil {
		return err
	}
	if err := s.setMistralRevision(ctx, rev); err != nil {
		return err
	}
	o.log.Info("stamped Mistral schema revision", "revision", rev)
	return nil
}

// ResolveRevision turns "head" and "base" into HeadRevision and "" and
// checks that anything else is one of Mistral 15's revisions.
func ResolveRevision(revision string) (string, error) {
	switch revision {
	case "head", "heads":
		return HeadRevision, nil
	case "base":
		return "", nil
	}
	if !slices.Contains(mistralRevisions, revision) {
		return "", fmt.Errorf("%w: can't locate revision identified by '%s'", ErrUnknownRevision, revision)
	}
	return revision, nil
}

// Statements returns the DDL that Upgrade runs on an empty database, for
// an operator to review or apply by hand ("upgrade head --sql").
func Statements(dialect string) ([]string, error) {
	if err := checkDialect(dialect); err != nil {
		return nil, err
	}
	var stmts []string
	if dialect == MySQL {
		stmts = append(stmts, "SET FOREIGN_KEY_CHECKS=0")
	}
	stmts = append(stmts, mistralHeadStatements(dialect)...)
	stmts = append(stmts, insertRevision(dialect, HeadRevision))
	stmts = append(stmts, createTable(dialect, migrationsTable)...)
	for _, m := range tramontaneMigrations {
		stmts = append(stmts, migrationStatements(dialect, m)...)
	}
	if dialect == MySQL {
		stmts = append(stmts, "SET FOREIGN_KEY_CHECKS=1")
	}
	return stmts, nil
}

// mistralHeadStatements create Mistral's head schema, alembic_version
// included but still empty.
func mistralHeadStatements(dialect string) []string {
	var stmts []string
	for _, t := range mistralTables {
		stmts = append(stmts, createTable(dialect, t)...)
	}
	return stmts
}

// migrationStatements apply m and record it.
func migrationStatements(dialect string, m migration) []string {
	var stmts []string
	for _, t := range m.tables {
		stmts = append(stmts, createTable(dialect, t)...)
	}
	stmts = append(stmts, m.statements[dialect]...)
	return append(stmts, "INSERT INTO "+quote(dialect, migrationsTable.name)+
		" ("+quoteList(dialect, cols("id", "applied_at"))+") VALUES ('"+m.id+"', "+nowSQL(dialect)+")")
}

func insertRevision(dialect, rev string) string {
	return "INSERT INTO " + quote(dialect, alembicVersion.name) + " (" + quote(dialect, "version_num") +
		") VALUES ('" + rev + "')"
}

// nowSQL is the current UTC time with microseconds, as SQL.
func nowSQL(dialect string) string {
	if dialect == MySQL {
		return "UTC_TIMESTAMP(6)"
	}
	return "strftime('%Y-%m-%d %H:%M:%f', 'now')"
}

// querier reads schema state through a pool or a locked session.
type querier struct {
	dialect string
	db      interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
}

func (q querier) tableExists(ctx context.Context, name string) (bool, error) {
	query := "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	if q.dialect == SQLite {
		query = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	}
	var n int
	if err := q.db.QueryRowContext(ctx, query, name).Scan(&n); err != nil {
		return false, fmt.Errorf("look for table %s: %w", name, err)
	}
	return n > 0, nil
}

// column reads one string column of every row of a table that may not
// exist (nil then).
func (q querier) column(ctx context.Context, tableName, col string) ([]string, error) {
	ok, err := q.tableExists(ctx, tableName)
	if err != nil || !ok {
		return nil, err
	}
	rows, err := q.db.QueryContext(ctx, "SELECT "+quote(q.dialect, col)+" FROM "+quote(q.dialect, tableName))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", tableName, err)
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read %s: %w", tableName, err)
		}
		vals = append(vals, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", tableName, err)
	}
	return vals, nil
}

func (q querier) mistralRevision(ctx context.Context) (string, error) {
	revs, err := q.column(ctx, alembicVersion.name, "version_num")
	if err != nil {
		return "", err
	}
	switch len(revs) {
	case 0:
		return "", nil
	case 1:
		return revs[0], nil
	default:
		return "", fmt.Errorf("alembic_version holds %d revisions %v; Mistral's history has one head", len(revs), revs)
	}
}

func (q querier) appliedMigrations(ctx context.Context) ([]string, error) {
	return q.column(ctx, migrationsTable.name, "id")
}

// session is one connection that holds the schema lock while it changes
// the schema. On MySQL the lock is a named lock (GET_LOCK) and foreign key
// checks are off, because Mistral's tables reference each other in a
// cycle; the connection is discarded afterwards, which drops both. On
// SQLite the whole change is one IMMEDIATE transaction, so it is atomic.
type session struct {
	querier
	conn *sql.Conn
}

func lock(ctx context.Context, db *sql.DB, dialect string) (*session, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	s := &session{querier: querier{dialect: dialect, db: conn}, conn: conn}
	if err := s.acquire(ctx); err != nil {
		if dialect == SQLite {
			_ = conn.Close() // BEGIN failed: nothing to undo
		} else {
			s.discard()
		}
		return nil, err
	}
	return s, nil
}

func (s *session) acquire(ctx context.Context) error {
	if s.dialect == SQLite {
		if _, err := s.conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			return fmt.Errorf("lock the sqlite database: %w", err)
		}
		return nil
	}
	var database sql.NullString
	if err := s.conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&database); err != nil {
		return fmt.Errorf("read the current database: %w", err)
	}
	if !database.Valid {
		return errors.New("the connection names no database")
	}
	var got sql.NullInt64
	err := s.conn.QueryRowContext(ctx, "SELECT GET_LOCK(CONCAT('tramontane_schema:', MD5(DATABASE())), ?)",
		schemaLockTimeoutSeconds).Scan(&got)
	if err != nil {
		return fmt.Errorf("take the schema lock: %w", err)
	}
	if got.Int64 != 1 {
		return fmt.Errorf("take the schema lock of database %s: another process held it for %d s",
			database.String, schemaLockTimeoutSeconds)
	}
	if _, err := s.conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS=0"); err != nil {
		return fmt.Errorf("turn off foreign key checks: %w", err)
	}
	return nil
}

// unlock ends the session. On SQLite it commits (or, after a failure,
// rolls back) and gives the connection back to the pool: an in-memory
// database lives in that connection. On MySQL it discards the connection,
// which drops the lock and the session settings with it.
func (s *session) unlock(ctx context.Context, failure error) error {
	if s.dialect != SQLite {
		s.discard()
		return failure
	}
	end := "COMMIT"
	if failure != nil {
		end = "ROLLBACK"
	}
	if _, err := s.conn.ExecContext(context.WithoutCancel(ctx), end); err != nil {
		// The transaction is in an unknown state: closing the connection
		// rolls it back, and the pool must not hand it out again.
		s.discard()
		return errors.Join(failure, fmt.Errorf("end the schema change with %s: %w", end, err))
	}
	_ = s.conn.Close()
	return failure
}

// discard closes the session's connection instead of returning it to the
// pool, so that no session state leaks into later work.
func (s *session) discard() {
	_ = s.conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = s.conn.Close()
}

func (s *session) execAll(ctx context.Context, stmts []string) error {
	for _, stmt := range stmts {
		if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("run %.60q: %w", stmt, err)
		}
	}
	return nil
}

func (s *session) upgradeMistral(ctx context.Context, log *slog.Logger) error {
	rev, err := s.mistralRevision(ctx)
	if err != nil {
		return err
	}
	switch {
	case rev == HeadRevision:
		log.Info("Mistral schema is at head", "revision", rev)
		return nil
	case rev == "":
		// A crash half-way leaves tables but no revision; CREATE TABLE IF
		// NOT EXISTS then completes the set. The revision goes in last.
		log.Info("creating Mistral schema", "revision", HeadRevision)
		if err := s.execAll(ctx, mistralHeadStatements(s.dialect)); err != nil {
			return err
		}
		return s.setMistralRevision(ctx, HeadRevision)
	case slices.Contains(mistralRevisions, rev) && rev >= oldestUpgradable:
		return s.catchUp(ctx, rev, log)
	case slices.Contains(mistralRevisions, rev):
		return fmt.Errorf("%w: it is at revision %s and Tramontane upgrades from %s on; upgrade it first "+
			"with Mistral 15's mistral-db-manage upgrade head", ErrOldRevision, rev, oldestUpgradable)
	default:
		return fmt.Errorf("%w %q in alembic_version (this is Mistral 15, head %s)", ErrUnknownRevision, rev, HeadRevision)
	}
}

// setMistralRevision makes rev the only row of alembic_version, or empties
// it when rev is "". A single row is updated in place, as alembic does, so
// that a reader never sees the table empty in between.
func (s *session) setMistralRevision(ctx context.Context, rev string) error {
	cur, err := s.column(ctx, alembicVersion.name, "version_num")
	if err != nil {
		return err
	}
	table := quote(s.dialect, alembicVersion.name)
	var stmts []string
	if len(cur) == 1 && rev != "" {
		stmts = []string{"UPDATE " + table + " SET " + quote(s.dialect, "version_num") + " = '" + rev + "'"}
	} else {
		stmts = []string{"DELETE FROM " + table}
		if rev != "" {
			stmts = append(stmts, insertRevision(s.dialect, rev))
		}
	}
	if err := s.execAll(ctx, stmts); err != nil {
		return fmt.Errorf("record Mistral schema revision %q: %w", rev, err)
	}
	return nil
}

func (s *session) upgradeTramontane(ctx context.Context, log *slog.Logger) error {
	if err := s.execAll(ctx, createTable(s.dialect, migrationsTable)); err != nil {
		return err
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range tramontaneMigrations {
		if slices.Contains(applied, m.id) {
			continue
		}
		log.Info("applying Tramontane migration", "id", m.id)
		if err := s.execAll(ctx, migrationStatements(s.dialect, m)); err != nil {
			return fmt.Errorf("tramontane migration %s: %w", m.id, err)
		}
	}
	return nil
}
