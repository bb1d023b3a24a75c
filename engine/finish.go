package engine

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
)

// checkAndComplete ends the workflow when no task is left to run
// (ENGINE.md §4.7).
func (r *run) checkAndComplete(s *execState) error {
	if s.ex.State == db.StatePaused || db.IsTerminal(s.ex.State) {
		return nil
	}
	if s.dispatching > 0 {
		s.completionDue = true
		return nil
	}
	if !s.loaded {
		// Most completions leave other tasks running: a task this
		// transaction started or saw waiting says so without a query;
		// otherwise one statement reads the tasks only if none is left.
		if s.knowsUnfinished() {
			return nil
		}
		finished, err := r.loadTasksIfFinished(s)
		if err != nil || !finished {
			return err
		}
	}
	tasks, err := r.taskList(s)
	if err != nil {
		return err
	}
	var cancelled, unhandled []*db.TaskExecution
	for _, t := range tasks {
		switch t.State {
		case db.StateIdle, db.StateRunning, db.StateWaiting, db.StateDelayed, db.StatePaused:
			return nil
		case db.StateCancelled:
			cancelled = append(cancelled, t)
		case db.StateError:
			if s.wf.Type == lang.Reverse || !t.ErrorHandled {
				unhandled = append(unhandled, t)
			}
		}
	}
	if len(cancelled) > 0 {
		msg := "Cancelled tasks: " + strings.Join(sortedNames(cancelled), ", ")
		return r.endWorkflow(s, db.StateCancelled, &msg, data.MapOf("result", msg))
	}
	// Mistral checks a workflow's completion in a transaction of its own
	// (a scheduler job): its output's task() and execution() answer from
	// a cache of their own.
	if len(unhandled) > 0 {
		msg, err := r.failureMessage(s, failedUnhandled(s, tasks))
		if err != nil {
			return err
		}
		return r.ownCache(func() error { return r.failWorkflow(s, &msg) })
	}
	return r.ownCache(func() error { return r.succeedWorkflow(s, nil) })
}

// failedUnhandled is the failed tasks Mistral names in a workflow's
// failure message: in a direct workflow those that have no on-error
// clause, its conditions not evaluated (a task whose on-error conditions
// were all false fails the workflow, yet is not named).
func failedUnhandled(s *execState, tasks []*db.TaskExecution) []*db.TaskExecution {
	var out []*db.TaskExecution
	for _, t := range tasks {
		if t.State != db.StateError {
			continue
		}
		if spec := s.wf.Task(t.Name); s.wf.Type != lang.Reverse && spec != nil && len(s.wf.OnError(spec)) > 0 {
			continue
		}
		out = append(out, t)
	}
	return out
}

func sortedNames(tasks []*db.TaskExecution) []string {
	names := make([]string, len(tasks))
	for i, t := range tasks {
		names[i] = t.Name
	}
	sort.SliceStable(names, func(i, j int) bool { return collatedLess(names[i], names[j]) })
	return names
}

// collatedLess orders task names as Mistral's query sorted by name does
// on MariaDB's utf8mb4_general_ci: letters without case, so "ab" <
// "alpha" < "a_b" < "Zeta"; names equal but for case fall back to byte
// order. (Beyond ASCII the collation also folds accents; we only fold
// case.)
func collatedLess(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if x, y := unicode.ToUpper(ra[i]), unicode.ToUpper(rb[i]); x != y {
			return x < y
		}
	}
	if len(ra) != len(rb) {
		return len(ra) < len(rb)
	}
	return a < b
}

// failureMessage builds "Failure caused by error in tasks: ..." with the
// failed actions and sub-workflows of each task.
func (r *run) failureMessage(s *execState, failed []*db.TaskExecution) (string, error) {
	var b strings.Builder
	b.WriteString("Failure caused by error in tasks: " + strings.Join(sortedNames(failed), ", ") + "\n")
	sorted := append([]*db.TaskExecution(nil), failed...)
	sort.SliceStable(sorted, func(i, j int) bool { return collatedLess(sorted[i].Name, sorted[j].Name) })
	for _, t := range sorted {
		info := "None"
		if t.StateInfo != nil {
			info = *t.StateInfo
		}
		fmt.Fprintf(&b, "\n  %s [task_ex_id=%s] -> %s\n", t.Name, t.ID, info)
		// As Mistral: every failed run of the task, retries' too, numbered by
		// its place among the task's runs.
		if t.Type == db.TaskTypeWorkflow {
			subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
			if err != nil {
				return "", err
			}
			for i, sub := range subs {
				if loaded, ok := r.execs[sub.ID]; ok { // changed in this transaction
					sub = loaded.ex
				}
				if sub.State == db.StateError {
					fmt.Fprintf(&b, "    [wf_ex_id=%s, idx=%d]: %s\n", sub.ID, i, resultText(sub.Output))
				}
			}
			continue
		}
		acts, err := r.tx.ActionExecutions().ByTask(t.ID)
		if err != nil {
			return "", err
		}
		for i, a := range acts {
			if a.State == db.StateError {
				fmt.Fprintf(&b, "    [action_ex_id=%s, idx=%d]: %s\n", a.ID, i, resultText(a.Output))
			}
		}
	}
	return b.String(), nil
}

func resultText(output db.JSON) string {
	m := output.Map()
	if !m.Has("result") {
		return "Unknown"
	}
	return data.Str(m.Value("result"))
}

// finalContext is the data a finished workflow's output is evaluated
// against: for a direct workflow the merged outbound contexts of its end
// tasks, for a reverse one the target task's outbound context.
func (r *run) finalContext(s *execState) (*data.Map, error) {
	tasks, err := r.taskList(s)
	if err != nil {
		return nil, err
	}
	if s.wf.Type == lang.Reverse {
		target, _ := s.params.Value("task_name").(string)
		for i := len(tasks) - 1; i >= 0; i-- {
			if tasks[i].Name == target {
				return outboundContext(tasks[i].InContext.Map(), tasks[i].Published.Map()), nil
			}
		}
		return data.NewMap(0), nil
	}
	var ctxs []*data.Map
	for _, t := range tasks {
		if db.IsTerminal(t.State) && !t.HasNextTasks {
			ctxs = append(ctxs, outboundContext(t.InContext.Map(), t.Published.Map()))
		}
	}
	return mergeContexts(ctxs), nil
}

// evaluateOutput evaluates an output spec against the final context; an
// empty spec or an empty result gives the final context itself. There is
// no current task: task() answers what the transaction read before (the
// succeed and fail commands end the workflow in the transaction of the
// task that gave them), else None.
func (r *run) evaluateOutput(s *execState, spec *data.Map) (*data.Map, error) {
	final, err := r.finalContext(s)
	if err != nil {
		return nil, err
	}
	if spec.Len() == 0 {
		return final, nil
	}
	ectx := r.exprContext(s, nil, func() []*data.Map {
		return []*data.Map{final, envVar(s.env), s.contextMap(), s.inputMap()}
	})
	ectx.Host.(*host).noTask = true
	out, err := r.e.eval.EvaluateRecursively(spec, ectx)
	if err != nil {
		return nil, err
	}
	m := dataMap(out)
	if m.Len() == 0 {
		return final, nil
	}
	return m, nil
}

// succeedWorkflow ends the workflow in SUCCESS with its evaluated output; an
// output that cannot be evaluated fails it instead.
func (r *run) succeedWorkflow(s *execState, msg *string) error {
	err := r.succeedWithOutput(s, msg)
	if err == nil || !isUserError(err) {
		return err
	}
	m := fmt.Sprintf("Failed to check and complete [wf_ex_id=%s, wf_name=%s]: %s", s.ex.ID, s.ex.Name, errText(err))
	return r.failWorkflow(s, &m)
}

// succeedWithOutput ends the workflow in SUCCESS with its evaluated output.
// An output that cannot be evaluated leaves the workflow as it is and
// returns the error: for the succeed command, Mistral fails the task that
// gave it (completeTaskHandled); a request to succeed the execution is
// refused.
func (r *run) succeedWithOutput(s *execState, msg *string) error {
	out, err := r.successOutput(s)
	if err != nil {
		return err
	}
	return r.endWorkflow(s, db.StateSuccess, msg, out)
}

// successOutput evaluates the workflow's output for a SUCCESS.
func (r *run) successOutput(s *execState) (*data.Map, error) {
	out, err := r.evaluateOutput(s, s.wf.Output)
	if err != nil {
		return nil, err
	}
	if checkFieldSize("TaskExecution", "output", out, r.e.cfg.FieldSizeLimitKB) != nil {
		// Mistral sets SUCCESS before it stores the output, which its
		// size validator then refuses: the output stays {}. (It also
		// never answers a parent workflow then; ours gets the {}.)
		out = data.NewMap(0)
	}
	return out, nil
}

// failWorkflow ends the workflow in ERROR: output {"result": msg} merged with
// the evaluated output-on-error.
func (r *run) failWorkflow(s *execState, msg *string) error {
	return r.failWorkflowAs(s, msg, msg)
}

// failWorkflowAs is failWorkflow with a state_info that may differ from the
// output's result: a fail command's dict msg is JSON in state_info.
//
// As Mistral's, it leaves a paused workflow paused: a task force-failed
// while its workflow is paused (a transition condition or publish that
// cannot be evaluated) stays unprocessed, and the resume fails the
// workflow for it.
func (r *run) failWorkflowAs(s *execState, info, msg *string) error {
	if db.IsTerminal(s.ex.State) || s.ex.State == db.StatePaused {
		return nil
	}
	var result any
	if msg != nil {
		result = *msg
	}
	out := data.MapOf("result", result)
	onErr, err := r.evaluateOutput(s, s.wf.OutputOnError)
	if err != nil {
		if !isUserError(err) {
			return err
		}
		// Mistral's own words, unbalanced parenthesis included.
		m := fmt.Sprintf("Failed to evaluate expression in output-on-error! (output-on-error: '%s', exception: '%s' Cause: '%s'",
			data.Repr(s.wf.OutputOnError), errText(err), data.Str(result))
		info = &m
		out = data.MapOf("result", m)
	} else {
		data.Merge(out, onErr)
	}
	return r.endWorkflow(s, db.StateError, info, out)
}

// endWorkflow moves the workflow to a terminal state, then reports to the
// parent task if it is a sub-workflow.
func (r *run) endWorkflow(s *execState, state string, msg *string, output *data.Map) error {
	if db.IsTerminal(s.ex.State) {
		return nil
	}
	if msg != nil {
		m := cutStateInfo(*msg)
		msg = &m
	}
	s.ex.State = state
	s.ex.StateInfo = msg
	s.ex.Output = db.JSONOf(output)
	s.ex.Accepted = true
	r.changedExec(s)
	if s.ex.TaskExecutionID != nil {
		if s.starting {
			// Mistral sends a sub-workflow's outcome to its parent task
			// after the transaction that ended it: one that ends as it
			// starts leaves its parent free to start the rest of what it
			// was starting (the other start tasks, the other iterations)
			// before the task hears of it.
			r.once("report:"+s.ex.ID, func() error { return r.reportToParent(s) })
			return nil
		}
		return r.reportToParent(s)
	}
	return r.releaseTriggerTrust(s)
}

// cutStateInfo cuts a workflow's state_info as Mistral does, and then, as
// Mistral would fail the write with 500, to the bytes its column holds.
func cutStateInfo(msg string) string {
	msg = db.CutStateInfo(msg)
	if len(msg) <= db.TextLimit {
		return msg
	}
	cut := db.TextLimit - len("...")
	for !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "..."
}
