package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// A with-items task goes on while any iteration runs, and is cancelled as
// soon as one iteration is, even while others still run, with Mistral's
// state_info.
func TestWithItemsIterationsSettleTheTask(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			s := openStackWith(t, connection(t, dialect), engine.Config{}, nil)
			s.upload(t, `version: '2.0'
items:
  tasks:
    each:
      with-items: x in <% [1, 2, 3] %>
      action: std.async_noop
`)
			ctx := context.Background()
			out, err := s.engine.StartWorkflow(ctx, startReq("items"))
			if err != nil {
				t.Fatal(err)
			}
			id := out.Value("id").(string)
			task := s.tasks(t, id)["each"]
			acts := s.startedActions(t, task.ID, 3)
			read := func() *db.TaskExecution {
				t.Helper()
				got, err := s.store.Read(ctx).TaskExecutions().Get(task.ID)
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			state := func() string {
				t.Helper()
				return read().State
			}

			if _, err := s.engine.OnActionComplete(ctx, acts[2].ID, &rpc.Result{Data: "done"}, false); err != nil {
				t.Fatal(err)
			}
			if got := state(); got != db.StateRunning {
				t.Fatalf("task %s with two iterations running, want RUNNING", got)
			}
			if _, err := s.engine.OnActionComplete(ctx, acts[0].ID, &rpc.Result{Cancel: true}, false); err != nil {
				t.Fatal(err)
			}
			got := read()
			if got.State != db.StateCancelled || got.StateInfo == nil || *got.StateInfo != "One or more actions was cancelled." {
				t.Fatalf("task %s (%v) after an iteration was cancelled, want CANCELLED, \"One or more actions was cancelled.\"", got.State, got.StateInfo)
			}
		})
	}
}

// Iterations with large inputs start together in one transaction, whose
// inserts are cut by size: 60 iterations of 400 KB each (24 MB, more than
// MariaDB takes in one packet by default) run to the end.
func TestWithItemsOfLargeInputs(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			s := newStackOn(t, dialect)
			s.upload(t, `version: '2.0'
large_items:
  input: [big]
  tasks:
    each:
      with-items: i in <% range(60) %>
      action: std.echo output=<% $.big %>
      publish: {count: <% len(task().result) %>}
  output: {count: <% $.count %>}
`)
			ex := s.run(t, "large_items", data.MapOf("big", strings.Repeat("x", 400<<10)))
			if ex.State != db.StateSuccess || !sameJSON(output(ex), `{"count": 60}`) {
				t.Fatalf("state %s, output %s, want SUCCESS with 60 results: %v", ex.State, output(ex), ex.StateInfo)
			}
		})
	}
}

// Every item's input is evaluated before any item runs, as in Mistral: an
// item whose input fails fails the task with no action started.
func TestWithItemsInputFailsBeforeAnyRun(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_bad_item:
  tasks:
    loop:
      with-items: x in [1, 2, 3]
      action: std.echo output=<% 10 / ($.x - 2) %>
`)
	ex := s.run(t, "wi_bad_item", nil)
	loop := s.tasks(t, ex.ID)["loop"]
	acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(loop.ID)
	if ex.State != db.StateError || loop.State != db.StateError || len(acts) != 0 {
		t.Fatalf("execution %s, task %s with %d actions, want ERROR, ERROR, none", ex.State, loop.State, len(acts))
	}
	// Mistral marks a task processed only once it decided what follows
	// its completion, which a forced failure skips.
	if loop.Processed {
		t.Fatal("the force-failed task is marked processed")
	}
}

// An undeclared "index" input overrides a sub-workflow's params index,
// which orders a with-items task's results as in Mistral (its
// runtime_context index of a workflow execution is the params' one); the
// items still run once each.
func TestWithItemsSubworkflowIndexInput(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_idx_sub:
  input: [v]
  tasks:
    t:
      action: std.noop
  output: {v: <% $.v %>}
wi_idx:
  tasks:
    each:
      with-items: v in [10, 20, 30]
      concurrency: 1
      workflow: wi_idx_sub
      input:
        v: <% $.v %>
        index: <% 3 - $.v / 10 %>
      publish: {r: <% task().result.select($.v) %>}
  output: {r: <% $.r %>}
`)
	ex := s.run(t, "wi_idx", nil)
	if ex.State != db.StateSuccess || output(ex) != `{"r": [30, 20, 10]}` {
		t.Fatalf("execution %s, output %s; want SUCCESS, {\"r\": [30, 20, 10]}", ex.State, output(ex))
	}
}

// A with-items source is evaluated in the task's expression context, as in
// Mistral: its error prints the same layers as a task input's error, with
// the empty layer of the item variables.
func TestWithItemsSourceErrorPrintsTheTaskContext(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_bad_source:
  tasks:
    loop:
      with-items: x in <% $.nope %>
      action: std.echo output=<% $.x %>
`)
	ex := s.run(t, "wi_bad_source", nil)
	loop := s.tasks(t, ex.ID)["loop"]
	want := "data={'__task_execution': {'id': '" + loop.ID + "', 'name': 'loop'}, '__env': {}, , , '__execution': {'id': '" + ex.ID + "'}, }]"
	if loop.StateInfo == nil || !strings.Contains(*loop.StateInfo, want) {
		t.Fatalf("task state_info %v, want it to hold %q", loop.StateInfo, want)
	}
}

// Mistral evaluates a with-items task's action or sub-workflow name
// without the item variables: a name read from one fails the task before
// any run, and a workflow input of the same name is read instead.
func TestWithItemsNameIgnoresItemVariables(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, task string
		input      *data.Map
		state      string
		runs       int
	}{
		{"wi_action_item", "      action: <% $.x %>\n", nil, db.StateError, 0},
		{"wi_action_input", "      action: <% $.x %>\n      input: {output: <% $.x %>}\n", data.MapOf("x", "std.echo"), db.StateSuccess, 2},
		{"wi_workflow_item", "      workflow: <% $.x %>\n", nil, db.StateError, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := "version: '2.0'\n" + tt.name + ":\n"
			if tt.input != nil {
				head += "  input: [x]\n"
			}
			s.upload(t, head+"  tasks:\n    loop:\n      with-items: x in [\"std.noop\", \"std.noop\"]\n"+tt.task)
			ex := s.run(t, tt.name, tt.input)
			loop := s.tasks(t, ex.ID)["loop"]
			acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(loop.ID)
			if ex.State != tt.state || len(acts) != tt.runs {
				t.Fatalf("execution %s (%s) with %d actions, want %s with %d", ex.State, ex.Output.Raw, len(acts), tt.state, tt.runs)
			}
		})
	}
}

// As in Mistral, a with-items task's item variables are deep-merged with
// its inbound context, which wins: a variable published upstream under an
// item variable's name hides the item, and a published dict is merged
// into a dict item; recorded on Mistral 15.
func TestWithItemsInboundContextHidesItems(t *testing.T) {
	s := newStack(t)
	tests := []struct{ name, published, items, want string }{
		{"wi_hide_scalar", `"pub"`, `[1, 2]`, `["pub", "pub"]`},
		{"wi_hide_dict", `<% {k1 => 'pub', k2 => 'pub'} %>`, `<% [{k1 => 'i1'}, {k3 => 'i3'}] %>`,
			`[{"k1": "pub", "k2": "pub"}, {"k3": "i3", "k1": "pub", "k2": "pub"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    a:\n      action: std.echo\n      input:\n        output: "+tt.published+"\n      publish: {x: <% task().result %>}\n      on-success: b\n"+
				"    b:\n      with-items: x in "+tt.items+"\n      action: std.echo output=<% $.x %>\n      publish: {r: <% task().result %>}\n  output:\n    r: <% $.r %>\n")
			ex := s.run(t, tt.name, nil)
			if ex.State != db.StateSuccess || !sameJSON(output(ex), `{"r": `+tt.want+`}`) {
				t.Fatalf("state %s, output %s, want r = %s", ex.State, output(ex), tt.want)
			}
		})
	}
}

// With a concurrency limit, an iteration whose input fails to evaluate
// starts on an earlier iteration's completion: as in Mistral, that fails
// the task and the workflow (it left them RUNNING for good).
func TestWithItemsConcurrencyInputFailsOnCompletion(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_bad_next_item:
  tasks:
    loop:
      with-items: x in [1, 2, 3]
      concurrency: 1
      action: std.echo output=<% 10 / ($.x - 2) %>
`)
	ex := s.run(t, "wi_bad_next_item", nil)
	loop := s.tasks(t, ex.ID)["loop"]
	acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(loop.ID)
	if ex.State != db.StateError || loop.State != db.StateError || len(acts) != 1 {
		t.Fatalf("execution %s, task %s with %d actions, want ERROR, ERROR, 1", ex.State, loop.State, len(acts))
	}
	want := "Failed to handle action completion [error=Can not evaluate YAQL expression [expression=10 / ($.x - 2)"
	if loop.StateInfo == nil || !strings.HasPrefix(*loop.StateInfo, want) {
		t.Fatalf("task state_info %v, want it to start with %q", loop.StateInfo, want)
	}
}

// A with-items task over an empty list completes as soon as it starts. The
// tasks started in the same batch still run before the workflow ends: the
// dispatcher runs the batch in reverse, so here the empty task goes first.
func TestWithItemsEmptyBesideOtherStartTasks(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_empty_beside:
  tasks:
    first:
      action: std.echo output=1
      publish: {one: <% task().result %>}
    empty:
      with-items: x in <% [] %>
      action: std.noop
  output: {one: <% $.one %>}
`)
	ex := s.run(t, "wi_empty_beside", nil)
	tasks := s.tasks(t, ex.ID)
	if ex.State != db.StateSuccess || len(tasks) != 2 || !sameJSON(output(ex), `{"one": 1}`) {
		t.Fatalf("execution %s with %d tasks, output %s, want SUCCESS with both tasks and one = 1", ex.State, len(tasks), output(ex))
	}
}

// A with-items task's runtime context lists capacity before count, as
// Mistral writes it (REST shows the text).
func TestWithItemsRuntimeContextOrder(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_runtime_order:
  tasks:
    limited:
      with-items: x in [1, 2, 3]
      concurrency: 2
      action: std.noop
    unlimited:
      with-items: x in <% [] %>
      action: std.noop
`)
	ex := s.run(t, "wi_runtime_order", nil)
	tasks := s.tasks(t, ex.ID)
	tests := []struct{ task, want string }{
		{"limited", `{"concurrency": 2, "with_items": {"capacity": 2, "count": 3}}`},
		{"unlimited", `{"with_items": {"capacity": null, "count": 0}}`},
	}
	for _, tt := range tests {
		if got := tasks[tt.task].RuntimeContext.Raw; got != tt.want {
			t.Errorf("%s runtime context %s, want %s", tt.task, got, tt.want)
		}
	}
}

// An iteration that cannot start (its action or sub-workflow is not found)
// leaves the capacity as it was: Mistral decreases it once an iteration
// has been scheduled (REST shows the runtime context).
func TestWithItemsCapacityOfAnIterationThatCannotStart(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_cap_action:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      concurrency: 2
      action: wi_cap_no_such_action
wi_cap_workflow:
  tasks:
    t:
      with-items: x in [1, 2, 3]
      concurrency: 2
      workflow: wi_cap_no_such_workflow
`)
	want := `{"concurrency": 2, "with_items": {"capacity": 2, "count": 3}}`
	for _, wf := range []string{"wi_cap_action", "wi_cap_workflow"} {
		ex := s.run(t, wf, nil)
		task := s.tasks(t, ex.ID)["t"]
		if task == nil {
			t.Fatalf("%s: execution %s without task t", wf, ex.State)
		}
		if ex.State != db.StateError || task.RuntimeContext.Raw != want {
			t.Errorf("%s: execution %s, runtime context %s; want ERROR, %s", wf, ex.State, task.RuntimeContext.Raw, want)
		}
	}
}

// A with-items task retried after its timeout while iterations still run
// succeeds at once, as in Mistral 15: the retry runs again only finished
// iterations, within the capacity left, and starts new ones from the count
// of those running (recorded on Mistral: upl_to_wi_retry*,
// upl_to_wi_cc_retry, upl_to_wi_subwf_retry, upl_to_wi_cc_partial_retry).
func TestWithItemsRetryAfterTimeoutSucceeds(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
wi_retry_after_timeout_sub:
  input: [x]
  tasks:
    a:
      action: std.noop
      on-success:
        - b: <% $.x = 2 %>
    b:
      action: std.async_noop
`)
	tests := []struct {
		name, task string
		runs       int
	}{
		{"all_started", `
      action: std.async_noop`, 2},
		{"concurrency", `
      concurrency: 1
      action: std.async_noop`, 1},
		// No capacity left: the finished first iteration does not run again.
		{"concurrency_first_done", `
      concurrency: 1
      workflow: wi_retry_after_timeout_sub
      input: {x: <% $.x %>}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "wi_retry_after_timeout_" + tt.name
			s.upload(t, "version: '2.0'\n"+name+`:
  tasks:
    t:
      with-items: x in [1, 2]`+tt.task+`
      timeout: 1
      retry: {count: 1, delay: 0}
`)
			ex := s.run(t, name, nil)
			if ex.State != db.StateSuccess {
				t.Fatalf("state %s (%v), want SUCCESS", ex.State, ex.StateInfo)
			}
			task := s.tasks(t, ex.ID)["t"]
			read := s.store.Read(context.Background())
			runs := 0
			if task.Type == db.TaskTypeWorkflow {
				subs, err := read.WorkflowExecutions().ByTask(task.ID)
				if err != nil {
					t.Fatal(err)
				}
				runs = len(subs)
			} else {
				acts, err := read.ActionExecutions().ByTask(task.ID)
				if err != nil {
					t.Fatal(err)
				}
				runs = len(acts)
			}
			if runs != tt.runs {
				t.Fatalf("%d runs, want %d", runs, tt.runs)
			}
		})
	}
}
