package pyyaml

import "github.com/tramontane/tramontane/engine/data"

// eventKind is a PyYAML parser event class.
type eventKind int

const (
	eStreamStart eventKind = iota
	eStreamEnd
	eDocumentStart
	eDocumentEnd
	eAlias
	eScalar
	eSequenceStart
	eSequenceEnd
	eMappingStart
	eMappingEnd
)

// event is a parser event.
type event struct {
	kind     eventKind
	start    mark
	anchor   string // the anchor of a node, the name of an alias
	tag      string // the full tag; "" when none is written
	value    string // a scalar's text
	implicit bool   // a scalar's type is resolved from its text (plain, or tagged "!")
	style    byte   // a scalar's quotes or block indicator, 0 when plain
}

// parser is PyYAML's Parser: a state machine pulling tokens from the
// scanner, one event per call of its state.
type parser struct {
	s          *scanner
	current    event
	peeked     bool
	state      parseState
	states     []parseState
	marks      []mark
	tagHandles map[string]string // handle -> prefix
}

// parseState is the parser method that produces the next event.
type parseState int

const (
	stStreamStart parseState = iota
	stImplicitDocumentStart
	stDocumentStart
	stDocumentEnd
	stDocumentContent
	stBlockNode
	stBlockSequenceFirstEntry
	stBlockSequenceEntry
	stIndentlessSequenceEntry
	stBlockMappingFirstKey
	stBlockMappingKey
	stBlockMappingValue
	stFlowSequenceFirstEntry
	stFlowSequenceNextEntry
	stFlowSequenceEntryMappingKey
	stFlowSequenceEntryMappingValue
	stFlowSequenceEntryMappingEnd
	stFlowMappingFirstKey
	stFlowMappingNextKey
	stFlowMappingValue
	stFlowMappingEmptyValue
	stEnd
)

// next runs the current state.
func (p *parser) next() event {
	switch p.state {
	case stStreamStart:
		return p.parseStreamStart()
	case stImplicitDocumentStart:
		return p.parseImplicitDocumentStart()
	case stDocumentStart:
		return p.parseDocumentStart()
	case stDocumentEnd:
		return p.parseDocumentEnd()
	case stDocumentContent:
		return p.parseDocumentContent()
	case stBlockNode:
		return p.parseBlockNode()
	case stBlockSequenceFirstEntry:
		return p.parseBlockSequenceFirstEntry()
	case stBlockSequenceEntry:
		return p.parseBlockSequenceEntry()
	case stIndentlessSequenceEntry:
		return p.parseIndentlessSequenceEntry()
	case stBlockMappingFirstKey:
		return p.parseBlockMappingFirstKey()
	case stBlockMappingKey:
		return p.parseBlockMappingKey()
	case stBlockMappingValue:
		return p.parseBlockMappingValue()
	case stFlowSequenceFirstEntry:
		return p.parseFlowSequenceFirstEntry()
	case stFlowSequenceNextEntry:
		return p.parseFlowSequenceNextEntry()
	case stFlowSequenceEntryMappingKey:
		return p.parseFlowSequenceEntryMappingKey()
	case stFlowSequenceEntryMappingValue:
		return p.parseFlowSequenceEntryMappingValue()
	case stFlowSequenceEntryMappingEnd:
		return p.parseFlowSequenceEntryMappingEnd()
	case stFlowMappingFirstKey:
		return p.parseFlowMappingFirstKey()
	case stFlowMappingNextKey:
		return p.parseFlowMappingNextKey()
	case stFlowMappingValue:
		return p.parseFlowMappingValue()
	case stFlowMappingEmptyValue:
		return p.parseFlowMappingEmptyValue()
	}
	panic("pyyaml: the parser ran past the end of the stream")
}

func newParser(s *scanner) *parser {
	p := &parser{s: s}
	p.state = stStreamStart
	return p
}

func (p *parser) peekEvent() event {
	if !p.peeked {
		p.current, p.peeked = p.next(), true
	}
	return p.current
}

func (p *parser) getEvent() event {
	e := p.peekEvent()
	p.peeked = false
	return e
}

func (p *parser) push(state parseState) { p.states = append(p.states, state) }

func (p *parser) pop() parseState {
	st := p.states[len(p.states)-1]
	p.states = p.states[:len(p.states)-1]
	return st
}

func (p *parser) popMark() {
	p.marks = p.marks[:len(p.marks)-1]
}

// defaultTagHandles are the handles every document has.
var defaultTagHandles = map[string]string{"!": "!", "!!": "tag:yaml.org,2002:"}

func (p *parser) parseStreamStart() event {
	t := p.s.getToken()
	p.state = stImplicitDocumentStart
	return event{kind: eStreamStart, start: t.start}
}

func (p *parser) parseImplicitDocumentStart() event {
	if p.s.checkToken(tDirective, tDocumentStart, tStreamEnd) {
		return p.parseDocumentStart()
	}
	p.tagHandles = defaultTagHandles
	t := p.s.peekToken()
	p.push(stDocumentEnd)
	p.state = stBlockNode
	return event{kind: eDocumentStart, start: t.start}
}

func (p *parser) parseDocumentStart() event {
	for p.s.checkToken(tDocumentEnd) {
		p.s.getToken()
	}
	if p.s.checkToken(tStreamEnd) {
		t := p.s.getToken()
		p.state = stEnd
		return event{kind: eStreamEnd, start: t.start}
	}
	start := p.s.peekToken().start
	p.processDirectives()
	if !p.s.checkToken(tDocumentStart) {
		t := p.s.peekToken()
		p.s.fail("", nil, "expected '<document start>', but found "+t.kind.id(), t.start)
	}
	p.s.getToken()
	p.push(stDocumentEnd)
	p.state = stDocumentContent
	return event{kind: eDocumentStart, start: start}
}

func (p *parser) parseDocumentEnd() event {
	t := p.s.peekToken()
	if p.s.checkToken(tDocumentEnd) {
		p.s.getToken()
	}
	p.state = stDocumentStart
	return event{kind: eDocumentEnd, start: t.start}
}

func (p *parser) parseDocumentContent() event {
	if p.s.checkToken(tDirective, tDocumentStart, tDocumentEnd, tStreamEnd) {
		e := p.emptyScalar(p.s.peekToken().start)
		p.state = p.pop()
		return e
	}
	return p.parseBlockNode()
}

func (p *parser) processDirectives() {
	versioned := false
	p.tagHandles = map[string]string{}
	for p.s.checkToken(tDirective) {
		t := p.s.getToken()
		switch t.name {
		case "YAML":
			if versioned {
				p.s.fail("", nil, "found duplicate YAML directive", t.start)
			}
			if t.major != 1 {
				p.s.fail("", nil, "found incompatible YAML document (version 1.* is required)", t.start)
			}
			versioned = true
		case "TAG":
			if _, ok := p.tagHandles[t.handle]; ok {
				p.s.fail("", nil, "duplicate tag handle "+data.StringRepr(t.handle), t.start)
			}
			p.tagHandles[t.handle] = t.value
		}
	}
	for h, prefix := range defaultTagHandles {
		if _, ok := p.tagHandles[h]; !ok {
			p.tagHandles[h] = prefix
		}
	}
}

func (p *parser) parseBlockNode() event { return p.parseNode(true, false) }

func (p *parser) parseFlowNode() event { return p.parseNode(false, false) }

func (p *parser) parseBlockNodeOrIndentlessSequence() event { return p.parseNode(true, true) }

func (p *parser) parseNode(block, indentlessSequence bool) event {
	if p.s.checkToken(tAlias) {
		t := p.s.getToken()
		p.state = p.pop()
		return event{kind: eAlias, start: t.start, anchor: t.name}
	}
	var anchor, tag *token
	if p.s.checkToken(tAnchor) {
		t := p.s.getToken()
		anchor = &t
		if p.s.checkToken(tTag) {
			t := p.s.getToken()
			tag = &t
		}
	} else if p.s.checkToken(tTag) {
		t := p.s.getToken()
		tag = &t
		if p.s.checkToken(tAnchor) {
			t := p.s.getToken()
			anchor = &t
		}
	}
	var start mark
	switch {
	case anchor != nil && (tag == nil || anchor.start.index < tag.start.index):
		start = anchor.start
	case tag != nil:
		start = tag.start
	default:
		start = p.s.peekToken().start
	}
	e := event{start: start}
	if tag != nil {
		e.tag = tag.value
		if tag.hasHandle {
			prefix, ok := p.tagHandles[tag.handle]
			if !ok {
				p.s.fail("while parsing a node", &start, "found undefined tag handle "+data.StringRepr(tag.handle), tag.start)
			}
			e.tag = prefix + tag.value
		}
	}
	if anchor != nil {
		e.anchor = anchor.name
	}
	switch {
	case indentlessSequence && p.s.checkToken(tBlockEntry):
		e.kind = eSequenceStart
		p.state = stIndentlessSequenceEntry
	case p.s.checkToken(tScalar):
		t := p.s.getToken()
		e.kind, e.value, e.style = eScalar, t.value, t.style
		e.implicit = t.plain && tag == nil || e.tag == "!"
		p.state = p.pop()
	case p.s.checkToken(tFlowSequenceStart):
		e.kind = eSequenceStart
		p.state = stFlowSequenceFirstEntry
	case p.s.checkToken(tFlowMappingStart):
		e.kind = eMappingStart
		p.state = stFlowMappingFirstKey
	case block && p.s.checkToken(tBlockSequenceStart):
		e.kind = eSequenceStart
		p.state = stBlockSequenceFirstEntry
	case block && p.s.checkToken(tBlockMappingStart):
		e.kind = eMappingStart
		p.state = stBlockMappingFirstKey
	case anchor != nil || tag != nil:
		e.kind = eScalar
		e.implicit = tag == nil || e.tag == "!"
		p.state = p.pop()
	default:
		node := "flow"
		if block {
			node = "block"
		}
		t := p.s.peekToken()
		p.s.fail("while parsing a "+node+" node", &start, "expected the node content, but found "+t.kind.id(), t.start)
	}
	return e
}

// nodeOrEmpty parses the node after the indicator t (an entry, a key, a
// value) and goes on with next; where the next token is one of ends there
// is no node, and it is an empty scalar at the end of t.
func (p *parser) nodeOrEmpty(t token, next parseState, block, indentless bool, ends ...tokenKind) event {
	if !p.s.checkToken(ends...) {
		p.push(next)
		return p.parseNode(block, indentless)
	}
	p.state = next
	return p.emptyScalar(t.end)
}

// valueOrEmpty is the value of a mapping entry: after a ':' indicator, or
// an empty scalar where there is none.
func (p *parser) valueOrEmpty(next parseState, block bool, ends ...tokenKind) event {
	if p.s.checkToken(tValue) {
		return p.nodeOrEmpty(p.s.getToken(), next, block, block, ends...)
	}
	p.state = next
	return p.emptyScalar(p.s.peekToken().start)
}

// collectionEnd ends a collection at its end token: the current one when
// it is of kind end, else the error context names.
func (p *parser) collectionEnd(end tokenKind, kind eventKind, context, expected string) event {
	if !p.s.checkToken(end) {
		t := p.s.peekToken()
		p.s.fail(context, &p.marks[len(p.marks)-1], expected+t.kind.id(), t.start)
	}
	t := p.s.getToken()
	p.state = p.pop()
	p.popMark()
	return event{kind: kind, start: t.start}
}

func (p *parser) parseBlockSequenceFirstEntry() event {
	p.marks = append(p.marks, p.s.getToken().start)
	return p.parseBlockSequenceEntry()
}

func (p *parser) parseBlockSequenceEntry() event {
	if p.s.checkToken(tBlockEntry) {
		return p.nodeOrEmpty(p.s.getToken(), stBlockSequenceEntry, true, false, tBlockEntry, tBlockEnd)
	}
	return p.collectionEnd(tBlockEnd, eSequenceEnd, "while parsing a block collection", "expected <block end>, but found ")
}

func (p *parser) parseIndentlessSequenceEntry() event {
	if p.s.checkToken(tBlockEntry) {
		return p.nodeOrEmpty(p.s.getToken(), stIndentlessSequenceEntry, true, false, tBlockEntry, tKey, tValue, tBlockEnd)
	}
	p.state = p.pop()
	return event{kind: eSequenceEnd, start: p.s.peekToken().start}
}

func (p *parser) parseBlockMappingFirstKey() event {
	p.marks = append(p.marks, p.s.getToken().start)
	return p.parseBlockMappingKey()
}

func (p *parser) parseBlockMappingKey() event {
	if p.s.checkToken(tKey) {
		return p.nodeOrEmpty(p.s.getToken(), stBlockMappingValue, true, true, tKey, tValue, tBlockEnd)
	}
	return p.collectionEnd(tBlockEnd, eMappingEnd, "while parsing a block mapping", "expected <block end>, but found ")
}

func (p *parser) parseBlockMappingValue() event {
	return p.valueOrEmpty(stBlockMappingKey, true, tKey, tValue, tBlockEnd)
}

func (p *parser) parseFlowSequenceFirstEntry() event {
	p.marks = append(p.marks, p.s.getToken().start)
	return p.parseFlowSequenceEntry(true)
}

func (p *parser) parseFlowSequenceNextEntry() event { return p.parseFlowSequenceEntry(false) }

func (p *parser) parseFlowSequenceEntry(first bool) event {
	if !p.s.checkToken(tFlowSequenceEnd) {
		if !first {
			if !p.s.checkToken(tFlowEntry) {
				return p.collectionEnd(tFlowSequenceEnd, eSequenceEnd, "while parsing a flow sequence", "expected ',' or ']', but got ")
			}
			p.s.getToken()
		}
		if p.s.checkToken(tKey) {
			p.state = stFlowSequenceEntryMappingKey
			return event{kind: eMappingStart, start: p.s.peekToken().start}
		}
		if !p.s.checkToken(tFlowSequenceEnd) {
			p.push(stFlowSequenceNextEntry)
			return p.parseFlowNode()
		}
	}
	return p.collectionEnd(tFlowSequenceEnd, eSequenceEnd, "", "")
}

func (p *parser) parseFlowSequenceEntryMappingKey() event {
	return p.nodeOrEmpty(p.s.getToken(), stFlowSequenceEntryMappingValue, false, false, tValue, tFlowEntry, tFlowSequenceEnd)
}

func (p *parser) parseFlowSequenceEntryMappingValue() event {
	return p.valueOrEmpty(stFlowSequenceEntryMappingEnd, false, tFlowEntry, tFlowSequenceEnd)
}

func (p *parser) parseFlowSequenceEntryMappingEnd() event {
	p.state = stFlowSequenceNextEntry
	return event{kind: eMappingEnd, start: p.s.peekToken().start}
}

func (p *parser) parseFlowMappingFirstKey() event {
	p.marks = append(p.marks, p.s.getToken().start)
	return p.parseFlowMappingKey(true)
}

func (p *parser) parseFlowMappingNextKey() event { return p.parseFlowMappingKey(false) }

func (p *parser) parseFlowMappingKey(first bool) event {
	if !p.s.checkToken(tFlowMappingEnd) {
		if !first {
			if !p.s.checkToken(tFlowEntry) {
				return p.collectionEnd(tFlowMappingEnd, eMappingEnd, "while parsing a flow mapping", "expected ',' or '}', but got ")
			}
			p.s.getToken()
		}
		if p.s.checkToken(tKey) {
			return p.nodeOrEmpty(p.s.getToken(), stFlowMappingValue, false, false, tValue, tFlowEntry, tFlowMappingEnd)
		}
		if !p.s.checkToken(tFlowMappingEnd) {
			p.push(stFlowMappingEmptyValue)
			return p.parseFlowNode()
		}
	}
	return p.collectionEnd(tFlowMappingEnd, eMappingEnd, "", "")
}

func (p *parser) parseFlowMappingValue() event {
	return p.valueOrEmpty(stFlowMappingNextKey, false, tFlowEntry, tFlowMappingEnd)
}

func (p *parser) parseFlowMappingEmptyValue() event {
	p.state = stFlowMappingNextKey
	return p.emptyScalar(p.s.peekToken().start)
}

func (p *parser) emptyScalar(at mark) event { return event{kind: eScalar, start: at, implicit: true} }
