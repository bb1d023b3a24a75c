package engine

import (
	"context"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// The creator's request context. With authentication on, an execution
// keeps the request context (user, project, roles, token, trust, ...) of
// the caller that started it, and every run_action sent for it carries that
// context as oslo.messaging's _context_* keys, whenever it is sent: right
// away, after a timer, again by the outbox sweeper or the heartbeat
// checker, or for a sub-workflow. Python executors therefore see the
// creator's security context (mistral_lib's ActionContext.security) as
// they would under Mistral, which passes the context along with each
// message and keeps it with its delayed calls.

// authContextKey is where a workflow execution's runtime context keeps its
// creator's request context.
const authContextKey = "auth_context"

// creatorContext is the request context a new execution keeps: its parent's
// for a sub-workflow, the caller's otherwise; nil with authentication off.
func (r *run) creatorContext(p *parent) *data.Map {
	if !r.e.cfg.AuthEnable {
		return nil
	}
	if p != nil {
		return storedContext(p.exec.runtimeMap())
	}
	return rpc.RequestContext(r.ctx)
}

// storedContext is the request context kept in an execution's runtime
// context, or nil.
func storedContext(runtime *data.Map) *data.Map {
	rc, _ := runtime.Value(authContextKey).(*data.Map)
	return rc
}

// sendContext is the context a message for execution s leaves with: its
// creator's request context when it kept one, the current one otherwise.
func (r *run) sendContext(s *execState) context.Context {
	ctx := context.WithoutCancel(r.ctx)
	if rc := storedContext(s.runtimeMap()); rc != nil {
		return rpc.WithRequestContext(ctx, rc)
	}
	return ctx
}

// actionContext is ctx with the request context kept by the execution of
// an action execution's task, for a send outside any transaction.
func (e *Engine) actionContext(ctx context.Context, a *db.ActionExecution) context.Context {
	if !e.cfg.AuthEnable || a.TaskExecutionID == nil {
		return ctx
	}
	rd := e.store.Read(ctx)
	t, err := rd.TaskExecutions().Get(*a.TaskExecutionID)
	if err != nil {
		return ctx
	}
	ex, err := rd.WorkflowExecutions().Get(t.WorkflowExecutionID)
	if err != nil {
		return ctx
	}
	if rc := storedContext(ex.RuntimeContext.Map()); rc != nil {
		return rpc.WithRequestContext(ctx, rc)
	}
	return ctx
}

// TrustDeleter deletes the trusts triggers run with
// (compat/keystone.Client).
type TrustDeleter interface {
	DeleteTrust(ctx context.Context, trustID string) error
}

// WithTrusts lets the engine delete the trust of a trigger that is gone
// once the last execution it started completes (authentication on).
func (e *Engine) WithTrusts(d TrustDeleter) *Engine {
	e.trusts = d
	return e
}

// releaseTriggerTrust is Mistral's triggers.on_workflow_complete: when a
// top-level execution started by a cron or event trigger completes and the
// trigger no longer exists (its last firing deleted it), the trust it ran
// with is deleted, after the commit.
func (r *run) releaseTriggerTrust(s *execState) error {
	if r.e.trusts == nil || s.ex.TaskExecutionID != nil {
		return nil
	}
	trustID, _ := storedContext(s.runtimeMap()).Value("trust_id").(string)
	if trustID == "" {
		return nil
	}
	if s.ex.Description == nil {
		return nil
	}
	desc, err := data.ParseString(*s.ex.Description)
	if err != nil {
		return nil // a user's plain description: not started by a trigger
	}
	m, _ := desc.(*data.Map)
	triggered, _ := m.Value("triggered_by").(*data.Map)
	var lookup error
	switch triggered.Value("type") {
	case "cron_trigger":
		name, _ := triggered.Value("name").(string)
		_, lookup = r.tx.CronTriggers().Get(name, db.Viewer{ProjectID: s.ex.ProjectID})
	case "event_trigger":
		id, _ := triggered.Value("id").(string)
		_, lookup = r.tx.EventTriggers().Get(id, s.ex.ProjectID)
	default:
		return nil
	}
	switch {
	case lookup == nil:
		return nil // the trigger still fires: it keeps its trust
	case !exc.Is(lookup, exc.DBEntityNotFound):
		return lookup
	}
	ctx := context.WithoutCancel(r.ctx)
	r.tx.AfterCommit(func() {
		go func() {
			if err := r.e.trusts.DeleteTrust(ctx, trustID); err != nil {
				r.e.log.Warn("failed to delete trust", "trust_id", trustID, "error", err)
			}
		}()
	})
	return nil
}
