package actions

import (
	"context"
	"errors"
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

const stdActions = "mistral.actions.std_actions."

// noop is std.noop and, with async set, std.async_noop.
type noop struct{ async bool }

func (a *noop) Run(ctx context.Context, ac *Context) (Result, error) {
	return Result{}, nil
}

func (a *noop) ClassName() string {
	if a.async {
		return stdActions + "AsyncNoOpAction"
	}
	return stdActions + "NoOpAction"
}

func (a *noop) Vars() *data.Map { return data.NewMap(0) }
func (a *noop) Repr() string    { return objectRepr(a.ClassName(), a) }

// echo is std.echo: it returns its output after an optional delay.
type echo struct {
	output any
	delay  float64 // seconds, never negative
}

func newEcho(in *data.Map) (Action, error) {
	d, err := pyFloat(in.Value("delay"))
	var ve *valueError
	switch {
	case errors.As(err, &ve):
		d = 0
	case err != nil:
		return nil, err
	case d < 0:
		d = 0
	}
	return &echo{output: in.Value("output"), delay: d}, nil
}

func restoreEcho(v *data.Map) (Action, error) {
	d, err := pyFloat(v.Value("_delay"))
	if err != nil {
		return nil, fmt.Errorf("_delay: %w", err)
	}
	return &echo{output: v.Value("output"), delay: d}, nil
}

func (a *echo) Run(ctx context.Context, ac *Context) (Result, error) {
	if err := sleep(ctx, seconds(a.delay)); err != nil {
		return Result{}, err
	}
	return Result{Data: a.output}, nil
}

func (a *echo) ClassName() string { return stdActions + "EchoAction" }
func (a *echo) Vars() *data.Map   { return data.MapOf("output", a.output, "_delay", a.delay) }
func (a *echo) Repr() string      { return objectRepr(a.ClassName(), a) }

// fail is std.fail: an error Result with error_data when it is truthy,
// otherwise the ActionException "Fail action expected exception.".
type fail struct{ errorData any }

func (a *fail) Run(ctx context.Context, ac *Context) (Result, error) {
	if data.Truthy(a.errorData) {
		return Result{Error: a.errorData}, nil
	}
	return Result{}, actionError("Fail action expected exception.")
}

func (a *fail) ClassName() string { return stdActions + "FailAction" }
func (a *fail) Vars() *data.Map   { return data.MapOf("error_data", a.errorData) }
func (a *fail) Repr() string      { return "Fail action" }

// sleepAction is std.sleep.
type sleepAction struct{ seconds int64 }

func newSleep(in *data.Map) (Action, error) {
	n, err := pyInt(in.Value("seconds"))
	var ve *valueError
	switch {
	case errors.As(err, &ve):
		n = 0
	case err != nil:
		return nil, err
	case n < 0:
		n = 0
	}
	return &sleepAction{seconds: n}, nil
}

func restoreSleep(v *data.Map) (Action, error) {
	n, err := pyInt(v.Value("_seconds"))
	if err != nil {
		return nil, fmt.Errorf("_seconds: %w", err)
	}
	return &sleepAction{seconds: n}, nil
}

func (a *sleepAction) Run(ctx context.Context, ac *Context) (Result, error) {
	if err := sleep(ctx, seconds(float64(a.seconds))); err != nil {
		return Result{}, err
	}
	return Result{}, nil
}

func (a *sleepAction) ClassName() string { return stdActions + "SleepAction" }
func (a *sleepAction) Vars() *data.Map   { return data.MapOf("_seconds", a.seconds) }
func (a *sleepAction) Repr() string      { return objectRepr(a.ClassName(), a) }

// testDict is std.test_dict: {key_prefix+"0": val, ...} with size entries.
type testDict struct {
	size      any
	keyPrefix any
	val       any
}

func (a *testDict) Run(ctx context.Context, ac *Context) (Result, error) {
	var n int64
	switch t := a.size.(type) {
	case int64:
		n = t
	case bool:
		if t {
			n = 1
		}
	default:
		return Result{}, fmt.Errorf("'%s' object cannot be interpreted as an integer", data.TypeName(a.size))
	}
	res := data.NewMap(int(min(max(n, 0), 1<<16)))
	prefix := data.Str(a.keyPrefix)
	for i := int64(0); i < n; i++ {
		if i%4096 == 4095 && ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		res.Set(fmt.Sprintf("%s%d", prefix, i), a.val)
	}
	return Result{Data: res}, nil
}

func (a *testDict) ClassName() string { return stdActions + "TestDictAction" }
func (a *testDict) Vars() *data.Map {
	return data.MapOf("size", a.size, "key_prefix", a.keyPrefix, "val", a.val)
}
func (a *testDict) Repr() string { return objectRepr(a.ClassName(), a) }
