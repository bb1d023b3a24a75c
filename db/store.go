package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// Dialects.
const (
	MySQL  = "mysql"
	SQLite = "sqlite"
)

// Config says which database to open and how to pool connections.
type Config struct {
	Dialect string // MySQL or SQLite
	// DSN is a go-sql-driver/mysql DSN, or a SQLite file path with
	// optional query parameters.
	DSN string
	// MaxOpenConns bounds the pool (Mistral's max_pool_size +
	// max_overflow). SQLite always uses one connection: it has one writer.
	MaxOpenConns int
	// ConnMaxLifetime is Mistral's connection_recycle_time.
	ConnMaxLifetime time.Duration
	// MaxRetries is how often a transaction that hit a deadlock, a lock
	// wait timeout or a lost connection is run again.
	MaxRetries int
}

// Store is the database handle. It is safe for concurrent use.
type Store struct {
	gdb     *gorm.DB
	dialect string
	retries int
	locks   *keyedMutex
	log     *slog.Logger
	counts  *counters
	// delivered holds delivered outbox entries to delete (delivered.go).
	delivered deliveredIDs
	// rows are the hot path's statements, built by hand (rows.go).
	rows *rowStatements
	// maxPacket is the server's max_allowed_packet (0 on SQLite), and
	// batchBytes the budget of a round trip and of a multi-row insert
	// (batch.go).
	maxPacket, batchBytes int
	// returning says that inserts can answer with their rows' ids
	// (returningIDs: MariaDB).
	returning bool
	// foldedActions and foldedWorkflows say whether the action and
	// workflow tables may hold names beyond ASCII, for their lookups by
	// name on SQLite (collation.go).
	foldedActions, foldedWorkflows nameHint
}

// Open connects to the database. It does not create the schema (db/schema
// does).
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	var dialector gorm.Dialector
	switch cfg.Dialect {
	case MySQL:
		registerDialers()
		dsn, err := readCommittedDSN(ctx, cfg.DSN)
		if err != nil {
			return nil, fmt.Errorf("open mysql database: %w", err)
		}
		if dsn, err = batchingDSN(dsn); err != nil {
			return nil, fmt.Errorf("open mysql database: %w", err)
		}
		dialector = mysql.Open(dsn)
	case SQLite:
		dialector = sqlitedriver.Dialector(cfg.DSN)
	default:
		return nil, fmt.Errorf("open database: unknown dialect %q", cfg.Dialect)
	}
	gdb, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		// No PrepareStmt: gorm's statement cache holds a lock while it
		// waits for a connection, which deadlocks once the pool (one
		// connection for SQLite) is taken by transactions that prepare.
		PrepareStmt: false,
		NowFunc:     Now,
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", cfg.Dialect, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", cfg.Dialect, err)
	}
	if cfg.Dialect == SQLite {
		sqlDB.SetMaxOpenConns(1)
	} else {
		n := cfg.MaxOpenConns
		if n <= 0 {
			n = 20
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		if cfg.ConnMaxLifetime > 0 {
			sqlDB.SetConnMaxLifetime(cfg.ConnMaxLifetime)
		}
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("connect to %s database: %w", cfg.Dialect, err)
	}
	counts := &counters{}
	if err := countStatements(gdb, counts); err != nil {
		return nil, fmt.Errorf("open %s database: %w", cfg.Dialect, err)
	}
	maxPacket := 0
	if cfg.Dialect == MySQL {
		if maxPacket, err = readMaxPacket(ctx, sqlDB); err != nil {
			return nil, fmt.Errorf("open %s database: %w", cfg.Dialect, err)
		}
	}
	retries := cfg.MaxRetries
	if retries <= 0 {
		retries = 20
	}
	return &Store{gdb: gdb, dialect: cfg.Dialect, retries: retries, locks: newKeyedMutex(), log: log, counts: counts,
		rows: newRowStatements(), maxPacket: maxPacket, batchBytes: batchBudget(maxPacket),
		returning: cfg.Dialect == MySQL && insertReturnsIDs(gdb)}, nil
}

// Dialect returns MySQL or SQLite.
func (s *Store) Dialect() string { return s.dialect }

// SQL returns the underlying database/sql handle (for schema management).
func (s *Store) SQL() (*sql.DB, error) { return s.gdb.DB() }

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.gdb.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Tx is one database transaction with its after-commit registry.
type Tx struct {
	gdb      *gorm.DB
	store    *Store
	after    []func()
	readOnly bool

	// A batching transaction's connection, and the statements waiting
	// for its next round trip (batch.go).
	conn         *sql.Conn
	pending      []pendingWrite
	pendingBytes int
	outbox       []*OutboxEntry // written with the commit
	riding       []int64        // delivered entries deleted with the commit (delivered.go)
	broken       error          // why the transaction cannot go on (batch.go)
	sent         bool           // something went to the server
	// Action executions read ahead, handed out by Get (ActionExecutions.
	// Prefetch).
	prefetched map[string]*ActionExecution
	// Completions read ahead by action id, handed out by GetForCompletion
	// (ActionExecutions.PrefetchForCompletion).
	prefetchedCompletions map[string]*completionRows
	// A task's only action execution, by task id, as a completion's read
	// found it: ByTask answers from it (only_actions.go).
	onlyActions map[string]*ActionExecution
	// A workflow task's only sub-workflow execution, by task id, as a
	// report's read of the task found it: WorkflowExecutions.ByTask
	// answers from it (only_children.go).
	onlyChildren map[string]*WorkflowExecution
}

// AfterCommit registers f to run after the transaction commits. Registered
// functions run in registration order on the committing goroutine; when the
// transaction rolls back (or is retried) they are dropped.
func (tx *Tx) AfterCommit(f func()) {
	if tx.readOnly {
		panic("db: AfterCommit outside a transaction")
	}
	tx.after = append(tx.after, f)
}

// Dialect returns the store's dialect.
func (tx *Tx) Dialect() string { return tx.store.dialect }

// TxOptions tunes InTx.
type TxOptions struct {
	// Lock names an execution tree (its root execution id) that the
	// transaction serializes on: concurrent transactions with the same Lock
	// run one after the other.
	Lock string
	// Locks names more trees, for a transaction that works on several at
	// once (a group commit of their action results, engine/batch.go). All
	// of them, with Lock, are taken in the order of their ids, in the
	// process and on MySQL, so that transactions that share trees never
	// wait for each other in a circle.
	Locks []string
	// NewTree says that the transaction creates the tree Lock names: no
	// other process knows it yet, so there is no row to lock (on MySQL a
	// lock on a missing row is a gap lock, which deadlocks concurrent
	// inserts).
	NewTree bool
}

// InTx runs fn in a transaction, then the functions fn registered with
// AfterCommit. A deadlock, lock wait timeout or lost connection reruns the
// whole of fn (a bounded number of times) with a fresh registry, so that
// what a retried transaction registers runs once.
func (s *Store) InTx(ctx context.Context, opts TxOptions, fn func(tx *Tx) error) error {
	for _, tree := range opts.trees() {
		unlock := s.locks.lock(tree)
		defer unlock()
	}
	var after []func()
	var err error
	for attempt := 0; ; attempt++ {
		after, err = s.runTx(ctx, opts, fn)
		if err == nil || !retryable(err) || attempt >= s.retries || ctx.Err() != nil {
			break
		}
		s.log.Warn("retrying transaction", "attempt", attempt+1, "error", err)
		time.Sleep(retryDelay(attempt))
	}
	if err != nil {
		return err
	}
	for _, f := range after {
		f()
	}
	return nil
}

// trees returns the trees opts locks, sorted, each once.
func (opts TxOptions) trees() []string {
	if len(opts.Locks) == 0 {
		if opts.Lock == "" {
			return nil
		}
		return []string{opts.Lock}
	}
	trees := slices.Clone(opts.Locks)
	if opts.Lock != "" {
		trees = append(trees, opts.Lock)
	}
	slices.Sort(trees)
	return slices.Compact(trees)
}

// retryDelay is the pause before the attempt after attempt: exponential
// from 5 ms to half a second, with jitter so that transactions that
// deadlocked each other do not meet again.
func retryDelay(attempt int) time.Duration {
	d := 5 * time.Millisecond << min(attempt, 7)
	d = min(d, 500*time.Millisecond)
	return d/2 + rand.N(d/2+1)
}

// READ COMMITTED is the isolation of MySQL transactions, set on each
// connection (readCommittedDSN). Every engine transaction first locks its
// execution tree's root row and then must see what other trees committed;
// and without repeatable read's gap locks, the inserts and deletes of busy
// tables (the outbox) do not deadlock.

func (s *Store) runTx(ctx context.Context, opts TxOptions, fn func(tx *Tx) error) ([]func(), error) {
	if s.dialect == MySQL {
		return s.runBatchedTx(ctx, opts, fn)
	}
	// SQLite has one writer: the store's lock already serializes a tree.
	tx := &Tx{store: s}
	s.counts.transactions.Add(1)
	err := s.gdb.WithContext(ctx).Transaction(func(gtx *gorm.DB) error {
		tx.gdb = gtx
		return fn(tx)
	})
	if err != nil {
		return nil, err
	}
	return tx.after, nil
}

// lockRoot locks the root rows of the trees opts names, unless the
// transaction creates its tree. The lock answers nothing: it waits in front
// of the transaction's first statement and rides with it (a row that is
// not there locks nothing and is no error). Several roots are one
// statement: InnoDB reads the ids of an IN list on the primary key in
// ascending order, and locks them in that order.
func (tx *Tx) lockRoot(opts TxOptions) {
	trees := opts.trees()
	if len(trees) == 0 || opts.NewTree {
		return
	}
	if len(trees) == 1 {
		tx.pending = append(tx.pending, pendingWrite{
			sql:     "SELECT id INTO @tramontane_lock FROM workflow_executions_v2 WHERE id = ? FOR UPDATE",
			vars:    []any{trees[0]},
			what:    "lock execution " + trees[0],
			control: true,
		})
		return
	}
	vars := make([]any, len(trees))
	for i, t := range trees {
		vars[i] = t
	}
	tx.pending = append(tx.pending, pendingWrite{
		sql:     "SELECT COUNT(*) INTO @tramontane_lock FROM workflow_executions_v2 WHERE id IN (" + placeholders(len(trees)) + ") FOR UPDATE",
		vars:    vars,
		what:    fmt.Sprintf("lock %d executions", len(trees)),
		control: true,
	})
}

// retryable reports whether err is a transient database failure after which
// the whole transaction may run again.
func retryable(err error) bool {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213 || me.Number == 1205 // deadlock, lock wait timeout
	}
	return errors.Is(err, mysqldriver.ErrInvalidConn) || errors.Is(err, sql.ErrConnDone)
}

// Read returns a handle for reads outside a transaction. It has the same
// repository methods as a Tx; registering after-commit work on it panics.
func (s *Store) Read(ctx context.Context) *Tx {
	return &Tx{gdb: s.gdb.WithContext(ctx), store: s, readOnly: true}
}
