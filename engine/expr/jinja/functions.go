package jinja

import (
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// maxRange is the sandbox's MAX_RANGE.
const maxRange = 100000

// globals are Jinja's default globals (range, dict, namespace, cycler,
// joiner) and Mistral's functions bound to the data context.
var globals map[string]any

// mistralFunc is one of Mistral's expression functions; ctx is what Mistral
// passes as its first "context" argument: the data context when called as
// a function, the piped value when (mis)used as a filter.
type mistralFunc func(s *state, ctx any, a *args) (any, error)

var mistralFunctions map[string]mistralFunc

func isMistralFunction(name string) bool { _, ok := mistralFunctions[name]; return ok }

func init() {
	mistralFunctions = map[string]mistralFunc{
		"env":        fnEnv,
		"execution":  fnExecution,
		"executions": fnExecutions,
		"global":     fnGlobal,
		"json_dump":  fnJSONDump,
		"json_parse": fnJSONParse,
		"json_pp":    fnJSONPP,
		"task":       fnTask,
		"tasks":      fnTasks,
		"uuid":       fnUUID,
		"yaml_dump":  fnYAMLDump,
		"yaml_parse": fnYAMLParse,
	}
	for name, fn := range mistralFunctions {
		filters[name] = mistralFilter(name, fn)
	}
	globals = map[string]any{
		"range":     &callable{name: "range", fn: fnRange},
		"dict":      &callable{name: "dict", fn: fnDict},
		"namespace": &callable{name: "namespace", fn: fnNamespace},
		"cycler":    &callable{name: "cycler", fn: fnCycler},
		"joiner":    &callable{name: "joiner", fn: fnJoiner},
		"lipsum":    &callable{name: "lipsum", fn: fnLipsum},
	}
	for name, fn := range mistralFunctions {
		globals[name] = &callable{name: name, fn: func(s *state, a *args) (any, error) {
			var ctx any
			if s.ctx != nil {
				ctx = s.ctx.Value()
			}
			return fn(s, ctx, a)
		}}
	}
}

// mistralFilter registers a Mistral function as a filter the way Mistral
// does: the piped value lands in the context slot.
func mistralFilter(name string, fn mistralFunc) filterFunc {
	return func(s *state, v any, a *args) (any, error) { return fn(s, v, a) }
}

func (s *state) host() (expr.Host, error) {
	if s.ctx == nil || s.ctx.Host == nil {
		return nil, errorf("this function needs the engine, which is not available here")
	}
	return s.ctx.Host, nil
}

func fnEnv(s *state, ctx any, a *args) (any, error) {
	if _, err := a.bindAfter(1, "env_", nil, 0); err != nil {
		return nil, err
	}
	if m, ok := asMap(ctx); ok {
		if v, ok := m.Get("__env"); ok {
			return v, nil
		}
	}
	if err := s.contextKey(ctx, "__env"); err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	env := h.Env()
	if env == nil {
		return nil, errorf("%s", data.StringRepr("__env"))
	}
	return env, nil
}

// root is the expression's context when it is a dict.
func (s *state) root() (*data.Map, bool) {
	if s.ctx == nil {
		return nil, false
	}
	m, ok := s.ctx.Value().(*data.Map)
	return m, ok
}

// contextKey fails as Python's context[key] does when a Mistral function
// used as a filter gets, in the context slot, a value that is neither the
// expression's context nor a dict holding key.
func (s *state) contextKey(ctx any, key string) error {
	if cv, ok := ctx.(*ctxView); ok {
		ctx = cv.m
	}
	switch t := ctx.(type) {
	case *data.Map:
		if t.Has(key) {
			return nil
		}
		// The data context always holds __env and __execution, but holds
		// __task_execution only in a task's scope: task() in a workflow's
		// output fails with KeyError on Mistral 15.
		if root, ok := s.root(); ok && t == root && key != "__task_execution" {
			return nil
		}
		return errorf("%s", data.StringRepr(key))
	case []any:
		return errorf("list indices must be integers or slices, not str")
	case tuple:
		return errorf("tuple indices must be integers or slices, not str")
	case string:
		return errorf("string indices must be integers, not 'str'")
	}
	return errorf("'%s' object is not subscriptable", typeName(ctx))
}

func fnExecution(s *state, ctx any, a *args) (any, error) {
	if _, err := a.bindSignature(nil); err != nil {
		return nil, err
	}
	if err := s.contextKey(ctx, "__execution"); err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	return h.Execution()
}

func optString(v any) string {
	if !given(v) || v == nil {
		return ""
	}
	return data.Str(v)
}

func fnExecutions(s *state, _ any, a *args) (any, error) {
	p, err := a.bindSignature([]string{"id", "root_execution_id", "state", "from_time", "to_time"})
	if err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	return h.Executions(expr.ExecutionsFilter{ID: optString(p[0]), RootExecutionID: optString(p[1]),
		State: optString(p[2]), FromTime: optString(p[3]), ToTime: optString(p[4])})
}

func fnGlobal(s *state, ctx any, a *args) (any, error) {
	p, err := a.bindAfter(1, "global_", []string{"var_name"}, 1)
	if err != nil {
		return nil, err
	}
	if err := s.contextKey(ctx, "__execution"); err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	return h.Global(data.Str(p[0]))
}

func fnTask(s *state, ctx any, a *args) (any, error) {
	p, err := a.bindSignature([]string{"task_name"})
	if err != nil {
		return nil, err
	}
	// Mistral's task() answers from the transaction's cache, keyed by its
	// arguments but the context, before it reads the context: a task()
	// that YAQL answered before in the transaction answers in a workflow's
	// output too, where the context has no __task_execution.
	if h, err := s.host(); err == nil {
		if c, ok := h.(expr.TaskCache); ok {
			if v, ok := c.CachedTask(optString(p[0])); ok {
				return v, nil
			}
		}
	}
	if err := s.contextKey(ctx, "__task_execution"); err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	return h.Task(optString(p[0]))
}

func fnTasks(s *state, _ any, a *args) (any, error) {
	p, err := a.bindSignature([]string{"workflow_execution_id", "recursive", "state", "flat"})
	if err != nil {
		return nil, err
	}
	h, err := s.host()
	if err != nil {
		return nil, err
	}
	return h.Tasks(expr.TasksFilter{WorkflowExecutionID: optString(p[0]),
		Recursive: given(p[1]) && data.Truthy(p[1]), State: optString(p[2]), Flat: given(p[3]) && data.Truthy(p[3])})
}

func fnUUID(_ *state, _ any, a *args) (any, error) {
	if len(a.kwNames) > 0 {
		return nil, errorf("uuid_() got an unexpected keyword argument %s", data.StringRepr(a.kwNames[0]))
	}
	if len(a.pos) > 0 {
		return nil, errorf("uuid_() takes from 0 to 1 positional arguments but %d were given", len(a.pos)+1)
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, errorf("uuid: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// jsonDumpable is nil, or the error oslo's jsonutils.dumps meets in v: an
// undefined value fails when asked for its items; a namespace (or cycler)
// is handed back unconverted, which json reports as a circular reference.
func jsonDumpable(v any) error {
	bad := findValue(v, func(e any) bool {
		switch e.(type) {
		case *undefined, *namespace:
			return true
		}
		return false
	})
	switch t := bad.(type) {
	case *undefined:
		return t.err()
	case *namespace:
		return errorf("Circular reference detected")
	}
	return nil
}

func fnJSONDump(_ *state, _ any, a *args) (any, error) {
	p, err := a.bindAfter(1, "json_dump_", []string{"data"}, 1)
	if err != nil {
		return nil, err
	}
	if err := jsonDumpable(p[0]); err != nil {
		return nil, err
	}
	return pyJSON(p[0], 4, false)
}

func fnJSONPP(_ *state, ctx any, a *args) (any, error) {
	p, err := a.bindAfter(1, "json_pp_", []string{"data"}, 0)
	if err != nil {
		return nil, err
	}
	v := orDefault(p[0], nil)
	if u, ok := v.(*undefined); ok && !u.lenient {
		return nil, u.err() // `data or context` asks for its truth
	}
	if !data.Truthy(v) {
		v = ctx
	}
	if err := jsonDumpable(v); err != nil {
		return nil, err
	}
	text, err := pyJSON(v, 4, false)
	if err != nil {
		return nil, err
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, `\n`, "\n"), " \n", "\n"), nil
}

func fnJSONParse(_ *state, _ any, a *args) (any, error) {
	p, err := a.bindAfter(1, "json_parse_", []string{"data"}, 1)
	if err != nil {
		return nil, err
	}
	text, ok := isString(p[0])
	if !ok {
		return nil, errorf("the JSON object must be str, bytes or bytearray, not %s", typeName(p[0]))
	}
	v, err := data.ParseString(text)
	if err != nil {
		if msg := data.PythonJSONError(text); msg != "" {
			return nil, errorf("%s", msg)
		}
		return nil, errorf("%v", err)
	}
	return v, nil
}

// fnYAMLParse is yaml.safe_load.
func fnYAMLParse(_ *state, _ any, a *args) (any, error) {
	p, err := a.bindAfter(1, "yaml_parse_", []string{"data"}, 1)
	if err != nil {
		return nil, err
	}
	text, ok := isString(p[0])
	if !ok {
		return nil, errorf("expected a string, got %s", typeName(p[0]))
	}
	nonString := map[*data.Map]map[string]any{}
	v, err := pyyaml.LoadWith(text, pyyaml.LoadOptions{NonStringKeys: nonString})
	if err != nil {
		return nil, errorf("%v", err)
	}
	// Keys that are not strings (1: a) keep their type, as in Python.
	return pyyaml.RetypeKeys(v, nonString, func(text string, k any) string {
		if stored, ok := data.StoredKey(k); ok {
			return stored
		}
		return text
	}), nil
}

// fnYAMLDump is yaml.safe_dump(data, default_flow_style=False), which
// sorts keys.
func fnYAMLDump(_ *state, _ any, a *args) (any, error) {
	p, err := a.bindAfter(1, "yaml_dump_", []string{"data"}, 1)
	if err != nil {
		return nil, err
	}
	if bad := unrepresentable(p[0]); bad != "" {
		return nil, errorf("('cannot represent an object', %s)", bad)
	}
	return pyyaml.Dump(plainKeys(p[0], true), pyyaml.DumpOptions{SortKeys: true, KeyValue: data.KeyValue}), nil
}

// unrepresentable is the repr of the first value in v, in the order
// PyYAML's safe_dump meets them (dict keys sorted), that its
// SafeRepresenter cannot represent: the subclasses of dict and str it does
// not know (Mistral's ContextView, Markup), range and undefined values;
// or "" when there is none.
func unrepresentable(v any) string {
	switch t := v.(type) {
	case *ctxView:
		return t.PythonRepr()
	case *pyRange:
		return t.PythonRepr()
	case markup:
		return t.PythonRepr()
	case *undefined:
		return t.PythonRepr()
	case []any:
		for _, e := range t {
			if bad := unrepresentable(e); bad != "" {
				return bad
			}
		}
	case tuple:
		return unrepresentable([]any(t))
	case *data.Map:
		keys := append([]string{}, t.Keys()...)
		if sortDictKeys(keys) != nil {
			keys = t.Keys()
		}
		for _, k := range keys {
			if bad := unrepresentable(t.Value(k)); bad != "" {
				return bad
			}
		}
	}
	return ""
}

// sortDictKeys sorts stored dict keys as json.dumps(sort_keys=True) does: by
// their values, numbers numerically; a string and a number do not compare.
func sortDictKeys(s []string) error {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0; j-- {
			c, err := compare("<", data.KeyValue(s[j]), data.KeyValue(s[j-1]))
			if err != nil {
				return err
			}
			if c >= 0 {
				break
			}
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return nil
}

// pyJSON is Python's json.dumps(v, indent=..., sort_keys=...): with an
// indent, items are separated by ",\n" and keys by ": "; without one by
// ", " and ": ". Non-ASCII characters are escaped.
func pyJSON(v any, indent int, sortKeys bool) (string, error) {
	var b strings.Builder
	if err := writeJSON(&b, plainKeys(v, true), indent, 0, sortKeys); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeJSON(b *strings.Builder, v any, indent, level int, sortKeys bool) error {
	nl := func(l int) {
		if indent >= 0 {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(" ", indent*l))
		}
	}
	sep := ", "
	if indent >= 0 {
		sep = ","
	}
	switch t := v.(type) {
	case []any:
		if len(t) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(level + 1)
			if err := writeJSON(b, e, indent, level+1, sortKeys); err != nil {
				return err
			}
		}
		nl(level)
		b.WriteByte(']')
	case *data.Map:
		if t.Len() == 0 {
			b.WriteString("{}")
			return nil
		}
		keys := t.Keys()
		if sortKeys {
			keys = append([]string{}, keys...)
			if err := sortDictKeys(keys); err != nil {
				return err
			}
		}
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(sep)
			}
			nl(level + 1)
			ks, _ := data.EncodePython(data.KeyText(k))
			b.WriteString(ks)
			b.WriteString(": ")
			if err := writeJSON(b, t.Value(k), indent, level+1, sortKeys); err != nil {
				return err
			}
		}
		nl(level)
		b.WriteByte('}')
	default:
		s, err := data.EncodePython(t)
		if err != nil {
			return errorf("Object of type %s is not JSON serializable", typeName(v))
		}
		b.WriteString(s)
	}
	if err := checkSize(b.Len()); err != nil {
		return err
	}
	return nil
}

func fnRange(_ *state, a *args) (any, error) {
	if len(a.kwNames) > 0 {
		return nil, errorf("range() takes no keyword arguments")
	}
	var nums [3]int64
	hasBig := false
	for i, v := range a.pos {
		if i >= 3 {
			return nil, errorf("range expected at most 3 arguments, got %d", len(a.pos))
		}
		n, ok := asInt(v)
		if !ok {
			if _, isInt := intValue(v); !isInt {
				return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(v))
			}
			hasBig = true
		}
		nums[i] = n
	}
	if hasBig {
		return bigRange(a.pos)
	}
	start, stop, step := int64(0), int64(0), int64(1)
	switch len(a.pos) {
	case 0:
		return nil, errorf("range expected at least 1 argument, got 0")
	case 1:
		stop = nums[0]
	case 2:
		start, stop = nums[0], nums[1]
	case 3:
		start, stop, step = nums[0], nums[1], nums[2]
	}
	if step == 0 {
		return nil, errorf("range() arg 3 must not be zero")
	}
	n := int64(0)
	if step > 0 && stop > start {
		n = (stop - start + step - 1) / step
	} else if step < 0 && stop < start {
		n = (start - stop - step - 1) / -step
	}
	if n > maxRange {
		return nil, errorf("Range too big. The sandbox blocks ranges larger than MAX_RANGE (%d).", maxRange)
	}
	out := make([]any, n)
	for i := range out {
		out[i] = start + int64(i)*step
	}
	return &pyRange{start: start, stop: stop, step: step, items: out}, nil
}

// bigRange is range() when a bound is beyond int64 (Python's range takes
// any int); the sandbox's limit on its length still applies.
func bigRange(pos []any) (any, error) {
	var ints [3]any
	for i, v := range pos {
		ints[i], _ = intValue(v)
	}
	start, stop, step := any(int64(0)), ints[0], any(int64(1))
	if len(pos) >= 2 {
		start, stop = ints[0], ints[1]
	}
	if len(pos) == 3 {
		step = ints[2]
	}
	if data.Sign(step) == 0 {
		return nil, errorf("range() arg 3 must not be zero")
	}
	// n = ceil((stop - start) / step), at least 0
	n := data.FloorDivInt(data.NegInt(data.SubInt(stop, start)), step)
	n = data.NegInt(n)
	if data.Sign(n) <= 0 {
		return &pyRange{start: start, stop: stop, step: step, items: []any{}}, nil
	}
	count, ok := n.(int64)
	if !ok || count > maxRange {
		return nil, errorf("Range too big. The sandbox blocks ranges larger than MAX_RANGE (%d).", maxRange)
	}
	out := make([]any, count)
	for i := range out {
		out[i] = data.AddInt(start, data.MulInt(int64(i), step))
	}
	return &pyRange{start: start, stop: stop, step: step, items: out}, nil
}

func fnDict(_ *state, a *args) (any, error) {
	m := data.NewMap(len(a.kwNames))
	if len(a.pos) > 1 {
		return nil, errorf("dict expected at most 1 argument, got %d", len(a.pos))
	}
	if len(a.pos) == 1 {
		if src, ok := a.pos[0].(*data.Map); ok {
			src.Range(func(k string, v any) bool { m.Set(k, v); return true })
		} else {
			pairs, err := iterate(a.pos[0])
			if err != nil {
				return nil, err
			}
			for _, pr := range pairs {
				kv, ok := sequence(pr)
				if !ok || len(kv) != 2 {
					return nil, errorf("dictionary update sequence element has wrong length")
				}
				k, err := dictKey(m, kv[0])
				if err != nil {
					return nil, err
				}
				m.Set(k, kv[1])
			}
		}
	}
	for i, k := range a.kwNames {
		m.Set(k, a.kwVals[i])
	}
	return m, nil
}

func fnNamespace(s *state, a *args) (any, error) {
	m, err := fnDict(s, a)
	if err != nil {
		return nil, err
	}
	return &namespace{attrs: m.(*data.Map)}, nil
}

func fnCycler(_ *state, a *args) (any, error) {
	items := append([]any{}, a.pos...)
	if len(items) == 0 {
		return nil, errorf("at least one item has to be provided")
	}
	pos := 0
	ns := &namespace{attrs: data.NewMap(5)}
	// current is a property in Jinja: kept up to date here as pos moves.
	ns.attrs.Set("items", tuple(items))
	ns.attrs.Set("current", items[0])
	ns.attrs.Set("next", &callable{name: "next", fn: func(_ *state, _ *args) (any, error) {
		v := items[pos]
		pos = (pos + 1) % len(items)
		ns.attrs.Set("current", items[pos])
		return v, nil
	}})
	ns.attrs.Set("reset", &callable{name: "reset", fn: func(_ *state, _ *args) (any, error) {
		pos = 0
		ns.attrs.Set("current", items[0])
		return nil, nil
	}})
	return ns, nil
}

func fnJoiner(_ *state, a *args) (any, error) {
	sep := ", "
	if len(a.pos) > 0 {
		sep = data.Str(a.pos[0])
	}
	used := false
	return &callable{name: "joiner", fn: func(_ *state, _ *args) (any, error) {
		if !used {
			used = true
			return "", nil
		}
		return sep, nil
	}}, nil
}
