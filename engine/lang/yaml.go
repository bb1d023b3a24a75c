package lang

import (
	"errors"
	"math/big"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// parseYAML loads a definition the way Mistral's parse_yaml does: its
// safe loader (mistral.utils.safe_yaml), which reads anchors and aliases as
// plain text, a single document, and an empty (or falsy) document read as
// an empty mapping. A timestamp, !!binary or !!set value is rejected:
// Mistral's DSL schema rejects one where it checks value types, and
// storing the definition fails (500) anywhere else.
func parseYAML(text string) (any, error) {
	v, err := pyyaml.LoadWith(text, pyyaml.LoadOptions{AnchorsAsText: true, JSONOnly: true})
	var nonJSON *pyyaml.NonJSONError
	if errors.As(err, &nonJSON) {
		return nil, exc.New(exc.InvalidModel, "Invalid DSL: %s", err.Error())
	}
	if err != nil {
		return nil, exc.New(exc.DSLParsing, "Definition could not be parsed: %s\n", err.Error())
	}
	if !data.Truthy(v) {
		return data.NewMap(0), nil
	}
	return v, nil
}

// dumpDefinition re-serialises one workflow of a multi-workflow document
// the way Mistral does (_cut_wf_definition_from_all): yaml.dump of
// `version` and the workflow with sort_keys=False — block style, keys in
// document order, ASCII only, 80 columns.
func dumpDefinition(doc *data.Map, name string) string {
	m := data.NewMap(2)
	m.Set("version", doc.Value("version"))
	m.Set(name, doc.Value(name))
	return pyyaml.Dump(m, pyyaml.DumpOptions{})
}

// toFloat is the float value of an int or float (schema keywords).
func toFloat(v any) float64 {
	switch t := v.(type) {
	case int64:
		return float64(t)
	case *big.Int:
		f, _ := data.IntFloat(t)
		return f
	case float64:
		return t
	}
	return 0
}
