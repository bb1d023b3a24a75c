// Package keystone authenticates API requests against a Keystone v3 server
// as keystonemiddleware's auth_token does for Mistral: it reads the
// [keystone_authtoken] options, keeps a service token of its own (password
// authentication, renewed before it expires), validates each caller's
// X-Auth-Token with GET /v3/auth/tokens, and caches validated tokens until
// they expire in a bounded cache.
//
// It also makes the trusts Mistral creates for cron and event triggers, and
// the trust-scoped tokens those triggers run with later.
package keystone
