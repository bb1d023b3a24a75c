package rest_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/compat/rest"
)

// The URLs in answers follow a proxy's headers only when
// [oslo_middleware] enable_proxy_headers_parsing says the API is behind
// one, and read them as oslo.middleware's HTTPProxyToWSGI (cases checked
// against Mistral 15).
func TestApplicationURL(t *testing.T) {
	plain := newTestAPI(t)
	proxied := newTestAPIWith(t, rest.Config{ProxyHeaders: true})
	host := func(a *testAPI) string { return strings.TrimPrefix(a.srv.URL, "http://") }
	for _, tc := range []struct {
		name   string
		behind bool
		header http.Header
		want   string // the versions document's link, HOST the server's
	}{
		{"no proxy: headers ignored", false, http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"evil.example"},
			"X-Forwarded-Prefix": {"/x"}, "Forwarded": {"proto=https;host=evil.example"}}, "http://HOST/v2"},
		{"no proxy: default port dropped", false, http.Header{"Host": {"api.example:80"}}, "http://api.example/v2"},
		{"x-forwarded", true, http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"api.example"},
			"X-Forwarded-Prefix": {"/workflow"}}, "https://api.example/workflow/v2"},
		{"https default port dropped", true, http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"api.example:443"}},
			"https://api.example/v2"},
		{"other port kept", true, http.Header{"X-Forwarded-Host": {"api.example:8443"}}, "http://api.example:8443/v2"},
		{"IPv6 host kept whole", true, http.Header{"X-Forwarded-Host": {"[::1]:80"}}, "http://[::1]/v2"},
		{"forwarded: first element wins over X-Forwarded-*", true, http.Header{
			"Forwarded":         {"for=192.0.2.1;proto=https;host=fw.example, for=192.0.2.2;proto=http"},
			"X-Forwarded-Proto": {"ftp"}}, "https://fw.example/v2"},
		{"forwarded without proto", true, http.Header{"Forwarded": {"for=192.0.2.1"}, "X-Forwarded-Proto": {"https"}},
			"http://HOST/v2"},
		{"forwarded pairs trimmed, keys folded, quotes kept", true, http.Header{"Forwarded": {`proto=HTTPS ; Host = "q.example"`}},
			`HTTPS://\"q.example\"/v2`},
		{"prefix quoted as a path", true, http.Header{"X-Forwarded-Prefix": {"/a b%/c~d!"}}, "http://HOST/a%20b%25/c~d!/v2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := plain
			if tc.behind {
				a = proxied
			}
			r := a.doWith(http.MethodGet, "/", "", "", tc.header)
			want := strings.ReplaceAll(tc.want, "HOST", host(a))
			if !strings.Contains(r.text, `"href": "`+want+`"`) {
				t.Errorf("versions: %s, want the link %s", r.text, want)
			}
		})
	}
	// An HTTP/1.0 request without a Host header gets the server's address.
	conn, err := net.Dial("tcp", host(plain))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(conn); !strings.Contains(string(b), `"href": "http://`+host(plain)+`/v2"`) {
		t.Errorf("versions without a Host header: %s", b)
	}
	// The redirect of /v2, /v2/'s uri and a list's next page use it too.
	header := http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"api.example"}, "X-Forwarded-Prefix": {"/wf"}}
	if loc := proxied.doWith(http.MethodGet, "/v2", "", "", header).header.Get("Location"); loc != "https://api.example/wf/v2/" {
		t.Errorf("Location %q", loc)
	}
	if r := proxied.doWith(http.MethodGet, "/v2/", "", "", header); !strings.Contains(r.text, `"uri": "https://api.example/wf/v2"`) {
		t.Errorf("v2 root: %s", r.text)
	}
	if r := proxied.doWith(http.MethodGet, "/v2/actions?limit=1&fields=name", "", "", header); !strings.Contains(r.text,
		`"next": "https://api.example/wf/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&`) {
		t.Errorf("actions: %s", r.text)
	}
	proxied.postText("/v2/workflows", twoWorkflows).expect(t, 201)
	if r := proxied.doWith(http.MethodGet, "/v2/workflows?limit=1", "", "", header); !strings.Contains(r.text,
		`"next": "https://api.example/wf/v2/workflows?sort_keys=created_at,id&sort_dirs=asc,asc&limit=1&marker=`) {
		t.Errorf("workflows: %s", r.text)
	}
}
