package oslo

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// contextDefaults are the 32 keys of MistralContext.to_dict() in the order
// Mistral sends them, with their values when auth is off (RPC.md a.3).
// request_id is filled with a fresh "req-<uuid>" when the caller has none.
var contextDefaults = []struct {
	key string
	val any
}{
	{"user", nil}, {"project_id", nil}, {"system_scope", nil}, {"project", nil},
	{"domain", nil}, {"user_domain", nil}, {"project_domain", nil},
	{"is_admin", false}, {"read_only", false}, {"show_deleted", false},
	{"auth_token", nil}, {"request_id", nil}, {"global_request_id", nil},
	{"resource_uuid", nil}, {"roles", []any{}}, {"user_identity", "- - - - -"},
	{"is_admin_project", true}, {"user_name", nil}, {"project_name", nil},
	{"domain_name", nil}, {"user_domain_name", nil}, {"project_domain_name", nil},
	{"auth_uri", nil}, {"auth_cacert", nil}, {"insecure", false},
	{"service_catalog", data.NewMap(0)}, {"region_name", nil},
	{"is_trust_scoped", false}, {"redelivered", false}, {"expires_at", nil},
	{"trust_id", nil}, {"is_target", false},
}

const contextPrefix = "_context_"

// newHex returns a uuid4 as 32 hex digits, oslo's uuid.uuid4().hex.
func newHex() string {
	b := newUUIDBytes()
	return hex.EncodeToString(b[:])
}

// newRequestID returns "req-<uuid4>", oslo.context's generated request id.
func newRequestID() string {
	h := newHex()
	return "req-" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func newUUIDBytes() [16]byte {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}

// outgoing is one request to encode.
type outgoing struct {
	method   string
	args     *data.Map // already serialized (EncodeEntity per value)
	msgID    string    // calls only
	replyQ   string    // calls only
	uniqueID string
	context  *data.Map // rpc.RequestContext of the sender; may be nil
}

// encodeRequest builds the envelope of a request with oslo's key order:
// method, args, [_msg_id, _reply_q, _timeout], _unique_id, _context_*.
func encodeRequest(o outgoing) ([]byte, error) {
	args := o.args
	if args == nil {
		args = data.NewMap(0)
	}
	var w messageWriter
	w.str("method", o.method)
	w.field("args", args)
	if o.msgID != "" {
		w.str("_msg_id", o.msgID)
		w.str("_reply_q", o.replyQ)
		w.field("_timeout", nil)
	}
	w.str("_unique_id", o.uniqueID)
	for _, d := range contextDefaults {
		v, ok := o.context.Get(d.key)
		switch {
		case ok:
		case d.key == "request_id":
			v = newRequestID()
		default:
			v = d.val
		}
		w.field(contextPrefix+d.key, v)
	}
	// Keys beyond Mistral's 32 (trace_info, for instance) follow them.
	for _, k := range o.context.Keys() {
		if !isContextDefault(k) {
			w.field(contextPrefix+k, o.context.Value(k))
		}
	}
	return w.envelope()
}

func isContextDefault(key string) bool {
	for _, d := range contextDefaults {
		if d.key == key {
			return true
		}
	}
	return false
}

// reply is one reply message.
type reply struct {
	result   any    // serialized result (JSON text) or nil
	failure  any    // failure JSON text or nil
	ending   bool   // true on the last (in practice the only) reply
	msgID    string // the request's _msg_id
	uniqueID string
}

// encodeReply builds the envelope of a reply: result, failure, ending,
// _msg_id, _unique_id.
func encodeReply(r reply) ([]byte, error) {
	var w messageWriter
	w.field("result", r.result)
	w.field("failure", r.failure)
	w.field("ending", r.ending)
	w.str("_msg_id", r.msgID)
	w.str("_unique_id", r.uniqueID)
	return w.envelope()
}

// messageWriter writes the JSON text of a message, field by field and in
// order, as Python's json.dumps writes a dict, then wraps it in the
// envelope. The first error sticks.
type messageWriter struct {
	text bytes.Buffer
	err  error
}

func (w *messageWriter) field(key string, v any) {
	if w.key(key) {
		w.err = data.EncodePythonTo(&w.text, v)
	}
}

// str is field for a string value, which it need not box.
func (w *messageWriter) str(key, v string) {
	if w.key(key) {
		data.EncodePythonString(&w.text, v)
	}
}

// key writes the separator and the key of the next field, unless an
// error stuck.
func (w *messageWriter) key(key string) bool {
	if w.err != nil {
		return false
	}
	if w.text.Len() == 0 {
		w.text.Grow(2048)
		w.text.WriteByte('{')
	} else {
		w.text.WriteString(", ")
	}
	data.EncodePythonString(&w.text, key)
	w.text.WriteString(": ")
	return true
}

// envelopeHead is the start of every oslo 2.0 envelope, as json.dumps
// writes it; the message's JSON text follows as a JSON string.
const envelopeHead = `{"oslo.version": "2.0", "oslo.message": "`

// envelope closes the message and wraps its text in oslo's 2.0 envelope:
// {"oslo.version": "2.0", "oslo.message": "<JSON text of the message>"}.
func (w *messageWriter) envelope() ([]byte, error) {
	if w.err != nil {
		return nil, fmt.Errorf("encode oslo message: %w", w.err)
	}
	if w.text.Len() == 0 {
		w.text.WriteByte('{')
	}
	w.text.WriteByte('}')
	text := w.text.Bytes()
	body := make([]byte, 0, len(envelopeHead)+len(text)+len(text)/4+2)
	body = append(body, envelopeHead...)
	// The text is printable ASCII (Python's encoding escapes the rest),
	// in which JSON escapes only quotes and backslashes.
	run := 0
	for i, c := range text {
		switch {
		case c == '"' || c == '\\':
			body = append(body, text[run:i]...)
			body = append(body, '\\', c)
			run = i + 1
		case c < 0x20 || c > 0x7e:
			return nil, fmt.Errorf("encode oslo envelope: byte %#x in the message's JSON text", c)
		}
	}
	body = append(body, text[run:]...)
	return append(body, '"', '}'), nil
}

// openEnvelope decodes a message body into the inner message. A body
// without the envelope keys is a legacy bare message and is returned as it
// is; an envelope of another major version is refused, as oslo does.
func openEnvelope(body []byte) (*data.Map, error) {
	if text, ok := envelopeText(body); ok {
		return parseMessage(text)
	}
	v, err := data.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("message body is not JSON: %w", err)
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, fmt.Errorf("message body is a JSON %s, not an object", pythonTypeName(v))
	}
	if !m.Has("oslo.version") {
		return m, nil
	}
	version, _ := m.Value("oslo.version").(string)
	if major, _, _ := strings.Cut(version, "."); major != "2" {
		return nil, fmt.Errorf("unsupported oslo envelope version %q", version)
	}
	inner, ok := m.Value("oslo.message").(string)
	if !ok {
		return nil, fmt.Errorf("oslo envelope without an oslo.message string")
	}
	return parseMessage(inner)
}

// parseMessage decodes the JSON text of an envelope's message.
func parseMessage(text string) (*data.Map, error) {
	v, err := data.ParseString(text)
	if err != nil {
		return nil, fmt.Errorf("oslo.message is not JSON: %w", err)
	}
	m, ok := v.(*data.Map)
	if !ok {
		return nil, fmt.Errorf("oslo.message is a JSON %s, not an object", pythonTypeName(v))
	}
	return m, nil
}

// envelopeText returns the message text of a body written exactly as
// envelope (and Python's json.dumps) writes it: the head, the text as a
// string of printable ASCII with only quotes and backslashes escaped, and
// "}. It reads it in one pass, without decoding the envelope as an object;
// any other body is left to the general decoding (ok false).
func envelopeText(body []byte) (text string, ok bool) {
	rest, ok := bytes.CutPrefix(body, []byte(envelopeHead))
	if !ok {
		return "", false
	}
	if rest, ok = bytes.CutSuffix(rest, []byte(`"}`)); !ok {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(rest))
	run := 0
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '\\':
			if i+1 == len(rest) || (rest[i+1] != '"' && rest[i+1] != '\\') {
				return "", false
			}
			b.Write(rest[run:i])
			i++
			run = i
		case c == '"' || c < 0x20 || c > 0x7e:
			return "", false
		}
	}
	b.Write(rest[run:])
	return b.String(), true
}

// incoming is a decoded request.
type incoming struct {
	method    string
	args      *data.Map // still serialized (JSON text per value)
	namespace any
	version   any
	msgID     string
	replyQ    string
	uniqueID  string
	context   *data.Map // _context_* keys without the prefix
	handoff   handoff   // how it may be handed off (set by the server)
}

// splitRequest separates the oslo keys of an inner message from what the
// dispatcher sees, as oslo's unpack_context does.
func splitRequest(m *data.Map) (*incoming, error) {
	in := &incoming{context: data.NewMap(32)}
	for _, k := range m.Keys() {
		v := m.Value(k)
		switch {
		case strings.HasPrefix(k, contextPrefix):
			in.context.Set(k[len(contextPrefix):], v)
		case k == "method":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("method is a %s, not a string", pythonTypeName(v))
			}
			in.method = s
		case k == "args":
			if v == nil {
				continue
			}
			a, ok := v.(*data.Map)
			if !ok {
				return nil, fmt.Errorf("args is a %s, not an object", pythonTypeName(v))
			}
			in.args = a
		case k == "namespace":
			in.namespace = v
		case k == "version":
			in.version = v
		case k == "_msg_id":
			in.msgID, _ = v.(string)
		case k == "_reply_q":
			in.replyQ, _ = v.(string)
		case k == "_unique_id":
			in.uniqueID, _ = v.(string)
		}
	}
	if in.method == "" {
		return nil, fmt.Errorf("message has no method")
	}
	if in.args == nil {
		in.args = data.NewMap(0)
	}
	return in, nil
}
