package engine

import (
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// withItemsValues evaluates the with-items sources of a task into lists of
// equal length (DSL.md §3.5).
func (r *run) withItemsValues(s *execState, t *db.TaskExecution, spec *lang.Task) ([]string, [][]any, error) {
	// The same view as the task's input: Mistral evaluates with-items
	// through the task's expression context, whose error messages print an
	// empty layer where the input's item variables go.
	ectx := r.exprContext(s, t, r.taskInputLayers(s, t, nil))
	names := make([]string, 0, len(spec.WithItems))
	lists := make([][]any, 0, len(spec.WithItems))
	done := data.NewMap(len(spec.WithItems))
	for _, wi := range spec.WithItems {
		val, err := r.e.eval.EvaluateRecursively(wi.Source, ectx)
		if err != nil {
			return nil, nil, err
		}
		list, ok := iterate(val)
		if !ok {
			return nil, nil, exc.InputErr("Wrong input format for: %s. Iterable type is expected for each value.", data.Repr(done))
		}
		done.Set(wi.Var, list)
		names = append(names, wi.Var)
		lists = append(lists, list)
	}
	for _, l := range lists[1:] {
		if len(l) != len(lists[0]) {
			return nil, nil, exc.InputErr("Wrong input format for: %s. All arrays must have the same length.", data.Repr(done))
		}
	}
	return names, lists, nil
}

// iterate turns a value into the list Python's iteration gives: lists as
// they are, strings char by char, dicts by key.
func iterate(v any) ([]any, bool) {
	switch t := v.(type) {
	case []any:
		return t, true
	case string:
		out := make([]any, 0, len(t))
		for _, r := range t {
			out = append(out, string(r))
		}
		return out, true
	case *data.Map:
		out := make([]any, 0, t.Len())
		for _, k := range t.Keys() {
			out = append(out, k)
		}
		return out, true
	case data.Foreign:
		return iterate(t.JSONValue())
	}
	return nil, false
}

// withItemsState is a with-items task's bookkeeping in its runtime context.
type withItemsState struct {
	count, capacity, concurrency int
}

func readWithItems(t *db.TaskExecution) withItemsState {
	rt := t.RuntimeContext.Map()
	wi := dataMap(rt.Value("with_items"))
	st := withItemsState{}
	st.count = intOf(wi.Value("count"))
	st.capacity = intOf(wi.Value("capacity"))
	st.concurrency = intOf(rt.Value("concurrency"))
	return st
}

// writeWithItems stores st in t's runtime context, capacity before count as
// Mistral writes them (the REST runtime_context text shows that order).
func writeWithItems(t *db.TaskExecution, st withItemsState) {
	rt := t.RuntimeContext.Map()
	var capacity any
	if st.concurrency > 0 {
		capacity = int64(st.capacity)
		rt.Set("concurrency", int64(st.concurrency))
	}
	rt.Set("with_items", data.MapOf("capacity", capacity, "count", int64(st.count)))
	t.RuntimeContext = db.JSONOf(rt)
}

func intOf(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// scheduleWithItems starts the first iterations of a with-items task.
func (r *run) scheduleWithItems(s *execState, t *db.TaskExecution, spec *lang.Task) error {
	names, lists, err := r.withItemsValues(s, t, spec)
	if err != nil {
		return err
	}
	n := len(lists[0])
	ectx := r.exprContext(s, t, r.taskInputLayers(s, t, nil))
	k, err := r.policyInt(s, s.wf.Policies(spec).Concurrency, ectx, "ConcurrencyPolicy", "concurrency")
	if err != nil {
		return err
	}
	st := withItemsState{count: n, capacity: k, concurrency: k}
	if n == 0 {
		writeWithItems(t, st)
		return r.completeTask(s, t, db.StateSuccess, nil)
	}
	if t.RuntimeContext.Map().Has("with_items") {
		// Run again (a join reached by a late branch), the task keeps its
		// accepted iterations, as Mistral's: with none left to start, it
		// completes at once with their results.
		its, err := r.iterations(t)
		if err != nil {
			return err
		}
		running, finished := iterationStates(its)
		if cur := readWithItems(t); running > 0 && (finished == 0 || (cur.concurrency > 0 && cur.capacity <= 0)) {
			// Retried after a timeout while iterations still run:
			// Mistral runs again only finished iterations, within the
			// capacity left, and starts new ones from the count of those
			// running: none here, and the task succeeds at once.
			return r.completeTask(s, t, db.StateSuccess, nil)
		}
		if len(startedOf(its)) >= n {
			return r.settleWithItems(s, t, spec, "")
		}
	}
	return r.scheduleIterations(s, t, spec, names, lists, st)
}

// scheduleIterations starts the iterations not started yet, as many as the
// capacity allows.
func (r *run) scheduleIterations(s *execState, t *db.TaskExecution, spec *lang.Task, names []string, lists [][]any, st withItemsState) (err error) {
	started, err := r.startedIndexes(t)
	if err != nil {
		return err
	}
	if flush := r.gatherWrites(); flush != nil {
		defer func() {
			if werr := flush(); err == nil {
				err = werr
			}
		}()
	}
	// The state is written before each iteration starts, but only when it
	// changed: without concurrency it does not, and writing it again
	// would give the same text.
	written := false
	var last withItemsState
	write := func() {
		if !written || st != last {
			writeWithItems(t, st)
			written, last = true, st
		}
	}
	// As Mistral, every input of the batch is evaluated before any run
	// starts: an item whose input fails fails the task with no run at all.
	var batch []*prepared
	capacity := st.capacity
	for i := 0; i < st.count; i++ {
		if st.concurrency > 0 && capacity <= 0 {
			break
		}
		if started[i] {
			continue
		}
		items := data.NewMap(len(names))
		for j, name := range names {
			items.Set(name, lists[j][i])
		}
		it, err := r.prepareOne(s, t, spec, i, items)
		if err != nil {
			// Mistral has written the task's with-items state by then.
			write()
			return err
		}
		batch = append(batch, it)
		capacity--
	}
	for _, it := range batch {
		if st.concurrency > 0 {
			st.capacity--
		}
		write()
		if err := r.launchOne(s, t, spec, it); err != nil {
			// Mistral decreases the capacity once an iteration is
			// scheduled: one that cannot start leaves it as it was.
			if st.concurrency > 0 {
				st.capacity++
				write()
			}
			return err
		}
		if db.IsTerminal(t.State) || db.IsTerminal(s.ex.State) {
			break
		}
	}
	write()
	return r.saveTask(t)
}

// iteration is one action or sub-workflow execution of a task.
type iteration struct {
	index    int
	state    string
	accepted bool
	result   any
	// order places the result in the task's: the index, but for a
	// sub-workflow its params' index, which an undeclared "index" input
	// overrides (Mistral's runtime_context index of a workflow execution
	// is its params' index).
	order int
}

// iterations returns a task's action executions or sub-workflows.
func (r *run) iterations(t *db.TaskExecution) ([]iteration, error) {
	var out []iteration
	if t.Type == db.TaskTypeWorkflow {
		subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		for _, w := range subs {
			if loaded, ok := r.execs[w.ID]; ok {
				w = loaded.ex // changed in this transaction, not written yet
			}
			out = append(out, iteration{index: intOf(w.RuntimeContext.Map().Value("index")), state: w.State,
				accepted: w.Accepted, result: w.Output.Map(), order: intOf(w.Params.Map().Value("index"))})
		}
		return out, nil
	}
	acts, err := r.tx.ActionExecutions().ByTask(t.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		index := intOf(a.RuntimeContext.Map().Value("index"))
		out = append(out, iteration{index: index, state: a.State,
			accepted: a.Accepted, result: a.Output.Map().Value("result"), order: index})
	}
	return out, nil
}

// iterationStates counts the iterations still running and those finished.
func iterationStates(its []iteration) (running, finished int) {
	for _, it := range its {
		if db.IsTerminal(it.state) {
			finished++
		} else {
			running++
		}
	}
	return running, finished
}

// startedIndexes are the indexes whose iteration is running or accepted.
func (r *run) startedIndexes(t *db.TaskExecution) (map[int]bool, error) {
	its, err := r.iterations(t)
	if err != nil {
		return nil, err
	}
	return startedOf(its), nil
}

// startedOf are the indexes of its whose iteration is running or accepted.
func startedOf(its []iteration) map[int]bool {
	started := make(map[int]bool, len(its))
	for _, it := range its {
		if it.accepted || !db.IsTerminal(it.state) {
			started[it.index] = true
		}
	}
	return started
}

// onWithItemsIteration accounts for a finished iteration: the task completes
// once every iteration is accepted, otherwise more iterations start
// (ENGINE.md §7.1). The iterations are counted at the end of the
// transaction, once for all those it finished: counting reads every
// iteration of the task, and a transaction handles a batch of completions.
func (r *run) onWithItemsIteration(s *execState, t *db.TaskExecution, spec *lang.Task, state, actionName string) error {
	if state == db.StateCancelled {
		if r.cancelledItems == nil {
			r.cancelledItems = make(map[string]bool)
		}
		r.cancelledItems[t.ID] = true
	}
	st := readWithItems(t)
	if st.concurrency > 0 && st.capacity < st.concurrency {
		st.capacity++
	}
	writeWithItems(t, st)
	// As in Mistral, where each iteration's completion is a transaction
	// of its own, the iterations it starts (and their sub-workflows) and
	// the task's completion share a cache of task() and execution().
	r.once("items:"+t.ID, func() error {
		return r.ownCache(func() error { return r.settleWithItems(s, t, spec, actionName) })
	})
	return nil
}

// settleWithItems completes a with-items task whose iterations are all
// accepted, or starts more.
func (r *run) settleWithItems(s *execState, t *db.TaskExecution, spec *lang.Task, actionName string) error {
	if db.IsTerminal(t.State) {
		return nil
	}
	st := readWithItems(t)
	if st.concurrency == 0 && t.Type != db.TaskTypeWorkflow && !r.cancelledItems[t.ID] {
		// Nothing more to start and no iteration cancelled: while one
		// still runs, the task goes on. Finding one running iteration
		// stops at the first, where counting reads them all, on every
		// completion (10,000 items cost 20% more an item than 200).
		running, err := r.tx.ActionExecutions().HasUnfinishedIteration(t.ID)
		if err != nil {
			return err
		}
		if running {
			return r.saveTask(t)
		}
	}
	c, err := r.countIterations(t)
	if err != nil {
		return err
	}
	accepted, running, cancelled, failed := c.Accepted, c.Running, c.Cancelled, c.Failed
	switch {
	case cancelled:
		return r.completeTaskHandled(s, t, db.StateCancelled, strPtr("One or more actions was cancelled."), actionName)
	case accepted >= st.count && running == 0:
		if failed {
			return r.completeTaskHandled(s, t, db.StateError, strPtr("One or more actions had failed."), actionName)
		}
		return r.completeTaskHandled(s, t, db.StateSuccess, nil, actionName)
	}
	if st.concurrency == 0 {
		return r.saveTask(t)
	}
	// The next iterations start on this completion: an error in their
	// input fails the task as any error in handling a completion does.
	names, lists, err := r.withItemsValues(s, t, spec)
	if err != nil {
		return r.failCompletion(s, t, err, actionName)
	}
	return r.failCompletion(s, t, r.scheduleIterations(s, t, spec, names, lists, st), actionName)
}

// countIterations counts a task's iterations: with a GROUP BY for action
// tasks (reading every row on each completion made with-items quadratic),
// from the rows, as this transaction sees them, for sub-workflows.
func (r *run) countIterations(t *db.TaskExecution) (db.IterationCounts, error) {
	if t.Type != db.TaskTypeWorkflow {
		return r.tx.ActionExecutions().CountIterations(t.ID)
	}
	its, err := r.iterations(t)
	if err != nil {
		return db.IterationCounts{}, err
	}
	var c db.IterationCounts
	for _, it := range its {
		if !db.IsTerminal(it.state) {
			c.Running++
		}
		if it.accepted {
			c.Accepted++
			c.Failed = c.Failed || it.state == db.StateError
			c.Cancelled = c.Cancelled || it.state == db.StateCancelled
		}
	}
	return c, nil
}
