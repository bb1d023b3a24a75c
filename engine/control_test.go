package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

// Cancelling an execution cancels its whole tree, as Mistral does: every
// unfinished sub-workflow down the tree ends CANCELLED with the message,
// and so does each task that ran one.
func TestCancelCancelsTheTree(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
ct_grand:
  tasks:
    g1:
      action: std.sleep seconds=1
ct_sub:
  tasks:
    c1:
      workflow: ct_grand
ct_root:
  tasks:
    p1:
      workflow: ct_sub
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("ct_root"))
	if err != nil {
		t.Fatal(err)
	}
	root := out.Value("id").(string)
	// read returns the tree's executions once all three run.
	read := func() []*db.WorkflowExecution {
		t.Helper()
		for {
			subs, err := s.store.Read(ctx).WorkflowExecutions().Filter("", root, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(subs) == 2 {
				top, err := s.store.Read(ctx).WorkflowExecutions().Get(root)
				if err != nil {
					t.Fatal(err)
				}
				return append(subs, top)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	read()
	msg := "stop it"
	if _, err := s.engine.StopWorkflow(ctx, root, db.StateCancelled, &msg); err != nil {
		t.Fatal(err)
	}
	var g1 string
	for _, ex := range read() {
		if task := s.tasks(t, ex.ID)["g1"]; task != nil {
			g1 = task.ID
		}
		if ex.State != db.StateCancelled || ex.StateInfo == nil || *ex.StateInfo != msg {
			t.Errorf("execution %s: %s %q, want CANCELLED %q", ex.Name, ex.State, strOrEmpty(ex.StateInfo), msg)
		}
		for name, task := range s.tasks(t, ex.ID) {
			if name == "g1" {
				continue // an action task keeps running: only workflows are cancelled
			}
			if task.State != db.StateCancelled || !task.Processed || task.FinishedAt == nil {
				t.Errorf("task %s: %s processed=%v finished_at=%v, want CANCELLED, processed, finished", name, task.State, task.Processed, task.FinishedAt)
			}
		}
	}
	// Cancelling or failing it again changes nothing, as in Mistral.
	for _, state := range []string{db.StateCancelled, db.StateError} {
		if _, err := s.engine.StopWorkflow(ctx, root, state, nil); err != nil {
			t.Errorf("stop %s on a cancelled execution: %v", state, err)
		}
	}
	// g1's action runs on; let it report before the engine stops.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		acts, _ := s.store.Read(ctx).ActionExecutions().ByTask(g1)
		if len(acts) == 1 && acts[0].State != db.StateRunning {
			break
		}
	}
}

// A running action execution has no updated_at yet, as in Mistral.
func TestRunningActionHasNoUpdatedAt(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
async_wait:
  tasks:
    t:
      action: std.async_noop
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("async_wait"))
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if task := s.tasks(t, out.Value("id").(string))["t"]; task != nil {
			acts, _ := s.store.Read(ctx).ActionExecutions().ByTask(task.ID)
			if len(acts) == 1 {
				if acts[0].State != db.StateRunning || acts[0].UpdatedAt != nil {
					t.Fatalf("action %s updated_at %v, want RUNNING without updated_at", acts[0].State, acts[0].UpdatedAt)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no action execution")
		}
	}
}

// Pausing a sub-workflow pauses its task and its parent, as in Mistral,
// and a resume of the parent then resumes the sub-workflow.
func TestPausedSubworkflowPausesItsParent(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
ps_sub:
  tasks:
    s1:
      action: std.sleep seconds=1
ps_parent:
  tasks:
    t1:
      workflow: ps_sub
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("ps_parent"))
	if err != nil {
		t.Fatal(err)
	}
	root := out.Value("id").(string)
	sub := waitSubworkflow(t, s, root)
	if _, err := s.engine.PauseWorkflow(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(root); got != db.StatePaused {
		t.Fatalf("parent %s after its sub-workflow paused, want PAUSED", got)
	}
	if task := s.tasks(t, root)["t1"]; task.State != db.StatePaused {
		t.Fatalf("task t1 %s, want PAUSED", task.State)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, nil); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, root); ex.State != db.StateSuccess {
		t.Fatalf("after resuming the parent: %s", ex.State)
	}
}

// A task paused before it starts still times out, as in Mistral; on
// resume its error handler runs.
func TestPauseBeforeStillTimesOut(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
pb_timeout:
  tasks:
    t1:
      action: std.async_noop
      pause-before: true
      timeout: 1
      on-error: t2
    t2:
      action: std.noop
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("pb_timeout"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	waitState(t, s, id, db.StatePaused)
	for deadline := time.Now().Add(10 * time.Second); s.tasks(t, id)["t1"].State != db.StateError; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("t1 %s while paused, want ERROR (timed out)", s.tasks(t, id)["t1"].State)
		}
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, id)
	if ex.State != db.StateSuccess || s.tasks(t, id)["t2"] == nil {
		t.Fatalf("after resume: %s, tasks %v", ex.State, s.tasks(t, id))
	}
}

// Succeeding a running or paused execution whose output cannot be
// evaluated is refused with the expression's error, and the execution
// stays as it was, as in Mistral (the REST API answers 400): the output is
// evaluated before the state changes, even where it could not change.
func TestStopSuccessWithBadOutputIsRefused(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
stop_bad_output:
  tasks:
    t:
      action: std.async_noop
  output:
    x: <% $.missing %>
`)
	ctx := context.Background()
	for _, state := range []string{db.StateRunning, db.StatePaused} {
		out, err := s.engine.StartWorkflow(ctx, startReq("stop_bad_output"))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		if state == db.StatePaused {
			if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		msg := "by hand"
		_, err = s.engine.StopWorkflow(ctx, id, db.StateSuccess, &msg)
		var ee *expr.EvalError
		if !errors.As(err, &ee) {
			t.Fatalf("%s: stop SUCCESS: %v, want an expression error", state, err)
		}
		ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if ex.State != state || ex.StateInfo != nil {
			t.Errorf("execution %s %v, want %s with no state_info", ex.State, ex.StateInfo, state)
		}
	}
}

// A task failed by an error in its own definition (its input, its publish)
// fails the workflow without its transitions computed: as in Mistral, it
// stays unprocessed.
func TestForceFailedTaskStaysUnprocessed(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
bad_input:
  tasks:
    t:
      action: std.echo output=<% $.missing.deeper %>
bad_publish:
  tasks:
    t:
      action: std.noop
      publish: {x: <% $.missing.deeper %>}
`)
	for _, name := range []string{"bad_input", "bad_publish"} {
		ex := s.run(t, name, nil)
		task := s.tasks(t, ex.ID)["t"]
		if ex.State != db.StateError || task == nil || task.State != db.StateError || task.Processed {
			t.Errorf("%s: execution %s, task %+v, want ERROR and an unprocessed ERROR task", name, ex.State, task)
		}
	}
}

// A task that cannot run fails with its finish time; one that cannot run
// again on a rerun fails without one, as Mistral fails an existing task.
// A with-items task whose item input fails keeps its with-items state.
func TestFailedToRunTasks(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
bad_env:
  tasks:
    t:
      action: std.echo output=<% env().x %>
bad_item:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      action: std.echo output=<% 10 / ($.x - 2) %>
`)
	ctx := context.Background()
	for _, tc := range []struct {
		name, runtime string
		reset         bool
	}{
		{name: "bad_env", runtime: `{}`, reset: true},
		{name: "bad_item", runtime: `{"with_items": {"capacity": null, "count": 3}}`},
	} {
		ex := s.run(t, tc.name, nil)
		task := s.tasks(t, ex.ID)["t"]
		if ex.State != db.StateError || task.State != db.StateError || task.FinishedAt == nil || task.RuntimeContext.Raw != tc.runtime {
			t.Fatalf("%s: execution %s, task %s finished at %v with runtime context %s, want ERROR, a finish time and %s",
				tc.name, ex.State, task.State, task.FinishedAt, task.RuntimeContext.Raw, tc.runtime)
		}
		if _, err := s.engine.RerunWorkflow(ctx, task.ID, tc.reset, nil); err != nil {
			t.Fatalf("%s: rerun: %v", tc.name, err)
		}
		task = s.tasks(t, ex.ID)["t"]
		if task.State != db.StateError || task.FinishedAt != nil {
			t.Errorf("%s: rerun task %s finished at %v, want ERROR without a finish time", tc.name, task.State, task.FinishedAt)
		}
	}
}

// A sub-workflow stopped through the API without a message gives its task
// no state_info, as Mistral hands the sub-workflow's on as it is.
func TestStoppedSubworkflowWithoutMessage(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
sm_sub:
  tasks:
    s1:
      action: std.async_noop
sm_parent:
  tasks:
    t1:
      workflow: sm_sub
`)
	ctx := context.Background()
	for _, state := range []string{db.StateError, db.StateCancelled} {
		out, err := s.engine.StartWorkflow(ctx, startReq("sm_parent"))
		if err != nil {
			t.Fatal(err)
		}
		root := out.Value("id").(string)
		sub := waitSubworkflow(t, s, root)
		if _, err := s.engine.StopWorkflow(ctx, sub, state, nil); err != nil {
			t.Fatal(err)
		}
		ex := s.wait(t, root)
		task := s.tasks(t, root)["t1"]
		if task.State != state || task.StateInfo != nil {
			t.Errorf("%s: task t1 %s %q, want %s without state_info", state, task.State, strOrEmpty(task.StateInfo), state)
		}
		if state == db.StateError && (ex.StateInfo == nil || !strings.Contains(*ex.StateInfo, "] -> None\n")) {
			t.Errorf("parent state_info %q, want the task's as None", strOrEmpty(ex.StateInfo))
		}
	}
}

// waitSubworkflow returns the id of root's one sub-workflow once it exists.
func waitSubworkflow(t *testing.T, s *stack, root string) string {
	t.Helper()
	return waitSubworkflows(t, s, root, 1)[0].ID
}

// waitSubworkflows waits until n sub-workflows of root have started, and
// returns them.
func waitSubworkflows(t *testing.T, s *stack, root string, n int) []*db.WorkflowExecution {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		subs, _ := s.store.Read(context.Background()).WorkflowExecutions().Filter("", root, "", "", "")
		if len(subs) == n {
			return subs
		}
	}
	t.Fatalf("%d sub-workflows did not start", n)
	return nil
}

// An env given to a resume or a rerun goes into the params of the
// execution named, as in Mistral, and the tree reads the root's: given to
// a sub-workflow, it changes nothing the tasks read. A paused tree resumed
// from its root with an env is refused, as Mistral refuses it (its paused
// sub-workflows, resumed first, resume the root before its env update).
func TestEnvOfResumeGoesToTheExecutionNamed(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
er_sub:
  tasks:
    w:
      action: std.async_noop
      on-success: after
    after:
      action: std.noop
      publish:
        got: <% env().k %>
er_parent:
  tasks:
    call:
      workflow: er_sub
`)
	ctx := context.Background()
	req := startReq("er_parent")
	req.Params = data.MapOf("env", data.MapOf("k", "one"))
	root, sub, act := startTreeWaiting(t, s, req)
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, data.MapOf("k", "two")); !exc.Is(err, exc.NotAllowed) {
		t.Fatalf("resume of the paused tree with an env: %v, want NotAllowed", err)
	}
	if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(sub); got != db.StatePaused {
		t.Fatalf("sub-workflow %s after the refused resume, want PAUSED", got)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, sub, data.MapOf("k", "two")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Data: "done"}, false); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, root); ex.State != db.StateSuccess {
		t.Fatalf("root %s, want SUCCESS", ex.State)
	}
	for id, want := range map[string]string{root: `{"k": "one"}`, sub: `{"k": "two"}`} {
		ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
		if err != nil {
			t.Fatal(err)
		}
		env, _ := ex.Params.Map().Value("env").(*data.Map)
		raw, _ := data.Encode(env)
		if got := string(raw); !sameJSON(got, want) {
			t.Errorf("env of %s: %s, want %s", ex.WorkflowName, got, want)
		}
	}
	if got := s.tasks(t, sub)["after"].Published.Raw; !sameJSON(got, `{"got": "one"}`) {
		t.Errorf("after published %s, want the root's env", got)
	}
}

// A rerun of a task in a failed sub-workflow sets the sub-workflow's task
// in the parent RUNNING again but leaves its finish time, as Mistral does.
func TestRerunInSubworkflowKeepsParentTaskFinishTime(t *testing.T) {
	s := newStack(t)
	s.upload(t, waitingTree("rk"))
	ctx := context.Background()
	root, sub, act := startTreeWaiting(t, s, startReq("rk_parent"))
	w := s.tasks(t, sub)["w"]
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Error: "broken"}, false); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, root); ex.State != db.StateError {
		t.Fatalf("root %s, want ERROR", ex.State)
	}
	if _, err := s.engine.RerunWorkflow(ctx, w.ID, true, nil); err != nil {
		t.Fatal(err)
	}
	call := s.tasks(t, root)["call"]
	if call.State != db.StateRunning || call.FinishedAt == nil || call.Processed {
		t.Errorf("task call %s finished at %v processed=%v, want RUNNING, its finish time kept, not processed", call.State, call.FinishedAt, call.Processed)
	}
}

// A sub-workflow that fails while it is resumed hands its state to its
// parent task as it is, without state_info or publish, and one that
// succeeds reports as usual; either way its paused parent stays paused, as
// in Mistral, and the parent's resume goes on from the task.
func TestSubworkflowFinishedWhileResumed(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
fr_sub:
  tasks:
    w:
      action: std.async_noop
fr_parent:
  tasks:
    call:
      workflow: fr_sub
      publish:
        got: done
`)
	ctx := context.Background()
	for _, tc := range []struct {
		name, resumed string
		result        *rpc.Result
		want          string // the task's and the root's final state
		published     string
	}{
		{name: "failed, sub resumed", resumed: "sub", result: &rpc.Result{Error: "broken"}, want: db.StateError, published: `{}`},
		{name: "failed, root resumed", resumed: "root", result: &rpc.Result{Error: "broken"}, want: db.StateError, published: `{}`},
		{name: "succeeded, sub resumed", resumed: "sub", result: &rpc.Result{Data: 1}, want: db.StateSuccess, published: `{"got": "done"}`},
	} {
		root, sub, act := startTreeWaiting(t, s, startReq("fr_parent"))
		if _, err := s.engine.PauseWorkflow(ctx, sub); err != nil {
			t.Fatal(err)
		}
		if _, err := s.engine.OnActionComplete(ctx, act.ID, tc.result, false); err != nil {
			t.Fatal(err)
		}
		if tc.resumed == "sub" {
			if _, err := s.engine.ResumeWorkflow(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(root); got != db.StatePaused {
				t.Fatalf("%s: root %s, want PAUSED", tc.name, got)
			}
			call := s.tasks(t, root)["call"]
			if call.State != tc.want || call.StateInfo != nil || call.Processed || !sameJSON(call.Published.Raw, tc.published) {
				t.Fatalf("%s: task call %s %q processed=%v published %s, want %s without state_info, not processed, published %s",
					tc.name, call.State, strOrEmpty(call.StateInfo), call.Processed, call.Published.Raw, tc.want, tc.published)
			}
		}
		if _, err := s.engine.ResumeWorkflow(ctx, root, nil); err != nil {
			t.Fatal(err)
		}
		ex := s.wait(t, root)
		if ex.State != tc.want || (tc.want == db.StateError && !strings.Contains(strOrEmpty(ex.StateInfo), "] -> None\n")) {
			t.Errorf("%s: root %s %q, want %s (failed with the task's empty state_info)", tc.name, ex.State, strOrEmpty(ex.StateInfo), tc.want)
		}
	}
}

// waitingTree defines <prefix>_parent, whose task call runs
// <prefix>_sub, whose task w waits for an asynchronous action.
func waitingTree(prefix string) string {
	return strings.ReplaceAll(`version: '2.0'
P_sub:
  tasks:
    w:
      action: std.async_noop
P_parent:
  tasks:
    call:
      workflow: P_sub
`, "P_", prefix+"_")
}

// startTreeWaiting starts a parent whose one sub-workflow's task w waits
// for an asynchronous action, and returns the parent, the sub-workflow and
// the action once started.
func startTreeWaiting(t *testing.T, s *stack, req *rpc.StartWorkflowRequest) (root, sub string, act *db.ActionExecution) {
	t.Helper()
	out, err := s.engine.StartWorkflow(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	root = out.Value("id").(string)
	sub = waitSubworkflow(t, s, root)
	return root, sub, s.startedActions(t, s.tasks(t, sub)["w"].ID, 1)[0]
}

// A with-items task over sub-workflows paused with its root resumes, and
// its root with it, only once its last paused sub-workflow is resumed, as
// in Mistral.
func TestWithItemsTaskResumesWithItsLastSubworkflow(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wr_sub:
  tasks:
    w:
      action: std.async_noop
wr_parent:
  tasks:
    call:
      with-items: x in [1, 2]
      workflow: wr_sub
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("wr_parent"))
	if err != nil {
		t.Fatal(err)
	}
	root := out.Value("id").(string)
	subs := waitSubworkflows(t, s, root, 2)
	for _, sub := range subs {
		s.startedActions(t, s.tasks(t, sub.ID)["w"].ID, 1)
	}
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{db.StatePaused, db.StateRunning} {
		if _, err := s.engine.ResumeWorkflow(ctx, subs[i].ID, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(root)
		if task := s.tasks(t, root)["call"]; got != want || task.State != want {
			t.Errorf("after resuming sub-workflow %d: root %s, task %s, want both %s", i+1, got, task.State, want)
		}
	}
}

// A paused sub-workflow task whose sub-workflow was deleted stays paused
// when its workflow resumes, as in Mistral: only a resumed sub-workflow
// sets its task running again.
func TestResumeLeavesTaskOfDeletedSubworkflowPaused(t *testing.T) {
	s := newStack(t)
	s.upload(t, waitingTree("dl"))
	ctx := context.Background()
	root, sub, _ := startTreeWaiting(t, s, startReq("dl_parent"))
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	err := s.store.InTx(ctx, db.TxOptions{Lock: root}, func(tx *db.Tx) error { return tx.WorkflowExecutions().Delete(sub) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(root)
	if task := s.tasks(t, root)["call"]; got != db.StateRunning || task.State != db.StatePaused {
		t.Errorf("after the resume: root %s, task call %s, want RUNNING and PAUSED", got, task.State)
	}
}

// A task force-failed while its workflow is paused (a transition condition
// that cannot be evaluated) fails, but leaves the workflow paused, as
// Mistral's: the resume fails the workflow for the unhandled task, after
// its on-complete ran.
func TestForceFailWhilePausedKeepsWorkflowPaused(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
ffp:
  tasks:
    a:
      action: std.async_noop
      on-success:
        - b: <% 1 / env().n > 0 %>
      on-complete: c
    b:
      action: std.noop
    c:
      action: std.noop
`)
	ctx := context.Background()
	req := startReq("ffp")
	req.Params = data.MapOf("env", data.MapOf("n", int64(0)))
	out, err := s.engine.StartWorkflow(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	act := s.startedActions(t, s.tasks(t, id)["a"].ID, 1)[0]
	if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
	if err != nil {
		t.Fatal(err)
	}
	a := s.tasks(t, id)["a"]
	if ex.State != db.StatePaused || a.State != db.StateError || a.Processed {
		t.Fatalf("execution %s, task a %s processed=%v, want PAUSED and an unprocessed ERROR task", ex.State, a.State, a.Processed)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, data.MapOf("n", int64(1))); err != nil {
		t.Fatal(err)
	}
	ex = s.wait(t, id)
	tasks := s.tasks(t, id)
	if ex.State != db.StateError || !strings.HasPrefix(strOrEmpty(ex.StateInfo), "Failure caused by error in tasks: a\n") ||
		tasks["c"] == nil || tasks["b"] != nil {
		t.Errorf("execution %s %q, tasks %v, want ERROR for task a after c ran", ex.State, strOrEmpty(ex.StateInfo), tasks)
	}
}

// A resume with an env is refused when it resumes the whole tree through
// the sub-workflows, but allowed, as in Mistral, when the sub-workflow it
// resumes first finishes on its resume (here, failed for a task whose
// condition could not be evaluated while paused): its task stays paused
// until then.
func TestResumeEnvAllowedWhenSubworkflowFinishes(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
ref_sub:
  tasks:
    w:
      action: std.async_noop
      on-success:
        - nx: <% 1 / env().n > 0 %>
    nx:
      action: std.noop
ref_parent:
  tasks:
    call:
      workflow: ref_sub
      on-error: h
    h:
      action: std.noop
`)
	ctx := context.Background()
	req := startReq("ref_parent")
	req.Params = data.MapOf("env", data.MapOf("n", int64(0)))
	root, sub, act := startTreeWaiting(t, s, req)
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(sub); got != db.StatePaused {
		t.Fatalf("sub-workflow %s, want PAUSED", got)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, data.MapOf("n", int64(1))); err != nil {
		t.Fatalf("resume with env: %v", err)
	}
	ex := s.wait(t, root)
	if ex.State != db.StateError || !strings.Contains(ex.Params.Raw, `"n": 1`) || s.tasks(t, root)["h"] == nil {
		t.Errorf("root %s with params %s, want ERROR with env n=1 after h ran", ex.State, ex.Params.Raw)
	}
}

// A pause or fail command kept in the backlog (after a pause in the same
// list) keeps its message: once resumed, the workflow pauses again or
// fails with it as state_info, as in Mistral.
func TestBacklogKeepsCommandMessages(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
bk_pause:
  tasks:
    a:
      action: std.noop
      on-success: [pause msg='one', x, pause msg='two', y]
    x:
      action: std.noop
    y:
      action: std.noop
bk_fail:
  tasks:
    a:
      action: std.noop
      on-complete:
        - pause
        - fail msg=<% dict(why => 'after pause') %>
`)
	ctx := context.Background()
	// paused waits until the execution is paused, and returns it.
	paused := func(id string) *db.WorkflowExecution {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
			if err != nil {
				t.Fatal(err)
			}
			if ex.State == db.StatePaused {
				return ex
			}
		}
		t.Fatalf("execution %s never paused", id)
		return nil
	}
	for _, tc := range []struct {
		name         string
		pauses       []string // the state_info of each pause
		state, final string
	}{
		{name: "bk_pause", pauses: []string{"one", "two"}, state: db.StateSuccess},
		{name: "bk_fail", pauses: []string{""}, state: db.StateError, final: `{"why": "after pause"}`},
	} {
		out, err := s.engine.StartWorkflow(ctx, startReq(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		for _, want := range tc.pauses {
			if ex := paused(id); strOrEmpty(ex.StateInfo) != want {
				t.Errorf("%s: paused with %q, want %q", tc.name, strOrEmpty(ex.StateInfo), want)
			}
			if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
		}
		if ex := s.wait(t, id); ex.State != tc.state || strOrEmpty(ex.StateInfo) != tc.final {
			t.Errorf("%s: %s %q, want %s %q", tc.name, ex.State, strOrEmpty(ex.StateInfo), tc.state, tc.final)
		}
	}
}

// A sub-workflow task that timed out while its workflow was paused leaves
// its sub-workflow paused: as in Mistral, the root's resume resumes it
// too, and it runs to its end.
func TestResumeResumesSubworkflowOfTimedOutTask(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rto_sub:
  tasks:
    w:
      action: std.async_noop
rto_parent:
  tasks:
    call:
      workflow: rto_sub
      timeout: 1
      on-error: h
    h:
      action: std.noop
`)
	ctx := context.Background()
	root, sub, act := startTreeWaiting(t, s, startReq("rto_parent"))
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); s.tasks(t, root)["call"].State != db.StateError; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("task call never timed out")
		}
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(sub); got != db.StateRunning {
		t.Fatalf("sub-workflow %s after the resume, want RUNNING", got)
	}
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, sub); ex.State != db.StateSuccess {
		t.Errorf("sub-workflow %s, want SUCCESS", ex.State)
	}
	if ex := s.wait(t, root); ex.State != db.StateSuccess {
		t.Errorf("root %s, want SUCCESS", ex.State)
	}
}

// A parent paused because its sub-workflow was paused is resumed as a
// whole when the sub-workflow is: a task of the parent that ended while
// it was paused takes its transitions then, as in Mistral.
func TestResumedSubworkflowResumesItsParentTasks(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rsp_sub:
  tasks:
    w:
      action: std.async_noop
rsp_parent:
  tasks:
    call:
      workflow: rsp_sub
    side:
      action: std.async_noop
      on-success: n
    n:
      action: std.noop
`)
	ctx := context.Background()
	root, sub, act := startTreeWaiting(t, s, startReq("rsp_parent"))
	side := s.startedActions(t, s.tasks(t, root)["side"].ID, 1)[0]
	if _, err := s.engine.PauseWorkflow(ctx, sub); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, side.ID, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Data: 2}, false); err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, root)
	tasks := s.tasks(t, root)
	if ex.State != db.StateSuccess || tasks["n"] == nil || !tasks["side"].Processed {
		t.Errorf("root %s, task n %v, side processed=%v, want SUCCESS after n ran", ex.State, tasks["n"], tasks["side"].Processed)
	}
}

// An action paused through the API pauses its workflow and, as in
// Mistral, the workflow's parents; resumed, it resumes them, but only once
// no other task of its workflow is paused.
func TestActionPauseReachesParentsAndWaitsForOtherTasks(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
apr_sub:
  tasks:
    w:
      action: std.async_noop
apr_parent:
  tasks:
    call:
      workflow: apr_sub
apr_pair:
  tasks:
    a:
      action: std.async_noop
    b:
      action: std.async_noop
`)
	ctx := context.Background()
	state := func(id string) string {
		t.Helper()
		got, err := s.store.Read(ctx).WorkflowExecutions().StateOf(id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	update := func(actionID, to string) {
		t.Helper()
		if _, err := s.engine.OnActionUpdate(ctx, actionID, to, false); err != nil {
			t.Fatal(err)
		}
	}
	root, sub, act := startTreeWaiting(t, s, startReq("apr_parent"))
	update(act.ID, db.StatePaused)
	if state(root) != db.StatePaused || state(sub) != db.StatePaused || s.tasks(t, root)["call"].State != db.StatePaused {
		t.Fatalf("root %s, sub-workflow %s, task call %s after the action paused, want all PAUSED", state(root), state(sub), s.tasks(t, root)["call"].State)
	}
	update(act.ID, db.StateRunning)
	if state(root) != db.StateRunning || state(sub) != db.StateRunning {
		t.Fatalf("root %s, sub-workflow %s after the action resumed, want RUNNING", state(root), state(sub))
	}

	out, err := s.engine.StartWorkflow(ctx, startReq("apr_pair"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	a := s.startedActions(t, s.tasks(t, id)["a"].ID, 1)[0]
	b := s.startedActions(t, s.tasks(t, id)["b"].ID, 1)[0]
	update(a.ID, db.StatePaused)
	update(b.ID, db.StatePaused)
	update(a.ID, db.StateRunning)
	if got := state(id); got != db.StatePaused {
		t.Errorf("execution %s with b's action still paused, want PAUSED", got)
	}
	update(b.ID, db.StateRunning)
	if got := state(id); got != db.StateRunning {
		t.Errorf("execution %s with no action paused, want RUNNING", got)
	}
}

// A join's inbound task that fails while the workflow is paused fails the
// join once the workflow is resumed, and with it the workflow, as in
// Mistral; the join does not wait for ever.
func TestJoinInboundFailedWhilePausedFailsJoinOnResume(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
jfp:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.async_noop
      on-success: j
    j:
      join: all
      action: std.noop
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("jfp"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	b := s.startedActions(t, s.tasks(t, id)["b"].ID, 1)[0]
	for deadline := time.Now().Add(10 * time.Second); s.tasks(t, id)["j"] == nil; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("join j never created")
		}
	}
	if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, b.ID, &rpc.Result{Error: "broken"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, id)
	if j := s.tasks(t, id)["j"]; ex.State != db.StateError || j.State != db.StateError {
		t.Errorf("execution %s, join %s, want both ERROR", ex.State, j.State)
	}
}

// A tree paused over a with-items task of sub-workflows takes an env with
// its resume, as in Mistral: the with-items task hears of its resumed
// sub-workflows only later, so the root is still paused when its env is
// updated.
func TestResumeEnvAllowedOverWithItemsSubworkflows(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rwe_sub:
  input: [x]
  tasks:
    t:
      action: std.async_noop
rwe_parent:
  tasks:
    w:
      with-items: x in [1, 2]
      workflow: rwe_sub
      input: {x: <% $.x %>}
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("rwe_parent"))
	if err != nil {
		t.Fatal(err)
	}
	root := out.Value("id").(string)
	var acts []*db.ActionExecution
	for _, sub := range waitSubworkflows(t, s, root, 2) {
		acts = append(acts, s.startedActions(t, s.tasks(t, sub.ID)["t"].ID, 1)[0])
	}
	if _, err := s.engine.PauseWorkflow(ctx, root); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, root, data.MapOf("k", int64(2))); err != nil {
		t.Fatalf("resume with env: %v", err)
	}
	for _, a := range acts {
		if _, err := s.engine.OnActionComplete(ctx, a.ID, &rpc.Result{Data: 1}, false); err != nil {
			t.Fatal(err)
		}
	}
	if ex := s.wait(t, root); ex.State != db.StateSuccess || !strings.Contains(ex.Params.Raw, `"k": 2`) {
		t.Errorf("root %s with params %s, want SUCCESS with env k=2", ex.State, ex.Params.Raw)
	}
}

// TestResumeSharesTaskCache: the tasks a resume starts share task()'s
// answers, as in Mistral's one transaction: both read the task whose input
// was evaluated first.
func TestResumeSharesTaskCache(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	s.upload(t, `version: '2.0'
resume_cache:
  tasks:
    t:
      action: std.async_noop
      on-success: [a, b]
    a:
      action: std.echo output=<% task().name %>
      publish: {a: <% task().result %>}
    b:
      action: std.echo output=<% task().name %>
      publish: {b: <% task().result %>}
`)
	out, err := s.engine.StartWorkflow(ctx, startReq("resume_cache"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	action := runningActionOf(t, s, id, "t")
	if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.OnActionComplete(ctx, action, &rpc.Result{Data: 1}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("state %s", ex.State)
	}
	tasks := s.tasks(t, id)
	a, b := tasks["a"].Published.Map().Value("a"), tasks["b"].Published.Map().Value("b")
	if a != b {
		t.Fatalf("a read task() as %v, b as %v: want the same task", a, b)
	}
}
