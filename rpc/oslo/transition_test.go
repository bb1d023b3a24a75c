package oslo

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// capturedValue returns the decoded arguments of captured request seq, or
// the decoded result of captured reply seq.
func capturedValue(b *testing.B, seq int) any {
	b.Helper()
	for _, e := range capturedPublishes(b) {
		if e.Seq != seq {
			continue
		}
		m, err := openEnvelope([]byte(e.BodyRaw))
		if err != nil {
			b.Fatal(err)
		}
		if e.Exchange == "" {
			v, err := DecodeEntity(m.Value("result"))
			if err != nil {
				b.Fatal(err)
			}
			return v
		}
		in, err := splitRequest(m)
		if err != nil {
			b.Fatal(err)
		}
		args := data.NewMap(in.args.Len())
		for _, k := range in.args.Keys() {
			v, err := DecodeEntity(in.args.Value(k))
			if err != nil {
				b.Fatal(err)
			}
			args.Set(k, v)
		}
		return args
	}
	b.Fatalf("no captured publish %d", seq)
	return nil
}

// BenchmarkTransition runs the messages of one task transition over the
// broker, one transition at a time, as a sequential workflow does: a
// run_action cast to the executor topic, whose handler calls
// on_action_complete on the engine topic, which replies with the action
// execution. The payloads are the captured ones (seq 9, 43 and 45).
// cpu-ns/op is the CPU time of the whole test process (both ends).
func BenchmarkTransition(b *testing.B) {
	runAction := capturedValue(b, 9).(*data.Map)
	complete := capturedValue(b, 43).(*data.Map)
	actionEx := capturedValue(b, 45)

	execTopic, engineTopic := testTopic(b), testTopic(b)
	tr := newTestTransport(b, Config{})
	ctx := b.Context()
	done := make(chan error, 1)
	err := tr.Serve(ctx, rpc.Target{Topic: engineTopic}, func(context.Context, *rpc.Request) (any, error) {
		return actionEx, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	err = tr.Serve(ctx, rpc.Target{Topic: execTopic}, func(ctx context.Context, req *rpc.Request) (any, error) {
		_, err := tr.Call(ctx, rpc.Target{Topic: engineTopic}, "on_action_complete", complete)
		done <- err
		return nil, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	transition := func() {
		if err := tr.Cast(ctx, rpc.Target{Topic: execTopic}, "run_action", runAction); err != nil {
			b.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				b.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			b.Fatal("no on_action_complete")
		}
	}
	transition() // declares the exchanges and the reply queue
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU(b)
	for b.Loop() {
		transition()
	}
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU returns the user and system CPU time of the process.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
