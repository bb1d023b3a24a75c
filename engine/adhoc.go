package engine

import (
	"fmt"
	"strings"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// adhocClass is the Python class Mistral names for ad-hoc actions.
const adhocClass = "mistral.actions.adhoc.AdHocAction"

// adhocScope is where ad-hoc actions are looked up: for a workflow of a
// workbook "<workbook>.<name>" first, then the name itself; each in the
// namespace, then in the default namespace, as Mistral's action provider
// does.
type adhocScope struct {
	defs      db.ActionDefinitions
	workbook  string
	namespace string
	projectID string
}

// adhocScope is the ad-hoc lookup scope of a workflow execution.
func (r *run) adhocScope(s *execState) adhocScope {
	wb, _ := s.runtimeMap().Value("wb_name").(string)
	return adhocScope{defs: r.tx.ActionDefinitions(), workbook: wb, namespace: s.ex.WorkflowNamespace, projectID: s.ex.ProjectID}
}

// findAdHocDef looks up an ad-hoc action in a scope, and returns the
// namespace it was found in; nil if there is none.
func (e *Engine) findAdHocDef(sc adhocScope, name string) (*lang.AdHocAction, string, error) {
	var names []string
	if sc.workbook != "" {
		names = append(names, sc.workbook+"."+name)
	} else if _, std := e.actions.Get(name); std {
		// A standard action's name cannot be taken by an ad-hoc action
		// (Mistral keeps both in one table, unique by name): no lookup.
		return nil, "", nil
	}
	names = append(names, name)
	namespaces := []string{sc.namespace}
	if sc.namespace != "" {
		namespaces = append(namespaces, "")
	}
	for _, n := range names {
		for _, ns := range namespaces {
			def, err := sc.defs.Probe(n, ns, sc.projectID)
			if err != nil {
				return nil, "", err
			}
			if def == nil {
				continue
			}
			a, err := lang.ActionFromSpec(def.Spec.Map())
			if err != nil {
				return nil, "", fmt.Errorf("ad-hoc action %q: %w", n, err)
			}
			a.Name, a.Definition = def.Name, def.Definition
			return a, def.Namespace, nil
		}
	}
	return nil, "", nil
}

// findAdHoc looks up an ad-hoc action for a task of workflow execution s,
// and the namespace it was found in.
func (r *run) findAdHoc(s *execState, name string) (*lang.AdHocAction, string, error) {
	return r.e.findAdHocDef(r.adhocScope(s), name)
}

// resolveAdHoc instantiates an ad-hoc action found in namespace for a task
// (DSL.md §7.1): base-input expressions see the task's context but, as in
// Mistral, not the task itself: task() there finds no current task, and
// answers what the transaction read before, else null (host.noTask).
func (r *run) resolveAdHoc(s *execState, adhoc *lang.AdHocAction, namespace string, input *data.Map, t *db.TaskExecution) (*resolvedAction, error) {
	sc := r.adhocScope(s)
	sc.namespace = namespace
	return r.e.resolveAdHoc(sc, adhoc, input, func(filled *data.Map) *expr.Context {
		ectx := r.exprContext(s, t, func() []*data.Map {
			return []*data.Map{filled, r.inContext(t), envVar(s.env), s.contextMap()}
		})
		ectx.Host.(*host).noTask = true
		return ectx
	})
}

// resolveAdHoc instantiates an ad-hoc action of the namespace of sc
// (DSL.md §7.1): its input is
// checked and completed with defaults, its base-input evaluated in the
// context evalCtx makes of the completed input, and so on down the chain
// of bases to a standard action.
//
// As Mistral, it checks the task's input against the action first; any
// other mistake found on the way down (a base-input that cannot be
// evaluated, a base that does not exist or refuses its input) is "Failed
// to instantiate an action", naming the task's action.
func (e *Engine) resolveAdHoc(sc adhocScope, adhoc *lang.AdHocAction, input *data.Map, evalCtx func(filled *data.Map) *expr.Context) (*resolvedAction, error) {
	filled, err := checkAdHocInput(adhoc, input)
	if err != nil {
		return nil, err
	}
	res, err := e.instantiateAdHoc(sc, adhoc, filled, evalCtx)
	if err != nil && isUserError(err) {
		return nil, &exc.Error{
			Class: exc.InvalidAction,
			Msg: fmt.Sprintf("Failed to instantiate an action [action_desc=AdHoc action [name=%s, definition=%s], input_dict=%s]",
				adhoc.Name, adhoc.Definition, data.Repr(filled)),
			Err: err,
		}
	}
	return res, err
}

// instantiateAdHoc is resolveAdHoc's walk down the chain of bases, from
// the task's action and its checked input, filled with its defaults (which
// Mistral stores as the action execution's input). evalCtx gives each
// level's base-input its context; nil leaves the base-input unevaluated.
func (e *Engine) instantiateAdHoc(sc adhocScope, adhoc *lang.AdHocAction, filled *data.Map, evalCtx func(filled *data.Map) *expr.Context) (*resolvedAction, error) {
	taskInput := filled
	seen := map[string]bool{}
	var chain []*lang.AdHocAction
	// Mistral looks a base up by the name as written, never in the
	// workbook of the action (a workbook action's base names another by its
	// full name), in the namespace of the outermost action's definition
	// (then the default one), whichever namespace the bases come from.
	global := sc
	global.workbook = ""
	for adhoc != nil {
		if seen[adhoc.Name] {
			return nil, exc.New(exc.InvalidAction, "Found a cycle in an ad-hoc action chain [action_name=%s]", adhoc.Name)
		}
		seen[adhoc.Name] = true
		chain = append(chain, adhoc)
		base := data.NewMap(0)
		if adhoc.BaseInput != nil {
			// A nil context is Mistral's empty one, in which
			// evaluate_recursively evaluates nothing: the base-input
			// stays as written.
			ev := data.DeepCopy(adhoc.BaseInput)
			if ctx := evalCtx(filled); ctx != nil {
				var err error
				if ev, err = e.eval.EvaluateRecursively(adhoc.BaseInput, ctx); err != nil {
					return nil, err
				}
			}
			base = dataMap(ev)
		}
		next, _, err := e.findAdHocDef(global, adhoc.Base)
		if err != nil {
			return nil, err
		}
		if next == nil {
			act, spec, err := e.actions.Instantiate(adhoc.Base, base)
			if err != nil {
				if exc.Is(err, exc.InvalidAction) && spec == nil {
					// Mistral's text, without a comma and with a
					// trailing space.
					return nil, exc.New(exc.InvalidAction, "Failed to find base action [action_name=%s namespace=%s] ",
						adhoc.Base, global.namespace)
				}
				return nil, err
			}
			wire := &rpc.Action{Name: adhoc.Base, ClassName: spec.ClassName, Attrs: data.NewMap(0)}
			if ser, ok := act.(actions.Serializable); ok {
				wire.Attrs = ser.Vars()
			}
			// The wire form wraps the standard action once per ad-hoc
			// level, outermost first.
			for i := len(chain) - 1; i >= 0; i-- {
				wire = &rpc.Action{Name: chain[i].Name, ClassName: adhocClass, Base: wire}
			}
			return &resolvedAction{spec: spec, input: taskInput, wire: wire, adhoc: chain}, nil
		}
		filled = fillAdHocInput(next, base)
		adhoc = next
	}
	return nil, nil
}

// checkAdHocInput checks an ad-hoc action's input against its declaration
// and fills in the defaults (not evaluated). As Mistral's, it checks
// nothing when the input text holds "**" (a "**kwargs" input): any input
// is then accepted, and a declared input left out without a default,
// "**kwargs" itself, gets the NotDefined marker.
func checkAdHocInput(a *lang.AdHocAction, input *data.Map) (*data.Map, error) {
	if strings.Contains(a.InputSignature(), "**") {
		return fillAdHocInput(a, input), nil
	}
	var missing, unexpected []any
	declared := map[string]bool{}
	for _, p := range a.Input {
		declared[p.Name] = true
		if !p.HasDefault && !input.Has(p.Name) {
			missing = append(missing, p.Name)
		}
	}
	for _, k := range input.Keys() {
		if !declared[k] {
			unexpected = append(unexpected, k)
		}
	}
	if len(missing) > 0 || len(unexpected) > 0 {
		return nil, invalidInput(a.Name, adhocClass, missing, unexpected)
	}
	out := input.Clone()
	for _, p := range a.Input {
		if !out.Has(p.Name) {
			out.Set(p.Name, data.DeepCopy(p.Default))
		}
	}
	return out, nil
}

// notDefined is what a base's required input that its ad-hoc action does
// not give becomes: Mistral checks only the task's action's input, fills a
// base's missing inputs with its NotDefined marker, and the marker reaches
// the standard action as the text of its class.
const notDefined = "<class 'mistral_lib.utils.NotDefined'>"

// fillAdHocInput completes the input an ad-hoc action gives its ad-hoc
// base, unchecked: defaults for what is missing (or notDefined, passed on
// from a level above), notDefined for a missing required input; undeclared
// inputs stay.
func fillAdHocInput(a *lang.AdHocAction, input *data.Map) *data.Map {
	out := input.Clone()
	for _, p := range a.Input {
		switch {
		case out.Has(p.Name) && out.Value(p.Name) != notDefined:
		case p.HasDefault:
			out.Set(p.Name, data.DeepCopy(p.Default))
		default:
			out.Set(p.Name, notDefined)
		}
	}
	return out
}

// adHocOutput applies the output transformations of an ad-hoc chain to a
// successful result, innermost first (DSL.md §7.2). Empty data skips the
// evaluation, so the output spec comes back as written, as in Mistral.
func (e *Engine) adHocOutput(chain []*lang.AdHocAction, result any) (any, error) {
	for i := len(chain) - 1; i >= 0; i-- {
		out := chain[i].Output
		if out == nil {
			continue
		}
		if !data.Truthy(result) {
			result = data.DeepCopy(out)
			continue
		}
		v, err := e.eval.EvaluateRecursively(out, &expr.Context{Data: result})
		if err != nil {
			return nil, err
		}
		result = v
	}
	return result, nil
}

// adHocChain rebuilds the chain of an ad-hoc action execution for the
// output transformation at completion, as Mistral's build_action does: the
// action as it is defined now, looked up by its name (a workbook's by its
// full name) in the scope's namespace, then the default one; its bases as
// instantiateAdHoc looks them up: by the names as written (never in the
// workbook), in the namespace of the outermost action's definition. An
// action deleted since it started is "Failed to find action", and its
// result is refused (nil chain); a base deleted since gives the chain so
// far and "Failed to find base action", which fails the completion. Nil
// for an action that is not ad-hoc.
func (e *Engine) adHocChain(sc adhocScope, a *db.ActionExecution) ([]*lang.AdHocAction, error) {
	// Our engine stores an ad-hoc action's spec with its execution, a
	// standard action's as NULL. Python Mistral stores NULL for every
	// action: one it started is ad-hoc when its name is an ad-hoc
	// definition's (findAdHocDef knows a standard name without a lookup).
	written := !a.Spec.IsNull()
	global := sc
	global.workbook = ""
	outer, ns, err := e.findAdHocDef(global, a.Name)
	if err != nil {
		return nil, err
	}
	if outer == nil {
		if !written {
			return nil, nil
		}
		return nil, exc.New(exc.InvalidAction, "Failed to find action [action_name=%s]", a.Name)
	}
	global.namespace = ns
	chain := []*lang.AdHocAction{outer}
	seen := map[string]bool{outer.Name: true}
	for cur := outer; ; {
		next, _, err := e.findAdHocDef(global, cur.Base)
		if err != nil {
			return chain, err
		}
		if next == nil {
			if _, std := e.actions.Get(cur.Base); !std {
				// Mistral visits the whole chain again to transform
				// the result: a base deleted meanwhile fails it.
				return chain, exc.New(exc.InvalidAction, "Failed to find base action [action_name=%s namespace=%s] ",
					cur.Base, global.namespace)
			}
			return chain, nil
		}
		if seen[next.Name] {
			return chain, nil
		}
		seen[next.Name] = true
		chain = append(chain, next)
		cur = next
	}
}
