package pyyaml

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// LoadOptions are the differences between PyYAML's safe loader and the one
// Mistral reads workflow definitions with.
type LoadOptions struct {
	// AnchorsAsText reads "&name value" and "*name" as plain text instead
	// of anchors and aliases, as mistral.utils.safe_yaml.SafeLoader does
	// to rule out alias bombs: its scanner starts a plain scalar where
	// PyYAML's would read an anchor or an alias, and it lets a plain
	// scalar start with "@".
	AnchorsAsText bool
	// NonStringKeys, when not nil, receives the mappings that have keys
	// other than strings (1, 1.5, true, null), each with those keys'
	// values by the text they are keyed by: Python keeps their type, and
	// Mistral's schema checks trip on it.
	NonStringKeys map[*data.Map]map[string]any
	// NonJSON, when not nil, receives the values Python loads as other
	// than JSON types (a date or datetime, !!binary's bytes), which this
	// package reads as text: Mistral's schema checks refuse them, and
	// they cannot be stored as JSON.
	NonJSON *NonJSON
}

// NonJSON lists where a document holds values of Python types JSON has
// not, each with its Python repr ("datetime.date(2020, 1, 1)").
type NonJSON struct {
	InMaps  map[*data.Map]map[string]string // mapping -> key -> repr
	InLists map[*any]*NonJSONItems          // a list's first item -> its items
}

// NonJSONItems are the items of one list that are no JSON type.
type NonJSONItems struct {
	List  []any
	Reprs map[int]string // index -> repr
}

// First returns the repr of one of the values, and false if there is none.
func (nj *NonJSON) First() (string, bool) {
	for _, m := range nj.InMaps {
		for _, r := range m {
			return r, true
		}
	}
	for _, l := range nj.InLists {
		for _, r := range l.Reprs {
			return r, true
		}
	}
	return "", false
}

// RetypeKeys rebuilds the mappings of v that LoadWith reported in
// nonString (LoadOptions.NonStringKeys), each such key stored as key makes
// it from its text and its value: a caller's typed form of keys.
func RetypeKeys(v any, nonString map[*data.Map]map[string]any, key func(text string, value any) string) any {
	switch t := v.(type) {
	case []any:
		for i, e := range t {
			t[i] = RetypeKeys(e, nonString, key)
		}
	case *data.Map:
		keys := nonString[t]
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			if kv, ok := keys[k]; ok {
				k = key(k, kv)
			}
			out.Set(k, RetypeKeys(e, nonString, key))
			return true
		})
		return out
	}
	return v
}

// Load reads a single YAML document as yaml.safe_load does. An empty
// stream is nil; a second document is an error.
func Load(text string) (any, error) {
	return LoadWith(text, LoadOptions{})
}

// LoadWith is Load with the given options.
func LoadWith(text string, opts LoadOptions) (any, error) {
	runes := []rune(text)
	doc, err := compose(runes, opts.AnchorsAsText)
	if err != nil || doc == nil {
		return nil, err
	}
	c := &constructor{
		opts:     opts,
		budget:   len(text) + maxAliasExpansion,
		building: map[*node]bool{},
		text:     runes,
	}
	return c.value(doc)
}

// maxAliasExpansion bounds how many values aliases may add beyond the size
// of the text: PyYAML shares an aliased object, this package copies it, and
// a few nested aliases would otherwise expand to billions of values.
const maxAliasExpansion = 1 << 20

// constructor is PyYAML's SafeConstructor over the composed node tree.
type constructor struct {
	opts     LoadOptions
	budget   int            // values still allowed
	building map[*node]bool // anchored nodes being built, to catch recursion
	text     []rune         // the document, for the marks of errors
	nonJSON  string         // the repr of the scalar just built, when not a JSON type
}

// nodeError is a ConstructorError with no context: the problem, then where
// the node starts.
func (c *constructor) nodeError(n *node, format string, args ...any) error {
	return c.markedError("", nil, fmt.Sprintf(format, args...), n)
}

// markedError prints PyYAML's MarkedYAMLError: the context and its mark
// (left out when it is the problem's), the problem and its mark.
func (c *constructor) markedError(context string, contextAt *node, problem string, problemAt *node) error {
	var lines []string
	if context != "" {
		lines = append(lines, context)
	}
	if contextAt != nil && (contextAt.line != problemAt.line || contextAt.column != problemAt.column) {
		lines = append(lines, c.mark(contextAt))
	}
	lines = append(lines, problem, c.mark(problemAt))
	return errors.New(strings.Join(lines, "\n"))
}

// mark is PyYAML's Mark of where a node starts: its line and column and,
// below, the line around it with a caret under the node (get_snippet:
// at most 75 characters, cut with " ... ").
func (c *constructor) mark(n *node) string {
	where := fmt.Sprintf("  in \"<unicode string>\", line %d, column %d", n.line, n.column)
	pointer, ok := c.pointer(n.line, n.column)
	if !ok {
		return where
	}
	return where + ":\n" + snippet(c.text, pointer)
}

// pointer is the index in the text of a 1-based line and column.
func (c *constructor) pointer(line, column int) (int, bool) {
	i := 0
	for l := 1; l < line; l++ {
		for i < len(c.text) && !endsSnippet(c.text[i]) {
			i++
		}
		if i >= len(c.text) {
			return 0, false
		}
		if c.text[i] == '\r' && i+1 < len(c.text) && c.text[i+1] == '\n' {
			i++
		}
		i++
	}
	// A byte order mark takes no column.
	for col := 1; ; col++ {
		for i < len(c.text) && c.text[i] == '\uFEFF' {
			i++
		}
		if col == column {
			break
		}
		i++
	}
	if i > len(c.text) {
		return 0, false
	}
	return i, true
}

// endsSnippet reports the characters PyYAML's snippets stop at.
func endsSnippet(r rune) bool { return r == 0 || r == '\r' || isBreak(r) }

func (c *constructor) value(n *node) (any, error) {
	c.nonJSON = ""
	c.budget--
	if c.budget < 0 {
		return nil, c.nodeError(n, "document too large after alias expansion")
	}
	switch n.kind {
	case documentNode:
		if len(n.content) == 0 {
			return nil, nil
		}
		return c.value(n.content[0])
	case aliasNode:
		if c.building[n.alias] {
			return nil, c.nodeError(n, "recursive alias *%s", n.value)
		}
		return c.value(n.alias)
	case scalarNode:
		return c.scalar(n)
	case sequenceNode:
		v, err := c.sequence(n)
		c.nonJSON = ""
		return v, err
	case mappingNode:
		v, err := c.mapping(n)
		c.nonJSON = ""
		if members, ok := v.([]any); ok && err == nil {
			c.nonJSON = setRepr(members) // !!set
		}
		return v, err
	}
	return nil, c.nodeError(n, "unsupported YAML node")
}

// explicitTag is the tag written in the document, or "" for an implicit
// one.
func explicitTag(n *node) string {
	return n.tag
}

// longTag is how PyYAML names a tag in its messages.
func longTag(t string) string {
	if rest, ok := strings.CutPrefix(t, "!!"); ok {
		return "tag:yaml.org,2002:" + rest
	}
	return t
}

func (c *constructor) scalar(n *node) (any, error) {
	t := explicitTag(n)
	if t == "" && n.style != 0 {
		return n.value, nil
	}
	var kind tag
	switch t {
	case "":
		kind = resolve(n.value)
	case "!!str", "!":
		return n.value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		kind = tagBool
	case "!!int":
		kind = tagInt
	case "!!float":
		kind = tagFloat
	case "!!timestamp":
		kind = tagTimestamp
	case "!!binary":
		if i := strings.IndexFunc(n.value, func(r rune) bool { return r > 0x7F }); i >= 0 {
			r, _ := utf8.DecodeRuneInString(n.value[i:])
			return nil, c.nodeError(n, "failed to convert base64 data into ascii: 'ascii' codec can't encode character %s in position %d: ordinal not in range(128)",
				asciiEscape(r), utf8.RuneCountInString(n.value[:i]))
		}
		b, err := decodeBase64(n.value)
		if err != nil {
			return nil, c.nodeError(n, "failed to decode base64 data: %v", err)
		}
		c.nonJSON = bytesRepr(b)
		return string(b), nil
	case "!!seq", "!!map", "!!set", "!!omap", "!!pairs":
		return nil, c.nodeError(n, "expected a %s node, but found scalar", collectionKind(t))
	default:
		return nil, c.nodeError(n, "could not determine a constructor for the tag %s", data.StringRepr(longTag(t)))
	}
	if name, ok := unconstructable[kind]; ok {
		return nil, c.nodeError(n, "could not determine a constructor for the tag %s", data.StringRepr(name))
	}
	v, err := construct(kind, n.value)
	if err != nil {
		return nil, err // Python's ValueError, with no mark
	}
	if kind == tagTimestamp {
		c.nonJSON = timestampRepr(v.(string))
	}
	return v, nil
}

func collectionKind(t string) string {
	if t == "!!map" || t == "!!set" {
		return "mapping"
	}
	return "sequence"
}

// construct builds the value of a scalar of a known type.
func construct(kind tag, s string) (any, error) {
	switch kind {
	case tagNull:
		return nil, nil
	case tagBool:
		return constructBool(s)
	case tagInt:
		return constructInt(s)
	case tagFloat:
		return constructFloat(s)
	case tagTimestamp:
		return constructTimestamp(s)
	}
	return s, nil
}

// unconstructable are the tags PyYAML resolves plain scalars to but has no
// constructor for.
var unconstructable = map[tag]string{
	tagMerge: "tag:yaml.org,2002:merge",
	tagValue: "tag:yaml.org,2002:value",
	tagYAML:  "tag:yaml.org,2002:yaml",
}

func (c *constructor) enter(n *node) func() {
	if n.anchor == "" {
		return func() {}
	}
	c.building[n] = true
	return func() { delete(c.building, n) }
}

func (c *constructor) sequence(n *node) (any, error) {
	defer c.enter(n)()
	switch t := explicitTag(n); t {
	case "", "!!seq", "!":
	case "!!omap", "!!pairs":
		return c.pairs(n)
	case "!!str", "!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!binary":
		return nil, c.nodeError(n, "expected a scalar node, but found sequence")
	case "!!map", "!!set":
		return nil, c.nodeError(n, "expected a mapping node, but found sequence")
	default:
		return nil, c.nodeError(n, "could not determine a constructor for the tag %s", data.StringRepr(longTag(t)))
	}
	l := make([]any, len(n.content))
	for i, item := range n.content {
		v, err := c.value(item)
		if err != nil {
			return nil, err
		}
		l[i] = v
		if c.nonJSON != "" && c.opts.NonJSON != nil {
			in := c.opts.NonJSON.InLists
			if in[&l[0]] == nil {
				in[&l[0]] = &NonJSONItems{List: l, Reprs: map[int]string{}}
			}
			in[&l[0]].Reprs[i] = c.nonJSON
		}
	}
	return l, nil
}

// pairs builds !!omap and !!pairs: a sequence of one-entry mappings read
// as a list of [key, value] lists (Python's list of tuples).
func (c *constructor) pairs(n *node) (any, error) {
	l := make([]any, 0, len(n.content))
	for _, item := range n.content {
		item = deref(item)
		if item.kind != mappingNode || len(item.content) != 2 {
			return nil, c.nodeError(item, "expected a single mapping item, but found %s", kindName(item))
		}
		k, err := c.value(item.content[0])
		if err != nil {
			return nil, err
		}
		v, err := c.value(item.content[1])
		if err != nil {
			return nil, err
		}
		l = append(l, []any{k, v})
	}
	return l, nil
}

func deref(n *node) *node {
	for n.kind == aliasNode && n.alias != nil {
		n = n.alias
	}
	return n
}

// kindName is how PyYAML's messages name a node's kind.
func kindName(n *node) string {
	switch n.kind {
	case mappingNode:
		return "mapping"
	case sequenceNode:
		return "sequence"
	}
	return "scalar"
}

func (c *constructor) mapping(n *node) (any, error) {
	defer c.enter(n)()
	set := false
	switch t := explicitTag(n); t {
	case "", "!!map", "!":
	case "!!set":
		set = true
	case "!!omap", "!!pairs", "!!seq":
		return nil, c.nodeError(n, "expected a sequence node, but found mapping")
	case "!!str", "!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!binary":
		return nil, c.nodeError(n, "expected a scalar node, but found mapping")
	default:
		return nil, c.nodeError(n, "could not determine a constructor for the tag %s", data.StringRepr(longTag(t)))
	}
	pairs, err := c.flatten(n)
	if err != nil {
		return nil, err
	}
	m := data.NewMap(len(pairs))
	var numbers map[float64]string // Python's dict takes 1, 1.0 and True for one key
	for _, p := range pairs {
		k, kv, err := c.key(n, p.key)
		if err != nil {
			return nil, err
		}
		if f, ok := pyNumber(kv); ok {
			if first, seen := numbers[f]; seen {
				k = first
			} else {
				if numbers == nil {
					numbers = map[float64]string{}
				}
				numbers[f] = k
			}
		}
		if set {
			m.Set(k, nil)
			continue
		}
		v, err := c.value(p.value)
		if err != nil {
			return nil, err
		}
		m.Set(k, v) // a repeated key keeps its first position, the last value wins
		if c.opts.NonJSON != nil {
			in := c.opts.NonJSON.InMaps
			switch {
			case c.nonJSON != "":
				if in[m] == nil {
					in[m] = map[string]string{}
				}
				in[m][k] = c.nonJSON
			case in[m] != nil:
				delete(in[m], k) // the last value wins
			}
		}
		if _, ok := kv.(string); !ok && c.opts.NonStringKeys != nil {
			keys := c.opts.NonStringKeys[m]
			if keys == nil {
				keys = map[string]any{}
				c.opts.NonStringKeys[m] = keys
			}
			if _, seen := keys[k]; !seen {
				keys[k] = kv // True after 1 keeps the key 1, as in a Python dict
			}
		}
	}
	if set {
		keys := make([]any, 0, m.Len())
		for _, k := range m.Keys() {
			keys = append(keys, k)
		}
		return keys, nil
	}
	return m, nil
}

type pair struct{ key, value *node }

// isMergeKey reports a "<<" key, which merges other mappings in.
func isMergeKey(n *node) bool {
	if n.kind != scalarNode {
		return false
	}
	if t := explicitTag(n); t != "" {
		return t == "!!merge"
	}
	return n.style == 0 &&
		n.value == "<<"
}

// flatten is SafeConstructor.flatten_mapping: the entries of the mappings
// named by "<<" keys come first (for a list of them, later mappings first,
// so that earlier ones win), then the mapping's own entries.
func (c *constructor) flatten(n *node) ([]pair, error) {
	var merged, own []pair
	for i := 0; i+1 < len(n.content); i += 2 {
		k, v := n.content[i], n.content[i+1]
		if !isMergeKey(k) {
			own = append(own, pair{k, v})
			continue
		}
		switch src := deref(v); src.kind {
		case mappingNode:
			p, err := c.flattenChild(src)
			if err != nil {
				return nil, err
			}
			merged = append(merged, p...)
		case sequenceNode:
			for j := len(src.content) - 1; j >= 0; j-- {
				sub := deref(src.content[j])
				if sub.kind != mappingNode {
					return nil, c.markedError("while constructing a mapping", n, "expected a mapping for merging, but found "+kindName(sub), sub)
				}
				p, err := c.flattenChild(sub)
				if err != nil {
					return nil, err
				}
				merged = append(merged, p...)
			}
		default:
			return nil, c.markedError("while constructing a mapping", n, "expected a mapping or list of mappings for merging, but found "+kindName(src), v)
		}
	}
	if merged == nil {
		return own, nil
	}
	return append(merged, own...), nil
}

func (c *constructor) flattenChild(n *node) ([]pair, error) {
	if c.building[n] {
		return nil, c.nodeError(n, "recursive merge")
	}
	defer c.enter(n)()
	c.budget -= len(n.content) / 2
	if c.budget < 0 {
		return nil, c.nodeError(n, "document too large after alias expansion")
	}
	return c.flatten(n)
}

// key builds a mapping key, returning its text and its value. Python keeps
// 1, True or None as keys, but they become JSON object keys as soon as
// Mistral stores the value, so their text is what json.dumps writes.
func (c *constructor) key(mapping, n *node) (string, any, error) {
	if d := deref(n); d.kind != scalarNode {
		return "", nil, c.markedError("while constructing a mapping", mapping, "found unhashable key", n)
	}
	if n.kind == scalarNode && explicitTag(n) == "" && n.style == 0 && n.value == "=" {
		return "=", "=", nil // flatten_mapping makes a "=" key a string
	}
	v, err := c.value(n)
	if err != nil {
		return "", nil, err
	}
	switch t := v.(type) {
	case string:
		return t, v, nil
	case nil:
		return "null", v, nil
	case bool:
		return strconv.FormatBool(t), v, nil
	case int64:
		return strconv.FormatInt(t, 10), v, nil
	}
	b, err := data.Encode(v)
	if err != nil {
		return "", nil, c.nodeError(n, "invalid mapping key: %v", err)
	}
	return string(b), v, nil
}

// pyNumber is the number a bool, int or float key hashes as in Python.
func pyNumber(v any) (float64, bool) {
	switch t := v.(type) {
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	case int64:
		return float64(t), true
	case *big.Int:
		return data.IntFloat(t)
	case float64:
		return t, true
	}
	return 0, false
}
