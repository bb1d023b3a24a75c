package actions

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// Result is Mistral's action result (mistral_lib.types.Result). A result is
// an error when Error is not nil and it is not cancelled.
type Result struct {
	Data   any
	Error  any
	Cancel bool
}

// IsError reports whether the action failed with error data.
func (r Result) IsError() bool { return r.Error != nil && !r.Cancel }

// IsCancel reports whether the action was cancelled.
func (r Result) IsCancel() bool { return r.Cancel }

// IsSuccess reports whether the action succeeded.
func (r Result) IsSuccess() bool { return !r.IsError() && !r.Cancel }

// Context is what the executor knows about the running action: the exec_ctx
// argument of run_action, plus the timeout it runs under (zero for none).
// Fields missing from exec_ctx stay empty.
type Context struct {
	WorkflowExecutionID string
	TaskExecutionID     string
	WorkflowName        string
	ActionExecutionID   string
	CallbackURL         string
	Timeout             time.Duration
	Logger              *slog.Logger // nil: slog.Default()
}

// Action is an instantiated action with its input bound. Run returns a
// Result, or an error when the action raised; the executor turns that error
// into "The action raised an exception [action=<Repr>, action_ex_id=<id>,
// msg='<err>']". Run must return promptly when ctx is done.
type Action interface {
	Run(ctx context.Context, ac *Context) (Result, error)
}

// InputRewriter is an action whose Python class changes the input it is
// given while it is constructed (std.http turns numeric header values into
// text in the caller's dict). Instantiate passes the change on to the
// caller's input, which Mistral then stores as the action execution's.
type InputRewriter interface {
	RewriteInput(input *data.Map)
}

// Serializable is implemented by every standard action: what Mistral's
// ActionSerializer puts on the wire ({"cls": ClassName, "cls_attrs": {},
// "data": Vars}) and what the "action=" part of its error messages shows.
type Serializable interface {
	Action
	// ClassName is the Python class path, e.g.
	// "mistral.actions.std_actions.EchoAction".
	ClassName() string
	// Vars returns the Python instance attributes (vars(action)) in the
	// order Python sets them, private ones included.
	Vars() *data.Map
	// Repr is Python's repr() of the action.
	Repr() string
}

// Param is one constructor parameter of an action.
type Param struct {
	Name     string
	Default  any // used when Required is false
	Required bool
}

// Spec describes one action: what action-list shows and how to build it.
type Spec struct {
	Name        string
	Description string // Mistral's docstring (inspect.getdoc of the class)
	Params      []Param
	// Async actions (std.async_noop, std.mistral_http) are completed later
	// through the API; the executor reports only their errors.
	Async bool
	// AcceptsAnyInput is set for actions whose constructor takes **kwargs:
	// their input is not checked.
	AcceptsAnyInput bool
	ClassName       string // Python class path, e.g. "mistral.actions.std_actions.EchoAction"
	// New builds the action from an input that has passed the check and has
	// its defaults filled. It fails as the Python constructor would.
	New func(input *data.Map) (Action, error)
	// Restore rebuilds the action from its Python instance attributes (the
	// "data" of a serialized action), without the constructor's checks.
	Restore func(vars *data.Map) (Action, error)
	// PythonOnly marks a custom Python action (found through [tramontane]
	// python_action_path): only Python Mistral executors can run it.
	PythonOnly bool
}

// InputSignature renders the parameters like Mistral's action-list "input"
// column: names, with JSON defaults for optional ones ("output, delay=0",
// "url, method=\"GET\", params=null").
func (s *Spec) InputSignature() string {
	parts := make([]string, 0, len(s.Params))
	for _, p := range s.Params {
		if p.Required {
			parts = append(parts, p.Name)
			continue
		}
		def, err := data.EncodePython(p.Default)
		if err != nil {
			def = "null"
		}
		parts = append(parts, p.Name+"="+def)
	}
	if s.AcceptsAnyInput {
		parts = append(parts, "**kwargs")
	}
	return strings.Join(parts, ", ")
}

// CheckInput checks input against the parameters as mistral_lib's
// check_parameters does: required parameters that are absent are missing
// (in signature order), keys that are no parameter are unexpected (in input
// order). The error is an ActionException "Invalid input [name=<name>,
// class=<class>, missing=['x'], unexpected=['y']]".
func (s *Spec) CheckInput(input *data.Map) error {
	if s.AcceptsAnyInput {
		return nil
	}
	var missing, unexpected []any
	for _, p := range s.Params {
		if p.Required && !input.Has(p.Name) {
			missing = append(missing, p.Name)
		}
	}
	for _, k := range input.Keys() {
		if !s.hasParam(k) {
			unexpected = append(unexpected, k)
		}
	}
	if len(missing) == 0 && len(unexpected) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Invalid input [name=%s, class=%s", s.Name, s.ClassName)
	if len(missing) > 0 {
		b.WriteString(", missing=" + data.Repr(missing))
	}
	if len(unexpected) > 0 {
		b.WriteString(", unexpected=" + data.Repr(unexpected))
	}
	b.WriteString("]")
	return &exc.Error{Class: exc.Action, Msg: b.String()}
}

func (s *Spec) hasParam(name string) bool {
	for _, p := range s.Params {
		if p.Name == name {
			return true
		}
	}
	return false
}

// Registry holds action specs by name. It is immutable after construction
// and safe for concurrent use.
type Registry struct {
	byName  map[string]*Spec
	byClass map[string]*Spec
	sorted  []*Spec
}

// NewRegistry returns a registry with all of Mistral 15's standard actions.
func NewRegistry() *Registry {
	return newRegistry(standardSpecs())
}

func newRegistry(specs []*Spec) *Registry {
	r := &Registry{
		byName:  make(map[string]*Spec, len(specs)),
		byClass: make(map[string]*Spec, len(specs)),
		sorted:  specs,
	}
	sort.Slice(r.sorted, func(i, j int) bool { return r.sorted[i].Name < r.sorted[j].Name })
	for _, s := range specs {
		r.byName[s.Name] = s
		// std.js and std.javascript share a class; either restores it.
		if _, ok := r.byClass[s.ClassName]; !ok {
			r.byClass[s.ClassName] = s
		}
	}
	return r
}

// Get returns the spec of the named action.
func (r *Registry) Get(name string) (*Spec, bool) {
	s, ok := r.byName[name]
	return s, ok
}

// List returns all specs sorted by name. The slice must not be modified.
func (r *Registry) List() []*Spec { return r.sorted }

// Instantiate checks input against the named action's parameters, fills the
// defaults of absent optional ones and builds the action. A nil input is
// empty. Errors: an unknown name is InvalidActionException; an input
// mismatch is the ActionException of CheckInput; a constructor failure
// (std.http with both body and json, say) is the InvalidActionException
// "Failed to instantiate an action [...]" the engine reports, wrapping the
// constructor's own error.
func (r *Registry) Instantiate(name string, input *data.Map) (Action, *Spec, error) {
	s, ok := r.Get(name)
	if !ok {
		return nil, nil, exc.New(exc.InvalidAction, "Failed to find action [action_name=%s]", name)
	}
	if err := s.CheckInput(input); err != nil {
		return nil, s, err
	}
	full := data.NewMap(len(s.Params))
	for _, p := range s.Params {
		if v, ok := input.Get(p.Name); ok {
			full.Set(p.Name, v)
		} else if !p.Required {
			full.Set(p.Name, data.DeepCopy(p.Default))
		}
	}
	if s.AcceptsAnyInput {
		input.Range(func(k string, v any) bool {
			if !full.Has(k) {
				full.Set(k, v)
			}
			return true
		})
	}
	a, err := s.New(full)
	if err != nil {
		given := "{}"
		if input != nil {
			given = data.Repr(input)
		}
		return nil, s, &exc.Error{
			Class: exc.InvalidAction,
			Msg: fmt.Sprintf("Failed to instantiate an action [action_desc=Python action [name=%s, cls=<class '%s'>], input_dict=%s]",
				s.Name, s.ClassName, given),
			Err: err,
		}
	}
	if rw, ok := a.(InputRewriter); ok && input != nil {
		rw.RewriteInput(input)
	}
	return a, s, nil
}

// Runs reports whether actions of className run in this process: false for
// a class the registry does not know and for a Python-only action. spec is
// the action's, or nil for an unknown class.
func (r *Registry) Runs(className string) (spec *Spec, ok bool) {
	s := r.byClass[className]
	return s, s != nil && !s.PythonOnly
}

// Restore rebuilds an action received over RPC from its Python class path
// and instance attributes ({"cls": ..., "data": ...} of a serialized
// mistral_lib Action). An unknown class is InvalidActionException.
func (r *Registry) Restore(className string, vars *data.Map) (Action, *Spec, error) {
	s, ok := r.byClass[className]
	if !ok {
		return nil, nil, exc.New(exc.InvalidAction, "Unknown action class: %s", className)
	}
	a, err := s.Restore(vars)
	if err != nil {
		return nil, s, fmt.Errorf("restore %s: %w", className, err)
	}
	return a, s, nil
}

// Repr returns what Python's repr() shows for a, as Mistral's executor puts
// it into "The action raised an exception [action=...]".
func Repr(a Action) string {
	if s, ok := a.(Serializable); ok {
		return s.Repr()
	}
	return fmt.Sprintf("%v", a)
}

// objectRepr is Python's default object repr. The address is the Go
// pointer, which is as unique and as meaningless as CPython's.
func objectRepr(className string, p any) string {
	return fmt.Sprintf("<%s object at %p>", className, p)
}

// actionError is the ActionException an action raises.
func actionError(format string, args ...any) error {
	return exc.New(exc.Action, format, args...)
}
