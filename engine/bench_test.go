package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// The engine benchmarks run whole workflows on the embedded default
// (SQLite) and on MariaDB (skipped with the reason when it does not answer)
// and report, besides time, what does not depend on the machine's load:
// per task, the statements and transactions sent to the database and the
// allocations made.
//
//	go test -run XXX -bench . -benchmem ./engine/

// chainYAML is a chain of n std.noop tasks.
func chainYAML(name string, n int) string {
	var b strings.Builder
	b.WriteString("version: '2.0'\n" + name + ":\n  tasks:\n")
	for i := 0; i < n; i++ {
		b.WriteString("    t" + itoa(i) + ":\n      action: std.noop\n")
		if i < n-1 {
			b.WriteString("      on-success: t" + itoa(i+1) + "\n")
		}
	}
	return b.String()
}

// itemsYAML is one std.echo task with-items over the input list, publishing
// the results, as ../shared/bench's items200.
const itemsYAML = `version: '2.0'
items:
  input: [items]
  output:
    count: <% len($.results) %>
  tasks:
    echo_all:
      with-items: x in <% $.items %>
      action: std.echo output=<% $.x %>
      publish:
        results: <% task().result %>
`

func itemsInput(n int) *data.Map {
	items := make([]any, n)
	for i := range items {
		items[i] = int64(i)
	}
	return data.MapOf("items", items)
}

// benchWorkflow runs workflow name b.N times on a fresh stack of the
// dialect; each run makes tasks task transitions (task or with-items
// iteration completions).
func benchWorkflow(b *testing.B, dialect, yaml, name string, input *data.Map, tasks int) {
	s := newStackOn(b, dialect)
	s.upload(b, yaml)
	if ex := s.runUntil(b, name, input, 10*time.Minute); ex.State != db.StateSuccess { // warm-up
		b.Fatalf("state %s: %v", ex.State, ex.StateInfo)
	}
	var mem0, mem1 runtime.MemStats
	runtime.ReadMemStats(&mem0)
	cpu0 := cpuTime(b)
	before := s.store.Stats()
	polls := int64(0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ex := s.runUntil(b, name, input, 10*time.Minute)
		polls += s.polls
		if ex.State != db.StateSuccess {
			b.Fatalf("state %s: %v", ex.State, ex.StateInfo)
		}
	}
	b.StopTimer()
	cpu1 := cpuTime(b)
	runtime.ReadMemStats(&mem1)
	after := s.store.Stats()
	per := float64(b.N * tasks)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/task")
	b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/per, "cpu-ns/task")
	b.ReportMetric(float64(after.Statements-before.Statements-polls)/per, "stmts/task")
	b.ReportMetric(float64(after.Transactions-before.Transactions)/per, "tx/task")
	b.ReportMetric(float64(mem1.Mallocs-mem0.Mallocs)/per, "allocs/task")
}

// cpuTime is the CPU time (user and system) this process has used: the
// engine, the executor and, on SQLite, the database; on MariaDB the
// server's share is not in it.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runUntil starts a workflow and waits for its end; s.polls is how many
// statements the waiting took (they are not the engine's).
func (s *stack) runUntil(tb testing.TB, name string, input *data.Map, limit time.Duration) *db.WorkflowExecution {
	tb.Helper()
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: name, Input: input})
	if err != nil {
		tb.Fatalf("start %s: %v", name, err)
	}
	id := out.Value("id").(string)
	started := time.Now()
	deadline := started.Add(limit)
	for s.polls = 1; ; s.polls++ {
		state, err := s.store.Read(ctx).WorkflowExecutions().StateOf(id)
		if err != nil {
			tb.Fatal(err)
		}
		if db.IsTerminal(state) {
			break
		}
		if time.Now().After(deadline) {
			tb.Fatalf("execution %s still %s after %v", id, state, limit)
		}
		// Waiting costs the process CPU time too: poll less often as the
		// run goes on (the time measured is at most 5% late).
		time.Sleep(max(time.Millisecond, time.Since(started)/20))
	}
	s.polls++
	ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}

// benchDialects runs benchWorkflow on each dialect.
func benchDialects(b *testing.B, yaml, name string, input *data.Map, tasks int) {
	for _, d := range dialects {
		b.Run(d, func(b *testing.B) { benchWorkflow(b, d, yaml, name, input, tasks) })
	}
}

func BenchmarkChain50(b *testing.B) { benchDialects(b, chainYAML("chain", 50), "chain", nil, 50) }

// BenchmarkFanout100 runs start, 100 branches, the join.
func BenchmarkFanout100(b *testing.B) {
	benchDialects(b, fanoutYAML("fanout", 100), "fanout", nil, 102)
}

func BenchmarkItems200(b *testing.B) { benchDialects(b, itemsYAML, "items", itemsInput(200), 200) }

// The scale benchmarks: time per task must not grow with the size.

func BenchmarkChain1000(b *testing.B) { benchDialects(b, chainYAML("chain", 1000), "chain", nil, 1000) }

func BenchmarkItems10000(b *testing.B) {
	benchDialects(b, itemsYAML, "items", itemsInput(10000), 10000)
}

// sharedWorkflow reads one of ../shared/bench's workflow files, or skips.
func sharedWorkflow(b *testing.B, file string) string {
	text, err := os.ReadFile(filepath.Join("..", "..", "shared", "bench", "workflows", file))
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("../shared/bench is needed: %v", err)
		}
		b.Skipf("skipped: ../shared/bench is not there: %v", err)
	}
	return string(text)
}

// BenchmarkYaqlPublish is ../shared/bench's yaql_publish: 20 tasks
// publishing YAQL and Jinja.
func BenchmarkYaqlPublish(b *testing.B) {
	input := data.MapOf("numbers", []any{int64(1), int64(2), int64(3), int64(4), int64(5), int64(6), int64(7),
		int64(8), int64(9), int64(10)}, "words", []any{"alpha", "beta", "gamma", "delta"}, "name", "bench")
	benchDialects(b, sharedWorkflow(b, "yaql_publish.yaml"), "bench_yaql_publish", input, 20)
}

// BenchmarkSubwf is ../shared/bench's subwf: five nested sub-workflows of
// one task each (six task transitions).
func BenchmarkSubwf(b *testing.B) {
	benchDialects(b, sharedWorkflow(b, "subwf.yaml"), "bench_subwf", nil, 6)
}
