package executor

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// bus records the requests sent through the broker.
type bus struct {
	mu   sync.Mutex
	sent []string
}

func (b *bus) RunAction(_ context.Context, req *rpc.RunActionRequest) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, req.ActionExID)
	return nil
}

func (b *bus) RunActionSync(_ context.Context, req *rpc.RunActionRequest) (*rpc.Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, "sync")
	return &rpc.Result{Data: "from the bus"}, nil
}

func (b *bus) took(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.sent {
		if s == id {
			return true
		}
	}
	return false
}

// heldReports is a reporter that holds each report until released, so that
// the action keeps its slot meanwhile.
type heldReports struct {
	release chan struct{}
	got     chan reported
}

type reported struct {
	id      string
	res     *rpc.Result
	context *data.Map
}

func (h *heldReports) OnActionComplete(ctx context.Context, id string, res *rpc.Result, _ bool) (*data.Map, error) {
	h.got <- reported{id, res, rpc.RequestContext(ctx)}
	<-h.release
	return nil, nil
}

// TestNearby checks which actions the executor next door takes: one
// that it runs while a slot is free, with the request context it was sent
// with, and a stand-alone run it answers; through the bus, one when every
// slot is busy, one it cannot run, a cast without an action execution, and
// any once it stopped.
func TestNearby(t *testing.T) {
	reg := withPythonAction(t)
	act, spec, err := reg.Instantiate("std.echo", data.MapOf("output", "hi"))
	if err != nil {
		t.Fatal(err)
	}
	echo := &rpc.Action{Name: "std.echo", ClassName: spec.ClassName, Attrs: act.(actions.Serializable).Vars()}
	rep := &heldReports{release: make(chan struct{}), got: make(chan reported, 4)}
	x := New(reg, rep, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b := &bus{}
	n := NewNearby(t.Context(), x, b, 1)

	rc := data.MapOf("project_id", "p1", "user", "u1")
	ctx := rpc.WithRequestContext(t.Context(), rc)
	if err := n.RunAction(ctx, &rpc.RunActionRequest{Action: echo, ActionExID: "near"}); err != nil {
		t.Fatal(err)
	}
	var r reported
	select {
	case r = <-rep.got:
	case <-time.After(10 * time.Second):
		t.Fatal("the action did not run next door")
	}
	if r.id != "near" || data.Str(r.res.Data) != "hi" || b.took("near") {
		t.Fatalf("got %+v, result %+v (bus %v), want near's result reported from next door", r, r.res, b.sent)
	}
	if data.Str(r.context.Value("project_id")) != "p1" || data.Str(r.context.Value("user")) != "u1" {
		t.Fatalf("reported with request context %v, want %v", r.context, rc)
	}

	// near holds the only slot until its report is released.
	sends := []struct {
		name string
		req  *rpc.RunActionRequest
	}{
		{"every slot busy", &rpc.RunActionRequest{Action: echo, ActionExID: "busy"}},
		{"a custom Python action", &rpc.RunActionRequest{Action: &rpc.Action{ClassName: "custom_actions.Greet"}, ActionExID: "python"}},
		{"no action execution", &rpc.RunActionRequest{Action: echo}},
	}
	for _, s := range sends {
		if err := n.RunAction(ctx, s.req); err != nil {
			t.Fatal(err)
		}
		if !b.took(s.req.ActionExID) {
			t.Errorf("%s: not sent through the bus", s.name)
		}
	}
	res, err := n.RunActionSync(ctx, &rpc.RunActionRequest{Action: echo})
	if err != nil || data.Str(res.Data) != "from the bus" {
		t.Errorf("stand-alone run with every slot busy: %+v, %v; want it run through the bus", res, err)
	}
	close(rep.release)

	// A stand-alone run waits for its result here once a slot is free.
	for deadline := time.Now().Add(10 * time.Second); len(n.slots) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("near kept its slot")
		}
	}
	res, err = n.RunActionSync(ctx, &rpc.RunActionRequest{Action: echo})
	if err != nil || data.Str(res.Data) != "hi" {
		t.Errorf("stand-alone run with a free slot: %+v, %v; want hi from next door", res, err)
	}

	// Once stopped, everything goes through the bus; a free slot does
	// not matter.
	n.Wait()
	if err := n.RunAction(ctx, &rpc.RunActionRequest{Action: echo, ActionExID: "late"}); err != nil {
		t.Fatal(err)
	}
	if !b.took("late") {
		t.Error("an action sent after Wait did not go through the bus")
	}
	select {
	case r := <-rep.got:
		t.Errorf("%s ran next door besides near", r.id)
	default:
	}
}
