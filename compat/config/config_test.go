package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const keystoneConf = `[keystone_authtoken]
auth_url = http://127.0.0.1:5000/v3
username = mistral
password = secret
project_name = service
user_domain_name = Default
project_domain_name = Default
memcached_servers = 127.0.0.1:11211
`

func TestAuthRules(t *testing.T) {
	cases := []struct {
		name    string
		conf    *string // nil: no config file at all
		enabled bool
		err     string
	}{
		{"no config file runs without Keystone", nil, false, ""},
		{"a config file enables auth, as Mistral", ptr("[api]\nport = 1\n"), true,
			"[pecan] auth_enable is true (Mistral's default when a config file is given) but [keystone_authtoken] auth_url is not set"},
		{"auth off explicitly", ptr("[pecan]\nauth_enable = false\n"), false, ""},
		{"keystone configured", ptr(keystoneConf), true, ""},
		{"no service user", ptr("[keystone_authtoken]\nauth_url = http://k/v3\n"), true,
			"[keystone_authtoken] username and password are required"},
		{"other plugin", ptr(keystoneConf + "auth_type = v3token\n"), true, `auth_type: "v3token" is not supported`},
		{"keycloak", ptr(keystoneConf + "[DEFAULT]\nauth_type = keycloak-oidc\n"), true, `[DEFAULT] auth_type: "keycloak-oidc"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var files []string
			if tc.conf != nil {
				files = []string{writeConf(t, *tc.conf)}
			}
			c, err := Load(files, nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Auth.Enable != tc.enabled {
				t.Errorf("auth_enable = %v, want %v", c.Auth.Enable, tc.enabled)
			}
		})
	}
}

func TestKeystoneAuthtoken(t *testing.T) {
	c, err := Load([]string{writeConf(t, keystoneConf)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Auth.Keystone
	if k.WWWAuthenticateURI != k.AuthURL {
		t.Errorf("www_authenticate_uri defaults to auth_url: %q", k.WWWAuthenticateURI)
	}
	if k.Username != "mistral" || k.ProjectDomainName != "Default" || k.TokenCacheTime != 300*time.Second ||
		len(k.MemcachedServers) != 1 || k.AuthType != "password" {
		t.Errorf("keystone_authtoken = %+v", k)
	}
}

func ptr(s string) *string { return &s }

func TestAPIServerOptions(t *testing.T) {
	cases := []struct {
		name      string
		conf      string
		idle      time.Duration
		keepAlive bool
	}{
		{"defaults", "[pecan]\nauth_enable = false\n", 900 * time.Second, true},
		{"set", "[pecan]\nauth_enable = false\n[DEFAULT]\nclient_socket_timeout = 30\nwsgi_keep_alive = false\n", 30 * time.Second, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]string{writeConf(t, tc.conf)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.API.ClientSocketTimeout != tc.idle || c.API.KeepAlive != tc.keepAlive {
				t.Errorf("client_socket_timeout %v, wsgi_keep_alive %v; want %v, %v",
					c.API.ClientSocketTimeout, c.API.KeepAlive, tc.idle, tc.keepAlive)
			}
		})
	}
}

func TestExpirationOptions(t *testing.T) {
	conf := "[pecan]\nauth_enable = false\n[execution_expiration_policy]\nevaluation_interval = 120\nolder_than = 60\n" +
		"max_finished_executions = 100\nbatch_size = 10\nignored_states = ERROR, CANCELLED\n"
	c, err := Load([]string{writeConf(t, conf)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Expiration{EvaluationInterval: 2 * time.Hour, OlderThan: time.Hour, MaxFinishedExecutions: 100, BatchSize: 10,
		IgnoredStates: []string{"ERROR", "CANCELLED"}}
	if !reflect.DeepEqual(c.Expiration, want) {
		t.Errorf("[execution_expiration_policy] read as %+v, want %+v", c.Expiration, want)
	}
}

func TestCronTriggerOptions(t *testing.T) {
	for _, tc := range []struct {
		name, conf string
		want       CronTrigger
	}{
		{"defaults", "[pecan]\nauth_enable = false\n", CronTrigger{Enabled: true, ExecutionInterval: time.Second}},
		{"set", "[pecan]\nauth_enable = false\n[cron_trigger]\nenabled = false\nexecution_interval = 60\n",
			CronTrigger{Enabled: false, ExecutionInterval: time.Minute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]string{writeConf(t, tc.conf)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.CronTrigger != tc.want {
				t.Errorf("[cron_trigger] read as %+v, want %+v", c.CronTrigger, tc.want)
			}
		})
	}
}

func TestValidationModeOption(t *testing.T) {
	for _, tc := range []struct{ conf, want, err string }{
		{"", "mandatory", ""},
		{"[api]\nvalidation_mode = enabled\n", "enabled", ""},
		{"[api]\nvalidation_mode = sometimes\n", "", `[api] validation_mode: "sometimes" is not one of enabled, mandatory, disabled`},
	} {
		c, err := Load([]string{writeConf(t, "[pecan]\nauth_enable = false\n"+tc.conf)}, nil)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.conf, err, tc.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.conf, err)
		case c.API.ValidationMode != tc.want:
			t.Errorf("%q: validation_mode %q, want %q", tc.conf, c.API.ValidationMode, tc.want)
		}
	}
}

func TestExecutorOptions(t *testing.T) {
	cases := []struct {
		name        string
		conf        string
		pool        int
		preferLocal bool
	}{
		{"defaults", "[pecan]\nauth_enable = false\n", 64, true},
		{"set", "[pecan]\nauth_enable = false\n[DEFAULT]\nexecutor_thread_pool_size = 8\n[tramontane]\nprefer_local_executor = false\n", 8, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]string{writeConf(t, tc.conf)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Executor.ThreadPoolSize != tc.pool || c.Executor.PreferLocal != tc.preferLocal {
				t.Errorf("executor_thread_pool_size %d, prefer_local_executor %v; want %d, %v",
					c.Executor.ThreadPoolSize, c.Executor.PreferLocal, tc.pool, tc.preferLocal)
			}
		})
	}
}

func TestCORSAndProxyOptions(t *testing.T) {
	mistralDefaults := CORSRule{AllowCredentials: true, ExposeHeaders: corsExposeHeaders, MaxAge: 3600,
		AllowMethods: corsAllowMethods, AllowHeaders: corsAllowHeaders}
	with := func(r CORSRule, origin string) CORSRule { r.Origin = origin; return r }
	for _, tc := range []struct {
		name, conf string
		proxy      bool
		want       []CORSRule
	}{
		{"defaults", "", false, nil},
		{"proxy headers", "[oslo_middleware]\nenable_proxy_headers_parsing = true\n", true, nil},
		{"origins with Mistral's defaults", "[cors]\nallowed_origin = https://a.example, https://b.example\n", false,
			[]CORSRule{with(mistralDefaults, "https://a.example"), with(mistralDefaults, "https://b.example")}},
		{"options set", "[cors]\nallowed_origin = *\nallow_credentials = false\nmax_age = 0\nallow_methods = GET\n" +
			"allow_headers =\nexpose_headers = X-A,X-B\n", false,
			[]CORSRule{{Origin: "*", ExposeHeaders: []string{"X-A", "X-B"}, AllowMethods: []string{"GET"}}}},
		// A deprecated [cors.<name>] group takes [cors]'s options as its
		// defaults; an origin named twice keeps its first rule.
		{"groups", "[cors]\nallowed_origin = https://a.example\nmax_age = 60\n" +
			"[cors.b]\nallowed_origin = https://b.example, https://a.example\nallow_credentials = false\n", false,
			[]CORSRule{func() CORSRule { r := with(mistralDefaults, "https://a.example"); r.MaxAge = 60; return r }(),
				func() CORSRule {
					r := with(mistralDefaults, "https://b.example")
					r.MaxAge, r.AllowCredentials = 60, false
					return r
				}()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]string{writeConf(t, "[pecan]\nauth_enable = false\n"+tc.conf)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.API.ProxyHeaders != tc.proxy {
				t.Errorf("enable_proxy_headers_parsing read as %v", c.API.ProxyHeaders)
			}
			if !reflect.DeepEqual(c.API.CORS, tc.want) {
				t.Errorf("[cors] read as %+v,\nwant %+v", c.API.CORS, tc.want)
			}
		})
	}
}

func TestRabbitQueueOptions(t *testing.T) {
	for _, tc := range []struct {
		name, conf string
		want       func(Rabbit) bool
		err        string
	}{
		{"defaults", "", func(r Rabbit) bool {
			return !r.RabbitHAQueues && r.TransientQueuesTTL == 1800 && r.QosPrefetchCount == 0 &&
				r.RetryInterval == time.Second && r.RetryBackoff == 2*time.Second && r.RetryMax == 30*time.Second &&
				r.MissingConsumerRetry == time.Minute
		}, ""},
		{"set", "[oslo_messaging_rabbit]\nrabbit_quorum_queue = true\nrabbit_quorum_delivery_limit = 3\n" +
			"rabbit_quroum_max_memory_length = 10\nrabbit_quroum_max_memory_bytes = 4096\nrabbit_transient_queues_ttl = 60\n" +
			"rabbit_qos_prefetch_count = 8\nrabbit_retry_interval = 3\nrabbit_retry_backoff = 4\nrabbit_interval_max = 5\n" +
			"kombu_compression = gzip\nkombu_reconnect_timeout = 9\n", func(r Rabbit) bool {
			return r.RabbitQuorumQueue && r.QuorumDeliveryLimit == 3 && r.QuorumMaxMemoryLength == 10 &&
				r.QuorumMaxMemoryBytes == 4096 && r.TransientQueuesTTL == 60 && r.QosPrefetchCount == 8 &&
				r.RetryInterval == 3*time.Second && r.RetryBackoff == 4*time.Second && r.RetryMax == 5*time.Second &&
				r.Compression == "gzip" && r.MissingConsumerRetry == 9*time.Second
		}, ""},
		{"ha queues in the deprecated group", "[DEFAULT]\nrabbit_ha_queues = true\n", func(r Rabbit) bool { return r.RabbitHAQueues }, ""},
		{"quorum and ha", "[oslo_messaging_rabbit]\nrabbit_quorum_queue = true\nrabbit_ha_queues = true\n", nil,
			"rabbit_quorum_queue and rabbit_ha_queues are both enabled"},
		{"ttl below 1", "[oslo_messaging_rabbit]\nrabbit_transient_queues_ttl = 0\n", nil, "rabbit_transient_queues_ttl: 0 is less than 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]string{writeConf(t, "[pecan]\nauth_enable = false\n"+tc.conf)}, nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want(c.Rabbit) {
				t.Errorf("read as %+v", c.Rabbit)
			}
		})
	}
}

func TestActionHeartbeatOptions(t *testing.T) {
	for _, tc := range []struct {
		conf string
		want ActionHeartbeat
	}{
		{"", ActionHeartbeat{MaxMissedHeartbeats: 15, CheckInterval: 20 * time.Second, FirstHeartbeatTimeout: time.Hour, BatchSize: 10}},
		{"[action_heartbeat]\nmax_missed_heartbeats = 0\ncheck_interval = 5\nfirst_heartbeat_timeout = 60\nbatch_size = 0\n",
			ActionHeartbeat{CheckInterval: 5 * time.Second, FirstHeartbeatTimeout: time.Minute}},
	} {
		c, err := Load([]string{writeConf(t, "[pecan]\nauth_enable = false\n"+tc.conf)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.ActionHeartbeat != tc.want {
			t.Errorf("%q read as %+v, want %+v", tc.conf, c.ActionHeartbeat, tc.want)
		}
	}
}
