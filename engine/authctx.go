package engine

import (
	"context"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
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
		return storedContext(p.exec.runtime)
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
	if rc := storedContext(s.runtime); rc != nil {
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
