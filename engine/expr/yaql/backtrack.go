package yaql

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// Python's re backtracks, and users' patterns lean on it: lookaheads in
// filters ('^(?!tmp_).*\.txt$'), backreferences ('^(.+)\1$'). Go's regexp
// (RE2) has neither, so such a pattern runs on regexp2, a backtracking
// engine that reads Python's syntax for them, groups numbered in the
// order they open, as Python numbers them. Every other pattern stays on
// Go's regexp, whose run time is linear.

// backtrackTimeout bounds one match: a pattern that backtracks
// catastrophically fails its expression instead of holding an engine
// transaction for ever.
const backtrackTimeout = time.Second

// backtracking is a pattern compiled by regexp2.
type backtracking struct{ re *regexp2.Regexp }

func compileBacktracking(pattern string, flags int) *regexValue {
	opts := regexp2.None
	if flags&reIgnoreCase != 0 {
		opts |= regexp2.IgnoreCase
	}
	if flags&reMultiLine != 0 {
		opts |= regexp2.Multiline
	}
	if flags&reDotAll != 0 {
		opts |= regexp2.Singleline
	}
	re, err := regexp2.Compile(fromPython(pattern), opts, regexp2.OptionMaintainCaptureOrder())
	if err != nil {
		throw(err.Error())
	}
	re.MatchTimeout = backtrackTimeout
	return &regexValue{pattern: pattern, flags: flags, re: backtracking{re}}
}

// fromPython rewrites what regexp2 spells otherwise: named groups
// (?P<name>...) and their references (?P=name), \Z, the end of the text
// (regexp2's \Z also matches before a final newline), \w and \W,
// Python's word characters (letters, numbers and _), {,n} and a literal [
// inside a set.
func fromPython(pattern string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		rest := pattern[i:]
		switch {
		case c == '\\' && i+1 < len(pattern):
			switch {
			case pattern[i+1] == 'Z' && !inClass:
				b.WriteString(`\z`)
			case pattern[i+1] == 'w' || pattern[i+1] == 'W' && !inClass:
				// .NET's \w takes combining marks and not all numbers
				b.WriteString(pyClassEscapes[pattern[i+1]][btoi(inClass)])
			default:
				b.WriteString(rest[:2])
			}
			i++
			continue
		case inClass && c == '[': // a literal in Python
			b.WriteString(`\[`)
			continue
		case inClass:
			inClass = c != ']'
		case c == '{' && isRepeatFromZero(rest):
			b.WriteString("{0")
			continue
		case c == '[':
			inClass = true
			if strings.HasPrefix(rest, "[]") || strings.HasPrefix(rest, "[^]") { // a leading ] is a member
				n := strings.IndexByte(rest, ']') + 1
				b.WriteString(rest[:n])
				i += n - 1
				continue
			}
		case strings.HasPrefix(rest, "(?P<"):
			b.WriteString("(?<")
			i += len("(?P<") - 1
			continue
		case strings.HasPrefix(rest, "(?P="):
			if end := strings.IndexByte(rest, ')'); end > 0 {
				b.WriteString(`\k<` + rest[len("(?P="):end] + ">")
				i += end
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// indexes returns a match's groups as Go's regexp does: byte offsets, start
// and end per group, -1 for a group that did not take part.
func (b backtracking) indexes(m *regexp2.Match) []int {
	groups := m.Groups()
	out := make([]int, 2*len(groups))
	for i := range groups {
		g := &groups[i]
		if len(g.Captures) == 0 {
			out[2*i], out[2*i+1] = -1, -1
			continue
		}
		start, n := g.ByteRange()
		out[2*i], out[2*i+1] = start, start+n
	}
	return out
}

func (b backtracking) FindStringSubmatchIndex(s string) []int {
	m, err := b.re.FindStringMatch(s)
	matchFailed(err)
	if m == nil {
		return nil
	}
	return b.indexes(m)
}

func (b backtracking) FindAllStringSubmatchIndex(s string, n int) [][]int {
	var out [][]int
	m, err := b.re.FindStringMatch(s)
	for ; err == nil && m != nil && (n < 0 || len(out) < n); m, err = b.re.FindNextMatch(m) {
		out = append(out, b.indexes(m))
	}
	matchFailed(err)
	return out
}

func (b backtracking) SubexpNames() []string {
	names := make([]string, 0, len(b.re.GetGroupNumbers()))
	for _, num := range b.re.GetGroupNumbers() {
		name := b.re.GroupNameFromNumber(num)
		if name == strconv.Itoa(num) { // an unnamed group
			name = ""
		}
		names = append(names, name)
	}
	return names
}

func (b backtracking) SubexpIndex(name string) int {
	if name == "" {
		return -1
	}
	return b.re.GroupNumberFromName(name)
}

// matchFailed turns a failed match (its time ran out, or its stack) into the
// expression's error.
func matchFailed(err error) {
	if err == nil {
		return
	}
	if errors.Is(err, regexp2.ErrBacktrackingStackLimit) {
		throw("regular expression backtracks too deeply")
	}
	throw("regular expression took too long: " + err.Error())
}
