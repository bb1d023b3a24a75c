package lang

import (
	"math"
	"math/big"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// This file turns spec dicts into the typed model. It does no validation
// beyond what Mistral's spec constructors do themselves (inline parameters,
// with-items), so it serves both uploads (after validation) and specs
// loaded back from the database.

// WorkflowFromSpec rebuilds a workflow from its stored spec dict (the dict
// Workflow.Spec returns, as kept in definitions and executions). Nothing is
// validated and spec is not modified; the result shares spec's values.
func WorkflowFromSpec(spec *data.Map) (*Workflow, error) {
	if spec == nil {
		return nil, exc.New(exc.InvalidModel, "Workflow spec is empty")
	}
	return buildWorkflow(spec)
}

// ActionFromSpec rebuilds an ad-hoc action from its stored spec dict.
func ActionFromSpec(spec *data.Map) (*AdHocAction, error) {
	if spec == nil {
		return nil, exc.New(exc.InvalidModel, "Action spec is empty")
	}
	return buildAction(spec)
}

func buildWorkflow(spec *data.Map) (*Workflow, error) {
	w := &Workflow{
		Name:          str(spec.Value("name")),
		Type:          Direct,
		Description:   str(spec.Value("description")),
		Tags:          stringList(spec.Value("tags")),
		Input:         params(spec.Value("input")),
		Output:        mapOrNil(spec.Value("output")),
		OutputOnError: mapOrNil(spec.Value("output-on-error")),
		Vars:          mapOrNil(spec.Value("vars")),
		spec:          spec,
	}
	if t, ok := spec.Get("type"); ok {
		w.Type = str(t)
	}
	if td, ok := spec.Value("task-defaults").(*data.Map); ok {
		d, err := buildDefaults(td)
		if err != nil {
			return nil, err
		}
		w.TaskDefaults = d
	}
	tasks, _ := spec.Value("tasks").(*data.Map)
	w.Tasks = make([]*Task, 0, tasks.Len())
	w.byName = make(map[string]*Task, tasks.Len())
	var err error
	tasks.Range(func(name string, v any) bool {
		m, ok := v.(*data.Map)
		if !ok {
			err = exc.New(exc.InvalidModel, "Task '%s' is not a mapping: %s", name, data.Repr(v))
			return false
		}
		var t *Task
		t, err = buildTask(name, m, w.Type)
		if err != nil {
			return false
		}
		w.Tasks = append(w.Tasks, t)
		w.byName[name] = t
		return true
	})
	if err != nil {
		return nil, err
	}
	if w.Type == Direct {
		w.indexTransitions()
	}
	return w, nil
}

func buildTask(name string, m *data.Map, wfType string) (*Task, error) {
	t := &Task{
		Name:           name,
		Description:    str(m.Value("description")),
		Type:           wfType,
		Input:          m.Value("input"),
		Publish:        mapOrNil(m.Value("publish")),
		PublishOnError: mapOrNil(m.Value("publish-on-error")),
		WaitBefore:     m.Value("wait-before"),
		WaitAfter:      m.Value("wait-after"),
		Timeout:        m.Value("timeout"),
		PauseBefore:    m.Value("pause-before"),
		Concurrency:    m.Value("concurrency"),
		FailOn:         m.Value("fail-on"),
		KeepResult:     true,
		SafeRerun:      m.Value("safe-rerun"),
		Target:         m.Value("target"),
		Tags:           stringList(m.Value("tags")),
		Requires:       stringOrStrings(m.Value("requires")),
		spec:           m,
	}
	if v, ok := m.Get("keep-result"); ok {
		t.KeepResult = v
	}
	var err error
	if t.WithItems, err = withItems(m.Value("with-items"), nil, m); err != nil {
		return nil, err
	}
	if t.Retry, err = buildRetry(m.Value("retry")); err != nil {
		return nil, err
	}
	if err := t.resolveCommand(str(m.Value("action")), str(m.Value("workflow"))); err != nil {
		return nil, err
	}
	t.Join = joinOf(m.Value("join"))
	for _, c := range []struct {
		key string
		dst **Clause
	}{{"on-complete", &t.OnComplete}, {"on-success", &t.OnSuccess}, {"on-error", &t.OnError}} {
		if *c.dst, err = buildClause(m.Value(c.key)); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// resolveCommand splits action/workflow into a name and inline parameters
// and merges the parameters into the input (inline wins, deep merge).
func (t *Task) resolveCommand(action, workflow string) error {
	var inline *data.Map
	var err error
	switch {
	case action != "":
		t.Action, inline, err = ParseInline(action)
	case workflow != "":
		t.Workflow, inline, err = ParseInline(workflow)
	default:
		t.Action = "std.noop"
	}
	if err != nil || inline == nil {
		return err
	}
	switch in := t.Input.(type) {
	case nil:
		t.Input = inline
	case *data.Map:
		if !containsAll(in, inline) {
			merged := data.DeepCopy(in).(*data.Map)
			data.Merge(merged, inline)
			t.Input = merged
		}
	}
	return nil
}

// containsAll reports whether merging sub into m would change nothing, as
// for a stored spec whose input already holds the inline parameters.
func containsAll(m, sub *data.Map) bool {
	ok := true
	sub.Range(func(k string, v any) bool {
		mv, has := m.Get(k)
		if sm, isMap := v.(*data.Map); isMap {
			mm, mIsMap := mv.(*data.Map)
			ok = has && mIsMap && containsAll(mm, sm)
		} else {
			ok = has && data.Equal(mv, v) && sameKind(mv, v)
		}
		return ok
	})
	return ok
}

func sameKind(a, b any) bool {
	switch a.(type) {
	case bool:
		_, ok := b.(bool)
		return ok
	case int64, *big.Int:
		return data.IsInt(b)
	case float64:
		_, ok := b.(float64)
		return ok
	}
	return true
}

func buildDefaults(m *data.Map) (*TaskDefaults, error) {
	d := &TaskDefaults{
		WaitBefore:  m.Value("wait-before"),
		WaitAfter:   m.Value("wait-after"),
		Timeout:     m.Value("timeout"),
		PauseBefore: m.Value("pause-before"),
		Concurrency: m.Value("concurrency"),
		FailOn:      m.Value("fail-on"),
		SafeRerun:   m.Value("safe-rerun"),
		Requires:    stringOrStrings(m.Value("requires")),
	}
	var err error
	if d.Retry, err = buildRetry(m.Value("retry")); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		key string
		dst **Clause
	}{{"on-complete", &d.OnComplete}, {"on-success", &d.OnSuccess}, {"on-error", &d.OnError}} {
		if *c.dst, err = buildClause(m.Value(c.key)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// retryMap turns the one-line form "count=3 delay=5" into a mapping.
func retryMap(raw any) (*data.Map, error) {
	switch t := raw.(type) {
	case *data.Map:
		return t, nil
	case string:
		_, p, err := ParseInline(t)
		if p == nil {
			p = data.NewMap(0)
		}
		return p, err
	}
	return nil, nil
}

func buildRetry(raw any) (*Retry, error) {
	if !data.Truthy(raw) {
		return nil, nil
	}
	m, err := retryMap(raw)
	if err != nil || m == nil {
		return nil, err
	}
	if !m.Has("delay") {
		return nil, exc.New(exc.InvalidModel, "Invalid DSL: 'delay' is a required property")
	}
	return &Retry{
		Count:      m.Value("count"),
		Delay:      m.Value("delay"),
		BreakOn:    m.Value("break-on"),
		ContinueOn: m.Value("continue-on"),
	}, nil
}

func buildClause(raw any) (*Clause, error) {
	if raw == nil {
		return nil, nil
	}
	c := &Clause{}
	next := raw
	if m, ok := raw.(*data.Map); ok {
		c.Publish = buildPublish(m.Value("publish"))
		next = m.Value("next")
		c.Ignored = !m.Has("publish") && !m.Has("next")
	}
	var err error
	c.Next, err = transitions(next)
	return c, err
}

func buildPublish(raw any) *Publish {
	m, ok := raw.(*data.Map)
	if !ok {
		return nil
	}
	return &Publish{
		Branch: mapOrNil(m.Value("branch")),
		Global: mapOrNil(m.Value("global")),
		Atomic: mapOrNil(m.Value("atomic")),
	}
}

// transitions reads a `next` value: a name, a one-key {name: condition}
// mapping, or a list of those.
func transitions(raw any) ([]Transition, error) {
	if !data.Truthy(raw) {
		return nil, nil
	}
	var items []any
	if l, ok := raw.([]any); ok {
		items = l
	} else {
		items = []any{raw}
	}
	out := make([]Transition, 0, len(items))
	for _, item := range items {
		var name string
		var cond any
		if m, ok := item.(*data.Map); ok && m.Len() > 0 {
			k := m.Keys()[0]
			name, cond = k, m.Value(k)
		} else {
			name = str(item)
		}
		if !data.Truthy(cond) {
			cond = nil
		}
		cmd, params, err := ParseInline(name)
		if err != nil {
			return nil, err
		}
		out = append(out, Transition{Name: cmd, Condition: cond, Params: params})
	}
	return out, nil
}

func joinOf(v any) Join {
	switch t := v.(type) {
	case string:
		switch t {
		case "all":
			return Join{All: true}
		case "one":
			return Join{N: 1}
		}
	case int64:
		return Join{N: int(t)}
	case float64:
		if t == math.Trunc(t) {
			return Join{N: int(t)}
		}
	}
	return Join{}
}

func buildAction(spec *data.Map) (*AdHocAction, error) {
	a := &AdHocAction{
		Name:        str(spec.Value("name")),
		Description: str(spec.Value("description")),
		Tags:        stringList(spec.Value("tags")),
		Input:       params(spec.Value("input")),
		Output:      spec.Value("output"),
		BaseInput:   mapOrNil(spec.Value("base-input")),
		spec:        spec,
	}
	base, inline, err := ParseInline(str(spec.Value("base")))
	if err != nil {
		return nil, err
	}
	a.Base = base
	if inline != nil {
		merged := inline
		if a.BaseInput != nil {
			merged = data.DeepCopy(a.BaseInput).(*data.Map)
			data.Merge(merged, inline)
		}
		a.BaseInput = merged
	}
	return a, nil
}

// params reads an input declaration list: "a" or {"b": default}.
func params(v any) []Param {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]Param, 0, len(l))
	seen := make(map[string]int, len(l))
	add := func(p Param) {
		if i, ok := seen[p.Name]; ok {
			out[i] = p // a repeated name keeps its place, as in a dict
			return
		}
		seen[p.Name] = len(out)
		out = append(out, p)
	}
	for _, e := range l {
		if m, ok := e.(*data.Map); ok {
			m.Range(func(k string, d any) bool {
				add(Param{Name: k, Default: d, HasDefault: true})
				return true
			})
			continue
		}
		add(Param{Name: str(e)})
	}
	return out
}

func str(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	}
	return data.Str(v)
}

func stringList(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = str(e)
	}
	return out
}

func stringOrStrings(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return stringList(v)
}

func mapOrNil(v any) *data.Map {
	m, _ := v.(*data.Map)
	return m
}
