package executor

import (
	"context"
	"sync"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// Sender sends run_action requests to the executors' topic: an
// rpc.ExecutorClient.
type Sender interface {
	RunAction(ctx context.Context, req *rpc.RunActionRequest) error
	RunActionSync(ctx context.Context, req *rpc.RunActionRequest) (*rpc.Result, error)
}

// Nearby is how an engine sends actions when its process runs a remote
// executor too: a run_action goes straight to that executor while it has a
// free slot and runs the action's class, and to the executors' topic
// otherwise (every slot busy, or a custom Python action that only a Python
// executor runs). The action still runs in an executor, exactly as one
// delivered by the broker would: its request is decoded from the arguments
// that travel, it heartbeats and reports through the engine client, and its
// outbox entry is released once the executor has it. What it skips is the
// broker's round trip, a quarter of a short task's time over RabbitMQ.
// Under load the slots fill up and the rest spreads over the bus.
type Nearby struct {
	x     *Executor
	bus   Sender
	ctx   context.Context // ends the actions it runs, as a server's does
	slots chan struct{}

	mu      sync.Mutex
	stopped bool
	wg      sync.WaitGroup
}

// NewNearby returns a Nearby that runs up to slots actions at once on x
// until ctx ends, and sends the others through bus.
func NewNearby(ctx context.Context, x *Executor, bus Sender, slots int) *Nearby {
	return &Nearby{x: x, bus: bus, ctx: ctx, slots: make(chan struct{}, max(slots, 1))}
}

// RunAction implements the engine's Executor.
func (n *Nearby) RunAction(ctx context.Context, req *rpc.RunActionRequest) error {
	if req.ActionExID == "" || n.x.cannotRun(req) != nil || !n.take() {
		return n.bus.RunAction(ctx, req)
	}
	run, err := rpc.DecodeRunAction(rpc.EncodeRunAction(req))
	if err != nil {
		n.release()
		return err
	}
	hctx := n.handlerContext(ctx)
	go func() {
		defer n.release()
		if _, err := n.x.RunAction(hctx, run); err != nil {
			n.x.log.Error("run action", "action_execution_id", run.ActionExID, "error", err)
		}
	}()
	return nil
}

// RunActionSync runs a stand-alone action (run-action without a saved
// result) and returns its result: here while a slot is free, else through
// the bus.
func (n *Nearby) RunActionSync(ctx context.Context, req *rpc.RunActionRequest) (*rpc.Result, error) {
	if n.x.cannotRun(req) != nil || !n.take() {
		return n.bus.RunActionSync(ctx, req)
	}
	defer n.release()
	run, err := rpc.DecodeRunAction(rpc.EncodeRunAction(req))
	if err != nil {
		return nil, err
	}
	return n.x.RunAction(n.handlerContext(ctx), run)
}

// handlerContext is the context an action sent under ctx runs in, as a
// server would run it: the process's, with the request context sent.
func (n *Nearby) handlerContext(ctx context.Context) context.Context {
	rc := rpc.RequestContext(ctx)
	if rc == nil {
		rc = data.NewMap(0)
	}
	return rpc.WithRequestContext(n.ctx, rc)
}

// take reserves a slot for an action, unless all are busy or the process
// is stopping.
func (n *Nearby) take() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.stopped || n.ctx.Err() != nil {
		return false
	}
	select {
	case n.slots <- struct{}{}:
		n.wg.Add(1)
		return true
	default:
		return false
	}
}

func (n *Nearby) release() {
	<-n.slots
	n.wg.Done()
}

// Wait sends every later action through the bus and returns once the
// actions it started have ended.
func (n *Nearby) Wait() {
	n.mu.Lock()
	n.stopped = true
	n.mu.Unlock()
	n.wg.Wait()
}
