package engine

import (
	"sort"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// host answers Mistral's expression functions (task(), execution(), ...)
// from the transaction's view of the database.
type host struct {
	r     *run
	s     *execState
	task  *db.TaskExecution // the current task, nil outside tasks
	noEnv bool              // env() is None: the context has no __env
	// noTask says that the context has no __task_execution although
	// Mistral evaluates it in a transaction that caches task()
	// (timeoutContext, a workflow's vars): task() without a name answers
	// what the transaction's cache holds, else None.
	noTask bool
}

func (r *run) host(s *execState, t *db.TaskExecution) expr.Host {
	return &host{r: r, s: s, task: t}
}

// Env implements expr.Host.
func (h *host) Env() any {
	if h.noEnv {
		return nil
	}
	return h.s.env
}

// Execution implements expr.Host. Like task(), execution() answers what
// it answered first in the transaction (taskCache): a sub-workflow started
// in it sees its parent's execution.
func (h *host) Execution() (any, error) {
	cache := h.cache()
	if cache != nil && cache.execution != nil {
		return cache.execution, nil
	}
	d := h.executionDict()
	if cache != nil {
		cache.execution = d
	}
	return d, nil
}

func (h *host) executionDict() *data.Map {
	ex := h.s.ex
	return data.MapOf(
		"id", ex.ID,
		"name", ex.Name,
		"spec", h.s.wf.Spec(),
		"input", h.s.inputMap(),
		"params", h.s.params,
		"created_at", pyTime(&ex.CreatedAt),
		"updated_at", pyTime(ex.UpdatedAt),
		"root_execution_id", strOrNil(ex.RootExecutionID),
	)
}

// Executions implements expr.Host. Like task(), it answers what it
// answered first in the transaction for the same arguments (taskCache).
func (h *host) Executions(f expr.ExecutionsFilter) (any, error) {
	var cache map[expr.ExecutionsFilter]any
	if c := h.cache(); c != nil {
		if c.executions == nil {
			c.executions = map[expr.ExecutionsFilter]any{}
		}
		cache = c.executions
	}
	return cachedAnswer(cache, f, func() (any, error) { return h.executionList(f) })
}

func (h *host) executionList(f expr.ExecutionsFilter) (any, error) {
	list, err := h.r.tx.WorkflowExecutions().Filter(f.ID, f.RootExecutionID, f.State, f.FromTime, f.ToTime)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, ex := range list {
		d := workflowExecutionDict(ex)
		// Mistral's model object has its tags as a list, even if empty.
		if d.Value("tags") == nil {
			d.Set("tags", []any{})
		}
		out[i] = d
	}
	return out, nil
}

// Task implements expr.Host: the current task, or the last execution of the
// named task in this workflow execution. As Mistral's query of the task
// executions by name, the name compares as MySQL's collation does
// (task(FIRST) is task "first"); the current task only by its exact name.
func (h *host) Task(name string) (any, error) {
	cache := h.taskCache()
	if d, ok := cache[name]; ok {
		if d == nil {
			return nil, nil
		}
		return d, nil
	}
	cur := h.task
	if h.noTask {
		cur = nil
	}
	var t *db.TaskExecution
	if name == "" || (cur != nil && name == cur.Name) {
		t = cur
	} else {
		tasks, err := h.r.taskList(h.s)
		if err != nil {
			return nil, err
		}
		for _, x := range tasks {
			if db.SameName(x.Name, name) {
				t = x
			}
		}
	}
	if t == nil {
		if cache != nil {
			cache[name] = nil
		}
		return nil, nil
	}
	d, err := h.r.taskDict(t)
	if err != nil {
		return nil, err
	}
	if cache != nil {
		cache[name] = d
	}
	return d, nil
}

// CachedTask implements expr.TaskCache: what task(name) answered before
// in the transaction.
func (h *host) CachedTask(name string) (any, bool) {
	d, ok := h.taskCache()[name]
	if !ok || d == nil {
		return nil, ok
	}
	return d, true
}

// taskCache is where task() answers are kept for the rest of the
// transaction, by the name task() was given alone, as Mistral's
// transaction-scoped cache of task() keeps them: once a completing task's
// publish has read task(), fail-on, retry's conditions, the transitions
// and the inputs of the tasks (and sub-workflows) it starts see what it
// answered then (the result before keep-result erased it, the state
// before fail-on; even a next task's task() answers the completed task);
// the start tasks of a workflow, and the tasks a resume or rerun starts,
// share it likewise, as do the sub-workflows a timer's task starts. It is
// nil outside tasks, but for the contexts Mistral evaluates without a
// current task in such a transaction (noTask): the workflow's vars and
// output, a timeout evaluated again, a target, an ad-hoc base-input.
func (h *host) taskCache() map[string]*data.Map {
	if c := h.cache(); c != nil {
		if c.tasks == nil {
			c.tasks = map[string]*data.Map{}
		}
		return c.tasks
	}
	return nil
}

// cache is the transaction's cache of task(), tasks(), execution() and
// executions(), nil outside tasks (but for the contexts without a current
// task that Mistral evaluates in the transaction: noTask) and outside the
// transactions that keep one (run.cache).
func (h *host) cache() *txCache {
	if h.task == nil && !h.noTask {
		return nil
	}
	return h.r.cache
}

// cachedAnswer answers cache[key], or load's answer, kept in cache
// unless cache is nil.
func cachedAnswer[K comparable](cache map[K]any, key K, load func() (any, error)) (any, error) {
	if v, ok := cache[key]; ok {
		return v, nil
	}
	v, err := load()
	if err == nil && cache != nil {
		cache[key] = v
	}
	return v, err
}

// Tasks implements expr.Host. Like task(), it answers what it answered
// first in the transaction for the same arguments (taskCache): a task
// started in it does not see itself.
func (h *host) Tasks(f expr.TasksFilter) (any, error) {
	var cache map[expr.TasksFilter]any
	if c := h.cache(); c != nil {
		if c.taskLists == nil {
			c.taskLists = map[expr.TasksFilter]any{}
		}
		cache = c.taskLists
	}
	return cachedAnswer(cache, f, func() (any, error) { return h.taskList(f) })
}

func (h *host) taskList(f expr.TasksFilter) (any, error) {
	var tasks []*db.TaskExecution
	var err error
	if f.WorkflowExecutionID == "" {
		tasks, err = h.r.tx.TaskExecutions().All()
	} else {
		tasks, err = h.r.collectTasks(f.WorkflowExecutionID, f.Recursive)
	}
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, t := range tasks {
		if seen, ok := h.s.byID[t.ID]; ok {
			t = seen // changed in this transaction, not written yet
		}
		if f.State != "" && t.State != f.State {
			continue
		}
		if f.Flat && t.Type == db.TaskTypeWorkflow {
			subs, err := h.r.tx.WorkflowExecutions().ByTask(t.ID)
			if err != nil {
				return nil, err
			}
			// Mistral keeps a workflow task only if none of its
			// sub-workflows is in the task's state: a with-items
			// task in ERROR with one failed item is left out.
			same := false
			for _, sub := range subs {
				if sub.State == t.State {
					same = true
				}
			}
			if same {
				continue
			}
		}
		d, err := h.r.taskDict(t)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// collectTasks lists a workflow execution's tasks, and with recursive those
// of its sub-workflows.
func (r *run) collectTasks(wfExID string, recursive bool) ([]*db.TaskExecution, error) {
	tasks, err := r.tx.TaskExecutions().ByWorkflow(wfExID)
	if err != nil || !recursive {
		return tasks, err
	}
	out := append([]*db.TaskExecution(nil), tasks...)
	for _, t := range tasks {
		if t.Type != db.TaskTypeWorkflow {
			continue
		}
		subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			more, err := r.collectTasks(sub.ID, true)
			if err != nil {
				return nil, err
			}
			out = append(out, more...)
		}
	}
	return out, nil
}

// Global implements expr.Host.
func (h *host) Global(name string) (any, error) { return h.s.contextMap().Value(name), nil }

// taskDict is what task() returns for a task execution.
func (r *run) taskDict(t *db.TaskExecution) (*data.Map, error) {
	result, err := r.taskResult(t)
	if err != nil {
		return nil, err
	}
	return data.MapOf(
		"id", t.ID,
		"name", t.Name,
		"spec", t.Spec.Map(),
		"state", t.State,
		"state_info", strOrNil(t.StateInfo),
		"result", result,
		"published", t.Published.Map(),
		"type", t.Type,
		"workflow_execution_id", t.WorkflowExecutionID,
		"created_at", pyTime(&t.CreatedAt),
		"updated_at", pyTime(t.UpdatedAt),
	), nil
}

// taskResult is a task's result: its accepted executions' results in order,
// one value for a plain task, a list for with-items.
func (r *run) taskResult(t *db.TaskExecution) (any, error) {
	its, err := r.iterations(t)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(its, func(i, j int) bool { return its[i].order < its[j].order })
	results := []any{}
	for _, it := range its {
		if it.accepted {
			results = append(results, it.result)
		}
	}
	if spec := dataMap(t.Spec.Map()); spec.Has("with-items") {
		return results, nil
	}
	if len(results) == 1 {
		return results[0], nil
	}
	return results, nil
}
