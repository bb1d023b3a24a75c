package yaql

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// host returns the engine's host or fails as Mistral does without one.
func host(c *call) expr.Host {
	if c.s.st.ctx.Host == nil {
		throwf("%s() is not available: no engine context", c.name)
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
			return data.Normalize(c.s.st.ctx.Host.Env())
		}
		if m, ok := c.s.get("__env").(*data.Map); ok {
			return m
		}
		return data.NewMap(0)
	})
	l.fn("execution", func(c *call) any { return hostValue(host(c).Execution()) })
	l.fn("executions", func(c *call) any {
		return hostValue(host(c).Executions(expr.ExecutionsFilter{
			ID: optStr(c.a[0]), RootExecutionID: optStr(c.a[1]), State: optStr(c.a[2]),
			FromTime: optStr(c.a[3]), ToTime: optStr(c.a[4]),
		}))
	}, opt("id", nil, nil), opt("root_execution_id", nil, nil), opt("state", nil, nil),
		opt("from_time", nil, nil), opt("to_time", nil, nil))
	l.fn("global", func(c *call) any { return hostValue(host(c).Global(optStr(c.a[0]))) }, p("var_name", nil))
	l.fn("task", func(c *call) any { return hostValue(host(c).Task(optStr(c.a[0]))) }, opt("task_name", nil, nil))
	l.fn("tasks", func(c *call) any {
		return hostValue(host(c).Tasks(expr.TasksFilter{
			WorkflowExecutionID: optStr(c.a[0]), Recursive: truthy(c.a[1]), State: optStr(c.a[2]), Flat: truthy(c.a[3]),
		}))
	}, opt("workflow_execution_id", nil, nil), opt("recursive", nil, false), opt("state", nil, nil), opt("flat", nil, false))
	l.fn("uuid", func(c *call) any { return uuid4() })
	l.fn("json_parse", func(c *call) any {
		v, err := data.ParseString(c.str(0))
		if err != nil {
			throw(jsonErrorText(c.str(0), err))
		}
		return v
	}, p("data", isStr))
	l.fn("json_dump", func(c *call) any { return jsonIndent(c.a[0]) }, p("data", nil))
	l.fn("json_pp", func(c *call) any {
		v := c.a[0]
		if !truthy(v) {
			v = c.s.get("1")
		}
		s := jsonIndent(v)
		s = strings.ReplaceAll(s, `\n`, "\n")
		return strings.ReplaceAll(s, " \n", "\n")
	}, opt("data", nil, nil))
	l.fn("yaml_parse", func(c *call) any { return yamlParse(c.str(0)) }, p("data", isStr))
	l.fn("yaml_dump", func(c *call) any { return yamlDump(c.a[0]) }, p("data", nil))
}

func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// plain converts a YAQL value into the data model for serialisation.
func plain(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = plain(e)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool { out.Set(k, plain(e)); return true })
		return out
	case *Set:
		return plain(t.items)
	case *ordered:
		return plain(t.items)
	case data.Foreign:
		return t.JSONValue()
	}
	return v
}

// jsonIndent is json.dumps(v, indent=4): ", " becomes "," at line ends and
// non-ASCII characters are escaped.
func jsonIndent(v any) string {
	s, err := data.EncodePython(plain(v))
	if err != nil {
		throw(err.Error())
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(s), "", "    "); err != nil {
		throw(err.Error())
	}
	r := out.String()
	r = strings.ReplaceAll(r, "\": ", "\": ")
	return r
}

func jsonErrorText(s string, err error) string {
	if strings.TrimSpace(s) == "" || !json.Valid([]byte(s)) {
		var se *json.SyntaxError
		if e, ok := err.(*json.SyntaxError); ok {
			se = e
		}
		col := 1
		if se != nil && se.Offset > 0 {
			col = int(se.Offset)
		}
		_ = col
		return "Expecting value: line 1 column 1 (char 0)"
	}
	return err.Error()
}

func yamlParse(s string) any {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(s), &n); err != nil {
		throw(err.Error())
	}
	if n.Kind == 0 {
		return nil
	}
	return fromYAML(&n)
}

func fromYAML(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return fromYAML(n.Content[0])
	case yaml.AliasNode:
		return fromYAML(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = fromYAML(c)
		}
		return out
	case yaml.MappingNode:
		m := data.NewMap(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m.Set(dictKey(fromYAML(n.Content[i])), fromYAML(n.Content[i+1]))
		}
		return m
	}
	var v any
	if err := n.Decode(&v); err != nil {
		throw(err.Error())
	}
	switch t := v.(type) {
	case int:
		return int64(t)
	case uint64:
		return float64(t)
	case map[string]any, []any:
		return data.Normalize(t)
	}
	if _, ok := v.(string); !ok && v != nil {
		if _, ok := v.(bool); !ok {
			if _, ok := v.(float64); !ok {
				return n.Value // timestamps and other tags: keep the text
			}
		}
	}
	return v
}

// yamlDump is yaml.safe_dump(v, default_flow_style=False).
func yamlDump(v any) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(toYAML(plain(v))); err != nil {
		throw(err.Error())
	}
	return b.String()
}

func toYAML(v any) *yaml.Node {
	switch t := v.(type) {
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range t {
			n.Content = append(n.Content, toYAML(e))
		}
		if len(t) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n
	case *data.Map:
		n := &yaml.Node{Kind: yaml.MappingNode}
		t.Range(func(k string, e any) bool {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, toYAML(e))
			return true
		})
		if t.Len() == 0 {
			n.Style = yaml.FlowStyle
		}
		return n
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t)}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(t)}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: data.FloatRepr(t)}
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v)}
}
