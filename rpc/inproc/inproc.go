package inproc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// ErrNoServer is returned when nothing serves a message's target, the
// in-process counterpart of an unroutable message.
var ErrNoServer = rpc.ErrNoServer

// Transport delivers messages to handlers in this process.
type Transport struct {
	timeout time.Duration
	log     *slog.Logger

	mu      sync.Mutex
	servers map[string][]*server // by topic
	next    map[string]int       // round-robin position by topic
	// listeners are the notification listeners by exchange and topic.
	listeners map[string][]*listener
	closed    bool
	wg        sync.WaitGroup
}

type server struct {
	name    string
	h       rpc.Handler
	ctx     context.Context
	ordered bool
}

// New returns a transport whose calls time out after timeout (60 s if 0).
func New(timeout time.Duration, log *slog.Logger) *Transport {
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	return &Transport{timeout: timeout, log: log, servers: make(map[string][]*server), next: make(map[string]int)}
}

var _ rpc.Transport = (*Transport)(nil)

// Serve implements rpc.Transport.
func (t *Transport) Serve(ctx context.Context, target rpc.Target, h rpc.Handler) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errors.New("transport closed")
	}
	s := &server{name: target.Server, h: h, ctx: ctx, ordered: target.Ordered}
	t.servers[target.Topic] = append(t.servers[target.Topic], s)
	context.AfterFunc(ctx, func() { t.remove(target.Topic, s) })
	return nil
}

func (t *Transport) remove(topic string, s *server) {
	t.mu.Lock()
	defer t.mu.Unlock()
	list := t.servers[topic]
	for i, x := range list {
		if x == s {
			t.servers[topic] = append(list[:i:i], list[i+1:]...)
			return
		}
	}
}

// pick returns the servers a message for target goes to.
func (t *Transport) pick(target rpc.Target) ([]*server, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, fmt.Errorf("%w: transport closed", rpc.ErrNotDelivered)
	}
	var candidates []*server
	for _, s := range t.servers[target.Topic] {
		if target.Server == "" || s.name == target.Server {
			candidates = append(candidates, s)
		}
	}
	if len(candidates) == 0 {
		return nil, fmt.Errorf("%s: %w: %w", target, rpc.ErrNotDelivered, ErrNoServer)
	}
	if target.Fanout {
		return candidates, nil
	}
	i := t.next[target.Topic] % len(candidates)
	t.next[target.Topic] = i + 1
	return candidates[i : i+1], nil
}

func request(ctx context.Context, method string, args *data.Map, call bool) *rpc.Request {
	rc := rpc.RequestContext(ctx)
	if rc == nil {
		rc = data.NewMap(0)
	}
	return &rpc.Request{Method: method, Args: args, Context: rc, Call: call}
}

// Call implements rpc.Transport.
func (t *Transport) Call(ctx context.Context, target rpc.Target, method string, args *data.Map) (any, error) {
	servers, err := t.pick(target)
	if err != nil {
		return nil, err
	}
	s := servers[0]
	type reply struct {
		v   any
		err error
	}
	done := make(chan reply, 1)
	req := request(ctx, method, args, true)
	hctx := rpc.WithRequestContext(context.WithoutCancel(ctx), req.Context)
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		v, err := s.h(hctx, req)
		done <- reply{v, err}
	}()
	timer := time.NewTimer(t.timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, &rpc.TimeoutError{Method: method, Seconds: int(t.timeout / time.Second)}
	}
}

// Cast implements rpc.Transport.
func (t *Transport) Cast(ctx context.Context, target rpc.Target, method string, args *data.Map) error {
	servers, err := t.pick(target)
	if err != nil {
		return err
	}
	req := request(ctx, method, args, false)
	hctx := rpc.WithRequestContext(context.WithoutCancel(ctx), req.Context)
	for _, s := range servers {
		if s.ordered {
			// In the caller's goroutine: casts of one sender arrive in
			// the order it sent them.
			if _, err := s.h(hctx, req); err != nil {
				t.log.Error("cast handler failed", "topic", target.Topic, "method", method, "error", err)
			}
			continue
		}
		t.wg.Add(1)
		go func() {
			defer t.wg.Done()
			if _, err := s.h(hctx, req); err != nil {
				t.log.Error("cast handler failed", "topic", target.Topic, "method", method, "error", err)
			}
		}()
	}
	return nil
}

// Close implements rpc.Transport: it stops accepting messages and waits for
// the handlers that are running.
func (t *Transport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.servers = make(map[string][]*server)
	t.mu.Unlock()
	t.wg.Wait()
	return nil
}
