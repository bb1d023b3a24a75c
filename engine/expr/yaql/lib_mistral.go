package yaql

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// host returns the engine's host or fails as Mistral does without one:
// its functions read context['__execution']['id'], and outside a workflow
// (an ad-hoc action's output transformation) that context is None.
func host(c *call) expr.Host {
	if c.s.st.ctx.Host == nil {
		throwf("'NoneType' object is not subscriptable")
	}
	return c.s.st.ctx.Host
}

// hostValue turns a host's answer into a value, failing with its error.
func hostValue(v any, err error) any {
	if err != nil {
		throw(err.Error())
	}
	return data.Normalize(v)
}

func optStr(v any) string {
	if v == nil {
		return ""
	}
	return yaqlStr(v)
}

func registerMistral(l library) {
	l.fn("env", func(c *call) any {
		if c.s.st.ctx.Host != nil {
			return c.st.pyList(data.Normalize(c.s.st.ctx.Host.Env()))
		}
		if m, ok := c.s.get("__env").(*data.Map); ok {
			return c.st.pyList(m)
		}
		return nil // Mistral's context['__env'] outside a workflow
	})
	l.fn("execution", func(c *call) any { return c.st.pyList(hostValue(host(c).Execution())) })
	l.fn("executions", func(c *call) any {
		// Mistral answers the database's model objects, not dicts.
		return c.st.pyList(modelObjects("WorkflowExecution", hostValue(host(c).Executions(expr.ExecutionsFilter{
			ID: optStr(c.a[0]), RootExecutionID: optStr(c.a[1]), State: optStr(c.a[2]),
			FromTime: optStr(c.a[3]), ToTime: optStr(c.a[4]),
		}))))
	}, opt("id", nil, nil), opt("rootExecutionId", nil, nil), opt("state", nil, nil),
		opt("fromTime", nil, nil), opt("toTime", nil, nil))
	l.fn("global", func(c *call) any { return c.st.pyList(hostValue(host(c).Global(optStr(c.a[0])))) }, p("varName", nil))
	l.fn("task", func(c *call) any { return c.st.pyList(hostValue(host(c).Task(optStr(c.a[0])))) }, opt("taskName", nil, nil))
	// yaql types a Python parameter by its default value: recursive and flat
	// take a boolean or null, and anything else matches no overload.
	l.fn("tasks", func(c *call) any {
		return c.st.pyList(hostValue(host(c).Tasks(expr.TasksFilter{
			WorkflowExecutionID: optStr(c.a[0]), Recursive: truthy(c.a[1]), State: optStr(c.a[2]), Flat: truthy(c.a[3]),
		})))
	}, opt("workflowExecutionId", nil, nil), opt("recursive", orNull(isBool), false), opt("state", nil, nil), opt("flat", orNull(isBool), false))
	l.fn("uuid", func(c *call) any { return uuid4() })
	l.fn("json_parse", func(c *call) any {
		v, err := data.ParseString(c.str(0))
		if err != nil {
			throw(jsonErrorText(c.str(0), err))
		}
		return c.st.pyList(v)
	}, p("data", isStr))
	l.fn("json_dump", func(c *call) any { return jsonIndent(c.st.osloDepth(c.a[0], 0)) }, p("data", nil))
	l.fn("json_pp", func(c *call) any {
		v := c.a[0]
		if !truthy(v) {
			// Mistral dumps its yaql context object instead, which
			// json.dumps refuses.
			throw("Circular reference detected")
		}
		s := jsonIndent(c.st.osloDepth(v, 0))
		s = strings.ReplaceAll(s, `\n`, "\n")
		return strings.ReplaceAll(s, " \n", "\n")
	}, opt("data", nil, nil))
	l.fn("yaml_parse", func(c *call) any { return c.st.pyList(yamlParse(c.str(0))) }, p("data", isStr))
	l.fn("yaml_dump", func(c *call) any {
		c.st.checkYAML(c.a[0])
		return yamlDump(c.a[0])
	}, p("data", nil))
}

func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// plain converts a YAQL value into the data model for json_dump (forYAML
// false) or yaml_dump: JSON writes dict keys as their JSON text, YAML as
// the values they stand for; neither can write a timedelta, and PyYAML's
// safe dumper no set.
func plain(v any, forYAML bool) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e, forYAML)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			if !forYAML {
				k = outputKey(k)
			}
			out.Set(k, plain(e, forYAML))
			return true
		})
		return out
	case *Set:
		if forYAML {
			throwf("('cannot represent an object', %s)", pyRepr(t))
		}
		return plain(t.items, forYAML)
	case *ordered:
		return plain(t.items, forYAML)
	case *valuesView:
		return plain(t.items, forYAML)
	case *iterator:
		// oslo's to_primitive lists any iterable (filter and map objects).
		return plain(toSlice(t.st, t), forYAML)
	case dateTime:
		return t // a pyyaml.Timestamp; JSON encoders take its JSONValue
	case timeSpan:
		if forYAML {
			throwf("('cannot represent an object', %s)", t.PythonRepr())
		}
		throw("Circular reference detected") // oslo's to_primitive gives up on it
	case data.Foreign:
		return t.JSONValue()
	}
	return v
}

// osloDepth applies the depth limit of oslo's to_primitive, which
// json_dump's encoder calls for each value json cannot write itself:
// yaql's FrozenDicts (the data context, dict literals, dict()). Each
// FrozenDict nested in another adds a level, a Python dict (such as
// json_parse returns) or a list none, and a FrozenDict three levels down
// (the fourth nested) becomes null: json_dump({a => {b => {c => {d =>
// 1}}}}) is {"a": {"b": {"c": null}}} on Mistral.
func (st *state) osloDepth(v any, level int) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = st.osloDepth(e, level)
		}
		return out
	case *data.Map:
		next := level
		if !st.dicts[t] {
			if level >= 3 {
				return nil
			}
			next = level + 1
		}
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			out.Set(k, st.osloDepth(e, next))
			return true
		})
		return out
	case *iterator:
		return st.osloDepth(toSlice(t.st, t), level)
	case *ordered:
		return st.osloDepth(t.items, level)
	case *valuesView:
		return st.osloDepth(t.items, level)
	}
	return v
}

// jsonIndent is json.dumps(v, indent=4): ", " becomes "," at line ends and
// non-ASCII characters are escaped.
func jsonIndent(v any) string {
	s, err := data.EncodePython(plain(v, false))
	if err != nil {
		throw(err.Error())
	}
	return indentJSON(s)
}

// indentJSON lays out JSON text as Python's json.dumps(indent=4) does. It
// works on tokens, so that Python's Infinity and NaN, which encoding/json
// refuses, pass through.
func indentJSON(s string) string {
	var b strings.Builder
	level := 0
	newline := func() {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("    ", level))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			b.WriteString(s[i : j+1])
			i = j
		case ' ', '\t', '\n', '\r':
		case '[', '{':
			rest := strings.TrimLeft(s[i+1:], " \t\n\r")
			if rest != "" && (rest[0] == ']' || rest[0] == '}') {
				b.WriteByte(c)
				b.WriteByte(rest[0])
				i = len(s) - len(rest)
				continue
			}
			b.WriteByte(c)
			level++
			newline()
		case ']', '}':
			level--
			newline()
			b.WriteByte(c)
		case ',':
			b.WriteByte(',')
			newline()
		case ':':
			b.WriteString(": ")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// jsonErrorText is json.loads's message for s, or err's when json.loads
// would accept s.
func jsonErrorText(s string, err error) string {
	if msg := data.PythonJSONError(s); msg != "" {
		return msg
	}
	return err.Error()
}

// yamlParse is yaml.safe_load. Keys that are not strings (1: a) keep their
// type, as in Python: yaml_parse('1: a').get(1) is 'a'.
func yamlParse(s string) any {
	nonString := map[*data.Map]map[string]any{}
	v, err := pyyaml.LoadWith(s, pyyaml.LoadOptions{NonStringKeys: nonString})
	if err != nil {
		throw(err.Error())
	}
	if len(nonString) == 0 {
		return v
	}
	return pyyaml.RetypeKeys(v, nonString, func(_ string, k any) string { return dictKey(k) })
}

// checkYAML fails as PyYAML's safe_dump does on what it cannot
// represent, walking v as the dumper does (dict items in key order):
// yaql's lazy collections (the map, filter and generator objects of
// select(), where(), orderBy(), range(), values()).
func (st *state) checkYAML(v any) {
	switch t := v.(type) {
	case *data.Map:
		keys := append([]string(nil), t.Keys()...)
		sort.Strings(keys)
		for _, k := range keys {
			st.checkYAML(t.Value(k))
		}
	case []any:
		for _, e := range t {
			st.checkYAML(e)
		}
	case *ordered:
		throw("('cannot represent an object', <yaql.standard_library.queries.OrderingIterable object>)")
	case *valuesView:
		throwf("('cannot represent an object', %s)", t.PythonRepr())
	case *iterator:
		throwf("('cannot represent an object', %s)", t.PythonRepr())
	}
}

// yamlDump is yaml.safe_dump(v, default_flow_style=False), which sorts
// keys.
func yamlDump(v any) string {
	return pyyaml.Dump(plain(v, true), pyyaml.DumpOptions{SortKeys: true, KeyValue: keyValue})
}
