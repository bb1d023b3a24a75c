// Package chaos kills engine and executor processes while workflows run, on
// MariaDB and RabbitMQ, and checks that nothing is lost and nothing runs
// twice.
package chaos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

const (
	executions = 100
	tasks      = 20
)

// chain is a workflow of n std.http calls in a row to the counting server;
// each call names its task execution. Retries absorb an action failed
// because its executor was killed under it (its heartbeat stopped).
func chain(name, url string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "version: '2.0'\n%s:\n  tasks:\n", name)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    t%d:\n      action: std.http url=\"%s/hit?task=<%% $__task_execution.id %%>\"\n", i, url)
		b.WriteString("      retry: {count: 5, delay: 0}\n")
		if i < n-1 {
			fmt.Fprintf(&b, "      on-success: t%d\n", i+1)
		}
	}
	return b.String()
}

// counter counts the calls per task execution; each call takes delay.
type counter struct {
	mu    sync.Mutex
	hits  map[string]int
	calls int
	delay time.Duration
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(c.delay)
	c.mu.Lock()
	c.hits[r.URL.Query().Get("task")]++
	c.calls++
	c.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"ok": true}`))
}

// proc is one mistral-server process that can be killed and started again.
type proc struct {
	t       *testing.T
	args    []string
	dir     string
	name    string
	cmd     *exec.Cmd
	restart int
}

func (p *proc) start() {
	p.t.Helper()
	log, err := os.OpenFile(filepath.Join(p.dir, p.name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	p.cmd = exec.Command(testserver.Binary(p.t), p.args...)
	p.cmd.Dir = p.dir
	p.cmd.Stdout, p.cmd.Stderr = log, log
	// The server dies with the test binary, even one that timed out.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	go func(cmd *exec.Cmd, f *os.File) { cmd.Wait(); f.Close() }(p.cmd, log)
}

func (p *proc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	time.Sleep(100 * time.Millisecond)
	p.restart++
	p.start()
}

func (p *proc) stop() { p.cmd.Process.Signal(os.Interrupt) }

func TestKillEnginesAndExecutors(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: the chaos test runs for about a minute")
	}
	rabbit := testserver.RabbitURL(t)
	conn := testserver.MySQLDatabase(t)
	cnt := &counter{hits: map[string]int{}}
	hits := httptest.NewServer(cnt)
	defer hits.Close()

	dir := t.TempDir()
	port := testserver.FreePort(t)
	suffix := fmt.Sprintf("%08x", rand.Uint32())
	conf := fmt.Sprintf(`[DEFAULT]
transport_url = %s
rpc_response_timeout = 5

[database]
connection = %s
max_pool_size = 5
max_overflow = 10

[pecan]
auth_enable = false

[api]
host = 127.0.0.1
port = %d

[engine]
topic = chaos_engine_%s

[executor]
topic = chaos_executor_%s

[action_heartbeat]
check_interval = 1
max_missed_heartbeats = 4
first_heartbeat_timeout = 10

[tramontane]
outbox_lease = 2
outbox_sweep_interval = 1
`, rabbit, conn, port, suffix, suffix)
	procs := startProcs(t, dir, conf)
	engine, executor := procs["engine"], procs["executor"]
	api := fmt.Sprintf("http://127.0.0.1:%d/v2", port)
	waitAPI(t, port)
	ids := startChains(t, api, "chaos", hits.URL, tasks, executions)

	// Kill the engine three times and the executor twice, at random moments.
	kills := []*proc{engine, engine, engine, executor, executor}
	rand.Shuffle(len(kills), func(i, j int) { kills[i], kills[j] = kills[j], kills[i] })
	for _, p := range kills {
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		p.kill()
	}

	states := waitAll(t, api, ids, 4*time.Minute)

	once, retried, _ := checkRuns(t, api, cnt, executions*tasks)
	t.Logf("executions %v; tasks: %d ran once, %d retried after a kill; restarts: engine %d, executor %d",
		states, once, retried, engine.restart, executor.restart)
}

// startProcs writes conf to dir and runs an api, an engine and an
// executor process with it, which stop when the test ends; their logs are
// shown if the test failed.
func startProcs(t *testing.T, dir, conf string) map[string]*proc {
	t.Helper()
	confPath := filepath.Join(dir, "mistral.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	procs := map[string]*proc{}
	for _, name := range []string{"api", "engine", "executor"} {
		p := &proc{t: t, dir: dir, name: name, args: []string{"--server", name, "--config-file", confPath}}
		p.start()
		t.Cleanup(p.stop)
		procs[name] = p
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, n := range []string{"api", "engine", "executor"} {
				if b, err := os.ReadFile(filepath.Join(dir, n+".log")); err == nil {
					t.Logf("%s.log (tail):\n%s", n, tail(string(b), 4000))
				}
			}
		}
	})
	return procs
}

// startChains creates the workflow name, a chain of tasks std.http calls
// to url, and starts n executions of it.
func startChains(t *testing.T, api, name, url string, tasks, n int) []string {
	t.Helper()
	post(t, api+"/workflows", "text/plain", chain(name, url, tasks), http.StatusCreated)
	waitEngine(t, api)
	ids := make([]string, n)
	for i := range ids {
		var ex map[string]any
		json.Unmarshal(post(t, api+"/executions", "application/json", fmt.Sprintf(`{"workflow_name": %q}`, name), http.StatusCreated), &ex)
		ids[i], _ = ex["id"].(string)
	}
	return ids
}

// waitAll waits until the executions have ended, for at most limit, and
// fails the test for each that did not succeed. It returns how many ended
// in each state.
func waitAll(t *testing.T, api string, ids []string, limit time.Duration) map[string]int {
	t.Helper()
	deadline := time.Now().Add(limit)
	states := map[string]int{}
	for _, id := range ids {
		for {
			var ex map[string]any
			json.Unmarshal(get(t, api+"/executions/"+id), &ex)
			state, _ := ex["state"].(string)
			if state == "SUCCESS" || state == "ERROR" || state == "CANCELLED" {
				states[state]++
				if state != "SUCCESS" {
					t.Errorf("execution %s ended %s: %v", id, state, ex["state_info"])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("execution %s still %s after %s", id, state, limit)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return states
}

// checkRuns checks that every action execution that succeeded ran exactly
// once and that a task may have had failed attempts (its executor was
// killed under it, say), each of which ran at most once, for the tasks
// task executions of the deployment. It returns how many tasks ran once,
// how many had more than one attempt, and how many of those had only
// attempts that the engine failed because their delivery to an executor
// was never confirmed.
func checkRuns(t *testing.T, api string, cnt *counter, tasks int) (once, retried, unconfirmed int) {
	t.Helper()
	var list struct {
		ActionExecutions []struct {
			ID              string  `json:"id"`
			State           string  `json:"state"`
			Output          *string `json:"output"` // the error of a failed action, as JSON text
			TaskExecutionID string  `json:"task_execution_id"`
		} `json:"action_executions"`
	}
	json.Unmarshal(get(t, api+"/action_executions?include_output=true"), &list)
	attempts := map[string]int{}
	failedUnconfirmed := map[string]int{} // failed attempts whose delivery was never confirmed
	for _, a := range list.ActionExecutions {
		attempts[a.TaskExecutionID]++
		if a.State == "ERROR" && a.Output != nil && strings.Contains(*a.Output, "was never confirmed") {
			failedUnconfirmed[a.TaskExecutionID]++
		}
	}
	cnt.mu.Lock()
	defer cnt.mu.Unlock()
	for task, n := range attempts {
		h := cnt.hits[task]
		switch {
		case n == 1 && h == 1:
			once++
		case n > 1 && h >= 1 && h <= n:
			retried++
			if failedUnconfirmed[task] == n-1 {
				unconfirmed++
			}
		default:
			t.Errorf("task %s: %d action executions, %d calls", task, n, h)
		}
	}
	if once+retried != tasks {
		t.Errorf("%d tasks accounted for, want %d", once+retried, tasks)
	}
	return once, retried, unconfirmed
}

// waitEngine waits until an engine serves its topic: until then a start is
// refused as unroutable.
func waitEngine(t *testing.T, api string) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(api+"/executions", "application/json", strings.NewReader(`{"workflow_name": "chaos_absent"}`))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound {
				return // the engine answered: no such workflow
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no engine answered")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitAPI(t *testing.T, port int) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port)); err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the API did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func post(t *testing.T, url, ctype, body string, want int) []byte {
	t.Helper()
	resp, err := http.Post(url, ctype, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, b.String())
	}
	return b.Bytes()
}

func get(t *testing.T, url string) []byte {
	t.Helper()
	for attempt := 0; ; attempt++ {
		resp, err := http.Get(url)
		if err == nil {
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b.Bytes()
			}
			err = fmt.Errorf("%d %s", resp.StatusCode, b.String())
		}
		if attempt > 50 {
			t.Fatalf("GET %s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
