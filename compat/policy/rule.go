package policy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/tramontane/tramontane/engine/data"
)

// Check is a parsed rule: a tree of checks evaluated against the target of
// an operation and the caller's credentials.
type Check interface {
	// String is the rule in oslo.policy's canonical form.
	String() string
	eval(e *evalState) bool
}

// evalState is what a check is evaluated with. rules resolves "rule:x"
// references; depth guards against rules that reference themselves.
type evalState struct {
	target map[string]any
	creds  map[string]any
	rules  func(name string) (Check, bool)
	depth  int
}

// maxDepth bounds rule:x indirections; a cycle fails closed.
const maxDepth = 64

type trueCheck struct{}

func (trueCheck) String() string       { return "@" }
func (trueCheck) eval(*evalState) bool { return true }

type falseCheck struct{}

func (falseCheck) String() string       { return "!" }
func (falseCheck) eval(*evalState) bool { return false }

type notCheck struct{ rule Check }

func (c *notCheck) String() string         { return "not " + c.rule.String() }
func (c *notCheck) eval(e *evalState) bool { return !c.rule.eval(e) }

type andCheck struct{ rules []Check }

func (c *andCheck) String() string { return "(" + join(c.rules, " and ") + ")" }
func (c *andCheck) eval(e *evalState) bool {
	for _, r := range c.rules {
		if !r.eval(e) {
			return false
		}
	}
	return true
}

type orCheck struct{ rules []Check }

func (c *orCheck) String() string { return "(" + join(c.rules, " or ") + ")" }
func (c *orCheck) eval(e *evalState) bool {
	for _, r := range c.rules {
		if r.eval(e) {
			return true
		}
	}
	return false
}

func join(rules []Check, sep string) string {
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r.String()
	}
	return strings.Join(parts, sep)
}

// ruleCheck is rule:name, the named rule's decision; an unknown name fails
// closed.
type ruleCheck struct{ name string }

func (c *ruleCheck) String() string { return "rule:" + c.name }
func (c *ruleCheck) eval(e *evalState) bool {
	if e.depth >= maxDepth {
		return false
	}
	r, ok := e.rules(c.name)
	if !ok {
		return false
	}
	e.depth++
	defer func() { e.depth-- }()
	return r.eval(e)
}

// roleCheck is role:name: the credentials' roles hold the name (compared
// case-insensitively); the name may be interpolated from the target.
type roleCheck struct{ match string }

func (c *roleCheck) String() string { return "role:" + c.match }
func (c *roleCheck) eval(e *evalState) bool {
	match, ok := interpolate(c.match, e.target)
	if !ok {
		return false
	}
	roles, ok := e.creds["roles"]
	if !ok {
		return false
	}
	match = strings.ToLower(match)
	for _, r := range listOf(roles) {
		if strings.ToLower(data.Str(r)) == match {
			return true
		}
	}
	return false
}

// genericCheck is kind:match. When kind is a Python literal ('Member',
// True, 5) the check compares it with the interpolated match; otherwise
// kind is a dotted path into the credentials (lists along the path match
// if any item does) whose value, as Python's str() writes it, must equal
// the match. Kind is read once, when the rule is parsed: every request
// evaluates its route's rule.
type genericCheck struct {
	kind, match string
	lit         string   // kind's str() when kind is a literal
	isLit       bool     // whether kind is a literal
	path        []string // kind's dotted path otherwise
}

func newGenericCheck(kind, match string) *genericCheck {
	c := &genericCheck{kind: kind, match: match}
	if c.lit, c.isLit = literal(kind); !c.isLit {
		c.path = strings.Split(kind, ".")
	}
	return c
}

func (c *genericCheck) String() string { return c.kind + ":" + c.match }
func (c *genericCheck) eval(e *evalState) bool {
	match, ok := interpolate(c.match, e.target)
	if !ok {
		return false
	}
	if c.isLit {
		return match == c.lit
	}
	return findIn(e.creds, c.path, match)
}

func findIn(v any, path []string, match string) bool {
	if len(path) == 0 {
		return match == data.Str(v)
	}
	var next any
	switch m := v.(type) {
	case map[string]any:
		x, ok := m[path[0]]
		if !ok {
			return false
		}
		next = x
	case *data.Map:
		x, ok := m.Get(path[0])
		if !ok {
			return false
		}
		next = x
	default:
		return false
	}
	if items, ok := asList(next); ok {
		for _, it := range items {
			if findIn(it, path[1:], match) {
				return true
			}
		}
		return false
	}
	return findIn(next, path[1:], match)
}

func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

func listOf(v any) []any {
	l, _ := asList(v)
	return l
}

// literal reads a check kind as Python's ast.literal_eval would for the
// literals a rule can hold (quoted strings, True, False, None, integers and
// decimals) and returns its str().
func literal(kind string) (string, bool) {
	switch kind {
	case "True", "False", "None":
		return kind, true
	}
	if len(kind) >= 2 && (kind[0] == '\'' || kind[0] == '"') && kind[len(kind)-1] == kind[0] {
		inner := kind[1 : len(kind)-1]
		if !strings.ContainsAny(inner, "\\"+kind[:1]) {
			return inner, true
		}
		return "", false
	}
	if n, err := strconv.ParseInt(strings.ReplaceAll(kind, "_", ""), 10, 64); err == nil && startsNumeric(kind) {
		return strconv.FormatInt(n, 10), true
	}
	if f, err := strconv.ParseFloat(kind, 64); err == nil && startsNumeric(kind) && strings.ContainsAny(kind, ".eE") &&
		!strings.ContainsAny(kind, "xXpP_") {
		return data.FloatRepr(f), true
	}
	return "", false
}

func startsNumeric(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return s != "" && (unicode.IsDigit(rune(s[0])) || s[0] == '.') && !strings.HasPrefix(s, "0x")
}

// interpolate is Python's "match % target" for the %(key)s and %% forms a
// rule uses; a key missing from the target (or a form it cannot read) makes
// the check false, as oslo.policy's KeyError does.
func interpolate(match string, target map[string]any) (string, bool) {
	if !strings.Contains(match, "%") {
		return match, true
	}
	var b strings.Builder
	for i := 0; i < len(match); i++ {
		ch := match[i]
		if ch != '%' {
			b.WriteByte(ch)
			continue
		}
		if i+1 < len(match) && match[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if i+1 >= len(match) || match[i+1] != '(' {
			return "", false
		}
		end := strings.IndexByte(match[i+2:], ')')
		if end < 0 || i+2+end+1 >= len(match) || match[i+2+end+1] != 's' {
			return "", false
		}
		key := match[i+2 : i+2+end]
		v, ok := target[key]
		if !ok {
			return "", false
		}
		b.WriteString(data.Str(v))
		i = i + 2 + end + 1
	}
	return b.String(), true
}

// UnsupportedCheckError is a rule using a check kind this implementation
// refuses (oslo.policy's remote http: and https: checks).
type UnsupportedCheckError struct{ Kind, Rule string }

func (e *UnsupportedCheckError) Error() string {
	return fmt.Sprintf("policy check %q in rule %q is not supported: remote %s: policy checks are not implemented", e.Kind+":", e.Rule, e.Kind)
}
