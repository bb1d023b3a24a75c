package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// The reader and scanner (scanner.go, scalars.go), the parser (parser.go)
// and the composer (composer.go) follow PyYAML 6's pure-Python ones (the
// loader Mistral uses) rule for rule, lazy pull of tokens included: a
// document is well-formed, reads to the same node tree, and fails at the
// same token with the same message as in PyYAML.

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

// utf8DecodeError is Python's message for bytes that are not UTF-8: where
// the first bad sequence starts and why.
func utf8DecodeError(b []byte) string {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	need := 0
	switch c := b[i]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
	case c >= 0xF0 && c <= 0xF4:
		need = 3
	default:
		return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", c, i)
	}
	end := i + 1
	for end < len(b) && end-i <= need && continues(b[i], end-i, b[end]) {
		end++
	}
	reason := "invalid continuation byte"
	if end == len(b) {
		reason = "unexpected end of data"
	}
	if end-i == 1 {
		return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: %s", b[i], i, reason)
	}
	return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: %s", i, end-1, reason)
}

// continues reports whether c may be the k-th byte (1-based after the
// lead) of a UTF-8 sequence started by lead.
func continues(lead byte, k int, c byte) bool {
	lo, hi := byte(0x80), byte(0xBF)
	if k == 1 {
		switch lead {
		case 0xE0:
			lo = 0xA0
		case 0xED:
			hi = 0x9F
		case 0xF0:
			lo = 0x90
		case 0xF4:
			hi = 0x8F
		}
	}
	return lo <= c && c <= hi
}
