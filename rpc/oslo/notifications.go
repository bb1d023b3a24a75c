package oslo

import (
	"context"
	"fmt"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// This file speaks oslo.messaging's notification protocol, which the event
// engine listens to: OpenStack services publish notifications to a topic
// exchange (the service's control exchange, "nova" for instance) with
// routing key <topic>.<priority>, and a listener of a pool consumes the
// queue named after the pool, bound with every priority's routing key, so
// that the listeners of one pool share the notifications (each goes to
// one of them) while other pools get their own copy.

// listenedPriorities are the priorities Mistral's notification endpoint
// handles (mistral/event_engine/default_event_engine.py).
var listenedPriorities = []string{"audit", "critical", "debug", "error", "info"}

var _ rpc.NotificationTransport = (*Transport)(nil)

// notificationListener is what turns a server into a notification listener.
type notificationListener struct {
	t       *Transport
	target  rpc.NotificationTarget
	handler rpc.NotificationHandler
	ctx     context.Context
	dedup   *dedup
}

// ListenNotifications implements rpc.NotificationTransport. An empty
// target.Exchange is the control exchange; an empty Pool gives each
// priority its own <topic>.<priority> queue, as oslo does without a pool.
func (t *Transport) ListenNotifications(ctx context.Context, target rpc.NotificationTarget, h rpc.NotificationHandler) error {
	if target.Topic == "" {
		return fmt.Errorf("listen for notifications: target has no topic")
	}
	l := &notificationListener{t: t, target: target, handler: h, ctx: ctx, dedup: newDedup(dedupSize)}
	s := &server{
		t:        t,
		ctx:      ctx,
		target:   rpc.Target{Topic: target.Topic},
		dedup:    l.dedup,
		listener: l,
	}
	if err := t.runServer(s); err != nil {
		return err
	}
	t.log.Info("listening for notifications", "exchange", l.exchange().name, "topic", target.Topic, "pool", target.Pool)
	return nil
}

// exchange is the topic exchange notifications are published to, with the
// flags of oslo's topic consumers.
func (l *notificationListener) exchange() exchangeSpec {
	ex := l.t.controlExchange()
	if l.target.Exchange != "" {
		ex.name = l.target.Exchange
	}
	return ex
}

// declare creates the exchange, the queue(s) and the bindings of oslo's
// notification listener and returns the queue names.
func (l *notificationListener) declare(ch *amqp.Channel) ([]string, error) {
	cfg := l.t.cfg
	ex := l.exchange()
	if err := ch.ExchangeDeclare(ex.name, ex.kind, ex.durable, ex.autoDelete, false, false, nil); err != nil {
		return nil, fmt.Errorf("declare exchange %s: %w", ex.name, err)
	}
	args := cfg.topicQueueArgs()
	var queues []string
	for _, p := range listenedPriorities {
		key := l.target.Topic + "." + p
		q := l.target.Pool
		if q == "" {
			q = key
		}
		if _, err := ch.QueueDeclare(q, ex.durable, ex.autoDelete, false, false, args); err != nil {
			return nil, fmt.Errorf("declare queue %s: %w", q, err)
		}
		if err := ch.QueueBind(q, key, ex.name, false, nil); err != nil {
			return nil, fmt.Errorf("bind queue %s to %s: %w", q, key, err)
		}
		if len(queues) == 0 || queues[len(queues)-1] != q {
			queues = append(queues, q)
		}
	}
	return queues, nil
}

// deliver hands one notification to the handler and acknowledges it after,
// as oslo's notification listener does. Malformed messages are dropped.
func (l *notificationListener) deliver(d amqp.Delivery) {
	defer func() {
		if err := d.Ack(false); err != nil {
			l.t.log.Warn("notification ack failed", "topic", l.target.Topic, "err", err)
		}
	}()
	body, err := decompressed(d.Body, d.Headers)
	if err != nil {
		l.t.log.Warn("dropping a notification", "topic", l.target.Topic, "err", err)
		return
	}
	n, uniqueID, err := decodeNotification(body)
	if err != nil {
		l.t.log.Warn("dropping a malformed notification", "topic", l.target.Topic, "err", err)
		return
	}
	if uniqueID != "" && l.dedup.seen(uniqueID) {
		return
	}
	l.handler(l.ctx, n)
}

// decodeNotification reads a notification message: the envelope, then
// message_id, publisher_id, event_type, priority, payload, timestamp and
// the _context_* keys.
func decodeNotification(body []byte) (*rpc.ServiceNotification, string, error) {
	m, err := openEnvelope(body)
	if err != nil {
		return nil, "", err
	}
	ctx := data.NewMap(32)
	n := &rpc.ServiceNotification{Context: ctx}
	var uniqueID string
	for _, k := range m.Keys() {
		v := m.Value(k)
		s, _ := v.(string)
		switch k {
		case "message_id":
			n.MessageID = s
		case "publisher_id":
			n.PublisherID = s
		case "event_type":
			n.EventType = s
		case "priority":
			n.Priority = strings.ToLower(s)
		case "payload":
			n.Payload = v
		case "timestamp":
			n.Timestamp = s
		case "_unique_id":
			uniqueID = s
		default:
			if strings.HasPrefix(k, contextPrefix) {
				ctx.Set(k[len(contextPrefix):], v)
			}
		}
	}
	if n.EventType == "" {
		return nil, "", fmt.Errorf("notification has no event_type")
	}
	return n, uniqueID, nil
}

// PublishNotification implements rpc.NotificationTransport with the message
// of oslo's messagingv2 driver: routing key <topic>.<priority> on the
// exchange (the control exchange if empty). A notification no queue takes
// is an error wrapping ErrUnroutable.
func (t *Transport) PublishNotification(ctx context.Context, exchange, topic string, n *rpc.ServiceNotification) error {
	priority := strings.ToLower(n.Priority)
	if priority == "" {
		priority = "info"
	}
	ts := n.Timestamp
	if ts == "" {
		ts = time.Now().UTC().Format("2006-01-02 15:04:05.000000")
	}
	id := n.MessageID
	if id == "" {
		h := newHex()
		id = h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
	}
	uid := newHex()
	var w messageWriter
	w.str("message_id", id)
	w.str("publisher_id", n.PublisherID)
	w.str("event_type", n.EventType)
	w.str("priority", strings.ToUpper(priority))
	w.field("payload", n.Payload)
	w.str("timestamp", ts)
	w.str("_unique_id", uid)
	if c, ok := n.Context.(*data.Map); ok {
		for _, k := range c.Keys() {
			w.field(contextPrefix+k, c.Value(k))
		}
	}
	body, err := w.envelope()
	if err != nil {
		return err
	}
	ex := t.controlExchange()
	if exchange != "" {
		ex.name = exchange
	}
	ctx, cancel := t.sendContext(ctx)
	defer cancel()
	if err := t.send(ctx, ex, topic+"."+priority, uid, t.outgoing(body, "")); err != nil {
		return fmt.Errorf("publish notification %s to %s/%s: %w", n.EventType, ex.name, topic, err)
	}
	return nil
}
