package eventengine

import (
	"fmt"
	"os"
	"path"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// defaultProperties convert a notification that no event definition
// matches (Mistral's DEFAULT_PROPERTIES).
var defaultProperties = data.MapOf(
	"service", "<% $.publisher %>",
	"project_id", "<% $.context.project_id %>",
	"user_id", "<% $.context.user_id %>",
	"timestamp", "<% $.timestamp %>",
)

// definition is one entry of the event definitions file: the event types
// it applies to (shell patterns) and the properties, expressions evaluated
// against the notification.
type definition struct {
	eventTypes []string
	properties any
}

// loadDefinitions reads the event definitions file: a YAML list of
// {event_types: pattern or list, properties: ...}. A missing file means no
// definitions, as in Mistral. Later entries win.
func loadDefinitions(file string) ([]definition, error) {
	text, err := os.ReadFile(file)
	if os.IsNotExist(err) || file == "" {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read event definitions: %w", err)
	}
	v, err := pyyaml.Load(string(text))
	if err != nil {
		return nil, fmt.Errorf("Invalid event definition configuration file. %s: %w", file, err)
	}
	list, _ := v.([]any)
	if v != nil && list == nil {
		return nil, fmt.Errorf("Invalid event definition configuration file. %s: not a list", file)
	}
	var defs []definition
	for i := len(list) - 1; i >= 0; i-- {
		m, ok := list[i].(*data.Map)
		if !ok {
			return nil, fmt.Errorf("event definition %d of %s is not a mapping", i+1, file)
		}
		types, okTypes := m.Get("event_types")
		props, okProps := m.Get("properties")
		switch {
		case !okTypes:
			return nil, fmt.Errorf("Required field event_types not specified (%s, definition %d)", file, i+1)
		case !okProps:
			return nil, fmt.Errorf("Required field properties not specified (%s, definition %d)", file, i+1)
		}
		d := definition{properties: props}
		switch t := types.(type) {
		case string:
			d.eventTypes = []string{t}
		case []any:
			for _, x := range t {
				if s, ok := x.(string); ok {
					d.eventTypes = append(d.eventTypes, s)
				}
			}
		}
		defs = append(defs, d)
	}
	return defs, nil
}

// convert builds a notification's event_params: the properties of the
// first definition whose event types match, else the default ones,
// evaluated against the notification.
func convert(eval *expr.Evaluator, defs []definition, eventType string, event *data.Map) (any, error) {
	props := any(defaultProperties)
	for _, d := range defs {
		if d.matches(eventType) {
			props = d.properties
			break
		}
	}
	return eval.EvaluateRecursively(props, &expr.Context{Data: event})
}

func (d definition) matches(eventType string) bool {
	for _, p := range d.eventTypes {
		if ok, _ := path.Match(p, eventType); ok {
			return true
		}
	}
	return false
}
