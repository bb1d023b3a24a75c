package rest

import (
	"errors"
	"fmt"
	"io"
	"mime"
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
	aAny // accepted as is (readonly or ignored attributes)
)

// bodySpec describes the JSON body of a WSME endpoint: the handler's
// argument name (it appears in error messages) and its attributes.
type bodySpec struct {
	arg   string
	attrs map[string]attrKind
}

// jsonBody is a decoded, type-checked WSME body. Attributes that were
// absent or null are not set.
type jsonBody struct {
	vals map[string]any
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

// readJSON reads and checks a WSME JSON body.
func readJSON(c *gin.Context, spec bodySpec) (*jsonBody, error) {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			if mt == "" {
				mt = ct
			}
			return nil, exc.New(exc.UnsupportedMediaType, "Unknown mimetype: %s", mt)
		}
	}
	raw, err := readText(c)
	if err != nil {
		return nil, err
	}
	out := &jsonBody{vals: map[string]any{}}
	if strings.TrimSpace(raw) == "" {
		return out, nil
	}
	v, err := data.ParseString(raw)
	if err != nil {
		return nil, badRequest("Request is not in valid JSON format")
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. Value not a valid dict", spec.arg, data.Str(v))
	}
	var convErr error
	m.Range(func(k string, val any) bool {
		kind, known := spec.attrs[k]
		if !known {
			convErr = badRequest("Unknown attribute for argument %s: %s", spec.arg, k)
			return false
		}
		if val == nil {
			return true
		}
		cv, err := convertAttr(spec.arg, kind, val)
		if err != nil {
			convErr = err
			return false
		}
		out.vals[k] = cv
		return true
	})
	if convErr != nil {
		return nil, convErr
	}
	return out, nil
}

func convertAttr(arg string, kind attrKind, v any) (any, error) {
	invalid := func(why string) error {
		return badRequest("Invalid input for field/attribute %s. Value: '%s'. %s", arg, data.Str(v), why)
	}
	switch kind {
	case aText:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, invalid("Value should be string")
	case aBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, invalid("Value should be boolean")
	case aInt:
		switch n := v.(type) {
		case int64:
			return n, nil
		case float64:
			if n == float64(int64(n)) {
				return int64(n), nil
			}
		}
		return nil, invalid("Value should be integer")
	case aTextList:
		l, ok := v.([]any)
		if !ok {
			return nil, invalid(fmt.Sprintf("Value not a valid list: %s", data.Str(v)))
		}
		out := make([]string, 0, len(l))
		for _, it := range l {
			s, ok := it.(string)
			if !ok {
				return nil, invalid(fmt.Sprintf("Value not a valid list: %s", data.Str(v)))
			}
			out = append(out, s)
		}
		return out, nil
	case aJSON:
		if s, ok := v.(string); ok {
			return jsonTypeValue(arg, s)
		}
		return jsonTypeObject(v)
	}
	return v, nil
}

// jsonTypeValue reads a jsontype value given as JSON text.
func jsonTypeValue(arg, s string) (*data.Map, error) {
	if strings.TrimSpace(s) == "" {
		return data.NewMap(0), nil
	}
	v, err := data.ParseString(s)
	if err != nil {
		return nil, badRequest("Invalid input for field/attribute %s. Value: '%s'. %s", arg, s, jsonErrorText(err))
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

func jsonErrorText(err error) string {
	var msg string
	for e := err; e != nil; e = errors.Unwrap(e) {
		msg = e.Error()
	}
	return msg
}
