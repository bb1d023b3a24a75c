package executor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// Reporter is where results go: the engine's RPC client.
type Reporter interface {
	OnActionComplete(ctx context.Context, actionExID string, result *rpc.Result, wfAction bool) (*data.Map, error)
}

// Executor runs actions.
type Executor struct {
	actions  *actions.Registry
	reporter Reporter
	log      *slog.Logger
	beats    *Heartbeater // nil: no heartbeats
	seen     *recent
}

// New returns an executor that reports to reporter.
func New(reg *actions.Registry, reporter Reporter, log *slog.Logger) *Executor {
	return &Executor{actions: reg, reporter: reporter, log: log, seen: newRecent(100000)}
}

// WithHeartbeats makes the executor report the actions it runs through h.
func (x *Executor) WithHeartbeats(h *Heartbeater) *Executor {
	x.beats = h
	return x
}

var _ rpc.ExecutorAPI = (*Executor)(nil)

// RunAction implements rpc.ExecutorAPI (RPC.md a.5).
func (x *Executor) RunAction(ctx context.Context, req *rpc.RunActionRequest) (*rpc.Result, error) {
	if res := x.cannotRun(req); res != nil {
		if req.MayHandOff {
			x.log.Info("handing off an action this executor cannot run", "class", req.Action.ClassName,
				"action_execution_id", req.ActionExID)
			return nil, rpc.ErrHandOff
		}
		x.log.Warn("no executor took an action this executor cannot run", "class", req.Action.ClassName,
			"action_execution_id", req.ActionExID)
		if req.ActionExID == "" {
			return res, nil
		}
		if x.seen.add(req.ActionExID) {
			x.report(ctx, req.ActionExID, res)
		}
		return nil, nil
	}
	if req.ActionExID != "" {
		// A repeated delivery (the outbox sweeper sends again what it
		// could not prove delivered) must not run the action twice.
		if !x.seen.add(req.ActionExID) {
			x.log.Info("ignoring a repeated run_action", "action_execution_id", req.ActionExID)
			return nil, nil
		}
		if x.beats != nil {
			x.beats.started(req.ActionExID)
			defer x.beats.finished(req.ActionExID)
		}
	}
	res, raised, async := x.run(ctx, req)
	if x.beats != nil && req.ActionExID != "" {
		x.beats.settled(req.ActionExID)
	}
	if req.ActionExID == "" {
		return res, nil
	}
	if async && !raised && !res.IsError() {
		return nil, nil // completed later through the API
	}
	x.report(ctx, req.ActionExID, res)
	return nil, nil
}

// report delivers a result to the engine. It is a call, not Mistral's
// cast, so that the reply proves the result was recorded: a call that gets
// no answer (the engine died with the request, which oslo.messaging acked on
// receipt, or the bus is down) is made again, a bounded number of times. An
// answer that is an error (the action was completed already, say) ends it.
func (x *Executor) report(ctx context.Context, id string, res *rpc.Result) {
	backoff := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		_, err := x.reporter.OnActionComplete(ctx, id, res, false)
		if err == nil {
			return
		}
		if answered(err) || attempt >= reportAttempts || ctx.Err() != nil {
			x.log.Error("report action result", "action_execution_id", id, "attempt", attempt, "error", err)
			return
		}
		x.log.Warn("report action result again", "action_execution_id", id, "attempt", attempt, "error", err)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 10*time.Second)
	}
}

// answered reports whether err is an engine's considered answer (the action
// was completed already, say) rather than a failure to get one: no reply,
// a lost connection, or a transient error of the engine's database, which
// reach us as a MistralException.
func answered(err error) bool {
	var me *exc.Error
	if errors.As(err, &me) {
		return me.Class != exc.MistralException && me.Class != exc.DBError
	}
	var re *rpc.RemoteError
	return errors.As(err, &re)
}

// reportAttempts bounds how often a result is offered to the engines.
const reportAttempts = 20

// cannotRun returns the error result of an action whose class this
// executor does not run (a custom Python action, or a class it does not
// know), or nil when it runs it. Such an action is handed off to the other
// executors on the bus while the transport allows it (see rpc/oslo).
func (x *Executor) cannotRun(req *rpc.RunActionRequest) *rpc.Result {
	class := baseAction(req.Action).ClassName
	spec, ok := x.actions.Runs(class)
	if ok {
		return nil
	}
	name := class
	if spec != nil {
		name = spec.Name
	}
	return &rpc.Result{Error: fmt.Sprintf("No executor on the bus could run the action %s [class=%s, action_ex_id=%s]: "+
		"Tramontane's executors do not have it (a custom Python action runs only on a Python Mistral executor "+
		"that has it installed), and no other executor took it before the hand-off timeout",
		name, class, noneIfEmpty(req.ActionExID))}
}

// baseAction returns the action an ad-hoc action wraps, level by level, or
// the action itself.
func baseAction(a *rpc.Action) *rpc.Action {
	for a.Base != nil {
		a = a.Base
	}
	return a
}

// run restores and runs the action. raised is true when the action failed
// with an exception (or could not be built or timed out) rather than with an
// error result.
func (x *Executor) run(ctx context.Context, req *rpc.RunActionRequest) (res *rpc.Result, raised, async bool) {
	wire := baseAction(req.Action)
	act, spec, err := x.actions.Restore(wire.ClassName, wire.Attrs)
	if err != nil {
		return &rpc.Result{Error: fmt.Sprintf("Failed to load action [class=%s]: %v", wire.ClassName, err)}, true, false
	}
	ac := &actions.Context{}
	if req.ExecCtx != nil {
		str := func(k string) string { s, _ := req.ExecCtx.Value(k).(string); return s }
		ac.WorkflowExecutionID = str("workflow_execution_id")
		ac.TaskExecutionID = str("task_execution_id")
		ac.WorkflowName = str("workflow_name")
		ac.ActionExecutionID = str("action_execution_id")
		ac.CallbackURL = str("callback_url")
	}
	runCtx := ctx
	timed := false
	if d, ok := req.TimeoutDuration(); ok {
		ac.Timeout, timed = d, true
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	var out actions.Result
	if msg := req.TimeoutError(); msg != "" {
		// Python's executor fails to set such a timeout up.
		err = errors.New(msg)
	} else {
		out, err = runSafely(runCtx, act, ac)
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && timed {
			// str() of the eventlet Timeout: "1 second", "1.5 seconds".
			err = errors.New(req.TimeoutText())
		}
		repr := actions.Repr(act)
		if req.Action.Base != nil {
			// What runs is the ad-hoc action wrapping the base; Python
			// names that object.
			repr = fmt.Sprintf("<%s object at %p>", req.Action.ClassName, req.Action)
		}
		msg := fmt.Sprintf("The action raised an exception [action=%s, action_ex_id=%s, msg='%s']",
			repr, noneIfEmpty(req.ActionExID), err.Error())
		return &rpc.Result{Error: msg}, true, spec.Async
	}
	return &rpc.Result{Data: out.Data, Error: out.Error, Cancel: out.Cancel}, false, spec.Async
}

// runSafely runs an action, turning a panic into an error.
func runSafely(ctx context.Context, act actions.Action, ac *actions.Context) (res actions.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return act.Run(ctx, ac)
}

func noneIfEmpty(s string) string {
	if s == "" {
		return "None"
	}
	return s
}

// recent remembers the last n action execution ids this executor took.
type recent struct {
	mu    sync.Mutex
	n     int
	set   map[string]bool
	order []string
}

func newRecent(n int) *recent { return &recent{n: n, set: make(map[string]bool, n)} }

// add records id and reports whether it was new.
func (r *recent) add(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.set[id] {
		return false
	}
	r.set[id] = true
	r.order = append(r.order, id)
	if len(r.order) > r.n {
		delete(r.set, r.order[0])
		r.order = r.order[1:]
	}
	return true
}
