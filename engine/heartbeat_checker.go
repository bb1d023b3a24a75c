package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// HeartbeatChecker fails the actions whose executor went silent, as
// Mistral's action heartbeat checker does (ENGINE.md §13.1): a synchronous
// action still RUNNING whose last heartbeat is older than
// max_missed_heartbeats × check_interval completes with "Heartbeat wasn't
// received." — and the task's retry and on-error apply. An action marked
// safe-rerun is sent again instead.
type HeartbeatChecker struct {
	e         *Engine
	interval  time.Duration
	maxMissed int
	batchSize int
}

// NewHeartbeatChecker returns the checker of e; it is disabled (Run
// returns at once) when interval or maxMissed is zero, as in Mistral. A
// check handles batchSize silent actions at most (0: all of them), the
// longest silent first.
func NewHeartbeatChecker(e *Engine, interval time.Duration, maxMissed, batchSize int) *HeartbeatChecker {
	return &HeartbeatChecker{e: e, interval: interval, maxMissed: maxMissed, batchSize: batchSize}
}

// Run checks every interval until ctx ends.
func (h *HeartbeatChecker) Run(ctx context.Context) error {
	if h.interval <= 0 || h.maxMissed <= 0 {
		return nil
	}
	t := time.NewTicker(h.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := h.Check(ctx); err != nil && ctx.Err() == nil {
			h.e.log.Error("check action heartbeats", "error", err)
		}
	}
}

// Check handles the silent actions once.
func (h *HeartbeatChecker) Check(ctx context.Context) error {
	before := time.Now().UTC().Add(-time.Duration(h.maxMissed) * h.interval)
	silent, err := h.e.store.Read(ctx).ActionExecutions().Silent(before, h.batchSize)
	if err != nil {
		return err
	}
	for _, a := range silent {
		if data.Truthy(a.RuntimeContext.Map().Value("safe_rerun")) {
			err = h.e.rerunAction(ctx, a.ID)
		} else {
			_, err = h.e.OnActionComplete(ctx, a.ID, &rpc.Result{Error: "Heartbeat wasn't received."}, false)
		}
		if err != nil {
			h.e.log.Error("silent action", "action_execution_id", a.ID, "error", err)
		}
	}
	return nil
}

// rerunAction sends a safe-rerun action whose executor went silent again,
// with a fresh heartbeat deadline and outbox entry.
func (e *Engine) rerunAction(ctx context.Context, id string) error {
	a, err := e.store.Read(ctx).ActionExecutions().Get(id)
	if err != nil || a.TaskExecutionID == nil {
		return err
	}
	root, err := e.rootOfTask(ctx, *a.TaskExecutionID)
	if err != nil {
		return err
	}
	return e.inTx(ctx, root, func(r *run) error {
		a, err := r.tx.ActionExecutions().Get(id)
		if err != nil || a.State != db.StateRunning {
			return err
		}
		// The first send's entry, if still there, is not sent again.
		sent := strings.Trim(string(data.MustEncode(data.MapOf("action_ex_id", a.ID))), "{}")
		if err := r.tx.Outbox().DeleteMatching("run_action", sent); err != nil {
			return err
		}
		s, req, err := r.rebuildRunAction(a)
		if err != nil {
			return err
		}
		if err := r.send(s, req); err != nil {
			return err
		}
		hb := time.Now().UTC().Add(time.Duration(r.e.cfg.FirstHeartbeatTimeoutSeconds) * time.Second)
		a.LastHeartbeat = &hb
		e.log.Warn("re-running a safe-rerun action whose executor went silent", "action_execution_id", a.ID)
		return r.tx.ActionExecutions().Save(a)
	})
}

// rebuildRunAction makes the run_action request of an existing action
// execution again from its stored input.
func (r *run) rebuildRunAction(a *db.ActionExecution) (*execState, *rpc.RunActionRequest, error) {
	s, t, err := r.taskAndExec(*a.TaskExecutionID)
	if err != nil {
		return nil, nil, err
	}
	resolved, err := r.resolveAction(s, a.Name, a.Input.Map(), t, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("rebuild action %s: %w", a.ID, err)
	}
	return s, &rpc.RunActionRequest{
		Action:     resolved.wire,
		ActionExID: a.ID,
		SafeRerun:  true,
		ExecCtx: data.MapOf(
			"workflow_execution_id", s.ex.ID,
			"task_execution_id", t.ID,
			"workflow_name", s.ex.WorkflowName,
			"action_execution_id", a.ID,
			"callback_url", "/v2/action_executions/"+a.ID,
		),
	}, nil
}
