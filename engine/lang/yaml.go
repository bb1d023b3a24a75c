package lang

import (
	"math/big"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// parseYAML loads a definition the way Mistral's parse_yaml does: its
// safe loader (mistral.utils.safe_yaml), which reads anchors and aliases as
// plain text, a single document, and an empty (or falsy) document read as
// an empty mapping. It also returns the mapping keys that are not strings.
func parseYAML(text string) (any, keyTypes, error) {
	keys := keyTypes{}
	v, err := pyyaml.LoadWith(text, pyyaml.LoadOptions{AnchorsAsText: true, NonStringKeys: keys})
	if err != nil {
		return nil, nil, exc.New(exc.DSLParsing, "Definition could not be parsed: %s\n", err.Error())
	}
	if !data.Truthy(v) {
		return data.NewMap(0), nil, nil
	}
	return v, keys, nil
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
