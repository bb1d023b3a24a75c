package pyyaml

import (
	"fmt"
	"strings"
	"testing"
)

// benchDefinition is a 50-task workflow, the size of a large real one.
func benchDefinition() string {
	var b strings.Builder
	b.WriteString("version: '2.0'\nwf:\n  input:\n    - names\n    - retries: 3\n  tasks:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "    task%d:\n      action: std.echo output=\"<%% $.names[%d] %%>\"\n", i, i)
		fmt.Fprintf(&b, "      publish:\n        out%d: <%% task().result %%>\n", i)
		fmt.Fprintf(&b, "      retry: {count: 3, delay: 1.5}\n      on-success: [task%d]\n", i+1)
		b.WriteString("      description: A long description that certainly is longer than eighty characters, so it folds\n")
	}
	return b.String()
}

func BenchmarkLoad(b *testing.B) {
	text := benchDefinition()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Load(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDump(b *testing.B) {
	v, err := Load(benchDefinition())
	if err != nil {
		b.Fatal(err)
	}
	for _, sortKeys := range []bool{false, true} {
		b.Run(fmt.Sprintf("sort=%v", sortKeys), func(b *testing.B) {
			for b.Loop() {
				Dump(v, DumpOptions{SortKeys: sortKeys})
			}
		})
	}
}

func BenchmarkDumpScalar(b *testing.B) {
	for b.Loop() {
		Dump("a plain string value", DumpOptions{})
	}
}
