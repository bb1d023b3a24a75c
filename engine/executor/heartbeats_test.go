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
	h.started("reporting")
	h.settled("reporting")
	select {
	case got := <-reports:
		t.Fatalf("report %v of an action that had run", got)
	case <-time.After(10 * batchDelay):
	}
}

// An action whose result is still on its way to the engine stays in the
// periodic reports, so that an engine that was away does not give it up.
func TestHeartbeaterKeepsReportingActionsWhileTheirResultIsOnItsWay(t *testing.T) {
	reports := make(chan []string, 10)
	h := NewHeartbeater(func(_ context.Context, ids []string) error {
		reports <- slices.Clone(ids)
		return nil
	}, 10*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.started("reporting")
	h.settled("reporting")
	go h.Run(ctx)
	select {
	case got := <-reports:
		if !slices.Equal(got, []string{"reporting"}) {
			t.Fatalf("report %v, want [reporting]", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no periodic report of an action whose result is on its way")
	}
	h.finished("reporting")
	time.Sleep(50 * time.Millisecond) // a report under way when it finished
	for len(reports) > 0 {
		<-reports
	}
	select {
	case got := <-reports:
		t.Fatalf("report %v after the action finished", got)
	case <-time.After(10 * batchDelay):
	}
}
