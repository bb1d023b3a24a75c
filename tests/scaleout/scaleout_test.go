// Package scaleout runs many executions on several engine processes that
// share one MariaDB database and one RabbitMQ broker.
package scaleout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

const branches = 10

func fanout() string {
	var b strings.Builder
	b.WriteString("version: '2.0'\nfanjoin:\n  tasks:\n    start:\n      action: std.noop\n      on-success:\n")
	for i := 0; i < branches; i++ {
		fmt.Fprintf(&b, "        - b%d\n", i)
	}
	for i := 0; i < branches; i++ {
		fmt.Fprintf(&b, "    b%d:\n      action: std.echo output=%d\n      publish: {v%d: <%% task().result %%>}\n      on-success: [join]\n", i, i, i)
	}
	b.WriteString("    join:\n      join: all\n      action: std.echo output=<% $.v0 + $.v9 %>\n      publish: {sum: <% task().result %>}\n")
	return b.String()
}

// TestTwoEnginesManyExecutions starts 200 executions of a fan-out into a
// join at once on two engine processes: every one must succeed, and every
// join must run exactly once.
func TestTwoEnginesManyExecutions(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	d := testserver.StartDeployment(t, "api", "engine", "engine", "executor")
	runMany(t, d, 200)
}

// TestAllInOneProcesses runs 100 executions on two processes that each
// run an engine and an executor, with two slots an executor: each engine
// hands actions to the executor next door while it has a free slot and
// sends the others over the bus, to either executor. Every execution must
// succeed, with every task once.
func TestAllInOneProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	d := testserver.StartDeploymentConf(t, "\n[DEFAULT]\nexecutor_thread_pool_size = 2\n",
		"api,engine,executor", "engine,executor")
	runMany(t, d, 100)
}

// runMany starts n executions of fanout() at once and checks each.
func runMany(t *testing.T, d *testserver.Deployment, n int) {
	do(t, "POST", d.URL+"/workflows", "text/plain", fanout(), http.StatusCreated)
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ex map[string]any
			json.Unmarshal(do(t, "POST", d.URL+"/executions", "application/json", `{"workflow_name": "fanjoin"}`, http.StatusCreated), &ex)
			ids[i], _ = ex["id"].(string)
		}()
	}
	wg.Wait()

	deadline := time.Now().Add(3 * time.Minute)
	for _, id := range ids {
		for {
			var ex map[string]any
			json.Unmarshal(do(t, "GET", d.URL+"/executions/"+id, "", "", http.StatusOK), &ex)
			if s := ex["state"]; s == "SUCCESS" {
				if !strings.Contains(fmt.Sprint(ex["output"]), `"sum": 9`) {
					t.Errorf("execution %s output %v", id, ex["output"])
				}
				break
			} else if s == "ERROR" || s == "CANCELLED" {
				t.Fatalf("execution %s ended %s: %v", id, s, ex["state_info"])
			}
			if time.Now().After(deadline) {
				t.Fatalf("execution %s still running", id)
			}
			time.Sleep(100 * time.Millisecond)
		}
		var tasks struct {
			Tasks []struct{ Name, State string } `json:"tasks"`
		}
		json.Unmarshal(do(t, "GET", d.URL+"/executions/"+id+"/tasks", "", "", http.StatusOK), &tasks)
		joins := 0
		for _, task := range tasks.Tasks {
			if task.Name == "join" {
				joins++
			}
		}
		if joins != 1 || len(tasks.Tasks) != branches+2 {
			t.Fatalf("execution %s: %d joins, %d tasks", id, joins, len(tasks.Tasks))
		}
	}
}

func do(t *testing.T, method, url, ctype, body string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, b.String())
	}
	return b.Bytes()
}
