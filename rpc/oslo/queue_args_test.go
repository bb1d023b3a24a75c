package oslo

import (
	"context"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/rpc"
)

// A topic's queues that Python services declared first, with the
// arguments [oslo_messaging_rabbit] gives them, are declared again by ours
// without the broker refusing: the same arguments, per option.
func TestQueueArguments(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       Config
		durable   bool
		topic     amqp.Table // as oslo.messaging declares the topic queue
		transient amqp.Table // and reply and fanout queues
	}{
		{"defaults", Config{}, false, amqp.Table{}, amqp.Table{"x-expires": int64(1800000)}},
		{"rabbit_ha_queues", Config{RabbitHAQueues: true, TransientQueuesTTL: 60 * time.Second}, false,
			amqp.Table{"x-ha-policy": "all"}, amqp.Table{"x-ha-policy": "all", "x-expires": int64(60000)}},
		{"quorum queues with limits", Config{RabbitQuorumQueue: true, QuorumDeliveryLimit: 5, QuorumMaxMemoryLength: 100,
			QuorumMaxMemoryBytes: 1 << 20}, true,
			amqp.Table{"x-queue-type": "quorum", "x-delivery-limit": 5, "x-max-in-memory-length": 100,
				"x-max-in-memory-bytes": 1 << 20},
			amqp.Table{"x-expires": int64(1800000)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topic := testTopic(t)
			python := rawChannel(t)
			if _, err := python.QueueDeclare(topic, tc.durable, false, false, false, tc.topic); err != nil {
				t.Fatalf("declare %s as oslo.messaging: %v", topic, err)
			}
			cfg := tc.cfg
			// Quorum queues make the control exchange durable, as oslo's:
			// each case has its own.
			cfg.Host, cfg.ControlExchange = "h1", topic+"_control"
			t.Cleanup(func() {
				if ch, err := rawConn(t).Channel(); err == nil {
					_ = ch.ExchangeDelete(cfg.ControlExchange, false, false)
				}
			})
			tr := newTestTransport(t, cfg)
			if err := tr.Serve(t.Context(), rpc.Target{Topic: topic}, echo); err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Call(t.Context(), rpc.Target{Topic: topic}, "echo", nil); err != nil {
				t.Fatal(err)
			}
			tr.mu.Lock()
			queues := []string{tr.replyQ}
			for s := range tr.servers {
				queues = append(queues, s.fanoutQ)
			}
			tr.mu.Unlock()
			// Declaring them with other arguments fails: they have these.
			check := rawChannel(t)
			if _, err := check.QueueDeclare(topic+".h1", tc.durable, false, false, false, tc.topic); err != nil {
				t.Errorf("server queue: %v", err)
			}
			for _, q := range queues {
				if _, err := check.QueueDeclare(q, false, false, false, false, tc.transient); err != nil {
					t.Fatalf("queue %s: %v", q, err)
				}
			}
		})
	}
}

// rabbit_qos_prefetch_count keeps requests that a busy server cannot take
// yet in the queue, for other servers of the topic.
func TestQosPrefetchCount(t *testing.T) {
	for _, tc := range []struct {
		prefetch  int
		wantReady int
	}{{0, 0}, {1, 1}} {
		topic := testTopic(t)
		tr := newTestTransport(t, Config{ExecutorThreadPoolSize: 1, QosPrefetchCount: tc.prefetch})
		release := make(chan struct{})
		t.Cleanup(func() { close(release) })
		busy := func(ctx context.Context, _ *rpc.Request) (any, error) {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil, nil
		}
		if err := tr.Serve(t.Context(), rpc.Target{Topic: topic}, busy); err != nil {
			t.Fatal(err)
		}
		// One request runs, one waits for the pool, one waits in the
		// client when the broker sends it; a fourth stays in the queue
		// only when the prefetch count holds it back.
		for range 4 {
			if err := tr.Cast(t.Context(), rpc.Target{Topic: topic}, "busy", nil); err != nil {
				t.Fatal(err)
			}
		}
		ready := -1
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			q, err := rawChannel(t).QueueDeclarePassive(topic, false, false, false, false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ready = q.Messages; ready == tc.wantReady {
				break
			}
		}
		if ready != tc.wantReady {
			t.Errorf("prefetch %d: %d requests ready in the queue, want %d", tc.prefetch, ready, tc.wantReady)
		}
	}
}
