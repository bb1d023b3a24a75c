package db

import (
	"context"
	"errors"
	"fmt"
	"strings"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// Batched writes. On MySQL every statement is a round trip, and an engine
// transaction mostly writes rows that nothing reads back before the commit:
// updates of rows it read, inserts of rows whose ids it made. Those writes
// wait in the transaction (Tx.pending) and reach the server together, as
// one multi-statement round trip, right before the transaction's next
// statement of any other kind or its commit. A write that must answer at
// once (an insert that can hit a unique key, an auto-increment id the
// caller needs) is sent with the waiting ones in front of it. The order of
// the statements is the order the engine made them, so what the
// transaction reads is what it wrote, as without batching.
//
// SQLite has no round trips to save; there, and outside a transaction,
// every write goes at once.

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
}

// maxBatchBytes bounds the SQL text of one batch, far below
// max_allowed_packet: a batch the driver could not send with its arguments
// inlined would fail.
const maxBatchBytes = 1 << 20

// txKey carries the Tx in the context of its gorm handle, for flushFirst.
type txKey struct{}

// batches reports whether tx holds writes back.
func (tx *Tx) batches() bool { return !tx.readOnly && tx.store.dialect == MySQL }

// write runs the statement op builds now, or, in a batching transaction,
// queues it for the next flush. what names it in errors.
func (tx *Tx) write(what string, op func(g *gorm.DB) *gorm.DB) error {
	if !tx.batches() {
		if err := op(tx.gdb).Error; err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	built := op(tx.gdb.Session(&gorm.Session{DryRun: true}))
	if built.Error != nil {
		return fmt.Errorf("%s: %w", what, built.Error)
	}
	sql := built.Statement.SQL.String()
	if sql == "" { // nothing to write (gorm skips an update without columns)
		return nil
	}
	tx.pending = append(tx.pending, pendingWrite{sql: sql, vars: built.Statement.Vars, what: what})
	tx.pendingBytes += len(sql)
	if tx.pendingBytes >= maxBatchBytes {
		return tx.flush(tx.gdb.Statement.Context)
	}
	return nil
}

// flush sends the waiting writes.
func (tx *Tx) flush(ctx context.Context) error {
	_, err := tx.flushWith(ctx, nil, 0)
	return err
}

// flushWith sends the waiting writes followed by last (when not nil), an
// insert of rows rows into a table with an auto-increment id, in one round
// trip, and returns the ids last gave its rows, in order.
func (tx *Tx) flushWith(ctx context.Context, last *pendingWrite, rows int) ([]int64, error) {
	batch := tx.pending
	tx.pending, tx.pendingBytes = nil, 0
	if last != nil {
		batch = append(batch, *last)
	}
	if len(batch) == 0 {
		return nil, nil
	}
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
	if last != nil && strings.HasSuffix(last.sql, " RETURNING `id`") {
		// MariaDB answers the insert with its rows' ids (gorm asks so).
		ids, err := tx.queryReturned(ctx, sql.String(), vars)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", batchWhat(batch), err)
		}
		if len(ids) != rows {
			return nil, fmt.Errorf("%s: %d ids returned for %d rows", last.what, len(ids), rows)
		}
		return ids, nil
	}
	res, err := tx.pool.ExecContext(ctx, sql.String(), vars...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", batchWhat(batch), err)
	}
	if last == nil {
		return nil, nil
	}
	// MySQL gives the last statement's first id; a multi-row insert takes
	// consecutive ones (gorm assumes so too).
	first, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", last.what, err)
	}
	ids := make([]int64, rows)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids, nil
}

// queryReturned runs a batch whose last statement returns ids, and reads
// them: the statements before it answer no rows.
func (tx *Tx) queryReturned(ctx context.Context, sql string, vars []any) ([]int64, error) {
	rows, err := tx.pool.QueryContext(ctx, sql, vars...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for {
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if !rows.NextResultSet() {
			break
		}
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
	return "write " + strings.Join(whats, ", ")
}

// insertNow inserts rows rows (a slice) after the waiting writes, in the
// same round trip, and returns the auto-increment ids they got; outside a
// batching transaction it is a plain insert, and gorm sets the rows' ids
// itself (nil is returned).
func (tx *Tx) insertNow(what string, value any, rows int) ([]int64, error) {
	if !tx.batches() {
		if err := tx.gdb.Create(value).Error; err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return nil, nil
	}
	built := tx.gdb.Session(&gorm.Session{DryRun: true}).Create(value)
	if built.Error != nil {
		return nil, fmt.Errorf("%s: %w", what, built.Error)
	}
	return tx.flushWith(tx.gdb.Statement.Context,
		&pendingWrite{sql: built.Statement.SQL.String(), vars: built.Statement.Vars, what: what}, rows)
}

// flushFirst is a gorm callback run before every statement: a statement of
// a batching transaction goes after the writes waiting in front of it.
func flushFirst(g *gorm.DB) {
	if g.DryRun || g.Error != nil || g.Statement.Context == nil {
		return
	}
	tx, _ := g.Statement.Context.Value(txKey{}).(*Tx)
	if tx == nil || len(tx.pending) == 0 {
		return
	}
	if err := tx.flush(g.Statement.Context); err != nil {
		_ = g.AddError(err)
	}
}

// registerFlushFirst installs flushFirst before gorm's own callbacks.
func registerFlushFirst(gdb *gorm.DB) error {
	cb := gdb.Callback()
	return errors.Join(
		cb.Create().Before("gorm:create").Register("tramontane:flush", flushFirst),
		cb.Query().Before("gorm:query").Register("tramontane:flush", flushFirst),
		cb.Update().Before("gorm:update").Register("tramontane:flush", flushFirst),
		cb.Delete().Before("gorm:delete").Register("tramontane:flush", flushFirst),
		cb.Row().Before("gorm:row").Register("tramontane:flush", flushFirst),
		cb.Raw().Before("gorm:raw").Register("tramontane:flush", flushFirst),
	)
}
