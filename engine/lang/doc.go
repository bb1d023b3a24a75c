// Package lang parses and validates Mistral v2 workflow language documents
// (workflow lists, workbooks and ad-hoc action lists) into immutable specs
// that the engine runs.
//
// It owns everything about the text of a definition: YAML decoding with
// PyYAML's scalar rules, the JSON-schema checks with jsonschema's messages,
// the semantic checks of Mistral's spec classes, the quirky inline-parameter
// syntax ("std.echo output=1"), the `definition` text each stored workflow
// and action shows, and the effective views the controller needs
// (task-defaults applied, inbound tasks, start tasks, effective publish).
//
// Expressions are never evaluated here; their syntax is checked through the
// Validator interface (an *expr.Evaluator) at upload time only. The package
// does no I/O and must not touch the database, the RPC layer or the engine.
package lang
