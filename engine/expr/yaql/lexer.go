package yaql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

type tokKind int

const (
	tEOF tokKind = iota
	tNumber
	tString  // quoted or verbatim string
	tKeyword // bare identifier: evaluates to its own name
	tFunc    // identifier immediately followed by '('; the '(' is consumed
	tDollar
	tTrue
	tFalse
	tNull
	tOp    // operator, text in tok.text
	tPunct // one of ( ) , ] } [ {
)

type token struct {
	kind tokKind
	text string // source text (operator, identifier, variable name)
	val  any    // literal value for numbers and strings
	pos  int    // byte offset in the expression
}

// operator words: identifiers that are operators, not strings.
var wordOps = map[string]bool{"mod": true, "in": true, "not": true, "and": true, "or": true}

// symbolic operators, longest first so that "?." wins over "?" and so on.
var symOps = []string{"?.", "=>", "->", "=~", "!~", "!=", ">=", "<=", ".", "+", "-", "*", "/", ">", "<", "="}

// lexError is yaql's "Lexical error" message for the character at byte
// offset i of src; yaql counts positions in characters.
// lexStop ends lexing at an illegal character: the tokens before it, then
// an end at it, and the lexical error.
func lexStop(toks []token, src string, i int) ([]token, error) {
	return append(toks, token{kind: tEOF, pos: i}), lexError(src, i)
}

func lexError(src string, i int) error {
	r, _ := utf8.DecodeRuneInString(src[i:])
	return grammarErr(fmt.Sprintf("Lexical error: illegal character '%c' at position %d", r, utf8.RuneCountInString(src[:i])))
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

// lex splits an expression into tokens, following yaql's ply lexer: rules
// are tried in yaql's order ($var, number, function, keyword, strings,
// operators) and a character that starts none of them is a lexical error.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case c == '$':
			j := i + 1
			for j < len(src) {
				r2, s2 := utf8.DecodeRuneInString(src[j:])
				if !isWord(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, token{kind: tDollar, text: src[i+1 : j], pos: i})
			i = j
			continue
		case c >= '0' && c <= '9':
			if t, n, ok := lexNumber(src, i); ok {
				toks = append(toks, t)
				i = n
				continue
			}
			return lexStop(toks, src, i)
		case isIdentStart(r):
			j := i + size
			for j < len(src) {
				r2, s2 := utf8.DecodeRuneInString(src[j:])
				if !isWord(r2) {
					break
				}
				j += s2
			}
			word := src[i:j]
			if j < len(src) && src[j] == '(' {
				toks = append(toks, token{kind: tFunc, text: word, pos: i})
				i = j + 1
				continue
			}
			if strings.HasPrefix(word, "__") {
				return lexStop(toks, src, i)
			}
			switch {
			case wordOps[word]:
				toks = append(toks, token{kind: tOp, text: word, pos: i})
			case word == "true":
				toks = append(toks, token{kind: tTrue, text: word, val: true, pos: i})
			case word == "false":
				toks = append(toks, token{kind: tFalse, text: word, val: false, pos: i})
			case word == "null":
				toks = append(toks, token{kind: tNull, text: word, pos: i})
			default:
				toks = append(toks, token{kind: tKeyword, text: word, val: word, pos: i})
			}
			i = j
			continue
		case c == '\'' || c == '"' || c == '`':
			end, ok := scanQuoted(src, i)
			if !ok {
				return lexStop(toks, src, i)
			}
			body := src[i+1 : end]
			var v string
			if c == '`' {
				v = strings.ReplaceAll(body, "\\`", "`")
			} else {
				v = decodeEscapes(body)
			}
			toks = append(toks, token{kind: tString, text: src[i : end+1], val: v, pos: i})
			i = end + 1
			continue
		case strings.IndexByte("(),]}[{", c) >= 0:
			toks = append(toks, token{kind: tPunct, text: string(c), pos: i})
			i++
			continue
		}
		matched := false
		for _, op := range symOps {
			if strings.HasPrefix(src[i:], op) {
				toks = append(toks, token{kind: tOp, text: op, pos: i})
				i += len(op)
				matched = true
				break
			}
		}
		if !matched {
			return lexStop(toks, src, i)
		}
	}
	toks = append(toks, token{kind: tEOF, pos: len(src)})
	return toks, nil
}

// lexNumber matches \b\d+(\.?\d+)?\b at i. The trailing word boundary makes
// "1e3" and "1abc" lexical errors.
func lexNumber(src string, i int) (token, int, bool) {
	j := i
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	isFloat := false
	if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' {
		k := j + 1
		for k < len(src) && src[k] >= '0' && src[k] <= '9' {
			k++
		}
		if !followsWord(src, k) {
			j, isFloat = k, true
		}
	}
	if followsWord(src, j) {
		return token{}, 0, false
	}
	text := src[i:j]
	t := token{kind: tNumber, text: text, pos: i}
	if isFloat {
		f, _ := strconv.ParseFloat(text, 64)
		t.val = f
	} else {
		t.val, _ = data.ParseInt(text) // digits only: always an integer

	}
	return t, j, true
}

func followsWord(src string, j int) bool {
	if j >= len(src) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(src[j:])
	return isWord(r)
}

// scanQuoted returns the index of the closing quote of the string starting
// at i; backslash escapes any character.
func scanQuoted(src string, i int) (int, bool) {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j, true
		}
	}
	return 0, false
}

// decodeEscapes applies Python's escape sequences, as yaql does: \uXXXX,
// \UXXXXXXXX, \xXX, octal, \N{name} (left as is: no name table) and the
// single-character escapes. Unknown escapes stay as written.
func decodeEscapes(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch n {
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
		case '\\', '\'', '"':
			b.WriteByte(n)
		case 'x', 'u', 'U':
			width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[n]
			if i+2+width <= len(s) {
				v, err := strconv.ParseUint(s[i+2:i+2+width], 16, 32)
				if err == nil && utf8.ValidRune(rune(v)) {
					b.WriteRune(rune(v))
					i += 1 + width
					continue
				}
				if r, ok := data.SurrogatePairAt(s, i); ok {
					b.WriteRune(r)
					i += 11
					continue
				}
			}
			b.WriteByte('\\')
			b.WriteByte(n)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i + 1
			for j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i+1:j], 8, 32)
			b.WriteRune(rune(v))
			i = j - 1
			continue
		default:
			b.WriteByte('\\')
			b.WriteByte(n)
		}
		i++
	}
	return b.String()
}
