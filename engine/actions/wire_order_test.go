package actions

import (
	"bufio"
	"net"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// headServer answers every request with an empty 200 and sends the header
// names of each request head it reads, in order and as spelled, on heads.
func headServer(t *testing.T) (url string, heads chan []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	heads = make(chan []string, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					var names []string
					for {
						line, err = r.ReadString('\n')
						if err != nil || line == "\r\n" {
							break
						}
						name, _, _ := strings.Cut(line, ":")
						names = append(names, name)
					}
					heads <- names
					if _, err := c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")); err != nil {
						return
					}
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String(), heads
}

// TestHTTPHeaderWireOrder: requests sends the header names in the order
// of its session defaults with the user's merged in (in place when given
// again, spelled as last given), then Cookie, Content-Length,
// Content-Type and Authorization; Go would send them sorted and
// canonicalized.
func TestHTTPHeaderWireOrder(t *testing.T) {
	url, heads := headServer(t)
	for _, tt := range []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"defaults", data.MapOf("url", url),
			"Host User-Agent Accept-Encoding Accept Connection"},
		{"body", data.MapOf("url", url, "method", "POST", "body", "x"),
			"Host User-Agent Accept-Encoding Accept Connection Content-Length"},
		{"json", data.MapOf("url", url, "method", "POST", "json", data.MapOf("a", 1)),
			"Host User-Agent Accept-Encoding Accept Connection Content-Length Content-Type"},
		{"user headers merged", data.MapOf("url", url, "headers", data.MapOf("x-b", "1", "ACCEPT", "a/b", "X-A", "2", "connection", nil)),
			"Host User-Agent Accept-Encoding ACCEPT x-b X-A"},
		{"cookie before the body, auth last", data.MapOf("url", url, "method", "PUT", "body", "x", "cookies", data.MapOf("k", "v"),
			"headers", data.MapOf("Content-Type", "text/x")),
			"Host User-Agent Accept-Encoding Accept Connection Content-Type Cookie Content-Length"},
		{"no body, delete", data.MapOf("url", url, "method", "DELETE"),
			"Host User-Agent Accept-Encoding Accept Connection Content-Length"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := runHTTP(t, "std.http", tt.input, nil); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(<-heads, " "); got != tt.want {
				t.Errorf("header names %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReorderHead(t *testing.T) {
	head := "GET / HTTP/1.1\r\nHost: h\r\nB: 1\r\nA: 2\r\nC: 3\r\nC: 4\r\n\r\n"
	got := string(reorderHead([]byte(head), []string{"Host", "c", "b"}))
	want := "GET / HTTP/1.1\r\nHost: h\r\nc: 3\r\nc: 4\r\nb: 1\r\nA: 2\r\n\r\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if bad := "GET / HTTP/1.1\r\nno colon\r\n\r\n"; string(reorderHead([]byte(bad), []string{"Host"})) != bad {
		t.Error("a head it cannot read is not kept as it was")
	}
}
