package lang

import (
	"strings"
	"sync"

	"github.com/tramontane/tramontane/engine/data"
)

// Workflow types.
const (
	Direct  = "direct"
	Reverse = "reverse"
)

// Task states that select a publish spec (EffectivePublish).
const (
	StateSuccess = "SUCCESS"
	StateError   = "ERROR"
)

// Engine commands usable as transition targets in direct workflows.
const (
	CmdNoop    = "noop"
	CmdFail    = "fail"
	CmdSucceed = "succeed"
	CmdPause   = "pause"
)

// IsEngineCommand reports whether name is one of noop, fail, succeed, pause.
func IsEngineCommand(name string) bool {
	switch name {
	case CmdNoop, CmdFail, CmdSucceed, CmdPause:
		return true
	}
	return false
}

// Param is one declared input of a workflow or ad-hoc action. A parameter
// without a default (`- a`) has HasDefault false; `- c: null` has a nil
// default that is real.
type Param struct {
	Name       string
	Default    any
	HasDefault bool
}

// Workflow is an immutable workflow spec. All maps and slices it hands out
// are shared and must not be modified.
type Workflow struct {
	Name        string // the spec name; a workbook workflow is stored as "<workbook>.<Name>"
	Type        string // Direct or Reverse
	Description string
	Tags        []string
	Input       []Param
	// Output, OutputOnError and Vars are nil when absent.
	Output        *data.Map
	OutputOnError *data.Map
	Vars          *data.Map
	TaskDefaults  *TaskDefaults // nil when absent
	Tasks         []*Task       // in YAML order
	// Definition is the text the REST API shows for this workflow.
	Definition string

	spec    *data.Map
	byName  map[string]*Task
	inbound map[string][]*Task // direct: task name -> tasks with a transition to it
	// hasJoins says whether any task is a join; joinsAfter remembers
	// JoinsAfter's answers.
	hasJoins   bool
	joinsMu    sync.Mutex
	joinsAfter map[string][]string
}

// Task is one task of a workflow.
type Task struct {
	Name        string
	Description string
	Type        string // workflow type: Direct or Reverse
	// Action is the action name (possibly an expression), "std.noop" when
	// neither action nor workflow is given; empty for a workflow task.
	Action string
	// Workflow is the sub-workflow name (possibly an expression).
	Workflow string
	// Input is a *data.Map with the inline parameters of action/workflow
	// merged in (inline wins), or a string expression (dynamic input), or nil.
	Input     any
	WithItems []WithItem
	// Publish and PublishOnError are nil when absent.
	Publish        *data.Map
	PublishOnError *data.Map
	// OnSuccess, OnError and OnComplete are the task's own clauses (direct
	// workflows), nil when absent. Workflow.OnSuccess and friends apply
	// task-defaults.
	OnSuccess, OnError, OnComplete *Clause
	Join                           Join
	Requires                       []string // reverse workflows
	// Policies as written (nil when absent): literal values or expression
	// strings, evaluated by the engine. Workflow.Policies applies defaults.
	Retry       *Retry
	WaitBefore  any
	WaitAfter   any
	Timeout     any
	PauseBefore any
	Concurrency any
	FailOn      any
	KeepResult  any // true when absent
	SafeRerun   any // nil when absent
	Target      any // nil when absent
	Tags        []string

	spec *data.Map
	// specJSON is spec encoded, once (SpecJSON).
	specOnce sync.Once
	specJSON string
}

// TaskType is "WORKFLOW" for a sub-workflow task, "ACTION" otherwise, as
// stored in task executions.
func (t *Task) TaskType() string {
	if t.Workflow != "" {
		return "WORKFLOW"
	}
	return "ACTION"
}

// Spec returns the task's spec dict (shared, read-only).
func (t *Task) Spec() *data.Map { return t.spec }

// SpecJSON is Spec in Python's json.dumps format, as task executions store
// it, encoded once per parsed task; "null" if it cannot be encoded.
func (t *Task) SpecJSON() string {
	t.specOnce.Do(func() {
		s, err := data.EncodePython(t.spec)
		if err != nil {
			s = "null"
		}
		t.specJSON = s
	})
	return t.specJSON
}

// WithItem is one `VAR in SOURCE` entry of with-items. Source is a list
// (a literal, decoded at parse time) or an expression string.
type WithItem struct {
	Var    string
	Source any
}

// Join is a task's join setting. The zero value means no join.
type Join struct {
	All bool // join: all
	N   int  // join: N (one = 1)
}

// IsJoin reports whether the task waits for inbound transitions.
func (j Join) IsJoin() bool { return j.All || j.N > 0 }

// Clause is an on-success, on-error or on-complete clause.
type Clause struct {
	Publish *Publish // the advanced form's publish, nil if none
	Next    []Transition
	// Ignored is set for a top-level one-key mapping such as
	// `on-success: {t2: <% cond %>}`: Mistral reads it as the advanced form
	// without `next`, so it yields no transitions at all.
	Ignored bool
}

// Publish is the advanced publish of a clause; absent parts are nil.
type Publish struct {
	Branch, Global, Atomic *data.Map
}

// Transition is one entry of a clause.
type Transition struct {
	Name string
	// Condition is nil when the transition is unconditional; otherwise an
	// expression (or a literal) whose truthiness decides.
	Condition any
	// Params are the inline parameters (engine commands), nil if none.
	Params *data.Map
}

// Retry is the retry policy; its fields are literals or expressions.
type Retry struct {
	Count, Delay, BreakOn, ContinueOn any
}

// TaskDefaults is the task-defaults section of a workflow.
type TaskDefaults struct {
	Retry                          *Retry
	WaitBefore                     any
	WaitAfter                      any
	Timeout                        any
	PauseBefore                    any
	Concurrency                    any
	FailOn                         any
	OnSuccess, OnError, OnComplete *Clause
	SafeRerun                      any
	Requires                       []string
}

// AdHocAction is an ad-hoc action spec.
type AdHocAction struct {
	Name string // the spec name; a workbook action is stored as "<workbook>.<Name>"
	// Base is the base action's name; BaseInput holds base-input with the
	// inline parameters of `base` merged in (inline wins), nil if empty.
	Base        string
	BaseInput   *data.Map
	Input       []Param
	Output      any // nil when absent
	Description string
	Tags        []string
	Definition  string

	spec *data.Map
}

// Spec returns the action's spec dict as Mistral stores it (shared,
// read-only).
func (a *AdHocAction) Spec() *data.Map { return a.spec }

// InputSignature is the `input` text the REST API shows for an ad-hoc
// action: `a, b=5, c="x"` (defaults JSON-encoded).
func (a *AdHocAction) InputSignature() string {
	return signature(a.spec.Value("input"), func(k string, v any) string {
		s, err := data.EncodePython(v)
		if err != nil {
			s = data.Str(v)
		}
		return k + "=" + s
	})
}

// Workbook is a parsed workbook.
type Workbook struct {
	Name        string
	Description string
	Tags        []string
	Workflows   []*Workflow
	Actions     []*AdHocAction
	Definition  string // the text as submitted

	spec *data.Map
}

// Spec returns the workbook's spec dict (shared, read-only).
func (wb *Workbook) Spec() *data.Map { return wb.spec }

// Spec returns the workflow's spec dict as Mistral stores it in definitions
// and executions: the user's keys in their order, plus `name` and `version`,
// and in every task `type`, `name`, `version` and the inline parameters
// merged into `input`. It is shared and must not be modified.
func (w *Workflow) Spec() *data.Map { return w.spec }

// Task returns the task with the given name, or nil.
func (w *Workflow) Task(name string) *Task { return w.byName[name] }

// InputSignature is the `input` text the REST API shows for a workflow:
// `a, b="5"` (defaults str()-formatted and double-quoted), "" if none.
func (w *Workflow) InputSignature() string {
	return signature(w.spec.Value("input"), func(k string, v any) string {
		return k + `="` + data.Str(v) + `"`
	})
}

// Interface is the `interface` field of the REST resource:
// {"input": <input list as written>, "output": [<output keys>]}.
func (w *Workflow) Interface() *data.Map {
	in, ok := w.spec.Get("input")
	if !ok {
		in = []any{}
	}
	out := []any{}
	if m, ok := w.spec.Value("output").(*data.Map); ok {
		for _, k := range m.Keys() {
			out = append(out, k)
		}
	}
	return data.MapOf("input", data.DeepCopy(in), "output", out)
}

func signature(input any, format func(k string, v any) string) string {
	l, _ := input.([]any)
	parts := make([]string, 0, len(l))
	for _, p := range l {
		switch t := p.(type) {
		case *data.Map:
			t.Range(func(k string, v any) bool {
				parts = append(parts, format(k, v))
				return true
			})
		default:
			parts = append(parts, data.Str(t))
		}
	}
	return strings.Join(parts, ", ")
}
