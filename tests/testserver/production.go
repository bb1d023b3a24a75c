package testserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// RabbitURL is the broker the tests use (TRAMONTANE_TEST_RABBIT_URL, by
// default the local guest account). Without a broker the test skips, or
// fails in CI.
func RabbitURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("TRAMONTANE_TEST_RABBIT_URL")
	if url == "" {
		url = "rabbit://guest:guest@127.0.0.1:5672/"
	}
	conn, err := net.DialTimeout("tcp", "127.0.0.1:5672", 2*time.Second)
	if err != nil {
		unavailable(t, "RabbitMQ is not listening on 127.0.0.1:5672 (Debian package rabbitmq-server)")
	} else {
		conn.Close()
	}
	return url
}

// MySQLDatabase creates a throw-away MariaDB database, brings it to
// Mistral's schema with our mistral-db-manage, drops it when the test ends,
// and returns its [database] connection URL. It talks to the local server
// as root over its Unix socket, as scripts/test-deps.sh sets it up.
func MySQLDatabase(t testing.TB) string {
	t.Helper()
	if err := exec.Command("mysqladmin", "ping").Run(); err != nil {
		unavailable(t, "MariaDB does not answer (Debian package mariadb-server)")
	}
	var b [4]byte
	rand.Read(b[:])
	name := "tram_test_" + hex.EncodeToString(b[:])
	mysql := func(sql string) {
		if out, err := exec.Command("mysql", "-e", sql).CombinedOutput(); err != nil {
			t.Fatalf("mysql %q: %v\n%s", sql, err, out)
		}
	}
	mysql("CREATE DATABASE " + name)
	t.Cleanup(func() { exec.Command("mysql", "-e", "DROP DATABASE IF EXISTS "+name).Run() })
	conn := fmt.Sprintf("mysql+pymysql://root@localhost/%s?unix_socket=%s", name, mysqlSocket())
	conf := filepath.Join(t.TempDir(), "db.conf")
	os.WriteFile(conf, []byte("[database]\nconnection = "+conn+"\n"), 0o600)
	cmd := exec.Command(tool(t, "mistral-db-manage"), "--config-file", conf, "upgrade", "head")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mistral-db-manage upgrade head: %v\n%s", err, out)
	}
	return conn
}

func mysqlSocket() string {
	for _, p := range []string{"/run/mysqld/mysqld.sock", "/var/run/mysqld/mysqld.sock", "/tmp/mysql.sock"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "/run/mysqld/mysqld.sock"
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; scripts/test-deps.sh installs and starts it", why)
	}
	t.Skipf("skipped: %s; scripts/test-deps.sh installs and starts it", why)
}

// Deployment is a set of mistral-server processes sharing one database
// and one broker, as production runs them.
type Deployment struct {
	URL string // the API's base URL
	Dir string
	// TransportURL is the broker URL the processes use (StartIsolated).
	TransportURL string
}

// StartDeployment runs one mistral-server process per entry of servers
// (each a --server value such as "api" or "engine,executor") on MariaDB and
// RabbitMQ, and waits for the API.
func StartDeployment(t testing.TB, servers ...string) *Deployment {
	t.Helper()
	return StartDeploymentConf(t, "", servers...)
}

// StartDeploymentConf is StartDeployment with extra mistral.conf lines
// (sections of their own, after the others).
func StartDeploymentConf(t testing.TB, extra string, servers ...string) *Deployment {
	t.Helper()
	conn := MySQLDatabase(t)
	rabbit := RabbitURL(t)
	dir := t.TempDir()
	port := FreePort(t)
	// A virtual host of its own would need rabbitmqctl; topics of its own
	// keep concurrent test deployments apart on one broker.
	var b [4]byte
	rand.Read(b[:])
	suffix := hex.EncodeToString(b[:])
	conf := fmt.Sprintf("[DEFAULT]\ntransport_url = %s\n\n[database]\nconnection = %s\n\n"+
		"[pecan]\nauth_enable = false\n\n[api]\nhost = 127.0.0.1\nport = %d\n\n[engine]\ntopic = mistral_engine_%s\n\n[executor]\ntopic = mistral_executor_%s\n\n"+
		"[notifier]\ntopic = mistral_notifier_%s\n\n[event_engine]\ntopic = mistral_event_engine_%s\n",
		rabbit, conn, port, suffix, suffix, suffix, suffix)
	return launch(t, dir, port, conf+extra, servers)
}

// launch writes conf into dir, starts one mistral-server per servers entry
// with it and waits for the API on port and an engine.
func launch(t testing.TB, dir string, port int, conf string, servers []string) *Deployment {
	t.Helper()
	confPath := filepath.Join(dir, "mistral.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs []string
	for i, s := range servers {
		name := fmt.Sprintf("%d-%s.log", i, strings.ReplaceAll(s, ",", "+"))
		startProcess(t, dir, name, "--server", s, "--config-file", confPath)
		logs = append(logs, filepath.Join(dir, name))
	}
	// Every process serves its topics before the test goes on: a notifier
	// that subscribes late misses the first events.
	for _, l := range logs {
		waitStarted(t, l)
	}
	waitHTTP(t, port)
	d := &Deployment{URL: fmt.Sprintf("http://127.0.0.1:%d/v2", port), Dir: dir}
	WaitEngine(t, d.URL)
	return d
}

// waitStarted waits until a server's log says it started all its
// services.
func waitStarted(t testing.TB, logPath string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(logPath); err == nil && bytes.Contains(b, []byte(`msg="mistral-server started"`)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the server did not start within 30s", logPath)
		}
	}
}

// WaitEngine waits until an engine answers the API's calls: until its queue
// exists, a start is refused as unroutable. It asks to start a workflow that
// does not exist, which an engine answers with 404.
func WaitEngine(t testing.TB, api string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Post(api+"/executions", "application/json",
			strings.NewReader(`{"workflow_name": "tramontane-readiness-probe"}`))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no engine answered at %s", api)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// REST sends one request to the API and returns its JSON object (nil for an
// empty body). A status of 300 or more fails the test.
func REST(t testing.TB, method, url, contentType, body string) *data.Map {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	if len(b) == 0 {
		return nil
	}
	v, err := data.Parse(b)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	m, _ := v.(*data.Map)
	return m
}
