package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

// StartAction implements rpc.EngineAPI: a stand-alone action run outside any
// workflow (RPC.md a.4, start_action), a standard or an ad-hoc one.
func (e *Engine) StartAction(ctx context.Context, req *rpc.StartActionRequest) (*data.Map, error) {
	params := dataMap(req.Params)
	runSync := data.Truthy(params.Value("run_sync"))
	saveResult := data.Truthy(params.Value("save_result"))
	project := e.projectOf(ctx)
	act, err := e.standAlone(ctx, req.ActionName, req.Namespace, project, dataMap(req.Input))
	if err != nil {
		return nil, err
	}
	if runSync && act.spec.Async {
		return nil, exc.InputErr("Action does not support synchronous execution.")
	}
	now := db.Now()
	hb := now.Add(time.Duration(e.cfg.FirstHeartbeatTimeoutSeconds) * time.Second)
	row := &db.ActionExecution{
		Timestamps:     db.Timestamps{CreatedAt: now},
		ID:             db.NewID(),
		Name:           req.ActionName,
		Description:    req.Description,
		State:          db.StateRunning,
		Input:          db.JSONOf(act.input),
		RuntimeContext: db.JSONOf(data.NewMap(0)),
		IsSync:         !act.spec.Async,
		LastHeartbeat:  &hb,
		Scope:          "private",
		ProjectID:      project,
	}

	if !runSync && (saveResult || act.spec.Async) {
		// Scheduled as Mistral schedules it: no description, the action's
		// own namespace, and the ad-hoc spec for the output transformation
		// at completion.
		row.Description = new(string)
		row.WorkflowNamespace = act.namespace
		row.Spec = act.adhocSpec
		err := e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
			if err := tx.ActionExecutions().Create(row); err != nil {
				return err
			}
			sendCtx := context.WithoutCancel(ctx)
			run := &rpc.RunActionRequest{
				Action: act.wire, ActionExID: row.ID,
				ExecCtx: data.MapOf("action_execution_id", row.ID, "callback_url", "/v2/action_executions/"+row.ID),
			}
			run.SetTimeout(params.Value("timeout"))
			tx.AfterCommit(func() {
				if err := e.executor.RunAction(sendCtx, run); err != nil {
					e.log.Error("send action to executor", "action_execution_id", row.ID, "error", err)
				}
			})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("start action %q: %w", req.ActionName, err)
		}
		return actionExecutionDict(row), nil
	}

	sync, ok := e.executor.(SyncExecutor)
	if !ok {
		return nil, exc.New(exc.Engine, "No executor can run actions synchronously")
	}
	run := &rpc.RunActionRequest{Action: act.wire, ExecCtx: data.NewMap(0)}
	run.SetTimeout(params.Value("timeout"))
	res, err := sync.RunActionSync(ctx, run)
	if err != nil {
		return nil, fmt.Errorf("run action %q: %w", req.ActionName, err)
	}
	// A result got by waiting is kept as the base action gave it: Mistral
	// applies an ad-hoc action's output transformation only at the
	// completion of a scheduled run.
	row.State = db.StateSuccess
	out := res.Data
	if res.IsError() || res.Cancel {
		row.State = db.StateError
		out = res.Error
	}
	row.Output = db.JSONOf(data.MapOf("result", out))
	row.WorkflowNamespace = req.Namespace
	if !saveResult {
		d := actionExecutionDict(row)
		for _, k := range []string{"id", "created_at", "updated_at", "scope", "project_id", "runtime_context", "is_sync", "last_heartbeat"} {
			d.Set(k, nil)
		}
		d.Set("accepted", nil)
		return d, nil
	}
	row.RuntimeContext = db.JSON{}
	row.LastHeartbeat = nil
	if err := e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.ActionExecutions().Create(row) }); err != nil {
		return nil, fmt.Errorf("save action result %q: %w", req.ActionName, err)
	}
	d := actionExecutionDict(row)
	d.Set("created_at", row.CreatedAt.Format(isoTime))
	return d, nil
}

// startActionError is what start_action raises when the action cannot be
// built: Mistral's own errors (an unknown action, an input mismatch, an
// ActionException of the constructor) as they are, and any other
// constructor failure (a Python TypeError or AttributeError) as an
// ActionException with its message. Mistral 15 answers the latter with a
// 500 and a traceback; bad input never gives a 500 here.
func startActionError(err error, spec *actions.Spec) error {
	var built *exc.Error
	if spec == nil || !errors.As(err, &built) || built.Class != exc.InvalidAction || built.Err == nil {
		return err
	}
	var raised *exc.Error
	if errors.As(built.Err, &raised) {
		return raised
	}
	return &exc.Error{Class: exc.Action, Msg: built.Err.Error(), Err: built.Err}
}

// standAloneAction is an action found and instantiated for run-action.
type standAloneAction struct {
	spec      *actions.Spec // the standard action at the bottom
	wire      *rpc.Action
	input     *data.Map // as stored: completed with an ad-hoc action's defaults
	namespace string    // an ad-hoc action's namespace; "" for a standard one
	adhocSpec db.JSON   // an ad-hoc action's spec; null for a standard one
}

// standAlone finds the named action as Mistral's action provider does for
// run-action: an ad-hoc action of the namespace or of the default
// namespace (a workbook's by its full name "<workbook>.<action>"), else a
// standard one; then checks its input and instantiates it. Base-input
// expressions see only the completed input, over an empty workflow
// context (error messages print it as "{'x': 1, }"); with no input at all
// they are not evaluated, as Mistral's evaluate_recursively skips an empty
// context. Unlike a task's, a
// failure to instantiate is answered as it is, not as "Failed to
// instantiate an action".
func (e *Engine) standAlone(ctx context.Context, name, namespace, projectID string, input *data.Map) (*standAloneAction, error) {
	sc := adhocScope{defs: e.store.Read(ctx).ActionDefinitions(), namespace: namespace, projectID: projectID}
	adhoc, foundIn, err := e.findAdHocDef(sc, name)
	if err != nil {
		return nil, err
	}
	if adhoc != nil {
		sc.namespace = foundIn
		filled, err := checkAdHocInput(adhoc, input)
		if err != nil {
			return nil, err
		}
		resolved, err := e.instantiateAdHoc(sc, adhoc, filled, func(filled *data.Map) *expr.Context {
			if filled.Len() == 0 {
				return nil // an empty context: Mistral evaluates nothing
			}
			v := &view{layers: []*data.Map{filled, data.NewMap(0)}}
			return &expr.Context{Load: v, View: v}
		})
		if err != nil {
			return nil, err
		}
		return &standAloneAction{spec: resolved.spec, wire: resolved.wire, input: resolved.input, namespace: foundIn,
			adhocSpec: db.JSONOf(adhoc.Spec())}, nil
	}
	act, spec, err := e.actions.Instantiate(name, input)
	if err != nil {
		return nil, startActionError(err, spec)
	}
	wire := &rpc.Action{Name: name, ClassName: spec.ClassName, Attrs: data.NewMap(0)}
	if ser, ok := act.(actions.Serializable); ok {
		wire.Attrs = ser.Vars()
	}
	return &standAloneAction{spec: spec, wire: wire, input: input}, nil
}

// SyncExecutor is an Executor that can also run an action and wait for it.
type SyncExecutor interface {
	Executor
	RunActionSync(ctx context.Context, req *rpc.RunActionRequest) (*rpc.Result, error)
}

// OnActionUpdate implements rpc.EngineAPI: an asynchronous action paused or
// resumed through the API pauses or resumes its workflow.
func (e *Engine) OnActionUpdate(ctx context.Context, actionExID, state string, wfAction bool) (*data.Map, error) {
	if state != db.StatePaused && state != db.StateRunning {
		return nil, exc.New(exc.InvalidStateTransition, "Invalid state transition to %s for an action update", state)
	}
	a, err := e.store.Read(ctx).ActionExecutions().Get(actionExID)
	if err != nil {
		return nil, err
	}
	if a.IsSync && state == db.StatePaused {
		return nil, exc.New(exc.InvalidStateTransition, "Transition to the PAUSED state is only supported for asynchronous action execution.")
	}
	if !canTransition(a.State, state) {
		return nil, exc.New(exc.InvalidStateTransition, "Invalid state transition from %s to %s.", a.State, state)
	}
	lock := a.ID
	if a.TaskExecutionID != nil {
		if lock, err = e.rootOfTask(ctx, *a.TaskExecutionID); err != nil {
			return nil, err
		}
	}
	var out *db.ActionExecution
	err = e.inTx(ctx, lock, func(r *run) error {
		a, err := r.tx.ActionExecutions().Get(actionExID)
		if err != nil {
			return err
		}
		out = a
		// As Mistral's session, an action left in its state is not
		// written, so its updated_at stays.
		if a.State != state {
			a.State = state
			if err := r.tx.ActionExecutions().Save(a); err != nil {
				return err
			}
		}
		if a.TaskExecutionID == nil {
			return nil
		}
		s, t, err := r.taskAndExec(*a.TaskExecutionID)
		if err != nil {
			return err
		}
		t.State = state
		if err := r.saveTask(t); err != nil {
			return err
		}
		if state == db.StatePaused {
			if s.ex.State != db.StateRunning {
				return nil
			}
			// As Mistral: a paused sub-workflow pauses its parents too.
			if err := r.pauseTree(s); err != nil {
				return err
			}
			return r.pauseParents(s)
		}
		return r.resumeUnlessTaskPaused(s)
	})
	if err != nil {
		return nil, err
	}
	return actionExecutionDict(out), nil
}
