package db

import (
	"context"
	"sync"
)

// Delivered outbox entries. Once the broker confirmed a send, its outbox
// entry is of no more use; deleting it in a transaction of its own would
// cost a round trip and a log flush per send. So the store keeps the ids of
// delivered entries: on MySQL the next transaction that commits anyway takes
// them along (a DELETE riding with its commit), and DeleteDelivered deletes
// what no commit took, in a transaction of its own (always, on SQLite).
// An entry not deleted yet is harmless: it stays leased to its sender, and
// the outbox sweeper drops it once it finds the action reported.

// maxRiding bounds the ids deleted along with one commit.
const maxRiding = 500

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

// take removes and returns up to n ids.
func (d *deliveredIDs) take(n int) []int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	n = min(n, len(d.ids))
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
		ids := s.delivered.take(maxRiding)
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

// takeDelivered queues the deletion of delivered entries in a batching
// transaction that is about to commit; the ids go back to the store if the
// commit fails.
func (tx *Tx) takeDelivered() error {
	ids := tx.store.delivered.take(maxRiding)
	if len(ids) == 0 {
		return nil
	}
	tx.riding = ids
	return tx.Outbox().Delete(ids...)
}
