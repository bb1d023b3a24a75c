// Package actions implements Mistral's standard actions (std.noop, std.echo,
// std.http, std.ssh, ...) and the registry that describes them: their names,
// Python class paths, parameter signatures and docstrings, the input check
// Mistral performs before instantiating one, and the instance state that
// travels over RPC between engines and executors.
//
// An action here is a value with its input already bound; Run does the work
// and returns a Result the way mistral_lib's Action.run does. Running,
// timing out, reporting and retrying belong to the executor and the engine;
// this package does no RPC, touches no database and keeps no global state.
//
// The tests run the actions against real servers on loopback (actiontest);
// tests/stdactions compares every action's results and errors, call by
// call, with what the real Mistral 15 answered for the same calls against
// the same servers (its fixture says where we differ on purpose, and how
// to record it again).
package actions
