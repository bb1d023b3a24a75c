package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// OutboxSweeper handles what a dead process left behind. Every run_action an
// engine decides is an outbox entry written in the deciding transaction and
// leased to that engine; it is sent right after the commit and the entry is
// deleted once the broker has accepted it; a send that provably went nowhere
// releases its entry, which is sent again here. An entry whose lease ran out
// therefore belongs to an engine that died around the send, or lost the
// broker while a confirm was pending. Here: an action that finished, or
// whose executor reported it running (a heartbeat), was delivered and the
// entry goes; otherwise its fate is unknown, so a safe-rerun action is sent
// again and any other fails with a clear message (its task's retry and
// on-error apply), never running twice.
type OutboxSweeper struct {
	e        *Engine
	interval time.Duration
}

// NewOutboxSweeper returns the sweeper of e, looking every interval.
func NewOutboxSweeper(e *Engine, interval time.Duration) *OutboxSweeper {
	if interval <= 0 {
		interval = 10 * time.Second
	}
	return &OutboxSweeper{e: e, interval: interval}
}

// Run sweeps at start-up, then every interval, until ctx ends. It also
// runs the engine's deletion of delivered entries.
func (s *OutboxSweeper) Run(ctx context.Context) error {
	go s.e.sent.Run(ctx)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		if err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.e.log.Error("sweep the outbox", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Sweep handles every entry whose lease has run out.
func (s *OutboxSweeper) Sweep(ctx context.Context) error {
	for {
		var claimed []*db.OutboxEntry
		err := s.e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
			var err error
			claimed, err = tx.Outbox().ClaimExpired(time.Now().UTC(), s.e.cfg.Owner, s.e.cfg.OutboxLease, 100)
			return err
		})
		if err != nil || len(claimed) == 0 {
			return err
		}
		// Events first: handling an action may end its task and emit newer
		// events, which must not overtake the ones left here.
		slices.SortStableFunc(claimed, func(a, b *db.OutboxEntry) int {
			return cmp.Compare(methodRank(a.Method), methodRank(b.Method))
		})
		for _, entry := range claimed {
			if err := s.handle(ctx, entry); err != nil {
				s.e.log.Error("outbox entry", "id", entry.ID, "method", entry.Method, "error", err)
			}
		}
		if len(claimed) < 100 {
			return nil
		}
	}
}

// methodRank orders a sweep: notifications before actions.
func methodRank(method string) int {
	if method == "notify" {
		return 0
	}
	return 1
}

// maxNotifyAttempts bounds the sends of one event whose delivery keeps
// failing.
const maxNotifyAttempts = 20

func (s *OutboxSweeper) handle(ctx context.Context, entry *db.OutboxEntry) error {
	done := func() error {
		return s.e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.Outbox().Delete(entry.ID) })
	}
	if entry.Method != "run_action" && entry.Method != "notify" {
		s.e.log.Warn("dropping an outbox entry of an unknown method", "id", entry.ID, "method", entry.Method)
		return done()
	}
	v, err := data.ParseString(entry.Args)
	if err != nil {
		s.e.log.Error("dropping an unreadable outbox entry", "id", entry.ID, "error", err)
		return done()
	}
	if entry.Method == "notify" {
		// An event whose fate is unknown goes again: a webhook may see it
		// twice, never not at all.
		if s.e.notifier == nil || entry.Attempts > maxNotifyAttempts {
			return done()
		}
		s.e.sendNote(ctx, entry.ID, rpc.DecodeNotification(dataMap(v)))
		return nil
	}
	req, err := rpc.DecodeRunAction(dataMap(v))
	if err != nil || req.ActionExID == "" {
		s.e.log.Error("dropping an unreadable outbox entry", "id", entry.ID, "error", err)
		return done()
	}
	a, err := s.e.store.Read(ctx).ActionExecutions().Get(req.ActionExID)
	switch {
	case err != nil:
		return done() // the action (its execution) was deleted
	case db.IsTerminal(a.State):
		return done()
	case a.LastHeartbeat != nil && !a.LastHeartbeat.After(time.Now().UTC()):
		return done() // an executor reported it running: delivered
	}
	if entry.Released || req.SafeRerun {
		s.e.log.Warn("sending an action again", "action_execution_id", req.ActionExID,
			"attempt", entry.Attempts, "never_delivered", entry.Released)
		return s.e.sendAction(s.e.actionContext(ctx, a), entry.ID, req)
	}
	s.e.log.Warn("failing an action whose delivery is unknown", "action_execution_id", req.ActionExID)
	_, err = s.e.OnActionComplete(ctx, req.ActionExID, &rpc.Result{Error: fmt.Sprintf(
		"The delivery of this action to an executor was never confirmed (the engine that sent it stopped, "+
			"or lost the broker while sending), and the action is not safe-rerun [action_ex_id=%s]", req.ActionExID)}, false)
	if err != nil {
		return err
	}
	return done()
}

// release gives up this engine's lease on an outbox entry whose send failed.
func (e *Engine) release(ctx context.Context, id int64) {
	err := e.store.InTx(context.WithoutCancel(ctx), db.TxOptions{}, func(tx *db.Tx) error { return tx.Outbox().Release(id) })
	if err != nil {
		e.log.Error("release outbox entry", "id", id, "error", err)
	}
}
