package engine

import (
	"context"
	"sync"
	"time"

	"github.com/tramontane/tramontane/db"
)

// sentFlusher deletes the outbox entries of sends the broker accepted, in
// batches, off the hot path. An entry still there when its lease runs out
// was therefore either never sent or sent moments before its engine died:
// its fate is unknown, and only a safe-rerun action is sent again.
type sentFlusher struct {
	store *db.Store
	mu    sync.Mutex
	ids   []int64
	wake  chan struct{}
}

func newSentFlusher(store *db.Store) *sentFlusher {
	return &sentFlusher{store: store, wake: make(chan struct{}, 1)}
}

// sent records a delivered entry.
func (f *sentFlusher) sent(id int64) {
	f.mu.Lock()
	f.ids = append(f.ids, id)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// flushDelay gathers deliveries into one delete.
const flushDelay = 20 * time.Millisecond

// Run deletes delivered entries until ctx ends.
func (f *sentFlusher) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			f.flush(context.WithoutCancel(ctx))
			return nil
		case <-f.wake:
		}
		time.Sleep(flushDelay)
		f.flush(ctx)
	}
}

func (f *sentFlusher) flush(ctx context.Context) {
	f.mu.Lock()
	ids := f.ids
	f.ids = nil
	f.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	// A failed delete leaves the entries to the sweeper, which finds the
	// actions reported or finished and drops them.
	_ = f.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.Outbox().Delete(ids...) })
}
