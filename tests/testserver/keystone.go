package testserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Keystone is a throw-away Keystone (Debian's python3-keystone) on
// loopback: an SQLite database and key repositories in a temporary
// directory, served by keystone-wsgi-public. One is started per test binary
// (SharedKeystone) and stopped by StopKeystone, which the package's TestMain
// calls.
//
// Preparing a Keystone (keystone-manage db_sync, fernet_setup,
// credential_setup, bootstrap) takes a minute on a busy machine, so it is
// done once per machine and Keystone version into a template directory
// under the system's temporary directory, which each Keystone copies.
type Keystone struct {
	URL           string // http://127.0.0.1:PORT/v3
	AdminPassword string // of user "admin", admin of project "admin"
	Dir           string
	// TokenExpiration is [token] expiration: how long tokens live.
	TokenExpiration time.Duration

	cmd     *exec.Cmd
	mu      sync.Mutex
	admin   string // admin token, project-scoped
	adminAt time.Time
	roles   map[string]string // role name -> id
}

// KeystoneUser is a user with a password and a role on a project.
type KeystoneUser struct {
	Name, ID, Password   string
	Project, ProjectID   string
	Domain, ProjectScope string // both "Default"
}

// keystoneTokenExpiration is the test Keystone's token lifetime: short, so
// a test can see a token expire, long enough for a CLI command.
const keystoneTokenExpiration = 20 * time.Second

const keystoneAdminPassword = "admin-secret"

var (
	sharedKeystoneOnce sync.Once
	sharedKeystone     *Keystone
	sharedKeystoneErr  error
)

// SharedKeystone returns this test binary's Keystone, starting it on first
// use. Without Debian's keystone the test is skipped (failed in CI).
func SharedKeystone(t testing.TB) *Keystone {
	t.Helper()
	Need(t, "keystone-manage", "python3-keystone")
	Need(t, "keystone-wsgi-public", "python3-keystone")
	sharedKeystoneOnce.Do(func() {
		sharedKeystone, sharedKeystoneErr = startKeystone(keystoneTokenExpiration)
	})
	if sharedKeystoneErr != nil {
		t.Fatalf("start Keystone: %v", sharedKeystoneErr)
	}
	return sharedKeystone
}

// StopKeystone stops this test binary's Keystone if one was started; call
// it from TestMain after m.Run.
func StopKeystone() {
	if sharedKeystone != nil {
		sharedKeystone.stop()
	}
}

func startKeystone(expiration time.Duration) (*Keystone, error) {
	tmpl, err := keystoneTemplate()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "tramontane-keystone-")
	if err != nil {
		return nil, err
	}
	if out, err := exec.Command("cp", "-a", tmpl+"/.", dir).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("copy the Keystone template: %v: %s", err, out)
	}
	conf := filepath.Join(dir, "keystone.conf")
	if err := os.WriteFile(conf, []byte(keystoneConf(dir, expiration)), 0o600); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "keystone.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("keystone-wsgi-public", "--host", "127.0.0.1", "--port", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "OS_KEYSTONE_CONFIG_FILES="+conf)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The Keystone dies with the test binary even if TestMain did not stop it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start keystone-wsgi-public: %w", err)
	}
	go func() { cmd.Wait(); logFile.Close() }()
	k := &Keystone{
		URL: fmt.Sprintf("http://127.0.0.1:%d/v3", port), AdminPassword: keystoneAdminPassword,
		Dir: dir, TokenExpiration: expiration, cmd: cmd, roles: map[string]string{},
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(k.URL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return k, nil
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			k.stop()
			log, _ := os.ReadFile(filepath.Join(dir, "keystone.log"))
			return nil, fmt.Errorf("keystone did not answer on %s: %v\n%s", k.URL, err, tail(log, 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (k *Keystone) stop() {
	if k.cmd != nil && k.cmd.Process != nil {
		k.cmd.Process.Kill()
	}
	os.RemoveAll(k.Dir)
}

func keystoneConf(dir string, expiration time.Duration) string {
	return fmt.Sprintf(`[DEFAULT]
use_stderr = true

[database]
connection = sqlite:///%[1]s/keystone.db

[fernet_tokens]
key_repository = %[1]s/fernet-keys

[fernet_receipts]
key_repository = %[1]s/fernet-receipts

[credential]
key_repository = %[1]s/credential-keys

[identity]
password_hash_rounds = 4

[token]
expiration = %[2]d
`, dir, int(expiration.Seconds()))
}

// keystoneTemplate returns a directory holding a bootstrapped Keystone
// database and key repositories, preparing it on first use on this machine.
func keystoneTemplate() (string, error) {
	version, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", "python3-keystone").Output()
	if err != nil {
		return "", fmt.Errorf("python3-keystone's version: %w", err)
	}
	name := "tramontane-keystone-template-2-" + strings.NewReplacer(":", "_", "+", "_", "~", "_").Replace(string(version))
	tmpl := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(filepath.Join(tmpl, "ready")); err == nil {
		return tmpl, nil
	}
	work, err := os.MkdirTemp("", name+"-building-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	conf := filepath.Join(work, "keystone.conf")
	if err := os.WriteFile(conf, []byte(keystoneConf(work, time.Hour)), 0o600); err != nil {
		return "", err
	}
	manage := func(args ...string) error {
		cmd := exec.Command("keystone-manage", append([]string{"--config-file", conf}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("keystone-manage %s: %v\n%s", args[0], err, tail(out, 3000))
		}
		return nil
	}
	// The key repositories do not need the database: prepare them meanwhile.
	keys := make(chan error, 1)
	go func() {
		if err := manage("fernet_setup", "--keystone-user", currentUser(), "--keystone-group", currentGroup()); err != nil {
			keys <- err
			return
		}
		keys <- manage("credential_setup", "--keystone-user", currentUser(), "--keystone-group", currentGroup())
	}()
	err = manage("db_sync")
	if kerr := <-keys; err == nil {
		err = kerr
	}
	if err != nil {
		return "", err
	}
	if err := manage("bootstrap", "--bootstrap-password", keystoneAdminPassword, "--bootstrap-region-id", "RegionOne"); err != nil {
		return "", err
	}
	// Write-ahead logging: Keystone reads on one connection while it
	// writes on another, which SQLite's default journal refuses
	// ("database is locked").
	wal := exec.Command("/usr/bin/python3", "-c",
		"import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')", filepath.Join(work, "keystone.db"))
	if out, err := wal.CombinedOutput(); err != nil {
		return "", fmt.Errorf("keystone database in WAL mode: %v: %s", err, out)
	}
	os.Remove(conf)
	if err := os.WriteFile(filepath.Join(work, "ready"), nil, 0o600); err != nil {
		return "", err
	}
	// Another test binary may have won the race: its template is as good.
	if err := os.Rename(work, tmpl); err != nil {
		if _, serr := os.Stat(filepath.Join(tmpl, "ready")); serr == nil {
			return tmpl, nil
		}
		return "", fmt.Errorf("keep the Keystone template: %w", err)
	}
	return tmpl, nil
}

func currentUser() string  { return fmt.Sprint(os.Getuid()) }
func currentGroup() string { return fmt.Sprint(os.Getgid()) }

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Token returns a project-scoped token for a user of the Default domain.
func (k *Keystone) Token(t testing.TB, user, password, project string) string {
	t.Helper()
	tok, err := k.token(user, password, project)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (k *Keystone) token(user, password, project string) (string, error) {
	body := map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{
			"user": map[string]any{"name": user, "domain": map[string]any{"id": "default"}, "password": password}}},
		"scope": map[string]any{"project": map[string]any{"name": project, "domain": map[string]any{"id": "default"}}},
	}}
	resp, raw, err := k.call(http.MethodPost, "/auth/tokens", "", body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("token for %s in %s: %s: %s", user, project, resp.Status, raw)
	}
	return resp.Header.Get("X-Subject-Token"), nil
}

// AdminToken returns a token of the bootstrap admin (project admin).
func (k *Keystone) AdminToken(t testing.TB) string {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.admin == "" || time.Since(k.adminAt) > k.TokenExpiration/2 {
		tok, err := k.token("admin", k.AdminPassword, "admin")
		if err != nil {
			t.Fatal(err)
		}
		k.admin, k.adminAt = tok, time.Now()
	}
	return k.admin
}

// Admin sends one request to Keystone's API as the admin and returns the
// decoded answer; a status other than want fails the test.
func (k *Keystone) Admin(t testing.TB, method, path string, body any, want int) map[string]any {
	t.Helper()
	resp, raw, err := k.call(method, path, k.AdminToken(t), body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		log, _ := os.ReadFile(filepath.Join(k.Dir, "keystone.log"))
		t.Fatalf("keystone %s %s: %s, want %d: %s\nkeystone.log:\n%s", method, path, resp.Status, want, raw, tail(log, 4000))
	}
	out := map[string]any{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("keystone %s %s: %v", method, path, err)
		}
	}
	return out
}

// call sends one JSON request to Keystone.
func (k *Keystone) call(method, path, token string, body any) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, k.URL+path, rd)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("keystone %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp, raw, err
}

// RevokeToken revokes a token (DELETE /v3/auth/tokens).
func (k *Keystone) RevokeToken(t testing.TB, token string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, k.URL+"/auth/tokens", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", k.AdminToken(t))
	req.Header.Set("X-Subject-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke token: %s", resp.Status)
	}
}

// CreateProject creates a project of the Default domain with a unique name
// starting with prefix and returns its name and id.
func (k *Keystone) CreateProject(t testing.TB, prefix string) (name, id string) {
	t.Helper()
	name = prefix + "-" + randomHex(4)
	out := k.Admin(t, http.MethodPost, "/projects", map[string]any{"project": map[string]any{
		"name": name, "domain_id": "default", "enabled": true}}, http.StatusCreated)
	return name, out["project"].(map[string]any)["id"].(string)
}

// RoleID returns the id of a role, creating it if it does not exist.
func (k *Keystone) RoleID(t testing.TB, role string) string {
	t.Helper()
	k.mu.Lock()
	id, ok := k.roles[role]
	k.mu.Unlock()
	if ok {
		return id
	}
	out := k.Admin(t, http.MethodGet, "/roles?name="+role, nil, http.StatusOK)
	if roles := out["roles"].([]any); len(roles) > 0 {
		id = roles[0].(map[string]any)["id"].(string)
	} else {
		out = k.Admin(t, http.MethodPost, "/roles", map[string]any{"role": map[string]any{"name": role}}, http.StatusCreated)
		id = out["role"].(map[string]any)["id"].(string)
	}
	k.mu.Lock()
	k.roles[role] = id
	k.mu.Unlock()
	return id
}

// Grant gives a user a role on a project.
func (k *Keystone) Grant(t testing.TB, userID, projectID, role string) {
	t.Helper()
	k.Admin(t, http.MethodPut, "/projects/"+projectID+"/users/"+userID+"/roles/"+k.RoleID(t, role), nil, http.StatusNoContent)
}

// CreateUser creates a user of the Default domain (unique name starting
// with prefix, random password) with the roles on the project.
func (k *Keystone) CreateUser(t testing.TB, prefix, project, projectID string, roles ...string) *KeystoneUser {
	t.Helper()
	u := &KeystoneUser{Name: prefix + "-" + randomHex(4), Password: randomHex(12), Project: project,
		ProjectID: projectID, Domain: "Default", ProjectScope: "Default"}
	out := k.Admin(t, http.MethodPost, "/users", map[string]any{"user": map[string]any{
		"name": u.Name, "password": u.Password, "domain_id": "default", "enabled": true,
		"default_project_id": projectID}}, http.StatusCreated)
	u.ID = out["user"].(map[string]any)["id"].(string)
	for _, r := range roles {
		k.Grant(t, u.ID, projectID, r)
	}
	return u
}

// Token returns a token of the user scoped to its project.
func (u *KeystoneUser) Token(t testing.TB, k *Keystone) string {
	t.Helper()
	return k.Token(t, u.Name, u.Password, u.Project)
}

// ServiceUser creates the user Mistral authenticates as (admin of its own
// service project, as deployments set it up).
func (k *Keystone) ServiceUser(t testing.TB) *KeystoneUser {
	t.Helper()
	project, projectID := k.CreateProject(t, "service")
	return k.CreateUser(t, "mistral", project, projectID, "admin")
}

// MistralConf returns the mistral.conf lines that turn authentication on
// against this Keystone with the service user.
func (k *Keystone) MistralConf(svc *KeystoneUser) string {
	return fmt.Sprintf(`[pecan]
auth_enable = true

[keystone_authtoken]
www_authenticate_uri = %[1]s
auth_url = %[1]s
auth_type = password
username = %[2]s
password = %[3]s
project_name = %[4]s
user_domain_name = Default
project_domain_name = Default
`, k.URL, svc.Name, svc.Password, svc.Project)
}

// RegisterMistral adds a workflowv2 service with public, internal and admin
// endpoints at url (http://host:port/v2) in a region of its own, and
// returns the region: a client given that region finds this server in the
// catalog.
func (k *Keystone) RegisterMistral(t testing.TB, url string) string {
	t.Helper()
	region := "Region-" + randomHex(4)
	k.Admin(t, http.MethodPost, "/regions", map[string]any{"region": map[string]any{"id": region}}, http.StatusCreated)
	out := k.Admin(t, http.MethodPost, "/services", map[string]any{"service": map[string]any{
		"type": "workflowv2", "name": "mistral", "enabled": true}}, http.StatusCreated)
	svcID := out["service"].(map[string]any)["id"].(string)
	for _, iface := range []string{"public", "internal", "admin"} {
		k.Admin(t, http.MethodPost, "/endpoints", map[string]any{"endpoint": map[string]any{
			"service_id": svcID, "interface": iface, "url": url, "region_id": region, "enabled": true}}, http.StatusCreated)
	}
	return region
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
