package oslo

import (
	"reflect"
	"testing"
)

func TestParseTransportURL(t *testing.T) {
	guest := func(host string, port int) BrokerHost {
		return BrokerHost{Hostname: host, Port: port, Username: "guest", Password: "guest"}
	}
	tests := []struct {
		name string
		url  string
		want *TransportURL
	}{
		{"one host", "rabbit://user:pass@rabbit1:5673/wire",
			&TransportURL{Scheme: "rabbit", VirtualHost: "wire", Query: map[string]string{},
				Hosts: []BrokerHost{{Hostname: "rabbit1", Port: 5673, Username: "user", Password: "pass"}}}},
		{"failover hosts", "rabbit://a:b@h1:5672,c:d@h2/",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{
					{Hostname: "h1", Port: 5672, Username: "a", Password: "b"},
					{Hostname: "h2", Port: 5672, Username: "c", Password: "d"}}}},
		{"url-encoded credentials", "rabbit://us%40er:p%3Ass%2Fw%25rd@host/",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{{Hostname: "host", Port: 5672, Username: "us@er", Password: "p:ss/w%rd"}}}},
		{"no credentials, no path", "rabbit://host",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{guest("host", 5672)}}},
		{"root vhost spelled out", "rabbit://host//",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{guest("host", 5672)}}},
		{"encoded vhost", "rabbit://host/%2Fprod",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/prod", Query: map[string]string{},
				Hosts: []BrokerHost{guest("host", 5672)}}},
		{"ipv6 and query", "rabbit://u:p@[::1]:5671/v?ssl=1&x=a&x=b",
			&TransportURL{Scheme: "rabbit", VirtualHost: "v", Query: map[string]string{"ssl": "1", "x": "a,b"},
				Hosts: []BrokerHost{{Hostname: "::1", Port: 5671, Username: "u", Password: "p"}}}},
		{"password with @", "rabbit://u:p@ss@host/",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{{Hostname: "host", Port: 5672, Username: "u", Password: "p@ss"}}}},
		{"user without password", "kombu://admin@host:1234",
			&TransportURL{Scheme: "kombu", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{{Hostname: "host", Port: 1234, Username: "admin", Password: "guest"}}}},
		{"empty host entries skipped", "rabbit://h1,,h2:5000",
			&TransportURL{Scheme: "rabbit", VirtualHost: "/", Query: map[string]string{},
				Hosts: []BrokerHost{guest("h1", 5672), guest("h2", 5000)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTransportURL(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseTransportURLErrors(t *testing.T) {
	for _, raw := range []string{
		"", "host:5672", "://host", "http://host", "rabbit://", "rabbit://host:port", "rabbit://[::1/",
		"rabbit://host:70000", "rabbit://u:%zz@host",
	} {
		if u, err := ParseTransportURL(raw); err == nil {
			t.Errorf("%q: no error, got %+v", raw, u)
		}
	}
}

func TestBrokerHostAddr(t *testing.T) {
	if got := (BrokerHost{Hostname: "::1", Port: 5672}).Addr(); got != "[::1]:5672" {
		t.Errorf("ipv6 addr %q", got)
	}
	if got := (BrokerHost{Hostname: "h", Port: 1}).Addr(); got != "h:1" {
		t.Errorf("addr %q", got)
	}
}
