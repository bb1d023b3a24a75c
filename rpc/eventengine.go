package rpc

import (
	"context"
	"errors"

	"github.com/tramontane/tramontane/engine/data"
)

// EventEngineAPI is the event engine's RPC surface (RPC.md a.7): the API
// tells every event engine about trigger changes so that each listens to
// the exchanges and topics the triggers name. A trigger travels as the
// dict of its database row plus workflow_namespace; events are the event
// names of all the triggers left on the trigger's exchange and topic.
type EventEngineAPI interface {
	CreateEventTrigger(ctx context.Context, trigger *data.Map, events []string) error
	DeleteEventTrigger(ctx context.Context, trigger *data.Map, events []string) error
	UpdateEventTrigger(ctx context.Context, trigger *data.Map) error
}

// EventEngineClient casts trigger changes to every event engine (fanout).
type EventEngineClient struct {
	t      Transport
	target Target
}

// NewEventEngineClient returns a client for the event engines on topic
// (TopicEventEngine by default).
func NewEventEngineClient(t Transport, topic string) *EventEngineClient {
	if topic == "" {
		topic = TopicEventEngine
	}
	return &EventEngineClient{t: t, target: Target{Topic: topic, Fanout: true}}
}

var _ EventEngineAPI = (*EventEngineClient)(nil)

// cast sends to every event engine. With none running there is nobody to
// tell, which is not an error: Mistral's fanout casts are not mandatory.
func (c *EventEngineClient) cast(ctx context.Context, method string, args *data.Map) error {
	err := c.t.Cast(ctx, c.target, method, args)
	if errors.Is(err, ErrNoServer) {
		return nil
	}
	return err
}

// CreateEventTrigger implements EventEngineAPI.
func (c *EventEngineClient) CreateEventTrigger(ctx context.Context, trigger *data.Map, events []string) error {
	return c.cast(ctx, "create_event_trigger", data.MapOf("trigger", trigger, "events", data.Normalize(events)))
}

// DeleteEventTrigger implements EventEngineAPI.
func (c *EventEngineClient) DeleteEventTrigger(ctx context.Context, trigger *data.Map, events []string) error {
	return c.cast(ctx, "delete_event_trigger", data.MapOf("trigger", trigger, "events", data.Normalize(events)))
}

// UpdateEventTrigger implements EventEngineAPI.
func (c *EventEngineClient) UpdateEventTrigger(ctx context.Context, trigger *data.Map) error {
	return c.cast(ctx, "update_event_trigger", data.MapOf("trigger", trigger))
}

// ServeEventEngine delivers the event engine topic's requests (its own,
// its server's and the fanout ones) to api until ctx ends.
func ServeEventEngine(ctx context.Context, t Transport, topic, server string, api EventEngineAPI) error {
	if topic == "" {
		topic = TopicEventEngine
	}
	return t.Serve(ctx, Target{Topic: topic, Server: server, Ordered: true}, func(ctx context.Context, req *Request) (any, error) {
		a := args{req.Args}
		trigger := a.dict("trigger")
		switch req.Method {
		case "create_event_trigger":
			return nil, api.CreateEventTrigger(ctx, trigger, a.strings("events"))
		case "delete_event_trigger":
			return nil, api.DeleteEventTrigger(ctx, trigger, a.strings("events"))
		case "update_event_trigger":
			return nil, api.UpdateEventTrigger(ctx, trigger)
		}
		return nil, &UnknownMethodError{Method: req.Method}
	})
}
