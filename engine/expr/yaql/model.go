package yaql

import (
	"github.com/tramontane/tramontane/engine/data"
)

// modelObject is a database model object, as executions() answers its
// workflow executions in Mistral: the SQLAlchemy objects themselves, which
// yaql knows no property or method of (`.state` is Unknown function
// "#property#state", keys() matches no receiver), but which can be
// counted, compared with null and published. Published, it is what
// oslo's to_primitive makes of it: the list of its (column, value) pairs.
type modelObject struct {
	kind string    // the model's class name: WorkflowExecution
	m    *data.Map // its columns, in the model's order
}

// JSONValue implements data.Foreign.
func (o *modelObject) JSONValue() any {
	out := make([]any, 0, o.m.Len())
	o.m.Range(func(k string, v any) bool {
		out = append(out, []any{k, v})
		return true
	})
	return out
}

// PythonRepr implements data.Foreign: the model's __repr__, its class
// name and its to_dict().
func (o *modelObject) PythonRepr() string { return o.kind + " " + data.Repr(o.m) }

// PythonStr implements data.Foreign.
func (o *modelObject) PythonStr() string { return o.PythonRepr() }

// Truthy implements data.Foreign.
func (o *modelObject) Truthy() bool { return true }

// modelObjects wraps the dicts of a host's answer (a list) as model
// objects of the given class.
func modelObjects(kind string, v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(list))
	for i, e := range list {
		if m, ok := e.(*data.Map); ok {
			out[i] = &modelObject{kind: kind, m: m}
		} else {
			out[i] = e
		}
	}
	return out
}
