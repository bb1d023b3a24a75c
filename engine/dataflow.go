package engine

import (
	"strings"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
)

// view is Mistral's ContextView: a stack of maps, the first that has a key
// wins. Expressions see it flattened; error messages print it layer by
// layer, as Mistral does ("{'__task_execution': {...}, '__env': {}, , ...}").
// It builds its layers the first time it is read: most contexts serve
// definitions without expressions and are never read.
type view struct {
	build  func() []*data.Map
	layers []*data.Map
	flat   *data.Map
}

// stack returns the layers, building them if needed.
func (v *view) stack() []*data.Map {
	if v.build != nil {
		v.layers, v.build = v.build(), nil
	}
	return v.layers
}

// Data returns the flattened map that expressions read.
func (v *view) Data() *data.Map {
	if v.flat != nil {
		return v.flat
	}
	layers := v.stack()
	n := 0
	for _, l := range layers {
		n += l.Len()
	}
	flat := data.NewMap(n)
	for _, l := range layers {
		l.Range(func(k string, val any) bool {
			if !flat.Has(k) {
				flat.Set(k, val)
			}
			return true
		})
	}
	v.flat = flat
	return flat
}

// LoadData implements expr.Loader.
func (v *view) LoadData() any { return v.Data() }

// lazyContext is an expression context with its view and host, in one
// allocation.
type lazyContext struct {
	view view
	host host
	ctx  expr.Context
}

// exprContext is the expression context of task t (nil: of the workflow)
// over the view of the layers that layers builds. They are built, and
// flattened, only when an expression reads them.
func (r *run) exprContext(s *execState, t *db.TaskExecution, layers func() []*data.Map) *expr.Context {
	c := &lazyContext{view: view{build: layers}, host: host{r: r, s: s, task: t}}
	c.ctx = expr.Context{Load: &c.view, Host: &c.host, View: &c.view}
	return &c.ctx
}

// String prints the view as Mistral's ContextView repr does.
func (v *view) String() string {
	layers := v.stack()
	parts := make([]string, len(layers))
	for i, l := range layers {
		r := data.Repr(l)
		parts[i] = r[1 : len(r)-1]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// outboundContext is a task's in_context with its published variables on
// top (shallow: a published key replaces the inbound one).
func outboundContext(inCtx, published *data.Map) *data.Map {
	out := inCtx.Clone()
	published.Range(func(k string, v any) bool {
		out.Set(k, v)
		return true
	})
	return out
}

// upstreamContext is the context upstream task executions give a task, as
// Mistral computes it: their outbound contexts deep-merged in order, then
// their published variables deep-merged again on top.
func (r *run) upstreamContext(tasks []*db.TaskExecution) *data.Map {
	ctx := data.NewMap(0)
	published := data.NewMap(0)
	for _, t := range tasks {
		pub := t.Published.Map()
		data.Merge(ctx, outboundContext(r.inContext(t), pub))
		data.Merge(published, pub)
	}
	data.Merge(ctx, published)
	return ctx
}

// refreshInContext updates the inbound context of an existing task that
// runs again (the end of wait-before or of a retry's delay, a resume, a
// rerun) as Mistral does: for a direct workflow's task that is not a join,
// with the upstream context of the finished and processed executions of
// its first inbound task, key by key. It changes nothing for a task with a
// single inbound path, but a task reached again through a loop takes back
// the variables its first inbound task gave it. It reports whether it
// changed t, which the caller saves.
func (r *run) refreshInContext(s *execState, t *db.TaskExecution) (bool, error) {
	if s.wf.Type != lang.Direct {
		return false, nil
	}
	spec := s.wf.Task(t.Name)
	if spec == nil || spec.Join.IsJoin() {
		return false, nil
	}
	inbound := s.wf.InboundTasks(spec)
	if len(inbound) == 0 {
		return false, nil
	}
	tasks, err := r.taskList(s)
	if err != nil {
		return false, err
	}
	var upstream []*db.TaskExecution
	for _, u := range tasks {
		if u.Name == inbound[0].Name && u.Processed && db.IsTerminal(u.State) {
			upstream = append(upstream, u)
		}
	}
	if len(upstream) == 0 {
		return false, nil
	}
	in := r.inContext(t).Clone()
	r.upstreamContext(upstream).Range(func(k string, v any) bool {
		in.Set(k, v)
		return true
	})
	t.InContext = db.JSONOf(in)
	return true, nil
}

// mergeContexts deep-merges contexts in order, later ones winning.
func mergeContexts(ctxs []*data.Map) *data.Map {
	out := data.NewMap(0)
	for _, c := range ctxs {
		data.Merge(out, c)
	}
	return out
}

func taskExecutionVar(id, name string) *data.Map {
	return data.MapOf("__task_execution", data.MapOf("id", id, "name", name))
}

func envVar(env *data.Map) *data.Map {
	return data.MapOf("__env", env)
}

// checkFieldSize is Mistral's length validator of the large execution
// fields (execution_field_size_limit_kb): the size Python's sys.getsizeof
// gives the str() of the value, in whole KB, must not pass the limit. A
// limit of 0 or less is none.
func checkFieldSize(class, field string, v any, limitKB int) error {
	if limitKB <= 0 || !data.Truthy(v) {
		return nil
	}
	sizeKB := pyStrSize(data.Str(v)) / 1024
	if sizeKB > limitKB {
		return exc.New(exc.SizeLimitExceeded, "Field size limit exceeded [class=%s, field=%s, size=%dKB, limit=%dKB]",
			class, field, sizeKB, limitKB)
	}
	return nil
}

// checkJSONFieldSize is checkFieldSize for a stored value. A Python repr
// takes at most six characters, of at most four bytes, for a byte of JSON,
// so a short text is under the limit without building its repr.
func checkJSONFieldSize(class, field string, j db.JSON, limitKB int) error {
	if limitKB <= 0 || 80+24*len(j.Raw) < limitKB*1024 {
		return nil
	}
	v, err := j.Decode()
	if err != nil {
		return err
	}
	return checkFieldSize(class, field, v, limitKB)
}

// pyStrSize is sys.getsizeof of a Python 3 str: a header that depends on
// the widest character, then one, two or four bytes a character.
func pyStrSize(s string) int {
	n, widest := 0, rune(0)
	for _, r := range s {
		n++
		widest = max(widest, r)
	}
	switch {
	case widest < 0x80:
		return 49 + n
	case widest < 0x100:
		return 73 + n
	case widest < 0x10000:
		return 74 + 2*n
	}
	return 76 + 4*n
}
