package db

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// Stats counts the database work a store did since it was opened: the
// statements it sent, or rather their round trips (on MySQL, a
// transaction's batched writes, begin and commit ride with other
// statements and are not counted apart; a commit that carries the last
// writes is one), and the transactions it ran (on SQLite, begin and end
// are statements of their own). Benchmarks report them per operation.
type Stats struct {
	Statements   int64
	Transactions int64
}

// counters is the store's live Stats.
type counters struct {
	statements   atomic.Int64
	transactions atomic.Int64
}

// Stats returns the counts so far.
func (s *Store) Stats() Stats {
	return Stats{Statements: s.counts.statements.Load(), Transactions: s.counts.transactions.Load()}
}

// countStatements registers GORM callbacks that count every statement the
// store sends.
func countStatements(gdb *gorm.DB, c *counters) error {
	count := func(g *gorm.DB) {
		if !g.DryRun { // a write held back for a batch is counted when sent
			c.statements.Add(1)
		}
	}
	cb := gdb.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("tramontane:count", count),
		cb.Query().After("gorm:query").Register("tramontane:count", count),
		cb.Update().After("gorm:update").Register("tramontane:count", count),
		cb.Delete().After("gorm:delete").Register("tramontane:count", count),
		cb.Row().After("gorm:row").Register("tramontane:count", count),
		cb.Raw().After("gorm:raw").Register("tramontane:count", count),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
