package jinja

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// Language is Jinja as Mistral runs it. It is stateless and safe for
// concurrent use.
type Language struct{}

// New returns the Jinja language.
func New() *Language { return &Language{} }

// firstVar is Mistral's JINJA_REGEXP: the first {{ ... }} on one line.
var firstVar = regexp.MustCompile(`{{(.*?)}}`)

type mode int

const (
	modeTemplate mode = iota // render the whole string
	modeSingle               // the string is one {{ }}: return its value
	modeNoVar                // only block tags: Mistral fails at run time
)

// program is a compiled Jinja string.
type program struct {
	text     string
	mode     mode
	single   node
	body     []stmt
	deferred error // an error Jinja raises when the string is evaluated
	mutates  bool  // calls a method that changes a dict or list in place
}

// mutatingCall finds calls of the dict and list methods that change their
// receiver in place.
var mutatingCall = regexp.MustCompile(`\.\s*(update|pop|popitem|setdefault|clear|sort|reverse|append|extend|insert|remove)\s*\(`)

// Compile parses text, the whole string with its delimiters. A template
// syntax error is a *expr.GrammarError with Mistral's message. Errors that
// Jinja raises only when the string is evaluated (an unknown filter, a
// whole-string expression that is not one expression) are kept for Eval.
func (l *Language) Compile(text string) (prog expr.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, &expr.GrammarError{Lang: "jinja", Expr: text, Msg: fmt.Sprintf("Syntax error 'internal error: %v'.", r)}
		}
	}()
	body, err := parseTemplate(text)
	loc := firstVar.FindStringSubmatchIndex(text)
	if err != nil {
		return nil, &expr.GrammarError{Lang: "jinja", Expr: text, Msg: fmt.Sprintf("Syntax error '%s'.", err),
			RunMsg: runTimeSyntaxMsg(text, loc, err)}
	}
	p := &program{text: text, body: body, mutates: mutatingCall.MatchString(text)}
	switch {
	case loc == nil:
		p.mode = modeNoVar
	case loc[0] == 0 && loc[1] == len(text):
		p.mode = modeSingle
		p.body = nil
		n, err := parseExpression(text[loc[2]:loc[3]])
		if err != nil {
			p.deferred = &evalErr{msg: err.Error()}
			break
		}
		p.single = n
		p.deferred = checkNode(n, false)
		if p.deferred == nil {
			p.single = foldNode(n)
		}
	default:
		p.deferred = checkBody(body, false)
		if p.deferred == nil {
			foldBody(p.body)
		}
	}
	return p, nil
}

// runTimeSyntaxMsg is the message Mistral's InlineJinjaEvaluator.evaluate
// reports for text, whose template does not parse (err), with loc the first
// {{ }} in it: without one it fails to index its matches; a text that is
// one {{ }} has only the inner expression compiled; any other text is
// parsed as a template, failing with err.
func runTimeSyntaxMsg(text string, loc []int, err error) string {
	switch {
	case loc == nil:
		return "list index out of range"
	case loc[0] == 0 && loc[1] == len(text):
		if msg := compileExpressionError(text[loc[2]:loc[3]]); msg != "" {
			return msg
		}
	}
	return err.Error()
}

// Eval evaluates the program with Mistral's rules and returns a value of
// the engine/data model.
func (p *program) Eval(ctx *expr.Context) (any, error) {
	v, err := p.evalRaw(ctx)
	if err != nil {
		return nil, err
	}
	return plain(v), nil
}

// evalRaw evaluates and returns the value before conversion to the data
// model (tuples and Markup kept), for tests that check Python types.
func (p *program) evalRaw(ctx *expr.Context) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = p.fail(ctx, fmt.Errorf("internal error: %v", r))
		}
	}()
	v, err := p.run(ctx)
	if err != nil {
		return nil, p.fail(ctx, err)
	}
	return v, nil
}

func (p *program) fail(ctx *expr.Context, err error) error {
	return &expr.EvalError{Lang: "jinja", Expr: p.text, Msg: err.Error(), Data: ctx.Describe()}
}

func (p *program) run(ctx *expr.Context) (any, error) {
	if p.mode == modeNoVar {
		return nil, errorf("list index out of range")
	}
	if p.deferred != nil {
		return nil, p.deferred
	}
	s := &state{ctx: ctx}
	var d any
	if ctx != nil {
		d = ctx.Value()
	}
	if p.mutates {
		// The data belongs to the engine and to other tasks' expressions:
		// an in-place update stays inside this evaluation, as it does on
		// Mistral for tasks that run in their own transactions.
		d = data.DeepCopy(d)
	}
	root := &frame{names: []string{"_"}, vals: []any{d}}
	if m, ok := d.(*data.Map); ok {
		if ctx.View != nil {
			root.vals[0] = &ctxView{m: m, layers: ctx.View}
		}
		root.names = append(root.names, "__env", "__execution", "__task_execution")
		root.vals = append(root.vals, m.Value("__env"), m.Value("__execution"), m.Value("__task_execution"))
	}
	if p.mode == modeSingle {
		v, err := s.eval(p.single, root)
		if err != nil {
			return nil, err
		}
		// Mistral lists a generator result when it stores it; an element
		// that fails fails the expression here.
		if g, ok := v.(*generator); ok {
			if v, err = g.drain(); err != nil {
				return nil, err
			}
		}
		// Mistral str()s the result once to surface undefined values.
		if _, err := str(v); err != nil {
			return nil, err
		}
		// An undefined value inside a list or dict passes that str() but
		// cannot be stored: Mistral 15 fails to serialize it (the start of
		// the execution answers 400, or the task stays RUNNING). We fail
		// the expression with the undefined's own message instead.
		if err := undefinedWithin(v, 0); err != nil {
			return nil, err
		}
		return v, nil
	}
	var out strings.Builder
	if err := s.render(p.body, root, &out); err != nil {
		return nil, err
	}
	return out.String(), nil
}

// checkBody reports the first unknown filter or test outside conditional
// code, as Jinja's compiler does; inside if branches and conditional
// expressions the error waits until the code runs.
func checkBody(body []stmt, soft bool) error {
	for _, st := range body {
		var err error
		switch t := st.(type) {
		case *outputStmt:
			err = checkNode(t.x, soft)
		case *ifStmt:
			for i := range t.tests {
				if err = checkNode(t.tests[i], soft); err != nil {
					return err
				}
				if err = checkBody(t.bodies[i], true); err != nil {
					return err
				}
			}
			err = checkBody(t.els, true)
		case *forStmt:
			if err = checkNode(t.iter, soft); err == nil {
				if err = checkNode(t.cond, soft); err == nil {
					if err = checkBody(t.body, soft); err == nil {
						err = checkBody(t.els, soft)
					}
				}
			}
		case *setStmt:
			err = checkNode(t.value, soft)
		case *setBlockStmt:
			if err = checkBody(t.body, soft); err == nil && t.filter != nil {
				err = checkNode(t.filter, soft)
			}
		case *withStmt:
			for _, v := range t.values {
				if err = checkNode(v, soft); err != nil {
					return err
				}
			}
			err = checkBody(t.body, soft)
		case *macroStmt:
			for _, d := range t.defaults {
				if err = checkNode(d, soft); err != nil {
					return err
				}
			}
			err = checkBody(t.body, soft)
		case *autoescapeStmt:
			if err = checkNode(t.on, soft); err == nil {
				err = checkBody(t.body, soft)
			}
		case *callBlockStmt:
			if err = checkNode(t.call, soft); err == nil {
				err = checkBody([]stmt{t.caller}, soft)
			}
		case *blockStmt:
			err = checkBody(t.body, soft)
		case *filterBlockStmt:
			if err = checkNode(t.filter, soft); err == nil {
				err = checkBody(t.body, soft)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkArgs(a *callArgs, soft bool) error {
	for _, n := range a.pos {
		if err := checkNode(n, soft); err != nil {
			return err
		}
	}
	for _, n := range a.kwVals {
		if err := checkNode(n, soft); err != nil {
			return err
		}
	}
	if err := checkNode(a.dynPos, soft); err != nil {
		return err
	}
	return checkNode(a.dynKw, soft)
}

func checkNode(n node, soft bool) error {
	check := func(nodes ...node) error {
		for _, c := range nodes {
			if err := checkNode(c, soft); err != nil {
				return err
			}
		}
		return nil
	}
	switch t := n.(type) {
	case nil:
		return nil
	case *attrNode:
		return check(t.obj)
	case *itemNode:
		return check(t.obj, t.key)
	case *sliceNode:
		return check(t.start, t.stop, t.step)
	case *listNode:
		return check(t.items...)
	case *tupleNode:
		return check(t.items...)
	case *dictNode:
		if err := check(t.keys...); err != nil {
			return err
		}
		return check(t.vals...)
	case *unaryNode:
		return check(t.x)
	case *binNode:
		return check(t.l, t.r)
	case *concatNode:
		return check(t.parts...)
	case *compareNode:
		if err := check(t.first); err != nil {
			return err
		}
		return check(t.rest...)
	case *condNode:
		if err := check(t.test); err != nil {
			return err
		}
		if err := checkNode(t.yes, true); err != nil {
			return err
		}
		return checkNode(t.no, true)
	case *callNode:
		if err := check(t.fn); err != nil {
			return err
		}
		return checkArgs(&t.args, soft)
	case *filterNode:
		if err := check(t.x); err != nil {
			return err
		}
		if _, ok := filters[t.name]; !ok && !soft {
			return errorf("No filter named %s.", data.StringRepr(t.name))
		}
		return checkArgs(&t.args, soft)
	case *testNode:
		if err := check(t.x); err != nil {
			return err
		}
		if _, ok := jinjaTests[t.name]; !ok && !soft {
			return errorf("No test named %s.", data.StringRepr(t.name))
		}
		return checkArgs(&t.args, soft)
	}
	return nil
}
