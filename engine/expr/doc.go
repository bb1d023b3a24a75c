// Package expr evaluates the expressions embedded in workflow definitions:
// YAQL between <% %> and Jinja between {{ }} or {% %}, with Mistral's rules
// for finding them in strings, for keeping the type of a whole-string
// expression, for interpolating mixed text, and for walking nested inputs
// and publish maps.
//
// The two languages live in the yaql and jinja subpackages behind the
// Language interface. Mistral's functions that read engine state (task(),
// execution(), ...) reach the engine through the Host interface, which the
// engine implements; this package never touches the database.
package expr
