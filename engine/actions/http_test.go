package actions

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/actions/actiontest"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

var quietLogger = slog.New(slog.DiscardHandler)

func runHTTP(t *testing.T, name string, in *data.Map, ac *Context) (Result, error) {
	t.Helper()
	a, _, err := NewRegistry().Instantiate(name, in)
	if err != nil {
		t.Fatalf("Instantiate: %v", err)
	}
	if ac == nil {
		ac = &Context{}
	}
	ac.Logger = quietLogger
	return a.Run(context.Background(), ac)
}

func field(t *testing.T, v any, path ...string) any {
	t.Helper()
	for _, p := range path {
		m, ok := v.(*data.Map)
		if !ok {
			t.Fatalf("%s: not a dict in %s", p, data.Repr(v))
		}
		v = m.Value(p)
	}
	return v
}

func TestHTTPResults(t *testing.T) {
	srv := actiontest.StartHTTP(t)
	tests := []struct {
		name    string
		input   *data.Map
		isError bool
		check   map[string]any // dotted path in the result dict -> value
	}{
		{"json", data.MapOf("url", srv.URL+"/json"), false, map[string]any{
			"content":  data.MapOf("a", 1, "b", []any{true, nil, 1.5}),
			"status":   int64(200),
			"reason":   "OK",
			"encoding": "utf-8",
			"history":  []any{},
			"url":      srv.URL + "/json",
		}},
		{"url spaces: leading dropped, trailing quoted", data.MapOf("url", "  "+srv.URL+"/json  "), true, map[string]any{
			"url": srv.URL + "/json%20%20", "status": int64(404),
		}},
		{"params: a dict value gives its keys", data.MapOf("url", srv.URL+"/echo", "params", data.MapOf("a", data.MapOf("b", 1, "c", 2), "n", nil)), false, map[string]any{
			"content.query": "a=b&a=c",
		}},
		{"params: 2-character strings unpack", data.MapOf("url", srv.URL+"/echo", "params", []any{"ab", "cd"}), false, map[string]any{
			"content.query": "a=b&c=d",
		}},
		{"header value sent in latin-1", data.MapOf("url", srv.URL+"/echo", "headers", data.MapOf("X-Test", "café")), false, map[string]any{
			"content.headers.X-Test": "caf\ufffd", // one byte, not UTF-8's two
		}},
		{"latin-1 text", data.MapOf("url", srv.URL+"/text"), false, map[string]any{
			"content": "café", "encoding": "ISO-8859-1",
		}},
		{"404 is an error result", data.MapOf("url", srv.URL+"/missing"), true, map[string]any{
			"status": int64(404), "reason": "Not Found", "content": data.MapOf("error", "nope"),
		}},
		{"redirect not followed by default", data.MapOf("url", srv.URL+"/redirect"), false, map[string]any{
			"status": int64(302), "content": "moved", "cookies": data.MapOf("hop", "1"),
		}},
		{"redirect followed", data.MapOf("url", srv.URL+"/redirect", "method", "post", "body", "x", "allow_redirects", true), false, map[string]any{
			"status":          int64(200),
			"history":         []any{[]any{"moved"}},
			"url":             srv.URL + "/echo?from=redirect",
			"content.method":  "GET",
			"content.query":   "from=redirect",
			"content.body":    "",
			"cookies":         data.NewMap(0),
			"content.headers": nil, // checked below
		}},
		{"basic auth", data.MapOf("url", srv.URL+"/auth", "auth", "alice:s3cret"), false, map[string]any{
			"content": "welcome",
		}},
		{"wrong auth", data.MapOf("url", srv.URL+"/auth", "auth", "alice:nope"), true, map[string]any{
			"status": int64(401), "content": "",
		}},
		{"params and json", data.MapOf("url", srv.URL+"/echo?x=1", "method", "PUT",
			"params", data.MapOf("q", "a b", "n", []any{1, 2}, "skip", nil),
			"json", data.MapOf("k", "é")), false, map[string]any{
			"content.method":                        "PUT",
			"content.query":                         "x=1&q=a+b&n=1&n=2",
			"content.body":                          `{"k": "\u00e9"}`,
			"content.headers.Content-Type":          "application/json",
			"content.headers.User-Agent":            requestsUserAgent,
			"content.headers.Accept":                "*/*",
			"content.headers.Accept-Encoding":       "gzip, deflate, br",
			"content.headers.X-Num":                 nil,
			"content.headers.Authorization":         nil,
			"content.headers.Mistral-Workflow-Name": nil,
		}},
		{"dict body, headers, cookies", data.MapOf("url", srv.URL+"/echo", "method", "POST",
			"body", data.MapOf("a", 1), "headers", data.MapOf("X-Num", 5, "X-Bool", true, "Accept", nil),
			"cookies", data.MapOf("c1", "v1", "c2", "2")), false, map[string]any{
			"content.body":                 `{"a": 1}`,
			"content.headers.Content-Type": nil,
			"content.headers.X-Num":        "5",
			"content.headers.X-Bool":       "True",
			"content.headers.Accept":       nil,
			"content.headers.Cookie":       "c1=v1; c2=2",
		}},
		{"gzip", data.MapOf("url", srv.URL+"/gzip"), false, map[string]any{
			"content":                  []any{1, 2},
			"headers.Content-Encoding": "gzip",
		}},
		{"raw header names", data.MapOf("url", srv.URL+"/raw"), false, map[string]any{
			"status":               int64(201),
			"reason":               "Made It",
			"content":              "ok",
			"headers.content-type": "text/plain; charset=utf-8",
			"headers.X-Multi":      "a, b",
			"headers.Content-Type": nil,
			"encoding":             "utf-8",
			"cookies":              data.MapOf("k", "v"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := runHTTP(t, "std.http", tt.input, nil)
			if err != nil {
				t.Fatalf("raised: %v", err)
			}
			if res.IsError() != tt.isError {
				t.Fatalf("IsError = %v: %s / %s", res.IsError(), data.Repr(res.Data), data.Repr(res.Error))
			}
			v := res.Data
			if tt.isError {
				v = res.Error
			}
			m := v.(*data.Map)
			if got := strings.Join(m.Keys(), ","); got != "content,status,headers,url,history,encoding,reason,cookies,elapsed" {
				t.Fatalf("keys = %s", got)
			}
			if _, ok := m.Value("elapsed").(float64); !ok {
				t.Errorf("elapsed = %s", data.Repr(m.Value("elapsed")))
			}
			for path, want := range tt.check {
				if path == "content.headers" {
					continue
				}
				got := field(t, v, strings.SplitN(path, ".", 3)...)
				if !data.Equal(got, data.Normalize(want)) {
					t.Errorf("%s = %s, want %s", path, data.Repr(got), data.Repr(want))
				}
			}
		})
	}
}

func TestMistralHTTPHeaders(t *testing.T) {
	srv := actiontest.StartHTTP(t)
	ac := &Context{WorkflowName: "wf", WorkflowExecutionID: "we", TaskExecutionID: "te",
		ActionExecutionID: "ae", CallbackURL: "http://mistral/v2/action_executions/ae"}
	res, err := runHTTP(t, "std.mistral_http", data.MapOf("url", srv.URL+"/echo"), ac)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Mistral-Workflow-Name": "wf", "Mistral-Workflow-Execution-Id": "we", "Mistral-Task-Id": "te",
		"Mistral-Action-Execution-Id": "ae", "Mistral-Callback-Url": "http://mistral/v2/action_executions/ae",
	}
	for k, v := range want {
		if got := field(t, res.Data, "content", "headers", k); got != v {
			t.Errorf("%s = %v, want %s", k, got, v)
		}
	}
	if s, _ := NewRegistry().Get("std.mistral_http"); !s.Async {
		t.Error("std.mistral_http must be async")
	}
}

func TestHTTPFailures(t *testing.T) {
	srv := actiontest.StartHTTP(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	h, port, _ := net.SplitHostPort(host)

	tests := []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"read timeout", data.MapOf("url", srv.URL+"/slow", "timeout", 0.2),
			fmt.Sprintf("Failed to send HTTP request: HTTPConnectionPool(host='%s', port=%s): Read timed out. (read timeout=0.2)", h, port)},
		{"refused", data.MapOf("url", fmt.Sprintf("http://127.0.0.1:%d/x?y=1", closedPort)),
			fmt.Sprintf("Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', port=%d): Max retries exceeded with url: /x?y=1 (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x...>: Failed to establish a new connection: [Errno 111] ECONNREFUSED'))", closedPort)},
		{"proxy refused", data.MapOf("url", srv.URL+"/json", "proxies", data.MapOf("http", fmt.Sprintf("http://127.0.0.1:%d", closedPort))),
			fmt.Sprintf("Failed to send HTTP request: HTTPConnectionPool(host='127.0.0.1', port=%d): Max retries exceeded with url: %s/json (Caused by ProxyError('Cannot connect to proxy.', NewConnectionError('<urllib3.connection.HTTPConnection object at 0x...>: Failed to establish a new connection: [Errno 111] ECONNREFUSED')))", closedPort, srv.URL)},
		{"no scheme", data.MapOf("url", "example.com/a"),
			"Failed to send HTTP request: Invalid URL 'example.com/a': No scheme supplied. Perhaps you meant http://example.com/a?"},
		{"bad scheme", data.MapOf("url", "ftp://example.com/a"),
			"Failed to send HTTP request: No connection adapters were found for 'ftp://example.com/a'"},
		{"too many redirects", data.MapOf("url", srv.URL+"/loop", "allow_redirects", true),
			"Failed to send HTTP request: Exceeded 30 redirects."},
		{"auth not a pair", data.MapOf("url", srv.URL+"/auth", "auth", "a:b:c"),
			"Failed to send HTTP request: 'str' object is not callable"},
		{"timeout list", data.MapOf("url", srv.URL+"/json", "timeout", []any{1, 2}),
			"Failed to send HTTP request: Timeout value connect was [1, 2], but it must be an int, float or None."},
		{"header type", data.MapOf("url", srv.URL+"/json", "headers", data.MapOf("X", []any{1})),
			"Failed to send HTTP request: Header part ([1]) from {'X': [1]} must be of type str or bytes, not <class 'list'>"},
		{"header value leading space", data.MapOf("url", srv.URL+"/json", "headers", data.MapOf("X", " v")),
			"Failed to send HTTP request: Invalid leading whitespace, reserved character(s), or returncharacter(s) in header value: ' v'"},
		{"header name with colon", data.MapOf("url", srv.URL+"/json", "headers", data.MapOf("X:Y", "v")),
			"Failed to send HTTP request: Invalid leading whitespace, reserved character(s), or returncharacter(s) in header name: 'X:Y'"},
		{"header beyond latin-1", data.MapOf("url", srv.URL+"/json", "headers", data.MapOf("X", "5 €")),
			"Failed to send HTTP request: 'latin-1' codec can't encode character '\\u20ac' in position 2: ordinal not in range(256)"},
		{"header run beyond latin-1", data.MapOf("url", srv.URL+"/json", "headers", data.MapOf("X", "a€€")),
			"Failed to send HTTP request: 'latin-1' codec can't encode characters in position 1-2: ordinal not in range(256)"},
		{"params list of ints", data.MapOf("url", srv.URL+"/json", "params", []any{int64(1), int64(2)}),
			"Failed to send HTTP request: cannot unpack non-iterable int object"},
		{"body list of long strings", data.MapOf("url", srv.URL+"/echo", "method", "POST", "body", []any{"abc"}),
			"Failed to send HTTP request: too many values to unpack (expected 2)"},
		{"url integer", data.MapOf("url", int64(123)),
			"Failed to send HTTP request: 'int' object has no attribute 'decode'"},
		{"url list", data.MapOf("url", []any{}),
			"Failed to send HTTP request: unhashable type: 'list'"},
		{"url false", data.MapOf("url", false),
			"Failed to send HTTP request: Invalid URL 'False': No scheme supplied. Perhaps you meant http://False?"},
		{"method null", data.MapOf("url", srv.URL+"/json", "method", nil),
			"Failed to send HTTP request: 'NoneType' object has no attribute 'upper'"},
		{"method padded", data.MapOf("url", srv.URL+"/json", "method", " get"),
			"Failed to send HTTP request: Method cannot contain non-token characters ' GET' (found at least ' ')"},
		{"body integer", data.MapOf("url", srv.URL+"/echo", "method", "POST", "body", int64(5)),
			"Failed to send HTTP request: 'int' object is not iterable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runHTTP(t, "std.http", tt.input, nil)
			if err == nil || objectAddress.ReplaceAllString(err.Error(), " object at 0x...>") != tt.want {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
			if !exc.Is(err, exc.Action) {
				t.Errorf("class %s", exc.ClassOf(err))
			}
		})
	}
}

// objectAddress is the address in a Python object repr.
var objectAddress = regexp.MustCompile(` object at 0x[0-9a-f]+>`)

func TestHTTPConstructor(t *testing.T) {
	r := NewRegistry()
	a, _, err := r.Instantiate("std.http", data.MapOf("url", "http://x", "auth", "u:p", "headers", data.MapOf("N", 1.5), "body", data.MapOf("z", 1)))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"auth":["u","p"],"url":"http://x","method":"GET","params":null,"body":"{\"z\": 1}","json":null,` +
		`"headers":{"N":"1.5"},"cookies":null,"timeout":null,"allow_redirects":null,"proxies":null,"verify":null}`
	if got := string(data.MustEncode(a.(Serializable).Vars())); got != want {
		t.Errorf("Vars = %s\nwant %s", got, want)
	}
	s, _ := r.Get("std.http")
	if got := s.InputSignature(); got != `url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null` {
		t.Errorf("signature %s", got)
	}
}

// TestHTTPInputRewritten: the caller's input shows the header values as
// HTTPAction.__init__ leaves them in its dict (str() of ints and floats,
// bools included), and nothing else changes.
func TestHTTPInputRewritten(t *testing.T) {
	r := NewRegistry()
	for _, tt := range []struct {
		name  string
		input *data.Map
		want  string
	}{
		{"numbers and bools", data.MapOf("url", "http://x", "headers", data.MapOf("I", int64(5), "B", true, "F", 1.5, "S", "s", "N", nil)),
			`{"url":"http://x","headers":{"I":"5","B":"True","F":"1.5","S":"s","N":null}}`},
		{"no headers", data.MapOf("url", "http://x"), `{"url":"http://x"}`},
		{"headers not a dict", data.MapOf("url", "http://x", "headers", "H: 1"), `{"url":"http://x","headers":"H: 1"}`},
		{"mistral_http too", data.MapOf("url", "http://x", "headers", data.MapOf("I", int64(1))), `{"url":"http://x","headers":{"I":"1"}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := "std.http"
			if tt.name == "mistral_http too" {
				name = "std.mistral_http"
			}
			headers, _ := tt.input.Value("headers").(*data.Map)
			var before string
			if headers != nil {
				before = string(data.MustEncode(headers))
			}
			if _, _, err := r.Instantiate(name, tt.input); err != nil {
				t.Fatal(err)
			}
			if got := string(data.MustEncode(tt.input)); got != tt.want {
				t.Errorf("input = %s\nwant %s", got, tt.want)
			}
			if headers != nil && string(data.MustEncode(headers)) != before {
				t.Errorf("the given headers map changed: %s", data.MustEncode(headers))
			}
		})
	}
}

func TestHTTPSVerify(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"tls": true}`)
	}))
	defer srv.Close()
	_, err := runHTTP(t, "std.http", data.MapOf("url", srv.URL), nil)
	if err == nil || !strings.Contains(err.Error(), "CERTIFICATE_VERIFY_FAILED") {
		t.Errorf("self-signed with default verify: %v", err)
	}
	res, err := runHTTP(t, "std.http", data.MapOf("url", srv.URL, "verify", false), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := field(t, res.Data, "content", "tls"); got != true {
		t.Errorf("content.tls = %v", got)
	}
	if got := field(t, res.Data, "headers", "Content-Type"); got != "application/json" {
		t.Errorf("headers over TLS = %s", data.Repr(field(t, res.Data, "headers")))
	}
}

func BenchmarkHTTPGetJSON(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"items": [1, 2, 3], "name": "bench"}`)
	}))
	defer srv.Close()
	a, _, err := NewRegistry().Instantiate("std.http", data.MapOf("url", srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ac := &Context{Logger: quietLogger}
	for b.Loop() {
		res, err := a.Run(context.Background(), ac)
		if err != nil || res.IsError() {
			b.Fatal(err, res.Error)
		}
	}
}
