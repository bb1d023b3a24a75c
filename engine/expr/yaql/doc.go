// Package yaql implements YAQL 2.0 as OpenStack Mistral 15 configures it:
// the grammar (lexer and parser into an AST), the evaluator with yaql's
// overload rules and error messages, the standard library Mistral loads
// (system, common, boolean, strings, math, collections with sets, queries,
// regex, branching, date/time) and Mistral's own functions (env, task,
// json_dump, yaml_parse, ...).
//
// Values follow engine/data (nil, bool, int64, *big.Int, float64, string, []any,
// *data.Map); YAQL's extra types (sets, datetimes, timespans, regexes)
// implement data.Foreign so that they can leave an expression unchanged.
//
// The package owns engine/expr/yaql only. It does not touch the database or
// the bus: functions that read engine state go through expr.Host. Compiled
// programs are immutable and safe for concurrent use; every evaluation runs
// under limits (elements produced, string sizes, the bits of the large
// integers built, call depth) so that no expression can hang or exhaust
// memory.
package yaql
