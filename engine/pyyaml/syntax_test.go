package pyyaml

import (
	"testing"
)

// TestSyntaxErrors checks that checkSyntax refuses what PyYAML refuses,
// with its message, and takes what it takes (syntax_cases_test.go).
func TestSyntaxErrors(t *testing.T) {
	for _, c := range syntaxCases {
		got := ""
		if err := checkSyntax(c.in, c.anchors); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("checkSyntax(%q, anchors %v):\n got %q\nwant %q", c.in, c.anchors, got, c.want)
		}
	}
}

// TestLoadSyntaxErrors: Load gives PyYAML's syntax errors, before
// yaml.v3 sees the document.
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
