package oslo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// Transport is rpc.Transport over RabbitMQ with oslo.messaging's rabbit
// protocol. It keeps two connections, as oslo does: one to publish
// (requests and replies) and one to consume (servers and the reply queue).
// Both come back after a broker restart or a fail-over; servers then
// declare their queues again and resume.
type Transport struct {
	cfg        Config
	log        *slog.Logger
	replyQ     string // this transport's reply_<hex> queue
	replyDedup *dedup
	closeOnce  sync.Once
	// compression is how bodies are compressed for sending ("": not).
	compression string

	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	pubLink *link
	subLink *link

	pubMu sync.Mutex
	pub   *publisher // nil while disconnected

	mu          sync.Mutex
	servers     map[*server]struct{}
	waiters     map[string]*waiter // calls waiting for a reply, by _msg_id
	repliesWant bool               // a call was made: keep the reply queue
	repliesOn   *amqp.Connection   // connection the reply consumer runs on
}

var _ rpc.Transport = (*Transport)(nil)

// New connects to the broker of cfg.TransportURL and returns the transport.
// It keeps trying the brokers until ctx ends; after that, connections lost
// are re-established in the background until Close.
func New(ctx context.Context, cfg Config) (*Transport, error) {
	cfg = cfg.withDefaults()
	u, err := ParseTransportURL(cfg.TransportURL)
	if err != nil {
		return nil, err
	}
	compression, err := compressionOf(cfg.Compression)
	if err != nil {
		return nil, err
	}
	d, err := newDialer(u, cfg)
	if err != nil {
		return nil, err
	}
	t := &Transport{
		cfg:         cfg,
		compression: compression,
		log:         cfg.Logger.With("component", "rpc/oslo"),
		replyQ:      "reply_" + newHex(),
		servers:     map[*server]struct{}{},
		waiters:     map[string]*waiter{},
		replyDedup:  newDedup(dedupSize),
	}
	if cfg.Compression != "" && compression == "" {
		t.log.Warn("kombu_compression: bz2 is read but not written; messages go out uncompressed", "kombu_compression", cfg.Compression)
	}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	t.pubLink = newLink("publish", d, t.log, t.setupPublisher, t.publisherLost)
	t.subLink = newLink("consume", d, t.log, t.setupConsumers, t.consumersLost)
	if err := t.pubLink.connect(ctx); err != nil {
		t.cancel()
		return nil, err
	}
	if err := t.subLink.connect(ctx); err != nil {
		t.cancel()
		if c := t.pubLink.now(); c != nil {
			_ = c.Close()
		}
		return nil, err
	}
	for _, l := range []*link{t.pubLink, t.subLink} {
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			l.run(t.ctx)
		}()
	}
	return t, nil
}

// Close stops the servers, fails the calls still waiting and closes the
// connections.
func (t *Transport) Close() error {
	t.closeOnce.Do(func() {
		t.cancel()
		t.wg.Wait()
		t.mu.Lock()
		servers := t.servers
		t.servers = map[*server]struct{}{}
		t.mu.Unlock()
		for s := range servers {
			s.stop()
		}
		t.failWaiters(ErrClosed)
	})
	return nil
}

// setupPublisher opens the publishing channel of a new connection.
func (t *Transport) setupPublisher(conn *amqp.Connection) error {
	p, err := newPublisher(conn, t.log)
	if err != nil {
		return err
	}
	t.pubMu.Lock()
	t.pub = p
	t.pubMu.Unlock()
	return nil
}

func (t *Transport) publisherLost(error) {
	t.pubMu.Lock()
	t.pub = nil
	t.pubMu.Unlock()
}

// setupConsumers starts, on a new connection, every server and the reply
// consumer if calls were made.
func (t *Transport) setupConsumers(conn *amqp.Connection) error {
	t.mu.Lock()
	servers := make([]*server, 0, len(t.servers))
	for s := range t.servers {
		servers = append(servers, s)
	}
	wantReplies := t.repliesWant
	t.mu.Unlock()
	for _, s := range servers {
		if err := s.start(conn); err != nil {
			return err
		}
	}
	if wantReplies {
		return t.startReplies(conn)
	}
	return nil
}

// consumersLost fails the calls in flight: their replies would come on the
// connection that is gone.
func (t *Transport) consumersLost(err error) {
	t.mu.Lock()
	t.repliesOn = nil
	t.mu.Unlock()
	t.failWaiters(fmt.Errorf("%w: %v", ErrConnectionLost, err))
}

// publisher returns the live publisher, waiting for a reconnect until ctx
// ends. A publishing channel that the broker closed (a channel error) is
// replaced on the same connection.
func (t *Transport) publisher(ctx context.Context) (*publisher, error) {
	for {
		conn, err := t.pubLink.current(ctx, t.ctx.Done())
		if err != nil {
			return nil, err
		}
		t.pubMu.Lock()
		p := t.pub
		if p == nil || p.conn != conn || p.isDead() {
			if p, err = newPublisher(conn, t.log); err == nil {
				t.pub = p
			}
		}
		t.pubMu.Unlock()
		if err == nil {
			return p, nil
		}
		if !conn.IsClosed() {
			return nil, err
		}
	}
}

// send publishes one message with confirms, trying a new connection when
// the message never left.
func (t *Transport) send(ctx context.Context, ex exchangeSpec, key, uniqueID string, msg amqp.Publishing) error {
	for {
		p, err := t.publisher(ctx)
		if err != nil {
			return err
		}
		err = p.send(ctx, ex, key, uniqueID, msg)
		var notSent *errNotSent
		if !errors.As(err, &notSent) {
			return err
		}
		t.log.Warn("publish failed, retrying on a new channel", "exchange", ex.name, "routing_key", key, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: %w", err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// controlExchange is the topic exchange of requests, with the flags of
// oslo's topic consumers.
func (t *Transport) controlExchange() exchangeSpec {
	return exchangeSpec{
		name:       t.cfg.ControlExchange,
		kind:       amqp.ExchangeTopic,
		durable:    t.cfg.AMQPDurableQueues || t.cfg.RabbitQuorumQueue,
		autoDelete: t.cfg.AMQPAutoDelete,
	}
}

// route returns the exchange and routing key of a target: the control
// exchange with the topic or topic.server, or the topic's fanout exchange.
func (t *Transport) route(target rpc.Target) (exchangeSpec, string) {
	if target.Fanout {
		return fanoutExchange(target.Topic), ""
	}
	return t.controlExchange(), target.String()
}

func fanoutExchange(topic string) exchangeSpec {
	return exchangeSpec{name: topic + "_fanout", kind: amqp.ExchangeFanout, autoDelete: true}
}

// encodeArgs applies Mistral's serializer to every argument.
func encodeArgs(args *data.Map) (*data.Map, error) {
	out := data.NewMap(args.Len())
	for _, k := range args.Keys() {
		v, err := EncodeEntity(args.Value(k))
		if err != nil {
			return nil, fmt.Errorf("serialize argument %q: %w", k, err)
		}
		out.Set(k, v)
	}
	return out, nil
}

// Cast sends method(args) to target without waiting for a reply. It returns
// nil once the broker confirmed the message and routed it to a queue; an
// unroutable message is an error wrapping ErrUnroutable.
func (t *Transport) Cast(ctx context.Context, target rpc.Target, method string, args *data.Map) error {
	wire, err := encodeArgs(args)
	if err != nil {
		return fmt.Errorf("cast %s to %s: %w", method, target, err)
	}
	uid := newHex()
	body, err := encodeRequest(outgoing{method: method, args: wire, uniqueID: uid, context: rpc.RequestContext(ctx)})
	if err != nil {
		return fmt.Errorf("cast %s to %s: %w", method, target, err)
	}
	ctx, cancel := t.sendContext(ctx)
	defer cancel()
	ex, key := t.route(target)
	if err := t.send(ctx, ex, key, uid, t.outgoing(body, "")); err != nil {
		return fmt.Errorf("cast %s to %s: %w", method, target, markNotDelivered(err))
	}
	return nil
}

// markNotDelivered adds rpc.ErrNotDelivered to a send error that proves the
// message went nowhere: never published (no connection in time, or the
// channel was gone), returned as unroutable, or refused by the broker. A
// connection lost while a confirm was pending, or a confirm that did not
// come in time, leaves the message's fate unknown.
func markNotDelivered(err error) error {
	var notSent *errNotSent
	if errors.As(err, &notSent) || errors.Is(err, ErrNotConnected) || errors.Is(err, ErrUnroutable) ||
		errors.Is(err, ErrNacked) || errors.Is(err, ErrClosed) {
		return fmt.Errorf("%w: %w", rpc.ErrNotDelivered, err)
	}
	return err
}

// sendContext bounds waiting for a connection and a confirm by the
// response timeout.
func (t *Transport) sendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, t.cfg.ResponseTimeout)
}

// Call sends method(args) to one server of target and waits for the reply
// for the response timeout. A failure reply becomes *exc.Error (Mistral
// classes) or *rpc.RemoteError; no reply in time is *rpc.TimeoutError.
func (t *Transport) Call(ctx context.Context, target rpc.Target, method string, args *data.Map) (any, error) {
	wire, err := encodeArgs(args)
	if err != nil {
		return nil, fmt.Errorf("call %s on %s: %w", method, target, err)
	}
	deadline := time.NewTimer(t.cfg.ResponseTimeout)
	defer deadline.Stop()
	sendCtx, cancel := t.sendContext(ctx)
	defer cancel()
	if err := t.ensureReplies(sendCtx); err != nil {
		return nil, fmt.Errorf("call %s on %s: %w", method, target, err)
	}

	msgID, uid := newHex(), newHex()
	w := &waiter{done: make(chan struct{})}
	t.mu.Lock()
	t.waiters[msgID] = w
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		delete(t.waiters, msgID)
		t.mu.Unlock()
	}()

	body, err := encodeRequest(outgoing{method: method, args: wire, msgID: msgID, replyQ: t.replyQ,
		uniqueID: uid, context: rpc.RequestContext(ctx)})
	if err != nil {
		return nil, fmt.Errorf("call %s on %s: %w", method, target, err)
	}
	expiration := strconv.FormatInt(t.cfg.ResponseTimeout.Milliseconds(), 10)
	ex, key := t.route(target)
	if err := t.send(sendCtx, ex, key, uid, t.outgoing(body, expiration)); err != nil {
		return nil, fmt.Errorf("call %s on %s: %w", method, target, markNotDelivered(err))
	}

	select {
	case <-w.done:
	case <-deadline.C:
		return nil, &rpc.TimeoutError{Method: method, Seconds: int(t.cfg.ResponseTimeout / time.Second)}
	case <-ctx.Done():
		return nil, fmt.Errorf("call %s on %s: %w", method, target, ctx.Err())
	}
	if w.err != nil {
		return nil, fmt.Errorf("call %s on %s: %w", method, target, w.err)
	}
	if w.failure != nil {
		return nil, w.failure.Err()
	}
	result, err := DecodeEntity(w.result)
	if err != nil {
		return nil, fmt.Errorf("call %s on %s: decode result: %w", method, target, err)
	}
	return result, nil
}

// waiter is a call waiting for its reply.
type waiter struct {
	done    chan struct{}
	once    sync.Once
	result  any      // serialized result of the reply
	failure *Failure // or the failure
	err     error    // or why no reply can come

	mu      sync.Mutex
	partial any // result of the first message of a two-message reply
}

func (w *waiter) finish(result any, failure *Failure, err error) {
	w.once.Do(func() {
		w.result, w.failure, w.err = result, failure, err
		close(w.done)
	})
}

func (t *Transport) failWaiters(err error) {
	t.mu.Lock()
	waiters := make([]*waiter, 0, len(t.waiters))
	for _, w := range t.waiters {
		waiters = append(waiters, w)
	}
	t.mu.Unlock()
	for _, w := range waiters {
		w.finish(nil, nil, err)
	}
}

// ensureReplies declares and consumes the reply queue on first use (and
// after a reconnect).
func (t *Transport) ensureReplies(ctx context.Context) error {
	for {
		t.mu.Lock()
		t.repliesWant = true
		on := t.repliesOn
		t.mu.Unlock()
		conn, err := t.subLink.current(ctx, t.ctx.Done())
		if err != nil {
			return err
		}
		if on == conn {
			return nil
		}
		if err := t.startReplies(conn); err != nil {
			if conn.IsClosed() {
				continue
			}
			return err
		}
	}
}

// startReplies declares the reply queue as oslo does (non-durable, not
// auto-delete, x-expires) and consumes it on conn, once per connection.
func (t *Transport) startReplies(conn *amqp.Connection) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.repliesOn == conn {
		return nil
	}
	ch, err := conn.Channel()
	if err != nil {
		return fmt.Errorf("open reply channel: %w", err)
	}
	if _, err := ch.QueueDeclare(t.replyQ, false, false, false, false, t.cfg.transientQueueArgs()); err != nil {
		return fmt.Errorf("declare reply queue %s: %w", t.replyQ, err)
	}
	// Replies are consumed without acknowledgements (no_ack): a reply
	// still in flight when the connection drops is lost instead of
	// redelivered, but the calls waiting for it fail with the connection
	// anyway (consumersLost) and a redelivered reply would find none. The
	// broker and this process are spared one basic.ack per call.
	deliveries, err := ch.Consume(t.replyQ, "1", true, false, false, false, nil)
	if err != nil {
		_ = ch.Close()
		return fmt.Errorf("consume reply queue %s: %w", t.replyQ, err)
	}
	t.repliesOn = conn
	go t.readReplies(conn, deliveries)
	return nil
}

func (t *Transport) readReplies(conn *amqp.Connection, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		body, err := decompressed(d.Body, d.Headers)
		if err != nil {
			t.log.Warn("dropping a reply", "err", err)
			continue
		}
		t.handleReply(body)
	}
	// The channel is gone. If the connection lives on, the next call
	// consumes again; the calls waiting now would never hear back.
	t.mu.Lock()
	lostHere := t.repliesOn == conn
	if lostHere {
		t.repliesOn = nil
	}
	t.mu.Unlock()
	if lostHere {
		t.failWaiters(fmt.Errorf("%w: reply channel closed", ErrConnectionLost))
	}
}

// handleReply gives a reply to its waiting call. A reply with ending false
// and no result is a keep-alive of oslo's call monitor; one with a result
// is the first half of an older two-message reply, whose second message
// carries only ending true.
func (t *Transport) handleReply(body []byte) {
	m, err := openEnvelope(body)
	if err != nil {
		t.log.Warn("dropping a malformed reply", "err", err)
		return
	}
	msgID, _ := m.Value("_msg_id").(string)
	if uid, _ := m.Value("_unique_id").(string); uid != "" && t.replyDedup.seen(uid) {
		t.log.Info("dropping a duplicate reply", "msg_id", msgID, "unique_id", uid)
		return
	}
	t.mu.Lock()
	w := t.waiters[msgID]
	t.mu.Unlock()
	if w == nil {
		t.log.Info("no call waits for this reply, dropping it", "msg_id", msgID)
		return
	}
	if fv := m.Value("failure"); fv != nil {
		f, err := decodeFailure(fv)
		if err != nil {
			w.finish(nil, nil, fmt.Errorf("malformed failure reply: %w", err))
			return
		}
		w.finish(nil, &f, nil)
		return
	}
	result := m.Value("result")
	ending, _ := m.Value("ending").(bool)
	if !ending {
		if result != nil {
			w.mu.Lock()
			w.partial = result
			w.mu.Unlock()
		}
		return
	}
	if result == nil {
		w.mu.Lock()
		result = w.partial
		w.mu.Unlock()
	}
	w.finish(result, nil, nil)
}
