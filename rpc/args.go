package rpc

import (
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// UnknownMethodError is returned for a request whose method the endpoint
// does not have (oslo.messaging's NoSuchMethod).
type UnknownMethodError struct{ Method string }

func (e *UnknownMethodError) Error() string {
	return fmt.Sprintf("Endpoint does not support RPC method %s", e.Method)
}

// args reads typed request arguments leniently: a missing or mistyped
// argument reads as its zero value, as Python's duck typing would mostly do.
type args struct{ m *data.Map }

func (a args) str(k string) string {
	s, _ := a.m.Value(k).(string)
	return s
}

func (a args) optStr(k string) *string {
	if s, ok := a.m.Value(k).(string); ok {
		return &s
	}
	return nil
}

func (a args) boolean(k string) bool { return data.Truthy(a.m.Value(k)) }

func (a args) dict(k string) *data.Map {
	if m, ok := a.m.Value(k).(*data.Map); ok {
		return m
	}
	return data.NewMap(0)
}

func (a args) optDict(k string) *data.Map {
	m, _ := a.m.Value(k).(*data.Map)
	return m
}

func (a args) strings(k string) []string {
	l, _ := a.m.Value(k).([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// strOrNone is an optional text argument: nil is Python's None.
func strOrNone(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func orEmpty(m *data.Map) *data.Map {
	if m == nil {
		return data.NewMap(0)
	}
	return m
}

func nilIfNil(m *data.Map) any {
	if m == nil {
		return nil
	}
	return m
}
