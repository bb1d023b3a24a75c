package yaql

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

const (
	reIgnoreCase = 1 << iota
	reMultiLine
	reDotAll
)

// regexValue is a compiled regex(); pattern and flags are kept for equality
// and printing.
type regexValue struct {
	pattern string
	flags   int
	re      matcher
}

func (r *regexValue) JSONValue() any     { return r.pattern }
func (r *regexValue) PythonRepr() string { return "re.compile(" + data.StringRepr(r.pattern) + ")" }
func (r *regexValue) PythonStr() string  { return r.PythonRepr() }
func (r *regexValue) Truthy() bool       { return true }

// search is Python's re.search: the first match's submatch indexes or nil.
func (r *regexValue) search(s string) []int { return r.re.FindStringSubmatchIndex(s) }

// matcher is what the regex functions need of a compiled pattern; indexes
// are byte offsets, as Go's regexp gives them.
type matcher interface {
	FindStringSubmatchIndex(s string) []int
	FindAllStringSubmatchIndex(s string, n int) [][]int
	SubexpNames() []string
	SubexpIndex(name string) int
}

// compileRegex translates a Python pattern to Go's syntax. A pattern with
// constructs RE2 does not have (backreferences, lookarounds, conditionals)
// goes to the backtracking engine of backtrack.go instead.
//
// Python's compile errors come first, in Python's words (pyre_check.go);
// the few that check leaves out (a look-behind of varying width, say) are
// the compilers' to report.
func compileRegex(pattern string, flags int) *regexValue {
	if msg := pythonPatternError(pattern); msg != "" {
		throw(msg)
	}
	source := pattern
	pattern = stripVerbose(pattern)
	var b bytes.Buffer
	switch {
	case flags != 0:
		b.WriteString("(?")
		if flags&reIgnoreCase != 0 {
			b.WriteByte('i')
		}
		if flags&reMultiLine != 0 {
			b.WriteByte('m')
		}
		if flags&reDotAll != 0 {
			b.WriteByte('s')
		}
		b.WriteByte(')')
	}
	inClass := false
	// A set holding \W or \S, which RE2 cannot complement inside a set,
	// becomes (?:[rest]|[^...]): classStart is where the set began in b,
	// negated whether it is [^...], complements the parts taken out.
	classStart, negated := 0, false
	var complements []string
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '$' && !inClass && flags&reMultiLine == 0:
			// Python's $ also matches before a final newline, as
			// regexp2's does; RE2's only at the end
			return compileBacktracking(source, flags)
		case c == '\\' && i+1 < len(pattern):
			n := pattern[i+1]
			switch {
			case n >= '1' && n <= '9' && !inClass, (n == 'b' || n == 'B') && !inClass:
				// backreferences; and word boundaries, which RE2 draws
				// between ASCII word characters only
				return compileBacktracking(source, flags)
			case n == 'Z' && !inClass:
				b.WriteString(`\z`)
			case (n == 'u' && isHex(pattern[i+2:], 4)) || (n == 'U' && isHex(pattern[i+2:], 8)):
				// \uXXXX and \UXXXXXXXX, which RE2 writes \x{...}
				digits := 4
				if n == 'U' {
					digits = 8
				}
				b.WriteString(`\x{` + pattern[i+2:i+2+digits] + `}`)
				i += digits
			case n == 'b' && inClass:
				b.WriteString(`\x08`) // a backspace in a class, as in Python
			case inClass && (n == 'W' || n == 'S'):
				complements = append(complements, pyClassEscapes[n][0])
			case pyClassEscapes[n] != [2]string{}:
				b.WriteString(pyClassEscapes[n][btoi(inClass)])
			default:
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
			continue
		case inClass:
			switch c {
			case ']':
				inClass = false
				if complements != nil && negated {
					// [^\W...] is \w without the other members
					rest := string(b.Bytes()[classStart+2:])
					b.Truncate(classStart)
					b.WriteString(classMinus(complements, rest, flags&reIgnoreCase != 0))
					complements = nil
					continue
				}
				if complements != nil {
					set := string(b.Bytes()[classStart:]) + "]"
					b.Truncate(classStart)
					b.WriteString("(?:")
					if set != "[]" {
						b.WriteString(set + "|")
					}
					b.WriteString(strings.Join(complements, "|") + ")")
					complements = nil
					continue
				}
			case '[': // a literal in Python; RE2 would read [:alpha:]
				b.WriteString(`\[`)
				continue
			}
		case c == '[':
			inClass, classStart, negated = true, b.Len(), false
			b.WriteByte(c)
			if i+1 < len(pattern) && pattern[i+1] == '^' {
				b.WriteByte('^')
				negated = true
				i++
			}
			if i+1 < len(pattern) && pattern[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
			continue
		case c == '{' && isRepeatFromZero(pattern[i:]):
			b.WriteString("{0")
			continue
		case c == '(' && strings.HasPrefix(pattern[i:], "(?"):
			rest := pattern[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"),
				strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"),
				strings.HasPrefix(rest, "P="), strings.HasPrefix(rest, "("),
				strings.HasPrefix(rest, ">"): // atomic groups (Python 3.11)
				return compileBacktracking(source, flags)
			case strings.HasPrefix(rest, "#"): // a comment (closed: see pythonPatternError)
				i += 2 + strings.IndexByte(rest, ')')
				continue
			}
		}
		b.WriteByte(c)
	}
	re, err := regexp.Compile(b.String())
	var syntaxErr *syntax.Error
	if errors.As(err, &syntaxErr) && syntaxErr.Code == syntax.ErrInvalidRepeatSize {
		// RE2 repeats at most 1000 times, Python up to MAXREPEAT
		return compileBacktracking(source, flags)
	}
	if err != nil {
		throw(err.Error())
	}
	if re.MatchString("") {
		// Python (3.7+) takes an empty match right after a non-empty one
		// (x* splits 'axb' at 1, then 2); Go's regexp skips it, regexp2
		// takes it as Python does.
		return compileBacktracking(source, flags)
	}
	return &regexValue{pattern: source, flags: flags, re: re}
}

// pySpace is the white space of Python's Unicode \s (str.isspace).
const pySpace = `\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`

// pyClassEscapes are Python's Unicode character class escapes in RE2's
// spelling, outside and inside a [...] set. Inside a set RE2 cannot
// complement a union, so \W and \S keep RE2's ASCII meaning there.
var pyClassEscapes = map[byte][2]string{
	'w': {`[\p{L}\p{N}_]`, `\p{L}\p{N}_`},
	'W': {`[^\p{L}\p{N}_]`, `\W`},
	'd': {`\p{Nd}`, `\p{Nd}`},
	'D': {`\P{Nd}`, `\P{Nd}`},
	's': {`[` + pySpace + `]`, pySpace},
	'S': {`[^` + pySpace + `]`, `\S`},
}

// classMinus is the set of the characters outside every complemented
// class (a [^...] form from pyClassEscapes) and not in the members rest
// (RE2 set syntax), as a set RE2 reads.
func classMinus(complements []string, rest string, fold bool) string {
	ranges := []rune{0, unicode.MaxRune}
	for _, c := range complements {
		ranges = intersectRanges(ranges, classRanges("["+strings.TrimPrefix(c, "[^"), false))
	}
	if rest != "" {
		// under ignoreCase the members' other cases are out too
		ranges = intersectRanges(ranges, classRanges("[^"+rest+"]", fold))
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i+1 < len(ranges); i += 2 {
		fmt.Fprintf(&b, `\x{%x}-\x{%x}`, ranges[i], ranges[i+1])
	}
	if len(ranges) == 0 {
		return `[^\x00-\x{10ffff}]` // nothing
	}
	b.WriteByte(']')
	return b.String()
}

// classRanges are the rune ranges of an RE2 set, as regexp/syntax gives
// them (sorted pairs lo, hi).
func classRanges(set string, fold bool) []rune {
	mode := syntax.Perl
	if fold {
		mode |= syntax.FoldCase
	}
	re, err := syntax.Parse(set, mode)
	if err != nil {
		throw(err.Error())
	}
	if re.Op == syntax.OpLiteral && len(re.Rune) == 1 {
		return []rune{re.Rune[0], re.Rune[0]}
	}
	if re.Op != syntax.OpCharClass {
		throw("error parsing regexp: bad character class " + set)
	}
	return re.Rune
}

// intersectRanges is the intersection of two sorted range lists.
func intersectRanges(a, b []rune) []rune {
	var out []rune
	for i, j := 0, 0; i+1 < len(a) && j+1 < len(b); {
		lo, hi := max(a[i], b[j]), min(a[i+1], b[j+1])
		if lo <= hi {
			out = append(out, lo, hi)
		}
		if a[i+1] < b[j+1] {
			i += 2
		} else {
			j += 2
		}
	}
	return out
}

// pyKnownEscapes are the ASCII letters Python's re takes after a
// backslash; any other letter is a "bad escape".
const pyKnownEscapes = "abBdDfnrsStvwWZAxuUN"

// isRepeatFromZero tells whether rest starts with a repeat without a
// minimum, {,n} or {,}: Python reads it as {0,n} or {0,}, RE2 and regexp2
// as literal text.
func isRepeatFromZero(rest string) bool {
	if !strings.HasPrefix(rest, "{,") {
		return false
	}
	end := strings.IndexByte(rest, '}')
	return end == 2 || end > 2 && isDigits(rest[2:end])
}

// isGlobalFlags tells whether rest (after "(?") is a flags group, such as
// "i)", which Python takes only at the start of a pattern.
func isGlobalFlags(rest string) bool {
	end := strings.IndexByte(rest, ')')
	return end > 0 && strings.Trim(rest[:end], "aiLmsux") == ""
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isHex tells whether s starts with n hexadecimal digits.
func isHex(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for i := 0; i < n; i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stripVerbose applies a leading (?x) flag (re.VERBOSE), which RE2 does
// not have: white space and # comments outside sets are dropped.
func stripVerbose(pattern string) string {
	if !strings.HasPrefix(pattern, "(?") {
		return pattern
	}
	end := strings.IndexByte(pattern, ')')
	flags := pattern[2:max(end, 2)]
	if end < 0 || !strings.Contains(flags, "x") || strings.Trim(flags, "aiLmsux") != "" {
		return pattern
	}
	var b strings.Builder
	if rest := strings.ReplaceAll(flags, "x", ""); rest != "" {
		b.WriteString("(?" + rest + ")")
	}
	inClass := false
	for i := end + 1; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 < len(pattern):
			b.WriteString(pattern[i : i+2])
			i++
			continue
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c == '#':
			for i < len(pattern) && pattern[i] != '\n' {
				i++
			}
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// matchRecords builds the {value, start, end} records a selector sees:
// $1 for the whole match, $2.. for the groups, $name for named groups.
func matchScope(parent *scope, r *regexValue, s string, m []int) *scope {
	c := parent.child()
	rec := func(g int) any {
		if m[2*g] < 0 {
			return data.MapOf("value", nil, "start", int64(-1), "end", int64(-1))
		}
		return data.MapOf("value", s[m[2*g]:m[2*g+1]], "start", runeIndex(s, m[2*g]), "end", runeIndex(s, m[2*g+1]))
	}
	for g := 0; g < len(m)/2; g++ {
		c.set(argName(g+1), rec(g))
	}
	for g, name := range r.re.SubexpNames() {
		if name != "" {
			c.set(name, rec(g))
		}
	}
	return c
}

func runeIndex(s string, byteIdx int) int64 { return int64(len([]rune(s[:byteIdx]))) }

// replPart is one piece of a compiled replacement template: literal text,
// or the text of a group when group >= 0.
type replPart struct {
	lit   string
	group int
}

// compileRepl reads a Python re.sub replacement template as
// sre_parse.parse_template does, before any match: \1 and \g<name> (or
// \g<1>) are groups, \0 and three octal digits are characters, \a \b
// \f \n \r \t \v \\ are escapes, any other ASCII letter is a bad
// escape, and other characters keep their backslash. Error positions
// count characters, as Python's do.
func compileRepl(r *regexValue, tmpl string) []replPart {
	rs := []rune(tmpl)
	groups := len(r.re.SubexpNames()) - 1
	var parts []replPart
	var lit []rune
	addGroup := func(g, pos int) {
		if g > groups {
			throwf("invalid group reference %d at position %d", g, pos)
		}
		if len(lit) > 0 {
			parts = append(parts, replPart{lit: string(lit), group: -1})
			lit = lit[:0]
		}
		parts = append(parts, replPart{group: g})
	}
	isOct := func(i int) bool { return i < len(rs) && rs[i] >= '0' && rs[i] <= '7' }
	isDec := func(i int) bool { return i < len(rs) && rs[i] >= '0' && rs[i] <= '9' }
	for i := 0; i < len(rs); i++ {
		if rs[i] != '\\' {
			lit = append(lit, rs[i])
			continue
		}
		if i+1 >= len(rs) {
			throwf("bad escape (end of pattern) at position %d", i)
		}
		start, c := i, rs[i+1]
		i++ // i is now the last character read
		switch {
		case c == 'g':
			if i+1 >= len(rs) || rs[i+1] != '<' {
				throwf("missing < at position %d", i+1)
			}
			nameStart := i + 2
			end := nameStart
			for end < len(rs) && rs[end] != '>' {
				end++
			}
			if end >= len(rs) {
				throwf("missing >, unterminated name at position %d", nameStart)
			}
			if end == nameStart {
				throwf("missing group name at position %d", end)
			}
			name := string(rs[nameStart:end])
			i = end
			if pycase.IsIdentifier(name) {
				g := r.re.SubexpIndex(name)
				if g < 0 {
					throwf("unknown group name '%s'", name)
				}
				addGroup(g, nameStart)
				continue
			}
			g, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(name), "+"))
			if err != nil || g < 0 {
				throwf("bad character in group name %s at position %d", data.StringRepr(name), nameStart)
			}
			addGroup(g, nameStart)
		case c == '0':
			v := 0
			for k := 0; k < 2 && isOct(i+1); k++ {
				i++
				v = v*8 + int(rs[i]-'0')
			}
			lit = append(lit, rune(v&0xff))
		case c >= '1' && c <= '9':
			if isDec(i + 1) {
				i++
				if c <= '7' && rs[i] <= '7' && isOct(i+1) {
					i++
					v := int(c-'0')*64 + int(rs[i-1]-'0')*8 + int(rs[i]-'0')
					if v > 0o377 {
						throwf("octal escape value %s outside of range 0-0o377 at position %d", string(rs[start:i+1]), start)
					}
					lit = append(lit, rune(v))
					continue
				}
			}
			g, _ := strconv.Atoi(string(rs[start+1 : i+1]))
			addGroup(g, start+1)
		default:
			if e, ok := replEscapes[c]; ok {
				lit = append(lit, e)
			} else if c < 0x80 && isASCIILetter(byte(c)) {
				throwf("bad escape \\%c at position %d", c, start)
			} else {
				lit = append(lit, '\\', c)
			}
		}
	}
	if len(lit) > 0 {
		parts = append(parts, replPart{lit: string(lit), group: -1})
	}
	return parts
}

// replEscapes are the escapes a replacement template takes.
var replEscapes = map[rune]rune{'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}

// expandRepl writes a compiled template for the match m; a group that did
// not take part is empty.
func expandRepl(parts []replPart, s string, m []int) string {
	var b strings.Builder
	for _, p := range parts {
		if p.group < 0 {
			b.WriteString(p.lit)
		} else if m[2*p.group] >= 0 {
			b.WriteString(s[m[2*p.group]:m[2*p.group+1]])
		}
	}
	return b.String()
}

func regexReplace(r *regexValue, s string, count int64, repl func(m []int) string) string {
	var b strings.Builder
	last := 0
	n := int64(0)
	for _, m := range r.re.FindAllStringSubmatchIndex(s, -1) {
		if count > 0 && n >= count {
			break
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(repl(m))
		last = m[1]
		n++
		if b.Len() > maxStringLen {
			throw("Expression consumed too much memory")
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

func regexSplit(r *regexValue, s string, max int64) []any {
	out := []any{}
	last := 0
	n := int64(0)
	for _, m := range r.re.FindAllStringSubmatchIndex(s, -1) {
		if max > 0 && n >= max {
			break
		}
		out = append(out, s[last:m[0]])
		for g := 1; g < len(m)/2; g++ {
			if m[2*g] < 0 {
				out = append(out, nil)
			} else {
				out = append(out, s[m[2*g]:m[2*g+1]])
			}
		}
		last = m[1]
		n++
	}
	return append(out, s[last:])
}

// pyEscape is re.escape: Python 3.7+ escapes only regex-special characters.
func pyEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func registerRegex(l library) {
	l.fn("regex", func(c *call) any {
		flags := 0
		if truthy(c.a[1]) {
			flags |= reIgnoreCase
		}
		if truthy(c.a[2]) {
			flags |= reMultiLine
		}
		if truthy(c.a[3]) {
			flags |= reDotAll
		}
		return compileRegex(c.str(0), flags)
	}, p("pattern", isStr), opt("ignoreCase", nil, false), opt("multiLine", nil, false), opt("dotAll", nil, false))
	l.meth("matches", func(c *call) any { return c.a[0].(*regexValue).search(c.str(1)) != nil }, p("regexp", isRegex), p("string", isStr))
	l.meth("matches", func(c *call) any { return compileRegex(c.str(1), 0).search(c.str(0)) != nil }, p("string", isStr), p("regexp", isStr))
	l.meth("search", func(c *call) any {
		r, s := c.a[0].(*regexValue), c.str(1)
		m := r.search(s)
		if m == nil {
			return nil
		}
		if sel := c.lambda(2); sel != nil {
			return sel.n.eval(matchScope(c.s, r, s, m))
		}
		return s[m[0]:m[1]]
	}, p("regexp", isRegex), p("string", isStr), optLz("selector"))
	l.meth("searchAll", func(c *call) any {
		r, s := c.a[0].(*regexValue), c.str(1)
		sel := c.lambda(2)
		out := []any{}
		for _, m := range r.re.FindAllStringSubmatchIndex(s, -1) {
			if sel != nil {
				out = append(out, sel.n.eval(matchScope(c.s, r, s, m)))
			} else {
				out = append(out, s[m[0]:m[1]])
			}
			c.st.count(1)
		}
		return out
	}, p("regexp", isRegex), p("string", isStr), optLz("selector"))
	l.meth("split", func(c *call) any { return c.st.pyList(regexSplit(c.a[0].(*regexValue), c.str(1), c.int(2))) },
		p("regexp", isRegex), p("string", isStr), opt("maxSplit", isInt, int64(0)))
	l.meth("split", func(c *call) any { return c.st.pyList(regexSplit(c.a[1].(*regexValue), c.str(0), c.int(2))) },
		p("string", isStr), p("regexp", isRegex), opt("maxSplit", isInt, int64(0)))
	l.meth("replace", func(c *call) any {
		r := c.a[0].(*regexValue)
		s := c.str(1)
		parts := compileRepl(r, c.str(2))
		return regexReplace(r, s, c.int(3), func(m []int) string { return expandRepl(parts, s, m) })
	}, p("regexp", isRegex), p("string", isStr), p("repl", isStr), opt("count", isInt, int64(0)))
	l.meth("replace", func(c *call) any {
		r := c.a[1].(*regexValue)
		s := c.str(0)
		parts := compileRepl(r, c.str(2))
		return regexReplace(r, s, c.int(3), func(m []int) string { return expandRepl(parts, s, m) })
	}, p("string", isStr), p("regexp", isRegex), p("repl", isStr), opt("count", isInt, int64(0)))
	replaceBy := func(c *call, r *regexValue, s string) any {
		// Python joins the pieces: the text before each match (when
		// there is some) and what the selector gives (unless None); the
		// first piece that is no string fails the join.
		f := c.lambda(2)
		pieces, prevEnd := 0, 0
		var bad any
		badAt := -1
		out := regexReplace(r, s, c.int(3), func(m []int) string {
			if m[0] > prevEnd {
				pieces++
			}
			prevEnd = m[1]
			v := f.n.eval(matchScope(c.s, r, s, m))
			if v == nil {
				return ""
			}
			str, ok := v.(string)
			if !ok && badAt < 0 {
				bad, badAt = v, pieces
			}
			pieces++
			return str
		})
		if badAt >= 0 {
			throwf("sequence item %d: expected str instance, %s found", badAt, c.st.pyClass(bad))
		}
		return out
	}
	l.meth("replaceBy", func(c *call) any { return replaceBy(c, c.a[0].(*regexValue), c.str(1)) },
		p("regexp", isRegex), p("string", isStr), lz("repl"), opt("count", isInt, int64(0)))
	l.meth("replaceBy", func(c *call) any { return replaceBy(c, c.a[1].(*regexValue), c.str(0)) },
		p("string", isStr), p("regexp", isRegex), lz("repl"), opt("count", isInt, int64(0)))
	l.fn("escapeRegex", func(c *call) any { return pyEscape(c.str(0)) }, p("string", isStr))
	l.fn("isRegex", func(c *call) any { return isRegex(c.a[0]) }, p("value", nil))
}
