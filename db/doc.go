// Package db owns persistence: GORM models of Mistral 15's tables (same table
// and column names, so that Mistral and Tramontane can share one database),
// small per-aggregate repositories, and the transaction helper with its
// after-commit registry.
//
// Work that a transaction causes outside the database (RPC sends) is
// registered on the Tx with AfterCommit and runs only after a successful
// commit, in registration order; a rollback drops it. Transactions that touch
// a workflow execution tree are serialized per root execution (an in-process
// keyed mutex, plus a row lock on MySQL) so that parallel branches never lose
// a transition.
//
// The DDL lives in db/schema. This package never imports the engine, rpc or
// HTTP code.
package db
