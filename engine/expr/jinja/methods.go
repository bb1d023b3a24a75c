package jinja

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// Methods of Python's str, dict and list that templates call. Mutating
// methods (append, update, pop, ...) change the value in place, as in
// Python: the caller's data is not copied.

type methodFunc func(s *state, recv any, a *args) (any, error)

var strMethods, dictMethods, listMethods map[string]methodFunc

// method returns obj.name as a bound method, or nil.
func method(obj any, name string) *callable {
	var fn methodFunc
	switch obj.(type) {
	case string, markup:
		fn = strMethods[name]
	case *data.Map:
		fn = dictMethods[name]
	case *ctxView:
		return ctxViewMethod(obj.(*ctxView), name)
	case []any:
		fn = listMethods[name]
	case tuple, groupTuple, *pyRange:
		if name == "count" || name == "index" {
			fn = listMethods[name]
		}
	}
	if m, ok := obj.(markup); ok {
		fn = markupMethod(m, name, fn)
	}
	if fn == nil {
		return nil
	}
	recv := typeName(obj)
	if _, ok := obj.(markup); ok {
		recv = "str" // Markup's methods hand their arguments to str's
	}
	return &callable{name: name, recv: typeName(obj), fn: func(s *state, a *args) (any, error) {
		if err := checkBuiltinArity(recv, name, a); err != nil {
			return nil, err
		}
		if len(a.kwNames) > 0 && !keywordMethods[recv+"."+name] {
			if bareNameMethods[recv+"."+name] {
				return nil, errorf("%s() takes no keyword arguments", name)
			}
			return nil, errorf("%s.%s() takes no keyword arguments", recv, name)
		}
		return fn(s, obj, a)
	}}
}

// markupEscaping are the str methods markupsafe's Markup wraps: their
// string arguments are escaped and their result is Markup.
var markupEscaping = map[string]bool{
	"capitalize": true, "title": true, "lower": true, "upper": true, "replace": true,
	"ljust": true, "rjust": true, "lstrip": true, "rstrip": true, "center": true,
	"strip": true, "expandtabs": true, "swapcase": true, "zfill": true,
}

// markupMethod is Markup's version of the str method fn (nil if str has
// none): the methods Markup overrides escape their string arguments or
// the items they join and keep the result Markup; unescape and striptags
// are Markup's own. Other methods are str's.
func markupMethod(m markup, name string, fn methodFunc) methodFunc {
	escapeArgs := func(a *args) *args {
		out := &args{pos: make([]any, len(a.pos)), kwNames: a.kwNames, kwVals: make([]any, len(a.kwVals))}
		for i, v := range a.pos {
			out.pos[i] = escapeStrings(v)
		}
		for i, v := range a.kwVals {
			out.kwVals[i] = escapeStrings(v)
		}
		return out
	}
	var toMarkup func(v any) any
	toMarkup = func(v any) any {
		switch t := v.(type) {
		case string:
			return markup(t)
		case []any:
			out := make([]any, len(t))
			for i, e := range t {
				out[i] = toMarkup(e)
			}
			return out
		case tuple:
			out := make(tuple, len(t))
			for i, e := range t {
				out[i] = toMarkup(e)
			}
			return out
		}
		return v
	}
	switch {
	case fn == nil && name == "unescape":
		return func(_ *state, _ any, a *args) (any, error) {
			if len(a.pos) > 0 {
				return nil, errorf("Markup.unescape() takes 1 positional argument but %d were given", len(a.pos)+1)
			}
			return html.UnescapeString(string(m)), nil
		}
	case fn == nil && name == "striptags":
		return func(s *state, _ any, a *args) (any, error) {
			if len(a.pos) > 0 {
				return nil, errorf("Markup.striptags() takes 1 positional argument but %d were given", len(a.pos)+1)
			}
			return fStriptags(s, m, a)
		}
	case fn == nil:
		return nil
	case name == "format":
		return func(s *state, _ any, a *args) (any, error) { return s.markupFormat(string(m), a) }
	case markupEscaping[name] || name == "partition" || name == "rpartition" || name == "join":
		return func(s *state, recv any, a *args) (any, error) {
			ea := escapeArgs(a)
			if name == "join" && len(a.pos) == 1 {
				items, err := iterate(a.pos[0])
				if err != nil {
					return nil, err
				}
				escaped := make([]any, len(items))
				for i, it := range items {
					if escaped[i], err = fEscape(s, it, nil); err != nil {
						return nil, err
					}
				}
				ea.pos[0] = escaped
			}
			out, err := fn(s, string(m), ea)
			if err != nil {
				return nil, err
			}
			return toMarkup(out), nil
		}
	case name == "split" || name == "rsplit" || name == "splitlines":
		return func(s *state, recv any, a *args) (any, error) {
			out, err := fn(s, recv, a)
			if err != nil {
				return nil, err
			}
			return toMarkup(out), nil
		}
	}
	return fn
}

// arity is how CPython parses a built-in method's arguments, which words
// its complaint about their number.
type arity struct {
	style    int // one of the styles below
	min, max int
}

const (
	clinicStyle  = iota // "get expected at least 1 argument, got 0"
	methOStyle          // "str.join() takes exactly one argument (0 given)"
	bareOStyle          // "format_map() takes exactly one argument (0 given)"
	tupleStyle          // "find() takes at least 1 argument (0 given)"
	keywordStyle        // "split() takes at most 2 arguments (4 given)", keywords counted
	noArgsStyle         // "list.copy() takes no arguments (1 given)"
)

// builtinArities are the methods of str, dict and list that take
// arguments, by "type.name". Methods taking none check that themselves.
var builtinArities = map[string]arity{
	"str.strip": {clinicStyle, 0, 1}, "str.lstrip": {clinicStyle, 0, 1}, "str.rstrip": {clinicStyle, 0, 1},
	"str.ljust": {clinicStyle, 1, 2}, "str.rjust": {clinicStyle, 1, 2}, "str.center": {clinicStyle, 1, 2},
	"str.replace": {clinicStyle, 2, 3}, "str.maketrans": {clinicStyle, 1, 3},
	"str.startswith": {tupleStyle, 1, 3}, "str.endswith": {tupleStyle, 1, 3},
	"str.find": {tupleStyle, 1, 3}, "str.rfind": {tupleStyle, 1, 3},
	"str.index": {tupleStyle, 1, 3}, "str.rindex": {tupleStyle, 1, 3}, "str.count": {tupleStyle, 1, 3},
	"str.split": {keywordStyle, 0, 2}, "str.rsplit": {keywordStyle, 0, 2},
	"str.splitlines": {keywordStyle, 0, 1}, "str.expandtabs": {keywordStyle, 0, 1},
	"str.join": {methOStyle, 1, 1}, "str.zfill": {methOStyle, 1, 1},
	"str.partition": {methOStyle, 1, 1}, "str.rpartition": {methOStyle, 1, 1},
	"str.removeprefix": {methOStyle, 1, 1}, "str.removesuffix": {methOStyle, 1, 1},
	"str.format_map": {bareOStyle, 1, 1},
	"dict.get":       {clinicStyle, 1, 2}, "dict.pop": {clinicStyle, 1, 2},
	"dict.setdefault": {clinicStyle, 1, 2}, "dict.fromkeys": {clinicStyle, 1, 2},
	"list.index": {clinicStyle, 1, 3}, "list.insert": {clinicStyle, 2, 2}, "list.pop": {clinicStyle, 0, 1},
	"list.count": {methOStyle, 1, 1}, "list.append": {methOStyle, 1, 1},
	"list.remove": {methOStyle, 1, 1}, "list.extend": {methOStyle, 1, 1},
	"list.sort": {keywordStyle, 0, 2}, "list.copy": {noArgsStyle, 0, 0},
	"list.reverse": {noArgsStyle, 0, 0}, "list.clear": {noArgsStyle, 0, 0},
}

// checkBuiltinArity fails as CPython does when the method recv.name is
// given too few or too many arguments.
func checkBuiltinArity(recv, name string, a *args) error {
	ar, ok := builtinArities[recv+"."+name]
	if !ok || (ar.style != keywordStyle && len(a.kwNames) > 0) {
		return nil // refusing keywords comes first, and is the caller's
	}
	n := len(a.pos)
	if ar.style == keywordStyle {
		n += len(a.kwNames)
	}
	if n >= ar.min && n <= ar.max {
		return nil
	}
	switch ar.style {
	case clinicStyle:
		switch {
		case ar.min == ar.max:
			return errorf("%s expected %d argument%s, got %d", name, ar.min, plural(ar.min), n)
		case n < ar.min:
			return errorf("%s expected at least %d argument%s, got %d", name, ar.min, plural(ar.min), n)
		}
		return errorf("%s expected at most %d argument%s, got %d", name, ar.max, plural(ar.max), n)
	case methOStyle:
		return errorf("%s.%s() takes exactly one argument (%d given)", recv, name, n)
	case bareOStyle:
		return errorf("%s() takes exactly one argument (%d given)", name, n)
	case noArgsStyle:
		return errorf("%s.%s() takes no arguments (%d given)", recv, name, n)
	}
	if n < ar.min {
		return errorf("%s() takes at least %d argument%s (%d given)", name, ar.min, plural(ar.min), n)
	}
	return errorf("%s() takes at most %d argument%s (%d given)", name, ar.max, plural(ar.max), n)
}

// keywordMethods are the methods of str, list and dict that take keyword
// arguments; Python's other built-in methods refuse them.
var keywordMethods = map[string]bool{
	"str.split": true, "str.rsplit": true, "str.splitlines": true, "str.expandtabs": true,
	"str.format": true, "list.sort": true, "dict.update": true,
}

// bareNameMethods are the str methods whose refusal of keywords names the
// method alone ("startswith() takes no keyword arguments"): CPython parses
// their arguments the old way.
var bareNameMethods = map[string]bool{
	"str.startswith": true, "str.endswith": true, "str.count": true, "str.find": true,
	"str.rfind": true, "str.index": true, "str.rindex": true, "str.format_map": true,
}

// ctxViewMethod returns the method name of Mistral's ContextView: get,
// keys, items and values read the layers (items and values are lists, as
// its own methods return); the methods that would change it fail; the
// others are dict's, over its empty storage.
func ctxViewMethod(v *ctxView, name string) *callable {
	var fn func(s *state, a *args) (any, error)
	switch name {
	case "get", "keys":
		fn = func(s *state, a *args) (any, error) { return dictMethods[name](s, v.m, a) }
	case "items":
		fn = func(_ *state, a *args) (any, error) {
			if _, err := a.bindAfter(1, "ContextView.items", nil, 0); err != nil {
				return nil, err
			}
			return mapItems(v.m), nil
		}
	case "values":
		fn = func(_ *state, a *args) (any, error) {
			if _, err := a.bindAfter(1, "ContextView.values", nil, 0); err != nil {
				return nil, err
			}
			vals := make([]any, 0, v.m.Len())
			v.m.Range(func(_ string, e any) bool { vals = append(vals, e); return true })
			return vals, nil
		}
	case "update", "clear", "pop", "popitem":
		fn = func(*state, *args) (any, error) { return nil, errorf("Context view is immutable.") }
	default:
		dm := dictMethods[name]
		if dm == nil {
			return nil
		}
		fn = func(s *state, a *args) (any, error) { return dm(s, data.NewMap(0), a) }
	}
	return &callable{name: name, recv: typeName(v), fn: fn}
}

func recvStr(v any) string { s, _ := isString(v); return s }

// strArgs binds string arguments of a str method.
func strArgs(a *args, fname string, params []string, required int) ([]any, error) {
	return a.bind(fname, params, required)
}

// argStrBare is a str argument whose refusal names no function, as
// str.find, count and partition word it.
func argStrBare(v any) (string, error) {
	s, ok := isString(v)
	if !ok {
		return "", errorf("must be str, not %s", typeName(v))
	}
	return s, nil
}

func argStr(v any, fname string) (string, error) {
	s, ok := isString(v)
	if !ok {
		return "", errorf("%s() argument must be str, not %s", fname, typeName(v))
	}
	return s, nil
}

// methodNoArgs checks the arguments of a CPython method that takes none
// (METH_NOARGS), named qualname ("str.upper"), with CPython's messages.
func methodNoArgs(a *args, qualname string) error {
	if len(a.kwNames) > 0 {
		return errorf("%s() takes no keyword arguments", qualname)
	}
	if len(a.pos) > 0 {
		return errorf("%s() takes no arguments (%d given)", qualname, len(a.pos))
	}
	return nil
}

// simpleStr is the str method name, which takes no arguments.
func simpleStr(name string, fn func(string) any) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		if err := methodNoArgs(a, "str."+name); err != nil {
			return nil, err
		}
		return fn(recvStr(recv)), nil
	}
}

func strip(kind int) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind("strip", []string{"chars"}, 0)
		if err != nil {
			return nil, err
		}
		s := recvStr(recv)
		if given(p[0]) && p[0] != nil {
			cs, ok := isString(p[0])
			if !ok {
				return nil, errorf("%s arg must be None or str", [...]string{"strip", "lstrip", "rstrip"}[kind])
			}
			switch kind {
			case 0:
				return strings.Trim(s, cs), nil
			case 1:
				return strings.TrimLeft(s, cs), nil
			}
			return strings.TrimRight(s, cs), nil
		}
		switch kind {
		case 0:
			return strings.TrimFunc(s, pycase.IsSpace), nil
		case 1:
			return strings.TrimLeftFunc(s, pycase.IsSpace), nil
		}
		return strings.TrimRightFunc(s, pycase.IsSpace), nil
	}
}

func affix(prefix bool) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind("startswith", []string{"prefix", "start", "end"}, 1)
		if err != nil {
			return nil, err
		}
		rs := []rune(recvStr(recv))
		bounds := [2]*int64{}
		for i, b := range p[1:] {
			if given(b) && b != nil {
				n, ok := asInt(b)
				if !ok {
					return nil, errorf("slice indices must be integers or None or have an __index__ method")
				}
				bounds[i] = &n
			}
		}
		part, _ := sliceItems(chars(string(rs)), bounds[0], bounds[1], nil)
		s := joinChars(part)
		var cands []any
		if t, ok := p[0].(tuple); ok {
			cands = t
		} else {
			cands = []any{p[0]}
		}
		for _, c := range cands {
			cs, ok := isString(c)
			if !ok {
				return nil, errorf("startswith first arg must be str or a tuple of str, not %s", typeName(c))
			}
			if (prefix && strings.HasPrefix(s, cs)) || (!prefix && strings.HasSuffix(s, cs)) {
				return true, nil
			}
		}
		return false, nil
	}
}

func split(right bool) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind("split", []string{"sep", "maxsplit"}, 0)
		if err != nil {
			return nil, err
		}
		s := recvStr(recv)
		n := int64(-1)
		if given(p[1]) {
			if n, err = indexArg(p[1]); err != nil {
				return nil, err
			}
		}
		var parts []string
		if !given(p[0]) || p[0] == nil {
			parts = splitWhitespace(s, int(n), right)
		} else {
			sep, ok := isString(p[0])
			if !ok {
				return nil, errorf("must be str or None, not %s", typeName(p[0]))
			}
			if sep == "" {
				return nil, errorf("empty separator")
			}
			switch {
			case n < 0:
				parts = strings.Split(s, sep)
			case right:
				parts = rsplitN(s, sep, int(n))
			default:
				parts = strings.SplitN(s, sep, int(n)+1)
			}
		}
		out := make([]any, len(parts))
		for i, x := range parts {
			out[i] = x
		}
		return out, nil
	}
}

func rsplitN(s, sep string, n int) []string {
	var out []string
	for n > 0 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		out = append([]string{s[i+len(sep):]}, out...)
		s = s[:i]
		n--
	}
	return append([]string{s}, out...)
}

func splitWhitespace(s string, n int, right bool) []string {
	fields := strings.FieldsFunc(s, pycase.IsSpace)
	if n < 0 || len(fields) <= 1 {
		return fields
	}
	if n == 0 {
		if right {
			return []string{strings.TrimRightFunc(s, pycase.IsSpace)}
		}
		return []string{strings.TrimLeftFunc(s, pycase.IsSpace)}
	}
	if n >= len(fields) {
		// every separator splits; the remainder keeps no outer space
		return fields
	}
	if right {
		// keep the leading remainder intact
		rest := strings.TrimRightFunc(s, pycase.IsSpace)
		var tail []string
		for i := 0; i < n; i++ {
			j := strings.LastIndexFunc(rest, pycase.IsSpace)
			_, size := utf8.DecodeRuneInString(rest[j:])
			tail = append([]string{rest[j+size:]}, tail...)
			rest = strings.TrimRightFunc(rest[:j], pycase.IsSpace)
		}
		return append([]string{rest}, tail...)
	}
	rest := strings.TrimLeftFunc(s, pycase.IsSpace)
	var out []string
	for i := 0; i < n; i++ {
		j := strings.IndexFunc(rest, pycase.IsSpace)
		out = append(out, rest[:j])
		rest = strings.TrimLeftFunc(rest[j:], pycase.IsSpace)
	}
	return append(out, rest)
}

func find(reverse, raise bool) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind("find", []string{"sub", "start", "end"}, 1)
		if err != nil {
			return nil, err
		}
		sub, err := argStrBare(p[0])
		if err != nil {
			return nil, err
		}
		w, offset, ok, err := strWindow(recvStr(recv), p[1], p[2])
		if err != nil {
			return nil, err
		}
		i := -1
		if ok {
			ws := string(w)
			i = strings.Index(ws, sub)
			if reverse {
				i = strings.LastIndex(ws, sub)
			}
			if i >= 0 {
				i = offset + len([]rune(ws[:i]))
			}
		}
		if i < 0 && raise {
			return nil, errorf("substring not found")
		}
		return int64(i), nil
	}
}

// strWindow is CPython's ADJUST_INDICES for the optional start and end
// arguments of find, count, ...: the runes of s[start:end] and the index
// of the first in s; ok is false when start lies past the end of s.
func strWindow(s string, start, end any) (window []rune, offset int, ok bool, err error) {
	rs := []rune(s)
	n := int64(len(rs))
	bound := func(v any, dflt int64) (int64, error) {
		if !given(v) || v == nil {
			return dflt, nil
		}
		i, isInt := asInt(v)
		if !isInt {
			return 0, errorf("slice indices must be integers or None or have an __index__ method")
		}
		return i, nil
	}
	lo, err := bound(start, 0)
	if err != nil {
		return nil, 0, false, err
	}
	hi, err := bound(end, n)
	if err != nil {
		return nil, 0, false, err
	}
	if hi > n {
		hi = n
	} else if hi < 0 {
		hi = max(hi+n, 0)
	}
	if lo < 0 {
		lo = max(lo+n, 0)
	}
	if lo > n {
		return nil, 0, false, nil
	}
	if hi < lo {
		return []rune{}, int(lo), true, nil
	}
	return rs[lo:hi], int(lo), true, nil
}

func justify(kind int) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind("ljust", []string{"width", "fillchar"}, 1)
		if err != nil {
			return nil, err
		}
		w, ok := asInt(p[0])
		if !ok {
			return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
		}
		fill, _ := isString(orDefault(p[1], " "))
		if utf8.RuneCountInString(fill) != 1 {
			return nil, errorf("The fill character must be exactly one character long")
		}
		s := recvStr(recv)
		pad := int(w) - len([]rune(s))
		if pad <= 0 {
			return s, nil
		}
		if err := checkSize(int(w)); err != nil {
			return nil, err
		}
		switch kind {
		case 0:
			return s + strings.Repeat(fill, pad), nil
		case 1:
			return strings.Repeat(fill, pad) + s, nil
		}
		return pyCenter(s, int(w), fill), nil
	}
}

func charTest(name string, fn func(rune) bool) methodFunc {
	return simpleStr(name, func(s string) any {
		if s == "" {
			return false
		}
		for _, r := range s {
			if !fn(r) {
				return false
			}
		}
		return true
	})
}

func init() {
	strMethods = map[string]methodFunc{
		"upper":      simpleStr("upper", func(s string) any { return pycase.Upper(s) }),
		"lower":      simpleStr("lower", func(s string) any { return pycase.Lower(s) }),
		"casefold":   simpleStr("casefold", func(s string) any { return pycase.CaseFold(s) }),
		"capitalize": simpleStr("capitalize", func(s string) any { return pycase.Capitalize(s) }),
		"title":      simpleStr("title", func(s string) any { return pycase.Title(s) }),
		"swapcase":   simpleStr("swapcase", func(s string) any { return pycase.SwapCase(s) }),
		"strip":      strip(0),
		"lstrip":     strip(1),
		"rstrip":     strip(2),
		"startswith": affix(true),
		"endswith":   affix(false),
		"split":      split(false),
		"rsplit":     split(true),
		"splitlines": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("splitlines", []string{"keepends"}, 0)
			if err != nil {
				return nil, err
			}
			lines := splitLinesKeep(recvStr(recv))
			keep := false
			if given(p[0]) {
				k, err := indexArg(p[0])
				if err != nil {
					return nil, err
				}
				keep = k != 0
			}
			out := make([]any, len(lines))
			for i, l := range lines {
				if !keep {
					l = strings.TrimRightFunc(l, isLineBreak)
				}
				out[i] = l
			}
			return out, nil
		},
		"find":      find(false, false),
		"rfind":     find(true, false),
		"index":     find(false, true),
		"rindex":    find(true, true),
		"ljust":     justify(0),
		"rjust":     justify(1),
		"center":    justify(2),
		"isdigit":   charTest("isdigit", pycase.IsDigit),
		"isnumeric": charTest("isnumeric", pycase.IsNumeric),
		"isdecimal": charTest("isdecimal", pycase.IsDecimal),
		"isalpha":   charTest("isalpha", pycase.IsAlpha),
		"isalnum":   charTest("isalnum", pycase.IsAlnum),
		"isspace":   charTest("isspace", pycase.IsSpace),
		"islower":   simpleStr("islower", func(s string) any { return pycase.IsLower(s) }),
		"isupper":   simpleStr("isupper", func(s string) any { return pycase.IsUpper(s) }),
		"count": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("count", []string{"sub", "start", "end"}, 1)
			if err != nil {
				return nil, err
			}
			sub, err := argStrBare(p[0])
			if err != nil {
				return nil, err
			}
			w, _, ok, err := strWindow(recvStr(recv), p[1], p[2])
			if err != nil || !ok {
				return int64(0), err
			}
			if sub == "" {
				return int64(len(w) + 1), nil
			}
			return int64(strings.Count(string(w), sub)), nil
		},
		"replace": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("replace", []string{"old", "new", "count"}, 2)
			if err != nil {
				return nil, err
			}
			old, ok := isString(p[0])
			if !ok {
				return nil, errorf("replace() argument 1 must be str, not %s", typeName(p[0]))
			}
			nw, ok := isString(p[1])
			if !ok {
				return nil, errorf("replace() argument 2 must be str, not %s", typeName(p[1]))
			}
			n := int64(-1)
			if given(p[2]) {
				if n, err = indexArg(p[2]); err != nil {
					return nil, err
				}
			}
			s := recvStr(recv)
			if err := checkSize(len(s) + len(nw)*(strings.Count(s, old)+1)); err != nil {
				return nil, err
			}
			return strings.Replace(s, old, nw, int(n)), nil
		},
		"join": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("join", []string{"iterable"}, 1)
			if err != nil {
				return nil, err
			}
			items, err := iterate(p[0])
			if err != nil {
				return nil, errorf("can only join an iterable")
			}
			parts := make([]string, len(items))
			for i, it := range items {
				s, ok := isString(it)
				if !ok {
					return nil, errorf("sequence item %d: expected str instance, %s found", i, typeName(it))
				}
				parts[i] = s
			}
			return strings.Join(parts, recvStr(recv)), nil
		},
		"zfill": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("zfill", []string{"width"}, 1)
			if err != nil {
				return nil, err
			}
			w, ok := asInt(p[0])
			if !ok {
				return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
			}
			s := recvStr(recv)
			pad := int(w) - len([]rune(s))
			if pad <= 0 {
				return s, nil
			}
			if err := checkSize(int(w)); err != nil {
				return nil, err
			}
			sign := ""
			if s != "" && (s[0] == '-' || s[0] == '+') {
				sign, s = s[:1], s[1:]
			}
			return sign + strings.Repeat("0", pad) + s, nil
		},
		"partition": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("partition", []string{"sep"}, 1)
			if err != nil {
				return nil, err
			}
			sep, err := argStrBare(p[0])
			if err != nil {
				return nil, err
			}
			if sep == "" {
				return nil, errorf("empty separator")
			}
			before, after, found := strings.Cut(recvStr(recv), sep)
			if !found {
				return tuple{before, "", ""}, nil
			}
			return tuple{before, sep, after}, nil
		},
		"rpartition": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("rpartition", []string{"sep"}, 1)
			if err != nil {
				return nil, err
			}
			sep, err := argStrBare(p[0])
			if err != nil {
				return nil, err
			}
			if sep == "" {
				return nil, errorf("empty separator")
			}
			s := recvStr(recv)
			i := strings.LastIndex(s, sep)
			if i < 0 {
				return tuple{"", "", s}, nil
			}
			return tuple{s[:i], sep, s[i+len(sep):]}, nil
		},
		"removeprefix": trimAffix("removeprefix", strings.TrimPrefix),
		"maketrans":    strMaketrans,
		"translate":    strTranslate,
		"removesuffix": trimAffix("removesuffix", strings.TrimSuffix),
		"expandtabs": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("expandtabs", []string{"tabsize"}, 0)
			if err != nil {
				return nil, err
			}
			size := int64(8)
			if given(p[0]) {
				if size, err = indexArg(p[0]); err != nil {
					return nil, err
				}
			}
			return expandTabs(recvStr(recv), int(size))
		},
		"istitle": simpleStr("istitle", func(s string) any { return pycase.IsTitle(s) }),
		"isascii": simpleStr("isascii", func(s string) any {
			for _, r := range s {
				if r > unicode.MaxASCII {
					return false
				}
			}
			return true
		}),
		"isidentifier": simpleStr("isidentifier", func(s string) any { return pycase.IsIdentifier(s) }),
		"isprintable": simpleStr("isprintable", func(s string) any {
			for _, r := range s {
				if !pycase.IsPrintable(r) {
					return false
				}
			}
			return true
		}),
		"format": func(s *state, recv any, a *args) (any, error) {
			return s.strFormat(recvStr(recv), a)
		},
		"format_map": func(s *state, recv any, a *args) (any, error) {
			p, err := a.bind("format_map", []string{"mapping"}, 1)
			if err != nil {
				return nil, err
			}
			m, ok := p[0].(*data.Map)
			if !ok {
				return nil, errorf("'%s' object is not subscriptable", typeName(p[0]))
			}
			kw := &args{}
			m.Range(func(k string, v any) bool {
				kw.kwNames = append(kw.kwNames, k)
				kw.kwVals = append(kw.kwVals, v)
				return true
			})
			return s.strFormat(recvStr(recv), kw)
		},
	}
	dictMethods = map[string]methodFunc{
		"keys": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.keys"); err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			keys := make([]any, m.Len())
			for i, k := range m.Keys() {
				keys[i] = data.KeyValue(k)
			}
			return &view{kind: "dict_keys", items: keys}, nil
		},
		"values": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.values"); err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			vals := make([]any, 0, m.Len())
			m.Range(func(_ string, v any) bool { vals = append(vals, v); return true })
			return &view{kind: "dict_values", items: vals}, nil
		},
		"items": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.items"); err != nil {
				return nil, err
			}
			return &view{kind: "dict_items", items: mapItems(recv.(*data.Map))}, nil
		},
		"get": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("get", []string{"key", "default"}, 1)
			if err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			if k, ok := lookupKey(m, p[0]); ok {
				return m.Value(k), nil
			}
			return orDefault(p[1], nil), nil
		},
		"copy": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.copy"); err != nil {
				return nil, err
			}
			return recv.(*data.Map).Clone(), nil
		},
		"update": func(_ *state, recv any, a *args) (any, error) {
			m := recv.(*data.Map)
			if len(a.pos) > 1 {
				return nil, errorf("update expected at most 1 argument, got %d", len(a.pos))
			}
			if len(a.pos) == 1 {
				switch o := a.pos[0].(type) {
				case *data.Map:
					o.Range(func(k string, v any) bool { m.Set(k, v); return true })
				default:
					pairs, err := iterate(o)
					if err != nil {
						return nil, err
					}
					for _, pr := range pairs {
						kv, ok := sequence(pr)
						if !ok || len(kv) != 2 {
							return nil, errorf("dictionary update sequence element has wrong length")
						}
						k, err := dictKey(m, kv[0])
						if err != nil {
							return nil, err
						}
						m.Set(k, kv[1])
					}
				}
			}
			for i, k := range a.kwNames {
				m.Set(k, a.kwVals[i])
			}
			return nil, nil
		},
		"pop": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("pop", []string{"key", "default"}, 1)
			if err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			if k, ok := lookupKey(m, p[0]); ok {
				v := m.Value(k)
				m.Delete(k)
				return v, nil
			}
			if given(p[1]) {
				return p[1], nil
			}
			return nil, errorf("%s", repr(p[0]))
		},
		"clear": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.clear"); err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			for _, k := range m.Keys() {
				m.Delete(k)
			}
			return nil, nil
		},
		"fromkeys": func(_ *state, _ any, a *args) (any, error) {
			// A class method: the receiver only names the class.
			if len(a.kwNames) > 0 {
				return nil, errorf("dict.fromkeys() takes no keyword arguments")
			}
			if len(a.pos) < 1 || len(a.pos) > 2 {
				return nil, errorf("fromkeys expected at least 1 argument, got %d", len(a.pos))
			}
			var value any
			if len(a.pos) == 2 {
				value = a.pos[1]
			}
			keys, err := iterate(a.pos[0])
			if err != nil {
				return nil, err
			}
			out := data.NewMap(len(keys))
			for _, k := range keys {
				if _, ok := data.StoredKey(k); !ok {
					return nil, errorf("unhashable type: '%s'", typeName(k))
				}
				stored, _ := data.FindKey(out, k) // 1, 1.0 and True are one key
				out.Set(stored, value)
			}
			return out, nil
		},
		"popitem": func(_ *state, recv any, a *args) (any, error) {
			if err := methodNoArgs(a, "dict.popitem"); err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			keys := m.Keys()
			if len(keys) == 0 {
				return nil, errorf("'popitem(): dictionary is empty'")
			}
			k := keys[len(keys)-1]
			v, _ := m.Get(k)
			m.Delete(k)
			return tuple{data.KeyValue(k), v}, nil
		},
		"setdefault": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("setdefault", []string{"key", "default"}, 1)
			if err != nil {
				return nil, err
			}
			m := recv.(*data.Map)
			k, err := dictKey(m, p[0])
			if err != nil {
				return nil, err
			}
			if v, ok := m.Get(k); ok {
				return v, nil
			}
			m.Set(k, orDefault(p[1], nil))
			return orDefault(p[1], nil), nil
		},
	}
	listMethods = map[string]methodFunc{
		"count": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("count", []string{"value"}, 1)
			if err != nil {
				return nil, err
			}
			items, _ := sequence(recv)
			n := int64(0)
			for _, it := range items {
				if equal(it, p[0]) {
					n++
				}
			}
			return n, nil
		},
		"index": func(_ *state, recv any, a *args) (any, error) {
			p, err := a.bind("index", []string{"value", "start", "stop"}, 1)
			if err != nil {
				return nil, err
			}
			items, _ := sequence(recv)
			// start and stop clamp as a slice's bounds do
			bound := func(v any, def int) (int, error) {
				if !given(v) {
					return def, nil
				}
				n, err := indexArg(v)
				if err != nil {
					return 0, errorf("slice indices must be integers or have an __index__ method")
				}
				if n < 0 {
					n += int64(len(items))
				}
				return int(min(max(n, 0), int64(len(items)))), nil
			}
			start, err := bound(p[1], 0)
			if err != nil {
				return nil, err
			}
			stop, err := bound(p[2], len(items))
			if err != nil {
				return nil, err
			}
			for i := start; i < stop; i++ {
				if equal(items[i], p[0]) {
					return int64(i), nil
				}
			}
			return nil, errorf("%s is not in list", repr(p[0]))
		},
		"copy": func(_ *state, recv any, a *args) (any, error) {
			return append([]any{}, recv.([]any)...), nil
		},
	}
	// A list in the engine/data model cannot change its length behind the
	// references other values hold to it, so the methods that would are
	// present (as in Python) but fail when called.
	listMethods["reverse"] = func(_ *state, recv any, a *args) (any, error) {
		if _, err := a.bind("reverse", nil, 0); err != nil {
			return nil, err
		}
		l := recv.([]any)
		for i, j := 0, len(l)-1; i < j; i, j = i+1, j-1 {
			l[i], l[j] = l[j], l[i]
		}
		return nil, nil
	}
	listMethods["sort"] = func(s *state, recv any, a *args) (any, error) {
		if len(a.pos) > 0 {
			return nil, errorf("sort() takes no positional arguments")
		}
		p, err := a.bind("sort", []string{"key", "reverse"}, 0)
		if err != nil {
			return nil, err
		}
		key := func(v any) (any, error) { return v, nil }
		if given(p[0]) && p[0] != nil {
			key = func(v any) (any, error) { return s.call(p[0], &args{pos: []any{v}}) }
		}
		return nil, sortValues(recv.([]any), key, given(p[1]) && data.Truthy(p[1]))
	}
	for _, name := range []string{"append", "extend", "insert", "pop", "remove", "clear"} {
		listMethods[name] = func(_ *state, _ any, _ *args) (any, error) {
			return nil, errorf("list.%s() is not supported: lists cannot be modified in place", name)
		}
	}
}

// trimAffix is str.removeprefix and str.removesuffix.
func trimAffix(fname string, trim func(s, affix string) string) methodFunc {
	return func(_ *state, recv any, a *args) (any, error) {
		p, err := a.bind(fname, []string{"affix"}, 1)
		if err != nil {
			return nil, err
		}
		affix, err := argStr(p[0], fname)
		if err != nil {
			return nil, err
		}
		return trim(recvStr(recv), affix), nil
	}
}

// expandTabs is Python's str.expandtabs: each tab advances to the next
// multiple of size, counted from the last line break.
func expandTabs(s string, size int) (any, error) {
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			if size > 0 {
				n := size - col%size
				if err := checkSize(b.Len() + n); err != nil {
					return nil, err
				}
				b.WriteString(strings.Repeat(" ", n))
				col += n
			}
		case '\n', '\r':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String(), nil
}

// splitLines is str.splitlines(): it breaks at \n, \r\n, \r, \v, \f,
// \x1c to \x1e, \x85, \u2028 and \u2029.
func splitLines(s string) []string {
	lines := splitLinesKeep(s)
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, isLineBreak)
	}
	return lines
}

// isLineBreak reports whether str.splitlines breaks at r: \n, \r, \v, \f,
// \x1c to \x1e, \x85, \u2028 and \u2029.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// strMaketrans is str.maketrans, a static method: a dict of code points
// to strings, code points or None, from one dict or two strings of equal
// length (and a third whose characters map to None).
func strMaketrans(_ *state, _ any, a *args) (any, error) {
	if len(a.kwNames) > 0 {
		return nil, errorf("maketrans() takes no keyword arguments")
	}
	out := data.NewMap(0)
	setCode := func(r rune, v any) {
		stored, _ := data.StoredKey(int64(r))
		out.Set(stored, v)
	}
	switch len(a.pos) {
	case 1:
		m, ok := a.pos[0].(*data.Map)
		if !ok {
			return nil, errorf("if you give only one argument to maketrans it must be a dict")
		}
		for _, k := range m.Keys() {
			switch kv := data.KeyValue(k).(type) {
			case string:
				rs := []rune(kv)
				if len(rs) != 1 {
					return nil, errorf("string keys in translate table must be of length 1")
				}
				setCode(rs[0], m.Value(k))
			case int64:
				stored, _ := data.StoredKey(kv)
				out.Set(stored, m.Value(k))
			default:
				return nil, errorf("keys in translate table must be strings or integers")
			}
		}
	case 2, 3:
		x, okx := isString(a.pos[0])
		y, oky := isString(a.pos[1])
		if !okx || !oky {
			bad := a.pos[0]
			if okx {
				bad = a.pos[1]
			}
			n := 1
			if okx {
				n = 2
			}
			return nil, errorf("maketrans() argument %d must be str, not %s", n, typeName(bad))
		}
		xs, ys := []rune(x), []rune(y)
		if len(xs) != len(ys) {
			return nil, errorf("the first two maketrans arguments must have equal length")
		}
		for i, r := range xs {
			setCode(r, int64(ys[i]))
		}
		if len(a.pos) == 3 {
			z, ok := isString(a.pos[2])
			if !ok {
				return nil, errorf("maketrans() argument 3 must be str, not %s", typeName(a.pos[2]))
			}
			for _, r := range z {
				setCode(r, nil)
			}
		}
	default:
		return nil, errorf("maketrans() takes at most 3 arguments (%d given)", len(a.pos))
	}
	return out, nil
}

// strTranslate is str.translate: each character's code point is looked
// up in the table; a missing one stays, None drops it, a code point or a
// string replaces it.
func strTranslate(_ *state, recv any, a *args) (any, error) {
	if len(a.kwNames) > 0 {
		return nil, errorf("str.translate() takes no keyword arguments")
	}
	if len(a.pos) != 1 {
		return nil, errorf("str.translate() takes exactly one argument (%d given)", len(a.pos))
	}
	var b strings.Builder
	for _, r := range recvStr(recv) {
		var v any
		found := false
		switch t := a.pos[0].(type) {
		case *data.Map:
			if k, ok := data.FindKey(t, int64(r)); ok {
				v, found = t.Value(k), true
			}
		case []any:
			if int(r) < len(t) {
				v, found = t[r], true
			}
		case tuple:
			if int(r) < len(t) {
				v, found = t[r], true
			}
		default:
			return nil, errorf("'%s' object is not subscriptable", typeName(a.pos[0]))
		}
		if !found {
			b.WriteRune(r)
			continue
		}
		switch t := v.(type) {
		case nil:
		case string:
			b.WriteString(t)
		case markup:
			b.WriteString(string(t))
		case int64:
			if t < 0 || t > unicode.MaxRune {
				return nil, errorf("character mapping must be in range(0x110000)")
			}
			b.WriteRune(rune(t))
		default:
			return nil, errorf("character mapping must return integer, None or str")
		}
	}
	return b.String(), nil
}

// indexArg is an argument Python reads with __index__: an int or a bool.
func indexArg(v any) (int64, error) {
	n, ok := intValue(v)
	if !ok {
		return 0, errorf("'%s' object cannot be interpreted as an integer", typeName(v))
	}
	i, ok := n.(int64)
	if !ok {
		return 0, errorf("Python int too large to convert to C ssize_t")
	}
	return i, nil
}
