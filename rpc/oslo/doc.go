// Package oslo implements rpc.Transport with oslo.messaging's rabbit driver
// protocol (RPC.md part b), so that our services and Python Mistral 15
// services serve each other on one RabbitMQ.
//
// It owns everything that is visible on the wire: the transport URL, the
// exchanges, queues and bindings oslo declares with their arguments
// (queue_args.go), message properties, kombu's body compression
// (compression.go), the 2.0 envelope, the _context_* keys, the reply and failure formats, and
// Mistral's RpcContextSerializer, which sends every argument and every result
// as its own JSON text (EncodeEntity/DecodeEntity). Callers of the transport
// hand over plain values from engine/data; a Mistral object (an action, a
// Result) is a *data.Map {"__serial_key": key, "__serial_data": fields} with
// the fields as a value, and this package adds and removes the extra level of
// JSON text that travels inside "__serial_data".
//
// The typed clients of package rpc may also pass an object with its fields
// already as JSON text (they do today); that is sent unchanged, so it must
// then be exactly what Python writes, nested objects (an ad-hoc action's
// base_action) included as JSON text. Received objects always have their
// fields decoded.
//
// Delivery semantics follow oslo: a request is acknowledged on receipt,
// before it is handled (at most once; a crash while handling loses it),
// repeated _unique_id values are dropped, and a failing cast is only logged.
// Replies, which only the calling process reads, are consumed without
// acknowledgements (no_ack): oslo acknowledges them, but a reply lost with
// a connection fails its call either way, and no peer sees the difference.
// Unlike oslo, every request is published as mandatory with publisher
// confirms: a message that no queue takes is reported as ErrUnroutable
// instead of vanishing.
//
// A handler may refuse a request that another server of its topic can
// serve by returning rpc.ErrHandOff (our executors do, for custom Python
// actions only Python executors have). The server then publishes the same
// message again to the topic, after a short pause, and RabbitMQ gives it to
// the next consumer in turn; after Config.HandoffTimeout the server that
// has it must answer it (see handoff.go). Routing by target cannot do this
// job: Mistral 15's executors all consume the one shared queue
// mistral_executor, and their server queues are named by [executor] host,
// which ours may share ("0.0.0.0" by default).
//
// The package must not know the engine, the database or HTTP, and must not
// interpret method names or arguments beyond the serializer's rules.
package oslo
