package engine

import (
	"context"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// OutboxSweeper sends what a dead process left behind. Every run_action an
// engine decides is an outbox entry written in the deciding transaction and
// leased to that engine; normally it is sent right after the commit and the
// entry is deleted when the action completes. An entry whose lease ran out
// is looked at here: an action that finished, or whose executor reported it
// running (a heartbeat), was delivered and the entry goes; an action never
// reported was never received and is sent again. Executors recognise a
// repeated action execution id, so a send that was in fact delivered but
// not yet reported runs nothing twice on ours.
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

// Run sweeps at start-up, then every interval, until ctx ends.
func (s *OutboxSweeper) Run(ctx context.Context) error {
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

func (s *OutboxSweeper) handle(ctx context.Context, entry *db.OutboxEntry) error {
	done := func() error {
		return s.e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.Outbox().Delete(entry.ID) })
	}
	if entry.Method != "run_action" {
		s.e.log.Warn("dropping an outbox entry of an unknown method", "id", entry.ID, "method", entry.Method)
		return done()
	}
	v, err := data.ParseString(entry.Args)
	if err != nil {
		s.e.log.Error("dropping an unreadable outbox entry", "id", entry.ID, "error", err)
		return done()
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
	s.e.log.Warn("sending an action again: no executor reported it",
		"action_execution_id", req.ActionExID, "attempt", entry.Attempts)
	return s.e.executor.RunAction(ctx, req)
}
