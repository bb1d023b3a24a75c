package refcompare

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/jsondiff"
)

var record = flag.String("record", "", "URL of a real Mistral 15 API (http://127.0.0.1:PORT/v2): "+
	"record its answers into testdata/ instead of comparing ours with them")

var against = flag.String("against", "", "URL of a running mistral-server of ours (http://127.0.0.1:PORT/v2) to "+
	"compare with the recordings, in place of one started on the embedded default (ours on MariaDB, say)")

// step is one request of a scenario. Paths and bodies may name variables
// as {name}, set by the save of an earlier step.
type step struct {
	method, path string
	// body is sent as text/plain when a string (the definition
	// endpoints), as is with application/json when rawJSON, as is with
	// its Content-Type when typed, else as JSON.
	body any
	// save names variables: variable -> dotted path in the answer
	// ("id", "workflows.0.id").
	save map[string]string
	// settle repeats the request until the answer's state is no longer
	// one of a running object (RUNNING, IDLE, WAITING, DELAYED); only the
	// settled answer is compared.
	settle bool
	// until repeats the request until the answer has a value at this
	// dotted path (a list item that appears once a sub-workflow started).
	until string
	// wait, when set, is how long settle and until repeat the request
	// (60 s otherwise): a cron trigger fires minutes after its creation.
	wait time.Duration
	// differs, when set, is why we knowingly answer otherwise than Mistral
	// 15 (an upstream bug of REST.md where Mistral answers 500, or a
	// documented design choice): the recorded answer stays in the
	// fixture, and only our status is checked, against status.
	differs string
	status  int
	// ignore names fields (dotted paths in the answer) left out of the
	// comparison, each with why: a Mistral 15 quirk outside the REST
	// layer, documented rather than copied.
	ignore map[string]string
	// firstPara names string fields (dotted paths) compared up to their
	// first blank line only, each with why.
	firstPara map[string]string
	// pySets names string fields (dotted paths) that print Python sets of
	// texts ({'a', 'b'}), whose order varies between Mistral's processes:
	// they are compared with each set's items sorted.
	pySets []string
	// unordered names list fields whose items Mistral returns in no
	// particular order (database order of random ids): their items are
	// sorted by name, at any depth, before ids are labelled.
	unordered []string
}

// rawJSON is a request body sent as is with Content-Type application/json.
type rawJSON string

// typed is a request body sent as is with the given Content-Type.
type typed struct{ contentType, text string }

// scenario is a named sequence of steps; its fixture is
// testdata/<name>.json.
type scenario struct {
	name  string
	steps []step
}

// exchange is one recorded request and its masked answer.
type exchange struct {
	Request string `json:"request"`
	Status  int    `json:"status"`
	Answer  any    `json:"answer"`
}

// client sends a scenario's requests to one server and masks the answers.
type client struct {
	t    *testing.T
	url  string // .../v2
	run  string // this run's token, the variable {run}: "<run>" in answers
	vars map[string]string
	ids  map[string]string // id -> its label in masked answers
	n    int               // unnamed ids labelled so far
}

// newClient starts a run against a server. The variable {run} is a token
// of this run, for what a server keeps from earlier runs (action
// executions, which Mistral does not delete): filters on it find this
// run's objects only. The variables {soon} and {soon1} are the minutes
// two and three minutes from now (UTC, "2006-01-02 15:04", a cron
// trigger's first_execution_time), shown as <soon> and <soon+1m> in
// answers.
func newClient(t *testing.T, url string) *client {
	now := time.Now()
	run := fmt.Sprintf("r%d", now.UnixNano())
	soon := now.UTC().Add(2 * time.Minute).Truncate(time.Minute)
	vars := map[string]string{"run": run, "soon": soon.Format(soonFormat), "soon1": soon.Add(time.Minute).Format(soonFormat)}
	return &client{t: t, url: strings.TrimSuffix(url, "/"), run: run, vars: vars, ids: map[string]string{}}
}

// soonFormat is how {soon} and {soon1} are written: Mistral's format of a
// cron trigger's first_execution_time.
const soonFormat = "2006-01-02 15:04"

var (
	uuidRe = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	varRe  = regexp.MustCompile(`\{([a-z_0-9]+)\}`)
)

// expand replaces {name} by the variable's value.
func (c *client) expand(s string) string {
	return varRe.ReplaceAllStringFunc(s, func(m string) string {
		name := m[1 : len(m)-1]
		v, ok := c.vars[name]
		if !ok {
			c.t.Fatalf("variable %s is not set", m)
		}
		return v
	})
}

// expandBody expands variables in every string of a body.
func (c *client) expandBody(v any) any {
	switch v := v.(type) {
	case string:
		return c.expand(v)
	case rawJSON:
		return rawJSON(c.expand(string(v)))
	case typed:
		return typed{contentType: v.contentType, text: c.expand(v.text)}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = c.expandBody(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = c.expandBody(item)
		}
		return out
	}
	return v
}

// do sends one step and returns its exchange, masked.
func (c *client) do(s step) exchange {
	c.t.Helper()
	path := c.expand(s.path)
	var status int
	var answer any
	wait := 60 * time.Second
	if s.wait > 0 {
		wait = s.wait
	}
	deadline := time.Now().Add(wait)
	for {
		status, answer = c.send(s.method, path, c.expandBody(s.body))
		if (!s.settle || !pending(answer)) && (s.until == "" || dig(answer, s.until) != nil) {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s %s did not settle: %s", s.method, path, jsondiff.Show(answer))
		}
		time.Sleep(100 * time.Millisecond)
	}
	sortLists(answer, s.unordered)
	for name, at := range s.save {
		v, ok := dig(answer, at).(string)
		if !ok {
			c.t.Fatalf("%s %s: no string %q to save as %s in %s", s.method, path, at, name, jsondiff.Show(answer))
		}
		c.vars[name] = v
		if uuidRe.MatchString(v) {
			if _, seen := c.ids[v]; !seen {
				c.ids[v] = "<" + name + ">"
			}
		}
	}
	return exchange{Request: s.method + " " + s.path, Status: status, Answer: c.mask(answer)}
}

// sortLists sorts, at any depth, the lists of objects under the given keys
// by their name.
func sortLists(v any, keys []string) {
	if len(keys) == 0 {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			if l, ok := item.([]any); ok && slices.Contains(keys, k) {
				sort.SliceStable(l, func(i, j int) bool { return nameOf(l[i]) < nameOf(l[j]) })
			}
			sortLists(item, keys)
		}
	case []any:
		for _, item := range v {
			sortLists(item, keys)
		}
	}
}

func nameOf(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["name"].(string)
	return s
}

// pending says whether an answer is an object still running.
func pending(answer any) bool {
	m, ok := answer.(map[string]any)
	if !ok {
		return false
	}
	return slices.Contains([]any{"RUNNING", "IDLE", "WAITING", "DELAYED"}, m["state"])
}

// dig returns the value at a dotted path ("workflows.0.id").
func dig(v any, at string) any {
	for _, part := range strings.Split(at, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func (c *client) send(method, path string, body any) (int, any) {
	c.t.Helper()
	var reader io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		reader, contentType = strings.NewReader(b), "text/plain"
	case rawJSON:
		reader, contentType = strings.NewReader(string(b)), "application/json"
	case typed:
		reader, contentType = strings.NewReader(b.text), b.contentType
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		reader, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, c.url+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return resp.StatusCode, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return resp.StatusCode, string(raw)
	}
	return resp.StatusCode, v
}

// mask replaces ids by their labels (a saved variable's name, or "<id-N>"
// in the order ids first appear), times by "<time>" and the server's
// address by "<api>".
func (c *client) mask(v any) any {
	// Times first: a row written at {soon} must show as <time>.
	v = jsondiff.Mask(v, strings.TrimSuffix(c.url, "/v2"), "last_heartbeat", "started_at", "finished_at")
	return c.maskIDs(v)
}

func (c *client) maskIDs(v any) any {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v[k] = c.maskIDs(v[k])
		}
	case []any:
		for i := range v {
			v[i] = c.maskIDs(v[i])
		}
	case string:
		v = strings.ReplaceAll(v, c.run, "<run>")
		v = strings.ReplaceAll(v, c.vars["soon"], "<soon>")
		v = strings.ReplaceAll(v, c.vars["soon1"], "<soon+1m>")
		return uuidRe.ReplaceAllStringFunc(v, func(id string) string {
			label, ok := c.ids[id]
			if !ok {
				c.n++
				label = fmt.Sprintf("<id-%d>", c.n)
				c.ids[id] = label
			}
			return label
		})
	}
	return v
}

// run plays a scenario against the server at url and returns its
// exchanges.
func run(t *testing.T, url string, sc scenario) []exchange {
	t.Helper()
	c := newClient(t, url)
	out := make([]exchange, 0, len(sc.steps))
	for _, s := range sc.steps {
		out = append(out, c.do(s))
	}
	return out
}

func fixturePath(name string) string { return filepath.Join("testdata", name+".json") }

// save writes a scenario's recorded exchanges. Fields compared up to their
// first blank line only are stored so (jsonschema's dumps run to pages).
func save(t *testing.T, sc scenario, got []exchange) {
	t.Helper()
	for i, s := range sc.steps {
		for at := range s.firstPara {
			truncate(got[i].Answer, at)
		}
	}
	raw, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixturePath(sc.name), append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d exchanges into %s", len(got), fixturePath(sc.name))
}

// load reads a scenario's recorded exchanges.
func load(t *testing.T, sc scenario) []exchange {
	t.Helper()
	raw, err := os.ReadFile(fixturePath(sc.name))
	if err != nil {
		t.Fatalf("no recording of scenario %s (scripts/record-rest-fixtures.sh makes it): %v", sc.name, err)
	}
	var out []exchange
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("%s: %v", fixturePath(sc.name), err)
	}
	return out
}

// compare reports, exchange by exchange and field by field, where ours
// answered otherwise than the recorded Mistral.
func compare(t *testing.T, sc scenario, want, got []exchange) {
	t.Helper()
	if len(want) != len(sc.steps) {
		t.Fatalf("the recording of %s has %d exchanges, the scenario %d steps: record it again", sc.name, len(want), len(sc.steps))
	}
	var diffs []string
	fields := 0
	for i, s := range sc.steps {
		w, g := want[i], got[i]
		at := fmt.Sprintf("#%d %s", i, w.Request)
		if w.Request != g.Request {
			t.Fatalf("%s: the scenario's step is %q: record it again", at, g.Request)
		}
		if s.differs != "" {
			if g.Status != s.status {
				diffs = append(diffs, fmt.Sprintf("%s: status %d, want %d (Mistral answers %d: %s)",
					at, g.Status, s.status, w.Status, s.differs))
			}
			continue
		}
		for at, why := range s.ignore {
			t.Logf("%s: %s not compared: %s", fmt.Sprintf("#%d %s", i, w.Request), at, why)
			remove(w.Answer, at)
			remove(g.Answer, at)
		}
		for at, why := range s.firstPara {
			t.Logf("%s: %s compared up to its first blank line: %s", fmt.Sprintf("#%d %s", i, w.Request), at, why)
			truncate(w.Answer, at)
			truncate(g.Answer, at)
		}
		for _, at := range s.pySets {
			sortPySets(w.Answer, at)
			sortPySets(g.Answer, at)
		}
		fields++
		if w.Status != g.Status {
			diffs = append(diffs, fmt.Sprintf("%s: status\n  - %d\n  + %d", at, w.Status, g.Status))
		}
		fields += jsondiff.Diff(at, w.Answer, g.Answer, &diffs)
	}
	if len(diffs) > 0 {
		t.Errorf("%s: %d differences between Mistral 15 (-) and us (+):\n%s", sc.name, len(diffs), strings.Join(diffs, "\n"))
	}
	t.Logf("%s: compared %d requests, %d fields", sc.name, len(sc.steps), fields)
}

// truncate cuts the string at a dotted path at its first blank line.
func truncate(v any, at string) {
	parent, last := splitPath(v, at)
	if m, ok := parent.(map[string]any); ok {
		if text, ok := m[last].(string); ok {
			m[last], _, _ = strings.Cut(text, "\n\n")
		}
	}
}

// pySet is a Python set of texts as Python prints it.
var pySet = regexp.MustCompile(`\{'[^']*'(?:, '[^']*')*\}`)

// sortPySets sorts the items of each Python set printed in the string at
// a dotted path.
func sortPySets(v any, at string) {
	parent, last := splitPath(v, at)
	if m, ok := parent.(map[string]any); ok {
		if text, ok := m[last].(string); ok {
			m[last] = pySet.ReplaceAllStringFunc(text, func(set string) string {
				items := strings.Split(set[1:len(set)-1], ", ")
				slices.Sort(items)
				return "{" + strings.Join(items, ", ") + "}"
			})
		}
	}
}

// splitPath returns the object holding the field at a dotted path, and
// the field's name.
func splitPath(v any, at string) (any, string) {
	if i := strings.LastIndex(at, "."); i >= 0 {
		return dig(v, at[:i]), at[i+1:]
	}
	return v, at
}

// remove deletes the field at a dotted path ("executions.0.params").
func remove(v any, at string) {
	parent, last := splitPath(v, at)
	if m, ok := parent.(map[string]any); ok {
		delete(m, last)
	}
}
