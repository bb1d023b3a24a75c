package engine_test

import (
	"context"
	"sync"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// recordingExecutor passes run_action on and records the request context
// each one left with.
type recordingExecutor struct {
	next engine.Executor
	mu   sync.Mutex
	sent map[string]*data.Map // action name -> request context
}

func (r *recordingExecutor) RunAction(ctx context.Context, req *rpc.RunActionRequest) error {
	r.mu.Lock()
	r.sent[req.Action.Name+" "+req.ExecCtx.Value("workflow_name").(string)] = rpc.RequestContext(ctx)
	r.mu.Unlock()
	return r.next.RunAction(ctx, req)
}

// With authentication on, every action of an execution, including one sent
// after a timer and one of a sub-workflow, leaves with the request context
// of the user who started the execution, and the execution belongs to that
// user's project.
func TestCreatorContextTravelsWithActions(t *testing.T) {
	rec := &recordingExecutor{sent: map[string]*data.Map{}}
	s := openStackWith(t, connection(t, db.SQLite), engine.Config{AuthEnable: true},
		func(next engine.Executor) engine.Executor { rec.next = next; return rec })
	yaml := `version: '2.0'
child:
  tasks:
    c:
      action: std.echo output="from child"
parent:
  tasks:
    first:
      action: std.echo output=1
      on-success: [later]
    later:
      wait-before: 1
      action: std.noop
      on-success: [sub]
    sub:
      workflow: child
`
	if _, err := s.defs.CreateWorkflows(context.Background(), yaml, "", "private", "p-alice"); err != nil {
		t.Fatal(err)
	}
	creator := data.MapOf("user", "u-alice", "project_id", "p-alice", "roles", []any{"member"},
		"is_admin", false, "auth_token", "tok-alice", "request_id", "req-1")
	ctx := rpc.WithRequestContext(context.Background(), creator)
	out, err := s.engine.StartWorkflow(ctx, startReq("parent"))
	if err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, out.Value("id").(string))
	if ex.State != db.StateSuccess {
		t.Fatalf("state %s: %v", ex.State, *ex.StateInfo)
	}
	if ex.ProjectID != "p-alice" {
		t.Errorf("execution project %q, want the creator's", ex.ProjectID)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, key := range []string{"std.echo parent", "std.noop parent", "std.echo child"} {
		rc := rec.sent[key]
		if rc == nil {
			t.Errorf("%s: not sent, or sent without a request context (sent: %v)", key, rec.sent)
			continue
		}
		if rc.Value("user") != "u-alice" || rc.Value("auth_token") != "tok-alice" || rc.Value("project_id") != "p-alice" {
			t.Errorf("%s left with %v, want the creator's context", key, rc)
		}
	}
}
