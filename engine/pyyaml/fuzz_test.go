package pyyaml

import (
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// FuzzLoadDump checks that whatever Dump writes, Load reads back as the
// same value (types and key order included), for values decoded from
// random JSON. The text itself is loaded too, which must not panic (JSON is
// YAML flow syntax, so this explores the loader as well).
func FuzzLoadDump(f *testing.F) {
	for _, tt := range dumpCases {
		f.Add(tt.in, tt.sort)
	}
	f.Add(`{"a": "x\ty", "b": [" ", "\u2028", "\u0085x", "a\n\n b "]}`, false)
	f.Add("a: &a {b: *a}\n<<: [*a, {c: 1}]\n? [x]\n: !!set {y}", false)
	f.Fuzz(func(t *testing.T, text string, sortKeys bool) {
		_, _ = Load(text)
		v, err := data.ParseString(text)
		if err != nil {
			return
		}
		out := Dump(v, DumpOptions{SortKeys: sortKeys})
		back, err := Load(out)
		if err != nil {
			t.Fatalf("Load(Dump(%s)) failed: %v\ndump: %q", data.Repr(v), err, out)
		}
		want := v
		if sortKeys {
			want = sorted(v)
		}
		if data.Repr(back) != data.Repr(want) {
			t.Fatalf("round trip changed the value\n  in: %s\nback: %s\ndump: %q", data.Repr(want), data.Repr(back), out)
		}
	})
}

// sorted returns v with every mapping's keys in sorted order.
func sorted(v any) any {
	switch t := v.(type) {
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = sorted(e)
		}
		return l
	case *data.Map:
		keys := append([]string(nil), t.Keys()...)
		sortStrings(keys)
		m := data.NewMap(len(keys))
		for _, k := range keys {
			m.Set(k, sorted(t.Value(k)))
		}
		return m
	}
	return v
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
