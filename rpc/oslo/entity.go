package oslo

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// The two keys of a serialized Mistral object (mistral-lib's
// PolymorphicSerializer).
const (
	SerialKey  = "__serial_key"
	SerialData = "__serial_data"
)

// Serial keys of the Mistral objects seen on the wire (RPC.md a.2).
const (
	KeyResult        = "mistral_lib.actions.types.Result"
	KeyAction        = "mistral_lib.actions.base.Action"
	KeyAdHocAction   = "mistral.actions.adhoc.AdHocAction"
	KeyDynamicAction = "mistral.actions.dynamic_action.DynamicAction"
)

// nestedEntities lists, per serial key, the fields of __serial_data that
// hold another serialized object as JSON text: an ad-hoc action carries its
// base action that way.
var nestedEntities = map[string][]string{
	KeyAdHocAction: {"base_action"},
}

// Object returns the neutral form of a Mistral object: a map with the
// serial key and the object's fields (a *data.Map for every Mistral class)
// as a value.
func Object(key string, fields any) *data.Map {
	return data.MapOf(SerialKey, key, SerialData, fields)
}

// AsObject reports whether v is a Mistral object in neutral form and
// returns its serial key and fields.
func AsObject(v any) (key string, fields any, ok bool) {
	m, isMap := v.(*data.Map)
	if !isMap || m.Len() != 2 {
		return "", nil, false
	}
	key, ok = m.Value(SerialKey).(string)
	if !ok || !m.Has(SerialData) {
		return "", nil, false
	}
	return key, m.Value(SerialData), true
}

// EncodeEntity is Mistral's RpcContextSerializer.serialize_entity: the wire
// form of one argument or of a result. nil stays nil; any other value
// becomes the JSON text of the value as Python writes it; an object in
// neutral form becomes the JSON text of
// {"__serial_key": key, "__serial_data": "<JSON text of the fields>"}.
// Fields already given as JSON text are kept as they are.
func EncodeEntity(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	s, err := encodeEntity(v)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func encodeEntity(v any) (string, error) {
	key, fields, ok := AsObject(v)
	if !ok {
		return data.EncodePython(v)
	}
	inner, isText := fields.(string)
	if !isText {
		prepared, err := encodeNested(fields)
		if err != nil {
			return "", fmt.Errorf("serialize %s: %w", key, err)
		}
		if inner, err = data.EncodePython(prepared); err != nil {
			return "", fmt.Errorf("serialize %s: %w", key, err)
		}
	}
	return data.EncodePython(data.MapOf(SerialKey, key, SerialData, inner))
}

// encodeNested replaces the objects among the top-level fields by their
// JSON text, as the serializers of nesting objects do.
func encodeNested(fields any) (any, error) {
	m, ok := fields.(*data.Map)
	if !ok {
		return fields, nil
	}
	var out *data.Map
	for i, k := range m.Keys() {
		v := m.Value(k)
		if _, _, isObj := AsObject(v); !isObj {
			if out != nil {
				out.Set(k, v)
			}
			continue
		}
		if out == nil {
			out = data.NewMap(m.Len())
			for _, prev := range m.Keys()[:i] {
				out.Set(prev, m.Value(prev))
			}
		}
		s, err := encodeEntity(v)
		if err != nil {
			return nil, err
		}
		out.Set(k, s)
	}
	if out == nil {
		return m, nil
	}
	return out, nil
}

// EntityError is a value that Mistral's serializer cannot decode. Its Class
// and Module name the Python exception that oslo sends back for it.
type EntityError struct {
	Module, Class, Msg string
}

func (e *EntityError) Error() string { return e.Class + ": " + e.Msg }

// DecodeEntity is Mistral's RpcContextSerializer.deserialize_entity, the
// reverse of EncodeEntity: nil stays nil, JSON text becomes its value, and a
// serialized Mistral object becomes its neutral form with the fields
// decoded. Anything but a string or nil is an *EntityError, as it is a
// TypeError for Python.
func DecodeEntity(v any) (any, error) {
	switch t := v.(type) {
	case nil:
		return nil, nil
	case string:
		return decodeEntityText(t)
	default:
		return nil, &EntityError{Module: "builtins", Class: "TypeError",
			Msg: fmt.Sprintf("the JSON object must be str, bytes or bytearray, not %s", pythonTypeName(v))}
	}
}

func decodeEntityText(s string) (any, error) {
	v, err := data.ParseString(s)
	if err != nil {
		return nil, &EntityError{Module: "json.decoder", Class: "JSONDecodeError", Msg: err.Error()}
	}
	m, ok := v.(*data.Map)
	if !ok || !m.Has(SerialKey) {
		return v, nil
	}
	key, _ := m.Value(SerialKey).(string)
	inner, ok := m.Value(SerialData).(string)
	if !ok {
		return nil, &EntityError{Module: "builtins", Class: "TypeError",
			Msg: fmt.Sprintf("%s of %s is not JSON text", SerialData, key)}
	}
	fields, err := data.ParseString(inner)
	if err != nil {
		return nil, &EntityError{Module: "json.decoder", Class: "JSONDecodeError", Msg: err.Error()}
	}
	if fm, isMap := fields.(*data.Map); isMap {
		for _, name := range nestedEntities[key] {
			if nested, present := fm.Get(name); present {
				obj, err := DecodeEntity(nested)
				if err != nil {
					return nil, fmt.Errorf("%s.%s: %w", key, name, err)
				}
				fm.Set(name, obj)
			}
		}
	}
	return Object(key, fields), nil
}

func pythonTypeName(v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case []any:
		return "list"
	case *data.Map:
		return "dict"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", v), "*")
}
