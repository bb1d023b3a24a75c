package oslo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// brokerURL returns the test broker from TRAMONTANE_TEST_RABBIT_URL
// (default amqp://guest:guest@127.0.0.1:5672/). It skips the test when the
// broker is unreachable, and fails when CI=true.
func brokerURL(t testing.TB) string {
	t.Helper()
	raw := os.Getenv("TRAMONTANE_TEST_RABBIT_URL")
	if raw == "" {
		raw = "amqp://guest:guest@127.0.0.1:5672/"
	}
	u, err := ParseTransportURL(raw)
	if err != nil {
		t.Fatalf("TRAMONTANE_TEST_RABBIT_URL: %v", err)
	}
	c, err := net.DialTimeout("tcp", u.Hosts[0].Addr(), 2*time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("RabbitMQ unreachable at %s: %v", u.Hosts[0].Addr(), err)
		}
		t.Skipf("RabbitMQ unreachable at %s: %v", u.Hosts[0].Addr(), err)
	}
	_ = c.Close()
	return raw
}

// newTestTransport connects a transport to the test broker and closes it
// when the test ends.
func newTestTransport(t testing.TB, cfg Config) *Transport {
	t.Helper()
	cfg.TransportURL = brokerURL(t)
	if cfg.Logger == nil {
		cfg.Logger = testLogger()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tr, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tr.Close() })
	return tr
}

// testLogger keeps the transport's logs out of the test output unless -v.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.Default()
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// testTopic returns a topic no other test uses, and deletes its queues
// when the test ends (they are neither durable nor auto-delete).
func testTopic(t testing.TB) string {
	topic := "tramontane_test_" + newHex()[:12]
	t.Cleanup(func() {
		conn := rawConn(t)
		for _, q := range []string{topic, topic + ".0.0.0.0", topic + ".a", topic + ".b", topic + ".h1"} {
			// A missing queue is fine; it only closes the channel.
			if ch, err := conn.Channel(); err == nil {
				_, _ = ch.QueueDelete(q, false, false, false)
				_ = ch.Close()
			}
		}
	})
	return topic
}

// rawChannel opens a plain AMQP channel on the test broker.
func rawChannel(t testing.TB) *amqp.Channel {
	t.Helper()
	ch, err := rawConn(t).Channel()
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// rawConn opens a plain AMQP connection to the test broker.
func rawConn(t testing.TB) *amqp.Connection {
	t.Helper()
	u, _ := ParseTransportURL(brokerURL(t))
	h := u.Hosts[0]
	conn, err := amqp.DialConfig("amqp://"+h.Addr()+"/", amqp.Config{
		SASL:  []amqp.Authentication{&amqp.PlainAuth{Username: h.Username, Password: h.Password}},
		Vhost: u.VirtualHost,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// closeBrokerConnections makes the broker drop every connection of this
// test process (rabbitmqctl close_connection), as a broker restart or a
// network failure would. Without rabbitmqctl it closes them client-side.
func closeBrokerConnections(t *testing.T, trs ...*Transport) {
	t.Helper()
	out, err := exec.Command("rabbitmqctl", "-q", "list_connections", "--no-table-headers", "pid", "client_properties").Output()
	if err != nil {
		t.Logf("rabbitmqctl unavailable (%v); closing the connections client-side", err)
		for _, tr := range trs {
			for _, l := range []*link{tr.pubLink, tr.subLink} {
				if c := l.now(); c != nil {
					_ = c.Close()
				}
			}
		}
		return
	}
	// Our connection names are "<binary>:<pid>:<link>".
	mark := fmt.Sprintf(":%d:", os.Getpid())
	// Close them all at once, as a broker restart would.
	var cmds []*exec.Cmd
	for _, line := range strings.Split(string(out), "\n") {
		pid, props, ok := strings.Cut(line, "\t")
		if !ok || !strings.Contains(props, mark) {
			continue
		}
		cmd := exec.Command("rabbitmqctl", "-q", "close_connection", pid, "test: forced close")
		if err := cmd.Start(); err != nil {
			t.Fatalf("close_connection %s: %v", pid, err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: %v", cmd.Args, err)
		}
	}
	closed := len(cmds)
	if closed == 0 {
		t.Fatalf("no connection of this process found in: %s", out)
	}
	t.Logf("broker closed %d connections", closed)
}

// echo is a handler that returns its request as a map.
func echo(_ context.Context, req *rpc.Request) (any, error) {
	return data.MapOf("method", req.Method, "args", req.Args, "request_id", req.Context.Value("request_id"), "call", req.Call), nil
}

func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}
