package db

import (
	"context"
	"sync"
)

// Delivered outbox entries. Once the broker confirmed a send, its outbox
// entry is of no more use; deleting it in a transaction of its own would
// cost a round trip and a log flush per send. So the store keeps the ids of
// delivered entries: on MySQL a transaction that commits anyway takes them
// along once there are a few (a DELETE riding with its commit), and
// DeleteDelivered deletes what no commit took, in a transaction of its own
// (always, on SQLite).
// An entry not deleted yet is harmless: it stays leased to its sender, and
// the outbox sweeper drops it once it finds the action reported.

// A commit takes between minRiding and maxRiding ids along. A DELETE costs
// MariaDB about as much as an insert of a row, so along a chain, whose
// every commit would find one entry delivered, a commit takes a dozen or so
// at once instead of one each, and the flusher deletes the last ones.
const (
	minRiding = 16
	maxRiding = 500
)

// deliveredIDs is the store's list of delivered entries not deleted yet.
type deliveredIDs struct {
	mu  sync.Mutex
	ids []int64
}

func (d *deliveredIDs) add(ids ...int64) {
	d.mu.Lock()
	d.ids = append(d.ids, ids...)
	d.mu.Unlock()
}

// take removes and returns up to most ids, or none if fewer than least.
func (d *deliveredIDs) take(least, most int) []int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.ids) < least {
		return nil
	}
	n := min(most, len(d.ids))
	ids := d.ids[:n:n]
	d.ids = d.ids[n:]
	if len(d.ids) == 0 {
		d.ids = nil
	}
	return ids
}

// Delivered records outbox entries whose sends the broker confirmed, for
// deletion with a later commit or by DeleteDelivered.
func (s *Store) Delivered(ids ...int64) { s.delivered.add(ids...) }

// DeleteDelivered deletes the delivered entries that no commit took along.
// On failure they are kept for the next attempt.
func (s *Store) DeleteDelivered(ctx context.Context) error {
	for {
		ids := s.delivered.take(1, maxRiding)
		if len(ids) == 0 {
			return nil
		}
		err := s.InTx(ctx, TxOptions{}, func(tx *Tx) error { return tx.Outbox().Delete(ids...) })
		if err != nil {
			s.delivered.add(ids...)
			return err
		}
	}
}

// takeDelivered queues the deletion of delivered entries, when there are
// enough of them, in a batching transaction that is about to commit; the
// ids go back to the store if the commit fails.
func (tx *Tx) takeDelivered() error {
	ids := tx.store.delivered.take(minRiding, maxRiding)
	if len(ids) == 0 {
		return nil
	}
	tx.riding = ids
	return tx.Outbox().Delete(ids...)
}
