package engine

import (
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
)

// policyInt evaluates an integer policy field (0 when absent) and checks
// it as Mistral's policy schemas do: an integer, at least 0. policy and
// field name it in the error ("RetryPolicy", "count").
func (r *run) policyInt(s *execState, v any, ectx *expr.Context, policy, field string) (int, error) {
	if v == nil {
		return 0, nil
	}
	ev, err := r.e.eval.EvaluateRecursively(v, ectx)
	if err != nil {
		return 0, err
	}
	switch n := ev.(type) {
	case int64:
		if n >= 0 {
			return int(n), nil
		}
		return 0, schemaError(policy, field, "minimum", ev)
	case *big.Int:
		// Python's int is unbounded: a count or a concurrency beyond
		// int64 never runs out, and a delay that long never ends.
		if n.Sign() > 0 {
			return math.MaxInt32, nil
		}
		return 0, schemaError(policy, field, "minimum", ev)
	case float64:
		if n == math.Trunc(n) && n >= 0 {
			return int(n), nil
		}
		if n == math.Trunc(n) {
			return 0, schemaError(policy, field, "minimum", ev)
		}
	}
	return 0, schemaError(policy, field, "type", ev)
}

// policyBool evaluates a policy condition by its truth (false when
// absent): fail-on, break-on, continue-on.
func (r *run) policyBool(s *execState, v any, ectx *expr.Context) (bool, error) {
	if v == nil {
		return false, nil
	}
	ev, err := r.e.eval.EvaluateRecursively(v, ectx)
	if err != nil {
		return false, err
	}
	return data.Truthy(ev), nil
}

// pauseBefore evaluates pause-before, which Mistral's schema wants a
// boolean (false when absent).
func (r *run) pauseBefore(s *execState, v any, ectx *expr.Context) (bool, error) {
	if v == nil {
		return false, nil
	}
	ev, err := r.e.eval.EvaluateRecursively(v, ectx)
	if err != nil {
		return false, err
	}
	b, ok := ev.(bool)
	if !ok {
		return false, schemaError("PauseBeforePolicy", "expr", "type", ev)
	}
	return b, nil
}

// schemaError is Mistral's error for a policy field its JSON schema
// refuses, in jsonschema's words; jsonschema prints the schema with its
// keys sorted.
func schemaError(policy, field, failed string, v any) error {
	repr := data.Repr(v)
	schema, problem := "{'minimum': 0, 'type': 'integer'}", repr+" is not of type 'integer'"
	switch {
	case policy == "PauseBeforePolicy":
		schema, problem = "{'type': 'boolean'}", repr+" is not of type 'boolean'"
	case failed == "minimum":
		problem = repr + " is less than the minimum of 0"
	}
	return exc.New(exc.InvalidModel, "Invalid data type in %s: %s\n\nFailed validating '%s' in schema['properties']['%s']:\n    %s\n\n"+
		"On instance['%s']:\n    %s. Value(s) can be shown after YAQL evaluating. If you use YAQL here, please correct it.",
		policy, problem, failed, field, schema, field, repr)
}

// policyValues are a task's policies evaluated: Mistral evaluates and
// checks every field of every policy of a task, in the task's expression
// context (without its published variables), before the task starts and
// again after it completes, so that a field that cannot be evaluated fails
// the task even when its policy has nothing to do yet.
type policyValues struct {
	pauseBefore            bool
	waitBefore, waitAfter  int
	failOn                 bool
	retryCount, retryDelay int
	timeout, concurrency   int
}

// evalPolicies evaluates the task's policies in Mistral's order. fail-on
// is evaluated only after completion (Mistral's fail-on has nothing to do
// before the start).
func (r *run) evalPolicies(s *execState, spec *lang.Task, ectx *expr.Context, completed bool) (policyValues, error) {
	var v policyValues
	p := s.wf.Policies(spec)
	var err error
	if v.pauseBefore, err = r.pauseBefore(s, p.PauseBefore, ectx); err != nil {
		return v, err
	}
	if v.waitBefore, err = r.policyInt(s, p.WaitBefore, ectx, "WaitBeforePolicy", "delay"); err != nil {
		return v, err
	}
	if v.waitAfter, err = r.policyInt(s, p.WaitAfter, ectx, "WaitAfterPolicy", "delay"); err != nil {
		return v, err
	}
	if completed {
		if v.failOn, err = r.policyBool(s, p.FailOn, ectx); err != nil {
			return v, err
		}
	}
	if rp := p.Retry; rp != nil {
		if v.retryDelay, err = r.policyInt(s, rp.Delay, ectx, "RetryPolicy", "delay"); err != nil {
			return v, err
		}
		if v.retryCount, err = r.policyInt(s, rp.Count, ectx, "RetryPolicy", "count"); err != nil {
			return v, err
		}
	}
	if v.timeout, err = r.policyInt(s, p.Timeout, ectx, "TimeoutPolicy", "delay"); err != nil {
		return v, err
	}
	if v.concurrency, err = r.policyInt(s, p.Concurrency, ectx, "ConcurrencyPolicy", "concurrency"); err != nil {
		return v, err
	}
	return v, nil
}

// applyKeepResult erases the task's action outputs when keep-result is
// false (after publishing, so publish still sees them). Mistral tests the
// value as written, without evaluating it: an expression keeps the result,
// whatever it would evaluate to.
func (r *run) applyKeepResult(s *execState, t *db.TaskExecution) error {
	spec := s.wf.Task(t.Name)
	if spec == nil || spec.KeepResult == nil || data.Truthy(spec.KeepResult) {
		return nil
	}
	acts, err := r.tx.ActionExecutions().ByTask(t.ID)
	if err != nil {
		return err
	}
	if r.erased == nil {
		r.erased = map[string]bool{}
	}
	for _, a := range acts {
		a.Output = db.JSONOf(data.NewMap(0))
		if err := r.tx.ActionExecutions().Save(a); err != nil {
			return err
		}
		r.erased[a.ID] = true
	}
	return nil
}

// afterCompleteView is the context of retry's break-on and continue-on:
// __task_execution, __env, the outbound context (published variables
// over the inbound ones), the inbound context again, workflow context,
// input. The repeated inbound layer changes no lookup, but shows in error
// messages, which print every layer as Mistral does.
func (r *run) afterCompleteView(s *execState, t *db.TaskExecution) *expr.Context {
	return r.exprContext(s, t, func() []*data.Map {
		in := r.inContext(t)
		out := outboundContext(in, t.Published.Map())
		return []*data.Map{taskExecutionVar(t.ID, t.Name), envVar(s.env), out, in, s.contextMap(), s.inputMap()}
	})
}

// afterCompletePolicies applies wait-after, fail-on, then retry (ENGINE.md
// §7.3). It reports whether the task is now delayed (held by wait-after,
// or a retry is pending). As in Mistral, every policy is evaluated even
// when wait-after holds the task.
func (r *run) afterCompletePolicies(s *execState, t *db.TaskExecution) (bool, error) {
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return false, nil
	}
	pv, err := r.evalPolicies(s, spec, r.exprContext(s, t, r.taskInputLayers(s, t, nil)), true)
	if err != nil {
		return false, err
	}
	if pv.waitAfter > 0 && !data.Truthy(dataMap(t.RuntimeContext.Map().Value("wait_after_policy")).Value("skip")) {
		rt := t.RuntimeContext.Map()
		rt.Set("wait_after_policy", data.MapOf("skip", true))
		t.RuntimeContext = db.JSONOf(rt)
		state, info := t.State, t.StateInfo
		// As Mistral, the task keeps its finish time while delayed.
		t.State = db.StateDelayed
		t.StateInfo = strPtr(fmt.Sprintf("Delayed by 'wait-after' policy [delay=%d]", pv.waitAfter))
		r.schedule(timerCompleteTask, t.ID, time.Duration(pv.waitAfter)*time.Second, "state", state, "state_info", strOrNil(info))
		// Mistral's retry still evaluates its conditions now.
		_, err := r.retryConditions(s, t, spec, state)
		return true, err
	}
	// fail-on fails the task before retry decides, but in Mistral the
	// task() of retry's conditions still sees the state the action left:
	// the task takes fail-on's state only once retry has evaluated them.
	failed := t.State == db.StateSuccess && pv.failOn
	state := t.State
	if failed {
		state = db.StateError
	}
	again, err := r.retry(s, t, spec, pv, state)
	if err != nil || again {
		return again, err
	}
	if failed {
		t.State = db.StateError
		t.StateInfo = strPtr("Failed by 'fail-on' policy")
	}
	return false, nil
}

// retryConditions evaluates retry's continue-on and break-on in the
// outbound context: whether a task ending in state should run again as far
// as they decide (count aside).
func (r *run) retryConditions(s *execState, t *db.TaskExecution, spec *lang.Task, state string) (bool, error) {
	rp := s.wf.Policies(spec).Retry
	if rp == nil {
		return false, nil
	}
	ectx := r.afterCompleteView(s, t)
	cont, err := r.policyBool(s, rp.ContinueOn, ectx)
	if err != nil {
		return false, err
	}
	brk, err := r.policyBool(s, rp.BreakOn, ectx)
	if err != nil {
		return false, err
	}
	switch {
	case rp.ContinueOn != nil:
		if !cont {
			return false, nil
		}
	case state == db.StateSuccess:
		return false, nil
	}
	return !(state == db.StateError && brk), nil
}

// retry decides whether a task ending in state runs again (ENGINE.md
// §7.3), and if so delays it until the retry.
func (r *run) retry(s *execState, t *db.TaskExecution, spec *lang.Task, pv policyValues, state string) (bool, error) {
	if s.wf.Policies(spec).Retry == nil || pv.retryCount <= 0 {
		return false, nil
	}
	again, err := r.retryConditions(s, t, spec, state)
	if err != nil || state == db.StateCancelled {
		return false, err
	}
	// Mistral keeps the policy's entry in the runtime context from the
	// first time it looks at the finished task, even when it does not retry.
	rt := t.RuntimeContext.Map()
	rs := dataMap(rt.Value("retry_task_policy"))
	if !rt.Has("retry_task_policy") {
		rt.Set("retry_task_policy", rs)
		t.RuntimeContext = db.JSONOf(rt)
	}
	retryNo := intOf(rs.Value("retry_no"))
	if !again || retryNo >= pv.retryCount {
		return false, nil
	}
	delay := pv.retryDelay
	if err := r.tx.ActionExecutions().SetAccepted(t.ID, false); err != nil {
		return false, err
	}
	if r.retried == nil {
		r.retried = map[string]bool{}
	}
	r.retried[t.ID] = true
	if err := r.unacceptSubworkflows(t, false); err != nil {
		return false, err
	}
	rs.Set("retry_no", int64(retryNo+1))
	rt.Set("retry_task_policy", rs)
	t.RuntimeContext = db.JSONOf(rt)
	t.StateInfo = strPtr(fmt.Sprintf("Delayed by 'retry' policy [delay=%d]", delay))
	if spec.Join.IsJoin() {
		// As Mistral's, a join is not run again as it is: it waits, and
		// after the delay is decided anew from its inbound tasks, so a
		// join that could not run fails again without running.
		t.FinishedAt = nil
		t.State = db.StateWaiting
		r.schedule(timerRefreshJoin, t.ID, time.Duration(delay)*time.Second)
		return true, nil
	}
	// As Mistral, the task keeps its finish time while delayed and
	// retried, until it finishes again.
	t.State = db.StateDelayed
	r.schedule(timerContinueTask, t.ID, time.Duration(delay)*time.Second)
	return true, r.rearmTimeout(t, pv.timeout, delay)
}

// rearmTimeout gives the next attempt of a retried action task the task's
// timeout again when the last attempt timed out. Mistral arms the engine's
// timeout once, when the task starts, and leaves later attempts to the
// executor, which bounds each action by the timeout: an async action, which
// the executor does not wait for, then left the task RUNNING for good.
// While the first timeout is pending, it still bounds every attempt. A
// sub-workflow's retry runs without a timeout, as in Mistral.
func (r *run) rearmTimeout(t *db.TaskExecution, timeout, delay int) error {
	if timeout <= 0 || t.Type == db.TaskTypeWorkflow {
		return nil
	}
	armed, err := r.timerPending(t.ID, timerTaskTimeout)
	if err != nil || armed {
		return err
	}
	r.schedule(timerTaskTimeout, t.ID, time.Duration(delay+timeout)*time.Second, "timeout", int64(timeout))
	return nil
}

// unacceptSubworkflows marks a workflow task's sub-workflows unaccepted,
// so that they no longer make its result: all of them, or with failedOnly
// those that failed or were cancelled (a rerun without reset).
func (r *run) unacceptSubworkflows(t *db.TaskExecution, failedOnly bool) error {
	if t.Type != db.TaskTypeWorkflow {
		return nil
	}
	subs, err := r.tx.WorkflowExecutions().ByTask(t.ID)
	if err != nil {
		return err
	}
	for _, w := range subs {
		if loaded, ok := r.execs[w.ID]; ok {
			w = loaded.ex
			loaded.dirty = true
		}
		if w.Accepted && (!failedOnly || w.State == db.StateError || w.State == db.StateCancelled) {
			w.Accepted = false
			if err := r.tx.WorkflowExecutions().Save(w); err != nil {
				return err
			}
		}
	}
	return nil
}
