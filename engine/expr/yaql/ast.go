package yaql

// node is one element of a parsed expression. Nodes are immutable once
// parsed; evaluation never changes them.
type node interface {
	eval(s *scope) any
}

// constNode is a literal: number, string, true, false, null.
type constNode struct{ v any }

// keywordNode is a bare identifier; it evaluates to its own name, but
// functions that take a keyword (property access, dict keys) see the name.
type keywordNode struct{ name string }

// varNode is $, $name or $1 ($ is stored as "1", as yaql does).
type varNode struct{ name string }

// callNode is f(args) in function form.
type callNode struct {
	name string
	args []node
}

// dotNode is left.right or left?.right; right is a callNode for a method
// call, a keywordNode for a property, anything else fails at run time.
type dotNode struct {
	left, right node
	elvis       bool
}

// binNode is a binary operator other than '.', '?.' and '->'.
type binNode struct {
	op   string
	l, r node
}

// unaryNode is prefix +, - or not.
type unaryNode struct {
	op string
	x  node
}

// arrowNode is left -> right: right is evaluated in the context left returns.
type arrowNode struct{ l, r node }

// indexNode is x[args].
type indexNode struct {
	x    node
	args []node
}

// listNode is [a, b, ...].
type listNode struct{ items []node }

// mapNode is {k => v, ...}.
type mapNode struct{ items []node }

// mappingNode is a `name => value` pair inside an argument list.
type mappingNode struct{ key, val node }

// parenNode keeps the parentheses of (expr): a parenthesised call is not
// a method call on the left side of '.'.
type parenNode struct{ x node }

// emptyNode is an omitted argument, as in f(1,,3): the parameter's default.
type emptyNode struct{}
