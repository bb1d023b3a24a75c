package lang

import (
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// withItems reads a with-items value: one `VAR in SOURCE` string or a list
// of them. Literal lists must be JSON. When v is not nil the sources are
// expression-validated too. task is the task's dict, for messages.
func withItems(raw any, v Validator, task *data.Map) ([]WithItem, error) {
	var entries []any
	switch t := raw.(type) {
	case nil:
		return nil, nil
	case string:
		entries = []any{t}
	case []any:
		entries = t
	default:
		return nil, nil
	}
	var out []WithItem
	for _, e := range entries {
		s, ok := e.(string)
		if !ok {
			return nil, exc.New(exc.InvalidModel, "'with-items' elements should be strings: %s", data.Repr(task))
		}
		m := withItemsPattern.FindStringSubmatch(s)
		if m == nil {
			return nil, exc.New(exc.InvalidModel,
				"Wrong format of 'with-items' property. Please use format 'var in {[some, list] | <%% $.array %%> }: %s",
				data.Repr(task))
		}
		name, source := m[1], m[2]
		if v != nil {
			if err := validateExpr(v, source); err != nil {
				return nil, err
			}
		}
		var value any = source
		if strings.HasPrefix(source, "[") {
			parsed, err := data.ParseString(source)
			if err != nil {
				// Mistral shows json.loads's own message.
				why := data.PythonJSONError(source)
				if why == "" {
					why = err.Error()
				}
				return nil, exc.New(exc.InvalidModel, "Invalid array in 'with-items' clause: %s, error: %s", source, why)
			}
			value = parsed
		}
		replaced := false
		for i := range out {
			if out[i].Var == name {
				out[i].Source = value
				replaced = true
			}
		}
		if !replaced {
			out = append(out, WithItem{Var: name, Source: value})
		}
	}
	return out, nil
}
