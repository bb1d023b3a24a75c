package lang

import (
	"errors"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
)

// Validator checks the syntax of the expressions in a value;
// *expr.Evaluator satisfies it. Errors should be *expr.GrammarError.
type Validator interface {
	Validate(v any) error
}

// documentChecks is the Validator one document is checked with: the
// caller's expression validator (nil skips expression checks) and the
// document's keys that are not strings and values that are no JSON type,
// which checkSchema needs.
type documentChecks struct {
	expr Validator
	doc  docInfo
}

// Validate checks expressions with the caller's validator, if any.
func (d documentChecks) Validate(v any) error {
	if d.expr == nil {
		return nil
	}
	return d.expr.Validate(v)
}

// originalKey returns the value of a key of m that is not a string (1,
// true), as the document v checks holds it.
func originalKey(v Validator, m *data.Map, key string) (any, bool) {
	d, ok := v.(documentChecks)
	if !ok {
		return nil, false
	}
	kv, ok := d.doc.keys[m][key]
	return kv, ok
}

// validateExpr checks what Mistral's validate_expr checks: a string, the
// strings of a list, or the string values of a mapping (one level only).
func validateExpr(v Validator, part any) error {
	if v == nil {
		return nil
	}
	switch t := part.(type) {
	case string:
		return checkExpr(v, t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				if err := checkExpr(v, s); err != nil {
					return err
				}
			}
		}
	case *data.Map:
		for _, k := range t.Keys() {
			if s, ok := t.Value(k).(string); ok {
				if err := checkExpr(v, s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func checkExpr(v Validator, s string) error {
	if !strings.Contains(s, "<%") && !strings.Contains(s, "{") {
		return nil // no expression: skip the call
	}
	err := v.Validate(s)
	if err == nil {
		return nil
	}
	var ge *expr.GrammarError
	if errors.As(err, &ge) {
		class := exc.ExpressionGrammar
		switch ge.Lang {
		case "yaql":
			class = exc.YaqlGrammar
		case "jinja":
			class = exc.JinjaGrammar
		}
		return &exc.Error{Class: class, Msg: ge.Msg, Err: err}
	}
	var e *exc.Error
	if errors.As(err, &e) {
		return err
	}
	return &exc.Error{Class: exc.ExpressionGrammar, Msg: err.Error(), Err: err}
}

// checkSchema validates inst, a part of the document v checks, and
// returns Mistral's "Invalid DSL" error.
func checkSchema(s *schema, inst any, v Validator) error {
	var doc docInfo
	if d, ok := v.(documentChecks); ok {
		doc = d.doc
	}
	if e := s.validate(inst, doc); e != nil {
		return exc.New(exc.InvalidModel, "Invalid DSL: %s", e.message())
	}
	return nil
}

// validateWorkflow checks a workflow dict (name and version injected) the
// way Mistral's spec classes do, in their order, up to the task level.
// Graph checks follow in validateGraph, once the workflow is built. It
// injects `type`, `name` and `version` into every task and merges inline
// parameters into task inputs, as Mistral does to the dict it stores.
func validateWorkflow(wf *data.Map, v Validator) error {
	if err := checkSchema(schemas.workflow, wf, v); err != nil {
		return err
	}
	if !data.Truthy(wf.Value("tasks")) {
		return exc.New(exc.InvalidModel, "Workflow doesn't have any tasks [data=%s]", data.Repr(wf))
	}
	if err := validateExpr(v, wf.Value("output")); err != nil {
		return err
	}
	if err := validateExpr(v, wf.Value("vars")); err != nil {
		return err
	}
	if td := wf.Value("task-defaults"); td != nil {
		if err := validateDefaults(td, v); err != nil {
			return err
		}
	}
	wfType := str(wf.Value("type"))
	if wfType == "" {
		wfType = Direct
	}
	tasks := wf.Value("tasks").(*data.Map)
	for _, name := range tasks.Keys() {
		if _, ok := tasks.Value(name).(*data.Map); !ok {
			return exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'object'", data.Repr(tasks.Value(name)))
		}
		tasks.Value(name).(*data.Map).Set("type", wfType)
	}
	for _, name := range tasks.Keys() {
		task := tasks.Value(name).(*data.Map)
		task.Set("name", name)
		task.Set("version", "2.0")
		if err := validateTask(task, wfType, v); err != nil {
			return err
		}
	}
	return nil
}

const maxTaskName = 255

func validateTask(task *data.Map, wfType string, v Validator) error {
	s := schemas.directTask
	if wfType == Reverse {
		s = schemas.reverseTask
	}
	if err := checkSchema(s, task, v); err != nil {
		return err
	}
	name := str(task.Value("name"))
	if len([]rune(name)) > maxTaskName {
		return exc.New(exc.InvalidModel, "The length of a '%s' task name must not exceed %d symbols", name, maxTaskName)
	}
	cmd := str(task.Value("action"))
	if cmd == "" {
		cmd = str(task.Value("workflow"))
	}
	var inline *data.Map
	if cmd != "" {
		var err error
		if _, inline, err = ParseInline(cmd); err != nil {
			return err
		}
		if err := validateExpr(v, inline); err != nil {
			return err
		}
	}
	for _, key := range []string{"input", "publish", "publish-on-error", "keep-result", "safe-rerun"} {
		if err := validateExpr(v, task.Value(key)); err != nil {
			return err
		}
	}
	if _, err := withItems(task.Value("with-items"), v, task); err != nil {
		return err
	}
	if err := validatePolicies(task, v); err != nil {
		return err
	}
	if in, ok := task.Value("input").(*data.Map); ok && inline != nil {
		data.Merge(in, inline)
	}
	if wfType == Direct {
		clauses, err := validateClauses(task, v)
		if err != nil {
			return err
		}
		if err := validateTransitionExprs(clauses, v); err != nil {
			return err
		}
		if data.Truthy(task.Value("join")) && len([]rune(name)) > maxTaskName-47 {
			return exc.New(exc.InvalidModel, "The length of a '%s' join task name must not exceed %d symbols",
				name, maxTaskName-47)
		}
	}
	return nil
}

// validatePolicies checks the policy keys of a task or of task-defaults.
func validatePolicies(m *data.Map, v Validator) error {
	for _, key := range []string{"wait-before", "wait-after", "timeout", "pause-before", "concurrency", "fail-on"} {
		if val := m.Value(key); data.Truthy(val) {
			if err := validateExpr(v, val); err != nil {
				return err
			}
		}
	}
	raw := m.Value("retry")
	if !data.Truthy(raw) {
		return nil
	}
	retry, err := retryMap(raw)
	if err != nil {
		return err
	}
	if err := checkSchema(schemas.retry, retry, v); err != nil {
		return err
	}
	for _, key := range []string{"count", "delay", "break-on", "continue-on"} {
		if err := validateExpr(v, retry.Value(key)); err != nil {
			return err
		}
	}
	return nil
}

func validateDefaults(td any, v Validator) error {
	if err := checkSchema(schemas.taskDefaults, td, v); err != nil {
		return err
	}
	m := td.(*data.Map)
	if err := validateExpr(v, m.Value("safe-rerun")); err != nil {
		return err
	}
	if err := validatePolicies(m, v); err != nil {
		return err
	}
	clauses, err := validateClauses(m, v)
	if err != nil {
		return err
	}
	return validateTransitionExprs(clauses, v)
}

// validateClauses checks on-complete, on-success and on-error (in that
// order) and returns their transitions.
func validateClauses(m *data.Map, v Validator) ([][]Transition, error) {
	var out [][]Transition
	for _, key := range []string{"on-complete", "on-success", "on-error"} {
		raw := m.Value(key)
		if raw == nil {
			continue
		}
		if err := checkSchema(schemas.onClause, raw, v); err != nil {
			return nil, err
		}
		next := raw
		if cm, ok := raw.(*data.Map); ok {
			if p := cm.Value("publish"); p != nil {
				if err := validatePublish(p, v); err != nil {
					return nil, err
				}
			}
			next = cm.Value("next")
		}
		trs, err := transitions(next)
		if err != nil {
			return nil, err
		}
		out = append(out, trs)
	}
	return out, nil
}

func validatePublish(p any, v Validator) error {
	if err := checkSchema(schemas.publish, p, v); err != nil {
		return err
	}
	m := p.(*data.Map)
	branch, global, atomic := m.Value("branch"), m.Value("global"), m.Value("atomic")
	if !data.Truthy(branch) && !data.Truthy(global) && !data.Truthy(atomic) {
		// Mistral's message means to show the publish dict but never does.
		return exc.New(exc.InvalidModel, "Either 'branch', 'global' or 'atomic' must be specified: ")
	}
	for _, part := range []any{branch, global, atomic} {
		if err := validateExpr(v, part); err != nil {
			return err
		}
	}
	return nil
}

// validateTransitionExprs checks each transition's name and condition.
func validateTransitionExprs(clauses [][]Transition, v Validator) error {
	for _, trs := range clauses {
		for _, tr := range trs {
			if err := validateExpr(v, tr.Name); err != nil {
				return err
			}
			if err := validateExpr(v, tr.Condition); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateGraph runs the workflow-level semantic checks on a built
// workflow.
func validateGraph(w *Workflow) error {
	if isUUIDLike(w.Name) {
		return exc.New(exc.InvalidModel, "Workflow name cannot be in the format of UUID.")
	}
	if w.Type == Reverse {
		for _, t := range w.Tasks {
			for _, r := range w.Requires(t) {
				if w.Task(r) == nil {
					return exc.New(exc.InvalidModel, "Task '%s' not found.", r)
				}
			}
		}
		return nil
	}
	if len(w.StartTasks()) == 0 {
		return exc.New(exc.DSLParsing, "Failed to find start tasks in direct workflow. "+
			"There must be at least one task without inbound transition.[workflow_name=%s]", w.Name)
	}
	for _, t := range w.Tasks {
		for _, name := range w.OutboundNames(t) {
			if w.Task(name) == nil && !IsEngineCommand(name) {
				return exc.New(exc.InvalidModel, "Task '%s' not found.", name)
			}
		}
	}
	var msgs []string
	for _, t := range w.Tasks {
		if !t.Join.IsJoin() {
			continue
		}
		in := len(w.InboundTasks(t))
		if t.Join.All {
			if in == 0 {
				msgs = append(msgs, "No inbound tasks for task with 'join: all' [task_name="+t.Name+"]")
			}
			continue
		}
		if in < t.Join.N {
			msgs = append(msgs, "Not enough inbound tasks for task with 'join' [task_name="+t.Name+
				", join="+data.Str(int64(t.Join.N))+", inbound_tasks="+data.Str(int64(in))+"]")
		}
	}
	if len(msgs) > 0 {
		return exc.New(exc.InvalidModel, "%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// isUUIDLike mirrors oslo's is_uuid_like: 32 hex digits once "urn:",
// "uuid:", surrounding braces and hyphens are removed.
func isUUIDLike(s string) bool {
	s = strings.ReplaceAll(s, "urn:", "")
	s = strings.ReplaceAll(s, "uuid:", "")
	s = strings.Trim(s, "{}")
	s = strings.ReplaceAll(s, "-", "")
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
