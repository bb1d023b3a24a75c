package engine_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

func TestPolicies(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, yaml string
		state      string
		task       string // a task to check
		taskState  string
		taskInfo   string // a prefix of its state_info
	}{
		{
			name: "timeout",
			yaml: `version: '2.0'
timeout:
  tasks:
    t:
      action: std.sleep seconds=3
      timeout: 1
`,
			state: db.StateError, task: "t", taskState: db.StateError, taskInfo: "Task timed out [timeout(s)=1].",
		},
		{
			name: "fail_on",
			yaml: `version: '2.0'
fail_on:
  tasks:
    t:
      action: std.echo output=5
      fail-on: <% task().result > 3 %>
`,
			state: db.StateError, task: "t", taskState: db.StateError, taskInfo: "Failed by 'fail-on' policy",
		},
		{
			name: "wait_after",
			yaml: `version: '2.0'
wait_after:
  tasks:
    t:
      action: std.noop
      wait-after: 1
      publish: {x: 1}
`,
			state: db.StateSuccess, task: "t", taskState: db.StateSuccess,
		},
		{
			name: "break_on",
			yaml: `version: '2.0'
break_on:
  tasks:
    t:
      action: std.fail
      retry:
        count: 5
        delay: 0
        break-on: <% true %>
`,
			state: db.StateError, task: "t", taskState: db.StateError,
		},
		{
			// fail-on sees the task's inbound context, not what it publishes.
			name: "fail_on_inbound",
			yaml: `version: '2.0'
fail_on_inbound:
  tasks:
    t0:
      action: std.echo output=2
      publish: {r: <% task().result %>}
      on-success: t
    t:
      action: std.echo output=5
      publish: {r: <% task().result %>}
      fail-on: <% $.r = 2 %>
`,
			state: db.StateError, task: "t", taskState: db.StateError, taskInfo: "Failed by 'fail-on' policy",
		},
		{
			// Every policy field is evaluated before the task starts, retry's
			// delay too, though nothing fails.
			name: "retry_delay_undefined",
			yaml: `version: '2.0'
retry_delay_undefined:
  tasks:
    t:
      action: std.echo output=1
      retry: {count: 2, delay: <% $.nope %>}
`,
			state: db.StateError, task: "t", taskState: db.StateError, taskInfo: "Failed to run task [error=Can not evaluate YAQL expression",
		},
		{
			name: "retry_count_string",
			yaml: `version: '2.0'
retry_count_string:
  tasks:
    t:
      action: std.fail
      retry: {count: <% '2' %>, delay: 0}
`,
			state: db.StateError, task: "t", taskState: db.StateError,
			taskInfo: "Failed to run task [error=Invalid data type in RetryPolicy: '2' is not of type 'integer'\n\n" +
				"Failed validating 'type' in schema['properties']['count']:\n    {'minimum': 0, 'type': 'integer'}\n\n",
		},
		{
			name: "concurrency_negative",
			yaml: `version: '2.0'
concurrency_negative:
  tasks:
    t:
      with-items: x in [1, 2]
      action: std.echo output=<% $.x %>
      concurrency: <% -1 %>
`,
			state: db.StateError, task: "t", taskState: db.StateError,
			taskInfo: "Failed to run task [error=Invalid data type in ConcurrencyPolicy: -1 is less than the minimum of 0\n\n" +
				"Failed validating 'minimum' in schema['properties']['concurrency']:\n    {'minimum': 0, 'type': 'integer'}\n\n",
		},
		{
			// Python's ints are unbounded: a count beyond int64 is valid
			// and never runs out.
			name: "retry_count_big",
			yaml: `version: '2.0'
retry_count_big:
  tasks:
    t:
      with-items: x in [1, 2]
      action: std.echo output=<% $.x %>
      concurrency: <% pow(2, 70) %>
      retry: {count: 1180591620717411303424, delay: 0}
`,
			state: db.StateSuccess, task: "t", taskState: db.StateSuccess,
		},
		{
			name: "wait_before_big_negative",
			yaml: `version: '2.0'
wait_before_big_negative:
  tasks:
    t:
      action: std.noop
      wait-before: <% -pow(2, 70) %>
`,
			state: db.StateError, task: "t", taskState: db.StateError,
			taskInfo: "Failed to run task [error=Invalid data type in WaitBeforePolicy: -1180591620717411303424 is less than the minimum of 0\n\n",
		},
		{
			name: "pause_before_not_boolean",
			yaml: `version: '2.0'
pause_before_not_boolean:
  tasks:
    t:
      action: std.noop
      pause-before: <% 1 %>
`,
			state: db.StateError, task: "t", taskState: db.StateError,
			taskInfo: "Failed to run task [error=Invalid data type in PauseBeforePolicy: 1 is not of type 'boolean'",
		},
		{
			// With wait-after, fail-on is still evaluated at the first
			// completion, in the inbound context, where r is unknown.
			name: "wait_after_evaluates_fail_on",
			yaml: `version: '2.0'
wait_after_evaluates_fail_on:
  tasks:
    t:
      action: std.echo output=2
      wait-after: 1
      publish: {r: <% task().result %>}
      fail-on: <% $.r = 2 %>
`,
			state: db.StateError, task: "t", taskState: db.StateError, taskInfo: "Failed to handle action completion",
		},
		{
			// Mistral runs a released join without its before-start
			// policies: it neither pauses nor waits.
			name: "join_skips_before_start",
			yaml: `version: '2.0'
join_skips_before_start:
  tasks:
    a:
      action: std.noop
      on-success: c
    b:
      action: std.noop
      on-success: c
    c:
      join: all
      action: std.noop
      pause-before: true
      wait-before: 60
`,
			state: db.StateSuccess, task: "c", taskState: db.StateSuccess,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, tt.yaml)
			ex := s.run(t, tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s, want %s (%s)", ex.State, tt.state, ex.Output.Raw)
			}
			task := s.tasks(t, ex.ID)[tt.task]
			if task == nil || task.State != tt.taskState {
				t.Fatalf("task %s: %+v", tt.task, task)
			}
			if tt.taskInfo != "" && (task.StateInfo == nil || !strings.HasPrefix(*task.StateInfo, tt.taskInfo)) {
				t.Fatalf("task %s state_info %v, want %q", tt.task, task.StateInfo, tt.taskInfo)
			}
		})
	}
}

// TestRetryConditions counts the attempts retry's break-on and continue-on
// allow. After fail-on failed a task, their task() still sees the state the
// action left, as in Mistral 15.
func TestRetryConditions(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, task string
		attempts   int
	}{
		{"break_on_true", `
      action: std.fail
      retry: {count: 5, delay: 0, break-on: <% true %>}`, 1},
		{"break_on_state", `
      action: std.fail
      retry: {count: 3, delay: 0, break-on: <% task().state = 'ERROR' %>}`, 1},
		{"fail_on_break_on_state", `
      action: std.echo output=3
      fail-on: <% task().result = 3 %>
      retry: {count: 3, delay: 0, break-on: <% task().state = 'ERROR' %>}`, 4},
		{"fail_on_continue_on_state", `
      action: std.echo output=3
      fail-on: <% true %>
      retry: {count: 2, delay: 0, continue-on: <% task().state = 'SUCCESS' %>}`, 3},
		{"fail_on_break_on_true", `
      action: std.echo output=3
      fail-on: <% true %>
      retry: {count: 3, delay: 0, break-on: <% true %>}`, 1},
		// Each attempt after a timeout times out again (Mistral left the
		// second attempt of an async action RUNNING for good).
		{"after_timeout", `
      action: std.async_noop
      timeout: 1
      retry: {count: 1, delay: 0}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\nretry_"+tt.name+":\n  tasks:\n    t:"+tt.task+"\n")
			ex := s.run(t, "retry_"+tt.name, nil)
			if ex.State != db.StateError {
				t.Fatalf("state %s, want ERROR", ex.State)
			}
			acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(s.tasks(t, ex.ID)["t"].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != tt.attempts {
				t.Fatalf("%d attempts, want %d", len(acts), tt.attempts)
			}
			// Mistral keeps the retry policy's entry even when it did not retry.
			rt := s.tasks(t, ex.ID)["t"].RuntimeContext
			policy, ok := rt.Map().Value("retry_task_policy").(*data.Map)
			if want := int64(tt.attempts - 1); !ok || (want > 0 && policy.Value("retry_no") != want) {
				t.Fatalf("runtime_context %s, want retry_task_policy with retry_no %d", rt.Raw, want)
			}
		})
	}
}

// TestRunAgainRefreshesInboundContext checks that a task running again
// after a retry's delay or after wait-before takes, as in Mistral 15, the
// context of its first inbound task's executions: in a loop, the second
// execution of t1 sees start's tag again, not the one inc published.
func TestRunAgainRefreshesInboundContext(t *testing.T) {
	s := newStack(t)
	tests := []struct{ name, t1 string }{
		{"retry", `
      action: std.fail
      retry: {count: 1, delay: 0}
      publish-on-error: {seen: <% $.tag %>}
      on-error: inc`},
		{"wait_before", `
      action: std.echo output=<% $.tag %>
      wait-before: 1
      publish: {seen: <% task().result %>}
      on-success: inc`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "refresh_in_context_" + tt.name
			s.upload(t, "version: '2.0'\n"+name+`:
  output: {seen: <% $.seen %>, i: <% $.i %>}
  tasks:
    start:
      action: std.echo output="start"
      publish: {tag: <% task().result %>}
      on-success: t1
    t1:`+tt.t1+`
    inc:
      action: std.echo output=<% $.get(i, 0) + 1 %>
      publish: {i: <% task().result %>, tag: inc<% task().result %>}
      on-success:
        - t1: <% $.i < 2 %>
`)
			ex := s.run(t, name, nil)
			if ex.State != db.StateSuccess {
				t.Fatalf("state %s (%v), want SUCCESS", ex.State, ex.StateInfo)
			}
			out := ex.Output.Map()
			if out.Value("seen") != "start" || out.Value("i") != int64(2) {
				t.Fatalf("output %s, want seen start and i 2", ex.Output.Raw)
			}
		})
	}
}

func TestPauseBeforeAndResume(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
pause_before:
  tasks:
    a:
      action: std.noop
      on-success: b
    b:
      action: std.echo output="b ran"
      pause-before: true
      publish: {b: <% task().result %>}
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, startReq("pause_before"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	waitState(t, s, id, db.StatePaused)
	if b := s.tasks(t, id)["b"]; b == nil || b.State != db.StateIdle {
		t.Fatalf("task b: %+v", b)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, id)
	if ex.State != db.StateSuccess || !sameJSON(ex.Output.Raw, `{"b": "b ran"}`) {
		t.Fatalf("state %s output %s", ex.State, ex.Output.Raw)
	}
}

func TestReverseWorkflow(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
reverse:
  type: reverse
  tasks:
    a:
      action: std.echo output=1
      publish: {a: <% task().result %>}
    b:
      action: std.echo output=2
      publish: {b: <% task().result %>}
    c:
      action: std.echo output=<% $.a + $.b %>
      publish: {c: <% task().result %>}
      requires: [a, b]
    unrelated:
      action: std.noop
`)
	req := startReq("reverse")
	req.Params = data.MapOf("task_name", "c")
	out, err := s.engine.StartWorkflow(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, out.Value("id").(string))
	tasks := s.tasks(t, ex.ID)
	if ex.State != db.StateSuccess || tasks["unrelated"] != nil || len(tasks) != 3 {
		t.Fatalf("state %s, tasks %v", ex.State, len(tasks))
	}
	if !sameJSON(ex.Output.Raw, `{"a": 1, "b": 2, "c": 3}`) {
		t.Fatalf("output %s", ex.Output.Raw)
	}
	// Mistral records no triggered_by for the tasks of a reverse workflow.
	if rt := tasks["c"].RuntimeContext.Map(); rt.Has("triggered_by") {
		t.Errorf("task c runtime_context %s, want no triggered_by", tasks["c"].RuntimeContext.Raw)
	}
	// Without a target task the start is refused, in Mistral's words.
	_, err = s.engine.StartWorkflow(context.Background(), startReq("reverse"))
	if want := "Invalid task name [wf_spec=ReverseWorkflowSpec {'type': 'reverse', 'tasks': {"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("start without task_name: %v, want %s...", err, want)
	}
	if !strings.HasSuffix(err.Error(), ", task_name=None]") {
		t.Errorf("start without task_name: %v, want task_name=None", err)
	}
}

func TestRerunWithNewEnv(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rerun:
  tasks:
    t:
      action: std.echo output=<% env().value %>
      fail-on: <% env().fail %>
      publish: {v: <% task().result %>}
`)
	ctx := context.Background()
	id, task := failThenRerun(t, s, "rerun", "t")
	ex := s.wait(t, id)
	if ex.State != db.StateSuccess || !sameJSON(ex.Output.Raw, `{"v": "second"}`) {
		t.Fatalf("after rerun: state %s output %s", ex.State, ex.Output.Raw)
	}
	acts, _ := s.store.Read(ctx).ActionExecutions().ByTask(task.ID)
	if len(acts) != 2 {
		t.Fatalf("%d action executions, want 2", len(acts))
	}
}

// Rerunning a workflow task counts only the new sub-workflow's result, and
// the task's runtime context starts afresh, as in Mistral.
func TestRerunWorkflowTask(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rerun_sub:
  output: {v: <% env().value %>}
  tasks:
    t:
      action: std.noop
      fail-on: <% env().fail %>
rerun_parent:
  tasks:
    p:
      workflow: rerun_sub
      publish: {pv: <% task().result %>}
`)
	id, _ := failThenRerun(t, s, "rerun_parent", "p")
	if ex := s.wait(t, id); ex.State != db.StateSuccess {
		t.Fatalf("after rerun: state %s (%v)", ex.State, ex.StateInfo)
	}
	task := s.tasks(t, id)["p"]
	if !sameJSON(task.Published.Raw, `{"pv": {"v": "second"}}`) {
		t.Errorf("published %s, want the new sub-workflow's output alone", task.Published.Raw)
	}
	if !sameJSON(task.RuntimeContext.Raw, `{}`) {
		t.Errorf("runtime context %s after the rerun, want {}", task.RuntimeContext.Raw)
	}
}

// A task that ends after its workflow failed takes no transition, as in
// Mistral: rerunning the failed task leaves the join it led to failed.
func TestNoTransitionsAfterTheWorkflowEnded(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rerun_join:
  tasks:
    a:
      action: std.echo
      input: {output: <% env().v.x %>}
      on-success: [j]
    b: {action: std.noop, on-success: [j]}
    j: {join: all, action: std.noop}
`)
	ctx := context.Background()
	req := startReq("rerun_join")
	req.Params = data.MapOf("env", data.MapOf("v", data.NewMap(0)))
	out, err := s.engine.StartWorkflow(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	if ex := s.wait(t, id); ex.State != db.StateError {
		t.Fatalf("state %s", ex.State)
	}
	var tasks map[string]*db.TaskExecution
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		tasks = s.tasks(t, id)
		if b := tasks["b"]; b != nil && b.Processed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("b never finished: %+v", tasks["b"])
		}
	}
	if b := tasks["b"]; b.NextTasks.Raw != "[]" || b.HasNextTasks {
		t.Fatalf("b next_tasks %s after the workflow ended, want []", b.NextTasks.Raw)
	}
	if _, err := s.engine.RerunWorkflow(ctx, tasks["a"].ID, true, data.MapOf("v", data.MapOf("x", 1))); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, id, db.StateError)
	j := s.tasks(t, id)["j"]
	if j == nil || j.State != db.StateError || j.StateInfo == nil || *j.StateInfo != "Failed by tasks: ['b']" {
		t.Fatalf("join after the rerun: %+v", j)
	}
}

// failThenRerun runs workflow with env {value: first, fail: true}, which
// must fail, then reruns its task (with reset) under env {value: second,
// fail: false}. It returns the execution's id and the task.
func failThenRerun(t *testing.T, s *stack, workflow, task string) (string, *db.TaskExecution) {
	t.Helper()
	ctx := context.Background()
	req := startReq(workflow)
	req.Params = data.MapOf("env", data.MapOf("value", "first", "fail", true))
	out, err := s.engine.StartWorkflow(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	if ex := s.wait(t, id); ex.State != db.StateError {
		t.Fatalf("state %s", ex.State)
	}
	te := s.tasks(t, id)[task]
	if _, err := s.engine.RerunWorkflow(ctx, te.ID, true, data.MapOf("value", "second", "fail", false)); err != nil {
		t.Fatal(err)
	}
	return id, te
}

func waitState(t *testing.T, s *stack, id, state string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := s.store.Read(context.Background()).WorkflowExecutions().StateOf(id)
		if err != nil {
			t.Fatal(err)
		}
		if got == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution %s is %s, not %s", id, got, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Mistral tests keep-result as written: an expression keeps the result,
// whatever it evaluates to.
func TestKeepResultExpressionKeeps(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
keep_expr:
  input: [keep]
  tasks:
    t1:
      action: std.echo output="data"
      keep-result: <% $.keep %>
      on-success: t2
    t2:
      action: std.noop
      publish: {later: <% task(t1).result %>}
`)
	ex := s.run(t, "keep_expr", data.MapOf("keep", false))
	if got := s.tasks(t, ex.ID)["t2"].Published.Map().Value("later"); got != "data" {
		t.Fatalf("t1's result %v after keep-result <%% $.keep %%>, want \"data\"", got)
	}
}

// TestTaskCachedDuringCompletion checks Mistral 15's cache of task() over
// the handling of a task's completion: once publish has read task(), fail-on
// and retry's conditions still see the result keep-result: false erased;
// when nothing read it before, they see it erased.
func TestTaskCachedDuringCompletion(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, task string
		state      string
		attempts   int
	}{
		{"fail_on_after_publish", `
      action: std.echo output="r"
      keep-result: false
      publish: {own: <% task().result %>}
      fail-on: <% task().result = 'r' %>`, db.StateError, 1},
		{"fail_on_without_publish", `
      action: std.echo output="r"
      keep-result: false
      fail-on: <% task().result = 'r' %>`, db.StateSuccess, 1},
		{"break_on_after_publish", `
      action: std.fail
      keep-result: false
      publish-on-error: {e: <% task().result %>}
      retry: {count: 2, delay: 0, break-on: <% task().result != null %>}`, db.StateError, 1},
		{"break_on_without_publish", `
      action: std.fail
      keep-result: false
      retry: {count: 2, delay: 0, break-on: <% task().result != null %>}`, db.StateError, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\ncache_"+tt.name+":\n  tasks:\n    t:"+tt.task+"\n")
			ex := s.run(t, "cache_"+tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s, want %s", ex.State, tt.state)
			}
			acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(s.tasks(t, ex.ID)["t"].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != tt.attempts {
				t.Fatalf("%d attempts, want %d", len(acts), tt.attempts)
			}
		})
	}
}

// TestTaskCacheSharedInTransaction checks that Mistral 15's cache of task()
// is keyed by the name given alone and lasts the whole transaction: the
// inputs of the tasks a completion starts, and the start tasks of a
// workflow, see what task() answered first in it; tasks() and execution()
// likewise, execution() even in a sub-workflow started in it.
func TestTaskCacheSharedInTransaction(t *testing.T) {
	s := newStack(t)
	tests := []cacheCase{
		{"kept_after_own_publish", `
    t:
      action: std.echo output="r"
      keep-result: false
      publish: {own: <% task(t).result %>}
      on-success: done
    done:
      action: std.echo output=<% task(t).result %>
      publish: {got: <% task().result %>}`, data.MapOf("got", "r")},
		{"erased_without_own_read", `
    t:
      action: std.echo output="r"
      keep-result: false
      publish: {own: <% task().result %>}
      on-success: done
    done:
      action: std.echo output=<% task(t).result %>
      publish: {got: <% task().result %>}`, data.MapOf("got", nil)},
		{"next_task_sees_previous", `
    t:
      action: std.echo output="r"
      publish: {own: <% task().name %>}
      on-success: done
    done:
      action: std.echo output=<% task().name %>
      publish: {got: <% task().result %>}`, data.MapOf("got", "t")},
		{"start_tasks_share", `
    a:
      action: std.echo output=<% task().name %>
      publish: {a: <% task().result %>}
      on-success: done
    b:
      action: std.echo output=<% task().name %>
      publish: {b: <% task().result %>}
      on-success: done
    done:
      join: all
      action: std.echo output=<% $.a = $.b %>
      publish: {got: <% task().result %>}`, data.MapOf("got", true)},
		{"tasks_list_kept", `
    t:
      action: std.echo output="r"
      publish:
        own: <% tasks(execution().id).len() %>
      on-success: done
    done:
      action: std.echo output=<% tasks(execution().id).len() %>
      publish: {got: <% task().result %>}`, data.MapOf("got", int64(1))},
		{"sub_workflow_sees_parent_execution", `
    call:
      workflow: txcache_sub
      input: {v: <% execution().name %>}
      on-success: done
    done:
      action: std.echo output=<% task(call).result %>
      publish: {got: <% task().result %>}`, data.MapOf("got", data.MapOf("name", "txcache_sub_workflow_sees_parent_execution"))},
	}
	s.upload(t, `version: '2.0'
txcache_sub:
  input: [v]
  tasks:
    s:
      action: std.echo output=<% execution().name %>
      publish: {n: <% task().result %>}
  output:
    name: <% $.n %>
`)
	runCacheCases(t, s, "txcache_", tests)
}

// cacheCase is a workflow's tasks and what its task "done" publishes.
type cacheCase struct {
	name, tasks string
	want        *data.Map
}

// runCacheCases runs each case's workflow, named prefix+name, and checks
// what its task "done" publishes.
func runCacheCases(t *testing.T, s *stack, prefix string, tests []cacheCase) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+prefix+tt.name+":\n  tasks:"+tt.tasks+"\n")
			ex := s.run(t, prefix+tt.name, nil)
			done := s.tasks(t, ex.ID)["done"]
			if ex.State != db.StateSuccess || done == nil {
				t.Fatalf("state %s, done %+v", ex.State, done)
			}
			if got := done.Published.Map(); !data.Equal(got, tt.want) {
				t.Fatalf("done published %s, want %s", data.Repr(got), data.Repr(tt.want))
			}
		})
	}
}

// TestTaskCacheOfTimersAndReports checks the transactions whose cache of
// task() and execution() Mistral 15 starts anew or shares: a timer's (a
// retry, a wait-before), a join's decision and a with-items iteration's
// completion have their own, which the sub-workflows the task starts
// share; a task completing where the
// transaction already has one (a with-items task without items) shares
// it; a sub-workflow's report to its parent task has its own.
func TestTaskCacheOfTimersAndReports(t *testing.T) {
	s := newStack(t)
	tests := []cacheCase{
		{"retry_sub_sees_parent_task", `
    done:
      workflow: txtimer_sub
      input: {v: <% task().name %>}
      retry: {count: 1, delay: 0, continue-on: <% true %>}
      publish: {got: <% task().result %>}`, data.MapOf("got", data.MapOf("name", "done"))},
		{"wait_before_sub_sees_parent_task", `
    done:
      wait-before: 1
      workflow: txtimer_sub
      input: {v: <% task().name %>}
      publish: {got: <% task().result %>}`, data.MapOf("got", data.MapOf("name", "done"))},
		{"wait_before_empty_items_publish", `
    done:
      wait-before: 1
      with-items: x in <% task().result %>
      action: std.echo output=<% $.x %>
      publish: {got: <% task().state %>}`, data.MapOf("got", db.StateRunning)},
		{"empty_items_publish_at_start", `
    done:
      with-items: x in <% task().result %>
      action: std.echo output=<% $.x %>
      publish: {got: <% task().state %>}`, data.MapOf("got", db.StateRunning)},
		{"join_sub_sees_join_task", `
    a:
      action: std.echo output=1
      publish: {a: <% task().name %>}
      on-success: done
    done:
      join: all
      workflow: txtimer_sub
      input: {v: <% task().name %>}
      publish: {got: <% task().result %>}`, data.MapOf("got", data.MapOf("name", "done"))},
		{"items_sub_after_report", `
    done:
      with-items: x in [1, 2]
      concurrency: 1
      workflow: txtimer_sub
      input: {v: <% task().name %>}
      publish: {got: <% task().result %>}`, data.MapOf("got", []any{data.MapOf("name", "done"), data.MapOf("name", "done")})},
		{"empty_items_after_previous_publish", `
    a:
      action: std.echo output=1
      publish: {a: <% task().name %>}
      on-success: done
    done:
      with-items: x in <% [] %>
      action: std.echo output=<% $.x %>
      publish: {got: <% task().name %>}`, data.MapOf("got", "a")},
	}
	s.upload(t, `version: '2.0'
txtimer_sub:
  input: [v]
  tasks:
    s:
      action: std.echo output=<% task().name %>
      publish: {n: <% task().result %>}
  output:
    name: <% $.n %>
`)
	runCacheCases(t, s, "txtimer_", tests)
}

// TestVarsShareTaskCache checks that a workflow's vars, which Mistral 15
// evaluates without a current task in the transaction that starts the
// workflow, share its cache of task() and execution(): task() there is
// None and stays so for the start task, and a sub-workflow started in the
// transaction sees the parent's execution().
func TestVarsShareTaskCache(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
txvars_task:
  vars:
    v: <% task() = null %>
  tasks:
    done:
      action: std.echo output=<% [$.v, task() = null] %>
      publish: {got: <% task().result %>}
txvars_exec:
  vars:
    v: <% execution().name %>
  tasks:
    done:
      workflow: txvars_sub
      publish: {got: <% task().result %>}
txvars_sub:
  vars:
    w: <% execution().name %>
  tasks:
    s:
      action: std.noop
  output:
    w: <% $.w %>
`)
	for name, want := range map[string]any{
		"txvars_task": []any{true, true},
		"txvars_exec": data.MapOf("w", "txvars_exec"),
	} {
		ex := s.run(t, name, nil)
		done := s.tasks(t, ex.ID)["done"]
		if ex.State != db.StateSuccess || done == nil {
			t.Fatalf("%s: state %s (%v)", name, ex.State, ex.StateInfo)
		}
		if got := done.Published.Map().Value("got"); !data.Equal(got, want) {
			t.Errorf("%s: done published %s, want %s", name, data.Repr(got), data.Repr(want))
		}
	}
}

// TestOutputTaskCache checks that a workflow's output, evaluated without a
// current task, answers task() from the cache of the transaction Mistral
// 15 evaluates it in: the completing task's, whose publish read it, when
// the succeed or fail command ends the workflow; one of its own (task()
// None) when the workflow ends by itself.
func TestOutputTaskCache(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, cmd string
		state     string
		want      bool // task() = null in the output
	}{
		{"succeed_cmd", "\n      on-success:\n        - succeed", db.StateSuccess, false},
		{"fail_cmd", "\n      on-success:\n        - fail", db.StateError, false},
		{"by_itself", "", db.StateSuccess, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\ntxout_"+tt.name+":\n  output:\n    o: <% task() = null %>\n  output-on-error:\n    o: <% task() = null %>\n"+
				"  tasks:\n    a:\n      action: std.echo output=1\n      publish: {a: <% task().name %>}"+tt.cmd+"\n")
			ex := s.run(t, "txout_"+tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s (%v), want %s", ex.State, ex.StateInfo, tt.state)
			}
			if got := ex.Output.Map().Value("o"); got != tt.want {
				t.Fatalf("task() = null in the output: %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTimeoutAndTargetOutsideTask checks that the timeout Mistral 15
// evaluates again for the action, and the target, have no current task:
// task() answers what the transaction read before (the timeout policy at
// the task's start, or the action's input), else None, so a wait-before's
// timer fails the task unless the input read task() first, and so does a
// target at the start; task(name) finds the task by name.
func TestTimeoutAndTargetOutsideTask(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, task string
		state      string
	}{
		{"at_start", `
      action: std.echo output=1
      timeout: <% task().name.len() + 4 %>`, db.StateSuccess},
		{"after_wait_before", `
      wait-before: 1
      action: std.echo output=1
      timeout: <% task().name.len() + 4 %>`, db.StateError},
		{"after_wait_before_input_first", `
      wait-before: 1
      action: std.echo output=<% task().name %>
      timeout: <% task().name.len() + 4 %>`, db.StateSuccess},
		{"after_wait_before_by_name", `
      wait-before: 1
      action: std.echo output=1
      timeout: <% task(t).name.len() + 4 %>`, db.StateSuccess},
		{"target_at_start", `
      action: std.echo output=1
      target: <% task().name %>`, db.StateError},
		{"target_input_first", `
      action: std.echo output=<% task().name %>
      target: <% task().name %>`, db.StateSuccess},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\ntimeout_outside_"+tt.name+":\n  tasks:\n    t:"+tt.task+"\n")
			ex := s.run(t, "timeout_outside_"+tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s (%v), want %s", ex.State, ex.StateInfo, tt.state)
			}
			if tt.state == db.StateError && (ex.StateInfo == nil || !strings.Contains(*ex.StateInfo, `Unknown function "#property#name"`)) {
				t.Fatalf("state_info %v", ex.StateInfo)
			}
		})
	}
}

// A retry condition that cannot be evaluated prints its context as Mistral
// 15 does: one part per layer, empty layers included.
func TestRetryConditionErrorText(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
retry_break_on_error:
  tasks:
    t1:
      action: std.fail
      retry: {count: 2, delay: 0, break-on: <% $.nope.x %>}
`)
	ex := s.run(t, "retry_break_on_error", nil)
	task := s.tasks(t, ex.ID)["t1"]
	if ex.State != db.StateError || task == nil || task.StateInfo == nil {
		t.Fatalf("state %s, task %+v", ex.State, task)
	}
	uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	got := uuid.ReplaceAllString(*task.StateInfo, "<id>")
	want := "Failed to handle action completion [error=Can not evaluate YAQL expression [expression=$.nope.x, error='nope', " +
		"data={'__task_execution': {'id': '<id>', 'name': 't1'}, '__env': {}, , , '__execution': {'id': '<id>'}, }], " +
		"wf=retry_break_on_error, task=t1, action=std.fail]:"
	if !strings.HasPrefix(got, want) {
		t.Errorf("state_info\n%s\nwant prefix\n%s", got, want)
	}
}

// A task the engine completes on its own account (the end of wait-after,
// a join that can no longer run) is completed by Mistral's complete_task:
// an error in its transitions fails it with "Failed to complete task";
// recorded on Mistral 15.
func TestEngineCompletionErrorText(t *testing.T) {
	s := newStack(t)
	tests := []struct{ name, yaml string }{
		{"ce_wait_after", `
  tasks:
    a:
      action: std.noop
      wait-after: 1
      on-success:
        - b: <% $.nope %>
    b:
      action: std.noop
`},
		{"ce_join", `
  tasks:
    x:
      action: std.fail
      on-success: a
    y:
      action: std.noop
      on-success: a
    a:
      join: all
      on-error:
        - b: <% $.nope %>
    b:
      action: std.noop
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":"+tt.yaml)
			ex := s.run(t, tt.name, nil)
			task := s.tasks(t, ex.ID)["a"]
			want := "Failed to complete task [error=Can not evaluate YAQL expression [expression=$.nope, error='nope'"
			if ex.State != db.StateError || !strings.HasPrefix(strOrEmpty(task.StateInfo), want) {
				t.Fatalf("state %s, task a state_info %q, want prefix %q", ex.State, strOrEmpty(task.StateInfo), want)
			}
			if !strings.HasSuffix(*task.StateInfo, ", wf="+tt.name+", task=a]:") {
				t.Errorf("state_info %q", *task.StateInfo)
			}
		})
	}
}

// The runtime context a task shows through REST holds what Mistral's
// before-start policies leave there: the concurrency of any task that has
// one, and the empty wait-before entry of a task paused before it waited
// (which, resumed, does not wait).
func TestBeforeStartRuntimeContext(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, task string
		paused     bool
		want       string
	}{
		{"concurrency_plain", `
      action: std.noop
      concurrency: 2`, false, `{"concurrency": 2}`},
		{"pause_and_wait_before", `
      action: std.noop
      pause-before: true
      wait-before: 5`, true, `{"wait_before_policy": {}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "rc_" + tt.name
			s.upload(t, "version: '2.0'\n"+name+":\n  tasks:\n    t:"+tt.task+"\n")
			ctx := context.Background()
			out, err := s.engine.StartWorkflow(ctx, startReq(name))
			if err != nil {
				t.Fatal(err)
			}
			id := out.Value("id").(string)
			if tt.paused {
				waitState(t, s, id, db.StatePaused)
				if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			if ex := s.wait(t, id); ex.State != db.StateSuccess || time.Since(start) > 3*time.Second {
				t.Fatalf("execution %s after %s, want SUCCESS at once", ex.State, time.Since(start))
			}
			if got := s.tasks(t, id)["t"].RuntimeContext.Raw; !sameJSON(got, tt.want) {
				t.Fatalf("runtime_context %s, want %s", got, tt.want)
			}
		})
	}
}

// A join that failed because an inbound task failed runs once that task is
// rerun and succeeds, as in Mistral: the transition finds the join's
// execution in ERROR and has it wait again.
func TestRerunRevivesFailedJoin(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rerun_join:
  tasks:
    a:
      action: std.noop
      on-success: [j]
    b:
      action: std.echo output=<% env().value %>
      fail-on: <% env().fail %>
      on-success: [j]
    j:
      join: all
      action: std.echo output='joined'
      publish: {j: <% task().result %>}
`)
	id, _ := failThenRerun(t, s, "rerun_join", "b")
	ex := s.wait(t, id)
	if ex.State != db.StateSuccess || !sameJSON(ex.Output.Raw, `{"j": "joined"}`) {
		t.Fatalf("after rerun: state %s output %s (%v)", ex.State, ex.Output.Raw, ex.StateInfo)
	}
}

// A task held by wait-after or waiting for its retry keeps its finish
// time, as in Mistral, and the failed action a retry repeats answers as no
// longer accepted.
func TestDelayedTaskKeepsFinishTime(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
dk_wait_after:
  tasks:
    w:
      action: std.async_noop
      wait-after: 30
dk_retry:
  tasks:
    w:
      action: std.async_noop
      retry:
        count: 1
        delay: 30
`)
	ctx := context.Background()
	for _, tc := range []struct {
		name, info   string
		result       *rpc.Result
		wantAccepted bool
	}{
		{name: "dk_wait_after", info: "Delayed by 'wait-after' policy [delay=30]", result: &rpc.Result{Data: 1}, wantAccepted: true},
		{name: "dk_retry", info: "Delayed by 'retry' policy [delay=30]", result: &rpc.Result{Error: "no"}, wantAccepted: false},
	} {
		out, err := s.engine.StartWorkflow(ctx, startReq(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		task := s.tasks(t, id)["w"]
		act := s.startedActions(t, task.ID, 1)[0]
		answer, err := s.engine.OnActionComplete(ctx, act.ID, tc.result, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := answer.Value("accepted"); got != tc.wantAccepted {
			t.Errorf("%s: the completed action answers accepted=%v, want %v", tc.name, got, tc.wantAccepted)
		}
		task = s.tasks(t, id)["w"]
		if task.State != db.StateDelayed || strOrEmpty(task.StateInfo) != tc.info || task.FinishedAt == nil {
			t.Errorf("%s: task %s %q finished at %v, want DELAYED %q with its finish time", tc.name, task.State, strOrEmpty(task.StateInfo), task.FinishedAt, tc.info)
		}
		if _, err := s.engine.StopWorkflow(ctx, id, db.StateCancelled, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// A rerun applies the task's before-start policies again, as in Mistral:
// pause-before pauses the workflow with the task IDLE, wait-before delays
// the task; a resumed task does not wait or pause again.
func TestRerunAppliesBeforeStartPolicies(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
rb_pause:
  tasks:
    w:
      action: std.async_noop
      pause-before: true
rb_wait:
  tasks:
    w:
      action: std.async_noop
      wait-before: 2
`)
	ctx := context.Background()
	for _, tc := range []struct {
		name, wfState, taskState, info string
	}{
		{name: "rb_pause", wfState: db.StatePaused, taskState: db.StateIdle, info: "Set by 'pause-before' policy"},
		{name: "rb_wait", wfState: db.StateRunning, taskState: db.StateDelayed, info: "Delayed by 'wait-before' policy [delay=2]"},
	} {
		out, err := s.engine.StartWorkflow(ctx, startReq(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		waitState(t, s, id, tc.wfState)
		task := s.tasks(t, id)["w"]
		if tc.name == "rb_pause" {
			if _, err := s.engine.ResumeWorkflow(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
		}
		act := s.startedActions(t, task.ID, 1)[0] // after the wait
		if _, err := s.engine.OnActionComplete(ctx, act.ID, &rpc.Result{Error: "no"}, false); err != nil {
			t.Fatal(err)
		}
		waitState(t, s, id, db.StateError)
		if _, err := s.engine.RerunWorkflow(ctx, task.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := s.store.Read(ctx).WorkflowExecutions().StateOf(id)
		task = s.tasks(t, id)["w"]
		if got != tc.wfState || task.State != tc.taskState || strOrEmpty(task.StateInfo) != tc.info {
			t.Errorf("%s rerun: workflow %s, task %s %q, want %s, %s %q", tc.name, got, task.State, strOrEmpty(task.StateInfo), tc.wfState, tc.taskState, tc.info)
		}
	}
}

// Mistral evaluates a task's timeout a second time when it schedules the
// action or sub-workflow, in a context without env: a timeout read from
// env() passes the timeout policy, then fails the task; recorded on
// Mistral 15.
func TestTimeoutEvaluatedAgainWithoutEnv(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
to_env_sub:
  tasks:
    s:
      action: std.noop
`)
	tests := []struct{ name, task, want string }{
		{"to_env_action", "action: std.echo output=1", "Failed to run task [error=Can not evaluate YAQL expression [expression=env().t, error=Unknown function \"#property#t\", data={, '__execution': {'id': '"},
		{"to_env_workflow", "workflow: to_env_sub", "Failed to run task [error=Can not evaluate YAQL expression [expression=env().t, error=Unknown function \"#property#t\", data={, '__execution': {'id': '"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    a:\n      "+tt.task+"\n      timeout: <% env().t %>\n")
			out, err := s.engine.StartWorkflow(context.Background(), &rpc.StartWorkflowRequest{
				WorkflowIdentifier: tt.name, Params: data.MapOf("env", data.MapOf("t", int64(5))),
			})
			if err != nil {
				t.Fatal(err)
			}
			ex := s.wait(t, out.Value("id").(string))
			task := s.tasks(t, ex.ID)["a"]
			if ex.State != db.StateError || task.StateInfo == nil || !strings.HasPrefix(*task.StateInfo, tt.want) {
				t.Fatalf("execution %s, task state_info %q, want ERROR and %q", ex.State, strOrEmpty(task.StateInfo), tt.want)
			}
		})
	}
}
