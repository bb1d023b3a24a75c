package mistralinterop

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// diamond is a fan-out into a join where every task is a std.http call to
// the hit counter, naming its task execution.
func diamond(name, url string) string {
	return fmt.Sprintf(`---
version: '2.0'

%[1]s:
  tasks:
    a:
      action: std.http url="%[2]s"
      on-success: [b, c]
    b:
      action: std.http url="%[2]s"
      on-success: [d]
    c:
      action: std.http url="%[2]s"
      on-success: [d]
    d:
      join: all
      action: std.http url="%[2]s"
`, name, url)
}

// startMany starts n executions of workflow at once and returns their ids.
func (c *client) startMany(workflow string, n int) []string {
	c.t.Helper()
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"workflow_name": %q}`, workflow)
			resp, err := http.Post(c.url+"/executions", "application/json", strings.NewReader(body))
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var ex execution
			if resp.StatusCode != http.StatusCreated || json.Unmarshal(raw, &ex) != nil {
				errs[i] = fmt.Errorf("POST /executions: %d %s", resp.StatusCode, raw)
				return
			}
			ids[i] = ex.ID
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.t.Fatal(err)
		}
	}
	return ids
}

// actionRuns counts the action executions of each task execution.
func (c *client) actionRuns() map[string]int {
	c.t.Helper()
	var list struct {
		ActionExecutions []struct {
			TaskExecutionID string `json:"task_execution_id"`
		} `json:"action_executions"`
	}
	c.do("GET", "/action_executions", "", "", http.StatusOK, &list)
	runs := map[string]int{}
	for _, a := range list.ActionExecutions {
		runs[a.TaskExecutionID]++
	}
	return runs
}

// checkOnce fails the test unless every task execution of the executions
// had exactly one action execution and made exactly one call to hits,
// and there are tasks tasks.
func checkOnce(t *testing.T, c *client, tasks int, hits *hitCounter) {
	t.Helper()
	runs := c.actionRuns()
	perTask, _ := hits.counts()
	if len(runs) != tasks {
		t.Errorf("%d task executions have action executions, want %d", len(runs), tasks)
	}
	for task, n := range runs {
		if n != 1 || perTask[task] != 1 {
			t.Errorf("task execution %s: %d action executions, %d calls; want 1 and 1", task, n, perTask[task])
		}
	}
	for task, n := range perTask {
		if runs[task] == 0 {
			t.Errorf("%d calls for task execution %q, which has no action execution", n, task)
		}
	}
}

// TestMixedExecutorsTwoEngines runs our API, two of our engines, our
// executor and a Python Mistral executor that has a custom Python action
// together on one bus: 50 executions started at once all succeed, every
// action runs exactly once, and both executors run some of them; and the
// custom actions, which only the Python executor can run, always succeed
// (see customActions).
func TestMixedExecutorsTwoEngines(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts Python Mistral's executor and four of our processes")
	}
	t.Parallel()
	b := newBroker(t).bus("")
	b.pythonActions = pyactionsDir(t)
	b.python("python-executor", "executor", b.pythonActions)
	b.ours("our-engine-1", "engine")
	b.ours("our-engine-2", "engine")
	b.ours("our-executor", "executor")
	url := b.ours("our-api", "api")
	b.waitConsumers(b.topic("mistral_executor"), 2)
	b.waitConsumers(b.topic("mistral_engine"), 2)

	t.Run("50 concurrent executions", func(t *testing.T) {
		const n = 50
		hits := newHitCounter(t, map[int]string{b.pids["python-executor"]: "python", b.pids["our-executor"]: "ours"})
		c := &client{t: t, url: url}
		c.createWorkflows(diamond("mixed_diamond", hits.url()))
		start := time.Now()
		ids := c.startMany("mixed_diamond", n)
		for _, id := range ids {
			if ex := c.wait(id, 90*time.Second); ex.State != "SUCCESS" {
				t.Errorf("execution %s ended %s: %s", id, ex.State, ex.StateInfo)
			}
		}
		elapsed := time.Since(start)
		checkOnce(t, c, 4*n, hits)
		_, by := hits.counts()
		t.Logf("%d executions of 4 std.http tasks in %s; calls by executor: %v", n, elapsed.Round(time.Millisecond), by)
		if by["python"] == 0 || by["ours"] == 0 || by["unknown"] != 0 {
			t.Errorf("calls by executor %v: want some by each, none unknown", by)
		}
	})
	t.Run("custom Python actions", func(t *testing.T) { customActions(t, b, url) })
}
