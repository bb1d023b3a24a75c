package jsondiff

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	for _, c := range []struct {
		name       string
		want, got  string
		fields     int
		diffPrefix []string
	}{
		{"equal", `{"a": [1, {"b": "x"}], "c": null}`, `{"c": null, "a": [1, {"b": "x"}]}`, 3, nil},
		{"changed leaf", `{"a": {"b": "x"}}`, `{"a": {"b": "y"}}`, 1, []string{"GET /p.a.b:"}},
		{"missing and extra", `{"a": 1}`, `{"b": 1}`, 0, []string{"GET /p.a: -", "GET /p.b: +"}},
		{"list length", `{"a": [1, 2]}`, `{"a": [1]}`, 2, []string{"GET /p.a: - 2 items, + 1 items"}},
		{"type", `{"a": []}`, `{"a": null}`, 1, []string{"GET /p.a:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want, got any
			if err := json.Unmarshal([]byte(c.want), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(c.got), &got); err != nil {
				t.Fatal(err)
			}
			var diffs []string
			if n := Diff("GET /p", want, got, &diffs); n != c.fields {
				t.Errorf("compared %d fields, want %d", n, c.fields)
			}
			if len(diffs) != len(c.diffPrefix) {
				t.Fatalf("diffs %q, want %d", diffs, len(c.diffPrefix))
			}
			for i, d := range diffs {
				if !strings.HasPrefix(d, c.diffPrefix[i]) {
					t.Errorf("diff %q, want it to start with %q", d, c.diffPrefix[i])
				}
			}
		})
	}
}
