package db

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// OutboxEntry is a row of tramontane_outbox: an RPC send that a transaction
// decided, written in that transaction. The process that wrote it sends it
// right after the commit and holds a lease on it (ClaimedBy, ClaimedUntil);
// a row whose lease ran out belongs to a process that may have died before
// sending, and the outbox sweeper looks at it.
type OutboxEntry struct {
	ID           int64      `gorm:"column:id;primaryKey;autoIncrement"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	Exchange     *string    `gorm:"column:exchange"`
	Topic        string     `gorm:"column:topic"`
	Server       *string    `gorm:"column:server"`
	Method       string     `gorm:"column:method"`
	Args         string     `gorm:"column:args"`
	CallKind     string     `gorm:"column:call_kind"`
	ClaimedBy    *string    `gorm:"column:claimed_by"`
	ClaimedUntil *time.Time `gorm:"column:claimed_until"`
	Attempts     int        `gorm:"column:attempts"`

	// Released is set by ClaimExpired on an entry that nobody held: its
	// sender released it because the send provably failed.
	Released bool `gorm:"-"`
}

// TableName implements gorm's Tabler.
func (OutboxEntry) TableName() string { return "tramontane_outbox" }

// columns lists the columns an insert writes (the id is the table's
// auto-increment), in gorm's order, for the hand-built insert of a
// batching transaction's commit (rows.go).
func (e *OutboxEntry) columns() []column {
	return []column{
		{"created_at", &e.CreatedAt, fixed},
		{"exchange", &e.Exchange, fixed},
		{"topic", &e.Topic, fixed},
		{"server", &e.Server, fixed},
		{"method", &e.Method, fixed},
		{"args", &e.Args, fixed},
		{"call_kind", &e.CallKind, fixed},
		{"claimed_by", &e.ClaimedBy, fixed},
		{"claimed_until", &e.ClaimedUntil, fixed},
		{"attempts", &e.Attempts, fixed},
	}
}

// Outbox is the repository of tramontane_outbox.
type Outbox struct {
	gdb *gorm.DB
	tx  *Tx
}

// Outbox returns the repository bound to tx.
func (tx *Tx) Outbox() Outbox { return Outbox{gdb: tx.gdb, tx: tx} }

// Add writes a send, leased to owner for lease. The entry has its ID when
// the transaction's after-commit functions run (see AddAll).
func (r Outbox) Add(e *OutboxEntry, owner string, lease time.Duration) error {
	return r.AddAll([]*OutboxEntry{e}, owner, lease)
}

// AddAll writes sends, leased to owner for lease, with multi-row inserts.
// Nothing reads them back in the transaction that writes them: on MySQL
// they go to the server with its commit, and the entries get their IDs
// then; elsewhere at once.
func (r Outbox) AddAll(entries []*OutboxEntry, owner string, lease time.Duration) error {
	now := time.Now().UTC()
	until := now.Add(lease)
	for _, e := range entries {
		e.CreatedAt, e.ClaimedBy, e.ClaimedUntil = now, &owner, &until
	}
	if r.tx.batches() {
		r.tx.outbox = append(r.tx.outbox, entries...)
		return nil
	}
	for len(entries) > 0 {
		n := chunk(len(entries), insertBatch, r.tx.store.batchBytes, func(i int) int { return entries[i].size() })
		if err := r.gdb.Create(entries[:n]).Error; err != nil {
			return fmt.Errorf("write %d outbox entries: %w", n, err)
		}
		entries = entries[n:]
	}
	return nil
}

// insertBatch is the number of rows of one multi-row insert, unless fewer
// fill the store's budget of bytes (batch.go).
const insertBatch = 100

// size is about how much the entry weighs in an insert: its texts, and 64
// bytes for its other columns and its place in the statement.
func (e *OutboxEntry) size() int {
	n := len(e.Topic) + len(e.Method) + len(e.Args) + len(e.CallKind) + 64
	for _, s := range []*string{e.Exchange, e.Server, e.ClaimedBy} {
		if s != nil {
			n += len(*s)
		}
	}
	return n
}

// DeleteMatching removes the entries of method whose arguments (their JSON
// text) hold fragment. It reads the whole table, which holds only the
// sends in flight: it is for rare clean-ups.
func (r Outbox) DeleteMatching(method, fragment string) error {
	return r.tx.write("delete outbox entries of "+method, func(g *gorm.DB) *gorm.DB {
		return g.Where("method = ? AND INSTR(args, ?) > 0", method, fragment).Delete(&OutboxEntry{})
	})
}

// Delete removes delivered sends.
func (r Outbox) Delete(ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	return r.tx.write("delete outbox entries", func(g *gorm.DB) *gorm.DB {
		return g.Where("id IN ?", ids).Delete(&OutboxEntry{})
	})
}

// ClaimExpired takes up to limit entries whose lease ran out, for owner,
// until now+lease. Two sweepers never claim the same entry: the claim is a
// compare-and-set on the old lease.
func (r Outbox) ClaimExpired(now time.Time, owner string, lease time.Duration, limit int) ([]*OutboxEntry, error) {
	var due []*OutboxEntry
	err := r.gdb.Where("claimed_until IS NULL OR claimed_until < ?", now).Order("id").Limit(limit).Find(&due).Error
	if err != nil {
		return nil, fmt.Errorf("find expired outbox entries: %w", err)
	}
	until := now.Add(lease)
	var claimed []*OutboxEntry
	for _, e := range due {
		q := r.gdb.Model(&OutboxEntry{}).Where("id = ?", e.ID)
		if e.ClaimedUntil == nil {
			q = q.Where("claimed_until IS NULL")
		} else {
			q = q.Where("claimed_until = ?", *e.ClaimedUntil)
		}
		res := q.Updates(map[string]any{"claimed_by": owner, "claimed_until": until, "attempts": gorm.Expr("attempts + 1")})
		if res.Error != nil {
			return nil, fmt.Errorf("claim outbox entry %d: %w", e.ID, res.Error)
		}
		if res.RowsAffected == 1 {
			e.Released = e.ClaimedBy == nil
			e.ClaimedBy, e.ClaimedUntil = &owner, &until
			e.Attempts++
			claimed = append(claimed, e)
		}
	}
	return claimed, nil
}

// Release gives up the lease on a send that provably did not go out (the
// broker refused or returned it), so that a sweeper sends it again soon.
func (r Outbox) Release(id int64) error {
	err := r.gdb.Model(&OutboxEntry{}).Where("id = ?", id).
		Updates(map[string]any{"claimed_by": nil, "claimed_until": nil}).Error
	if err != nil {
		return fmt.Errorf("release outbox entry %d: %w", id, err)
	}
	return nil
}

// Count returns the number of entries (for tests and operators).
func (r Outbox) Count() (int64, error) {
	var n int64
	if err := r.gdb.Model(&OutboxEntry{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count outbox entries: %w", err)
	}
	return n, nil
}
