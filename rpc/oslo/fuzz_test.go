package oslo

import "testing"

// FuzzDecode feeds arbitrary message bodies to every decoder a delivery
// from the bus goes through: any process on the broker can publish to our
// queues, so a body we cannot read is refused, never a crash.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"oslo.version": "2.0", "oslo.message": "{\"method\": \"run_action\", \"args\": {\"action_ex_id\": \"x\"}, \"_msg_id\": \"m\", \"_reply_q\": \"q\", \"_context_auth_token\": null}"}`,
		`{"method": "on_action_complete", "args": {"result": "{\"__mistral_result__\": {}}"}}`,
		`{"oslo.version": "3.0", "oslo.message": "{}"}`,
		`{"failure": "{\"class\": \"MistralException\", \"module\": \"mistral.exceptions\", \"message\": \"m\", \"tb\": [], \"args\": [], \"kwargs\": {}}"}`,
		`{"event_type": "e", "payload": {"a": [1, {"b": null}]}, "priority": "INFO", "publisher_id": "p", "message_id": "m", "timestamp": "t"}`,
		`[1]`, `"s"`, `{`, "\xff",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if m, err := openEnvelope(body); err == nil {
			if in, err := splitRequest(m); err == nil {
				for _, k := range in.args.Keys() {
					if s, ok := in.args.Value(k).(string); ok {
						_, _ = decodeEntityText(s)
					}
				}
			}
			_, _ = decodeFailure(m.Value("failure"))
		}
		_, _, _ = decodeNotification(body)
	})
}
