// Package jinja implements Jinja2 (3.1) as OpenStack Mistral 15 runs it:
// a SandboxedEnvironment with StrictUndefined, trim_blocks and
// lstrip_blocks, Mistral's functions as globals, and Mistral's rule that a
// string made of exactly one {{ }} yields the expression's native value
// while any other string is rendered as a template.
//
// It owns its own lexer, parser and evaluator over engine/data values, so
// that values behave as Python's do: insertion-ordered dicts, int/float
// arithmetic, str() and repr() formatting, Jinja's getattr/getitem
// fallback and undefined messages. Evaluation is bounded (steps, value
// sizes, recursion); a limit hit or an internal panic is an
// *expr.EvalError.
//
// The package reads engine state only through expr.Host and must not
// touch the database, the RPC layer or the yaql package.
package jinja
