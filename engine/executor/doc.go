// Package executor is the executor service: it receives run_action requests,
// runs the action from the engine/actions registry with its timeout, and
// reports the result to the engine as Mistral's executor does (a cast when
// the action returned, a call when it raised; nothing for an asynchronous
// action that succeeded). It knows nothing of the database.
//
// An action it cannot run — a custom Python action ([tramontane]
// python_action_path) or a class it does not know — it hands off to the
// other executors on the bus (rpc.ErrHandOff) while the transport allows,
// so that a Python Mistral executor that has it runs it; when no executor
// took it before the hand-off timeout, it fails the action with a
// state_info naming the action and saying that no executor could run it.
//
// Nearby (nearby.go) lets an engine in the same process hand actions to
// this executor directly while it has free slots, instead of through the
// broker ([tramontane] prefer_local_executor).
package executor
