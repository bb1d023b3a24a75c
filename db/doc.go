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
// On MySQL a transaction's writes, its begin, its lock and its commit wait
// and ride with its next statement, several statements a round trip
// (batch.go): repositories write through Tx.write, and a failed batch fails
// the whole transaction. Round trips and multi-row inserts are bounded by
// bytes as well as by count, well under the server's max_allowed_packet.
//
// The hot path of the engine (the completion's read of an action, task and
// workflow execution; the inserts and updates by id of their rows) goes
// without gorm's reflection: those models list their columns once, beside
// them, and rows.go builds the statements and scans the rows from the
// lists, reading and writing what gorm would.
//
// Text compares as Mistral's MySQL tables compare it (utf8mb4_general_ci:
// no case, no accents, trailing spaces ignored) on either database: on
// SQLite through the collation functions of db/sqlitedriver, in lookups
// by name or id, unique names, list filters and sort orders
// (collation.go).
//
// The DDL lives in db/schema. This package never imports the engine, rpc or
// HTTP code.
package db
