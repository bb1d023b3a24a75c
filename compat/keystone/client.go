package keystone

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/engine/data"
)

// Client talks to Keystone v3 as Mistral's service user: it validates
// callers' tokens (keystonemiddleware's auth_token) and manages the trusts
// of triggers (mistral/utils/openstack/keystone.py). Safe for concurrent
// use.
type Client struct {
	cfg   config.KeystoneAuthtoken
	base  string // auth_url without a trailing slash, ending in /v3
	http  *http.Client
	log   *slog.Logger
	cache *tokenCache

	mu      sync.Mutex
	service *Identity // the service user's token; nil until first needed
}

// New returns a client for the [keystone_authtoken] options. It does not
// contact Keystone: the service token is obtained on first use.
func New(cfg config.KeystoneAuthtoken, log *slog.Logger) (*Client, error) {
	if cfg.AuthURL == "" {
		return nil, errors.New("keystone: [keystone_authtoken] auth_url is not set")
	}
	if len(cfg.MemcachedServers) > 0 {
		log.Info("keystone_authtoken memcached_servers is ignored: validated tokens are cached in process",
			"memcached_servers", strings.Join(cfg.MemcachedServers, ","))
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.CAFile != "" || cfg.Insecure {
		tlsCfg := &tls.Config{InsecureSkipVerify: cfg.Insecure} // #nosec G402 -- the operator's [keystone_authtoken] insecure
		if cfg.CAFile != "" {
			pem, err := os.ReadFile(cfg.CAFile)
			if err != nil {
				return nil, fmt.Errorf("keystone: cafile: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("keystone: cafile %s holds no certificate", cfg.CAFile)
			}
			tlsCfg.RootCAs = pool
		}
		tr.TLSClientConfig = tlsCfg
	}
	timeout := cfg.HTTPTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &Client{
		cfg:   cfg,
		base:  v3URL(cfg.AuthURL),
		http:  &http.Client{Transport: tr, Timeout: timeout},
		log:   log,
		cache: newTokenCache(cfg.CacheSize),
	}, nil
}

// v3URL is the identity v3 endpoint of an auth_url given with or without
// its version.
func v3URL(authURL string) string {
	u := strings.TrimRight(authURL, "/")
	if strings.HasSuffix(u, "/v3") {
		return u
	}
	return u + "/v3"
}

// Validate returns the identity of a caller's token, from the cache or from
// Keystone (GET /v3/auth/tokens). An unknown, expired or revoked token gives
// ErrInvalidToken; other errors mean Keystone could not be asked.
func (c *Client) Validate(ctx context.Context, token string) (*Identity, error) {
	now := time.Now()
	if id, ok := c.cache.get(token, now); ok {
		if id == nil {
			return nil, ErrInvalidToken
		}
		return id, nil
	}
	id, err := c.validate(ctx, token, true)
	if err == nil && !id.Expires.IsZero() && !id.Expires.After(now) {
		err = ErrInvalidToken
	}
	if c.cfg.TokenCacheTime < 0 {
		return id, err
	}
	until := now.Add(c.cfg.TokenCacheTime)
	switch {
	case errors.Is(err, ErrInvalidToken):
		c.cache.put(token, nil, until, now)
		return nil, err
	case err != nil:
		return nil, err // Keystone could not say: ask again next time
	}
	if !id.Expires.IsZero() && id.Expires.Before(until) {
		until = id.Expires
	}
	c.cache.put(token, id, until, now)
	return id, nil
}

func (c *Client) validate(ctx context.Context, token string, retry bool) (*Identity, error) {
	svc, err := c.serviceToken(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/auth/tokens", nil)
	if err != nil {
		return nil, fmt.Errorf("keystone: validate token: %w", err)
	}
	req.Header.Set("X-Auth-Token", svc.Token)
	req.Header.Set("X-Subject-Token", token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("keystone: validate token: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("keystone: validate token: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return parseToken(token, body)
	case resp.StatusCode == http.StatusNotFound:
		return nil, ErrInvalidToken
	case resp.StatusCode == http.StatusUnauthorized && retry:
		// The service token was revoked or expired early: get another once.
		c.dropServiceToken(svc)
		return c.validate(ctx, token, false)
	}
	return nil, fmt.Errorf("keystone: validate token: %s: %s", resp.Status, snippet(body))
}

// serviceToken returns the service user's token, authenticating again when
// it is near its expiry.
func (c *Client) serviceToken(ctx context.Context) (*Identity, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.service != nil && !needsRenewal(c.service, time.Now()) {
		return c.service, nil
	}
	id, err := c.Authenticate(ctx, c.passwordAuth(c.projectScope()))
	if err != nil {
		return nil, fmt.Errorf("keystone: service user %s: %w", c.cfg.Username, err)
	}
	c.service = id
	return id, nil
}

// needsRenewal reports whether a token is close enough to its expiry to
// get a new one: within a third of its lifetime or a minute, whichever is
// shorter.
func needsRenewal(id *Identity, now time.Time) bool {
	if id.Expires.IsZero() {
		return false
	}
	margin := time.Minute
	if life := id.Expires.Sub(id.Issued) / 3; id.Issued.Before(id.Expires) && life < margin {
		margin = life
	}
	return !now.Before(id.Expires.Add(-margin))
}

func (c *Client) dropServiceToken(old *Identity) {
	c.mu.Lock()
	if c.service == old {
		c.service = nil
	}
	c.mu.Unlock()
}

// ServiceUserID is the service user's id (the trustee of triggers' trusts).
func (c *Client) ServiceUserID(ctx context.Context) (string, error) {
	svc, err := c.serviceToken(ctx)
	if err != nil {
		return "", err
	}
	return svc.UserID, nil
}

// passwordAuth is the password method's auth object for the service user
// with the given scope.
func (c *Client) passwordAuth(scope any) map[string]any {
	user := map[string]any{"name": c.cfg.Username, "password": c.cfg.Password, "domain": domainRef(c.cfg.UserDomainID, c.cfg.UserDomainName)}
	auth := map[string]any{"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{"user": user}}}
	if scope != nil {
		auth["scope"] = scope
	}
	return map[string]any{"auth": auth}
}

// projectScope is the service user's project scope.
func (c *Client) projectScope() any {
	if c.cfg.ProjectID != "" {
		return map[string]any{"project": map[string]any{"id": c.cfg.ProjectID}}
	}
	return map[string]any{"project": map[string]any{"name": c.cfg.ProjectName,
		"domain": domainRef(c.cfg.ProjectDomainID, c.cfg.ProjectDomainName)}}
}

// domainRef names a domain by id or name (keystoneauth's default domain is
// "default" by id when neither is given).
func domainRef(id, name string) map[string]any {
	switch {
	case id != "":
		return map[string]any{"id": id}
	case name != "":
		return map[string]any{"name": name}
	}
	return map[string]any{"id": "default"}
}

// Authenticate issues a token (POST /v3/auth/tokens) for an auth request
// body and returns its identity.
func (c *Client) Authenticate(ctx context.Context, body map[string]any) (*Identity, error) {
	resp, raw, err := c.do(ctx, http.MethodPost, "/auth/tokens", "", body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("authenticate: %s: %s", resp.Status, snippet(raw))
	}
	token := resp.Header.Get("X-Subject-Token")
	if token == "" {
		return nil, errors.New("authenticate: Keystone returned no X-Subject-Token")
	}
	return parseToken(token, raw)
}

// do sends one JSON request with an optional token and returns the answer
// and its body.
func (c *Client) do(ctx context.Context, method, path, token string, body any) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, fmt.Errorf("keystone: %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("keystone: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("keystone: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("keystone: %s %s: %w", method, path, err)
	}
	return resp, raw, nil
}

func snippet(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return strings.TrimSpace(string(b))
}

// tokenBody is the part of Keystone's token object an Identity reads.
type tokenBody struct {
	Token struct {
		ExpiresAt string `json:"expires_at"`
		IssuedAt  string `json:"issued_at"`
		User      struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Domain named  `json:"domain"`
		} `json:"user"`
		Project *struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Domain named  `json:"domain"`
		} `json:"project"`
		Domain         *named  `json:"domain"`
		Roles          []named `json:"roles"`
		IsAdminProject *bool   `json:"is_admin_project"`
		Trust          *named  `json:"OS-TRUST:trust"`
	} `json:"token"`
}

type named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// parseToken reads Keystone's {"token": {...}} answer for token.
func parseToken(token string, raw []byte) (*Identity, error) {
	var tb tokenBody
	if err := json.Unmarshal(raw, &tb); err != nil {
		return nil, fmt.Errorf("keystone: token body: %w", err)
	}
	all, err := data.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("keystone: token body: %w", err)
	}
	body, _ := all.(*data.Map).Value("token").(*data.Map)
	t := tb.Token
	id := &Identity{
		Token:          token,
		UserID:         t.User.ID,
		UserName:       t.User.Name,
		UserDomainID:   t.User.Domain.ID,
		UserDomainName: t.User.Domain.Name,
		IsAdminProject: t.IsAdminProject == nil || *t.IsAdminProject,
		ExpiresAt:      t.ExpiresAt,
		Body:           body,
	}
	if t.Project != nil {
		id.ProjectID, id.ProjectName = t.Project.ID, t.Project.Name
		id.ProjectDomainID, id.ProjectDomainName = t.Project.Domain.ID, t.Project.Domain.Name
	}
	if t.Domain != nil {
		id.DomainID, id.DomainName = t.Domain.ID, t.Domain.Name
	}
	for _, r := range t.Roles {
		id.Roles = append(id.Roles, r.Name)
	}
	if t.Trust != nil {
		id.TrustID = t.Trust.ID
	}
	if id.Expires, err = parseTime(t.ExpiresAt); err != nil {
		return nil, fmt.Errorf("keystone: token expires_at: %w", err)
	}
	if id.Issued, err = parseTime(t.IssuedAt); err != nil {
		return nil, fmt.Errorf("keystone: token issued_at: %w", err)
	}
	return id, nil
}

// parseTime reads Keystone's ISO 8601 times ("2026-11-27T09:00:00.000000Z").
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
