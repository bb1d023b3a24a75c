// Package executor is the executor service: it receives run_action requests,
// runs the action from the engine/actions registry with its timeout, and
// reports the result to the engine as Mistral's executor does (a cast when
// the action returned, a call when it raised; nothing for an asynchronous
// action that succeeded). It knows nothing of the database.
package executor
