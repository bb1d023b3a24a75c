package engine

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
)

// ExpirationConfig is Mistral's [execution_expiration_policy]: which
// finished workflow executions the engines delete, and how often they
// look.
type ExpirationConfig struct {
	// Interval is evaluation_interval; the policy is off without it.
	Interval time.Duration
	// OlderThan is older_than: executions that finished longer ago are
	// deleted (0: no age limit).
	OlderThan time.Duration
	// MaxFinished is max_finished_executions: only that many finished
	// executions, the latest, are kept (0: no count limit).
	MaxFinished int
	// BatchSize is batch_size: how many executions a look takes at once
	// (0: all).
	BatchSize int
	// IgnoredStates is ignored_states: final states whose executions stay.
	IgnoredStates []string
}

// finalStates are the states the policy deletes executions in.
var finalStates = []string{db.StateSuccess, db.StateError, db.StateCancelled}

// check refuses ignored states that are not final, as Mistral's engine
// refuses to start with them.
func (c ExpirationConfig) check() error {
	for _, s := range c.IgnoredStates {
		if !slices.Contains(finalStates, s) {
			return fmt.Errorf("[execution_expiration_policy] ignored_states: %s is not a terminal state. The valid states are %v",
				s, finalStates)
		}
	}
	return nil
}

// enabled says whether the policy runs: Mistral's engine runs it with an
// interval and an age of a minute or more, or a count.
func (c ExpirationConfig) enabled() bool {
	return c.Interval > 0 && (c.OlderThan >= time.Minute || c.MaxFinished >= 1)
}

// ExpirationPolicy deletes finished top-level workflow executions (with
// their tasks, actions and sub-workflows) that are older than the policy
// allows or beyond the number it keeps, as Mistral's engines do: at start,
// then every interval. Each execution goes in a transaction of its own,
// under its tree's lock; one that another engine deleted first is no
// error.
type ExpirationPolicy struct {
	e   *Engine
	cfg ExpirationConfig
}

// NewExpirationPolicy returns the policy of e, or an error for ignored
// states that are not final.
func NewExpirationPolicy(e *Engine, cfg ExpirationConfig) (*ExpirationPolicy, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return &ExpirationPolicy{e: e, cfg: cfg}, nil
}

// Run applies the policy until ctx ends.
func (p *ExpirationPolicy) Run(ctx context.Context) error {
	if !p.cfg.enabled() {
		return nil
	}
	t := time.NewTicker(p.cfg.Interval)
	defer t.Stop()
	for {
		if err := p.Expire(ctx); err != nil && ctx.Err() == nil {
			p.e.log.Error("apply the execution expiration policy", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Expire deletes what the policy deletes now: the executions past their
// age, then those beyond the number kept.
func (p *ExpirationPolicy) Expire(ctx context.Context) error {
	states := slices.DeleteFunc(slices.Clone(finalStates), func(s string) bool {
		return slices.Contains(p.cfg.IgnoredStates, s)
	})
	if p.cfg.OlderThan > 0 {
		before := time.Now().UTC().Add(-p.cfg.OlderThan)
		if err := p.deleteAll(ctx, states, before, 0); err != nil {
			return err
		}
	}
	if p.cfg.MaxFinished > 0 {
		return p.deleteAll(ctx, states, time.Time{}, p.cfg.MaxFinished)
	}
	return nil
}

// deleteAll deletes the executions FinishedRoots finds, a batch at a time,
// until it finds none but those it failed to delete.
func (p *ExpirationPolicy) deleteAll(ctx context.Context, states []string, before time.Time, keep int) error {
	failed := map[string]bool{}
	for ctx.Err() == nil {
		limit := 0 // all
		if p.cfg.BatchSize > 0 {
			limit = p.cfg.BatchSize + len(failed)
		}
		ids, err := p.e.store.Read(ctx).WorkflowExecutions().FinishedRoots(states, before, keep, limit)
		if err != nil {
			return err
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return failed[id] })
		if len(ids) == 0 {
			return nil
		}
		for _, id := range ids {
			if err := p.delete(ctx, id, states, before); err != nil {
				failed[id] = true
				p.e.log.Warn("delete an expired execution", "workflow_execution_id", id, "error", err)
			}
		}
	}
	return nil
}

// delete deletes one execution, unless it is gone already or, under its
// tree's lock, no longer what the policy deletes (run again meanwhile).
func (p *ExpirationPolicy) delete(ctx context.Context, id string, states []string, before time.Time) error {
	deleted := false
	err := p.e.store.InTx(ctx, db.TxOptions{Lock: id}, func(tx *db.Tx) error {
		deleted = false
		e, err := tx.WorkflowExecutions().Find(id)
		if err != nil || e == nil || !slices.Contains(states, e.State) {
			return err
		}
		if !before.IsZero() && (e.UpdatedAt == nil || !e.UpdatedAt.Before(before)) {
			return nil
		}
		deleted = true
		return tx.WorkflowExecutions().Delete(id)
	})
	if exc.Is(err, exc.DBEntityNotFound) {
		return nil
	}
	if err == nil && deleted {
		p.e.log.Debug("deleted an expired execution", "workflow_execution_id", id)
	}
	return err
}
