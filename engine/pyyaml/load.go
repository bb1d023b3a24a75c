package pyyaml

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

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
	// JSONOnly rejects the values that Mistral cannot store as JSON:
	// timestamps, !!binary and !!set, unless a later duplicate key drops
	// them. Its definition loader keeps them as Python objects, which its
	// DSL schema rejects (400) or its database layer fails to serialise
	// (500).
	JSONOnly bool
}

// NonJSONError is a value JSONOnly rejects.
type NonJSONError struct {
	Line, Column int
	Kind         string // "timestamp", "binary" or "set"
	Text         string // the value as written
}

func (e *NonJSONError) Error() string {
	return fmt.Sprintf("line %d, column %d: a YAML %s (%s) is not a JSON value", e.Line, e.Column, e.Kind, e.Text)
}

// The indicators Mistral's definition loader reads as text, and the
// private-use runes that stand for them while yaml.v3 parses the text (a
// plain scalar may start with those). Every scalar gets its indicators
// back: the runes only stand where the indicators were, so putting them
// back is exact. A text that already holds one of the runes is parsed as
// it is.
var (
	hideIndicators    = strings.NewReplacer("&", "\ue000", "*", "\ue001", "@", "\ue002")
	restoreIndicators = strings.NewReplacer("\ue000", "&", "\ue001", "*", "\ue002", "@")
)

const indicatorRunes = "\ue000\ue001\ue002"

// restoreScalars puts the hidden indicators back in every scalar of a
// node tree.
func restoreScalars(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Value = restoreIndicators.Replace(n.Value)
	}
	for _, c := range n.Content {
		restoreScalars(c)
	}
}

// Load reads a single YAML document as yaml.safe_load does. An empty
// stream is nil; a second document is an error.
func Load(text string) (any, error) {
	return LoadWith(text, LoadOptions{})
}

// LoadWith is Load with the given options.
func LoadWith(text string, opts LoadOptions) (any, error) {
	hidden := opts.AnchorsAsText && !strings.ContainsAny(text, indicatorRunes)
	if hidden {
		text = hideIndicators.Replace(text)
	}
	slashes := strings.Contains(text, "\\/") && !strings.Contains(text, slashEscape) && !strings.ContainsRune(text, slashRune)
	if slashes {
		text = hideSlashEscapes(text)
	}
	doc, err := decodeSingle(text)
	if strings.ContainsRune(text, '\t') && !strings.ContainsRune(text, tabRune) {
		tabbed, tabErr := decodeSingle(strings.ReplaceAll(text, "\t", string(tabRune)))
		if tabErr != nil {
			return nil, errors.New(tabMessage)
		}
		if n := plainWithRune(tabbed, tabRune); n != nil {
			return nil, nodeError(n, tabMessage)
		}
		if err != nil {
			// yaml.v3 refuses a tab that PyYAML takes, such as one
			// starting a line of a block scalar's content.
			restoreTabs(tabbed)
			doc, err = tabbed, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, nil
	}
	if strings.Contains(text, "#") {
		if err := checkBlockHeaders(doc, strings.Split(text, "\n")); err != nil {
			return nil, err
		}
	}
	if hidden {
		restoreScalars(doc)
	}
	if slashes {
		restoreSlashEscapes(doc)
	}
	c := &constructor{
		opts:     opts,
		budget:   len(text) + maxAliasExpansion,
		building: map[*yaml.Node]bool{},
	}
	v, err := c.value(doc)
	if err != nil {
		return nil, err
	}
	if nonJSON := findNonJSON(v); nonJSON != nil {
		return nil, nonJSON
	}
	return v, nil
}

// findNonJSON finds a value JSONOnly rejects. The constructor leaves it in
// place of the value, as PyYAML leaves the Python object, so that a later
// duplicate key can still replace it.
func findNonJSON(v any) *NonJSONError {
	switch t := v.(type) {
	case *NonJSONError:
		return t
	case []any:
		for _, e := range t {
			if found := findNonJSON(e); found != nil {
				return found
			}
		}
	case *data.Map:
		var found *NonJSONError
		t.Range(func(_ string, e any) bool {
			found = findNonJSON(e)
			return found == nil
		})
		return found
	}
	return nil
}

// decodeSingle parses a stream of at most one document; an empty stream
// is nil.
func decodeSingle(text string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err == nil {
			return nil, errors.New("expected a single document in the stream, but found another document")
		}
		return nil, yamlError(err)
	}
	return &doc, nil
}

// maxAliasExpansion bounds how many values aliases may add beyond the size
// of the text: PyYAML shares an aliased object, this package copies it, and
// a few nested aliases would otherwise expand to billions of values.
const maxAliasExpansion = 1 << 20

// PyYAML reads the escape \/ of a double-quoted scalar as "/" (as JSON
// does); yaml.v3 refuses it. Before parsing, every \/ pair becomes the
// escape of a private-use rune, which a double-quoted scalar decodes to
// that rune and any other scalar keeps as text; both are put back
// afterwards. A text that already holds either form is parsed as it is.
const (
	slashRune   = '\ue003'
	slashEscape = `\ue003`
)

// hideSlashEscapes replaces each \/ pair, reading backslashes in pairs
// so that \\/ (an escaped backslash, then "/") stays.
func hideSlashEscapes(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' || i+1 == len(text) {
			b.WriteByte(text[i])
			continue
		}
		if text[i+1] == '/' {
			b.WriteString(slashEscape)
		} else {
			b.WriteByte(text[i])
			b.WriteByte(text[i+1])
		}
		i++
	}
	return b.String()
}

// restoreSlashEscapes undoes hideSlashEscapes in every scalar of a node
// tree: a double-quoted scalar decoded the escape to "/", the others keep
// the two characters \/.
func restoreSlashEscapes(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		if n.Style&yaml.DoubleQuotedStyle != 0 {
			n.Value = strings.ReplaceAll(n.Value, string(slashRune), "/")
		} else {
			n.Value = strings.ReplaceAll(n.Value, slashEscape, `\/`)
		}
	}
	for _, c := range n.Content {
		restoreSlashEscapes(c)
	}
}

// PyYAML's scanner skips only spaces between tokens and ends a plain
// scalar at a tab, so a tab is an error anywhere but inside a quoted
// scalar, the content of a block scalar, or a comment; yaml.v3 takes it for
// white space. A text with tabs is parsed again with every tab turned into
// a private-use rune: where PyYAML refuses the tab, that parse fails or
// leaves the rune in a plain scalar.
const (
	tabRune    = '\ue004'
	tabMessage = "while scanning for the next token: found character '\\t' that cannot start any token"
)

// restoreTabs puts the tabs back in every scalar of a node tree.
func restoreTabs(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Value = strings.ReplaceAll(n.Value, string(tabRune), "\t")
	}
	for _, c := range n.Content {
		restoreTabs(c)
	}
}

// checkBlockHeaders finds a block scalar whose header runs into a comment
// ("|#"): PyYAML wants white space before it, yaml.v3 does not.
func checkBlockHeaders(n *yaml.Node, lines []string) error {
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && n.Line >= 1 && n.Line <= len(lines) {
		line := []rune(lines[n.Line-1])
		i := max(n.Column-1, 0)
		for i < len(line) && line[i] != '|' && line[i] != '>' {
			i++ // a tag or an anchor before the indicator
		}
		for i++; i < len(line) && strings.ContainsRune("+-0123456789", line[i]); i++ {
		}
		if i < len(line) && line[i] == '#' {
			return nodeError(n, "while scanning a block scalar: expected a comment or a line break, but found '#'")
		}
	}
	for _, c := range n.Content {
		if err := checkBlockHeaders(c, lines); err != nil {
			return err
		}
	}
	return nil
}

// plainWithRune finds a plain scalar (or tag) holding r.
func plainWithRune(n *yaml.Node, r rune) *yaml.Node {
	if n == nil {
		return nil
	}
	quoted := yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle
	if n.Kind == yaml.ScalarNode && n.Style&quoted == 0 && strings.ContainsRune(n.Value, r) {
		return n
	}
	if strings.ContainsRune(n.Tag, r) || strings.ContainsRune(n.Anchor, r) {
		return n
	}
	for _, c := range n.Content {
		if found := plainWithRune(c, r); found != nil {
			return found
		}
	}
	return nil
}

func yamlError(err error) error {
	return errors.New(restoreIndicators.Replace(strings.TrimPrefix(err.Error(), "yaml: ")))
}

// constructor is PyYAML's SafeConstructor over yaml.v3's node tree.
type constructor struct {
	opts     LoadOptions
	budget   int                 // values still allowed
	building map[*yaml.Node]bool // anchored nodes being built, to catch recursion
}

func nodeError(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("line %d, column %d: %s", n.Line, n.Column, fmt.Sprintf(format, args...))
}

func (c *constructor) value(n *yaml.Node) (any, error) {
	c.budget--
	if c.budget < 0 {
		return nil, nodeError(n, "document too large after alias expansion")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0])
	case yaml.AliasNode:
		if c.opts.AnchorsAsText {
			return "*" + n.Value, nil
		}
		if c.building[n.Alias] {
			return nil, nodeError(n, "recursive alias *%s", n.Value)
		}
		return c.value(n.Alias)
	case yaml.ScalarNode:
		if c.opts.AnchorsAsText && n.Anchor != "" {
			return strings.TrimSpace("&" + n.Anchor + " " + n.Value), nil
		}
		return c.scalar(n)
	case yaml.SequenceNode:
		return c.sequence(n)
	case yaml.MappingNode:
		return c.mapping(n)
	}
	return nil, nodeError(n, "unsupported YAML node")
}

// explicitTag is the tag written in the document, or "" for an implicit
// one.
func explicitTag(n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle == 0 {
		return ""
	}
	return n.Tag
}

// longTag is how PyYAML names a tag in its messages.
func longTag(t string) string {
	if rest, ok := strings.CutPrefix(t, "!!"); ok {
		return "tag:yaml.org,2002:" + rest
	}
	return t
}

func (c *constructor) scalar(n *yaml.Node) (any, error) {
	t := explicitTag(n)
	if t == "" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return n.Value, nil
	}
	var kind tag
	switch t {
	case "":
		kind = resolve(n.Value)
	case "!!str", "!":
		return n.Value, nil
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
		if c.opts.JSONOnly {
			return &NonJSONError{Line: n.Line, Column: n.Column, Kind: "binary", Text: n.Value}, nil
		}
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.Value), ""))
		if err != nil {
			return nil, nodeError(n, "failed to decode base64 data: %v", err)
		}
		return string(b), nil
	case "!!seq", "!!map", "!!set", "!!omap", "!!pairs":
		return nil, nodeError(n, "expected a %s node, but found scalar", collectionKind(t))
	default:
		return nil, nodeError(n, "could not determine a constructor for the tag '%s'", longTag(t))
	}
	if kind == tagTimestamp && c.opts.JSONOnly {
		return &NonJSONError{Line: n.Line, Column: n.Column, Kind: "timestamp", Text: n.Value}, nil
	}
	v, err := construct(kind, n.Value)
	if err != nil {
		return nil, nodeError(n, "%v", err)
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
	case tagMerge:
		return nil, errors.New("could not determine a constructor for the tag 'tag:yaml.org,2002:merge'")
	case tagValue:
		return nil, errors.New("could not determine a constructor for the tag 'tag:yaml.org,2002:value'")
	case tagYAML:
		return nil, errors.New("could not determine a constructor for the tag 'tag:yaml.org,2002:yaml'")
	}
	return s, nil
}

func (c *constructor) enter(n *yaml.Node) func() {
	if n.Anchor == "" || c.opts.AnchorsAsText {
		return func() {}
	}
	c.building[n] = true
	return func() { delete(c.building, n) }
}

func (c *constructor) sequence(n *yaml.Node) (any, error) {
	defer c.enter(n)()
	switch t := explicitTag(n); t {
	case "", "!!seq", "!":
	case "!!omap", "!!pairs":
		return c.pairs(n)
	case "!!str", "!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!binary":
		return nil, nodeError(n, "expected a scalar node, but found sequence")
	case "!!map", "!!set":
		return nil, nodeError(n, "expected a mapping node, but found sequence")
	default:
		return nil, nodeError(n, "could not determine a constructor for the tag '%s'", longTag(t))
	}
	l := make([]any, len(n.Content))
	for i, item := range n.Content {
		v, err := c.value(item)
		if err != nil {
			return nil, err
		}
		l[i] = v
	}
	return l, nil
}

// pairs builds !!omap and !!pairs: a sequence of one-entry mappings read
// as a list of [key, value] lists (Python's list of tuples).
func (c *constructor) pairs(n *yaml.Node) (any, error) {
	l := make([]any, 0, len(n.Content))
	for _, item := range n.Content {
		item = deref(item)
		if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
			return nil, nodeError(item, "expected a single mapping item, but found %s", nodeKind(item))
		}
		k, err := c.value(item.Content[0])
		if err != nil {
			return nil, err
		}
		v, err := c.value(item.Content[1])
		if err != nil {
			return nil, err
		}
		l = append(l, []any{k, v})
	}
	return l, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	}
	return "scalar"
}

func (c *constructor) mapping(n *yaml.Node) (any, error) {
	defer c.enter(n)()
	set := false
	switch t := explicitTag(n); t {
	case "", "!!map", "!":
	case "!!set":
		if c.opts.JSONOnly {
			return &NonJSONError{Line: n.Line, Column: n.Column, Kind: "set", Text: "!!set"}, nil
		}
		set = true
	case "!!omap", "!!pairs", "!!seq":
		return nil, nodeError(n, "expected a sequence node, but found mapping")
	case "!!str", "!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!binary":
		return nil, nodeError(n, "expected a scalar node, but found mapping")
	default:
		return nil, nodeError(n, "could not determine a constructor for the tag '%s'", longTag(t))
	}
	pairs, err := c.flatten(n)
	if err != nil {
		return nil, err
	}
	m := data.NewMap(len(pairs))
	var numbers map[float64]string // Python's dict takes 1, 1.0 and True for one key
	for _, p := range pairs {
		k, kv, err := c.key(p.key)
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

type pair struct{ key, value *yaml.Node }

// isMergeKey reports a "<<" key, which merges other mappings in.
func isMergeKey(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if t := explicitTag(n); t != "" {
		return t == "!!merge"
	}
	return n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 &&
		n.Value == "<<"
}

// flatten is SafeConstructor.flatten_mapping: the entries of the mappings
// named by "<<" keys come first (for a list of them, later mappings first,
// so that earlier ones win), then the mapping's own entries.
func (c *constructor) flatten(n *yaml.Node) ([]pair, error) {
	var merged, own []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMergeKey(k) {
			own = append(own, pair{k, v})
			continue
		}
		if v.Kind == yaml.AliasNode && c.opts.AnchorsAsText {
			return nil, nodeError(v, "while constructing a mapping: expected a mapping or list of mappings for merging, but found scalar")
		}
		switch src := deref(v); src.Kind {
		case yaml.MappingNode:
			p, err := c.flattenChild(src)
			if err != nil {
				return nil, err
			}
			merged = append(merged, p...)
		case yaml.SequenceNode:
			for j := len(src.Content) - 1; j >= 0; j-- {
				sub := deref(src.Content[j])
				if sub.Kind != yaml.MappingNode || c.opts.AnchorsAsText && src.Content[j].Kind == yaml.AliasNode {
					return nil, nodeError(sub, "while constructing a mapping: expected a mapping for merging, but found %s", nodeKind(sub))
				}
				p, err := c.flattenChild(sub)
				if err != nil {
					return nil, err
				}
				merged = append(merged, p...)
			}
		default:
			return nil, nodeError(v, "while constructing a mapping: expected a mapping or list of mappings for merging, but found %s", nodeKind(src))
		}
	}
	if merged == nil {
		return own, nil
	}
	return append(merged, own...), nil
}

func (c *constructor) flattenChild(n *yaml.Node) ([]pair, error) {
	if c.building[n] {
		return nil, nodeError(n, "recursive merge")
	}
	defer c.enter(n)()
	c.budget -= len(n.Content) / 2
	if c.budget < 0 {
		return nil, nodeError(n, "document too large after alias expansion")
	}
	return c.flatten(n)
}

// key builds a mapping key, returning its text and its value. Python keeps
// 1, True or None as keys, but they become JSON object keys as soon as
// Mistral stores the value, so their text is what json.dumps writes.
func (c *constructor) key(n *yaml.Node) (string, any, error) {
	if d := deref(n); d.Kind != yaml.ScalarNode && !(c.opts.AnchorsAsText && n.Kind == yaml.AliasNode) {
		return "", nil, nodeError(n, "while constructing a mapping: found unhashable key")
	}
	if n.Kind == yaml.ScalarNode && explicitTag(n) == "" && n.Style == 0 && n.Value == "=" {
		return "=", "=", nil // flatten_mapping makes a "=" key a string
	}
	v, err := c.value(n)
	if err != nil {
		return "", nil, err
	}
	switch t := v.(type) {
	case *NonJSONError:
		return "", nil, t
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
		return "", nil, nodeError(n, "invalid mapping key: %v", err)
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
