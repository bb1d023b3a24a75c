package jinja

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// render writes the output of a template body.
func (s *state) render(body []stmt, f *frame, out *strings.Builder) error {
	for _, st := range body {
		if err := s.step(); err != nil {
			return err
		}
		if err := s.exec(st, f, out); err != nil {
			return err
		}
		if err := checkSize(out.Len()); err != nil {
			return err
		}
	}
	return nil
}

// test evaluates a condition to Python truthiness.
func (s *state) test(n node, f *frame) (bool, error) {
	v, err := s.eval(n, f)
	if err != nil {
		return false, err
	}
	return truthy(v)
}

func (s *state) exec(st stmt, f *frame, out *strings.Builder) error {
	switch t := st.(type) {
	case *textStmt:
		out.WriteString(t.text)
	case *outputStmt:
		v, err := s.eval(t.x, f)
		if err != nil {
			return err
		}
		sv, err := str(v)
		if err != nil {
			return err
		}
		if _, safe := v.(markup); s.autoescape && !safe {
			sv = htmlEscape(sv)
		}
		out.WriteString(sv)
	case *autoescapeStmt:
		on, err := s.test(t.on, f)
		if err != nil {
			return err
		}
		saved := s.autoescape
		s.autoescape = on
		defer func() { s.autoescape = saved }()
		return s.render(t.body, newFrame(f), out)
	case *ifStmt:
		for i, test := range t.tests {
			ok, err := s.test(test, f)
			if err != nil {
				return err
			}
			if ok {
				return s.render(t.bodies[i], f, out)
			}
		}
		return s.render(t.els, f, out)
	case *forStmt:
		it, err := s.eval(t.iter, f)
		if err != nil {
			return err
		}
		return s.loop(t, it, f, out, 0)
	case *setStmt:
		v, err := s.eval(t.value, f)
		if err != nil {
			return err
		}
		return s.assign(t.target, v, f)
	case *setBlockStmt:
		var b strings.Builder
		if err := s.render(t.body, f, &b); err != nil {
			return err
		}
		var v any = b.String()
		if t.filter != nil {
			var err error
			if v, err = s.applyFilterChain(t.filter, v, f); err != nil {
				return err
			}
		}
		return s.assign(t.target, v, f)
	case *withStmt:
		inner := newFrame(f)
		for i, target := range t.targets {
			v, err := s.eval(t.values[i], f)
			if err != nil {
				return err
			}
			if err := s.assign(target, v, inner); err != nil {
				return err
			}
		}
		return s.render(t.body, inner, out)
	case *macroStmt:
		f.set(t.name, s.macro(t, f))
	case *callBlockStmt:
		call := *t.call
		call.args.kwNames = append(append([]string(nil), call.args.kwNames...), "caller")
		call.args.kwVals = append(append([]node(nil), call.args.kwVals...), &constNode{v: s.macro(t.caller, f)})
		v, err := s.eval(&call, f)
		if err != nil {
			return err
		}
		return writeStr(out, v)
	case *blockStmt:
		return s.render(t.body, f, out)
	case *noLoadStmt:
		return errorf("no loader for this environment specified")
	case *filterBlockStmt:
		var b strings.Builder
		if err := s.render(t.body, f, &b); err != nil {
			return err
		}
		v, err := s.applyFilterChain(t.filter, b.String(), f)
		if err != nil {
			return err
		}
		return writeStr(out, v)
	}
	return nil
}

// writeStr writes str(v).
func writeStr(out *strings.Builder, v any) error {
	sv, err := str(v)
	if err != nil {
		return err
	}
	out.WriteString(sv)
	return nil
}

// assign binds a set/for target in frame f.
func (s *state) assign(target node, v any, f *frame) error {
	switch t := target.(type) {
	case *nameNode:
		f.set(t.name, v)
		return nil
	case *tupleNode:
		items, err := iterate(v)
		if err != nil {
			return errorf("cannot unpack non-iterable %s object", typeName(v))
		}
		if len(items) != len(t.items) {
			if len(items) > len(t.items) {
				return errorf("too many values to unpack (expected %d)", len(t.items))
			}
			return errorf("not enough values to unpack (expected %d, got %d)", len(t.items), len(items))
		}
		for i, it := range t.items {
			if err := s.assign(it, items[i], f); err != nil {
				return err
			}
		}
		return nil
	case *attrNode:
		name := t.obj.(*nameNode).name
		obj, _ := f.lookup(name)
		ns, ok := obj.(*namespace)
		if !ok {
			return errorf("cannot assign attribute on non-namespace object")
		}
		ns.attrs.Set(t.name, v)
		return nil
	}
	return errorf("cannot assign to %T", target)
}

// loopContext is the `loop` variable of a for loop.
type loopContext struct {
	items []any
	index int
	depth int
	run   func(it any) (string, error) // for recursive loops
	last  any                          // value seen by changed()
	seen  bool
}

func (l *loopContext) JSONValue() any { return l.PythonStr() }
func (l *loopContext) PythonRepr() string {
	return fmt.Sprintf("<LoopContext %d/%d>", l.index+1, len(l.items))
}
func (l *loopContext) PythonStr() string { return l.PythonRepr() }
func (l *loopContext) Truthy() bool      { return true }

func (l *loopContext) attr(name string) (any, bool) {
	n := len(l.items)
	switch name {
	case "index":
		return int64(l.index + 1), true
	case "index0":
		return int64(l.index), true
	case "revindex":
		return int64(n - l.index), true
	case "revindex0":
		return int64(n - l.index - 1), true
	case "first":
		return l.index == 0, true
	case "last":
		return l.index == n-1, true
	case "length":
		return int64(n), true
	case "depth":
		return int64(l.depth + 1), true
	case "depth0":
		return int64(l.depth), true
	case "previtem":
		if l.index == 0 {
			return undefinedHint("there is no previous item"), true
		}
		return l.items[l.index-1], true
	case "nextitem":
		if l.index >= n-1 {
			return undefinedHint("there is no next item"), true
		}
		return l.items[l.index+1], true
	case "cycle":
		return &callable{name: "cycle", fn: func(_ *state, a *args) (any, error) {
			if len(a.pos) == 0 {
				return nil, errorf("no items for cycling given")
			}
			return a.pos[l.index%len(a.pos)], nil
		}}, true
	case "changed":
		return &callable{name: "changed", fn: func(_ *state, a *args) (any, error) {
			val := tuple(a.pos)
			if l.seen && equal(val, l.last) {
				return false, nil
			}
			l.seen, l.last = true, val
			return true, nil
		}}, true
	}
	return nil, false
}

func (s *state) loop(t *forStmt, it any, f *frame, out *strings.Builder, depth int) error {
	items, err := iterate(it)
	if err != nil {
		return err
	}
	if t.cond != nil {
		var kept []any
		for _, item := range items {
			inner := newFrame(f)
			if err := s.assign(t.target, item, inner); err != nil {
				return err
			}
			v, err := s.eval(t.cond, inner)
			if err != nil {
				return err
			}
			ok, err := truthy(v)
			if err != nil {
				return err
			}
			if ok {
				kept = append(kept, item)
			}
		}
		items = kept
	}
	if len(items) == 0 {
		return s.render(t.els, f, out)
	}
	lc := &loopContext{items: items, depth: depth}
	if t.recursive {
		lc.run = func(sub any) (string, error) {
			if depth+1 > maxCallDepth {
				return "", errorf("maximum recursion depth exceeded")
			}
			var b strings.Builder
			err := s.loop(t, sub, f, &b, depth+1)
			return b.String(), err
		}
	}
	for i, item := range items {
		if err := s.step(); err != nil {
			return err
		}
		lc.index = i
		inner := newFrame(f)
		var loopVal any = lc
		if t.recursive {
			loopVal = &recursiveLoop{lc}
		}
		inner.set("loop", loopVal)
		if err := s.assign(t.target, item, inner); err != nil {
			return err
		}
		if err := s.render(t.body, inner, out); err != nil {
			return err
		}
	}
	return nil
}

// recursiveLoop is the loop variable of a `recursive` for loop: callable as
// loop(children).
type recursiveLoop struct{ *loopContext }

// macro makes the callable a {% macro %} defines; it renders its body in a
// scope of the defining frame and returns the text as Markup.
//
// The body escapes its output as the place of the definition does.
func (s *state) macro(m *macroStmt, def *frame) *callable {
	autoescape := s.autoescape
	return &callable{name: m.name, fn: func(s *state, a *args) (any, error) {
		// As Jinja's Macro.__call__: positional arguments first, then
		// keyword arguments for the parameters left; what remains is
		// kwargs and varargs, or an error when the body names neither.
		inner := newFrame(def)
		for i, v := range a.pos {
			if i < len(m.params) {
				inner.set(m.params[i], v)
			}
		}
		extraKw := data.NewMap(0)
		for i, k := range a.kwNames {
			j := indexOf(m.params, k)
			switch {
			case k == "caller" && m.usesCaller:
				inner.set(k, a.kwVals[i])
			case j >= len(a.pos):
				inner.set(k, a.kwVals[i])
			default:
				extraKw.Set(k, a.kwVals[i])
			}
		}
		if m.usesKwargs {
			inner.set("kwargs", extraKw)
		} else if extraKw.Len() > 0 {
			if extraKw.Has("caller") {
				return nil, errorf("macro %s was invoked with two values for the special caller argument. This is most likely a bug.", data.StringRepr(m.name))
			}
			return nil, errorf("macro %s takes no keyword argument %s", data.StringRepr(m.name), data.StringRepr(extraKw.Keys()[0]))
		}
		if m.usesVarargs {
			var extra tuple
			if len(a.pos) > len(m.params) {
				extra = slices.Clone(tuple(a.pos[len(m.params):]))
			}
			inner.set("varargs", extra)
		} else if len(a.pos) > len(m.params) {
			return nil, errorf("macro %s takes not more than %d argument(s)", data.StringRepr(m.name), len(m.params))
		}
		firstDefault := len(m.params) - len(m.defaults)
		for i, name := range m.params {
			if inner.has(name) {
				continue
			}
			if i >= firstDefault {
				v, err := s.eval(m.defaults[i-firstDefault], inner)
				if err != nil {
					return nil, err
				}
				inner.set(name, v)
				continue
			}
			inner.set(name, undefinedHint(fmt.Sprintf("parameter %s was not provided", data.StringRepr(name))))
		}
		saved := s.autoescape
		s.autoescape = autoescape
		defer func() { s.autoescape = saved }()
		var b strings.Builder
		if err := s.render(m.body, inner, &b); err != nil {
			return nil, err
		}
		return markup(b.String()), nil
	}}
}
