package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// startSubworkflow starts a workflow task's sub-workflow in the same
// transaction (ENGINE.md §4.8). Input keys the sub-workflow does not declare
// go into its params. nameCtx is the context of the workflow name.
func (r *run) startSubworkflow(s *execState, t *db.TaskExecution, spec *lang.Task, nameCtx *expr.Context, input *data.Map, index int) error {
	nv, err := r.e.eval.EvaluateRecursively(spec.Workflow, nameCtx)
	if err != nil {
		return err
	}
	name := data.Str(nv)
	// Mistral evaluates the timeout again before it looks the workflow up
	// (timeoutContext), and fails the task when it cannot, though a
	// sub-workflow has no use for the value.
	if tv := s.wf.Policies(spec).Timeout; tv != nil {
		if _, err := r.e.eval.EvaluateRecursively(tv, r.timeoutContext(s, t)); err != nil {
			return err
		}
	}
	def, err := r.findSubworkflow(s, name)
	if err != nil {
		return err
	}
	child, err := r.e.spec(defSpecKey(def), func() (db.JSON, error) { return def.Spec, nil })
	if err != nil {
		return err
	}
	declared := make(map[string]bool, len(child.Input))
	for _, p := range child.Input {
		declared[p.Name] = true
	}
	childInput := data.NewMap(input.Len())
	params := data.MapOf(
		"root_execution_id", s.ex.Root(),
		"task_execution_id", t.ID,
		"index", int64(index),
		"namespace", s.paramsNamespace(),
	)
	if notify, ok := s.params.Get("notify"); ok {
		params.Set("notify", notify)
	}
	input.Range(func(k string, v any) bool {
		if declared[k] {
			childInput.Set(k, v)
		} else {
			params.Set(k, v)
		}
		return true
	})
	_, err = r.startWorkflow(db.NewID(), &rpc.StartWorkflowRequest{
		WorkflowIdentifier: def.ID,
		Namespace:          s.subworkflowNamespace(),
		Input:              childInput,
		Params:             params,
	}, &parent{exec: s, task: t, index: index, def: def})
	return err
}

// findSubworkflow looks a sub-workflow up by name, in the execution's
// namespace and then the default one: for a workflow of a workbook,
// "<workbook>.<name>" first.
func (r *run) findSubworkflow(s *execState, name string) (*db.WorkflowDefinition, error) {
	defs := r.tx.WorkflowDefinitions()
	ns := s.subworkflowNamespace()
	if wb := specWorkbook(s.ex.WorkflowName, s.wf.Name); wb != "" {
		d, err := defs.ResolveName(wb+"."+name, ns, db.Viewer{ProjectID: s.ex.ProjectID})
		if err == nil {
			return d, nil
		}
		if !exc.Is(err, exc.DBEntityNotFound) {
			return nil, err
		}
	}
	d, err := defs.ResolveName(name, ns, db.Viewer{ProjectID: s.ex.ProjectID})
	if exc.Is(err, exc.DBEntityNotFound) {
		return nil, exc.WorkflowErr("Failed to find workflow [name=%s] [namespace=%s]", name, ns)
	}
	return d, err
}

// subworkflowNamespace is the namespace an execution's sub-workflows are
// looked up in and pass on: its params' namespace, as Mistral's
// parent_wf_ex.params['namespace']. A sub-workflow found in the default
// namespace keeps its parent's there, so its own sub-workflows are looked
// up in the namespace the tree was started in. (Ad-hoc actions are looked
// up in the namespace of the execution's definition.)
func (s *execState) subworkflowNamespace() string {
	if ns, ok := s.paramsNamespace().(string); ok {
		return ns
	}
	return s.ex.WorkflowNamespace
}

// paramsNamespace is the namespace of the execution's params as its
// sub-workflows inherit it: whatever the start gave (Mistral copies even a
// null or a number), else the definition's.
func (s *execState) paramsNamespace() any {
	if ns, ok := s.params.Get("namespace"); ok {
		return ns
	}
	return s.ex.WorkflowNamespace
}

// specWorkbook is the workbook whose workflows a sub-workflow name is first
// looked up in, as Mistral's resolve_workflow_definition derives it: only
// when the workflow's stored name differs from its spec name, the stored
// name without the spec name's characters at its end (Python's rstrip) and
// the dot before them. Unlike ad-hoc action lookups (runtime wb_name), a
// workbook workflow replaced through PUT /v2/workflows, whose spec is then
// named "<workbook>.<name>", no longer finds its siblings by short name.
func specWorkbook(stored, specName string) string {
	if stored == specName {
		return ""
	}
	wb := []rune(strings.TrimRight(stored, specName))
	if len(wb) == 0 {
		return ""
	}
	return string(wb[:len(wb)-1])
}

// reportToParent hands a finished sub-workflow's outcome to its parent task.
func (r *run) reportToParent(child *execState) error {
	// Mistral reports in a transaction of its own.
	return r.ownCache(func() error { return r.reportResult(child) })
}

func (r *run) reportResult(child *execState) error {
	ps, t, err := r.parentTaskOf(child)
	if err != nil {
		return err
	}
	if db.IsTerminal(t.State) {
		return nil
	}
	if child.resuming && ps.ex.State == db.StatePaused && child.ex.State != db.StateSuccess {
		if spec := ps.wf.Task(t.Name); spec != nil && len(spec.WithItems) == 0 {
			return r.takeResumedChildState(t, child)
		}
	}
	// As Mistral's on_action_complete, a task whose sub-workflow did not
	// succeed takes str() of the sub-workflow's output result as its
	// state_info, none when that is empty: the sub-workflow's state_info,
	// unless its output-on-error gives a result of its own; null for one
	// stopped through the API without a message.
	var info *string
	if child.ex.State != db.StateSuccess {
		if res := child.ex.Output.Map().Value("result"); data.Truthy(res) {
			info = strPtr(data.Str(res))
		}
	}
	return r.onTaskItemComplete(ps, t, child.ex.State, info, child.ex.WorkflowName)
}

// takeResumedChildState handles a sub-workflow that failed or was
// cancelled while it was being resumed, its parent paused: as Mistral,
// which hands a resumed sub-workflow's state to its parent task as it is,
// the task takes the sub-workflow's state without state_info, publish or
// transitions, and its paused workflow handles it as a task finished while
// paused once resumed. (One that succeeded reports as usual.)
func (r *run) takeResumedChildState(t *db.TaskExecution, child *execState) error {
	now := db.Now()
	t.State = child.ex.State
	t.StateInfo = nil
	t.FinishedAt = &now
	t.Processed = false
	return r.saveTask(t)
}

// onSubworkflowReport serves on_action_complete with wf_action: another
// engine (a Python one, for instance) reports that a sub-workflow ended.
func (e *Engine) onSubworkflowReport(ctx context.Context, wfExID string) (*data.Map, error) {
	root, err := e.rootOfExecution(ctx, wfExID)
	if err != nil {
		return nil, err
	}
	var out *db.WorkflowExecution
	err = e.inTx(ctx, root, func(r *run) error {
		s, err := r.exec(wfExID)
		if err != nil {
			return err
		}
		out = s.ex
		if !db.IsTerminal(s.ex.State) || s.ex.TaskExecutionID == nil {
			return nil
		}
		return r.reportToParent(s)
	})
	if err != nil {
		return nil, fmt.Errorf("report sub-workflow %s: %w", wfExID, err)
	}
	return workflowExecutionDict(out), nil
}
