package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/tramontane/tramontane/engine/data"
)

// Topics used by Mistral.
const (
	TopicEngine      = "mistral_engine"
	TopicExecutor    = "mistral_executor"
	TopicNotifier    = "mistral_notifier"
	TopicEventEngine = "mistral_event_engine"
)

// Target names where a message goes: a topic, optionally one server on it,
// or every server of the topic (fanout).
type Target struct {
	Topic  string
	Server string
	Fanout bool
	// Ordered, for Serve, handles the target's requests one at a time in
	// the order they arrive instead of concurrently (the notifier keeps
	// each execution's events in order this way). Its handler must be
	// quick.
	Ordered bool
}

func (t Target) String() string {
	if t.Server != "" {
		return t.Topic + "." + t.Server
	}
	return t.Topic
}

// Request is one received RPC message.
type Request struct {
	Method string
	Args   *data.Map // method arguments by name
	// Context is the oslo.messaging request context (the _context_* keys
	// without their prefix: user, project_id, auth_token, ...). Never nil.
	Context *data.Map
	// Call is true when the sender waits for a reply.
	Call bool
	// MayHandOff is true when the handler may return ErrHandOff to give
	// the request to another server of the topic: the transport can put it
	// back on the topic's shared queue and its hand-off deadline has not
	// passed. When false the handler must answer the request itself.
	MayHandOff bool
}

// ErrHandOff, returned by a Handler for a request whose MayHandOff is true,
// means "not for this server": the transport gives the request, unchanged,
// to the other servers of the topic instead of answering it. Python
// Mistral's servers on the bus take it like any request.
var ErrHandOff = errors.New("request handed off to another server of the topic")

// Handler serves the requests of one target. For a call, the returned value
// or error becomes the reply; for a cast both are only logged. Errors of type
// *exc.Error travel with their class so callers re-raise the same class.
type Handler func(ctx context.Context, req *Request) (any, error)

// Transport sends and receives RPC messages. Implementations are safe for
// concurrent use.
type Transport interface {
	// Call sends method(args) to one server of target and waits for its
	// reply, until ctx ends or the transport's response timeout passes.
	Call(ctx context.Context, target Target, method string, args *data.Map) (any, error)
	// Cast sends method(args) without waiting for a reply. It returns once
	// the transport has accepted the message (the broker confirmed it).
	Cast(ctx context.Context, target Target, method string, args *data.Map) error
	// Serve subscribes h to target and returns once requests flow; they
	// are delivered until ctx ends or the transport is closed. Several
	// servers of one topic share its requests; fanout sends reach each.
	Serve(ctx context.Context, target Target, h Handler) error
	// Close stops all servers and releases connections.
	Close() error
}

// ErrNotDelivered is wrapped by the errors of Cast and Call when the message
// provably reached no server: the transport never handed it to the broker
// (not connected in time), or the broker refused or returned it. Sending it
// again cannot deliver it twice. Other send errors leave its fate unknown.
var ErrNotDelivered = errors.New("message not delivered")

// RemoteError is a failure reply whose class is not a Mistral class known to
// this side (a Python exception from a peer, for instance).
type RemoteError struct {
	Module, Class, Message string
}

func (e *RemoteError) Error() string { return fmt.Sprintf("%s: %s", e.Class, e.Message) }

// TimeoutError means no reply arrived in time. Its text is oslo.messaging's.
type TimeoutError struct {
	Method  string
	Seconds int
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("This rpc call %q took longer than configured %d seconds.", e.Method, e.Seconds)
}

type requestContextKey struct{}

// WithRequestContext attaches the oslo.messaging request context (user,
// project_id, auth_token, ...; keys without the _context_ prefix) to ctx, so
// that transports send it with every message made under ctx.
func WithRequestContext(ctx context.Context, rc *data.Map) context.Context {
	return context.WithValue(ctx, requestContextKey{}, rc)
}

// RequestContext returns the request context attached to ctx, or nil.
func RequestContext(ctx context.Context) *data.Map {
	rc, _ := ctx.Value(requestContextKey{}).(*data.Map)
	return rc
}
