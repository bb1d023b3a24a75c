package pyyaml

import (
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestSyntaxErrors checks that compose refuses what PyYAML refuses, with
// its message, and takes what it takes (syntax_cases_test.go).
func TestSyntaxErrors(t *testing.T) {
	for _, c := range syntaxCases {
		got := ""
		if _, err := compose([]rune(c.in), c.anchors); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("compose(%q, anchors %v):\n got %q\nwant %q", c.in, c.anchors, got, c.want)
		}
	}
}

// TestLoadSyntaxErrors: Load gives PyYAML's syntax errors.
func TestLoadSyntaxErrors(t *testing.T) {
	for _, c := range syntaxCases {
		if c.want == "" {
			continue
		}
		_, err := LoadWith(c.in, LoadOptions{AnchorsAsText: c.anchors})
		if err == nil || err.Error() != c.want {
			t.Errorf("LoadWith(%q, anchors %v): got %v, want %q", c.in, c.anchors, err, c.want)
		}
	}
}

// TestLoadUnconstructableTags: plain scalars PyYAML resolves to tags it
// cannot construct fail with the node's mark, the tag quoted as repr.
func TestLoadUnconstructableTags(t *testing.T) {
	for in, want := range map[string]string{
		"a: =\n":      "could not determine a constructor for the tag 'tag:yaml.org,2002:value'\n  in \"<unicode string>\", line 1, column 4:\n    a: =\n       ^",
		"a: <<\n":     "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'\n  in \"<unicode string>\", line 1, column 4:\n    a: <<\n       ^",
		"a: !x'y 1\n": `could not determine a constructor for the tag "!x'y"` + "\n  in \"<unicode string>\", line 1, column 4:\n    a: !x'y 1\n       ^",
	} {
		_, err := Load(in)
		if err == nil || err.Error() != want {
			t.Errorf("Load(%q): got %v, want %q", in, err, want)
		}
	}
}

// TestLoadReads: what PyYAML's reading gives where yaml.v3's, which this
// package used before, differs
// (recorded from PyYAML 6; a surrogate pair as Mistral stores it).
func TestLoadReads(t *testing.T) {
	for _, c := range []struct {
		in      string
		anchors bool
		want    string // JSON
	}{
		{in: `! "12"`, want: `12`},
		{in: `"\ud83d\ude00"`, want: `"😀"`},
		{in: `'\ud83d\ude00'`, want: `"\\ud83d\\ude00"`},
		{in: `"\/"`, want: `"/"`},
		{in: "a: &a [1, 2]\nb: *b\nc: @x", anchors: true, want: `{"a": "&a [1, 2]", "b": "*b", "c": "@x"}`},
		{in: "a: |\n  x\n  \ty\n", want: `{"a": "x\n\ty\n"}`},
		{in: "%YAML 1.2\n---\na: 1", want: `{"a": 1}`},
		{in: "a: !!str\n", want: `{"a": ""}`},
	} {
		v, err := LoadWith(c.in, LoadOptions{AnchorsAsText: c.anchors})
		if err != nil {
			t.Errorf("LoadWith(%q): %v", c.in, err)
			continue
		}
		want, err := data.ParseString(c.want)
		if err != nil {
			t.Fatal(err)
		}
		if !data.Equal(v, want) {
			t.Errorf("LoadWith(%q) = %s, want %s", c.in, data.MustEncode(v), c.want)
		}
	}
	if _, err := Load(`"\ud83d"`); err == nil {
		t.Errorf("a lone surrogate was read")
	}
}
