// Package exprcli is the logic of the debugging command
// `mistral-server expr`: evaluate one YAQL or Jinja expression against a
// JSON context, or a stream of them (--batch, JSON lines), and print the
// results as JSON in the encoding of the spec's case files.
//
// It owns only argument handling and result encoding; evaluation is the
// expr.Evaluator's languages. It must not reach the engine or the
// database: Mistral's engine functions fail for lack of a Host.
package exprcli
