package jinja

// Expression nodes. Each evaluates to a value of the model described in
// values.go.
type node interface{}

type (
	constNode struct{ v any }
	nameNode  struct{ name string }
	attrNode  struct {
		obj  node
		name string
	}
	itemNode struct {
		obj, key node
	}
	sliceNode struct {
		start, stop, step node // each may be nil
	}
	listNode  struct{ items []node }
	tupleNode struct{ items []node }
	dictNode  struct{ keys, vals []node }
	unaryNode struct {
		op string // "-", "+", "not"
		x  node
	}
	binNode struct {
		op   string // + - * / // % ** and or
		l, r node
	}
	concatNode  struct{ parts []node }
	compareNode struct {
		first node
		ops   []string // "==", "!=", "<", "<=", ">", ">=", "in", "notin"
		rest  []node
	}
	condNode struct {
		test, yes, no node // no may be nil
		line          int  // of the expression's first token
	}
	callNode struct {
		fn   node
		args callArgs
	}
	filterNode struct {
		x    node // nil for the filter of a block set or filter block
		name string
		args callArgs
	}
	testNode struct {
		x      node
		name   string
		args   callArgs
		negate bool
	}
)

type callArgs struct {
	pos     []node
	kwNames []string
	kwVals  []node
	dynPos  node // *args
	dynKw   node // **kwargs
}

// Template statements.
type stmt interface{}

type (
	textStmt   struct{ text string }
	outputStmt struct{ x node }
	ifStmt     struct {
		tests  []node
		bodies [][]stmt
		els    []stmt
	}
	forStmt struct {
		target    node // nameNode or tupleNode of nameNodes
		iter      node
		cond      node
		body, els []stmt
		recursive bool
	}
	setStmt struct {
		target node // nameNode, tupleNode or attrNode on a namespace
		value  node
	}
	setBlockStmt struct {
		target node
		filter *filterNode
		body   []stmt
	}
	withStmt struct {
		targets []node
		values  []node
		body    []stmt
	}
	macroStmt struct {
		name       string
		params     []string
		defaults   []node // for the last len(defaults) params
		body       []stmt
		usesCaller bool // the body names caller
		// usesVarargs and usesKwargs: the body names varargs (extra
		// positional arguments, a tuple) or kwargs (extra keyword
		// arguments, a dict).
		usesVarargs, usesKwargs bool
	}
	// callBlockStmt is {% call(params) macro(args) %}body{% endcall %}:
	// the body is a macro named caller passed to the call.
	callBlockStmt struct {
		caller *macroStmt
		call   *callNode
	}
	// autoescapeStmt is {% autoescape on %}body{% endautoescape %}.
	autoescapeStmt struct {
		on   node
		body []stmt
	}
	blockStmt       struct{ body []stmt }
	noLoadStmt      struct{} // include, import, extends: there is no loader
	filterBlockStmt struct {
		filter *filterNode
		body   []stmt
	}
)
