package exprcli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"sort"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// Values beyond JSON that a language may return are encoded as YAQL.md §1
// says. A language marks them by implementing these interfaces on its
// data.Foreign values.
type (
	// Set is a Python set: encoded as {"__set__": [sorted items]}, the
	// items being the value's JSONValue() list.
	Set interface {
		data.Foreign
		IsSet() bool
	}
	// PythonTyped is a value shown by its Python type and str(), such as
	// a datetime or a timedelta: encoded as
	// {"__python__": PythonType(), "repr": PythonStr()}.
	PythonTyped interface {
		data.Foreign
		PythonType() string
	}
)

// maxLine bounds one --batch input line.
const maxLine = 64 << 20

// Run executes `expr` with its arguments (without the command name) and
// returns the exit status: 0 on success, 1 when an expression failed, 2 on
// a usage error.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, ev *expr.Evaluator) int {
	fs := flag.NewFlagSet("expr", flag.ContinueOnError)
	fs.SetOutput(stderr)
	yaqlExpr := fs.String("yaql", "", "YAQL expression (the text inside <% %>)")
	jinjaExpr := fs.String("jinja", "", "Jinja expression (the whole string with its {{ }})")
	ctxJSON := fs.String("context", "{}", "data context as JSON")
	batch := fs.Bool("batch", false, `read JSON lines {"lang", "expr", "context"} from stdin`)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	modes := 0
	for _, m := range []string{"yaql", "jinja", "batch"} {
		if set[m] {
			modes++
		}
	}
	if modes != 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: expr (--yaql EXPR | --jinja EXPR) [--context JSON] | expr --batch")
		return 2
	}
	if *batch {
		return runBatch(ctx, stdin, stdout, stderr, ev)
	}
	lang, text := "jinja", *jinjaExpr
	if set["yaql"] {
		lang, text = "yaql", *yaqlExpr
	}
	dataCtx, err := data.ParseString(*ctxJSON)
	if err != nil {
		fmt.Fprintf(stderr, "expr: --context is not JSON: %v\n", err)
		return 2
	}
	line := evaluate(ev, lang, text, dataCtx)
	if _, err := stdout.Write(append(line, '\n')); err != nil {
		return 1
	}
	if bytes.HasPrefix(line, []byte(`{"error"`)) {
		return 1
	}
	return 0
}

type batchItem struct {
	Lang    string          `json:"lang"`
	Expr    *string         `json:"expr"`
	Context json.RawMessage `json:"context"`
}

func runBatch(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, ev *expr.Evaluator) int {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			fmt.Fprintf(stderr, "expr: %v\n", err)
			return 1
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var out []byte
		var item batchItem
		var dataCtx any
		var err error
		if err = json.Unmarshal(raw, &item); err == nil {
			switch {
			case item.Expr == nil:
				err = errors.New(`missing "expr"`)
			case item.Lang != "yaql" && item.Lang != "jinja":
				err = fmt.Errorf(`"lang" must be "yaql" or "jinja", not %q`, item.Lang)
			case len(item.Context) > 0:
				dataCtx, err = data.Parse(item.Context)
			}
		}
		if err != nil {
			out = errorLine("bad input line: "+err.Error(), false)
		} else {
			out = evaluate(ev, item.Lang, *item.Expr, dataCtx)
		}
		w.Write(out)
		w.WriteByte('\n')
		if err := w.Flush(); err != nil {
			return 1
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "expr: reading stdin: %v\n", err)
		return 1
	}
	return 0
}

// evaluate runs one expression and returns its output line.
func evaluate(ev *expr.Evaluator, lang, text string, dataCtx any) []byte {
	yaql, jinja := ev.Languages()
	l := jinja
	if lang == "yaql" {
		l = yaql
	}
	if l == nil {
		return errorLine("language "+lang+" is not available", false)
	}
	if lang == "jinja" && !expr.IsJinja(text) {
		// Mistral leaves a string without {{ }} or {% %} as it is.
		return data.MustEncode(data.MapOf("result", text))
	}
	prog, err := l.Compile(text)
	if err != nil {
		return errorLine(err.Error(), isGrammar(err))
	}
	v, err := prog.Eval(&expr.Context{Data: dataCtx})
	if err != nil {
		return errorLine(err.Error(), isGrammar(err))
	}
	m := data.NewMap(1)
	m.Set("result", encodeValue(v))
	b, err := data.Encode(m)
	if err != nil {
		return errorLine("result is not encodable: "+err.Error(), false)
	}
	return b
}

func isGrammar(err error) bool {
	var ge *expr.GrammarError
	return errors.As(err, &ge)
}

func errorLine(msg string, parse bool) []byte {
	m := data.NewMap(2)
	m.Set("error", msg)
	m.Set("parse_error", parse)
	return data.MustEncode(m)
}

// encodeValue converts a result into JSON-encodable values, marking sets
// and other Python-only values as the case files do.
func encodeValue(v any) any {
	switch t := v.(type) {
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = encodeValue(e)
		}
		return out
	case *data.Map:
		out := data.NewMap(t.Len())
		t.Range(func(k string, e any) bool {
			out.Set(k, encodeValue(e))
			return true
		})
		return out
	case Set:
		if t.IsSet() {
			items, _ := encodeValue(t.JSONValue()).([]any)
			items = append([]any{}, items...)
			sortItems(items)
			return data.MapOf("__set__", items)
		}
	case PythonTyped:
		return data.MapOf("__python__", t.PythonType(), "repr", t.PythonStr())
	}
	if f, ok := v.(data.Foreign); ok {
		return encodeValue(f.JSONValue())
	}
	return v
}

// sortItems orders set items as Python's sorted() would for the usual
// homogeneous sets: numbers by value, strings lexically; mixed types by
// their JSON text so the output is stable.
func sortItems(items []any) {
	key := func(v any) (int, float64, string) {
		switch t := v.(type) {
		case bool:
			if t {
				return 0, 1, ""
			}
			return 0, 0, ""
		case int64:
			return 0, float64(t), ""
		case *big.Int:
			f, _ := data.IntFloat(t) // beyond the float range: ±inf, still in order
			return 0, f, ""
		case float64:
			return 0, t, ""
		case string:
			return 1, 0, t
		}
		return 2, 0, string(data.MustEncode(v))
	}
	sort.SliceStable(items, func(i, j int) bool {
		ci, fi, si := key(items[i])
		cj, fj, sj := key(items[j])
		if ci != cj {
			return ci < cj
		}
		if fi != fj {
			return fi < fj
		}
		return si < sj
	})
}
