package jinja

import (
	"errors"
	"fmt"
	"html"
	"math"
	"math/big"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// filterFunc implements one filter: v is the piped value.
type filterFunc func(s *state, v any, a *args) (any, error)

// filters are Jinja's built-in filters (and Mistral's functions, which
// Mistral registers as filters too). Filters listed in takesUndefined see
// undefined input; the others fail on it as StrictUndefined does.
var filters map[string]filterFunc

// abs, round, pprint and tojson do not touch their value in a way that
// StrictUndefined refuses; they fail (or not) as the Python function does.
var takesUndefined = map[string]bool{"default": true, "d": true, "items": true,
	"abs": true, "round": true, "pprint": true, "tojson": true}

func init() {
	filters = map[string]filterFunc{
		"abs":            builtinOne("abs", fAbs),
		"attr":           fAttr,
		"batch":          fBatch,
		"capitalize":     noArgs("do_capitalize", 1, strFilter(pycase.Capitalize)),
		"center":         fCenter,
		"count":          builtinOne("len", fLength),
		"d":              fDefault,
		"default":        fDefault,
		"dictsort":       fDictsort,
		"e":              builtinOne("markupsafe._speedups.escape", fEscape),
		"escape":         builtinOne("markupsafe._speedups.escape", fEscape),
		"filesizeformat": fFilesize,
		"first":          noArgs("sync_do_first", 2, fFirst),
		"float":          fFloat,
		"forceescape":    noArgs("do_forceescape", 1, fEscape),
		"format":         fFormat,
		"groupby":        fGroupby,
		"indent":         fIndent,
		"int":            fInt,
		"items":          noArgs("do_items", 1, fItems),
		"join":           fJoin,
		"last":           noArgs("do_last", 2, fLast),
		"length":         builtinOne("len", fLength),
		"list":           noArgs("sync_do_list", 1, fList),
		"lower":          noArgs("do_lower", 1, strFilter(pycase.Lower)),
		"map":            fMap,
		"max":            fMinMax(1),
		"min":            fMinMax(-1),
		"pprint":         noArgs("do_pprint", 1, func(_ *state, v any, _ *args) (any, error) { return pformat(v), nil }),
		"random":         noArgs("do_random", 2, fRandom),
		"reject":         fSelect(false, false),
		"rejectattr":     fSelect(false, true),
		"replace":        fReplace,
		"reverse":        noArgs("do_reverse", 1, fReverse),
		"round":          fRound,
		"safe":           noArgs("do_mark_safe", 1, func(_ *state, v any, _ *args) (any, error) { s, err := str(v); return markup(s), err }),
		"select":         fSelect(true, false),
		"selectattr":     fSelect(true, true),
		"slice":          fSlice,
		"sort":           fSort,
		"string":         builtinOne("markupsafe._speedups.soft_str", fString),
		"striptags":      noArgs("do_striptags", 1, fStriptags),
		"sum":            fSum,
		"title":          noArgs("do_title", 1, strFilter(pyTitle)),
		"tojson":         fTojson,
		"trim":           fTrim,
		"truncate":       fTruncate,
		"unique":         fUnique,
		"upper":          noArgs("do_upper", 1, strFilter(pycase.Upper)),
		"urlencode":      noArgs("do_urlencode", 1, fUrlencode),
		"urlize":         fUrlize,
		"wordcount":      noArgs("do_wordcount", 1, fWordcount),
		"wordwrap":       fWordwrap,
		"xmlattr":        fXmlattr,
	}
}

// builtinOne wraps a filter that is a Python builtin of one argument
// (len, abs, markupsafe's escape): CPython's messages for others.
func builtinOne(fname string, fn filterFunc) filterFunc {
	return func(s *state, v any, a *args) (any, error) {
		if len(a.kwNames) > 0 {
			return nil, errorf("%s() takes no keyword arguments", fname)
		}
		if len(a.pos) > 0 {
			return nil, errorf("%s() takes exactly one argument (%d given)", fname, len(a.pos)+1)
		}
		return fn(s, v, a)
	}
}

// noArgs wraps a filter that takes only its value.
func noArgs(fname string, hidden int, fn filterFunc) filterFunc {
	return func(s *state, v any, a *args) (any, error) {
		if _, err := a.bindAfter(hidden, fname, nil, 0); err != nil {
			return nil, err
		}
		return fn(s, v, a)
	}
}

func (s *state) applyFilter(fn *filterNode, v any, f *frame) (any, error) {
	impl, ok := filters[fn.name]
	if !ok {
		return nil, errorf("No filter named %s found.", data.StringRepr(fn.name))
	}
	if err := strictErr(v); err != nil && !takesUndefined[fn.name] && !isMistralFunction(fn.name) {
		return nil, err
	}
	a, err := s.evalArgs(&fn.args, f)
	if err != nil {
		return nil, err
	}
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxCallDepth {
		return nil, errorf("maximum recursion depth exceeded")
	}
	out, err := impl(s, v, a)
	if err != nil {
		return nil, err
	}
	return out, s.charge(out)
}

// applyFilterChain applies the filters of a {% filter %} or {% set %}
// block, "a | b | c" parsed over no value, to v: the innermost first.
func (s *state) applyFilterChain(fn *filterNode, v any, f *frame) (any, error) {
	if inner, ok := fn.x.(*filterNode); ok {
		var err error
		if v, err = s.applyFilterChain(inner, v, f); err != nil {
			return nil, err
		}
	}
	return s.applyFilter(fn, v, f)
}

// callFilter applies a filter by name, as map() does.
func (s *state) callFilter(name string, v any, a *args) (any, error) {
	impl, ok := filters[name]
	if !ok {
		return nil, errorf("No filter named %s.", data.StringRepr(name))
	}
	if u, ok := v.(*undefined); ok && !takesUndefined[name] {
		return nil, u.err()
	}
	return impl(s, v, a)
}

func strFilter(fn func(string) string) filterFunc {
	return func(_ *state, v any, _ *args) (any, error) {
		sv, err := str(v)
		if err != nil {
			return nil, err
		}
		if _, ok := v.(markup); ok {
			return markup(fn(sv)), nil
		}
		return fn(sv), nil
	}
}

func fAbs(_ *state, v any, _ *args) (any, error) {
	switch t := v.(type) {
	case int64, bool, *big.Int:
		n, _ := intValue(t)
		return data.AbsInt(n), nil
	case float64:
		return math.Abs(t), nil
	}
	return nil, errorf("bad operand type for abs(): '%s'", typeName(v))
}

func fAttr(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_attr", []string{"name"}, 1)
	if err != nil {
		return nil, err
	}
	name, ok := isString(p[0])
	if !ok {
		return nil, errorf("attribute name must be string, not '%s'", typeName(p[0]))
	}
	if r, ok := s.attribute(v, name); ok {
		return r, nil
	}
	return undefinedAttr(v, name), nil
}

func fBatch(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_batch", []string{"linecount", "fill_with"}, 1)
	if err != nil {
		return nil, err
	}
	// As Jinja's loop: a chunk is cut when it holds linecount items, so a
	// linecount of 0 yields one empty chunk first and a negative or
	// non-integer one never cuts.
	n, isInt := asInt(p[0])
	if !isInt {
		n = -1
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	out := []any{}
	chunk := []any{}
	for _, it := range items {
		if int64(len(chunk)) == n {
			out = append(out, chunk)
			chunk = []any{}
		}
		chunk = append(chunk, it)
	}
	if len(chunk) > 0 {
		if given(p[1]) && p[1] != nil {
			if !isInt {
				return nil, errorf("'<' not supported between instances of 'int' and '%s'", typeName(p[0]))
			}
			if err := checkSize(int(min(n, maxValueSize+1))); err != nil {
				return nil, err
			}
			for int64(len(chunk)) < n {
				chunk = append(chunk, p[1])
			}
		}
		out = append(out, chunk)
	}
	return out, nil
}

func fCenter(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_center", []string{"width"}, 0)
	if err != nil {
		return nil, err
	}
	w, ok := asInt(orDefault(p[0], int64(80)))
	if !ok {
		return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
	}
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	return pyCenter(sv, int(w), " "), nil
}

func pyCenter(s string, width int, fill string) string {
	n := len([]rune(s))
	if width <= n {
		return s
	}
	pad := width - n
	left := pad/2 + (pad & width & 1)
	return strings.Repeat(fill, left) + s + strings.Repeat(fill, pad-left)
}

func fLength(_ *state, v any, _ *args) (any, error) {
	n, err := length(v)
	return int64(n), err
}

func fDefault(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_default", []string{"default_value", "boolean"}, 0)
	if err != nil {
		return nil, err
	}
	def := orDefault(p[0], "")
	if _, ok := v.(*undefined); ok {
		return def, nil
	}
	if given(p[1]) && data.Truthy(p[1]) && !data.Truthy(v) {
		return def, nil
	}
	return v, nil
}

// ignoreCase lowercases strings for case-insensitive sorting.
func ignoreCase(v any) any {
	if s, ok := isString(v); ok {
		return pycase.Lower(s)
	}
	return v
}

func fDictsort(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_dictsort", []string{"case_sensitive", "by", "reverse"}, 0)
	if err != nil {
		return nil, err
	}
	if u, ok := v.(*undefined); ok {
		return nil, u.err()
	}
	m, ok := asMap(v)
	if !ok {
		return nil, errorf("'%s' object has no attribute 'items'", typeName(v))
	}
	pos := 0
	switch orDefault(p[1], "key") {
	case "key":
	case "value":
		pos = 1
	default:
		return nil, errorf(`You can only sort by either "key" or "value"`)
	}
	cs := given(p[0]) && data.Truthy(p[0])
	items := make([]any, 0, m.Len())
	m.Range(func(k string, v any) bool {
		items = append(items, tuple{data.KeyValue(k), v})
		return true
	})
	reverse, err := sortReverse(p[2])
	if err != nil {
		return nil, err
	}
	err = sortValues(items, func(it any) (any, error) {
		k := it.(tuple)[pos]
		if !cs {
			k = ignoreCase(k)
		}
		return k, nil
	}, reverse)
	return items, err
}

func fEscape(_ *state, v any, _ *args) (any, error) {
	if m, ok := v.(markup); ok {
		return m, nil
	}
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	return markup(htmlEscape(sv)), nil
}

// escapeStrings returns v, a % operand (a value, a tuple or a dict), with
// its plain strings HTML-escaped into Markup.
func escapeStrings(v any) any {
	esc := func(e any) any {
		if _, m := e.(markup); !m {
			if s, ok := e.(string); ok {
				return markup(htmlEscape(s))
			}
		}
		return e
	}
	switch t := v.(type) {
	case tuple:
		out := make(tuple, len(t))
		for i, e := range t {
			out[i] = esc(e)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool { out.Set(k, esc(e)); return true })
		return out
	}
	return esc(v)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func fFilesize(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_filesizeformat", []string{"binary"}, 0)
	if err != nil {
		return nil, err
	}
	if err := floatOverflow(v); err != nil {
		return nil, err
	}
	f, ok := asFloat(v)
	if !ok {
		sv, _ := isString(v)
		if f, err = strconv.ParseFloat(strings.TrimSpace(sv), 64); err != nil {
			return nil, errorf("could not convert string to float: %s", repr(v))
		}
	}
	binary := given(p[0]) && data.Truthy(p[0])
	base := 1000.0
	prefixes := []string{"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"}
	if binary {
		base = 1024
		prefixes = []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
	}
	if f == 1 {
		return "1 Byte", nil
	}
	if f < base {
		if math.IsInf(f, 0) {
			return nil, errorf("cannot convert float infinity to integer")
		}
		return fmt.Sprintf("%d Bytes", int64(f)), nil
	}
	unit := base
	for i, prefix := range prefixes {
		unit = math.Pow(base, float64(i+2))
		if f < unit {
			return fixed1(base*f/unit) + " " + prefix, nil
		}
	}
	return fixed1(base*f/unit) + " " + prefixes[len(prefixes)-1], nil
}

// fixed1 is Python's '%.1f', which spells the infinities and NaN inf,
// -inf and nan.
func fixed1(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 0):
		return strings.TrimPrefix(strings.ToLower(fmt.Sprint(f)), "+")
	}
	return fmt.Sprintf("%.1f", f)
}

func fFirst(_ *state, v any, _ *args) (any, error) {
	if g, ok := v.(*generator); ok {
		it, ok, err := g.pull()
		if err != nil {
			return nil, err
		}
		if !ok {
			return undefinedHint("No first item, sequence was empty."), nil
		}
		return it, nil
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return undefinedHint("No first item, sequence was empty."), nil
	}
	return items[0], nil
}

func fLast(_ *state, v any, _ *args) (any, error) {
	if g, ok := v.(*generator); ok {
		return nil, errorf("'%s' object is not reversible", g.kind)
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return undefinedHint("No last item, sequence was empty."), nil
	}
	return items[len(items)-1], nil
}

func fFloat(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_float", []string{"default"}, 0)
	if err != nil {
		return nil, err
	}
	if u, ok := v.(*undefined); ok {
		return nil, u.err() // even a plain Undefined's __float__ fails
	}
	if err := floatOverflow(v); err != nil {
		return nil, err // an OverflowError, which do_float does not catch
	}
	if f, ok := toFloat(v); ok {
		return f, nil
	}
	return orDefault(p[0], 0.0), nil
}

func toFloat(v any) (float64, bool) {
	if f, ok := asFloat(v); ok {
		return f, true
	}
	if s, ok := isString(v); ok {
		s = strings.ReplaceAll(strings.TrimSpace(pycase.ASCIIDigits(s)), "_", "")
		switch strings.ToLower(s) {
		case "inf", "+inf", "infinity", "+infinity":
			return math.Inf(1), true
		case "-inf", "-infinity":
			return math.Inf(-1), true
		case "nan", "+nan", "-nan":
			return math.NaN(), true
		}
		// Out of range is Python's inf (float('1e400')), not an error.
		f, err := strconv.ParseFloat(s, 64)
		if (err == nil || errors.Is(err, strconv.ErrRange)) && !strings.ContainsAny(s, "xXpP") {
			return f, true
		}
	}
	return 0, false
}

func fInt(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_int", []string{"default", "base"}, 0)
	if err != nil {
		return nil, err
	}
	if u, ok := v.(*undefined); ok {
		return nil, u.err() // even a plain Undefined's __int__ fails
	}
	def := orDefault(p[0], int64(0))
	base, _ := asInt(orDefault(p[1], int64(10)))
	if n, ok := intValue(v); ok {
		return n, nil
	}
	if f, ok := v.(float64); ok {
		return floatToInt(f, def)
	}
	s, ok := isString(v)
	if !ok {
		return def, nil
	}
	t := strings.ReplaceAll(strings.TrimSpace(pycase.ASCIIDigits(s)), "_", "")
	if base != 10 {
		lt := strings.ToLower(strings.TrimLeft(t, "+-"))
		if (base == 16 && strings.HasPrefix(lt, "0x")) || (base == 8 && strings.HasPrefix(lt, "0o")) || (base == 2 && strings.HasPrefix(lt, "0b")) {
			neg := strings.HasPrefix(t, "-")
			t = lt[2:]
			if neg {
				t = "-" + t
			}
		}
	}
	n, err := strconv.ParseInt(t, int(base), 64)
	if err == nil {
		return n, nil
	}
	if errors.Is(err, strconv.ErrRange) {
		if b, ok := new(big.Int).SetString(t, int(base)); ok {
			return data.Int(b), nil // Python's ints are unbounded
		}
	}
	if f, ok := toFloat(s); ok {
		return floatToInt(f, def)
	}
	return def, nil
}

// floatToInt is do_int's int(float(value)): NaN gives the default (a
// ValueError) but an infinity fails (an OverflowError, which do_int lets
// through).
func floatToInt(f float64, def any) (any, error) {
	switch {
	case math.IsNaN(f):
		return def, nil
	case math.IsInf(f, 0):
		_, err := floatToIntErr(f)
		return nil, err
	}
	return data.FloatInt(f), nil
}

// floatToIntErr is int()'s error for an infinity or a NaN.
func floatToIntErr(f float64) (int64, error) {
	if math.IsNaN(f) {
		return 0, errorf("cannot convert float NaN to integer")
	}
	return 0, errorf("cannot convert float infinity to integer")
}

func fFormat(_ *state, v any, a *args) (any, error) {
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	if len(a.pos) > 0 && len(a.kwNames) > 0 {
		return nil, errorf("can't handle positional and keyword arguments at the same time")
	}
	if len(a.kwNames) > 0 {
		m := data.NewMap(len(a.kwNames))
		for i, k := range a.kwNames {
			m.Set(k, a.kwVals[i])
		}
		return percentFormat(sv, m)
	}
	return percentFormat(sv, tuple(a.pos))
}

// groupTuple is the (grouper, list) pair groupby yields.
func fGroupby(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "sync_do_groupby", []string{"attribute", "default", "case_sensitive"}, 1)
	if err != nil {
		return nil, err
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	var def any
	if given(p[1]) {
		def = p[1]
	}
	get := s.attrGetter(p[0], def)
	cs := given(p[2]) && data.Truthy(p[2])
	keyed := make([]any, len(items))
	for i, it := range items {
		k, err := get(it)
		if err != nil {
			return nil, err
		}
		if !cs {
			k = ignoreCase(k)
		}
		keyed[i] = tuple{k, it}
	}
	if err := sortValues(keyed, func(x any) (any, error) { return x.(tuple)[0], nil }, false); err != nil {
		return nil, err
	}
	out := []any{}
	for i := 0; i < len(keyed); {
		k := keyed[i].(tuple)[0]
		group := []any{keyed[i].(tuple)[1]}
		var orig any
		for i++; i < len(keyed) && equal(keyed[i].(tuple)[0], k); i++ {
			group = append(group, keyed[i].(tuple)[1])
		}
		orig = k
		if !cs {
			// Jinja reports the original value of the first item.
			if g, err := get(group[0]); err == nil {
				orig = g
			}
		}
		out = append(out, groupTuple{orig, group})
	}
	return out, nil
}

// attrGetter is Jinja's make_attrgetter: dotted paths, integer parts as
// indexes, and a default for undefined results.
func (s *state) attrGetter(attr any, def any) func(any) (any, error) {
	var parts []any
	switch t := attr.(type) {
	case string:
		for _, p := range strings.Split(t, ".") {
			if n, err := strconv.Atoi(p); err == nil && isAllDigits(p) {
				parts = append(parts, int64(n))
			} else {
				parts = append(parts, p)
			}
		}
	case nil:
	default:
		parts = []any{t}
	}
	return func(item any) (any, error) {
		var err error
		for _, p := range parts {
			if item, err = s.getitem(item, p); err != nil {
				return nil, err
			}
			if _, ok := item.(*undefined); ok && def != nil {
				item = def
			}
		}
		return item, nil
	}
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

func fIndent(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_indent", []string{"width", "first", "blank"}, 0)
	if err != nil {
		return nil, err
	}
	sv, ok := isString(v)
	if !ok {
		return nil, errorf("'%s' object has no attribute 'splitlines'", typeName(v))
	}
	ind := "    "
	if w := orDefault(p[0], int64(4)); true {
		if n, ok := asInt(w); ok {
			ind = strings.Repeat(" ", int(max(n, 0)))
		} else if ws, ok := isString(w); ok {
			ind = ws
		} else {
			return nil, errorf("can't multiply sequence by non-int of type '%s'", typeName(w))
		}
	}
	first := given(p[1]) && data.Truthy(p[1])
	blank := given(p[2]) && data.Truthy(p[2])
	// Jinja splits sv + "\n" at Python's line boundaries and joins the
	// lines with "\n", indenting each but the first unless it is empty.
	lines := splitLines(sv + "\n")
	rv := lines[0]
	for _, line := range lines[1:] {
		rv += "\n"
		if blank || line != "" {
			rv += ind
		}
		rv += line
	}
	if first {
		rv = ind + rv
	}
	return rv, nil
}

func fItems(_ *state, v any, _ *args) (any, error) {
	switch t := v.(type) {
	case *undefined:
		return []any{}, nil
	case *data.Map:
		return mapItems(t), nil
	case *ctxView:
		return mapItems(t.m), nil
	}
	return nil, errorf("Can only get item pairs from a mapping.")
}

func mapItems(m *data.Map) []any {
	out := make([]any, 0, m.Len())
	m.Range(func(k string, v any) bool {
		out = append(out, tuple{data.KeyValue(k), v})
		return true
	})
	return out
}

func fJoin(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "sync_do_join", []string{"d", "attribute"}, 0)
	if err != nil {
		return nil, err
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	sep, err := str(orDefault(p[0], ""))
	if err != nil {
		return nil, err
	}
	if given(p[1]) && p[1] != nil {
		get := s.attrGetter(p[1], nil)
		for i, it := range items {
			if items[i], err = get(it); err != nil {
				return nil, err
			}
		}
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		sv, err := str(it)
		if err != nil {
			return nil, err
		}
		b.WriteString(sv)
		if err := checkSize(b.Len()); err != nil {
			return nil, err
		}
	}
	return b.String(), nil
}

func fList(_ *state, v any, _ *args) (any, error) {
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	return append([]any{}, items...), nil
}

func fMap(s *state, v any, a *args) (any, error) {
	var fn func(any) (any, error)
	if len(a.pos) == 0 && indexOf(a.kwNames, "attribute") >= 0 {
		var attr, def any
		for i, k := range a.kwNames {
			switch k {
			case "attribute":
				attr = a.kwVals[i]
			case "default":
				def = a.kwVals[i]
			default:
				return nil, errorf("Unexpected keyword argument %s", data.StringRepr(k))
			}
		}
		fn = s.attrGetter(attr, def)
	} else {
		if len(a.pos) == 0 {
			return nil, errorf("map requires a filter argument")
		}
		name, ok := isString(a.pos[0])
		rest := &args{pos: a.pos[1:], kwNames: a.kwNames, kwVals: a.kwVals}
		fn = func(it any) (any, error) { return s.callFilter(name, it, rest) }
		if !ok {
			// No filter has that name; Jinja finds out at the first item.
			missing := errorf("No filter named %s.", repr(a.pos[0]))
			fn = func(any) (any, error) { return nil, missing }
		}
	}
	return lazyOver("generator", v, func(it any) (any, bool, error) {
		if err := s.step(); err != nil {
			return nil, false, err
		}
		v, err := fn(it)
		return v, true, err
	})
}

func fMinMax(sign int) filterFunc {
	name := "do_max"
	if sign < 0 {
		name = "do_min"
	}
	return func(s *state, v any, a *args) (any, error) {
		p, err := a.bindAfter(2, name, []string{"case_sensitive", "attribute"}, 0)
		if err != nil {
			return nil, err
		}
		items, err := iterate(v)
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			return undefinedHint("No aggregated item, sequence was empty."), nil
		}
		var attr any
		if given(p[1]) {
			attr = p[1]
		}
		get := s.attrGetter(attr, nil)
		cs := given(p[0]) && data.Truthy(p[0])
		key := func(it any) (any, error) {
			k, err := get(it)
			if err != nil {
				return nil, err
			}
			if !cs {
				k = ignoreCase(k)
			}
			return k, nil
		}
		best := items[0]
		bestKey, err := key(best)
		if err != nil {
			return nil, err
		}
		for _, it := range items[1:] {
			k, err := key(it)
			if err != nil {
				return nil, err
			}
			c, err := compare(map[bool]string{true: ">", false: "<"}[sign > 0], k, bestKey)
			if err != nil {
				return nil, err
			}
			if c == sign {
				best, bestKey = it, k
			}
		}
		return best, nil
	}
}

func fRandom(_ *state, v any, _ *args) (any, error) {
	if _, err := length(v); err != nil {
		if _, ok := v.(*generator); ok {
			return nil, err // random.choice() needs len()
		}
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return undefinedHint("No random item, sequence was empty."), nil
	}
	return items[rand.IntN(len(items))], nil
}

// fSelect implements select, reject, selectattr and rejectattr.
func fSelect(keep, byAttr bool) filterFunc {
	return func(s *state, v any, a *args) (any, error) {
		get := func(x any) (any, error) { return x, nil }
		off := 0
		if byAttr {
			if len(a.pos) == 0 {
				return nil, errorf("Missing parameter for attribute name")
			}
			get = s.attrGetter(a.pos[0], nil)
			off = 1
		}
		test := func(x any) (bool, error) { return truthy(x) }
		if len(a.pos) > off {
			name, ok := isString(a.pos[off])
			rest := &args{pos: a.pos[off+1:], kwNames: a.kwNames, kwVals: a.kwVals}
			test = func(x any) (bool, error) { return s.callTest(name, x, rest) }
			if !ok {
				missing := errorf("No test named %s.", repr(a.pos[off]))
				test = func(any) (bool, error) { return false, missing }
			}
		}
		return lazyOver("generator", v, func(it any) (any, bool, error) {
			if err := s.step(); err != nil {
				return nil, false, err
			}
			x, err := get(it)
			if err != nil {
				return nil, false, err
			}
			ok, err := test(x)
			return it, ok == keep, err
		})
	}
}

func fReplace(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_replace", []string{"old", "new", "count"}, 2)
	if err != nil {
		return nil, err
	}
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	old, err1 := str(p[0])
	nw, err2 := str(p[1])
	if err1 != nil || err2 != nil {
		return nil, errorf("replace() argument must be str")
	}
	n := -1
	if given(p[2]) && p[2] != nil {
		c, ok := asInt(p[2])
		if !ok {
			return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[2]))
		}
		n = int(c)
	}
	if err := checkSize(len(sv) + len(nw)*strings.Count(sv, old)); err != nil {
		return nil, err
	}
	return strings.Replace(sv, old, nw, n), nil
}

func fReverse(_ *state, v any, _ *args) (any, error) {
	if sv, ok := isString(v); ok {
		rs := []rune(sv)
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), nil
	}
	_, isGen := v.(*generator)
	items, err := iterate(v)
	if err != nil {
		return nil, errorf("argument must be iterable")
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[len(items)-1-i] = it
	}
	if isGen {
		return out, nil // reversed() refuses a generator: Jinja falls back to a list
	}
	kind := "list_reverseiterator"
	if _, ok := v.(*data.Map); ok {
		kind = "dict_reversekeyiterator"
	}
	return sliceGen(kind, out, func(it any) (any, bool, error) { return it, true, nil }), nil
}

func fRound(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_round", []string{"precision", "method"}, 0)
	if err != nil {
		return nil, err
	}
	method := orDefault(p[1], "common")
	if given(p[0]) && p[0] == nil && method == "common" {
		// round(value, None) is round(value): an int
		if _, ok := asFloat(v); !ok {
			return nil, errorf("type %s doesn't define __round__ method", typeName(v))
		}
		if f, ok := v.(float64); ok {
			if math.IsInf(f, 0) {
				return nil, errorf("cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, errorf("cannot convert float NaN to integer")
			}
			return data.FloatInt(math.RoundToEven(f)), nil
		}
		n, _ := intValue(v)
		return n, nil
	}
	if given(p[0]) && method != "common" && !isNumber(p[0]) {
		return nil, errorf("unsupported operand type(s) for ** or pow(): 'int' and '%s'", typeName(p[0]))
	}
	prec, precInt := asInt(orDefault(p[0], int64(0)))
	if method != "common" && method != "ceil" && method != "floor" {
		return nil, errorf("method must be common, ceil or floor")
	}
	if _, ok := asFloat(v); !ok && method == "common" {
		// round() looks for the value's __round__ before it reads the precision.
		return nil, errorf("type %s doesn't define __round__ method", typeName(v))
	}
	if !precInt && method == "common" {
		// round(value, precision) wants an integer precision.
		return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
	}
	if n, ok := intValue(v); ok && method == "common" {
		if prec >= 0 {
			return n, nil
		}
		return data.RoundInt(n, -prec), nil // Python's round(int, -n) stays an int
	}
	if err := floatOverflow(v); err != nil {
		return nil, err
	}
	f, ok := asFloat(v)
	if !ok {
		// math.ceil or math.floor of value * 10 ** precision: the product
		// fails first, or is no number.
		if u, ok := v.(*undefined); ok {
			return nil, u.err()
		}
		// (Past a precision of 6 the product is not built: a repeated
		// string or list would only grow, and keep its type.)
		r := v
		if prec < 0 || prec <= 6 {
			var scale any = math.Pow(10, float64(prec))
			if prec >= 0 {
				scale = int64(math.Pow(10, float64(prec)))
			}
			var err error
			if r, err = binary("*", v, scale); err != nil {
				return nil, err
			}
		}
		return nil, errorf("must be real number, not %s", typeName(r))
	}
	switch method {
	case "ceil":
		return math.Ceil(f*math.Pow(10, float64(prec))) / math.Pow(10, float64(prec)), nil
	case "floor":
		return math.Floor(f*math.Pow(10, float64(prec))) / math.Pow(10, float64(prec)), nil
	}
	return pyRound(f, int(prec)), nil
}

// pyRound is Python's round(float, ndigits): correctly rounded, ties to even.
func pyRound(f float64, nd int) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	if nd >= 0 {
		if nd > 300 {
			return f
		}
		r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', nd, 64), 64)
		return r
	}
	p := math.Pow(10, float64(-nd))
	return math.RoundToEven(f/p) * p
}

func fSlice(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "sync_do_slice", []string{"slices", "fill_with"}, 1)
	if err != nil {
		return nil, err
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	n, ok := asInt(p[0])
	switch {
	case !ok && isNumber(p[0]):
		// len // slices works on a float; range(slices) does not
		return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
	case !ok:
		return nil, errorf("unsupported operand type(s) for //: 'int' and '%s'", typeName(p[0]))
	case n == 0:
		return nil, errorf("integer division or modulo by zero")
	}
	per, extra := len(items)/int(n), len(items)%int(n)
	out := []any{}
	offset := 0
	for i := 0; i < int(n); i++ {
		start := offset + i*per
		if i < extra {
			offset++
		}
		end := offset + (i+1)*per
		chunk := append([]any{}, items[start:end]...)
		if given(p[1]) && p[1] != nil && i >= extra {
			chunk = append(chunk, p[1])
		}
		out = append(out, chunk)
	}
	return out, nil
}

func fSort(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_sort", []string{"reverse", "case_sensitive", "attribute"}, 0)
	if err != nil {
		return nil, err
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	items = append([]any{}, items...)
	cs := given(p[1]) && data.Truthy(p[1])
	var getters []func(any) (any, error)
	if attr, ok := p[2].(string); ok {
		for _, part := range strings.Split(attr, ",") {
			getters = append(getters, s.attrGetter(part, nil))
		}
	} else if given(p[2]) && p[2] != nil {
		getters = append(getters, s.attrGetter(p[2], nil))
	}
	key := func(it any) (any, error) {
		// Jinja's key is always a list of the attributes (the item itself
		// when none is named), and lists compare their items for equality
		// before ordering them: equal items such as two nones never meet <.
		if len(getters) == 0 {
			if !cs {
				return []any{ignoreCase(it)}, nil
			}
			return []any{it}, nil
		}
		ks := make([]any, len(getters))
		for i, g := range getters {
			k, err := g(it)
			if err != nil {
				return nil, err
			}
			if u, ok := k.(*undefined); ok {
				return nil, u.err()
			}
			if !cs {
				k = ignoreCase(k)
			}
			ks[i] = k
		}
		return ks, nil
	}
	reverse, err := sortReverse(p[0])
	if err != nil {
		return nil, err
	}
	err = sortValues(items, key, reverse)
	return items, err
}

func fString(_ *state, v any, _ *args) (any, error) {
	if m, ok := v.(markup); ok {
		return m, nil
	}
	return str(v)
}

var tagRe = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>`)

func fStriptags(_ *state, v any, _ *args) (any, error) {
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	sv = tagRe.ReplaceAllString(sv, "")
	return html.UnescapeString(strings.Join(strings.FieldsFunc(sv, pycase.IsSpace), " ")), nil
}

func fSum(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "sync_do_sum", []string{"attribute", "start"}, 0)
	if err != nil {
		return nil, err
	}
	items, err := iterate(v)
	if err != nil {
		return nil, err
	}
	var total any = orDefault(p[1], int64(0))
	if _, ok := isString(total); ok {
		// Python's builtin sum() refuses a string start.
		return nil, errorf("sum() can't sum strings [use ''.join(seq) instead]")
	}
	var get func(any) (any, error)
	if given(p[0]) && p[0] != nil {
		get = s.attrGetter(p[0], nil)
	}
	for _, it := range items {
		if get != nil {
			if it, err = get(it); err != nil {
				return nil, err
			}
		}
		if total, err = binary("+", total, it); err != nil {
			return nil, err
		}
	}
	return total, nil
}

func fTojson(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_tojson", []string{"indent"}, 0)
	if err != nil {
		return nil, err
	}
	indent := -1
	if given(p[0]) && p[0] != nil {
		n, _ := asInt(p[0])
		indent = int(n)
	}
	bad := findValue(v, func(e any) bool {
		switch e.(type) {
		case *generator, *pyRange, *undefined:
			return true
		}
		return false
	})
	switch t := bad.(type) {
	case *generator:
		return nil, errorf("Object of type %s is not JSON serializable", t.kind)
	case *pyRange:
		return nil, errorf("Object of type range is not JSON serializable")
	case *undefined:
		return nil, errorf("Object of type %s is not JSON serializable", t.pythonType())
	}
	if _, ok := v.(*ctxView); ok && indent < 0 {
		// The C encoder (no indent) takes its fast path for a dict whose
		// own storage is empty.
		v = data.NewMap(0)
	}
	text, err := pyJSON(v, indent, true)
	if err != nil {
		return nil, err
	}
	text = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`, "'", `\u0027`).Replace(text)
	return markup(text), nil
}

func fTrim(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(1, "do_trim", []string{"chars"}, 0)
	if err != nil {
		return nil, err
	}
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	if given(p[0]) && p[0] != nil {
		cs, ok := isString(p[0])
		if !ok {
			return nil, errorf("strip arg must be None or str")
		}
		return strings.Trim(sv, cs), nil
	}
	return strings.TrimFunc(sv, pycase.IsSpace), nil
}

// fTruncate is do_truncate, step by step as Python runs it: its asserts
// compare whatever was passed, and a value short enough comes back as it
// is, whatever its type.
func fTruncate(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_truncate", []string{"length", "killwords", "end", "leeway"}, 0)
	if err != nil {
		return nil, err
	}
	lengthV := orDefault(p[0], int64(255))
	kill := given(p[1]) && data.Truthy(p[1])
	endV := orDefault(p[2], "...")
	leewayV := orDefault(p[3], int64(5))
	if leewayV == nil {
		leewayV = int64(5)
	}
	endLen, err := length(endV)
	if err != nil {
		return nil, err
	}
	if ok, err := compareOp(">=", lengthV, int64(endLen)); err != nil {
		return nil, err
	} else if !ok {
		got, _ := str(lengthV)
		return nil, errorf("expected length >= %d, got %s", endLen, got)
	}
	if ok, err := compareOp(">=", leewayV, int64(0)); err != nil {
		return nil, err
	} else if !ok {
		got, _ := str(leewayV)
		return nil, errorf("expected leeway >= 0, got %s", got)
	}
	n, err := length(v)
	if err != nil {
		return nil, err
	}
	limit, err := binary("+", lengthV, leewayV)
	if err != nil {
		return nil, err
	}
	if ok, err := compareOp("<=", int64(n), limit); err != nil {
		return nil, err
	} else if ok {
		return v, nil
	}
	ln, lok := asInt(lengthV)
	if !lok {
		return nil, errorf("slice indices must be integers or None or have an __index__ method")
	}
	sv, ok := isString(v)
	if !ok {
		switch v.(type) {
		case *data.Map:
			return nil, errorf("unhashable type: 'slice'")
		}
		if kill {
			return nil, errorf("can only concatenate %s (not \"%s\") to %s", typeName(v), typeName(endV), typeName(v))
		}
		return nil, errorf("'%s' object has no attribute 'rsplit'", typeName(v))
	}
	end, ok := isString(endV)
	if !ok {
		return nil, errorf("can only concatenate str (not \"%s\") to str", typeName(endV))
	}
	rs := []rune(sv)
	cut := string(rs[:min(ln-int64(endLen), int64(len(rs)))]) // the asserts keep the end >= 0
	if kill {
		return cut + end, nil
	}
	if i := strings.LastIndex(cut, " "); i >= 0 {
		cut = cut[:i] // rsplit(" ", 1)[0]: a cut without spaces stays whole
	}
	return cut + end, nil
}

func fUnique(s *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_unique", []string{"case_sensitive", "attribute"}, 0)
	if err != nil {
		return nil, err
	}
	var attr any
	if given(p[1]) {
		attr = p[1]
	}
	get := s.attrGetter(attr, nil)
	cs := given(p[0]) && data.Truthy(p[0])
	var seen []any
	return lazyOver("generator", v, func(it any) (any, bool, error) {
		k, err := get(it)
		if err != nil {
			return nil, false, err
		}
		if u, ok := k.(*undefined); ok {
			return nil, false, u.err() // hashing a StrictUndefined fails
		}
		if !cs {
			k = ignoreCase(k)
		}
		switch k.(type) {
		case []any, *data.Map:
			return nil, false, errorf("unhashable type: '%s'", typeName(k))
		}
		for _, sk := range seen {
			if equal(sk, k) {
				return nil, false, nil
			}
		}
		seen = append(seen, k)
		return it, true, nil
	})
}

func fUrlencode(_ *state, v any, _ *args) (any, error) {
	if sv, ok := isString(v); ok {
		return urlQuote(sv, false), nil
	}
	if _, err := iterate(v); err != nil {
		// Not iterable: quoted as its text.
		sv, err := str(v)
		if err != nil {
			return nil, err
		}
		return urlQuote(sv, false), nil
	}
	var pairs []any
	if m, ok := asMap(v); ok {
		pairs = mapItems(m)
	} else {
		items, err := iterate(v)
		if err != nil {
			return nil, err
		}
		pairs = items
	}
	parts := make([]string, 0, len(pairs))
	for _, pr := range pairs {
		kv, ok := sequence(pr)
		if !ok || len(kv) != 2 {
			return nil, errorf("cannot unpack non-iterable %s object", typeName(pr))
		}
		k, err := str(kv[0])
		if err != nil {
			return nil, err
		}
		val, err := str(kv[1])
		if err != nil {
			return nil, err
		}
		parts = append(parts, urlQuote(k, true)+"="+urlQuote(val, true))
	}
	return strings.Join(parts, "&"), nil
}

// urlQuote is Jinja's url_quote: "/" stays unless for a query string,
// where spaces become "+".
func urlQuote(s string, forQS bool) string {
	q := url.PathEscape(s)
	// PathEscape keeps some characters Python's quote escapes and vice versa;
	// rebuild with Python's safe set: letters, digits, "_.-~" and "/".
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("_.-~", c) >= 0:
			b.WriteByte(c)
		case c == '/' && !forQS:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	_ = q
	out := b.String()
	if forQS {
		out = strings.ReplaceAll(out, "%20", "+")
	}
	return out
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}_]+`)

func fWordcount(_ *state, v any, _ *args) (any, error) {
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	return int64(len(wordRe.FindAllStringIndex(sv, -1))), nil
}

func fWordwrap(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_wordwrap", []string{"width", "break_long_words", "wrapstring", "break_on_hyphens"}, 0)
	if err != nil {
		return nil, err
	}
	sv, err := str(v)
	if err != nil {
		return nil, err
	}
	w := orDefault(p[0], int64(79))
	width, ok := asInt(w)
	if f, isFloat := w.(float64); isFloat {
		// textwrap compares lengths with the width: a fraction never counts
		width, ok = int64(math.Floor(f)), true
		if f > 0 && f < 1 {
			width = 1 // above 0, so no error; a line still holds one character
		}
	}
	if !ok {
		return nil, errorf("'<=' not supported between instances of '%s' and 'int'", typeName(w))
	}
	breakLong := !given(p[1]) || data.Truthy(p[1])
	wrap, _ := isString(orDefault(p[2], "\n"))
	hyphens := !given(p[3]) || data.Truthy(p[3])
	// Jinja wraps each line of the text on its own and joins everything
	// with wrapstring.
	var out []string
	for _, line := range splitLines(sv) {
		if f, isFloat := w.(float64); (isFloat && f <= 0) || (!isFloat && width <= 0) {
			return nil, errorf("invalid width %s (must be > 0)", repr(w))
		}
		out = append(out, strings.Join(textWrap(line, int(width), breakLong, hyphens), wrap))
	}
	return strings.Join(out, wrap), nil
}

func fXmlattr(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_xmlattr", []string{"autospace"}, 0)
	if err != nil {
		return nil, err
	}
	m, ok := asMap(v)
	if !ok {
		return nil, errorf("'%s' object has no attribute 'items'", typeName(v))
	}
	var parts []string
	m.Range(func(k string, val any) bool {
		if val == nil {
			return true
		}
		if _, ok := val.(*undefined); ok {
			return true
		}
		key, isStr := data.KeyValue(k).(string)
		if !isStr {
			err = errorf("expected string or bytes-like object, got '%s'", typeName(data.KeyValue(k)))
			return false
		}
		if strings.ContainsAny(key, " \t\n\r\f\v/>=") {
			err = errorf("Invalid character in attribute name: %s", data.StringRepr(key))
			return false
		}
		var sv string
		if sv, err = str(val); err != nil {
			return false
		}
		parts = append(parts, fmt.Sprintf(`%s="%s"`, htmlEscape(key), htmlEscape(sv)))
		return true
	})
	if err != nil {
		return nil, err
	}
	out := strings.Join(parts, " ")
	if out != "" && (!given(p[0]) || data.Truthy(p[0])) {
		out = " " + out
	}
	return markup(out), nil
}

// pySpaces is Python's \s in a Go character class: every character
// str.isspace accepts (Go's \s is ASCII only).
const pySpaces = `\t\n\v\f\r\x1c-\x1f \x{85}\p{Z}`

// wordBeginningSplit is Jinja's _word_beginning_split_re, ([-\s({\[<]+).
var wordBeginningSplit = regexp.MustCompile(`([-` + pySpaces + `({\[<]+)`)

// pyTitle is Jinja's do_title.
func pyTitle(s string) string {
	var b strings.Builder
	last := 0
	emit := func(item string) {
		if item == "" {
			return
		}
		_, n := utf8.DecodeRuneInString(item)
		b.WriteString(pycase.Upper(item[:n]))
		b.WriteString(pycase.Lower(item[n:]))
	}
	for _, loc := range wordBeginningSplit.FindAllStringIndex(s, -1) {
		emit(s[last:loc[0]])
		emit(s[loc[0]:loc[1]])
		last = loc[1]
	}
	emit(s[last:])
	return b.String()
}

// sortReverse is sorted()'s reverse argument, which must be an int (or a
// bool): anything else "cannot be interpreted as an integer".
func sortReverse(v any) (bool, error) {
	if !given(v) {
		return false, nil
	}
	n, ok := v.(bool)
	if !ok {
		i, isInt := intValue(v)
		if !isInt {
			return false, errorf("'%s' object cannot be interpreted as an integer", typeName(v))
		}
		n = data.Truthy(i)
	}
	return n, nil
}
