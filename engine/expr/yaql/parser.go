package yaql

import (
	"fmt"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// maxParseDepth bounds nesting so that hostile input cannot exhaust the
// stack while parsing.
const maxParseDepth = 200

// Binding powers, from yaql's operator table (higher binds tighter).
const (
	bpArrow   = 1
	bpOr      = 2
	bpAnd     = 3
	bpNot     = 4
	bpCompare = 5
	bpAdd     = 6
	bpMul     = 7
	bpMatch   = 8
	bpUnary   = 9
	bpIndex   = 10
	bpDot     = 11
)

var binaryBP = map[string]int{
	"->": bpArrow, "or": bpOr, "and": bpAnd,
	">": bpCompare, "<": bpCompare, ">=": bpCompare, "<=": bpCompare, "!=": bpCompare, "=": bpCompare, "in": bpCompare,
	"+": bpAdd, "-": bpAdd,
	"*": bpMul, "/": bpMul, "mod": bpMul,
	"=~": bpMatch, "!~": bpMatch,
	".": bpDot, "?.": bpDot,
}

type grammarError struct{ msg string }

func (g *grammarError) Error() string { return g.msg }

func grammarErr(msg string) error { return &grammarError{msg} }

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// parse turns expression text into an AST. yaql's lexer runs as its
// parser asks for tokens: a parse error on a token before an illegal
// character wins over the lexical error.
func parse(src string) (n node, err error) {
	toks, lexErr := lex(src)
	p := &parser{src: src, toks: toks}
	defer func() {
		if r := recover(); r != nil {
			g, ok := r.(*grammarError)
			if !ok {
				panic(r)
			}
			n, err = nil, g
			if lexErr != nil && p.i >= len(toks)-1 {
				err = lexErr // the parser reached the illegal character
			}
		}
	}()
	n = p.expr(0)
	if p.peek().kind != tEOF {
		p.unexpected()
	}
	if lexErr != nil {
		return nil, lexErr
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// unexpected reports the current token as yaql's parser does: with the
// token's value as Python prints it ($name for a variable, a string's
// decoded text, 2.5 for 2.50, True, None) and its position in characters.
func (p *parser) unexpected() {
	t := p.peek()
	if t.kind == tEOF {
		panic(&grammarError{"Parse error: unexpected end of statement"})
	}
	text := t.text
	switch t.kind {
	case tDollar:
		text = "$" + t.text
	case tNumber, tString, tTrue, tFalse, tNull:
		text = data.Str(t.val)
	}
	pos := utf8.RuneCountInString(p.src[:t.pos])
	panic(&grammarError{fmt.Sprintf("Parse error: unexpected '%s' at position %d of expression '%s'", text, pos, p.src)})
}

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == s
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) expect(s string) {
	if !p.isPunct(s) {
		p.unexpected()
	}
	p.next()
}

// expr parses an expression whose operators bind tighter than minBP.
func (p *parser) expr(minBP int) node {
	p.depth++
	if p.depth > maxParseDepth {
		panic(&grammarError{"Parse error: expression is nested too deeply"})
	}
	defer func() { p.depth-- }()

	left := p.prefix()
	for {
		t := p.peek()
		switch {
		case t.kind == tPunct && t.text == "[":
			if bpIndex < minBP {
				return left
			}
			p.next()
			left = &indexNode{x: left, args: p.args("]")}
		case t.kind == tOp:
			bp, ok := binaryBP[t.text]
			if !ok || bp < minBP {
				return left
			}
			p.next()
			switch t.text {
			case "->":
				left = &arrowNode{l: left, r: p.expr(bp)}
			case ".", "?.":
				left = &dotNode{left: left, right: p.expr(bp + 1), elvis: t.text == "?."}
			default:
				left = &binNode{op: t.text, l: left, r: p.expr(bp + 1)}
			}
		default:
			return left
		}
	}
}

func (p *parser) prefix() node {
	t := p.next()
	switch t.kind {
	case tNumber, tString, tTrue, tFalse:
		return &constNode{v: t.val}
	case tNull:
		return &constNode{v: nil}
	case tKeyword:
		return &keywordNode{name: t.text}
	case tDollar:
		name := t.text
		if name == "" {
			name = "1"
		}
		return &varNode{name: name}
	case tFunc:
		return &callNode{name: t.text, args: p.args(")")}
	case tOp:
		switch t.text {
		case "-", "+":
			return &unaryNode{op: t.text, x: p.expr(bpUnary)}
		case "not":
			return &unaryNode{op: "not", x: p.expr(bpNot)}
		}
	case tPunct:
		switch t.text {
		case "(":
			x := p.expr(0)
			p.expect(")")
			return &parenNode{x: x}
		case "[":
			return &listNode{items: p.args("]")}
		case "{":
			return &mapNode{items: p.args("}")}
		}
	}
	p.i--
	if t.kind == tEOF {
		p.i = len(p.toks) - 1
	}
	p.unexpected()
	return nil
}

// args parses a comma-separated argument list up to the closing token:
// positional arguments (possibly omitted, as in f(1,,3)) followed by
// name => value pairs.
func (p *parser) args(closing string) []node {
	var out []node
	if p.isPunct(closing) {
		p.next()
		return out
	}
	named := false
	for {
		if p.isPunct(",") {
			if named {
				p.unexpected()
			}
			out = append(out, emptyNode{})
			p.next()
			continue
		}
		x := p.expr(0)
		if p.isOp("=>") {
			p.next()
			x = &mappingNode{key: x, val: p.expr(0)}
			named = true
		} else if named {
			// Positional arguments cannot follow named ones; yaql's
			// grammar finds out at the token after the value, where it
			// wanted the "=>" of another named argument.
			p.unexpected()
		}
		out = append(out, x)
		if p.isPunct(closing) {
			p.next()
			return out
		}
		if !p.isPunct(",") {
			p.unexpected()
		}
		p.next()
		if p.isPunct(closing) {
			p.unexpected()
		}
	}
}

// Compile parses text into a program.
func (l *Language) Compile(text string) (expr.Program, error) {
	n, err := parse(text)
	if err != nil {
		return nil, &expr.GrammarError{Lang: "yaql", Expr: text, Msg: err.Error()}
	}
	return &Program{text: text, root: n}, nil
}
