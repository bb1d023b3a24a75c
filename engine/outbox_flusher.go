package engine

import (
	"context"
	"log/slog"
	"time"

	"github.com/tramontane/tramontane/db"
)

// sentFlusher deletes the outbox entries of sends the broker accepted, off
// the hot path. It hands them to the store, whose next committing
// transaction takes them along on MySQL (db/delivered.go), and deletes what
// is left a little later. An entry still there when its lease runs out was
// therefore either never sent or sent moments before its engine died: its
// fate is unknown, and only a safe-rerun action is sent again.
type sentFlusher struct {
	store *db.Store
	log   *slog.Logger
	wake  chan struct{}
}

func newSentFlusher(store *db.Store, log *slog.Logger) *sentFlusher {
	return &sentFlusher{store: store, log: log, wake: make(chan struct{}, 1)}
}

// sent records a delivered entry.
func (f *sentFlusher) sent(id int64) {
	f.store.Delivered(id)
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// flushDelay is how long delivered entries wait for a commit to take them
// along before the flusher deletes them itself. Commits take a dozen or so
// at once (db/delivered.go): along a chain of slow steps that takes a while,
// and a flush of its own costs a transaction and a log flush.
const flushDelay = 200 * time.Millisecond

// Run deletes delivered entries until ctx ends.
func (f *sentFlusher) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			f.flush(context.WithoutCancel(ctx))
			return nil
		case <-f.wake:
		}
		select {
		case <-ctx.Done():
		case <-time.After(flushDelay):
		}
		f.flush(ctx)
	}
}

// flush deletes the delivered entries no commit took. A failed delete
// keeps them for the next flush; meanwhile the sweeper, should their lease
// run out, finds their actions reported or finished and drops them.
func (f *sentFlusher) flush(ctx context.Context) {
	if err := f.store.DeleteDelivered(ctx); err != nil && ctx.Err() == nil {
		f.log.Warn("delete delivered outbox entries", "error", err)
	}
}
