package yaql

import (
	"testing"

	"github.com/tramontane/tramontane/engine/expr"
)

// BenchmarkPublish parses and evaluates typical publish expressions, as the
// engine does on a cache miss.
func BenchmarkPublish(b *testing.B) {
	exprs := []string{"$.x + 1", "task().result", "$.items.where($.v > 2).select($.name)"}
	ctx := &expr.Context{Data: items(10), Host: fakeHost{}}
	lang := New()
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range exprs {
			p, err := lang.Compile(text)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Eval(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPublishCompiled evaluates the same expressions compiled once.
func BenchmarkPublishCompiled(b *testing.B) {
	exprs := []string{"$.x + 1", "task().result", "$.items.where($.v > 2).select($.name)"}
	ctx := &expr.Context{Data: items(10), Host: fakeHost{}}
	var progs []expr.Program
	for _, text := range exprs {
		p, err := New().Compile(text)
		if err != nil {
			b.Fatal(err)
		}
		progs = append(progs, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range progs {
			if _, err := p.Eval(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkQuery1000 runs a where/select/orderBy query over 1,000 dicts.
func BenchmarkQuery1000(b *testing.B) {
	p, err := New().Compile("$.items.where($.v > 2).select({n => $.name, k => $.k}).orderBy($.k).select($.n)")
	if err != nil {
		b.Fatal(err)
	}
	ctx := &expr.Context{Data: items(1000)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Eval(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
