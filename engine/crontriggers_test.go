package engine_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

const cronWorkflow = `version: '2.0'
cron_wf:
  input:
    - who: nobody
  tasks:
    greet:
      action: std.echo output=<% $.who %>
`

// recordingEngine is an rpc.EngineAPI that records the workflow starts.
type recordingEngine struct {
	rpc.EngineAPI
	mu     sync.Mutex
	starts []*rpc.StartWorkflowRequest
	at     []time.Time
}

func (e *recordingEngine) StartWorkflow(_ context.Context, r *rpc.StartWorkflowRequest) (*data.Map, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.starts = append(e.starts, r)
	e.at = append(e.at, time.Now())
	return data.NewMap(0), nil
}

func (e *recordingEngine) started() []*rpc.StartWorkflowRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*rpc.StartWorkflowRequest(nil), e.starts...)
}

// addCronTrigger stores a trigger of cron_wf that is next due at next.
func addCronTrigger(tb testing.TB, s *stack, name, pattern string, next time.Time, remaining *int64) *db.CronTrigger {
	tb.Helper()
	ctx := context.Background()
	wf, err := s.store.Read(ctx).WorkflowDefinitions().Get("cron_wf", "", db.Viewer{ProjectID: db.DefaultProject})
	if err != nil {
		tb.Fatal(err)
	}
	t := &db.CronTrigger{
		Timestamps:          db.Timestamps{CreatedAt: db.Now()},
		ID:                  db.NewID(),
		Name:                name,
		NextExecutionTime:   next.UTC().Truncate(time.Second),
		WorkflowName:        wf.Name,
		WorkflowID:          wf.ID,
		WorkflowInput:       db.JSONOf(data.MapOf("who", "cron")),
		WorkflowParams:      db.JSONOf(data.MapOf("env", data.MapOf("k", "v"))),
		RemainingExecutions: remaining,
		Scope:               "private",
		ProjectID:           db.DefaultProject,
	}
	if pattern != "" {
		t.Pattern = &pattern
	}
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.CronTriggers().Create(t) })
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func runCron(tb testing.TB, store *db.Store, eng rpc.EngineAPI) *engine.CronService {
	tb.Helper()
	return runCronEvery(tb, store, eng, 0)
}

// runCronEvery is runCron with [cron_trigger] execution_interval.
func runCronEvery(tb testing.TB, store *db.Store, eng rpc.EngineAPI, interval time.Duration) *engine.CronService {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cs := engine.NewCronService(store, eng, slog.New(slog.DiscardHandler)).WithInterval(interval)
	done := make(chan struct{})
	go func() { cs.Run(ctx); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })
	return cs
}

// waitFor polls cond until it holds or the generous deadline passes.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func cronTriggerGone(s *stack, id string) func() bool {
	return func() bool {
		_, err := s.store.Read(context.Background()).CronTriggers().Get(id, db.Viewer{ProjectID: db.DefaultProject})
		return exc.Is(err, exc.DBEntityNotFound)
	}
}

// Three engines watch one trigger that fires twice, a second apart: each
// firing starts exactly one execution, and the trigger is gone after the
// second.
func TestCronTriggerFiresOncePerFiringAcrossEngines(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	rec := &recordingEngine{}
	for range 3 {
		runCron(t, s.store, rec)
	}
	two := int64(2)
	trig := addCronTrigger(t, s, "every_second", "* * * * * *", time.Now().Add(time.Second), &two)

	waitFor(t, "the trigger to be deleted", cronTriggerGone(s, trig.ID))
	time.Sleep(300 * time.Millisecond) // a losing engine would start late, not never
	starts := rec.started()
	if len(starts) != 2 {
		t.Fatalf("%d executions started, want 2", len(starts))
	}
	wantDesc := `{"description": "Workflow execution created by cron trigger '(` + trig.ID +
		`)'.", "triggered_by": {"type": "cron_trigger", "id": "` + trig.ID + `", "name": "every_second"}}`
	for _, r := range starts {
		if r.WorkflowIdentifier != "cron_wf" || r.Namespace != "" || r.ExecutionID != "" {
			t.Errorf("start %+v", r)
		}
		if got := string(data.MustEncode(r.Input)); got != `{"who":"cron"}` {
			t.Errorf("input = %s", got)
		}
		if got := string(data.MustEncode(r.Params)); got != `{"env":{"k":"v"}}` {
			t.Errorf("params = %s", got)
		}
		if r.Description == nil || *r.Description != wantDesc {
			t.Errorf("description = %v\nwant          %s", r.Description, wantDesc)
		}
	}
}

// With an execution interval longer than a trigger's period, the trigger
// fires once an interval, as in Mistral.
func TestCronTriggerExecutionInterval(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	rec := &recordingEngine{}
	const interval = 1500 * time.Millisecond
	cs := runCronEvery(t, s.store, rec, interval)
	two := int64(2)
	trig := addCronTrigger(t, s, "every_second", "* * * * * *", time.Now().Add(time.Second), &two)
	cs.Wake()

	waitFor(t, "the trigger to be deleted", cronTriggerGone(s, trig.ID))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.at) != 2 {
		t.Fatalf("%d executions started, want 2", len(rec.at))
	}
	// The second firing is due a second after the first.
	if gap := rec.at[1].Sub(rec.at[0]); gap < interval-100*time.Millisecond {
		t.Fatalf("the firings %v apart, want the interval of %v at least", gap, interval)
	}
}

// A trigger with only a first execution time runs once, through the real
// engine, and is deleted.
func TestCronTriggerFirstExecutionTime(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	runCron(t, s.store, s.engine)
	one := int64(1)
	trig := addCronTrigger(t, s, "once", "", time.Now().Add(time.Second), &one)

	waitFor(t, "the trigger to be deleted", cronTriggerGone(s, trig.ID))
	var exs []*db.WorkflowExecution
	waitFor(t, "the execution", func() bool {
		var err error
		exs, err = db.List[db.WorkflowExecution](s.store.Read(context.Background()), db.ListQuery{
			Filters: []db.Filter{{Column: "workflow_name", Op: db.OpEq, Value: "cron_wf"}},
		})
		return err == nil && len(exs) == 1
	})
	ex := s.wait(t, exs[0].ID)
	if ex.State != db.StateSuccess || ex.Input.Map().Value("who") != "cron" {
		t.Fatalf("execution %s: state %s, input %s", ex.ID, ex.State, ex.Input.Raw)
	}
	if ex.Description == nil || !strings.Contains(*ex.Description, `"triggered_by": {"type": "cron_trigger", "id": "`+trig.ID) {
		t.Fatalf("description = %v", ex.Description)
	}
}

// A trigger that fell behind (the service was down) fires once and moves
// to the next slot after now; without a limit it stays.
func TestCronTriggerCatchesUpOnce(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	rec := &recordingEngine{}
	trig := addCronTrigger(t, s, "hourly", "0 * * * *", time.Now().Add(-3*time.Hour), nil)
	before := time.Now().UTC()
	runCron(t, s.store, rec)

	waitFor(t, "the firing", func() bool { return len(rec.started()) == 1 })
	got, err := s.store.Read(context.Background()).CronTriggers().Get(trig.ID, db.Viewer{ProjectID: db.DefaultProject})
	if err != nil {
		t.Fatal(err)
	}
	next := got.NextExecutionTime
	if !next.After(before) || next.After(before.Add(time.Hour)) || next.Minute() != 0 || next.Second() != 0 {
		t.Fatalf("next_execution_time = %s, want the next full hour after %s", next, before)
	}
	if got.RemainingExecutions != nil || got.UpdatedAt == nil {
		t.Fatalf("remaining %v, updated_at %v", got.RemainingExecutions, got.UpdatedAt)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(rec.started()); n != 1 {
		t.Fatalf("%d executions started, want 1", n)
	}
}

// A firing whose start fails is still consumed: the error is logged and the
// trigger moves on, as in Mistral.
func TestCronTriggerStartFailure(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	runCron(t, s.store, failingEngine{})
	one := int64(1)
	trig := addCronTrigger(t, s, "failing", "", time.Now().Add(time.Second), &one)
	waitFor(t, "the trigger to be deleted", cronTriggerGone(s, trig.ID))
}

type failingEngine struct{ rpc.EngineAPI }

// A trigger that cannot fire (a pattern with no next time, which croniter
// fails on) is logged and retried later; it neither spins nor holds up the others.
func TestCronTriggerBrokenPatternDoesNotBlock(t *testing.T) {
	s := newStack(t)
	s.upload(t, cronWorkflow)
	rec := &recordingEngine{}
	addCronTrigger(t, s, "broken", "0 0 31 4 *", time.Now().Add(-time.Minute), nil)
	one := int64(1)
	good := addCronTrigger(t, s, "good", "", time.Now().Add(time.Second), &one)
	runCron(t, s.store, rec)
	// The trigger goes with its last firing's claim; the start follows.
	waitFor(t, "the good trigger to fire", func() bool { return len(rec.started()) > 0 })
	waitFor(t, "the good trigger to go", cronTriggerGone(s, good.ID))
	time.Sleep(200 * time.Millisecond)
	if n := len(rec.started()); n != 1 {
		t.Fatalf("%d executions started, want 1", n)
	}
}

func (failingEngine) StartWorkflow(context.Context, *rpc.StartWorkflowRequest) (*data.Map, error) {
	return nil, errors.New("engine unavailable")
}

// TestParseCronPattern holds the next times Mistral 15 (croniter)
// answered for patterns created on Saturday 2026-11-28 at 13:09 UTC, and
// the patterns it refuses.
func TestParseCronPattern(t *testing.T) {
	from := time.Date(2026, 11, 28, 13, 9, 30, 0, time.UTC)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		pattern string
		next    time.Time
		bad     bool // croniter refuses the pattern
		none    bool // croniter takes it and finds no next time
	}{
		{pattern: "* * * * *", next: time.Date(2026, 11, 28, 13, 10, 0, 0, time.UTC)},
		{pattern: "0 */2 * * *", next: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)},
		{pattern: "30 9 * * 1", next: time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC)},
		{pattern: "* * * * * */15", next: time.Date(2026, 11, 28, 13, 9, 45, 0, time.UTC)}, // seconds last
		{pattern: "@hourly", next: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)},
		{pattern: "0 0 * * 7", next: day(11, 29)},
		{pattern: "0 0 * * 1-7", next: day(11, 29)},
		{pattern: "0 0 * * 7-7", next: day(11, 29)},
		{pattern: "0 0 * * 1-7/2", next: day(11, 29)},
		{pattern: "0 0 * * 6-0", next: day(11, 29)},
		{pattern: "0 0 * * sat-sun", next: day(11, 29)},
		{pattern: "0 0 * * MON/2", next: day(11, 29)},
		{pattern: "0 0 * * MON-FRI", next: day(11, 30)},
		{pattern: "0 0 1 * 0-6", next: day(12, 1)}, // every weekday listed is '*': day 1 only
		{pattern: "0 0 1 * 0-7", next: day(12, 1)},
		{pattern: "0 0 1-31 * 1", next: day(11, 30)},
		{pattern: "0 0 13 * 5", next: day(12, 4)},  // day 13 or a Friday
		{pattern: "0 0 1 * *,1", next: day(12, 1)}, // a '*' in a list is '*'
		{pattern: "0 0 *,1 * 1", next: day(11, 30)},
		{pattern: "0 0 15 * sun-mon", next: day(11, 29)},
		{pattern: "0 0 L 2 0", next: time.Date(2027, 2, 7, 0, 0, 0, 0, time.UTC)},
		{pattern: "0 0 L * 1#5", next: day(11, 30)},
		{pattern: "0 0 * * 7#1", next: day(12, 6)},
		{pattern: "0 0 * * 1#1 0", next: day(12, 7)},
		{pattern: "0 0 1-L/10 * *", next: day(12, 1)},
		{pattern: "0 0 25 * L5", next: day(12, 25)}, // day 25 and the last Friday, or the last Friday
		{pattern: "0 0 1-7 * 1#1", next: day(12, 7)},
		{pattern: "0 0 * * 5#3,L5", next: day(12, 18)},
		{pattern: "0 0 * * mon#2,fri#2", next: day(12, 11)},
		{pattern: "0 0 31 */2 *", next: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)},
		{pattern: "1-5 * * * * 1-5", next: time.Date(2026, 11, 28, 14, 1, 1, 0, time.UTC)},
		{pattern: "0 0 0 * * 0", next: day(12, 1)}, // day 0 is 1 with seconds
		{pattern: "0 0-23 1-31 1-12 0-6", next: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)},
		{pattern: "0 0 1 * */2", next: day(11, 29)},
		{pattern: "0 0 L * *", next: day(11, 30)},
		{pattern: "0 0 L 2 *", next: time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)},
		{pattern: "0 0 1,L * *", next: day(11, 30)},
		{pattern: "0 0 20-L * *", next: day(11, 29)},
		{pattern: "0 0 L * 1", next: day(11, 30)},
		{pattern: "0 0 * * 0#1", next: day(12, 6)},
		{pattern: "0 0 * * sun#1", next: day(12, 6)},
		{pattern: "0 0 * * sat#1", next: day(12, 5)},
		{pattern: "0 0 * * 1#5", next: day(11, 30)},
		{pattern: "0 0 * * 6#5", next: time.Date(2027, 1, 30, 0, 0, 0, 0, time.UTC)},
		{pattern: "0 0 * * 1#1,1#3", next: day(12, 7)},
		{pattern: "0 0 * * L5", next: day(12, 25)},
		{pattern: "0 0 * * l6", next: day(12, 26)},
		{pattern: "0 0 * * L0", next: day(11, 29)},
		{pattern: "@DAILY", next: day(11, 29)},
		{pattern: "@weekly", next: day(11, 29)},
		{pattern: "@monthly", next: day(12, 1)},
		{pattern: "@annually", next: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{pattern: "*/7 * * * *", next: time.Date(2026, 11, 28, 13, 14, 0, 0, time.UTC)},
		{pattern: "*/61 * * * *", next: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)},
		{pattern: "0 0 5/10 * *", next: day(12, 5)},
		{pattern: "0 0 * */5 *", next: day(11, 29)},
		{pattern: "0 0 29 2 * 0", next: time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)},
		{pattern: "0 0 1 1 * 59", next: time.Date(2027, 1, 1, 0, 0, 59, 0, time.UTC)},
		{pattern: " 0  0 * * 01", next: day(11, 30)},
		{pattern: "0 0 31 4 *", none: true},
		{pattern: "0 0 30 2 *", none: true},
		{pattern: "0 0 30 2 0", none: true}, // the day of month alone never matches
		{pattern: "0 0 1 * 1#2", none: true},
		{pattern: "0 0 15 * L5", none: true},
		{pattern: "0 0 * * 7 0", none: true}, // 7 is no Sunday with seconds
		{pattern: "0 0 ? * *", bad: true},
		{pattern: "0 0 * * 5L", bad: true},
		{pattern: "0 0 * * 5-1", bad: true},
		{pattern: "0 0 * * 1,3#2", bad: true},
		{pattern: "0 0 * * 1-3#2", bad: true},
		{pattern: "0 0 * * *#2", bad: true},
		{pattern: "0 0 * * 1#6", bad: true},
		{pattern: "0 0 * * 8", bad: true},
		{pattern: "0 0 0 * *", bad: true},
		{pattern: "0 0 * 0 *", bad: true},
		{pattern: "0 0 * 3-1 *", bad: true},
		{pattern: "*/0 * * * *", bad: true},
		{pattern: "H * * * *", bad: true},
		{pattern: "@reboot", bad: true},
		{pattern: "@daily 5", bad: true},
		{pattern: "* * * * * * *", bad: true},
		{pattern: "0 0 1 1 * 60", bad: true},
		{pattern: "0 0 * 0 * 0", bad: true},
		{pattern: "0 0 L/2 * *", bad: true},
		{pattern: "@every 5s", bad: true},
		{pattern: "61 * * * *", bad: true},
		{pattern: "not a pattern", bad: true},
	}
	for _, tt := range tests {
		sched, err := engine.ParseCronPattern(tt.pattern)
		if tt.bad {
			if err == nil {
				t.Errorf("%q: no error", tt.pattern)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
			continue
		}
		got, err := sched.Next(from)
		if tt.none {
			if !errors.Is(err, engine.ErrNoNextCronTime) {
				t.Errorf("%q: next = %s, %v, want %v", tt.pattern, got, err, engine.ErrNoNextCronTime)
			}
			continue
		}
		if err != nil || !got.Equal(tt.next) {
			t.Errorf("%q: next = %s, %v, want %s", tt.pattern, got, err, tt.next)
		}
	}
}
