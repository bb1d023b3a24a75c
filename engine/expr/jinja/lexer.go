package jinja

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// Token kinds. Operators have kind tokOp and the operator text as value.
const (
	tokEOF        = "eof"
	tokData       = "data"
	tokVarBegin   = "variable_begin"
	tokVarEnd     = "variable_end"
	tokBlockBegin = "block_begin"
	tokBlockEnd   = "block_end"
	tokName       = "name"
	tokString     = "string"
	tokInt        = "integer"
	tokFloat      = "float"
	tokOp         = "operator"
)

type token struct {
	kind string
	val  string // name, operator or data text, decoded string value
	num  any    // int64, *big.Int or float64 for number tokens
	line int
}

// describe names a token as Jinja's error messages do.
func (t token) describe() string {
	switch t.kind {
	case tokName, tokOp:
		return t.val
	}
	return describeKind(t.kind)
}

func describeKind(kind string) string {
	switch kind {
	case tokBlockBegin:
		return "begin of statement block"
	case tokBlockEnd:
		return "end of statement block"
	case tokVarBegin:
		return "begin of print statement"
	case tokVarEnd:
		return "end of print statement"
	case tokData:
		return "template data / text"
	case tokEOF:
		return "end of template"
	}
	return kind
}

// syntaxError is a TemplateSyntaxError; its text is Jinja's message.
type syntaxError struct {
	msg  string
	line int
}

func (e *syntaxError) Error() string { return e.msg }

// operators longest first, as Jinja's operator regular expression tries them.
var operators = []string{"//", "**", "==", "!=", ">=", "<=",
	"+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"}

// lexer turns template source into tokens on demand, following Jinja's
// lexer with trim_blocks and lstrip_blocks enabled.
type lexer struct {
	src          string
	pos          int
	line         int
	state        string // "root", tokVarBegin, tokBlockBegin
	balance      []byte
	lineStarting bool
	pending      []token
}

func newLexer(src string, variable bool) *lexer {
	// Newlines are normalized and one trailing newline dropped, as Jinja does
	// without keep_trailing_newline.
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	src = strings.TrimSuffix(src, "\n")
	lx := &lexer{src: src, line: 1, state: "root", lineStarting: true}
	if variable {
		lx.state = tokVarBegin
	}
	return lx
}

func (lx *lexer) fail(format string, args ...any) {
	panic(&syntaxError{msg: fmt.Sprintf(format, args...), line: lx.line})
}

// next returns the next token; at the end it keeps returning EOF.
func (lx *lexer) next() token {
	for len(lx.pending) == 0 {
		if lx.pos >= len(lx.src) {
			return token{kind: tokEOF, line: lx.line}
		}
		if lx.state == "root" {
			lx.lexRoot()
		} else {
			lx.lexTag()
		}
	}
	t := lx.pending[0]
	lx.pending = lx.pending[1:]
	return t
}

func (lx *lexer) emit(kind, val string) {
	lx.pending = append(lx.pending, token{kind: kind, val: val, line: lx.line})
	lx.line += strings.Count(val, "\n")
}

// findTag returns the index of the next "{{", "{%" or "{#" at or after pos.
func (lx *lexer) findTag(from int) int {
	for i := from; i < len(lx.src)-1; i++ {
		if lx.src[i] == '{' {
			switch lx.src[i+1] {
			case '{', '%', '#':
				return i
			}
		}
	}
	return -1
}

// stripText applies '-' and lstrip_blocks to the text before a tag.
func (lx *lexer) stripText(text string, sign byte, lstrip bool) string {
	if sign == '-' {
		return strings.TrimRightFunc(text, unicode.IsSpace)
	}
	if sign != '+' && lstrip {
		lpos := strings.LastIndexByte(text, '\n') + 1
		if lpos > 0 || lx.lineStarting {
			rest := text[lpos:]
			if rest != "" && strings.TrimFunc(rest, unicode.IsSpace) == "" {
				return text[:lpos]
			}
		}
	}
	return text
}

func (lx *lexer) lexRoot() {
	start := lx.pos
	i := lx.findTag(start)
	if i < 0 {
		lx.emit(tokData, lx.src[start:])
		lx.pos = len(lx.src)
		return
	}
	text := lx.src[start:i]
	kind := lx.src[i+1]
	j := i + 2
	var sign byte
	if j < len(lx.src) && (lx.src[j] == '-' || lx.src[j] == '+') {
		sign = lx.src[j]
		j++
	}
	if kind == '%' {
		if end, ok := lx.rawBegin(j); ok {
			lx.emitText(lx.stripText(text, sign, true))
			lx.pos = end
			lx.lexRaw()
			return
		}
	}
	lx.emitText(lx.stripText(text, sign, kind != '{'))
	lx.pos = j
	lx.lineStarting = false
	switch kind {
	case '{':
		lx.emit(tokVarBegin, "")
		lx.state = tokVarBegin
	case '%':
		lx.emit(tokBlockBegin, "")
		lx.state = tokBlockBegin
	case '#':
		lx.lexComment()
	}
}

func (lx *lexer) emitText(text string) {
	if text != "" {
		lx.emit(tokData, text)
	}
}

// rawBegin matches `\s*raw\s*(-%}\s*|%})` at j and returns the end position.
func (lx *lexer) rawBegin(j int) (int, bool) {
	k := skipSpace(lx.src, j)
	if !strings.HasPrefix(lx.src[k:], "raw") {
		return 0, false
	}
	k = skipSpace(lx.src, k+3)
	switch {
	case strings.HasPrefix(lx.src[k:], "-%}"):
		return skipSpace(lx.src, k+3), true
	case strings.HasPrefix(lx.src[k:], "%}"):
		return k + 2, true
	}
	return 0, false
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// lexRaw reads the body of a raw block up to its endraw tag.
func (lx *lexer) lexRaw() {
	for search := lx.pos; ; {
		i := strings.Index(lx.src[search:], "{%")
		if i < 0 {
			lx.fail("Missing end of raw directive")
		}
		i += search
		j := i + 2
		var sign byte
		if j < len(lx.src) && (lx.src[j] == '-' || lx.src[j] == '+') {
			sign = lx.src[j]
			j++
		}
		k := skipSpace(lx.src, j)
		if !strings.HasPrefix(lx.src[k:], "endraw") {
			search = i + 2
			continue
		}
		k = skipSpace(lx.src, k+6)
		end, ok := blockEnd(lx.src, k)
		if !ok {
			search = i + 2
			continue
		}
		lx.emitText(lx.stripText(lx.src[lx.pos:i], sign, true))
		lx.pos = end
		lx.lineStarting = strings.HasSuffix(lx.src[:end], "\n")
		return
	}
}

// blockEnd matches `+%}`, `-%}\s*` or `%}\n?` at k.
func blockEnd(s string, k int) (int, bool) {
	switch {
	case strings.HasPrefix(s[k:], "+%}"):
		return k + 3, true
	case strings.HasPrefix(s[k:], "-%}"):
		return skipSpace(s, k+3), true
	case strings.HasPrefix(s[k:], "%}"):
		k += 2
		if k < len(s) && s[k] == '\n' {
			k++
		}
		return k, true
	}
	return 0, false
}

func (lx *lexer) lexComment() {
	i := strings.Index(lx.src[lx.pos:], "#}")
	if i < 0 {
		lx.fail("Missing end of comment tag")
	}
	i += lx.pos
	end := i + 2
	switch {
	case i > lx.pos && lx.src[i-1] == '-':
		end = skipSpace(lx.src, end)
	case i > lx.pos && lx.src[i-1] == '+':
	default:
		if end < len(lx.src) && lx.src[end] == '\n' {
			end++
		}
	}
	lx.line += strings.Count(lx.src[lx.pos:end], "\n")
	lx.lineStarting = strings.HasSuffix(lx.src[:end], "\n")
	lx.pos = end
}

// lexTag reads one token inside {{ }} or {% %}.
func (lx *lexer) lexTag() {
	s, p := lx.src, lx.pos
	if len(lx.balance) == 0 {
		if lx.state == tokBlockBegin {
			if end, ok := blockEnd(s, p); ok {
				lx.endTag(tokBlockEnd, end)
				return
			}
		} else {
			switch {
			case strings.HasPrefix(s[p:], "-}}"):
				lx.endTag(tokVarEnd, skipSpace(s, p+3))
				return
			case strings.HasPrefix(s[p:], "}}"):
				lx.endTag(tokVarEnd, p+2)
				return
			}
		}
	}
	r, _ := utf8.DecodeRuneInString(s[p:])
	switch {
	case unicode.IsSpace(r):
		end := skipSpace(s, p)
		lx.line += strings.Count(s[p:end], "\n")
		lx.pos = end
	case r >= '0' && r <= '9':
		lx.lexNumber()
	case r == '_' || unicode.IsLetter(r):
		end := p
		for end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			end += n
		}
		lx.pending = append(lx.pending, token{kind: tokName, val: s[p:end], line: lx.line})
		lx.pos = end
	case r == '\'' || r == '"':
		if lx.lexString(byte(r)) {
			return
		}
		lx.fail("unexpected char %s at %d", pyQuote(string(r)), p)
	default:
		for _, op := range operators {
			if strings.HasPrefix(s[p:], op) {
				lx.operator(op)
				return
			}
		}
		lx.fail("unexpected char %s at %d", pyQuote(string(r)), p)
	}
}

func (lx *lexer) endTag(kind string, end int) {
	lx.emit(kind, "")
	lx.line += strings.Count(lx.src[lx.pos:end], "\n")
	lx.lineStarting = strings.HasSuffix(lx.src[:end], "\n")
	lx.pos = end
	lx.state = "root"
}

func (lx *lexer) operator(op string) {
	switch op {
	case "{":
		lx.balance = append(lx.balance, '}')
	case "(":
		lx.balance = append(lx.balance, ')')
	case "[":
		lx.balance = append(lx.balance, ']')
	case "}", ")", "]":
		if len(lx.balance) == 0 {
			lx.fail("unexpected '%s'", op)
		}
		want := lx.balance[len(lx.balance)-1]
		lx.balance = lx.balance[:len(lx.balance)-1]
		if want != op[0] {
			lx.fail("unexpected '%s', expected '%c'", op, want)
		}
	}
	lx.pending = append(lx.pending, token{kind: tokOp, val: op, line: lx.line})
	lx.pos += len(op)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits matches `(\d+_)*\d+` at i and returns its end, or i.
func digits(s string, i int) int {
	j := i
	for {
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == j {
			return j
		}
		if k < len(s)-1 && s[k] == '_' && isDigit(s[k+1]) {
			j = k + 1
			continue
		}
		return k
	}
}

func (lx *lexer) lexNumber() {
	s, p := lx.src, lx.pos
	// float: digits ((.digits)? e[+-]?digits | .digits), not right after
	// a dot: x.1.2 is x[1][2]
	if d := digits(s, p); d > p && (p == 0 || s[p-1] != '.') {
		end := -1
		k := d
		if k < len(s) && s[k] == '.' {
			if f := digits(s, k+1); f > k+1 {
				end = f
				k = f
			}
		}
		if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
			e := k + 1
			if e < len(s) && (s[e] == '+' || s[e] == '-') {
				e++
			}
			if x := digits(s, e); x > e {
				end = x
			}
		}
		if end > 0 {
			text := strings.ReplaceAll(s[p:end], "_", "")
			f, err := strconv.ParseFloat(text, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) { // Python's float() reads 1e400 as inf, 1e-400 as 0.0
				lx.fail("invalid float literal %s", text)
			}
			lx.pending = append(lx.pending, token{kind: tokFloat, val: s[p:end], num: f, line: lx.line})
			lx.pos = end
			return
		}
	}
	end, base := p, 10
	if s[p] == '0' && p+1 < len(s) {
		switch s[p+1] {
		case 'b', 'B':
			base = 2
		case 'o', 'O':
			base = 8
		case 'x', 'X':
			base = 16
		}
	}
	if base != 10 {
		end = p + 2
		for end < len(s) && (isBaseDigit(s[end], base) || (s[end] == '_' && end+1 < len(s) && isBaseDigit(s[end+1], base))) {
			end++
		}
		if end == p+2 {
			end, base = p+1, 10 // just "0"
		}
	} else if s[p] == '0' {
		end = p + 1
		for end+1 < len(s) && (s[end] == '0' || (s[end] == '_' && s[end+1] == '0')) {
			end++
		}
		if end < len(s) && s[end] == '0' {
			end++
		}
	} else {
		end = digits(s, p)
	}
	text := strings.ReplaceAll(s[p:end], "_", "")
	if base != 10 {
		text = text[2:]
	}
	var n any
	if i, err := strconv.ParseInt(text, base, 64); err == nil {
		n = i
	} else if b, ok := new(big.Int).SetString(text, base); ok {
		n = data.Int(b) // Python's ints are unbounded
	} else {
		lx.fail("invalid integer literal %s", s[p:end])
	}
	lx.pending = append(lx.pending, token{kind: tokInt, val: s[p:end], num: n, line: lx.line})
	lx.pos = end
}

func isBaseDigit(c byte, base int) bool {
	switch base {
	case 2:
		return c == '0' || c == '1'
	case 8:
		return c >= '0' && c <= '7'
	}
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// lexString reads a quoted string with Python escapes. It reports false when
// the string is not terminated.
func (lx *lexer) lexString(q byte) bool {
	s, p := lx.src, lx.pos
	i := p + 1
	for i < len(s) && s[i] != q {
		if s[i] == '\\' {
			i++
		}
		i++
	}
	if i >= len(s) {
		return false
	}
	raw := s[p+1 : i]
	val, err := unescape(raw)
	if err != nil {
		lx.fail("%s", err.Error())
	}
	lx.pending = append(lx.pending, token{kind: tokString, val: val, line: lx.line})
	lx.line += strings.Count(raw, "\n")
	lx.pos = i + 1
	return true
}

// unescape decodes Python's string escapes.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case '\n':
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case 'x', 'u', 'U':
			if r, ok := data.SurrogatePairAt(s, i-1); ok {
				b.WriteRune(r)
				i += 10
				continue
			}
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			if i+n >= len(s) {
				return "", fmt.Errorf("truncated \\%cXX escape", c)
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", fmt.Errorf("truncated \\%cXX escape", c)
			}
			b.WriteRune(rune(v))
			i += n
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			b.WriteRune(rune(v))
			i = j - 1
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// pyQuote is Python's repr() of a string.
func pyQuote(s string) string { return strReprQuoted(s) }
