// Package exc holds the error classes of Mistral's mistral.exceptions module
// as one typed Go error. The class name travels over RPC (oslo.messaging
// failure replies name it, and Python peers raise the same classes) and
// compat/rest maps it to an HTTP status in one place.
//
// It imports nothing of this module; every layer may use it.
package exc
