package executor

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A new action is reported soon after it starts, unless it finished before
// the report went out: its result already proves it reached the executor.
func TestHeartbeaterReportsOnlyRunningActions(t *testing.T) {
	reports := make(chan []string, 10)
	h := NewHeartbeater(func(_ context.Context, ids []string) error {
		reports <- slices.Clone(ids)
		return nil
	}, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)

	h.started("quick")
	h.started("slow")
	h.finished("quick")
	select {
	case got := <-reports:
		if !slices.Equal(got, []string{"slow"}) {
			t.Fatalf("report %v, want [slow]", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no report of the running action")
	}

	h.started("done")
	h.finished("done")
	select {
	case got := <-reports:
		t.Fatalf("report %v of an action that had finished", got)
	case <-time.After(10 * batchDelay):
	}
}
