package rpc

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// RunActionRequest holds run_action's arguments (RPC.md a.5).
type RunActionRequest struct {
	Action     *Action
	ActionExID string // empty for a stand-alone run whose result is the reply
	SafeRerun  bool
	ExecCtx    *data.Map
	Timeout    int // seconds; 0 = none
	// TimeoutArg is the timeout as it travelled when it is not a positive
	// whole number of seconds, nil otherwise. Python Mistral's engine
	// passes start_action's params.timeout through unchecked (1.5, 0, -1,
	// true, "5"), and its executor runs the action under
	// eventlet.Timeout(seconds=<that value>); Timeout then holds the
	// whole seconds at or above a positive value (1.5 gives 2, true 1),
	// and TimeoutDuration and TimeoutText give the exact bound and
	// message. A request encoded again sends it unchanged.
	TimeoutArg any
	// MayHandOff is true when an executor that cannot run the action may
	// return rpc.ErrHandOff so that another executor on the bus (a Python
	// Mistral executor with custom actions) takes it. It does not travel.
	MayHandOff bool

	// args is the request's wire form once encoded: the engine encodes it
	// for its outbox entry, then sends it. The request must not change
	// after it has been encoded.
	args *data.Map
}

// ExecutorAPI is the executor's RPC surface. A run with an action execution
// id reports its result to the engine itself and returns nil; a run without
// one returns the result.
type ExecutorAPI interface {
	RunAction(ctx context.Context, req *RunActionRequest) (*Result, error)
}

// ExecutorClient sends actions to executors over a transport.
type ExecutorClient struct {
	t      Transport
	target Target
}

// NewExecutorClient returns a client for the executors on topic
// (TopicExecutor by default).
func NewExecutorClient(t Transport, topic string) *ExecutorClient {
	if topic == "" {
		topic = TopicExecutor
	}
	return &ExecutorClient{t: t, target: Target{Topic: topic}}
}

// EncodeRunAction returns run_action's arguments for r, as they travel. They
// are built once per request; callers must not modify them.
func EncodeRunAction(r *RunActionRequest) *data.Map {
	if r.args == nil {
		r.args = runActionArgs(r)
	}
	return r.args
}

// DecodeRunAction reads run_action's arguments.
func DecodeRunAction(m *data.Map) (*RunActionRequest, error) {
	a := args{m}
	action, err := DecodeAction(m.Value("action"))
	if err != nil {
		return nil, fmt.Errorf("run_action: %w", err)
	}
	timeout, arg := decodeTimeout(m.Value("timeout"))
	return &RunActionRequest{
		Action:     action,
		ActionExID: a.str("action_ex_id"),
		SafeRerun:  a.boolean("safe_rerun"),
		ExecCtx:    a.dict("exec_ctx"),
		Timeout:    timeout,
		TimeoutArg: arg,
	}, nil
}

// SetTimeout sets the request's timeout from start_action's
// params.timeout as the client gave it (see TimeoutArg).
func (r *RunActionRequest) SetTimeout(v any) { r.Timeout, r.TimeoutArg = decodeTimeout(v) }

// maxTimeout bounds the whole seconds of a timeout (about 68 years), so
// that they fit an int and a time.Duration.
const maxTimeout = math.MaxInt32

// decodeTimeout reads run_action's timeout: a positive whole number of
// seconds is Timeout alone; any other value but None is kept as it came
// (TimeoutArg), with the whole seconds at or above it when it is positive.
func decodeTimeout(v any) (int, any) {
	switch n := v.(type) {
	case nil:
		return 0, nil
	case int64:
		if n > 0 && n <= maxTimeout {
			return int(n), nil
		}
		if n > maxTimeout {
			return maxTimeout, n
		}
		return 0, n
	case *big.Int:
		if n.Sign() > 0 {
			return maxTimeout, n
		}
		return 0, n
	case float64:
		switch {
		case math.IsNaN(n) || n <= 0:
			return 0, n
		case n >= maxTimeout:
			return maxTimeout, n
		}
		return int(math.Ceil(n)), n
	case bool:
		if n {
			return 1, n // Python's True is 1
		}
		return 0, n
	}
	return 0, v
}

// TimeoutDuration returns how long Python's executor lets the action run,
// and false when it sets no bound (no timeout, or one that is not a
// number: see TimeoutError). A bound of zero or less interrupts the action
// at once.
func (r *RunActionRequest) TimeoutDuration() (time.Duration, bool) {
	switch v := r.TimeoutArg.(type) {
	case nil:
		if r.Timeout > 0 {
			return time.Duration(r.Timeout) * time.Second, true
		}
		return 0, false
	case float64:
		if math.IsNaN(v) {
			return 0, false
		}
		if v >= maxTimeout {
			return time.Duration(maxTimeout) * time.Second, true
		}
		return time.Duration(v * float64(time.Second)), true
	case int64:
		if v > maxTimeout {
			v = maxTimeout
		}
		return time.Duration(v) * time.Second, true
	case *big.Int:
		if v.Sign() > 0 {
			return time.Duration(maxTimeout) * time.Second, true
		}
		return 0, true
	case bool:
		if v {
			return time.Second, true
		}
		return 0, true
	}
	return 0, false
}

// TimeoutText is the message of the action's timeout as Python's executor
// reports it, str() of eventlet's Timeout: "1 second", "5 seconds",
// "1.5 seconds", "True second", "0 seconds". Empty without a timeout.
func (r *RunActionRequest) TimeoutText() string {
	v := r.TimeoutArg
	if v == nil {
		if r.Timeout <= 0 {
			return ""
		}
		v = int64(r.Timeout)
	}
	if _, ok := r.TimeoutDuration(); !ok {
		return ""
	}
	suffix := "s"
	switch n := v.(type) {
	case int64:
		if n == 1 {
			suffix = ""
		}
	case float64:
		if n == 1 {
			suffix = ""
		}
	case bool:
		if n {
			suffix = ""
		}
	}
	return data.Str(v) + " second" + suffix
}

// TimeoutError is the error Python's executor fails the action with, before
// running it, for a timeout that is not a number (a text, a list): eventlet
// adds it to the hub's clock. Empty for every other timeout.
func (r *RunActionRequest) TimeoutError() string {
	switch v := r.TimeoutArg.(type) {
	case nil, int64, *big.Int, float64, bool:
		return ""
	default:
		return fmt.Sprintf("unsupported operand type(s) for +: 'float' and '%s'", data.TypeName(v))
	}
}

func runActionArgs(r *RunActionRequest) *data.Map {
	var id, timeout any
	if r.ActionExID != "" {
		id = r.ActionExID
	}
	switch {
	case r.TimeoutArg != nil:
		timeout = r.TimeoutArg
	case r.Timeout > 0:
		timeout = int64(r.Timeout)
	}
	return data.MapOf(
		"action", EncodeAction(r.Action),
		"action_ex_id", id,
		"safe_rerun", r.SafeRerun,
		"exec_ctx", orEmpty(r.ExecCtx),
		"timeout", timeout,
	)
}

// RunAction casts the action to any executor; its result comes back to the
// engine as on_action_complete.
func (c *ExecutorClient) RunAction(ctx context.Context, r *RunActionRequest) error {
	return c.t.Cast(ctx, c.target, "run_action", EncodeRunAction(r))
}

// RunActionSync calls an executor and waits for the action's result.
func (c *ExecutorClient) RunActionSync(ctx context.Context, r *RunActionRequest) (*Result, error) {
	v, err := c.t.Call(ctx, c.target, "run_action", EncodeRunAction(r))
	if err != nil {
		return nil, err
	}
	return DecodeResult(v)
}

// ServeExecutor delivers the executor topic's requests to api until ctx ends.
func ServeExecutor(ctx context.Context, t Transport, topic, server string, api ExecutorAPI) error {
	if topic == "" {
		topic = TopicExecutor
	}
	return t.Serve(ctx, Target{Topic: topic, Server: server}, func(ctx context.Context, req *Request) (any, error) {
		if req.Method != "run_action" {
			return nil, &UnknownMethodError{Method: req.Method}
		}
		run, err := DecodeRunAction(req.Args)
		if err != nil {
			return nil, err
		}
		run.MayHandOff = req.MayHandOff
		res, err := api.RunAction(ctx, run)
		if err != nil || res == nil {
			return nil, err
		}
		return EncodeResult(res), nil
	})
}
