// Package jinja implements Jinja2 (3.1) as OpenStack Mistral 15 runs it:
// a SandboxedEnvironment with StrictUndefined, trim_blocks and
// lstrip_blocks, Mistral's functions as globals, and Mistral's rule that a
// string made of exactly one {{ }} yields the expression's native value
// while any other string is rendered as a template.
//
// Over the engine's layered context (an expr.Context with a View), `_` is
// Mistral's ContextView, a dict subclass whose own storage is empty:
// lookups read the layers, while iteration, ==, copy() and tojson see an
// empty dict, and str() prints the layers.
//
// It owns its own lexer, parser and evaluator over engine/data values, so
// that values behave as Python's do: insertion-ordered dicts, int/float
// arithmetic, str() and repr() formatting, Jinja's getattr/getitem
// fallback and undefined messages. Evaluation is bounded (steps, value
// sizes, the bits of the large integers built, recursion); a limit hit or an internal panic is an
// *expr.EvalError.
//
// The package reads engine state only through expr.Host and must not
// touch the database, the RPC layer or the yaql package.
//
// Known differences from Python:
//   - lists are slices: append, extend, insert, pop, remove and clear
//     store the new list back into the variable, dict key, namespace
//     attribute or list item the receiver was read from, so another name
//     bound to the same list does not see the change (sort and reverse
//     work in place); dict methods, including update and pop, modify in
//     place; an expression that calls any of these runs over a copy of
//     the context data;
//   - map, select, reject, selectattr, rejectattr, unique and reverse
//     return one-shot lazy generators as in Python, but items, batch and
//     slice return lists; a generator's str() has no address
//     ("<generator object>"), and dict views returned as a whole-string
//     result are lists;
//   - lipsum() draws its words from Go's random source, not Python's;
//   - yaml_parse reads dates, timestamps and !!binary as text, where
//     Python makes date, datetime and bytes objects;
//   - unknown filters and tests are reported when the string is evaluated,
//     not when it is validated, exactly as in Jinja (compile time); the
//     filter names Mistral's functions register behave as Mistral's do
//     (the piped value is taken as the context).
package jinja
