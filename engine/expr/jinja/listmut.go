package jinja

import (
	"github.com/tramontane/tramontane/engine/data"
)

// Python lists grow and shrink in place; ours are slices, which cannot. A
// call of append, extend, insert, pop, remove or clear on a list therefore
// builds the new list and stores it back where the receiver came from: a
// variable (in the scope that defines it), a dict key, a namespace
// attribute or a list item. That covers Jinja's list-building idioms
// ({% set out = [] %} ... {% set _ = out.append(x) %}); another name bound
// to the same list does not see the change.

var growingMethods = map[string]bool{"append": true, "extend": true, "insert": true, "pop": true, "remove": true, "clear": true}

// listMethodCall handles t when it calls one of growingMethods on a list;
// ok is false when it does not.
func (s *state) listMethodCall(t *callNode, f *frame) (result any, ok bool, err error) {
	at, isAttr := t.fn.(*attrNode)
	if !isAttr || !growingMethods[at.name] {
		return nil, false, nil
	}
	obj, err := s.eval(at.obj, f)
	if err != nil {
		return nil, true, err
	}
	list, isList := obj.([]any)
	if !isList {
		fn, err := s.getattr(obj, at.name)
		if err != nil {
			return nil, true, err
		}
		a, err := s.evalArgs(&t.args, f)
		if err != nil {
			return nil, true, err
		}
		res, err := s.call(fn, a)
		return res, true, err
	}
	a, err := s.evalArgs(&t.args, f)
	if err != nil {
		return nil, true, err
	}
	if err := checkBuiltinArity("list", at.name, a); err != nil {
		return nil, true, err
	}
	out, res, err := listMethod(at.name, list, a)
	if err != nil {
		return nil, true, err
	}
	if err := s.store(at.obj, out, f); err != nil {
		return nil, true, err
	}
	return res, true, nil
}

// listMethod applies a growing method to a copy of list; it returns the new
// list and the method's result.
func listMethod(name string, list []any, a *args) ([]any, any, error) {
	if len(a.kwNames) > 0 {
		return nil, nil, errorf("list.%s() takes no keyword arguments", name)
	}
	want := map[string][2]int{"append": {1, 1}, "extend": {1, 1}, "insert": {2, 2}, "pop": {0, 1}, "remove": {1, 1}, "clear": {0, 0}}[name]
	if n := len(a.pos); n < want[0] || n > want[1] {
		switch {
		case want[0] == want[1] && want[0] == 0:
			return nil, nil, errorf("list.%s() takes no arguments (%d given)", name, n)
		case want[0] == want[1] && want[0] == 1:
			return nil, nil, errorf("list.%s() takes exactly one argument (%d given)", name, n)
		case want[0] == want[1]:
			return nil, nil, errorf("%s expected %d arguments, got %d", name, want[0], n)
		}
		return nil, nil, errorf("%s expected at most %d argument, got %d", name, want[1], n)
	}
	out := append(make([]any, 0, len(list)+1), list...)
	switch name {
	case "append":
		return append(out, a.pos[0]), nil, nil
	case "extend":
		items, err := iterate(a.pos[0])
		if err != nil {
			return nil, nil, err
		}
		return append(out, items...), nil, nil
	case "insert":
		i, ok := asInt(a.pos[0])
		if !ok {
			return nil, nil, errorf("'%s' object cannot be interpreted as an integer", typeName(a.pos[0]))
		}
		if i < 0 {
			i += int64(len(out))
		}
		i = max(0, min(i, int64(len(out))))
		out = append(out, nil)
		copy(out[i+1:], out[i:])
		out[i] = a.pos[1]
		return out, nil, nil
	case "pop":
		if len(out) == 0 {
			return nil, nil, errorf("pop from empty list")
		}
		i := int64(-1)
		if len(a.pos) == 1 {
			var ok bool
			if i, ok = asInt(a.pos[0]); !ok {
				return nil, nil, errorf("'%s' object cannot be interpreted as an integer", typeName(a.pos[0]))
			}
		}
		if i < 0 {
			i += int64(len(out))
		}
		if i < 0 || i >= int64(len(out)) {
			return nil, nil, errorf("pop index out of range")
		}
		v := out[i]
		return append(out[:i], out[i+1:]...), v, nil
	case "remove":
		for i, e := range out {
			if equal(e, a.pos[0]) {
				return append(out[:i], out[i+1:]...), nil, nil
			}
		}
		return nil, nil, errorf("list.remove(x): x not in list")
	}
	return []any{}, nil, nil // clear
}

// store puts v where the expression n reads from, when n is a variable, an
// attribute or an item; other expressions have nowhere to keep it.
func (s *state) store(n node, v any, f *frame) error {
	switch t := n.(type) {
	case *nameNode:
		for fr := f; fr != nil; fr = fr.parent {
			if fr.has(t.name) {
				fr.set(t.name, v)
				return nil
			}
		}
	case *attrNode:
		obj, err := s.eval(t.obj, f)
		if err != nil {
			return err
		}
		if cv, ok := obj.(*ctxView); ok {
			obj = cv.m
		}
		switch o := obj.(type) {
		case *data.Map:
			if o.Has(t.name) {
				o.Set(t.name, v)
			}
		case *namespace:
			if o.attrs.Has(t.name) {
				o.attrs.Set(t.name, v)
			}
		}
	case *itemNode:
		if _, ok := t.key.(*sliceNode); ok {
			return nil
		}
		obj, err := s.eval(t.obj, f)
		if err != nil {
			return err
		}
		key, err := s.eval(t.key, f)
		if err != nil {
			return err
		}
		if cv, ok := obj.(*ctxView); ok {
			obj = cv.m
		}
		switch o := obj.(type) {
		case *data.Map:
			if k, ok := isString(key); ok && o.Has(k) {
				o.Set(k, v)
			}
		case []any:
			if i, ok := asInt(key); ok {
				if i < 0 {
					i += int64(len(o))
				}
				if i >= 0 && i < int64(len(o)) {
					o[i] = v
				}
			}
		}
	}
	return nil
}
