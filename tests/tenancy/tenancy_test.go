// Package tenancy runs mistral-server behind a real Keystone (Debian's
// python3-keystone on loopback) with several projects and checks, with the
// real mistral CLI and plain HTTP, what Mistral's projects, sharing and
// policies promise: each project sees only its own private workflows and
// executions, a public workflow is visible to all, a member share works
// once accepted, an admin lists all projects, and a policy file that
// forbids executions:create for a role refuses that role only.
package tenancy

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testserver.StopKeystone()
	os.Exit(code)
}

// deployment is a mistral-server behind the test Keystone, with the
// tokens of the users that call its API directly.
type deployment struct {
	*testserver.KeystoneDeployment
	tokens map[string]token // by user name
}

// token is a Keystone token and when it was issued: the test Keystone's
// tokens live only seconds.
type token struct {
	id  string
	got time.Time
}

// mistral runs the CLI as u; stdout and stderr together.
func (d *deployment) mistral(t *testing.T, u *testserver.KeystoneUser, args ...string) (string, error) {
	t.Helper()
	out, errOut, err := d.CLI(t, u, u.Password, args...)
	return out + errOut, err
}

// ok runs a CLI command that must succeed and decodes its -f json output.
func (d *deployment) ok(t *testing.T, u *testserver.KeystoneUser, args ...string) any {
	t.Helper()
	out, errOut, err := d.CLI(t, u, u.Password, append(args, "-f", "json")...)
	if err != nil {
		t.Fatalf("%s: mistral %s: %v\n%s%s", u.Name, strings.Join(args, " "), err, out, errOut)
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("mistral %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// column returns one column of a CLI list.
func column(v any, name string) []string {
	var out []string
	for _, row := range v.([]any) {
		s, _ := row.(map[string]any)[name].(string)
		out = append(out, s)
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// api calls the REST API with u's token and returns the status and body;
// the checks that need no CLI use it, since every CLI run authenticates
// anew.
func (d *deployment) api(t *testing.T, u *testserver.KeystoneUser, method, path, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.Server.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	tok := d.tokens[u.Name]
	if time.Since(tok.got) > d.Keystone.TokenExpiration/2 {
		tok = token{id: u.Token(t, d.Keystone), got: time.Now()}
		d.tokens[u.Name] = tok
	}
	req.Header.Set("X-Auth-Token", tok.id)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func workflowFile(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".yaml")
	text := "version: '2.0'\n" + name + ":\n  tasks:\n    t:\n      action: std.echo output=" + name + "\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProjectsWithKeystone(t *testing.T) {
	policyFile := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(policyFile, []byte(`"executions:create": "not role:restricted and rule:admin_or_owner"`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := &deployment{KeystoneDeployment: testserver.StartWithKeystone(t, "\n[oslo_policy]\npolicy_file = "+policyFile+"\n"), tokens: map[string]token{}}
	projA, projAID := d.Keystone.CreateProject(t, "proj-a")
	projB, projBID := d.Keystone.CreateProject(t, "proj-b")
	projAdmin, projAdminID := d.Keystone.CreateProject(t, "proj-admin")
	alice := d.Keystone.CreateUser(t, "alice", projA, projAID, "member")
	carol := d.Keystone.CreateUser(t, "carol", projA, projAID, "member", "restricted")
	bob := d.Keystone.CreateUser(t, "bob", projB, projBID, "member")
	admin := d.Keystone.CreateUser(t, "boss", projAdmin, projAdminID, "admin")

	wfA := d.ok(t, alice, "workflow-create", workflowFile(t, "wf_a")).([]any)[0].(map[string]any)
	wfAID := wfA["ID"].(string)
	if wfA["Project ID"] != projAID {
		t.Errorf("alice's workflow belongs to %v, want %s", wfA["Project ID"], projAID)
	}
	d.ok(t, bob, "workflow-create", workflowFile(t, "wf_b"))

	// Each project sees only its own private workflows and executions.
	if got := column(d.ok(t, alice, "workflow-list"), "Name"); !has(got, "wf_a") || has(got, "wf_b") {
		t.Errorf("alice lists workflows %v", got)
	}
	if got := column(d.ok(t, bob, "workflow-list"), "Name"); has(got, "wf_a") || !has(got, "wf_b") {
		t.Errorf("bob lists workflows %v", got)
	}
	if status, body := d.api(t, bob, http.MethodGet, "/workflows/"+wfAID, "", ""); status != http.StatusNotFound {
		t.Errorf("bob reads alice's workflow: %d %s", status, body)
	}
	exA := d.ok(t, alice, "execution-create", "wf_a").(map[string]any)
	exAID := exA["ID"].(string)
	if got := column(d.ok(t, bob, "execution-list"), "ID"); has(got, exAID) {
		t.Errorf("bob lists alice's execution: %v", got)
	}
	if got := column(d.ok(t, alice, "execution-list"), "ID"); !has(got, exAID) {
		t.Errorf("alice does not list her execution: %v", got)
	}
	if status, body := d.api(t, bob, http.MethodGet, "/executions/"+exAID, "", ""); status != http.StatusNotFound {
		t.Errorf("bob reads alice's execution: %d %s", status, body)
	}

	// A public workflow is visible to both projects.
	d.ok(t, admin, "workflow-create", "--public", workflowFile(t, "wf_pub"))
	for _, u := range []*testserver.KeystoneUser{alice, bob} {
		if got := column(d.ok(t, u, "workflow-list"), "Name"); !has(got, "wf_pub") {
			t.Errorf("%s does not list the public workflow: %v", u.Name, got)
		}
	}
	if status, body := d.api(t, alice, http.MethodPost, "/workflows?scope=public", "text/plain", "version: '2.0'\nwf_nope:\n  tasks:\n    t:\n      action: std.noop\n"); status != http.StatusForbidden {
		t.Errorf("a member publicized a workflow: %d %s", status, body)
	}

	// A member share: alice shares wf_a with bob's project, bob accepts
	// and runs it.
	m := d.ok(t, alice, "member-create", wfAID, "workflow", projBID).(map[string]any)
	if m["Status"] != "pending" {
		t.Errorf("new member: %v", m)
	}
	if status, body := d.api(t, bob, http.MethodGet, "/workflows/"+wfAID, "", ""); status != http.StatusNotFound {
		t.Errorf("bob reads a pending share: %d %s", status, body)
	}
	d.ok(t, bob, "member-update", wfAID, "workflow", "-m", projBID, "-s", "accepted")
	if got := column(d.ok(t, bob, "workflow-list"), "Name"); !has(got, "wf_a") {
		t.Errorf("bob does not list the accepted share: %v", got)
	}
	exB := d.ok(t, bob, "execution-create", wfAID).(map[string]any)
	if exB["Workflow name"] != "wf_a" {
		t.Errorf("bob's execution of the shared workflow: %v", exB)
	}
	if status, body := d.api(t, alice, http.MethodGet, "/workflows/"+wfAID+"/members", "", ""); status != http.StatusOK || !strings.Contains(body, `"status": "accepted"`) {
		t.Errorf("alice lists members: %d %s", status, body)
	}

	// An admin lists all projects; a member may not.
	if status, body := d.api(t, alice, http.MethodGet, "/executions?all_projects=true", "", ""); status != http.StatusForbidden {
		t.Errorf("alice with all_projects: %d %s", status, body)
	}
	status, body := d.api(t, admin, http.MethodGet, "/executions?all_projects=true", "", "")
	if status != http.StatusOK || !strings.Contains(body, exAID) || !strings.Contains(body, exB["ID"].(string)) {
		t.Errorf("admin with all_projects: %d %s", status, body)
	}
	status, body = d.api(t, admin, http.MethodGet, "/workflows?all_projects=true", "", "")
	if status != http.StatusOK || !strings.Contains(body, `"wf_a"`) || !strings.Contains(body, `"wf_b"`) {
		t.Errorf("admin lists workflows of all projects: %d %s", status, body)
	}

	// The policy file forbids executions:create for the restricted role
	// only.
	out, err := d.mistral(t, carol, "execution-create", "wf_a")
	if err == nil || !strings.Contains(out, "Operation forbidden") {
		t.Errorf("restricted carol created an execution: %v %s", err, out)
	}
	if status, body := d.api(t, carol, http.MethodGet, "/executions/"+exAID, "", ""); status != http.StatusOK {
		t.Errorf("carol reads her project's execution: %d %s", status, body) // other rules unchanged
	}
	if status, body := d.api(t, alice, http.MethodPost, "/executions", "application/json", `{"workflow_name": "wf_a"}`); status != http.StatusCreated {
		t.Errorf("alice creates an execution: %d %s", status, body)
	}
}
