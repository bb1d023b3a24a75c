package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// validTransitions is ENGINE.md §2's table for workflow states.
var validTransitions = map[string][]string{
	db.StateIdle:      {db.StateRunning, db.StateError, db.StateCancelled},
	db.StateWaiting:   {db.StateRunning},
	db.StateRunning:   {db.StatePaused, db.StateDelayed, db.StateSuccess, db.StateError, db.StateCancelled},
	db.StateDelayed:   {db.StateRunning, db.StateError, db.StateCancelled},
	db.StatePaused:    {db.StateRunning, db.StateError, db.StateCancelled},
	db.StateError:     {db.StateRunning},
	db.StateCancelled: {db.StateRunning},
}

func canTransition(from, to string) bool {
	if from == to {
		return true
	}
	for _, s := range validTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

func (r *run) checkTransition(s *execState, to string) error {
	if !canTransition(s.ex.State, to) {
		return exc.WorkflowErr("Can't change workflow execution state from %s to %s. [workflow=%s, execution_id=%s]",
			s.ex.State, to, s.ex.Name, s.ex.ID)
	}
	return nil
}

// beforeStart applies pause-before, wait-before and timeout to a task that
// just started (ENGINE.md §7.2), after evaluating all its policies as
// Mistral does (a field that cannot be evaluated, or is of the wrong type,
// fails the task before it runs). It reports whether the task may run now.
func (r *run) beforeStart(s *execState, t *db.TaskExecution, spec *lang.Task) (bool, error) {
	pv, err := r.evalPolicies(s, spec, r.exprContext(s, t, r.taskInputLayers(s, t, nil)), false)
	if err != nil {
		return false, err
	}
	if pv.timeout > 0 {
		// Scheduled whatever the other policies do: as in Mistral, a task
		// paused before it starts still times out.
		r.schedule(timerTaskTimeout, t.ID, time.Duration(pv.timeout)*time.Second, "timeout", int64(pv.timeout))
	}
	if pv.concurrency > 0 {
		// Mistral records the limit of every task that has one, with-items
		// or not.
		rt := t.RuntimeContext.Map()
		rt.Set("concurrency", int64(pv.concurrency))
		t.RuntimeContext = db.JSONOf(rt)
		if err := r.saveTask(t); err != nil {
			return false, err
		}
	}
	if pv.pauseBefore {
		if pv.waitBefore > 0 {
			// Mistral's wait-before looks at the paused task and leaves
			// an empty entry: the task does not wait once resumed.
			rt := t.RuntimeContext.Map()
			rt.Set("wait_before_policy", data.NewMap(0))
			t.RuntimeContext = db.JSONOf(rt)
		}
		t.State = db.StateIdle
		t.StateInfo = strPtr("Set by 'pause-before' policy")
		if err := r.saveTask(t); err != nil {
			return false, err
		}
		if err := r.pauseTree(s); err != nil {
			return false, err
		}
		return false, r.pauseParents(s)
	}
	if pv.waitBefore > 0 && !data.Truthy(dataMap(t.RuntimeContext.Map().Value("wait_before_policy")).Value("skip")) {
		rt := t.RuntimeContext.Map()
		rt.Set("wait_before_policy", data.MapOf("skip", true))
		t.RuntimeContext = db.JSONOf(rt)
		t.State = db.StateDelayed
		t.StateInfo = strPtr(fmt.Sprintf("Delayed by 'wait-before' policy [delay=%d]", pv.waitBefore))
		r.schedule(timerContinueTask, t.ID, time.Duration(pv.waitBefore)*time.Second)
	}
	if t.State != db.StateRunning {
		return false, r.saveTask(t)
	}
	return true, nil
}

// continueTask runs a DELAYED task whose delay is over (wait-before, retry).
func (r *run) continueTask(s *execState, t *db.TaskExecution) error {
	if t.State != db.StateDelayed {
		return nil
	}
	t.State = db.StateRunning
	t.StateInfo = nil
	// The capacity is whole again once no iteration runs; after a
	// timeout, those still running keep theirs, as in Mistral.
	if st := readWithItems(t); st.concurrency > 0 {
		its, err := r.iterations(t)
		if err != nil {
			return err
		}
		if running, _ := iterationStates(its); running == 0 {
			st.capacity = st.concurrency
			writeWithItems(t, st)
		}
	}
	if _, err := r.refreshInContext(s, t); err != nil {
		return err
	}
	if err := r.saveTask(t); err != nil {
		return err
	}
	return r.runTaskNow(s, t)
}

// finishDelayedTask completes a task held by wait-after.
func (r *run) finishDelayedTask(s *execState, t *db.TaskExecution, payload *data.Map) error {
	if t.State != db.StateDelayed {
		return nil
	}
	state, _ := payload.Value("state").(string)
	var info *string
	if v, ok := payload.Value("state_info").(string); ok {
		info = &v
	}
	t.State = db.StateRunning
	return r.completeTaskByEngine(s, t, state, info)
}

// pauseTree pauses a workflow execution and its running sub-workflows.
func (r *run) pauseTree(s *execState) error {
	if s.ex.State != db.StateRunning {
		return nil
	}
	err := r.eachChild(s, func(state string) bool { return !db.IsTerminal(state) }, func(t *db.TaskExecution, cs *execState) error {
		if err := r.pauseTree(cs); err != nil {
			return err
		}
		if t.State != db.StateRunning {
			return nil
		}
		t.State = db.StatePaused
		return r.saveTask(t)
	})
	if err != nil {
		return err
	}
	s.ex.State = db.StatePaused
	r.changedExec(s)
	return nil
}

// pauseWorkflow is the pause engine command: the workflow pauses, and a
// sub-workflow pauses its parents too (their task waiting on it PAUSED).
func (r *run) pauseWorkflow(s *execState, msg *string) error {
	if err := r.pauseTree(s); err != nil {
		return err
	}
	s.ex.StateInfo = msg
	return r.pauseParents(s)
}

// pauseParents marks the parent task of a paused sub-workflow PAUSED and
// pauses the parent workflow, up to the root.
func (r *run) pauseParents(s *execState) error {
	if s.ex.TaskExecutionID == nil {
		return nil
	}
	pt, ps, err := r.parentOf(s)
	if err != nil {
		return err
	}
	if pt.State == db.StateRunning {
		pt.State = db.StatePaused
		if err := r.saveTask(pt); err != nil {
			return err
		}
	}
	if ps.ex.State != db.StateRunning {
		return nil
	}
	if err := r.pauseTree(ps); err != nil {
		return err
	}
	return r.pauseParents(ps)
}

// parentOf returns a sub-workflow's parent task and execution.
func (r *run) parentOf(s *execState) (*db.TaskExecution, *execState, error) {
	wfExID, err := r.tx.TaskExecutions().WorkflowExecutionOf(*s.ex.TaskExecutionID)
	if err != nil {
		return nil, nil, err
	}
	ps, err := r.exec(wfExID)
	if err != nil {
		return nil, nil, err
	}
	pt, err := r.task(ps, *s.ex.TaskExecutionID)
	if err != nil {
		return nil, nil, err
	}
	return pt, ps, nil
}

// backlog keeps a command produced while the workflow is paused, to run on
// resume.
func (r *run) backlog(s *execState, c *command) {
	entry := data.MapOf("kind", int64(c.kind), "ctx", c.ctx, "handles_error", c.handlesError)
	if c.task != nil {
		entry.Set("task_name", c.task.Name)
	}
	if c.existing != nil {
		entry.Set("task_ex_id", c.existing.ID)
		entry.Set("reset", c.reset)
	}
	if c.msg != nil {
		entry.Set("msg", *c.msg)
	}
	if c.info != nil {
		entry.Set("info", *c.info)
	}
	entry.Set("triggered_by", triggersValue(c.triggeredBy))
	list, _ := s.runtimeMap().Value("backlog_commands").([]any)
	s.runtimeMap().Set("backlog_commands", append(list, entry))
	s.dirty = true
}

// takeBacklog removes and returns the commands saved while paused.
func (r *run) takeBacklog(s *execState) ([]*command, error) {
	list, _ := s.runtimeMap().Value("backlog_commands").([]any)
	if len(list) == 0 {
		return nil, nil
	}
	s.runtimeMap().Delete("backlog_commands")
	s.dirty = true
	var cmds []*command
	for _, item := range list {
		m := dataMap(item)
		c := &command{kind: cmdKind(intOf(m.Value("kind"))), ctx: dataMap(m.Value("ctx"))}
		c.handlesError = data.Truthy(m.Value("handles_error"))
		if name, ok := m.Value("task_name").(string); ok {
			c.task = s.wf.Task(name)
		}
		if id, ok := m.Value("task_ex_id").(string); ok {
			t, err := r.task(s, id)
			if err != nil {
				return nil, err
			}
			c.existing = t
			c.reset = data.Truthy(m.Value("reset"))
		}
		if msg, ok := m.Value("msg").(string); ok {
			c.msg = &msg
		}
		if info, ok := m.Value("info").(string); ok {
			c.info = &info
		}
		for _, tb := range asList(m.Value("triggered_by")) {
			tm := dataMap(tb)
			c.triggeredBy = append(c.triggeredBy, trigger{TaskID: data.Str(tm.Value("task_id")), Event: data.Str(tm.Value("event"))})
		}
		cmds = append(cmds, c)
	}
	return cmds, nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// runExistingTask runs a task execution again: an IDLE task on resume, or a
// rerun.
func (r *run) runExistingTask(s *execState, c *command) error {
	t := c.existing
	switch t.State {
	case db.StateWaiting:
		return nil
	case db.StateSuccess:
		return exc.WorkflowErr("Rerunning succeeded tasks is not supported.")
	}
	now := db.Now()
	t.State = db.StateRunning
	t.StateInfo = nil
	t.Processed = false
	if c.reset || t.FinishedAt != nil {
		t.StartedAt = &now
	}
	t.FinishedAt = nil
	if err := r.saveTask(t); err != nil {
		return err
	}
	err := r.runExistingNow(s, t, c)
	if err == nil || !isUserError(err) {
		return err
	}
	return r.forceFailUnfinished(s, t, failedToRun(s, t, err))
}

// runExistingNow schedules an existing task's actions; as Mistral, a
// rerun applies the before-start policies again first (pause-before,
// wait-before, timeout), where a resumed task does not.
func (r *run) runExistingNow(s *execState, t *db.TaskExecution, c *command) error {
	if c.rerun && c.task != nil {
		ok, err := r.beforeStart(s, t, c.task)
		if err != nil || !ok {
			return err
		}
	}
	changed, err := r.refreshInContext(s, t)
	if err != nil {
		return err
	}
	if changed {
		if err := r.saveTask(t); err != nil {
			return err
		}
	}
	return r.scheduleTask(s, t)
}

// runTaskNow schedules a task's actions without the before-start policies;
// a user error fails the task and the workflow.
func (r *run) runTaskNow(s *execState, t *db.TaskExecution) error {
	err := r.scheduleTask(s, t)
	if err == nil || !isUserError(err) {
		return err
	}
	return r.forceFail(s, t, failedToRun(s, t, err))
}

// PauseWorkflow implements rpc.EngineAPI.
func (e *Engine) PauseWorkflow(ctx context.Context, wfExID string) (*data.Map, error) {
	return e.control(ctx, wfExID, func(r *run, s *execState) error {
		if s.ex.State == db.StatePaused {
			return nil
		}
		if err := r.checkTransition(s, db.StatePaused); err != nil {
			return err
		}
		// As Mistral, a paused sub-workflow pauses its task and, up the
		// tree, its parents: a resume of the root then resumes it.
		if err := r.pauseTree(s); err != nil {
			return err
		}
		return r.pauseParents(s)
	})
}

// ResumeWorkflow implements rpc.EngineAPI (ENGINE.md §8.2).
func (e *Engine) ResumeWorkflow(ctx context.Context, wfExID string, env *data.Map) (*data.Map, error) {
	return e.control(ctx, wfExID, func(r *run, s *execState) error {
		if s.ex.State != db.StatePaused && s.ex.State != db.StateIdle {
			return nil // as Mistral: not paused, nothing changes, env neither
		}
		if env.Len() > 0 {
			blocked, err := r.resumedByChildren(s)
			if err != nil {
				return err
			}
			if blocked {
				// As Mistral, which resumes the sub-workflows first: one
				// that finishes on its resume leaves its task paused
				// until its result arrives, and the env is allowed.
				finished, err := r.resumeChildren(s)
				if err != nil {
					return err
				}
				if !finished {
					return envNotAllowed()
				}
			}
		}
		if err := r.updateEnv(s, env); err != nil {
			return err
		}
		if err := r.resumeTree(s); err != nil {
			return err
		}
		if s.ex.State != db.StateRunning {
			// As Mistral: a sub-workflow that finished while being
			// resumed leaves its paused parent paused.
			return nil
		}
		return r.resumeParents(s)
	})
}

// resumeParents sets a resumed sub-workflow's parent task RUNNING and
// resumes the parent workflow once none of its tasks is paused.
func (r *run) resumeParents(s *execState) error {
	if s.ex.TaskExecutionID == nil {
		return nil
	}
	pt, ps, err := r.parentOf(s)
	if err != nil {
		return err
	}
	paused, err := r.otherPausedChild(pt, s.ex.ID)
	if err != nil || paused {
		return err // as Mistral: the task waits for its last paused sub-workflow
	}
	if pt.State == db.StatePaused {
		pt.State = db.StateRunning
		if err := r.saveTask(pt); err != nil {
			return err
		}
	}
	return r.resumeUnlessTaskPaused(ps)
}

// resumeUnlessTaskPaused resumes a paused workflow as a whole, then its
// parents, once none of its tasks is paused, as Mistral does when one of
// its tasks runs again: the tasks that ended while it was paused take
// their transitions, its backlog and IDLE tasks run.
func (r *run) resumeUnlessTaskPaused(s *execState) error {
	if s.ex.State != db.StatePaused {
		return nil
	}
	tasks, err := r.taskList(s)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.State == db.StatePaused {
			return nil
		}
	}
	if err := r.resumeTree(s); err != nil {
		return err
	}
	if s.ex.State != db.StateRunning {
		return nil
	}
	return r.resumeParents(s)
}

// otherPausedChild says whether a sub-workflow of task t other than the
// one given is paused, as this transaction sees them.
func (r *run) otherPausedChild(t *db.TaskExecution, except string) (bool, error) {
	subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
	if err != nil {
		return false, err
	}
	for _, sub := range subs {
		state := sub.State
		if loaded, ok := r.execs[sub.ID]; ok {
			state = loaded.ex.State
		}
		if sub.ID != except && state == db.StatePaused {
			return true, nil
		}
	}
	return false, nil
}

// updateEnv merges env into the execution's own params, as Mistral does:
// a sub-workflow keeps there what it was given, but its tasks read the
// root's env (ENGINE.md §4.8), so only an update of the root changes what
// the tree reads. An empty env changes nothing and is always allowed.
func (r *run) updateEnv(s *execState, env *data.Map) error {
	if env.Len() == 0 {
		return nil
	}
	switch s.ex.State {
	case db.StateIdle, db.StatePaused, db.StateError:
	default:
		return envNotAllowed()
	}
	cur := dataMap(data.DeepCopy(s.params.Value("env")))
	data.Merge(cur, env)
	params := s.params.Clone()
	params.Set("env", cur)
	if err := checkJSONFieldSize("TaskExecution", "params", db.JSONOf(params), r.e.cfg.FieldSizeLimitKB); err != nil {
		return err
	}
	s.params.Set("env", cur)
	s.dirty = true
	if s.ex.Root() != s.ex.ID {
		return nil
	}
	for _, x := range r.execs {
		if x.ex.Root() == s.ex.ID {
			x.env = cur
		}
	}
	return nil
}

// envNotAllowed is Mistral's refusal of an env update.
func envNotAllowed() error {
	return exc.New(exc.NotAllowed, "Updating env to workflow execution is only permitted if it is in IDLE, PAUSED, or ERROR state.")
}

// resumedByChildren says whether resuming s with an env is refused, as
// in Mistral: it resumes the paused sub-workflows first, and the last one
// resumed sets its parent RUNNING when no other task of the parent is
// paused, so that the parent's own env update, which comes after, finds
// it RUNNING. The same holds down the tree. A with-items task hears of its
// resumed sub-workflows through Mistral's scheduler, later: it stays
// paused meanwhile, and so does its workflow.
func (r *run) resumedByChildren(s *execState) (bool, error) {
	resumed := map[string]bool{} // paused workflow tasks with a paused sub-workflow
	blocked := false
	err := r.eachChild(s, func(state string) bool { return state == db.StatePaused || state == db.StateIdle },
		func(t *db.TaskExecution, cs *execState) error {
			if spec := s.wf.Task(t.Name); spec != nil && len(spec.WithItems) > 0 {
				return nil
			}
			resumed[t.ID] = true
			b, err := r.resumedByChildren(cs)
			blocked = blocked || b
			return err
		})
	if err != nil || blocked || len(resumed) == 0 {
		return blocked, err
	}
	tasks, err := r.taskList(s)
	if err != nil {
		return false, err
	}
	for _, t := range tasks {
		if t.State == db.StatePaused && !resumed[t.ID] {
			return false, nil
		}
	}
	return true, nil
}

// resumeTree resumes a paused execution, its paused sub-workflows first,
// and continues what was left: IDLE tasks, tasks that completed while
// paused, and the backlog.
func (r *run) resumeTree(s *execState) error {
	s.resuming = true
	defer func() { s.resuming = false }()
	if _, err := r.resumeChildren(s); err != nil {
		return err
	}
	tasks, err := r.taskList(s)
	if err != nil {
		return err
	}
	s.ex.State = db.StateRunning
	s.ex.StateInfo = nil
	r.changedExec(s)

	cmds, err := r.takeBacklog(s)
	if err != nil {
		return err
	}
	for _, t := range append([]*db.TaskExecution(nil), tasks...) {
		switch {
		case t.State == db.StateIdle:
			cmds = append(cmds, &command{kind: cmdRunExisting, task: s.wf.Task(t.Name), existing: t, reset: true})
		case db.IsTerminal(t.State) && !t.Processed:
			next, err := r.nextCommands(s, t)
			if err != nil {
				return err
			}
			t.Processed = true
			if err := r.saveTask(t); err != nil {
				return err
			}
			// A join the task leads to is decided again now that the
			// task is processed: one that fails it has no transition
			// to run it.
			if err := r.refreshAffectedJoins(s, t.Name); err != nil {
				return err
			}
			for _, c := range next {
				if c.kind != cmdPause {
					cmds = append(cmds, c)
				}
			}
		}
	}
	if err := r.firePausedTimers(s); err != nil {
		return err
	}
	if len(cmds) > 0 {
		if err := r.dispatch(s, cmds); err != nil {
			return err
		}
	}
	return r.checkAndComplete(s)
}

// resumeChildren resumes the paused sub-workflows of s and says whether
// one of them finished on its resume. As Mistral, a paused sub-workflow
// task runs again when one of its sub-workflows resumes: one whose
// sub-workflows are gone (deleted) stays paused.
func (r *run) resumeChildren(s *execState) (bool, error) {
	finished := false
	err := r.eachChild(s, func(state string) bool { return state == db.StatePaused }, func(t *db.TaskExecution, cs *execState) error {
		if err := r.resumeTree(cs); err != nil {
			return err
		}
		finished = finished || db.IsTerminal(cs.ex.State)
		if t.State != db.StatePaused {
			return nil
		}
		t.State = db.StateRunning
		return r.saveTask(t)
	})
	return finished, err
}

// StopWorkflow implements rpc.EngineAPI (ENGINE.md §8.3).
func (e *Engine) StopWorkflow(ctx context.Context, wfExID, state string, message *string) (*data.Map, error) {
	return e.control(ctx, wfExID, func(r *run, s *execState) error {
		switch {
		case state == db.StateCancelled && db.IsTerminal(s.ex.State),
			state == db.StateError && (db.IsTerminal(s.ex.State) || s.ex.State == db.StatePaused):
			// As Mistral: cancelling a finished execution, or failing a
			// finished or paused one, changes nothing.
			return nil
		}
		if state == db.StateSuccess && s.ex.State != db.StateSuccess {
			// As Mistral: the output is evaluated first, so that one that
			// cannot be evaluated refuses the request (400) with its error
			// even where the state could not change (a paused workflow),
			// and leaves the workflow as it was.
			out, err := r.successOutput(s)
			if err != nil {
				return err
			}
			if err := r.checkTransition(s, state); err != nil {
				return err
			}
			return r.endWorkflow(s, db.StateSuccess, message, out)
		}
		if err := r.checkTransition(s, state); err != nil {
			return err
		}
		switch state {
		case db.StateSuccess: // Mistral sets the message again
			s.ex.StateInfo = message
			r.changedExec(s)
			return nil
		case db.StateError:
			return r.failWorkflow(s, message)
		case db.StateCancelled:
			return r.cancelTree(s, message)
		}
		return exc.WorkflowErr("Invalid workflow execution state: %s", state)
	})
}

// cancelTree cancels an execution, then, as Mistral does, each of its
// unfinished sub-workflows down the tree with the same message: each one
// reports to its task, which ends CANCELLED.
func (r *run) cancelTree(s *execState, msg *string) error {
	if err := r.endWorkflow(s, db.StateCancelled, msg, data.MapOf("result", strOrNil(msg))); err != nil {
		return err
	}
	return r.eachChild(s, func(state string) bool { return !db.IsTerminal(state) }, func(_ *db.TaskExecution, cs *execState) error {
		return r.cancelTree(cs, msg)
	})
}

func strOrNil(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// RerunWorkflow implements rpc.EngineAPI (ENGINE.md §8.4).
func (e *Engine) RerunWorkflow(ctx context.Context, taskExID string, reset bool, env *data.Map) (*data.Map, error) {
	t, err := e.store.Read(ctx).TaskExecutions().Get(taskExID)
	if err != nil {
		return nil, err
	}
	return e.control(ctx, t.WorkflowExecutionID, func(r *run, s *execState) error {
		if s.ex.State == db.StatePaused {
			return nil
		}
		if err := r.updateEnv(s, env); err != nil {
			return err
		}
		t, err := r.task(s, taskExID)
		if err != nil {
			return err
		}
		if t.State == db.StateSuccess {
			return exc.WorkflowErr("Rerunning succeeded tasks is not supported.")
		}
		if err := r.reopen(s); err != nil {
			return err
		}
		if err := r.resetTask(t, reset); err != nil {
			return err
		}
		spec := s.wf.Task(t.Name)
		return r.dispatch(s, []*command{{kind: cmdRunExisting, task: spec, existing: t, reset: reset, rerun: true}})
	})
}

// reopen sets an execution and its ancestors RUNNING again for a rerun.
func (r *run) reopen(s *execState) error {
	if err := r.checkTransition(s, db.StateRunning); err != nil {
		return err
	}
	s.ex.State = db.StateRunning
	s.ex.StateInfo = nil
	s.ex.Accepted = false
	r.changedExec(s)
	if s.ex.TaskExecutionID == nil {
		return nil
	}
	ps, pt, err := r.taskAndExec(*s.ex.TaskExecutionID)
	if err != nil {
		return err
	}
	// As Mistral: the parent task keeps its finish time until it finishes again.
	pt.State, pt.StateInfo, pt.Processed = db.StateRunning, nil, false
	if err := r.saveTask(pt); err != nil {
		return err
	}
	if ps.ex.State == db.StateRunning {
		return nil
	}
	return r.reopen(ps)
}

// resetTask clears a task's runtime context, as Mistral does on a rerun,
// but for the with-items bookkeeping the new run goes on from, and
// unaccepts the runs that are to be repeated: all of them with reset, the
// failed ones without.
func (r *run) resetTask(t *db.TaskExecution, reset bool) error {
	rt := t.RuntimeContext.Map()
	for _, k := range rt.Keys() {
		if k != "with_items" && k != "concurrency" {
			rt.Delete(k)
		}
	}
	if wi, ok := rt.Value("with_items").(*data.Map); ok {
		conc := intOf(rt.Value("concurrency"))
		if conc > 0 {
			wi.Set("capacity", int64(conc))
		}
	}
	t.RuntimeContext = db.JSONOf(rt)
	acts, err := r.tx.ActionExecutions().ByTask(t.ID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		if a.Accepted && (reset || a.State == db.StateError || a.State == db.StateCancelled) {
			a.Accepted = false
			if err := r.tx.ActionExecutions().Save(a); err != nil {
				return err
			}
		}
	}
	return r.unacceptSubworkflows(t, !reset)
}

// control runs an operation on one execution in its tree's transaction and
// returns the execution's dict.
func (e *Engine) control(ctx context.Context, wfExID string, op func(r *run, s *execState) error) (*data.Map, error) {
	root, err := e.rootOfExecution(ctx, wfExID)
	if err != nil {
		return nil, err
	}
	var out *db.WorkflowExecution
	err = e.inTx(ctx, root, func(r *run) error {
		// The tasks a resume or a rerun starts share task()'s answers, as
		// in Mistral's one transaction (host.taskCache).
		r.cache = newTxCache()
		s, err := r.exec(wfExID)
		if err != nil {
			return err
		}
		out = s.ex
		return op(r, s)
	})
	if err != nil {
		return nil, err
	}
	return workflowExecutionDict(out), nil
}

// eachChild calls fn for every sub-workflow, in a state that wanted
// accepts, of the workflow tasks of s — states as this transaction sees
// them. As Mistral's pause, resume and cancel, it looks at finished tasks
// too: a sub-workflow task that timed out leaves its sub-workflow running.
func (r *run) eachChild(s *execState, wanted func(state string) bool, fn func(t *db.TaskExecution, child *execState) error) error {
	tasks, err := r.taskList(s)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.Type != db.TaskTypeWorkflow {
			continue
		}
		subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			state := sub.State
			if loaded, ok := r.execs[sub.ID]; ok {
				state = loaded.ex.State
			}
			if !wanted(state) {
				continue
			}
			cs, err := r.exec(sub.ID)
			if err != nil {
				return err
			}
			if err := fn(t, cs); err != nil {
				return err
			}
		}
	}
	return nil
}
