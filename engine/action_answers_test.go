package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// TestActionAnswersUpdatedAt: Mistral's engine answers the result of an
// action run on its own with the action's dict before its session flushes,
// so the answer's updated_at is the one from before (null for an action
// never updated), and an update that changes nothing writes nothing.
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
	// startInTask starts an asynchronous action as a workflow's task.
	s.upload(t, "version: '2.0'\nwrest_async:\n  tasks:\n    t:\n      action: std.async_noop\n")
	startInTask := func() string {
		t.Helper()
		out, err := s.engine.StartWorkflow(ctx, startReq("wrest_async"))
		if err != nil {
			t.Fatal(err)
		}
		return runningActionOf(t, s, out.Value("id").(string), "t")
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
		inTask         bool
		act            func(id string) (*data.Map, error)
		answerUpdated  bool // the answer's updated_at is set
		storedUpdated  bool // the row's updated_at is set afterwards
		wantStateAfter string
	}{
		{name: "complete", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionComplete(ctx, id, &rpc.Result{Data: 1}, false)
		}, storedUpdated: true, wantStateAfter: db.StateSuccess},
		// Completing a task's action reads the database before the
		// answer, which flushes the result first.
		{name: "complete a task's action", inTask: true, act: func(id string) (*data.Map, error) {
			return s.engine.OnActionComplete(ctx, id, &rpc.Result{Data: 1}, false)
		}, answerUpdated: true, storedUpdated: true, wantStateAfter: db.StateSuccess},
		{name: "resume a running action", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionUpdate(ctx, id, db.StateRunning, false)
		}, wantStateAfter: db.StateRunning},
		{name: "pause", act: func(id string) (*data.Map, error) {
			return s.engine.OnActionUpdate(ctx, id, db.StatePaused, false)
		}, answerUpdated: true, storedUpdated: true, wantStateAfter: db.StatePaused},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := ""
			if tc.inTask {
				id = startInTask()
			} else {
				id = start()
			}
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

// TestActionUpdateRefusals: pausing a synchronous action and leaving a
// finished state answer Mistral's texts.
func TestActionUpdateRefusals(t *testing.T) {
	s := openStack(t, connection(t, db.SQLite))
	ctx := context.Background()
	start := func(action string) string {
		t.Helper()
		out, err := s.engine.StartAction(ctx, &rpc.StartActionRequest{ActionName: action, Input: data.NewMap(0),
			Params: data.MapOf("save_result", true)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Value("id").(string)
	}
	finished := start("std.async_noop")
	if _, err := s.engine.OnActionComplete(ctx, finished, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ id, state, want string }{
		{start("std.noop"), db.StatePaused, "Transition to the PAUSED state is only supported for asynchronous action execution."},
		{finished, db.StateRunning, "Invalid state transition from SUCCESS to RUNNING."},
		{finished, db.StatePaused, "Invalid state transition from SUCCESS to PAUSED."},
	} {
		_, err := s.engine.OnActionUpdate(ctx, tc.id, tc.state, false)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.state, err, tc.want)
		}
	}
}

// TestRunAdHocActionErrors: run on its own, an ad-hoc action that cannot
// be instantiated answers Mistral's own error, not the "Failed to
// instantiate an action" of a task; base-input expressions see the input
// over an empty workflow context, which error messages print.
func TestRunAdHocActionErrors(t *testing.T) {
	s := openStack(t, connection(t, db.SQLite))
	s.uploadActions(t, `---
version: '2.0'
ra_bi:
  base: std.echo
  base-input:
    output: <% $.x.y %>
  input: [x]
ra_top:
  base: ra_bi
  base-input:
    x: <% $.q %>
  input: [q, r: 1]
ra_nobase:
  base: ra_nope
ra_noinput:
  base: std.echo
  base-input:
    output: <% env() %>
`)
	tests := []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"ra_bi", data.MapOf("x", 1), `Can not evaluate YAQL expression [expression=$.x.y, error=Unknown function "#property#y", data={'x': 1, }]`},
		{"ra_top", data.MapOf("q", 2), `Can not evaluate YAQL expression [expression=$.x.y, error=Unknown function "#property#y", data={'x': 2, }]`},
		{"ra_nobase", data.NewMap(0), "Failed to find base action [action_name=ra_nope namespace=] "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.engine.StartAction(context.Background(), &rpc.StartActionRequest{ActionName: tt.name, Input: tt.input})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %s", err, tt.want)
			}
		})
	}
	// With no input, the context is empty and Mistral evaluates nothing:
	// the base-input stays as written.
	out, err := s.engine.StartAction(context.Background(), &rpc.StartActionRequest{ActionName: "ra_noinput", Input: data.NewMap(0)})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.Value("output"); !data.Equal(got, data.MapOf("result", "<% env() %>")) {
		t.Errorf("output %s, want the base-input as written", data.Repr(got))
	}
}

// TestActionAnswerAfterKeepResult: the answer to a task's action result
// shows the action as the transaction left it, so without the output that
// its task's keep-result: false erased, as Mistral's session object does.
func TestActionAnswerAfterKeepResult(t *testing.T) {
	s := openStack(t, connection(t, db.SQLite))
	ctx := context.Background()
	tests := []struct {
		name, keep string
		want       *data.Map
	}{
		{"erased", "false", data.NewMap(0)},
		{"kept", "true", data.MapOf("result", data.MapOf("x", int64(1)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wf := "answer_kr_" + tt.name
			s.upload(t, "version: '2.0'\n"+wf+":\n  tasks:\n    t:\n      action: std.async_noop\n      keep-result: "+tt.keep+"\n")
			out, err := s.engine.StartWorkflow(ctx, startReq(wf))
			if err != nil {
				t.Fatal(err)
			}
			id := runningActionOf(t, s, out.Value("id").(string), "t")
			d, err := s.engine.OnActionComplete(ctx, id, &rpc.Result{Data: data.MapOf("x", int64(1))}, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Value("output"); !data.Equal(got, tt.want) {
				t.Fatalf("answer's output %s, want %s", data.Repr(got), data.Repr(tt.want))
			}
		})
	}
}

// runningActionOf waits for the action execution of an execution's task.
func runningActionOf(t *testing.T, s *stack, execID, task string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if te, ok := s.tasks(t, execID)[task]; ok {
			acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(te.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) == 1 {
				return acts[0].ID
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the action of task %s did not start", task)
	return ""
}
