package rest

import (
	"math"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// Arguments in the body of a GET or a DELETE. WSME reads a method's
// arguments from the request's body as well as from its query: a JSON
// object's keys are arguments ({"limit": 1} lists one item), and so are a
// DELETE's form fields. No client sends such bodies, but one that does
// gets WSME's answers: a key the endpoint does not take is an unknown
// argument, a key the query gives too is given several times, a body
// that is no JSON object or of another media type is refused, and a body
// argument replaces the path's as a query argument does.
//
// bodyArgs reads the body and adds its arguments to the query, after the
// query's own, so that the endpoints read and check them as they read the
// query; bodyArgNames tells the checks of unknown arguments which names
// came from the body (WSME names every unknown body argument at once, after
// the query's).

// bodyArgsKey holds the names of a request's body arguments, in order;
// badBoolsKey the errors of its boolean arguments that WSME's JSON reader
// refuses, by name.
const (
	bodyArgsKey = "tramontane.bodyArgs"
	badBoolsKey = "tramontane.badBodyBools"
)

// jsonMediaTypes are the media types whose bodies WSME reads as JSON.
var jsonMediaTypes = []string{"application/json", "text/javascript", "application/javascript"}

// bodyArgs adds the arguments of a GET's or a DELETE's body to its query.
func bodyArgs(c *gin.Context) {
	r := c.Request
	if r.Method != http.MethodGet && r.Method != http.MethodDelete {
		return
	}
	raw, err := readText(c)
	if err != nil {
		fail(c, err)
		return
	}
	if raw == "" {
		return
	}
	query := r.URL.Query()
	var names []string
	var add url.Values
	switch mt := mediaType(r); {
	case mt == "application/x-www-form-urlencoded":
		if r.Method == http.MethodGet {
			return // webob reads a form only for the methods that send one
		}
		// A DELETE's form fields are request parameters, as the query's
		// (a field whose escapes do not decode is left out).
		add, _ = url.ParseQuery(raw)
		c.Set(bodyArgsKey, formNames(raw))
	case slices.Contains(jsonMediaTypes, mt):
		var badBools map[string]error
		if names, add, badBools, err = jsonArgs(raw, query); err != nil {
			fail(c, err)
			return
		}
		c.Set(bodyArgsKey, names)
		c.Set(badBoolsKey, badBools)
	default:
		fail(c, exc.New(exc.UnsupportedMediaType, "Unknown mimetype: %s", mt))
		return
	}
	if len(add) == 0 {
		return
	}
	for name, vals := range add {
		query[name] = append(query[name], vals...)
	}
	r.URL.RawQuery = query.Encode()
}

// mediaType is the request's media type as webob gives it to WSME: the
// Content-Type up to its parameters, case and blanks kept, text/plain when
// the request names none.
func mediaType(r *http.Request) string {
	ct, ok := r.Header["Content-Type"]
	if !ok || len(ct) == 0 {
		return "text/plain"
	}
	mt, _, _ := strings.Cut(ct[0], ";")
	return mt
}

// jsonArgs reads a JSON body's arguments: their names in order, their
// values as query text, and the errors of boolean arguments WSME would not
// read. A null argument is given, without a value.
func jsonArgs(raw string, query url.Values) ([]string, url.Values, map[string]error, error) {
	v, err := data.ParseString(raw)
	if err != nil {
		return nil, nil, nil, badRequest("Request is not in valid JSON format")
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, nil, nil, badRequest("Request must be a JSON dict")
	}
	names := m.Keys()
	add := url.Values{}
	var badBools map[string]error
	for _, name := range names {
		if _, inQuery := query[name]; inQuery {
			return nil, nil, nil, badRequest("Parameter %s was given several times", name)
		}
		val, _ := m.Get(name)
		if val == nil {
			continue
		}
		if !slices.Contains(boolArgs, name) {
			add.Set(name, argText(name, val))
		} else if b, ok := jsonBool(val); ok {
			add.Set(name, strconv.FormatBool(b))
		} else {
			if badBools == nil {
				badBools = map[string]error{}
			}
			badBools[name] = badRequest("Invalid input for field/attribute %s. Value: '%s'. Value not an unambiguous boolean: %s",
				name, data.Str(val), data.Str(val))
		}
	}
	return names, add, badBools, nil
}

// boolArgs are the boolean arguments of the endpoints that take a GET's or
// a DELETE's arguments.
var boolArgs = []string{"all_projects", "include_output", "force", "errors_only", "statistics_only",
	"processed", "reset", "accepted"}

// intArgs are the integer arguments of the endpoints.
var intArgs = []string{"limit", "max_depth"}

// argText is a body argument's value as the query would give it: a text
// as is, another value as Python prints it; an integer argument as
// Python's int() makes it of a number or a boolean.
func argText(name string, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if slices.Contains(intArgs, name) {
		switch n := v.(type) {
		case bool:
			if n {
				return "1"
			}
			return "0"
		case float64:
			if !math.IsInf(n, 0) && !math.IsNaN(n) {
				i, _ := big.NewFloat(math.Trunc(n)).Int(nil)
				return i.String()
			}
		}
	}
	return data.Str(v)
}

// bodyArgNames returns the names of the request's body arguments.
func bodyArgNames(c *gin.Context) []string {
	names, _ := c.Get(bodyArgsKey)
	out, _ := names.([]string)
	return out
}

// checkArgNames refuses arguments an endpoint does not take, as WSME does:
// the query's first (one at a time), then all of the body's in one message.
func checkArgNames(c *gin.Context, takes func(name string) bool) error {
	if err := checkQueryArgNames(c, takes); err != nil {
		return err
	}
	return checkBodyArgNames(c, takes)
}

// checkQueryArgNames refuses the first query argument an endpoint does not
// take.
func checkQueryArgNames(c *gin.Context, takes func(name string) bool) error {
	fromBody := bodyArgNames(c)
	var unknown []string
	for name := range c.Request.URL.Query() {
		if !takes(name) && !slices.Contains(fromBody, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		// WSME names them all, in the order of a Python set, which
		// changes with each process; we sort them.
		slices.Sort(unknown)
		return unknownArgument(unknown...)
	}
	return nil
}

// checkBodyArgNames refuses the body arguments an endpoint does not take,
// all of them in one message, after the first boolean argument it takes
// whose value WSME would not read.
func checkBodyArgNames(c *gin.Context, takes func(name string) bool) error {
	v, _ := c.Get(badBoolsKey)
	badBools, _ := v.(map[string]error)
	for _, name := range bodyArgNames(c) {
		if err := badBools[name]; err != nil && takes(name) {
			return err
		}
	}
	var unknown []string
	for _, name := range bodyArgNames(c) {
		if !takes(name) && !slices.Contains(unknown, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		return unknownArgument(unknown...)
	}
	return nil
}

// intArgError is WSME's error for an integer argument whose text Python's
// int() does not read, from the query or (worded otherwise) the body.
func intArgError(c *gin.Context, name, val string) error {
	if slices.Contains(bodyArgNames(c), name) {
		return bodyIntArgError(name, val)
	}
	return queryIntArgError(name, val)
}

func queryIntArgError(name, val string) error {
	return badRequest("Invalid input for field/attribute %s. Value: '%s'. unable to convert to int. Error: invalid literal for int() with base 10: '%s'",
		name, val, val)
}

func bodyIntArgError(name, val string) error {
	return badRequest("Invalid input for field/attribute %s. Value: '%s'. invalid literal for int() with base 10: '%s'", name, val, val)
}
