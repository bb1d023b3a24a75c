package engine_test

import (
	"context"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// TestActionAnswersUpdatedAt: Mistral's engine answers an action result or
// update with the action's dict before its session flushes, so the answer's
// updated_at is the one from before (null for an action never updated),
// and an update that changes nothing writes nothing.
func TestActionAnswersUpdatedAt(t *testing.T) {
	s := openStack(t, connection(t, db.SQLite))
	ctx := context.Background()
	start := func() string {
		t.Helper()
		out, err := s.engine.StartAction(ctx, &rpc.StartActionRequest{ActionName: "std.async_noop", Input: data.NewMap(0),
			Params: data.MapOf("save_result", true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Value("id").(string)
	}
	stored := func(id string) *db.ActionExecution {
		t.Helper()
		a, err := s.store.Read(ctx).ActionExecutions().Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tests := []struct {
		name           string
		act            func(id string) (*data.Map, error)
		answerUpdated  bool // the answer's updated_at is set
		storedUpdated  bool // the row's updated_at is set afterwards
		wantStateAfter string
	}{
		{name: "complete", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionComplete(ctx, id, &rpc.Result{Data: 1}, false)
		}, storedUpdated: true, wantStateAfter: db.StateSuccess},
		{name: "resume a running action", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionUpdate(ctx, id, db.StateRunning, false)
		}, wantStateAfter: db.StateRunning},
		{name: "pause", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionUpdate(ctx, id, db.StatePaused, false)
		}, answerUpdated: true, storedUpdated: true, wantStateAfter: db.StatePaused},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := start()
			d, err := tc.act(id)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Value("updated_at") != nil; got != tc.answerUpdated {
				t.Errorf("answer updated_at = %v, want set: %v", d.Value("updated_at"), tc.answerUpdated)
			}
			a := stored(id)
			if a.State != tc.wantStateAfter || (a.UpdatedAt != nil) != tc.storedUpdated {
				t.Errorf("stored %s with updated_at %v, want %s with updated_at set: %v", a.State, a.UpdatedAt, tc.wantStateAfter, tc.storedUpdated)
			}
		})
	}
}
