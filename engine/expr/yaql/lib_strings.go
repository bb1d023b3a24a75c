package yaql

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// yaqlStr is yaql's str(): null, true and false in yaql spelling, other
// values as Python's str().
func yaqlStr(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		if t {
			return "true"
		}
		return "false"
	}
	return pyStr(v)
}

// str is yaql's str(): a Python list or dict prints with brackets, a
// tuple with parentheses (see pylist.go).
func (st *state) str(v any) string {
	switch v.(type) {
	case []any, *data.Map, *Set, *valuesView:
		return pyStrIn(v, st)
	}
	return yaqlStr(v)
}

// clampIndex is an integer used as a string index or length: Python
// clamps slice bounds to the string, so one beyond int64 acts as one far
// past either end (2**61, so that sums of two cannot overflow).
func clampIndex(v any) int64 {
	if n, ok := v.(int64); ok {
		return max(min(n, 1<<61), -(1 << 61))
	}
	if data.Sign(v) < 0 {
		return -(1 << 61)
	}
	return 1 << 61
}

func checkLen(s string) string {
	if len(s) > maxStringLen {
		throw("Expression consumed too much memory")
	}
	return s
}

func registerStrings(l library) {
	l.fn("str", func(c *call) any { return c.st.str(c.a[0]) }, p("value", nil))
	l.fn("concat", func(c *call) any {
		if len(c.rest) == 0 {
			// queries' concat(collections...) accepts no arguments too:
			// yaql cannot choose between the two.
			throw(`Ambiguous function "concat"`)
		}
		var b strings.Builder
		for _, s := range c.rest {
			b.WriteString(s.(string))
		}
		return checkLen(b.String())
	}, va("args", isStr))
	l.meth("toUpper", func(c *call) any { return pycase.Upper(c.str(0)) }, p("string", isStr))
	l.meth("toLower", func(c *call) any { return pycase.Lower(c.str(0)) }, p("string", isStr))
	l.ext("len", func(c *call) any { return int64(utf8.RuneCountInString(c.str(0))) }, p("string", isStr))
	l.meth("split", func(c *call) any {
		return c.st.pyList(strList(pySplit(c.str(0), c.a[1], int(c.int(2)))))
	}, p("string", isStr), opt("separator", orNull(isStr), nil), opt("maxSplits", isInt, int64(-1)))
	l.meth("rightSplit", func(c *call) any {
		return c.st.pyList(strList(pyRSplit(c.str(0), c.a[1], int(c.int(2)))))
	}, p("string", isStr), opt("separator", orNull(isStr), nil), opt("maxSplits", isInt, int64(-1)))
	l.meth("join", func(c *call) any {
		var b strings.Builder
		sep := c.str(1)
		first := true
		forEach(c.st, c.a[0], func(e any) bool {
			if !first {
				b.WriteString(sep)
			}
			first = false
			b.WriteString(c.st.str(e))
			return b.Len() <= maxStringLen
		})
		return checkLen(b.String())
	}, p("sequence", isIterV), p("separator", isStr))
	l.meth("join", func(c *call) any {
		return callMethod(c.s, "join", c.a[1], []node{&constNode{c.a[0]}})
	}, p("separator", isStr), p("sequence", isIterV))
	l.meth("trim", func(c *call) any { return pyStrip(c.str(0), c.a[1], true, true) },
		p("string", isStr), opt("chars", orNull(isStr), nil))
	l.meth("trimLeft", func(c *call) any { return pyStrip(c.str(0), c.a[1], true, false) },
		p("string", isStr), opt("chars", orNull(isStr), nil))
	l.meth("trimRight", func(c *call) any { return pyStrip(c.str(0), c.a[1], false, true) },
		p("string", isStr), opt("chars", orNull(isStr), nil))
	l.ext("norm", func(c *call) any {
		if c.a[0] == nil {
			return nil
		}
		v := pyStrip(c.str(0), c.a[1], true, true)
		if v == "" {
			return nil
		}
		return v
	}, p("string", orNull(isStr)), opt("chars", orNull(isStr), nil))
	l.ext("isEmpty", func(c *call) any {
		if c.a[0] == nil {
			return true
		}
		s := c.str(0)
		if c.a[1].(bool) {
			s = pyStrip(s, c.a[2], true, true)
		}
		return s == ""
	}, p("string", orNull(isStr)), opt("trim", isBool, true), opt("chars", orNull(isStr), nil))
	l.meth("replace", func(c *call) any {
		return checkLen(pyReplace(c.str(0), c.str(1), c.str(2), int(c.int(3))))
	}, p("string", isStr), p("old", isStr), p("new", isStr), opt("count", isInt, int64(-1)))
	l.meth("replace", func(c *call) any {
		s := c.str(0)
		c.a[1].(*data.Map).Range(func(k string, v any) bool {
			s = checkLen(pyReplace(s, k, yaqlStr(v), int(c.int(2))))
			return true
		})
		return s
	}, p("string", isStr), p("replacements", isMap), opt("count", isInt, int64(-1)))
	format := l.ext("format", func(c *call) any {
		return checkLen(pyFormat(c.str(0), c.rest, c.kw, c.st))
	}, p("format", isStr), va("args", nil))
	format.kwargs = true
	l.meth("substring", func(c *call) any {
		r := []rune(c.str(0))
		n := int64(len(r))
		start, length := clampIndex(c.a[1]), clampIndex(c.a[2])
		if length < 0 {
			length = n
		}
		if start < 0 {
			start += n
		}
		lo, hi := pySliceBounds(start, start+length, n)
		return string(r[lo:hi])
	}, p("string", isStr), p("start", isInteger), opt("length", isInteger, int64(-1)))
	l.meth("indexOf", func(c *call) any {
		return strFind(c.str(0), c.str(1), c.int(2), math.MaxInt64, false)
	}, p("string", isStr), p("sub", isStr), opt("start", isInt, int64(0)))
	l.meth("indexOf", func(c *call) any {
		return strFindLen(c.str(0), c.str(1), c.int(2), c.int(3), false)
	}, p("string", isStr), p("sub", isStr), p("start", isInt), p("length", isInt))
	l.meth("lastIndexOf", func(c *call) any {
		return strFind(c.str(0), c.str(1), c.int(2), math.MaxInt64, true)
	}, p("string", isStr), p("sub", isStr), opt("start", isInt, int64(0)))
	l.meth("lastIndexOf", func(c *call) any {
		return strFindLen(c.str(0), c.str(1), c.int(2), c.int(3), true)
	}, p("string", isStr), p("sub", isStr), p("start", isInt), p("length", isInt))
	l.meth("toCharArray", func(c *call) any {
		out := []any{}
		for _, r := range c.str(0) {
			out = append(out, string(r))
		}
		c.st.count(len(out))
		return out
	}, p("string", isStr))
	// characters' parameters are Python's, in its order; letters,
	// lowercase and uppercase name attributes Python 3's string module
	// lost, so asking for them fails as it does there.
	classes := []struct{ name, chars string }{
		{"digits", "0123456789"}, {"hexdigits", "0123456789abcdefABCDEF"},
		{"asciiLowercase", "abcdefghijklmnopqrstuvwxyz"}, {"asciiUppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"asciiLetters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}, {"letters", ""},
		{"octdigits", "01234567"}, {"punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"},
		{"printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"},
		{"lowercase", ""}, {"uppercase", ""}, {"whitespace", " \t\n\r\x0b\x0c"},
	}
	charParams := make([]param, len(classes))
	for i, cl := range classes {
		charParams[i] = opt(cl.name, nil, false)
	}
	l.fn("characters", func(c *call) any {
		s := newSet(0)
		for i, cl := range classes {
			if !truthy(c.a[i]) {
				continue
			}
			if cl.chars == "" {
				throwf("module 'string' has no attribute '%s'", cl.name)
			}
			for _, r := range cl.chars {
				s.add(string(r))
			}
		}
		return s.items
	}, charParams...)
	l.meth("startsWith", func(c *call) any {
		for _, p := range c.rest {
			if strings.HasPrefix(c.str(0), p.(string)) {
				return true
			}
		}
		return false
	}, p("string", isStr), va("prefixes", isStr))
	l.meth("endsWith", func(c *call) any {
		for _, p := range c.rest {
			if strings.HasSuffix(c.str(0), p.(string)) {
				return true
			}
		}
		return false
	}, p("string", isStr), va("suffixes", isStr))
	l.fn("hex", func(c *call) any {
		switch n := c.a[0].(type) {
		case int64:
			if n < 0 {
				return "-0x" + strconv.FormatUint(uint64(-n), 16)
			}
			return "0x" + strconv.FormatInt(n, 16)
		case *big.Int:
			if n.Sign() < 0 {
				return "-0x" + new(big.Int).Neg(n).Text(16)
			}
			return "0x" + n.Text(16)
		case float64:
			throw("'float' object cannot be interpreted as an integer")
		}
		throw("'NoneType' object cannot be interpreted as an integer")
		return nil
	}, p("num", orNull(isNumV)))
}

func strList(parts []string) []any {
	out := make([]any, len(parts))
	for i, s := range parts {
		out[i] = s
	}
	return out
}

// pySplit is Python's str.split.
func pySplit(s string, sep any, max int) []string {
	if sep == nil {
		fields := []string{}
		rest := strings.TrimLeftFunc(s, pycase.IsSpace)
		for rest != "" {
			if max >= 0 && len(fields) == max {
				fields = append(fields, rest)
				break
			}
			i := strings.IndexFunc(rest, pycase.IsSpace)
			if i < 0 {
				fields = append(fields, rest)
				break
			}
			fields = append(fields, rest[:i])
			rest = strings.TrimLeftFunc(rest[i:], pycase.IsSpace)
		}
		return fields
	}
	sp := sep.(string)
	if sp == "" {
		throw("empty separator")
	}
	if max < 0 {
		return strings.Split(s, sp)
	}
	return strings.SplitN(s, sp, max+1)
}

// pyRSplit is Python's str.rsplit.
func pyRSplit(s string, sep any, max int) []string {
	if max < 0 {
		return pySplit(s, sep, -1)
	}
	var parts []string
	if sep == nil {
		rest := strings.TrimRightFunc(s, pycase.IsSpace)
		for rest != "" {
			if len(parts) == max {
				parts = append(parts, rest)
				break
			}
			i := strings.LastIndexFunc(rest, pycase.IsSpace)
			if i < 0 {
				parts = append(parts, rest)
				break
			}
			_, size := utf8.DecodeRuneInString(rest[i:])
			parts = append(parts, rest[i+size:])
			rest = strings.TrimRightFunc(rest[:i], pycase.IsSpace)
		}
	} else {
		sp := sep.(string)
		if sp == "" {
			throw("empty separator")
		}
		rest := s
		for len(parts) < max {
			i := strings.LastIndex(rest, sp)
			if i < 0 {
				break
			}
			parts = append(parts, rest[i+len(sp):])
			rest = rest[:i]
		}
		parts = append(parts, rest)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return parts
}

// pyStrip is str.strip/lstrip/rstrip with optional character set.
func pyStrip(s string, chars any, left, right bool) string {
	f := pycase.IsSpace
	if cs, ok := chars.(string); ok {
		f = func(r rune) bool { return strings.ContainsRune(cs, r) }
	}
	if left {
		s = strings.TrimLeftFunc(s, f)
	}
	if right {
		s = strings.TrimRightFunc(s, f)
	}
	return s
}

func pyReplace(s, old, new string, count int) string {
	if count < 0 {
		count = -1
	}
	return strings.Replace(s, old, new, count)
}

// pySliceBounds clamps a Python slice [lo:hi] over n items.
func pySliceBounds(lo, hi, n int64) (int64, int64) {
	if lo < 0 {
		lo += n
		if lo < 0 {
			lo = 0
		}
	}
	if hi < 0 {
		hi += n
		if hi < 0 {
			hi = 0
		}
	}
	if lo > n {
		lo = n
	}
	if hi > n {
		hi = n
	}
	if hi < lo {
		hi = lo
	}
	return lo, hi
}

// strFind is str.find / str.rfind over runes within [start:end].
func strFind(s, sub string, start, end int64, last bool) int64 {
	r := []rune(s)
	n := int64(len(r))
	lo, hi := pySliceBounds(start, min(end, n), n)
	if start > n {
		return -1
	}
	seg := string(r[lo:hi])
	var i int
	if last {
		i = strings.LastIndex(seg, sub)
	} else {
		i = strings.Index(seg, sub)
	}
	if i < 0 {
		return -1
	}
	return lo + int64(utf8.RuneCountInString(seg[:i]))
}

func strFindLen(s, sub string, start, length int64, last bool) int64 {
	n := int64(utf8.RuneCountInString(s))
	if start < 0 {
		start += n
	}
	if length < 0 {
		length = n - start
	}
	return strFind(s, sub, start, start+length, last)
}

// pyFormat implements the common part of Python's str.format: {}, {0},
// {name}, {name[key]}, {{ }}, and format specs with fill, align, sign,
// width, precision and the types s d f e g x o b %.
func pyFormat(f string, args []any, kw map[string]any, st *state) string {
	auto := 0
	automatic, manual := false, false // Python refuses to mix {} and {0}
	// render formats f; a specification may hold fields itself
	// ('{:>{w}}'), one level deep, numbered on from the outer field.
	var render func(f string, depth int) string
	render = func(f string, depth int) string {
		if depth <= 0 {
			throw("Max string recursion exceeded")
		}
		var b strings.Builder
		for i := 0; i < len(f); i++ {
			ch := f[i]
			if ch == '}' {
				if i+1 < len(f) && f[i+1] == '}' {
					b.WriteByte('}')
					i++
					continue
				}
				throw("Single '}' encountered in format string")
			}
			if ch != '{' {
				b.WriteByte(ch)
				continue
			}
			if i+1 < len(f) && f[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			j := data.FormatFieldEnd(f[i:])
			if j < 0 {
				if i == len(f)-1 {
					throw("Single '{' encountered in format string")
				}
				throw("expected '}' before end of string")
			}
			field := f[i+1 : i+j]
			i += j
			spec := ""
			conv := ""
			if k := strings.IndexByte(field, ':'); k >= 0 {
				field, spec = field[:k], field[k+1:]
			}
			if k := strings.IndexByte(field, '!'); k >= 0 {
				field, conv = field[:k], field[k+1:]
			}
			name, rest := field, ""
			if k := strings.IndexAny(field, ".["); k >= 0 {
				name, rest = field[:k], field[k:]
			}
			var v any
			switch {
			case name == "" && manual:
				throw("cannot switch from manual field specification to automatic field numbering")
			case name != "" && name[0] >= '0' && name[0] <= '9' && automatic:
				throw("cannot switch from automatic field numbering to manual field specification")
			}
			switch {
			case name == "":
				automatic = true
				if auto >= len(args) {
					throwf("Replacement index %d out of range for positional args tuple", auto)
				}
				v = args[auto]
				auto++
			case name[0] >= '0' && name[0] <= '9':
				manual = true
				n, err := strconv.Atoi(name)
				if err != nil || n >= len(args) {
					throwf("Replacement index %s out of range for positional args tuple", name)
				}
				v = args[n]
			default:
				var ok bool
				v, ok = kw[name]
				if !ok {
					throw(data.StringRepr(name))
				}
			}
			for rest != "" {
				if rest[0] == '[' {
					k := strings.IndexByte(rest, ']')
					if k < 0 {
						throw("Missing ']' in format string")
					}
					key := rest[1:k]
					rest = rest[k+1:]
					switch t := v.(type) {
					case *data.Map:
						var ok bool
						if v, ok = t.Get(key); !ok {
							throw(data.StringRepr(key))
						}
					case []any:
						n, err := strconv.Atoi(key)
						if err != nil || n < 0 || n >= len(t) {
							panic(&yaqlError{msg: st.seqName(t) + " index out of range", kind: errIndex})
						}
						v = t[n]
					default:
						throwf("'%s' object is not subscriptable", typeName(v))
					}
				} else {
					attr, after := strings.TrimPrefix(rest, "."), ""
					if k := strings.IndexAny(attr, ".["); k >= 0 {
						attr, after = attr[:k], attr[k:]
					}
					av, ok := data.NumberAttr(v, attr)
					if !ok || rest[0] != '.' {
						throwf("'%s' object has no attribute '%s'", typeName(v), attr)
					}
					v, rest = av, after
				}
			}
			if strings.Contains(spec, "{") {
				spec = render(spec, depth-1)
			}
			switch conv {
			case "", "r", "s", "a":
			default:
				throwf("Unknown conversion specifier %s", conv)
			}
			switch conv {
			case "r", "a":
				var rb strings.Builder
				writeReprIn(&rb, v, st)
				v = rb.String()
				if conv == "a" {
					v = data.ASCII(rb.String())
				}
			case "s":
				v = pyStrIn(v, st)
			}
			b.WriteString(formatSpec(v, spec, st))
			if b.Len() > maxStringLen {
				throw("Expression consumed too much memory")
			}
		}
		return b.String()
	}
	return render(f, 2)
}

// checkFormatSpec refuses what Python's format() refuses for a str, int
// or float, in CPython's order: the grouping, then the type, then the
// flags the type does not take.
func checkFormatSpec(v any, typ byte, groupSep string, prec int, signSet, alt bool, align byte) {
	name, types := "float", "eEfFgGn%"
	switch v.(type) {
	case string:
		name, types = "str", "s"
		if typ == 0 {
			typ = 's'
		}
	case int64, *big.Int:
		name, types = "int", "bcdoxXneEfFgG%"
	case float64:
	default:
		return
	}
	if groupSep != "" {
		switch {
		case typ == 0 || strings.IndexByte("defgEGF%", typ) >= 0:
		case groupSep == "_" && strings.IndexByte("boxX", typ) >= 0:
		default:
			throwf("Cannot specify '%s' with '%c'.", groupSep, typ)
		}
	}
	if typ != 0 && strings.IndexByte(types, typ) < 0 {
		throwf("Unknown format code '%c' for object of type '%s'", typ, name)
	}
	switch {
	case name == "str" && signSet:
		throw("Sign not allowed in string format specifier")
	case name == "str" && alt:
		throw("Alternate form (#) not allowed in string format specifier")
	case name == "str" && align == '=':
		throw("'=' alignment not allowed in string format specifier")
	case name == "int" && prec >= 0 && (typ == 0 || strings.IndexByte("bcdoxXn", typ) >= 0):
		throw("Precision not allowed in integer format specifier")
	}
}

// formatSpec applies a Python format specification to one value.
func formatSpec(v any, spec string, st *state) string {
	if spec == "" {
		return pyStrIn(v, st)
	}
	switch v.(type) {
	case string, int64, bool, *big.Int, float64:
		if msg := data.FormatSpecError(spec, typeName(v)); msg != "" {
			throw(msg)
		}
	}
	if b, ok := v.(bool); ok { // bool.__format__ is int's with a specification
		v = int64(0)
		if b {
			v = int64(1)
		}
	}
	switch t := v.(type) { // object.__format__ takes no specification
	case []any:
		name := "tuple"
		if st != nil && st.isPyList(t) {
			name = "list"
		}
		throwf("unsupported format string passed to %s.__format__", name)
	case *data.Map:
		name := "FrozenDict"
		if st != nil && st.dicts[t] {
			name = "dict"
		}
		throwf("unsupported format string passed to %s.__format__", name)
	}
	if v == nil {
		throw("unsupported format string passed to NoneType.__format__")
	}
	_, isString := v.(string)
	fill, align, fillSet := " ", byte(0), false
	if _, n := utf8.DecodeRuneInString(spec); len(spec) > n && strings.IndexByte("<>^=", spec[n]) >= 0 {
		fill, align, spec, fillSet = spec[:n], spec[n], spec[n+1:], true
	} else if len(spec) >= 1 && strings.IndexByte("<>^=", spec[0]) >= 0 {
		align, spec = spec[0], spec[1:]
	}
	sign, signSet := byte('-'), false
	if spec != "" && strings.IndexByte("+- ", spec[0]) >= 0 {
		sign, spec, signSet = spec[0], spec[1:], true
	}
	alt := false
	if strings.HasPrefix(spec, "#") {
		alt, spec = true, spec[1:]
	}
	if strings.HasPrefix(spec, "0") && !fillSet {
		// zero padding: numbers pad after the sign, text on the right
		fill = "0"
		if align == 0 && !isString {
			align = '='
		}
		spec = spec[1:]
	}
	k := 0
	for k < len(spec) && spec[k] >= '0' && spec[k] <= '9' {
		k++
	}
	width, _ := strconv.Atoi(spec[:k])
	spec = spec[k:]
	groupSep := ""
	if strings.HasPrefix(spec, ",") || strings.HasPrefix(spec, "_") {
		groupSep, spec = spec[:1], spec[1:]
	}
	prec := -1
	if strings.HasPrefix(spec, ".") {
		k = 1
		for k < len(spec) && spec[k] >= '0' && spec[k] <= '9' {
			k++
		}
		prec, _ = strconv.Atoi(spec[1:k])
		spec = spec[k:]
	}
	typ := byte(0)
	if spec != "" {
		typ = spec[0]
	}
	checkFormatSpec(v, typ, groupSep, prec, signSet, alt, align)
	var body string
	numeric := false
	switch t := v.(type) {
	case int64, *big.Int:
		numeric = true
		switch typ {
		case 'x':
			body = data.FormatInt(t, 16)
		case 'X':
			body = strings.ToUpper(data.FormatInt(t, 16))
		case 'o':
			body = data.FormatInt(t, 8)
		case 'b':
			body = data.FormatInt(t, 2)
		case 'c':
			n, ok := t.(int64)
			if !ok || n < 0 || n > 0x10FFFF {
				throw("%c arg not in range(0x110000)")
			}
			body = string(rune(n))
		case 'f', 'F', 'e', 'E', 'g', 'G', '%':
			body = formatFloat(toFloat(t), typ, prec)
		default:
			body = data.FormatInt(t, 10)
		}
	case float64:
		numeric = true
		if typ == 0 && prec < 0 {
			body = data.FloatRepr(t)
		} else {
			if typ == 0 {
				typ = 'g'
			}
			body = formatFloat(t, typ, prec)
		}
	default:
		body = pyStrIn(v, st)
		if prec >= 0 {
			if r := []rune(body); len(r) > prec {
				body = string(r[:prec])
			}
		}
	}
	prefix := "" // the sign and 0x of a number
	if numeric && typ != 'c' {
		neg := strings.HasPrefix(body, "-")
		if neg {
			body = body[1:]
		}
		if groupSep != "" {
			size := 3
			if strings.IndexByte("boxX", typ) >= 0 {
				size = 4 // Python groups binary, octal and hex digits by four
			}
			body = groupDigits(body, groupSep, size)
		}
		switch {
		case neg:
			prefix = "-"
		case sign == '+':
			prefix = "+"
		case sign == ' ':
			prefix = " "
		}
		if alt && strings.IndexByte("boxX", typ) >= 0 {
			prefix += "0" + string(typ)
		}
		if align == 0 {
			align = '>'
		}
	} else if align == 0 {
		align = '<'
	}
	pad := width - utf8.RuneCountInString(prefix) - utf8.RuneCountInString(body)
	if pad <= 0 {
		return prefix + body
	}
	switch align {
	case '>':
		return strings.Repeat(fill, pad) + prefix + body
	case '^':
		return strings.Repeat(fill, pad/2) + prefix + body + strings.Repeat(fill, pad-pad/2)
	case '=': // padding between the sign (and 0x) and the digits
		return prefix + strings.Repeat(fill, pad) + body
	}
	return prefix + body + strings.Repeat(fill, pad)
}

func formatFloat(f float64, typ byte, prec int) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		s := data.FloatRepr(f) // Python writes inf, -inf and nan
		switch typ {
		case 'E', 'F', 'G':
			s = strings.ToUpper(s)
		case '%':
			s += "%"
		}
		return s
	}
	if prec < 0 {
		prec = 6
	}
	switch typ {
	case 'e', 'E':
		s := strconv.FormatFloat(f, 'e', prec, 64)
		if typ == 'E' {
			s = strings.ToUpper(s)
		}
		return s
	case 'g', 'G':
		if prec == 0 {
			prec = 1
		}
		s := strconv.FormatFloat(f, 'g', prec, 64)
		if typ == 'G' {
			s = strings.ToUpper(s)
		}
		return s
	case '%':
		return strconv.FormatFloat(f*100, 'f', prec, 64) + "%"
	}
	return strconv.FormatFloat(f, 'f', prec, 64)
}

// groupDigits inserts sep between groups of size integer digits.
func groupDigits(s, sep string, size int) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%size == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String() + frac
}
