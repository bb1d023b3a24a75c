package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// Config is what the Mistral options in mistral.conf say, one struct per
// component. Zero values are Mistral's defaults after Load.
type Config struct {
	// TransportURL is [DEFAULT] transport_url; empty means the in-process
	// transport of the embedded default.
	TransportURL string
	// RPCResponseTimeout is [DEFAULT] rpc_response_timeout.
	RPCResponseTimeout time.Duration
	Debug              bool
	// LogFile, LogDir and UseJSON are oslo.log's [DEFAULT] log_file,
	// log_dir and use_json (see cmd/mistral-server for how they combine
	// with the command line's).
	LogFile string
	LogDir  string
	UseJSON bool

	Database        Database
	API             API
	Engine          Engine
	Executor        Executor
	Auth            Auth
	ActionHeartbeat ActionHeartbeat
	Rabbit          Rabbit
	Notifier        Notifier
	EventEngine     EventEngine

	// DataDir is where the embedded default keeps its SQLite file when no
	// [database] connection is set ([tramontane] data_dir, default
	// ./data).
	DataDir string

	Outbox Outbox

	Expiration Expiration

	CronTrigger CronTrigger

	Policy Policy

	// PythonActionPath is [tramontane] python_action_path: directories
	// (comma-separated) of installed Python distributions whose
	// "mistral.actions" entry points name custom actions that Python
	// Mistral executors run.
	PythonActionPath []string

	// HandoffTimeout is [tramontane] handoff_timeout (seconds): how long
	// a run_action that our executors cannot run (a custom Python action)
	// is handed from executor to executor on the bus, waiting for a Python
	// Mistral executor to take it, before the action fails. 0 (the
	// default) means rpc_response_timeout; negative turns hand-offs off.
	HandoffTimeout time.Duration
}

// Outbox is [tramontane] outbox_lease and outbox_sweep_interval: how long an
// engine owns the sends it decided before another engine may send them
// again, and how often engines look for such sends.
type Outbox struct {
	Lease         time.Duration
	SweepInterval time.Duration
}

// Policy is [oslo_policy]: the operator's policy file and where
// oslo.config would find it.
type Policy struct {
	// File is policy_file (Mistral's default "policy.yaml"), absolute or
	// looked up in SearchDirs.
	File string
	// Dirs is policy_dirs (default "policy.d").
	Dirs []string
	// DefaultRule is policy_default_rule (default "default").
	DefaultRule string
	// EnforceScope and EnforceNewDefaults are read for completeness; no
	// Mistral 15 rule has scope types or deprecated defaults, so they
	// change no decision.
	EnforceScope       bool
	EnforceNewDefaults bool
	// SearchDirs are the directories oslo.config's find_file searches, in
	// order: the config directories, the directories of the config files
	// (last file first), then ~/.mistral, ~, /etc/mistral and /etc.
	SearchDirs []string
}

// Database is [database].
type Database struct {
	Connection            string // SQLAlchemy URL; empty = embedded SQLite
	MaxPoolSize           int
	MaxOverflow           int
	ConnectionRecycleTime time.Duration
	MaxRetries            int
}

// API is [api].
type API struct {
	Host                         string
	Port                         int
	AllowActionExecutionDeletion bool
	// ValidationMode is validation_mode: "mandatory" (the default) checks
	// every workflow and workbook definition, "enabled" lets a request skip
	// the checks with ?skip_validation, "disabled" never checks.
	ValidationMode string
	// ClientSocketTimeout is [DEFAULT] client_socket_timeout: how long a
	// client's connection may stay idle between requests before it is
	// closed (oslo.service's WSGI server: 900 s; 0 waits forever).
	ClientSocketTimeout time.Duration
	// KeepAlive is [DEFAULT] wsgi_keep_alive: whether a connection serves
	// more than one request.
	KeepAlive bool
	// SSL is [api] enable_ssl_api: the API serves HTTPS, with TLS's files.
	SSL bool
	TLS TLS
	// ProxyHeaders is [oslo_middleware] enable_proxy_headers_parsing: the
	// API is behind a proxy, whose Forwarded or X-Forwarded-* headers give
	// the scheme, host and path prefix of the URLs it answers with.
	ProxyHeaders bool
	// CORS are the origins [cors] (and the deprecated [cors.<name>]
	// groups) let browsers call the API from, in the order oslo.middleware
	// adds them: the first rule of an origin wins.
	CORS []CORSRule
}

// CORSRule is what oslo.middleware's CORS filter allows one origin ("*"
// for any): its options, with the defaults Mistral sets.
type CORSRule struct {
	Origin           string
	AllowCredentials bool
	ExposeHeaders    []string
	MaxAge           int
	AllowMethods     []string
	AllowHeaders     []string
}

// TLS is oslo.service's [ssl], the API's HTTPS when [api] enable_ssl_api
// is on.
type TLS struct {
	// CertFile and KeyFile are the server's certificate and key (also
	// read from [DEFAULT], their former group).
	CertFile, KeyFile string
	// CAFile, when set, holds the CAs that must have signed a client's
	// certificate: clients without one are refused.
	CAFile string
	// Version and Ciphers name Python's SSL protocol and OpenSSL's cipher
	// list; Go's TLS (1.2 and later, its own suites) does not take them.
	Version, Ciphers string
}

// Engine is [engine].
type Engine struct {
	Topic string
	Host  string
	// IntegrityCheckDelay is execution_integrity_check_delay (negative
	// disables the check).
	IntegrityCheckDelay time.Duration
	// ExecutionFieldSizeLimitKB is execution_field_size_limit_kb: the
	// largest size of a task's published values, an action's input and a
	// workflow execution's input and params (-1: no limit).
	ExecutionFieldSizeLimitKB int
}

// Expiration is [execution_expiration_policy]: which finished executions
// the engines delete.
type Expiration struct {
	// EvaluationInterval is evaluation_interval (minutes; 0: the policy
	// is off).
	EvaluationInterval time.Duration
	// OlderThan is older_than (minutes; 0: no age limit).
	OlderThan time.Duration
	// MaxFinishedExecutions is max_finished_executions (0: no limit).
	MaxFinishedExecutions int
	// BatchSize is batch_size (0: all at once).
	BatchSize int
	// IgnoredStates is ignored_states: final states kept.
	IgnoredStates []string
}

// CronTrigger is [cron_trigger].
type CronTrigger struct {
	// Enabled is enabled: cron triggers fire only with it on (they can be
	// created either way).
	Enabled bool
	// ExecutionInterval is execution_interval (seconds): triggers are
	// looked at no more often than that, so a trigger fires at most once
	// an interval.
	ExecutionInterval time.Duration
}

// Executor is [executor].
type Executor struct {
	Topic string
	Host  string
	Type  string // "remote" or "local"
	// ThreadPoolSize is [DEFAULT] executor_thread_pool_size: how many
	// requests an RPC server handles at once (oslo's default 64), and so
	// how many actions an executor runs at once.
	ThreadPoolSize int
	// PreferLocal is [tramontane] prefer_local_executor (default true):
	// an engine whose process runs a remote executor too hands it actions
	// directly while it has free slots, instead of through the broker.
	PreferLocal bool
}

// Notifier is [notifier].
type Notifier struct {
	Type  string // "remote" (default) or "local"
	Topic string
	Host  string
	// Notify is [notifier] notify: publisher objects appended to every
	// started execution's params.notify, written as a JSON list.
	Notify []any
}

// EventEngine is [event_engine].
type EventEngine struct {
	Topic string
	Host  string
	// ListenerPoolName names the queues the event engines share:
	// mistral-<exchange>-<listener_pool_name>.
	ListenerPoolName string
	// EventDefinitionsFile is event_definitions_cfg_file.
	EventDefinitionsFile string
}

// Auth is [pecan] auth_enable and [DEFAULT] auth_type.
//
// Mistral's auth_enable defaults to true; ours does too as soon as a config
// file is given, and is false for the embedded default (no file at all),
// which runs without Keystone. With it on, [keystone_authtoken] must name
// a Keystone (auth_url) and the service user that validates tokens.
type Auth struct {
	Enable bool
	Type   string // "keystone", the only type supported

	Keystone KeystoneAuthtoken
}

// KeystoneAuthtoken is [keystone_authtoken], as keystonemiddleware's
// auth_token and Mistral's Keystone client (trusts) read it: the password
// plugin's options for the service user, and the middleware's cache.
type KeystoneAuthtoken struct {
	// WWWAuthenticateURI is www_authenticate_uri (auth_uri before it): the
	// public Keystone endpoint clients are pointed to; auth_url when unset.
	WWWAuthenticateURI string
	AuthURL            string // the Keystone the service user authenticates with
	AuthType           string // "password", the only plugin supported
	Username           string
	Password           string
	ProjectName        string
	ProjectID          string
	UserDomainName     string
	UserDomainID       string
	ProjectDomainName  string
	ProjectDomainID    string
	RegionName         string
	CAFile             string
	Insecure           bool
	// MemcachedServers is read for the log only: tokens are cached in
	// process.
	MemcachedServers []string
	// TokenCacheTime is token_cache_time: how long a validated token is
	// trusted without asking Keystone again (never beyond its expiry); a
	// negative value disables the cache.
	TokenCacheTime time.Duration
	// CacheSize bounds the validated tokens kept ([tramontane]
	// token_cache_size).
	CacheSize int
	// HTTPTimeout is http_connect_timeout, for every Keystone request.
	HTTPTimeout time.Duration
}

// ActionHeartbeat is [action_heartbeat].
type ActionHeartbeat struct {
	MaxMissedHeartbeats   int
	CheckInterval         time.Duration
	FirstHeartbeatTimeout time.Duration
	// BatchSize is how many silent actions one check fails at most; 0, all.
	BatchSize int
}

// Rabbit is [oslo_messaging_rabbit].
type Rabbit struct {
	ControlExchange           string
	AMQPDurableQueues         bool
	AMQPAutoDelete            bool
	RabbitQuorumQueue         bool
	QuorumDeliveryLimit       int
	QuorumMaxMemoryLength     int
	QuorumMaxMemoryBytes      int
	RabbitHAQueues            bool
	TransientQueuesTTL        int // seconds
	QosPrefetchCount          int
	Compression               string
	MissingConsumerRetry      time.Duration
	RetryInterval             time.Duration
	RetryBackoff              time.Duration
	RetryMax                  time.Duration
	HeartbeatTimeoutThreshold int
	SSL                       bool
	SSLCAFile                 string
	SSLCertFile               string
	SSLKeyFile                string
}

// Load reads the config files and directories (later ones win) and returns
// the typed configuration. With no files it returns the defaults, which run
// the embedded default.
func Load(files, dirs []string) (*Config, error) {
	f := NewFiles()
	for _, path := range files {
		if err := f.Load(path); err != nil {
			return nil, err
		}
	}
	for _, dir := range dirs {
		if err := f.LoadDir(dir); err != nil {
			return nil, err
		}
	}
	c, err := FromFiles(f)
	if err != nil {
		return nil, err
	}
	c.Policy.SearchDirs = searchDirs(files, dirs)
	return c, nil
}

// searchDirs is where oslo.config's find_file looks for a file named by a
// relative path, given the config files and directories read.
func searchDirs(files, dirs []string) []string {
	out := append([]string{}, dirs...)
	for i := len(files) - 1; i >= 0; i-- {
		out = append(out, filepath.Dir(files[i]))
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(home, ".mistral"), home)
	}
	return append(out, "/etc/mistral", "/etc")
}

// FromFiles builds the typed configuration from parsed files.
func FromFiles(f *Files) (*Config, error) {
	r := reader{f: f}
	c := &Config{
		TransportURL:       r.str("DEFAULT", "transport_url", ""),
		RPCResponseTimeout: r.seconds("DEFAULT", "rpc_response_timeout", 60),
		Debug:              r.boolean("DEFAULT", "debug", false),
		LogFile:            r.str("DEFAULT", "log_file", ""),
		LogDir:             r.str("DEFAULT", "log_dir", ""),
		UseJSON:            r.boolean("DEFAULT", "use_json", false),
		Database: Database{
			Connection:            r.str("database", "connection", ""),
			MaxPoolSize:           r.integer("database", "max_pool_size", 5),
			MaxOverflow:           r.integer("database", "max_overflow", 50),
			ConnectionRecycleTime: r.seconds("database", "connection_recycle_time", 3600),
			MaxRetries:            r.integer("database", "max_retries", 10),
		},
		API: API{
			Host:                         r.str("api", "host", "0.0.0.0"),
			Port:                         r.integer("api", "port", 8989),
			AllowActionExecutionDeletion: r.boolean("api", "allow_action_execution_deletion", false),
			ValidationMode:               r.str("api", "validation_mode", "mandatory"),
			ClientSocketTimeout:          r.seconds("DEFAULT", "client_socket_timeout", 900),
			KeepAlive:                    r.boolean("DEFAULT", "wsgi_keep_alive", true),
			SSL:                          r.boolean("api", "enable_ssl_api", false),
			TLS: TLS{
				CertFile: r.str("ssl", "cert_file", r.str("DEFAULT", "cert_file", "")),
				KeyFile:  r.str("ssl", "key_file", r.str("DEFAULT", "key_file", "")),
				CAFile:   r.str("ssl", "ca_file", r.str("DEFAULT", "ca_file", "")),
				Version:  r.str("ssl", "version", ""),
				Ciphers:  r.str("ssl", "ciphers", ""),
			},
			ProxyHeaders: r.boolean("oslo_middleware", "enable_proxy_headers_parsing", false),
			CORS:         r.cors(),
		},
		Engine: Engine{
			Topic:                     r.str("engine", "topic", "mistral_engine"),
			Host:                      r.str("engine", "host", "0.0.0.0"),
			IntegrityCheckDelay:       r.seconds("engine", "execution_integrity_check_delay", 20),
			ExecutionFieldSizeLimitKB: r.integer("engine", "execution_field_size_limit_kb", 1024),
		},
		Expiration: Expiration{
			EvaluationInterval:    time.Duration(r.integer("execution_expiration_policy", "evaluation_interval", 0)) * time.Minute,
			OlderThan:             time.Duration(r.integer("execution_expiration_policy", "older_than", 0)) * time.Minute,
			MaxFinishedExecutions: r.integer("execution_expiration_policy", "max_finished_executions", 0),
			BatchSize:             r.integer("execution_expiration_policy", "batch_size", 0),
			IgnoredStates:         r.list("execution_expiration_policy", "ignored_states"),
		},
		CronTrigger: CronTrigger{
			Enabled:           r.boolean("cron_trigger", "enabled", true),
			ExecutionInterval: r.seconds("cron_trigger", "execution_interval", 1),
		},
		Executor: Executor{
			Topic: r.str("executor", "topic", "mistral_executor"),
			Host:  r.str("executor", "host", "0.0.0.0"),
			Type:  r.str("executor", "type", "remote"),

			ThreadPoolSize: r.integer("DEFAULT", "executor_thread_pool_size", 64),
			PreferLocal:    r.boolean("tramontane", "prefer_local_executor", true),
		},
		Auth: Auth{
			Enable: r.boolean("pecan", "auth_enable", f.Loaded()),
			Type:   r.str("DEFAULT", "auth_type", "keystone"),
			Keystone: KeystoneAuthtoken{
				WWWAuthenticateURI: r.str("keystone_authtoken", "www_authenticate_uri", r.str("keystone_authtoken", "auth_uri", "")),
				AuthURL:            r.str("keystone_authtoken", "auth_url", ""),
				AuthType:           r.str("keystone_authtoken", "auth_type", "password"),
				Username:           r.str("keystone_authtoken", "username", ""),
				Password:           r.str("keystone_authtoken", "password", ""),
				ProjectName:        r.str("keystone_authtoken", "project_name", ""),
				ProjectID:          r.str("keystone_authtoken", "project_id", ""),
				UserDomainName:     r.str("keystone_authtoken", "user_domain_name", ""),
				UserDomainID:       r.str("keystone_authtoken", "user_domain_id", ""),
				ProjectDomainName:  r.str("keystone_authtoken", "project_domain_name", ""),
				ProjectDomainID:    r.str("keystone_authtoken", "project_domain_id", ""),
				RegionName:         r.str("keystone_authtoken", "region_name", ""),
				CAFile:             r.str("keystone_authtoken", "cafile", ""),
				Insecure:           r.boolean("keystone_authtoken", "insecure", false),
				MemcachedServers:   r.list("keystone_authtoken", "memcached_servers"),
				TokenCacheTime:     r.seconds("keystone_authtoken", "token_cache_time", 300),
				CacheSize:          r.integer("tramontane", "token_cache_size", 10000),
				HTTPTimeout:        r.seconds("keystone_authtoken", "http_connect_timeout", 30),
			},
		},
		ActionHeartbeat: ActionHeartbeat{
			MaxMissedHeartbeats:   r.integer("action_heartbeat", "max_missed_heartbeats", 15),
			CheckInterval:         r.seconds("action_heartbeat", "check_interval", 20),
			FirstHeartbeatTimeout: r.seconds("action_heartbeat", "first_heartbeat_timeout", 3600),
			BatchSize:             r.integer("action_heartbeat", "batch_size", 10),
		},
		Rabbit: Rabbit{
			ControlExchange:       r.str("DEFAULT", "control_exchange", "openstack"),
			AMQPDurableQueues:     r.boolean("oslo_messaging_rabbit", "amqp_durable_queues", false),
			AMQPAutoDelete:        r.boolean("oslo_messaging_rabbit", "amqp_auto_delete", false),
			RabbitQuorumQueue:     r.boolean("oslo_messaging_rabbit", "rabbit_quorum_queue", false),
			QuorumDeliveryLimit:   r.integer("oslo_messaging_rabbit", "rabbit_quorum_delivery_limit", 0),
			QuorumMaxMemoryLength: r.integer("oslo_messaging_rabbit", "rabbit_quroum_max_memory_length", 0),
			QuorumMaxMemoryBytes:  r.integer("oslo_messaging_rabbit", "rabbit_quroum_max_memory_bytes", 0),
			RabbitHAQueues:        r.boolean("oslo_messaging_rabbit", "rabbit_ha_queues", r.boolean("DEFAULT", "rabbit_ha_queues", false)),
			TransientQueuesTTL:    r.integer("oslo_messaging_rabbit", "rabbit_transient_queues_ttl", 1800),
			QosPrefetchCount:      r.integer("oslo_messaging_rabbit", "rabbit_qos_prefetch_count", 0),
			Compression:           r.str("oslo_messaging_rabbit", "kombu_compression", ""),
			MissingConsumerRetry: r.seconds("oslo_messaging_rabbit", "kombu_missing_consumer_retry_timeout",
				r.integer("oslo_messaging_rabbit", "kombu_reconnect_timeout", 60)),
			RetryInterval:             r.seconds("oslo_messaging_rabbit", "rabbit_retry_interval", 1),
			RetryBackoff:              r.seconds("oslo_messaging_rabbit", "rabbit_retry_backoff", r.integer("DEFAULT", "rabbit_retry_backoff", 2)),
			RetryMax:                  r.seconds("oslo_messaging_rabbit", "rabbit_interval_max", 30),
			HeartbeatTimeoutThreshold: r.integer("oslo_messaging_rabbit", "heartbeat_timeout_threshold", 60),
			SSL:                       r.boolean("oslo_messaging_rabbit", "ssl", false),
			SSLCAFile:                 r.str("oslo_messaging_rabbit", "ssl_ca_file", ""),
			SSLCertFile:               r.str("oslo_messaging_rabbit", "ssl_cert_file", ""),
			SSLKeyFile:                r.str("oslo_messaging_rabbit", "ssl_key_file", ""),
		},
		Notifier: Notifier{
			Type:   r.str("notifier", "type", "remote"),
			Topic:  r.str("notifier", "topic", "mistral_notifier"),
			Host:   r.str("notifier", "host", "0.0.0.0"),
			Notify: r.jsonList("notifier", "notify"),
		},
		EventEngine: EventEngine{
			Topic:                r.str("event_engine", "topic", "mistral_event_engine"),
			Host:                 r.str("event_engine", "host", "0.0.0.0"),
			ListenerPoolName:     r.str("event_engine", "listener_pool_name", "events"),
			EventDefinitionsFile: r.str("event_engine", "event_definitions_cfg_file", "/etc/mistral/event_definitions.yaml"),
		},
		DataDir: r.str("tramontane", "data_dir", "data"),
		Outbox: Outbox{
			Lease:         r.seconds("tramontane", "outbox_lease", 30),
			SweepInterval: r.seconds("tramontane", "outbox_sweep_interval", 10),
		},
		PythonActionPath: r.list("tramontane", "python_action_path"),
		Policy: Policy{
			File:               r.str("oslo_policy", "policy_file", "policy.yaml"),
			Dirs:               r.listOr("oslo_policy", "policy_dirs", []string{"policy.d"}),
			DefaultRule:        r.str("oslo_policy", "policy_default_rule", "default"),
			EnforceScope:       r.boolean("oslo_policy", "enforce_scope", false),
			EnforceNewDefaults: r.boolean("oslo_policy", "enforce_new_defaults", false),
		},
		HandoffTimeout: r.seconds("tramontane", "handoff_timeout", 0),
	}
	if env := os.Getenv("OS_DATABASE__CONNECTION"); env != "" {
		c.Database.Connection = env
	}
	if c.Executor.Type != "remote" && c.Executor.Type != "local" {
		r.errs = append(r.errs, fmt.Sprintf("[executor] type: %q is not one of remote, local", c.Executor.Type))
	}
	if !slices.Contains([]string{"enabled", "mandatory", "disabled"}, c.API.ValidationMode) {
		r.errs = append(r.errs, fmt.Sprintf("[api] validation_mode: %q is not one of enabled, mandatory, disabled", c.API.ValidationMode))
	}
	if c.Rabbit.RabbitQuorumQueue && c.Rabbit.RabbitHAQueues {
		r.errs = append(r.errs, "[oslo_messaging_rabbit] rabbit_quorum_queue and rabbit_ha_queues are both enabled: "+
			"a queue is quorum or HA (mirrored), not both")
	}
	if c.Rabbit.TransientQueuesTTL < 1 {
		r.errs = append(r.errs, fmt.Sprintf("[oslo_messaging_rabbit] rabbit_transient_queues_ttl: %d is less than 1", c.Rabbit.TransientQueuesTTL))
	}
	if c.Auth.Keystone.WWWAuthenticateURI == "" {
		c.Auth.Keystone.WWWAuthenticateURI = c.Auth.Keystone.AuthURL
	}
	r.errs = append(r.errs, c.Auth.check()...)
	if c.Notifier.Type != "remote" && c.Notifier.Type != "local" {
		r.errs = append(r.errs, fmt.Sprintf("[notifier] type: %q is not one of remote, local", c.Notifier.Type))
	}
	if len(r.errs) > 0 {
		return nil, fmt.Errorf("invalid configuration: %s", strings.Join(r.errs, "; "))
	}
	return c, nil
}

// check returns what keeps authentication from working as configured.
func (a *Auth) check() []string {
	if !a.Enable {
		return nil
	}
	var errs []string
	if a.Type != "keystone" {
		errs = append(errs, fmt.Sprintf("[DEFAULT] auth_type: %q is not supported (only keystone is)", a.Type))
	}
	k := a.Keystone
	if k.AuthURL == "" {
		errs = append(errs, "[pecan] auth_enable is true (Mistral's default when a config file is given) "+
			"but [keystone_authtoken] auth_url is not set: configure Keystone, or set [pecan] auth_enable = false")
		return errs
	}
	if k.AuthType != "password" {
		errs = append(errs, fmt.Sprintf("[keystone_authtoken] auth_type: %q is not supported (only password is)", k.AuthType))
	}
	if k.Username == "" || k.Password == "" {
		errs = append(errs, "[keystone_authtoken] username and password are required to validate tokens")
	}
	if k.ProjectName == "" && k.ProjectID == "" {
		errs = append(errs, "[keystone_authtoken] project_name (or project_id) is required to validate tokens")
	}
	return errs
}

// Mistral's defaults of the [cors] options (set_cors_middleware_defaults).
var (
	corsAllowHeaders = []string{"X-Auth-Token", "X-Identity-Status", "X-Roles", "X-Service-Catalog",
		"X-User-Id", "X-Tenant-Id", "X-Project-Id", "X-User-Name", "X-Project-Name"}
	corsAllowMethods  = []string{"GET", "PUT", "POST", "DELETE", "PATCH"}
	corsExposeHeaders = []string{"X-Auth-Token", "X-Subject-Token", "X-Service-Token", "X-Project-Id",
		"X-User-Name", "X-Project-Name"}
)

// cors reads [cors] and then the deprecated [cors.<name>] groups (by
// name), whose options default to [cors]'s.
func (r *reader) cors() []CORSRule {
	base := r.corsGroup("cors", CORSRule{AllowCredentials: true, ExposeHeaders: corsExposeHeaders,
		MaxAge: 3600, AllowMethods: corsAllowMethods, AllowHeaders: corsAllowHeaders})
	var rules []CORSRule
	seen := map[string]bool{}
	add := func(group string, defaults CORSRule) {
		for _, origin := range r.list(group, "allowed_origin") {
			if !seen[origin] {
				seen[origin] = true
				rule := defaults
				rule.Origin = origin
				rules = append(rules, rule)
			}
		}
	}
	add("cors", base)
	for _, group := range r.f.SectionsWithPrefix("cors.") {
		add(group, r.corsGroup(group, base))
	}
	return rules
}

// corsGroup reads a group's options other than allowed_origin over
// defaults.
func (r *reader) corsGroup(group string, defaults CORSRule) CORSRule {
	return CORSRule{
		AllowCredentials: r.boolean(group, "allow_credentials", defaults.AllowCredentials),
		ExposeHeaders:    r.listOr(group, "expose_headers", defaults.ExposeHeaders),
		MaxAge:           r.integer(group, "max_age", defaults.MaxAge),
		AllowMethods:     r.listOr(group, "allow_methods", defaults.AllowMethods),
		AllowHeaders:     r.listOr(group, "allow_headers", defaults.AllowHeaders),
	}
}

// SQLiteConnection is the connection URL of the embedded default's file.
func (c *Config) SQLiteConnection() string {
	path, err := filepath.Abs(filepath.Join(c.DataDir, "mistral.sqlite"))
	if err != nil {
		path = filepath.Join(c.DataDir, "mistral.sqlite")
	}
	return "sqlite:///" + path
}

// reader reads typed options and collects the errors of malformed ones.
type reader struct {
	f    *Files
	errs []string
}

func (r *reader) str(section, key, def string) string {
	if v, ok := r.f.Get(section, key); ok {
		return v
	}
	return def
}

// listOr is list with a default for an option that is not set.
func (r *reader) listOr(section, key string, def []string) []string {
	if _, ok := r.f.Get(section, key); !ok {
		return def
	}
	return r.list(section, key)
}

// list reads a comma-separated option, without empty items.
func (r *reader) list(section, key string) []string {
	var out []string
	for _, item := range strings.Split(r.str(section, key, ""), ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// jsonList reads an option holding a JSON list ([notifier] notify: oslo's
// ListOpt of JSON items with brackets).
func (r *reader) jsonList(section, key string) []any {
	v, ok := r.f.Get(section, key)
	if !ok || strings.TrimSpace(v) == "" {
		return nil
	}
	parsed, err := data.ParseString(v)
	list, isList := parsed.([]any)
	if err != nil || !isList {
		r.errs = append(r.errs, fmt.Sprintf("[%s] %s: %q is not a JSON list", section, key, v))
		return nil
	}
	return list
}

func (r *reader) integer(section, key string, def int) int {
	v, ok := r.f.Get(section, key)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Sprintf("[%s] %s: %q is not an integer", section, key, v))
		return def
	}
	return n
}

func (r *reader) seconds(section, key string, def int) time.Duration {
	return time.Duration(r.integer(section, key, def)) * time.Second
}

func (r *reader) boolean(section, key string, def bool) bool {
	v, ok := r.f.Get(section, key)
	if !ok || v == "" {
		return def
	}
	switch strings.ToLower(v) {
	case "true", "yes", "on", "1":
		return true
	case "false", "no", "off", "0":
		return false
	}
	r.errs = append(r.errs, fmt.Sprintf("[%s] %s: %q is not a boolean", section, key, v))
	return def
}
