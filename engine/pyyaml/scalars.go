package pyyaml

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanner's scalars: plain, single- and double-quoted, literal and
// folded, each read to its value as PyYAML reads it (line folding,
// escapes, chomping).

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
