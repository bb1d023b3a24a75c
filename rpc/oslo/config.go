package oslo

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config holds what mistral.conf says about messaging: [DEFAULT]
// transport_url, control_exchange, rpc_response_timeout, host, and the
// common [oslo_messaging_rabbit] options. Zero values mean oslo's defaults.
type Config struct {
	// TransportURL is oslo's transport_url,
	// rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost?ssl=1
	TransportURL string
	// ControlExchange is the topic exchange of RPC requests ("openstack").
	ControlExchange string
	// ResponseTimeout is rpc_response_timeout: how long a call waits for
	// its reply (60s). It is also the TTL ("expiration") of call requests.
	ResponseTimeout time.Duration
	// Host is the server name of Serve targets without one ("0.0.0.0").
	Host string

	// AMQPDurableQueues (amqp_durable_queues) makes the control exchange
	// and the topic queues durable.
	AMQPDurableQueues bool
	// AMQPAutoDelete (amqp_auto_delete) makes the control exchange and the
	// topic queues auto-delete.
	AMQPAutoDelete bool
	// RabbitQuorumQueue (rabbit_quorum_queue) declares the topic queues as
	// durable quorum queues, with the limits of
	// rabbit_quorum_delivery_limit, rabbit_quroum_max_memory_length and
	// rabbit_quroum_max_memory_bytes (oslo's spelling) when they are set.
	RabbitQuorumQueue     bool
	QuorumDeliveryLimit   int
	QuorumMaxMemoryLength int
	QuorumMaxMemoryBytes  int
	// RabbitHAQueues (rabbit_ha_queues) declares every queue with
	// x-ha-policy "all", as RabbitMQ before 3.0 mirrored queues.
	RabbitHAQueues bool
	// RetryInterval, RetryBackoff and RetryMax (rabbit_retry_interval,
	// rabbit_retry_backoff, rabbit_interval_max) time the reconnection to
	// the broker: the first wait, what each next wait adds, the longest
	// wait. Zero means oslo's 1s, 2s and 30s.
	RetryInterval time.Duration
	RetryBackoff  time.Duration
	RetryMax      time.Duration
	// Compression is kombu_compression: "gzip" compresses what we send as
	// kombu does; "bz2" is accepted and sends plain bodies (receivers read
	// both). Compressed messages are read whatever it says.
	Compression string
	// QosPrefetchCount (rabbit_qos_prefetch_count) bounds the requests the
	// broker sends a server ahead of their acknowledgement: 0, no bound.
	QosPrefetchCount int
	// HeartbeatTimeoutThreshold (heartbeat_timeout_threshold) is the AMQP
	// heartbeat negotiated with the broker: 0 means oslo's 60s, a negative
	// value turns heartbeats off.
	HeartbeatTimeoutThreshold time.Duration
	// TransientQueuesTTL (rabbit_transient_queues_ttl) is the x-expires of
	// reply and fanout queues: 0 means 1800s.
	TransientQueuesTTL time.Duration
	// MissingConsumerRetryTimeout (kombu_missing_consumer_retry_timeout) is
	// how long a reply is retried while its reply queue is missing: 0
	// means 60s.
	MissingConsumerRetryTimeout time.Duration
	// ExecutorThreadPoolSize (executor_thread_pool_size) bounds the
	// requests one server handles at once: 0 means 64.
	ExecutorThreadPoolSize int
	// HandoffTimeout is how long a request that servers hand off
	// (rpc.ErrHandOff) goes round the servers of its topic before the one
	// that has it must answer it: 0 means ResponseTimeout, a negative value
	// turns hand-offs off. A call's is at most half its ResponseTimeout, so
	// that the caller still hears the answer.
	HandoffTimeout time.Duration

	// SSL and the files of [oslo_messaging_rabbit] ssl, ssl_ca_file,
	// ssl_cert_file and ssl_key_file. "?ssl=1" in the URL also turns SSL on.
	SSL         bool
	SSLCAFile   string
	SSLCertFile string
	SSLKeyFile  string

	// Logger receives the transport's logs; nil means slog.Default().
	Logger *slog.Logger
}

// withDefaults returns c with oslo's defaults filled in.
func (c Config) withDefaults() Config {
	if c.ControlExchange == "" {
		c.ControlExchange = "openstack"
	}
	if c.ResponseTimeout <= 0 {
		c.ResponseTimeout = 60 * time.Second
	}
	if c.Host == "" {
		c.Host = "0.0.0.0"
	}
	if c.HeartbeatTimeoutThreshold == 0 {
		c.HeartbeatTimeoutThreshold = 60 * time.Second
	}
	if c.RetryInterval <= 0 {
		c.RetryInterval = time.Second
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 2 * time.Second
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 30 * time.Second
	}
	if c.TransientQueuesTTL <= 0 {
		c.TransientQueuesTTL = 1800 * time.Second
	}
	if c.MissingConsumerRetryTimeout <= 0 {
		c.MissingConsumerRetryTimeout = 60 * time.Second
	}
	if c.ExecutorThreadPoolSize <= 0 {
		c.ExecutorThreadPoolSize = 64
	}
	if c.HandoffTimeout == 0 {
		c.HandoffTimeout = c.ResponseTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// TransportURL is a parsed oslo transport URL.
type TransportURL struct {
	Scheme      string // "rabbit" (also "kombu", "amqp", "amqps")
	Hosts       []BrokerHost
	VirtualHost string            // "/" when the URL names none
	Query       map[string]string // repeated keys joined with ",", as oslo does
}

// BrokerHost is one broker of a transport URL. Username and Password are
// URL-decoded; they default to guest/guest as in oslo's rabbit driver.
type BrokerHost struct {
	Hostname string
	Port     int
	Username string
	Password string
}

// Addr is host:port, with brackets around IPv6 addresses.
func (h BrokerHost) Addr() string {
	if strings.Contains(h.Hostname, ":") {
		return "[" + h.Hostname + "]:" + strconv.Itoa(h.Port)
	}
	return h.Hostname + ":" + strconv.Itoa(h.Port)
}

// ParseTransportURL parses oslo's transport_url:
//
//	transport://user:pass@host1:port1[,userN:passN@hostN:portN]/virtual_host?query
//
// Hosts are separated by commas (several hosts mean failover), user and
// password are URL-decoded, the port defaults to 5672, the virtual host to
// "/", and a host without credentials uses guest/guest.
func ParseTransportURL(raw string) (*TransportURL, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return nil, fmt.Errorf("invalid transport URL %q: no scheme specified", raw)
	}
	switch scheme {
	case "rabbit", "kombu", "amqp", "amqps":
	default:
		return nil, fmt.Errorf("invalid transport URL %q: unsupported transport %q", raw, scheme)
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, rawQuery, _ := strings.Cut(rest, "?")
	netloc, path, hasPath := strings.Cut(rest, "/")

	u := &TransportURL{Scheme: scheme, VirtualHost: "/", Query: map[string]string{}}
	if hasPath && path != "" {
		vhost, err := url.PathUnescape(path)
		if err != nil {
			return nil, fmt.Errorf("invalid transport URL %q: virtual host: %w", raw, err)
		}
		u.VirtualHost = vhost
	}
	if rawQuery != "" {
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return nil, fmt.Errorf("invalid transport URL %q: query: %w", raw, err)
		}
		for k, v := range q {
			u.Query[k] = strings.Join(v, ",")
		}
	}
	for _, part := range strings.Split(netloc, ",") {
		if part == "" {
			continue
		}
		h, err := parseHost(part)
		if err != nil {
			return nil, fmt.Errorf("invalid transport URL %q: %w", raw, err)
		}
		u.Hosts = append(u.Hosts, h)
	}
	if len(u.Hosts) == 0 {
		return nil, fmt.Errorf("invalid transport URL %q: no host", raw)
	}
	return u, nil
}

func parseHost(s string) (BrokerHost, error) {
	h := BrokerHost{Port: 5672, Username: "guest", Password: "guest"}
	hostport := s
	if i := strings.LastIndex(s, "@"); i >= 0 {
		cred := s[:i]
		hostport = s[i+1:]
		user, pass, _ := strings.Cut(cred, ":")
		user, err := url.PathUnescape(user)
		if err != nil {
			return h, fmt.Errorf("user name: %w", err)
		}
		if pass, err = url.PathUnescape(pass); err != nil {
			return h, fmt.Errorf("password: %w", err)
		}
		// oslo's rabbit driver falls back to guest for what is empty.
		if user != "" {
			h.Username = user
		}
		if pass != "" {
			h.Password = pass
		}
	}
	port := ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.Index(hostport, "]")
		if end < 0 {
			return h, fmt.Errorf("invalid IPv6 host %q", hostport)
		}
		h.Hostname = hostport[1:end]
		if rest := hostport[end+1:]; strings.HasPrefix(rest, ":") {
			port = rest[1:]
		}
	} else {
		h.Hostname, port, _ = strings.Cut(hostport, ":")
	}
	if h.Hostname == "" {
		h.Hostname = "localhost"
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return h, fmt.Errorf("invalid port %q", port)
		}
		h.Port = n
	}
	return h, nil
}

// queryBool reads a boolean URL option the way oslo.config does.
func queryBool(q map[string]string, key string) bool {
	switch strings.ToLower(q[key]) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
