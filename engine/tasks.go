package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// dispatch runs a batch of commands (ENGINE.md §4.3). A task of the batch
// may complete at once (a with-items over an empty list) before the
// batch's other tasks exist; like Mistral, which checks a workflow's
// completion after the transaction, the check then waits until the
// outermost batch has run.
func (r *run) dispatch(s *execState, cmds []*command) (err error) {
	if flush := r.gatherWrites(); flush != nil {
		defer func() {
			if werr := flush(); err == nil {
				err = werr
			}
		}()
	}
	s.dispatching++
	err = r.dispatchBatch(s, cmds)
	s.dispatching--
	if err != nil || s.dispatching > 0 || !s.completionDue {
		return err
	}
	s.completionDue = false
	return r.checkAndComplete(s)
}

func (r *run) dispatchBatch(s *execState, cmds []*command) error {
	for _, c := range arrange(cmds) {
		if db.IsTerminal(s.ex.State) {
			return nil
		}
		if s.ex.State == db.StatePaused {
			r.backlog(s, c)
			continue
		}
		var err error
		switch c.kind {
		case cmdRunTask:
			err = r.runNewTask(s, c)
		case cmdRunExisting:
			err = r.runExistingTask(s, c)
		case cmdFail:
			err = r.failWorkflowAs(s, c.info, c.msg)
		case cmdSucceed:
			err = r.succeedWithOutput(s, c.info)
		case cmdPause:
			err = r.pauseWorkflow(s, c.info)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isUserError reports whether err comes from the workflow's definition or
// data (an expression, an input, a missing action) rather than from the
// system: such errors fail the task and workflow instead of aborting the
// transaction.
func isUserError(err error) bool {
	var me *exc.Error
	var ee *expr.EvalError
	var ge *expr.GrammarError
	return errors.As(err, &me) || errors.As(err, &ee) || errors.As(err, &ge)
}

// newTaskExecution builds the row of a new task execution of spec.
func (r *run) newTaskExecution(s *execState, spec *lang.Task, state string, c *command) *db.TaskExecution {
	now := db.Now()
	typ := db.TaskTypeAction
	if spec.Workflow != "" {
		typ = db.TaskTypeWorkflow
	}
	rt := data.NewMap(1)
	if len(c.triggeredBy) > 0 {
		rt.Set("triggered_by", triggersValue(c.triggeredBy))
	}
	inCtx := c.ctx
	if inCtx == nil {
		inCtx = data.NewMap(0)
	}
	t := &db.TaskExecution{
		Timestamps:          db.Timestamps{CreatedAt: now, UpdatedAt: &now},
		ID:                  db.NewID(),
		Name:                spec.Name,
		WorkflowName:        s.ex.WorkflowName,
		WorkflowNamespace:   s.ex.WorkflowNamespace,
		WorkflowID:          s.ex.WorkflowID,
		WorkflowExecutionID: s.ex.ID,
		Spec:                db.JSON{Raw: spec.SpecJSON()},
		Type:                typ,
		State:               state,
		Tags:                db.StringList(spec.Tags),
		RuntimeContext:      db.JSONOf(rt),
		InContext:           db.JSONOf(inCtx),
		Published:           db.JSON{Raw: "{}"}, // db.JSONOf(an empty map)
		NextTasks:           db.JSON{Raw: "[]"}, // db.JSONOf(an empty list)
		Scope:               "private",
		ProjectID:           s.ex.ProjectID,
	}
	if state == db.StateRunning {
		t.StartedAt = &now
	}
	return t
}

func triggersValue(ts []trigger) []any {
	out := make([]any, len(ts))
	for i, t := range ts {
		out[i] = data.MapOf("task_id", t.TaskID, "event", t.Event)
	}
	return out
}

// runNewTask creates a task execution for a RunTask command and starts it.
func (r *run) runNewTask(s *execState, c *command) error {
	if c.task.Join.IsJoin() {
		return r.runJoin(s, c)
	}
	t := r.newTaskExecution(s, c.task, db.StateRunning, c)
	if err := r.addTask(s, t); err != nil {
		return err
	}
	return r.startTask(s, t)
}

// startTask applies the before-start policies and schedules the task's
// actions or sub-workflow. A user error fails the task and the workflow
// (ENGINE.md §9).
func (r *run) startTask(s *execState, t *db.TaskExecution) error {
	err := r.policiesAndSchedule(s, t)
	if err == nil || !isUserError(err) {
		return err
	}
	return r.forceFail(s, t, failedToRun(s, t, err))
}

func (r *run) policiesAndSchedule(s *execState, t *db.TaskExecution) error {
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return exc.WorkflowErr("Task '%s' not found.", t.Name)
	}
	ok, err := r.beforeStart(s, t, spec)
	if err != nil || !ok {
		return err
	}
	return r.scheduleTask(s, t)
}

// failedToRun is the state_info of a task whose actions could not be
// scheduled for a user error. Mistral follows the colon with a newline and
// the Python traceback of the error; without a traceback, ours ends at the
// colon, as Mistral's reads once the traceback is cut off. So do the other
// "Failed to ...:" texts (completion.go).
func failedToRun(s *execState, t *db.TaskExecution, err error) string {
	return fmt.Sprintf("Failed to run task [error=%s, wf=%s, task=%s]:", errText(err), s.ex.Name, t.Name)
}

// errText is the message an error shows in state_info texts.
func errText(err error) string {
	var me *exc.Error
	if errors.As(err, &me) {
		return me.Msg
	}
	return err.Error()
}

// forceFail fails a task without consulting its handlers, then the
// workflow with the same message. As in Mistral, the task is not marked
// processed: no decision was made upon its completion.
func (r *run) forceFail(s *execState, t *db.TaskExecution, msg string) error {
	now := db.Now()
	t.FinishedAt = &now
	return r.forceFailUnfinished(s, t, msg)
}

// forceFailUnfinished is forceFail without a finish time, as Mistral fails
// an existing task (a rerun) it could not run again.
func (r *run) forceFailUnfinished(s *execState, t *db.TaskExecution, msg string) error {
	t.State = db.StateError
	t.StateInfo = strPtr(msg)
	if err := r.saveTask(t); err != nil {
		return err
	}
	return r.failWorkflow(s, &msg)
}

// taskInputLayers is the context of a task's input, action name and policies:
// __task_execution, __env, with-items variables, inbound context, workflow
// context, workflow input. As in Mistral, the with-items layer is the item
// variables deep-merged with the inbound context, which wins: a variable
// published upstream under an item variable's name hides the item.
func (r *run) taskInputLayers(s *execState, t *db.TaskExecution, items *data.Map) func() []*data.Map {
	return func() []*data.Map {
		in := r.inContext(t)
		layer := data.NewMap(0)
		if items != nil {
			layer = mergedOver(items, in)
		}
		return []*data.Map{taskExecutionVar(t.ID, t.Name), envVar(s.env), layer, in, s.contextMap(), s.inputMap()}
	}
}

// mergedOver is Mistral's merge_dicts(left, right): right deep-merged into
// left, right's values winning. It copies only the maps it changes.
func mergedOver(left, right *data.Map) *data.Map {
	out := left.Clone()
	right.Range(func(k string, rv any) bool {
		if lm, ok := out.Value(k).(*data.Map); ok {
			if rm, ok := rv.(*data.Map); ok {
				out.Set(k, mergedOver(lm, rm))
				return true
			}
		}
		out.Set(k, rv)
		return true
	})
	return out
}

// scheduleTask runs a started task: one action execution, one per with-items
// element, or a sub-workflow.
func (r *run) scheduleTask(s *execState, t *db.TaskExecution) error {
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return exc.WorkflowErr("Task '%s' not found.", t.Name)
	}
	if len(spec.WithItems) > 0 {
		return r.scheduleWithItems(s, t, spec)
	}
	return r.scheduleOne(s, t, spec, 0, nil)
}

// scheduleOne schedules one action or sub-workflow of a task; index and
// items are the with-items position and its variables.
func (r *run) scheduleOne(s *execState, t *db.TaskExecution, spec *lang.Task, index int, items *data.Map) error {
	it, err := r.prepareOne(s, t, spec, index, items)
	if err != nil {
		return err
	}
	return r.launchOne(s, t, spec, it)
}

// prepared is a run of a task whose input is evaluated, ready to launch.
type prepared struct {
	index int
	ectx  *expr.Context
	input *data.Map
	items *data.Map // the with-items variables, nil for a plain task
}

// prepareOne evaluates the input of one run of a task.
func (r *run) prepareOne(s *execState, t *db.TaskExecution, spec *lang.Task, index int, items *data.Map) (*prepared, error) {
	ectx := r.exprContext(s, t, r.taskInputLayers(s, t, items))
	input, err := r.evalTaskInput(spec, ectx)
	if err != nil {
		return nil, err
	}
	return &prepared{index: index, ectx: ectx, input: input, items: items}, nil
}

// launchOne starts a prepared run: its sub-workflow, or its action.
func (r *run) launchOne(s *execState, t *db.TaskExecution, spec *lang.Task, it *prepared) error {
	ectx, input, index := it.ectx, it.input, it.index
	if err := r.evalTarget(s, t, spec, input); err != nil {
		return err
	}
	// Mistral evaluates the action or sub-workflow name in the task's
	// context without the with-items variables.
	nameCtx := ectx
	if it.items != nil {
		nameCtx = r.exprContext(s, t, r.taskInputLayers(s, t, nil))
	}
	if spec.Workflow != "" {
		return r.startSubworkflow(s, t, spec, nameCtx, input, index)
	}
	name := "std.noop"
	if spec.Action != "" {
		nv, err := r.e.eval.EvaluateRecursively(spec.Action, nameCtx)
		if err != nil {
			return err
		}
		if n := data.Str(nv); nv != nil && n != "" {
			name = n
		}
	}
	return r.scheduleAction(s, t, spec, name, input, index, ectx)
}

// evalTarget evaluates the task's target, as Mistral does before it builds
// the action, over the action input, the task's inbound context, env, the
// workflow context and input: without __task_execution, so task() is None
// unless the transaction read it before (host.noTask). The value routes
// nothing (ENGINE.md §14), but an expression that fails fails the task.
func (r *run) evalTarget(s *execState, t *db.TaskExecution, spec *lang.Task, input *data.Map) error {
	if !data.Truthy(spec.Target) {
		return nil
	}
	ectx := r.exprContext(s, t, func() []*data.Map {
		return []*data.Map{input, r.inContext(t), envVar(s.env), s.contextMap(), s.inputMap()}
	})
	ectx.Host.(*host).noTask = true
	_, err := r.e.eval.EvaluateRecursively(spec.Target, ectx)
	return err
}

// timeoutContext is the context Mistral evaluates a task's timeout in
// again when it schedules the action (the timeout policy evaluated it in
// the task's context before): the task's inbound context, the workflow
// context and input, without __task_execution and __env, so that env()
// is None there, and task() is None unless the transaction read it before
// (a wait-before's or a retry's timer runs the task in a transaction of
// its own, where the timeout policy did not read it).
func (r *run) timeoutContext(s *execState, t *db.TaskExecution) *expr.Context {
	ectx := r.exprContext(s, t, func() []*data.Map {
		return []*data.Map{r.inContext(t), s.contextMap(), s.inputMap()}
	})
	h := ectx.Host.(*host)
	h.noEnv = true
	h.noTask = true
	return ectx
}

// evalTaskInput evaluates the task's input: a mapping, or one expression
// that must give a mapping.
func (r *run) evalTaskInput(spec *lang.Task, ectx *expr.Context) (*data.Map, error) {
	if spec.Input == nil {
		return data.NewMap(0), nil
	}
	v, err := r.e.eval.EvaluateRecursively(spec.Input, ectx)
	if err != nil {
		return nil, err
	}
	m, ok := v.(*data.Map)
	if !ok {
		if _, isStr := spec.Input.(string); isStr {
			return nil, exc.InputErr("Wrong dynamic input for task: %s. Dict type is expected. Actual type: <class '%s'>. Actual value: %s",
				spec.Name, data.TypeName(v), data.Str(v))
		}
		return data.NewMap(0), nil
	}
	return m, nil
}

// scheduleAction creates the action execution and registers its send to an
// executor for after the commit.
func (r *run) scheduleAction(s *execState, t *db.TaskExecution, spec *lang.Task, name string, input *data.Map, index int, ectx *expr.Context) error {
	// Defaults for the action from env.__actions.<name>.
	if defaults, ok := dataMap(s.env.Value("__actions")).Value(name).(*data.Map); ok {
		input = input.Clone()
		defaults.Range(func(k string, v any) bool {
			if !input.Has(k) {
				input.Set(k, v)
			}
			return true
		})
	}
	if err := checkFieldSize("TaskExecution", "input", input, r.e.cfg.FieldSizeLimitKB); err != nil {
		return err // the class is Mistral's: its validator names the last model it was registered on
	}
	resolved, err := r.resolveAction(s, name, input, t, ectx)
	if err != nil {
		return err
	}
	// Mistral 15 never evaluates safe-rerun: an expression is a non-empty
	// text, so true, even when it could not be evaluated.
	safeRerun := data.Truthy(s.wf.SafeRerun(spec))
	timeout := 0
	if tv := s.wf.Policies(spec).Timeout; tv != nil {
		if timeout, err = r.policyInt(s, tv, r.timeoutContext(s, t), "TimeoutPolicy", "delay"); err != nil {
			return err
		}
	}
	id := db.NewID()
	req := &rpc.RunActionRequest{
		Action:     resolved.wire,
		ActionExID: id,
		SafeRerun:  safeRerun,
		ExecCtx: data.MapOf(
			"workflow_execution_id", s.ex.ID,
			"task_execution_id", t.ID,
			"workflow_name", s.ex.WorkflowName,
			"action_execution_id", id,
			"callback_url", "/v2/action_executions/"+id,
		),
		Timeout: timeout,
	}
	if err := r.send(s, req); err != nil {
		return err
	}
	rt := data.MapOf("index", int64(index), "safe_rerun", safeRerun)
	now := db.Now()
	hb := now.Add(time.Duration(r.e.cfg.FirstHeartbeatTimeoutSeconds) * time.Second)
	a := &db.ActionExecution{
		Timestamps:        db.Timestamps{CreatedAt: now}, // updated_at stays null while it runs, as in Mistral
		ID:                id,
		Name:              name,
		Description:       strPtr(""),
		WorkflowName:      strPtr(s.ex.WorkflowName),
		WorkflowNamespace: s.ex.WorkflowNamespace,
		WorkflowID:        strPtr(s.ex.WorkflowID),
		State:             db.StateRunning,
		RuntimeContext:    db.JSONOf(rt),
		Input:             db.JSONOf(resolved.input),
		TaskExecutionID:   strPtr(t.ID),
		LastHeartbeat:     &hb,
		IsSync:            !resolved.spec.Async,
		Scope:             "private",
		ProjectID:         s.ex.ProjectID,
	}
	if len(resolved.adhoc) > 0 {
		// Named as its definition is: "<workbook>.<action>" for an
		// action of a workbook, whatever name the task gave.
		a.Name = resolved.adhoc[0].Name
		a.Spec = db.JSONOf(resolved.adhoc[0].Spec())
	}
	r.e.rememberRoot(id, s.ex.Root())
	if r.pending != nil {
		r.pending.actions = append(r.pending.actions, a)
		return nil
	}
	return r.tx.ActionExecutions().Create(a)
}

// pendingWrites are the action executions, with their outbox entries, that
// a dispatch of commands or a with-items task's scheduling writes together
// once all are decided: a few multi-row inserts instead of two inserts an
// action.
type pendingWrites struct {
	entries []*db.OutboxEntry
	actions []*db.ActionExecution
}

// gatherWrites makes the actions scheduled from now on wait in r.pending,
// unless they do already, and returns the function that writes them (nil
// when an outer caller gathers). Nothing reads a scheduled action before
// that: the iterations of with-items tasks are counted, and joins decided,
// at the end of the transaction.
func (r *run) gatherWrites() func() error {
	if r.pending != nil {
		return nil
	}
	r.pending = &pendingWrites{}
	return r.writePending
}

// writePending writes what scheduling gathered and stops gathering.
func (r *run) writePending() error {
	p := r.pending
	r.pending = nil
	if p == nil {
		return nil
	}
	if err := r.tx.Outbox().AddAll(p.entries, r.e.cfg.Owner, r.e.cfg.OutboxLease); err != nil {
		return err
	}
	return r.tx.ActionExecutions().CreateAll(p.actions)
}

// send writes a run_action cast to the outbox in this transaction and
// registers it to be sent right after the commit (sendActions). If this
// process dies in between, the entry outlives it and the outbox sweeper
// sends it. While scheduling gathers writes (r.pending), the entry is
// written with them.
func (r *run) send(s *execState, req *rpc.RunActionRequest) error {
	entry := &db.OutboxEntry{
		Topic:    r.e.cfg.ExecutorTopic,
		Method:   "run_action",
		Args:     string(data.MustEncode(rpc.EncodeRunAction(req))),
		CallKind: "cast",
	}
	if r.pending != nil {
		r.pending.entries = append(r.pending.entries, entry)
	} else if err := r.tx.Outbox().Add(entry, r.e.cfg.Owner, r.e.cfg.OutboxLease); err != nil {
		return err
	}
	if len(r.sends) == 0 {
		r.tx.AfterCommit(func() { r.e.sendActions(r.sends) })
	}
	r.sends = append(r.sends, actionSend{ctx: r.sendContext(s), entry: entry, req: req})
	return nil
}

// actionSend is a run_action of a transaction, sent once it committed.
type actionSend struct {
	ctx   context.Context
	entry *db.OutboxEntry // has its id once committed
	req   *rpc.RunActionRequest
}

// maxParallelSends bounds the sends of one transaction in flight at once.
const maxParallelSends = 32

// sendActions sends a committed transaction's run_actions on goroutines of
// their own, up to maxParallelSends at once (the transport pipelines their
// confirms), off the tree's lock: the tree's next transaction does not wait
// for them. Even a single send goes apart: the broker's confirm can come
// after the executor got the message (traced here: after its ack), so the
// action's result could be waiting for the tree while its send waits for
// the confirm. Their order does not matter: each is another action.
func (e *Engine) sendActions(sends []actionSend) {
	send := func(a actionSend) {
		if err := e.sendAction(a.ctx, a.entry.ID, a.req); err != nil {
			e.log.Error("send action to executor", "action_execution_id", a.req.ActionExID, "error", err)
		}
	}
	if len(sends) == 1 {
		go send(sends[0])
		return
	}
	go func() {
		var wg sync.WaitGroup
		slots := make(chan struct{}, maxParallelSends)
		for _, a := range sends {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				send(a)
			})
		}
		wg.Wait()
	}()
}

// sendAction sends the run_action of an outbox entry this process holds.
// The send gives up after half the outbox lease, so that its outcome is
// settled while the entry is still ours, however long the broker is away.
// A confirmed send deletes the entry; a send that provably went nowhere
// (rpc.ErrNotDelivered) releases it, and a sweeper sends it again soon;
// any other failure leaves the message's fate unknown, and the entry to
// the sweeper once the lease has run out.
func (e *Engine) sendAction(ctx context.Context, entryID int64, req *rpc.RunActionRequest) error {
	sendCtx, cancel := context.WithTimeout(ctx, e.cfg.OutboxLease/2)
	defer cancel()
	err := e.executor.RunAction(sendCtx, req)
	switch {
	case err == nil:
		e.sent.sent(entryID)
	case errors.Is(err, rpc.ErrNotDelivered):
		e.release(ctx, entryID)
	}
	return err
}

// resolvedAction is an action found and instantiated for a task.
type resolvedAction struct {
	spec  *actions.Spec
	input *data.Map // the action execution's input: as given, an ad-hoc action's completed with its defaults
	wire  *rpc.Action
	adhoc []*lang.AdHocAction // the ad-hoc chain, outermost first; nil for a standard action
}

// resolveAction finds the named action (workbook-scoped ad-hoc, ad-hoc, then
// standard), checks its input and builds what is sent to the executor.
func (r *run) resolveAction(s *execState, name string, input *data.Map, t *db.TaskExecution, ectx *expr.Context) (*resolvedAction, error) {
	adhoc, namespace, err := r.findAdHoc(s, name)
	if err != nil {
		return nil, err
	}
	if adhoc != nil {
		return r.resolveAdHoc(s, adhoc, namespace, input, t)
	}
	act, spec, err := r.e.actions.Instantiate(name, input)
	if err != nil {
		if exc.Is(err, exc.InvalidAction) && spec == nil {
			return nil, r.unknownAction(s, name)
		}
		return nil, err
	}
	wire := &rpc.Action{Name: name, ClassName: spec.ClassName, Attrs: data.NewMap(0)}
	if ser, ok := act.(actions.Serializable); ok {
		wire.Attrs = ser.Vars()
	}
	return &resolvedAction{spec: spec, input: input, wire: wire}, nil
}

// unknownAction is the error of a task naming an action that is neither
// ad-hoc nor standard. A dynamic action (Python code source) is found but
// cannot run here: this server's executor runs no Python, and saying so
// beats Mistral's "Failed to find action". Dynamic actions are looked up
// only after the standard ones, so none costs a query on the common path.
func (r *run) unknownAction(s *execState, name string) error {
	d, err := r.tx.DynamicActions().Find(db.Viewer{ProjectID: s.ex.ProjectID}, name, s.ex.WorkflowNamespace)
	if err != nil {
		return err
	}
	if d != nil {
		return exc.New(exc.InvalidAction, "Dynamic action %s (class %s of code source %s) cannot run: this server does not execute Python code sources [action_name=%s, namespace=%s]",
			d.Name, d.ClassName, d.CodeSourceName, name, s.ex.WorkflowNamespace)
	}
	return exc.New(exc.InvalidAction, "Failed to find action [action_name=%s, namespace=%s]", name, s.ex.WorkflowNamespace)
}
