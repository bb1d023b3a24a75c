package oslo

import amqp "github.com/rabbitmq/amqp091-go"

// Queues are declared with the arguments oslo.messaging gives them
// (_get_queue_arguments): a queue that Python Mistral services declared
// first is declared again by ours, and RabbitMQ refuses a declaration
// whose arguments differ (PRECONDITION_FAILED, inequivalent arg).

// topicQueueArgs are the arguments of the queues of a topic and of a
// server, and of notification queues: mirrored, or a quorum queue with
// its limits.
func (c Config) topicQueueArgs() amqp.Table {
	args := c.haArgs()
	if c.RabbitQuorumQueue {
		args["x-queue-type"] = "quorum"
		for name, v := range map[string]int{
			"x-delivery-limit":       c.QuorumDeliveryLimit,
			"x-max-in-memory-length": c.QuorumMaxMemoryLength,
			"x-max-in-memory-bytes":  c.QuorumMaxMemoryBytes,
		} {
			if v != 0 {
				args[name] = v
			}
		}
	}
	return args
}

// transientQueueArgs are the arguments of reply and fanout queues:
// mirrored, and deleted after rabbit_transient_queues_ttl unused.
func (c Config) transientQueueArgs() amqp.Table {
	args := c.haArgs()
	args["x-expires"] = c.TransientQueuesTTL.Milliseconds()
	return args
}

func (c Config) haArgs() amqp.Table {
	args := amqp.Table{}
	if c.RabbitHAQueues {
		args["x-ha-policy"] = "all"
	}
	return args
}
