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
// values that are no JSON type (dates, bytes, sets).
func parseYAML(text string) (any, docInfo, error) {
	doc := docInfo{keys: keyTypes{}, nonJSON: &pyyaml.NonJSON{
		InMaps: map[*data.Map]map[string]string{}, InLists: map[*any]*pyyaml.NonJSONItems{}}}
	v, err := pyyaml.LoadWith(text, pyyaml.LoadOptions{AnchorsAsText: true, NonStringKeys: doc.keys, NonJSON: doc.nonJSON})
	if err != nil {
		return nil, docInfo{}, exc.New(exc.DSLParsing, "Definition could not be parsed: %s\n", err.Error())
	}
	if !data.Truthy(v) {
		return data.NewMap(0), docInfo{}, nil
	}
	storedDatetimes(doc.nonJSON)
	return v, doc, nil
}

// storedDatetimes rewrites the datetimes of a document as Mistral stores
// them where no schema check refuses them: oslo's to_primitive writes
// "%Y-%m-%dT%H:%M:%S.%f", the offset dropped.
func storedDatetimes(nj *pyyaml.NonJSON) {
	for m, keys := range nj.InMaps {
		for k, r := range keys {
			if strings.HasPrefix(r, "datetime.datetime(") {
				m.Set(k, primitiveDatetime(m.Value(k).(string)))
			}
		}
	}
	for _, items := range nj.InLists {
		for i, r := range items.Reprs {
			if strings.HasPrefix(r, "datetime.datetime(") {
				items.List[i] = primitiveDatetime(items.List[i].(string))
			}
		}
	}
}

// primitiveDatetime turns the text PyYAML's datetime has here
// ("2001-12-14 21:59:43.100000-05:00") into to_primitive's.
func primitiveDatetime(s string) string {
	s = strings.Replace(s, " ", "T", 1)
	if len(s) > len("2006-01-02T15:04:05") {
		if tail := s[len("2006-01-02T15:04:05"):]; tail[0] == '+' || tail[0] == '-' {
			s = s[:len("2006-01-02T15:04:05")] // whole seconds, an offset
		} else if len(tail) > len(".000000") {
			s = s[:len("2006-01-02T15:04:05.000000")] // an offset after the fraction
		}
	}
	if len(s) == len("2006-01-02T15:04:05") {
		s += ".000000"
	}
	return s
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

// CheckStorable refuses what Mistral validates but then fails with 500 to
// store: a date where no schema check refused it (inside a published
// value, say; oslo's to_primitive turns datetimes and bytes into text, not
// dates), and a workflow named by a key that is not a string (5:). Upload
// calls it after parsing; validation does not, as in Mistral.
func CheckStorable(text string) error {
	root, doc, err := parseYAML(text)
	if err != nil || doc.nonJSON == nil {
		return err
	}
	if m, ok := root.(*data.Map); ok {
		if key, ok := doc.keys.first(m); ok {
			return exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'string'", data.Repr(key))
		}
	}
	for _, keys := range doc.nonJSON.InMaps {
		for _, r := range keys {
			if strings.HasPrefix(r, "datetime.date(") {
				return unstorable(r)
			}
		}
	}
	for _, items := range doc.nonJSON.InLists {
		for _, r := range items.Reprs {
			if strings.HasPrefix(r, "datetime.date(") {
				return unstorable(r)
			}
		}
	}
	return nil
}

func unstorable(repr string) error {
	return exc.New(exc.InvalidModel, "Invalid DSL: %s: Object of type date is not JSON serializable", repr)
}
