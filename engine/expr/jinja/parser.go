package jinja

import (
	"fmt"
	"strings"
)

// maxNesting bounds the depth of nested expressions and blocks, so that a
// hostile template cannot exhaust the stack. Python gives up much earlier.
const maxNesting = 200

// parser is a recursive-descent parser following Jinja's parser.py. Errors
// are raised as panics of *syntaxError and recovered by parseTemplate and
// parseExpression.
type parser struct {
	lx       *lexer
	cur      token
	peek     *token
	depth    int
	endStack [][]string
	tagStack []string
	// sawCaller, sawVarargs and sawKwargs record uses of the names
	// caller, varargs and kwargs, which make a macro accept a {% call %}
	// block, extra positional arguments and extra keyword arguments.
	sawCaller, sawVarargs, sawKwargs bool
}

func newParser(src string, variable bool) *parser {
	p := &parser{lx: newLexer(src, variable)}
	p.cur = p.lx.next()
	return p
}

func catchSyntax(err *error) {
	if r := recover(); r != nil {
		se, ok := r.(*syntaxError)
		if !ok {
			panic(r)
		}
		*err = se
	}
}

// parseTemplate parses a whole template.
func parseTemplate(src string) (body []stmt, err error) {
	defer catchSyntax(&err)
	p := newParser(src, false)
	return p.subparse(nil), nil
}

// compileExpressionError is the text of the error Jinja's
// compile_expression raises for src, which does not parse as one
// expression: a lexer error on the first token is raised while the token
// stream is built, outside the handler that translates syntax errors, so
// its text keeps the line ("unexpected char '`' at 1\n  line 1").
func compileExpressionError(src string) string {
	var first error
	func() {
		defer catchSyntax(&first)
		newParser(src, true)
	}()
	if se, ok := first.(*syntaxError); ok {
		return fmt.Sprintf("%s\n  line %d", se.msg, se.line)
	}
	if _, err := parseExpression(src); err != nil {
		return err.Error()
	}
	return ""
}

// parseExpression parses src as one expression, as Jinja's
// compile_expression does.
func parseExpression(src string) (n node, err error) {
	defer catchSyntax(&err)
	p := newParser(src, true)
	n = p.parseExpr(true)
	if p.cur.kind != tokEOF {
		p.fail("chunk after expression")
	}
	return n, nil
}

func (p *parser) fail(format string, args ...any) {
	panic(&syntaxError{msg: fmt.Sprintf(format, args...), line: p.cur.line})
}

func (p *parser) next() token {
	t := p.cur
	if p.peek != nil {
		p.cur = *p.peek
		p.peek = nil
	} else {
		p.cur = p.lx.next()
	}
	return t
}

func (p *parser) look() token {
	if p.peek == nil {
		t := p.lx.next()
		p.peek = &t
	}
	return *p.peek
}

func (p *parser) isOp(op string) bool   { return p.cur.kind == tokOp && p.cur.val == op }
func (p *parser) isName(n string) bool  { return p.cur.kind == tokName && p.cur.val == n }
func (p *parser) isKind(k string) bool  { return p.cur.kind == k }
func (p *parser) skipOp(op string) bool { return p.isOp(op) && p.skip() }
func (p *parser) skipName(n string) bool {
	return p.isName(n) && p.skip()
}
func (p *parser) skip() bool { p.next(); return true }

// expect consumes a token of the given kind ("name", "block_end", ...), a
// name with a value ("name:endfor") or an operator ("op:)").
func (p *parser) expect(want string) token {
	ok := false
	kind, val, hasVal := strings.Cut(want, ":")
	switch {
	case kind == "op":
		ok = p.isOp(val)
	case hasVal:
		ok = p.cur.kind == kind && p.cur.val == val
	default:
		ok = p.cur.kind == kind
	}
	if !ok {
		desc := describeExpect(want)
		if p.cur.kind == tokEOF {
			p.fail("unexpected end of template, expected %s.", pyQuote(desc))
		}
		p.fail("expected token %s, got %s", pyQuote(desc), pyQuote(p.cur.describe()))
	}
	return p.next()
}

func describeExpect(want string) string {
	kind, val, hasVal := strings.Cut(want, ":")
	if hasVal {
		return val
	}
	return describeKind(kind)
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxNesting {
		p.fail("template nesting too deep")
	}
}

func (p *parser) leave() { p.depth-- }

// ---- statements ----

func (p *parser) testEnd(ends []string) bool {
	for _, e := range ends {
		if p.isName(strings.TrimPrefix(e, "name:")) {
			return true
		}
	}
	return false
}

func (p *parser) subparse(ends []string) []stmt {
	p.enter()
	defer p.leave()
	if ends != nil {
		p.endStack = append(p.endStack, ends)
		defer func() { p.endStack = p.endStack[:len(p.endStack)-1] }()
	}
	var body []stmt
	for p.cur.kind != tokEOF {
		switch p.cur.kind {
		case tokData:
			body = append(body, &textStmt{text: p.next().val})
		case tokVarBegin:
			p.next()
			body = append(body, &outputStmt{x: p.parseTuple(false, true, nil, false)})
			p.expect(tokVarEnd)
		case tokBlockBegin:
			p.next()
			if ends != nil && p.testEnd(ends) {
				return body
			}
			body = append(body, p.parseStatement())
			p.expect(tokBlockEnd)
		default:
			p.fail("internal parsing error")
		}
	}
	return body
}

func (p *parser) parseStatements(ends []string, dropNeedle bool) []stmt {
	p.skipOp(":")
	p.expect(tokBlockEnd)
	body := p.subparse(ends)
	if p.cur.kind == tokEOF {
		p.failEOF(ends)
	}
	if dropNeedle {
		p.next()
	}
	return body
}

func (p *parser) parseStatement() stmt {
	if p.cur.kind != tokName {
		p.fail("tag name expected")
	}
	name := p.cur.val
	p.tagStack = append(p.tagStack, name)
	defer func() { p.tagStack = p.tagStack[:len(p.tagStack)-1] }()
	switch name {
	case "if":
		return p.parseIf()
	case "for":
		return p.parseFor()
	case "set":
		return p.parseSet()
	case "with":
		return p.parseWith()
	case "filter":
		p.next()
		f := p.parseFilter(nil, true).(*filterNode)
		return &filterBlockStmt{filter: f, body: p.parseStatements([]string{"name:endfilter"}, true)}
	case "macro":
		return p.parseMacro()
	case "call":
		return p.parseCallBlock()
	case "block":
		p.next()
		name := p.expect(tokName).val
		p.skipName("scoped")
		p.skipName("required")
		body := p.parseStatements([]string{"name:endblock"}, true)
		p.skipName(name)
		return &blockStmt{body: body}
	case "include", "import", "from", "extends":
		p.parseLoadTag(name)
		return &noLoadStmt{}
	case "print":
		p.next()
		return &outputStmt{x: p.parseTuple(false, true, nil, false)}
	case "autoescape":
		p.next()
		on := p.parseExpr(true)
		return &autoescapeStmt{on: on, body: p.parseStatements([]string{"name:endautoescape"}, true)}
	}
	p.tagStack = p.tagStack[:len(p.tagStack)-1]
	defer func() { p.tagStack = append(p.tagStack, name) }()
	p.failUnknown(name)
	return nil
}

// parseLoadTag reads the rest of an extends, include, import or from tag
// with Jinja's grammar, so that a malformed one is a syntax error; the
// template it names is never loaded (Mistral's environment has no loader).
func (p *parser) parseLoadTag(name string) {
	p.next()
	p.parseExpr(true)
	switch name {
	case "include":
		if la := p.look(); p.isName("ignore") && la.kind == tokName && la.val == "missing" {
			p.next()
			p.next()
		}
	case "import":
		p.expect("name:as")
		p.expect(tokName)
	case "from":
		p.expect("name:import")
		for {
			if p.isName("with") || p.isName("without") {
				break
			}
			p.expect(tokName)
			if p.skipName("as") {
				p.expect(tokName)
			}
			if !p.skipOp(",") {
				break
			}
		}
	}
	if la := p.look(); name != "extends" && (p.isName("with") || p.isName("without")) && la.kind == tokName && la.val == "context" {
		p.next()
		p.next()
	}
}

func (p *parser) failEOF(ends []string) {
	stack := append([][]string{}, p.endStack...)
	if ends != nil {
		stack = append(stack, ends)
	}
	p.failTag("", stack)
}

func (p *parser) failUnknown(name string) { p.failTag(name, p.endStack) }

func (p *parser) failTag(name string, stack [][]string) {
	expected := map[string]bool{}
	for _, ends := range stack {
		for _, e := range ends {
			expected[describeExpect(e)] = true
		}
	}
	var looking []string
	if len(stack) > 0 {
		for _, e := range stack[len(stack)-1] {
			looking = append(looking, pyQuote(describeExpect(e)))
		}
	}
	msg := []string{"Unexpected end of template."}
	if name != "" {
		msg = []string{fmt.Sprintf("Encountered unknown tag %s.", pyQuote(name))}
	}
	if len(looking) > 0 {
		cur := strings.Join(looking, " or ")
		if name != "" && expected[name] {
			msg = append(msg, "You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "+cur+".")
		} else {
			msg = append(msg, "Jinja was looking for the following tags: "+cur+".")
		}
	}
	if len(p.tagStack) > 0 {
		msg = append(msg, fmt.Sprintf("The innermost block that needs to be closed is %s.", pyQuote(p.tagStack[len(p.tagStack)-1])))
	}
	p.fail("%s", strings.Join(msg, " "))
}

func (p *parser) parseIf() stmt {
	p.expect("name:if")
	s := &ifStmt{}
	for {
		s.tests = append(s.tests, p.parseTuple(false, false, nil, false))
		s.bodies = append(s.bodies, p.parseStatements([]string{"name:elif", "name:else", "name:endif"}, false))
		t := p.next()
		if t.val == "elif" {
			continue
		}
		if t.val == "else" {
			s.els = p.parseStatements([]string{"name:endif"}, true)
		}
		return s
	}
}

func (p *parser) parseFor() stmt {
	p.expect("name:for")
	s := &forStmt{}
	s.target = p.parseAssignTarget([]string{"name:in"}, false)
	p.expect("name:in")
	s.iter = p.parseTuple(false, false, []string{"name:recursive"}, false)
	if p.skipName("if") {
		s.cond = p.parseExpr(true)
	}
	s.recursive = p.skipName("recursive")
	s.body = p.parseStatements([]string{"name:endfor", "name:else"}, false)
	if p.next().val != "endfor" {
		s.els = p.parseStatements([]string{"name:endfor"}, true)
	}
	return s
}

func (p *parser) parseSet() stmt {
	p.next()
	target := p.parseAssignTarget(nil, true)
	if p.skipOp("=") {
		return &setStmt{target: target, value: p.parseTuple(false, true, nil, false)}
	}
	var f *filterNode
	if p.isOp("|") {
		f = p.parseFilter(nil, false).(*filterNode)
	}
	return &setBlockStmt{target: target, filter: f, body: p.parseStatements([]string{"name:endset"}, true)}
}

func (p *parser) parseMacro() stmt {
	p.next()
	m := &macroStmt{name: p.expect(tokName).val}
	p.parseMacroParams(m)
	p.parseMacroBody(m, "name:endmacro")
	return m
}

// parseMacroBody reads the body of a macro or call block up to end and
// notes which of the names caller, varargs and kwargs it uses. As in
// Jinja, a use inside a nested macro or call block counts for the
// enclosing macro too.
func (p *parser) parseMacroBody(m *macroStmt, end string) {
	outerCaller, outerVarargs, outerKwargs := p.sawCaller, p.sawVarargs, p.sawKwargs
	p.sawCaller, p.sawVarargs, p.sawKwargs = false, false, false
	m.body = p.parseStatements([]string{end}, true)
	m.usesCaller, m.usesVarargs, m.usesKwargs = p.sawCaller, p.sawVarargs, p.sawKwargs
	p.sawCaller = outerCaller || m.usesCaller
	p.sawVarargs = outerVarargs || m.usesVarargs
	p.sawKwargs = outerKwargs || m.usesKwargs
}

// parseMacroParams reads a parenthesised parameter list with defaults.
func (p *parser) parseMacroParams(m *macroStmt) {
	p.expect("op:(")
	for !p.isOp(")") {
		if len(m.params) > 0 {
			p.expect("op:,")
		}
		m.params = append(m.params, p.expect(tokName).val)
		if p.skipOp("=") {
			m.defaults = append(m.defaults, p.parseExpr(true))
		} else if len(m.defaults) > 0 {
			p.fail("non-default argument follows default argument")
		}
	}
	p.expect("op:)")
}

func (p *parser) parseCallBlock() stmt {
	p.next()
	caller := &macroStmt{name: "caller"}
	if p.isOp("(") {
		p.parseMacroParams(caller)
	}
	call, ok := p.parseExpr(true).(*callNode)
	if !ok {
		p.fail("expected call")
	}
	p.parseMacroBody(caller, "name:endcall")
	return &callBlockStmt{caller: caller, call: call}
}

func (p *parser) parseWith() stmt {
	p.next()
	s := &withStmt{}
	for p.cur.kind != tokBlockEnd {
		if len(s.targets) > 0 {
			p.expect("op:,")
		}
		s.targets = append(s.targets, p.parseAssignTarget(nil, false))
		p.expect("op:=")
		s.values = append(s.values, p.parseExpr(true))
	}
	s.body = p.parseStatements([]string{"name:endwith"}, true)
	return s
}

func (p *parser) parseAssignTarget(extraEnd []string, withNamespace bool) node {
	if withNamespace && p.cur.kind == tokName && p.look().kind == tokOp && p.look().val == "." {
		ns := p.expect(tokName)
		p.next()
		attr := p.expect(tokName)
		return &attrNode{obj: &nameNode{name: ns.val}, name: attr.val}
	}
	target := p.parseTuple(true, true, extraEnd, false)
	if !canAssign(target) {
		p.fail("can't assign to %s", pyQuote(nodeKind(target)))
	}
	return target
}

func canAssign(n node) bool {
	switch t := n.(type) {
	case *nameNode:
		switch t.name {
		case "true", "false", "none", "True", "False", "None":
			return false
		}
		return true
	case *tupleNode:
		for _, it := range t.items {
			if !canAssign(it) {
				return false
			}
		}
		return true
	}
	return false
}

func nodeKind(n node) string {
	switch n.(type) {
	case *constNode:
		return "const"
	case *listNode:
		return "list"
	case *dictNode:
		return "dict"
	case *tupleNode:
		return "tuple"
	}
	return "expression"
}

// ---- expressions ----

func (p *parser) isTupleEnd(extraEnd []string) bool {
	switch {
	case p.cur.kind == tokVarEnd, p.cur.kind == tokBlockEnd, p.isOp(")"):
		return true
	}
	return extraEnd != nil && p.testEnd(extraEnd)
}

// parseTuple parses comma-separated expressions; a single one without a
// comma is returned as it is.
func (p *parser) parseTuple(simplified, withCond bool, extraEnd []string, explicitParens bool) node {
	var items []node
	isTuple := false
	for {
		if len(items) > 0 {
			p.expect("op:,")
		}
		if p.isTupleEnd(extraEnd) {
			break
		}
		switch {
		case simplified:
			items = append(items, p.parsePrimary())
		default:
			items = append(items, p.parseExpr(withCond))
		}
		if p.isOp(",") {
			isTuple = true
		} else {
			break
		}
	}
	if !isTuple {
		if len(items) > 0 {
			return items[0]
		}
		if !explicitParens {
			p.fail("Expected an expression, got %s", pyQuote(p.cur.describe()))
		}
	}
	return &tupleNode{items: items}
}

func (p *parser) parseExpr(withCond bool) node {
	p.enter()
	defer p.leave()
	if withCond {
		return p.parseCondExpr()
	}
	return p.parseOr()
}

func (p *parser) parseCondExpr() node {
	line := p.cur.line
	x := p.parseOr()
	for p.skipName("if") {
		c := &condNode{yes: x, test: p.parseOr(), line: line}
		if p.skipName("else") {
			c.no = p.parseCondExpr()
		}
		x = c
	}
	return x
}

func (p *parser) parseOr() node {
	l := p.parseAnd()
	for p.skipName("or") {
		l = &binNode{op: "or", l: l, r: p.parseAnd()}
	}
	return l
}

func (p *parser) parseAnd() node {
	l := p.parseNot()
	for p.skipName("and") {
		l = &binNode{op: "and", l: l, r: p.parseNot()}
	}
	return l
}

func (p *parser) parseNot() node {
	if p.skipName("not") {
		p.enter()
		defer p.leave()
		return &unaryNode{op: "not", x: p.parseNot()}
	}
	return p.parseCompare()
}

func (p *parser) parseCompare() node {
	first := p.parseMath1()
	c := &compareNode{first: first}
	for {
		switch {
		case p.cur.kind == tokOp && isCompareOp(p.cur.val):
			op := p.next().val
			c.ops = append(c.ops, op)
			c.rest = append(c.rest, p.parseMath1())
		case p.skipName("in"):
			c.ops = append(c.ops, "in")
			c.rest = append(c.rest, p.parseMath1())
		case p.isName("not") && p.look().kind == tokName && p.look().val == "in":
			p.next()
			p.next()
			c.ops = append(c.ops, "notin")
			c.rest = append(c.rest, p.parseMath1())
		default:
			if len(c.ops) == 0 {
				return first
			}
			return c
		}
	}
}

func isCompareOp(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

func (p *parser) parseMath1() node {
	l := p.parseConcat()
	for p.isOp("+") || p.isOp("-") {
		op := p.next().val
		l = &binNode{op: op, l: l, r: p.parseConcat()}
	}
	return l
}

func (p *parser) parseConcat() node {
	parts := []node{p.parseMath2()}
	for p.skipOp("~") {
		parts = append(parts, p.parseMath2())
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return &concatNode{parts: parts}
}

func (p *parser) parseMath2() node {
	l := p.parsePow()
	for p.isOp("*") || p.isOp("/") || p.isOp("//") || p.isOp("%") {
		op := p.next().val
		l = &binNode{op: op, l: l, r: p.parsePow()}
	}
	return l
}

func (p *parser) parsePow() node {
	l := p.parseUnary(true)
	for p.skipOp("**") {
		l = &binNode{op: "**", l: l, r: p.parseUnary(true)}
	}
	return l
}

func (p *parser) parseUnary(withFilter bool) node {
	p.enter()
	defer p.leave()
	var n node
	switch {
	case p.skipOp("-"):
		n = &unaryNode{op: "-", x: p.parseUnary(false)}
	case p.skipOp("+"):
		n = &unaryNode{op: "+", x: p.parseUnary(false)}
	default:
		n = p.parsePrimary()
	}
	n = p.parsePostfix(n)
	if withFilter {
		n = p.parseFilterExpr(n)
	}
	return n
}

func (p *parser) parsePrimary() node {
	p.enter()
	defer p.leave()
	t := p.cur
	switch t.kind {
	case tokName:
		p.next()
		switch t.val {
		case "true", "True":
			return &constNode{v: true}
		case "false", "False":
			return &constNode{v: false}
		case "none", "None":
			return &constNode{v: nil}
		}
		switch t.val {
		case "caller":
			p.sawCaller = true
		case "varargs":
			p.sawVarargs = true
		case "kwargs":
			p.sawKwargs = true
		}
		return &nameNode{name: t.val}
	case tokString:
		p.next()
		s := t.val
		for p.cur.kind == tokString {
			s += p.next().val
		}
		return &constNode{v: s}
	case tokInt, tokFloat:
		p.next()
		return &constNode{v: t.num}
	case tokOp:
		switch t.val {
		case "(":
			p.next()
			n := p.parseTuple(false, true, nil, true)
			p.expect("op:)")
			return n
		case "[":
			return p.parseList()
		case "{":
			return p.parseDict()
		}
	}
	p.fail("unexpected %s", pyQuote(t.describe()))
	return nil
}

func (p *parser) parseList() node {
	p.expect("op:[")
	l := &listNode{}
	for !p.isOp("]") {
		if len(l.items) > 0 {
			p.expect("op:,")
		}
		if p.isOp("]") {
			break
		}
		l.items = append(l.items, p.parseExpr(true))
	}
	p.expect("op:]")
	return l
}

func (p *parser) parseDict() node {
	p.expect("op:{")
	d := &dictNode{}
	for !p.isOp("}") {
		if len(d.keys) > 0 {
			p.expect("op:,")
		}
		if p.isOp("}") {
			break
		}
		d.keys = append(d.keys, p.parseExpr(true))
		p.expect("op::")
		d.vals = append(d.vals, p.parseExpr(true))
	}
	p.expect("op:}")
	return d
}

func (p *parser) parsePostfix(n node) node {
	for {
		switch {
		case p.isOp(".") || p.isOp("["):
			n = p.parseSubscript(n)
		case p.isOp("("):
			n = &callNode{fn: n, args: p.parseCallArgs()}
		default:
			return n
		}
	}
}

func (p *parser) parseFilterExpr(n node) node {
	for {
		switch {
		case p.isOp("|"):
			n = p.parseFilter(n, false)
		case p.isName("is"):
			n = p.parseTest(n)
		case p.isOp("("):
			n = &callNode{fn: n, args: p.parseCallArgs()}
		default:
			return n
		}
	}
}

func (p *parser) parseSubscript(n node) node {
	t := p.next()
	if t.val == "." {
		a := p.next()
		switch a.kind {
		case tokName:
			return &attrNode{obj: n, name: a.val}
		case tokInt:
			return &itemNode{obj: n, key: &constNode{v: a.num}}
		}
		p.fail("expected name or number")
	}
	var args []node
	for !p.isOp("]") {
		if len(args) > 0 {
			p.expect("op:,")
		}
		args = append(args, p.parseSubscribed())
	}
	p.expect("op:]")
	if len(args) == 1 {
		return &itemNode{obj: n, key: args[0]}
	}
	return &itemNode{obj: n, key: &tupleNode{items: args}}
}

func (p *parser) parseSubscribed() node {
	var args []node
	if p.skipOp(":") {
		args = []node{nil}
	} else {
		x := p.parseExpr(true)
		if !p.skipOp(":") {
			return x
		}
		args = []node{x}
	}
	switch {
	case p.isOp(":"):
		args = append(args, nil)
	case !p.isOp("]") && !p.isOp(","):
		args = append(args, p.parseExpr(true))
	default:
		args = append(args, nil)
	}
	if p.skipOp(":") {
		if !p.isOp("]") && !p.isOp(",") {
			args = append(args, p.parseExpr(true))
		} else {
			args = append(args, nil)
		}
	} else {
		args = append(args, nil)
	}
	return &sliceNode{start: args[0], stop: args[1], step: args[2]}
}

func (p *parser) parseCallArgs() callArgs {
	p.expect("op:(")
	var a callArgs
	ensure := func(ok bool) {
		if !ok {
			p.fail("invalid syntax for function call expression")
		}
	}
	requireComma := false
	for !p.isOp(")") {
		if requireComma {
			p.expect("op:,")
			if p.isOp(")") {
				break
			}
		}
		switch {
		case p.isOp("*"):
			ensure(a.dynPos == nil && a.dynKw == nil)
			p.next()
			a.dynPos = p.parseExpr(true)
		case p.isOp("**"):
			ensure(a.dynKw == nil)
			p.next()
			a.dynKw = p.parseExpr(true)
		case p.cur.kind == tokName && p.look().kind == tokOp && p.look().val == "=":
			ensure(a.dynKw == nil)
			key := p.next().val
			p.next()
			a.kwNames = append(a.kwNames, key)
			a.kwVals = append(a.kwVals, p.parseExpr(true))
		default:
			ensure(a.dynPos == nil && a.dynKw == nil && len(a.kwNames) == 0)
			a.pos = append(a.pos, p.parseExpr(true))
		}
		requireComma = true
	}
	p.expect("op:)")
	return a
}

func (p *parser) dottedName() string {
	name := p.expect(tokName).val
	for p.skipOp(".") {
		name += "." + p.expect(tokName).val
	}
	return name
}

func (p *parser) parseFilter(n node, startInline bool) node {
	for p.isOp("|") || startInline {
		if !startInline {
			p.next()
		}
		f := &filterNode{x: n, name: p.dottedName()}
		if p.isOp("(") {
			f.args = p.parseCallArgs()
		}
		n = f
		startInline = false
	}
	return n
}

func (p *parser) parseTest(n node) node {
	p.next()
	negate := p.skipName("not")
	t := &testNode{x: n, name: p.dottedName(), negate: negate}
	switch {
	case p.isOp("("):
		t.args = p.parseCallArgs()
	case (p.cur.kind == tokName || p.cur.kind == tokString || p.cur.kind == tokInt || p.cur.kind == tokFloat ||
		p.isOp("(") || p.isOp("[") || p.isOp("{")) && !p.isName("else") && !p.isName("or") && !p.isName("and"):
		if p.isName("is") {
			p.fail("You cannot chain multiple tests with is")
		}
		t.args.pos = []node{p.parsePostfix(p.parsePrimary())}
	}
	return t
}
