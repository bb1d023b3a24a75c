package actions

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/actions/actiontest"
	"github.com/tramontane/tramontane/engine/data"
)

// The expectations were observed on Mistral 15 (requests 2.28.1, urllib3
// 1.26.12, Python 3.11.2).
func TestPrepareURLText(t *testing.T) {
	tests := []struct {
		raw    string
		params any
		want   string // prepared URL, or "!" + error text
	}{
		{"http://h:1/a/../b/./c?x=%41&y=ü#f", nil, "http://h:1/b/c?x=A&y=%C3%BC#f"},
		{"http://h/%zz", nil, "http://h/%25zz"},
		{"http://h/a/../b/./c?x=%41&y=ü&z=%zz", nil, "http://h/b/c?x=%2541&y=%C3%BC&z=%25zz"},
		{"http://h/%41/%zz", nil, "http://h/%2541/%25zz"},
		{"http://h/%zz/ü", nil, "http://h/%25zz/%C3%BC"},
		{"http://h/ü?q=ü", nil, "http://h/%C3%BC?q=%C3%BC"},
		{"http://h:1\\x", nil, "http://h:1/%5Cx"},
		{"http://h/x\ty", nil, "http://h/x%09y"},
		{"HTTP://EXAMPLE.org", nil, "http://example.org/"},
		{"http://h:0/", nil, "http://h/"},
		{"http://h:0080/", nil, "http://h:80/"},
		{"http://u:p@h/x", nil, "http://u:p@h/x"},
		{"http://h/x", int64(5), "!Cannot mix str and non-str arguments"},
		{"http://h/x?z=1", true, "http://h/x?z=1&True"},
		{"http://h/x", data.MapOf("a", "x y"), "http://h/x?a=x+y"},
		{"http://h:abc/", nil, "!Failed to parse: http://h:abc/"},
		{"http://h:65536/", nil, "!Failed to parse: http://h:65536/"},
		{"http://h:1 2/", nil, "!Failed to parse: http://h:1 2/"},
		{"http://:80/", nil, "!Invalid URL 'http://:80/': No host supplied"},
		{"http://.h/", nil, "!URL has an invalid label."},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := prepareURLText(tt.raw, tt.params)
			if err != nil {
				got = "!" + err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckURLSplit(t *testing.T) {
	tests := map[string]string{
		"http://[::1":        "Invalid IPv6 URL",
		"http://::1]/":       "Invalid IPv6 URL",
		"https://[::1]:1/":   "",
		"http://a[::1]/":     "Invalid IPv6 URL",
		"http://[::1]x/":     "Invalid IPv6 URL",
		"http://[1.2.3.4]/":  "An IPv4 address cannot be in brackets",
		"http://[zz]/":       "'zz' does not appear to be an IPv4 or IPv6 address",
		"http://h/[x":        "",
		"no scheme [x":       "",
		"http://127.0.0.1/x": "",
	}
	for raw, want := range tests {
		err := checkURLSplit(raw)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", raw, got, want)
		}
	}
}

func TestHTTPInputErrors(t *testing.T) {
	srv := actiontest.StartHTTP(t)
	tests := []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"headers str", data.MapOf("url", srv.URL+"/json", "headers", "x"), "'str' object has no attribute 'items'"},
		{"headers list", data.MapOf("url", srv.URL+"/json", "headers", []any{[]any{"a", "b"}}), "'list' object has no attribute 'items'"},
		{"cookies str", data.MapOf("url", srv.URL+"/json", "cookies", "c=1"), "string indices must be integers, not 'str'"},
		{"cookies list of str", data.MapOf("url", srv.URL+"/json", "cookies", []any{"a"}), "list indices must be integers or slices, not str"},
		{"cookies int", data.MapOf("url", srv.URL+"/json", "cookies", int64(5)), "'int' object is not iterable"},
		{"cookie value int", data.MapOf("url", srv.URL+"/json", "cookies", data.MapOf("a", int64(1))), "expected string or bytes-like object, got 'int'"},
		{"proxies str", data.MapOf("url", srv.URL+"/json", "proxies", "p"), "'str' object has no attribute 'get'"},
		{"proxy int", data.MapOf("url", srv.URL+"/json", "proxies", data.MapOf("http", int64(5))), "expected string or bytes-like object, got 'int'"},
		{"method non-token", data.MapOf("url", srv.URL+"/json", "method", "ü"), "Method cannot contain non-token characters 'Ü' (found at least 'Ü')"},
		{"body beyond latin-1", data.MapOf("url", srv.URL+"/echo", "method", "POST", "body", "é€"),
			"'latin-1' codec can't encode character '\\u20ac' in position 1: Body ('€') is not valid Latin-1. Use body.encode('utf-8') if you want to send it encoded in UTF-8."},
		{"body run beyond latin-1", data.MapOf("url", srv.URL+"/echo", "method", "POST", "body", "€€x"),
			"'latin-1' codec can't encode characters in position 0-1: Body ('€€') is not valid Latin-1. Use body.encode('utf-8') if you want to send it encoded in UTF-8."},
		{"ipv6", data.MapOf("url", "http://[::1"), "Invalid IPv6 URL"},
		{"colon without http", data.MapOf("url", "127.0.0.1:1/x"), "No connection adapters were found for '127.0.0.1:1/x'"},
		{"empty label", data.MapOf("url", "http://a..b/"), "Failed to parse: 'a..b', label empty or too long"},
		{"plain server over TLS", data.MapOf("url", strings.Replace(srv.URL, "http:", "https:", 1)+"/json"),
			"(Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:992)')))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runHTTP(t, "std.http", tt.input, nil)
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant ...%s", err, tt.want)
			}
		})
	}
}

// TestHTTPWire checks what goes on the wire and what the result reports.
func TestHTTPWire(t *testing.T) {
	type seen struct {
		method, uri, body string
		header            http.Header
		cl                int64
	}
	var last seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hop" {
			w.Header().Set("Location", "/final")
			w.WriteHeader(http.StatusFound)
			return
		}
		b, _ := io.ReadAll(r.Body)
		last = seen{r.Method, r.RequestURI, string(b), r.Header.Clone(), r.ContentLength}
		if len(r.TransferEncoding) == 0 && r.Header.Get("Content-Length") == "" && r.ContentLength == 0 && r.Method != "GET" && r.Method != "HEAD" {
			last.cl = -2 // no Content-Length header
		}
		w.Header().Set("X-Final", "yes")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "{}")
	}))
	defer srv.Close()

	t.Run("redirect reports the final headers", func(t *testing.T) {
		res, err := runHTTP(t, "std.http", data.MapOf("url", srv.URL+"/hop", "allow_redirects", true), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := field(t, res.Data, "headers", "X-Final"); got != "yes" {
			t.Errorf("X-Final = %v in %s", got, data.Repr(field(t, res.Data, "headers")))
		}
	})
	for _, m := range []string{"DELETE", "OPTIONS", "PROPFIND"} {
		t.Run(m+" sends Content-Length 0", func(t *testing.T) {
			if _, err := runHTTP(t, "std.http", data.MapOf("url", srv.URL+"/x", "method", m), nil); err != nil {
				t.Fatal(err)
			}
			if last.method != m || last.cl != 0 {
				t.Errorf("method %s, content length %d", last.method, last.cl)
			}
		})
	}
	tests := []struct {
		name  string
		input *data.Map
		check func(s seen) string
	}{
		{"latin-1 body", data.MapOf("method", "POST", "body", "ü"), func(s seen) string {
			return fmt.Sprintf("%q", s.body)
		}},
		{"url credentials", data.MapOf("url", strings.Replace(srv.URL, "http://", "http://u:p@", 1)+"/x"), func(s seen) string {
			return s.header.Get("Authorization")
		}},
		{"falsy headers drop the defaults", data.MapOf("headers", ""), func(s seen) string {
			return s.header.Get("User-Agent") + "|" + s.header.Get("Accept-Encoding") + "|" + s.header.Get("Accept")
		}},
		{"cookies", data.MapOf("cookies", data.MapOf("a", nil, "b", "ü")), func(s seen) string {
			return fmt.Sprintf("%q", s.header.Get("Cookie"))
		}},
		{"normalised path", data.MapOf("url", srv.URL+"/a/../b?q=ü"), func(s seen) string { return s.uri }},
	}
	want := []string{`"\xfc"`, "Basic dTpw", "python-urllib3/1.26.12|identity|", `"a; b=\xfc"`, "/b?q=%C3%BC"}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.input.Clone()
			if !in.Has("url") {
				in.Set("url", srv.URL+"/x")
			}
			if _, err := runHTTP(t, "std.http", in, nil); err != nil {
				t.Fatal(err)
			}
			if got := tt.check(last); got != want[i] {
				t.Errorf("got %s, want %s", got, want[i])
			}
		})
	}
}
