// Package rpc carries Mistral's RPC methods between the API, engine, executor
// and notifier services. The Transport interface is the boundary that varies:
// rpc/inproc delivers in-process for the embedded default and tests,
// rpc/oslo speaks oslo.messaging's rabbit protocol so that Python Mistral
// services on the same bus interoperate.
//
// On top of the transport, this package has the typed clients (EngineClient,
// ExecutorClient, NotifierClient) with the method and argument names of the
// wire (see RPC.md). It knows nothing of HTTP, SQL or the engine's internals.
package rpc
