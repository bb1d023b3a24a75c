// Package oslointerop checks that rpc/oslo and Python's oslo.messaging, with
// Mistral 15's serializer and exception handling, serve each other on one
// RabbitMQ: Go calls and casts to a Python server, Python calls and casts
// to a Go server, and failures come back as the right class on both sides.
package oslointerop

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/oslo"
)

const python = "/usr/bin/python3"

// skipOrFail skips the test with reason, or fails it when CI=true.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// brokerURL returns the test broker's URL in oslo's rabbit:// form.
func brokerURL(t *testing.T) string {
	t.Helper()
	raw := os.Getenv("TRAMONTANE_TEST_RABBIT_URL")
	if raw == "" {
		raw = "amqp://guest:guest@127.0.0.1:5672/"
	}
	u, err := oslo.ParseTransportURL(raw)
	if err != nil {
		t.Fatalf("TRAMONTANE_TEST_RABBIT_URL: %v", err)
	}
	c, err := net.DialTimeout("tcp", u.Hosts[0].Addr(), 2*time.Second)
	if err != nil {
		skipOrFail(t, "RabbitMQ unreachable at %s: %v", u.Hosts[0].Addr(), err)
	}
	_ = c.Close()
	// Python's "amqp://" is the AMQP 1.0 driver; the rabbit driver is ours.
	_, rest, _ := strings.Cut(raw, "://")
	return "rabbit://" + rest
}

// needPython skips unless Debian's python3 has oslo.messaging and Mistral.
func needPython(t *testing.T) {
	t.Helper()
	out, err := exec.Command(python, "-c", "import oslo_messaging, mistral.context, mistral_lib").CombinedOutput()
	if err != nil {
		skipOrFail(t, "python3 with oslo.messaging and mistral is missing: %v %s", err, out)
	}
}

func newTransport(t *testing.T, url string) *oslo.Transport {
	t.Helper()
	return newTransportWith(t, oslo.Config{TransportURL: url})
}

// newTransportWith is newTransport with more options.
func newTransportWith(t *testing.T, cfg oslo.Config) *oslo.Transport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg.ResponseTimeout = 20 * time.Second
	tr, err := oslo.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tr.Close() })
	return tr
}

// topic returns a fresh topic and deletes its server queues (and a control
// exchange of its own, topic_control) when the test ends (oslo declares
// them neither durable nor auto-delete).
func topic(t *testing.T, url string) string {
	top := "tramontane_interop_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "")
	t.Cleanup(func() {
		u, _ := oslo.ParseTransportURL(url)
		h := u.Hosts[0]
		conn, err := amqp.DialConfig("amqp://"+h.Addr()+"/", amqp.Config{
			SASL:  []amqp.Authentication{&amqp.PlainAuth{Username: h.Username, Password: h.Password}},
			Vhost: u.VirtualHost,
		})
		if err != nil {
			return
		}
		defer conn.Close()
		for _, q := range []string{top, top + ".py", top + ".go", top + ".0.0.0.0"} {
			if ch, err := conn.Channel(); err == nil {
				_, _ = ch.QueueDelete(q, false, false, false)
				_ = ch.Close()
			}
		}
		if ch, err := conn.Channel(); err == nil {
			_ = ch.ExchangeDelete(top+"_control", false, false)
			_ = ch.Close()
		}
	})
	return top
}

// startPythonServer runs the Python peer as an oslo RPC server of topic
// (server "py") until the test ends, with conf as its config file when
// given.
func startPythonServer(t *testing.T, url, topic, conf string) {
	t.Helper()
	cmd := exec.Command(python, "peer.py", "serve", url, topic)
	if conf != "" {
		path := t.TempDir() + "/peer.conf"
		if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(os.Environ(), "PEER_CONFIG="+path)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("python peer stderr:\n%s", stderr.String())
		}
	})
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line
	}()
	select {
	case line := <-ready:
		if strings.TrimSpace(line) != "ready" {
			t.Fatalf("python server did not start: %q\n%s", line, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("python server did not start in time\n%s", stderr.String())
	}
}

// TestGoCallsPython runs the Python peer as an oslo RPC server and calls it.
func TestGoCallsPython(t *testing.T) {
	needPython(t)
	url := brokerURL(t)
	top := topic(t, url)

	startPythonServer(t, url, top, "")

	tr := newTransport(t, url)
	ctx := rpc.WithRequestContext(t.Context(), data.MapOf("request_id", "req-from-go", "user", "go-user"))
	target := rpc.Target{Topic: top}

	// Arguments, a Mistral Result object and the context arrive as Python
	// Mistral sees them.
	result := oslo.Object(oslo.KeyResult, data.MapOf("data", "x", "error", nil, "cancel", false))
	got, err := tr.Call(ctx, target, "echo", data.MapOf("s", "wire", "n", int64(7), "none", nil,
		"d", data.MapOf("k", []any{int64(1), 2.5}), "result", result))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"args": {"s": "wire", "n": 7, "none": null, "d": {"k": [1, 2.5]}, ` +
		`"result": {"result.data": "x", "result.error": null, "result.cancel": false}}, ` +
		`"request_id": "req-from-go", "user": "go-user"}`
	if s, _ := data.EncodePython(got); s != want {
		t.Errorf("echo:\n got %s\nwant %s", s, want)
	}

	// A returned Result arrives as an object in neutral form.
	got, err = tr.Call(ctx, rpc.Target{Topic: top, Server: "py"}, "make_result", data.MapOf("data", data.MapOf("v", int64(1)), "error", nil))
	if err != nil {
		t.Fatal(err)
	}
	key, fields, ok := oslo.AsObject(got)
	if s, _ := data.EncodePython(fields); !ok || key != oslo.KeyResult || s != `{"data": {"v": 1}, "error": null, "cancel": false}` {
		t.Errorf("make_result: %v %s %v", key, s, ok)
	}

	// A Mistral exception becomes *exc.Error of its class.
	_, err = tr.Call(ctx, target, "fail_input", nil)
	if !exc.Is(err, exc.Input) || err.Error() != "Invalid input [name=interop]" {
		t.Errorf("fail_input: %#v", err)
	}
	// A Python builtin exception becomes *rpc.RemoteError.
	_, err = tr.Call(ctx, target, "fail_value", nil)
	var re *rpc.RemoteError
	if !errors.As(err, &re) || re.Class != "ValueError" || re.Module != "builtins" || re.Message != "plain python failure" {
		t.Errorf("fail_value: %#v", err)
	}
	// An unknown method is oslo's NoSuchMethod.
	_, err = tr.Call(ctx, target, "no_such", nil)
	if !errors.As(err, &re) || re.Class != "NoSuchMethod" {
		t.Errorf("no_such: %#v", err)
	}

	// Casts arrive too (a call afterwards sees them: one server, in order
	// of the queue; the threading executor may still be running the cast).
	if err := tr.Cast(ctx, target, "record", data.MapOf("value", "cast-from-go")); err != nil {
		t.Fatal(err)
	}
	if err := tr.Cast(ctx, rpc.Target{Topic: top, Fanout: true}, "record", data.MapOf("value", "fanout-from-go")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err = tr.Call(ctx, target, "recorded", nil)
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := got.([]any); len(l) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("casts recorded by python: %v", got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// With the same [oslo_messaging_rabbit] options, a Python service and ours
// declare the topic's queues alike (RabbitMQ refuses a declaration with
// other arguments) and read each other's messages, compressed or not.
func TestRabbitOptionsWithPython(t *testing.T) {
	needPython(t)
	url := brokerURL(t)
	for _, tc := range []struct {
		name string
		conf string // [oslo_messaging_rabbit] of both sides
		cfg  oslo.Config
	}{
		{"ha queues", "rabbit_ha_queues = true\nrabbit_transient_queues_ttl = 600\n",
			oslo.Config{RabbitHAQueues: true, TransientQueuesTTL: 600 * time.Second}},
		{"quorum queues with limits", "rabbit_quorum_queue = true\nrabbit_quorum_delivery_limit = 3\n" +
			"rabbit_quroum_max_memory_length = 50\nrabbit_quroum_max_memory_bytes = 65536\n",
			oslo.Config{RabbitQuorumQueue: true, QuorumDeliveryLimit: 3, QuorumMaxMemoryLength: 50, QuorumMaxMemoryBytes: 65536}},
		{"gzip bodies", "kombu_compression = gzip\n", oslo.Config{Compression: "gzip"}},
		{"bzip2 bodies from python", "kombu_compression = bzip2\n", oslo.Config{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := topic(t, url)
			// A control exchange of its own: quorum queues make it durable.
			exchange := top + "_control"
			conf := "[DEFAULT]\ncontrol_exchange = " + exchange + "\n[oslo_messaging_rabbit]\n" + tc.conf
			startPythonServer(t, url, top, conf)
			cfg := tc.cfg
			cfg.TransportURL, cfg.ControlExchange, cfg.Host = url, exchange, "go"
			tr := newTransportWith(t, cfg)
			// Our server declares the queues of the topic Python declared.
			if err := tr.Serve(t.Context(), rpc.Target{Topic: top}, func(context.Context, *rpc.Request) (any, error) {
				return "go", nil
			}); err != nil {
				t.Fatalf("serve the topic python serves: %v", err)
			}
			ctx := rpc.WithRequestContext(t.Context(), data.MapOf("request_id", "req-options", "user", "go-user"))
			got, err := tr.Call(ctx, rpc.Target{Topic: top, Server: "py"}, "echo", data.MapOf("s", strings.Repeat("wire ", 100)))
			if err != nil {
				t.Fatal(err)
			}
			if s, _ := data.EncodePython(got); !strings.Contains(s, `"request_id": "req-options"`) || !strings.Contains(s, "wire wire") {
				t.Errorf("echo from python: %s", s)
			}
			got, err = tr.Call(ctx, rpc.Target{Topic: top, Server: "go"}, "ping", nil)
			if err != nil || got != "go" {
				t.Errorf("call to our server: %v, %v", got, err)
			}
		})
	}
}

// TestPythonCallsGo serves the methods the Python client uses from Go.
func TestPythonCallsGo(t *testing.T) {
	needPython(t)
	url := brokerURL(t)
	top := topic(t, url)
	tr := newTransport(t, url)

	var mu sync.Mutex
	var recorded []any
	var contexts []string
	err := tr.Serve(t.Context(), rpc.Target{Topic: top}, func(ctx context.Context, req *rpc.Request) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		rc := rpc.RequestContext(ctx)
		contexts = append(contexts, rc.Value("request_id").(string)+"/"+rc.Value("user").(string))
		switch req.Method {
		case "echo":
			args := data.NewMap(req.Args.Len())
			for _, k := range req.Args.Keys() {
				v := req.Args.Value(k)
				if key, fields, ok := oslo.AsObject(v); ok {
					v = data.MapOf("key", key, "fields", fields)
				}
				args.Set(k, v)
			}
			return data.MapOf("args", args), nil
		case "make_result":
			return oslo.Object(oslo.KeyResult, data.MapOf("data", req.Args.Value("data"), "error", req.Args.Value("error"), "cancel", false)), nil
		case "fail_input":
			return nil, exc.InputErr("Invalid input [name=go]")
		case "fail_other":
			return nil, errors.New("go failure")
		case "record":
			recorded = append(recorded, req.Args.Value("value"))
			return nil, nil
		case "recorded":
			return append([]any{}, recorded...), nil
		}
		return nil, &rpc.UnknownMethodError{Method: req.Method}
	})
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(python, "peer.py", "client", url, top)
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python client: %v\n%s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python client output %q: %v", out, err)
	}
	check := func(name string, want string) {
		t.Helper()
		b, _ := json.Marshal(got[name])
		if string(b) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, b, want)
		}
	}
	check("echo", `{"args":{"d":{"k":[1,2.5]},"n":7,"none":null,"result":{"fields":{"cancel":false,"data":"x","error":null},`+
		`"key":"mistral_lib.actions.types.Result"},"s":"wire"}}`)
	check("make_result", `{"cancel":false,"data":{"v":1},"error":null,"type":"Result"}`)
	// Mistral's wrap_messaging_exception re-raises our class with its code.
	check("fail_input", `{"class":"InputException","code":400,"message":"Invalid input [name=go]"}`)
	check("fail_other", `{"class":"MistralException","code":500,"message":"go failure"}`)
	// Our server runs each request in its own goroutine, so the client's
	// "recorded" call may overtake its cast: wait for the cast here.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		got := fmt.Sprint(recorded)
		mu.Unlock()
		if got == "[cast-from-python]" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("casts recorded from python: %s, want [cast-from-python]", got)
		}
		time.Sleep(50 * time.Millisecond)
	}

	mu.Lock()
	defer mu.Unlock()
	for _, c := range contexts {
		if c != "req-from-python/py-user" {
			t.Errorf("request context %s", c)
		}
	}
}

// lockedBuffer collects a child's stderr safely.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var _ io.Writer = (*lockedBuffer)(nil)
