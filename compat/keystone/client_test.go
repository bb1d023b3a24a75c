package keystone_test

import (
	"errors"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/tests/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testserver.StopKeystone()
	os.Exit(code)
}

// newClient returns a client of the test Keystone as a fresh service user.
func newClient(t *testing.T, ks *testserver.Keystone, cacheTime int) (*keystone.Client, *testserver.KeystoneUser) {
	t.Helper()
	svc := ks.ServiceUser(t)
	files := config.NewFiles()
	for k, v := range map[string]string{
		"auth_url": ks.URL, "username": svc.Name, "password": svc.Password, "project_name": svc.Project,
		"user_domain_name": "Default", "project_domain_name": "Default", "token_cache_time": itoa(cacheTime),
	} {
		files.Set("keystone_authtoken", k, v)
	}
	files.Set("pecan", "auth_enable", "true")
	cfg, err := config.FromFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	c, err := keystone.New(cfg.Auth.Keystone, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return c, svc
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestValidate(t *testing.T) {
	ks := testserver.SharedKeystone(t)
	c, _ := newClient(t, ks, 300)
	project, projectID := ks.CreateProject(t, "validate")
	alice := ks.CreateUser(t, "alice", project, projectID, "member")
	token := alice.Token(t, ks)

	id, err := c.Validate(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != alice.ID || id.UserName != alice.Name || id.ProjectID != projectID || id.ProjectName != project ||
		id.UserDomainName != "Default" || id.Token != token || !id.IsAdminProject || id.Expires.IsZero() {
		t.Errorf("identity = %+v", id)
	}
	if !slices.Contains(id.Roles, "member") || id.HasRole("admin") {
		t.Errorf("roles = %v", id.Roles)
	}
	if id.Body == nil || id.Body.Value("catalog") == nil {
		t.Errorf("token body = %v", id.Body)
	}

	if _, err := c.Validate(t.Context(), "not-a-token"); !errors.Is(err, keystone.ErrInvalidToken) {
		t.Errorf("garbage token: err = %v, want ErrInvalidToken", err)
	}

	// A revoked token is refused (it was never cached).
	revoked := alice.Token(t, ks)
	ks.RevokeToken(t, revoked)
	if _, err := c.Validate(t.Context(), revoked); !errors.Is(err, keystone.ErrInvalidToken) {
		t.Errorf("revoked token: err = %v, want ErrInvalidToken", err)
	}
}

func TestValidateWithoutCache(t *testing.T) {
	ks := testserver.SharedKeystone(t)
	c, _ := newClient(t, ks, -1)
	project, projectID := ks.CreateProject(t, "nocache")
	bob := ks.CreateUser(t, "bob", project, projectID, "member")
	token := bob.Token(t, ks)
	if _, err := c.Validate(t.Context(), token); err != nil {
		t.Fatal(err)
	}
	ks.RevokeToken(t, token)
	if _, err := c.Validate(t.Context(), token); !errors.Is(err, keystone.ErrInvalidToken) {
		t.Errorf("revoked after a validation, no cache: err = %v, want ErrInvalidToken", err)
	}
}

func TestServiceTokenRevoked(t *testing.T) {
	ks := testserver.SharedKeystone(t)
	c, svc := newClient(t, ks, 300)
	project, projectID := ks.CreateProject(t, "svc")
	carol := ks.CreateUser(t, "carol", project, projectID, "member")
	if _, err := c.Validate(t.Context(), carol.Token(t, ks)); err != nil {
		t.Fatal(err)
	}
	// Disabling the service user revokes its tokens: the client must notice
	// the 401 and authenticate again once it is enabled.
	ks.Admin(t, "PATCH", "/users/"+svc.ID, map[string]any{"user": map[string]any{"enabled": false}}, 200)
	ks.Admin(t, "PATCH", "/users/"+svc.ID, map[string]any{"user": map[string]any{"enabled": true}}, 200)
	time.Sleep(1100 * time.Millisecond) // revocation events have a one-second granularity
	if _, err := c.Validate(t.Context(), carol.Token(t, ks)); err != nil {
		t.Fatalf("validate after the service token was revoked: %v", err)
	}
}

func TestTrust(t *testing.T) {
	ks := testserver.SharedKeystone(t)
	c, svc := newClient(t, ks, 300)
	project, projectID := ks.CreateProject(t, "trust")
	dave := ks.CreateUser(t, "dave", project, projectID, "member")
	caller, err := c.Validate(t.Context(), dave.Token(t, ks))
	if err != nil {
		t.Fatal(err)
	}
	trustID, err := c.CreateTrust(t.Context(), caller)
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.TrustToken(t.Context(), trustID)
	if err != nil {
		t.Fatal(err)
	}
	// Impersonation: the token acts as the trustor in its project.
	if id.UserID != dave.ID || id.ProjectID != projectID || id.TrustID != trustID || !id.HasRole("member") {
		t.Errorf("trust-scoped identity = %+v (service user %s)", id, svc.ID)
	}
	rc, err := c.TriggerContext(t.Context(), trustID, projectID)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Value("user") != dave.ID || rc.Value("project_id") != projectID || rc.Value("trust_id") != trustID ||
		rc.Value("is_trust_scoped") != true || rc.Value("auth_token") == nil || rc.Value("is_admin") != false {
		t.Errorf("trigger context = %v", rc)
	}
	if err := c.DeleteTrust(t.Context(), trustID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TrustToken(t.Context(), trustID); err == nil {
		t.Error("a deleted trust still gives tokens")
	}
}
