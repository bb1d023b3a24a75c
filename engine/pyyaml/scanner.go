package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// The scanner and parser below follow PyYAML 6's pure-Python ones (the
// loader Mistral uses) rule for rule, for one purpose: to refuse the
// documents PyYAML refuses, at the same token, with the same message.
// They read no values; yaml.v3 builds the document once it is known to
// be well-formed.

// mark is a position in the document: the rune index, 0-based line and
// column, as PyYAML's Mark.
type mark struct{ index, line, column int }

// tokenKind is a PyYAML token class; its name is the token's id.
type tokenKind int

const (
	tStreamStart tokenKind = iota
	tStreamEnd
	tDirective
	tDocumentStart
	tDocumentEnd
	tBlockSequenceStart
	tBlockMappingStart
	tBlockEnd
	tFlowSequenceStart
	tFlowMappingStart
	tFlowSequenceEnd
	tFlowMappingEnd
	tKey
	tValue
	tBlockEntry
	tFlowEntry
	tAlias
	tAnchor
	tTag
	tScalar
)

var tokenIDs = [...]string{
	tStreamStart: "<stream start>", tStreamEnd: "<stream end>", tDirective: "<directive>",
	tDocumentStart: "<document start>", tDocumentEnd: "<document end>",
	tBlockSequenceStart: "<block sequence start>", tBlockMappingStart: "<block mapping start>",
	tBlockEnd: "<block end>", tFlowSequenceStart: "[", tFlowMappingStart: "{",
	tFlowSequenceEnd: "]", tFlowMappingEnd: "}", tKey: "?", tValue: ":", tBlockEntry: "-",
	tFlowEntry: ",", tAlias: "<alias>", tAnchor: "<anchor>", tTag: "<tag>", tScalar: "<scalar>",
}

// id is the token's name in messages, quoted as Python's %r quotes it.
func (k tokenKind) id() string { return data.StringRepr(tokenIDs[k]) }

// token is a scanned token. Only what the parser checks is kept: the
// directive's name and YAML major version or TAG handle, a tag's handle,
// an anchor's or alias's name, whether a scalar is plain.
type token struct {
	kind       tokenKind
	start, end mark
	name       string // directive name; anchor or alias name
	major      int    // %YAML major version
	handle     string // %TAG or tag handle; "" for a verbatim tag
	hasHandle  bool
	plain      bool
}

// syntaxError is a MarkedYAMLError raised inside the scanner or parser and
// recovered by checkSyntax.
type syntaxError struct{ msg string }

// possibleKey is a place where a simple key may start.
type possibleKey struct {
	tokenNumber int
	required    bool
	index, line int
	column      int
	mark        mark
}

// scanner is PyYAML's Scanner over its Reader of a str: the whole text
// with a NUL after it.
type scanner struct {
	buf               []rune
	ptr, line, column int

	anchorsAsText bool // mistral.utils.safe_yaml: &, * and @ start plain scalars

	done           bool
	flowLevel      int
	tokens         []token // the queue: tokens[head:]
	head           int
	tokensTaken    int
	indent         int
	indents        []int
	allowSimpleKey bool
	possibleKeys   map[int]possibleKey // by flow level, which a stray ']' or '}' takes below 0
}

func newScanner(text []rune, anchorsAsText bool) *scanner {
	s := &scanner{buf: append(text, 0), anchorsAsText: anchorsAsText, indent: -1, allowSimpleKey: true,
		possibleKeys: map[int]possibleKey{}}
	m := s.mark()
	s.tokens = append(s.tokens, token{kind: tStreamStart, start: m, end: m})
	return s
}

// fail raises PyYAML's MarkedYAMLError: the context and its mark (left out
// when it is the problem's), the problem and its mark.
func (s *scanner) fail(context string, contextAt *mark, problem string, problemAt mark) {
	var lines []string
	if context != "" {
		lines = append(lines, context)
	}
	// As PyYAML, marks are the same place when their lines and columns
	// are (a byte order mark takes no column).
	if contextAt != nil && (contextAt.line != problemAt.line || contextAt.column != problemAt.column) {
		lines = append(lines, s.where(*contextAt))
	}
	lines = append(lines, problem, s.where(problemAt))
	panic(syntaxError{strings.Join(lines, "\n")})
}

// where is Mark.__str__: the line and column, then the snippet.
func (s *scanner) where(m mark) string {
	return fmt.Sprintf("  in \"<unicode string>\", line %d, column %d:\n", m.line+1, m.column+1) +
		snippet(s.buf, m.index)
}

// snippet is Mark.get_snippet: the line around index (at most 75 runes,
// cut with " ... "), and a caret under index.
func snippet(text []rune, pointer int) string {
	const indent, half = 4, 75/2.0 - 1
	head, start := "", pointer
	for start > 0 && !endsSnippet(text[start-1]) {
		start--
		if float64(pointer-start) > half {
			head = " ... "
			start += 5
			break
		}
	}
	tail, end := "", pointer
	for end < len(text) && !endsSnippet(text[end]) {
		end++
		if float64(end-pointer) > half {
			tail = " ... "
			end -= 5
			break
		}
	}
	return strings.Repeat(" ", indent) + head + string(text[start:end]) + tail + "\n" +
		strings.Repeat(" ", indent+pointer-start+len(head)) + "^"
}

// Reader.

func (s *scanner) peek(i int) rune {
	if s.ptr+i < len(s.buf) {
		return s.buf[s.ptr+i]
	}
	return 0
}

func (s *scanner) prefix(n int) string {
	end := min(s.ptr+n, len(s.buf))
	return string(s.buf[s.ptr:end])
}

func (s *scanner) forward(n int) {
	for ; n > 0 && s.ptr < len(s.buf); n-- {
		ch := s.buf[s.ptr]
		s.ptr++
		if isBreakNoCR(ch) || ch == '\r' && s.peek(0) != '\n' {
			s.line++
			s.column = 0
		} else if ch != '\uFEFF' {
			s.column++
		}
	}
}

func (s *scanner) mark() mark { return mark{s.ptr, s.line, s.column} }

// Character classes, as PyYAML's string literals.
func isBreakNoCR(r rune) bool { return r == '\n' || r == '\x85' || r == '\u2028' || r == '\u2029' }
func isLineEnd(r rune) bool   { return r == 0 || r == '\r' || isBreakNoCR(r) } // '\0\r\n\x85\u2028\u2029'
func isBlankEnd(r rune) bool  { return r == ' ' || r == '\t' || isLineEnd(r) } // '\0 \t\r\n\x85\u2028\u2029'
func isSpaceEnd(r rune) bool  { return r == ' ' || isLineEnd(r) }              // '\0 \r\n\x85\u2028\u2029'
func isAnyBreak(r rune) bool  { return r == '\r' || isBreakNoCR(r) }           // '\r\n\x85\u2028\u2029'
func isWordRune(r rune) bool  { return isAlnum(r) || r == '-' || r == '_' }    // 0-9A-Za-z-_
func isHexRune(r rune) bool   { return strings.ContainsRune("0123456789ABCDEFabcdef", r) && r != 0 }
func isAlnum(r rune) bool {
	return '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
}

// Tokens, pulled lazily as the parser asks, as PyYAML does: which error
// surfaces first depends on it.

func (s *scanner) checkToken(kinds ...tokenKind) bool {
	for s.needMoreTokens() {
		s.fetchMoreTokens()
	}
	if s.queued() == 0 {
		return false
	}
	if len(kinds) == 0 {
		return true
	}
	for _, k := range kinds {
		if s.tokens[s.head].kind == k {
			return true
		}
	}
	return false
}

// queued is how many tokens wait in the queue.
func (s *scanner) queued() int { return len(s.tokens) - s.head }

func (s *scanner) peekToken() token {
	for s.needMoreTokens() {
		s.fetchMoreTokens()
	}
	return s.tokens[s.head]
}

func (s *scanner) getToken() token {
	t := s.peekToken()
	s.tokensTaken++
	s.head++
	if s.head == len(s.tokens) {
		s.tokens, s.head = s.tokens[:0], 0
	}
	return t
}

func (s *scanner) needMoreTokens() bool {
	if s.done {
		return false
	}
	if s.queued() == 0 {
		return true
	}
	s.staleSimpleKeys()
	n, ok := s.nextPossibleSimpleKey()
	return ok && n == s.tokensTaken
}

func (s *scanner) fetchMoreTokens() {
	s.scanToNextToken()
	s.staleSimpleKeys()
	s.unwindIndent(s.column)
	ch := s.peek(0)
	switch {
	case ch == 0:
		s.fetchStreamEnd()
	case ch == '%' && s.column == 0:
		s.fetchDirective()
	case ch == '-' && s.checkDocumentIndicator("---"):
		s.fetchDocumentIndicator(tDocumentStart)
	case ch == '.' && s.checkDocumentIndicator("..."):
		s.fetchDocumentIndicator(tDocumentEnd)
	case ch == '[':
		s.fetchFlowCollectionStart(tFlowSequenceStart)
	case ch == '{':
		s.fetchFlowCollectionStart(tFlowMappingStart)
	case ch == ']':
		s.fetchFlowCollectionEnd(tFlowSequenceEnd)
	case ch == '}':
		s.fetchFlowCollectionEnd(tFlowMappingEnd)
	case ch == ',':
		s.fetchFlowEntry()
	case ch == '-' && isBlankEnd(s.peek(1)):
		s.fetchBlockEntry()
	case ch == '?' && (s.flowLevel != 0 || isBlankEnd(s.peek(1))):
		s.fetchKey()
	case ch == ':' && (s.flowLevel != 0 || isBlankEnd(s.peek(1))):
		s.fetchValue()
	case ch == '*' && !s.anchorsAsText:
		s.fetchAnchor(tAlias)
	case ch == '&' && !s.anchorsAsText:
		s.fetchAnchor(tAnchor)
	case (ch == '*' || ch == '&') && s.anchorsAsText:
		s.fetchPlain()
	case ch == '!':
		s.fetchTag()
	case ch == '|' && s.flowLevel == 0, ch == '>' && s.flowLevel == 0:
		s.fetchBlockScalar()
	case ch == '\'', ch == '"':
		s.fetchFlowScalar(ch)
	case s.checkPlain():
		s.fetchPlain()
	default:
		s.fail("while scanning for the next token", nil,
			fmt.Sprintf("found character %s that cannot start any token", data.StringRepr(string(ch))), s.mark())
	}
}

func (s *scanner) nextPossibleSimpleKey() (int, bool) {
	n, ok := 0, false
	if len(s.possibleKeys) == 0 {
		return n, ok
	}
	for _, k := range s.possibleKeys {
		if !ok || k.tokenNumber < n {
			n, ok = k.tokenNumber, true
		}
	}
	return n, ok
}

func (s *scanner) staleSimpleKeys() {
	if len(s.possibleKeys) == 0 {
		return
	}
	for level, k := range s.possibleKeys {
		if k.line != s.line || s.ptr-k.index > 1024 {
			if k.required {
				s.fail("while scanning a simple key", &k.mark, "could not find expected ':'", s.mark())
			}
			delete(s.possibleKeys, level)
		}
	}
}

func (s *scanner) saveSimpleKey() {
	required := s.flowLevel == 0 && s.indent == s.column
	if s.allowSimpleKey {
		s.removeSimpleKey()
		s.possibleKeys[s.flowLevel] = possibleKey{tokenNumber: s.tokensTaken + s.queued(), required: required,
			index: s.ptr, line: s.line, column: s.column, mark: s.mark()}
	}
}

func (s *scanner) removeSimpleKey() {
	if k, ok := s.possibleKeys[s.flowLevel]; ok {
		if k.required {
			s.fail("while scanning a simple key", &k.mark, "could not find expected ':'", s.mark())
		}
		delete(s.possibleKeys, s.flowLevel)
	}
}

func (s *scanner) unwindIndent(column int) {
	if s.flowLevel != 0 {
		return
	}
	for s.indent > column {
		m := s.mark()
		s.indent = s.indents[len(s.indents)-1]
		s.indents = s.indents[:len(s.indents)-1]
		s.tokens = append(s.tokens, token{kind: tBlockEnd, start: m, end: m})
	}
}

func (s *scanner) addIndent(column int) bool {
	if s.indent < column {
		s.indents = append(s.indents, s.indent)
		s.indent = column
		return true
	}
	return false
}

// simple appends a token of the indicator under the cursor.
func (s *scanner) simple(kind tokenKind, n int) {
	start := s.mark()
	s.forward(n)
	s.tokens = append(s.tokens, token{kind: kind, start: start, end: s.mark()})
}

func (s *scanner) fetchStreamEnd() {
	s.unwindIndent(-1)
	s.removeSimpleKey()
	s.allowSimpleKey = false
	clear(s.possibleKeys)
	m := s.mark()
	s.tokens = append(s.tokens, token{kind: tStreamEnd, start: m, end: m})
	s.done = true
}

func (s *scanner) fetchDirective() {
	s.unwindIndent(-1)
	s.removeSimpleKey()
	s.allowSimpleKey = false
	s.tokens = append(s.tokens, s.scanDirective())
}

func (s *scanner) checkDocumentIndicator(indicator string) bool {
	return s.column == 0 && s.prefix(3) == indicator && isBlankEnd(s.peek(3))
}

func (s *scanner) fetchDocumentIndicator(kind tokenKind) {
	s.unwindIndent(-1)
	s.removeSimpleKey()
	s.allowSimpleKey = false
	s.simple(kind, 3)
}

func (s *scanner) fetchFlowCollectionStart(kind tokenKind) {
	s.saveSimpleKey()
	s.flowLevel++
	s.allowSimpleKey = true
	s.simple(kind, 1)
}

func (s *scanner) fetchFlowCollectionEnd(kind tokenKind) {
	s.removeSimpleKey()
	s.flowLevel--
	s.allowSimpleKey = false
	s.simple(kind, 1)
}

func (s *scanner) fetchFlowEntry() {
	s.allowSimpleKey = true
	s.removeSimpleKey()
	s.simple(tFlowEntry, 1)
}

func (s *scanner) fetchBlockEntry() {
	if s.flowLevel == 0 {
		if !s.allowSimpleKey {
			s.fail("", nil, "sequence entries are not allowed here", s.mark())
		}
		if s.addIndent(s.column) {
			m := s.mark()
			s.tokens = append(s.tokens, token{kind: tBlockSequenceStart, start: m, end: m})
		}
	}
	s.allowSimpleKey = true
	s.removeSimpleKey()
	s.simple(tBlockEntry, 1)
}

func (s *scanner) fetchKey() {
	if s.flowLevel == 0 {
		if !s.allowSimpleKey {
			s.fail("", nil, "mapping keys are not allowed here", s.mark())
		}
		if s.addIndent(s.column) {
			m := s.mark()
			s.tokens = append(s.tokens, token{kind: tBlockMappingStart, start: m, end: m})
		}
	}
	s.allowSimpleKey = s.flowLevel == 0
	s.removeSimpleKey()
	s.simple(tKey, 1)
}

func (s *scanner) fetchValue() {
	if k, ok := s.possibleKeys[s.flowLevel]; ok {
		delete(s.possibleKeys, s.flowLevel)
		s.insertToken(k.tokenNumber-s.tokensTaken, token{kind: tKey, start: k.mark, end: k.mark})
		if s.flowLevel == 0 && s.addIndent(k.column) {
			s.insertToken(k.tokenNumber-s.tokensTaken, token{kind: tBlockMappingStart, start: k.mark, end: k.mark})
		}
		s.allowSimpleKey = false
	} else {
		if s.flowLevel == 0 {
			if !s.allowSimpleKey {
				s.fail("", nil, "mapping values are not allowed here", s.mark())
			}
			if s.addIndent(s.column) {
				m := s.mark()
				s.tokens = append(s.tokens, token{kind: tBlockMappingStart, start: m, end: m})
			}
		}
		s.allowSimpleKey = s.flowLevel == 0
		s.removeSimpleKey()
	}
	s.simple(tValue, 1)
}

// insertToken puts t at position at of the queue.
func (s *scanner) insertToken(at int, t token) {
	at += s.head
	s.tokens = append(s.tokens, token{})
	copy(s.tokens[at+1:], s.tokens[at:])
	s.tokens[at] = t
}

func (s *scanner) fetchAnchor(kind tokenKind) {
	s.saveSimpleKey()
	s.allowSimpleKey = false
	s.tokens = append(s.tokens, s.scanAnchor(kind))
}

func (s *scanner) fetchTag() {
	s.saveSimpleKey()
	s.allowSimpleKey = false
	s.tokens = append(s.tokens, s.scanTag())
}

func (s *scanner) fetchBlockScalar() {
	s.allowSimpleKey = true
	s.removeSimpleKey()
	s.tokens = append(s.tokens, s.scanBlockScalar())
}

func (s *scanner) fetchFlowScalar(quote rune) {
	s.saveSimpleKey()
	s.allowSimpleKey = false
	s.tokens = append(s.tokens, s.scanFlowScalar(quote))
}

func (s *scanner) fetchPlain() {
	s.saveSimpleKey()
	s.allowSimpleKey = false
	s.tokens = append(s.tokens, s.scanPlain())
}

// checkPlain is check_plain; Mistral's loader also starts a plain scalar
// at "@".
func (s *scanner) checkPlain() bool {
	ch := s.peek(0)
	if ch == '@' && s.anchorsAsText {
		return true
	}
	return !isBlankEnd(ch) && !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", ch) ||
		!isBlankEnd(s.peek(1)) && (ch == '-' || s.flowLevel == 0 && (ch == '?' || ch == ':'))
}

func (s *scanner) scanToNextToken() {
	if s.ptr == 0 && s.peek(0) == '\uFEFF' {
		s.forward(1)
	}
	for {
		for s.peek(0) == ' ' {
			s.forward(1)
		}
		if s.peek(0) == '#' {
			s.skipComment()
		}
		if !s.scanLineBreak() {
			return
		}
		if s.flowLevel == 0 {
			s.allowSimpleKey = true
		}
	}
}

func (s *scanner) skipComment() {
	for !isLineEnd(s.peek(0)) {
		s.forward(1)
	}
}

// scanLineBreak consumes a line break, if there is one.
func (s *scanner) scanLineBreak() bool {
	switch ch := s.peek(0); {
	case ch == '\r' || ch == '\n' || ch == '\x85':
		if s.prefix(2) == "\r\n" {
			s.forward(2)
		} else {
			s.forward(1)
		}
		return true
	case ch == '\u2028' || ch == '\u2029':
		s.forward(1)
		return true
	}
	return false
}

func (s *scanner) repr(r rune) string { return data.StringRepr(string(r)) }

func (s *scanner) scanDirective() token {
	start := s.mark()
	s.forward(1)
	t := token{kind: tDirective, start: start}
	t.name = s.scanDirectiveName(start)
	switch t.name {
	case "YAML":
		t.major = s.scanYAMLDirectiveValue(start)
		t.end = s.mark()
	case "TAG":
		t.handle = s.scanTagDirectiveValue(start)
		t.end = s.mark()
	default:
		t.end = s.mark()
		s.skipComment()
	}
	s.scanIgnoredLine("while scanning a directive", start)
	return t
}

func (s *scanner) scanDirectiveName(start mark) string {
	n := 0
	for isWordRune(s.peek(n)) {
		n++
	}
	if n == 0 {
		s.fail("while scanning a directive", &start,
			"expected alphabetic or numeric character, but found "+s.repr(s.peek(n)), s.mark())
	}
	name := s.prefix(n)
	s.forward(n)
	if !isSpaceEnd(s.peek(0)) {
		s.fail("while scanning a directive", &start,
			"expected alphabetic or numeric character, but found "+s.repr(s.peek(0)), s.mark())
	}
	return name
}

func (s *scanner) scanYAMLDirectiveValue(start mark) int {
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	major := s.scanYAMLDirectiveNumber(start)
	if s.peek(0) != '.' {
		s.fail("while scanning a directive", &start, "expected a digit or '.', but found "+s.repr(s.peek(0)), s.mark())
	}
	s.forward(1)
	s.scanYAMLDirectiveNumber(start)
	if !isSpaceEnd(s.peek(0)) {
		s.fail("while scanning a directive", &start, "expected a digit or ' ', but found "+s.repr(s.peek(0)), s.mark())
	}
	return major
}

func (s *scanner) scanYAMLDirectiveNumber(start mark) int {
	if ch := s.peek(0); ch < '0' || ch > '9' {
		s.fail("while scanning a directive", &start, "expected a digit, but found "+s.repr(ch), s.mark())
	}
	n, v := 0, 0
	for ch := s.peek(0); '0' <= ch && ch <= '9'; ch = s.peek(n) {
		n++
		if v < 1<<20 {
			v = v*10 + int(ch-'0')
		}
	}
	s.forward(n)
	return v
}

func (s *scanner) scanTagDirectiveValue(start mark) string {
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	handle := s.scanTagHandle("directive", start)
	if ch := s.peek(0); ch != ' ' {
		s.fail("while scanning a directive", &start, "expected ' ', but found "+s.repr(ch), s.mark())
	}
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	s.scanTagURI("directive", start)
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a directive", &start, "expected ' ', but found "+s.repr(ch), s.mark())
	}
	return handle
}

// scanIgnoredLine is the rest of a directive's or a block scalar header's
// line: spaces, a comment, the line break.
func (s *scanner) scanIgnoredLine(context string, start mark) {
	for s.peek(0) == ' ' {
		s.forward(1)
	}
	if s.peek(0) == '#' {
		s.skipComment()
	}
	if ch := s.peek(0); !isLineEnd(ch) {
		s.fail(context, &start, "expected a comment or a line break, but found "+s.repr(ch), s.mark())
	}
	s.scanLineBreak()
}

func (s *scanner) scanAnchor(kind tokenKind) token {
	start := s.mark()
	context := "while scanning an anchor"
	if kind == tAlias {
		context = "while scanning an alias"
	}
	s.forward(1)
	n := 0
	for isWordRune(s.peek(n)) {
		n++
	}
	if n == 0 {
		s.fail(context, &start, "expected alphabetic or numeric character, but found "+s.repr(s.peek(0)), s.mark())
	}
	name := s.prefix(n)
	s.forward(n)
	if ch := s.peek(0); !isBlankEnd(ch) && !strings.ContainsRune("?:,]}%@`", ch) {
		s.fail(context, &start, "expected alphabetic or numeric character, but found "+s.repr(ch), s.mark())
	}
	return token{kind: kind, start: start, end: s.mark(), name: name}
}

func (s *scanner) scanTag() token {
	start := s.mark()
	t := token{kind: tTag, start: start}
	ch := s.peek(1)
	switch {
	case ch == '<':
		s.forward(2)
		s.scanTagURI("tag", start)
		if s.peek(0) != '>' {
			s.fail("while parsing a tag", &start, "expected '>', but found "+s.repr(s.peek(0)), s.mark())
		}
		s.forward(1)
	case isBlankEnd(ch):
		s.forward(1)
	default:
		n, useHandle := 1, false
		for !isSpaceEnd(ch) {
			if ch == '!' {
				useHandle = true
				break
			}
			n++
			ch = s.peek(n)
		}
		t.hasHandle, t.handle = true, "!"
		if useHandle {
			t.handle = s.scanTagHandle("tag", start)
		} else {
			s.forward(1)
		}
		s.scanTagURI("tag", start)
	}
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a tag", &start, "expected ' ', but found "+s.repr(ch), s.mark())
	}
	t.end = s.mark()
	return t
}

func (s *scanner) scanBlockScalar() token {
	start := s.mark()
	s.forward(1)
	increment := s.scanBlockScalarIndicators(start)
	s.scanIgnoredLine("while scanning a block scalar", start)
	minIndent := max(s.indent+1, 1)
	var indent int
	end := s.mark()
	if increment == 0 {
		var maxIndent int
		maxIndent, end = s.scanBlockScalarIndentation()
		indent = max(minIndent, maxIndent)
	} else {
		indent = minIndent + increment - 1
		end = s.scanBlockScalarBreaks(indent)
	}
	for s.column == indent && s.peek(0) != 0 {
		s.skipComment() // the line's content, up to its break
		s.scanLineBreak()
		end = s.scanBlockScalarBreaks(indent)
	}
	return token{kind: tScalar, start: start, end: end}
}

// scanBlockScalarIndicators reads the chomping and indentation
// indicators; it returns the indentation increment, 0 when not given.
func (s *scanner) scanBlockScalarIndicators(start mark) int {
	increment := 0
	zero := func() {
		s.fail("while scanning a block scalar", &start,
			"expected indentation indicator in the range 1-9, but found 0", s.mark())
	}
	ch := s.peek(0)
	if ch == '+' || ch == '-' {
		s.forward(1)
		if ch = s.peek(0); '0' <= ch && ch <= '9' {
			if increment = int(ch - '0'); increment == 0 {
				zero()
			}
			s.forward(1)
		}
	} else if '0' <= ch && ch <= '9' {
		if increment = int(ch - '0'); increment == 0 {
			zero()
		}
		s.forward(1)
		if ch = s.peek(0); ch == '+' || ch == '-' {
			s.forward(1)
		}
	}
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a block scalar", &start,
			"expected chomping or indentation indicators, but found "+s.repr(ch), s.mark())
	}
	return increment
}

func (s *scanner) scanBlockScalarIndentation() (int, mark) {
	maxIndent, end := 0, s.mark()
	for ch := s.peek(0); ch == ' ' || isAnyBreak(ch); ch = s.peek(0) {
		if ch != ' ' {
			s.scanLineBreak()
			end = s.mark()
		} else {
			s.forward(1)
			maxIndent = max(maxIndent, s.column)
		}
	}
	return maxIndent, end
}

func (s *scanner) scanBlockScalarBreaks(indent int) mark {
	end := s.mark()
	for s.column < indent && s.peek(0) == ' ' {
		s.forward(1)
	}
	for isAnyBreak(s.peek(0)) {
		s.scanLineBreak()
		end = s.mark()
		for s.column < indent && s.peek(0) == ' ' {
			s.forward(1)
		}
	}
	return end
}

// escapeCodes are the lengths of the hexadecimal escapes; the other
// escapes a double-quoted scalar may hold are escapeRunes.
var escapeCodes = map[rune]int{'x': 2, 'u': 4, 'U': 8}

const escapeRunes = "0abt\tnvfre \"\\/N_LP"

func (s *scanner) scanFlowScalar(quote rune) token {
	double := quote == '"'
	start := s.mark()
	s.forward(1)
	s.scanFlowScalarNonSpaces(double, start)
	for s.peek(0) != quote {
		s.scanFlowScalarSpaces(double, start)
		s.scanFlowScalarNonSpaces(double, start)
	}
	s.forward(1)
	return token{kind: tScalar, start: start, end: s.mark()}
}

func (s *scanner) scanFlowScalarNonSpaces(double bool, start mark) {
	for {
		for ch := s.peek(0); !isBlankEnd(ch) && ch != '\'' && ch != '"' && ch != '\\'; ch = s.peek(0) {
			s.forward(1)
		}
		ch := s.peek(0)
		switch {
		case !double && ch == '\'' && s.peek(1) == '\'':
			s.forward(2)
		case double && ch == '\'' || !double && (ch == '"' || ch == '\\'):
			s.forward(1)
		case double && ch == '\\':
			s.forward(1)
			ch = s.peek(0)
			if n, ok := escapeCodes[ch]; ok {
				s.forward(1)
				for k := range n {
					if !isHexRune(s.peek(k)) {
						s.fail("while scanning a double-quoted scalar", &start,
							fmt.Sprintf("expected escape sequence of %d hexadecimal numbers, but found %s", n, s.repr(s.peek(k))), s.mark())
					}
				}
				s.forward(n)
			} else if ch != 0 && strings.ContainsRune(escapeRunes, ch) {
				s.forward(1)
			} else if isAnyBreak(ch) {
				s.scanLineBreak()
				s.scanFlowScalarBreaks(start)
			} else {
				s.fail("while scanning a double-quoted scalar", &start, "found unknown escape character "+s.repr(ch), s.mark())
			}
		default:
			return
		}
	}
}

func (s *scanner) scanFlowScalarSpaces(double bool, start mark) {
	for ch := s.peek(0); ch == ' ' || ch == '\t'; ch = s.peek(0) {
		s.forward(1)
	}
	switch ch := s.peek(0); {
	case ch == 0:
		s.fail("while scanning a quoted scalar", &start, "found unexpected end of stream", s.mark())
	case isAnyBreak(ch):
		s.scanLineBreak()
		s.scanFlowScalarBreaks(start)
	}
}

func (s *scanner) scanFlowScalarBreaks(start mark) {
	for {
		if p := s.prefix(3); (p == "---" || p == "...") && isBlankEnd(s.peek(3)) {
			s.fail("while scanning a quoted scalar", &start, "found unexpected document separator", s.mark())
		}
		for ch := s.peek(0); ch == ' ' || ch == '\t'; ch = s.peek(0) {
			s.forward(1)
		}
		if !isAnyBreak(s.peek(0)) {
			return
		}
		s.scanLineBreak()
	}
}

func (s *scanner) scanPlain() token {
	start := s.mark()
	end := start
	indent := s.indent + 1
	for {
		if s.peek(0) == '#' {
			break
		}
		n := 0
		for {
			ch := s.peek(n)
			if isBlankEnd(ch) ||
				ch == ':' && (isBlankEnd(s.peek(n+1)) || s.flowLevel != 0 && strings.ContainsRune(",[]{}", s.peek(n+1))) ||
				s.flowLevel != 0 && strings.ContainsRune(",?[]{}", ch) {
				break
			}
			n++
		}
		if n == 0 {
			break
		}
		s.allowSimpleKey = false
		s.forward(n)
		end = s.mark()
		if !s.scanPlainSpaces() || s.peek(0) == '#' || s.flowLevel == 0 && s.column < indent {
			break
		}
	}
	return token{kind: tScalar, start: start, end: end, plain: true}
}

// scanPlainSpaces skips the white space after a plain scalar's chunk; it
// reports whether the scalar may go on (PyYAML's non-empty chunks).
func (s *scanner) scanPlainSpaces() bool {
	n := 0
	for s.peek(n) == ' ' {
		n++
	}
	s.forward(n)
	if !isAnyBreak(s.peek(0)) {
		return n > 0
	}
	s.scanLineBreak()
	s.allowSimpleKey = true
	separator := func() bool {
		p := s.prefix(3)
		return (p == "---" || p == "...") && isBlankEnd(s.peek(3))
	}
	if separator() {
		return false
	}
	for ch := s.peek(0); ch == ' ' || isAnyBreak(ch); ch = s.peek(0) {
		if ch == ' ' {
			s.forward(1)
			continue
		}
		s.scanLineBreak()
		if separator() {
			return false
		}
	}
	return true
}

func (s *scanner) scanTagHandle(name string, start mark) string {
	context := "while scanning a " + name
	if ch := s.peek(0); ch != '!' {
		s.fail(context, &start, "expected '!', but found "+s.repr(ch), s.mark())
	}
	n := 1
	if ch := s.peek(n); ch != ' ' {
		for isWordRune(ch) {
			n++
			ch = s.peek(n)
		}
		if ch != '!' {
			s.forward(n)
			s.fail(context, &start, "expected '!', but found "+s.repr(ch), s.mark())
		}
		n++
	}
	handle := s.prefix(n)
	s.forward(n)
	return handle
}

func (s *scanner) scanTagURI(name string, start mark) {
	found, n := false, 0
	for ch := s.peek(n); isAlnum(ch) || ch != 0 && strings.ContainsRune("-;/?:@&=+$,_.!~*'()[]%", ch); ch = s.peek(n) {
		if ch == '%' {
			s.forward(n)
			n = 0
			s.scanURIEscapes(name, start)
			found = true
		} else {
			n++
		}
	}
	if n > 0 {
		s.forward(n)
		found = true
	}
	if !found {
		s.fail("while parsing a "+name, &start, "expected URI, but found "+s.repr(s.peek(0)), s.mark())
	}
}

func (s *scanner) scanURIEscapes(name string, start mark) {
	var codes []byte
	at := s.mark()
	for s.peek(0) == '%' {
		s.forward(1)
		for k := range 2 {
			if !isHexRune(s.peek(k)) {
				s.fail("while scanning a "+name, &start,
					"expected URI escape sequence of 2 hexadecimal numbers, but found "+s.repr(s.peek(k)), s.mark())
			}
		}
		codes = append(codes, byte(hexValue(s.peek(0))<<4|hexValue(s.peek(1))))
		s.forward(2)
	}
	if !utf8.Valid(codes) {
		s.fail("while scanning a "+name, &start, utf8DecodeError(codes), at)
	}
}

func hexValue(r rune) int {
	switch {
	case r >= 'a':
		return int(r-'a') + 10
	case r >= 'A':
		return int(r-'A') + 10
	}
	return int(r - '0')
}
