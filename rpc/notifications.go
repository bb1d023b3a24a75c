package rpc

import (
	"context"
	"errors"
)

// ErrNoServer means no server takes a message's target: nothing serves its
// topic (in-process), or the broker had no queue for it (RabbitMQ).
var ErrNoServer = errors.New("no server for the target")

// ServiceNotification is one notification an OpenStack service publishes
// with oslo.messaging's notifier (nova's compute.instance.create.end, ...),
// as the event engine receives it.
type ServiceNotification struct {
	// Context is the publisher's request context (the _context_* keys
	// without their prefix). Never nil on receipt.
	Context     any
	PublisherID string
	EventType   string
	// Priority is lower case: audit, critical, debug, error, info, ...
	Priority  string
	Payload   any
	MessageID string
	// Timestamp is the publisher's, as it wrote it (Python's str(utcnow())).
	Timestamp string
}

// NotificationTarget names where notifications are listened for: the
// exchange and topic they are published to, and the pool of listeners that
// share them (each notification goes to one listener of a pool).
type NotificationTarget struct {
	Exchange string
	Topic    string
	Pool     string
}

// NotificationHandler handles one received notification. Notifications
// are acknowledged once it returns.
type NotificationHandler func(ctx context.Context, n *ServiceNotification)

// NotificationTransport is a transport that also carries oslo.messaging
// notifications. Both of ours do.
type NotificationTransport interface {
	// ListenNotifications delivers the notifications of every priority
	// published to target's exchange and topic to h, until ctx ends or
	// the transport closes. It returns once they flow.
	ListenNotifications(ctx context.Context, target NotificationTarget, h NotificationHandler) error
	// PublishNotification publishes n to exchange with topic, as an
	// OpenStack service's notifier does.
	PublishNotification(ctx context.Context, exchange, topic string, n *ServiceNotification) error
}
