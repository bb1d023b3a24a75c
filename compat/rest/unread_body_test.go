package rest_test

import (
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestUnreadBodyEndsCleanly checks that an answer given without reading
// the request's body (an error before the body matters, a route that takes
// none) reaches a client that asked to close the connection: a socket
// closed with unread bytes sends a reset, which destroys what the client
// has not read yet.
func TestUnreadBodyEndsCleanly(t *testing.T) {
	a := newTestAPI(t)
	body := `{"definition": "` + strings.Repeat("x", 64<<10) + `"}`
	for _, tc := range []struct {
		name, method, path, contentType, status string
	}{
		{"no such route", "POST", "/v2/nowhere", "application/json", "404"},
		{"method not allowed", "PATCH", "/v2/executions", "application/json", "405"},
		{"wrong content type", "POST", "/v2/executions", "text/plain", "415"},
		{"a list with a form", "GET", "/v2/executions", "application/x-www-form-urlencoded", "200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", a.srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			req := tc.method + " " + tc.path + " HTTP/1.1\r\nHost: mistral\r\nConnection: close\r\n" +
				"Content-Type: " + tc.contentType + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
			if _, err := io.WriteString(conn, req); err != nil {
				t.Fatal(err)
			}
			// Read only once the server is done with the connection, so
			// that a reset would have arrived.
			time.Sleep(200 * time.Millisecond)
			got, err := io.ReadAll(conn)
			if err != nil {
				t.Fatalf("reading the answer: %v (after %d bytes)", err, len(got))
			}
			if want := "HTTP/1.1 " + tc.status; !strings.HasPrefix(string(got), want) {
				t.Fatalf("answer starts %.40q, want %q", got, want)
			}
		})
	}
}
