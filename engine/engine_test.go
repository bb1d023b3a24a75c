package engine_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/engine/executor"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/inproc"

	_ "github.com/go-sql-driver/mysql"
)

// stack is an engine with its executor, on a fresh SQLite database and the
// in-process transport: the embedded default, assembled by hand.
type stack struct {
	store  *db.Store
	engine *engine.Engine
	defs   *definitions.Service
	timers *engine.TimerService
	conn   string
	stop   context.CancelFunc
	polls  int64 // statements the last runUntil spent waiting
}

// dialects are the databases the behaviour suite runs on: the embedded
// default, and MariaDB, the production path.
var dialects = []string{db.SQLite, db.MySQL}

// connection returns a fresh database of the dialect, with Mistral's schema.
func connection(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect == db.SQLite {
		return "sqlite:///" + filepath.Join(tb.TempDir(), "engine.sqlite")
	}
	socket := "/run/mysqld/mysqld.sock"
	admin, err := sql.Open("mysql", "root@unix("+socket+")/")
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("MariaDB is needed (scripts/test-deps.sh starts it): %v", err)
		}
		tb.Skipf("skipped on MariaDB: it does not answer on %s (scripts/test-deps.sh starts it): %v", socket, err)
	}
	name := fmt.Sprintf("tram_engine_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Exec("DROP DATABASE " + name); admin.Close() })
	return "mysql+pymysql://root@localhost/" + name + "?unix_socket=" + socket
}

func newStack(tb testing.TB) *stack { return newStackOn(tb, db.SQLite) }

func newStackOn(tb testing.TB, dialect string) *stack {
	return openStack(tb, connection(tb, dialect))
}

// openStack starts an engine and executor on an existing database.
func openStack(tb testing.TB, conn string) *stack {
	tb.Helper()
	return openStackWith(tb, conn, engine.Config{}, nil)
}

// openStackWith is openStack with an engine configuration and, when wrap
// is not nil, what the engine sends to executors through.
func openStackWith(tb testing.TB, conn string, cfg engine.Config, wrap func(engine.Executor) engine.Executor) *stack {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	log := slog.New(slog.DiscardHandler)
	store := dbtest.Open(tb, conn)

	ev := expr.NewEvaluator(yaql.New(), jinja.New())
	reg := actions.NewRegistry()
	tr := inproc.New(30*time.Second, log)
	tb.Cleanup(func() { tr.Close() })
	var toExecutor engine.Executor = rpc.NewExecutorClient(tr, "")
	if wrap != nil {
		toExecutor = wrap(toExecutor)
	}
	e := engine.New(cfg, store, ev, reg, toExecutor, log)
	if err := rpc.ServeEngine(ctx, tr, "", "", e); err != nil {
		tb.Fatal(err)
	}
	x := executor.New(reg, rpc.NewEngineClient(tr, ""), log)
	if err := rpc.ServeExecutor(ctx, tr, "", "", x); err != nil {
		tb.Fatal(err)
	}
	timers := engine.NewTimerService(e, "test")
	go timers.Run(ctx)
	return &stack{store: store, engine: e, defs: definitions.New(store, ev), timers: timers, conn: conn, stop: cancel}
}

func (s *stack) upload(tb testing.TB, yaml string) {
	tb.Helper()
	if _, err := s.defs.CreateWorkflows(context.Background(), yaml, "", "private", db.DefaultProject); err != nil {
		tb.Fatalf("upload: %v", err)
	}
}

func (s *stack) uploadWorkbook(tb testing.TB, yaml string) {
	tb.Helper()
	if _, err := s.defs.CreateWorkbook(context.Background(), yaml, "", "private", db.DefaultProject); err != nil {
		tb.Fatalf("upload workbook: %v", err)
	}
}

func startReq(name string) *rpc.StartWorkflowRequest {
	return &rpc.StartWorkflowRequest{WorkflowIdentifier: name}
}

// run starts a workflow and waits until it ends.
func (s *stack) run(tb testing.TB, name string, input *data.Map) *db.WorkflowExecution {
	tb.Helper()
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: name, Input: input})
	if err != nil {
		tb.Fatalf("start %s: %v", name, err)
	}
	return s.wait(tb, out.Value("id").(string))
}

func (s *stack) wait(tb testing.TB, id string) *db.WorkflowExecution {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		state, err := s.store.Read(context.Background()).WorkflowExecutions().StateOf(id)
		if err != nil {
			tb.Fatal(err)
		}
		if db.IsTerminal(state) {
			ex, err := s.store.Read(context.Background()).WorkflowExecutions().Get(id)
			if err != nil {
				tb.Fatal(err)
			}
			return ex
		}
		if time.Now().After(deadline) {
			tb.Fatalf("execution %s still %s", id, state)
		}
		time.Sleep(time.Millisecond)
	}
}

func (s *stack) tasks(tb testing.TB, id string) map[string]*db.TaskExecution {
	tb.Helper()
	list, err := s.store.Read(context.Background()).TaskExecutions().ByWorkflow(id)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*db.TaskExecution{}
	for _, t := range list {
		out[t.Name] = t
	}
	return out
}

// uploadActions creates ad-hoc actions.
func (s *stack) uploadActions(tb testing.TB, yaml string) {
	tb.Helper()
	if _, err := s.defs.CreateActions(context.Background(), yaml, "", "private", db.DefaultProject); err != nil {
		tb.Fatalf("upload actions: %v", err)
	}
}

// startedActions waits until a task has started n action executions.
func (s *stack) startedActions(tb testing.TB, taskID string, n int) []*db.ActionExecution {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(taskID)
		if err != nil {
			tb.Fatal(err)
		}
		if len(acts) >= n {
			return acts
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%d of %d actions started", len(acts), n)
		}
	}
}

func output(ex *db.WorkflowExecution) string { return ex.Output.Raw }

// sameJSON compares two JSON texts as values (key order aside).
func sameJSON(a, b string) bool {
	va, err1 := data.ParseString(a)
	vb, err2 := data.ParseString(b)
	return err1 == nil && err2 == nil && data.Equal(va, vb)
}

func TestWorkflows(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) { testWorkflows(t, newStackOn(t, dialect)) })
	}
}

func testWorkflows(t *testing.T, s *stack) {
	tests := []struct {
		name, yaml string
		input      *data.Map
		state      string
		output     string
	}{
		{
			name: "hello",
			yaml: `version: '2.0'
hello:
  input: [name]
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
      publish: {greeting: <% task().result %>}
  output:
    greeting: <% $.greeting %>
`,
			input: data.MapOf("name", "ann"), state: db.StateSuccess, output: `{"greeting": "Hello, ann!"}`,
		},
		{
			name: "chain",
			yaml: `version: '2.0'
chain:
  input: [{v: 0}]
  tasks:
    s1:
      action: std.echo output=<% $.v + 1 %>
      publish: {v: <% task().result %>}
      on-success: s2
    s2:
      action: std.echo output=<% $.v * 10 %>
      publish: {v: "{{ task().result }}"}
  output: {final: <% $.v %>}
`,
			input: data.MapOf("v", 2), state: db.StateSuccess, output: `{"final": 30}`,
		},
		{
			name: "handled",
			yaml: `version: '2.0'
handled:
  tasks:
    a:
      action: std.fail
      on-error: [b]
      on-complete: [c]
    b:
      action: std.echo output="b"
      publish: {b: <% task().result %>}
    c:
      action: std.echo output="c"
      publish: {c: <% task().result %>}
`,
			state: db.StateSuccess, output: `{"b": "b", "c": "c"}`,
		},
		{
			name: "unhandled",
			yaml: `version: '2.0'
unhandled:
  tasks:
    a:
      action: std.fail error_data=boom
      on-complete: [b]
    b:
      action: std.noop
`,
			state: db.StateError,
		},
		{
			name: "fail_command",
			yaml: `version: '2.0'
fail_command:
  tasks:
    a:
      action: std.noop
      on-success:
        - fail msg="stopped by <% task().name %>"
`,
			state: db.StateError, output: `{"result": "stopped by a"}`,
		},
		{
			name: "with_items",
			yaml: `version: '2.0'
with_items:
  tasks:
    t:
      with-items: x in <% [1, 2, 3] %>
      concurrency: 2
      action: std.echo output=<% $.x * 2 %>
      publish: {r: <% task().result %>}
`,
			state: db.StateSuccess, output: `{"r": [2, 4, 6]}`,
		},
		{
			name: "retry",
			yaml: `version: '2.0'
retry:
  tasks:
    t:
      action: std.fail
      retry: {count: 2, delay: 0}
      on-error: [done]
    done:
      action: std.echo output=<% task(t).state %>
      publish: {s: <% task().result %>}
`,
			state: db.StateSuccess, output: `{"s": "ERROR"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, tt.yaml)
			ex := s.run(t, tt.name, tt.input)
			if ex.State != tt.state {
				t.Fatalf("state %s (%s), want %s", ex.State, ex.Output.Raw, tt.state)
			}
			if tt.output != "" && !sameJSON(output(ex), tt.output) {
				t.Fatalf("output %s, want %s", output(ex), tt.output)
			}
		})
	}
}

func TestRetryRunsCountPlusOne(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
retry_count:
  tasks:
    t:
      action: std.fail
      retry: {count: 2, delay: 0}
`)
	ex := s.run(t, "retry_count", nil)
	if ex.State != db.StateError {
		t.Fatalf("state %s", ex.State)
	}
	acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(s.tasks(t, ex.ID)["t"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 3 {
		t.Fatalf("%d action executions, want 3", len(acts))
	}
}

// A join's retry has it decided again from its inbound tasks, as
// Mistral's: a join that cannot run fails again without running its
// action; one whose action failed runs it again.
func TestJoinRetry(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_retry_impossible:
  tasks:
    a: {action: std.noop, on-success: [{j: <% false %>}]}
    b: {action: std.noop, on-success: [j]}
    j: {join: all, action: std.noop, retry: {count: 2, delay: 0}}
join_retry_action:
  tasks:
    a: {action: std.noop, on-success: [j]}
    b: {action: std.noop, on-success: [j]}
    j: {join: all, action: std.fail, retry: {count: 1, delay: 0}}
`)
	for _, c := range []struct {
		wf   string
		info string
		runs int
	}{
		{"join_retry_impossible", "Failed by tasks: ['a']", 0},
		{"join_retry_action", "", 2},
	} {
		t.Run(c.wf, func(t *testing.T) {
			ex := s.run(t, c.wf, nil)
			if ex.State != db.StateError {
				t.Fatalf("state %s", ex.State)
			}
			j := s.tasks(t, ex.ID)["j"]
			if j == nil || j.State != db.StateError || j.StateInfo == nil {
				t.Fatalf("join: %+v", j)
			}
			if c.info != "" && *j.StateInfo != c.info {
				t.Fatalf("join state_info %q, want %q", *j.StateInfo, c.info)
			}
			acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(j.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != c.runs {
				t.Fatalf("%d action executions, want %d", len(acts), c.runs)
			}
		})
	}
}

// A join: N that could start while another branch is about to end waits
// a moment for it, as Mistral's scheduler does: the branch's variables are
// in the join's context, and the join runs once.
func TestJoinOneTakesBranchesEndingTogether(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_together:
  tasks:
    a: {action: std.noop, publish: {pa: 1}, on-success: [j]}
    b0: {action: std.noop, on-success: [b]}
    b: {action: std.noop, publish: {pb: 2}, on-success: [j]}
    j:
      join: one
      action: std.noop
      publish:
        seen: <% [$.get(pa), $.get(pb)] %>
`)
	ex := s.run(t, "join_together", nil)
	j := s.tasks(t, ex.ID)["j"]
	if ex.State != db.StateSuccess || j == nil {
		t.Fatalf("state %s, join %+v", ex.State, j)
	}
	if got := j.Published.Raw; got != `{"seen": [1, 2]}` {
		t.Fatalf("join published %s, want both branches' variables", got)
	}
	if acts := s.startedActions(t, j.ID, 1); len(acts) != 1 {
		t.Fatalf("join ran %d times", len(acts))
	}
}

// A join's context keeps the variables of the branch that reached it
// first ahead of the others', as Mistral's: the output's keys come in that
// order.
func TestJoinContextFirstBranchFirst(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_order:
  tasks:
    a0: {action: std.sleep seconds=1, on-success: [a]}
    a: {action: std.noop, publish: {pa: 1}, on-success: [j]}
    b: {action: std.noop, publish: {pb: 2}, on-success: [j]}
    j: {join: all, action: std.noop}
`)
	ex := s.run(t, "join_order", nil)
	if ex.State != db.StateSuccess || ex.Output.Raw != `{"pb": 2, "pa": 1}` {
		t.Fatalf("state %s output %s, want b's variable first", ex.State, ex.Output.Raw)
	}
}

// TestParallelBranchesJoinOnce runs a wide fan-out into a join many times:
// branches complete at the same moment on different goroutines, and the
// join must start exactly once, after all of them.
func TestParallelBranchesJoinOnce(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) { testParallelBranchesJoinOnce(t, newStackOn(t, dialect)) })
	}
}

func testParallelBranchesJoinOnce(t *testing.T, s *stack) {
	s.upload(t, fanoutYAML("fanout", 30))
	for i := 0; i < 5; i++ {
		ex := s.run(t, "fanout", nil)
		if ex.State != db.StateSuccess {
			t.Fatalf("state %s: %v", ex.State, ex.StateInfo)
		}
		list, _ := s.store.Read(context.Background()).TaskExecutions().ByWorkflow(ex.ID)
		joins := 0
		for _, task := range list {
			if task.Name == "join" {
				joins++
				acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(task.ID)
				if len(acts) != 1 {
					t.Fatalf("join ran %d actions", len(acts))
				}
			}
		}
		if joins != 1 || len(list) != 32 {
			t.Fatalf("%d join executions, %d tasks", joins, len(list))
		}
	}
}

func fanoutYAML(name string, n int) string {
	y := "version: '2.0'\n" + name + ":\n  tasks:\n    start:\n      action: std.noop\n      on-success:\n"
	for i := 0; i < n; i++ {
		y += "        - b" + itoa(i) + "\n"
	}
	for i := 0; i < n; i++ {
		y += "    b" + itoa(i) + ":\n      action: std.echo output=" + itoa(i) + "\n      publish: {v" + itoa(i) + ": <% task().result %>}\n      on-success: [join]\n"
	}
	y += "    join:\n      join: all\n      action: std.noop\n"
	return y
}

func itoa(i int) string { return data.Repr(int64(i)) }

func TestJoinFailsWhenABranchCannotArrive(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_err:
  tasks:
    a: {action: std.fail, on-success: [j], on-error: [h]}
    b: {action: std.noop, on-success: [j]}
    h: {action: std.noop}
    j: {join: all, action: std.noop}
`)
	ex := s.run(t, "join_err", nil)
	if ex.State != db.StateError {
		t.Fatalf("state %s", ex.State)
	}
	j := s.tasks(t, ex.ID)["j"]
	if j == nil || j.State != db.StateError || j.StateInfo == nil || *j.StateInfo != "Failed by tasks: ['a']" {
		t.Fatalf("join: %+v", j)
	}
}

// A join waiting on a join that no transition has reached is decided when
// the task that could still reach that one finishes, though that task's
// transitions stop at the first join: it neither hangs when the task goes
// elsewhere nor misses the branch when it comes. The task runs an async
// action, so it finishes after the join has been created and checked.
func TestJoinAfterAJoinNotReachedYet(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_after_join:
  tasks:
    t0:
      action: std.noop
      on-success: [t1]
    t1:
      action: std.noop
      on-success: [t3]
    t0b:
      action: std.async_noop
      on-error: [t2]
    t2:
      join: all
      action: std.noop
      on-success: [t3]
    t3:
      join: all
      action: std.noop
`)
	ctx := context.Background()
	tests := []struct {
		name        string
		result      *rpc.Result // t0b's
		state, join string      // the workflow's and t3's final states
		info        string      // t3's state_info
	}{
		{"t0b goes elsewhere", &rpc.Result{Data: 1}, db.StateError, db.StateError, "Failed by tasks: ['t2']"},
		{"t0b reaches t2", &rpc.Result{Error: "boom"}, db.StateSuccess, db.StateSuccess, ""},
	}
	for _, tt := range tests {
		out, err := s.engine.StartWorkflow(ctx, startReq("join_after_join"))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			if t3 := s.tasks(t, id)["t3"]; t3 != nil && t3.State == db.StateWaiting {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: t3 never waited", tt.name)
			}
		}
		act := s.startedActions(t, s.tasks(t, id)["t0b"].ID, 1)[0]
		if _, err := s.engine.OnActionComplete(ctx, act.ID, tt.result, false); err != nil {
			t.Fatal(err)
		}
		ex := s.wait(t, id)
		t3 := s.tasks(t, id)["t3"]
		if ex.State != tt.state || t3.State != tt.join || strOrEmpty(t3.StateInfo) != tt.info {
			t.Errorf("%s: execution %s, t3 %s %q; want %s, %s %q", tt.name, ex.State, t3.State, strOrEmpty(t3.StateInfo), tt.state, tt.join, tt.info)
		}
	}
}

// A join whose branches have not all arrived waits with Mistral's
// state_info, which names no blocking task.
func TestWaitingJoinStateInfo(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_waits:
  tasks:
    a: {action: std.noop, on-success: [j]}
    b: {action: std.async_noop, on-success: [j]}
    j: {join: all, action: std.noop}
`)
	out, err := s.engine.StartWorkflow(context.Background(), startReq("join_waits"))
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	var j *db.TaskExecution
	for deadline := time.Now().Add(10 * time.Second); j == nil || j.State != db.StateWaiting; time.Sleep(5 * time.Millisecond) {
		j = s.tasks(t, id)["j"]
		if time.Now().After(deadline) {
			t.Fatalf("join never waited: %+v", j)
		}
	}
	if j.StateInfo == nil || *j.StateInfo != "Task is waiting." {
		t.Fatalf("waiting join state_info %v, want \"Task is waiting.\"", j.StateInfo)
	}
	// Once refreshed, a waiting join has no triggers, as Mistral's.
	if tb := j.RuntimeContext.Raw; tb != `{"triggered_by": []}` {
		t.Fatalf("waiting join runtime_context %s, want no triggers", tb)
	}
}

// A join records in triggered_by the inbound tasks that started it, with
// the last event naming it, or those that failed it (join: all only), as
// Mistral's does.
func TestJoinTriggeredBy(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
tb_twice:
  tasks:
    a: {action: std.noop, on-success: [j], on-complete: [j]}
    b: {action: std.noop, on-success: [j]}
    j: {join: all, action: std.noop}
tb_failed_all:
  tasks:
    zed: {action: std.noop, on-success: [{j: <% false %>}]}
    mid: {action: std.noop, on-success: [j]}
    j: {join: all, action: std.noop, on-error: [h]}
    h: {action: std.noop}
tb_failed_n:
  tasks:
    a: {action: std.noop, on-success: [j]}
    b: {action: std.noop, on-success: [{j: <% false %>}]}
    c: {action: std.noop, on-success: [{j: <% false %>}]}
    j: {join: 2, action: std.noop, on-error: [h]}
    h: {action: std.noop}
`)
	for _, c := range []struct {
		wf    string
		state string
		want  []string // task name and event
	}{
		{"tb_twice", db.StateSuccess, []string{"a on-complete", "b on-success"}},
		{"tb_failed_all", db.StateError, []string{"zed not triggered"}},
		{"tb_failed_n", db.StateError, nil},
	} {
		t.Run(c.wf, func(t *testing.T) {
			ex := s.run(t, c.wf, nil)
			tasks := s.tasks(t, ex.ID)
			names := map[string]string{}
			for _, task := range tasks {
				names[task.ID] = task.Name
			}
			j := tasks["j"]
			if j == nil || j.State != c.state {
				t.Fatalf("join: %+v", j)
			}
			var got []string
			for _, tb := range j.RuntimeContext.Map().Value("triggered_by").([]any) {
				m := tb.(*data.Map)
				got = append(got, names[m.Value("task_id").(string)]+" "+m.Value("event").(string))
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("triggered_by %v, want %v", got, c.want)
			}
		})
	}
}

func TestTimerFiresAfterWaitBefore(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
waiting:
  tasks:
    t:
      wait-before: 1
      action: std.noop
`)
	start := time.Now()
	ex := s.run(t, "waiting", nil)
	if ex.State != db.StateSuccess {
		t.Fatalf("state %s", ex.State)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("finished after %v, before the 1 s wait", d)
	}
}

func TestSubworkflow(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
sub:
  input: [x]
  tasks:
    t:
      action: std.echo output=<% $.x * 2 %>
      publish: {y: <% task().result %>}
  output: {y: <% $.y %>}
parent:
  tasks:
    call:
      workflow: sub x=21
      publish: {got: <% task().result.y %>}
`)
	ex := s.run(t, "parent", nil)
	if ex.State != db.StateSuccess || output(ex) != `{"got": 42}` {
		t.Fatalf("state %s output %s info %v", ex.State, output(ex), ex.StateInfo)
	}
}

// As Mistral's on_action_complete, a task whose sub-workflow failed takes
// str() of the sub-workflow's output result as its state_info: the
// sub-workflow's state_info, unless its output-on-error gives a result of
// its own (none when that is empty).
func TestSubworkflowFailureInfoIsItsOutputResult(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
sub_ooe_msg:
  tasks:
    t:
      action: std.noop
      on-success:
        - fail msg="by command"
sub_ooe_dict:
  tasks:
    t:
      action: std.noop
      on-success:
        - fail msg="by command"
  output-on-error:
    result: {a: 1, b: [true, null]}
sub_ooe_empty:
  tasks:
    t:
      action: std.noop
      on-success:
        - fail msg="by command"
  output-on-error:
    result: ""
parent_ooe:
  input: [sub]
  tasks:
    call:
      workflow: <% $.sub %>
`)
	tests := []struct {
		sub, info string
	}{
		{"sub_ooe_msg", "by command"},
		{"sub_ooe_dict", "{'a': 1, 'b': [True, None]}"},
		{"sub_ooe_empty", ""},
	}
	for _, tt := range tests {
		ex := s.run(t, "parent_ooe", data.MapOf("sub", tt.sub))
		call := s.tasks(t, ex.ID)["call"]
		if ex.State != db.StateError || call.State != db.StateError || strOrEmpty(call.StateInfo) != tt.info {
			t.Errorf("%s: execution %s, task %s %q; want ERROR, ERROR %q", tt.sub, ex.State, call.State, strOrEmpty(call.StateInfo), tt.info)
		}
		if tt.info == "" && call.StateInfo != nil {
			t.Errorf("%s: task state_info %q, want none", tt.sub, *call.StateInfo)
		}
	}
}

// As Mistral, which sends a sub-workflow's outcome to its parent task after
// the transaction that ended it, a sub-workflow failing as it starts does
// not stop its parent from starting the other start tasks: their task
// executions exist and run, though the failure's handler ends the workflow.
func TestSubworkflowReportsAfterItsTransaction(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
sub_fails_at_start:
  tasks:
    s:
      action: std.echo output=<% 1 / 0 %>
parent_fail_cmd:
  tasks:
    a:
      action: std.echo output="a"
    b:
      workflow: sub_fails_at_start
      on-error:
        - fail msg="b failed"
parent_bad_handler:
  tasks:
    a:
      action: std.echo output="a"
    b:
      workflow: sub_fails_at_start
      on-error: [c]
    c:
      action: std.echo output=<% 1 / 0 %>
`)
	tests := []struct {
		wf    string
		tasks map[string]string // name -> state; "" for any (a may still run)
	}{
		{"parent_fail_cmd", map[string]string{"a": "", "b": db.StateError}},
		{"parent_bad_handler", map[string]string{"a": "", "b": db.StateError, "c": db.StateError}},
	}
	for _, tt := range tests {
		ex := s.run(t, tt.wf, nil)
		if ex.State != db.StateError {
			t.Errorf("%s: execution %s, want ERROR", tt.wf, ex.State)
		}
		got := s.tasks(t, ex.ID)
		if len(got) != len(tt.tasks) {
			t.Errorf("%s: %d tasks, want %d", tt.wf, len(got), len(tt.tasks))
		}
		for name, state := range tt.tasks {
			task, ok := got[name]
			if !ok {
				t.Errorf("%s: task %s was not started", tt.wf, name)
				continue
			}
			if state != "" && task.State != state {
				t.Errorf("%s: task %s %s, want %s", tt.wf, name, task.State, state)
			}
		}
	}
}

// A workbook workflow finds its siblings by short name while its spec is
// the workbook's; replaced through PUT /v2/workflows (its spec then named
// "<workbook>.main") it does not, as in Mistral 15, though its ad-hoc
// actions still resolve in the workbook.
func TestSubworkflowShortNameInWorkbook(t *testing.T) {
	s := newStack(t)
	s.uploadWorkbook(t, `version: '2.0'
name: swb
actions:
  act:
    base: std.echo
    base-input: {output: wbact}
workflows:
  main:
    tasks:
      a:
        action: act
        on-success: b
      b:
        workflow: helper
  helper:
    tasks:
      t:
        action: std.noop
`)
	if ex := s.run(t, "swb.main", nil); ex.State != db.StateSuccess {
		t.Fatalf("workbook workflow: state %s, state_info %q", ex.State, strOrEmpty(ex.StateInfo))
	}
	replaced := "version: '2.0'\nswb.main:\n  tasks:\n    a:\n      action: act\n      on-success: b\n    b:\n      workflow: helper\n"
	if _, err := s.defs.UpdateWorkflows(context.Background(), replaced, "", "", "private", db.Viewer{ProjectID: db.DefaultProject}); err != nil {
		t.Fatal(err)
	}
	ex := s.run(t, "swb.main", nil)
	tasks := s.tasks(t, ex.ID)
	want := "Failed to run task [error=Failed to find workflow [name=helper] [namespace=], wf=swb.main, task=b]"
	if ex.State != db.StateError || tasks["a"].State != db.StateSuccess || !strings.HasPrefix(strOrEmpty(tasks["b"].StateInfo), want) {
		t.Fatalf("replaced workflow: state %s, a %s, b state_info %q; want ERROR, a SUCCESS, b %q", ex.State, tasks["a"].State, strOrEmpty(tasks["b"].StateInfo), want)
	}
}

// A task's sub-workflow is looked up by name only, as Mistral's
// resolve_workflow_definition does: a workflow's id there finds nothing,
// where a start takes an id.
func TestSubworkflowNotFoundByID(t *testing.T) {
	s := newStack(t)
	defs, err := s.defs.CreateWorkflows(context.Background(), "version: '2.0'\nbyid_child:\n  tasks:\n    t:\n      action: std.noop\n"+
		"byid_parent:\n  input: [w]\n  tasks:\n    t:\n      workflow: <% $.w %>\n", "", "private", db.DefaultProject)
	if err != nil {
		t.Fatal(err)
	}
	id := defs[0].ID
	ex := s.run(t, "byid_parent", data.MapOf("w", id))
	want := "Failed to run task [error=Failed to find workflow [name=" + id + "] [namespace=], wf=byid_parent, task=t]:"
	if ex.State != db.StateError || strOrEmpty(ex.StateInfo) != want {
		t.Fatalf("state %s, state_info %q; want ERROR %q", ex.State, strOrEmpty(ex.StateInfo), want)
	}
}

// A definition replaced in the second it was last updated in (updated_at
// has whole seconds) runs its new spec, started directly or as a
// sub-workflow: the spec cache is not keyed on updated_at alone.
func TestReplacedInSameSecondRunsNewSpec(t *testing.T) {
	s := newStack(t)
	sqlDB, err := s.store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	child := "version: '2.0'\nsame_second:\n  tasks:\n    t:\n      action: std.echo output=VER\n      publish: {v: <% task().result %>}\n"
	s.upload(t, strings.ReplaceAll(child, "VER", "1")+"same_second_parent:\n  tasks:\n    c:\n      workflow: same_second\n"+
		"      publish: {v: <% task().result.v %>}\n")
	for _, ver := range []string{"2", "3"} {
		if _, err := s.defs.UpdateWorkflows(context.Background(), strings.ReplaceAll(child, "VER", ver), "", "", "private",
			db.Viewer{ProjectID: db.DefaultProject}); err != nil {
			t.Fatal(err)
		}
		// Every update in one second, whatever the clock says.
		if _, err := sqlDB.Exec("UPDATE workflow_definitions_v2 SET updated_at = '2026-01-01 00:00:00' WHERE name = 'same_second'"); err != nil {
			t.Fatal(err)
		}
		for _, wf := range []string{"same_second", "same_second_parent"} {
			if ex := s.run(t, wf, nil); output(ex) != `{"v": `+ver+`}` {
				t.Errorf("%s after update %s: state %s, output %s", wf, ver, ex.State, output(ex))
			}
		}
	}
}

// A sub-workflow found in the default namespace keeps its parent's
// namespace in its params, and its own sub-workflows are looked up there
// (Mistral's parent_wf_ex.params['namespace']), not in the namespace of its
// definition.
func TestSubworkflowNamespaceInherited(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	leaf := "version: '2.0'\nns_leaf:\n  tasks:\n    t:\n      action: std.echo output=\"WHO\"\n      publish: {r: <% task().result %>}\n  output: {r: <% $.r %>}\n"
	for _, u := range []struct{ yaml, namespace string }{
		{strings.ReplaceAll(leaf, "WHO", "default"), ""},
		{strings.ReplaceAll(leaf, "WHO", "ns2"), "ns2"},
		{"version: '2.0'\nns_mid:\n  tasks:\n    call:\n      workflow: ns_leaf\n      publish: {r: <% task().result.r %>}\n  output: {r: <% $.r %>}\n", ""},
		{"version: '2.0'\nns_mid_missing:\n  tasks:\n    call:\n      workflow: ns_none\n", ""},
		{"version: '2.0'\nns_top:\n  input: [sub]\n  tasks:\n    call:\n      workflow: <% $.sub %>\n      publish: {r: <% task().result.r %>}\n  output: {r: <% $.r %>}\n", "ns2"},
	} {
		if _, err := s.defs.CreateWorkflows(ctx, u.yaml, u.namespace, "private", db.DefaultProject); err != nil {
			t.Fatal(err)
		}
	}
	start := func(sub string) *db.WorkflowExecution {
		out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "ns_top", Namespace: "ns2", Input: data.MapOf("sub", sub)})
		if err != nil {
			t.Fatal(err)
		}
		return s.wait(t, out.Value("id").(string))
	}
	if ex := start("ns_mid"); ex.State != db.StateSuccess || output(ex) != `{"r": "ns2"}` {
		t.Errorf("leaf under a default-namespace sub-workflow: state %s output %s, want the leaf of ns2", ex.State, output(ex))
	}
	// The namespace a start names goes into its params, over the params'
	// own and the namespace of the definition found by id.
	mid, err := s.store.Read(ctx).WorkflowDefinitions().Get("ns_mid", "", db.Viewer{Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: mid.ID, Namespace: "ns2", Params: data.MapOf("namespace", "ns3")})
	if err != nil {
		t.Fatal(err)
	}
	if ex := s.wait(t, out.Value("id").(string)); ex.Params.Map().Value("namespace") != "ns2" || output(ex) != `{"r": "ns2"}` {
		t.Errorf("started by id in ns2: params %v, output %s; want namespace ns2 and the leaf of ns2", ex.Params.Map(), output(ex))
	}
	// A null namespace in the start's params stays null down the tree.
	out, err = s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "ns_mid", Params: data.MapOf("namespace", nil)})
	if err != nil {
		t.Fatal(err)
	}
	ex := s.wait(t, out.Value("id").(string))
	subs, err := s.store.Read(ctx).WorkflowExecutions().ByTask(s.tasks(t, ex.ID)["call"].ID)
	if err != nil || len(subs) != 1 {
		t.Fatalf("sub-workflows of the null namespace start: %v, %v", subs, err)
	}
	for _, e := range []*db.WorkflowExecution{ex, subs[0]} {
		if ns, ok := e.Params.Map().Get("namespace"); !ok || ns != nil || output(ex) != `{"r": "default"}` {
			t.Errorf("%s: params %v, output %s; want a null namespace and the leaf of the default namespace", e.WorkflowName, e.Params.Map(), output(ex))
		}
	}
	want := "Failed to find workflow [name=ns_none] [namespace=ns2]"
	if ex := start("ns_mid_missing"); ex.State != db.StateError || !strings.Contains(strOrEmpty(ex.StateInfo), want) {
		t.Errorf("missing leaf: state %s, state_info %q, want it to name %q", ex.State, strOrEmpty(ex.StateInfo), want)
	}
}

func TestJoinOneRunsOnce(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_one:
  tasks:
    a:
      action: std.echo output=1
      on-success: j
    b:
      action: std.echo output=2
      on-success: j
    j:
      join: one
      action: std.noop
`)
	for i := 0; i < 20; i++ {
		ex := s.run(t, "join_one", nil)
		j := s.tasks(t, ex.ID)["j"]
		acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(j.ID)
		if ex.State != db.StateSuccess || len(acts) != 1 {
			t.Fatalf("state %s, join ran %d times", ex.State, len(acts))
		}
	}
}

// A start with an id that exists returns that execution unchanged, as
// Mistral's engine does, whatever else the request says; on both databases,
// where the id is found by the insert that fails.
func TestStartWithAnExistingID(t *testing.T) {
	for _, dialect := range dialects {
		t.Run(dialect, func(t *testing.T) {
			s := newStackOn(t, dialect)
			s.upload(t, "version: '2.0'\nonce:\n  input: [x]\n  tasks:\n    t:\n      action: std.echo output=<% $.x %>\n")
			ctx := context.Background()
			id := db.NewID()
			first, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{ExecutionID: id, WorkflowIdentifier: "once",
				Input: data.MapOf("x", "first")})
			if err != nil {
				t.Fatal(err)
			}
			s.wait(t, id)
			for _, req := range []*rpc.StartWorkflowRequest{
				{ExecutionID: id, WorkflowIdentifier: "once", Input: data.MapOf("x", "second")},
				{ExecutionID: id, WorkflowIdentifier: "absent"},
			} {
				again, err := s.engine.StartWorkflow(ctx, req)
				if err != nil {
					t.Fatalf("start %s again: %v", req.WorkflowIdentifier, err)
				}
				if again.Value("id") != id || fmt.Sprint(again.Value("input")) != fmt.Sprint(first.Value("input")) {
					t.Errorf("start %s again: %v, want the first execution %v", req.WorkflowIdentifier, again, first)
				}
			}
			sqlDB, err := s.store.SQL()
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := sqlDB.QueryRow("SELECT COUNT(*) FROM workflow_executions_v2").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%d executions, want 1", n)
			}
		})
	}
}

// A join in a loop runs again on each round, as Mistral's does; and a
// branch arriving at a join: one after it ran has it run once more, with
// the late branch's variables (a with-items join with its results).
func TestJoinRunsAgain(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
join_loop:
  tasks:
    a:
      action: std.noop
      on-success: [b, c]
    b:
      action: std.noop
      on-success: d
    c:
      action: std.noop
      on-success: d
    d:
      join: all
      action: std.noop
      on-success: e
    e:
      action: std.echo output=<% $.get(k, 0) + 1 %>
      publish: {k: <% task().result %>}
      on-success:
        - b: <% $.k < 2 %>
join_late:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.sleep seconds=1
      publish: {w: late}
      on-success: j
    j:
      join: one
      action: std.noop
      publish: {seen: <% $.get(w) %>}
join_late_items:
  tasks:
    a:
      action: std.noop
      on-success: j
    b:
      action: std.sleep seconds=1
      on-success: j
    j:
      join: one
      with-items: x in [1, 2]
      action: std.echo output=<% $.x %>
      publish: {r: <% task().result %>}
`)
	runsOf := func(taskID string) int {
		acts, _ := s.store.Read(context.Background()).ActionExecutions().ByTask(taskID)
		return len(acts)
	}
	ex := s.run(t, "join_loop", nil)
	if ex.State != db.StateSuccess || output(ex) != `{"k": 2}` {
		t.Fatalf("join_loop: state %s output %s", ex.State, output(ex))
	}
	if n := runsOf(s.tasks(t, ex.ID)["d"].ID); n != 2 {
		t.Errorf("join_loop: the join ran %d times, want 2", n)
	}
	ex = s.run(t, "join_late", nil)
	j := s.tasks(t, ex.ID)["j"]
	if ex.State != db.StateSuccess || runsOf(j.ID) != 2 || j.Published.Map().Value("seen") != "late" {
		t.Fatalf("join_late: state %s, join ran %d times, published %s", ex.State, runsOf(j.ID), j.Published.Raw)
	}
	// A with-items join run again keeps its accepted iterations and, with
	// none left to start, completes at once.
	ex = s.run(t, "join_late_items", nil)
	j = s.tasks(t, ex.ID)["j"]
	if ex.State != db.StateSuccess || runsOf(j.ID) != 2 || j.Published.Raw != `{"r": [1, 2]}` {
		t.Fatalf("join_late_items: state %s, join ran %d times, published %s", ex.State, runsOf(j.ID), j.Published.Raw)
	}
}

// env passed in a sub-workflow task's input lands in the sub-workflow's
// params resolved as a root's is: a name reads the stored environment's
// variables, a list fails the task. Expressions still read the root's env.
func TestSubworkflowParamsEnvResolved(t *testing.T) {
	s := newStack(t)
	err := s.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Environments().Create(&db.Environment{
			Timestamps: db.Timestamps{CreatedAt: db.Now()}, ID: db.NewID(), Name: "stored",
			Variables: db.JSONOf(data.MapOf("n", int64(9))), Scope: "public", ProjectID: "<default-project>",
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.upload(t, `version: '2.0'
env_leaf:
  tasks:
    t:
      action: std.noop
  output: {env: <% env() %>, params: <% execution().params.env %>}
env_by_name:
  tasks:
    call:
      workflow: env_leaf
      input: {env: stored}
      publish: {r: <% task().result %>}
  output: {r: <% $.r %>}
env_as_list:
  tasks:
    call:
      workflow: env_leaf
      input: {env: [1]}
`)
	ex := s.run(t, "env_by_name", nil)
	if ex.State != db.StateSuccess || !sameJSON(output(ex), `{"r": {"env": {}, "params": {"n": 9}}}`) {
		t.Errorf("by name: %s %s, want SUCCESS with the stored variables in params", ex.State, output(ex))
	}
	ex = s.run(t, "env_as_list", nil)
	want := "Unexpected value type for environment [env=[1], type=<class 'list'>]"
	if ex.State != db.StateError || ex.StateInfo == nil || !strings.Contains(*ex.StateInfo, want) {
		t.Errorf("as list: %s %v, want ERROR with %q", ex.State, ex.StateInfo, want)
	}
}

// TestTargetIsEvaluated: the target routes nothing, but Mistral evaluates
// it after the action input, over that input first, and a target that
// fails fails the task before its action runs.
func TestTargetIsEvaluated(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, target string
		state        string
		taskInfo     string // a prefix of the task's state_info
	}{
		{"target_literal", "executor_a", db.StateSuccess, ""},
		{"target_sees_input", "<% $.output + 1 %>", db.StateSuccess, ""},
		{"target_undefined", "<% $.nope %>", db.StateError,
			"Failed to run task [error=Can not evaluate YAQL expression [expression=$.nope, error='nope', data={'output': 2, , '__env': {}, '__execution': {'id': "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    a:\n      action: std.echo output=2\n      target: "+tt.target+"\n")
			ex := s.run(t, tt.name, nil)
			if ex.State != tt.state {
				t.Fatalf("state %s (%s), want %s", ex.State, ex.Output.Raw, tt.state)
			}
			task := s.tasks(t, ex.ID)["a"]
			if tt.taskInfo != "" && (task.StateInfo == nil || !strings.HasPrefix(*task.StateInfo, tt.taskInfo)) {
				t.Fatalf("state_info %q, want prefix %q", *task.StateInfo, tt.taskInfo)
			}
		})
	}
}

// TestSafeRerunIsNotEvaluated: Mistral 15 hands safe-rerun over as
// written, so an expression is a true text, even one that cannot be
// evaluated.
func TestSafeRerunIsNotEvaluated(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, safeRerun string
		want            bool
	}{
		{"safe_rerun_false", "false", false},
		{"safe_rerun_true", "true", true},
		{"safe_rerun_expr_false", "<% false %>", true},
		{"safe_rerun_expr_undefined", "<% $.nope %>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.upload(t, "version: '2.0'\n"+tt.name+":\n  tasks:\n    a:\n      action: std.echo output=2\n      safe-rerun: "+tt.safeRerun+"\n")
			ex := s.run(t, tt.name, nil)
			if ex.State != db.StateSuccess {
				t.Fatalf("state %s (%s), want SUCCESS", ex.State, ex.Output.Raw)
			}
			acts, err := s.store.Read(context.Background()).ActionExecutions().ByTask(s.tasks(t, ex.ID)["a"].ID)
			if err != nil || len(acts) != 1 {
				t.Fatalf("actions %v, %v", acts, err)
			}
			if got := acts[0].RuntimeContext.Map().Value("safe_rerun"); got != tt.want {
				t.Fatalf("runtime_context.safe_rerun %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNamesCompareAsMySQL: what Mistral finds by a database query by name
// is found by any spelling that MySQL's collation holds equal: a task by
// task(), a sub-workflow by its name.
func TestNamesCompareAsMySQL(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
names_sub_café:
  output: {who: sub}
  tasks:
    t:
      action: std.noop
names_parent:
  tasks:
    first:
      action: std.echo output=42
      on-success: second
    second:
      action: std.echo output=<% [task(FIRST).result, task('first ').result] %>
      on-success: call
    call:
      workflow: "NAMES_SUB_CAFE "
  output:
    second: <% task(Second).result %>
    call: <% task(call).result %>
`)
	ex := s.run(t, "names_parent", nil)
	if want := `{"second": [42, 42], "call": {"who": "sub"}}`; ex.State != db.StateSuccess || output(ex) != want {
		t.Fatalf("state %s output %s info %v; want output %s", ex.State, output(ex), ex.StateInfo, want)
	}
}
