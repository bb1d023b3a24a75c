package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// StartWorkflow implements rpc.EngineAPI (ENGINE.md §4.1). A client-chosen id
// that already exists returns that execution unchanged. The API chooses an
// id for every start, so that is looked for only when the start fails (its
// insert finds the id taken), not before each one.
func (e *Engine) StartWorkflow(ctx context.Context, req *rpc.StartWorkflowRequest) (*data.Map, error) {
	id := req.ExecutionID
	if id == "" {
		id = db.NewID()
	}
	var out *db.WorkflowExecution
	err := e.txOn(ctx, db.TxOptions{Lock: id, NewTree: true}, func(r *run) error {
		s, err := r.startWorkflow(id, req, nil)
		if err != nil {
			return err
		}
		out = s.ex
		return nil
	})
	if err != nil && req.ExecutionID != "" {
		existing, ferr := e.store.Read(ctx).WorkflowExecutions().Find(id)
		if ferr != nil {
			return nil, fmt.Errorf("start workflow %q: %w", req.WorkflowIdentifier, errors.Join(err, ferr))
		}
		if existing != nil {
			return workflowExecutionDict(existing), nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("start workflow %q: %w", req.WorkflowIdentifier, err)
	}
	return workflowExecutionDict(out), nil
}

// parent describes the task that starts a sub-workflow, and the
// sub-workflow's definition as the task found it.
type parent struct {
	exec  *execState
	task  *db.TaskExecution
	index int
	def   *db.WorkflowDefinition
}

// startWorkflow creates and starts an execution inside the transaction. For
// a sub-workflow, p names the parent task.
func (r *run) startWorkflow(id string, req *rpc.StartWorkflowRequest, p *parent) (*execState, error) {
	viewer := r.e.viewerOf(r.ctx)
	if p != nil {
		viewer = db.Viewer{ProjectID: p.exec.ex.ProjectID}
	}
	project := viewer.ProjectID
	var def *db.WorkflowDefinition
	if p != nil {
		def = p.def
	} else {
		var err error
		// REST.md: a start looks the name up in its namespace and then
		// in the default one (Mistral 15 itself answers 404 there).
		if def, err = r.tx.WorkflowDefinitions().Resolve(req.WorkflowIdentifier, req.Namespace, viewer); err != nil {
			return nil, err
		}
	}
	wf, err := r.e.spec(defSpecKey(def), func() (db.JSON, error) { return def.Spec, nil })
	if err != nil {
		return nil, err
	}
	input, err := checkWorkflowInput(wf, dataMap(req.Input))
	if err != nil {
		return nil, err
	}
	params := dataMap(data.DeepCopy(req.Params))
	if p == nil {
		r.e.withConfigNotify(params)
		// Mistral's engine puts the namespace a start names into its
		// params, over any given there and whatever namespace the
		// definition found (by id) is in.
		if req.Namespace != "" {
			params.Set("namespace", req.Namespace)
		}
	}
	if !params.Has("namespace") { // a null stays null, as in Mistral
		params.Set("namespace", def.Namespace)
	}
	if wf.Type == lang.Reverse {
		name, _ := params.Value("task_name").(string)
		if wf.Task(name) == nil {
			return nil, exc.WorkflowErr("Invalid task name [wf_spec=ReverseWorkflowSpec %s, task_name=%s]",
				data.Repr(def.Spec.Map()), data.Str(params.Value("task_name")))
		}
	}

	runtime := data.MapOf("index", int64(0))
	if p != nil {
		runtime.Set("index", int64(p.index))
	}
	if def.WorkbookName != nil && *def.WorkbookName != "" {
		runtime.Set("wb_name", *def.WorkbookName)
	}
	if rc := r.creatorContext(p); rc != nil {
		runtime.Set(authContextKey, rc)
	}
	now := db.Now()
	ex := &db.WorkflowExecution{
		Timestamps:        db.Timestamps{CreatedAt: now, UpdatedAt: &now},
		ID:                id,
		Name:              def.Name,
		Description:       req.Description,
		WorkflowName:      def.Name,
		WorkflowNamespace: def.Namespace,
		WorkflowID:        def.ID,
		Spec:              db.JSONOf(wf.Spec()),
		State:             db.StateRunning,
		Tags:              db.StringList(wf.Tags),
		Output:            db.JSONOf(data.NewMap(0)),
		Scope:             "private",
		ProjectID:         project,
	}
	if ex.Tags == nil {
		ex.Tags = db.StringList{}
	}
	if p != nil {
		ex.TaskExecutionID = strPtr(p.task.ID)
		ex.RootExecutionID = strPtr(p.exec.ex.Root())
		ex.Description = strPtr("sub-workflow execution")
	}

	// The env: a map, or the name of a stored environment. A sub-workflow's
	// params get one when its task passes env in its input, resolved the
	// same way, though its expressions read the root's env.
	env, err := r.resolveEnv(params.Value("env"), project)
	if err != nil {
		return nil, err
	}
	// evaluate_env, true when absent, is read as Python reads a value
	// in a condition: 0, "", null and empty containers are false too.
	if v, ok := params.Get("evaluate_env"); !ok || data.Truthy(v) {
		ev, err := r.e.eval.EvaluateRecursively(env, &expr.Context{Data: envVar(env)})
		if err != nil {
			return nil, err
		}
		env = dataMap(ev)
	}
	params.Set("env", env)

	ex.Input = db.JSONOf(input)
	ex.Params = db.JSONOf(params)
	if err := checkJSONFieldSize("TaskExecution", "input", ex.Input, r.e.cfg.FieldSizeLimitKB); err != nil {
		return nil, err
	}
	if err := checkJSONFieldSize("TaskExecution", "params", ex.Params, r.e.cfg.FieldSizeLimitKB); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(id) > db.IDLimit {
		return nil, exc.InputErr("The execution id must not exceed %d characters [id=%s]", db.IDLimit, id)
	}
	if ex.Description != nil && len(*ex.Description) > db.TextLimit {
		return nil, exc.InputErr("The description must not exceed %d bytes [length=%d]", db.TextLimit, len(*ex.Description))
	}
	ex.RuntimeContext = db.JSONOf(runtime)
	ex.Context = db.JSONOf(data.MapOf("__execution", data.MapOf("id", id)))
	// The insert waits for the transaction's next round trip; an id
	// taken already fails the start then (StartWorkflow).
	if err := r.tx.WorkflowExecutions().Insert(ex); err != nil {
		return nil, err
	}
	r.e.cacheSpec("ex:"+id, wf)
	s, err := r.adopt(ex)
	if err != nil {
		return nil, err
	}
	s.dirty = true
	r.noteExec(s)
	s.starting = true
	defer func() { s.starting = false }()

	// The workflow's vars, its start tasks (and the sub-workflows they
	// start) share task()'s and execution()'s answers, as in Mistral's one
	// transaction.
	if r.cache == nil {
		r.cache = newTxCache()
		defer func() { r.cache = nil }()
	}
	if wf.Vars != nil && wf.Vars.Len() > 0 {
		ectx := r.exprContext(s, nil, func() []*data.Map {
			return []*data.Map{envVar(s.env), s.contextMap(), s.inputMap()}
		})
		// The vars have no current task: task() answers what the
		// transaction read before, else None (and is kept so).
		ectx.Host.(*host).noTask = true
		vars, err := r.e.eval.EvaluateRecursively(wf.Vars, ectx)
		if err != nil {
			return nil, err
		}
		data.Merge(s.contextMap(), dataMap(vars))
	}
	cmds, err := r.startCommands(s)
	if err != nil {
		return nil, err
	}
	if err := r.dispatch(s, cmds); err != nil {
		return nil, err
	}
	if err := r.checkAndComplete(s); err != nil {
		return nil, err
	}
	return s, nil
}

// cacheSpec stores an already parsed spec under key.
func (e *Engine) cacheSpec(key string, wf *lang.Workflow) {
	e.specMu.Lock()
	if len(e.specs) >= specCacheSize {
		clear(e.specs)
	}
	e.specs[key] = wf
	e.specMu.Unlock()
}

// resolveEnv turns params.env into a map: absent or empty (false in
// Python) is empty, a string names a stored environment.
func (r *run) resolveEnv(v any, project string) (*data.Map, error) {
	if !data.Truthy(v) {
		return data.NewMap(0), nil
	}
	switch t := v.(type) {
	case *data.Map:
		return t, nil
	case string:
		env, err := r.tx.Environments().Get(t, project)
		if err != nil {
			if exc.Is(err, exc.DBEntityNotFound) {
				return nil, exc.InputErr("Environment is not found: %s", t)
			}
			return nil, err
		}
		return env.Variables.Map(), nil
	}
	return nil, exc.InputErr("Unexpected value type for environment [env=%s, type=<class '%s'>]", data.Repr(v), data.TypeName(v))
}

// checkWorkflowInput validates input against the declared inputs and fills
// defaults (DSL.md §2.2).
func checkWorkflowInput(wf *lang.Workflow, input *data.Map) (*data.Map, error) {
	var missing, unexpected []any
	declared := make(map[string]bool, len(wf.Input))
	for _, p := range wf.Input {
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
		return nil, invalidInput(wf.Name, specClass(wf), missing, unexpected)
	}
	// As Mistral's prepare_input: the given keys in their order, then the
	// defaults of the others.
	out := input.Clone()
	for _, p := range wf.Input {
		if !out.Has(p.Name) {
			out.Set(p.Name, data.DeepCopy(p.Default))
		}
	}
	return out, nil
}

func invalidInput(name, class string, missing, unexpected []any) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Invalid input [name=%s, class=%s", name, class)
	if len(missing) > 0 {
		b.WriteString(", missing=" + data.Repr(missing))
	}
	if len(unexpected) > 0 {
		b.WriteString(", unexpected=" + data.Repr(unexpected))
	}
	b.WriteString("]")
	return exc.InputErr("%s", b.String())
}

// specClass is the Python spec class Mistral names in input errors.
func specClass(wf *lang.Workflow) string {
	if wf.Type == lang.Reverse {
		return "ReverseWorkflowSpec"
	}
	return "DirectWorkflowSpec"
}
