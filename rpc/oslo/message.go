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
	m := data.NewMap(40)
	m.Set("method", o.method)
	m.Set("args", args)
	if o.msgID != "" {
		m.Set("_msg_id", o.msgID)
		m.Set("_reply_q", o.replyQ)
		m.Set("_timeout", nil)
	}
	m.Set("_unique_id", o.uniqueID)
	for _, d := range contextDefaults {
		v, ok := o.context.Get(d.key)
		switch {
		case ok:
		case d.key == "request_id":
			v = newRequestID()
		default:
			v = d.val
		}
		m.Set(contextPrefix+d.key, v)
	}
	// Keys beyond Mistral's 32 (trace_info, for instance) follow them.
	for _, k := range o.context.Keys() {
		if !m.Has(contextPrefix + k) {
			m.Set(contextPrefix+k, o.context.Value(k))
		}
	}
	return envelope(m)
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
	m := data.NewMap(5)
	m.Set("result", r.result)
	m.Set("failure", r.failure)
	m.Set("ending", r.ending)
	m.Set("_msg_id", r.msgID)
	m.Set("_unique_id", r.uniqueID)
	return envelope(m)
}

// envelopeHead is the start of every oslo 2.0 envelope, as json.dumps
// writes it; the message's JSON text follows as a JSON string.
const envelopeHead = `{"oslo.version": "2.0", "oslo.message": "`

// envelope encodes msg and wraps it in oslo's 2.0 envelope in one buffer:
// {"oslo.version": "2.0", "oslo.message": "<JSON text of msg>"}.
func envelope(msg *data.Map) ([]byte, error) {
	var inner bytes.Buffer
	inner.Grow(2048)
	if err := data.EncodePythonTo(&inner, msg); err != nil {
		return nil, fmt.Errorf("encode oslo message: %w", err)
	}
	text := inner.Bytes()
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
	v, err = data.ParseString(inner)
	if err != nil {
		return nil, fmt.Errorf("oslo.message is not JSON: %w", err)
	}
	if m, ok = v.(*data.Map); !ok {
		return nil, fmt.Errorf("oslo.message is a JSON %s, not an object", pythonTypeName(v))
	}
	return m, nil
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
