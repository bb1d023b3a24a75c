package engine

import (
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// view is Mistral's ContextView: a stack of maps, the first that has a key
// wins. Expressions see it flattened; error messages print it layer by
// layer, as Mistral does ("{'__task_execution': {...}, '__env': {}, , ...}").
type view struct {
	layers []*data.Map
	flat   *data.Map
}

func newView(layers ...*data.Map) *view {
	return &view{layers: layers}
}

// Data returns the flattened map that expressions read.
func (v *view) Data() *data.Map {
	if v.flat != nil {
		return v.flat
	}
	n := 0
	for _, l := range v.layers {
		n += l.Len()
	}
	flat := data.NewMap(n)
	for _, l := range v.layers {
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

// String prints the view as Mistral's ContextView repr does.
func (v *view) String() string {
	parts := make([]string, len(v.layers))
	for i, l := range v.layers {
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
