// Package data is the value model shared by the expression languages, the
// engine, the executor and the RPC layer: JSON-like values that behave the way
// Mistral's Python values do.
//
// A value is one of nil, bool, int64, *big.Int, float64, string, []any or
// *Map. A *big.Int is only ever an integer outside the int64 range (see
// Int), as Python's ints are unbounded. Map keeps
// insertion order, because Python dicts do and users see that order in
// outputs, in YAQL's keys() and in Jinja loops. Encode writes JSON the way
// Python's json.dumps does (floats keep their ".0", so a float stays a float
// after a round trip through the database), Str and Repr print values the way
// Python's str() and repr() do, which is what string interpolation shows.
//
// The package owns no I/O and imports nothing of this module; everything else
// may import it.
package data
