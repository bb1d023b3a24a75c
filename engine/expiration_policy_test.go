package engine_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
)

// TestExpirationPolicy checks [execution_expiration_policy] as Mistral 15
// applies it: finished top-level executions older than older_than go with
// their tasks and sub-workflows, then all but the max_finished_executions
// latest; executions in ignored states, running ones and sub-workflows on
// their own stay.
func TestExpirationPolicy(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) { testExpirationPolicy(t, newStackOn(t, dialect)) })
	}
}

func testExpirationPolicy(t *testing.T, s *stack) {
	ctx := context.Background()
	s.upload(t, `version: '2.0'
exp_ok:
  tasks:
    t:
      action: std.noop
exp_fail:
  tasks:
    t:
      action: std.fail
exp_parent:
  tasks:
    t:
      workflow: exp_ok
exp_wait:
  tasks:
    t:
      action: std.async_noop
`)
	parent := s.run(t, "exp_parent", nil)
	oldOK := s.run(t, "exp_ok", nil)
	oldFailed := s.run(t, "exp_fail", nil)
	newOK := s.run(t, "exp_ok", nil)
	out, err := s.engine.StartWorkflow(ctx, startReq("exp_wait"))
	if err != nil {
		t.Fatal(err)
	}
	running := out.Value("id").(string)
	child := s.tasks(t, parent.ID)["t"]
	subs, err := s.store.Read(ctx).WorkflowExecutions().ByTask(child.ID)
	if err != nil || len(subs) != 1 {
		t.Fatalf("sub-workflows of the parent: %v %v", subs, err)
	}
	// Two hours ago for the old ones, the sub-workflow too: it goes with
	// its parent, which ended half an hour ago, and not before.
	now := time.Now().UTC()
	s.setUpdatedAt(t, parent.ID, now.Add(-30*time.Minute))
	for i, id := range []string{subs[0].ID, oldOK.ID, oldFailed.ID} {
		s.setUpdatedAt(t, id, now.Add(-2*time.Hour+time.Duration(i)*time.Second))
	}

	exists := func() []string {
		var left []string
		for _, id := range []string{parent.ID, subs[0].ID, oldOK.ID, oldFailed.ID, newOK.ID, running} {
			if e, err := s.store.Read(ctx).WorkflowExecutions().Find(id); err != nil {
				t.Fatal(err)
			} else if e != nil {
				left = append(left, id)
			}
		}
		return left
	}
	expire := func(cfg engine.ExpirationConfig) {
		t.Helper()
		p, err := engine.NewExpirationPolicy(s.engine, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Expire(ctx); err != nil {
			t.Fatal(err)
		}
	}

	expire(engine.ExpirationConfig{Interval: time.Minute, OlderThan: time.Hour, BatchSize: 1, IgnoredStates: []string{db.StateError}})
	if got, want := exists(), []string{parent.ID, subs[0].ID, oldFailed.ID, newOK.ID, running}; !slices.Equal(got, want) {
		t.Fatalf("after the age limit: %v left, want %v", got, want)
	}
	if tasks, _ := s.store.Read(ctx).TaskExecutions().ByWorkflow(oldOK.ID); len(tasks) != 0 {
		t.Fatalf("%d tasks of a deleted execution left", len(tasks))
	}

	// The latest finished is newOK, then the parent (with its child), then
	// oldFailed.
	expire(engine.ExpirationConfig{Interval: time.Minute, MaxFinished: 1})
	if got, want := exists(), []string{newOK.ID, running}; !slices.Equal(got, want) {
		t.Fatalf("after the count limit: %v left, want %v", got, want)
	}
	if tasks, _ := s.store.Read(ctx).TaskExecutions().ByWorkflow(subs[0].ID); len(tasks) != 0 {
		t.Fatalf("%d tasks of a deleted sub-workflow left", len(tasks))
	}

	if _, err := engine.NewExpirationPolicy(s.engine, engine.ExpirationConfig{IgnoredStates: []string{db.StateRunning}}); err == nil {
		t.Fatal("RUNNING taken as an ignored state")
	}
}

// setUpdatedAt sets an execution's updated_at behind the engine's back.
func (s *stack) setUpdatedAt(tb testing.TB, id string, at time.Time) {
	tb.Helper()
	sqlDB, err := s.store.SQL()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := sqlDB.Exec("UPDATE workflow_executions_v2 SET updated_at = ? WHERE id = ?", at.Truncate(time.Second), id); err != nil {
		tb.Fatal(err)
	}
}
