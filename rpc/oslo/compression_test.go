package oslo

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/tramontane/tramontane/rpc"
)

// Bodies compressed by kombu (Python's kombu.compression.compress of the
// same envelope, with kombu_compression gzip and bzip2).
const kombuEnvelope = `{"oslo.version": "2.0", "oslo.message": "{}"}`

// bzip2Cast is kombu's bzip2 body of {"oslo.version": "2.0",
// "oslo.message": "{\"method\": \"bzipped\", \"args\": {}, \"_unique_id\": \"u1\"}"}.
const bzip2Cast = "QlpoOTFBWSZTWXwxAXIAADIbgFAFcBAABLbn/xogAFQ1TI0DTJ6mhtCbKEZIQ9J6gBoAVwJQiVkdL4AQ9VT8xL0R/IoMx2wmcXqkUVqbTqlgd0rBTaPC5ggTpwJojKTyeMhqpRWzjZRn4u5IpwoSD4YgLkA="

var kombuCompressed = map[string]string{
	zlibCompression:  "eJyrVsovzsnXK0stKs7Mz1OyUlAy0jNQ0lGACOemFhcnpqeChKtrlWoBUG8OUg==",
	bzip2Compression: "QlpoOTFBWSZTWVAtjoAAABSZgFAFUBAip5kKIAAxTCaaA0xCJpo9QAPSBlm2rRKvW/Uw0Dtz2UBQobJsOEamhxfi7kinChIKBbHQAA==",
}

func TestDecompressed(t *testing.T) {
	for method, b64 := range kombuCompressed {
		body, _ := base64.StdEncoding.DecodeString(b64)
		got, err := decompressed(body, amqp.Table{compressionHeader: method})
		if err != nil || string(got) != kombuEnvelope {
			t.Errorf("%s: %q, %v", method, got, err)
		}
	}
	if got, err := decompressed([]byte(kombuEnvelope), amqp.Table{}); err != nil || string(got) != kombuEnvelope {
		t.Errorf("plain body: %q, %v", got, err)
	}
	for _, tc := range []struct {
		name    string
		body    string
		headers amqp.Table
		err     string
	}{
		{"unknown method", "x", amqp.Table{compressionHeader: "application/x-lzma"}, `unsupported compression "application/x-lzma"`},
		{"not zlib", "x", amqp.Table{compressionHeader: zlibCompression}, "decompress application/x-gzip body"},
		{"not bzip2", "xxxxxxxx", amqp.Table{compressionHeader: bzip2Compression}, "decompress application/x-bz2 body"},
	} {
		if _, err := decompressed([]byte(tc.body), tc.headers); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
	// A body we compress reads back, and says how it was compressed.
	headers := amqp.Table{}
	body := compress([]byte(kombuEnvelope), zlibCompression, headers)
	if got, err := decompressed(body, headers); err != nil || string(got) != kombuEnvelope || len(body) == len(kombuEnvelope) {
		t.Errorf("round trip: %q, %v", got, err)
	}
}

// A transport with kombu_compression = gzip sends compressed requests that
// another reads, and reads compressed requests as a Python service sends.
func TestCompressedMessages(t *testing.T) {
	topic := testTopic(t)
	srv := newTestTransport(t, Config{})
	got := make(chan string, 4)
	if err := srv.Serve(t.Context(), rpc.Target{Topic: topic}, func(_ context.Context, req *rpc.Request) (any, error) {
		got <- req.Method
		return "pong", nil
	}); err != nil {
		t.Fatal(err)
	}
	client := newTestTransport(t, Config{Compression: "gzip"})
	if res, err := client.Call(t.Context(), rpc.Target{Topic: topic}, "ping", nil); err != nil || res != "pong" {
		t.Fatalf("call: %v, %v", res, err)
	}
	waitFor(t, got, "compressed call")
	// On the wire, the cast is compressed and says so.
	wire := testTopic(t)
	ch := rawChannel(t)
	if _, err := ch.QueueDeclare(wire, false, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	if err := ch.QueueBind(wire, wire, "openstack", false, nil); err != nil {
		t.Fatal(err)
	}
	if err := client.Cast(t.Context(), rpc.Target{Topic: wire}, "look", nil); err != nil {
		t.Fatal(err)
	}
	var d amqp.Delivery
	for ok, deadline := false, time.Now().Add(5*time.Second); !ok; time.Sleep(20 * time.Millisecond) {
		var err error
		if d, ok, err = ch.Get(wire, true); err != nil || !ok && time.Now().After(deadline) {
			t.Fatalf("no cast on the wire: %v", err)
		}
	}
	if d.Headers[compressionHeader] != zlibCompression || strings.Contains(string(d.Body), "look") {
		t.Errorf("cast sent with headers %v, body %q", d.Headers, d.Body)
	}
	// A cast of "bzipped" as a Python service with kombu_compression =
	// bzip2 sends it.
	raw, _ := base64.StdEncoding.DecodeString(bzip2Cast)
	msg := publishing(raw, "")
	msg.Headers[compressionHeader] = bzip2Compression
	if err := rawChannel(t).PublishWithContext(t.Context(), "openstack", topic, false, false, msg); err != nil {
		t.Fatal(err)
	}
	if m := waitFor(t, got, "bzip2 cast"); m != "bzipped" {
		t.Errorf("bzip2 cast read as %q", m)
	}
	select {
	case m := <-got:
		t.Errorf("unexpected request %q", m)
	case <-time.After(100 * time.Millisecond):
	}
}
