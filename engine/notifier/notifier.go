package notifier

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// lanes is how many executions' events are delivered at the same time; one
// execution's events always take the same lane, so they stay in order.
const lanes = 8

// webhookTimeout bounds one webhook request (Mistral sets none).
const webhookTimeout = 60 * time.Second

// Service delivers notifications to their publishers. Notify only queues;
// Run delivers. It is safe for concurrent use.
type Service struct {
	log    *slog.Logger
	client *http.Client
	lanes  [lanes]*lane
}

// lane is an unbounded FIFO of notifications delivered by one goroutine, so
// that a slow webhook never blocks the engine that emits.
type lane struct {
	mu    sync.Mutex
	queue []*rpc.Notification
	wake  chan struct{}
}

// New returns a notifier service.
func New(log *slog.Logger) *Service {
	s := &Service{log: log, client: &http.Client{Timeout: webhookTimeout}}
	for i := range s.lanes {
		s.lanes[i] = &lane{wake: make(chan struct{}, 1)}
	}
	return s
}

var _ rpc.NotifierAPI = (*Service)(nil)

// Notify implements rpc.NotifierAPI: it queues n behind the earlier events
// of the same workflow execution.
func (s *Service) Notify(_ context.Context, n *rpc.Notification) error {
	l := s.lanes[laneOf(n)]
	l.mu.Lock()
	l.queue = append(l.queue, n)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return nil
}

// laneOf picks the lane of n's workflow execution: the execution itself for
// a workflow event, the task's execution for a task event.
func laneOf(n *rpc.Notification) int {
	key := n.ExID
	if id, ok := n.Data.Value("workflow_execution_id").(string); ok && id != "" {
		key = id
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % lanes)
}

// Run delivers queued notifications until ctx ends; what is still queued
// then is dropped, as Mistral's in-memory queue would be.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, l := range s.lanes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.drain(ctx, l)
		}()
	}
	wg.Wait()
	return nil
}

func (s *Service) drain(ctx context.Context, l *lane) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		}
		for {
			l.mu.Lock()
			if len(l.queue) == 0 {
				l.queue = nil
				l.mu.Unlock()
				break
			}
			n := l.queue[0]
			l.queue = l.queue[1:]
			l.mu.Unlock()
			s.Publish(ctx, n)
		}
	}
}

// Publish delivers n to each of its publishers now. A publisher's failure
// is logged and does not stop the others (Mistral's default notifier).
func (s *Service) Publish(ctx context.Context, n *rpc.Notification) {
	body := data.DeepCopy(n.Data).(*data.Map)
	body.Set("event", n.Event)
	for _, entry := range n.Publishers {
		p, ok := entry.(*data.Map)
		if !ok {
			s.log.Error("notification publisher is not an object", "publisher", data.Repr(entry))
			continue
		}
		kind, _ := p.Value("type").(string)
		var err error
		switch kind {
		case "":
			err = fmt.Errorf("notification publisher type is not specified")
		case "noop":
			s.log.Info("event published by the noop notification publisher",
				"event", n.Event, "name", body.Value("name"), "id", n.ExID)
		case "webhook":
			err = s.webhook(ctx, p, body)
		default:
			err = fmt.Errorf("unknown notification publisher %q", kind)
		}
		if err != nil {
			s.log.Error("unable to process event for publisher", "publisher", kind,
				"event", n.Event, "id", n.ExID, "error", err)
		}
	}
}

// webhook POSTs body as Python's json.dumps writes it to the publisher's
// url with its headers; like Mistral, only 200 and 201 are success.
func (s *Service) webhook(ctx context.Context, p *data.Map, body *data.Map) error {
	url, _ := p.Value("url").(string)
	if url == "" {
		return fmt.Errorf("webhook publisher without a url")
	}
	text, err := data.EncodePython(body)
	if err != nil {
		return fmt.Errorf("encode the event: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewBufferString(text))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	if headers, ok := p.Value("headers").(*data.Map); ok {
		for _, k := range headers.Keys() {
			req.Header.Set(k, fmt.Sprint(headers.Value(k)))
		}
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", url, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	s.log.Info("webhook request", "url", url, "code", resp.StatusCode)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("webhook %s answered %d: %s", url, resp.StatusCode, answer)
	}
	return nil
}
