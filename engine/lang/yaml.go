package lang

import (
	"math/big"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// parseYAML loads a definition the way Mistral's parse_yaml does: its
// safe loader (mistral.utils.safe_yaml), which reads anchors and aliases as
// plain text, a single document, and an empty (or falsy) document read as
// an empty mapping. It also returns the keys that are not strings and the
// values that are no JSON type.
func parseYAML(text string) (any, docInfo, error) {
	doc := docInfo{keys: keyTypes{}, nonJSON: &pyyaml.NonJSON{
		InMaps: map[*data.Map]map[string]string{}, InLists: map[*any]map[int]string{}}}
	v, err := pyyaml.LoadWith(text, pyyaml.LoadOptions{AnchorsAsText: true, NonStringKeys: doc.keys, NonJSON: doc.nonJSON})
	if err != nil {
		return nil, docInfo{}, exc.New(exc.DSLParsing, "Definition could not be parsed: %s\n", err.Error())
	}
	if !data.Truthy(v) {
		return data.NewMap(0), docInfo{}, nil
	}
	return v, doc, nil
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

// CheckStorable refuses a definition holding a value of a Python type JSON
// has not (a date, a datetime, bytes) where no schema check refused it
// (inside a published value, say): Mistral validates such a definition,
// then fails with 500 when json.dumps stores its spec. Upload calls it after
// parsing; validation does not, as in Mistral.
func CheckStorable(text string) error {
	_, doc, err := parseYAML(text)
	if err != nil || doc.nonJSON == nil {
		return err
	}
	r, ok := doc.nonJSON.First()
	if !ok {
		return nil
	}
	kind := "bytes"
	switch {
	case strings.HasPrefix(r, "datetime.datetime("):
		kind = "datetime"
	case strings.HasPrefix(r, "datetime.date("):
		kind = "date"
	}
	return exc.New(exc.InvalidModel, "Invalid DSL: %s: Object of type %s is not JSON serializable", r, kind)
}
