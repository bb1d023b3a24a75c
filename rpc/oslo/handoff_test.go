package oslo

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// TestHandOff has a server that hands off every request it may and one
// that takes everything: each cast and call is served exactly once, by the
// second.
func TestHandOff(t *testing.T) {
	topic := testTopic(t)
	picky := newTestTransport(t, Config{Host: "a"})
	taker := newTestTransport(t, Config{Host: "b"})
	client := newTestTransport(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var mu sync.Mutex
	handedOff, pickyServed := 0, 0
	served := map[string]int{}
	err := picky.Serve(ctx, rpc.Target{Topic: topic}, func(_ context.Context, req *rpc.Request) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		if req.MayHandOff {
			handedOff++
			return nil, rpc.ErrHandOff
		}
		pickyServed++
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = taker.Serve(ctx, rpc.Target{Topic: topic}, func(_ context.Context, req *rpc.Request) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		served[data.Str(req.Args.Value("n"))]++
		return "taken " + data.Str(req.Args.Value("n")), nil
	})
	if err != nil {
		t.Fatal(err)
	}

	const n = 20
	for i := range n {
		if err := client.Cast(ctx, rpc.Target{Topic: topic}, "work", data.MapOf("n", fmt.Sprint("cast", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		arg := fmt.Sprint("call", i)
		got, err := client.Call(ctx, rpc.Target{Topic: topic}, "work", data.MapOf("n", arg))
		if err != nil || got != "taken "+arg {
			t.Fatalf("call %d: %v, %v", i, got, err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		done := len(served) == 2*n
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	for k, c := range served {
		if c != 1 {
			t.Errorf("%s served %d times", k, c)
		}
	}
	if len(served) != 2*n || pickyServed != 0 {
		t.Errorf("the taker served %d requests, want %d; the picky server had to serve %d", len(served), 2*n, pickyServed)
	}
	if handedOff == 0 {
		t.Errorf("the picky server handed nothing off: the test proved nothing")
	}
	t.Logf("%d hand-offs for %d requests", handedOff, 2*n)
}

// TestHandOffDeadline has only a server that hands requests off: after the
// hand-off timeout it must answer them itself.
func TestHandOffDeadline(t *testing.T) {
	topic := testTopic(t)
	alone := newTestTransport(t, Config{HandoffTimeout: time.Second, ResponseTimeout: 4 * time.Second})
	client := newTestTransport(t, Config{ResponseTimeout: 4 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	answered := make(chan time.Duration, 2)
	var mu sync.Mutex
	first := map[string]time.Time{}
	err := alone.Serve(ctx, rpc.Target{Topic: topic}, func(_ context.Context, req *rpc.Request) (any, error) {
		key := req.Method
		mu.Lock()
		if first[key].IsZero() {
			first[key] = time.Now()
		}
		since := time.Since(first[key])
		mu.Unlock()
		if req.MayHandOff {
			return nil, rpc.ErrHandOff
		}
		answered <- since
		return "answered", nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := client.Cast(ctx, rpc.Target{Topic: topic}, "cast", nil); err != nil {
		t.Fatal(err)
	}
	if since := waitFor(t, answered, "the cast answered after its hand-offs"); since < time.Second || since > 3*time.Second {
		t.Errorf("cast answered %s after its first delivery, want about 1s", since)
	}
	got, err := client.Call(ctx, rpc.Target{Topic: topic}, "call", nil)
	if err != nil || got != "answered" {
		t.Fatalf("call: %v, %v", got, err)
	}
	// A call's hand-offs end at half the response timeout.
	if since := waitFor(t, answered, "the call answered"); since > 2*time.Second {
		t.Errorf("call answered %s after its first delivery", since)
	}
}
