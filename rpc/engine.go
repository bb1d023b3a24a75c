package rpc

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// StartWorkflowRequest holds start_workflow's arguments.
type StartWorkflowRequest struct {
	WorkflowIdentifier string // id or name
	Namespace          string
	ExecutionID        string // empty: the engine generates one
	Input              *data.Map
	Description        *string // nil: None, as Mistral's API passes a null
	Params             *data.Map
}

// StartActionRequest holds start_action's arguments.
type StartActionRequest struct {
	ActionName  string
	Input       *data.Map
	Description *string
	Namespace   string
	Params      *data.Map // run_sync, save_result, target, timeout
}

// EngineAPI is the engine's RPC surface (RPC.md a.4). The engine implements
// it; EngineClient implements it over a Transport. Methods that Mistral
// answers with an execution return its dict (workflow or action execution).
type EngineAPI interface {
	StartWorkflow(ctx context.Context, req *StartWorkflowRequest) (*data.Map, error)
	StartAction(ctx context.Context, req *StartActionRequest) (*data.Map, error)
	OnActionComplete(ctx context.Context, actionExID string, result *Result, wfAction bool) (*data.Map, error)
	OnActionUpdate(ctx context.Context, actionExID, state string, wfAction bool) (*data.Map, error)
	PauseWorkflow(ctx context.Context, wfExID string) (*data.Map, error)
	ResumeWorkflow(ctx context.Context, wfExID string, env *data.Map) (*data.Map, error)
	StopWorkflow(ctx context.Context, wfExID, state string, message *string) (*data.Map, error)
	RerunWorkflow(ctx context.Context, taskExID string, reset bool, env *data.Map) (*data.Map, error)
	ReportRunningActions(ctx context.Context, actionExIDs []string) error
}

// EngineClient calls the engine over a transport.
type EngineClient struct {
	t      Transport
	target Target
}

// NewEngineClient returns a client for the engines on topic (TopicEngine by
// default).
func NewEngineClient(t Transport, topic string) *EngineClient {
	if topic == "" {
		topic = TopicEngine
	}
	return &EngineClient{t: t, target: Target{Topic: topic}}
}

var _ EngineAPI = (*EngineClient)(nil)

func (c *EngineClient) callMap(ctx context.Context, method string, args *data.Map) (*data.Map, error) {
	v, err := c.t.Call(ctx, c.target, method, args)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, fmt.Errorf("%s: reply is %T, not an object", method, v)
	}
	return m, nil
}

// StartWorkflow implements EngineAPI.
func (c *EngineClient) StartWorkflow(ctx context.Context, r *StartWorkflowRequest) (*data.Map, error) {
	var exID any
	if r.ExecutionID != "" {
		exID = r.ExecutionID
	}
	return c.callMap(ctx, "start_workflow", data.MapOf(
		"wf_identifier", r.WorkflowIdentifier,
		"wf_namespace", r.Namespace,
		"wf_ex_id", exID,
		"wf_input", orEmpty(r.Input),
		"description", strOrNone(r.Description),
		"params", orEmpty(r.Params),
	))
}

// StartAction implements EngineAPI.
func (c *EngineClient) StartAction(ctx context.Context, r *StartActionRequest) (*data.Map, error) {
	return c.callMap(ctx, "start_action", data.MapOf(
		"action_name", r.ActionName,
		"action_input", orEmpty(r.Input),
		"description", strOrNone(r.Description),
		"namespace", r.Namespace,
		"params", orEmpty(r.Params),
	))
}

func completeArgs(actionExID string, result *Result, wfAction bool) *data.Map {
	return data.MapOf("action_ex_id", actionExID, "result", EncodeResult(result), "wf_action", wfAction)
}

// OnActionComplete implements EngineAPI with a call.
func (c *EngineClient) OnActionComplete(ctx context.Context, actionExID string, result *Result, wfAction bool) (*data.Map, error) {
	return c.callMap(ctx, "on_action_complete", completeArgs(actionExID, result, wfAction))
}

// OnActionCompleteCast reports an action result without waiting, as
// executors do for actions that returned.
func (c *EngineClient) OnActionCompleteCast(ctx context.Context, actionExID string, result *Result) error {
	return c.t.Cast(ctx, c.target, "on_action_complete", completeArgs(actionExID, result, false))
}

// OnActionUpdate implements EngineAPI.
func (c *EngineClient) OnActionUpdate(ctx context.Context, actionExID, state string, wfAction bool) (*data.Map, error) {
	return c.callMap(ctx, "on_action_update", data.MapOf("action_ex_id", actionExID, "state", state, "wf_action", wfAction))
}

// PauseWorkflow implements EngineAPI.
func (c *EngineClient) PauseWorkflow(ctx context.Context, wfExID string) (*data.Map, error) {
	return c.callMap(ctx, "pause_workflow", data.MapOf("wf_ex_id", wfExID))
}

// ResumeWorkflow implements EngineAPI.
func (c *EngineClient) ResumeWorkflow(ctx context.Context, wfExID string, env *data.Map) (*data.Map, error) {
	return c.callMap(ctx, "resume_workflow", data.MapOf("wf_ex_id", wfExID, "env", nilIfNil(env)))
}

// StopWorkflow implements EngineAPI.
func (c *EngineClient) StopWorkflow(ctx context.Context, wfExID, state string, message *string) (*data.Map, error) {
	var msg any
	if message != nil {
		msg = *message
	}
	return c.callMap(ctx, "stop_workflow", data.MapOf("wf_ex_id", wfExID, "state", state, "message", msg))
}

// RerunWorkflow implements EngineAPI.
func (c *EngineClient) RerunWorkflow(ctx context.Context, taskExID string, reset bool, env *data.Map) (*data.Map, error) {
	return c.callMap(ctx, "rerun_workflow", data.MapOf("task_ex_id", taskExID, "reset", reset, "env", nilIfNil(env)))
}

// ReportRunningActions implements EngineAPI with a cast.
func (c *EngineClient) ReportRunningActions(ctx context.Context, actionExIDs []string) error {
	return c.t.Cast(ctx, c.target, "report_running_actions", data.MapOf("action_ex_ids", data.Normalize(actionExIDs)))
}

// ServeEngine delivers the engine topic's requests to api until ctx ends.
func ServeEngine(ctx context.Context, t Transport, topic, server string, api EngineAPI) error {
	if topic == "" {
		topic = TopicEngine
	}
	return t.Serve(ctx, Target{Topic: topic, Server: server}, func(ctx context.Context, req *Request) (any, error) {
		return dispatchEngine(ctx, api, req)
	})
}

func dispatchEngine(ctx context.Context, api EngineAPI, req *Request) (any, error) {
	a := args{req.Args}
	var (
		m   *data.Map
		err error
	)
	switch req.Method {
	case "start_workflow":
		m, err = api.StartWorkflow(ctx, &StartWorkflowRequest{
			WorkflowIdentifier: a.str("wf_identifier"),
			Namespace:          a.str("wf_namespace"),
			ExecutionID:        a.str("wf_ex_id"),
			Input:              a.dict("wf_input"),
			Description:        a.optStr("description"),
			Params:             a.dict("params"),
		})
	case "start_action":
		m, err = api.StartAction(ctx, &StartActionRequest{
			ActionName:  a.str("action_name"),
			Input:       a.dict("action_input"),
			Description: a.optStr("description"),
			Namespace:   a.str("namespace"),
			Params:      a.dict("params"),
		})
	case "on_action_complete":
		var res *Result
		if res, err = DecodeResult(req.Args.Value("result")); err == nil {
			m, err = api.OnActionComplete(ctx, a.str("action_ex_id"), res, a.boolean("wf_action"))
		}
	case "on_action_update":
		m, err = api.OnActionUpdate(ctx, a.str("action_ex_id"), a.str("state"), a.boolean("wf_action"))
	case "pause_workflow":
		m, err = api.PauseWorkflow(ctx, a.str("wf_ex_id"))
	case "resume_workflow":
		m, err = api.ResumeWorkflow(ctx, a.str("wf_ex_id"), a.optDict("env"))
	case "stop_workflow":
		m, err = api.StopWorkflow(ctx, a.str("wf_ex_id"), a.str("state"), a.optStr("message"))
	case "rerun_workflow":
		reset := true
		if v, ok := req.Args.Get("reset"); ok && v != nil {
			reset = a.boolean("reset")
		}
		m, err = api.RerunWorkflow(ctx, a.str("task_ex_id"), reset, a.optDict("env"))
	case "report_running_actions":
		return nil, api.ReportRunningActions(ctx, a.strings("action_ex_ids"))
	default:
		return nil, &UnknownMethodError{Method: req.Method}
	}
	if err != nil || m == nil {
		return nil, err
	}
	return m, nil
}
