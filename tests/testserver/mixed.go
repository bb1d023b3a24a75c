package testserver

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// This file holds what tests that mix our processes with Python Mistral's
// need: a broker virtual host of their own, and our server started with a
// config file they wrote.

// RabbitVhost creates a RabbitMQ virtual host for this test alone with
// rabbitmqctl, grants the guest account on it, deletes it (with every
// exchange and queue in it) when the test ends, and returns its
// transport_url. Without a broker or rabbitmqctl the test skips, or fails
// in CI.
func RabbitVhost(t testing.TB) string {
	t.Helper()
	RabbitURL(t)
	ctl, err := exec.LookPath("rabbitmqctl")
	if err != nil {
		unavailable(t, "rabbitmqctl is not installed (Debian package rabbitmq-server)")
	}
	var b [4]byte
	rand.Read(b[:])
	vhost := "tram_test_" + hex.EncodeToString(b[:])
	run := func(args ...string) error {
		out, err := exec.Command(ctl, args...).CombinedOutput()
		if err != nil {
			t.Logf("rabbitmqctl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return err
	}
	if err := run("add_vhost", vhost); err != nil {
		unavailable(t, "rabbitmqctl add_vhost failed (the test needs to run as root or as the rabbitmq user)")
	}
	t.Cleanup(func() { run("delete_vhost", vhost) })
	if err := run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"); err != nil {
		t.Fatalf("rabbitmqctl set_permissions on %s failed", vhost)
	}
	return "rabbit://guest:guest@127.0.0.1:5672/" + vhost
}

// StartProcess runs mistral-server with args in dir, logging to logName
// there. It is interrupted when the test ends, and its log is shown if the
// test failed. It returns the process id.
func StartProcess(t testing.TB, dir, logName string, args ...string) int {
	t.Helper()
	return startProcess(t, dir, logName, args...)
}

// WaitHTTP waits until something answers HTTP on 127.0.0.1:port.
func WaitHTTP(t testing.TB, port int) {
	t.Helper()
	waitHTTP(t, port)
}

// StartIsolated is StartDeployment on a RabbitMQ virtual host of the
// test's own (every topic, exchange and queue name is then free to use),
// with extraConf appended to the config. Deployment.TransportURL is the
// virtual host's URL.
func StartIsolated(t testing.TB, extraConf string, servers ...string) *Deployment {
	t.Helper()
	conn := MySQLDatabase(t)
	rabbit := RabbitVhost(t)
	dir := t.TempDir()
	port := FreePort(t)
	conf := fmt.Sprintf("[DEFAULT]\ntransport_url = %s\n\n[pecan]\nauth_enable = false\n\n[database]\nconnection = %s\n\n"+
		"[api]\nhost = 127.0.0.1\nport = %d\n\n%s\n", rabbit, conn, port, extraConf)
	d := launch(t, dir, port, conf, servers)
	d.TransportURL = rabbit
	return d
}
