package testserver

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// rabbitBin is where Debian's rabbitmq-server package keeps the scripts
// that run a node as the calling user (/usr/sbin's wrappers switch to the
// rabbitmq user and its shared Erlang cookie).
const rabbitBin = "/usr/lib/rabbitmq/bin"

// Rabbit is a RabbitMQ node of one test's own, for tests that stop and
// start the broker: stopping the shared broker would break the tests of
// everyone else on the machine. It has its own node name, AMQP and
// distribution ports, Erlang cookie, and data and log directories in a
// temporary directory; it shares only epmd. The default guest account
// works from 127.0.0.1.
type Rabbit struct {
	t    testing.TB
	dir  string
	node string
	port int
	env  []string

	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
}

// StartRabbit starts a throw-away RabbitMQ node, waits until it accepts
// AMQP connections, and stops it and removes its data when the test ends.
// Without rabbitmq-server the test skips, or fails in CI.
func StartRabbit(t testing.TB) *Rabbit {
	t.Helper()
	if _, err := os.Stat(filepath.Join(rabbitBin, "rabbitmq-server")); err != nil {
		unavailable(t, "rabbitmq-server is not installed (Debian package rabbitmq-server)")
	}
	dir := t.TempDir()
	var b [8]byte
	rand.Read(b[:])
	cookie := hex.EncodeToString(b[:])
	node := "tramtest_" + cookie[:8] + "@localhost"
	// The cookie must be readable by its owner only, or Erlang refuses it.
	if err := os.WriteFile(filepath.Join(dir, ".erlang.cookie"), []byte(cookie), 0o400); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "enabled_plugins"), []byte("[].\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rabbitmq-env.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &Rabbit{t: t, dir: dir, node: node, port: FreePort(t)}
	r.env = append(os.Environ(),
		"HOME="+dir,
		"RABBITMQ_NODENAME="+node,
		"RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
		fmt.Sprintf("RABBITMQ_NODE_PORT=%d", r.port),
		fmt.Sprintf("RABBITMQ_DIST_PORT=%d", FreePort(t)),
		"RABBITMQ_MNESIA_BASE="+filepath.Join(dir, "mnesia"),
		"RABBITMQ_LOG_BASE="+filepath.Join(dir, "log"),
		"RABBITMQ_CONFIG_FILE="+filepath.Join(dir, "rabbitmq"),
		"RABBITMQ_ADVANCED_CONFIG_FILE="+filepath.Join(dir, "advanced.config"),
		"RABBITMQ_CONF_ENV_FILE="+filepath.Join(dir, "rabbitmq-env.conf"),
		"RABBITMQ_ENABLED_PLUGINS_FILE="+filepath.Join(dir, "enabled_plugins"),
		"RABBITMQ_PID_FILE="+filepath.Join(dir, "rabbitmq.pid"),
	)
	t.Cleanup(func() {
		if r.running() {
			r.stop()
		}
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(dir, "log", node+".log")); err == nil {
				t.Logf("%s.log (tail):\n%s", node, tailBytes(log, 3000))
			}
		}
	})
	r.Start()
	return r
}

// URL is the node's transport_url (vhost "/", guest account).
func (r *Rabbit) URL() string { return fmt.Sprintf("rabbit://guest:guest@127.0.0.1:%d/", r.port) }

// Start starts the node (again, on the same data) and waits until it
// accepts AMQP connections.
func (r *Rabbit) Start() {
	r.t.Helper()
	out, err := os.OpenFile(filepath.Join(r.dir, "server.out"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(rabbitBin, "rabbitmq-server"))
	cmd.Dir, cmd.Env = r.dir, r.env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		out.Close()
		r.t.Fatalf("start rabbitmq-server: %v", err)
	}
	r.cmd, r.done = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); out.Close(); close(done) }(r.done)

	deadline := time.Now().Add(90 * time.Second)
	for {
		conn, err := amqp.Dial(fmt.Sprintf("amqp://guest:guest@127.0.0.1:%d/", r.port))
		if err == nil {
			conn.Close()
			return
		}
		select {
		case <-r.done:
			log, _ := os.ReadFile(filepath.Join(r.dir, "server.out"))
			r.t.Fatalf("rabbitmq-server %s exited while starting:\n%s", r.node, tailBytes(log, 3000))
		default:
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("rabbitmq-server %s does not accept connections after 90s: %v", r.node, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Stop stops the node as an operator would (rabbitmqctl stop) and waits
// until it has exited.
func (r *Rabbit) Stop() {
	r.t.Helper()
	if !r.running() {
		r.t.Fatalf("rabbitmq-server %s is not running", r.node)
	}
	if err := r.stop(); err != nil {
		r.t.Fatal(err)
	}
}

func (r *Rabbit) running() bool {
	if r.done == nil {
		return false
	}
	select {
	case <-r.done:
		return false
	default:
		return true
	}
}

// stop stops the node with rabbitmqctl, or kills its process group if
// that does not work within 30 seconds.
func (r *Rabbit) stop() error {
	ctl := exec.Command(filepath.Join(rabbitBin, "rabbitmqctl"), "-n", r.node, "stop")
	ctl.Dir, ctl.Env = r.dir, r.env
	out, ctlErr := ctl.CombinedOutput()
	select {
	case <-r.done:
		return nil
	case <-time.After(30 * time.Second):
	}
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	<-r.done
	return fmt.Errorf("rabbitmqctl -n %s stop did not stop the node (killed): %v\n%s", r.node, ctlErr, out)
}

func tailBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
