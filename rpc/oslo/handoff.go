package oslo

import (
	"context"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// A server whose handler returns rpc.ErrHandOff gives the request back to
// its topic: it publishes the very message it received (body, routing key,
// expiration) again on the control exchange, where the broker hands it to
// the next consumer of the queue in turn, a Python Mistral server as well
// as one of ours. The request was acknowledged on receipt, as oslo does,
// so it lives only in this process until the new publish is confirmed;
// nothing else changes in the message, and Python servers, which read
// only the body, take it like any request.
//
// Two AMQP headers travel with a handed-off message: the number of
// hand-offs so far, which spaces them out (handoffDelay), and the
// deadline, set at the first hand-off to now + Config.HandoffTimeout.
// A server that gets the message after its deadline may not hand it off
// again (rpc.Request.MayHandOff is false) and must answer it: the executor
// then fails the action, saying that no executor on the bus could run it.
// Without a live consumer able to run it, a request therefore circulates
// at most HandoffTimeout, a few times a second at most.
const (
	handoffHopsHeader     = "x-tramontane-handoffs"
	handoffDeadlineHeader = "x-tramontane-handoff-deadline" // Unix milliseconds
)

// handoff is what a server knows about handing a request off.
type handoff struct {
	allowed    bool
	hops       int       // hand-offs so far
	deadline   time.Time // zero before the first hand-off
	routingKey string
	expiration string
	body       []byte
}

// fanoutTag is the consumer tag of a server's fanout queue (RPC.md b.2):
// a fanout request went to every server, so none can hand it to another.
const fanoutTag = "3"

// handoffOf reads the hand-off state of a delivery whose (decompressed)
// body is body.
func (t *Transport) handoffOf(d amqp.Delivery, body []byte) handoff {
	h := handoff{routingKey: d.RoutingKey, expiration: d.Expiration, body: body}
	if n, ok := headerInt(d.Headers[handoffHopsHeader]); ok {
		h.hops = int(n)
	}
	if ms, ok := headerInt(d.Headers[handoffDeadlineHeader]); ok {
		h.deadline = time.UnixMilli(ms)
	}
	h.allowed = t.cfg.HandoffTimeout > 0 && d.ConsumerTag != fanoutTag &&
		(h.deadline.IsZero() || time.Now().Before(h.deadline))
	return h
}

// headerInt reads an integer header; we write int64, which amqp091-go
// reads back as int64.
func headerInt(v any) (int64, bool) {
	n, ok := v.(int64)
	return n, ok
}

// handoffTimeout is how long a request may go round: HandoffTimeout, and
// for a call at most half the response timeout.
func (t *Transport) handoffTimeout(call bool) time.Duration {
	d := t.cfg.HandoffTimeout
	if call {
		d = min(d, t.cfg.ResponseTimeout/2)
	}
	return d
}

// handoffDelay is the pause before the n-th hand-off of a request: short
// at first, when another consumer is likely to take it, longer when it
// keeps coming back.
func handoffDelay(n int) time.Duration {
	return min(20*time.Millisecond<<min(n, 6), time.Second)
}

// handOff publishes a request again to its topic after a pause. If that
// fails, the request is answered here after all.
func (s *server) handOff(in *incoming) {
	h := in.handoff
	if h.deadline.IsZero() {
		h.deadline = time.Now().Add(s.t.handoffTimeout(in.msgID != ""))
	}
	h.hops++
	// The request may come back here: it must not look like a repeat.
	s.dedup.forget(in.uniqueID)
	s.t.log.Debug("handing a request off to another server", "topic", s.target.Topic, "method", in.method,
		"handoffs", h.hops, "deadline", h.deadline)
	time.AfterFunc(handoffDelay(h.hops-1), func() {
		msg := s.t.outgoing(h.body, h.expiration)
		msg.Headers[handoffHopsHeader] = int64(h.hops)
		msg.Headers[handoffDeadlineHeader] = h.deadline.UnixMilli()
		ctx, cancel := context.WithTimeout(s.ctx, max(time.Until(h.deadline), time.Second))
		defer cancel()
		err := s.t.send(ctx, s.t.controlExchange(), h.routingKey, in.uniqueID, msg)
		if err == nil {
			return
		}
		if s.ctx.Err() != nil || s.t.ctx.Err() != nil {
			s.t.log.Warn("server stopped while handing a request off; it is lost", "topic", s.target.Topic,
				"method", in.method, "err", err)
			return
		}
		s.t.log.Error("hand-off failed, answering the request here", "topic", s.target.Topic, "method", in.method, "err", err)
		in.handoff.allowed = false
		s.dispatch(in)
	})
}
