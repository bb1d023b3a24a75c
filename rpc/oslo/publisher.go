package oslo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/rpc"
)

// Errors of the transport. Cast and Call wrap them.
var (
	// ErrUnroutable means the broker returned the message: no queue is
	// bound for it (no server of that topic exists). It was not delivered.
	// It wraps rpc.ErrNoServer.
	ErrUnroutable = fmt.Errorf("message unroutable, no queue bound for it: %w", rpc.ErrNoServer)
	// ErrNacked means the broker refused the message (basic.nack).
	ErrNacked = errors.New("message refused by the broker")
	// ErrConnectionLost means the connection dropped before the broker
	// confirmed the message, or before a call's reply came; the message
	// may or may not have been delivered.
	ErrConnectionLost = errors.New("broker connection lost")
	// ErrNotConnected means no broker connection came up in time.
	ErrNotConnected = errors.New("not connected to the broker")
	// ErrClosed means the transport was closed.
	ErrClosed = errors.New("transport closed")
)

// exchangeSpec is an exchange declared before the first publish to it on a
// connection, with the flags its consumers use (a mismatch would close the
// channel with PRECONDITION_FAILED).
type exchangeSpec struct {
	name       string
	kind       string
	durable    bool
	autoDelete bool
}

// publisher is one confirm-mode channel. Every message is published with
// mandatory set; a message counts as delivered when the broker acks it and
// did not return it first (RabbitMQ sends basic.return before basic.ack).
type publisher struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	log  *slog.Logger

	sendMu   sync.Mutex // orders publishes, so delivery tags are known in advance
	lastTag  uint64
	declared map[string]bool

	mu      sync.Mutex
	pending map[uint64]*sending
	byID    map[string]*sending // by _unique_id, to match returns
	dead    error

	returns  chan amqp.Return
	confirms chan amqp.Confirmation
	done     chan struct{} // closed when the channel is gone
}

type sending struct {
	uniqueID string
	returned bool
	result   chan error // buffered; receives exactly one value
}

func newPublisher(conn *amqp.Connection, log *slog.Logger) (*publisher, error) {
	ch, err := conn.Channel()
	if err != nil {
		return nil, fmt.Errorf("open publishing channel: %w", err)
	}
	if err := ch.Confirm(false); err != nil {
		_ = ch.Close()
		return nil, fmt.Errorf("enable publisher confirms: %w", err)
	}
	p := &publisher{
		conn:     conn,
		ch:       ch,
		log:      log,
		declared: map[string]bool{},
		pending:  map[uint64]*sending{},
		byID:     map[string]*sending{},
		returns:  ch.NotifyReturn(make(chan amqp.Return, 64)),
		confirms: ch.NotifyPublish(make(chan amqp.Confirmation, 256)),
		done:     make(chan struct{}),
	}
	go p.loop()
	return p, nil
}

// loop settles the pending messages as the broker answers, until the
// channel closes.
func (p *publisher) loop() {
	returns := p.returns
	for {
		select {
		case r, ok := <-returns:
			if !ok {
				returns = nil // closed with the channel; confirms close too
				continue
			}
			p.markReturned(r)
		case c, ok := <-p.confirms:
			if !ok {
				p.fail(ErrConnectionLost)
				return
			}
			// A return precedes the ack of the same message and was queued
			// before it: take every queued return first.
			p.drainReturns()
			p.settle(c)
		}
	}
}

func (p *publisher) drainReturns() {
	for {
		select {
		case r, ok := <-p.returns:
			if !ok {
				return
			}
			p.markReturned(r)
		default:
			return
		}
	}
}

func (p *publisher) markReturned(r amqp.Return) {
	body, err := decompressed(r.Body, r.Headers)
	if err != nil {
		p.log.Warn("broker returned an unreadable message", "exchange", r.Exchange, "routing_key", r.RoutingKey, "err", err)
		return
	}
	id := uniqueIDOf(body)
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.byID[id]; s != nil {
		s.returned = true
		return
	}
	p.log.Warn("broker returned an unknown message", "exchange", r.Exchange, "routing_key", r.RoutingKey, "reply_text", r.ReplyText)
}

func (p *publisher) settle(c amqp.Confirmation) {
	p.mu.Lock()
	s := p.pending[c.DeliveryTag]
	delete(p.pending, c.DeliveryTag)
	if s != nil {
		delete(p.byID, s.uniqueID)
	}
	p.mu.Unlock()
	switch {
	case s == nil:
		p.log.Warn("confirm for an unknown delivery tag", "tag", c.DeliveryTag)
	case s.returned:
		s.result <- ErrUnroutable
	case !c.Ack:
		s.result <- ErrNacked
	default:
		s.result <- nil
	}
}

func (p *publisher) fail(err error) {
	p.mu.Lock()
	p.dead = err
	pending := p.pending
	p.pending, p.byID = map[uint64]*sending{}, map[string]*sending{}
	p.mu.Unlock()
	for _, s := range pending {
		s.result <- err
	}
	close(p.done)
}

// errNotSent marks a publish that never reached the broker: it is safe to
// try again on a new connection.
type errNotSent struct{ err error }

func (e *errNotSent) Error() string { return e.err.Error() }
func (e *errNotSent) Unwrap() error { return e.err }

// send publishes one message and waits for the broker's verdict.
func (p *publisher) send(ctx context.Context, ex exchangeSpec, key, uniqueID string, msg amqp.Publishing) error {
	s := &sending{uniqueID: uniqueID, result: make(chan error, 1)}
	if err := p.publish(ex, key, s, msg); err != nil {
		return err
	}
	select {
	case err := <-s.result:
		return err
	case <-ctx.Done():
		return fmt.Errorf("waiting for the broker's confirm: %w", ctx.Err())
	}
}

func (p *publisher) publish(ex exchangeSpec, key string, s *sending, msg amqp.Publishing) error {
	p.sendMu.Lock()
	defer p.sendMu.Unlock()
	if ex.name != "" && !p.declared[ex.name] {
		if err := p.ch.ExchangeDeclare(ex.name, ex.kind, ex.durable, ex.autoDelete, false, false, nil); err != nil {
			err = fmt.Errorf("declare exchange %q: %w", ex.name, err)
			if errors.Is(err, amqp.ErrClosed) {
				// The broker closed the channel (an earlier channel
				// error) before we heard of it: nothing left, so the
				// message may go again on a new channel.
				return &errNotSent{err}
			}
			return err
		}
		p.declared[ex.name] = true
	}
	tag := p.lastTag + 1
	p.mu.Lock()
	if p.dead != nil {
		p.mu.Unlock()
		return &errNotSent{p.dead}
	}
	p.pending[tag] = s
	p.byID[s.uniqueID] = s
	p.mu.Unlock()

	dc, err := p.ch.PublishWithDeferredConfirm(ex.name, key, true, false, msg)
	if err != nil {
		p.mu.Lock()
		delete(p.pending, tag)
		delete(p.byID, s.uniqueID)
		p.mu.Unlock()
		return &errNotSent{fmt.Errorf("publish to %q: %w", ex.name, err)}
	}
	if dc.DeliveryTag != tag {
		// Cannot happen while every publish on this channel goes through
		// here; if it does, the confirms cannot be matched any more.
		p.log.Error("delivery tags out of step", "want", tag, "got", dc.DeliveryTag)
		_ = p.ch.Close()
	}
	p.lastTag = tag
	return nil
}

// isDead reports whether the channel is gone.
func (p *publisher) isDead() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// uniqueIDOf reads _unique_id from a message body (a returned message).
func uniqueIDOf(body []byte) string {
	m, err := openEnvelope(body)
	if err != nil {
		return ""
	}
	id, _ := m.Value("_unique_id").(string)
	return id
}

// publishing returns the AMQP properties oslo sends: JSON, UTF-8,
// persistent, and the call timeout as per-message TTL on calls only.
// oslo also sends priority 0 and an empty headers table; amqp091-go leaves
// zero-valued properties out of the frame, which AMQP reads the same way.
func publishing(body []byte, expiration string) amqp.Publishing {
	return amqp.Publishing{
		Headers:         amqp.Table{},
		ContentType:     "application/json",
		ContentEncoding: "utf-8",
		DeliveryMode:    amqp.Persistent,
		Priority:        0,
		Expiration:      expiration,
		Body:            body,
	}
}

// outgoing is the publishing of a message we send, its body compressed as
// kombu_compression says.
func (t *Transport) outgoing(body []byte, expiration string) amqp.Publishing {
	msg := publishing(body, expiration)
	msg.Body = compress(msg.Body, t.compression, msg.Headers)
	return msg
}
