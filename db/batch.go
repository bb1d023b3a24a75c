package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// Batched statements. On MySQL every statement is a round trip, and an
// engine transaction mostly writes rows that nothing reads back before the
// commit: updates of rows it read, inserts of rows whose ids it made. Those
// writes wait in the transaction (Tx.pending) and ride with the
// transaction's next statement, as one multi-statement round trip: the
// server runs them in order, first the writes, then the statement, whose
// answer is the one the caller gets. So the transaction reads what it
// wrote, as without batching. The transaction's begin waits the same way
// for its first statement, and its outbox entries and commit go with the
// last writes (their ids come back from that round trip): a chain's task
// transition costs two round trips instead of ten.
//
// A write that must answer at once (an insert that can hit a unique key)
// is simply sent at once, carrying the writes in front of it.
//
// SQLite has no round trips to save; there, and outside a transaction,
// every statement goes alone and at once.

// batchingDSN returns the MySQL DSN with what batches need: several
// statements in one query, and arguments inlined by the driver (a batch
// cannot be a prepared statement).
func batchingDSN(dsn string) (string, error) {
	cfg, err := mysqldriver.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("parse MySQL DSN: %w", err)
	}
	cfg.MultiStatements = true
	cfg.InterpolateParams = true
	return cfg.FormatDSN(), nil
}

// pendingWrite is a statement waiting in its transaction.
type pendingWrite struct {
	sql  string
	vars []any
	what string // for errors: "save task execution <id>"
	// control marks the begin and the lock, which change no row: a
	// transaction that sent nothing else has nothing to commit.
	control bool
}

// Round trips are bounded by size. The server refuses a packet larger than
// its max_allowed_packet (16 MB by default on Debian) and drops the
// connection, so a round trip, and a multi-row insert, closes when the next
// statement or row would take it past the store's budget (Store.batchBytes):
// maxBatchBytes, or a quarter of the server's max_allowed_packet when that
// is smaller, which leaves room for the escaping of inlined arguments (at
// most twice their size). Rows and batches of usual sizes are far below it;
// a statement larger than the budget goes alone, and one larger than
// max_allowed_packet is refused before it is sent.

// maxBatchBytes bounds a round trip's statements with their arguments.
const maxBatchBytes = 1 << 20

// batchBudget is the budget of a round trip on a server that takes packets
// of up to maxPacket bytes (0: no limit known).
func batchBudget(maxPacket int) int {
	if maxPacket <= 0 {
		return maxBatchBytes
	}
	return min(maxBatchBytes, maxPacket/4)
}

// readMaxPacket returns the server's max_allowed_packet.
func readMaxPacket(ctx context.Context, sqlDB *sql.DB) (int, error) {
	var n int
	if err := sqlDB.QueryRowContext(ctx, "SELECT @@max_allowed_packet").Scan(&n); err != nil {
		return 0, fmt.Errorf("read max_allowed_packet: %w", err)
	}
	return n, nil
}

// chunk returns how many of the next rows go in one multi-row insert: at
// most maxRows, and no more than fit in maxBytes, but always one at least
// (when rows > 0). size(i) is about how much row i weighs in the statement.
func chunk(rows, maxRows, maxBytes int, size func(i int) int) int {
	n, bytes := 0, 0
	for n < rows && n < maxRows {
		b := size(n)
		if n > 0 && bytes+b > maxBytes {
			break
		}
		bytes += b
		n++
	}
	return n
}

// argBytes is about how much arguments weigh once inlined in a statement.
func argBytes(vars []any) int {
	n := 0
	for _, v := range vars {
		switch v := v.(type) {
		case string:
			n += len(v)
		case *string:
			if v != nil {
				n += len(*v)
			}
		case []byte:
			n += len(v)
		case JSON:
			n += len(v.Raw)
		case StringList:
			for _, s := range v {
				n += len(s) + 4
			}
		default:
			n += 16
		}
	}
	return n
}

// room makes room in the next round trip for a statement of n bytes: it
// refuses one that the server would not take, and sends the waiting writes
// first when the statement would take the round trip past the budget. (The
// begin and the lock, which weigh nothing, ride with any statement.) what
// names the statement in errors.
func (tx *Tx) room(ctx context.Context, what string, n int) error {
	if limit := tx.store.maxPacket; limit > 0 && n > limit {
		return fmt.Errorf("%s: about %d bytes, more than the database server takes in one statement (max_allowed_packet = %d)",
			what, n, limit)
	}
	if tx.pendingBytes > 0 && tx.pendingBytes+n > tx.store.batchBytes {
		return tx.flush(ctx)
	}
	return nil
}

// beginWrite and commitWrite open and close a batching transaction.
var (
	beginWrite  = pendingWrite{sql: "START TRANSACTION", what: "begin transaction", control: true}
	commitWrite = pendingWrite{sql: "COMMIT", what: "commit"}
)

// batches reports whether tx holds writes back.
func (tx *Tx) batches() bool { return tx.conn != nil }

// write runs the statement op builds now, or, in a batching transaction,
// queues it for the next round trip. what names it in errors.
func (tx *Tx) write(what string, op func(g *gorm.DB) *gorm.DB) error {
	if tx.broken != nil {
		return tx.broken
	}
	if tx.batches() {
		built := op(tx.gdb.Session(&gorm.Session{DryRun: true}))
		if built.Error != nil {
			return fmt.Errorf("%s: %w", what, built.Error)
		}
		sql := built.Statement.SQL.String()
		if sql == "" { // nothing to write (gorm skips an update without columns)
			return nil
		}
		if !strings.Contains(sql, " RETURNING ") { // else gorm wants an answer: send it now
			return tx.queue(what, sql, built.Statement.Vars)
		}
	}
	if err := op(tx.gdb).Error; err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// exec is write for a statement built by hand (rows.go), which answers no
// rows.
func (tx *Tx) exec(what, sql string, vars []any) error {
	if tx.broken != nil {
		return tx.broken
	}
	if tx.batches() {
		return tx.queue(what, sql, vars)
	}
	if err := tx.execNow(sql, vars); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// queue adds a write to those waiting for the next round trip, after
// sending them if it would make the round trip too large.
func (tx *Tx) queue(what, sql string, vars []any) error {
	n := len(sql) + argBytes(vars)
	if err := tx.room(tx.gdb.Statement.Context, what, n); err != nil {
		return err
	}
	tx.pending = append(tx.pending, pendingWrite{sql: sql, vars: vars, what: what})
	tx.pendingBytes += n
	return nil
}

// execNow sends a statement built by hand at once (in a batching
// transaction, with the writes waiting in front of it) and returns the
// driver's error as is.
func (tx *Tx) execNow(sql string, vars []any) error {
	tx.store.counts.statements.Add(1)
	_, err := tx.gdb.Statement.ConnPool.ExecContext(tx.gdb.Statement.Context, sql, vars...)
	return err
}

// commit sends the waiting writes, the transaction's outbox entries and
// the commit, and gives the entries their ids: on MariaDB all in one round
// trip. A transaction that sent and wrote nothing has nothing to commit.
func (tx *Tx) commit(ctx context.Context) error {
	if tx.broken != nil {
		return tx.broken
	}
	if !tx.sent && len(tx.outbox) == 0 && !slices.ContainsFunc(tx.pending, func(w pendingWrite) bool { return !w.control }) {
		tx.pending = nil
		return nil
	}
	if err := tx.takeDelivered(); err != nil {
		return err
	}
	entries := tx.outbox
	tx.outbox = nil
	for len(entries) > 0 {
		n := chunk(len(entries), insertBatch, tx.store.batchBytes, func(i int) int { return entries[i].size() })
		part := entries[:n]
		entries = entries[n:]
		var vars []any
		for _, e := range part {
			vars = insertValues(vars, e.columns())
		}
		insert := pendingWrite{sql: tx.store.rows.insertOutbox.rows(n), vars: vars,
			what: fmt.Sprintf("write %d outbox entries", n)}
		// MariaDB answers the last insert with its rows' ids, then the
		// commit's OK: both go in one round trip. (MySQL's ids come as
		// the last statement's insert id, so its commit goes apart.)
		if tx.store.returning {
			insert.sql += returningIDs
		}
		tail := []pendingWrite{insert}
		withCommit := len(entries) == 0 && tx.store.returning
		if withCommit {
			tail = append(tail, commitWrite)
		}
		ids, err := tx.send(ctx, tail, n)
		if err != nil {
			return err
		}
		for i, id := range ids {
			part[i].ID = id
		}
		if withCommit {
			return nil
		}
	}
	_, err := tx.send(ctx, []pendingWrite{commitWrite}, 0)
	return err
}

// returningIDs ends an insert that answers with its rows' ids: MariaDB
// (10.5 and later) has it, MySQL does not.
const returningIDs = " RETURNING `id`"

// insertReturnsIDs reports whether gorm, which knows the server's version,
// asks the server for the ids of the rows an insert adds with
// returningIDs.
func insertReturnsIDs(gdb *gorm.DB) bool {
	built := gdb.Session(&gorm.Session{DryRun: true}).Create(&OutboxEntry{})
	return built.Error == nil && strings.HasSuffix(built.Statement.SQL.String(), returningIDs)
}

// flush sends the waiting writes.
func (tx *Tx) flush(ctx context.Context) error {
	_, err := tx.send(ctx, nil, 0)
	return err
}

// send sends the waiting writes followed by tail in one round trip. When
// the first statement of tail inserts rows rows into a table with an
// auto-increment id (and the others answer no rows), it returns the ids the
// rows got, in order.
func (tx *Tx) send(ctx context.Context, tail []pendingWrite, rows int) ([]int64, error) {
	if len(tail) > 0 {
		n := 0
		for _, w := range tail {
			n += len(w.sql) + argBytes(w.vars)
		}
		if err := tx.room(ctx, tail[0].what, n); err != nil {
			return nil, err
		}
	}
	batch := append(tx.pending, tail...)
	tx.pending, tx.pendingBytes = nil, 0
	if len(batch) == 0 {
		return nil, nil
	}
	if tx.broken != nil {
		return nil, tx.broken
	}
	tx.sent = true
	var sql strings.Builder
	var vars []any
	for i, w := range batch {
		if i > 0 {
			sql.WriteString(";\n")
		}
		sql.WriteString(w.sql)
		vars = append(vars, w.vars...)
	}
	tx.store.counts.statements.Add(1)
	if rows > 0 && strings.HasSuffix(tail[0].sql, returningIDs) {
		// MariaDB answers the insert with its rows' ids (gorm asks so);
		// the driver skips the empty answers of the statements before.
		ids, err := queryIDs(ctx, tx.conn, sql.String(), vars)
		if err != nil {
			tx.broken = fmt.Errorf("%s: %w", batchWhat(batch), err)
			return nil, tx.broken
		}
		if len(ids) != rows {
			return nil, fmt.Errorf("%s: %d ids returned for %d rows", tail[0].what, len(ids), rows)
		}
		return ids, nil
	}
	res, err := tx.conn.ExecContext(ctx, sql.String(), vars...)
	if err != nil {
		tx.broken = fmt.Errorf("%s: %w", batchWhat(batch), err)
		return nil, tx.broken
	}
	if rows == 0 {
		return nil, nil
	}
	// MySQL gives the last statement's first id (tail is the insert
	// alone); a multi-row insert takes consecutive ones, as gorm assumes.
	first, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tail[0].what, err)
	}
	ids := make([]int64, rows)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids, nil
}

// queryIDs runs a query and reads the ids of its first result set; the
// statements after it must answer no rows. Their errors (a failed commit)
// come with closing the rows.
func queryIDs(ctx context.Context, conn *sql.Conn, query string, vars []any) (ids []int64, err error) {
	rows, err := conn.QueryContext(ctx, query, vars...)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// batchWhat names the writes of a batch for an error.
func batchWhat(batch []pendingWrite) string {
	if len(batch) == 1 {
		return batch[0].what
	}
	whats := make([]string, len(batch))
	for i, w := range batch {
		whats[i] = w.what
	}
	return strings.Join(whats, ", ")
}

// batchConn is a batching transaction's connection as gorm sees it: every
// statement carries the writes waiting in front of it. For a query, the
// driver skips the writes' empty answers and returns the query's rows; for
// an exec, the result is the statement's own.
type batchConn struct {
	tx *Tx
}

var _ gorm.ConnPool = (*batchConn)(nil)

// carry prepends the waiting writes to a statement, or first sends them
// when the round trip would be too large.
func (c *batchConn) carry(ctx context.Context, query string, args []any) (string, []any, []pendingWrite, error) {
	if err := c.tx.room(ctx, "statement", len(query)+argBytes(args)); err != nil {
		return "", nil, nil, err
	}
	carried := c.tx.pending
	if len(carried) == 0 {
		return query, args, nil, nil
	}
	c.tx.pending, c.tx.pendingBytes = nil, 0
	c.tx.sent = true
	var sql strings.Builder
	var vars []any
	for _, w := range carried {
		sql.WriteString(w.sql)
		sql.WriteString(";\n")
		vars = append(vars, w.vars...)
	}
	sql.WriteString(query)
	return sql.String(), append(vars, args...), carried, nil
}

// failed records a failure that leaves the transaction unusable: one that
// ended it on the server (a deadlock, a lost connection), or one of a round
// trip that carried waiting writes, of which an unknown part was applied.
// Every later statement and the commit then fail with it, so that the
// transaction rolls back, and runs again when the failure allows, even if
// its caller went on (an expression that read the database turns errors
// into its own).
func (tx *Tx) failed(err error, carried []pendingWrite) error {
	if err == nil {
		return nil
	}
	if len(carried) > 0 {
		err = fmt.Errorf("%s and the statement after: %w", batchWhat(carried), err)
	}
	if len(carried) > 0 || retryable(err) {
		tx.broken = err
	}
	return err
}

func (c *batchConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if c.tx.broken != nil {
		return nil, c.tx.broken
	}
	query, args, carried, err := c.carry(ctx, query, args)
	if err != nil {
		return nil, err
	}
	res, err := c.tx.conn.ExecContext(ctx, query, args...)
	return res, c.tx.failed(err, carried)
}

func (c *batchConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if c.tx.broken != nil {
		return nil, c.tx.broken
	}
	query, args, carried, err := c.carry(ctx, query, args)
	if err != nil {
		return nil, err
	}
	rows, err := c.tx.conn.QueryContext(ctx, query, args...)
	return rows, c.tx.failed(err, carried)
}

// QueryRowContext is for gorm's Row, which nothing here uses: its errors
// come with Scan, too late to mark the transaction; so it sends the
// waiting writes first, alone.
func (c *batchConn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	err := c.tx.broken
	if err == nil {
		err = c.tx.flush(ctx)
	}
	if err != nil {
		ctx, cancel := context.WithCancel(ctx)
		cancel() // a Row carrying an error: the transaction fails anyway
		return c.tx.conn.QueryRowContext(ctx, query, args...)
	}
	return c.tx.conn.QueryRowContext(ctx, query, args...)
}

// PrepareContext sends the waiting writes first: a prepared statement
// cannot carry them.
func (c *batchConn) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := c.tx.flush(ctx); err != nil {
		return nil, err
	}
	return c.tx.conn.PrepareContext(ctx, query)
}

// runBatchedTx is runTx on MySQL: the transaction runs on a connection of
// its own, its begin, writes and commit riding with other statements.
func (s *Store) runBatchedTx(ctx context.Context, opts TxOptions, fn func(tx *Tx) error) (after []func(), err error) {
	sqlDB, err := s.gdb.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	s.counts.transactions.Add(1)
	tx := &Tx{store: s, conn: conn, pending: []pendingWrite{beginWrite}}
	committed := false
	defer func() {
		if !committed {
			tx.rollback(ctx)
			s.delivered.add(tx.riding...)
		}
		_ = conn.Close()
	}()
	g := s.gdb.Session(&gorm.Session{NewDB: true, Context: ctx})
	g.Statement.ConnPool = &batchConn{tx: tx}
	tx.gdb = g
	tx.lockRoot(opts)
	if err := fn(tx); err != nil {
		return nil, err
	}
	if err := tx.commit(ctx); err != nil {
		return nil, err
	}
	committed = true
	return tx.after, nil
}

// rollback ends a batching transaction that did not commit. A connection
// that cannot say it rolled back is closed rather than reused: it might
// still hold the transaction.
func (tx *Tx) rollback(ctx context.Context) {
	if !tx.sent {
		return
	}
	tx.pending = nil
	if _, err := tx.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
		_ = tx.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}
