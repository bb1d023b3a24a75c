package rpc

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// RunActionRequest holds run_action's arguments (RPC.md a.5).
type RunActionRequest struct {
	Action     *Action
	ActionExID string // empty for a stand-alone run whose result is the reply
	SafeRerun  bool
	ExecCtx    *data.Map
	Timeout    int // seconds; 0 = none
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
	timeout := 0
	if n, ok := m.Value("timeout").(int64); ok {
		timeout = int(n)
	}
	return &RunActionRequest{
		Action:     action,
		ActionExID: a.str("action_ex_id"),
		SafeRerun:  a.boolean("safe_rerun"),
		ExecCtx:    a.dict("exec_ctx"),
		Timeout:    timeout,
	}, nil
}

func runActionArgs(r *RunActionRequest) *data.Map {
	var id, timeout any
	if r.ActionExID != "" {
		id = r.ActionExID
	}
	if r.Timeout > 0 {
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
