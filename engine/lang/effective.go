package lang

import "github.com/tramontane/tramontane/engine/data"

// Effective views: what the controller sees of a task once task-defaults
// are applied (DSL §2.3). Returned slices and maps are shared unless noted
// and must not be modified.

// OnSuccess returns the task's effective on-success transitions.
func (w *Workflow) OnSuccess(t *Task) []Transition {
	return w.effective(t, t.OnSuccess, w.defaultClause(func(d *TaskDefaults) *Clause { return d.OnSuccess }))
}

// OnError returns the task's effective on-error transitions.
func (w *Workflow) OnError(t *Task) []Transition {
	return w.effective(t, t.OnError, w.defaultClause(func(d *TaskDefaults) *Clause { return d.OnError }))
}

// OnComplete returns the task's effective on-complete transitions.
func (w *Workflow) OnComplete(t *Task) []Transition {
	return w.effective(t, t.OnComplete, w.defaultClause(func(d *TaskDefaults) *Clause { return d.OnComplete }))
}

func (w *Workflow) defaultClause(pick func(*TaskDefaults) *Clause) *Clause {
	if w.TaskDefaults == nil {
		return nil
	}
	return pick(w.TaskDefaults)
}

// effective uses the task's own transitions; only when they are empty does
// the default clause apply, without the entries that point at the task
// itself. The default's publish is never applied.
func (w *Workflow) effective(t *Task, own, def *Clause) []Transition {
	if w.Type != Direct {
		return nil
	}
	if own != nil && len(own.Next) > 0 {
		return own.Next
	}
	if def == nil || len(def.Next) == 0 {
		return nil
	}
	self := false
	for _, tr := range def.Next {
		if tr.Name == t.Name {
			self = true
			break
		}
	}
	if !self {
		return def.Next
	}
	out := make([]Transition, 0, len(def.Next)-1)
	for _, tr := range def.Next {
		if tr.Name != t.Name {
			out = append(out, tr)
		}
	}
	return out
}

// OutboundNames returns the distinct names (tasks and engine commands) the
// task's effective on-error, on-success and on-complete clauses name, in
// that order.
func (w *Workflow) OutboundNames(t *Task) []string {
	var names []string
	for _, l := range [][]Transition{w.OnError(t), w.OnSuccess(t), w.OnComplete(t)} {
		for _, tr := range l {
			if !containsString(names, tr.Name) {
				names = append(names, tr.Name)
			}
		}
	}
	return names
}

// indexTransitions computes the inbound tasks of every task of a direct
// workflow once.
func (w *Workflow) indexTransitions() {
	w.inbound = make(map[string][]*Task, len(w.Tasks))
	for _, t := range w.Tasks {
		for _, name := range w.OutboundNames(t) {
			w.inbound[name] = append(w.inbound[name], t)
		}
		w.hasJoins = w.hasJoins || t.Join.IsJoin()
	}
}

// JoinsAfter returns the names of the join tasks of a direct workflow that
// can be reached from task name through transitions without walking past a
// join, in the order a depth-first walk finds them. The answer is computed
// once per task (the walk is as long as the workflow: per transition, a
// long chain would be quadratic).
func (w *Workflow) JoinsAfter(name string) []string {
	if !w.hasJoins {
		return nil
	}
	w.joinsMu.Lock()
	defer w.joinsMu.Unlock()
	if joins, ok := w.joinsAfter[name]; ok {
		return joins
	}
	seen := map[string]bool{name: true}
	stack := []string{name}
	var joins []string
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		t := w.Task(cur)
		if t == nil {
			continue
		}
		for _, nextName := range w.OutboundNames(t) {
			next := w.Task(nextName)
			if next == nil || seen[next.Name] {
				continue
			}
			seen[next.Name] = true
			if next.Join.IsJoin() {
				joins = append(joins, next.Name)
				continue
			}
			stack = append(stack, next.Name)
		}
	}
	if w.joinsAfter == nil {
		w.joinsAfter = make(map[string][]string)
	}
	w.joinsAfter[name] = joins
	return joins
}

// InboundTasks returns, in YAML order, the tasks of a direct workflow
// whose effective clauses name t (the inbound tasks of a join; a task
// naming itself counts).
func (w *Workflow) InboundTasks(t *Task) []*Task { return w.inbound[t.Name] }

// StartTasks returns the tasks a direct workflow starts with: those without
// inbound transitions, task-defaults included. For a reverse workflow it
// returns the tasks without requirements.
func (w *Workflow) StartTasks() []*Task {
	var out []*Task
	for _, t := range w.Tasks {
		if w.Type == Direct && len(w.inbound[t.Name]) == 0 ||
			w.Type == Reverse && len(w.Requires(t)) == 0 {
			out = append(out, t)
		}
	}
	return out
}

// Requires returns a reverse workflow task's requirements: its own and the
// task-defaults' ones, without the task itself, without repetitions.
func (w *Workflow) Requires(t *Task) []string {
	var defaults []string
	if w.TaskDefaults != nil {
		defaults = w.TaskDefaults.Requires
	}
	if len(defaults) == 0 && !containsString(t.Requires, t.Name) {
		return t.Requires
	}
	var out []string
	for _, l := range [][]string{t.Requires, defaults} {
		for _, r := range l {
			if r != t.Name && !containsString(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Policies holds a task's effective policies. A nil field means the policy
// is not in force; other values are literals or expressions to evaluate.
type Policies struct {
	Retry       *Retry
	WaitBefore  any
	WaitAfter   any
	Timeout     any
	PauseBefore any
	Concurrency any
	FailOn      any
}

// Policies returns the task's policies with task-defaults applied: per
// policy the task's value when it is set, else the default's. A value of
// 0 or false counts as not set.
func (w *Workflow) Policies(t *Task) Policies {
	d := w.TaskDefaults
	if d == nil {
		d = &TaskDefaults{}
	}
	p := Policies{
		Retry:       t.Retry,
		WaitBefore:  pick(t.WaitBefore, d.WaitBefore, positive),
		WaitAfter:   pick(t.WaitAfter, d.WaitAfter, positive),
		Timeout:     pick(t.Timeout, d.Timeout, positive),
		PauseBefore: pick(t.PauseBefore, d.PauseBefore, data.Truthy),
		Concurrency: pick(t.Concurrency, d.Concurrency, data.Truthy),
		FailOn:      pick(t.FailOn, d.FailOn, data.Truthy),
	}
	if p.Retry == nil {
		p.Retry = d.Retry
	}
	return p
}

func pick(own, def any, set func(any) bool) any {
	if set(own) {
		return own
	}
	if set(def) {
		return def
	}
	return nil
}

// positive is Mistral's test for the numeric policies: an expression
// string, or a number above zero.
func positive(v any) bool {
	switch t := v.(type) {
	case string:
		return t != ""
	case int64:
		return t > 0
	case float64:
		return t > 0
	case bool:
		return t
	}
	return false
}

// SafeRerun returns the task's safe-rerun value: its own when not null,
// else the task-defaults' when not null, else false.
func (w *Workflow) SafeRerun(t *Task) any {
	if t.SafeRerun != nil {
		return t.SafeRerun
	}
	if w.TaskDefaults != nil && w.TaskDefaults.SafeRerun != nil {
		return w.TaskDefaults.SafeRerun
	}
	return false
}

// EffectivePublish returns what a task publishes when it ends in state
// (StateSuccess or StateError), or nil (DSL §3.6):
//
//  1. `publish` (SUCCESS) or `publish-on-error` (ERROR) as branch variables;
//  2. on-complete's publish merged into it (on-complete wins), or used
//     alone when there is no plain publish; a plain publish drops
//     on-complete's global and atomic parts, as Mistral does;
//  3. if on-success (on-error) has a publish, the result is merged into it
//     (the result wins) and that is returned; a part missing there is
//     dropped.
//
// Task-defaults' publish is never applied. The result is the caller's.
func (w *Workflow) EffectivePublish(t *Task, state string) *Publish {
	var spec *Publish
	switch {
	case state == StateSuccess && t.Publish.Len() > 0:
		spec = &Publish{Branch: t.Publish}
	case state == StateError && t.PublishOnError.Len() > 0:
		spec = &Publish{Branch: t.PublishOnError}
	}
	if oc := t.OnComplete; oc != nil && oc.Publish != nil {
		if spec != nil {
			spec = spec.merged(oc.Publish)
		} else {
			spec = oc.Publish
		}
	}
	var clause *Clause
	switch state {
	case StateSuccess:
		clause = t.OnSuccess
	case StateError:
		clause = t.OnError
	default:
		return nil
	}
	if clause != nil && clause.Publish != nil {
		return clause.Publish.merged(spec)
	}
	if spec == nil {
		return nil
	}
	return &Publish{Branch: spec.Branch, Global: spec.Global, Atomic: spec.Atomic}
}

// merged returns p with other deep-merged into each part p has; parts p
// lacks stay absent.
func (p *Publish) merged(other *Publish) *Publish {
	out := &Publish{Branch: p.Branch, Global: p.Global, Atomic: p.Atomic}
	if other == nil {
		return out
	}
	out.Branch = mergePart(out.Branch, other.Branch)
	out.Global = mergePart(out.Global, other.Global)
	out.Atomic = mergePart(out.Atomic, other.Atomic)
	return out
}

func mergePart(left, right *data.Map) *data.Map {
	if left == nil || right.Len() == 0 {
		return left
	}
	m := data.DeepCopy(left).(*data.Map)
	data.Merge(m, right)
	return m
}

func containsString(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}
