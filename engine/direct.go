package engine

import (
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
)

// startCommands returns the commands that start a new execution: the start
// tasks of a direct workflow, the runnable leaves of a reverse one.
func (r *run) startCommands(s *execState) ([]*command, error) {
	if s.wf.Type == lang.Reverse {
		return r.reverseCommands(s)
	}
	var cmds []*command
	for _, t := range s.wf.StartTasks() {
		cmds = append(cmds, &command{kind: cmdRunTask, task: t, ctx: data.NewMap(0)})
	}
	return cmds, nil
}

// Transition events.
const (
	onSuccess  = "on-success"
	onError    = "on-error"
	onComplete = "on-complete"
)

// nextCommands evaluates the transitions of a completed task of a direct
// workflow (ENGINE.md §4.2): on-error or on-success entries first, then
// on-complete, each kept when its condition is empty or truthy.
func (r *run) nextCommands(s *execState, t *db.TaskExecution) ([]*command, error) {
	if s.wf.Type == lang.Reverse {
		return r.reverseCommands(s)
	}
	spec := s.wf.Task(t.Name)
	if spec == nil {
		return nil, fmt.Errorf("task %q is not in the workflow spec", t.Name)
	}
	// The outbound context is built when a transition is taken or a
	// condition evaluated: a task that ends its branch needs none.
	var outCtx *data.Map
	outbound := func() *data.Map {
		if outCtx == nil {
			outCtx = outboundContext(r.inContext(t), t.Published.Map())
		}
		return outCtx
	}
	ectx := r.exprContext(s, t, func() []*data.Map {
		return []*data.Map{taskExecutionVar(t.ID, t.Name), outbound(), envVar(s.env), s.contextMap(), s.inputMap()}
	})

	var cmds []*command
	add := func(event string, transitions []lang.Transition) error {
		for _, tr := range transitions {
			if tr.Condition != nil {
				ok, err := r.e.eval.EvaluateRecursively(tr.Condition, ectx)
				if err != nil {
					return err
				}
				if !data.Truthy(ok) {
					continue
				}
			}
			c, err := r.transitionCommand(s, t, tr, event, outbound(), ectx)
			if err != nil {
				return err
			}
			cmds = append(cmds, c)
		}
		return nil
	}
	switch t.State {
	case db.StateError:
		if err := add(onError, s.wf.OnError(spec)); err != nil {
			return nil, err
		}
	case db.StateSuccess:
		if err := add(onSuccess, s.wf.OnSuccess(spec)); err != nil {
			return nil, err
		}
	}
	if t.State == db.StateError || t.State == db.StateSuccess {
		if err := add(onComplete, s.wf.OnComplete(spec)); err != nil {
			return nil, err
		}
	}
	return cmds, nil
}

func (r *run) transitionCommand(s *execState, t *db.TaskExecution, tr lang.Transition, event string, outCtx *data.Map, ectx *expr.Context) (*command, error) {
	c := &command{
		triggeredBy:  []trigger{{TaskID: t.ID, Event: event}},
		handlesError: event == onError,
		ctx:          outCtx,
	}
	// As Mistral, every parameter of a taken transition is evaluated,
	// those only an engine command's msg uses too.
	var params *data.Map
	if tr.Params != nil {
		v, err := r.e.eval.EvaluateRecursively(tr.Params, ectx)
		if err != nil {
			return nil, err
		}
		params = dataMap(v)
	}
	switch tr.Name {
	case lang.CmdNoop:
		c.kind = cmdNoop
		return c, nil
	case lang.CmdFail, lang.CmdSucceed, lang.CmdPause:
		c.kind = map[string]cmdKind{lang.CmdFail: cmdFail, lang.CmdSucceed: cmdSucceed, lang.CmdPause: cmdPause}[tr.Name]
		if params != nil {
			if v, ok := params.Get("msg"); ok {
				if v != nil {
					c.msg = strPtr(data.Str(v))
					c.info = c.msg
				}
				if m, ok := v.(*data.Map); ok {
					j, err := data.EncodePython(m)
					if err != nil {
						return nil, fmt.Errorf("encode msg of %s: %w", tr.Name, err)
					}
					c.info = &j
				}
			}
		}
		return c, nil
	}
	next := s.wf.Task(tr.Name)
	if next == nil {
		return nil, exc.WorkflowErr("Task '%s' not found.", tr.Name)
	}
	c.kind = cmdRunTask
	c.task = next
	return c, nil
}

// nextTaskNames returns the [name, event] pairs of the commands that start
// tasks, as Mistral stores them in next_tasks: the event is null for a
// command no transition triggered (a reverse workflow's).
func nextTaskNames(cmds []*command) []any {
	out := []any{}
	for _, c := range cmds {
		if c.kind != cmdRunTask || c.task == nil {
			continue
		}
		var event any
		if len(c.triggeredBy) > 0 {
			event = c.triggeredBy[0].Event
		}
		out = append(out, []any{c.task.Name, event})
	}
	return out
}
