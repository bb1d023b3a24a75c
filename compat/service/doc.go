// Package service assembles the services of one process — api, engine,
// executor, notifier — from a config.Config, as `mistral-server --server`
// asks: the database, the transport (in-process for the embedded default,
// oslo.messaging over RabbitMQ otherwise), the expression evaluator, the
// action registry and the background duties. cmd/mistral-server and the
// end-to-end tests use it; it holds no behaviour of its own.
package service
