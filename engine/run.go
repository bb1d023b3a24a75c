package engine

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// run is the working set of one engine transaction: the executions it has
// loaded, with their decoded columns, written back once at the end.
type run struct {
	e     *Engine
	ctx   context.Context
	tx    *db.Tx
	execs map[string]*execState
	// later holds work for the end of the transaction: zero-delay
	// continuations that Mistral would run through its scheduler, and the
	// decisions deferred with once.
	later []func() error
	// deferred are the keys of the work once has put in later and that
	// has not run yet.
	deferred map[string]bool
	// pending gathers the action executions and outbox entries that a
	// dispatch or a with-items task's scheduling writes together (nil:
	// write at once; gatherWrites).
	pending *pendingWrites
	// sends are the run_actions the transaction sends once committed.
	sends []actionSend
	// timers are written at the end of the transaction.
	timers []*db.Timer
	// notes are the notification events of this transaction, in order;
	// they leave after the commit.
	notes []*rpc.Notification
	// inCtx holds the decoded in_context of the tasks whose context an
	// expression read (inContext), so that a with-items task's iterations
	// decode it once.
	inCtx map[*db.TaskExecution]decodedJSON
	// cancelledItems holds the with-items tasks that had an iteration
	// cancelled in this transaction.
	cancelledItems map[string]bool
	// retried holds the tasks whose action executions a retry unaccepted
	// in this transaction (in the database only).
	retried map[string]bool
	// erased holds the action executions whose output keep-result: false
	// erased in this transaction (in the database only).
	erased map[string]bool
	// cache holds what task(), tasks(), execution() and executions()
	// answered in what Mistral would run as one transaction: the start of
	// a workflow, a task's completion, a pause, resume, stop or rerun, and
	// the work Mistral runs as scheduler jobs (a timer, a join's decision,
	// a with-items iteration's, a sub-workflow's report, the workflow's
	// completion check: ownCache). Nil outside them (host.taskCache).
	cache *txCache
}

// txCache is Mistral's transaction-scoped cache of the task() and
// execution() expression functions.
type txCache struct {
	tasks      map[string]*data.Map // by the name task() was given alone
	execution  *data.Map
	taskLists  map[expr.TasksFilter]any
	executions map[expr.ExecutionsFilter]any
}

// newTxCache returns an empty cache; its maps are made when first used
// (host), as most transactions evaluate no expression.
func newTxCache() *txCache {
	return &txCache{}
}

// ownCache runs f with a cache of task() and execution() of its own, and
// then gives back the one the transaction had: f is work that Mistral runs
// in a transaction of its own (a scheduler job), such as a timer's or a
// sub-workflow's report to its parent task.
func (r *run) ownCache(f func() error) error {
	prev := r.cache
	r.cache = newTxCache()
	defer func() { r.cache = prev }()
	return f()
}

// newRun starts the working set of a transaction on tx.
func newRun(ctx context.Context, e *Engine, tx *db.Tx) *run {
	return &run{e: e, ctx: ctx, tx: tx, execs: make(map[string]*execState)}
}

// decodedJSON is a JSON column's text with the map it decodes to.
type decodedJSON struct {
	raw string
	m   *data.Map
}

// inContext returns the decoded in_context of t, decoded once per
// transaction (again if the column changed). Callers must not modify it:
// views read it, outboundContext copies it.
func (r *run) inContext(t *db.TaskExecution) *data.Map {
	if d, ok := r.inCtx[t]; ok && d.raw == t.InContext.Raw {
		return d.m
	}
	m := t.InContext.Map()
	if r.inCtx == nil {
		r.inCtx = make(map[*db.TaskExecution]decodedJSON)
	}
	r.inCtx[t] = decodedJSON{raw: t.InContext.Raw, m: m}
	return m
}

// execState is a workflow execution with its decoded JSON columns and its
// task executions, as this transaction sees them.
type execState struct {
	ex     *db.WorkflowExecution
	wf     *lang.Workflow
	params *data.Map
	env    *data.Map // the root execution's env
	// input, context and runtime are the decoded JSON columns, nil until
	// first used (inputMap, contextMap, runtimeMap): most transitions
	// evaluate no expression and read none of them. flush writes back only
	// the decoded ones; the others have not changed.
	input   *data.Map
	context *data.Map
	runtime *data.Map
	tasks   []*db.TaskExecution          // all tasks, in creation order, once loaded
	byID    map[string]*db.TaskExecution // every task this transaction has seen
	loaded  bool                         // tasks loaded
	dirty   bool
	// taskFinished says that a task of the execution finished in this
	// transaction.
	taskFinished bool
	// dispatching counts the batches of commands being dispatched;
	// completionDue says that a completion check waits for them to end.
	dispatching   int
	completionDue bool
	// resuming says that the execution is being resumed in this
	// transaction (resumeTree).
	resuming bool
	// starting says that the execution is being started in this
	// transaction (startWorkflow).
	starting bool
}

// exec loads a workflow execution into the working set.
func (r *run) exec(id string) (*execState, error) {
	if s, ok := r.execs[id]; ok {
		return s, nil
	}
	ex, err := r.tx.WorkflowExecutions().GetWithoutSpec(id)
	if err != nil {
		return nil, err
	}
	return r.adopt(ex)
}

// adopt adds an execution row (read or newly created) to the working set.
func (r *run) adopt(ex *db.WorkflowExecution) (*execState, error) {
	wf, err := r.e.spec("ex:"+ex.ID, func() (db.JSON, error) {
		if !ex.Spec.IsNull() {
			return ex.Spec, nil
		}
		return r.tx.WorkflowExecutions().Spec(ex.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("execution %s: %w", ex.ID, err)
	}
	s := &execState{
		ex:     ex,
		wf:     wf,
		params: ex.Params.Map(),
		byID:   make(map[string]*db.TaskExecution),
	}
	r.execs[ex.ID] = s
	if root := ex.Root(); root != ex.ID {
		rs, err := r.exec(root)
		if err != nil {
			return nil, err
		}
		s.env = dataMap(rs.params.Value("env"))
	} else {
		s.env = dataMap(s.params.Value("env"))
	}
	return s, nil
}

// inputMap returns the execution's input.
func (s *execState) inputMap() *data.Map {
	if s.input == nil {
		s.input = s.ex.Input.Map()
	}
	return s.input
}

// contextMap returns the execution's context (published globals, vars).
func (s *execState) contextMap() *data.Map {
	if s.context == nil {
		s.context = s.ex.Context.Map()
	}
	return s.context
}

// runtimeMap returns the execution's runtime context.
func (s *execState) runtimeMap() *data.Map {
	if s.runtime == nil {
		s.runtime = s.ex.RuntimeContext.Map()
	}
	return s.runtime
}

// taskList returns the execution's task executions in creation order.
func (r *run) taskList(s *execState) ([]*db.TaskExecution, error) {
	if s.loaded {
		return s.tasks, nil
	}
	tasks, err := r.tx.TaskExecutions().ByWorkflow(s.ex.ID)
	if err != nil {
		return nil, err
	}
	s.adoptTasks(tasks)
	return s.tasks, nil
}

// loadTasksIfFinished loads s's task executions, as taskList does, if none
// of them is unfinished, and reports whether it did.
func (r *run) loadTasksIfFinished(s *execState) (bool, error) {
	tasks, unfinished, err := r.tx.TaskExecutions().ByWorkflowIfFinished(s.ex.ID)
	if err != nil || unfinished > 0 {
		return false, err
	}
	s.adoptTasks(tasks)
	return true, nil
}

// adoptTasks makes tasks, all of s's task executions as read, its task
// list, keeping the objects this transaction already holds.
func (s *execState) adoptTasks(tasks []*db.TaskExecution) {
	for i, t := range tasks {
		if seen, ok := s.byID[t.ID]; ok {
			tasks[i] = seen // keep the object this transaction may have changed
		} else {
			s.byID[t.ID] = t
		}
	}
	s.tasks, s.loaded = tasks, true
}

// addTask records a task execution created in this transaction.
func (r *run) addTask(s *execState, t *db.TaskExecution) error {
	if err := r.tx.TaskExecutions().Create(t); err != nil {
		return err
	}
	r.e.rememberRoot(t.ID, s.ex.Root())
	r.noteTask(s, t)
	s.byID[t.ID] = t
	if s.loaded {
		s.tasks = append(s.tasks, t)
	}
	return nil
}

// taskAndExec returns a task execution by id with its workflow execution,
// both from the working set when this transaction has seen them.
func (r *run) taskAndExec(id string) (*execState, *db.TaskExecution, error) {
	if s, t := r.seenTask(id); t != nil {
		return s, t, nil
	}
	t, ex, err := r.tx.TaskExecutions().GetWithExecution(id)
	if err != nil {
		return nil, nil, err
	}
	return r.adoptTaskRead(t, ex)
}

// parentTaskOf is taskAndExec for the task that started sub-workflow
// child. Its read also tells the store whether child is that task's only
// sub-workflow, which spares listing them for the task's result, and
// whether the task is its workflow's only one, which then is the whole
// task list: the workflow's completion check needs no read either.
func (r *run) parentTaskOf(child *execState) (*execState, *db.TaskExecution, error) {
	if s, t := r.seenTask(*child.ex.TaskExecutionID); t != nil {
		return s, t, nil
	}
	t, ex, onlyTask, err := r.tx.TaskExecutions().GetParentOf(child.ex)
	if err != nil {
		return nil, nil, err
	}
	s, t, err := r.adoptTaskRead(t, ex)
	// A task of s this transaction holds besides t (not written yet)
	// would make the read's answer stale.
	if err == nil && onlyTask && !s.loaded && len(s.byID) == 1 {
		s.adoptTasks([]*db.TaskExecution{t})
	}
	return s, t, err
}

// seenTask returns the task execution with id and its execution if this
// transaction has seen it.
func (r *run) seenTask(id string) (*execState, *db.TaskExecution) {
	for _, s := range r.execs {
		if t, ok := s.byID[id]; ok {
			return s, t
		}
	}
	return nil, nil
}

// adoptTaskRead adopts a task execution and its workflow execution (nil
// if that is gone) read together.
func (r *run) adoptTaskRead(t *db.TaskExecution, ex *db.WorkflowExecution) (*execState, *db.TaskExecution, error) {
	// The execution read along serves unless this transaction works on
	// it already.
	var err error
	s, ok := r.execs[t.WorkflowExecutionID]
	switch {
	case ok:
	case ex != nil:
		s, err = r.adopt(ex)
	default:
		s, err = r.exec(t.WorkflowExecutionID) // gone: its error
	}
	if err != nil {
		return nil, nil, err
	}
	return s, r.adoptTask(s, t), nil
}

// adoptTask adds a task execution read in this transaction to the working
// set of s and returns the object the transaction works on: the one it has
// already if it saw the task before.
func (r *run) adoptTask(s *execState, t *db.TaskExecution) *db.TaskExecution {
	if seen, ok := s.byID[t.ID]; ok {
		return seen
	}
	s.byID[t.ID] = t
	return t
}

// knowsUnfinished reports whether a task of s that this transaction has
// seen is not finished. The tree is locked, so what it saw is current.
func (s *execState) knowsUnfinished() bool {
	for _, t := range s.byID {
		if t.WorkflowExecutionID == s.ex.ID && !db.IsTerminal(t.State) {
			return true
		}
	}
	return false
}

// task returns a task execution of s by id, the same object every time
// within the transaction.
func (r *run) task(s *execState, id string) (*db.TaskExecution, error) {
	if t, ok := s.byID[id]; ok {
		return t, nil
	}
	t, err := r.tx.TaskExecutions().Get(id)
	if err != nil {
		return nil, err
	}
	s.byID[id] = t
	return t, nil
}

// once defers f to the end of the transaction unless work under the same
// key is already waiting there. A decision that depends on many events of
// one transaction (a join's inbound tasks finishing, a with-items task's
// iterations) is then taken once, on all of them, instead of once per
// event: the transaction that handles a batch of completions reads the
// join's inbound tasks or counts the iterations once.
func (r *run) once(key string, f func() error) {
	if r.deferred[key] {
		return
	}
	if r.deferred == nil {
		r.deferred = make(map[string]bool)
	}
	r.deferred[key] = true
	r.later = append(r.later, func() error {
		delete(r.deferred, key)
		return f()
	})
}

// finish runs the deferred work, writes the timers and the changed
// executions.
func (r *run) finish() error {
	for len(r.later) > 0 {
		f := r.later[0]
		r.later = r.later[1:]
		if err := f(); err != nil {
			return err
		}
	}
	for _, t := range r.timers {
		if err := r.tx.Timers().Add(t); err != nil {
			return err
		}
	}
	if len(r.timers) > 0 && r.e.timerWake != nil {
		r.tx.AfterCommit(r.e.timerWake)
	}
	r.checkMaintenance()
	if err := r.flush(); err != nil {
		return err
	}
	return r.sendNotes()
}

// flush writes back every execution this transaction changed.
func (r *run) flush() error {
	for _, s := range r.execs {
		if !s.dirty {
			continue
		}
		if s.input != nil {
			s.ex.Input = db.JSONOf(s.input)
		}
		s.ex.Params = db.JSONOf(s.params)
		if s.context != nil {
			s.ex.Context = db.JSONOf(s.context)
		}
		if s.runtime != nil {
			s.ex.RuntimeContext = db.JSONOf(s.runtime)
		}
		if err := r.tx.WorkflowExecutions().Save(s.ex); err != nil {
			return err
		}
		r.noteExec(s)
		s.dirty = false
	}
	return nil
}

// saveTask writes a task execution and notes its state change.
func (r *run) saveTask(t *db.TaskExecution) error {
	if err := r.tx.TaskExecutions().Save(t); err != nil {
		return err
	}
	r.noteTaskOf(t)
	return nil
}
