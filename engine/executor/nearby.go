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
}

// Nearby is how an engine sends actions when its process runs a remote
// executor too: a run_action goes straight to that executor while it has a
// free slot and runs the action's class, and to the executors' topic
// otherwise (every slot busy, or a custom Python action that only a Python
// executor runs). The action still runs in an executor, exactly as one
// delivered by the broker would: its request is decoded from the arguments
// that travel, it heartbeats and reports through the engine client, and its
// outbox entry is released once the executor has it. What it skips is the
// broker's round trip, a third of a short task's time over RabbitMQ.
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
	rc := rpc.RequestContext(ctx)
	if rc == nil {
		rc = data.NewMap(0)
	}
	hctx := rpc.WithRequestContext(n.ctx, rc)
	go func() {
		defer n.release()
		if _, err := n.x.RunAction(hctx, run); err != nil {
			n.x.log.Error("run action", "action_execution_id", run.ActionExID, "error", err)
		}
	}()
	return nil
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
