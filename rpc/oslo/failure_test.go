package oslo

import (
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

func TestFailureOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string // the failure JSON text
	}{
		{"mistral class keeps its code", exc.New(exc.InvalidAction, "Failed to find action [action_name=x]"),
			`{"class": "InvalidActionException", "module": "mistral.exceptions", "message": "Failed to find action [action_name=x]", ` +
				`"tb": ["mistral.exceptions.InvalidActionException: Failed to find action [action_name=x]\n"], ` +
				`"args": ["400: Failed to find action [action_name=x]"], "kwargs": {}}`},
		{"wrapped mistral error", fmt.Errorf("engine: %w", exc.NotFound("no execution")),
			`{"class": "DBEntityNotFoundError", "module": "mistral.exceptions", "message": "no execution", ` +
				`"tb": ["mistral.exceptions.DBEntityNotFoundError: no execution\n"], "args": ["404: no execution"], "kwargs": {}}`},
		{"plain go error", errors.New("boom"),
			`{"class": "MistralException", "module": "mistral.exceptions", "message": "boom", ` +
				`"tb": ["mistral.exceptions.MistralException: boom\n"], "args": ["500: boom"], "kwargs": {}}`},
		{"remote error passes through", &rpc.RemoteError{Module: "builtins", Class: "ValueError", Message: "bad"},
			`{"class": "ValueError", "module": "builtins", "message": "bad", ` +
				`"tb": ["builtins.ValueError: bad\n"], "args": ["bad"], "kwargs": {}}`},
		{"unknown method", &rpc.UnknownMethodError{Method: "nope"},
			`{"class": "NoSuchMethod", "module": "oslo_messaging.rpc.dispatcher", "message": "Endpoint does not support RPC method nope", ` +
				`"tb": ["oslo_messaging.rpc.dispatcher.NoSuchMethod: Endpoint does not support RPC method nope\n"], ` +
				`"args": ["Endpoint does not support RPC method nope"], "kwargs": {}}`},
		{"expression error is the caller's", fmt.Errorf("start: %w", &expr.GrammarError{Lang: "jinja", Msg: "bad {{"}),
			`{"class": "JinjaGrammarException", "module": "mistral.exceptions", "message": "bad {{", ` +
				`"tb": ["mistral.exceptions.JinjaGrammarException: bad {{\n"], "args": ["400: bad {{"], "kwargs": {}}`},
		{"non-ascii message", exc.InputErr("é"),
			`{"class": "InputException", "module": "mistral.exceptions", "message": "\u00e9", ` +
				`"tb": ["mistral.exceptions.InputException: \u00e9\n"], "args": ["400: \u00e9"], "kwargs": {}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeFailure(failureOf(tt.err))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFailureErr(t *testing.T) {
	tests := []struct {
		name string
		f    Failure
		want error
	}{
		{"mistral class", Failure{Class: "InputException", Module: "mistral.exceptions", Message: "Invalid input"},
			&exc.Error{Class: exc.Input, Msg: "Invalid input"}},
		{"mistral class name from another module", Failure{Class: "WorkflowException", Module: "x.y", Message: "m"},
			&exc.Error{Class: exc.Workflow, Msg: "m"}},
		{"_Remote suffix stripped", Failure{Class: "EngineException_Remote", Module: "mistral.exceptions", Message: "m"},
			&exc.Error{Class: exc.Engine, Msg: "m"}},
		{"python builtin", Failure{Class: "ValueError", Module: "builtins", Message: "already complete"},
			&rpc.RemoteError{Module: "builtins", Class: "ValueError", Message: "already complete"}},
		{"oslo dispatcher", Failure{Class: "NoSuchMethod", Module: "oslo_messaging.rpc.dispatcher", Message: "m"},
			&rpc.RemoteError{Module: "oslo_messaging.rpc.dispatcher", Class: "NoSuchMethod", Message: "m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f.Err()
			if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestCapturedFailure decodes the captured failure reply K (seq 113).
func TestCapturedFailure(t *testing.T) {
	for _, e := range capturedPublishes(t) {
		if e.Seq != 113 {
			continue
		}
		m, err := openEnvelope([]byte(e.BodyRaw))
		if err != nil {
			t.Fatal(err)
		}
		f, err := decodeFailure(m.Value("failure"))
		if err != nil {
			t.Fatal(err)
		}
		var me *exc.Error
		if !errors.As(f.Err(), &me) || me.Class != exc.InvalidAction ||
			me.Msg != "Failed to find action [action_name=std.no_such_action]" {
			t.Errorf("got %#v", f.Err())
		}
		// Our own failure for that error carries the same args.
		ours := failureOf(me)
		if fmt.Sprint(ours.Args) != fmt.Sprint(f.Args) {
			t.Errorf("args %v, captured %v", ours.Args, f.Args)
		}
		return
	}
	t.Fatal("seq 113 not in the capture")
}

func TestEntity(t *testing.T) {
	result := Object(KeyResult, data.MapOf("data", "x", "error", nil, "cancel", false))
	base := Object(KeyAction, data.MapOf("cls", "mistral.actions.std_actions.EchoAction",
		"cls_attrs", data.NewMap(0), "data", data.MapOf("output", "hi", "_delay", 0.0)))
	adhoc := Object(KeyAdHocAction, data.MapOf("base_action", base))
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"nil stays nil", nil, nil},
		{"string", "wire_main", `"wire_main"`},
		{"empty string", "", `""`},
		{"bool", false, "false"},
		{"int", int64(3), "3"},
		{"int beyond int64", bigResult(), `{"__serial_key": "mistral_lib.actions.types.Result", "__serial_data": "{\"data\": [123456789012345678901234567890, -9223372036854775809], \"error\": null, \"cancel\": false}"}`},
		{"float keeps .0", 1.0, "1.0"},
		{"dict", data.MapOf("who", "wire"), `{"who": "wire"}`},
		{"non-ascii", "ü", `"\u00fc"`},
		{"result", result,
			`{"__serial_key": "mistral_lib.actions.types.Result", "__serial_data": "{\"data\": \"x\", \"error\": null, \"cancel\": false}"}`},
		{"ad-hoc action nests its base as text", adhoc,
			`{"__serial_key": "mistral.actions.adhoc.AdHocAction", "__serial_data": "{\"base_action\": ` +
				`\"{\\\"__serial_key\\\": \\\"mistral_lib.actions.base.Action\\\", \\\"__serial_data\\\": ` +
				`\\\"{\\\\\\\"cls\\\\\\\": \\\\\\\"mistral.actions.std_actions.EchoAction\\\\\\\", \\\\\\\"cls_attrs\\\\\\\": {}, ` +
				`\\\\\\\"data\\\\\\\": {\\\\\\\"output\\\\\\\": \\\\\\\"hi\\\\\\\", \\\\\\\"_delay\\\\\\\": 0.0}}\\\"}\"}"}`},
		{"fields given as text are kept", data.MapOf(SerialKey, KeyResult, SerialData, `{"data": 1}`),
			`{"__serial_key": "mistral_lib.actions.types.Result", "__serial_data": "{\"data\": 1}"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeEntity(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("EncodeEntity = %v\nwant %v", got, tt.want)
			}
			back, err := DecodeEntity(got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := EncodeEntity(back)
			if err != nil {
				t.Fatal(err)
			}
			if again != got {
				t.Errorf("round trip gives %v", again)
			}
		})
	}
}

// bigResult is an action result holding integers beyond int64, which
// Python's json (and so Mistral's bus) carries exactly.
func bigResult() any {
	v, err := data.ParseString(`[123456789012345678901234567890, -9223372036854775809]`)
	if err != nil {
		panic(err)
	}
	return Object(KeyResult, data.MapOf("data", v, "error", nil, "cancel", false))
}

func TestDecodeEntityErrors(t *testing.T) {
	tests := []struct {
		in    any
		class string
	}{
		{int64(1), "TypeError"},
		{new(big.Int).Lsh(big.NewInt(1), 70), "TypeError"},
		{data.MapOf("a", 1), "TypeError"},
		{"{not json", "JSONDecodeError"},
		{`{"__serial_key": "k", "__serial_data": {}}`, "TypeError"},
	}
	for _, tt := range tests {
		_, err := DecodeEntity(tt.in)
		var ee *EntityError
		if !errors.As(err, &ee) || ee.Class != tt.class {
			t.Errorf("DecodeEntity(%v) = %v, want %s", tt.in, err, tt.class)
		}
	}
}

func TestOpenEnvelope(t *testing.T) {
	for _, tt := range []struct {
		body string
		ok   bool
	}{
		{`{"oslo.version": "2.0", "oslo.message": "{\"method\": \"m\"}"}`, true},
		{`{"method": "m", "args": {}}`, true}, // legacy bare message
		{`{"oslo.version": "3.0", "oslo.message": "{}"}`, false},
		{`{"oslo.version": "2.0", "oslo.message": 5}`, false},
		{`{"oslo.version": "2.0", "oslo.message": "[1]"}`, false},
		{`not json`, false},
		{`[1, 2]`, false},
	} {
		_, err := openEnvelope([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("openEnvelope(%s): err %v", tt.body, err)
		}
	}
}

func TestDedup(t *testing.T) {
	d := newDedup(3)
	for _, id := range []string{"a", "b", "c"} {
		if d.seen(id) {
			t.Fatalf("%s seen too early", id)
		}
	}
	if !d.seen("a") {
		t.Error("a not remembered")
	}
	d.seen("d") // pushes a out
	if d.seen("a") {
		t.Error("a still remembered after 3 newer ids")
	}
}

func BenchmarkEncodeRequest(b *testing.B) {
	args := data.MapOf("action_ex_id", "f7e5b1e2-dfbe-48df-b563-1d89ef710832",
		"result", Object(KeyResult, data.MapOf("data", "wire", "error", nil, "cancel", false)),
		"wf_action", false)
	rc := data.MapOf("request_id", "req-99ce4f8d-35a9-489d-9e85-dcfa1d338e40")
	b.ReportAllocs()
	for b.Loop() {
		wire, err := encodeArgs(args)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := encodeRequest(outgoing{method: "on_action_complete", args: wire, uniqueID: newHex(), context: rc}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRequest(b *testing.B) {
	var body []byte
	for _, e := range capturedPublishes(b) {
		if e.Seq == 11 {
			body = []byte(e.BodyRaw)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := openEnvelope(body)
		if err != nil {
			b.Fatal(err)
		}
		in, err := splitRequest(m)
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range in.args.Keys() {
			if _, err := DecodeEntity(in.args.Value(k)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestEnvelopeText checks the one-pass reading of an envelope against the
// general decoding: where it takes a body, it must find the same message
// text; bodies in any other form it leaves alone.
func TestEnvelopeText(t *testing.T) {
	bodies := []struct {
		body string
		fast bool
	}{
		{`{"oslo.version": "2.0", "oslo.message": "{\"method\": \"m\"}"}`, true},
		{`{"oslo.version": "2.0", "oslo.message": "{\"s\": \"a\\\\\"b\\\\\\\\c\"}"}`, true},
		{`{"oslo.version": "2.0", "oslo.message": ""}`, true},
		{`{"oslo.version": "2.0", "oslo.message": "{\"s\": \"\\u00e9\"}"}`, true}, // é as Python writes it
		{`{"oslo.version": "2.0", "oslo.message": "\u0041"}`, false},
		{`{"oslo.version": "2.0", "oslo.message": "{\"s\": \"é\"}"}`, false}, // not ASCII
		{`{"oslo.version": "2.0", "oslo.message": "a\nb"}`, false},
		{`{"oslo.version": "2.0", "oslo.message": "a\\"}`, true},
		{`{"oslo.version": "2.0", "oslo.message": "a\"}`, false},
		{`{"oslo.version": "2.0", "oslo.message": "a", "x": "b"}`, false},
		{`{"oslo.version": "2.0", "oslo.message": "{}", "oslo.version": "3.0"}`, false},
		{`{"oslo.version":"2.0","oslo.message":"{}"}`, false},
		{`{"oslo.message": "{}", "oslo.version": "2.0"}`, false},
	}
	for _, e := range capturedPublishes(t) {
		bodies = append(bodies, struct {
			body string
			fast bool
		}{e.BodyRaw, true})
	}
	for _, tt := range bodies {
		text, ok := envelopeText([]byte(tt.body))
		if ok != tt.fast {
			t.Errorf("envelopeText(%.200s): ok %v, want %v", tt.body, ok, tt.fast)
			continue
		}
		if !ok {
			continue
		}
		v, err := data.Parse([]byte(tt.body))
		if err != nil {
			t.Fatalf("%.200s: %v", tt.body, err)
		}
		if want := v.(*data.Map).Value("oslo.message"); text != want {
			t.Errorf("envelopeText(%.200s) = %q, want %q", tt.body, text, want)
		}
	}
}
