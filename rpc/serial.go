package rpc

import (
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// mistral-lib serializer keys (RPC.md a.2).
const (
	serialKeyResult = "mistral_lib.actions.types.Result"
	serialKeyAction = "mistral_lib.actions.base.Action"
	serialKeyAdHoc  = "mistral.actions.adhoc.AdHocAction"
)

// Result is mistral-lib's action Result: data on success, error on failure,
// cancel for a cancelled action.
type Result struct {
	Data   any
	Error  any
	Cancel bool
}

// IsError reports whether the result is a failure (Mistral's is_error()).
func (r *Result) IsError() bool { return r.Error != nil && !r.Cancel }

// serial wraps an object the way mistral-lib's polymorphic serializer does:
// {"__serial_key": key, "__serial_data": fields}. The wire form holds the
// fields as JSON text; transports that cross a process boundary (rpc/oslo)
// write that text, in-process delivery keeps the map.
func serial(key string, obj *data.Map) *data.Map {
	return data.MapOf("__serial_key", key, "__serial_data", obj)
}

// unserial undoes serial; it returns the key and the object.
func unserial(v any) (string, *data.Map, error) {
	m, ok := v.(*data.Map)
	if !ok {
		return "", nil, fmt.Errorf("serialized object is %T, not an object", v)
	}
	key, _ := m.Value("__serial_key").(string)
	var obj any
	switch raw := m.Value("__serial_data").(type) {
	case string:
		var err error
		if obj, err = data.ParseString(raw); err != nil {
			return "", nil, fmt.Errorf("decode %s: %w", key, err)
		}
	case *data.Map:
		obj = raw
	}
	om, ok := obj.(*data.Map)
	if !ok {
		return "", nil, fmt.Errorf("serialized %s has no object data", key)
	}
	return key, om, nil
}

// EncodeResult returns the wire form of r (nil stays nil).
func EncodeResult(r *Result) any {
	if r == nil {
		return nil
	}
	return serial(serialKeyResult, data.MapOf("data", r.Data, "error", r.Error, "cancel", r.Cancel))
}

// DecodeResult reads a Result from its wire form. A plain value that is not
// a serialized Result is taken as successful data, as mistral-lib does.
func DecodeResult(v any) (*Result, error) {
	if v == nil {
		return nil, nil
	}
	if m, ok := v.(*data.Map); !ok || !m.Has("__serial_key") {
		return &Result{Data: v}, nil
	}
	key, obj, err := unserial(v)
	if err != nil {
		return nil, err
	}
	if key != serialKeyResult {
		return nil, fmt.Errorf("expected a %s, got %s", serialKeyResult, key)
	}
	cancel, _ := obj.Value("cancel").(bool)
	return &Result{Data: obj.Value("data"), Error: obj.Value("error"), Cancel: cancel}, nil
}

// Action is an action instance as it travels to an executor: the Python class
// that implements it and its instance attributes (RPC.md a.2). Executors find
// the implementation by class. Name is the action's name, for logs; only an
// ad-hoc action carries it on the wire.
type Action struct {
	Name      string
	ClassName string
	Attrs     *data.Map // the Python object's attributes (its input, by the class's names)
	// Base is set for an ad-hoc action: the action it wraps.
	Base *Action
	// SerialKey is set for an action whose serializer this side does not
	// know (Python Mistral's mistral.actions.dynamic_action.DynamicAction,
	// the class of a code source, say): ClassName is the key too, so that
	// no executor of ours claims it and it goes to a Python executor or
	// fails as an action nobody here can run, and Attrs holds its
	// serialized fields as they came; it is encoded back the same way.
	SerialKey string
}

// EncodeAction returns the wire form of a.
func EncodeAction(a *Action) any {
	if a.SerialKey != "" {
		attrs := a.Attrs
		if attrs == nil {
			attrs = data.NewMap(0)
		}
		return serial(a.SerialKey, attrs)
	}
	if a.Base != nil {
		return serial(serialKeyAdHoc, data.MapOf(
			"base_action", EncodeAction(a.Base),
			"adhoc_action_name", a.Name,
		))
	}
	attrs := a.Attrs
	if attrs == nil {
		attrs = data.NewMap(0)
	}
	return serial(serialKeyAction, data.MapOf(
		"cls", a.ClassName,
		"cls_attrs", data.NewMap(0),
		"data", attrs,
	))
}

// DecodeAction reads an Action from its wire form.
func DecodeAction(v any) (*Action, error) {
	key, obj, err := unserial(v)
	if err != nil {
		return nil, err
	}
	switch key {
	case serialKeyAdHoc:
		base, err := DecodeAction(obj.Value("base_action"))
		if err != nil {
			return nil, fmt.Errorf("decode ad-hoc base action: %w", err)
		}
		name, _ := obj.Value("adhoc_action_name").(string)
		return &Action{Name: name, ClassName: key, Base: base}, nil
	case serialKeyAction:
		cls, _ := obj.Value("cls").(string)
		attrs, _ := obj.Value("data").(*data.Map)
		if attrs == nil {
			attrs = data.NewMap(0)
		}
		return &Action{ClassName: cls, Attrs: attrs}, nil
	}
	if key == "" {
		return nil, fmt.Errorf("action has no serializer key")
	}
	// An action of a kind this side cannot rebuild still makes a request:
	// refusing the request would drop it (a cast is only logged) and leave
	// its action execution RUNNING for good, where the executor hands it
	// to a Python executor or fails it.
	return &Action{ClassName: key, Attrs: obj, SerialKey: key}, nil
}
