package engine

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// CronService fires cron triggers (cron_triggers_v2) on schedule. The
// table is the schedule: a trigger fires when its next_execution_time has
// passed. The service sleeps until the earliest one is due; it is woken by
// Wake when this process creates a trigger, and looks at the table every
// cronRecheck in case another process did.
//
// Several engines may run it on one database. Each firing is claimed by a
// compare-and-set UPDATE of next_execution_time (a DELETE for the last
// firing), so exactly one engine starts the execution; the losers move on.
// As in Mistral, the claim commits before the execution starts: a process
// that dies between the two loses that one firing, it never doubles it.
type CronService struct {
	store    *db.Store
	engine   rpc.EngineAPI
	log      *slog.Logger
	wake     chan struct{}
	contexts TriggerContext
	// interval is the least time between two looks at the triggers
	// ([cron_trigger] execution_interval).
	interval time.Duration
}

// TriggerContext makes the request context a trigger's workflow starts
// with, as Mistral's security.create_context does with authentication on:
// a token scoped to the trigger's trust, acting as the trigger's creator in
// the trigger's project (compat/keystone.Client.TriggerContext).
type TriggerContext func(ctx context.Context, trustID, projectID string) (*data.Map, error)

// WithTriggerContext makes triggers fire as their creators (authentication
// on); without it they fire with no request context, in the project they
// belong to.
func (s *CronService) WithTriggerContext(f TriggerContext) *CronService {
	s.contexts = f
	return s
}

// WithInterval makes the service look at the triggers no more often than
// every d, as Mistral's cron_trigger execution_interval does: a trigger
// due more often fires once an interval.
func (s *CronService) WithInterval(d time.Duration) *CronService {
	s.interval = d
	return s
}

// NewCronService returns the cron trigger service; it starts executions
// through engine (the local engine, or an rpc.EngineClient).
func NewCronService(store *db.Store, engine rpc.EngineAPI, log *slog.Logger) *CronService {
	return &CronService{store: store, engine: engine, log: log, wake: make(chan struct{}, 1)}
}

// cronRecheck bounds how long the service sleeps without looking at the
// table: triggers created or deleted by other processes are seen within it.
const cronRecheck = 5 * time.Second

// cronBatch is how many due triggers one claim round reads.
const cronBatch = 100

// Wake makes the service look at the table again (a trigger was created or
// deleted).
func (s *CronService) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run fires cron triggers until ctx ends.
func (s *CronService) Run(ctx context.Context) error {
	for {
		now := time.Now().UTC()
		full := s.fireDue(ctx, now)
		wait := max(cronRecheck, s.interval)
		// A trigger still due at now failed to fire in this round; it is
		// tried again within cronRecheck, and does not hold up the others.
		next, ok, err := s.store.Read(ctx).CronTriggers().NextFire(now)
		if err != nil && ctx.Err() == nil {
			s.log.Error("find next cron trigger", "error", err)
		}
		switch {
		case full:
			wait = 0 // more were due than one round takes
		case ok:
			wait = min(wait, time.Until(next))
		}
		if wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
			case <-s.wake:
			case <-timer.C:
			}
			timer.Stop()
		}
		// A wake too: the next look waits for the interval's end.
		if !sleep(ctx, s.interval-time.Since(now)) {
			return nil
		}
	}
}

// sleep waits for d, and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-ctx.Done():
		case <-timer.C:
		}
	}
	return ctx.Err() == nil
}

// fireDue fires the triggers due at now, up to cronBatch of them, and
// reports whether the batch was full. A failure is logged and the trigger
// left for a later round; others still fire.
func (s *CronService) fireDue(ctx context.Context, now time.Time) bool {
	// Maintenance mode blocks new runs: triggers due meanwhile fire (once)
	// when it ends.
	if status, err := s.store.Read(ctx).Maintenance().Status(); err != nil || status != db.MaintenanceRunning {
		if err != nil && ctx.Err() == nil {
			s.log.Error("read maintenance status", "error", err)
		}
		return false
	}
	due, err := s.store.Read(ctx).CronTriggers().Due(now, cronBatch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("find due cron triggers", "error", err)
		}
		return false
	}
	for _, t := range due {
		if err := s.fire(ctx, t, now); err != nil && ctx.Err() == nil {
			s.log.Error("cron trigger failed", "cron_trigger", t.Name, "cron_trigger_id", t.ID, "error", err)
		}
	}
	return len(due) == cronBatch
}

// runContext is ctx with the request context t fires with.
func (s *CronService) runContext(ctx context.Context, t *db.CronTrigger) (context.Context, error) {
	if s.contexts == nil {
		return ctx, nil
	}
	trustID := ""
	if t.TrustID != nil {
		trustID = *t.TrustID
	}
	rc, err := s.contexts(ctx, trustID, t.ProjectID)
	if err != nil {
		return nil, fmt.Errorf("security context of cron trigger %s: %w", t.Name, err)
	}
	return rpc.WithRequestContext(ctx, rc), nil
}

// fire claims the firing of t due at t.NextExecutionTime and, when this
// process won it, starts the workflow.
func (s *CronService) fire(ctx context.Context, t *db.CronTrigger, now time.Time) error {
	// As in Mistral, a trigger whose creator's context cannot be had (its
	// trust deleted, Keystone down) does not fire, and is tried again.
	ctx, err := s.runContext(ctx, t)
	if err != nil {
		return err
	}
	won, err := s.claim(ctx, t, now)
	if err != nil || !won {
		return err
	}
	s.log.Info("cron trigger fired", "cron_trigger", t.Name, "cron_trigger_id", t.ID, "workflow", t.WorkflowName)
	name, namespace := t.WorkflowName, ""
	if wf, err := s.store.Read(ctx).WorkflowDefinitions().Get(t.WorkflowID, "", db.Viewer{ProjectID: t.ProjectID}); err == nil {
		name, namespace = wf.Name, wf.Namespace
	}
	desc, err := data.EncodePython(data.MapOf(
		"description", fmt.Sprintf("Workflow execution created by cron trigger '(%s)'.", t.ID),
		"triggered_by", data.MapOf("type", "cron_trigger", "id", t.ID, "name", t.Name),
	))
	if err != nil {
		return fmt.Errorf("cron trigger description: %w", err)
	}
	_, err = s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{
		WorkflowIdentifier: name,
		Namespace:          namespace,
		Input:              orEmptyMap(t.WorkflowInput.Map()),
		Description:        &desc,
		Params:             orEmptyMap(t.WorkflowParams.Map()),
	})
	if err != nil {
		return fmt.Errorf("start workflow %s: %w", name, err)
	}
	return nil
}

// claim moves t past the firing due at t.NextExecutionTime, as Mistral's
// advance_cron_trigger does: one execution fewer to go, the next time from
// the pattern after the later of now and the missed time (a trigger that
// fell behind fires once, not once per missed slot), or the trigger's
// deletion after its last execution. It reports whether this process won
// the firing.
func (s *CronService) claim(ctx context.Context, t *db.CronTrigger, now time.Time) (bool, error) {
	var remaining *int64
	if t.RemainingExecutions != nil {
		n := *t.RemainingExecutions
		if n > 0 {
			n--
		}
		remaining = &n
	}
	last := (remaining != nil && *remaining == 0) || t.Pattern == nil || *t.Pattern == ""
	var next time.Time
	if !last {
		sched, err := ParseCronPattern(*t.Pattern)
		if err != nil {
			return false, err
		}
		from := now
		if t.NextExecutionTime.After(from) {
			from = t.NextExecutionTime
		}
		if next, err = sched.Next(from); err != nil {
			return false, fmt.Errorf("next time of cron trigger %s: %w", t.Name, err)
		}
	}
	var won bool
	err := s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		if last {
			won, err = tx.CronTriggers().DeleteFired(t)
		} else {
			won, err = tx.CronTriggers().Advance(t, next, remaining)
		}
		return err
	})
	return won, err
}

func orEmptyMap(m *data.Map) *data.Map {
	if m == nil {
		return data.NewMap(0)
	}
	return m
}
