package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

const sideBySide = `---
version: '2.0'
side_by_side:
  tasks:
    first:
      action: std.async_noop
      on-success: second
    second:
      action: std.async_noop
`

// The results of actions of several executions that wait together are
// handled in one transaction, each as if alone: every execution moves on,
// and a second result for an action fails alone. Results that
// arrive at once from many callers all land, on both databases.
func TestResultsOfSeveralExecutionsTogether(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			s := newStackOn(t, dialect)
			s.upload(t, sideBySide)
			ctx := context.Background()
			const n = 6
			ids := make([]string, n)
			for i := range ids {
				out, err := s.engine.StartWorkflow(ctx, startReq("side_by_side"))
				if err != nil {
					t.Fatal(err)
				}
				ids[i] = out.Value("id").(string)
			}
			running := func(task string) []string {
				var actions []string
				for _, id := range ids {
					tk := s.waitTask(t, id, task)
					actions = append(actions, s.startedActions(t, tk.ID, 1)[0].ID)
				}
				return actions
			}

			firsts := running("first")
			firsts = append(firsts, firsts[0])
			before := s.store.Stats().Transactions
			errs, err := s.engine.CompleteTogether(ctx, firsts, &rpc.Result{})
			if err != nil {
				t.Fatal(err)
			}
			if txs := s.store.Stats().Transactions - before; txs != 1 {
				t.Errorf("%d transactions for the results of %d executions, want 1", txs, n)
			}
			for i, err := range errs[:n] {
				if err != nil {
					t.Errorf("execution %d: %v", i, err)
				}
			}
			if !exc.Is(errs[n], exc.InvalidStateTransition) {
				t.Errorf("second result for an action: %v, want InvalidStateTransition", errs[n])
			}

			var wg sync.WaitGroup
			for _, a := range running("second") {
				wg.Go(func() {
					if _, err := s.engine.OnActionComplete(ctx, a, &rpc.Result{}, false); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			for _, id := range ids {
				if ex := s.wait(t, id); ex.State != db.StateSuccess {
					t.Errorf("execution %s: %s %v", id, ex.State, ex.StateInfo)
				}
				for name, tk := range s.tasks(t, id) {
					if acts := s.startedActions(t, tk.ID, 1); len(acts) != 1 || acts[0].State != db.StateSuccess {
						t.Errorf("execution %s task %s: %d actions, the first %s", id, name, len(acts), acts[0].State)
					}
				}
			}
		})
	}
}

// waitTask waits until an execution has the named task.
func (s *stack) waitTask(tb testing.TB, id, name string) *db.TaskExecution {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if tk := s.tasks(tb, id)[name]; tk != nil {
			return tk
		}
		if time.Now().After(deadline) {
			tb.Fatalf("execution %s has no task %s", id, name)
		}
	}
}
