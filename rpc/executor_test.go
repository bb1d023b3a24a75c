package rpc

import (
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// runActionWith returns run_action's arguments as a Python Mistral engine
// sends them, with timeout as the JSON text of its timeout argument.
func runActionWith(t *testing.T, timeout string) *data.Map {
	t.Helper()
	v, err := data.ParseString(timeout)
	if err != nil {
		t.Fatal(err)
	}
	return data.MapOf(
		"action", EncodeAction(&Action{ClassName: "mistral.actions.std_actions.SleepAction", Attrs: data.MapOf("seconds", int64(3))}),
		"action_ex_id", nil,
		"safe_rerun", false,
		"exec_ctx", data.NewMap(0),
		"timeout", v,
	)
}

// TestRunActionTimeoutFromPython: Python Mistral's engine passes
// start_action's params.timeout to run_action as the REST caller gave it,
// and its executor runs the action under eventlet.Timeout(seconds=value).
// A timeout that is not a positive whole number (1.5, 0, -1, true) used to
// be dropped, so our executor ran the action unbounded where Python's
// interrupts it (measured on Python Mistral 15: params {"timeout": 1.5,
// "run_sync": true} on std.sleep seconds=3 fails after 1.5 s with
// msg='1.5 seconds').
func TestRunActionTimeoutFromPython(t *testing.T) {
	tests := []struct {
		wire     string
		seconds  int // Timeout: whole seconds at or above a positive bound
		bound    time.Duration
		bounded  bool
		text     string
		errorMsg string
	}{
		{"null", 0, 0, false, "", ""},
		{"5", 5, 5 * time.Second, true, "5 seconds", ""},
		{"1", 1, time.Second, true, "1 second", ""},
		{"1.5", 2, 1500 * time.Millisecond, true, "1.5 seconds", ""},
		{"0.5", 1, 500 * time.Millisecond, true, "0.5 seconds", ""},
		{"1.0", 1, time.Second, true, "1.0 second", ""},
		{"0", 0, 0, true, "0 seconds", ""},
		{"-1", 0, -time.Second, true, "-1 seconds", ""},
		{"true", 1, time.Second, true, "True second", ""},
		{"false", 0, 0, true, "False seconds", ""},
		{`"1"`, 0, 0, false, "", "unsupported operand type(s) for +: 'float' and 'str'"},
		{"[1]", 0, 0, false, "", "unsupported operand type(s) for +: 'float' and 'list'"},
		{"99999999999999999999", maxTimeout, maxTimeout * time.Second, true, "99999999999999999999 seconds", ""},
	}
	for _, tt := range tests {
		t.Run(tt.wire, func(t *testing.T) {
			args := runActionWith(t, tt.wire)
			r, err := DecodeRunAction(args)
			if err != nil {
				t.Fatal(err)
			}
			if r.Timeout != tt.seconds {
				t.Errorf("Timeout = %d, want %d", r.Timeout, tt.seconds)
			}
			d, ok := r.TimeoutDuration()
			if d != tt.bound || ok != tt.bounded {
				t.Errorf("TimeoutDuration() = %s, %v; want %s, %v", d, ok, tt.bound, tt.bounded)
			}
			if got := r.TimeoutText(); got != tt.text {
				t.Errorf("TimeoutText() = %q, want %q", got, tt.text)
			}
			if got := r.TimeoutError(); got != tt.errorMsg {
				t.Errorf("TimeoutError() = %q, want %q", got, tt.errorMsg)
			}
			// Handed on (to an executor next door, or sent again from
			// the outbox), the request carries the same timeout.
			again := EncodeRunAction(&RunActionRequest{Action: r.Action, ExecCtx: r.ExecCtx, Timeout: r.Timeout, TimeoutArg: r.TimeoutArg})
			if got, want := data.Repr(again.Value("timeout")), data.Repr(args.Value("timeout")); got != want {
				t.Errorf("timeout re-encoded as %s, want %s", got, want)
			}
		})
	}
}

// TestRunActionTimeoutOurs: the whole seconds our engines send travel as
// an integer and read back the same, without TimeoutArg.
func TestRunActionTimeoutOurs(t *testing.T) {
	for _, n := range []int{0, 1, 30} {
		req := &RunActionRequest{Action: &Action{ClassName: "mistral.actions.std_actions.NoOpAction"}, Timeout: n}
		args := EncodeRunAction(req)
		if n == 0 && args.Value("timeout") != nil {
			t.Errorf("no timeout encoded as %v, want None", args.Value("timeout"))
		}
		r, err := DecodeRunAction(args)
		if err != nil {
			t.Fatal(err)
		}
		if r.Timeout != n || r.TimeoutArg != nil {
			t.Errorf("timeout %d read back as %d, %v", n, r.Timeout, r.TimeoutArg)
		}
	}
}
