package engine

import (
	"fmt"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
)

// joinKey is the unique_key of a join task execution.
func joinKey(wfExID, task string) string { return "join-task-" + wfExID + "-" + task }

// runJoin handles a transition into a join task (ENGINE.md §5): the first
// one creates the task execution in WAITING, a later one sets it WAITING
// again, and every one has it re-evaluated (once, at the end of the
// transaction).
func (r *run) runJoin(s *execState, c *command) error {
	key := joinKey(s.ex.ID, c.task.Name)
	jt, err := r.joinTask(s, c.task.Name)
	if err != nil {
		return err
	}
	switch {
	case jt == nil:
		jt = r.newTaskExecution(s, c.task, db.StateWaiting, c)
		jt.UniqueKey = &key
		jt.StateInfo = strPtr("Task is waiting.")
		if err := r.addTask(s, jt); err != nil {
			return err
		}
	case jt.State != db.StateWaiting:
		// As Mistral's, a branch arriving at a join decided already has
		// it wait and run again: a join in a loop runs each round, a join
		// that failed runs after a rerun of the task that failed it, and
		// a join: N runs once more for a branch that comes after it
		// started (joinGrace).
		jt.State = db.StateWaiting
		jt.StateInfo = strPtr("Task is waiting.")
		if err := r.saveTask(jt); err != nil {
			return err
		}
	}
	r.refreshJoinLater(s, jt)
	return nil
}

// refreshJoinLater decides a waiting join at the end of the transaction,
// once however many of its inbound tasks finished in it. Mistral decides
// it in a transaction of its own (a scheduler job), with its own cache of
// task() and execution(), which the join's input and the sub-workflow it
// starts share.
func (r *run) refreshJoinLater(s *execState, jt *db.TaskExecution) {
	r.once("join:"+jt.ID, func() error {
		return r.ownCache(func() error { return r.refreshJoin(s, jt, false) })
	})
}

// joinGrace is how long a join: N that could start waits for its other
// inbound tasks still on their way: Mistral decides a join in a scheduler
// job, which its scheduler mostly picks up within a second (fixed_delay),
// and the branches that finish in the meantime (parallel branches that end
// together) are part of its run, their variables in its context; a branch
// that comes later has the join run again.
const joinGrace = 500 * time.Millisecond

// deferJoin has a join decided again, finally, once joinGrace is over: a
// refresh_join timer, unless one is already pending.
func (r *run) deferJoin(jt *db.TaskExecution) error {
	for _, tm := range r.timers {
		if tm.Kind == timerRefreshJoin && tm.RefID == jt.ID {
			return nil
		}
	}
	armed, err := r.timerPending(jt.ID, timerRefreshJoin)
	if err != nil || armed {
		return err
	}
	r.schedule(timerRefreshJoin, jt.ID, joinGrace)
	return nil
}

// joinTask returns the execution of a join task, or nil before the first
// transition to it.
func (r *run) joinTask(s *execState, name string) (*db.TaskExecution, error) {
	key := joinKey(s.ex.ID, name)
	for _, t := range s.byID {
		if t.UniqueKey != nil && *t.UniqueKey == key {
			return t, nil
		}
	}
	t, err := r.tx.TaskExecutions().ByUniqueKey(key)
	if err != nil || t == nil {
		return nil, err
	}
	return r.adoptTask(s, t), nil
}

// joinInbound is the state an inbound task induces on a join.
type joinInbound struct {
	name  string
	state string // RUNNING (triggered), WAITING or ERROR
	exec  *db.TaskSummary
	event string
}

// summariesByName lists the execution's tasks by name, lightly: the
// summaries in the database, overlaid with the tasks this transaction has
// changed.
func (r *run) summariesByName(s *execState) (map[string][]*db.TaskSummary, error) {
	var list []*db.TaskSummary
	if s.loaded {
		for _, t := range s.tasks {
			list = append(list, summaryOf(t))
		}
	} else {
		var err error
		if list, err = r.tx.TaskExecutions().Summaries(s.ex.ID); err != nil {
			return nil, err
		}
		seen := make(map[string]bool, len(list))
		for i, sum := range list {
			seen[sum.ID] = true
			if t, ok := s.byID[sum.ID]; ok {
				list[i] = summaryOf(t)
			}
		}
		for _, t := range s.byID {
			if !seen[t.ID] && t.WorkflowExecutionID == s.ex.ID {
				list = append(list, summaryOf(t))
			}
		}
	}
	byName := make(map[string][]*db.TaskSummary, len(list))
	for _, t := range list {
		byName[t.Name] = append(byName[t.Name], t)
	}
	return byName, nil
}

func summaryOf(t *db.TaskExecution) *db.TaskSummary {
	return &db.TaskSummary{ID: t.ID, Name: t.Name, State: t.State, Processed: t.Processed, NextTasks: t.NextTasks}
}

// refreshJoin decides a waiting join from committed state: it starts when
// enough inbound tasks triggered it, fails when that can no longer happen.
// A join: N that could start while other inbound tasks may still come
// starts after joinGrace (final: the timer's refresh decides at once).
func (r *run) refreshJoin(s *execState, jt *db.TaskExecution, final bool) error {
	if jt.State != db.StateWaiting || db.IsTerminal(s.ex.State) {
		return nil
	}
	spec := s.wf.Task(jt.Name)
	byName, err := r.summariesByName(s)
	if err != nil {
		return err
	}
	var inbound []joinInbound
	for _, in := range s.wf.InboundTasks(spec) {
		inbound = append(inbound, r.inducedState(s, byName, in, jt.Name))
	}
	var running, failed []string
	for _, in := range inbound {
		switch in.state {
		case db.StateRunning:
			running = append(running, in.name)
		case db.StateError:
			failed = append(failed, in.name)
		}
	}
	total := len(inbound)
	need := spec.Join.N
	if spec.Join.All {
		need = total
	}
	switch {
	case len(running) >= need && (!spec.Join.All || len(failed) == 0):
		if !final && len(running)+len(failed) < total {
			return r.deferJoin(jt)
		}
		if err := r.loadInbound(s, inbound, byName); err != nil {
			return err
		}
		return r.releaseJoin(s, jt, inbound)
	case (spec.Join.All && len(failed) > 0) || len(failed) > total-need:
		// Mistral records as a failed join's triggers the inbound tasks
		// that ran without choosing it (join: all), none for a join: N.
		var failedBy []trigger
		for _, in := range inbound {
			if spec.Join.All && in.state == db.StateError && in.exec != nil {
				failedBy = append(failedBy, trigger{TaskID: in.exec.ID, Event: "not triggered"})
			}
		}
		setTriggeredBy(jt, failedBy)
		msg := fmt.Sprintf("Failed by tasks: %s", data.Repr(data.Normalize(failed)))
		return r.completeTaskByEngine(s, jt, db.StateError, &msg)
	default:
		// Mistral leaves a join that still waits with the state_info
		// "Task is waiting.", and records that nothing triggered it yet.
		if len(asList(jt.RuntimeContext.Map().Value("triggered_by"))) == 0 {
			return nil
		}
		setTriggeredBy(jt, nil)
		return r.saveTask(jt)
	}
}

// setTriggeredBy sets the triggered_by of a join's runtime context.
func setTriggeredBy(jt *db.TaskExecution, ts []trigger) {
	rt := jt.RuntimeContext.Map()
	rt.Set("triggered_by", triggersValue(ts))
	jt.RuntimeContext = db.JSONOf(rt)
}

// inducedState is the state that inbound task `name` induces on join `join`
// (ENGINE.md §5.2).
func (r *run) inducedState(s *execState, byName map[string][]*db.TaskSummary, in *lang.Task, join string) joinInbound {
	var last *db.TaskSummary
	if execs := byName[in.Name]; len(execs) > 0 {
		last = execs[len(execs)-1]
	}
	res := joinInbound{name: in.Name, exec: last}
	switch {
	case last == nil:
		res.state = db.StateError
		if r.possibleRoute(s, byName, in, map[string]bool{}) {
			res.state = db.StateWaiting
		}
	case !db.IsTerminal(last.State) || !last.Processed:
		res.state = db.StateWaiting
	default:
		res.state = db.StateError
		if ev, ok := nextTaskEvent(last, join); ok {
			res.state, res.event = db.StateRunning, ev
		}
	}
	return res
}

// nextTaskEvent finds join among a task's next_tasks and returns the
// event: the last one when several name it (a task naming the join in
// on-success and on-complete), as Mistral's does.
func nextTaskEvent(t *db.TaskSummary, join string) (string, bool) {
	v, _ := t.NextTasks.Decode()
	list, _ := v.([]any)
	event, found := "", false
	for _, item := range list {
		pair, _ := item.([]any)
		if len(pair) == 2 && pair[0] == join {
			event, _ = pair[1].(string)
			found = true
		}
	}
	return event, found
}

// possibleRoute reports whether a task that has no execution may still run:
// some task upstream of it has not run yet and may, is still running, or has
// already chosen the way to it.
func (r *run) possibleRoute(s *execState, byName map[string][]*db.TaskSummary, t *lang.Task, seen map[string]bool) bool {
	if seen[t.Name] {
		return false
	}
	seen[t.Name] = true
	for _, p := range s.wf.InboundTasks(t) {
		execs := byName[p.Name]
		if len(execs) == 0 {
			if r.possibleRoute(s, byName, p, seen) {
				return true
			}
			continue
		}
		for _, ex := range execs {
			if !db.IsTerminal(ex.State) || !ex.Processed {
				return true
			}
			if _, ok := nextTaskEvent(ex, t.Name); ok {
				return true
			}
		}
	}
	return false
}

// loadInbound reads, with one query, the tasks of the execution when
// releasing a join needs several inbound tasks this transaction has not
// seen and they are a good part of the execution's tasks (byName): one
// list costs less than a read each. Otherwise releaseJoin reads them one by
// one.
func (r *run) loadInbound(s *execState, inbound []joinInbound, byName map[string][]*db.TaskSummary) error {
	if s.loaded {
		return nil
	}
	missing := 0
	for _, in := range inbound {
		if in.state != db.StateRunning {
			continue
		}
		if _, ok := s.byID[in.exec.ID]; !ok {
			missing++
		}
	}
	total := 0
	for _, l := range byName {
		total += len(l)
	}
	if missing < 2 || total > 4*missing {
		return nil
	}
	_, err := r.taskList(s)
	return err
}

// releaseJoin starts a join whose inbound tasks have triggered it: its
// inbound context is recomputed from them (ENGINE.md §4.6).
func (r *run) releaseJoin(s *execState, jt *db.TaskExecution, inbound []joinInbound) error {
	var upstream []*db.TaskExecution
	var triggers []trigger
	for _, in := range inbound {
		if in.state != db.StateRunning {
			continue
		}
		t, err := r.task(s, in.exec.ID)
		if err != nil {
			return err
		}
		upstream = append(upstream, t)
		triggers = append(triggers, trigger{TaskID: t.ID, Event: in.event})
	}
	inCtx := r.upstreamContext(upstream)
	if jt.Processed { // it ran before: this is a new run
		if err := r.resetTask(jt, false); err != nil {
			return err
		}
		jt.Processed, jt.FinishedAt = false, nil
	}
	// Mistral updates the context the join got from its first transition
	// with the merged one: the first branch's variables keep their place
	// ahead of the others' (so in the workflow's output).
	ctx := jt.InContext.Map()
	inCtx.Range(func(k string, v any) bool {
		ctx.Set(k, v)
		return true
	})
	now := db.Now()
	jt.InContext = db.JSONOf(ctx)
	setTriggeredBy(jt, triggers)
	jt.State = db.StateRunning
	jt.StateInfo = nil
	jt.StartedAt = &now
	if err := r.saveTask(jt); err != nil {
		return err
	}
	// Mistral starts a released join as an existing task, without its
	// before-start policies: pause-before, wait-before, timeout and
	// concurrency do nothing on a join.
	return r.runTaskNow(s, jt)
}

// refreshAffectedJoins has the waiting joins reachable from a task through
// transitions, without walking past a join that has started, re-evaluated
// at the end of the transaction.
func (r *run) refreshAffectedJoins(s *execState, from string) error {
	if s.wf.Type == lang.Reverse {
		return nil
	}
	return r.refreshJoinsAfter(s, from, nil)
}

// refreshJoinsAfter refreshes the waiting joins after task from. It walks
// past a join that no transition has reached yet: whether that one can
// still be reached is what a join after it waits on, and the task that
// just finished may have decided it (Mistral's scheduler checks a waiting
// join again and again, so it finds out in time; ours checks when the
// tasks it depends on finish). seen guards against cycles.
func (r *run) refreshJoinsAfter(s *execState, from string, seen map[string]bool) error {
	for _, j := range s.wf.JoinsAfter(from) {
		jt, err := r.joinTask(s, j)
		if err != nil {
			return err
		}
		switch {
		case jt == nil:
			if len(s.wf.JoinsAfter(j)) == 0 || seen[j] {
				continue
			}
			if seen == nil {
				seen = map[string]bool{from: true}
			}
			seen[j] = true
			if err := r.refreshJoinsAfter(s, j, seen); err != nil {
				return err
			}
		case jt.State == db.StateWaiting:
			r.refreshJoinLater(s, jt)
		}
	}
	return nil
}
