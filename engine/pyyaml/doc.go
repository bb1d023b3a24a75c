// Package pyyaml reads and writes YAML the way PyYAML 6 does under
// Mistral: Load is yaml.safe_load (YAML 1.1 implicit resolvers, merge keys,
// mapping order kept) into engine/data values, and Dump is
// yaml.safe_dump(v, default_flow_style=False) — block style, two-space
// indentation, PyYAML's choice between plain, single- and double-quoted
// scalars, its line folding at 80 columns and the "..." end marker after a
// plain scalar document.
//
// It is the only YAML code of the engine: the workflow language (definition
// loading and re-serialisation) and the yaml_parse/yaml_dump functions of
// YAQL and Jinja all use it, so they agree with each other and with Python.
//
// Values the data model cannot hold are mapped the way they end up once
// Mistral stores them as JSON:
//   - timestamps become the text Python's str() gives for the date or
//     datetime PyYAML constructs ("2001-12-14 21:59:43.100000-05:00");
//   - mapping keys that are not strings become their JSON text (1, 1.5,
//     true, null);
//   - !!binary becomes the decoded bytes as a string, !!set the list of its
//     members, !!omap and !!pairs a list of [key, value] lists;
//   - integers beyond int64 become *big.Int, exact as in Python;
//   - 1, 1.0 and true are one key, as in a Python dict.
//
// Dump writes a Timestamp value as PyYAML writes a datetime (plain), and
// DumpOptions.KeyValue lets a caller whose dicts keep keys of other types
// than strings (YAQL) have them written as those scalars.
//
// LoadWith's AnchorsAsText is Mistral's definition loader
// (mistral.utils.safe_yaml), whose scanner reads "&", "*" and "@" as the
// start of a plain scalar ("&a [1, 2]" is that text). Elsewhere aliases are
// copied where PyYAML shares the object, within a bound that stops alias
// bombs. Its NonStringKeys and NonJSON report the keys that are not
// strings and the values of types JSON has not (dates, bytes, sets), with
// their Python repr, for the schema checks of definitions, which see
// Python's types.
//
// Reading is PyYAML's own: the reader and scanner (scanner.go,
// scalars.go), parser (parser.go) and composer (composer.go) follow
// PyYAML's pure-Python ones rule for rule (its lazy pull of tokens
// included, which decides which error surfaces first) and print its
// MarkedYAMLError ("while parsing a block mapping / in "<unicode string>",
// line 4, column 5: / snippet / caret / expected <block end>, but found
// ..."), as the constructor does for its errors.
// Escaped UTF-16 surrogate pairs ("\ud83d\ude00", which json.dumps writes)
// read as the one character they make once Mistral stores the value as
// JSON; a lone surrogate, which a Go string cannot hold, is refused.
//
// The package does no I/O and depends only on engine/data. It must not
// know about expressions, specs or the engine.
package pyyaml
