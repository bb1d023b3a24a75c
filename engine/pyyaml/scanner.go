package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// The reader, scanner, parser and composer below follow PyYAML 6's
// pure-Python ones (the loader Mistral uses) rule for rule, lazy pull of
// tokens included: a document is well-formed, reads to the same node tree,
// and fails at the same token with the same message as in PyYAML.

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

// token is a scanned token.
type token struct {
	kind       tokenKind
	start, end mark
	name       string // directive name; anchor or alias name
	major      int    // %YAML major version
	handle     string // %TAG or tag handle
	hasHandle  bool   // false for a verbatim tag and a lone "!"
	value      string // scalar text; %TAG prefix; tag suffix
	plain      bool
	style      byte // of a scalar not plain: '\'', '"', '|' or '>'
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
	return s.column == 0 && s.text(3) == indicator && isBlankEnd(s.peek(3))
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
		if s.scanLineBreak() == "" {
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

// scanLineBreak consumes a line break, if there is one, and returns it
// as PyYAML reads it: "\n" for \r, \n, \r\n and NEL; the line and
// paragraph separators as they are; "" when there is none.
func (s *scanner) scanLineBreak() string {
	switch ch := s.peek(0); {
	case ch == '\r' || ch == '\n' || ch == '\x85':
		if ch == '\r' && s.peek(1) == '\n' {
			s.forward(2)
		} else {
			s.forward(1)
		}
		return "\n"
	case ch == '\u2028' || ch == '\u2029':
		s.forward(1)
		return string(ch)
	}
	return ""
}

func (s *scanner) repr(r rune) string { return data.StringRepr(string(r)) }

// text is the n runes at the cursor.
func (s *scanner) text(n int) string { return string(s.buf[s.ptr:min(s.ptr+n, len(s.buf))]) }

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
		t.handle, t.value = s.scanTagDirectiveValue(start)
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
	name := s.text(n)
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

// scanTagDirectiveValue returns a %TAG directive's handle and prefix.
func (s *scanner) scanTagDirectiveValue(start mark) (string, string) {
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
	prefix := s.scanTagURI("directive", start)
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a directive", &start, "expected ' ', but found "+s.repr(ch), s.mark())
	}
	return handle, prefix
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
	name := s.text(n)
	s.forward(n)
	if ch := s.peek(0); !isBlankEnd(ch) && !strings.ContainsRune("?:,]}%@`", ch) {
		s.fail(context, &start, "expected alphabetic or numeric character, but found "+s.repr(ch), s.mark())
	}
	return token{kind: kind, start: start, end: s.mark(), name: name}
}

// scanTag reads a tag: its handle ("!", "!!", "!name!"; none for a
// verbatim "!<...>" or a lone "!") and its suffix.
func (s *scanner) scanTag() token {
	start := s.mark()
	t := token{kind: tTag, start: start}
	ch := s.peek(1)
	switch {
	case ch == '<':
		s.forward(2)
		t.value = s.scanTagURI("tag", start)
		if s.peek(0) != '>' {
			s.fail("while parsing a tag", &start, "expected '>', but found "+s.repr(s.peek(0)), s.mark())
		}
		s.forward(1)
	case isBlankEnd(ch):
		t.value = "!"
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
		t.value = s.scanTagURI("tag", start)
	}
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a tag", &start, "expected ' ', but found "+s.repr(ch), s.mark())
	}
	t.end = s.mark()
	return t
}

func (s *scanner) scanBlockScalar() token {
	folded := s.peek(0) == '>'
	start := s.mark()
	s.forward(1)
	chomping, increment := s.scanBlockScalarIndicators(start)
	s.scanIgnoredLine("while scanning a block scalar", start)
	minIndent := max(s.indent+1, 1)
	var indent int
	var breaks []string
	var end mark
	if increment == 0 {
		var maxIndent int
		breaks, maxIndent, end = s.scanBlockScalarIndentation()
		indent = max(minIndent, maxIndent)
	} else {
		indent = minIndent + increment - 1
		breaks, end = s.scanBlockScalarBreaks(indent)
	}
	var b strings.Builder
	lineBreak := ""
	for s.column == indent && s.peek(0) != 0 {
		for _, br := range breaks {
			b.WriteString(br)
		}
		leadingNonSpace := s.peek(0) != ' ' && s.peek(0) != '\t'
		n := 0
		for !isLineEnd(s.peek(n)) {
			n++
		}
		b.WriteString(s.text(n))
		s.forward(n)
		lineBreak = s.scanLineBreak()
		breaks, end = s.scanBlockScalarBreaks(indent)
		if s.column != indent || s.peek(0) == 0 {
			break
		}
		if folded && lineBreak == "\n" && leadingNonSpace && s.peek(0) != ' ' && s.peek(0) != '\t' {
			if len(breaks) == 0 {
				b.WriteByte(' ')
			}
		} else {
			b.WriteString(lineBreak)
		}
	}
	if chomping != '-' { // clip or keep: the last line break stays
		b.WriteString(lineBreak)
	}
	if chomping == '+' { // keep: the trailing empty lines too
		for _, br := range breaks {
			b.WriteString(br)
		}
	}
	style := byte('|')
	if folded {
		style = '>'
	}
	return token{kind: tScalar, start: start, end: end, value: b.String(), style: style}
}

// scanBlockScalarIndicators reads the chomping indicator ('+', '-', or 0
// when not given) and the indentation increment (0 when not given).
func (s *scanner) scanBlockScalarIndicators(start mark) (rune, int) {
	chomping, increment := rune(0), 0
	zero := func() {
		s.fail("while scanning a block scalar", &start,
			"expected indentation indicator in the range 1-9, but found 0", s.mark())
	}
	ch := s.peek(0)
	if ch == '+' || ch == '-' {
		chomping = ch
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
			chomping = ch
			s.forward(1)
		}
	}
	if ch := s.peek(0); !isSpaceEnd(ch) {
		s.fail("while scanning a block scalar", &start,
			"expected chomping or indentation indicators, but found "+s.repr(ch), s.mark())
	}
	return chomping, increment
}

func (s *scanner) scanBlockScalarIndentation() ([]string, int, mark) {
	var breaks []string
	maxIndent, end := 0, s.mark()
	for ch := s.peek(0); ch == ' ' || isAnyBreak(ch); ch = s.peek(0) {
		if ch != ' ' {
			breaks = append(breaks, s.scanLineBreak())
			end = s.mark()
		} else {
			s.forward(1)
			maxIndent = max(maxIndent, s.column)
		}
	}
	return breaks, maxIndent, end
}

func (s *scanner) scanBlockScalarBreaks(indent int) ([]string, mark) {
	var breaks []string
	end := s.mark()
	for s.column < indent && s.peek(0) == ' ' {
		s.forward(1)
	}
	for isAnyBreak(s.peek(0)) {
		breaks = append(breaks, s.scanLineBreak())
		end = s.mark()
		for s.column < indent && s.peek(0) == ' ' {
			s.forward(1)
		}
	}
	return breaks, end
}

// escapeCodes are the lengths of the hexadecimal escapes of a
// double-quoted scalar; escapes are the others.
var (
	escapeCodes = map[rune]int{'x': 2, 'u': 4, 'U': 8}
	escapes     = map[rune]string{'0': "\x00", 'a': "\x07", 'b': "\x08", 't': "\t", '\t': "\t", 'n': "\n",
		'v': "\x0b", 'f': "\x0c", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '\\': "\\", '/': "/",
		'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029"}
)

func (s *scanner) scanFlowScalar(quote rune) token {
	double := quote == '"'
	start := s.mark()
	s.forward(1)
	var b strings.Builder
	s.scanFlowScalarNonSpaces(&b, double, start)
	for s.peek(0) != quote {
		s.scanFlowScalarSpaces(&b, start)
		s.scanFlowScalarNonSpaces(&b, double, start)
	}
	s.forward(1)
	return token{kind: tScalar, start: start, end: s.mark(), value: b.String(), style: byte(quote)}
}

func (s *scanner) scanFlowScalarNonSpaces(b *strings.Builder, double bool, start mark) {
	for {
		n := 0
		for ch := s.peek(n); !isBlankEnd(ch) && ch != '\'' && ch != '"' && ch != '\\'; ch = s.peek(n) {
			n++
		}
		b.WriteString(s.text(n))
		s.forward(n)
		ch := s.peek(0)
		switch {
		case !double && ch == '\'' && s.peek(1) == '\'':
			b.WriteByte('\'')
			s.forward(2)
		case double && ch == '\'' || !double && (ch == '"' || ch == '\\'):
			b.WriteRune(ch)
			s.forward(1)
		case double && ch == '\\':
			s.forward(1)
			ch = s.peek(0)
			if r, ok := escapes[ch]; ok {
				b.WriteString(r)
				s.forward(1)
			} else if n, ok := escapeCodes[ch]; ok {
				s.forward(1)
				at := s.mark()
				code := s.scanHexEscape(n, start)
				if n == 4 && 0xD800 <= code && code <= 0xDBFF && s.peek(0) == '\\' && s.peek(1) == 'u' {
					// The pair json.dumps writes for a character beyond
					// the BMP: PyYAML reads two code points, which are
					// that character once Mistral stores them as JSON.
					s.forward(2)
					if low := s.scanHexEscape(4, start); 0xDC00 <= low && low <= 0xDFFF {
						code = utf16.DecodeRune(code, low)
					}
				}
				if !utf8.ValidRune(code) {
					s.fail("while scanning a double-quoted scalar", &start,
						fmt.Sprintf("found escape of code point %#x, which is no character this server can hold", code), at)
				}
				b.WriteRune(code)
			} else if isAnyBreak(ch) {
				s.scanLineBreak()
				s.scanFlowScalarBreaks(b, start)
			} else {
				s.fail("while scanning a double-quoted scalar", &start, "found unknown escape character "+s.repr(ch), s.mark())
			}
		default:
			return
		}
	}
}

// scanHexEscape reads the n hexadecimal digits of an escape.
func (s *scanner) scanHexEscape(n int, start mark) rune {
	code := rune(0)
	for k := range n {
		if !isHexRune(s.peek(k)) {
			s.fail("while scanning a double-quoted scalar", &start,
				fmt.Sprintf("expected escape sequence of %d hexadecimal numbers, but found %s", n, s.repr(s.peek(k))), s.mark())
		}
		code = code<<4 | rune(hexValue(s.peek(k)))
	}
	s.forward(n)
	return code
}

func (s *scanner) scanFlowScalarSpaces(b *strings.Builder, start mark) {
	n := 0
	for ch := s.peek(n); ch == ' ' || ch == '\t'; ch = s.peek(n) {
		n++
	}
	whitespace := s.text(n)
	s.forward(n)
	switch ch := s.peek(0); {
	case ch == 0:
		s.fail("while scanning a quoted scalar", &start, "found unexpected end of stream", s.mark())
	case isAnyBreak(ch):
		lineBreak := s.scanLineBreak()
		var breaks strings.Builder
		s.scanFlowScalarBreaks(&breaks, start)
		if lineBreak != "\n" {
			b.WriteString(lineBreak)
		} else if breaks.Len() == 0 {
			b.WriteByte(' ')
		}
		b.WriteString(breaks.String())
	default:
		b.WriteString(whitespace)
	}
}

// scanFlowScalarBreaks writes the line breaks of a quoted scalar's empty
// lines, dropping their indentation.
func (s *scanner) scanFlowScalarBreaks(b *strings.Builder, start mark) {
	for {
		if s.atSeparator() {
			s.fail("while scanning a quoted scalar", &start, "found unexpected document separator", s.mark())
		}
		for ch := s.peek(0); ch == ' ' || ch == '\t'; ch = s.peek(0) {
			s.forward(1)
		}
		if !isAnyBreak(s.peek(0)) {
			return
		}
		b.WriteString(s.scanLineBreak())
	}
}

// atSeparator reports a document start or end marker under the cursor.
func (s *scanner) atSeparator() bool {
	p0, p1, p2 := s.peek(0), s.peek(1), s.peek(2)
	return (p0 == '-' && p1 == '-' && p2 == '-' || p0 == '.' && p1 == '.' && p2 == '.') && isBlankEnd(s.peek(3))
}

func (s *scanner) scanPlain() token {
	start := s.mark()
	end := start
	indent := s.indent + 1
	var b strings.Builder
	spaces := ""
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
		b.WriteString(spaces)
		b.WriteString(s.text(n))
		s.forward(n)
		end = s.mark()
		var more bool
		spaces, more = s.scanPlainSpaces()
		if !more || s.peek(0) == '#' || s.flowLevel == 0 && s.column < indent {
			break
		}
	}
	return token{kind: tScalar, start: start, end: end, value: b.String(), plain: true}
}

// scanPlainSpaces reads the white space after a chunk of a plain scalar:
// what it folds to, and whether the scalar may go on (false at a document
// separator, or when there was no white space at all).
func (s *scanner) scanPlainSpaces() (string, bool) {
	n := 0
	for s.peek(n) == ' ' {
		n++
	}
	whitespace := s.text(n)
	s.forward(n)
	if !isAnyBreak(s.peek(0)) {
		return whitespace, n > 0
	}
	lineBreak := s.scanLineBreak()
	s.allowSimpleKey = true
	if s.atSeparator() {
		return "", false
	}
	var breaks strings.Builder
	for ch := s.peek(0); ch == ' ' || isAnyBreak(ch); ch = s.peek(0) {
		if ch == ' ' {
			s.forward(1)
			continue
		}
		breaks.WriteString(s.scanLineBreak())
		if s.atSeparator() {
			return "", false
		}
	}
	folded := ""
	if lineBreak != "\n" {
		folded = lineBreak
	} else if breaks.Len() == 0 {
		folded = " "
	}
	return folded + breaks.String(), true
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
	handle := s.text(n)
	s.forward(n)
	return handle
}

// scanTagURI reads a tag's URI, its %-escapes decoded.
func (s *scanner) scanTagURI(name string, start mark) string {
	var b strings.Builder
	found, n := false, 0
	for ch := s.peek(n); isAlnum(ch) || ch != 0 && strings.ContainsRune("-;/?:@&=+$,_.!~*'()[]%", ch); ch = s.peek(n) {
		if ch == '%' {
			b.WriteString(s.text(n))
			s.forward(n)
			n = 0
			b.WriteString(s.scanURIEscapes(name, start))
			found = true
		} else {
			n++
		}
	}
	if n > 0 {
		b.WriteString(s.text(n))
		s.forward(n)
		found = true
	}
	if !found {
		s.fail("while parsing a "+name, &start, "expected URI, but found "+s.repr(s.peek(0)), s.mark())
	}
	return b.String()
}

func (s *scanner) scanURIEscapes(name string, start mark) string {
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
	return string(codes)
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
