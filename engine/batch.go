package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// Group commit of action completions. The transactions of an execution tree
// run one after the other; action results of the same tree that arrive
// while one runs (the branches of a fan-out, the iterations of a
// with-items) wait in a queue, and the next transaction handles all of them:
// one lock, one commit and one read of the execution for many transitions.
// Each caller gets its own answer once the transaction that handled its
// result has committed, as before. The first caller of a queue leads: it
// runs the transaction, answers the others, and hands the queue to the
// next waiter.

// maxBatch bounds the completions one transaction handles.
const maxBatch = 500

// completion is one queued action result and, once handled, its outcome.
type completion struct {
	actionExID string
	result     *rpc.Result
	out        *db.ActionExecution
	// earlier, when set, is the updated_at the answer shows: out's from
	// before the result was recorded (see completeOne).
	earlier *earlierTime
	err     error
	// turn says, once: true when the completion was handled, false when
	// its caller leads the next batch.
	turn chan bool
}

// earlierTime is an updated_at from before a change.
type earlierTime struct{ at *time.Time }

// completionQueue holds the waiting completions of each execution tree.
type completionQueue struct {
	mu      sync.Mutex
	waiting map[string][]*completion // root execution id -> arrival order
	busy    map[string]bool          // a leader runs the tree's batch
}

func newCompletionQueue() *completionQueue {
	return &completionQueue{waiting: make(map[string][]*completion), busy: make(map[string]bool)}
}

// completeQueued handles c with the other completions of the tree that are
// waiting, and returns when c has been handled.
func (e *Engine) completeQueued(ctx context.Context, root string, c *completion) {
	q := e.completions
	c.turn = make(chan bool, 1)
	q.mu.Lock()
	q.waiting[root] = append(q.waiting[root], c)
	lead := !q.busy[root]
	q.busy[root] = true
	q.mu.Unlock()
	if !lead {
		if handled := <-c.turn; handled {
			return
		}
	}
	// Leading: take the queue (c is in it), handle it, answer, hand over.
	q.mu.Lock()
	batch := q.waiting[root]
	if len(batch) > maxBatch {
		batch = batch[:maxBatch]
	}
	q.waiting[root] = q.waiting[root][len(batch):]
	q.mu.Unlock()

	e.completeBatch(context.WithoutCancel(ctx), root, batch)
	for _, b := range batch {
		if b != c {
			b.turn <- true
		}
	}

	q.mu.Lock()
	if next := q.waiting[root]; len(next) > 0 {
		next[0].turn <- false
	} else {
		delete(q.waiting, root)
		delete(q.busy, root)
	}
	q.mu.Unlock()
}

// completeBatch handles the completions in one transaction. If that fails,
// each is handled in a transaction of its own, so that a failure is
// reported to the caller whose completion caused it.
func (e *Engine) completeBatch(ctx context.Context, root string, batch []*completion) {
	if len(batch) > 1 {
		err := e.inTx(ctx, root, func(r *run) error {
			if err := r.prefetchActions(batch); err != nil {
				return err
			}
			for _, c := range batch {
				c.out, c.err = nil, nil // a retried transaction starts over
				if err := r.completeOne(c); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			return
		}
	}
	for _, c := range batch {
		c.out, c.err = nil, nil
		err := e.inTx(ctx, root, func(r *run) error { return r.completeOne(c) })
		if err != nil {
			c.err = err
		}
	}
}

// completeOne records one action result. A result for a missing or
// already finished action is that completion's error (c.err), which does
// not undo the others of the transaction; any other error is the
// transaction's.
func (r *run) completeOne(c *completion) error {
	a, err := r.actionForCompletion(c.actionExID)
	var me *exc.Error
	if errors.As(err, &me) {
		c.err = err
		return nil
	}
	if err != nil {
		return err
	}
	if db.IsTerminal(a.State) {
		c.err = exc.New(exc.InvalidStateTransition, "Action execution %s is already completed [state=%s]", a.ID, a.State)
		return nil
	}
	c.out, c.earlier = a, nil
	var before *time.Time
	if a.UpdatedAt != nil {
		at := *a.UpdatedAt
		before = &at
	}
	if err := r.completeAction(a, c.result); err != nil {
		return err
	}
	// Mistral's engine answers with the action's dict before its session
	// flushes the result, unless handling the result read the database
	// first: for a task's action, or to transform the output of an ad-hoc
	// action that succeeded. Without a flush the answer shows the
	// updated_at from before (null for an action never updated).
	transformed := !a.Spec.IsNull() && a.State == db.StateSuccess
	if a.TaskExecutionID == nil && !transformed {
		c.earlier = &earlierTime{at: before}
	}
	return nil
}

// prefetchActions reads the action executions of a batch's later
// completions in one statement, rather than a round trip each while the
// tree is locked. The first is read with its task and execution
// (actionForCompletion).
func (r *run) prefetchActions(batch []*completion) error {
	ids := make([]string, 0, len(batch)-1)
	for _, c := range batch[1:] {
		if c.actionExID != batch[0].actionExID {
			ids = append(ids, c.actionExID)
		}
	}
	return r.tx.ActionExecutions().Prefetch(ids)
}

// actionForCompletion reads the action execution of a result. The first of
// a transaction reads the action's task and workflow execution with it, in
// the same round trip: they are what the completion works on next. Later
// ones mostly belong to a task the transaction has seen (a with-items
// task's iterations).
func (r *run) actionForCompletion(id string) (*db.ActionExecution, error) {
	if len(r.execs) > 0 {
		return r.tx.ActionExecutions().Get(id)
	}
	a, t, ex, err := r.tx.ActionExecutions().GetForCompletion(id)
	if err != nil || t == nil {
		return a, err
	}
	var s *execState
	if ex != nil {
		s, err = r.adopt(ex)
	} else {
		s, err = r.exec(t.WorkflowExecutionID)
	}
	if err != nil {
		return nil, err
	}
	r.adoptTask(s, t)
	return a, nil
}
