package pyyaml

import (
	"fmt"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// node is a composed YAML node, as PyYAML's Composer builds it for its
// constructor.
type node struct {
	kind         nodeKind
	tag          string  // the tag written, "!!name" for YAML's own; "" when none, or "!"
	style        byte    // how a scalar is written: 0 plain (or tagged "!"), '\'', '"', '|' or '>'
	value        string  // a scalar's text; the name an alias refers to
	anchor       string  // the anchor of the node
	alias        *node   // the node an alias refers to
	content      []*node // a document's root; a sequence's items; a mapping's keys and values in turn
	line, column int     // where the node starts, from 1
}

type nodeKind int

const (
	documentNode nodeKind = iota
	scalarNode
	sequenceNode
	mappingNode
	aliasNode
)

// composer is PyYAML's Composer: it builds the node tree of a single
// document from the events, aliases pointing at their anchored nodes.
type composer struct {
	p       *parser
	anchors map[string]anchored
}

type anchored struct {
	node *node
	at   mark
}

// singleDocument is get_single_node: the document's root wrapped in a
// document node, or nil for a stream without documents.
func (c *composer) singleDocument() *node {
	c.p.getEvent() // stream start
	var doc *node
	var root mark
	if c.p.peekEvent().kind != eStreamEnd {
		c.p.getEvent() // document start
		c.anchors = map[string]anchored{}
		root = c.p.peekEvent().start
		doc = &node{kind: documentNode, content: []*node{c.node()}}
		c.p.getEvent() // document end
	}
	if c.p.peekEvent().kind != eStreamEnd {
		e := c.p.getEvent()
		c.p.s.fail("expected a single document in the stream", &root, "but found another document", e.start)
	}
	return doc
}

func (c *composer) node() *node {
	e := c.p.getEvent()
	if e.kind == eAlias {
		a, ok := c.anchors[e.anchor]
		if !ok {
			c.p.s.fail("", nil, "found undefined alias "+data.StringRepr(e.anchor), e.start)
		}
		return &node{kind: aliasNode, alias: a.node, value: e.anchor, line: e.start.line + 1, column: e.start.column + 1}
	}
	n := &node{anchor: e.anchor, line: e.start.line + 1, column: e.start.column + 1}
	if e.anchor != "" {
		if first, ok := c.anchors[e.anchor]; ok {
			c.p.s.fail(fmt.Sprintf("found duplicate anchor %s; first occurrence", data.StringRepr(e.anchor)), &first.at,
				"second occurrence", e.start)
		}
		c.anchors[e.anchor] = anchored{n, e.start}
	}
	if e.tag != "!" {
		n.tag = shortTag(e.tag)
	}
	switch e.kind {
	case eScalar:
		n.kind, n.value = scalarNode, e.value
		if !e.implicit {
			n.style = e.style
		}
	case eSequenceStart:
		n.kind = sequenceNode
		for c.p.peekEvent().kind != eSequenceEnd {
			n.content = append(n.content, c.node())
		}
		c.p.getEvent()
	case eMappingStart:
		n.kind = mappingNode
		for c.p.peekEvent().kind != eMappingEnd {
			n.content = append(n.content, c.node(), c.node())
		}
		c.p.getEvent()
	}
	return n
}

// shortTag writes a tag of YAML's own namespace as "!!name".
func shortTag(t string) string {
	if rest, ok := strings.CutPrefix(t, "tag:yaml.org,2002:"); ok {
		return "!!" + rest
	}
	return t
}

// printable is what PyYAML's Reader accepts in a document.
func printable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == '\u0085':
		return true
	case r < 0x20 || r == 0x7F:
		return false
	case r < 0xA0:
		return r < 0x7F
	}
	return r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

// compose reads text as PyYAML's safe loader reads a single document up to
// the constructor: its node tree, or the error PyYAML raises.
// anchorsAsText is Mistral's definition loader (LoadOptions).
func compose(text []rune, anchorsAsText bool) (doc *node, err error) {
	for i, r := range text {
		if !printable(r) {
			return nil, fmt.Errorf("unacceptable character #x%04x: special characters are not allowed\n  in \"<unicode string>\", position %d", r, i)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxError)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("%s", se.msg)
		}
	}()
	c := &composer{p: newParser(newScanner(text, anchorsAsText))}
	return c.singleDocument(), nil
}
