package actions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/actions/actiontest"
	"github.com/tramontane/tramontane/engine/data"
)

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
	priv, pub := actiontest.Ed25519Key(t)
	addr := actiontest.StartSSH(t, "127.0.0.1:0", pub)
	addr2 := actiontest.StartSSH(t, "127.0.0.1:0", pub)
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
	priv, pub := actiontest.Ed25519Key(t)
	addr, user := actiontest.StartSSHD(t, "127.0.0.1", 0, pub)
	res, err := runSSH(t, "std.ssh", data.MapOf("cmd", "echo $((6*7))", "host", addr, "username", user, "private_key", priv))
	if err != nil {
		t.Fatal(err)
	}
	if res.Data != "42\n" {
		t.Fatalf("got %s", data.Repr(res.Data))
	}
	_, err = runSSH(t, "std.ssh", data.MapOf("cmd", "exit 1", "host", addr, "username", user, "private_key", priv))
	if err == nil || err.Error() != fmt.Sprintf("Failed to execute ssh cmd 'exit 1' on ['%s']", addr) {
		t.Fatalf("exit 1: %v", err)
	}
}
