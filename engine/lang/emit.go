package lang

import "github.com/tramontane/tramontane/engine/data"

// dumpDefinition re-serialises one workflow of a multi-workflow document:
// `version: ...` then the workflow, in PyYAML's block style.
func dumpDefinition(doc *data.Map, name string) string {
	return dumpYAML(data.MapOf("version", doc.Value("version"), name, doc.Value(name)))
}

func dumpYAML(v any) string { return "" }
