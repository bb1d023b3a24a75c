package oslo

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

func TestCallCastFanout(t *testing.T) {
	topic := testTopic(t)
	a := newTestTransport(t, Config{Host: "a"})
	b := newTestTransport(t, Config{Host: "b"})
	client := newTestTransport(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	casts := make(chan string, 10)
	serve := func(tr *Transport, name string) {
		err := tr.Serve(ctx, rpc.Target{Topic: topic}, func(ctx context.Context, req *rpc.Request) (any, error) {
			if !req.Call {
				casts <- name + ":" + req.Method
				return nil, nil
			}
			res, _ := echo(ctx, req)
			res.(*data.Map).Set("server", name)
			return res, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	serve(a, "a")
	serve(b, "b")

	// A call with plain values and a Mistral object; the request context
	// travels with it.
	result := Object(KeyResult, data.MapOf("data", data.MapOf("x", 1.5), "error", nil, "cancel", false))
	args := data.MapOf("s", "wire", "n", int64(7), "none", nil, "l", []any{"a", true}, "result", result)
	rctx := rpc.WithRequestContext(ctx, data.MapOf("request_id", "req-test", "user", "u1"))
	got, err := client.Call(rctx, rpc.Target{Topic: topic, Server: "b"}, "echo", args)
	if err != nil {
		t.Fatal(err)
	}
	m := got.(*data.Map)
	if m.Value("server") != "b" || m.Value("request_id") != "req-test" || m.Value("call") != true {
		t.Errorf("reply %s", data.MustEncode(m))
	}
	if gotArgs := string(data.MustEncode(m.Value("args"))); gotArgs != string(data.MustEncode(args)) {
		t.Errorf("args arrived as %s, sent %s", gotArgs, data.MustEncode(args))
	}

	// A topic call goes to one of the servers.
	if _, err := client.Call(ctx, rpc.Target{Topic: topic}, "echo", nil); err != nil {
		t.Fatal(err)
	}

	// A cast reaches one server, a fanout cast each.
	if err := client.Cast(ctx, rpc.Target{Topic: topic}, "one", nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, casts, "cast")
	if err := client.Cast(ctx, rpc.Target{Topic: topic, Fanout: true}, "all", nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{waitFor(t, casts, "fanout"): true, waitFor(t, casts, "fanout"): true}
	if !seen["a:all"] || !seen["b:all"] {
		t.Errorf("fanout reached %v", seen)
	}
}

func TestCallFailures(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	client := newTestTransport(t, Config{})
	ctx := t.Context()
	err := srv.Serve(ctx, rpc.Target{Topic: topic}, func(ctx context.Context, req *rpc.Request) (any, error) {
		switch req.Method {
		case "input":
			return nil, exc.InputErr("Invalid input [name=x]")
		case "plain":
			return nil, errors.New("plain failure")
		case "panic":
			panic("handler bug")
		}
		return nil, &rpc.UnknownMethodError{Method: req.Method}
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method string
		check  func(error) bool
	}{
		{"input", func(err error) bool { return exc.Is(err, exc.Input) && err.Error() == "Invalid input [name=x]" }},
		{"plain", func(err error) bool { return exc.Is(err, exc.MistralException) && err.Error() == "plain failure" }},
		{"panic", func(err error) bool { return exc.Is(err, exc.MistralException) }},
		{"missing", func(err error) bool {
			var re *rpc.RemoteError
			return errors.As(err, &re) && re.Class == "NoSuchMethod"
		}},
		{"_private", func(err error) bool {
			var re *rpc.RemoteError
			return errors.As(err, &re) && re.Class == "NoSuchMethod"
		}},
	}
	for _, tt := range tests {
		_, err := client.Call(ctx, rpc.Target{Topic: topic}, tt.method, nil)
		if err == nil || !tt.check(err) {
			t.Errorf("%s: got %#v", tt.method, err)
		}
	}
}

func TestCallTimeout(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	client := newTestTransport(t, Config{ResponseTimeout: time.Second})
	release := make(chan struct{})
	defer close(release)
	err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, func(ctx context.Context, req *rpc.Request) (any, error) {
		<-release
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Call(t.Context(), rpc.Target{Topic: topic}, "slow", nil)
	var te *rpc.TimeoutError
	if !errors.As(err, &te) || te.Seconds != 1 || te.Method != "slow" {
		t.Fatalf("got %v", err)
	}
}

func TestUnroutable(t *testing.T) {
	client := newTestTransport(t, Config{})
	err := client.Cast(t.Context(), rpc.Target{Topic: testTopic(t)}, "lost", nil)
	if !errors.Is(err, ErrUnroutable) {
		t.Errorf("cast: got %v", err)
	}
	err = client.Cast(t.Context(), rpc.Target{Topic: testTopic(t), Fanout: true}, "lost", nil)
	if !errors.Is(err, ErrUnroutable) {
		t.Errorf("fanout cast: got %v", err)
	}
	_, err = client.Call(t.Context(), rpc.Target{Topic: testTopic(t)}, "lost", nil)
	if !errors.Is(err, ErrUnroutable) {
		t.Errorf("call: got %v", err)
	}
	// The transport keeps working after returns.
	topic := testTopic(t)
	if err := client.Serve(t.Context(), rpc.Target{Topic: topic}, echo); err != nil {
		t.Fatal(err)
	}
	if err := client.Cast(t.Context(), rpc.Target{Topic: topic}, "found", nil); err != nil {
		t.Errorf("routable cast: %v", err)
	}
}

func TestDuplicateDropped(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	var count atomic.Int32
	got := make(chan string, 10)
	err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, func(ctx context.Context, req *rpc.Request) (any, error) {
		count.Add(1)
		got <- req.Method
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ch := rawChannel(t)
	publish := func(method, uid string) {
		body, err := encodeRequest(outgoing{method: method, uniqueID: uid})
		if err != nil {
			t.Fatal(err)
		}
		if err := ch.PublishWithContext(t.Context(), "openstack", topic, false, false, publishing(body, "")); err != nil {
			t.Fatal(err)
		}
	}
	publish("first", "dup-id")
	publish("first", "dup-id")
	publish("second", "other-id")
	seen := map[string]bool{waitFor(t, got, "a request"): true, waitFor(t, got, "a request"): true}
	if !seen["first"] || !seen["second"] {
		t.Fatalf("handled %v", seen)
	}
	// The repeat was decided before "second" was read; give a wrongly
	// dispatched repeat the time to show up.
	time.Sleep(200 * time.Millisecond)
	if n := count.Load(); n != 2 {
		t.Errorf("handled %d messages, want 2", n)
	}
}

func TestServerSurvivesGarbage(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	if err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, echo); err != nil {
		t.Fatal(err)
	}
	ch := rawChannel(t)
	replies, err := ch.QueueDeclare("", false, true, true, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	deliveries, err := ch.Consume(replies.Name, "", true, true, false, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		"not json",
		"[1, 2]",
		`{"oslo.version": "2.0", "oslo.message": "{broken"}`,
		`{"oslo.version": "9.0", "oslo.message": "{}"}`,
		`{"oslo.version": "2.0", "oslo.message": "{\"args\": {}}"}`,
		`{"oslo.version": "2.0", "oslo.message": "{\"method\": 5}"}`,
		`{"oslo.version": "2.0", "oslo.message": "{\"method\": \"m\", \"args\": \"x\"}"}`,
		"",
	} {
		if err := ch.PublishWithContext(t.Context(), "openstack", topic, false, false, publishing([]byte(body), "")); err != nil {
			t.Fatal(err)
		}
	}
	// A call whose argument is not JSON text is answered with the
	// TypeError that Python's deserializer raises.
	body := `{"oslo.version": "2.0", "oslo.message": "{\"method\": \"m\", \"args\": {\"a\": 5}, \"_msg_id\": \"m1\", \"_reply_q\": \"` +
		replies.Name + `\", \"_timeout\": null, \"_unique_id\": \"u1\"}"}`
	if err := ch.PublishWithContext(t.Context(), "openstack", topic, false, false, publishing([]byte(body), "")); err != nil {
		t.Fatal(err)
	}
	d := waitFor(t, deliveries, "failure reply")
	m, err := openEnvelope(d.Body)
	if err != nil {
		t.Fatal(err)
	}
	f, err := decodeFailure(m.Value("failure"))
	if err != nil || f.Class != "TypeError" || f.Module != "builtins" || m.Value("_msg_id") != "m1" {
		t.Fatalf("reply %s (%v)", d.Body, err)
	}

	// The server still answers.
	client := newTestTransport(t, Config{})
	if _, err := client.Call(t.Context(), rpc.Target{Topic: topic}, "after", nil); err != nil {
		t.Fatalf("call after garbage: %v", err)
	}
}

func TestReconnect(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	client := newTestTransport(t, Config{})
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, func(ctx context.Context, req *rpc.Request) (any, error) {
		if req.Method == "block" {
			started <- struct{}{}
			<-release
		}
		return "ok", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Call(t.Context(), rpc.Target{Topic: topic}, "ping", nil); err != nil {
		t.Fatal(err)
	}

	// A call in flight when the connections drop fails at once.
	callErr := make(chan error, 1)
	go func() {
		_, err := client.Call(t.Context(), rpc.Target{Topic: topic}, "block", nil)
		callErr <- err
	}()
	waitFor(t, started, "blocking call")
	closeBrokerConnections(t, srv, client)
	if err := waitFor(t, callErr, "in-flight call to fail"); !errors.Is(err, ErrConnectionLost) {
		t.Errorf("in-flight call: got %v", err)
	}
	close(release)

	// Both sides come back: the server declares and consumes again.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		res, err := client.Call(ctx, rpc.Target{Topic: topic}, "ping", nil)
		cancel()
		if err == nil && res == "ok" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after reconnect: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := client.Cast(t.Context(), rpc.Target{Topic: topic}, "ping", nil); err != nil {
		t.Errorf("cast after reconnect: %v", err)
	}
}

func TestTopology(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{Host: "h1"})
	if err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, echo); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	var fanoutQ string
	for s := range srv.servers {
		fanoutQ = s.fanoutQ
	}
	srv.mu.Unlock()
	ch := rawChannel(t)
	// Passive declares with oslo's flags succeed only if they match.
	for _, q := range []struct {
		name string
		args amqp.Table
	}{{topic, nil}, {topic + ".h1", nil}, {fanoutQ, amqp.Table{"x-expires": int64(1800000)}}} {
		if _, err := ch.QueueDeclare(q.name, false, false, false, false, q.args); err != nil {
			t.Fatalf("queue %s: %v", q.name, err)
		}
	}
	if err := ch.ExchangeDeclare(topic+"_fanout", "fanout", false, true, false, false, nil); err != nil {
		t.Fatalf("fanout exchange: %v", err)
	}
	if err := ch.ExchangeDeclare("openstack", "topic", false, false, false, false, nil); err != nil {
		t.Fatalf("control exchange: %v", err)
	}
	// A mismatching declaration would be refused.
	if _, err := ch.QueueDeclare(topic, true, false, false, false, nil); err == nil {
		t.Error("durable redeclaration accepted")
	}
}

// TestChannelErrorRecovers makes the broker close the publishing channel
// (an exchange declared with other flags) and checks that the next message
// goes out on a new channel.
func TestChannelErrorRecovers(t *testing.T) {
	topic := testTopic(t)
	client := newTestTransport(t, Config{})
	ch := rawChannel(t)
	clash := topic + "_fanout"
	if err := ch.ExchangeDeclare(clash, "fanout", true, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rawChannel(t).ExchangeDelete(clash, false, false) })
	if err := client.Cast(t.Context(), rpc.Target{Topic: topic, Fanout: true}, "m", nil); err == nil {
		t.Fatal("cast to a clashing exchange succeeded")
	}
	// Returned as unroutable: declared, published and confirmed anew.
	if err := client.Cast(t.Context(), rpc.Target{Topic: topic}, "m", nil); !errors.Is(err, ErrUnroutable) {
		t.Errorf("cast after the channel error: %v", err)
	}
}

func BenchmarkCall(b *testing.B) {
	topic := testTopic(b)
	srv := newTestTransport(b, Config{})
	client := newTestTransport(b, Config{})
	if err := srv.Serve(b.Context(), rpc.Target{Topic: topic}, echo); err != nil {
		b.Fatal(err)
	}
	args := data.MapOf("action_ex_id", "f7e5b1e2-dfbe-48df-b563-1d89ef710832",
		"result", Object(KeyResult, data.MapOf("data", "wire", "error", nil, "cancel", false)), "wf_action", false)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := client.Call(b.Context(), rpc.Target{Topic: topic}, "echo", args); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkCast(b *testing.B) {
	topic := testTopic(b)
	srv := newTestTransport(b, Config{})
	client := newTestTransport(b, Config{})
	if err := srv.Serve(b.Context(), rpc.Target{Topic: topic}, func(context.Context, *rpc.Request) (any, error) { return nil, nil }); err != nil {
		b.Fatal(err)
	}
	args := data.MapOf("ex_id", "ed5562ec-31aa-45bc-8eee-eab8d46c5949", "event", "TASK_SUCCEEDED")
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := client.Cast(b.Context(), rpc.Target{Topic: topic}, "notify", args); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestFailoverHost gives a dead broker next to the live one: the transport
// connects to whichever answers.
func TestFailoverHost(t *testing.T) {
	u, _ := ParseTransportURL(brokerURL(t))
	h := u.Hosts[0]
	url := "rabbit://" + h.Username + ":" + h.Password + "@127.0.0.1:1," + h.Username + ":" + h.Password + "@" + h.Addr() + "/"
	if u.VirtualHost != "/" {
		url += u.VirtualHost
	}
	for range 3 { // the host order is shuffled: try a few times
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		tr, err := New(ctx, Config{TransportURL: url, Logger: testLogger()})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		topic := testTopic(t)
		if err := tr.Serve(t.Context(), rpc.Target{Topic: topic}, echo); err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Call(t.Context(), rpc.Target{Topic: topic}, "ping", nil); err != nil {
			t.Fatal(err)
		}
		_ = tr.Close()
	}
}
