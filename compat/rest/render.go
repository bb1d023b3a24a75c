package rest

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// timeLayout is how Mistral renders timestamps.
const timeLayout = "2006-01-02 15:04:05"

// respond writes v (a value of the data model) as the JSON body, in
// Python's json.dumps format as Mistral's API does.
func respond(c *gin.Context, status int, v any) {
	body, err := data.EncodePython(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = data.EncodePython(data.MapOf("faultcode", "Server", "faultstring", "encode response: "+err.Error(), "debuginfo", nil))
	}
	c.Data(status, "application/json", []byte(body))
}

// noContent answers 204 with an empty body.
func noContent(c *gin.Context) {
	c.Status(http.StatusNoContent)
	c.Writer.WriteHeaderNow()
}

// ts renders a timestamp; the zero time is null.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// tsPtr renders a nullable timestamp.
func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// str renders a nullable text column.
func str(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// jsonText renders a jsontype field as WSME does: the JSON text of the
// value, as a string; NULL is null. Stored text is already in json.dumps
// format (Mistral and we write it so).
func jsonText(j db.JSON) any {
	if j.IsNull() {
		return nil
	}
	return j.Raw
}

// jsonDict renders a jsontype column that Mistral's model defaults to {}:
// NULL is "{}".
func jsonDict(j db.JSON) any {
	if j.IsNull() {
		return "{}"
	}
	return j.Raw
}

// jsonValue renders a jsontype field as the Pecan endpoints do: the value
// itself.
func jsonValue(j db.JSON) any {
	v, err := j.Decode()
	if err != nil {
		return nil
	}
	return v
}

// encodeText renders a value as a jsontype field's string.
func encodeText(v any) any {
	s, err := data.EncodePython(v)
	if err != nil {
		return nil
	}
	return s
}

// tags renders a tag list; NULL is [].
func tags(l db.StringList) []any {
	out := make([]any, 0, len(l))
	for _, t := range l {
		out = append(out, t)
	}
	return out
}

// pick keeps only the requested fields of a rendered resource (in the
// requested order); nil fields keep everything.
func pick(m *data.Map, fields []string) *data.Map {
	if fields == nil {
		return m
	}
	out := data.NewMap(len(fields))
	for _, f := range fields {
		if v, ok := m.Get(f); ok {
			out.Set(f, v)
		}
	}
	return out
}

// collection writes a list envelope {"<name>": [...], "next": ...}.
func collection(c *gin.Context, name string, items []any, next string) {
	if items == nil {
		items = []any{}
	}
	out := data.MapOf(name, items)
	if next != "" {
		out.Set("next", next)
	}
	respond(c, http.StatusOK, out)
}
