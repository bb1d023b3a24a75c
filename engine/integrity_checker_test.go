package engine_test

import (
	"context"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
)

// TestIntegrityCheckerRepairsLostCompletion records an action's result in
// the database behind the engine's back — as if the engine that handled
// its completion died before the task moved on — and checks that the
// integrity checker completes the task and the workflow.
func TestIntegrityCheckerRepairsLostCompletion(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
lost:
  tasks:
    t:
      action: std.async_noop
      on-success: u
    u:
      action: std.noop
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("lost"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	task := s.tasks(t, id)["t"]
	acts, _ := s.store.Read(ctx).ActionExecutions().ByTask(task.ID)
	if len(acts) != 1 {
		t.Fatalf("%d actions", len(acts))
	}
	a := acts[0]
	a.State, a.Accepted = db.StateSuccess, true
	a.Output = db.JSONOf(nil)
	if err := s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.ActionExecutions().Save(a) }); err != nil {
		t.Fatal(err)
	}
	if err := engine.NewIntegrityChecker(s.engine, 0, 0).Check(ctx); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("state %s", ex.State)
	}
}
