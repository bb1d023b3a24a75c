package rest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tramontane/tramontane/compat/policy"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/rpc"
)

// Config holds the API's options.
type Config struct {
	// AllowActionExecutionDeletion is [api] allow_action_execution_deletion.
	AllowActionExecutionDeletion bool
	// ValidationMode is [api] validation_mode: "enabled" honours
	// ?skip_validation on workflows and workbooks, "disabled" never checks
	// their definitions, anything else ("mandatory") always does.
	ValidationMode string
	// MaxBodyBytes bounds request bodies (413 beyond); 0 means 16 MiB.
	MaxBodyBytes int64
	// AuthURI is [keystone_authtoken] www_authenticate_uri: the context's
	// auth_uri and the Keystone a 401 points to.
	AuthURI string
	// AuthCACert is [keystone_authtoken] cafile, the context's auth_cacert.
	AuthCACert string
	// ProxyHeaders is [oslo_middleware] enable_proxy_headers_parsing: a
	// proxy's headers give the URLs the API answers with (app_url.go).
	ProxyHeaders bool
	// CORS are the origins browsers may call the API from ([cors]; cors.go),
	// the first rule of an origin winning.
	CORS []CORSRule
}

// Deps are the services the API uses.
type Deps struct {
	Store       *db.Store
	Engine      rpc.EngineAPI
	Definitions *definitions.Service
	Actions     *actions.Registry
	Log         *slog.Logger
	// EventEngine is told about event trigger changes (fanout casts to
	// every event engine); nil tells nobody.
	EventEngine rpc.EventEngineAPI
	// CronWake, when set, tells this process's cron trigger service that
	// the triggers changed.
	CronWake func()
	// Auth validates callers' tokens when [pecan] auth_enable is on; nil
	// means authentication is off.
	Auth TokenValidator
	// Trusts creates and deletes triggers' trusts when authentication is
	// on; nil otherwise.
	Trusts TrustManager
	// Policy decides Mistral's policy rules; nil means Mistral's defaults
	// without a policy file.
	Policy *policy.Enforcer
	// PublishedGlobal, when set, evaluates a finished task's global
	// publish again for GET /v2/tasks/{id} (engine.Engine.PublishedGlobal).
	PublishedGlobal func(ctx context.Context, t *db.TaskExecution) (*data.Map, error)
}

// api holds the handlers' dependencies.
type api struct {
	cfg Config
	Deps
}

// New returns the HTTP handler of the v2 API.
func New(cfg Config, deps Deps) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 16 << 20
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RedirectTrailingSlash = false
	r.HandleMethodNotAllowed = true
	r.Use(gin.CustomRecovery(func(c *gin.Context, p any) {
		deps.Log.Error("handler panicked", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", p)
		failWith(c, http.StatusInternalServerError, "Internal server error")
	}))
	r.NoRoute(notFound)
	r.NoMethod(methodNotAllowed)
	if deps.Policy == nil {
		e, err := policy.New(policy.Options{Log: deps.Log})
		if err != nil { // the built-in defaults always parse
			panic(fmt.Sprintf("policy defaults: %v", err))
		}
		deps.Policy = e
	}
	a := &api{cfg: cfg, Deps: deps}
	a.routes(r)
	return withCORS(cfg.CORS, a.normalize(r))
}

// normalize applies Mistral's routing quirks before gin sees the request:
// leading slashes count as one, a trailing slash is tolerated everywhere,
// GET /v2 redirects to /v2/, the query string is read as webob reads it,
// and bodies are size-limited.
func (a *api) normalize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w = &optionsWriter{ResponseWriter: w}
		}
		r = a.withApplicationURL(r)
		if strings.HasPrefix(r.URL.Path, "//") {
			// Python's HTTP server reads a path that starts with several
			// slashes as starting with one.
			r.URL.Path = "/" + strings.TrimLeft(r.URL.Path, "/")
			if r.URL.RawPath != "" {
				r.URL.RawPath = "/" + strings.TrimLeft(r.URL.RawPath, "/")
			}
		}
		p := r.URL.Path
		switch {
		case p == "/v2":
			w.Header().Set("Location", applicationURL(r)+"/v2/")
			w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
			w.WriteHeader(http.StatusFound)
			return
		case p == "/v2/":
			r.URL.Path = "/v2/"
		case len(p) > 1 && strings.HasSuffix(p, "/"):
			r.URL.Path = strings.TrimRight(p, "/")
		}
		r.URL.RawQuery = webobQuery(r.URL.RawQuery)
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
		drainBody(r)
	})
}

// drainBody reads what the handler left of the request's body (up to the
// body limit) before the server ends the request. A connection that the
// server closes with unread bytes (the client asked to close it) is reset
// instead, and the reset destroys the answer on its way to the client: an
// error given before the body mattered, a route that takes none, a GET
// with a body. A client that waits for "100 Continue" has sent nothing
// that the handler did not ask for.
func drainBody(r *http.Request) {
	if r.Body == nil || strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return
	}
	_, _ = io.Copy(io.Discard, r.Body)
}

// optionsWriter answers an OPTIONS request as Mistral's outermost
// middleware (oslo.middleware's CORS, without allowed origins) does: an
// answer other than a 2xx (a 405, a 404, a 401) becomes a 200 without
// body or content type.
type optionsWriter struct {
	http.ResponseWriter
	wrote, replaced bool
}

func (w *optionsWriter) WriteHeader(status int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if status >= 200 && status < 300 {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.replaced = true
	h := w.ResponseWriter.Header()
	for k := range h {
		delete(h, k)
	}
	h.Set("Content-Length", "0")
	w.ResponseWriter.WriteHeader(http.StatusOK)
}

func (w *optionsWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.replaced {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// webobQuery rewrites a query string so that Go's url.ParseQuery reads it
// as webob does: a ';' separates arguments as '&' does, and a '%' that
// starts no escape stays a '%'. Go's parser would drop such an argument
// instead, and so a filter (?name=a%zz would list everything).
func webobQuery(q string) string {
	if !strings.ContainsAny(q, "%;") {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		switch {
		case q[i] == ';':
			b.WriteByte('&')
		case q[i] == '%' && !(i+2 < len(q) && isHexDigit(q[i+1]) && isHexDigit(q[i+2])):
			b.WriteString("%25")
		default:
			b.WriteByte(q[i])
		}
	}
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (a *api) routes(r *gin.Engine) {
	r.Use(a.authenticate)  // first: every request's identity and context
	a.maintenanceRoutes(r) // its gate must precede every route
	// Pecan's root controllers answer every method alike, and take no
	// argument.
	r.Any("/", bodyArgs, onlyArgs(), a.root)
	r.Any("/v2/", bodyArgs, onlyArgs(), a.v2)
	v2 := r.Group("/v2", bodyArgs)
	a.workflowRoutes(v2)
	a.executionRoutes(v2)
	a.taskRoutes(v2)
	a.actionExecutionRoutes(v2)
	a.workbookRoutes(v2)
	a.actionRoutes(v2)
	a.environmentRoutes(v2)
	a.cronTriggerRoutes(v2)
	a.eventTriggerRoutes(v2)
	a.memberRoutes(v2)
	a.serviceRoutes(v2)
	a.codeSourceRoutes(v2)
	a.dynamicActionRoutes(v2)
}

// root is GET /: the API versions.
func (a *api) root(c *gin.Context) {
	respond(c, http.StatusOK, data.MapOf("versions", []any{data.MapOf(
		"id", "v2.0", "status", "CURRENT",
		"links", []any{data.MapOf("href", applicationURL(c.Request)+"/v2", "target", "v2", "rel", "self")},
	)}))
}

// v2 is GET /v2/.
func (a *api) v2(c *gin.Context) {
	respond(c, http.StatusOK, data.MapOf("uri", applicationURL(c.Request)+"/v2"))
}
