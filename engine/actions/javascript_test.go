package actions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

func TestJavaScript(t *testing.T) {
	tests := []struct {
		name    string
		script  string
		context any
		want    any
		raises  string
	}{
		{"number", "return 1 + 2", nil, int64(3), ""},
		{"float", "return 1 / 4", nil, 0.25, ""},
		{"string from context", "return $.name.toUpperCase()", data.MapOf("name", "ann"), "ANN", ""},
		{"object", "return {a: [1, 2.5, null], b: $.x > 1}", data.MapOf("x", 2),
			data.MapOf("a", []any{1, 2.5, nil}, "b", true), ""},
		{"list context", "return $.length", []any{1, 2, 3}, int64(3), ""},
		{"no return", "var x = 1", nil, nil, ""},
		{"null context", "return $ === null", nil, true, ""},
		{"throw", "throw new Error('bad')", nil, nil, "JavaScriptAction failed: Error: bad"},
		{"reference error", "return nope", nil, nil, "JavaScriptAction failed: ReferenceError: nope is not defined"},
		{"no require", "return require('fs')", nil, nil, "JavaScriptAction failed: ReferenceError: require is not defined"},
		{"syntax error", "return (", nil, nil, "JavaScriptAction failed: SyntaxError"},
	}
	r := NewRegistry()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range []string{"std.js", "std.javascript"} {
				in := data.MapOf("script", tt.script)
				if tt.context != nil {
					in.Set("context", data.Normalize(tt.context))
				}
				a, _, err := r.Instantiate(name, in)
				if err != nil {
					t.Fatal(err)
				}
				res, err := a.Run(context.Background(), &Context{})
				if tt.raises != "" {
					if err == nil || !strings.HasPrefix(err.Error(), tt.raises) {
						t.Fatalf("%s: got %v, %v; want raise %q", name, res, err, tt.raises)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !data.Equal(res.Data, tt.want) {
					t.Fatalf("%s: got %s, want %s", name, data.Repr(res.Data), data.Repr(tt.want))
				}
			}
		})
	}
}

func TestJavaScriptTimeLimit(t *testing.T) {
	a, _, err := NewRegistry().Instantiate("std.js", data.MapOf("script", "while (true) {}"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = a.Run(context.Background(), &Context{Timeout: 50 * time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("the time limit did not stop the script")
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = a.Run(ctx, &Context{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: err = %v", err)
	}
}

func BenchmarkJavaScript(b *testing.B) {
	a, _, err := NewRegistry().Instantiate("std.js", data.MapOf("script", "return $.a.map(function (x) { return x * 2 })",
		"context", data.MapOf("a", []any{1, 2, 3, 4})))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := a.Run(context.Background(), &Context{}); err != nil {
			b.Fatal(err)
		}
	}
}
