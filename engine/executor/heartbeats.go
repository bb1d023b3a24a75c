package executor

import (
	"context"
	"sync"
	"time"
)

// Heartbeater reports the actions this executor runs, as Mistral's
// executors do (report_running_actions): each new action promptly, in
// small batches, then every running one every interval. The engine reads a
// report as proof that the action reached an executor; without reports it
// eventually fails the action (or sends a safe-rerun one again).
type Heartbeater struct {
	report   func(ctx context.Context, ids []string) error
	interval time.Duration

	mu sync.Mutex
	// running holds the actions this executor has, true while one runs,
	// false once its result is in hand and on its way to the engine.
	running map[string]bool
	fresh   []string
	wake    chan struct{}
}

// NewHeartbeater returns a heartbeater that reports through report every
// interval ([action_heartbeat] check_interval); interval 0 disables the
// periodic reports but not the first one of each action.
func NewHeartbeater(report func(ctx context.Context, ids []string) error, interval time.Duration) *Heartbeater {
	return &Heartbeater{report: report, interval: interval, running: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// started records an action that begins to run.
func (h *Heartbeater) started(id string) {
	h.mu.Lock()
	h.running[id] = true
	h.fresh = append(h.fresh, id)
	h.mu.Unlock()
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// settled records that an action ran and its result is being reported:
// the result proves the action reached this executor, so it needs no
// prompt report, but it stays in the periodic ones while the report lasts
// (an engine that is away may take long to accept it).
func (h *Heartbeater) settled(id string) {
	h.mu.Lock()
	if _, ok := h.running[id]; ok {
		h.running[id] = false
	}
	h.mu.Unlock()
}

// finished forgets an action.
func (h *Heartbeater) finished(id string) {
	h.mu.Lock()
	delete(h.running, id)
	h.mu.Unlock()
}

// batchDelay gathers new actions for one report.
const batchDelay = 20 * time.Millisecond

// Run sends reports until ctx ends.
func (h *Heartbeater) Run(ctx context.Context) error {
	var periodic <-chan time.Time
	if h.interval > 0 {
		t := time.NewTicker(h.interval)
		defer t.Stop()
		periodic = t.C
	}
	for {
		var ids []string
		select {
		case <-ctx.Done():
			return nil
		case <-h.wake:
			time.Sleep(batchDelay)
			h.mu.Lock()
			// An action that ran meanwhile needs no report: its
			// result is the proof that it reached us.
			for _, id := range h.fresh {
				if h.running[id] {
					ids = append(ids, id)
				}
			}
			h.fresh = nil
			h.mu.Unlock()
		case <-periodic:
			h.mu.Lock()
			for id := range h.running {
				ids = append(ids, id)
			}
			h.mu.Unlock()
		}
		if len(ids) > 0 {
			if err := h.report(ctx, ids); err != nil && ctx.Err() == nil {
				// The next report carries them again; the engine
				// tolerates several missed ones.
				continue
			}
		}
	}
}
