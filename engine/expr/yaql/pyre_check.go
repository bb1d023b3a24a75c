package yaql

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// pythonPatternError reports the first mistake in a regular expression that
// Python's re refuses at compile time, worded and placed as re words it
// ("nothing to repeat at position 0"), or "" when it finds none. It covers
// the mistakes whose RE2 message would read differently, and those the
// backtracking engine would accept but Python does not (a reference to a
// group not defined yet, a group name used twice); not the width of a
// look-behind nor the name in a \N{...} escape. Positions count characters
// of the pattern as written, as Python's do, white space and comments of a
// verbose pattern ((?x)) included.
func pythonPatternError(p string) string {
	c := patternChecker{p: p, names: map[string]int{}, verbose: isVerbose(p), lookbehindFrom: -1}
	msg := c.check()
	// Python's tokenizer reads a token ahead, so a lone backslash at the
	// end fails the pattern as soon as the parser takes the token before
	// it: before an error found then or later.
	if tail := len(p) - 1; tail >= 0 && p[tail] == '\\' && (len(p)-len(strings.TrimRight(p, "\\")))%2 == 1 &&
		(msg == "" || c.found < 0 || c.found >= tail) {
		return c.errorf(tail, "bad escape (end of pattern)")
	}
	return msg
}

// isVerbose tells whether p starts with flags that hold x (re.VERBOSE).
func isVerbose(p string) bool {
	if !strings.HasPrefix(p, "(?") || !isGlobalFlags(p[2:]) {
		return false
	}
	return strings.Contains(p[2:strings.IndexByte(p, ')')], "x")
}

type patternChecker struct {
	p      string
	open   []openGroup    // the groups not closed yet, innermost last
	groups int            // capturing groups opened so far
	names  map[string]int // group name -> number
	// verbose skips white space and # comments outside sets.
	verbose bool
	// leading holds while only flags groups were read: global flags
	// must come first.
	leading bool
	// laterRefs are the group numbers conditionals named before the
	// group was defined.
	laterRefs []groupRef
	// lookbehindFrom is the number of groups opened before the outermost
	// look-behind the parser is in, -1 outside look-behinds: references
	// there must be to groups closed before it.
	lookbehindFrom int
	// found is where the parser stood when it found the error: after the
	// token ending there, or -1 at the end of the pattern.
	found int
}

type groupRef struct{ n, at int }

// isOpen tells whether group number n is open.
func (c *patternChecker) isOpen(n int) bool {
	return slices.ContainsFunc(c.open, func(g openGroup) bool { return g.no == n })
}

// openGroup is a group whose ) is still to come.
type openGroup struct {
	at         int  // byte offset of its (
	no         int  // its number; 0 when it captures nothing
	cond       bool // a conditional (?(1)yes|no), which has two branches at most
	lookbehind bool // the outermost look-behind
	branches   int  // the | read in it so far
}

// What the last item was, for the repeat rules: nothing to repeat at the
// start of a branch or after an anchor, a repeat after a repeat.
const (
	itemNone = iota
	itemAtom
	itemRepeat
	// itemUnchanged is what a comment or a flags group leaves: a repeat
	// after it applies to the item before.
	itemUnchanged
)

// errorf words an error at byte offset at, found when the parser took the
// token there (see detected).
func (c *patternChecker) errorf(at int, format string, args ...any) string {
	c.found = at + c.tokenLen(at)
	msg := fmt.Sprintf(format, args...) + fmt.Sprintf(" at position %d", utf8.RuneCountInString(c.p[:at]))
	if strings.Contains(c.p, "\n") {
		// re.error adds the line and column when the pattern has several
		lineStart := strings.LastIndexByte(c.p[:at], '\n') + 1
		msg += fmt.Sprintf(" (line %d, column %d)", strings.Count(c.p[:at], "\n")+1,
			utf8.RuneCountInString(c.p[lineStart:at])+1)
	}
	return msg
}

// tokenLen is the length of Python's token at byte offset at: an escape
// and the character it escapes, or one character.
func (c *patternChecker) tokenLen(at int) int {
	if at >= len(c.p) {
		return 0
	}
	n := 0
	if c.p[at] == '\\' && at+1 < len(c.p) {
		n = 1
	}
	_, size := utf8.DecodeRuneInString(c.p[at+n:])
	return n + size
}

// detected sets where the parser stood when it found the error msg:
// after the token that ends at end, or at the end of the pattern
// (end -1), or before the token at the error (end 0: unbalanced
// parentheses are seen ahead).
func (c *patternChecker) detected(msg string, end int) string {
	c.found = end
	return msg
}

// check walks the pattern once, item by item, as Python's sre_parse does.
func (c *patternChecker) check() string {
	p := c.p
	c.leading = true
	last := itemNone
	for i := 0; i < len(p); {
		if c.verbose {
			if strings.IndexByte(" \t\n\r\v\f", p[i]) >= 0 {
				i++
				continue
			}
			if p[i] == '#' {
				for i < len(p) && p[i] != '\n' {
					i++
				}
				continue
			}
		}
		// Anything but a comment or a flags group ends the leading flags.
		wasLeading := c.leading
		c.leading = false
		switch p[i] {
		case '\\':
			end, escapeLast, msg := c.escape(i)
			if msg != "" {
				return msg
			}
			i, last = end, escapeLast
		case '[':
			end, msg := c.class(i)
			if msg != "" {
				return msg
			}
			i, last = end, itemAtom
		case '(':
			c.leading = wasLeading
			end, item, msg := c.openGroup(i)
			if msg != "" {
				return msg
			}
			if item != itemUnchanged {
				last, c.leading = item, false
			}
			i = end
		case ')':
			if len(c.open) == 0 {
				return c.detected(c.errorf(i, "unbalanced parenthesis"), 0)
			}
			if c.open[len(c.open)-1].lookbehind {
				c.lookbehindFrom = -1
			}
			c.open = c.open[:len(c.open)-1]
			i, last = i+1, itemAtom
		case '|':
			if n := len(c.open); n > 0 && c.open[n-1].cond {
				if c.open[n-1].branches++; c.open[n-1].branches == 2 {
					return c.detected(c.errorf(i, "conditional backref with more than two branches"), 0)
				}
			}
			i, last = i+1, itemNone
		case '^', '$':
			i, last = i+1, itemNone
		case '*', '+', '?', '{':
			end, isRepeat, msg := c.repeat(i, last)
			if msg != "" {
				return msg
			}
			if isRepeat {
				i, last = end, itemRepeat
			} else {
				i, last = i+1, itemAtom // a brace that starts no repeat is a literal
			}
		default:
			_, size := utf8.DecodeRuneInString(p[i:])
			i, last = i+size, itemAtom
		}
	}
	if len(c.open) > 0 {
		return c.detected(c.errorf(c.open[len(c.open)-1].at, "missing ), unterminated subpattern"), -1)
	}
	for _, ref := range c.laterRefs {
		if ref.n > c.groups {
			return c.detected(c.errorf(ref.at, "invalid group reference %d", ref.n), -1)
		}
	}
	return ""
}

// maxRepeat is Python's _sre.MAXREPEAT: repeat counts stay below it.
const maxRepeat = 1<<32 - 1

// repeat checks the repeat at i (*, +, ?, {m}, {m,}, {,n}, {m,n}) with its
// lazy or possessive suffix, and returns where it ends. A brace that does
// not form a repeat is no repeat (isRepeat false).
func (c *patternChecker) repeat(i, last int) (end int, isRepeat bool, msg string) {
	p := c.p
	end = i + 1
	if p[i] == '{' {
		close := strings.IndexByte(p[i:], '}')
		if close < 0 {
			return 0, false, ""
		}
		lo, hi, comma := strings.Cut(p[i+1:i+close], ",")
		if !isDigits(lo) && lo != "" || !isDigits(hi) && hi != "" || !comma && lo == "" {
			return 0, false, ""
		}
		if !comma {
			hi = lo
		}
		bound := func(s string, missing uint64) (uint64, bool) {
			if s == "" {
				return missing, true
			}
			n, err := strconv.ParseUint(s, 10, 64)
			return n, err == nil && n < maxRepeat
		}
		end = i + close + 1
		min, minOK := bound(lo, 0)
		max, maxOK := bound(hi, maxRepeat)
		if !minOK || !maxOK {
			// an OverflowError, without a position
			return 0, false, c.detected("the repetition number is too large", end)
		}
		if max < min {
			return 0, false, c.detected(c.errorf(i+1, "min repeat greater than max repeat"), end)
		}
	}
	switch last {
	case itemNone:
		return 0, false, c.detected(c.errorf(i, "nothing to repeat"), end)
	case itemRepeat:
		return 0, false, c.detected(c.errorf(i, "multiple repeat"), end)
	}
	if end < len(p) && (p[end] == '?' || p[end] == '+') {
		end++
	}
	return end, true, ""
}

// escape checks the escape at i outside a set and returns where it ends
// and what it is for the repeat rules.
func (c *patternChecker) escape(i int) (end, last int, msg string) {
	p := c.p
	if i+1 == len(p) {
		return 0, 0, c.errorf(i, "bad escape (end of pattern)")
	}
	switch n := p[i+1]; {
	case n >= '1' && n <= '9':
		msg, end := c.groupReference(i)
		return end, itemAtom, msg
	case n == 'A' || n == 'b' || n == 'B' || n == 'Z':
		return i + 2, itemNone, "" // an anchor: nothing to repeat
	case isASCIILetter(n) && !strings.ContainsRune(pyKnownEscapes, rune(n)):
		return 0, 0, c.errorf(i, "bad escape \\%c", n)
	case n == 'x' || n == 'u' || n == 'U' || n == 'N':
		end, msg := c.codeEscape(i)
		return end, itemAtom, msg
	}
	_, size := utf8.DecodeRuneInString(p[i+1:])
	return i + 1 + size, itemAtom, ""
}

// codeEscape checks the escape at i that spells a code point: \x with two
// hex digits, \u with four, \U with eight, \N{name}. It returns where it
// ends. (Names are not looked up.)
func (c *patternChecker) codeEscape(i int) (int, string) {
	p := c.p
	if p[i+1] == 'N' {
		if i+2 == len(p) || p[i+2] != '{' {
			return 0, c.errorf(i+2, "missing {")
		}
		end := strings.IndexByte(p[i+3:], '}')
		switch {
		case end == 0 || i+3 == len(p):
			return 0, c.errorf(i+3, "missing character name")
		case end < 0:
			return 0, c.detected(c.errorf(i+3, "missing }, unterminated name"), -1)
		}
		return i + 3 + end + 1, ""
	}
	digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[p[i+1]]
	j := i + 2
	for j < len(p) && j < i+2+digits && isHexDigit(p[j]) {
		j++
	}
	if j < i+2+digits {
		return 0, c.errorf(i, "incomplete escape %s", p[i:j])
	}
	if p[i+1] == 'U' {
		if v, _ := strconv.ParseUint(p[i+2:j], 16, 32); v > unicode.MaxRune {
			return 0, c.errorf(i, "bad escape %s", p[i:j])
		}
	}
	return j, ""
}

func isHexDigit(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}

// groupReference checks the escape \N at i: a reference to a group that
// is defined and closed, unless it is an octal escape (three octal
// digits). It returns where the escape ends.
func (c *patternChecker) groupReference(i int) (string, int) {
	p := c.p
	j := i + 1
	for j < len(p) && j < i+3 && p[j] >= '0' && p[j] <= '9' {
		j++
	}
	if j == i+3 && j < len(p) && isOctal(p[i+1]) && isOctal(p[i+2]) && isOctal(p[j]) {
		// \141 is "a"
		if n, _ := strconv.ParseUint(p[i+1:j+1], 8, 32); n > 0o377 {
			return c.detected(c.errorf(i, "octal escape value %s outside of range 0-0o377", p[i:j+1]), j+1), 0
		}
		return "", j + 1
	}
	n := 0
	for _, d := range p[i+1 : j] {
		n = n*10 + int(d-'0')
	}
	if n > c.groups {
		return c.errorf(i+1, "invalid group reference %d", n), 0
	}
	if c.isOpen(n) {
		return c.errorf(i, "cannot refer to an open group"), 0
	}
	if msg := c.lookbehindRef(n, j); msg != "" {
		return msg, 0
	}
	return "", j
}

func isOctal(b byte) bool { return b >= '0' && b <= '7' }

// openGroup checks the group that opens at i and returns where its body
// starts (item itemNone: nothing to repeat yet), or where a reference by
// name (itemAtom), a comment or a flags group (itemUnchanged) ends.
func (c *patternChecker) openGroup(i int) (end, item int, msg string) {
	p := c.p
	capture := func(body int) (int, int, string) {
		c.groups++
		c.open = append(c.open, openGroup{at: i, no: c.groups})
		return body, itemNone, ""
	}
	group := func(body int) (int, int, string) {
		c.open = append(c.open, openGroup{at: i})
		return body, itemNone, ""
	}
	if !strings.HasPrefix(p[i:], "(?") {
		return capture(i + 1)
	}
	rest := p[i+2:]
	if rest == "" || rest == "P" || rest == "<" {
		return 0, 0, c.errorf(len(p), "unexpected end of pattern")
	}
	switch {
	case strings.HasPrefix(rest, "P<"):
		name, end, msg := c.groupName(i+4, '>')
		if msg != "" {
			return 0, 0, msg
		}
		if was, ok := c.names[name]; ok {
			return 0, 0, c.detected(c.errorf(i+4, "redefinition of group name %s as group %d; was group %d",
				data.StringRepr(name), c.groups+1, was), end)
		}
		c.names[name] = c.groups + 1
		return capture(end)
	case strings.HasPrefix(rest, "P="):
		name, end, msg := c.groupName(i+4, ')')
		if msg != "" {
			return 0, 0, msg
		}
		n, ok := c.names[name]
		if !ok {
			return 0, 0, c.detected(c.errorf(i+4, "unknown group name %s", data.StringRepr(name)), end)
		}
		if c.isOpen(n) {
			return 0, 0, c.detected(c.errorf(i+4, "cannot refer to an open group"), end)
		}
		if msg := c.lookbehindRef(n, end); msg != "" {
			return 0, 0, msg
		}
		return end, itemAtom, ""
	case rest[0] == 'P':
		return 0, 0, c.unknownExtension(i, 3)
	case rest[0] == '#':
		// up to the first ) that is no escape's
		for j := i + 3; j < len(p); j += c.tokenLen(j) {
			if p[j] == ')' {
				return j + 1, itemUnchanged, ""
			}
		}
		return 0, 0, c.detected(c.errorf(i, "missing ), unterminated comment"), -1)
	case rest[0] == '(':
		return c.condition(i)
	case strings.HasPrefix(rest, "<=") || strings.HasPrefix(rest, "<!"):
		g := openGroup{at: i}
		if c.lookbehindFrom < 0 {
			c.lookbehindFrom, g.lookbehind = c.groups, true
		}
		c.open = append(c.open, g)
		return i + 4, itemNone, ""
	case rest[0] == '<':
		// Python spells named groups (?P<name>...) only
		return 0, 0, c.unknownExtension(i, 3)
	case rest[0] == ':' || rest[0] == '=' || rest[0] == '!' || rest[0] == '>':
		return group(i + 3)
	case strings.IndexByte(pyFlags+"-", rest[0]) >= 0:
		end, scoped, msg := c.flags(i + 2)
		switch {
		case msg != "":
			return 0, 0, msg
		case scoped:
			return group(end)
		case !c.leading:
			return 0, 0, c.errorf(i, "global flags not at the start of the expression")
		}
		return end, itemUnchanged, ""
	default:
		return 0, 0, c.unknownExtension(i, 2)
	}
}

// unknownExtension words the error for the group at i whose extension
// Python does not know: "?" and what follows up to and with the token at
// i+n (an escape is one token).
func (c *patternChecker) unknownExtension(i, n int) string {
	end := i + n + c.tokenLen(i+n)
	if c.p[i+n] == '\\' && end == i+n+1 {
		return c.errorf(i+n, "bad escape (end of pattern)")
	}
	return c.detected(c.errorf(i+1, "unknown extension %s", c.p[i+1:end]), end)
}

// groupName reads the name of a group or a reference at start, up to
// stop, and returns it and where it ends (after stop).
func (c *patternChecker) groupName(start int, stop byte) (name string, end int, msg string) {
	n := strings.IndexByte(c.p[start:], stop)
	switch {
	case n == 0 || n < 0 && start == len(c.p):
		return "", 0, c.errorf(start, "missing group name")
	case n < 0:
		return "", 0, c.detected(c.errorf(start, "missing %c, unterminated name", stop), -1)
	}
	name = c.p[start : start+n]
	if !isIdentifier(name) {
		return "", 0, c.errorf(start, "bad character in group name %s", data.StringRepr(name))
	}
	return name, start + n + 1, ""
}

// condition checks the conditional group (?(1)yes|no) or (?(name)yes|no)
// at i. A group number may be defined after the conditional: check tells
// at the end whether it was.
func (c *patternChecker) condition(i int) (end, item int, msg string) {
	p := c.p
	start := i + 3
	closing := strings.IndexByte(p[start:], ')')
	switch {
	case start == len(p):
		return 0, 0, c.errorf(start, "missing group name")
	case closing < 0:
		return 0, 0, c.detected(c.errorf(start, "missing ), unterminated name"), -1)
	}
	name, end := p[start:start+closing], start+closing+1
	fail := func(format string, args ...any) (int, int, string) {
		return 0, 0, c.detected(c.errorf(start, format, args...), end)
	}
	var n int
	switch {
	case name == "":
		return 0, 0, c.errorf(start+closing, "missing group name")
	case isIdentifier(name):
		var ok bool
		if n, ok = c.names[name]; !ok {
			return fail("unknown group name %s", data.StringRepr(name))
		}
	case !isDigits(name):
		return fail("bad character in group name %s", data.StringRepr(name))
	default:
		n, _ = strconv.Atoi(name)
		if n == 0 {
			return fail("bad group number")
		}
		if n > c.groups && c.lookbehindFrom < 0 {
			c.laterRefs = append(c.laterRefs, groupRef{n, start})
		}
	}
	if msg := c.lookbehindRef(n, end); msg != "" {
		return 0, 0, msg
	}
	c.open = append(c.open, openGroup{at: i, cond: true})
	return end, itemNone, ""
}

// lookbehindRef checks a reference to group n, at offset at, from inside
// a look-behind: to a group closed before the look-behind began.
func (c *patternChecker) lookbehindRef(n, at int) string {
	switch {
	case c.lookbehindFrom < 0:
		return ""
	case n > c.groups || c.isOpen(n):
		return c.detected(c.errorf(at, "cannot refer to an open group"), at)
	case n > c.lookbehindFrom:
		return c.detected(c.errorf(at, "cannot refer to group defined in the same lookbehind subpattern"), at)
	}
	return ""
}

// pyFlags are the letters of Python's inline flags.
const pyFlags = "aiLmsux"

// flags reads the flags at start (after "(?"), as Python's _parse_flags:
// "i)" for the whole pattern, or "i-s:" scoped to a group (scoped true),
// and returns where they end.
func (c *patternChecker) flags(start int) (end int, scoped bool, msg string) {
	p := c.p
	fail := func(at int, msg string) (int, bool, string) { return 0, false, c.errorf(at, "%s", msg) }
	bad := func(at int, otherwise string) (int, bool, string) {
		if at < len(p) {
			if r, _ := utf8.DecodeRuneInString(p[at:]); unicode.IsLetter(r) {
				return fail(at, "unknown flag")
			}
		}
		return fail(at, otherwise)
	}
	const typeFlags = "auL" // at most one, and never turned off
	on := ""
	j := start
	for ; j < len(p) && strings.IndexByte(pyFlags, p[j]) >= 0; j++ {
		switch {
		case p[j] == 'L':
			return fail(j+1, "bad inline flags: cannot use 'L' flag with a str pattern")
		case strings.IndexByte(typeFlags, p[j]) >= 0 && strings.ContainsAny(on, typeFlags) && !strings.Contains(on, p[j:j+1]):
			return fail(j+1, "bad inline flags: flags 'a', 'u' and 'L' are incompatible")
		}
		on += p[j : j+1]
	}
	if j == len(p) || p[j] != ')' && p[j] != ':' && p[j] != '-' {
		return bad(j, "missing -, : or )")
	}
	if p[j] == ')' {
		return j + 1, false, ""
	}
	off := ""
	if p[j] == '-' {
		j++
		if j == len(p) || strings.IndexByte(pyFlags, p[j]) < 0 {
			return bad(j, "missing flag")
		}
		for ; j < len(p) && strings.IndexByte(pyFlags, p[j]) >= 0; j++ {
			if strings.IndexByte(typeFlags, p[j]) >= 0 {
				return fail(j+1, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'")
			}
			off += p[j : j+1]
		}
		if j == len(p) || p[j] != ':' {
			return bad(j, "missing :")
		}
	}
	if strings.ContainsAny(on, off) && off != "" {
		return fail(j, "bad inline flags: flag turned on and off")
	}
	return j + 1, true, ""
}

// class checks the set that opens at i and returns where it ends: it must
// be closed, and each range must go upwards.
func (c *patternChecker) class(i int) (int, string) {
	p := c.p
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	first := true
	for {
		if j >= len(p) {
			return 0, c.detected(c.errorf(i, "unterminated character set"), -1)
		}
		if p[j] == ']' && !first {
			return j + 1, ""
		}
		first = false
		lo, loEnd, msg := c.classItem(j)
		if msg != "" {
			return 0, msg
		}
		if loEnd+1 < len(p) && p[loEnd] == '-' && p[loEnd+1] != ']' {
			hi, hiEnd, msg := c.classItem(loEnd + 1)
			if msg != "" {
				return 0, msg
			}
			if lo == classEscape || hi == classEscape || lo >= 0 && hi >= 0 && hi < lo {
				return 0, c.detected(c.errorf(j, "bad character range %s", p[j:hiEnd]), hiEnd)
			}
			j = hiEnd
			continue
		}
		j = loEnd
	}
}

// Code points classItem gives for members it does not evaluate.
const (
	classEscape = -1 // \d, \w, \s and their complements: no range may use them
	unevaluated = -2 // \x41, \u0041, octal and named escapes
)

// classItem reads one member of a set at j and returns its code point (or
// classEscape, unevaluated) and where it ends.
func (c *patternChecker) classItem(j int) (rune, int, string) {
	p := c.p
	if p[j] != '\\' {
		r, size := utf8.DecodeRuneInString(p[j:])
		return r, j + size, ""
	}
	if j+1 == len(p) {
		return 0, 0, c.errorf(j, "bad escape (end of pattern)")
	}
	r, size := utf8.DecodeRuneInString(p[j+1:])
	end := j + 1 + size
	switch {
	case strings.ContainsRune("dDsSwW", r):
		return classEscape, end, ""
	case r == 'x' || r == 'u' || r == 'U' || r == 'N':
		end, msg := c.codeEscape(j)
		return unevaluated, end, msg
	case r == 'A' || r == 'B' || r == 'Z' || r == '8' || r == '9' ||
		r < utf8.RuneSelf && isASCIILetter(byte(r)) && !strings.ContainsRune(pyKnownEscapes, r):
		return 0, 0, c.errorf(j, "bad escape \\%c", r)
	case r == 'n':
		return '\n', end, ""
	case r == 't':
		return '\t', end, ""
	case r == 'r':
		return '\r', end, ""
	case r == 'b':
		return '\b', end, ""
	case r >= '0' && r <= '7':
		// an octal escape of up to three digits
		k := j + 1
		for k < len(p) && k < j+4 && isOctal(p[k]) {
			k++
		}
		n, _ := strconv.ParseUint(p[j+1:k], 8, 32)
		if n > 0o377 {
			return 0, 0, c.detected(c.errorf(j, "octal escape value %s outside of range 0-0o377", p[j:k]), k)
		}
		return rune(n), k, ""
	case r >= utf8.RuneSelf || !isASCIILetter(byte(r)) && (r < '0' || r > '9'):
		return r, end, "" // an escaped punctuation character is itself
	}
	return unevaluated, end, ""
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' || r >= utf8.RuneSelf) {
			return false
		}
	}
	return s != ""
}
