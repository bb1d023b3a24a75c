package engine

import (
	"fmt"
	"slices"
	"testing"
)

// The queue hands each leader the waiting results of trees no other leader
// holds, in arrival order, and starts no more than maxLeaders leaders.
func TestCompletionQueueDispatch(t *testing.T) {
	q := newCompletionQueue()
	arrive := func(root, id string) *completion {
		c := &completion{root: root, actionExID: id, lead: make(chan []*completion, 1)}
		q.waiting = append(q.waiting, c)
		return c
	}
	names := func(batch []*completion) []string {
		var out []string
		for _, c := range batch {
			out = append(out, c.actionExID)
		}
		return out
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
		if got, want := names(batch), []string{"a1", "b1", "a2"}; !slices.Equal(got, want) {
			t.Errorf("batch %v, want %v", got, want)
		}
	default:
		t.Fatal("the first waiting result got no batch")
	}
	if got := names(q.waiting); !slices.Equal(got, []string{"h1"}) {
		t.Errorf("left waiting %v, want [h1]", got)
	}
	if !q.busy["a"] || !q.busy["b"] || q.leaders != maxLeaders {
		t.Errorf("busy %v, %d leaders", q.busy, q.leaders)
	}

	// No leader is free: the results wait, even of a tree nobody holds.
	next := arrive("c", "c1")
	q.dispatch()
	if len(next.lead) != 0 || len(q.waiting) != 2 {
		t.Errorf("a leader started beyond %d", maxLeaders)
	}

	// A leader ends and the held tree is free: the rest goes to the
	// oldest, at most maxBatch results a batch.
	delete(q.busy, "held")
	q.leaders--
	for i := range maxBatch {
		arrive(fmt.Sprint("t", i), fmt.Sprint("x", i))
	}
	q.dispatch()
	select {
	case batch := <-held.lead:
		if len(batch) != maxBatch || batch[0] != held || batch[1] != next {
			t.Errorf("batch of %d from %v, want %d from [h1 c1 x0 ...]", len(batch), names(batch[:3]), maxBatch)
		}
	default:
		t.Fatal("the oldest waiting result got no batch")
	}
	if got := names(q.waiting); !slices.Equal(got, []string{fmt.Sprint("x", maxBatch-2), fmt.Sprint("x", maxBatch-1)}) {
		t.Errorf("left waiting %v, want the last two", got)
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
	q.waiting = []*completion{waiting}

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
