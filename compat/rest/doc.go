// Package rest serves Mistral's v2 REST API (REST.md) with gin: one file per
// resource, Mistral's JSON shapes and list envelopes, its filters and
// pagination, and its error bodies. Errors are mapped to HTTP statuses in one
// place (errors.go) from the Mistral exception class they carry.
//
// Every route enforces its Mistral policy rule (compat/policy) before its
// handler, as Mistral's controllers call acl.enforce; what a caller sees is
// scoped by its db.Viewer (project, admin), never by SQL in a handler.
//
// Handlers read and write through db's repositories and the definitions
// service, and reach the engine only through rpc.EngineAPI; they never run
// SQL or touch engine internals.
package rest
