package service

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/inproc"
)

// An executor reports over the bus when its process runs no engine, and to
// the engine of its process when it runs one.
func TestExecutorReportsToTheEngineOfItsProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	tr := inproc.New(time.Second, log)
	onBus := make(chan string, 10)
	err := tr.Serve(ctx, rpc.Target{Topic: rpc.TopicEngine, Server: "elsewhere"}, func(_ context.Context, req *rpc.Request) (any, error) {
		onBus <- req.Method
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p := &Process{}
	r := engineReporter{p: p, bus: rpc.NewEngineClient(tr, "")}

	if _, err := r.OnActionComplete(ctx, "a1", &rpc.Result{}, false); err != nil {
		t.Fatal(err)
	}
	if err := r.ReportRunningActions(ctx, []string{"a1"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"on_action_complete", "report_running_actions"} {
		select {
		case got := <-onBus:
			if got != want {
				t.Fatalf("%s on the bus, want %s", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s on the bus", want)
		}
	}

	p.Engine = engine.New(engine.Config{}, dbtest.SQLite(t), expr.NewEvaluator(yaql.New(), jinja.New()),
		actions.NewRegistry(), nil, log)
	// The local engine answers: it knows no such action.
	if _, err := r.OnActionComplete(ctx, "a2", &rpc.Result{}, false); err == nil {
		t.Fatal("completing an unknown action execution succeeded")
	}
	if err := r.ReportRunningActions(ctx, []string{"a2"}); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-onBus:
		t.Fatalf("%s went over the bus while the process runs an engine", got)
	case <-time.After(100 * time.Millisecond):
	}
}
