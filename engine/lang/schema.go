package lang

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// A small JSON-schema validator (the subset of draft 2020-12 that Mistral's
// DSL schemas use). It reproduces jsonschema's error tree and its
// best_match heuristic so that "Invalid DSL: ..." messages read like
// Mistral's first message line.
//
// Schemas are written as *data.Map literals (see schemas.go), which keeps
// their key order, the order jsonschema walks them in, and gives their
// Python repr for the messages that print a schema.

type schema struct {
	src *data.Map
	kws []keyword
}

type keyword struct {
	name  string
	value any
	sub   *schema   // not, items, additionalProperties (as a schema)
	subs  []*schema // oneOf, anyOf
	props []property
}

type property struct {
	name  string
	match func(string) bool // patternProperties only
	sub   *schema
}

// compileSchema compiles a schema literal. It panics on a malformed literal;
// schemas are package tables built once.
func compileSchema(src *data.Map) *schema {
	s := &schema{src: src}
	src.Range(func(name string, v any) bool {
		k := keyword{name: name, value: v}
		switch name {
		case "not", "items":
			k.sub = compileSchema(v.(*data.Map))
		case "additionalProperties":
			if m, ok := v.(*data.Map); ok {
				k.sub = compileSchema(m)
			}
		case "oneOf", "anyOf":
			for _, e := range v.([]any) {
				k.subs = append(k.subs, compileSchema(e.(*data.Map)))
			}
		case "properties":
			v.(*data.Map).Range(func(p string, ps any) bool {
				k.props = append(k.props, property{name: p, sub: compileSchema(ps.(*data.Map))})
				return true
			})
		case "patternProperties":
			v.(*data.Map).Range(func(p string, ps any) bool {
				k.props = append(k.props, property{name: p, match: patternMatcher(p), sub: compileSchema(ps.(*data.Map))})
				return true
			})
		case "pattern":
			k.sub = &schema{} // unused; the matcher is built below
			k.props = []property{{name: v.(string), match: patternMatcher(v.(string))}}
		}
		s.kws = append(s.kws, k)
		return true
	})
	return s
}

// patternMatcher is re.search for one of the DSL's patterns. Go has no
// look-ahead, so the workbook name pattern is spelled out.
func patternMatcher(p string) func(string) bool {
	if rest, ok := strings.CutPrefix(p, "^(?!version$)"); ok {
		re := pyRegexp("^" + rest)
		return func(s string) bool { return s != "version" && s != "version\n" && re.MatchString(s) }
	}
	re := pyRegexp(p)
	return re.MatchString
}

type schemaError struct {
	format   string
	args     []any // lazyRepr values are only printed for the error reported
	keyword  string
	path     int // length of the path relative to the parent error
	schema   *schema
	instance any
	context  []*schemaError
	// fatal marks a key that is not a string where jsonschema matches
	// keys against patterns: re.search raises, and Mistral answers 500
	// whatever else is wrong. It is reported first.
	fatal bool
}

// docInfo is what the schema checks know of a document beyond its values:
// the keys that are not strings, and the values of Python types JSON has
// not (loaded as text).
type docInfo struct {
	keys    keyTypes
	nonJSON *pyyaml.NonJSON
}

// pyValue stands for a value of a Python type JSON has not (a date, bytes)
// while it is checked: it is of no schema type, and prints as its repr.
type pyValue string

// inMap is the value at key of m as the schema checks see it.
func (d docInfo) inMap(m *data.Map, key string, v any) any {
	if d.nonJSON != nil {
		if r, ok := d.nonJSON.InMaps[m][key]; ok {
			return pyValue(r)
		}
	}
	return v
}

// inList is the value at index i of l as the schema checks see it.
func (d docInfo) inList(l []any, i int, v any) any {
	if d.nonJSON != nil && len(l) > 0 {
		if items := d.nonJSON.InLists[&l[0]]; items != nil {
			if r, ok := items.Reprs[i]; ok {
				return pyValue(r)
			}
		}
	}
	return v
}

// keyTypes holds, for the mappings of a document that have keys other than
// strings (YAML's 1, true or null), those keys' values by their text.
type keyTypes map[*data.Map]map[string]any

// first returns the first key of m, in m's order, that is not a string.
func (kt keyTypes) first(m *data.Map) (any, bool) {
	keys := kt[m]
	if len(keys) == 0 {
		return nil, false
	}
	for _, k := range m.Keys() {
		if v, ok := keys[k]; ok {
			return v, true
		}
	}
	return nil, false
}

// fatalIn returns the first fatal error among errs and their contexts.
func fatalIn(errs []*schemaError) *schemaError {
	for _, e := range errs {
		if e.fatal {
			return e
		}
		if f := fatalIn(e.context); f != nil {
			return f
		}
	}
	return nil
}

// lazyRepr prints a value's Python repr when (and only if) a message is
// rendered: most errors are discarded inside oneOf and anyOf.
type lazyRepr struct{ v any }

func (l lazyRepr) String() string {
	if pv, ok := l.v.(pyValue); ok {
		return string(pv)
	}
	return data.Repr(l.v)
}

func (e *schemaError) message() string { return fmt.Sprintf(e.format, e.args...) }

// validate returns jsonschema's best match among the errors, or nil; a
// fatal error comes first.
func (s *schema) validate(inst any, doc docInfo) *schemaError {
	errs := s.errors(inst, doc)
	if len(errs) == 0 {
		return nil
	}
	if f := fatalIn(errs); f != nil {
		return f
	}
	best := errs[0]
	for _, e := range errs[1:] {
		if relevanceLess(best, e) {
			best = e
		}
	}
	for len(best.context) > 0 {
		ctx := slices.Clone(best.context)
		sort.SliceStable(ctx, func(i, j int) bool { return relevanceLess(ctx[i], ctx[j]) })
		if len(ctx) >= 2 && !relevanceLess(ctx[0], ctx[1]) {
			return best
		}
		best = ctx[0]
	}
	return best
}

// relevanceLess compares jsonschema's relevance keys: shallower errors,
// then non-oneOf/anyOf errors, then errors whose schema type does not match
// the instance rank higher.
func relevanceLess(a, b *schemaError) bool {
	ka, kb := relevance(a), relevance(b)
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return false
}

func relevance(e *schemaError) [3]int {
	strong := 1
	if e.keyword == "oneOf" || e.keyword == "anyOf" {
		strong = 0
	}
	mismatch := 1
	if t, ok := e.schema.src.Get("type"); ok && isAnyType(e.instance, t) {
		mismatch = 0
	}
	return [3]int{-e.path, strong, mismatch}
}

func (s *schema) valid(inst any, doc docInfo) bool { return len(s.errors(inst, doc)) == 0 }

func (s *schema) errors(inst any, doc docInfo) []*schemaError {
	var errs []*schemaError
	add := func(k *keyword, format string, args ...any) {
		errs = append(errs, &schemaError{format: format, args: args, keyword: k.name, schema: s, instance: inst})
	}
	self := lazyRepr{inst}
	descend := func(k *keyword, v any, sub *schema, deeper bool) {
		for _, e := range sub.errors(v, doc) {
			if deeper {
				e.path++
			}
			errs = append(errs, e)
		}
	}
	m, isMap := inst.(*data.Map)
	l, isList := inst.([]any)
	str, isStr := inst.(string)
	for i := range s.kws {
		k := &s.kws[i]
		switch k.name {
		case "type":
			if !isAnyType(inst, k.value) {
				add(k, "%s is not of type %s", self, typeNames(k.value))
			}
		case "enum":
			found := false
			for _, e := range k.value.([]any) {
				if pyEqual(inst, e) {
					found = true
					break
				}
			}
			if !found {
				add(k, "%s is not one of %s", self, lazyRepr{k.value})
			}
		case "pattern":
			if isStr && !k.props[0].match(str) {
				add(k, "%s does not match %s", self, lazyRepr{k.value})
			}
		case "minLength":
			if isStr && utf8.RuneCountInString(str) < int(k.value.(int64)) {
				add(k, "%s is too short", self)
			}
		case "minimum":
			if n, ok := numberOf(inst); ok && n < toFloat(k.value) {
				add(k, "%s is less than the minimum of %s", self, lazyRepr{k.value})
			}
		case "minItems":
			if isList && len(l) < int(k.value.(int64)) {
				add(k, "%s is too short", self)
			}
		case "uniqueItems":
			if isList && k.value == true && !unique(l) {
				add(k, "%s has non-unique elements", self)
			}
		case "items":
			for i, e := range l {
				descend(k, doc.inList(l, i, e), k.sub, true)
			}
		case "minProperties":
			if isMap && m.Len() < int(k.value.(int64)) {
				add(k, "%s does not have enough properties", self)
			}
		case "maxProperties":
			if isMap && m.Len() > int(k.value.(int64)) {
				add(k, "%s has too many properties", self)
			}
		case "required":
			if isMap {
				for _, r := range k.value.([]any) {
					if !m.Has(r.(string)) {
						add(k, "%s is a required property", lazyRepr{r})
					}
				}
			}
		case "properties":
			if isMap {
				for _, p := range k.props {
					if v, ok := m.Get(p.name); ok {
						descend(k, doc.inMap(m, p.name, v), p.sub, true)
					}
				}
			}
		case "patternProperties":
			if !isMap {
				continue
			}
			if key, ok := doc.keys.first(m); ok {
				errs = append(errs, nonStringKey(s, k, inst, key))
				continue
			}
			for _, p := range k.props {
				m.Range(func(key string, v any) bool {
					if p.match(key) {
						descend(k, doc.inMap(m, key, v), p.sub, true)
					}
					return true
				})
			}
		case "additionalProperties":
			if !isMap {
				continue
			}
			if key, ok := doc.keys.first(m); ok && s.src.Has("patternProperties") {
				errs = append(errs, nonStringKey(s, k, inst, key))
				continue
			}
			extras := s.additional(m)
			if k.sub != nil {
				for _, e := range extras {
					descend(k, doc.inMap(m, e, m.Value(e)), k.sub, true)
				}
			} else if k.value == false && len(extras) > 0 {
				sort.Strings(extras)
				quoted := make([]string, len(extras))
				for i, e := range extras {
					quoted[i] = data.StringRepr(e)
					if kv, ok := doc.keys[m][e]; ok {
						quoted[i] = data.Repr(kv)
					}
				}
				if pp, ok := s.src.Get("patternProperties"); ok {
					verb := "does"
					if len(extras) > 1 {
						verb = "do"
					}
					pats := slices.Clone(pp.(*data.Map).Keys())
					sort.Strings(pats)
					for i, p := range pats {
						pats[i] = data.StringRepr(p)
					}
					add(k, "%s %s not match any of the regexes: %s", strings.Join(quoted, ", "), verb, strings.Join(pats, ", "))
				} else {
					verb := "was"
					if len(extras) > 1 {
						verb = "were"
					}
					add(k, "Additional properties are not allowed (%s %s unexpected)", strings.Join(quoted, ", "), verb)
				}
			}
		case "anyOf":
			var all []*schemaError
			ok := false
			for _, sub := range k.subs {
				es := sub.errors(inst, doc)
				if len(es) == 0 {
					ok = true
					break
				}
				all = append(all, es...)
			}
			if !ok {
				errs = append(errs, &schemaError{format: "%s is not valid under any of the given schemas", args: []any{self},
					keyword: k.name, schema: s, instance: inst, context: all})
			}
		case "oneOf":
			var all []*schemaError
			first := -1
			for i, sub := range k.subs {
				es := sub.errors(inst, doc)
				if len(es) == 0 {
					first = i
					break
				}
				all = append(all, es...)
			}
			if first < 0 {
				errs = append(errs, &schemaError{format: "%s is not valid under any of the given schemas", args: []any{self},
					keyword: k.name, schema: s, instance: inst, context: all})
				continue
			}
			var more []string
			for _, sub := range k.subs[first+1:] {
				if sub.valid(inst, doc) {
					more = append(more, data.Repr(sub.src))
				}
			}
			if len(more) > 0 {
				more = append(more, data.Repr(k.subs[first].src))
				add(k, "%s is valid under each of %s", self, strings.Join(more, ", "))
			}
		case "not":
			if k.sub.valid(inst, doc) {
				add(k, "%s should not be valid under %s", self, lazyRepr{k.sub.src})
			}
		}
	}
	return errs
}

// nonStringKey is the error a key that is not a string makes where
// jsonschema matches keys against patterns: Mistral fails with 500
// (TypeError: expected string); we say what the key should be.
func nonStringKey(s *schema, k *keyword, inst, key any) *schemaError {
	return &schemaError{format: "%s is not of type 'string'", args: []any{lazyRepr{key}}, keyword: k.name, schema: s,
		instance: inst, fatal: true}
}

// additional lists the keys of m matched by neither properties nor
// patternProperties, in m's order.
func (s *schema) additional(m *data.Map) []string {
	var props *data.Map
	if p, ok := s.src.Get("properties"); ok {
		props = p.(*data.Map)
	}
	var pats []func(string) bool
	for _, k := range s.kws {
		if k.name == "patternProperties" {
			for _, p := range k.props {
				pats = append(pats, p.match)
			}
		}
	}
	var extras []string
	for _, key := range m.Keys() {
		if props.Has(key) {
			continue
		}
		matched := false
		for _, p := range pats {
			if p(key) {
				matched = true
				break
			}
		}
		if !matched {
			extras = append(extras, key)
		}
	}
	return extras
}

func isAnyType(inst any, t any) bool {
	switch tt := t.(type) {
	case string:
		return isType(inst, tt)
	case []any:
		for _, e := range tt {
			if isType(inst, e.(string)) {
				return true
			}
		}
	}
	return false
}

func typeNames(t any) string {
	if s, ok := t.(string); ok {
		return data.StringRepr(s)
	}
	var names []string
	for _, e := range t.([]any) {
		names = append(names, data.StringRepr(e.(string)))
	}
	return strings.Join(names, ", ")
}

// isType follows jsonschema's draft 4+ type checker: integral floats are
// integers and booleans are not numbers.
func isType(inst any, t string) bool {
	switch t {
	case "object":
		_, ok := inst.(*data.Map)
		return ok
	case "array":
		_, ok := inst.([]any)
		return ok
	case "string":
		_, ok := inst.(string)
		return ok
	case "boolean":
		_, ok := inst.(bool)
		return ok
	case "null":
		return inst == nil
	case "number":
		_, ok := numberOf(inst)
		return ok
	case "integer":
		switch v := inst.(type) {
		case int64, *big.Int:
			return true
		case float64:
			return v == math.Trunc(v) && !math.IsInf(v, 0)
		}
	}
	return false
}

func numberOf(v any) (float64, bool) {
	switch t := v.(type) {
	case int64:
		return float64(t), true
	case *big.Int:
		f, _ := data.IntFloat(t) // an infinity beyond every float bound
		return f, true
	case float64:
		return t, true
	}
	return 0, false
}

// pyEqual is Python equality with jsonschema's rule that booleans only
// equal booleans.
func pyEqual(a, b any) bool {
	_, ab := a.(bool)
	_, bb := b.(bool)
	if ab != bb {
		return false
	}
	return data.Equal(a, b)
}

func unique(l []any) bool {
	for i := range l {
		for j := i + 1; j < len(l); j++ {
			if pyEqual(l[i], l[j]) {
				return false
			}
		}
	}
	return true
}
