package inproc

import (
	"context"
	"errors"
	"fmt"

	"github.com/tramontane/tramontane/rpc"
)

// In-process notifications: nothing outside this process can publish them,
// so in the embedded default the event engine only receives what this
// process publishes (tests do). Listeners of one pool share notifications
// round-robin; each pool gets its own copy, as with RabbitMQ.

var _ rpc.NotificationTransport = (*Transport)(nil)

type listener struct {
	pool string
	h    rpc.NotificationHandler
	ctx  context.Context
}

func notificationKey(exchange, topic string) string { return exchange + "\x00" + topic }

// ListenNotifications implements rpc.NotificationTransport.
func (t *Transport) ListenNotifications(ctx context.Context, target rpc.NotificationTarget, h rpc.NotificationHandler) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errors.New("transport closed")
	}
	if t.listeners == nil {
		t.listeners = make(map[string][]*listener)
	}
	key := notificationKey(target.Exchange, target.Topic)
	l := &listener{pool: target.Pool, h: h, ctx: ctx}
	t.listeners[key] = append(t.listeners[key], l)
	context.AfterFunc(ctx, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		list := t.listeners[key]
		for i, x := range list {
			if x == l {
				t.listeners[key] = append(list[:i:i], list[i+1:]...)
				return
			}
		}
	})
	return nil
}

// PublishNotification implements rpc.NotificationTransport: one listener
// of each pool gets n, on its own goroutine.
func (t *Transport) PublishNotification(ctx context.Context, exchange, topic string, n *rpc.ServiceNotification) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return errors.New("transport closed")
	}
	key := notificationKey(exchange, topic)
	byPool := make(map[string][]*listener)
	var pools []string
	for _, l := range t.listeners[key] {
		if _, ok := byPool[l.pool]; !ok {
			pools = append(pools, l.pool)
		}
		byPool[l.pool] = append(byPool[l.pool], l)
	}
	var chosen []*listener
	for _, p := range pools {
		i := t.next[key+"\x00"+p] % len(byPool[p])
		t.next[key+"\x00"+p] = i + 1
		chosen = append(chosen, byPool[p][i])
	}
	t.mu.Unlock()
	if len(chosen) == 0 {
		return fmt.Errorf("notification to %s/%s: %w", exchange, topic, ErrNoServer)
	}
	for _, l := range chosen {
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			l.h(l.ctx, n)
		}()
	}
	return nil
}
