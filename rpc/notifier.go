package rpc

import (
	"context"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// Notification is one workflow or task event for the notifier: the
// arguments of the notifier's notify method (RPC.md a.6).
type Notification struct {
	// ExID is the workflow execution id of a WORKFLOW_* event and the task
	// execution id of a TASK_* event.
	ExID string
	// Data describes the execution or task, with Mistral's keys in
	// Mistral's order.
	Data  *data.Map
	Event string
	// Timestamp is the execution's or task's updated_at.
	Timestamp time.Time
	// Publishers are the entries of the execution's params.notify that
	// want this event: {"type": "webhook", "url": ..., "headers": ...}.
	Publishers []any
}

// NotifyTimeFormat is how the notify timestamp travels: Python's
// datetime.isoformat() of a datetime with microseconds, as oslo's
// serializer writes it.
const NotifyTimeFormat = "2006-01-02T15:04:05.000000"

// NotifierAPI is the notifier's RPC surface.
type NotifierAPI interface {
	Notify(ctx context.Context, n *Notification) error
}

// NotifierClient casts notifications to the notifiers on a topic, as
// Mistral's remote notifier does.
type NotifierClient struct {
	t      Transport
	target Target
}

// NewNotifierClient returns a client for the notifiers on topic
// (TopicNotifier by default).
func NewNotifierClient(t Transport, topic string) *NotifierClient {
	if topic == "" {
		topic = TopicNotifier
	}
	return &NotifierClient{t: t, target: Target{Topic: topic}}
}

// Notify casts n to one notifier.
func (c *NotifierClient) Notify(ctx context.Context, n *Notification) error {
	return c.t.Cast(ctx, c.target, "notify", EncodeNotification(n))
}

// EncodeNotification returns notify's arguments for n, as they travel.
func EncodeNotification(n *Notification) *data.Map {
	return data.MapOf(
		"ex_id", n.ExID,
		"data", orEmpty(n.Data),
		"event", n.Event,
		"timestamp", n.Timestamp.UTC().Format(NotifyTimeFormat),
		"publishers", data.Normalize(n.Publishers),
	)
}

// DecodeNotification reads notify's arguments. A timestamp that is not
// Mistral's format reads as the zero time.
func DecodeNotification(m *data.Map) *Notification {
	a := args{m}
	ts, _ := time.Parse(NotifyTimeFormat, a.str("timestamp"))
	pubs, _ := m.Value("publishers").([]any)
	return &Notification{
		ExID:       a.str("ex_id"),
		Data:       a.dict("data"),
		Event:      a.str("event"),
		Timestamp:  ts,
		Publishers: pubs,
	}
}

// ServeNotifier delivers the notifier topic's requests to api until ctx
// ends. The handler only hands the notification over, so api must queue it
// rather than publish it inline.
func ServeNotifier(ctx context.Context, t Transport, topic, server string, api NotifierAPI) error {
	if topic == "" {
		topic = TopicNotifier
	}
	return t.Serve(ctx, Target{Topic: topic, Server: server, Ordered: true}, func(ctx context.Context, req *Request) (any, error) {
		if req.Method != "notify" {
			return nil, &UnknownMethodError{Method: req.Method}
		}
		return nil, api.Notify(ctx, DecodeNotification(req.Args))
	})
}
