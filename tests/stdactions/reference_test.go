package stdactions

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/actions/actiontest"
)

const fixture = "testdata/mistral15.json"

// recorded is one case in the fixture: the call and what Mistral 15
// answered. Differs, when set, says why our answer is not Mistral's on
// purpose, and Ours is the answer we give instead.
type recorded struct {
	Name     string          `json:"name"`
	Action   string          `json:"action"`
	Input    json.RawMessage `json:"input"`
	Params   json.RawMessage `json:"params,omitempty"`
	Workflow bool            `json:"workflow,omitempty"`
	Mistral  *outcome        `json:"mistral"`
	Differs  string          `json:"differs,omitempty"`
	Ours     *outcome        `json:"ours,omitempty"`
}

// outcome is what one call answered, masked.
type outcome struct {
	// HTTPStatus and Faultstring: POST /v2/action_executions refused
	// the call.
	HTTPStatus  int    `json:"http_status"`
	Faultstring string `json:"faultstring,omitempty"`
	// State, StateInfo and Output: the action execution, or the workflow
	// execution for workflow cases.
	State     string `json:"state,omitempty"`
	StateInfo any    `json:"state_info,omitempty"`
	Output    any    `json:"output,omitempty"`
	// Task is the workflow's only task.
	Task *taskOutcome `json:"task,omitempty"`
	// Mail is what the SMTP server received.
	Mail *actiontest.SMTPMessage `json:"mail,omitempty"`
	// Requests are the Mistral-* headers of the requests the HTTP server
	// got on /echo.
	Requests []map[string]string `json:"requests,omitempty"`
	// Completed is the answer to the PUT that completed an asynchronous
	// action.
	Completed *completed `json:"completed,omitempty"`
}

type completed struct {
	HTTPStatus  int    `json:"http_status"`
	Faultstring string `json:"faultstring,omitempty"`
	State       string `json:"state,omitempty"`
	Output      any    `json:"output,omitempty"`
}

type taskOutcome struct {
	State     string `json:"state"`
	StateInfo any    `json:"state_info"`
	Result    any    `json:"result"`
}

// env is one run's servers and the values of the placeholders.
type env struct {
	values map[string]string
	smtp   map[string]*actiontest.SMTPServer
	http   *actiontest.HTTPServer
}

// startEnv starts the servers. For Mistral (record) the SSH servers listen
// on port 22 of loopback addresses of their own, since paramiko connects
// to port 22 only; for our server they listen on free ports and the hosts
// carry them ("127.0.0.1:port").
func startEnv(t *testing.T, forMistral bool) *env {
	t.Helper()
	key, pub := actiontest.RSAKey(t)
	keyEncrypted := actiontest.EncryptPEM(t, key, "secret")
	edKey, edPub := actiontest.Ed25519Key(t)
	keyFile := filepath.Join(t.TempDir(), "id_rsa")
	if err := os.WriteFile(keyFile, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	sshListen := []string{"127.0.0.1:0", "127.0.0.1:0"}
	sshdHost, sshdPort := "127.0.0.1", 0
	if forMistral {
		sshListen = []string{"127.0.0.2:22", "127.0.0.3:22"}
		sshdHost, sshdPort = "127.0.0.4", 22
	}
	ssh1 := actiontest.StartSSH(t, sshListen[0], pub, edPub)
	ssh2 := actiontest.StartSSH(t, sshListen[1], pub, edPub)
	sshd, user := actiontest.StartSSHD(t, sshdHost, sshdPort, pub)
	closed := closedAddrs(t, "127.0.0.1:0", "127.0.0.1:0")
	sshClosed := closed[1]
	if forMistral {
		ssh1, ssh2 = strings.TrimSuffix(ssh1, ":22"), strings.TrimSuffix(ssh2, ":22")
		sshd = strings.TrimSuffix(sshd, ":22")
		sshClosed = strings.TrimSuffix(closedAddrs(t, "127.0.0.5:22")[0], ":22")
	}
	cert := actiontest.Cert(t)
	smtp := new(actiontest.SMTPServer).Start(t, "127.0.0.1:0")
	smtpTLS := (&actiontest.SMTPServer{
		TLS: &tls.Config{Certificates: []tls.Certificate{cert}}, AuthMechs: "PLAIN LOGIN", User: "wf@example.com", Password: "pa55",
	}).Start(t, "127.0.0.1:0")
	smtpTLSNoAuth := (&actiontest.SMTPServer{TLS: &tls.Config{Certificates: []tls.Certificate{cert}}}).Start(t, "127.0.0.1:0")
	httpSrv := actiontest.StartHTTP(t)
	return &env{
		values: map[string]string{
			"{ssh}": ssh1, "{ssh2}": ssh2, "{sshd}": sshd, "{ssh_closed}": sshClosed, "{user}": user,
			"{key}": key, "{key_encrypted}": keyEncrypted, "{ed25519_key}": edKey, "{key_file}": keyFile,
			"{smtp}": smtp.Addr, "{smtp_tls}": smtpTLS.Addr, "{smtp_tls_noauth}": smtpTLSNoAuth.Addr, "{closed}": closed[0], "{http}": httpSrv.URL,
		},
		smtp: map[string]*actiontest.SMTPServer{"smtp": smtp, "smtp_tls": smtpTLS},
		http: httpSrv,
	}
}

// closedAddrs returns addresses nothing listens on, one for each listen
// address, all different.
func closedAddrs(t *testing.T, listen ...string) []string {
	t.Helper()
	var addrs []string
	for _, l := range listen {
		ln, err := net.Listen("tcp", l)
		if err != nil {
			t.Fatalf("listen on %s: %v", l, err)
		}
		defer ln.Close()
		addrs = append(addrs, ln.Addr().String())
	}
	return addrs
}

// fill puts the run's values into a case's JSON text.
func (e *env) fill(text string) string {
	for k, v := range e.values {
		b, _ := json.Marshal(v)
		text = strings.ReplaceAll(text, k, string(b[1:len(b)-1]))
	}
	return text
}

var (
	objectAddr = regexp.MustCompile(` object at 0x[0-9a-f]+>`)
	uuid       = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	boundary   = regexp.MustCompile(`boundary="([^"]+)"`)
	// A port in requests' messages ("port=43595"), an HTTP date and the
	// elapsed time in a result's repr.
	portEq   = regexp.MustCompile(`port=\d+`)
	httpDate = regexp.MustCompile(`[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT`)
	elapsed  = regexp.MustCompile(`'elapsed': [0-9.e-]+`)
	// Python's tracebacks, which we do not reproduce, run to the end of
	// the text they are part of; the newline before one goes with it.
	traceback = regexp.MustCompile(`(?s)\nTraceback \(most recent call last\):\n.*`)
)

// mask replaces the run's values in v by their placeholders, and object
// addresses, ids and times by fixed text.
func (e *env) mask(v any) any {
	keys := make([]string, 0, len(e.values))
	for k := range e.values {
		keys = append(keys, k)
	}
	// Longer values first: an address may be part of a URL.
	sort.Slice(keys, func(i, j int) bool { return len(e.values[keys[i]]) > len(e.values[keys[j]]) })
	var walk func(v any) any
	walk = func(v any) any {
		switch t := v.(type) {
		case string:
			for _, k := range keys {
				t = strings.ReplaceAll(t, e.values[k], k)
			}
			t = objectAddr.ReplaceAllString(t, " object at 0x...>")
			t = traceback.ReplaceAllString(t, "")
			t = portEq.ReplaceAllString(t, "port=<port>")
			t = httpDate.ReplaceAllString(t, "<date>")
			t = elapsed.ReplaceAllString(t, "'elapsed': <elapsed>")
			return uuid.ReplaceAllString(t, "<uuid>")
		case []any:
			for i := range t {
				t[i] = walk(t[i])
			}
		case map[string]any:
			for k, x := range t {
				switch k {
				case "elapsed":
					t[k] = "<elapsed>"
				case "Date":
					t[k] = "<date>"
				default:
					t[k] = walk(x)
				}
			}
		}
		return v
	}
	return walk(v)
}

// maskMail masks the SMTP message the same way, and its MIME boundary.
func (e *env) maskMail(m actiontest.SMTPMessage) *actiontest.SMTPMessage {
	if b := boundary.FindStringSubmatch(m.Data); b != nil {
		m.Data = strings.ReplaceAll(m.Data, b[1], "BOUNDARY")
	}
	m.Data = e.mask(m.Data).(string)
	return &m
}

// client talks to one Mistral API (the real one or ours).
type client struct {
	t    *testing.T
	base string // http://127.0.0.1:port/v2
}

func (c *client) do(method, path, contentType string, body []byte) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if contentType != "text/plain" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	var out map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			c.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
	}
	return resp.StatusCode, out
}

// parseJSONField decodes a field the API returns as JSON text.
func parseJSONField(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	var out any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return s
	}
	return out
}

// run makes one call and returns its masked outcome.
func (c *client) run(e *env, rc refCase) *outcome {
	c.t.Helper()
	echoed := len(e.http.Echoed())
	var out *outcome
	if rc.Workflow {
		out = c.runWorkflow(e, rc)
	} else {
		out = c.runAction(e, rc)
		if out.State == "RUNNING" && strings.Contains(rc.Input, "/echo") {
			c.waitRequest(e, echoed)
		}
	}
	if rc.SMTP != "" {
		out.Mail = e.maskMail(e.smtp[rc.SMTP].Last())
	}
	for _, h := range e.http.Echoed()[echoed:] {
		m := map[string]any{}
		for k, v := range h {
			if strings.HasPrefix(k, "Mistral-") {
				m[k] = e.mask(v)
			}
		}
		b, _ := json.Marshal(m)
		var headers map[string]string
		json.Unmarshal(b, &headers)
		out.Requests = append(out.Requests, headers)
	}
	return out
}

func (c *client) runAction(e *env, rc refCase) *outcome {
	c.t.Helper()
	body := map[string]any{"name": rc.Action, "input": e.fill(rc.Input)}
	if rc.Params != "" {
		body["params"] = rc.Params
	}
	b, _ := json.Marshal(body)
	status, resp := c.do("POST", "/action_executions", "application/json", b)
	out := &outcome{HTTPStatus: status}
	if status != http.StatusCreated {
		out.Faultstring, _ = resp["faultstring"].(string)
		out.Faultstring = e.mask(out.Faultstring).(string)
		return out
	}
	out.State, _ = resp["state"].(string)
	out.StateInfo = e.mask(resp["state_info"])
	out.Output = e.mask(parseJSONField(resp["output"]))
	return out
}

// runWorkflow runs the action as task "t" of a one-task workflow and
// waits for the workflow to end.
func (c *client) runWorkflow(e *env, rc refCase) *outcome {
	c.t.Helper()
	name := "ref_" + strings.NewReplacer(" ", "_", "-", "_").Replace(rc.Name)
	def := fmt.Sprintf("---\nversion: '2.0'\n%s:\n  tasks:\n    t:\n      action: %s\n", name, rc.Action)
	if rc.Task != "" {
		def += "      " + rc.Task + "\n"
	}
	if rc.Input != "{}" {
		def += "      input: " + e.fill(rc.Input) + "\n"
	}
	status, resp := c.do("POST", "/workflows", "text/plain", []byte(def))
	if status == http.StatusConflict {
		status, resp = c.do("PUT", "/workflows", "text/plain", []byte(def))
	}
	if status != http.StatusCreated && status != http.StatusOK {
		c.t.Fatalf("create workflow %s: %d %v", name, status, resp)
	}
	echoed := len(e.http.Echoed())
	b, _ := json.Marshal(map[string]any{"workflow_name": name})
	status, resp = c.do("POST", "/executions", "application/json", b)
	if status != http.StatusCreated {
		c.t.Fatalf("start workflow %s: %d %v", name, status, resp)
	}
	id, _ := resp["id"].(string)
	var done *completed
	if rc.Complete != "" {
		request := strings.Contains(rc.Input, "/echo")
		done = c.complete(e, id, rc.Complete, request, echoed)
		if done.HTTPStatus != http.StatusOK {
			return &outcome{HTTPStatus: http.StatusOK, Completed: done}
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, resp = c.do("GET", "/executions/"+id, "", nil)
		if s := resp["state"]; s == "SUCCESS" || s == "ERROR" {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("workflow %s did not end: %v (completed: %+v)", name, resp, done)
		}
		time.Sleep(100 * time.Millisecond)
	}
	out := &outcome{HTTPStatus: http.StatusOK, Completed: done}
	out.State, _ = resp["state"].(string)
	out.StateInfo = e.mask(resp["state_info"])
	out.Output = e.mask(parseJSONField(resp["output"]))
	_, tasks := c.do("GET", "/tasks?workflow_execution_id="+id, "", nil)
	list, _ := tasks["tasks"].([]any)
	if len(list) != 1 {
		c.t.Fatalf("workflow %s: tasks %v", name, tasks)
	}
	taskID, _ := list[0].(map[string]any)["id"].(string)
	_, task := c.do("GET", "/tasks/"+taskID, "", nil)
	out.Task = &taskOutcome{
		State:     fmt.Sprint(task["state"]),
		StateInfo: e.mask(task["state_info"]),
		Result:    e.mask(parseJSONField(task["result"])),
	}
	return out
}

// complete waits until the only task of workflow execution id has an
// action execution that is running (and, with request, until the HTTP
// server got more than echoed requests), and then PUTs body on it.
func (c *client) complete(e *env, id, body string, request bool, echoed int) *completed {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var actionID string
	for actionID == "" {
		if time.Now().After(deadline) {
			c.t.Fatalf("no running action execution in workflow execution %s", id)
		}
		time.Sleep(50 * time.Millisecond)
		_, tasks := c.do("GET", "/tasks?workflow_execution_id="+id, "", nil)
		list, _ := tasks["tasks"].([]any)
		if len(list) != 1 {
			continue
		}
		taskID, _ := list[0].(map[string]any)["id"].(string)
		_, acts := c.do("GET", "/tasks/"+taskID+"/action_executions", "", nil)
		alist, _ := acts["action_executions"].([]any)
		if len(alist) == 1 && alist[0].(map[string]any)["state"] == "RUNNING" {
			actionID, _ = alist[0].(map[string]any)["id"].(string)
		}
	}
	if request {
		c.waitRequest(e, echoed)
	}
	status, resp := c.do("PUT", "/action_executions/"+actionID, "application/json", []byte(body))
	out := &completed{HTTPStatus: status}
	out.Faultstring, _ = resp["faultstring"].(string)
	out.State, _ = resp["state"].(string)
	out.Output = e.mask(parseJSONField(resp["output"]))
	return out
}

// waitRequest waits until the HTTP server got more than echoed requests
// on /echo: an asynchronous action makes its request after the API
// answered.
func (c *client) waitRequest(e *env, echoed int) {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(e.http.Echoed()) == echoed {
		if time.Now().After(deadline) {
			c.t.Fatalf("the action made no request")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
