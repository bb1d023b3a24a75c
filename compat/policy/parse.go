package policy

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnparsable is a rule oslo.policy cannot parse; like oslo.policy, the
// rule then denies everything (fail closed).
var ErrUnparsable = errors.New("could not parse rule")

// Parse reads a rule in the policy language. An empty rule allows
// everything. A rule that does not parse is returned as a check that
// denies, with an error wrapping ErrUnparsable, so that callers can log it
// and still fail closed as oslo.policy does. An http:/https: check is an
// UnsupportedCheckError.
func Parse(rule string) (Check, error) {
	if rule == "" {
		return trueCheck{}, nil
	}
	toks, err := tokenize(rule)
	if err != nil {
		return falseCheck{}, err
	}
	var st parseState
	for _, t := range toks {
		st.shift(t.kind, t.val)
	}
	if len(st.vals) != 1 {
		return falseCheck{}, fmt.Errorf("%w: %q", ErrUnparsable, rule)
	}
	c, ok := st.vals[0].(Check)
	if !ok { // a lone quoted string
		return falseCheck{}, fmt.Errorf("%w: %q", ErrUnparsable, rule)
	}
	return c, nil
}

// ParseList reads the old list-of-lists form a policy file may use: the
// outer list is joined by "or", each inner list (or bare string) by "and".
func ParseList(rule []any) (Check, error) {
	if len(rule) == 0 {
		return trueCheck{}, nil
	}
	var ors []Check
	for _, inner := range rule {
		var items []any
		switch v := inner.(type) {
		case string:
			items = []any{v}
		case []any:
			items = v
		default:
			return falseCheck{}, fmt.Errorf("%w: list item %v", ErrUnparsable, inner)
		}
		if len(items) == 0 {
			continue
		}
		var ands []Check
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				return falseCheck{}, fmt.Errorf("%w: list item %v", ErrUnparsable, it)
			}
			c, err := parseCheck(s)
			if err != nil {
				return falseCheck{}, err
			}
			ands = append(ands, c)
		}
		if len(ands) == 1 {
			ors = append(ors, ands[0])
		} else {
			ors = append(ors, &andCheck{rules: ands})
		}
	}
	switch len(ors) {
	case 0:
		return falseCheck{}, nil
	case 1:
		return ors[0], nil
	}
	return &orCheck{rules: ors}, nil
}

// parseCheck reads one base check: "!", "@" or kind:match.
func parseCheck(s string) (Check, error) {
	switch s {
	case "!":
		return falseCheck{}, nil
	case "@":
		return trueCheck{}, nil
	}
	kind, match, ok := strings.Cut(s, ":")
	if !ok {
		// oslo.policy logs "Failed to understand rule" and fails closed.
		return falseCheck{}, nil
	}
	switch kind {
	case "http", "https":
		return nil, &UnsupportedCheckError{Kind: kind, Rule: s}
	case "rule":
		return &ruleCheck{name: match}, nil
	case "role":
		return &roleCheck{match: match}, nil
	}
	return newGenericCheck(kind, match), nil
}

type token struct {
	kind string // "(", ")", "and", "or", "not", "string", "check"
	val  any    // Check for "check", string otherwise
}

// tokenize splits a rule as oslo.policy's _parse_tokenize does: on
// whitespace, with parentheses peeled off the ends of each word.
func tokenize(rule string) ([]token, error) {
	var out []token
	for _, tok := range strings.Fields(rule) {
		clean := strings.TrimLeft(tok, "(")
		for range len(tok) - len(clean) {
			out = append(out, token{"(", "("})
		}
		if clean == "" {
			continue
		}
		tok = clean
		clean = strings.TrimRight(tok, ")")
		trail := len(tok) - len(clean)
		lowered := strings.ToLower(clean)
		switch {
		case lowered == "and" || lowered == "or" || lowered == "not":
			out = append(out, token{lowered, clean})
		case clean != "":
			if len(tok) >= 2 && (tok[0] == '"' && tok[len(tok)-1] == '"' || tok[0] == '\'' && tok[len(tok)-1] == '\'') {
				out = append(out, token{"string", tok[1 : len(tok)-1]})
			} else {
				c, err := parseCheck(clean)
				if err != nil {
					return nil, err
				}
				out = append(out, token{"check", c})
			}
		}
		for range trail {
			out = append(out, token{")", ")"})
		}
	}
	return out, nil
}

// parseState is oslo.policy's greedy shift-reduce parser: after each token
// the longest-matching reductions are applied until none matches.
type parseState struct {
	toks []string
	vals []any
}

type reduction struct {
	seq    []string
	reduce func(vals []any) (string, any)
}

var reductions = []reduction{
	{[]string{"(", "or_expr", ")"}, wrap},
	{[]string{"(", "and_expr", ")"}, wrap},
	{[]string{"(", "check", ")"}, wrap},
	{[]string{"check", "and", "check"}, func(v []any) (string, any) {
		return "and_expr", &andCheck{rules: []Check{v[0].(Check), v[2].(Check)}}
	}},
	{[]string{"or_expr", "and", "check"}, func(v []any) (string, any) {
		// "A or B and C": C joins the last alternative.
		or := v[0].(*orCheck)
		last := or.rules[len(or.rules)-1]
		or.rules = or.rules[:len(or.rules)-1]
		and, ok := last.(*andCheck)
		if ok {
			and.rules = append(and.rules, v[2].(Check))
		} else {
			and = &andCheck{rules: []Check{last, v[2].(Check)}}
		}
		or.rules = append(or.rules, and)
		return "or_expr", or
	}},
	{[]string{"and_expr", "and", "check"}, func(v []any) (string, any) {
		and := v[0].(*andCheck)
		and.rules = append(and.rules, v[2].(Check))
		return "and_expr", and
	}},
	{[]string{"and_expr", "or", "check"}, makeOr},
	{[]string{"check", "or", "check"}, makeOr},
	{[]string{"or_expr", "or", "check"}, func(v []any) (string, any) {
		or := v[0].(*orCheck)
		or.rules = append(or.rules, v[2].(Check))
		return "or_expr", or
	}},
	{[]string{"not", "check"}, func(v []any) (string, any) {
		return "check", &notCheck{rule: v[1].(Check)}
	}},
}

func wrap(v []any) (string, any) { return "check", v[1] }

func makeOr(v []any) (string, any) {
	return "or_expr", &orCheck{rules: []Check{v[0].(Check), v[2].(Check)}}
}

func (p *parseState) shift(kind string, val any) {
	p.toks = append(p.toks, kind)
	p.vals = append(p.vals, val)
	p.reduce()
}

func (p *parseState) reduce() {
	for {
		reduced := false
		for _, r := range reductions {
			n := len(r.seq)
			if len(p.toks) < n || !equal(p.toks[len(p.toks)-n:], r.seq) {
				continue
			}
			kind, val := r.reduce(p.vals[len(p.vals)-n:])
			p.toks = append(p.toks[:len(p.toks)-n], kind)
			p.vals = append(p.vals[:len(p.vals)-n], val)
			reduced = true
			break
		}
		if !reduced {
			return
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
