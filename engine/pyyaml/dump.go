package pyyaml

import (
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// DumpOptions are the arguments of PyYAML's dump that differ between its
// callers in Mistral. Block style, 80 columns, 2-space indentation and
// ASCII-only output (allow_unicode=False) are fixed.
type DumpOptions struct {
	// SortKeys writes mapping keys in code-point order, as yaml.safe_dump
	// and yaml.dump do by default; otherwise they keep the map's order
	// (sort_keys=False).
	SortKeys bool
	// KeyValue, when not nil, gives the value a mapping key stands for:
	// a YAQL dict keeps keys that are not strings (1, true, null) in a
	// form of its own. Such keys are written as their scalars, and keys
	// of mixed types stay unsorted, as Python cannot order them.
	KeyValue func(string) any
}

// Timestamp is a value PyYAML represents as a timestamp (a datetime): its
// text is written plain, where a string with that text would be quoted.
type Timestamp interface {
	YAMLTimestamp() string
}

// Dump writes v as yaml.safe_dump(v, default_flow_style=False) does. v is
// an engine/data value; a data.Foreign is written as its JSONValue, other Go
// values as data.Normalize makes them, and anything else as its str().
func Dump(v any, opts DumpOptions) string {
	e := &emitter{whitespace: true, indention: true, indent: -1, sortKeys: opts.SortKeys, keyValue: opts.KeyValue}
	e.b.Grow(64)
	e.node(v, nodeContext{root: true})
	// Document end, then stream end: "..." closes a document that ended
	// with a plain scalar, which could otherwise continue.
	e.writeIndent()
	if e.openEnded {
		e.writeIndicator("...", true, false, false)
		e.writeIndent()
	}
	return e.b.String()
}

const (
	bestWidth  = 80
	bestIndent = 2
	// maxSimpleKey is the length from which PyYAML writes a str key as an
	// explicit "? key" entry: check_simple_key counts the text and the
	// tag ("!!str", although it is never written) against 128.
	maxSimpleKey = 128 - len("!!str")
)

// emitter keeps PyYAML's Emitter bookkeeping (column, whitespace,
// indention, indent stack) because line folding and indentation depend on
// it.
type emitter struct {
	b          strings.Builder
	column     int
	whitespace bool // the last character written was whitespace
	indention  bool // only indentation has been written on this line
	openEnded  bool
	indent     int // -1 before the root collection (PyYAML's None)
	indents    []int
	sortKeys   bool
	keyValue   func(string) any
}

// nodeContext is where a node appears, as PyYAML's expect_node arguments.
type nodeContext struct {
	root, mapping, simpleKey bool
}

func (e *emitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	switch {
	case e.indent < 0 && flow:
		e.indent = bestIndent
	case e.indent < 0:
		e.indent = 0
	case !indentless:
		e.indent += bestIndent
	}
}

func (e *emitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

func (e *emitter) node(v any, ctx nodeContext) {
	switch t := v.(type) {
	case *data.Map:
		if t.Len() == 0 {
			e.writeIndicator("{", true, true, false)
			e.writeIndicator("}", false, false, false)
			return
		}
		e.mapping(t)
	case []any:
		if len(t) == 0 {
			e.writeIndicator("[", true, true, false)
			e.writeIndicator("]", false, false, false)
			return
		}
		e.increaseIndent(false, ctx.mapping && !e.indention)
		for _, item := range t {
			e.writeIndent()
			e.writeIndicator("-", true, false, true)
			e.node(item, nodeContext{})
		}
		e.popIndent()
	case nil, bool, int64, float64, string, *big.Int:
		e.increaseIndent(true, false)
		e.scalar(v, ctx)
		e.popIndent()
	case Timestamp:
		e.increaseIndent(true, false)
		e.writePlain(t.YAMLTimestamp(), !ctx.simpleKey, ctx.root)
		e.popIndent()
	case data.Foreign:
		e.node(t.JSONValue(), ctx)
	default:
		if n := data.Normalize(v); inModel(n) {
			e.node(n, ctx)
			return
		}
		e.node(data.Str(v), ctx)
	}
}

func inModel(v any) bool {
	switch v.(type) {
	case nil, bool, int64, float64, string, []any, *data.Map, *big.Int:
		return true
	}
	return false
}

func (e *emitter) mapping(m *data.Map) {
	keys := m.Keys()
	values := e.keyValues(keys)
	if e.sortKeys && values == nil && !sort.StringsAreSorted(keys) {
		keys = append([]string(nil), keys...)
		sort.Strings(keys) // byte order of UTF-8 is code-point order, as Python sorts
	}
	if e.sortKeys && values != nil {
		keys = sortTypedKeys(keys, values)
	}
	e.increaseIndent(false, false)
	for _, k := range keys {
		e.writeIndent()
		if kv, ok := values[k]; ok {
			if _, isStr := kv.(string); !isStr {
				e.node(kv, nodeContext{mapping: true, simpleKey: true})
				e.writeIndicator(":", false, false, false)
				e.node(m.Value(k), nodeContext{mapping: true})
				continue
			}
		}
		if simpleKey(k) {
			e.node(k, nodeContext{mapping: true, simpleKey: true})
			e.writeIndicator(":", false, false, false)
		} else {
			// An empty, multi-line or long key is an explicit entry.
			e.writeIndicator("?", true, false, true)
			e.node(k, nodeContext{mapping: true})
			e.writeIndent()
			e.writeIndicator(":", true, false, true)
		}
		e.node(m.Value(k), nodeContext{mapping: true})
	}
	e.popIndent()
}

// keyValues maps the keys that stand for other values than themselves to
// those values; nil when every key is its own string.
func (e *emitter) keyValues(keys []string) map[string]any {
	if e.keyValue == nil {
		return nil
	}
	var values map[string]any
	for _, k := range keys {
		v := e.keyValue(k)
		if s, ok := v.(string); ok && s == k {
			continue
		}
		if values == nil {
			values = map[string]any{}
		}
		values[k] = v
	}
	return values
}

// sortTypedKeys is sorted() over keys some of which are numbers, booleans
// or null: numbers and booleans sort by value; strings mixed with them, or
// a null among several keys, make Python's sort fail, which PyYAML ignores
// by keeping the map's order.
func sortTypedKeys(keys []string, values map[string]any) []string {
	nums := make(map[string]float64, len(keys))
	for _, k := range keys {
		f, ok := pyNumber(values[k])
		if !ok {
			return keys
		}
		nums[k] = f
	}
	out := append([]string(nil), keys...)
	sort.SliceStable(out, func(i, j int) bool { return nums[out[i]] < nums[out[j]] })
	return out
}

// simpleKey is PyYAML's check_simple_key for a string key.
func simpleKey(k string) bool {
	if k == "" || runeCount(k) >= maxSimpleKey {
		return false
	}
	for _, r := range k {
		if isBreak(r) {
			return false
		}
	}
	return true
}

func (e *emitter) scalar(v any, ctx nodeContext) {
	text, isString := represent(v)
	split := !ctx.simpleKey
	if !isString {
		e.writePlain(text, split, ctx.root)
		return
	}
	a := analyzeScalar(text)
	switch {
	case resolve(text) == tagStr && !(ctx.simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain:
		e.writePlain(text, split, ctx.root)
	case a.allowSingleQuoted && !(ctx.simpleKey && a.multiline):
		e.writeSingleQuoted(text, split)
	default:
		e.writeDoubleQuoted(text, split)
	}
}

// represent is PyYAML's SafeRepresenter for a scalar: its text, and whether
// it is a str, whose style depends on its content (other scalars are
// always plain).
func represent(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case nil:
		return "null", false
	case bool:
		return strconv.FormatBool(t), false
	case int64:
		return strconv.FormatInt(t, 10), false
	case *big.Int:
		return t.String(), false
	case float64:
		switch {
		case math.IsNaN(t):
			return ".nan", false
		case math.IsInf(t, 1):
			return ".inf", false
		case math.IsInf(t, -1):
			return "-.inf", false
		}
		// repr(), lower-cased, with ".0" added to an exponent form
		// without a dot so that it still reads back as a float.
		s := strings.ToLower(data.FloatRepr(t))
		if !strings.Contains(s, ".") && strings.Contains(s, "e") {
			s = strings.Replace(s, "e", ".0e", 1)
		}
		return s, false
	}
	return data.Str(v), true
}

func (e *emitter) write(s string) {
	e.b.WriteString(s)
	e.column += runeCount(s)
}

func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return len([]rune(s))
		}
	}
	return len(s)
}

func (e *emitter) writeIndicator(ind string, needWhitespace, whitespace, indention bool) {
	if !e.whitespace && needWhitespace {
		e.b.WriteByte(' ')
		e.column++
	}
	e.whitespace = whitespace
	e.indention = e.indention && indention
	e.openEnded = false
	e.write(ind)
}

func (e *emitter) writeIndent() {
	indent := max(e.indent, 0)
	if !e.indention || e.column > indent || e.column == indent && !e.whitespace {
		e.writeLineBreak("\n")
	}
	if e.column < indent {
		e.whitespace = true
		e.write(strings.Repeat(" ", indent-e.column))
	}
}

func (e *emitter) writeLineBreak(br string) {
	e.whitespace = true
	e.indention = true
	e.b.WriteString(br)
	e.column = 0
}

// writeBreaks writes a run of line breaks inside a scalar; a leading "\n"
// is doubled because a single one would fold into a space.
func (e *emitter) writeBreaks(rs []rune) {
	if rs[0] == '\n' {
		e.writeLineBreak("\n")
	}
	for _, br := range rs {
		e.writeLineBreak(string(br))
	}
	e.writeIndent()
}

// writePlain writes a plain scalar, folding at a single space once past
// the width. In block context a plain scalar never holds a line break
// (analyzeScalar rules it out), so spaces are all there is to fold at.
func (e *emitter) writePlain(text string, split, root bool) {
	if root {
		e.openEnded = true
	}
	if text == "" {
		return
	}
	if !e.whitespace {
		e.write(" ")
	}
	e.whitespace, e.indention = false, false
	for text != "" {
		i := strings.IndexByte(text, ' ')
		if i < 0 {
			e.write(text)
			return
		}
		e.write(text[:i])
		text = text[i:]
		n := len(text) - len(strings.TrimLeft(text, " "))
		if n == 1 && e.column > bestWidth && split {
			e.writeIndent()
			e.whitespace, e.indention = false, false
		} else {
			e.write(text[:n])
		}
		text = text[n:]
	}
}

func (e *emitter) writeSingleQuoted(text string, split bool) {
	e.writeIndicator("'", true, false, false)
	rs := []rune(text)
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(rs); end++ {
		ch, more := rune(0), end < len(rs)
		if more {
			ch = rs[end]
		}
		switch {
		case spaces:
			if !more || ch != ' ' {
				if start+1 == end && e.column > bestWidth && split && start != 0 && end != len(rs) {
					e.writeIndent()
				} else {
					e.write(string(rs[start:end]))
				}
				start = end
			}
		case breaks:
			if !more || !isBreak(ch) {
				e.writeBreaks(rs[start:end])
				start = end
			}
		default:
			if (!more || ch == ' ' || isBreak(ch) || ch == '\'') && start < end {
				e.write(string(rs[start:end]))
				start = end
			}
		}
		if more && ch == '\'' {
			e.write("''")
			start = end + 1
		}
		if more {
			spaces, breaks = ch == ' ', isBreak(ch)
		}
	}
	e.writeIndicator("'", false, false, false)
}

// doubleEscapes are PyYAML's ESCAPE_REPLACEMENTS.
var doubleEscapes = map[rune]string{
	0: `\0`, 0x07: `\a`, 0x08: `\b`, 0x09: `\t`, 0x0a: `\n`, 0x0b: `\v`, 0x0c: `\f`, 0x0d: `\r`, 0x1b: `\e`,
	'"': `\"`, '\\': `\\`, 0x85: `\N`, 0xa0: `\_`, 0x2028: `\L`, 0x2029: `\P`,
}

const hexDigits = "0123456789ABCDEF"

// escape is the double-quoted form of a character that cannot be written
// as itself: \xXX, \uXXXX or \UXXXXXXXX unless it has a short escape.
func escape(ch rune) string {
	if s, ok := doubleEscapes[ch]; ok {
		return s
	}
	var prefix string
	var digits int
	switch {
	case ch <= 0xff:
		prefix, digits = `\x`, 2
	case ch <= 0xffff:
		prefix, digits = `\u`, 4
	default:
		prefix, digits = `\U`, 8
	}
	b := make([]byte, digits)
	for i := digits - 1; i >= 0; i-- {
		b[i] = hexDigits[ch&0xf]
		ch >>= 4
	}
	return prefix + string(b)
}

func (e *emitter) writeDoubleQuoted(text string, split bool) {
	e.writeIndicator("\"", true, false, false)
	rs := []rune(text)
	start := 0
	for end := 0; end <= len(rs); end++ {
		ch, more := rune(0), end < len(rs)
		if more {
			ch = rs[end]
		}
		if !more || ch == '"' || ch == '\\' || !(ch >= 0x20 && ch <= 0x7e) {
			if start < end {
				e.write(string(rs[start:end]))
				start = end
			}
			if more {
				e.write(escape(ch))
				start = end + 1
			}
		}
		if 0 < end && end < len(rs)-1 && (ch == ' ' || start >= end) && e.column+(end-start) > bestWidth && split {
			if start < end { // start is past end right after an escape
				e.write(string(rs[start:end]))
				start = end
			}
			e.write("\\")
			e.writeIndent()
			e.whitespace, e.indention = false, false
			if rs[start] == ' ' {
				e.write("\\")
			}
		}
	}
	e.writeIndicator("\"", false, false, false)
}
