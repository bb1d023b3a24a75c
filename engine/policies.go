package engine

import (
	"fmt"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
)

// policyInt evaluates an integer policy value (0 when absent).
func (r *run) policyInt(s *execState, v any, ectx *expr.Context, policy string) (int, error) {
	if v == nil {
		return 0, nil
	}
	ev, err := r.e.eval.EvaluateRecursively(v, ectx)
	if err != nil {
		return 0, err
	}
	switch n := ev.(type) {
	case nil:
		return 0, nil
	case int64:
		return int(n), nil
	case float64:
		return int(n), nil
	case bool:
		if n {
			return 1, nil
		}
		return 0, nil
	}
	return 0, exc.New(exc.InvalidModel, "Invalid data type in %s: %s. Value must be integer", policy, data.Repr(ev))
}

// policyBool evaluates a boolean policy value (false when absent).
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

// applyKeepResult erases the task's action outputs when keep-result is
// false (after publishing, so publish still sees them).
func (r *run) applyKeepResult(s *execState, t *db.TaskExecution) error {
	spec := s.wf.Task(t.Name)
	if spec == nil || spec.KeepResult == nil {
		return nil
	}
	keep, err := r.e.eval.EvaluateRecursively(spec.KeepResult, r.exprContext(s, t, r.taskInputLayers(s, t, nil)))
	if err != nil {
		return err
	}
	if data.Truthy(keep) {
		return nil
	}
	acts, err := r.tx.ActionExecutions().ByTask(t.ID)
	if err != nil {
		return err
	}
	for _, a := range acts {
		a.Output = db.JSONOf(data.NewMap(0))
		if err := r.tx.ActionExecutions().Save(a); err != nil {
			return err
		}
	}
	return nil
}

// afterCompleteView is the context of policies evaluated after completion:
// __task_execution, __env, the outbound context, workflow context, input.
func (r *run) afterCompleteView(s *execState, t *db.TaskExecution) *expr.Context {
	return r.exprContext(s, t, func() []*data.Map {
		out := outboundContext(r.inContext(t), t.Published.Map())
		return []*data.Map{taskExecutionVar(t.ID, t.Name), envVar(s.env), out, s.contextMap(), s.inputMap()}
	})
}

// afterCompletePolicies applies fail-on, then retry (ENGINE.md §7.3). It
// reports whether the task is now delayed (a retry is pending).
func (r *run) afterCompletePolicies(s *execState, t *db.TaskExecution) (bool, error) {
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return false, nil
	}
	ectx := r.afterCompleteView(s, t)
	if wa := s.wf.Policies(spec).WaitAfter; wa != nil && !data.Truthy(dataMap(t.RuntimeContext.Map().Value("wait_after_policy")).Value("skip")) {
		delay, err := r.policyInt(s, wa, ectx, "WaitAfterPolicy")
		if err != nil {
			return false, err
		}
		if delay > 0 {
			rt := t.RuntimeContext.Map()
			rt.Set("wait_after_policy", data.MapOf("skip", true))
			t.RuntimeContext = db.JSONOf(rt)
			state, info := t.State, t.StateInfo
			t.State = db.StateDelayed
			t.StateInfo = strPtr(fmt.Sprintf("Delayed by 'wait-after' policy [delay=%d]", delay))
			t.FinishedAt = nil
			r.schedule(timerCompleteTask, t.ID, time.Duration(delay)*time.Second, "state", state, "state_info", strOrNil(info))
			return true, nil
		}
	}
	if t.State == db.StateSuccess {
		if fo := s.wf.Policies(spec).FailOn; fo != nil {
			failed, err := r.policyBool(s, fo, ectx)
			if err != nil {
				return false, err
			}
			if failed {
				t.State = db.StateError
				t.StateInfo = strPtr("Failed by 'fail-on' policy")
			}
		}
	}
	return r.retry(s, t, spec, ectx)
}

// retry decides whether a finished task runs again (ENGINE.md §7.3).
func (r *run) retry(s *execState, t *db.TaskExecution, spec *lang.Task, ectx *expr.Context) (bool, error) {
	rp := s.wf.Policies(spec).Retry
	if rp == nil || t.State == db.StateCancelled {
		return false, nil
	}
	count, err := r.policyInt(s, rp.Count, ectx, "RetryPolicy")
	if err != nil || count <= 0 {
		return false, err
	}
	rt := t.RuntimeContext.Map()
	rs := dataMap(rt.Value("retry_task_policy"))
	retryNo := intOf(rs.Value("retry_no"))
	if retryNo >= count {
		return false, nil
	}
	if rp.ContinueOn != nil {
		cont, err := r.policyBool(s, rp.ContinueOn, ectx)
		if err != nil {
			return false, err
		}
		if !cont {
			return false, nil
		}
	} else if t.State == db.StateSuccess {
		return false, nil
	}
	if t.State == db.StateError && rp.BreakOn != nil {
		brk, err := r.policyBool(s, rp.BreakOn, ectx)
		if err != nil {
			return false, err
		}
		if brk {
			return false, nil
		}
	}
	delay, err := r.policyInt(s, rp.Delay, ectx, "RetryPolicy")
	if err != nil {
		return false, err
	}
	if err := r.tx.ActionExecutions().SetAccepted(t.ID, false); err != nil {
		return false, err
	}
	if err := r.unacceptSubworkflows(t); err != nil {
		return false, err
	}
	rs.Set("retry_no", int64(retryNo+1))
	rt.Set("retry_task_policy", rs)
	t.RuntimeContext = db.JSONOf(rt)
	t.State = db.StateDelayed
	t.StateInfo = strPtr(fmt.Sprintf("Delayed by 'retry' policy [delay=%d]", delay))
	t.FinishedAt = nil
	r.schedule(timerContinueTask, t.ID, time.Duration(delay)*time.Second)
	return true, nil
}

// unacceptSubworkflows marks a workflow task's sub-workflows unaccepted.
func (r *run) unacceptSubworkflows(t *db.TaskExecution) error {
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
		if w.Accepted {
			w.Accepted = false
			if err := r.tx.WorkflowExecutions().Save(w); err != nil {
				return err
			}
		}
	}
	return nil
}
