package actions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"

	"github.com/tramontane/tramontane/engine/data"
)

// javascript is std.javascript and std.js: the script runs as the body of
// a function, with the global $ holding the action's context, in a fresh
// goja runtime that has no require, no console and no host access.
type javascript struct {
	script    any
	jsContext any
}

func newJavaScript(in *data.Map) (Action, error) {
	return &javascript{script: in.Value("script"), jsContext: in.Value("context")}, nil
}

func restoreJavaScript(v *data.Map) (Action, error) {
	return &javascript{script: v.Value("script"), jsContext: v.Value("js_context")}, nil
}

func (a *javascript) ClassName() string { return stdActions + "JavaScriptAction" }
func (a *javascript) Vars() *data.Map {
	return data.MapOf("script", a.script, "js_context", a.jsContext)
}
func (a *javascript) Repr() string { return objectRepr(a.ClassName(), a) }

// Run evaluates the script; ctx's deadline and ac.Timeout stop it (and Run
// returns ctx.Err()). Its return value is the result (undefined and
// null are null, integral numbers ints, objects dicts); a JS exception, a
// bad context raise "JavaScriptAction failed: <reason>".
func (a *javascript) Run(ctx context.Context, ac *Context) (Result, error) {
	if ac != nil && ac.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ac.Timeout)
		defer cancel()
	}
	v, err := evalJS(ctx, data.Str(a.script), a.jsContext)
	if err != nil && ctx.Err() != nil {
		// Out of time: the executor words it as it does for every action.
		return Result{}, ctx.Err()
	}
	if err != nil {
		return Result{}, actionError("JavaScriptAction failed: %s", err)
	}
	return Result{Data: v}, nil
}

// evalJS runs `$ = <context JSON>; function f() { <script> } f()`.
func evalJS(ctx context.Context, script string, jsCtx any) (any, error) {
	ctxJSON := "null"
	if jsCtx != nil {
		// Mistral 15 renders a missing context as Python's None, which JS
		// then fails on; null is what the script obviously meant.
		b, err := data.Encode(jsCtx)
		if err != nil {
			return nil, fmt.Errorf("encode context: %w", err)
		}
		ctxJSON = string(b)
	}
	src := "$ = " + ctxJSON + ";\nfunction f() {\n" + script + "\n}\nf()\n"

	vm := goja.New()
	stop := context.AfterFunc(ctx, func() { vm.Interrupt(ctx.Err()) })
	defer stop()
	val, err := vm.RunString(src)
	if err != nil {
		var jsErr *goja.Exception
		if errors.As(err, &jsErr) {
			return nil, errors.New(jsErr.Value().String())
		}
		return nil, err
	}
	return exportJS(vm, val)
}

// exportJS converts a JS value to the data model: through JSON for objects
// and arrays (as PyMiniRacer hands them over), numbers as int when
// integral.
func exportJS(vm *goja.Runtime, v goja.Value) (any, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	switch t := v.Export().(type) {
	case bool, string:
		return t, nil
	case int64:
		return t, nil
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<53 {
			return int64(t), nil
		}
		return t, nil
	case time.Time:
		return t.UTC().Format("2006-01-02T15:04:05.000000"), nil
	}
	if _, ok := goja.AssertFunction(v); ok {
		return nil, nil
	}
	stringify, ok := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	if !ok {
		return nil, errors.New("JSON.stringify is not available")
	}
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		return nil, fmt.Errorf("convert result: %w", err)
	}
	if goja.IsUndefined(s) {
		return nil, nil
	}
	return data.ParseString(s.String())
}
