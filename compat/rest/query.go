package rest

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// filterKind says how a filter parameter's value is converted.
type filterKind int

const (
	fText filterKind = iota
	fUUID
	fTime
	fBool
	fInt
	fJSON
	fTags
	// fNames is a uniquelist argument compared whole: trimmed, lower-cased
	// items, no operator; one item filters eq, several in.
	fNames
	// fUnsupported names a parameter Mistral declares but cannot filter on
	// (no such column); Mistral answers 500, we answer 400.
	fUnsupported
)

// filterParam is one filter query parameter of a collection.
type filterParam struct {
	name   string
	kind   filterKind
	column string // defaults to name
	// tagList: next links show a tags filter's value as a Python list
	// (Mistral's execution and task controllers), not as given.
	tagList bool
	// jsonArg: an fUnsupported parameter WSME reads as jsontype, so text
	// that is not JSON is refused as such before Mistral fails.
	jsonArg bool
}

// listSpec describes a DB-backed collection: its envelope key, the fields
// its resource has, the filters it accepts and its other query parameters.
type listSpec struct {
	collection  string
	fields      []string
	filters     []filterParam
	params      []string // other accepted parameters (include_output, ...)
	defaultSort string   // "" means created_at
	// linkOrder is the order in which next links show the active filters,
	// Mistral's per controller; filters from the path that it does not
	// name come first. Nil: the order of filters.
	linkOrder []string
	public    bool   // public rows of other projects are visible
	shared    string // resources of this type shared with the caller are visible
}

func (s *listSpec) filter(name string) (filterParam, bool) {
	for _, f := range s.filters {
		if f.name == name {
			return f, true
		}
	}
	return filterParam{}, false
}

// listRequest is a parsed collection query.
type listRequest struct {
	q      db.ListQuery
	fields []string // nil: every field
	keys   []string // sort keys with the implicit id, for the next link
	dirs   []string
	link   []string // "name=op:value" per active filter, for the next link
	extra  url.Values
}

// commonParams are the query parameters of every DB-backed collection.
var commonParams = map[string]bool{"marker": true, "limit": true, "sort_keys": true, "sort_dirs": true, "fields": true}

// parseList reads a collection query as Mistral's rest_utils.get_all does.
// fixed holds filters that come from the path (e.g. the execution of
// /v2/executions/{id}/tasks); next links show them first, as Mistral's.
func (a *api) parseList(c *gin.Context, spec *listSpec, fixed ...db.Filter) (*listRequest, error) {
	values := c.Request.URL.Query()
	if err := spec.checkArgs(c, values); err != nil {
		return nil, err
	}
	r := &listRequest{extra: url.Values{}}
	for _, name := range spec.params {
		if v, ok := values[name]; ok {
			r.extra[name] = v
		}
	}
	if m, ok := lastValue(values, "marker"); ok {
		r.q.Marker = m
	}
	if l, ok := lastValue(values, "limit"); ok {
		n, _ := atoiClamped(l)
		if n <= 0 {
			return nil, badRequest("Limit must be positive.")
		}
		r.q.Limit = n
	}
	keysParam, hasKeys := lastValue(values, "sort_keys")
	sortKeys := uniqueList(keysParam)
	if !hasKeys {
		sortKeys = []string{"created_at"}
		if spec.defaultSort != "" {
			sortKeys = []string{spec.defaultSort}
		}
	}
	dirsParam, hasDirs := lastValue(values, "sort_dirs")
	sortDirs := lowerList(dirsParam)
	if !hasDirs {
		sortDirs = []string{"asc"}
	}
	if len(sortKeys) < len(sortDirs) {
		return nil, badRequest("Length of sort_keys must be equal or greater than sort_dirs.")
	}
	for len(sortDirs) < len(sortKeys) {
		sortDirs = append(sortDirs, "asc")
	}
	for _, d := range sortDirs {
		if d != "asc" && d != "desc" {
			return nil, badRequest("Unknown sort direction, must be 'desc' or 'asc'.")
		}
	}
	r.q.SortKeys, r.q.SortDirs = sortKeys, sortDirs
	r.keys, r.dirs = append([]string{}, sortKeys...), append([]string{}, sortDirs...)
	if !contains(r.keys, "id") {
		r.keys, r.dirs = append(r.keys, "id"), append(r.dirs, "asc")
	}

	if fp, _ := lastValue(values, "fields"); len(uniqueList(fp)) > 0 {
		f := uniqueList(fp)
		var bad []string
		for _, name := range f {
			if !contains(spec.fields, name) {
				bad = append(bad, name)
			}
		}
		if len(bad) > 0 {
			return nil, badRequest("Some fields do not exist  [%s], please choose from [%s]",
				strings.Join(bad, ", "), strings.Join(spec.fields, ", "))
		}
		if !contains(f, "id") {
			f = append([]string{"id"}, f...)
		}
		r.fields = f
	}

	var links []linkPart
	for _, f := range fixed {
		links = append(links, linkPart{name: f.Column, text: fmt.Sprintf("%s=%s:%v", f.Column, f.Op, f.Value)})
	}
	// nulls (the execution lists') names filters to match NULL, lower-cased
	// as WSME's list type does; Mistral applies it to the filters the
	// request leaves out only, and shows each as eq:None in next links.
	var nulls []string
	if contains(spec.params, "nulls") {
		n, _ := lastValue(values, "nulls")
		nulls = lowerList(n)
	}
	for _, fp := range spec.filters {
		raw, ok := lastValue(values, fp.name)
		if !ok {
			if contains(nulls, fp.name) {
				column := fp.column
				if column == "" {
					column = fp.name
				}
				// A tags filter of None filters nothing in Mistral.
				if fp.kind != fTags {
					r.q.Filters = append(r.q.Filters, db.Filter{Column: column, Op: db.OpNull})
				}
				links = append(links, linkPart{name: fp.name, text: fp.name + "=eq:None"})
			}
			continue
		}
		f, link, err := parseFilter(fp, raw)
		if err != nil {
			return nil, err
		}
		if f != nil {
			r.q.Filters = append(r.q.Filters, *f)
		}
		if link != "" {
			links = append(links, linkPart{name: fp.name, text: link})
		}
	}
	if spec.linkOrder != nil {
		slices.SortStableFunc(links, func(a, b linkPart) int {
			return slices.Index(spec.linkOrder, a.name) - slices.Index(spec.linkOrder, b.name)
		})
	}
	for _, l := range links {
		r.link = append(r.link, l.text)
	}
	r.q.Filters = append(r.q.Filters, fixed...)
	r.q.Viewer = a.viewer(c)
	r.q.Public = spec.public
	r.q.SharedType = spec.shared
	return r, nil
}

// checkArgs refuses what WSME refuses before Mistral's method runs (and
// so before its policy check): an unknown argument, a marker that is no
// uuid, a limit that is no integer, a typed argument given twice, a typed
// filter its type does not read. As WSME, it checks the query's arguments
// first, then the body's (body_args.go).
func (s *listSpec) checkArgs(c *gin.Context, values url.Values) error {
	takes := func(name string) bool {
		_, isFilter := s.filter(name)
		return commonParams[name] || isFilter || contains(s.params, name)
	}
	if err := checkQueryArgNames(c, takes); err != nil {
		return err
	}
	fromBody := bodyArgNames(c)
	fromQuery := values
	if len(fromBody) > 0 {
		fromQuery = maps.Clone(values)
		for _, name := range fromBody {
			delete(fromQuery, name)
		}
	}
	if err := s.checkTypedArgs(fromQuery); err != nil {
		return err
	}
	for _, name := range fromBody {
		if vals := values[name]; len(vals) > 0 { // a null argument has none
			if err := s.checkTypedBodyArg(name, vals[0]); err != nil {
				return err
			}
		}
	}
	return checkBodyArgNames(c, takes)
}

// checkTypedBodyArg checks a body argument of a type WSME converts, as
// WSME's JSON reader does: its errors read otherwise than the query's.
func (s *listSpec) checkTypedBodyArg(name, val string) error {
	switch name {
	case "marker":
		if !uuidLike(val) {
			return badRequest("Expected a uuid but received %s.", val)
		}
	case "limit":
		if _, err := atoiClamped(val); err != nil {
			return bodyIntArgError(name, val)
		}
	default:
		if fp, ok := s.filter(name); ok && (fp.kind == fUUID || fp.kind == fInt || fp.kind == fJSON) {
			if _, _, err := parseFilter(fp, val); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkTypedArgs checks the query's arguments of the types WSME converts.
func (s *listSpec) checkTypedArgs(values url.Values) error {
	if err := repeatedArg("marker", fUUID, values["marker"]); err != nil {
		return err
	}
	if err := repeatedArg("limit", fInt, values["limit"]); err != nil {
		return err
	}
	for _, fp := range s.filters {
		kind := fp.kind
		if fp.jsonArg {
			kind = fJSON
		}
		if err := repeatedArg(fp.name, kind, values[fp.name]); err != nil {
			return err
		}
	}
	if m, ok := lastValue(values, "marker"); ok {
		if err := checkUUID("marker", m); err != nil {
			return err
		}
	}
	if l, ok := lastValue(values, "limit"); ok {
		if _, err := atoiClamped(l); err != nil {
			return queryIntArgError("limit", l)
		}
	}
	// WSME converts the filters its types read (uuid, integer, json) as
	// well: parseFilter's errors for them.
	for _, fp := range s.filters {
		raw, ok := lastValue(values, fp.name)
		if !ok || fp.kind != fUUID && fp.kind != fInt && fp.kind != fJSON {
			continue
		}
		if _, _, err := parseFilter(fp, raw); err != nil {
			return err
		}
	}
	return nil
}

// repeatedArg refuses an argument given more than once whose WSME type
// converts its text (a uuid, an integer, JSON): WSME hands it the list of
// values, which Python shows in its repr. A text or list argument takes
// the last value. The limit's type is int, a filter's integer.
func repeatedArg(name string, kind filterKind, vals []string) error {
	if len(vals) < 2 {
		return nil
	}
	shown := data.Repr(anyList(vals))
	switch kind {
	case fUUID:
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to uuid. Error: Expected a uuid but received %s.",
			name, shown, shown)
	case fInt:
		typ := "integer"
		if name == "limit" || name == "max_depth" {
			typ = "int"
		}
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to %s. Error: int() argument must be a string, "+
			"a bytes-like object or a real number, not 'list'", name, shown, typ)
	case fJSON:
		// json.loads of the list's text fails at its quote.
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to json. Error: Expecting value: line 1 column 2 (char 1)",
			name, shown)
	}
	return nil
}

// listArgs checks a list's arguments as WSME does, ahead of the policy
// check, for the lists whose policy is likely to refuse the caller
// (admin-only by default).
func listArgs(spec *listSpec) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := spec.checkArgs(c, c.Request.URL.Query()); err != nil {
			fail(c, err)
		}
	}
}

// parentID is the id of a sub-collection's parent (the execution of
// /v2/executions/{id}/tasks): the path's, unless the query names the
// method's argument, which Pecan then passes in place of the path's.
func parentID(c *gin.Context, name string) (string, error) {
	if v, ok := lastValue(c.Request.URL.Query(), name); ok {
		if !uuidLike(v) {
			return "", badRequest("Expected a uuid but received %s.", v)
		}
		return v, nil
	}
	id := c.Param("id")
	if err := checkUUID(name, id); err != nil {
		return "", err
	}
	return id, nil
}

// linkPart is an active filter as a next link shows it.
type linkPart struct{ name, text string }

// lastValue is a query parameter as Mistral reads it: the last of
// repeated ones; ok tells whether it was given at all (an empty value is
// a value).
func lastValue(values url.Values, name string) (v string, ok bool) {
	all, ok := values[name]
	if !ok || len(all) == 0 {
		return "", false
	}
	return all[len(all)-1], true
}

// parseFilter converts one filter parameter. It returns a nil filter for a
// parameter that filters nothing.
func parseFilter(fp filterParam, raw string) (*db.Filter, string, error) {
	column := fp.column
	if column == "" {
		column = fp.name
	}
	if fp.kind == fUnsupported {
		if fp.jsonArg {
			if _, err := jsonArgValue(fp.name, raw); err != nil {
				return nil, "", err
			}
		}
		return nil, "", badRequest("Filtering on %s is not supported.", fp.name)
	}
	if fp.kind == fNames {
		names := uniqueList(raw)
		items := anyList(names)
		link := fp.name + "=eq:" + data.Repr(items)
		if len(names) == 1 {
			return &db.Filter{Column: column, Op: db.OpEq, Value: names[0]}, link, nil
		}
		// Mistral's database refuses an empty or longer list (500); an
		// empty one matches nothing here.
		return &db.Filter{Column: column, Op: db.OpIn, Value: items}, link, nil
	}
	if fp.kind == fTags && fp.tagList {
		// A uniquelist argument (the execution and task lists') is a list
		// before Mistral looks for an operator, so none is taken off: the
		// items, trimmed, lower-cased and rid of empty and repeated ones,
		// are the tags. An empty list filters nothing but shows in next
		// links.
		tags := uniqueList(raw)
		link := fp.name + "=eq:" + data.Repr(anyList(tags))
		if len(tags) == 0 {
			return nil, link, nil
		}
		return &db.Filter{Column: column, Op: db.OpTags, Value: tags}, link, nil
	}
	if fp.kind == fTags {
		// Mistral takes eq: off and lets any other operator, or an empty
		// text, filter nothing; next links show them all as other text
		// filters. The text is split at each comma as is, so a blank or
		// spaced tag is looked for as written and matches nothing.
		op, val := splitOp(raw)
		link := fp.name + "=" + op + ":" + val
		if op == db.OpIn || op == db.OpNin {
			link = fp.name + "=" + op + ":" + data.Repr(textItems(val))
		}
		if op != db.OpEq || val == "" {
			return nil, link, nil
		}
		return &db.Filter{Column: column, Op: db.OpTags, Value: strings.Split(val, ",")}, link, nil
	}
	if fp.kind == fBool {
		// WSME reads a boolean argument whole, so an operator is text of
		// the value; next links show Python's True or False.
		v := queryBool(raw)
		return &db.Filter{Column: column, Op: db.OpEq, Value: v}, fp.name + "=" + db.OpEq + ":" + data.Repr(v), nil
	}
	if fp.kind == fInt {
		// WSME reads an integer argument whole before Mistral looks for an
		// operator, so "gt:1" is refused as text that is not an integer.
		n, err := strconv.ParseInt(pyIntText(raw), 10, 64)
		if err != nil {
			// The filter's WSME type is IntegerType, named "integer".
			return nil, "", badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to integer. "+
				"Error: invalid literal for int() with base 10: '%s'", fp.name, raw, raw)
		}
		return &db.Filter{Column: column, Op: db.OpEq, Value: n}, fp.name + "=" + db.OpEq + ":" + raw, nil
	}
	if fp.kind == fUUID {
		// Mistral's uuid type takes any operator off before checking the
		// value and keeps only the value, so every operator filters as
		// eq; the list of in: and nin: is no uuid. Errors show the text
		// as given.
		op, val := splitOp(raw)
		if op == db.OpIn || op == db.OpNin {
			items := make([]any, 0)
			for _, it := range strings.Split(val, ",") {
				items = append(items, it)
			}
			return nil, "", badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to uuid. Error: Expected a uuid but received %s.",
				fp.name, raw, data.Repr(items))
		}
		if !uuidLike(val) {
			return nil, "", badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to uuid. Error: Expected a uuid but received %s.",
				fp.name, raw, val)
		}
		return &db.Filter{Column: column, Op: db.OpEq, Value: val}, fp.name + "=" + db.OpEq + ":" + val, nil
	}
	if fp.kind == fJSON {
		// WSME reads a jsontype argument as JSON before Mistral looks for
		// an operator, so "eq:{...}" is refused as text that is not JSON.
		// Next links show the value in Python's repr.
		v, err := jsonArgValue(fp.name, raw)
		if err != nil {
			return nil, "", err
		}
		if v == nil {
			// Mistral drops a filter whose value is None.
			return nil, "", nil
		}
		return &db.Filter{Column: column, Op: db.OpEq, Value: db.JSONOf(v).Raw}, fp.name + "=" + db.OpEq + ":" + data.Repr(v), nil
	}
	op, val := splitOp(raw)
	link := fp.name + "=" + op + ":" + val
	if op == db.OpIn || op == db.OpNin {
		values := textItems(val)
		link = fp.name + "=" + op + ":" + data.Repr(values)
		if fp.kind == fTime {
			for i, it := range values {
				values[i] = filterTime(it.(string))
			}
		}
		return &db.Filter{Column: column, Op: op, Value: values}, link, nil
	}
	if op == db.OpHas {
		return &db.Filter{Column: column, Op: op, Value: val}, link, nil
	}
	if fp.kind == fTime {
		return &db.Filter{Column: column, Op: op, Value: filterTime(val)}, link, nil
	}
	return &db.Filter{Column: column, Op: op, Value: val}, link, nil
}

// jsonArgValue reads a jsontype query argument as WSME does: with
// json.loads alone, so any JSON value passes (a body's jsontype must be an
// object, jsonTypeValue) and empty text is refused.
func jsonArgValue(name, raw string) (any, error) {
	v, err := data.ParseString(raw)
	if err != nil {
		return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to json. Error: %s",
			name, raw, pythonJSONError(raw, err))
	}
	return v, nil
}

// textItems is the list of an in: or nin: filter: the text split at each
// comma.
func textItems(val string) []any {
	return anyList(strings.Split(val, ","))
}

// anyList is a list of strings as a list of values (for data.Repr and
// in: filters).
func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// filterTime is the time a datetime filter compares with. Mistral leaves
// the comparison to MySQL, which reads a text that is no time as its zero
// date, before every time: gt:bogus passes every row, lt:bogus none.
func filterTime(s string) time.Time {
	t, ok := parseTime(s)
	if !ok {
		return time.Time{}
	}
	return t
}

// splitOp separates "op:value"; without a known operator prefix the whole
// text is the value of an eq filter.
func splitOp(raw string) (string, string) {
	if i := strings.IndexByte(raw, ':'); i > 0 {
		switch op := raw[:i]; op {
		case db.OpEq, db.OpNeq, db.OpGt, db.OpGte, db.OpLt, db.OpLte, db.OpIn, db.OpNin, db.OpHas:
			return op, raw[i+1:]
		}
	}
	return db.OpEq, raw
}

// atoiClamped reads a size parameter (limit, max_depth) as Python's int()
// does, but clamps an integer beyond the machine's to its range: Python's
// ints are unbounded, and no size that large is ever reached.
func atoiClamped(s string) (int, error) {
	n, err := strconv.Atoi(pyIntText(s))
	if errors.Is(err, strconv.ErrRange) {
		if strings.HasPrefix(s, "-") {
			return math.MinInt, nil
		}
		return math.MaxInt, nil
	}
	return n, err
}

// pyIntText is the text of an integer as Python's int() reads it, for
// strconv: surrounding blanks dropped, and single underscores between
// digits ("1_000") taken out. Other text is returned as is, for strconv
// to refuse.
func pyIntText(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "_") {
		return s
	}
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || strings.HasPrefix(digits, "_") || strings.HasSuffix(digits, "_") || strings.Contains(digits, "__") {
		return s
	}
	return strings.ReplaceAll(s, "_", "")
}

// mysqlTimeRe is the start of a text MySQL reads as a DATETIME: a date of
// numbers between any punctuation, or eight or fourteen digits in a row,
// then an optional time after a T or blanks, with a fraction. MySQL drops
// what follows (a zone like Z or +05:00) with a warning.
var mysqlTimeRe = regexp.MustCompile(`^\s*(?:(\d{14})|(\d{8})|(\d{4})[[:punct:]](\d{1,2})[[:punct:]](\d{1,2})` +
	`(?:(?:T|\s+)(\d{1,2})(?:[[:punct:]](\d{1,2})(?:[[:punct:]](\d{1,2})(?:\.(\d{1,6}))?)?)?)?)`)

// parseTime reads a datetime filter's text as MySQL, where Mistral leaves
// the comparison, does: "2026-01-02 03:04:05", with a T, a fraction, a
// zone it ignores, other punctuation ("2026/01/02"), hours alone
// ("2026-01-02T03") or digits only ("20260102").
func parseTime(s string) (time.Time, bool) {
	m := mysqlTimeRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	var parts [7]int
	switch {
	case m[1] != "":
		d := m[1]
		parts = [7]int{atoi(d[0:4]), atoi(d[4:6]), atoi(d[6:8]), atoi(d[8:10]), atoi(d[10:12]), atoi(d[12:14])}
	case m[2] != "":
		d := m[2]
		parts = [7]int{atoi(d[0:4]), atoi(d[4:6]), atoi(d[6:8])}
	default:
		for i := 3; i <= 8; i++ {
			parts[i-3] = atoi(m[i])
		}
		if m[9] != "" {
			frac := m[9] + strings.Repeat("0", 9-len(m[9]))
			parts[6] = atoi(frac)
		}
	}
	if parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59 {
		return time.Time{}, false
	}
	t := time.Date(parts[0], time.Month(parts[1]), parts[2], parts[3], parts[4], parts[5], parts[6], time.UTC)
	if int(t.Month()) != parts[1] {
		// MariaDB compares a day past the month's end (February 30) as
		// it is written: after every time of the month, before the next
		// month.
		t = time.Date(parts[0], time.Month(parts[1])+1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	}
	return t, true
}

// atoi reads digits a regular expression matched; "" is 0.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// queryBool reads a boolean query parameter. Mistral (WSME 0.11) takes any
// non-empty text as true; we read the spellings of false as false, which no
// client sends expecting true.
func queryBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0", "no", "off", "n", "f":
		return false
	}
	return true
}

// flag reads a boolean query parameter that is not a filter.
func flag(c *gin.Context, name string) bool {
	return queryBool(c.Query(name))
}

// checkUUID validates a uuid-typed parameter as Mistral's types.uuid does
// (oslo's is_uuid_like): 32 hex digits, dashes, braces and a "urn:uuid:"
// prefix ignored, so Keystone's dashless project ids pass.
func checkUUID(name, s string) error {
	if !uuidLike(s) {
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to uuid. Error: Expected a uuid but received %s.", name, s, s)
	}
	return nil
}

func uuidLike(s string) bool {
	v := strings.ReplaceAll(strings.Trim(strings.ReplaceAll(strings.ReplaceAll(s, "urn:", ""), "uuid:", ""), "{}"), "-", "")
	if len(v) != 32 {
		return false
	}
	for _, ch := range v {
		if !strings.ContainsRune("0123456789abcdefABCDEF", ch) {
			return false
		}
	}
	return true
}

// uniqueList splits a comma list, trims and lower-cases the items and drops
// repetitions and empty items.
func uniqueList(s string) []string {
	var out []string
	for _, it := range lowerList(s) {
		if it != "" && !contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}

func lowerList(s string) []string {
	var out []string
	for _, it := range splitList(s) {
		out = append(out, strings.ToLower(it))
	}
	return out
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nextLink is Mistral's "next" URL: present when the page is full.
func nextLink(c *gin.Context, collection string, r *listRequest, count int, lastID string) string {
	if r.q.Limit <= 0 || count != r.q.Limit {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s/v2/%s?sort_keys=%s&sort_dirs=%s&", applicationURL(c.Request), collection,
		strings.Join(r.keys, ","), strings.Join(r.dirs, ","))
	for _, l := range r.link {
		b.WriteString(l)
		b.WriteByte('&')
	}
	fmt.Fprintf(&b, "limit=%d&marker=%s", r.q.Limit, lastID)
	if len(r.fields) > 0 {
		b.WriteString("&fields=" + strings.Join(r.fields, ","))
	}
	return b.String()
}

// wsmeArg gives a WSME method its positional argument name from the query
// as WSME does: a query value (the last one) wins over the path's. The
// handler reads it as the path parameter param. With neither, the method
// misses its argument (DELETE /v2/environments).
func wsmeArg(param, name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if v, ok := lastValue(c.Request.URL.Query(), name); ok {
			setParam(c, param, v)
		}
		if _, ok := c.Params.Get(param); !ok {
			fail(c, badRequest("Missing argument: \"%s\"", name))
		}
	}
}

// wsmeUUIDArg is wsmeArg for a uuid argument name, read as the path
// parameter of the same name: WSME converts the path's first (a wrong one
// is refused as such), then the query's, whose error reads otherwise when
// the path gave one.
func wsmeUUIDArg(name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		path, inPath := c.Params.Get(name)
		if inPath {
			if err := checkUUID(name, path); err != nil {
				fail(c, err)
				return
			}
		}
		if v, ok := lastValue(c.Request.URL.Query(), name); ok {
			switch {
			case uuidLike(v):
				setParam(c, name, v)
			case inPath:
				fail(c, badRequest("Expected a uuid but received %s.", v))
				return
			default:
				fail(c, checkUUID(name, v))
				return
			}
		}
		if _, ok := c.Params.Get(name); !ok {
			fail(c, badRequest("Missing argument: \"%s\"", name))
		}
	}
}

// bodyArgFromPath answers a POST or PUT naming a path part after a
// collection whose WSME method takes its body alone: WSME hands the part
// (path parameter param) to the body's argument arg, whose type cannot be
// made from text. It refuses it before the body is read or the policy
// checked.
func bodyArgFromPath(param, arg, typ string) gin.HandlerFunc {
	return func(c *gin.Context) {
		fail(c, badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to %s. "+
			"Error: Base.__init__() takes 1 positional argument but 2 were given", arg, c.Param(param), typ))
	}
}

// setParam sets the path parameter key of the request.
func setParam(c *gin.Context, key, value string) {
	for i := range c.Params {
		if c.Params[i].Key == key {
			c.Params[i].Value = value
			return
		}
	}
	c.Params = append(c.Params, gin.Param{Key: key, Value: value})
}

// onlyArgs refuses query arguments other than the given ones with 400
// "Unknown argument", as WSME does for each endpoint it exposes (all but
// the text-body definition endpoints), before the handler runs.
func onlyArgs(names ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := checkArgNames(c, func(name string) bool { return contains(names, name) }); err != nil {
			fail(c, err)
		}
	}
}
