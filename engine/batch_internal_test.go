package engine

import (
	"fmt"
	"slices"
	"testing"
)

// The queue hands each leader the waiting results of trees no other leader
// holds, tree by tree and each tree's in arrival order, and starts no more
// than maxLeaders leaders.
func TestCompletionQueueDispatch(t *testing.T) {
	q := newCompletionQueue()
	arrive := func(root, id string) *completion {
		c := &completion{root: root, actionExID: id, lead: make(chan []*completion, 1)}
		q.add(c)
		return c
	}
	names := func(batch []*completion) []string {
		var out []string
		for _, c := range batch {
			out = append(out, c.actionExID)
		}
		return out
	}
	waiting := func() int {
		n := 0
		for _, w := range q.waiting {
			n += len(w)
		}
		return n
	}

	q.busy["held"] = true
	q.leaders = maxLeaders - 1
	first := arrive("a", "a1")
	held := arrive("held", "h1")
	arrive("b", "b1")
	arrive("a", "a2")
	q.dispatch()
	select {
	case batch := <-first.lead:
		if got, want := names(batch), []string{"a1", "a2", "b1"}; !slices.Equal(got, want) {
			t.Errorf("batch %v, want %v", got, want)
		}
	default:
		t.Fatal("the first waiting result got no batch")
	}
	if got := names(q.waiting["held"]); !slices.Equal(got, []string{"h1"}) || waiting() != 1 {
		t.Errorf("left waiting %v, want [h1]", q.waiting)
	}
	if !q.busy["a"] || !q.busy["b"] || q.leaders != maxLeaders {
		t.Errorf("busy %v, %d leaders", q.busy, q.leaders)
	}

	// No leader is free: the results wait, even of a tree nobody holds.
	next := arrive("c", "c1")
	q.dispatch()
	if len(next.lead) != 0 || waiting() != 2 {
		t.Errorf("a leader started beyond %d", maxLeaders)
	}

	// The leader of the held tree ends: its tree's waiting results go to
	// a new leader behind the trees that were ready before, at most
	// maxBatch results a batch.
	for i := range maxBatch {
		arrive(fmt.Sprint("t", i), fmt.Sprint("x", i))
	}
	q.release([]*completion{{root: "held", lead: make(chan []*completion, 1)}})
	select {
	case batch := <-next.lead:
		if len(batch) != maxBatch || batch[0] != next || batch[1].actionExID != "x0" {
			t.Errorf("batch of %d from %v, want %d from [c1 x0 ...]", len(batch), names(batch[:3]), maxBatch)
		}
	default:
		t.Fatal("the oldest ready tree's result got no batch")
	}
	if got := names(q.waiting["t499"]); !slices.Equal(got, []string{"x499"}) || len(held.lead) != 0 ||
		!slices.Equal(names(q.waiting["held"]), []string{"h1"}) || waiting() != 2 {
		t.Errorf("left waiting %v, want x499 and h1", q.waiting)
	}
	if !slices.Equal(q.ready, []string{"t499", "held"}) {
		t.Errorf("ready trees %v, want [t499 held]", q.ready)
	}
}

// A tree's results that arrive while a leader holds it wait apart, and
// go to one leader, maxBatch at a time, once the tree is free.
func TestCompletionQueueHeldTreeWaitsApart(t *testing.T) {
	q := newCompletionQueue()
	q.busy["items"] = true
	q.leaders = 1
	for i := range 10 * maxBatch {
		q.add(&completion{root: "items", actionExID: fmt.Sprint(i), lead: make(chan []*completion, 1)})
		q.dispatch()
	}
	if len(q.ready) != 0 || q.leaders != 1 || len(q.waiting["items"]) != 10*maxBatch {
		t.Fatalf("ready %v, %d leaders, %d waiting", q.ready, q.leaders, len(q.waiting["items"]))
	}
	q.release([]*completion{{root: "items", lead: make(chan []*completion, 1)}})
	if q.leaders != 1 || len(q.waiting["items"]) != 9*maxBatch || !q.busy["items"] {
		t.Errorf("after the release: %d leaders, %d waiting, busy %v", q.leaders, len(q.waiting["items"]), q.busy)
	}
}

// A leader that panics still frees its trees and answers its batch, with
// an error, so that the queue goes on.
func TestCompletionQueueReleaseAfterPanic(t *testing.T) {
	q := newCompletionQueue()
	batch := []*completion{
		{root: "a", actionExID: "a1", lead: make(chan []*completion, 1)},
		{root: "b", actionExID: "b1", lead: make(chan []*completion, 1)},
	}
	q.busy["a"], q.busy["b"] = true, true
	q.leaders = 1
	waiting := &completion{root: "b", actionExID: "b2", lead: make(chan []*completion, 1)}
	q.add(waiting)

	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("panic %v, want it passed on", p)
			}
		}()
		defer q.release(batch)
		panic("boom")
	}()

	if answer, ok := <-batch[1].lead; !ok || answer != nil || batch[1].err == nil {
		t.Errorf("the other caller got %v, error %v; want its answer with an error", answer, batch[1].err)
	}
	if got := <-waiting.lead; len(got) != 1 || got[0] != waiting {
		t.Errorf("the waiting result got %v, want to lead its batch", got)
	}
	if q.leaders != 1 || !q.busy["b"] || q.busy["a"] {
		t.Errorf("after the release: %d leaders, busy %v", q.leaders, q.busy)
	}
}

// BenchmarkCompletionQueueHeldTree is the cost of a result that arrives
// while its tree is held, as each of a large with-items task's iterations
// does: constant, however many wait before it.
func BenchmarkCompletionQueueHeldTree(b *testing.B) {
	q := newCompletionQueue()
	q.busy["items"] = true
	q.leaders = 1
	for i := 0; b.Loop(); i++ {
		q.add(&completion{root: "items", actionExID: fmt.Sprint(i)})
		q.dispatch()
	}
}
