package service

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tramontane/tramontane/compat/config"
)

// startAPI starts an all-in-one process on the embedded default with the
// given [DEFAULT] options, and returns its API's address.
func startAPI(t *testing.T, defaults string) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "mistral.conf")
	text := "[DEFAULT]\n" + defaults + "[api]\nhost = 127.0.0.1\nport = 0\n[pecan]\nauth_enable = false\n" +
		"[tramontane]\ndata_dir = " + filepath.Join(dir, "data") + "\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{conf}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p, err := Start(ctx, cfg, allServers, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p.APIAddr()
}

// TestAPIConnectionOptions checks mistral.conf's client_socket_timeout
// and wsgi_keep_alive on the API's connections.
func TestAPIConnectionOptions(t *testing.T) {
	get := func(t *testing.T, conn net.Conn) *http.Response {
		t.Helper()
		if _, err := io.WriteString(conn, "GET /v2/ HTTP/1.1\r\nHost: mistral\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		return resp
	}

	t.Run("an idle connection is closed after client_socket_timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", startAPI(t, "client_socket_timeout = 1\n"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if resp := get(t, conn); resp.Close {
			t.Fatal("the first answer closes the connection")
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := conn.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
			t.Fatalf("reading the idle connection: %v, want the server to close it", err)
		}
	})

	t.Run("wsgi_keep_alive = false closes after each answer", func(t *testing.T) {
		conn, err := net.Dial("tcp", startAPI(t, "wsgi_keep_alive = false\n"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if resp := get(t, conn); !resp.Close {
			t.Fatal("the answer keeps the connection open")
		}
	})
}
