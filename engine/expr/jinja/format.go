package jinja

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// percentFormat is Python's printf-style `format % values` for the common
// conversions: s r a d i u f F e E g G x X o c and %%.
func percentFormat(format string, values any) (any, error) {
	var list []any
	var mapping *data.Map
	switch t := values.(type) {
	case tuple:
		list = t
	case *data.Map:
		mapping = t
		list = []any{t}
	case *ctxView:
		mapping = t.m
		list = []any{t}
	default:
		list = []any{values}
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return nil, errorf("incomplete format")
		}
		var arg any
		haveArg := false
		if format[i] == '(' {
			end := strings.IndexByte(format[i:], ')')
			if end < 0 || mapping == nil {
				return nil, errorf("format requires a mapping")
			}
			key := format[i+1 : i+end]
			v, ok := mapping.Get(key)
			if !ok {
				return nil, errorf("%s", data.StringRepr(key))
			}
			arg, haveArg = v, true
			i += end + 1
		}
		j := i
		for j < len(format) && strings.IndexByte("#0- +", format[j]) >= 0 {
			j++
		}
		flags := format[i:j]
		k := j
		for k < len(format) && (isDigit(format[k]) || format[k] == '.' || format[k] == '*') {
			k++
		}
		if k >= len(format) {
			return nil, errorf("incomplete format")
		}
		spec := format[j:k]
		verb := format[k]
		i = k
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if !haveArg {
			if next >= len(list) {
				return nil, errorf("not enough arguments for format string")
			}
			arg = list[next]
			next++
		}
		out, err := formatOne(verb, flags, spec, arg)
		if err != nil {
			if strings.HasPrefix(err.Error(), "unsupported format character") {
				return nil, errorf("%s at index %d", err.Error(), k)
			}
			return nil, err
		}
		b.WriteString(out)
		if err := checkSize(b.Len()); err != nil {
			return nil, err
		}
	}
	if mapping == nil && next < len(list) {
		return nil, errorf("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

func formatOne(verb byte, flags, spec string, arg any) (string, error) {
	width, prec := -1, -1
	if w, p, ok := strings.Cut(spec, "."); ok {
		prec, _ = strconv.Atoi(p)
		if w != "" {
			width, _ = strconv.Atoi(w)
		}
	} else if spec != "" {
		width, _ = strconv.Atoi(spec)
	}
	if u, ok := arg.(*undefined); ok {
		return "", u.err()
	}
	var s string
	switch verb {
	case 's':
		s = data.Str(arg)
		if prec >= 0 && prec < utf8.RuneCountInString(s) {
			s = string([]rune(s)[:prec])
		}
	case 'r', 'a':
		s = repr(arg)
	case 'd', 'i', 'u':
		n, ok := intValue(arg)
		if !ok {
			f, isF := arg.(float64)
			if !isF {
				return "", errorf("%%%c format: a real number is required, not %s", verb, typeName(arg))
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return "", errorf("cannot convert float %s to integer", data.FloatRepr(f))
			}
			n = data.FloatInt(f)
		}
		s = data.FormatInt(n, 10)
		if data.Sign(n) >= 0 && strings.ContainsRune(flags, '+') {
			s = "+" + s
		} else if data.Sign(n) >= 0 && strings.ContainsRune(flags, ' ') {
			s = " " + s
		}
	case 'f', 'F', 'e', 'E', 'g', 'G':
		if err := floatOverflow(arg); err != nil {
			return "", err
		}
		f, ok := asFloat(arg)
		if !ok {
			return "", errorf("must be real number, not %s", typeName(arg))
		}
		if prec < 0 {
			prec = 6
		}
		nonFinite := math.IsInf(f, 0) || math.IsNaN(f)
		switch {
		case nonFinite:
			s = data.FloatRepr(f) // Python writes inf, -inf and nan
		default:
			s = strconv.FormatFloat(f, verb|0x20, prec, 64)
		}
		if verb == 'E' || verb == 'G' || verb == 'F' {
			s = strings.ToUpper(s)
		}
		if !nonFinite && (verb == 'e' || verb == 'E' || verb == 'g' || verb == 'G') {
			s = pyExponent(s)
		}
		if !strings.HasPrefix(s, "-") && strings.ContainsRune(flags, '+') {
			s = "+" + s
		} else if !strings.HasPrefix(s, "-") && strings.ContainsRune(flags, ' ') {
			s = " " + s
		}
	case 'x', 'X', 'o':
		n, ok := intValue(arg)
		if !ok {
			return "", errorf("%%%c format: an integer is required, not %s", verb, typeName(arg))
		}
		base := 16
		if verb == 'o' {
			base = 8
		}
		s = data.FormatInt(n, base)
		if strings.ContainsRune(flags, '#') {
			s = altPrefix(s, "0"+string(verb))
		}
		if verb == 'X' {
			s = strings.ToUpper(s)
		}
	case 'c':
		if n, ok := asInt(arg); ok {
			s = string(rune(n))
		} else {
			s = data.Str(arg)
		}
	default:
		return "", errorf("unsupported format character %s (0x%x)", data.StringRepr(string(verb)), verb)
	}
	if width > len([]rune(s)) {
		pad := width - len([]rune(s))
		switch {
		case strings.ContainsRune(flags, '-'):
			s += strings.Repeat(" ", pad)
		case strings.ContainsRune(flags, '0') && verb != 's' && verb != 'r':
			sign := ""
			if s != "" && (s[0] == '-' || s[0] == '+') {
				sign, s = s[:1], s[1:]
			}
			s = sign + strings.Repeat("0", pad) + s
		default:
			s = strings.Repeat(" ", pad) + s
		}
	}
	return s, nil
}

// pyExponent rewrites Go's exponent (e+6) into Python's (e+06).
func pyExponent(s string) string {
	i := strings.LastIndexAny(s, "eE")
	if i < 0 || i+2 >= len(s) {
		return s
	}
	exp := s[i+2:]
	if len(exp) < 2 {
		exp = "0" + exp
	}
	return s[:i+2] + exp
}

// strFormat is str.format as the sandbox allows it: positional ({}, {0})
// and named ({name}) fields with attribute/index lookups through the
// sandbox, and the format specs fill/align/sign/width/precision/type.
func (s *state) strFormat(format string, a *args) (any, error) {
	auto := 0
	return s.vformat(format, a, &auto, 2, false)
}

// markupFormat is Markup.format: as str.format, but each field's text is
// HTML-escaped (markupsafe's EscapeFormatter); a Markup value goes in as
// it is and takes no format spec.
func (s *state) markupFormat(format string, a *args) (any, error) {
	auto := 0
	out, err := s.vformat(format, a, &auto, 2, true)
	if err != nil {
		return nil, err
	}
	return markup(out), nil
}

// vformat is CPython's str.format: auto counts the fields numbered
// automatically, which the fields nested in a format spec ("{:>{width}}")
// continue; recursion is the nesting still allowed (one level); escape
// HTML-escapes each field, as Markup.format does.
func (s *state) vformat(format string, a *args, auto *int, recursion int, escape bool) (string, error) {
	if recursion <= 0 {
		return "", errorf("Max string recursion exceeded")
	}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '}' {
			if i+1 < len(format) && format[i+1] == '}' {
				i++
			} else {
				return "", errorf("Single '}' encountered in format string")
			}
			b.WriteByte('}')
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		end := data.FormatFieldEnd(format[i:])
		if end < 0 {
			return "", errorf("Single '{' encountered in format string")
		}
		field := format[i+1 : i+end]
		i += end
		field, spec, _ := strings.Cut(field, ":")
		field, conv, _ := strings.Cut(field, "!")
		name := field
		rest := ""
		if k := strings.IndexAny(field, ".["); k >= 0 {
			name, rest = field[:k], field[k:]
		}
		var v any
		switch {
		case name == "":
			if *auto >= len(a.pos) {
				return "", errorf("tuple index out of range")
			}
			v = a.pos[*auto]
			*auto++
		case isAllDigits(name):
			n, _ := strconv.Atoi(name)
			if n >= len(a.pos) {
				return "", errorf("tuple index out of range")
			}
			v = a.pos[n]
		default:
			j := indexOf(a.kwNames, name)
			if j < 0 {
				return "", errorf("%s", data.StringRepr(name))
			}
			v = a.kwVals[j]
		}
		for rest != "" {
			var err error
			if rest[0] == '.' {
				k := strings.IndexAny(rest[1:], ".[")
				attr := rest[1:]
				if k >= 0 {
					attr, rest = rest[1:k+1], rest[k+1:]
				} else {
					rest = ""
				}
				if v, err = s.getattr(v, attr); err != nil {
					return "", err
				}
			} else {
				k := strings.IndexByte(rest, ']')
				if k < 0 {
					return "", errorf("Missing ']' in format string")
				}
				key := rest[1:k]
				rest = rest[k+1:]
				var kv any = key
				if isAllDigits(key) {
					n, _ := strconv.Atoi(key)
					kv = int64(n)
				}
				if v, err = s.getitem(v, kv); err != nil {
					return "", err
				}
			}
			if u, ok := v.(*undefined); ok {
				return "", u.err()
			}
		}
		if conv == "r" {
			v = repr(v)
		} else if conv == "a" {
			v = data.ASCII(repr(v))
		} else if conv == "s" {
			sv, err := str(v)
			if err != nil {
				return "", err
			}
			v = sv
		}
		if strings.Contains(spec, "{") {
			var err error
			if spec, err = s.vformat(spec, a, auto, recursion-1, escape); err != nil {
				return "", err
			}
		}
		var out string
		if m, ok := v.(markup); ok && escape {
			if spec != "" {
				return "", errorf("Unsupported format specification for Markup.")
			}
			out = string(m)
		} else {
			var err error
			if out, err = formatSpec(v, spec); err != nil {
				return "", err
			}
			if escape {
				out = htmlEscape(out)
			}
		}
		b.WriteString(out)
		if err := checkSize(b.Len()); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// formatSpec is Python's format(v, spec) for common specs.
func formatSpec(v any, spec string) (string, error) {
	if u, ok := v.(*undefined); ok {
		return "", u.err()
	}
	if spec == "" {
		return str(v)
	}
	origType := typeName(v)
	switch v.(type) {
	case string, markup, int64, bool, *big.Int, float64:
		if msg := data.FormatSpecError(spec, origType); msg != "" {
			return "", errorf("%s", msg)
		}
	}
	if b, ok := v.(bool); ok { // int.__format__: a spec formats the number
		v = int64(0)
		if b {
			v = int64(1)
		}
	}
	fill, align := " ", byte(0)
	if _, n := utf8.DecodeRuneInString(spec); len(spec) > n && strings.IndexByte("<>^=", spec[n]) >= 0 {
		fill, align, spec = spec[:n], spec[n], spec[n+1:]
	} else if len(spec) >= 1 && strings.IndexByte("<>^=", spec[0]) >= 0 {
		align, spec = spec[0], spec[1:]
	}
	flags := ""
	for spec != "" && strings.IndexByte("+- #", spec[0]) >= 0 {
		flags += spec[:1]
		spec = spec[1:]
	}
	_, isStrValue := isString(v)
	if strings.HasPrefix(spec, "0") {
		if align == 0 {
			fill = "0"
			if !isStrValue { // strings are zero-filled on the right
				align = '='
			}
		}
		spec = spec[1:]
	}
	groupSep := ""
	if i := strings.IndexAny(spec, ",_"); i >= 0 {
		groupSep = spec[i : i+1]
	}
	spec = strings.NewReplacer(",", "", "_", "").Replace(spec)
	verb := byte('s')
	if spec != "" && !isDigit(spec[len(spec)-1]) {
		verb = spec[len(spec)-1]
		spec = spec[:len(spec)-1]
	} else if isNumber(v) {
		verb = 0
	}
	// The type's __format__ refuses what it cannot do.
	switch t := v.(type) {
	case string, markup:
		switch {
		case verb != 's':
			return "", errorf("Unknown format code '%c' for object of type '%s'", verb, origType)
		case strings.ContainsAny(flags, "+- "):
			return "", errorf("Sign not allowed in string format specifier")
		case align == '=':
			return "", errorf("'=' alignment not allowed in string format specifier")
		case groupSep != "":
			return "", errorf("Cannot specify '%s' with 's'.", groupSep)
		}
	case float64:
		if verb != 0 && strings.IndexByte("eEfFgGn%", verb) < 0 {
			return "", errorf("Unknown format code '%c' for object of type '%s'", verb, origType)
		}
	case int64, bool, *big.Int:
		if verb != 0 && strings.IndexByte("bcdoxXneEfFgG%", verb) < 0 {
			return "", errorf("Unknown format code '%c' for object of type '%s'", verb, origType)
		}
	default:
		if !isNumber(t) {
			return "", errorf("unsupported format string passed to %s.__format__", typeName(v))
		}
	}
	width := -1
	prec := ""
	if w, p, ok := strings.Cut(spec, "."); ok {
		prec = "." + p
		if w != "" {
			width, _ = strconv.Atoi(w)
		}
	} else if spec != "" {
		width, _ = strconv.Atoi(spec)
	}
	var s string
	var err error
	switch verb {
	case 0:
		s, err = str(v)
		if err == nil && s != "" && s[0] != '-' && isNumber(v) {
			if strings.ContainsRune(flags, '+') {
				s = "+" + s
			} else if strings.ContainsRune(flags, ' ') {
				s = " " + s
			}
		}
	case 's':
		if _, ok := isString(v); !ok && isNumber(v) {
			return "", errorf("Unknown format code 's' for object of type '%s'", typeName(v))
		}
		s, err = formatOne('s', "", prec, v)
	case 'b':
		n, ok := asInt(v)
		if !ok {
			return "", errorf("Unknown format code 'b' for object of type '%s'", typeName(v))
		}
		s = strconv.FormatInt(n, 2)
		if strings.ContainsRune(flags, '#') {
			s = altPrefix(s, "0b")
		}
		if n >= 0 && strings.ContainsRune(flags, '+') {
			s = "+" + s
		}
	case '%':
		f, ok := asFloat(v)
		if !ok {
			return "", errorf("Unknown format code '%%' for object of type '%s'", typeName(v))
		}
		s, err = formatOne('f', flags, prec, f*100)
		s += "%"
	case 'n':
		if _, ok := v.(float64); ok {
			s, err = formatOne('g', flags, prec, v)
		} else {
			s, err = formatOne('d', flags, prec, v)
		}
	default:
		s, err = formatOne(verb, flags, prec, v)
	}
	if err != nil {
		return "", err
	}
	if groupSep != "" && isNumber(v) {
		size := 3
		if strings.IndexByte("boxX", verb) >= 0 {
			size = 4 // Python groups binary, octal and hex digits by four
		}
		s = groupDigits(s, groupSep, size)
	}
	if align == 0 {
		align = '<'
		if isNumber(v) {
			align = '>'
		}
	}
	n := utf8.RuneCountInString(s)
	if width > n {
		pad := width - n
		switch align {
		case '<':
			s += strings.Repeat(fill, pad)
		case '>':
			s = strings.Repeat(fill, pad) + s
		case '^':
			s = strings.Repeat(fill, pad/2) + s + strings.Repeat(fill, pad-pad/2)
		case '=':
			sign := ""
			if s != "" && (s[0] == '-' || s[0] == '+') {
				sign, s = s[:1], s[1:]
			}
			s = sign + strings.Repeat(fill, pad) + s
		}
	}
	return s, nil
}

// altPrefix inserts the prefix of Python's alternate form ("0x", "0o",
// "0b") after the sign of the digits s.
func altPrefix(s, prefix string) string {
	if strings.HasPrefix(s, "-") {
		return "-" + prefix + s[1:]
	}
	return prefix + s
}

// groupDigits inserts sep between groups of size integer digits.
func groupDigits(s, sep string, size int) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexAny(s, ".eE"); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%size == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}
