package rpc

import (
	"context"
	"errors"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// dynamicAction is a Python Mistral 15 DynamicAction (the class of a code
// source, mistral/actions/dynamic_action.py) as its engine sends it in
// run_action: __serial_data is JSON text, as on the wire.
const dynamicAction = `{"__serial_key": "mistral.actions.dynamic_action.DynamicAction", ` +
	`"__serial_data": "{\"cls_name\": \"Hello\", \"cls_attrs\": {}, \"data\": {\"name\": \"dyn\"}, ` +
	`\"code_source_id\": \"aaaaaaaa-0000-0000-0000-000000000001\", \"namespace\": \"\"}"}`

func parse(t *testing.T, s string) any {
	t.Helper()
	v, err := data.ParseString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDecodeUnknownActionSerializer: an action whose serializer we do not
// know decodes to an action no executor of ours runs, and encodes back as
// it came. It used to fail DecodeRunAction, and the executor server dropped
// the cast with a log line: measured with Python Mistral's API and engine
// and our executor, a workflow running a dynamic action stayed RUNNING for
// good (Python's executor runs it).
func TestDecodeUnknownActionSerializer(t *testing.T) {
	wire := parse(t, dynamicAction)
	a, err := DecodeAction(wire)
	if err != nil {
		t.Fatal(err)
	}
	const key = "mistral.actions.dynamic_action.DynamicAction"
	if a.ClassName != key || a.SerialKey != key || a.Base != nil {
		t.Errorf("decoded as class %q, serial key %q, base %v", a.ClassName, a.SerialKey, a.Base)
	}
	if got := data.Repr(a.Attrs.Value("cls_name")); got != "'Hello'" {
		t.Errorf("cls_name = %s", got)
	}
	again, err := DecodeAction(EncodeAction(a))
	if err != nil {
		t.Fatal(err)
	}
	if data.Repr(again.Attrs) != data.Repr(a.Attrs) || again.SerialKey != key {
		t.Errorf("round trip: %s %q, want %s %q", data.Repr(again.Attrs), again.SerialKey, data.Repr(a.Attrs), key)
	}

	// Wrapped by an ad-hoc action, the base is the unknown action.
	adhoc := data.MapOf("__serial_key", serialKeyAdHoc, "__serial_data", data.MapOf("base_action", wire))
	a, err = DecodeAction(adhoc)
	if err != nil {
		t.Fatal(err)
	}
	if a.Base == nil || a.Base.ClassName != key {
		t.Errorf("ad-hoc base decoded as %+v", a.Base)
	}

	// A wrapper without a key is still malformed.
	if _, err := DecodeAction(data.MapOf("__serial_data", data.NewMap(0))); err == nil {
		t.Error("an action without a serializer key decoded")
	}
}

// captureTransport keeps the handler Serve is given.
type captureTransport struct {
	Transport
	h Handler
}

func (c *captureTransport) Serve(_ context.Context, _ Target, h Handler) error {
	c.h = h
	return nil
}

type executorFunc func(ctx context.Context, req *RunActionRequest) (*Result, error)

func (f executorFunc) RunAction(ctx context.Context, req *RunActionRequest) (*Result, error) {
	return f(ctx, req)
}

// TestServeExecutorUnknownAction: a run_action of an action our executors
// cannot rebuild reaches the executor, which may hand it off to a Python
// executor (or fail it when it may not).
func TestServeExecutorUnknownAction(t *testing.T) {
	tr := &captureTransport{}
	var got *RunActionRequest
	api := executorFunc(func(_ context.Context, req *RunActionRequest) (*Result, error) {
		got = req
		return nil, ErrHandOff
	})
	if err := ServeExecutor(context.Background(), tr, "", "", api); err != nil {
		t.Fatal(err)
	}
	args := data.MapOf(
		"action", parse(t, dynamicAction),
		"action_ex_id", "bbbbbbbb-0000-0000-0000-000000000001",
		"safe_rerun", false,
		"exec_ctx", data.NewMap(0),
		"timeout", nil,
	)
	_, err := tr.h(context.Background(), &Request{Method: "run_action", Args: args, Context: data.NewMap(0), MayHandOff: true})
	if !errors.Is(err, ErrHandOff) {
		t.Fatalf("handler returned %v, want the executor's ErrHandOff", err)
	}
	if got == nil || got.Action.ClassName != "mistral.actions.dynamic_action.DynamicAction" || !got.MayHandOff ||
		got.ActionExID != "bbbbbbbb-0000-0000-0000-000000000001" {
		t.Errorf("executor got %+v", got)
	}
}
