package service

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/rpc"
)

// A process that runs an engine calls it in-process from its API and its
// executor: nothing reaches the engines' topic on the bus. A spy serving
// that topic beside the engine would take every other request sent there.
func TestAProcessCallsItsOwnEngineInProcess(t *testing.T) {
	cfg := loadConf(t, "")
	ctx := testContext(t)
	p, err := Start(ctx, cfg, allServers, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	spied := make(chan string, 100)
	spy := func(_ context.Context, req *rpc.Request) (any, error) {
		spied <- req.Method
		return nil, errors.New("the spy serves nothing")
	}
	if err := p.Transport.Serve(ctx, rpc.Target{Topic: cfg.Engine.Topic, Server: "spy"}, spy); err != nil {
		t.Fatal(err)
	}

	api := "http://" + p.APIAddr() + "/v2"
	post := func(path, ctype, body string) map[string]any {
		t.Helper()
		resp, err := http.Post(api+path, ctype, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode >= 300 {
			t.Fatalf("POST %s: %d %v %v", path, resp.StatusCode, out, err)
		}
		return out
	}
	post("/workflows", "text/plain", "version: '2.0'\nduo:\n  tasks:\n    one:\n      action: std.noop\n      on-success: two\n    two:\n      action: std.echo output=2\n")
	for range 4 {
		id, _ := post("/executions", "application/json", `{"workflow_name": "duo"}`)["id"].(string)
		deadline := time.Now().Add(10 * time.Second)
		for state := ""; state != "SUCCESS"; {
			if time.Now().After(deadline) {
				t.Fatalf("execution %s still %s", id, state)
			}
			time.Sleep(5 * time.Millisecond)
			resp, err := http.Get(api + "/executions/" + id)
			if err != nil {
				t.Fatal(err)
			}
			var ex struct{ State string }
			err = json.NewDecoder(resp.Body).Decode(&ex)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if state = ex.State; state == "ERROR" {
				t.Fatalf("execution %s failed", id)
			}
		}
	}
	select {
	case m := <-spied:
		t.Fatalf("%s went to the engines' topic on the bus", m)
	default:
	}
}
