package rest_test

import (
	"net/http"
	"testing"

	"github.com/tramontane/tramontane/compat/rest"
)

// CORS answers as oslo.middleware's filter with Mistral's defaults (cases
// checked against Mistral 15 with the same [cors] options).
func TestCORS(t *testing.T) {
	mistral := rest.CORSRule{AllowCredentials: true, MaxAge: 600,
		ExposeHeaders: []string{"X-Auth-Token", "X-Subject-Token"},
		AllowMethods:  []string{"GET", "PUT", "POST", "DELETE", "PATCH"},
		AllowHeaders:  []string{"X-Auth-Token", "X-Project-Id"}}
	ui, second := mistral, mistral
	ui.Origin = "https://ui.example"
	second.Origin, second.AllowCredentials, second.ExposeHeaders = "https://second.example", false, []string{"X-Foo"}
	a := newTestAPIWith(t, rest.Config{CORS: []rest.CORSRule{ui, second}})
	preflight := func(origin, method, headers string) http.Header {
		h := http.Header{"Origin": {origin}, "Access-Control-Request-Method": {method}}
		if headers != "" {
			h.Set("Access-Control-Request-Headers", headers)
		}
		return h
	}
	none := map[string]string{"Access-Control-Allow-Origin": "", "Vary": "", "Access-Control-Allow-Methods": ""}
	for _, tc := range []struct {
		name, method, path string
		header             http.Header
		status             int
		want               map[string]string // "" for absent
	}{
		{"preflight allowed", "OPTIONS", "/v2/workflows", preflight("https://ui.example", "POST", "X-Auth-Token, content-type"), 200,
			map[string]string{"Vary": "Origin", "Access-Control-Allow-Origin": "https://ui.example",
				"Access-Control-Allow-Credentials": "true", "Access-Control-Max-Age": "600",
				"Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "X-Auth-Token,content-type",
				"Content-Type": ""}},
		{"preflight of an unknown path", "OPTIONS", "/nope", preflight("https://ui.example", "GET", ""), 200,
			map[string]string{"Access-Control-Allow-Origin": "https://ui.example", "Access-Control-Allow-Methods": "GET",
				"Access-Control-Allow-Headers": ""}},
		{"preflight without credentials", "OPTIONS", "/v2/executions/x", preflight("https://second.example", "DELETE", ""), 200,
			map[string]string{"Access-Control-Allow-Origin": "https://second.example", "Access-Control-Allow-Credentials": ""}},
		{"preflight for a header not allowed", "OPTIONS", "/v2/workflows", preflight("https://ui.example", "POST", "X-Custom"), 200, none},
		{"preflight for a method not allowed", "OPTIONS", "/v2/workflows", preflight("https://ui.example", "HEAD", ""), 200, none},
		{"preflight without a method", "OPTIONS", "/v2/workflows", http.Header{"Origin": {"https://ui.example"}}, 200, none},
		{"preflight from another origin", "OPTIONS", "/v2/workflows", preflight("https://evil.example", "GET", ""), 200, none},
		{"request", "GET", "/v2/workflows", http.Header{"Origin": {"https://ui.example"}}, 200,
			map[string]string{"Vary": "Origin", "Access-Control-Allow-Origin": "https://ui.example",
				"Access-Control-Allow-Credentials": "true", "Access-Control-Expose-Headers": "X-Auth-Token,X-Subject-Token",
				"Content-Type": "application/json"}},
		{"request of the second origin", "GET", "/v2/workflows", http.Header{"Origin": {"https://second.example"}}, 200,
			map[string]string{"Access-Control-Allow-Origin": "https://second.example", "Access-Control-Allow-Credentials": "",
				"Access-Control-Expose-Headers": "X-Foo"}},
		{"failed request", "GET", "/v2/executions/nope", http.Header{"Origin": {"https://ui.example"}}, 404,
			map[string]string{"Access-Control-Allow-Origin": "https://ui.example"}},
		{"request from another origin", "GET", "/v2/workflows", http.Header{"Origin": {"https://evil.example"}}, 200, none},
		{"request without origin", "GET", "/v2/workflows", nil, 200, none},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.doWith(tc.method, tc.path, "", "", tc.header)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d", r.status, tc.status)
			}
			for k, v := range tc.want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
	// "*" allows any origin, and says so.
	anyOrigin := mistral
	anyOrigin.Origin = "*"
	star := newTestAPIWith(t, rest.Config{CORS: []rest.CORSRule{anyOrigin}})
	if got := star.doWith("GET", "/", "", "", http.Header{"Origin": {"https://x.example"}}).header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin %q with allowed_origin = *", got)
	}
}
