package engine

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// OnActionComplete implements rpc.EngineAPI (ENGINE.md §4.4): it records an
// action's result and completes its task. With wfAction, actionExID is a
// sub-workflow execution whose end is reported to its parent task.
func (e *Engine) OnActionComplete(ctx context.Context, actionExID string, result *rpc.Result, wfAction bool) (*data.Map, error) {
	if wfAction {
		return e.onSubworkflowReport(ctx, actionExID)
	}
	lock, err := e.rootOfAction(ctx, actionExID)
	if err != nil {
		return nil, err
	}
	if result == nil {
		result = &rpc.Result{}
	}
	c := &completion{actionExID: actionExID, result: result}
	e.completeQueued(ctx, lock, c)
	if c.err != nil {
		return nil, fmt.Errorf("complete action execution %s: %w", actionExID, c.err)
	}
	d := actionExecutionDict(c.out)
	if c.earlier != nil {
		d.Set("updated_at", pyTime(c.earlier.at))
	}
	return d, nil
}

// completeAction records a result on a running action execution and hands
// it to the task.
func (r *run) completeAction(a *db.ActionExecution, res *rpc.Result) error {
	var s *execState
	var t *db.TaskExecution
	if a.TaskExecutionID != nil {
		var err error
		if s, t, err = r.taskAndExec(*a.TaskExecutionID); err != nil {
			return err
		}
		// An ad-hoc action deleted meanwhile refuses its result, as
		// Mistral's build_action does: the action stays RUNNING. One
		// whose base was deleted meanwhile fails its completion.
		chain, err := r.e.adHocChain(r.adhocScope(s), a)
		if err != nil && chain == nil {
			return err
		}
		if err != nil {
			if !isUserError(err) {
				return err
			}
			return r.failActionCompletion(s, t, a, err)
		}
		if (res.Cancel || res.Error == nil) && chain != nil {
			out, err := r.e.transformAdHocOutput(chain, res)
			if err != nil {
				if !isUserError(err) {
					return err
				}
				return r.failActionCompletion(s, t, a, err)
			}
			res = out
		}
	} else {
		// An action run on its own (run-action): an ad-hoc one's bases
		// are in its own namespace.
		sc := adhocScope{defs: r.tx.ActionDefinitions(), namespace: a.WorkflowNamespace, projectID: a.ProjectID}
		chain, err := r.e.adHocChain(sc, a)
		if err != nil && chain == nil {
			return err
		}
		if err != nil {
			// A base deleted meanwhile (Mistral 15 answers 500 and
			// leaves the action RUNNING): the action fails with it.
			if !isUserError(err) {
				return err
			}
			res = &rpc.Result{Error: errText(err)}
		} else if chain != nil && !res.Cancel && res.Error == nil {
			if res, err = r.transformAdHoc(chain, res); err != nil {
				return err
			}
		}
	}
	switch {
	case res.Cancel:
		a.State = db.StateCancelled
		a.Output = db.JSONOf(data.MapOf("result", res.Error))
	case res.Error != nil:
		a.State = db.StateError
		a.Output = db.JSONOf(data.MapOf("result", res.Error))
	default:
		a.State = db.StateSuccess
		a.Output = db.JSONOf(data.MapOf("result", res.Data))
	}
	if t != nil {
		if err := checkJSONFieldSize("TaskExecution", "output", a.Output, r.e.cfg.FieldSizeLimitKB); err != nil {
			return r.failActionCompletion(s, t, a, err)
		}
	}
	a.Accepted = true
	if err := r.tx.ActionExecutions().Save(a); err != nil {
		return err
	}
	// The send's outbox entry is not deleted here: the engine that sent it
	// deletes it in a batch once the broker accepted it, and if that engine
	// died first, the outbox sweeper finds the action finished and drops it.
	if t == nil {
		return nil
	}
	if db.IsTerminal(t.State) {
		return nil // the task timed out or was failed meanwhile
	}
	if spec := s.wf.Task(t.Name); a.State == db.StateError && spec != nil && s.wf.Policies(spec).Timeout != nil {
		// An executor aborts an action when the task's timeout runs out,
		// the moment the engine's timer falls due: whichever reaches the
		// engine first, the task timed out.
		timedOut, err := r.fireDueTimeout(t.ID)
		if err != nil || timedOut {
			return err
		}
	}
	var stateInfo *string
	if a.State != db.StateSuccess && data.Truthy(res.Error) {
		stateInfo = strPtr(data.Str(res.Error))
	}
	delete(r.retried, t.ID)
	if err := r.onTaskItemComplete(s, t, a.State, stateInfo, a.Name); err != nil {
		return err
	}
	if r.retried[t.ID] {
		a.Accepted = false // as the retry left it in the database
	}
	return nil
}

// transformAdHoc applies an ad-hoc action's output transformation; an
// expression that fails turns the result into that error.
func (r *run) transformAdHoc(chain []*lang.AdHocAction, res *rpc.Result) (*rpc.Result, error) {
	out, err := r.e.transformAdHocOutput(chain, res)
	if err != nil {
		if !isUserError(err) {
			return nil, err
		}
		return &rpc.Result{Error: errText(err)}, nil
	}
	return out, nil
}

// transformAdHocOutput applies an ad-hoc action's output transformation.
// A cancelled action's data (none) is transformed too, as Mistral does:
// its output and the task's state_info become the output spec as written.
func (e *Engine) transformAdHocOutput(chain []*lang.AdHocAction, res *rpc.Result) (*rpc.Result, error) {
	out, err := e.adHocOutput(chain, res.Data)
	if err != nil {
		return nil, err
	}
	if res.Cancel {
		return &rpc.Result{Cancel: true, Error: out}, nil
	}
	return &rpc.Result{Data: out}, nil
}

// failActionCompletion is Mistral's answer to an error while completing a
// task's action (an ad-hoc output transformation that fails, ENGINE.md
// §4.4): the action fails with "Failed to complete action [...]", its
// result never accepted, and the task is force-failed with it, without its
// on-error (§9).
func (r *run) failActionCompletion(s *execState, t *db.TaskExecution, a *db.ActionExecution, cause error) error {
	msg := fmt.Sprintf("Failed to complete action [error=%s, action=%s, task=%s]:", errText(cause), a.Name, t.Name)
	a.State = db.StateError
	a.Output = db.JSONOf(data.MapOf("result", msg))
	if err := r.tx.ActionExecutions().Save(a); err != nil {
		return err
	}
	if db.IsTerminal(t.State) {
		return nil
	}
	return r.forceFail(s, t, msg)
}

// onTaskItemComplete handles the end of one action or sub-workflow of a
// task: a with-items iteration, or the whole task.
func (r *run) onTaskItemComplete(s *execState, t *db.TaskExecution, state string, stateInfo *string, actionName string) error {
	spec := s.wf.Task(t.Name)
	if spec != nil && len(spec.WithItems) > 0 {
		return r.onWithItemsIteration(s, t, spec, state, actionName)
	}
	return r.completeTaskHandled(s, t, state, stateInfo, actionName)
}

// completeTaskHandled completes a task; a user error on the way (publish,
// transition conditions, policies) fails the task and the workflow.
func (r *run) completeTaskHandled(s *execState, t *db.TaskExecution, state string, stateInfo *string, actionName string) error {
	return r.failCompletion(s, t, r.completeTask(s, t, state, stateInfo), actionName)
}

// completeTaskByEngine completes a task on the engine's own account (its
// timeout, the end of its wait-after, a join that can no longer run), as
// Mistral's complete_task does: a user error on the way (publish,
// transition conditions, policies) fails the task and the workflow with
// "Failed to complete task [...]".
func (r *run) completeTaskByEngine(s *execState, t *db.TaskExecution, state string, stateInfo *string) error {
	err := r.completeTask(s, t, state, stateInfo)
	if err == nil || !isUserError(err) {
		return err
	}
	msg := fmt.Sprintf("Failed to complete task [error=%s, wf=%s, task=%s]:", errText(err), s.ex.Name, t.Name)
	return r.forceFail(s, t, msg)
}

// failCompletion turns a user error met while handling the completion of
// one of a task's actions into the task's and the workflow's failure;
// other errors (and nil) it returns as they are.
func (r *run) failCompletion(s *execState, t *db.TaskExecution, err error, actionName string) error {
	if err == nil || !isUserError(err) {
		return err
	}
	msg := fmt.Sprintf("Failed to handle action completion [error=%s, wf=%s, task=%s, action=%s]:",
		errText(err), s.ex.Name, t.Name, actionName)
	return r.forceFail(s, t, msg)
}

// completeTask moves a task to its final state (ENGINE.md §4.6): publish,
// after-complete policies, transitions, then the joins it affects and the
// workflow's completion.
func (r *run) completeTask(s *execState, t *db.TaskExecution, state string, stateInfo *string) error {
	if db.IsTerminal(t.State) {
		return nil
	}
	r.afterTaskFinished(s)
	// A task completing in a transaction of its own (its action's result,
	// a timer) starts the transaction's cache; one completing where the
	// transaction keeps one already (a with-items task with no items,
	// started by a workflow's start, a timer or another task's completion)
	// shares it, as in Mistral's one transaction: its publish's task()
	// answers what was read first.
	if r.cache == nil {
		r.cache = newTxCache()
		defer func() { r.cache = nil }()
	}
	now := db.Now()
	t.State = state
	t.StateInfo = stateInfo
	t.FinishedAt = &now
	t.UpdatedAt = &now
	r.noteTask(s, t)
	if err := r.publish(s, t); err != nil {
		return err
	}
	if err := r.applyKeepResult(s, t); err != nil {
		return err
	}
	delayed, err := r.afterCompletePolicies(s, t)
	if err != nil {
		return err
	}
	if delayed {
		return r.saveTask(t)
	}
	return r.processCompletedTask(s, t)
}

// processCompletedTask computes a terminal task's transitions and
// dispatches them, unless the workflow is paused (then resume does it).
// A task that ends after its workflow did takes none, as in Mistral: its
// next_tasks stay empty, and a join it led to, rerun later, finds that it
// did not trigger it.
func (r *run) processCompletedTask(s *execState, t *db.TaskExecution) error {
	var cmds []*command
	if !db.IsTerminal(s.ex.State) {
		var err error
		if cmds, err = r.nextCommands(s, t); err != nil {
			return err
		}
	}
	names := nextTaskNames(cmds)
	t.NextTasks = db.JSONOf(names)
	t.HasNextTasks = len(names) > 0
	if t.State == db.StateError {
		t.ErrorHandled = false
		for _, c := range cmds {
			if c.handlesError {
				t.ErrorHandled = true
			}
		}
	}
	if s.ex.State == db.StatePaused {
		t.Processed = false
		return r.saveTask(t)
	}
	t.Processed = true
	if err := r.saveTask(t); err != nil {
		return err
	}
	if err := r.dispatch(s, cmds); err != nil {
		return err
	}
	if err := r.refreshAffectedJoins(s, t.Name); err != nil {
		return err
	}
	return r.checkAndComplete(s)
}

// publish evaluates the task's effective publish for its state: branch
// variables into the task's published, global ones into the workflow
// context (DSL.md §3.6).
func (r *run) publish(s *execState, t *db.TaskExecution) error {
	if t.State != db.StateSuccess && t.State != db.StateError {
		return nil
	}
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return nil
	}
	pub := s.wf.EffectivePublish(spec, t.State)
	if pub == nil {
		return nil
	}
	ectx := r.exprContext(s, t, func() []*data.Map {
		return []*data.Map{taskExecutionVar(t.ID, t.Name), r.inContext(t), envVar(s.env), s.contextMap(), s.inputMap()}
	})
	// A publish without branch variables stores null, as Mistral's
	// evaluation of the missing branch part does.
	published := db.JSONOf(nil)
	if pub.Branch != nil {
		b, err := r.e.eval.EvaluateRecursively(pub.Branch, ectx)
		if err != nil {
			return err
		}
		published = db.JSONOf(b)
		if err := checkJSONFieldSize("TaskExecution", "published", published, r.e.cfg.FieldSizeLimitKB); err != nil {
			return err
		}
	}
	if pub.Global.Len() > 0 {
		g, err := r.e.eval.EvaluateRecursively(pub.Global, ectx)
		if err != nil {
			return err
		}
		data.Merge(s.contextMap(), dataMap(g))
		s.dirty = true
	}
	t.Published = published
	return nil
}

// PublishedGlobal is what Mistral's API shows as a task's published_global
// (GET /v2/tasks/{id}): the global part of the effective publish of a
// finished task, evaluated again against the task's context and its
// workflow's current context. Nil when the task has none or is not
// finished.
func (e *Engine) PublishedGlobal(ctx context.Context, t *db.TaskExecution) (*data.Map, error) {
	if t.State != db.StateSuccess && t.State != db.StateError {
		return nil, nil
	}
	r := newRun(ctx, e, e.store.Read(ctx))
	s, err := r.exec(t.WorkflowExecutionID)
	if err != nil {
		return nil, err
	}
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return nil, nil
	}
	pub := s.wf.EffectivePublish(spec, t.State)
	if pub == nil || pub.Global.Len() == 0 {
		return nil, nil
	}
	g, err := e.eval.EvaluateRecursively(pub.Global, r.exprContext(s, t, func() []*data.Map {
		return []*data.Map{taskExecutionVar(t.ID, t.Name), r.inContext(t), envVar(s.env), s.contextMap(), s.inputMap()}
	}))
	if err != nil {
		return nil, err
	}
	return dataMap(g), nil
}
