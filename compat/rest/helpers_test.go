package rest_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/compat/policy"
	"github.com/tramontane/tramontane/compat/rest"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/engine/executor"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/inproc"
	"github.com/tramontane/tramontane/tests/testserver"
)

// testAPI is the v2 API over a fresh SQLite database with the real engine
// and executor wired through the in-process transport.
type testAPI struct {
	t       testing.TB
	srv     *httptest.Server
	store   *db.Store
	handler http.Handler
	token   string // sent as X-Auth-Token when set
}

// as returns the API as seen by the bearer of token.
func (a *testAPI) as(token string) *testAPI {
	c := *a
	c.token = token
	return &c
}

// apiOptions vary the test API: a database connection other than a fresh
// SQLite file, a token validator (authentication on) and a policy.
type apiOptions struct {
	cfg        rest.Config
	connection string
	auth       rest.TokenValidator
	policy     *policy.Enforcer
}

func newTestAPI(t testing.TB) *testAPI {
	return newTestAPIWith(t, rest.Config{})
}

// newTestAPIOn is the test API on a fresh database of backend, "sqlite" or
// "mariadb".
func newTestAPIOn(t testing.TB, backend string) *testAPI {
	return newTestAPIOpts(t, apiOptions{connection: connectionFor(t, backend)})
}

// connectionFor is a fresh database of backend: a MariaDB database's
// connection string, or "" (a fresh SQLite file) for "sqlite".
func connectionFor(t testing.TB, backend string) string {
	if backend == "mariadb" {
		return testserver.MySQLDatabase(t)
	}
	return ""
}

func newTestAPIWith(t testing.TB, cfg rest.Config) *testAPI {
	return newTestAPIOpts(t, apiOptions{cfg: cfg})
}

func newTestAPIOpts(t testing.TB, o apiOptions) *testAPI {
	t.Helper()
	cfg := o.cfg
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	conn := o.connection
	if conn == "" {
		conn = "sqlite:///" + filepath.Join(t.TempDir(), "rest.sqlite")
	}
	store := dbtest.Open(t, conn)
	log := slog.New(slog.DiscardHandler)

	eval := expr.NewEvaluator(yaql.New(), jinja.New())
	reg := actions.NewRegistry()
	tr := inproc.New(10*time.Second, log)
	t.Cleanup(func() { tr.Close() })
	engineClient := rpc.NewEngineClient(tr, "")
	executorClient := rpc.NewExecutorClient(tr, "")
	eng := engine.New(engine.Config{AuthEnable: o.auth != nil}, store, eval, reg, executorClient, log)
	if err := rpc.ServeEngine(ctx, tr, "", "test", eng); err != nil {
		t.Fatal(err)
	}
	if err := rpc.ServeExecutor(ctx, tr, "", "test", executor.New(reg, engineClient, log)); err != nil {
		t.Fatal(err)
	}
	h := rest.New(cfg, rest.Deps{
		Store:       store,
		Engine:      engineClient,
		Definitions: definitions.New(store, eval),
		Actions:     reg,
		Log:         log,
		Auth:        o.auth,
		Policy:      o.policy,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testAPI{t: t, srv: srv, store: store, handler: h}
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	text   string
	body   any // decoded JSON, nil if not JSON
}

// obj returns the body as an object (fatal if it is not one).
func (r *response) obj(t testing.TB) *data.Map {
	t.Helper()
	m, ok := r.body.(*data.Map)
	if !ok {
		t.Fatalf("body is not an object: %d %s", r.status, r.text)
	}
	return m
}

// list returns the items of a list envelope.
func (r *response) list(t testing.TB, key string) []*data.Map {
	t.Helper()
	items, ok := r.obj(t).Value(key).([]any)
	if !ok {
		t.Fatalf("no %q list in %s", key, r.text)
	}
	out := make([]*data.Map, 0, len(items))
	for _, it := range items {
		out = append(out, it.(*data.Map))
	}
	return out
}

func (a *testAPI) do(method, path, contentType, body string) *response {
	a.t.Helper()
	return a.doWith(method, path, contentType, body, nil)
}

// doWith is do with more request headers (Host sets the request's host).
func (a *testAPI) doWith(method, path, contentType, body string, header http.Header) *response {
	a.t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if h := header.Get("Host"); h != "" {
		req.Host = h
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if a.token != "" {
		req.Header.Set("X-Auth-Token", a.token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	r := &response{status: resp.StatusCode, header: resp.Header, text: string(b)}
	if v, err := data.Parse(b); err == nil {
		r.body = v
	}
	return r
}

func (a *testAPI) get(path string) *response { return a.do(http.MethodGet, path, "", "") }

func (a *testAPI) postJSON(path, body string) *response {
	return a.do(http.MethodPost, path, "application/json", body)
}

func (a *testAPI) putJSON(path, body string) *response {
	return a.do(http.MethodPut, path, "application/json", body)
}

func (a *testAPI) postText(path, body string) *response {
	return a.do(http.MethodPost, path, "text/plain", body)
}

// expect fails unless the status is want.
func (r *response) expect(t testing.TB, want int) *response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r.text)
	}
	return r
}

// waitExecution polls until the execution leaves RUNNING.
func (a *testAPI) waitExecution(id string) *data.Map {
	a.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := a.get("/v2/executions/"+id).expect(a.t, http.StatusOK).obj(a.t)
		if s := m.Value("state"); s != "RUNNING" || time.Now().After(deadline) {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const helloWorkflow = `---
version: '2.0'

hello:
  description: Says hello.
  tags: [greet]
  input:
    - name
    - greeting: Hello
  output:
    text: <% $.text %>
  tasks:
    say:
      action: std.echo output="<% $.greeting %>, <% $.name %>!"
      publish:
        text: <% task().result %>
`
