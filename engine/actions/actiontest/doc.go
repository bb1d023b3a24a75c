// Package actiontest runs the real servers the standard actions are tested
// against, on loopback and for one test each: an SSH server in the process
// and Debian's sshd with a throw-away key, an SMTP server, and an HTTP
// server. engine/actions' own tests use them, and so do the tests that
// compare our actions with the real Mistral 15's (tests/stdactions), so
// that both run against the very same servers.
//
// Every server is stopped when its test ends.
package actiontest
