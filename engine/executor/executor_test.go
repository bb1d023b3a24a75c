package executor

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// reports records the results an executor reports.
type reports struct {
	mu  sync.Mutex
	got map[string]*rpc.Result
}

func (r *reports) OnActionComplete(_ context.Context, id string, res *rpc.Result, _ bool) (*data.Map, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got[id] = res
	return nil, nil
}

// withPythonAction returns the standard actions and custom.greet, a custom
// Python action (class custom_actions.Greet) that only Python executors run.
func withPythonAction(t *testing.T) *actions.Registry {
	t.Helper()
	dir := t.TempDir()
	egg := filepath.Join(dir, "custom-1.0.egg-info")
	if err := os.Mkdir(egg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(egg, "entry_points.txt"), []byte("[mistral.actions]\ncustom.greet = custom_actions:Greet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	py, err := actions.PythonActionSpecs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return actions.NewRegistry().With(py...)
}

// TestActionsItCannotRun checks that an action this executor cannot run
// is handed off while the transport allows it and fails clearly after.
func TestActionsItCannotRun(t *testing.T) {
	rep := &reports{got: map[string]*rpc.Result{}}
	x := New(withPythonAction(t), rep, slog.New(slog.NewTextHandler(io.Discard, nil)))

	tests := []struct {
		name       string
		action     *rpc.Action
		id         string
		mayHandOff bool
		want       string // "" for a hand-off, else in the error result
	}{
		{"python action handed off", &rpc.Action{ClassName: "custom_actions.Greet"}, "a1", true, ""},
		{"unknown class handed off", &rpc.Action{ClassName: "somewhere.Else"}, "a2", true, ""},
		{"python action, no more hand-offs", &rpc.Action{ClassName: "custom_actions.Greet"}, "a3", false,
			"No executor on the bus could run the action custom.greet [class=custom_actions.Greet, action_ex_id=a3]"},
		{"ad-hoc over a python action, run sync", &rpc.Action{ClassName: "mistral.actions.adhoc.AdHocAction",
			Base: &rpc.Action{ClassName: "custom_actions.Greet"}}, "", false,
			"No executor on the bus could run the action custom.greet [class=custom_actions.Greet, action_ex_id=None]"},
		{"unknown class, no more hand-offs", &rpc.Action{ClassName: "somewhere.Else"}, "a4", false,
			"No executor on the bus could run the action somewhere.Else [class=somewhere.Else, action_ex_id=a4]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := x.RunAction(context.Background(), &rpc.RunActionRequest{Action: tc.action, ActionExID: tc.id, MayHandOff: tc.mayHandOff})
			if tc.want == "" {
				if !errors.Is(err, rpc.ErrHandOff) || res != nil {
					t.Fatalf("got %v, %v; want a hand-off", res, err)
				}
				if rep.got[tc.id] != nil {
					t.Fatalf("a handed-off action was reported: %+v", rep.got[tc.id])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.id != "" {
				res = rep.got[tc.id]
			}
			if res == nil || !strings.Contains(data.Str(res.Error), tc.want) {
				t.Fatalf("got %+v, want an error containing %q", res, tc.want)
			}
		})
	}

	// A handed-off action that comes back is not taken for a repeat.
	req := &rpc.RunActionRequest{Action: &rpc.Action{ClassName: "custom_actions.Greet"}, ActionExID: "a1"}
	if _, err := x.RunAction(context.Background(), req); err != nil || rep.got["a1"] == nil {
		t.Fatalf("the action handed off before was not failed when it came back: %v", err)
	}
}

// TestRaisedExceptionNamesTheAction checks the object an exception's text
// names: the standard action, or the ad-hoc action wrapping it.
func TestRaisedExceptionNamesTheAction(t *testing.T) {
	x := New(actions.NewRegistry(), &reports{got: map[string]*rpc.Result{}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	fail := &rpc.Action{ClassName: "mistral.actions.std_actions.FailAction", Attrs: data.MapOf("error_data", nil)}
	tests := []struct {
		name   string
		action *rpc.Action
		want   string
	}{
		{"standard", fail, "The action raised an exception [action=Fail action, action_ex_id=None, msg='Fail action expected exception.']"},
		{"ad-hoc", &rpc.Action{ClassName: "mistral.actions.adhoc.AdHocAction", Base: fail},
			"The action raised an exception [action=<mistral.actions.adhoc.AdHocAction object at 0x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := x.RunAction(context.Background(), &rpc.RunActionRequest{Action: tc.action})
			if err != nil {
				t.Fatal(err)
			}
			if res == nil || !strings.HasPrefix(data.Str(res.Error), tc.want) {
				t.Fatalf("got %+v, want an error starting %q", res, tc.want)
			}
		})
	}
}

// TestTimeoutAsGiven: a start_action's timeout bounds the action as
// Python's eventlet.Timeout does, whatever number it is, and names itself
// the same way; a timeout that is not a number fails the action unrun.
func TestTimeoutAsGiven(t *testing.T) {
	x := New(actions.NewRegistry(), &reports{got: map[string]*rpc.Result{}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	sleep := &rpc.Action{ClassName: "mistral.actions.std_actions.SleepAction", Attrs: data.MapOf("_seconds", int64(5))}
	for _, tc := range []struct {
		timeout any
		msg     string
	}{
		{0.2, "msg='0.2 seconds']"},
		{int64(0), "msg='0 seconds']"},
		{int64(-1), "msg='-1 seconds']"},
		{"5", "msg='unsupported operand type(s) for +: 'float' and 'str'']"},
	} {
		req := &rpc.RunActionRequest{Action: sleep}
		req.SetTimeout(tc.timeout)
		start := time.Now()
		res, err := x.RunAction(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res == nil || !strings.HasSuffix(data.Str(res.Error), tc.msg) {
			t.Errorf("timeout %v: got %+v, want an error ending %q", tc.timeout, res, tc.msg)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("timeout %v: the action ran %v", tc.timeout, d)
		}
	}
}
