// Package testserver builds mistral-server and runs it for end-to-end tests:
// a real process on a free loopback port with its own data directory, as an
// operator would start it. It also finds ../shared, which exists on
// developers' machines and in CI but not in a user's clone.
package testserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running mistral-server.
type Server struct {
	URL string // http://127.0.0.1:PORT/v2
	Dir string // its working directory (config, data, log)
	PID int
}

var (
	buildMu sync.Mutex
	built   = map[string]string{}
)

// repoRoot is the module root, found from this file's location.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Binary builds cmd/mistral-server once per test binary and returns its path.
func Binary(t testing.TB) string { return tool(t, "mistral-server") }

// tool builds cmd/<name> once per test binary and returns its path.
func tool(t testing.TB, name string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if path, ok := built[name]; ok {
		return path
	}
	dir, err := binDir()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", path, "./cmd/"+name)
	cmd.Dir = repoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, out)
	}
	built[name] = path
	return path
}

// binDir returns this test binary's directory for the tools it builds:
// $TMPDIR/tramontane-test-bin/<pid>. The directories of test binaries that
// have exited are removed on the way, so that runs leave nothing behind
// however they end.
func binDir() (string, error) {
	parent := filepath.Join(os.TempDir(), "tramontane-test-bin")
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && pid != os.Getpid() && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			_ = os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
	dir := filepath.Join(parent, strconv.Itoa(os.Getpid()))
	return dir, os.MkdirAll(dir, 0o700)
}

// FreePort returns a free TCP port on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Start runs mistral-server with extraConf appended to a config that sets
// the API port and the data directory, and waits until the API answers. It
// is stopped when the test ends.
func Start(t testing.TB, extraConf string, args ...string) *Server {
	t.Helper()
	dir := t.TempDir()
	port := FreePort(t)
	conf := fmt.Sprintf("[pecan]\nauth_enable = false\n\n[api]\nhost = 127.0.0.1\nport = %d\n\n[tramontane]\ndata_dir = %s\n\n%s\n",
		port, filepath.Join(dir, "data"), extraConf)
	confPath := filepath.Join(dir, "mistral.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	pid := startProcess(t, dir, "server.log", append([]string{"--config-file", confPath}, args...)...)
	waitHTTP(t, port)
	return &Server{URL: fmt.Sprintf("http://127.0.0.1:%d/v2", port), Dir: dir, PID: pid}
}

// startProcess runs mistral-server in dir, logging to logName there; it is
// interrupted when the test ends, and its log is shown if the test failed.
// It returns the process id.
func startProcess(t testing.TB, dir, logName string, args ...string) int {
	t.Helper()
	logPath := filepath.Join(dir, logName)
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(Binary(t), args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The server dies with the test binary even when the cleanup does not
	// run (a test that timed out): it would hold its ports.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		logFile.Close()
		if t.Failed() {
			if log, err := os.ReadFile(logPath); err == nil {
				t.Logf("%s:\n%s", logName, log)
			}
		}
	})
	return cmd.Process.Pid
}

// waitHTTP waits until the API on port answers.
func waitHTTP(t testing.TB, port int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
		if err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mistral-server did not answer on port %d: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Shared returns the path of ../shared (the specs, the conformance corpus).
// Without it the test is skipped with the reason, except in CI, where it is
// always there and its absence fails the test.
func Shared(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(repoRoot(), "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "spec")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("../shared is missing: %v", err)
		}
		t.Skipf("skipped: ../shared (specs and conformance corpus) is not next to this checkout")
	}
	return dir
}

// Need returns the path of a program the test needs. It skips without it,
// except in CI, where scripts/test.sh installs it and its absence fails.
func Need(t testing.TB, program, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing (Debian package %s; scripts/test-deps.sh installs it)", program, pkg)
		}
		t.Skipf("skipped: %s is not installed (Debian package %s; scripts/test-deps.sh installs it)", program, pkg)
	}
	return path
}

// Context returns a context that ends with the test.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}
