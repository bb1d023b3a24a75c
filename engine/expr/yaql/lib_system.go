package yaql

import (
	"github.com/tramontane/tramontane/engine/data"
)

func registerSystem(l library) {
	// let(*args, **kwargs), with(*args): a child scope with $1.. and names.
	let := l.fn("let", func(c *call) any {
		s := c.s.child()
		for i, v := range c.rest {
			s.set(argName(i+1), v)
		}
		for k, v := range c.kw {
			s.set(k, v)
		}
		return s
	}, va("args", nil))
	let.kwargs = true
	l.fn("with", func(c *call) any {
		s := c.s.child()
		for i, v := range c.rest {
			s.set(argName(i+1), v)
		}
		return s
	}, va("args", nil))
	l.fn("def", func(c *call) any {
		s := c.s.child()
		// The body runs in the scope that defines it, so that it can call
		// itself.
		body := &lambda{n: c.lambda(1).n, s: s}
		s.funcs = append(s.funcs, funcDef{name: c.str(0), body: body})
		return s
	}, p("name", isStr), lz("func"))
	l.meth("unpack", func(c *call) any {
		items := toSlice(c.st, c.a[0])
		s := c.s.child()
		if len(c.rest) > 0 {
			if len(items) != len(c.rest) {
				throwf("Cannot unpack %d elements into %d", min(len(items), len(c.rest)+1), len(c.rest))
			}
			for i, n := range c.rest {
				s.set(n.(string), items[i])
			}
			return s
		}
		for i, v := range items {
			s.set(argName(i+1), v)
		}
		return s
	}, p("sequence", isIterV), va("args", isStr))
	l.meth("assert", func(c *call) any {
		if !truthy(c.lambda(1).call(c.a[0])) {
			throw(c.str(2))
		}
		return c.a[0]
	}, p("obj", nil), lz("condition"), opt("message", isStr, "Assertion failed"))
	l.fn("call", func(c *call) any {
		return callValues(c.s, c.str(0), toSlice(c.st, c.a[1]), c.a[2].(*data.Map))
	}, p("name", isStr), p("args", isSeq), p("kwargs", isMap))

	// branching
	sw := l.fn("switch", func(c *call) any {
		for _, r := range c.rest {
			m := r.(*rule)
			if truthy(m.key.(*lambda).call()) {
				return m.val.(*lambda).call()
			}
		}
		return nil
	}, vaRule("args", true))
	sw.noKwargs = true
	l.fn("selectCase", func(c *call) any {
		for i, f := range c.rest {
			if truthy(f.(*lambda).call()) {
				return int64(i)
			}
		}
		return int64(len(c.rest))
	}, vaLz("args"))
	l.fn("selectAllCases", func(c *call) any {
		out := []any{}
		for i, f := range c.rest {
			if truthy(f.(*lambda).call()) {
				out = append(out, int64(i))
			}
		}
		return out
	}, vaLz("args"))
	l.fn("examine", func(c *call) any {
		out := make([]any, len(c.rest))
		for i, f := range c.rest {
			out[i] = truthy(f.(*lambda).call())
		}
		return out
	}, vaLz("args"))
	l.meth("switchCase", func(c *call) any {
		n := c.int(0)
		if n >= 0 && n < int64(len(c.rest)) {
			return c.rest[n].(*lambda).call()
		}
		if len(c.rest) == 0 {
			return nil
		}
		return c.rest[len(c.rest)-1].(*lambda).call()
	}, p("case", isInt), vaLz("args"))
	l.fn("coalesce", func(c *call) any {
		for _, f := range c.rest {
			if v := f.(*lambda).call(); v != nil {
				return v
			}
		}
		return nil
	}, vaLz("args"))

	// boolean and type checks
	l.fn("bool", func(c *call) any { return truthy(c.a[0]) }, p("value", nil))
	l.fn("isBoolean", func(c *call) any { return isBool(c.a[0]) }, p("value", nil))
	l.fn("isInteger", func(c *call) any { return data.IsInt(c.a[0]) }, p("value", nil))
	l.fn("isNumber", func(c *call) any { return isNum(c.a[0]) }, p("value", nil))
	l.fn("isString", func(c *call) any { return isStr(c.a[0]) }, p("arg", nil))
	l.fn("isList", func(c *call) any { return isSeq(c.a[0]) }, p("arg", nil))
	l.fn("isDict", func(c *call) any { return isMap(c.a[0]) }, p("arg", nil))
	l.fn("isSet", func(c *call) any { return isSetV(c.a[0]) }, p("arg", nil))
	l.fn("isIterable", func(c *call) any { return isIterable(c.a[0]) }, p("value", nil))
}
