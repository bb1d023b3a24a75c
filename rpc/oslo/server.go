package oslo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// oslo's dispatcher module, for the failures it raises itself.
const dispatcherModule = "oslo_messaging.rpc.dispatcher"

// Serve declares target's queues as an oslo RPC server does and delivers
// their requests to h until ctx ends or the transport closes: the topic
// queue <topic> (shared by all servers of the topic), the server queue
// <topic>.<server> and a fanout queue <topic>_fanout_<hex> bound to the
// fanout exchange <topic>_fanout. An empty target.Server means Config.Host.
// It returns once the server consumes, or the declaration error.
//
// Requests are acknowledged on receipt, before h runs (oslo's at-most-once
// delivery); up to Config.ExecutorThreadPoolSize run at once. Malformed
// messages are logged and dropped; a request that cannot be dispatched
// (bad arguments, a method starting with "_", another version or a
// namespace) is answered with the failure oslo sends.
func (t *Transport) Serve(ctx context.Context, target rpc.Target, h rpc.Handler) error {
	if target.Topic == "" {
		return errors.New("serve: target has no topic")
	}
	if target.Server == "" {
		target.Server = t.cfg.Host
	}
	s := &server{
		t:       t,
		ctx:     ctx,
		target:  target,
		handler: h,
		fanoutQ: target.Topic + "_fanout_" + newHex(),
		dedup:   newDedup(dedupSize),
		sem:     make(chan struct{}, t.cfg.ExecutorThreadPoolSize),
	}
	if err := t.runServer(s); err != nil {
		return err
	}
	t.log.Info("serving", "topic", target.Topic, "server", target.Server, "fanout_queue", s.fanoutQ)
	return nil
}

// runServer registers s, starts it on the current connection (and on every
// later one) and stops it when its context or the transport ends.
func (t *Transport) runServer(s *server) error {
	t.mu.Lock()
	t.servers[s] = struct{}{}
	t.mu.Unlock()
	for {
		conn, err := t.subLink.current(s.ctx, t.ctx.Done())
		if err == nil {
			if err = s.start(conn); err != nil && conn.IsClosed() {
				continue // lost meanwhile; the next connection starts it
			}
		}
		if err != nil {
			t.mu.Lock()
			delete(t.servers, s)
			t.mu.Unlock()
			s.stop()
			return fmt.Errorf("serve %s: %w", s.target, err)
		}
		break
	}
	go func() {
		select {
		case <-s.ctx.Done():
		case <-t.ctx.Done():
		}
		t.mu.Lock()
		delete(t.servers, s)
		t.mu.Unlock()
		s.stop()
	}()
	return nil
}

// server is one Serve target.
type server struct {
	t       *Transport
	ctx     context.Context
	target  rpc.Target
	handler rpc.Handler
	fanoutQ string
	dedup   *dedup
	sem     chan struct{}
	// listener, when set, makes this a notification listener instead of
	// an RPC server (notifications.go).
	listener *notificationListener

	mu      sync.Mutex
	on      *amqp.Connection
	ch      *amqp.Channel
	stopped bool
}

// start declares the server's topology on conn and consumes its three
// queues on one channel with consumer tags 1, 2 and 3, once per connection.
func (s *server) start(conn *amqp.Connection) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.on == conn {
		return nil
	}
	ch, err := conn.Channel()
	if err != nil {
		return fmt.Errorf("open channel: %w", err)
	}
	if n := s.t.cfg.QosPrefetchCount; n > 0 {
		if err := ch.Qos(n, 0, false); err != nil {
			_ = ch.Close()
			return fmt.Errorf("set prefetch count: %w", err)
		}
	}
	declare := s.declare
	if s.listener != nil {
		declare = s.listener.declare
	}
	queues, err := declare(ch)
	if err != nil {
		_ = ch.Close()
		return err
	}
	for i, q := range queues {
		deliveries, err := ch.Consume(q, fmt.Sprint(i+1), false, false, false, false, nil)
		if err != nil {
			_ = ch.Close()
			return fmt.Errorf("consume %s: %w", q, err)
		}
		go s.consume(deliveries)
	}
	s.on, s.ch = conn, ch
	go s.watch(conn, ch)
	return nil
}

// watch restarts the server when its channel closes while the connection
// lives on (a channel error); a lost connection is the link's business.
func (s *server) watch(conn *amqp.Connection, ch *amqp.Channel) {
	err := <-ch.NotifyClose(make(chan *amqp.Error, 1))
	for {
		s.mu.Lock()
		if s.stopped || conn.IsClosed() || s.ch != ch {
			s.mu.Unlock()
			return
		}
		s.on, s.ch = nil, nil
		s.mu.Unlock()
		s.t.log.Error("server channel closed, reopening", "topic", s.target.Topic, "err", err)
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(s.t.cfg.RetryInterval):
		}
		if err := s.start(conn); err != nil {
			s.t.log.Error("server restart failed", "topic", s.target.Topic, "err", err)
			continue
		}
		return
	}
}

// declare creates the exchanges, queues and bindings of oslo's RPC server
// (RPC.md b.2) and returns the queue names.
func (s *server) declare(ch *amqp.Channel) ([]string, error) {
	cfg := s.t.cfg
	ctl := s.t.controlExchange()
	if err := ch.ExchangeDeclare(ctl.name, ctl.kind, ctl.durable, ctl.autoDelete, false, false, nil); err != nil {
		return nil, fmt.Errorf("declare exchange %s: %w", ctl.name, err)
	}
	topicArgs := cfg.topicQueueArgs()
	topic, server := s.target.Topic, s.target.Topic+"."+s.target.Server
	for _, q := range []string{topic, server} {
		if _, err := ch.QueueDeclare(q, ctl.durable, ctl.autoDelete, false, false, topicArgs); err != nil {
			return nil, fmt.Errorf("declare queue %s: %w", q, err)
		}
		if err := ch.QueueBind(q, q, ctl.name, false, nil); err != nil {
			return nil, fmt.Errorf("bind queue %s: %w", q, err)
		}
	}
	fan := fanoutExchange(topic)
	if err := ch.ExchangeDeclare(fan.name, fan.kind, fan.durable, fan.autoDelete, false, false, nil); err != nil {
		return nil, fmt.Errorf("declare exchange %s: %w", fan.name, err)
	}
	if _, err := ch.QueueDeclare(s.fanoutQ, false, false, false, false, cfg.transientQueueArgs()); err != nil {
		return nil, fmt.Errorf("declare queue %s: %w", s.fanoutQ, err)
	}
	if err := ch.QueueBind(s.fanoutQ, topic, fan.name, false, nil); err != nil {
		return nil, fmt.Errorf("bind queue %s: %w", s.fanoutQ, err)
	}
	return []string{topic, server, s.fanoutQ}, nil
}

func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.ch != nil {
		_ = s.ch.Close()
	}
}

// consume acknowledges each delivery on receipt and hands it on. It ends
// when the channel closes.
func (s *server) consume(deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		if s.listener != nil {
			s.listener.deliver(d)
			continue
		}
		if err := d.Ack(false); err != nil {
			// oslo drops a message it could not acknowledge.
			s.t.log.Warn("ack failed, dropping the request", "topic", s.target.Topic, "err", err)
			continue
		}
		s.receive(d)
	}
}

func (s *server) receive(d amqp.Delivery) {
	body, err := decompressed(d.Body, d.Headers)
	if err != nil {
		s.t.log.Warn("dropping a message", "topic", s.target.Topic, "err", err)
		return
	}
	m, err := openEnvelope(body)
	if err != nil {
		s.t.log.Warn("dropping a malformed message", "topic", s.target.Topic, "err", err)
		return
	}
	in, err := splitRequest(m)
	if err != nil {
		s.t.log.Warn("dropping a malformed request", "topic", s.target.Topic, "err", err)
		return
	}
	if in.uniqueID != "" && s.dedup.seen(in.uniqueID) {
		s.t.log.Info("dropping a duplicate message", "topic", s.target.Topic, "method", in.method, "unique_id", in.uniqueID)
		return
	}
	in.handoff = s.t.handoffOf(d, body)
	if s.target.Ordered {
		s.dispatch(in)
		return
	}
	select {
	case s.sem <- struct{}{}:
	case <-s.ctx.Done():
		return
	}
	go func() {
		defer func() { <-s.sem }()
		s.dispatch(in)
	}()
}

func (s *server) dispatch(in *incoming) {
	result, err := s.invoke(in)
	if errors.Is(err, rpc.ErrHandOff) {
		if in.handoff.allowed {
			s.handOff(in)
			return
		}
		err = &exc.Error{Class: exc.MistralException, Msg: fmt.Sprintf("%s cannot be served here and may not be handed off", in.method)}
	}
	if in.msgID == "" {
		if err != nil {
			s.t.log.Error("cast failed", "topic", s.target.Topic, "method", in.method, "err", err)
		}
		return
	}
	var r reply
	if err == nil {
		r.result, err = EncodeEntity(result)
		if err != nil {
			err = &exc.Error{Class: exc.MistralException, Msg: fmt.Sprintf("cannot serialize the result of %s: %v", in.method, err)}
		}
	}
	if err != nil {
		s.t.log.Info("call failed", "topic", s.target.Topic, "method", in.method, "err", err)
		if r.failure, err = encodeFailure(failureOf(err)); err != nil {
			s.t.log.Error("cannot encode a failure", "method", in.method, "err", err)
			return
		}
		r.result = nil
	}
	r.ending, r.msgID, r.uniqueID = true, in.msgID, newHex()
	s.t.sendReply(in.replyQ, r)
}

// invoke checks a request as oslo's dispatcher does and runs the handler.
func (s *server) invoke(in *incoming) (result any, err error) {
	if strings.HasPrefix(in.method, "_") {
		return nil, &rpc.UnknownMethodError{Method: in.method} // oslo's access policy
	}
	if err := checkVersion(in); err != nil {
		return nil, err
	}
	args := data.NewMap(in.args.Len())
	for _, k := range in.args.Keys() {
		v, err := DecodeEntity(in.args.Value(k))
		if err != nil {
			return nil, err
		}
		args.Set(k, v)
	}
	req := &rpc.Request{Method: in.method, Args: args, Context: in.context, Call: in.msgID != "", MayHandOff: in.handoff.allowed}
	defer func() {
		if p := recover(); p != nil {
			s.t.log.Error("handler panicked", "topic", s.target.Topic, "method", in.method, "panic", p)
			result, err = nil, &exc.Error{Class: exc.MistralException, Msg: fmt.Sprintf("%s failed: %v", in.method, p)}
		}
	}()
	return s.handler(rpc.WithRequestContext(s.ctx, in.context), req)
}

// checkVersion refuses what oslo's dispatcher refuses for Mistral's
// endpoints, which declare no namespace and version 1.0.
func checkVersion(in *incoming) error {
	version := "1.0"
	if v, ok := in.version.(string); ok {
		version = v
	}
	major, minor, _ := strings.Cut(version, ".")
	if in.namespace != nil || major != "1" || (minor != "" && minor != "0") {
		return &rpc.RemoteError{Module: dispatcherModule, Class: "UnsupportedVersion",
			Message: fmt.Sprintf("Endpoint does not support RPC version %s. Attempted method: %s", version, in.method)}
	}
	return nil
}

// sendReply publishes a reply to the default exchange. While the reply
// queue is missing it retries every 0.25s for MissingConsumerRetryTimeout,
// as oslo does, then drops the reply.
func (t *Transport) sendReply(replyQ string, r reply) {
	body, err := encodeReply(r)
	if err != nil {
		t.log.Error("cannot encode a reply", "msg_id", r.msgID, "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(t.ctx, t.cfg.MissingConsumerRetryTimeout)
	defer cancel()
	for {
		err := t.send(ctx, exchangeSpec{}, replyQ, r.uniqueID, t.outgoing(body, ""))
		if err == nil {
			return
		}
		if t.ctx.Err() != nil {
			t.log.Info("transport closed before a reply was confirmed", "reply_q", replyQ, "msg_id", r.msgID)
			return
		}
		if !errors.Is(err, ErrUnroutable) {
			t.log.Error("reply not sent", "reply_q", replyQ, "msg_id", r.msgID, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			t.log.Warn("reply queue does not exist, dropping the reply", "reply_q", replyQ, "msg_id", r.msgID)
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
}
