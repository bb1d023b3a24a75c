// Package mistralinterop runs Python Mistral 15 (Debian's python3-mistral)
// and Tramontane processes together on one RabbitMQ and one MariaDB
// database, as operators do while they replace one service at a time, and
// checks that the mixed deployments end workflows as Python Mistral alone
// does.
//
// Each test gets a RabbitMQ virtual host of its own (deleted at the end),
// throw-away databases, free ports, and kills only the processes it
// started. mistral_server.py launches Python Mistral's mistral-server;
// pyactions/ is a custom Python action package (with the mistral.actions
// entry point Mistral 15 discovers actions by) that only the Python
// executor gets on its PYTHONPATH.
//
// The tests need rabbitmq-server, mariadb-server and python3-mistral; they
// skip without them, and fail in CI (CI=true).
package mistralinterop
