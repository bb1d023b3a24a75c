// Package notifier is the notifier service: it delivers the workflow and task
// events the engine emits (WORKFLOW_LAUNCHED, TASK_SUCCEEDED, ...; ENGINE.md,
// RPC.md a.6) to the publishers an execution's params.notify names, as
// Mistral 15's default notifier does: "webhook" POSTs the event's JSON body
// to a URL with the given headers, "noop" only logs it.
//
// It serves both of Mistral's notifier types: with [notifier] type = local
// the engine hands events to a Service in its own process; with remote the
// engine casts notify to the mistral_notifier topic and `mistral-server
// --server notifier` hands them to a Service. Either way delivery is
// asynchronous, one event at a time per workflow execution, in the order the
// engine committed them. It knows nothing of the database.
package notifier
