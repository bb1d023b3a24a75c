package takeover

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

const python = "/usr/bin/python3"

// unavailable skips the test for a missing dependency, or fails it in CI.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	why := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; scripts/test-deps.sh installs and starts it", why)
	}
	t.Skipf("skipped: %s; scripts/test-deps.sh installs and starts it", why)
}

// needPythonMistral checks that Debian's python3-mistral (with PyMySQL) is
// importable.
func needPythonMistral(t *testing.T) {
	t.Helper()
	probe := exec.Command(python, "-c", "import pymysql, mistral.cmd.launch, mistral.db.sqlalchemy.migration.cli")
	if out, err := probe.CombinedOutput(); err != nil {
		unavailable(t, "Python Mistral 15 is not installed (Debian packages python3-mistral python3-pymysql): %v: %s",
			err, bytes.TrimSpace(out))
	}
}

func randomSuffix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// database creates an empty MariaDB database, dropped when the test ends,
// and returns the SQLAlchemy URL both Mistral and we read from mistral.conf.
func database(t *testing.T) string {
	t.Helper()
	if err := exec.Command("mysqladmin", "ping").Run(); err != nil {
		unavailable(t, "MariaDB does not answer (Debian package mariadb-server)")
	}
	name := "tram_takeover_" + randomSuffix()
	if out, err := exec.Command("mysql", "-e", "CREATE DATABASE "+name+" CHARACTER SET utf8mb4").CombinedOutput(); err != nil {
		t.Fatalf("create database: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("mysql", "-e", "DROP DATABASE IF EXISTS "+name).Run() })
	socket := "/run/mysqld/mysqld.sock"
	for _, p := range []string{"/run/mysqld/mysqld.sock", "/var/run/mysqld/mysqld.sock", "/tmp/mysql.sock"} {
		if _, err := os.Stat(p); err == nil {
			socket = p
			break
		}
	}
	return fmt.Sprintf("mysql+pymysql://root@localhost/%s?unix_socket=%s&charset=utf8", name, socket)
}

// vhost creates a RabbitMQ virtual host for Python Mistral's engine and
// executor, deleted when the test ends, and returns its transport URL.
func vhost(t *testing.T) string {
	t.Helper()
	testserver.RabbitURL(t) // skips without a broker
	ctl, err := exec.LookPath("rabbitmqctl")
	if err != nil {
		unavailable(t, "rabbitmqctl is not installed (Debian package rabbitmq-server)")
	}
	name := "takeover_" + randomSuffix()
	if out, err := exec.Command(ctl, "add_vhost", name).CombinedOutput(); err != nil {
		unavailable(t, "rabbitmqctl add_vhost: %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() { exec.Command(ctl, "delete_vhost", name).Run() })
	if out, err := exec.Command(ctl, "set_permissions", "-p", name, "guest", ".*", ".*", ".*").CombinedOutput(); err != nil {
		t.Fatalf("rabbitmqctl set_permissions: %v\n%s", err, out)
	}
	return "rabbit://guest:guest@127.0.0.1:5672/" + name
}

// service is a server process of either implementation, run in its own
// process group so that stopping it ends the workers it forked.
type service struct {
	t    *testing.T
	name string
	dir  string
	argv []string
	url  string
	cmd  *exec.Cmd
	log  string
}

// pythonMistral prepares (but does not start) the real Mistral 15 with api,
// engine, executor, event-engine and notifier in one process, as
// shared/tools/mistral-reference/start.sh runs it, on database conn.
// It creates Mistral's schema with Mistral's own mistral-db-manage.
func pythonMistral(t *testing.T, conn, transport string) *service {
	t.Helper()
	dir := t.TempDir()
	port := testserver.FreePort(t)
	conf := fmt.Sprintf(`[DEFAULT]
transport_url = %s
log_file = %s
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
[executor]
type = remote
[notifier]
type = remote
[action_heartbeat]
max_missed_heartbeats = 0
[coordination]
backend_url =
[engine]
execution_integrity_check_delay = -1
`, transport, filepath.Join(dir, "mistral.log"), port, conn)
	confPath := filepath.Join(dir, "mistral.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, command := range []string{"upgrade head", "populate"} {
		script := "import sys; from mistral.db.sqlalchemy.migration.cli import main; sys.argv[0] = 'mistral-db-manage'; main()"
		args := append([]string{"-c", script, "--config-file", confPath}, strings.Fields(command)...)
		if out, err := exec.Command(python, args...).CombinedOutput(); err != nil {
			t.Fatalf("Python mistral-db-manage %s: %v\n%s", command, err, out)
		}
	}
	launch := "import sys; from mistral.cmd.launch import main; sys.argv[0] = 'mistral-server'; main()"
	return &service{
		t: t, name: "python-mistral", dir: dir,
		argv: []string{python, "-c", launch, "--server", "all", "--config-file", confPath},
		url:  fmt.Sprintf("http://127.0.0.1:%d/v2", port),
		log:  filepath.Join(dir, "mistral.log"),
	}
}

// tools are our mistral-server and mistral-db-manage, built in the
// background: the build takes about as long as Python Mistral's
// migrations on a loaded machine, so the two overlap.
type tools struct {
	dir  string
	done chan error
	err  error
	ok   bool
}

func buildTools(t *testing.T) *tools {
	t.Helper()
	b := &tools{dir: t.TempDir(), done: make(chan error, 1)}
	cmd := exec.Command("go", "build", "-o", b.dir+string(filepath.Separator), "./cmd/mistral-server", "./cmd/mistral-db-manage")
	cmd.Dir = repoRoot(t)
	go func() {
		if out, err := cmd.CombinedOutput(); err != nil {
			b.done <- fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		b.done <- nil
	}()
	t.Cleanup(func() { b.wait() })
	return b
}

func (b *tools) wait() error {
	if !b.ok {
		b.err, b.ok = <-b.done, true
	}
	return b.err
}

// path waits for the build and returns the path of program name.
func (b *tools) path(t *testing.T, name string) string {
	t.Helper()
	if err := b.wait(); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(b.dir, name)
}

// tramontane prepares (but does not start) our mistral-server on database
// conn, with its in-process transport, after our mistral-db-manage added our
// own tables beside Mistral's.
func tramontane(t *testing.T, conn string, bin *tools) *service {
	t.Helper()
	dir := t.TempDir()
	port := testserver.FreePort(t)
	conf := fmt.Sprintf("[pecan]\nauth_enable = false\n\n[api]\nhost = 127.0.0.1\nport = %d\n\n[database]\nconnection = %s\n\n[tramontane]\ndata_dir = %s\n",
		port, conn, filepath.Join(dir, "data"))
	confPath := filepath.Join(dir, "mistral.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	manage := exec.Command(bin.path(t, "mistral-db-manage"), "--config-file", confPath, "upgrade", "head")
	if out, err := manage.CombinedOutput(); err != nil {
		t.Fatalf("our mistral-db-manage upgrade head on Mistral's database: %v\n%s", err, out)
	}
	return &service{
		t: t, name: "tramontane", dir: dir,
		argv: []string{bin.path(t, "mistral-server"), "--config-file", confPath},
		url:  fmt.Sprintf("http://127.0.0.1:%d/v2", port),
		log:  filepath.Join(dir, "server.log"),
	}
}

// repoRoot is the module root: the nearest directory above the test's
// working directory that holds go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// start runs the service and waits until its API answers.
func (s *service) start() {
	t := s.t
	t.Helper()
	out, err := os.OpenFile(filepath.Join(s.dir, "stdout.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(s.argv[0], s.argv[1:]...)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = out, out
	// Pdeathsig: the service dies with the test binary, even one that
	// timed out.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", s.name, err)
	}
	s.cmd = cmd
	t.Cleanup(s.stop)
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(s.url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			s.showLogs()
			t.Fatalf("%s did not answer on %s: %v", s.name, s.url, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop ends the service's process group: SIGTERM, then SIGKILL after 5 s
// (Python Mistral's graceful shutdown waits far longer for idle workers).
// Stopping a stopped service does nothing.
func (s *service) stop() {
	if s.cmd == nil {
		return
	}
	pgid := s.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
	// Workers the launcher forked may outlive it for a moment.
	syscall.Kill(-pgid, syscall.SIGKILL)
	s.cmd = nil
	if s.t.Failed() {
		s.showLogs()
	}
}

func (s *service) showLogs() {
	for _, name := range []string{s.log, filepath.Join(s.dir, "stdout.log")} {
		if raw, err := os.ReadFile(name); err == nil && len(raw) > 0 {
			if len(raw) > 20000 {
				raw = raw[len(raw)-20000:]
			}
			s.t.Logf("%s %s (tail):\n%s", s.name, filepath.Base(name), raw)
		}
	}
}

// call sends a JSON (or, for a string body, YAML text) request to the API
// and decodes the JSON answer; it fails the test on any status but want.
func (s *service) call(method, path string, body any, want int) any {
	t := s.t
	t.Helper()
	var reader io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		reader, contentType = strings.NewReader(b), "text/plain"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.url+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s %s: %v", s.name, method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s %s: %v", s.name, method, path, err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s %s: status %d, want %d: %s", s.name, method, path, resp.StatusCode, want, raw)
	}
	var v any
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s %s %s: not JSON: %v: %s", s.name, method, path, err, raw)
	}
	return v
}

// get is call("GET", path, nil, 200).
func (s *service) get(path string) any {
	s.t.Helper()
	return s.call(http.MethodGet, path, nil, http.StatusOK)
}

// waitState polls an execution until it reaches state, and fails the test
// if it settles in another one or takes longer than a minute.
func (s *service) waitState(id, state string) map[string]any {
	t := s.t
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ex := s.get("/executions/" + id).(map[string]any)
		got, _ := ex["state"].(string)
		if got == state {
			return ex
		}
		settled := got == "SUCCESS" || got == "ERROR" || got == "CANCELLED" || (got == "PAUSED" && state != "PAUSED")
		if settled || time.Now().After(deadline) {
			t.Fatalf("%s: execution %s is %s (%v), want %s", s.name, id, got, ex["state_info"], state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
