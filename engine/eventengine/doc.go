// Package eventengine is the event engine service (`mistral-server --server
// event-engine`): it starts workflows when OpenStack services publish
// notifications, as Mistral 15's default event engine does.
//
// Every event trigger names an exchange, a topic and an event type. The
// service listens, for each exchange and topic some trigger names, to the
// oslo.messaging notifications published there, in the queue
// mistral-<exchange>-<[event_engine] listener_pool_name> that all event
// engines share, so that each notification reaches one of them and starts
// its workflows once however many event engines run. A notification whose
// event_type is a trigger's event starts the trigger's workflow through the
// engine's start_workflow with the trigger's workflow_input, and its
// workflow_params plus event_params: the notification converted by the
// event definitions file ([event_engine] event_definitions_cfg_file), or by
// Mistral's default properties (service, project_id, user_id, timestamp).
//
// The API tells every event engine about trigger changes with fanout casts
// (create_event_trigger, update_event_trigger, delete_event_trigger, RPC.md
// a.7), so a running service starts and stops listening as triggers come
// and go; the casts of a Python Mistral API are understood and ours are
// understood by a Python event engine.
//
// Differences from Mistral: a notification starts only the triggers of the
// exchange and topic it arrived on (Mistral matches the event name across
// every exchange and topic), and it is acknowledged after the workflows are
// started rather than when it is queued in memory. In the embedded default
// (no transport_url) nothing outside the process can publish notifications,
// so triggers only fire for notifications published in-process.
package eventengine
