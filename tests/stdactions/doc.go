// Package stdactions compares our standard actions with the real Mistral
// 15's, call by call.
//
// Each case is one call of a std.* action, run through the REST API
// (POST /v2/action_executions, as `mistral run-action` does) or as the
// only task of a workflow (for the task's state_info and result), against
// the same real servers on loopback that engine/actions' tests use
// (engine/actions/actiontest): in-process SSH servers, Debian's sshd with
// a throw-away key, SMTP servers and an HTTP server.
//
// Asynchronous actions (std.mistral_http, std.async_noop) are completed
// with PUT /v2/action_executions/{id} as the service they called would;
// their requests' Mistral-* headers are compared too, and so is the mail
// the SMTP server received.
//
// testdata/mistral15.json holds what the real Mistral 15 answered, with
// addresses, ports, keys, ids, times, object addresses, MIME boundaries
// and Python tracebacks (which we do not reproduce) masked. It is written by the
// recorder, which is not part of the test command:
//
//	TRAMONTANE_RECORD_MISTRAL=1 go test -run TestRecordMistral ./tests/stdactions/
//
// The recorder starts Python Mistral with ../shared/tools/mistral-reference
// and needs root (its SSH servers listen on 127.0.0.2-4 port 22, the only
// port Mistral's paramiko connects to). TestReplayMistral, in the test
// command, runs every recorded case against our server and compares the
// answers field by field. Where we differ on purpose, the case says why
// and what we answer instead.
package stdactions
