package rest

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// attrKind is the WSME type of a body attribute.
type attrKind int

const (
	aText attrKind = iota
	aJSON          // jsontype: a JSON object, or a string holding one
	aBool
	aInt
	aTextList
	aUUID     // Mistral's uuid type: text holding a uuid, after any filter operator
	aAny      // accepted as is (ignored attributes)
	aReadonly // refused, even null: WSME's readonly attributes (project_id...)
)

// bodySpec describes the JSON body of a WSME endpoint: the handler's
// argument name (it appears in error messages) and its attributes.
type bodySpec struct {
	arg   string
	attrs map[string]attrKind
	// order, when set, is the order in which the resource defines its
	// attributes: WSME reads (and refuses) them in that order, so a body
	// with two faults is refused for the first one in it. Without it,
	// attributes are read in the body's order.
	order []string
	// mandatory attributes must be named by the body (null counts); WSME
	// checks each at its place in order.
	mandatory []string
}

// jsonBody is a decoded, type-checked WSME body. Attributes that were
// absent or null are not set in vals; given holds every attribute the body
// named, null ones too.
type jsonBody struct {
	vals  map[string]any
	given map[string]bool
}

func (b *jsonBody) has(k string) bool {
	_, ok := b.vals[k]
	return ok
}

func (b *jsonBody) text(k string) string {
	s, _ := b.vals[k].(string)
	return s
}

func (b *jsonBody) textPtr(k string) *string {
	if s, ok := b.vals[k].(string); ok {
		return &s
	}
	return nil
}

func (b *jsonBody) dict(k string) *data.Map {
	if m, ok := b.vals[k].(*data.Map); ok {
		return m
	}
	return data.NewMap(0)
}

func (b *jsonBody) boolean(k string) (bool, bool) {
	v, ok := b.vals[k].(bool)
	return v, ok
}

func (b *jsonBody) integer(k string) (int64, bool) {
	v, ok := b.vals[k].(int64)
	return v, ok
}

func (b *jsonBody) textList(k string) []string {
	v, _ := b.vals[k].([]string)
	return v
}

// readText returns the raw request body (definition endpoints).
func readText(c *gin.Context) (string, error) {
	if c.Request.Body == nil {
		return "", nil
	}
	b, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return "", fmt.Errorf("read request body: %w", err)
	}
	return string(b), nil
}

// unknownArgument is WSME's error for arguments an endpoint does not take.
func unknownArgument(names ...string) error {
	return badRequest("Unknown argument: \"%s\"", strings.Join(names, ", "))
}

// readJSON reads and checks a WSME JSON body. An empty body is no
// argument, whatever its media type; otherwise the media type (webob's,
// case and all: text/plain when the request names none) must be one WSME
// reads as JSON, or a form (what curl sends by default), whose fields are
// WSME arguments, none of which the endpoint takes.
func readJSON(c *gin.Context, spec bodySpec) (*jsonBody, error) {
	raw, err := readText(c)
	if err != nil {
		return nil, err
	}
	missing := badRequest("Missing argument: \"%s\"", spec.arg) // WSME finds no body argument at all
	if raw == "" {
		return nil, missing
	}
	switch mt := mediaType(c.Request); {
	case mt == "application/x-www-form-urlencoded":
		if names := formNames(raw); len(names) > 0 {
			return nil, unknownArgument(names...)
		}
		return nil, missing
	case !slices.Contains(jsonMediaTypes, mt):
		return nil, exc.New(exc.UnsupportedMediaType, "Unknown mimetype: %s", mt)
	}
	out := &jsonBody{vals: map[string]any{}, given: map[string]bool{}}
	v, err := data.ParseString(raw)
	if err != nil {
		return nil, badRequest("Request is not in valid JSON format")
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. Value not a valid dict", spec.arg, data.Str(v))
	}
	// WSME refuses unknown attributes first, all of them in one message.
	var unknown []string
	m.Range(func(k string, _ any) bool {
		if _, known := spec.attrs[k]; !known {
			unknown = append(unknown, k)
		}
		return true
	})
	if len(unknown) == 1 {
		return nil, badRequest("Unknown attribute for argument %s: %s", spec.arg, unknown[0])
	}
	if len(unknown) > 1 {
		// WSME joins a Python set: its order varies between processes.
		slices.Sort(unknown)
		return nil, badRequest("Unknown attributes for argument %s: %s", spec.arg, strings.Join(unknown, ", "))
	}
	names := spec.order
	if names == nil {
		names = m.Keys()
	}
	for _, k := range names {
		val, present := m.Get(k)
		if !present {
			if slices.Contains(spec.mandatory, k) {
				return nil, badRequest("Invalid input for field/attribute %s. Value: 'None'. Mandatory field missing.", k)
			}
			continue
		}
		kind := spec.attrs[k]
		if kind == aReadonly {
			return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. Cannot set read only field.", k, data.Str(val))
		}
		out.given[k] = true
		if val == nil || kind == aJSON && nullText(val) {
			// As WSME: JSON text holding null is None, as null is.
			continue
		}
		cv, err := convertAttr(spec.arg, k, kind, val, m)
		if err != nil {
			return nil, err
		}
		out.vals[k] = cv
	}
	return out, nil
}

// formNames are the distinct names of a form body, in order, as Python's
// parse_qsl with blank values reads them.
func formNames(body string) []string {
	var names []string
	for _, pair := range strings.Split(body, "&") {
		if pair == "" {
			continue
		}
		name, _, _ := strings.Cut(pair, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// convertAttr converts attribute name of the body of handler argument arg
// as WSME does, in two steps with their own errors. Reading the JSON value
// into the attribute's type fails for the whole body: "Invalid input for
// field/attribute <arg>. Value: '<the body>'". Checking the read value's
// type fails for the attribute: "Invalid input for field/attribute
// <name>. Value: '<the value>'".
func convertAttr(arg, name string, kind attrKind, v any, body *data.Map) (any, error) {
	unreadable := func(why string) error {
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. %s", arg, data.Str(body), why)
	}
	invalid := func(why string) error {
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. %s", name, data.Str(v), why)
	}
	wrongType := func(expected string, got any) error {
		return invalid(fmt.Sprintf("Wrong type. Expected '%s', got '<class '%s'>'", expected, data.TypeName(got)))
	}
	switch kind {
	case aText:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, wrongType("<class 'str'>", v)
	case aBool:
		if b, ok := jsonBool(v); ok {
			return b, nil
		}
		return nil, unreadable("Value not an unambiguous boolean: " + data.Str(v))
	case aInt:
		// Python's int() is unbounded, and Mistral fails only when its
		// database refuses the value (a 409 quoting the SQL); integers
		// beyond int64 are refused here, as out of range.
		outOfRange := invalid("Value out of range for an integer attribute")
		switch t := v.(type) {
		case int64:
			return t, nil
		case *big.Int:
			return nil, outOfRange
		case float64:
			if !(t > -9.3e18 && t < 9.2e18) { // beyond int64, or NaN
				return nil, outOfRange
			}
			return int64(t), nil // Python's int() truncates
		case bool:
			if t {
				return int64(1), nil
			}
			return int64(0), nil
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
			if errors.Is(err, strconv.ErrRange) {
				return nil, outOfRange
			}
			if err != nil {
				return nil, unreadable("invalid literal for int() with base 10: " + data.Repr(t))
			}
			return n, nil
		}
		// Python's int() raises a TypeError that Mistral answers with a
		// 500; a 400 says the same.
		return nil, wrongType("<class 'int'>", v)
	case aUUID:
		// Mistral's uuid type raises its own error, which WSME passes on
		// as is. A value that is no text fails in Mistral with a 500.
		t, ok := v.(string)
		if !ok {
			return nil, wrongType("<class 'str'>", v)
		}
		_, id := splitOp(t)
		if !uuidLike(id) {
			return nil, badRequest("Expected a uuid but received %s.", id)
		}
		return id, nil
	case aTextList:
		l, ok := v.([]any)
		if !ok {
			return nil, unreadable("Value not a valid list: " + data.Str(v))
		}
		out := make([]string, 0, len(l))
		for _, it := range l {
			s, ok := it.(string)
			if !ok {
				return nil, wrongType("<class 'str'>", it)
			}
			out = append(out, s)
		}
		return out, nil
	case aJSON:
		switch t := v.(type) {
		case *data.Map:
			return t, nil
		case string:
			parsed, err := data.ParseString(t)
			if err != nil {
				return nil, unreadable(pythonJSONError(t, err))
			}
			return jsonTypeObject(parsed)
		}
		return nil, unreadable("the JSON object must be str, bytes or bytearray, not " + data.TypeName(v))
	}
	return v, nil
}

// nullText says whether v is JSON text holding null.
func nullText(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	parsed, err := data.ParseString(s)
	return err == nil && parsed == nil
}

// jsonTypeValue reads a jsontype query parameter given as JSON text.
func jsonTypeValue(arg, s string) (*data.Map, error) {
	if strings.TrimSpace(s) == "" {
		return data.NewMap(0), nil
	}
	v, err := data.ParseString(s)
	if err != nil {
		return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to json. Error: %s",
			arg, s, pythonJSONError(s, err))
	}
	return jsonTypeObject(v)
}

// jsonTypeObject checks that a jsontype value is an object; falsy values
// are an empty object, as in Mistral.
func jsonTypeObject(v any) (*data.Map, error) {
	if m, ok := v.(*data.Map); ok {
		return m, nil
	}
	if !data.Truthy(v) {
		return data.NewMap(0), nil
	}
	actual := data.Repr(v)
	if s, ok := v.(string); ok {
		actual = s // Python's str(), not repr()
	}
	return nil, badRequest("JsonType field value must be a dictionary [actual=%s]", actual)
}

// pythonJSONError is json.loads's message for text, or the last error in
// err's chain when json.loads would accept text.
func pythonJSONError(text string, err error) string {
	if msg := data.PythonJSONError(text); msg != "" {
		return msg
	}
	var msg string
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg = e.Error()
	}
	return msg
}

// jsonBool reads a boolean of a JSON body as WSME does, strictly (a
// query's is any non-empty text): a boolean, an integer, or one of its
// spellings of true and false.
func jsonBool(v any) (value, ok bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case int64:
		return t != 0, true
	case *big.Int:
		return true, true // never zero: zero is an int64
	case string:
		switch t {
		case "true", "t", "yes", "y", "on", "1":
			return true, true
		case "false", "f", "no", "n", "off", "0":
			return false, true
		}
	}
	return false, false
}
