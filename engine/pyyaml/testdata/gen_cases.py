"""Writes ../cases_test.go: expectations recorded from the real PyYAML.

Run from engine/pyyaml/testdata with Debian's python3-yaml:
    /usr/bin/python3 gen_cases.py && gofmt -w ../cases_test.go
Dump cases give their input as JSON (parsed with data.ParseString, which
keeps key order); load cases give the expected value as JSON after the
conversions the package documents (timestamps as str(), keys as JSON text).
"""
import base64
import datetime
import json
import yaml

LONG = ("A long description that certainly is longer than eighty characters, "
        "so it must be folded somewhere else")

DUMP = [
    # Scalars at the root: plain ones end the document with "...".
    ("a", True), ("", True), ("yes", True), ("y", True), ("n", True),
    (None, True), (True, True), (12, True), (1.5, True), (1e17, True),
    (1e-05, True), ("1", True), ("1.0", True), ("0x1f", True), ("1e3", True),
    ("null", True), ("~", True), ([], True), ({}, True), ("multi\nline", True),
    ("  leading and trailing  ", True), ("---", True), ("...", True),
    ("- ", True), (LONG, True), ("line\n", True),
    # The conformance case expr_yaml_dump_parse.
    ({"k": "v", "n": [1, 2]}, True),
    # Words the YAML 1.1 resolver reads as something else, and words it
    # does not.
    ({"y": "y", "n": "n", "yes": "yes", "on": "on", "off": "Off",
      "true": "True", "null": "null", "tilde": "~", "nil": "nil",
      "none": "None"}, False),
    # Indicators.
    ({"empty": "", "lead": " x", "trail": "x ", "colon": "a: b",
      "dash": "- x", "hash": "#", "mid": "a #b", "nohash": "a#b", "q": "?",
      "qx": "?x", "c": ":x", "c2": "x:", "bang": "!x", "pct": "%x",
      "at": "@x", "tick": "`x", "amp": "&x", "star": "*x", "pipe": "|",
      "gt": ">", "sq": "'x", "dq": "\"x", "br": "[x", "cb": "{x",
      "comma": ",x", "dashdash": "---x", "dots": "...x", "dash1": "-",
      "dashx": "-x", "inner": "a, b [c] {d}"}, False),
    # Numbers as strings.
    ({"int": "1", "float": "1.0", "hex": "0x1f", "exp": "1e3",
      "exp2": "1.0e+3", "oct": "010", "octo": "0o7", "bin": "0b101",
      "under": "1_000", "sexa": "1:30", "neg": "-1", "plus": "+1",
      "dot": ".5", "inf": ".inf", "nan": ".NaN", "date": "2020-01-01",
      "datetime": "2001-12-14 21:59:43.10 -5", "ts2": "2001-1-2 3:04:05",
      "notdate": "2020-1-1", "merge": "<<", "eq": "=", "ver": "1.2.3"},
     False),
    # Folding at 80 columns.
    ({"long": LONG, "longer": LONG + " " + LONG, "nospace": "x" * 100,
      "quoted": "'" + LONG + "'"}, False),
    ({"deep": {"deeper": {"deepest": {"x": LONG + " " + LONG}}}}, False),
    ([LONG, {"key": LONG}, [LONG]], False),
    # Line breaks and control characters.
    ({"ml": "line1\nline2", "ml2": "a\n\nb\n", "mlsp": "a \nb",
      "spml": "a\n b", "tab": "a\tb", "cr": "a\rb", "nul": "a\0b",
      "bell": "\x07", "esc": "\x1b", "del": "\x7f"}, False),
    # Non-ASCII (allow_unicode is off).
    ({"u": "\u00fc", "snow": "\u2603 snow", "emoji": "\U0001F600",
      "nbsp": "a\xa0b", "ls": "a\u2028b", "nel": "a\x85b", "bom": "\ufeffx",
      "lat": "caf\xe9 au lait " * 8}, False),
    # An escape right where a double-quoted line folds (found by fuzzing).
    ({"": {"": {"": {"": "0" * 67 + "\x94" + "0"}}}}, False),
    ({"dq_long": "double \" quote\tand tab and a very long text that goes "
                 "past the eighty column limit for sure",
      "dq_spaces": "\t" + "word " * 30}, False),
    # Empty and nested collections.
    ({"a": [], "b": {}, "c": [[]], "d": [{}], "e": {"x": []}, "f": [[[]]],
      "g": {"h": {"i": {}}}}, False),
    ([{"a": 1, "b": 2}, {"c": [1, 2]}, [1, [2, [3]]], "x"], False),
    ({"list": [1, 2], "map": {"k": [1, {"z": 1, "a": 2}]},
      "ll": [[1, 2], [3]]}, True),
    ({"nested": {"list": [{"a": [1, 2], "b": {"c": None}}], "s": "yes"}},
     False),
    # Key order and awkward keys.
    ({"zeta": 1, "alpha": 2, "Beta": 3, "_u": 4, "\u00e4": 5, "10": 6,
      "9": 7}, True),
    ({"zeta": 1, "alpha": 2, "Beta": 3, "_u": 4, "\u00e4": 5, "10": 6,
      "9": 7}, False),
    ({"": "empty key", "k" * 130: "long key", "multi\nkey": 1, "x y": "z",
      "1": 1, "yes": "no", "a: b": 1, "- x": 2, "\u00fc": 3,
      "k" * 127: "short enough"}, False),
    ({"": [1, 2], "multi\nkey": {"a": 1}}, False),
    # Numbers, booleans, null.
    ({"f": [0.0, -0.0, 1.0, 3.14, 1e20, 1.5e-7, 123456789012345678.0,
            -2.5, 1e16, 1e15]}, False),
    ({"i": [0, -7, 9223372036854775807, -9223372036854775808],
      "b": [True, False], "n": [None]}, False),
    ({"k": "it's", "k2": "''", "k3": "a'b'c"}, False),
]

LOAD = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "x: 1\ny: [a, b]\n",
    "- yes\n- No\n- on\n- OFF\n- y\n- n\n- True\n- FALSE\n",
    "[null, Null, NULL, ~, '', nil, None]",
    "a:\nb: !!str\nc: ''",
    "[1, -7, +12, 0, 010, 0o17, 0x1f, 0x_1F, 0b101, 0b1_0, 1_000, 1:30, 190:20:30, 09]",
    "[1.5, -0.5, .5, 1., 1.0e+3, 1e3, 1.0e3, -.5e+3, 1_0.5, 1:20.5, .inf, -.Inf, +.INF]",
    "[2020-01-01, 2020-1-1, 2001-12-14t21:59:43.10-05:00, 2001-1-2 3:04:05, 2002-12-14 21:59:43Z, 2001-12-14 21:59:43.1234567 +5:30, '2020-01-01']",
    "{1: a, 2.5: b, true: c, null: d, 2020-01-01: e}",
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n  z: 4\n",
    "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  w: 0\n",
    "<<: {a: 1}\nb: 2\n",
    "= : 1\n'<<': 2\n",
    "a: 1\nb: 2\na: 3\n",
    "l: |\n  x\n  y\nf: >\n  a\n  b\n\n  c\nk: |-\n  keep\n",
    "s: 'it''s'\nd: \"tab\\tnl\\nu\\u00fc\\x41\"\n",
    "plain: a b  c\nmulti: first\n  second\n\n  third\n",
    "- !!int '7'\n- !!float '1'\n- !!bool 'yes'\n- !!null ''\n- !!str 12\n- !!float 1e3\n- !!int 0x10\n",
    "!!binary aGVsbG8=",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1, a: 2]",
    "just a string",
    "12",
    "",
    "# only a comment\n",
    "---\na: 1\n...\n",
    "? complex\n: key\n",
    "unicode: caf\u00e9 \u2603\n",
    "a: [unclosed\n",
    "a: 1\n---\nb: 2\n",
    "a: !custom x\n",
    "a: =\n",
    "a: <<\n",
    "? [a]\n: 1\n",
    "x: 2020-13-01 10:00:00\n",
    "x: !!int abc\n",
]


def goq(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif 0x20 <= c < 0x7f:
            out.append(ch)
        elif c < 0x80:
            out.append('\\x%02x' % c)
        elif c <= 0xffff:
            out.append('\\u%04x' % c)
        else:
            out.append('\\U%08x' % c)
    out.append('"')
    return ''.join(out)


def jsonkey(k):
    if isinstance(k, str):
        return k
    if k is None:
        return 'null'
    if isinstance(k, bool):
        return 'true' if k else 'false'
    if isinstance(k, (int, float)):
        return json.dumps(k)
    return str(k)


def plain(v):
    if isinstance(v, dict):
        return {jsonkey(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return str(v)
    if isinstance(v, bytes):
        return v.decode('latin-1')
    return v


lines = [
    "// Code generated by testdata/gen_cases.py from PyYAML %s; DO NOT EDIT." % yaml.__version__,
    "",
    "package pyyaml",
    "",
    "// dumpCases: yaml.safe_dump(in, default_flow_style=False, sort_keys=sort).",
    "var dumpCases = []struct {",
    "\tin   string // JSON",
    "\tsort bool",
    "\twant string",
    "}{",
]
for v, sort in DUMP:
    want = yaml.safe_dump(v, default_flow_style=False, sort_keys=sort)
    lines.append("\t{%s, %s, %s}," % (goq(json.dumps(v, ensure_ascii=False)),
                                     'true' if sort else 'false', goq(want)))
lines += [
    "}",
    "",
    "// loadCases: yaml.safe_load(in) as JSON, or err when it raises.",
    "var loadCases = []struct {",
    "\tin   string",
    "\twant string // JSON",
    "\terr  bool",
    "}{",
]
for text in LOAD:
    try:
        want = json.dumps(plain(yaml.safe_load(text)), ensure_ascii=False)
        lines.append("\t{%s, %s, false}," % (goq(text), goq(want)))
    except yaml.YAMLError as e:
        lines.append("\t{%s, \"\", true}, // %s" % (goq(text), str(e).splitlines()[0]))
    except ValueError as e:
        lines.append("\t{%s, \"\", true}, // %s" % (goq(text), e))
lines.append("}")
with open("../cases_test.go", "w") as f:
    f.write("\n".join(lines) + "\n")
print("dump cases:", len(DUMP), "load cases:", len(LOAD))
