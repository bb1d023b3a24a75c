package rest

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// Authentication and the request context, as Mistral's AuthHook and
// ContextHook build them (REST.md §1.2).
//
// With [pecan] auth_enable on, every request but the discovery paths must
// carry an X-Auth-Token that Keystone validates (TokenValidator); the
// caller's identity comes from the token only, never from X-User-Id,
// X-Project-Id or X-Roles headers (keystonemiddleware drops those). With
// auth off, Mistral's ContextHook still reads those headers into the
// context, and objects belong to "<default-project>".

// TokenValidator validates a caller's token: compat/keystone.Validator.
type TokenValidator interface {
	Validate(ctx context.Context, token string) (*keystone.Identity, error)
}

// openWithoutAuth are the paths Mistral's AuthHook lets through without a
// token (ALLOWED_WITHOUT_AUTH), after trailing-slash normalization.
var openWithoutAuth = map[string]bool{"/": true, "/v2/": true, "/workflowv2": true, "/workflowv2/v2": true}

// gin keys of what authenticate leaves for the handlers.
const (
	identityKey       = "tramontane.identity"
	requestContextKey = "tramontane.request_context"
)

// authenticate is the first middleware: it validates the caller's token
// when authentication is on and builds the request context of every
// request.
func (a *api) authenticate(c *gin.Context) {
	if a.Auth != nil && !openWithoutAuth[c.Request.URL.Path] {
		token := c.GetHeader("X-Auth-Token")
		if token == "" {
			a.unauthorized(c, "Failed to validate access token: Authentication required")
			return
		}
		id, err := a.Auth.Validate(c.Request.Context(), token)
		if err != nil {
			if !errors.Is(err, keystone.ErrInvalidToken) {
				a.Log.Error("validate token", "error", err)
			}
			a.unauthorized(c, "Failed to validate access token: Auth token is invalid: "+token)
			return
		}
		c.Set(identityKey, id)
	}
	rc, err := a.buildRequestContext(c)
	if err != nil {
		fail(c, err)
		c.Abort()
		return
	}
	c.Set(requestContextKey, rc)
	c.Next()
}

// identity is the validated caller, or nil with authentication off.
func identity(c *gin.Context) *keystone.Identity {
	if v, ok := c.Get(identityKey); ok {
		return v.(*keystone.Identity)
	}
	return nil
}

// requestContext is the caller's request context: the keys of Mistral's
// MistralContext.to_dict() (oslo.context's RequestContext plus Mistral's),
// as oslo.messaging sends them in _context_* keys: user (the user id),
// project_id, roles (a list), is_admin, auth_token, user_name,
// project_name, domains, region_name, service_catalog (the token body),
// expires_at, auth_uri, the target-cloud values (is_target), trust_id,
// request_id. Handlers must not change it.
func (a *api) requestContext(c *gin.Context) *data.Map {
	if v, ok := c.Get(requestContextKey); ok {
		return v.(*data.Map)
	}
	// Only a request that failed before authenticate ran gets here.
	return data.MapOf("project_id", nil, "is_admin", false, "roles", []any{})
}

// project is the project the caller's objects belong to: the validated
// token's project, or Mistral's "<default-project>" with authentication
// off (security.get_project_id).
func (a *api) project(c *gin.Context) string {
	if id := identity(c); id != nil {
		return id.ProjectID
	}
	return db.DefaultProject
}

// rpcContext is the request context sent with engine calls.
func (a *api) rpcContext(c *gin.Context) context.Context {
	return rpc.WithRequestContext(c.Request.Context(), a.requestContext(c))
}

// buildRequestContext is MistralContext.from_environ: the keystonemiddleware
// identity (or, with auth off, the identity headers as sent), the region,
// and the target-cloud headers, which replace the token, user and project
// the context carries to actions (not the project objects belong to).
func (a *api) buildRequestContext(c *gin.Context) (*data.Map, error) {
	h := c.Request.Header
	rc := data.NewMap(34)
	var roles []string
	expiresAt, catalog := any(nil), any(data.NewMap(0))
	var trustID any
	isAdminProject := true
	if id := identity(c); id != nil {
		rc.Set("user", orNil(id.UserID))
		rc.Set("project_id", orNil(id.ProjectID))
		rc.Set("domain", orNil(id.DomainID))
		rc.Set("user_domain", orNil(id.UserDomainID))
		rc.Set("project_domain", orNil(id.ProjectDomainID))
		rc.Set("auth_token", orNil(id.Token))
		rc.Set("user_name", orNil(id.UserName))
		rc.Set("project_name", orNil(id.ProjectName))
		rc.Set("domain_name", orNil(id.DomainName))
		rc.Set("user_domain_name", orNil(id.UserDomainName))
		rc.Set("project_domain_name", orNil(id.ProjectDomainName))
		roles = id.Roles
		isAdminProject = id.IsAdminProject
		expiresAt = orNil(id.ExpiresAt)
		catalog = id.Body
		if id.TrustID != "" {
			trustID = id.TrustID
		}
	} else {
		rc.Set("user", header(h, "X-User-Id", "X-User"))
		rc.Set("project_id", header(h, "X-Project-Id", "X-Tenant-Id", "X-Tenant"))
		rc.Set("domain", header(h, "X-Domain-Id"))
		rc.Set("user_domain", header(h, "X-User-Domain-Id"))
		rc.Set("project_domain", header(h, "X-Project-Domain-Id"))
		rc.Set("auth_token", header(h, "X-Auth-Token", "X-Storage-Token"))
		rc.Set("user_name", header(h, "X-User-Name"))
		rc.Set("project_name", header(h, "X-Project-Name", "X-Tenant-Name"))
		rc.Set("domain_name", nil)
		rc.Set("user_domain_name", header(h, "X-User-Domain-Name"))
		rc.Set("project_domain_name", header(h, "X-Project-Domain-Name"))
		roles = splitRoles(firstHeader(h, "X-Roles", "X-Role"))
		if v := h.Get("X-Is-Admin-Project"); v != "" {
			isAdminProject = strings.EqualFold(v, "true")
		}
	}
	roleList := make([]any, len(roles))
	isAdmin := false
	for i, r := range roles {
		roleList[i] = r
		isAdmin = isAdmin || r == "admin"
	}
	rc.Set("is_admin", isAdmin)
	rc.Set("roles", roleList)
	rc.Set("is_admin_project", isAdminProject)
	rc.Set("request_id", "req-"+uuid.NewString())
	rc.Set("auth_uri", orNil(a.cfg.AuthURI))
	rc.Set("auth_cacert", orNil(a.cfg.AuthCACert))
	rc.Set("insecure", false)
	rc.Set("service_catalog", catalog)
	rc.Set("region_name", header(h, "X-Region-Name"))
	rc.Set("is_trust_scoped", trustID != nil)
	rc.Set("redelivered", false)
	rc.Set("expires_at", expiresAt)
	rc.Set("trust_id", trustID)
	rc.Set("is_target", false)
	if h.Get("X-Target-Auth-Uri") != "" {
		if err := applyTarget(rc, h); err != nil {
			return nil, err
		}
	}
	rc.Set("user_identity", userIdentity(rc))
	return rc, nil
}

// applyTarget is _extract_mistral_auth_params with X-Target-Auth-Uri: the
// context then describes the target cloud's caller.
func applyTarget(rc *data.Map, h http.Header) error {
	insecure := false
	switch h.Get("X-Target-Insecure") {
	case "", "False":
	case "True":
		insecure = true
	default:
		return exc.New(exc.MistralException, `X-Target-Insecure must be either "True", "False" or not provided. The default is "False".`)
	}
	token := h.Get("X-Target-Auth-Token")
	if token == "" {
		return exc.New(exc.MistralException, "Target auth URI (X-Target-Auth-Uri) target auth token (X-Target-Auth-Token) must be present")
	}
	var catalog any
	if enc := h.Get("X-Target-Service-Catalog"); enc != "" {
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return exc.New(exc.MistralException, "Incorrect padding")
		}
		v, err := data.Parse(raw)
		if err != nil {
			return exc.New(exc.MistralException, "X-Target-Service-Catalog is not valid JSON: %v", err)
		}
		catalog = v
	}
	rc.Set("auth_cacert", nil)
	rc.Set("insecure", insecure)
	rc.Set("auth_token", token)
	rc.Set("auth_uri", h.Get("X-Target-Auth-Uri"))
	rc.Set("project_id", header(h, "X-Target-Project-Id"))
	rc.Set("user", header(h, "X-Target-User-Id"))
	rc.Set("user_name", header(h, "X-Target-User-Name"))
	rc.Set("region_name", header(h, "X-Target-Region-Name"))
	rc.Set("service_catalog", catalog)
	rc.Set("is_target", true)
	return nil
}

// userIdentity is oslo.context's user_identity: "user project domain
// user_domain project_domain", "-" for each missing value.
func userIdentity(rc *data.Map) string {
	parts := make([]string, 0, 5)
	for _, k := range []string{"user", "project_id", "domain", "user_domain", "project_domain"} {
		s, _ := rc.Value(k).(string)
		if s == "" {
			s = "-"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// unauthorized answers 401 as Mistral's AuthHook does behind
// keystonemiddleware: the message in Server-Error-Message and
// WWW-Authenticate, keystonemiddleware's WWW-Authenticate naming the
// Keystone to authenticate with, and webob's error body for the Accept
// header.
func (a *api) unauthorized(c *gin.Context, msg string) {
	hdr := c.Writer.Header()
	hdr.Set("Server-Error-Message", msg)
	hdr.Set("WWW-Authenticate", msg)
	hdr.Add("WWW-Authenticate", `Keystone uri="`+a.cfg.AuthURI+`"`)
	ctype, body := unauthorizedBody(c.GetHeader("Accept"), msg)
	c.Data(http.StatusUnauthorized, ctype, body)
	c.Abort()
}

// unauthorizedExplanation is webob's HTTPUnauthorized explanation.
const unauthorizedExplanation = "This server could not verify that you are authorized to access the document you requested. " +
	"Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required."

// unauthorizedBody is the body pecan and webob write for a 401 abort: JSON
// when the client prefers it, HTML for */* or text/html (what
// python-requests' "Accept: */*" gets), plain text otherwise.
func unauthorizedBody(accept, msg string) (string, []byte) {
	switch {
	case accept == "":
	case strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/") && !strings.Contains(accept, "*/*"):
		b, _ := data.EncodePython(data.MapOf("code", int64(http.StatusUnauthorized), "title", "Unauthorized", "description", msg))
		return "application/json", []byte(b)
	case strings.Contains(accept, "text/html") || strings.Contains(accept, "*/*"):
		return "text/html; charset=UTF-8", []byte("<html>\n <head>\n  <title>401 Unauthorized</title>\n </head>\n <body>\n  <h1>401 Unauthorized</h1>\n  " +
			unauthorizedExplanation + "<br /><br />\n" + msg + "\n\n\n </body>\n</html>")
	}
	return "text/plain; charset=UTF-8", []byte("401 Unauthorized\n\n" + unauthorizedExplanation + "\n\n " + msg + "  ")
}

// header is the first of the named headers present, or nil.
func header(h http.Header, names ...string) any {
	if v := firstHeader(h, names...); v != "" {
		return v
	}
	return nil
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// splitRoles reads X-Roles: comma-separated, blanks trimmed.
func splitRoles(v string) []string {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
