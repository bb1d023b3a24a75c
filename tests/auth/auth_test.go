// Package auth runs mistral-server behind a real Keystone (Debian's
// python3-keystone on loopback) and checks authentication as OpenStack
// users meet it: the mistral CLI authenticating with Keystone and finding
// the server in the catalog, tokens refused when missing, wrong, revoked or
// expired, and triggers that run later as their creator (trusts).
package auth

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
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

// deployment is a mistral-server behind the test Keystone.
type deployment struct {
	*testserver.KeystoneDeployment
	ks  *testserver.Keystone
	srv *testserver.Server
}

func newDeployment(t *testing.T, extraConf string) *deployment {
	t.Helper()
	kd := testserver.StartWithKeystone(t, extraConf)
	return &deployment{KeystoneDeployment: kd, ks: kd.Keystone, srv: kd.Server}
}

// user creates a project and a user with the roles on it.
func (d *deployment) user(t *testing.T, roles ...string) *testserver.KeystoneUser {
	t.Helper()
	project, projectID := d.ks.CreateProject(t, "proj")
	return d.ks.CreateUser(t, "user", project, projectID, roles...)
}

// mistral runs the CLI as u, which authenticates with Keystone and finds
// the API in the catalog (no --os-mistral-url).
func (d *deployment) mistral(t *testing.T, u *testserver.KeystoneUser, password string, args ...string) (string, string, error) {
	t.Helper()
	return d.CLI(t, u, password, args...)
}

// object runs a CLI command that prints one object (-f json).
func (d *deployment) object(t *testing.T, u *testserver.KeystoneUser, args ...string) map[string]any {
	t.Helper()
	out, errOut, err := d.mistral(t, u, u.Password, append(args, "-f", "json")...)
	if err != nil {
		t.Fatalf("mistral %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("mistral %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return m
}

// helloYAML runs one action and returns what it said.
const helloYAML = `version: '2.0'
hello:
  input: [name]
  output: {said: <% task(greet).result %>}
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
`

func TestCLIWithKeystone(t *testing.T) {
	t.Parallel()
	d := newDeployment(t, "")
	u := d.user(t, "member")
	wfFile := filepath.Join(t.TempDir(), "hello.yaml")
	if err := os.WriteFile(wfFile, []byte(helloYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := d.mistral(t, u, u.Password, "workflow-create", wfFile, "-f", "json")
	if err != nil {
		t.Fatalf("workflow-create: %v\n%s%s", err, out, errOut)
	}
	wf := d.object(t, u, "workflow-get", "hello")
	if wf["Project ID"] != u.ProjectID {
		t.Errorf("the workflow belongs to %v, want the user's project %s", wf["Project ID"], u.ProjectID)
	}

	ex := d.object(t, u, "execution-create", "hello", `{"name": "ann"}`)
	id, _ := ex["ID"].(string)
	deadline := time.Now().Add(60 * time.Second)
	for ex["State"] != "SUCCESS" {
		if time.Now().After(deadline) || ex["State"] == "ERROR" {
			t.Fatalf("execution-get: %v", ex)
		}
		time.Sleep(500 * time.Millisecond)
		ex = d.object(t, u, "execution-get", id)
	}
	out, errOut, err = d.mistral(t, u, u.Password, "execution-get-output", id)
	if err != nil || !strings.Contains(out, "Hello, ann!") {
		t.Fatalf("execution-get-output: %v\n%s%s", err, out, errOut)
	}

	// A wrong password: Keystone refuses it with 401 (the CLI's own message
	// is "None"; its debug log shows the answer) and the command fails.
	out, errOut, err = d.mistral(t, u, u.Password+"-wrong", "--debug", "workflow-list")
	if err == nil || !strings.Contains(errOut, "401") || strings.Contains(out, "hello") {
		t.Errorf("wrong password: err %v\n%s%s", err, out, errOut)
	}
}

// get sends GET path with a token ("" for none) and returns the answer.
func get(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestTokensRefused(t *testing.T) {
	t.Parallel()
	d := newDeployment(t, "")
	u := d.user(t, "member")
	list := d.srv.URL + "/workflows"

	valid := u.Token(t, d.ks)
	if resp := get(t, list, valid); resp.StatusCode != http.StatusOK {
		t.Fatalf("valid token: %s", resp.Status)
	}
	if resp := get(t, d.srv.URL+"/", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /v2/ needs no token: %s", resp.Status)
	}

	revoked := u.Token(t, d.ks)
	d.ks.RevokeToken(t, revoked)
	for _, tc := range []struct{ name, token, msg string }{
		{"missing", "", "Failed to validate access token: Authentication required"},
		{"garbage", "not-a-token", "Failed to validate access token: Auth token is invalid: not-a-token"},
		{"revoked", revoked, "Failed to validate access token: Auth token is invalid: " + revoked},
	} {
		resp := get(t, list, tc.token)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s token: %s, want 401", tc.name, resp.Status)
			continue
		}
		if got := resp.Header.Get("Server-Error-Message"); got != tc.msg {
			t.Errorf("%s token: Server-Error-Message %q, want %q", tc.name, got, tc.msg)
		}
		want := `Keystone uri="` + d.ks.URL + `"`
		if got := resp.Header.Values("WWW-Authenticate"); len(got) != 2 || got[1] != want {
			t.Errorf("%s token: WWW-Authenticate %q, want the message and %s", tc.name, got, want)
		}
	}

	// The valid token was validated (and cached) above; once it expires it
	// is refused, cache or not.
	time.Sleep(time.Until(time.Now().Add(d.ks.TokenExpiration + time.Second)))
	if resp := get(t, list, valid); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("expired token: %s, want 401", resp.Status)
	}
}

// getJSON sends GET url with a token and decodes the JSON object answered.
func getJSON(t *testing.T, url, token string) map[string]any {
	t.Helper()
	m, status := tryGetJSON(t, url, token)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", url, status)
	}
	return m
}

// tryGetJSON reads a JSON object with a token and answers the status; the
// object is nil unless the status is 200.
func tryGetJSON(t *testing.T, url, token string) (map[string]any, int) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return m, resp.StatusCode
}

// trustsOf lists the ids of the trusts a user gave.
func trustsOf(t *testing.T, ks *testserver.Keystone, userID string) []string {
	t.Helper()
	var ids []string
	for _, tr := range ks.Admin(t, http.MethodGet, "/OS-TRUST/trusts?trustor_user_id="+userID, nil, http.StatusOK)["trusts"].([]any) {
		ids = append(ids, tr.(map[string]any)["id"].(string))
	}
	return ids
}

// A cron trigger created by a user fires later, without any token of the
// user, as that user in that user's project: through a trust to the
// service user. Deleting a trigger deletes its trust.
func TestCronTriggerRunsAsItsCreator(t *testing.T) {
	t.Parallel()
	d := newDeployment(t, "")
	u := d.user(t, "member")
	wfFile := filepath.Join(t.TempDir(), "hello.yaml")
	if err := os.WriteFile(wfFile, []byte(helloYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := d.mistral(t, u, u.Password, "workflow-create", wfFile); err != nil {
		t.Fatalf("workflow-create: %v\n%s%s", err, out, errOut)
	}
	// It fires once, at the first whole minute at least 90 seconds away:
	// the API wants a first time a minute ahead when the slow CLI's
	// request lands, and the checks below need time to see the trigger
	// and its trust, on a slow machine too.
	at := time.Now().UTC().Add(90 * time.Second).Truncate(time.Minute).Add(time.Minute).Format("2006-01-02 15:04")
	trig := d.object(t, u, "cron-trigger-create", "once", "hello", `{"name": "cron"}`, "--first-time", at, "--utc")
	token := u.Token(t, d.ks)
	if got := getJSON(t, d.srv.URL+"/cron_triggers/"+trig["Name"].(string), token); got["project_id"] != u.ProjectID {
		t.Errorf("trigger project %v, want %s", got["project_id"], u.ProjectID)
	}
	first := trustsOf(t, d.ks, u.ID)
	if len(first) != 1 {
		t.Fatalf("the trigger's creator gave %d trusts, want 1", len(first))
	}
	doomed := d.object(t, u, "cron-trigger-create", "deleted", "hello", `{"name": "never"}`, "--pattern", "0 0 1 1 *")
	doomedTrust := ""
	for _, id := range trustsOf(t, d.ks, u.ID) {
		if id != first[0] {
			doomedTrust = id
		}
	}
	if doomedTrust == "" {
		t.Fatal("the second trigger made no trust")
	}
	if out, errOut, err := d.mistral(t, u, u.Password, "cron-trigger-delete", doomed["Name"].(string)); err != nil {
		t.Fatalf("cron-trigger-delete: %v\n%s%s", err, out, errOut)
	}
	if slices.Contains(trustsOf(t, d.ks, u.ID), doomedTrust) {
		t.Errorf("the trust of a deleted trigger is still there")
	}

	// The trigger fires at its first time.
	deadline := time.Now().Add(180 * time.Second)
	for {
		out, errOut, err := d.mistral(t, u, u.Password, "execution-list", "-f", "json")
		if err != nil {
			t.Fatalf("execution-list: %v\n%s%s", err, out, errOut)
		}
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && list[0]["State"] == "SUCCESS" {
			ex := getJSON(t, d.srv.URL+"/executions/"+list[0]["ID"].(string), u.Token(t, d.ks))
			if ex["project_id"] != u.ProjectID {
				t.Errorf("execution project %v, want the trigger creator's %s", ex["project_id"], u.ProjectID)
			}
			if desc, _ := ex["description"].(string); !strings.Contains(desc, "cron_trigger") {
				t.Errorf("execution description %v", ex["description"])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cron trigger did not run a workflow in the user's project: %v", list)
		}
		time.Sleep(5 * time.Second)
	}

	// That was the trigger's last firing: once its execution completed,
	// its trust is deleted too.
	for deadline := time.Now().Add(30 * time.Second); slices.Contains(trustsOf(t, d.ks, u.ID), first[0]); {
		if time.Now().After(deadline) {
			t.Fatalf("the trust of a trigger that fired for the last time outlives its execution")
		}
		time.Sleep(time.Second)
	}
}

// An event trigger keeps a trust of its creator, deleted with it.
func TestEventTriggerTrust(t *testing.T) {
	t.Parallel()
	d := newDeployment(t, "")
	u := d.user(t, "member")
	wfFile := filepath.Join(t.TempDir(), "hello.yaml")
	if err := os.WriteFile(wfFile, []byte(helloYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := d.mistral(t, u, u.Password, "workflow-create", wfFile, "-f", "json")
	if err != nil {
		t.Fatalf("workflow-create: %v\n%s%s", err, out, errOut)
	}
	var wfs []map[string]any
	if err := json.Unmarshal([]byte(out), &wfs); err != nil || len(wfs) != 1 {
		t.Fatalf("workflow-create: %v %s", err, out)
	}
	trig := d.object(t, u, "event-trigger-create", "on-create", wfs[0]["ID"].(string), "nova", "notifications",
		"compute.instance.create.end", `{"name": "event"}`)
	if n := len(trustsOf(t, d.ks, u.ID)); n != 1 {
		t.Fatalf("the event trigger's creator gave %d trusts, want 1", n)
	}
	if out, errOut, err := d.mistral(t, u, u.Password, "event-trigger-delete", trig["ID"].(string)); err != nil {
		t.Fatalf("event-trigger-delete: %v\n%s%s", err, out, errOut)
	}
	if n := len(trustsOf(t, d.ks, u.ID)); n != 0 {
		t.Errorf("after deleting the event trigger its creator still gave %d trusts", n)
	}
}
