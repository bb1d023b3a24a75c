package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// Group commit of action completions. Action results that arrive while
// transactions run wait in a queue; a leader takes what waits and handles it
// in one transaction: one lock, one commit and one read of each tree's
// first action for many transitions, whether they are the branches of a
// fan-out, the iterations of a with-items or the steps of executions that
// run side by side. Up to maxLeaders transactions run at once, and a tree
// is in one of them at most, so that a long transaction of one tree holds
// up no other. Each caller gets its own answer once the transaction that
// handled its result has committed.

// maxBatch bounds the completions one transaction handles.
const maxBatch = 500

// maxLeaders bounds the completion transactions that run at once.
const maxLeaders = 4

// completion is one queued action result and, once handled, its outcome.
type completion struct {
	root       string // the execution tree the action belongs to
	actionExID string
	result     *rpc.Result
	out        *db.ActionExecution
	// earlier, when set, is the updated_at the answer shows: out's from
	// before the result was recorded (see completeOne).
	earlier *earlierTime
	err     error
	// lead receives once: nil when the completion was handled, or the
	// batch that its caller leads (the completion is the batch's first).
	lead chan []*completion
}

// earlierTime is an updated_at from before a change.
type earlierTime struct{ at *time.Time }

// completionQueue holds the waiting completions and the trees that leaders
// hold. The waiting completions are kept by tree, so that a completion that
// arrives while its tree is held costs nothing to pass over: a with-items
// task's thousands of iterations wait for their tree without being looked
// at again on every arrival.
type completionQueue struct {
	mu      sync.Mutex
	waiting map[string][]*completion // by tree, each in arrival order
	ready   []string                 // trees with waiting completions that no leader holds, in the order they became so
	busy    map[string]bool          // trees in a leader's batch
	leaders int
}

func newCompletionQueue() *completionQueue {
	return &completionQueue{waiting: make(map[string][]*completion), busy: make(map[string]bool)}
}

// add queues c behind its tree's waiting completions. q.mu is held.
func (q *completionQueue) add(c *completion) {
	if len(q.waiting[c.root]) == 0 && !q.busy[c.root] {
		q.ready = append(q.ready, c.root)
	}
	q.waiting[c.root] = append(q.waiting[c.root], c)
}

// completeQueued handles c with the other completions that are waiting, and
// returns when c has been handled.
func (e *Engine) completeQueued(ctx context.Context, root string, c *completion) {
	q := e.completions
	c.root = root
	c.lead = make(chan []*completion, 1)
	q.mu.Lock()
	q.add(c)
	q.dispatch()
	q.mu.Unlock()

	batch := <-c.lead
	if batch == nil {
		return
	}
	defer q.release(batch)
	e.completeBatches(context.WithoutCancel(ctx), byTree(batch))
}

// release ends a leader's batch: its trees are free again, the waiting
// completions go to new leaders, and the batch's other callers get their
// answers. A leader that panicked (its transaction rolled back) still
// releases, so that the queue goes on; its callers get an error, and the
// panic goes on up.
func (q *completionQueue) release(batch []*completion) {
	p := recover()
	q.mu.Lock()
	for _, b := range batch {
		if !q.busy[b.root] {
			continue // an earlier completion of the batch freed it
		}
		delete(q.busy, b.root)
		if len(q.waiting[b.root]) > 0 {
			q.ready = append(q.ready, b.root)
		}
	}
	q.leaders--
	q.dispatch()
	q.mu.Unlock()
	for _, b := range batch[1:] {
		if p != nil {
			b.out, b.err = nil, fmt.Errorf("handling the results of a batch failed: %v", p)
		}
		b.lead <- nil
	}
	if p != nil {
		panic(p)
	}
}

// dispatch hands batches of the waiting completions to new leaders while
// fewer than maxLeaders run. q.mu is held.
func (q *completionQueue) dispatch() {
	for q.leaders < maxLeaders {
		batch := q.take()
		if len(batch) == 0 {
			return
		}
		q.leaders++
		batch[0].lead <- batch
	}
}

// take removes from the queue up to maxBatch completions of trees that no
// leader holds, tree by tree in the order the trees became ready and each
// tree's in arrival order, and marks their trees held. A tree with more
// waiting than there is room for is held with the rest still waiting.
// q.mu is held.
func (q *completionQueue) take() []*completion {
	var batch []*completion
	for len(q.ready) > 0 && len(batch) < maxBatch {
		root := q.ready[0]
		q.ready = q.ready[1:]
		waiting := q.waiting[root]
		n := min(len(waiting), maxBatch-len(batch))
		batch = append(batch, waiting[:n]...)
		if n == len(waiting) {
			delete(q.waiting, root)
		} else {
			q.waiting[root] = waiting[n:]
		}
		q.busy[root] = true
	}
	return batch
}

// treeBatch is the completions of one execution tree, in arrival order.
type treeBatch struct {
	root        string
	completions []*completion
}

// byTree groups a batch by tree, the trees in order of first arrival.
func byTree(batch []*completion) []treeBatch {
	var trees []treeBatch
	at := make(map[string]int)
	for _, c := range batch {
		i, ok := at[c.root]
		if !ok {
			i = len(trees)
			at[c.root] = i
			trees = append(trees, treeBatch{root: c.root})
		}
		trees[i].completions = append(trees[i].completions, c)
	}
	return trees
}

// completeBatches handles the completions of one tree or of several in one
// transaction. If that fails, each tree's are handled apart, then each
// completion in a transaction of its own, so that a failure is reported to
// the caller whose completion caused it.
func (e *Engine) completeBatches(ctx context.Context, trees []treeBatch) {
	if len(trees) == 1 && len(trees[0].completions) == 1 {
		c := trees[0].completions[0]
		c.out, c.err = nil, nil
		if err := e.inTx(ctx, trees[0].root, func(r *run) error { return r.completeOne(c) }); err != nil {
			c.err = err
		}
		return
	}
	err := e.completeTogether(ctx, trees)
	switch {
	case err == nil:
	case len(trees) > 1:
		e.log.Warn("completing the results of several executions at once failed; completing each apart",
			"executions", len(trees), "error", err)
		for _, t := range trees {
			e.completeBatches(ctx, []treeBatch{t})
		}
	default:
		for _, c := range trees[0].completions {
			e.completeBatches(ctx, []treeBatch{{root: trees[0].root, completions: []*completion{c}}})
		}
	}
}

// completeTogether handles the completions of the trees in one transaction
// that locks them all, each tree with a run of its own.
func (e *Engine) completeTogether(ctx context.Context, trees []treeBatch) error {
	roots := make([]string, len(trees))
	for i, t := range trees {
		roots[i] = t.root
	}
	return e.store.InTx(ctx, db.TxOptions{Locks: roots}, func(tx *db.Tx) error {
		if err := prefetchTrees(tx, trees); err != nil {
			return err
		}
		for _, t := range trees {
			r := newRun(ctx, e, tx)
			for _, c := range t.completions {
				c.out, c.err = nil, nil // a retried transaction starts over
				if err := r.completeOne(c); err != nil {
					return err
				}
			}
			if err := r.finish(); err != nil {
				return err
			}
		}
		return nil
	})
}

// prefetchTrees reads ahead, in two statements, what the trees' completions
// read: each tree's first action with its task and execution, and the
// other actions (mostly a with-items task's iterations, whose task the
// transaction has then seen).
func prefetchTrees(tx *db.Tx, trees []treeBatch) error {
	first := make([]string, len(trees))
	var later []string
	for i, t := range trees {
		first[i] = t.completions[0].actionExID
		for _, c := range t.completions[1:] {
			if c.actionExID != first[i] {
				later = append(later, c.actionExID)
			}
		}
	}
	if err := tx.ActionExecutions().PrefetchForCompletion(first); err != nil {
		return err
	}
	return tx.ActionExecutions().Prefetch(later)
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
	// Mistral answers with the action as its session holds it: without
	// the output keep-result: false erased once its task completed.
	if r.erased[a.ID] {
		a.Output = db.JSONOf(data.NewMap(0))
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
