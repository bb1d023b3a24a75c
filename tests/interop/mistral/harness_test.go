package mistralinterop

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/tests/testserver"
)

const python = "/usr/bin/python3"

// needPythonMistral skips unless Debian's python3-mistral is installed, or
// fails in CI.
func needPythonMistral(t *testing.T) {
	t.Helper()
	out, err := exec.Command(python, "-c", "import mistral.cmd.launch, mistral_lib").CombinedOutput()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-mistral (Mistral 15) is missing: %v\n%s", err, out)
		}
		t.Skipf("skipped: python3-mistral (Mistral 15) is not installed (Debian package python3-mistral): %v", err)
	}
}

// broker is one RabbitMQ virtual host of the test's own.
type broker struct {
	t         *testing.T
	dir       string
	transport string
	pids      map[string]int // process ids by the name the test gave them
}

func newBroker(t *testing.T) *broker {
	t.Helper()
	needPythonMistral(t)
	return &broker{t: t, dir: t.TempDir(), transport: testserver.RabbitVhost(t), pids: map[string]int{}}
}

// bus is one deployment on the broker: a database and a set of topics
// shared by a mixed set of Python Mistral and Tramontane processes, each
// with its own config file that differs only in the log file (and the API
// port, for API servers). An empty topic suffix means Mistral's default
// topic names.
type bus struct {
	*broker
	database string
	suffix   string
	// pythonActions is our processes' [tramontane] python_action_path:
	// where they read the entry points of Python-only actions.
	pythonActions string
	// handoffTimeout is our processes' [tramontane] handoff_timeout in
	// seconds (0: the default).
	handoffTimeout int
	// ourConf is appended to our processes' mistral.conf only.
	ourConf string
	// remoteNotifier sets [notifier] type = remote (local otherwise).
	remoteNotifier bool
}

func (b *broker) bus(suffix string) *bus {
	b.t.Helper()
	return &bus{broker: b, database: testserver.MySQLDatabase(b.t), suffix: suffix}
}

func notifierType(remote bool) string {
	if remote {
		return "remote"
	}
	return "local"
}

// topic is the name of a Mistral topic on this bus.
func (b *bus) topic(name string) string { return name + b.suffix }

// config writes mistral.conf for one process; the same options drive
// Python Mistral and ours.
func (b *bus) config(name string, apiPort int) string {
	b.t.Helper()
	conf := fmt.Sprintf(`[DEFAULT]
transport_url = %s
log_file = %s
rpc_response_timeout = 30

[api]
host = 127.0.0.1
port = %d
api_workers = 1

[pecan]
auth_enable = false

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false

[database]
connection = %s
max_pool_size = 20

[engine]
topic = %s
execution_integrity_check_delay = -1

[executor]
type = remote
topic = %s

[notifier]
type = %s
topic = %s

[event_engine]
topic = %s

[action_heartbeat]
max_missed_heartbeats = 0

[coordination]
backend_url =

[tramontane]
python_action_path = %s
handoff_timeout = %d
`, b.transport, filepath.Join(b.dir, name+".log"), apiPort, b.database,
		b.topic("mistral_engine"), b.topic("mistral_executor"), notifierType(b.remoteNotifier), b.topic("mistral_notifier"), b.topic("mistral_event_engine"),
		b.pythonActions, b.handoffTimeout)
	path := filepath.Join(b.dir, name+".conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		b.t.Fatal(err)
	}
	return path
}

// ours starts our mistral-server with the given --server value and returns
// the API URL when it serves the API.
func (b *bus) ours(name, servers string) string {
	b.t.Helper()
	port := testserver.FreePort(b.t)
	conf := b.config(name, port)
	if b.ourConf != "" {
		f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.t.Fatal(err)
		}
		_, err = f.WriteString("\n" + b.ourConf)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.t.Fatal(err)
		}
	}
	b.pids[name] = testserver.StartProcess(b.t, b.dir, name+".out", "--server", servers, "--config-file", conf)
	if !strings.Contains(servers, "api") {
		return ""
	}
	return waitAPI(b.t, fmt.Sprintf("http://127.0.0.1:%d/v2", port), 30*time.Second, filepath.Join(b.dir, name+".out"))
}

// python starts Python Mistral 15's mistral-server in a process group of its
// own (its API forks workers), with pythonPath as PYTHONPATH, and stops the
// group when the test ends. It returns the URL its API will have, without
// waiting for it (see waitAPI).
func (b *bus) python(name, servers, pythonPath string) string {
	b.t.Helper()
	port := testserver.FreePort(b.t)
	conf := b.config(name, port)
	out, err := os.Create(filepath.Join(b.dir, name+".out"))
	if err != nil {
		b.t.Fatal(err)
	}
	cmd := exec.Command(python, "mistral_server.py", "--server", servers, "--config-file", conf)
	cmd.Stdout, cmd.Stderr = out, out
	// Pdeathsig: the server dies with the test binary, even one that
	// timed out.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Env = os.Environ()
	if pythonPath != "" {
		cmd.Env = append(cmd.Env, "PYTHONPATH="+pythonPath)
	}
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	b.pids[name] = cmd.Process.Pid
	b.t.Cleanup(func() {
		pgid := cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
		}
		// Whatever is left of the group (API workers) goes too.
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
		out.Close()
		if b.t.Failed() {
			for _, f := range []string{name + ".out", name + ".log"} {
				if log, err := os.ReadFile(filepath.Join(b.dir, f)); err == nil {
					b.t.Logf("%s:\n%s", f, tail(log, 6000))
				}
			}
		}
	})
	return fmt.Sprintf("http://127.0.0.1:%d/v2", port)
}

// waitAPI waits until GET url answers 200.
func waitAPI(t *testing.T, url string, limit time.Duration, logPath string) string {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logPath)
			t.Fatalf("no API at %s after %s: %v\n%s", url, limit, err, tail(log, 4000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitConsumers waits until queue has at least n consumers: a cast to a
// topic nobody consumes yet would be dropped by the broker.
func (b *bus) waitConsumers(queue string, n int) {
	b.t.Helper()
	_, rest, _ := strings.Cut(b.transport, "://")
	conn, err := amqp.Dial("amqp://" + rest)
	if err != nil {
		b.t.Fatalf("connect to %s: %v", b.transport, err)
	}
	defer conn.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		// A passive declare of a missing queue closes the channel.
		ch, err := conn.Channel()
		if err != nil {
			b.t.Fatal(err)
		}
		q, err := ch.QueueDeclarePassive(queue, false, false, false, false, nil)
		if err == nil {
			ch.Close()
			if q.Consumers >= n {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("queue %s has no %d consumers after 60s (%v)", queue, n, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitPythonAPI waits for the API of the Python process name.
func (b *bus) waitPythonAPI(name, url string) {
	b.t.Helper()
	waitAPI(b.t, url, 90*time.Second, filepath.Join(b.dir, name+".log"))
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// client talks to one Mistral API.
type client struct {
	t     *testing.T
	url   string
	token string // X-Auth-Token, when the API authenticates
}

// do sends a request and decodes the JSON answer into out; it fails the
// test unless the status is want.
func (c *client) do(method, path, contentType, body string, want int, out any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.url+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("X-Auth-Token", c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}

func (c *client) createWorkflows(def string) {
	c.t.Helper()
	c.do("POST", "/workflows", "text/plain", def, http.StatusCreated, nil)
}

// execution is the part of an execution the tests compare.
type execution struct {
	ID        string `json:"id"`
	State     string `json:"state"`
	StateInfo string `json:"state_info"`
	Output    string `json:"output"`
}

func (c *client) start(workflow string, input map[string]any) string {
	c.t.Helper()
	in, _ := json.Marshal(input)
	body, _ := json.Marshal(map[string]any{"workflow_name": workflow, "input": string(in)})
	var ex execution
	c.do("POST", "/executions", "application/json", string(body), http.StatusCreated, &ex)
	return ex.ID
}

// wait polls the execution until it leaves RUNNING.
func (c *client) wait(id string, limit time.Duration) execution {
	c.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var ex execution
		c.do("GET", "/executions/"+id, "", "", http.StatusOK, &ex)
		if ex.State != "RUNNING" && ex.State != "IDLE" {
			return ex
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("execution %s still %s after %s", id, ex.State, limit)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// outcome is how an execution tree ended, with ids masked: the execution's
// state, state_info and output, and each task's name, state, state_info and
// published variables, sorted by name (sub-workflow tasks are prefixed
// with the sub-workflow's name).
type outcome struct {
	State     string
	StateInfo string
	Output    any
	Tasks     []string
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

func mask(s string) string { return uuidRE.ReplaceAllString(s, "<id>") }

func (c *client) outcome(ex execution) outcome {
	c.t.Helper()
	var out any
	_ = json.Unmarshal([]byte(ex.Output), &out)
	o := outcome{State: ex.State, StateInfo: mask(ex.StateInfo), Output: out}
	var list struct {
		Executions []struct {
			ID           string `json:"id"`
			WorkflowName string `json:"workflow_name"`
		} `json:"executions"`
	}
	// The root and its sub-workflows (root_execution_id filter).
	c.do("GET", "/executions?root_execution_id="+ex.ID, "", "", http.StatusOK, &list)
	ids := []string{ex.ID}
	for _, e := range list.Executions {
		if e.ID != ex.ID {
			ids = append(ids, e.ID)
		}
	}
	for _, id := range ids {
		var tasks struct {
			Tasks []struct {
				Name         string `json:"name"`
				WorkflowName string `json:"workflow_name"`
				State        string `json:"state"`
				StateInfo    string `json:"state_info"`
				Published    string `json:"published"`
			} `json:"tasks"`
		}
		c.do("GET", "/executions/"+id+"/tasks", "", "", http.StatusOK, &tasks)
		for _, tk := range tasks.Tasks {
			var pub any
			_ = json.Unmarshal([]byte(tk.Published), &pub)
			p, _ := json.Marshal(pub)
			o.Tasks = append(o.Tasks, fmt.Sprintf("%s.%s %s published=%s info=%q",
				tk.WorkflowName, tk.Name, tk.State, mask(string(p)), mask(tk.StateInfo)))
		}
	}
	sort.Strings(o.Tasks)
	return o
}

func (o outcome) String() string {
	out, _ := json.Marshal(o.Output)
	return fmt.Sprintf("state=%s\nstate_info=%q\noutput=%s\ntasks:\n  %s",
		o.State, o.StateInfo, mask(string(out)), strings.Join(o.Tasks, "\n  "))
}
