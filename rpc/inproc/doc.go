// Package inproc is the in-process rpc.Transport of the embedded default and
// of tests: calls and casts go straight to the handlers served in the same
// process, each on its own goroutine, with no serialization.
package inproc
