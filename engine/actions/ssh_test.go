package actions

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/tramontane/tramontane/engine/data"
)

// userKey makes an ed25519 key pair: the OpenSSH private key text and the
// public key.
func userKey(t *testing.T) (string, ssh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(block)), sshPub
}

// startTestSSH runs an in-process SSH server that accepts the password
// "pw" or the given key, runs exec requests with /bin/sh and turns
// "nc HOST PORT" into a TCP connection (for gateway tests).
func startTestSSH(t *testing.T, key ssh.PublicKey) string {
	t.Helper()
	_, hostPriv, _ := ed25519.GenerateKey(rand.Reader)
	hostSigner, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if string(pw) == "pw" {
				return nil, nil
			}
			return nil, fmt.Errorf("wrong password")
		},
		PublicKeyCallback: func(c ssh.ConnMetadata, k ssh.PublicKey) (*ssh.Permissions, error) {
			if key != nil && string(k.Marshal()) == string(key.Marshal()) {
				return nil, nil
			}
			return nil, fmt.Errorf("unknown key")
		},
	}
	cfg.AddHostKey(hostSigner)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveSSH(c, cfg)
		}
	}()
	return ln.Addr().String()
}

func serveSSH(c net.Conn, cfg *ssh.ServerConfig) {
	defer c.Close()
	_, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "no")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			return
		}
		go func() {
			defer ch.Close()
			for r := range creqs {
				if r.Type != "exec" {
					r.Reply(false, nil)
					continue
				}
				r.Reply(true, nil)
				cmd := string(r.Payload[4:])
				status := runExec(cmd, ch)
				ch.SendRequest("exit-status", false, binary.BigEndian.AppendUint32(nil, uint32(status)))
				return
			}
		}()
	}
}

func runExec(cmd string, ch ssh.Channel) int {
	if f := strings.Fields(cmd); len(f) == 3 && f[0] == "nc" {
		conn, err := net.Dial("tcp", net.JoinHostPort(f[1], f[2]))
		if err != nil {
			return 1
		}
		defer conn.Close()
		go io.Copy(conn, ch)
		io.Copy(ch, conn)
		return 0
	}
	c := exec.Command("/bin/sh", "-c", cmd)
	c.Stdout, c.Stderr = ch, ch.Stderr()
	if err := c.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		return 255
	}
	return 0
}

func runSSH(t *testing.T, name string, in *data.Map) (Result, error) {
	t.Helper()
	a, _, err := NewRegistry().Instantiate(name, in)
	if err != nil {
		t.Fatalf("Instantiate: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return a.Run(ctx, &Context{Logger: quietLogger})
}

func TestSSH(t *testing.T) {
	t.Setenv("SSH_AUTH_SOCK", "")
	t.Setenv("HOME", t.TempDir())
	priv, pub := userKey(t)
	addr := startTestSSH(t, pub)
	addr2 := startTestSSH(t, pub)
	keyFile := filepath.Join(t.TempDir(), "id")
	if err := os.WriteFile(keyFile, []byte(priv), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		action string
		input  *data.Map
		want   any
		raises string
	}{
		{"password", "std.ssh", data.MapOf("cmd", "echo hello", "host", addr, "username", "u", "password", "pw"), "hello\n", ""},
		{"key text", "std.ssh", data.MapOf("cmd", "printf ok", "host", addr, "username", "u", "private_key", priv), "ok", ""},
		{"key file", "std.ssh", data.MapOf("cmd", "printf ok", "host", addr, "username", "u", "private_key_filename", keyFile), "ok", ""},
		{"several hosts", "std.ssh", data.MapOf("cmd", "printf x", "host", []any{addr, addr2}, "username", "u", "password", "pw"),
			[]any{"x", "x"}, ""},
		{"non-zero exit", "std.ssh", data.MapOf("cmd", "echo no; exit 3", "host", addr, "username", "u", "password", "pw"),
			nil, fmt.Sprintf("Failed to execute ssh cmd 'echo no; exit 3' on ['%s']", addr)},
		{"wrong password", "std.ssh", data.MapOf("cmd", "true", "host", addr, "username", "u", "password", "bad"),
			nil, fmt.Sprintf("Failed to execute ssh cmd 'true' on ['%s']", addr)},
		{"dotdot key file", "std.ssh", data.MapOf("cmd", "true", "host", []any{addr}, "username", "u", "private_key_filename", "../x"),
			nil, fmt.Sprintf("Failed to execute ssh cmd 'true' on ['%s']", addr)},
		{"through gateway", "std.ssh_proxied", data.MapOf("cmd", "printf via", "host", addr2, "username", "u",
			"private_key_filename", keyFile, "gateway_host", addr), "via", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := runSSH(t, tt.action, tt.input)
			if tt.raises != "" {
				if err == nil || err.Error() != tt.raises {
					t.Fatalf("got %v, %v; want raise %q", res, err, tt.raises)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !data.Equal(res.Data, tt.want) {
				t.Fatalf("got %s, want %s", data.Repr(res.Data), data.Repr(tt.want))
			}
		})
	}
}

func TestSSHVars(t *testing.T) {
	a, _, err := NewRegistry().Instantiate("std.ssh_proxied", data.MapOf("cmd", "ls", "host", "h", "username", "u",
		"private_key_filename", "k", "gateway_host", "g", "proxy_command", "nc g 22"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"cmd":"ls","host":"h","username":"u","password":null,"private_key_filename":"k","private_key":null,` +
		`"params":{"cmd":"ls","host":"h","username":"u","password":null,"private_key_filename":"k","private_key":null,` +
		`"gateway_host":"g","gateway_username":null,"proxy_command":"nc g 22"},"gateway_host":"g","gateway_username":null}`
	vars := a.(Serializable).Vars()
	if got := string(data.MustEncode(vars)); got != want {
		t.Errorf("Vars = %s\nwant %s", got, want)
	}
	b, _, err := NewRegistry().Restore(stdActions+"SSHProxiedAction", vars)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(data.MustEncode(b.(Serializable).Vars())); got != want {
		t.Errorf("restored Vars = %s", got)
	}
}

// TestSSHRealServer runs std.ssh against Debian's sshd on a throw-away
// port with a generated host key and a temporary authorized key.
func TestSSHRealServer(t *testing.T) {
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		sshd = "/usr/sbin/sshd"
	}
	if _, err := os.Stat(sshd); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sshd is not installed (apt-get install openssh-server)")
		}
		t.Skip("sshd is not installed (apt-get install openssh-server)")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	priv, pub := userKey(t)
	hostKey := filepath.Join(dir, "host_key")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	authKeys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authKeys, ssh.MarshalAuthorizedKey(pub), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	conf := filepath.Join(dir, "sshd_config")
	os.WriteFile(conf, []byte(fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
AuthorizedKeysFile %s
PidFile %s
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
`, port, hostKey, authKeys, filepath.Join(dir, "sshd.pid"))), 0o600)
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil && os.Getuid() == 0 {
		t.Fatal(err)
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", conf)
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sshd: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd did not start: %s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	user := os.Getenv("USER")
	if user == "" {
		out, _ := exec.Command("id", "-un").Output()
		user = strings.TrimSpace(string(out))
	}
	res, err := runSSH(t, "std.ssh", data.MapOf("cmd", "echo $((6*7))", "host", addr, "username", user, "private_key", priv))
	if err != nil {
		t.Fatalf("%v\nsshd: %s", err, logs.String())
	}
	if res.Data != "42\n" {
		t.Fatalf("got %s", data.Repr(res.Data))
	}
	_, err = runSSH(t, "std.ssh", data.MapOf("cmd", "exit 1", "host", addr, "username", user, "private_key", priv))
	if err == nil || err.Error() != fmt.Sprintf("Failed to execute ssh cmd 'exit 1' on ['%s']", addr) {
		t.Fatalf("exit 1: %v", err)
	}
}
