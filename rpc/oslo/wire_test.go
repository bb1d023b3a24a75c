package oslo

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// specDir finds shared/spec by walking up from the test's directory. It
// skips the test when the specs are absent, and fails when CI=true.
func specDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "spec")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared/spec not found above the test directory")
	}
	t.Skip("shared/spec not found above the test directory")
	return ""
}

// capturedEvent is one line of wire/messages.jsonl.
type capturedEvent struct {
	Seq        int            `json:"seq"`
	Label      string         `json:"label"`
	Event      string         `json:"event"`
	Exchange   string         `json:"exchange"`
	Properties map[string]any `json:"properties"`
	BodyRaw    string         `json:"body_raw"`
}

// capturedPublishes returns the publish events of the capture.
func capturedPublishes(t testing.TB) []capturedEvent {
	t.Helper()
	f, err := os.Open(filepath.Join(specDir(t), "wire", "messages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []capturedEvent
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var e capturedEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Event == "publish" {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no publish events in messages.jsonl")
	}
	return out
}

// TestCapturedMessagesRoundTrip decodes every captured message down to
// plain values (arguments, results and Mistral objects included) and
// encodes it again; the bytes must be the captured bytes.
func TestCapturedMessagesRoundTrip(t *testing.T) {
	requests, replies := 0, 0
	for _, e := range capturedPublishes(t) {
		m, err := openEnvelope([]byte(e.BodyRaw))
		if err != nil {
			t.Fatalf("seq %d: %v", e.Seq, err)
		}
		var got []byte
		if e.Exchange == "" {
			replies++
			got = roundTripReply(t, e.Seq, m)
		} else {
			requests++
			got = roundTripRequest(t, e.Seq, m)
		}
		if string(got) != e.BodyRaw {
			t.Errorf("seq %d (%s): re-encoded body differs\n got: %.400s\nwant: %.400s", e.Seq, e.Label, got, e.BodyRaw)
		}
	}
	t.Logf("%d requests and %d replies re-encoded byte for byte", requests, replies)
}

func roundTripRequest(t *testing.T, seq int, m *data.Map) []byte {
	in, err := splitRequest(m)
	if err != nil {
		t.Fatalf("seq %d: %v", seq, err)
	}
	if in.context.Len() != 32 {
		t.Errorf("seq %d: %d context keys, want 32", seq, in.context.Len())
	}
	plain := data.NewMap(in.args.Len())
	for _, k := range in.args.Keys() {
		v, err := DecodeEntity(in.args.Value(k))
		if err != nil {
			t.Fatalf("seq %d: arg %s: %v", seq, k, err)
		}
		if _, fields, ok := AsObject(v); ok {
			if _, isText := fields.(string); isText {
				t.Errorf("seq %d: arg %s: object fields left as text", seq, k)
			}
		}
		plain.Set(k, v)
	}
	wire, err := encodeArgs(plain)
	if err != nil {
		t.Fatalf("seq %d: %v", seq, err)
	}
	body, err := encodeRequest(outgoing{method: in.method, args: wire, msgID: in.msgID, replyQ: in.replyQ,
		uniqueID: in.uniqueID, context: in.context})
	if err != nil {
		t.Fatalf("seq %d: %v", seq, err)
	}
	return body
}

func roundTripReply(t *testing.T, seq int, m *data.Map) []byte {
	r := reply{msgID: m.Value("_msg_id").(string), uniqueID: m.Value("_unique_id").(string)}
	r.ending, _ = m.Value("ending").(bool)
	result, err := DecodeEntity(m.Value("result"))
	if err != nil {
		t.Fatalf("seq %d: result: %v", seq, err)
	}
	if r.result, err = EncodeEntity(result); err != nil {
		t.Fatalf("seq %d: %v", seq, err)
	}
	if fv := m.Value("failure"); fv != nil {
		f, err := decodeFailure(fv)
		if err != nil {
			t.Fatalf("seq %d: %v", seq, err)
		}
		if r.failure, err = encodeFailure(f); err != nil {
			t.Fatalf("seq %d: %v", seq, err)
		}
	}
	body, err := encodeReply(r)
	if err != nil {
		t.Fatalf("seq %d: %v", seq, err)
	}
	return body
}

// TestCapturedContextDefaults checks that a request made without a request
// context carries Mistral's 32 keys with the values seen when auth is off.
func TestCapturedContextDefaults(t *testing.T) {
	e := capturedPublishes(t)[0] // seq 1, start_workflow call
	m, err := openEnvelope([]byte(e.BodyRaw))
	if err != nil {
		t.Fatal(err)
	}
	in, err := splitRequest(m)
	if err != nil {
		t.Fatal(err)
	}
	body, err := encodeRequest(outgoing{method: in.method, args: in.args, msgID: in.msgID, replyQ: in.replyQ,
		uniqueID: in.uniqueID, context: data.MapOf("request_id", in.context.Value("request_id"))})
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != e.BodyRaw {
		t.Errorf("defaults differ from the capture\n got: %s\nwant: %s", body, e.BodyRaw)
	}
	// Without any context a fresh request id is generated.
	body, err = encodeRequest(outgoing{method: "m", uniqueID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = openEnvelope(body)
	id, _ := m.Value("_context_request_id").(string)
	if len(id) != len("req-99ce4f8d-35a9-489d-9e85-dcfa1d338e40") || id[:4] != "req-" {
		t.Errorf("generated request id %q", id)
	}
}

// TestCapturedProperties checks the AMQP properties we publish against the
// two variants of the capture.
func TestCapturedProperties(t *testing.T) {
	for _, e := range capturedPublishes(t) {
		exp, _ := e.Properties["expiration"].(string)
		p := publishing(nil, exp)
		if p.ContentType != e.Properties["content_type"] || p.ContentEncoding != e.Properties["content_encoding"] ||
			float64(p.DeliveryMode) != e.Properties["delivery_mode"] || float64(p.Priority) != e.Properties["priority"] {
			t.Errorf("seq %d: properties %+v, captured %v", e.Seq, p, e.Properties)
		}
	}
}
