package rest_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/compat/policy"
)

// identities is a token validator over fixed identities: the contexts the
// tests inject in place of Keystone (tests/keystone runs a real one).
type identities map[string]*keystone.Identity

func (ids identities) Validate(_ context.Context, token string) (*keystone.Identity, error) {
	if id, ok := ids[token]; ok {
		return id, nil
	}
	return nil, keystone.ErrInvalidToken
}

// pOne is a project id as Keystone writes them (32 hex digits, no dashes).
const pOne = "6f1d3c2a9b8e4f7a8c5d2e1f0a9b8c7d"

// Two projects, an admin of a third, and a restricted user of the first.
var testIdentities = identities{
	"alice": {Token: "alice", UserID: "u-alice", ProjectID: pOne, Roles: []string{"member"}, IsAdminProject: true},
	"carol": {Token: "carol", UserID: "u-carol", ProjectID: pOne, Roles: []string{"member", "restricted"}, IsAdminProject: true},
	"bob":   {Token: "bob", UserID: "u-bob", ProjectID: "p-two", Roles: []string{"member"}, IsAdminProject: true},
	"admin": {Token: "admin", UserID: "u-admin", ProjectID: "p-admin", Roles: []string{"admin", "member"}, IsAdminProject: true},
}

func wfText(name string) string {
	return "version: '2.0'\n" + name + ":\n  tasks:\n    t:\n      action: std.noop\n"
}

func names(t testing.TB, r *response, key string) []string {
	t.Helper()
	var out []string
	for _, m := range r.list(t, key) {
		n, _ := m.Value("name").(string)
		if n == "" {
			n, _ = m.Value("workflow_name").(string)
		}
		out = append(out, n)
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

// TestProjects checks, with authentication on, that objects belong to the
// caller's project and no project sees or changes another's private
// objects; public workflows are visible to all; a member share is seen
// once accepted and not after a rejection; admins list all projects; and a
// policy file forbidding executions:create for a role refuses that role
// only. It runs on SQLite and on MariaDB.
func TestProjects(t *testing.T) {
	for _, backend := range []string{"sqlite", "mariadb"} {
		t.Run(backend, func(t *testing.T) {
			testProjects(t, newAuthAPI(t, backend, `"executions:create": "not role:restricted and rule:admin_or_owner"`+"\n"))
		})
	}
}

func testProjects(t *testing.T, api *testAPI) {
	alice, bob, carol, admin := api.as("alice"), api.as("bob"), api.as("carol"), api.as("admin")

	// Without a token: 401.
	api.get("/v2/workflows").expect(t, http.StatusUnauthorized)

	wfA := alice.postText("/v2/workflows", wfText("wf_a")).expect(t, http.StatusCreated).list(t, "workflows")[0]
	if p := wfA.Value("project_id"); p != pOne {
		t.Fatalf("alice's workflow belongs to %v", p)
	}
	wfAID := wfA.Value("id").(string)
	bob.postText("/v2/workflows", wfText("wf_b")).expect(t, http.StatusCreated)

	// Private workflows: each project sees its own only.
	if got := names(t, alice.get("/v2/workflows").expect(t, http.StatusOK), "workflows"); !has(got, "wf_a") || has(got, "wf_b") {
		t.Errorf("alice sees workflows %v", got)
	}
	if got := names(t, bob.get("/v2/workflows").expect(t, http.StatusOK), "workflows"); has(got, "wf_a") || !has(got, "wf_b") {
		t.Errorf("bob sees workflows %v", got)
	}
	bob.get("/v2/workflows/"+wfAID).expect(t, http.StatusNotFound)
	bob.get("/v2/workflows/wf_a").expect(t, http.StatusNotFound)
	bob.do(http.MethodDelete, "/v2/workflows/"+wfAID, "", "").expect(t, http.StatusNotFound)
	bob.postJSON("/v2/executions", `{"workflow_id": "`+wfAID+`"}`).expect(t, http.StatusNotFound)

	// Executions: alice's are hers.
	ex := alice.postJSON("/v2/executions", `{"workflow_name": "wf_a"}`).expect(t, http.StatusCreated).obj(t)
	exID := ex.Value("id").(string)
	if p := ex.Value("project_id"); p != pOne {
		t.Errorf("alice's execution belongs to %v", p)
	}
	alice.as("alice").waitExecution(exID)
	if got := alice.get("/v2/executions").expect(t, http.StatusOK).list(t, "executions"); len(got) != 1 {
		t.Errorf("alice sees %d executions", len(got))
	}
	if got := bob.get("/v2/executions").expect(t, http.StatusOK).list(t, "executions"); len(got) != 0 {
		t.Errorf("bob sees alice's executions: %v", got)
	}
	bob.get("/v2/executions/"+exID).expect(t, http.StatusNotFound)
	bob.get("/v2/executions/"+exID+"/tasks").expect(t, http.StatusOK) // a list, scoped: empty
	if got := bob.get("/v2/executions/"+exID+"/tasks").list(t, "tasks"); len(got) != 0 {
		t.Errorf("bob sees alice's tasks: %v", got)
	}
	if got := bob.get("/v2/tasks").list(t, "tasks"); len(got) != 0 {
		t.Errorf("bob sees alice's tasks: %v", got)
	}
	taskID := alice.get("/v2/executions/"+exID+"/tasks").list(t, "tasks")[0].Value("id").(string)
	bob.get("/v2/tasks/"+taskID).expect(t, http.StatusNotFound)
	bob.do(http.MethodDelete, "/v2/executions/"+exID, "", "").expect(t, http.StatusNotFound)
	bob.putJSON("/v2/executions/"+exID, `{"description": "mine"}`).expect(t, http.StatusNotFound)

	// A public workflow (admin may publicize) is visible to both; only the
	// admin's project may delete it.
	alice.postText("/v2/workflows?scope=public", wfText("wf_nope")).expect(t, http.StatusForbidden)
	pub := admin.postText("/v2/workflows?scope=public", wfText("wf_pub")).expect(t, http.StatusCreated).list(t, "workflows")[0]
	for _, who := range []*testAPI{alice, bob} {
		if got := names(t, who.get("/v2/workflows").expect(t, http.StatusOK), "workflows"); !has(got, "wf_pub") {
			t.Errorf("%s does not see the public workflow: %v", who.token, got)
		}
	}
	r := bob.do(http.MethodDelete, "/v2/workflows/"+pub.Value("id").(string), "", "").expect(t, http.StatusForbidden)
	if !strings.Contains(r.text, "Can not access WorkflowDefinition resource of other projects") {
		t.Errorf("bob deleting the public workflow: %s", r.text)
	}
	r = bob.do(http.MethodPut, "/v2/workflows", "text/plain", wfText("wf_pub")).expect(t, http.StatusForbidden)
	if !strings.Contains(r.text, "Can not access WorkflowDefinition resource of other projects") {
		t.Errorf("bob updating the public workflow: %s", r.text)
	}
	bob.postJSON("/v2/executions", `{"workflow_name": "wf_pub"}`).expect(t, http.StatusCreated)

	// Member share: pending is not enough, accepted is, rejected is not.
	members := "/v2/workflows/" + wfAID + "/members"
	bob.postJSON(members, `{"member_id": "p-two"}`).expect(t, http.StatusNotFound) // bob cannot see wf_a
	alice.postJSON(members, `{}`).expect(t, http.StatusBadRequest)
	m := alice.postJSON(members, `{"member_id": "p-two"}`).expect(t, http.StatusCreated).obj(t)
	if m.Value("status") != "pending" || m.Value("project_id") != pOne || m.Value("resource_type") != "workflow" {
		t.Errorf("new member: %v", m)
	}
	alice.postJSON(members, `{"member_id": "p-two"}`).expect(t, http.StatusConflict)
	if got := names(t, bob.get("/v2/workflows"), "workflows"); has(got, "wf_a") {
		t.Errorf("bob sees a pending share: %v", got)
	}
	if got := bob.get(members).expect(t, http.StatusOK).list(t, "members"); len(got) != 1 {
		t.Errorf("bob sees %d memberships", len(got))
	}
	alice.putJSON(members+"/p-two", `{"status": "accepted"}`).expect(t, http.StatusNotFound) // only the member accepts
	bob.putJSON(members+"/p-two", `{}`).expect(t, http.StatusBadRequest)
	if st := bob.putJSON(members+"/p-two", `{"status": "accepted"}`).expect(t, http.StatusOK).obj(t).Value("status"); st != "accepted" {
		t.Errorf("accepted member status %v", st)
	}
	if got := names(t, bob.get("/v2/workflows"), "workflows"); !has(got, "wf_a") {
		t.Errorf("bob does not see the accepted share: %v", got)
	}
	bob.get("/v2/workflows/"+wfAID).expect(t, http.StatusOK)
	shared := bob.postJSON("/v2/executions", `{"workflow_id": "`+wfAID+`"}`).expect(t, http.StatusCreated).obj(t)
	if p := shared.Value("project_id"); p != "p-two" {
		t.Errorf("bob's execution of the shared workflow belongs to %v", p)
	}
	bob.do(http.MethodDelete, "/v2/workflows/"+wfAID, "", "").expect(t, http.StatusForbidden)
	bob.putJSON(members+"/p-two", `{"status": "rejected"}`).expect(t, http.StatusOK)
	if got := names(t, bob.get("/v2/workflows"), "workflows"); has(got, "wf_a") {
		t.Errorf("bob sees a rejected share: %v", got)
	}
	bob.do(http.MethodDelete, members+"/p-two", "", "").expect(t, http.StatusNotFound) // only the owner removes
	alice.do(http.MethodDelete, members+"/p-two", "", "").expect(t, http.StatusNoContent)
	alice.get(members+"/p-two").expect(t, http.StatusNotFound)

	// Admins list all projects; others may not.
	alice.get("/v2/workflows?all_projects=true").expect(t, http.StatusForbidden)
	alice.get("/v2/executions?all_projects=true").expect(t, http.StatusForbidden)
	alice.get("/v2/executions?project_id=123e4567-e89b-12d3-a456-426655440000").expect(t, http.StatusForbidden)
	got := names(t, admin.get("/v2/workflows?all_projects=true").expect(t, http.StatusOK), "workflows")
	if !has(got, "wf_a") || !has(got, "wf_b") || !has(got, "wf_pub") {
		t.Errorf("admin with all_projects sees %v", got)
	}
	if got := names(t, admin.get("/v2/workflows").expect(t, http.StatusOK), "workflows"); has(got, "wf_a") {
		t.Errorf("admin without all_projects sees other projects' private workflows: %v", got)
	}
	if got := admin.get("/v2/executions?all_projects=true").expect(t, http.StatusOK).list(t, "executions"); len(got) < 3 {
		t.Errorf("admin with all_projects sees %d executions", len(got))
	}
	admin.get("/v2/executions/"+exID).expect(t, http.StatusOK) // admins read any execution by id

	// The policy file forbids executions:create for the restricted role only.
	r = carol.postJSON("/v2/executions", `{"workflow_name": "wf_a"}`).expect(t, http.StatusForbidden)
	if !strings.Contains(r.text, "Operation forbidden (insufficient permissions)") {
		t.Errorf("restricted carol: %s", r.text)
	}
	carol.get("/v2/executions/"+exID).expect(t, http.StatusOK) // same project, other rules unchanged
	alice.postJSON("/v2/executions", `{"workflow_name": "wf_a"}`).expect(t, http.StatusCreated)
}

// newAuthAPI is the test API with authentication on (testIdentities), the
// given policy file text, on backend "sqlite" or "mariadb".
func newAuthAPI(t *testing.T, backend, policyText string) *testAPI {
	t.Helper()
	policyFile := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(policyFile, []byte(policyText), 0o600); err != nil {
		t.Fatal(err)
	}
	enf, err := policy.New(policy.Options{File: policyFile})
	if err != nil {
		t.Fatal(err)
	}
	return newTestAPIOpts(t, apiOptions{auth: testIdentities, policy: enf, connection: connectionFor(t, backend)})
}
