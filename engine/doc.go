// Package engine runs workflows: it starts executions, turns action results
// into task completions, decides the next tasks, and finishes executions, with
// Mistral 15's semantics (ENGINE.md).
//
// Every entry point is one database transaction on the execution tree it
// touches, serialized per root execution (db.TxOptions.Lock). Because
// completions of one tree never run concurrently, joins, with-items
// accounting and the workflow's completion are decided in the same
// transaction as the state change that triggers them, from committed state:
// there is no separate post-commit transaction to lose. Work for executors
// leaves through the transaction's after-commit registry, never through a
// polling scheduler.
//
// Action results that arrive while transactions run wait and are handled
// together by the next one, of one tree or of several (batch.go: group
// commit; db.TxOptions.Locks takes several trees' locks in one order), and
// decisions that depend on many events of a transaction — a join's inbound
// tasks, a with-items task's iterations — are taken once at its end
// (run.once). The engine benchmarks (bench_test.go) report statements,
// transactions, allocations and CPU time per task.
//
// The engine never imports HTTP or AMQP code: it is served over any
// rpc.Transport and reaches executors through rpc clients.
package engine
