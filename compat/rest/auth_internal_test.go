package rest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// tokens is a TokenValidator over a fixed set of identities.
type tokens map[string]*keystone.Identity

func (t tokens) Validate(_ context.Context, token string) (*keystone.Identity, error) {
	if id, ok := t[token]; ok {
		return id, nil
	}
	return nil, keystone.ErrInvalidToken
}

// probe serves one request through authenticate and returns what a handler
// would see.
func probe(t *testing.T, a *api, path string, headers map[string]string) (*httptest.ResponseRecorder, *data.Map, string) {
	t.Helper()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(a.authenticate)
	var rc *data.Map
	var project string
	r.GET(path, func(c *gin.Context) {
		rc = a.requestContext(c)
		project = a.project(c)
		c.Status(http.StatusOK)
	})
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w, rc, project
}

func TestRequestContextWithoutAuth(t *testing.T) {
	a := &api{Deps: Deps{Log: slog.New(slog.DiscardHandler)}}
	cases := []struct {
		name    string
		headers map[string]string
		want    map[string]any
	}{
		{"no headers", nil, map[string]any{
			"user": nil, "project_id": nil, "is_admin": false, "auth_token": nil,
			"user_identity": "- - - - -", "is_target": false, "is_admin_project": true,
		}},
		{"identity headers as Mistral's ContextHook reads them", map[string]string{
			"X-User-Id": "u1", "X-Project-Id": "p1", "X-Roles": "member, admin", "X-Auth-Token": "tok",
			"X-Region-Name": "RegionTwo", "X-User-Name": "alice", "X-Is-Admin-Project": "False",
		}, map[string]any{
			"user": "u1", "project_id": "p1", "is_admin": true, "auth_token": "tok", "region_name": "RegionTwo",
			"user_name": "alice", "user_identity": "u1 p1 - - -", "is_admin_project": false,
		}},
		{"legacy tenant header", map[string]string{"X-Tenant-Id": "p2"}, map[string]any{"project_id": "p2"}},
		{"target cloud", map[string]string{
			"X-Auth-Token": "mine", "X-Target-Auth-Uri": "http://other:5000/v3", "X-Target-Auth-Token": "theirs",
			"X-Target-Project-Id": "tp", "X-Target-User-Id": "tu", "X-Target-Insecure": "True",
			"X-Target-Service-Catalog": "eyJhIjogMX0=", // {"a": 1}
		}, map[string]any{
			"auth_token": "theirs", "auth_uri": "http://other:5000/v3", "project_id": "tp", "user": "tu",
			"insecure": true, "is_target": true,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, rc, project := probe(t, a, "/v2/workflows", tc.headers)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if project != db.DefaultProject {
				t.Errorf("project = %q, want %q whatever the headers say", project, db.DefaultProject)
			}
			for k, v := range tc.want {
				if got := rc.Value(k); got != v {
					t.Errorf("%s = %#v, want %#v", k, got, v)
				}
			}
			if id, _ := rc.Value("request_id").(string); len(id) != 40 {
				t.Errorf("request_id = %q, want req-<uuid>", id)
			}
		})
	}
}

func TestRequestContextTargetErrors(t *testing.T) {
	a := &api{Deps: Deps{Log: slog.New(slog.DiscardHandler)}}
	for name, h := range map[string]map[string]string{
		"no target token": {"X-Target-Auth-Uri": "http://x"},
		"bad insecure":    {"X-Target-Auth-Uri": "http://x", "X-Target-Auth-Token": "t", "X-Target-Insecure": "yes"},
	} {
		t.Run(name, func(t *testing.T) {
			w, _, _ := probe(t, a, "/v2/workflows", h)
			if w.Code != http.StatusInternalServerError {
				t.Errorf("status %d, want 500 (MistralException): %s", w.Code, w.Body)
			}
		})
	}
}

func TestAuthenticate(t *testing.T) {
	alice := &keystone.Identity{
		Token: "good", UserID: "uid", UserName: "alice", ProjectID: "pid", ProjectName: "demo",
		Roles: []string{"member", "reader"}, IsAdminProject: true, ExpiresAt: "2030-01-01T00:00:00.000000Z",
		Body: data.MapOf("catalog", []any{}),
	}
	a := &api{cfg: Config{AuthURI: "http://keystone:5000/v3"},
		Deps: Deps{Log: slog.New(slog.DiscardHandler), Auth: tokens{"good": alice}}}

	w, rc, project := probe(t, a, "/v2/workflows", map[string]string{
		"X-Auth-Token": "good", "X-Project-Id": "forged", "X-Roles": "admin",
	})
	if w.Code != http.StatusOK {
		t.Fatalf("valid token: status %d", w.Code)
	}
	if project != "pid" || rc.Value("project_id") != "pid" || rc.Value("is_admin") != false || rc.Value("user") != "uid" {
		t.Errorf("identity must come from the token only: project %q, context %v", project, rc)
	}
	if rc.Value("auth_uri") != "http://keystone:5000/v3" || rc.Value("expires_at") != alice.ExpiresAt || rc.Value("service_catalog") != alice.Body {
		t.Errorf("context = %v", rc)
	}

	for _, tc := range []struct{ name, token, msg string }{
		{"missing", "", "Failed to validate access token: Authentication required"},
		{"invalid", "bad", "Failed to validate access token: Auth token is invalid: bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"Accept": "application/json"}
			if tc.token != "" {
				h["X-Auth-Token"] = tc.token
			}
			w, _, _ := probe(t, a, "/v2/workflows", h)
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
			if got := w.Header().Get("Server-Error-Message"); got != tc.msg {
				t.Errorf("Server-Error-Message = %q, want %q", got, tc.msg)
			}
			want := []string{tc.msg, `Keystone uri="http://keystone:5000/v3"`}
			if got := w.Header().Values("WWW-Authenticate"); !slices.Equal(got, want) {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
			body, err := data.Parse(w.Body.Bytes())
			if err != nil || body.(*data.Map).Value("description") != tc.msg {
				t.Errorf("body = %s", w.Body)
			}
		})
	}

	// Discovery needs no token.
	for _, p := range []string{"/", "/v2/"} {
		if w, _, _ := probe(t, a, p, nil); w.Code != http.StatusOK {
			t.Errorf("GET %s without a token: %d, want 200", p, w.Code)
		}
	}
}

// The bodies are the real Mistral 15's (behind keystonemiddleware), as
// observed for a request without a token: their lengths, and the JSON one
// whole.
func TestUnauthorizedBody(t *testing.T) {
	const msg = "Failed to validate access token: Authentication required"
	for _, tc := range []struct {
		accept, ctype string
		size          int
	}{
		{"", "text/plain; charset=UTF-8", 309},
		{"text/plain", "text/plain; charset=UTF-8", 309},
		{"*/*", "text/html; charset=UTF-8", 414},
		{"application/json", "application/json", 113},
	} {
		ctype, body := unauthorizedBody(tc.accept, msg)
		if ctype != tc.ctype || len(body) != tc.size {
			t.Errorf("Accept %q: %s, %d bytes; want %s, %d bytes", tc.accept, ctype, len(body), tc.ctype, tc.size)
		}
	}
	if _, body := unauthorizedBody("application/json", msg); string(body) != `{"code": 401, "title": "Unauthorized", "description": "`+msg+`"}` {
		t.Errorf("JSON body %s", body)
	}
}
