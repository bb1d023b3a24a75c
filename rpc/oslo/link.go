package oslo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// dialTimeout bounds one connection attempt.
const dialTimeout = 15 * time.Second

// dialer opens AMQP connections to the brokers of a transport URL, trying
// them in turn (oslo shuffles the hosts once and then goes round-robin).
type dialer struct {
	url   *TransportURL
	cfg   Config
	tls   *tls.Config // nil without SSL
	mu    sync.Mutex
	next  int
	hosts []BrokerHost
}

func newDialer(u *TransportURL, cfg Config) (*dialer, error) {
	d := &dialer{url: u, cfg: cfg, hosts: append([]BrokerHost(nil), u.Hosts...)}
	rand.Shuffle(len(d.hosts), func(i, j int) { d.hosts[i], d.hosts[j] = d.hosts[j], d.hosts[i] })
	if cfg.SSL || queryBool(u.Query, "ssl") || u.Scheme == "amqps" {
		tc, err := tlsConfig(cfg)
		if err != nil {
			return nil, err
		}
		d.tls = tc
	}
	return d, nil
}

func tlsConfig(cfg Config) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.SSLCAFile != "" {
		pem, err := os.ReadFile(cfg.SSLCAFile)
		if err != nil {
			return nil, fmt.Errorf("read ssl_ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ssl_ca_file %s holds no PEM certificate", cfg.SSLCAFile)
		}
		tc.RootCAs = pool
	}
	if cfg.SSLCertFile != "" || cfg.SSLKeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.SSLCertFile, cfg.SSLKeyFile)
		if err != nil {
			return nil, fmt.Errorf("load ssl_cert_file/ssl_key_file: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// dial connects to the next broker in turn.
func (d *dialer) dial(name string) (*amqp.Connection, BrokerHost, error) {
	d.mu.Lock()
	h := d.hosts[d.next%len(d.hosts)]
	d.next++
	d.mu.Unlock()

	scheme := "amqp"
	var tc *tls.Config
	if d.tls != nil {
		scheme = "amqps"
		tc = d.tls.Clone()
		tc.ServerName = h.Hostname
	}
	props := amqp.NewConnectionProperties()
	props.SetClientConnectionName(fmt.Sprintf("%s:%d:%s", filepath.Base(os.Args[0]), os.Getpid(), name))
	heartbeat := d.cfg.HeartbeatTimeoutThreshold
	if heartbeat < 0 {
		heartbeat = 0
	}
	conn, err := amqp.DialConfig(scheme+"://"+h.Addr()+"/", amqp.Config{
		// oslo's rabbit_login_method is AMQPLAIN.
		SASL:            []amqp.Authentication{&amqp.AMQPlainAuth{Username: h.Username, Password: h.Password}},
		Vhost:           d.url.VirtualHost,
		Heartbeat:       heartbeat,
		TLSClientConfig: tc,
		Properties:      props,
		Dial:            amqp.DefaultDial(dialTimeout),
	})
	if err != nil {
		return nil, h, fmt.Errorf("connect to %s: %w", h.Addr(), err)
	}
	return conn, h, nil
}

// link is one AMQP connection that comes back after it is lost. After each
// connect it runs setup; when the connection is lost it runs lost.
type link struct {
	name   string
	dialer *dialer
	log    *slog.Logger
	setup  func(conn *amqp.Connection) error
	lost   func(err error)

	mu   sync.Mutex
	conn *amqp.Connection
	up   chan struct{} // closed while conn is usable
}

func newLink(name string, d *dialer, log *slog.Logger, setup func(*amqp.Connection) error, lost func(error)) *link {
	return &link{name: name, dialer: d, log: log.With("link", name), setup: setup, lost: lost, up: make(chan struct{})}
}

// connect makes the first connection, retrying until ctx ends.
func (l *link) connect(ctx context.Context) error {
	conn, err := l.dialRetry(ctx)
	if err != nil {
		return err
	}
	l.publish(conn)
	return nil
}

// dialRetry dials until a connection is set up or ctx ends, with oslo's
// growing delay between failed attempts.
func (l *link) dialRetry(ctx context.Context) (*amqp.Connection, error) {
	cfg := l.dialer.cfg
	delay := cfg.RetryInterval
	for attempt := 0; ; attempt++ {
		conn, host, err := l.dialer.dial(l.name)
		if err == nil {
			if err = l.setup(conn); err == nil {
				l.log.Info("connected to broker", "host", host.Addr(), "vhost", l.dialer.url.VirtualHost)
				return conn, nil
			}
			_ = conn.Close()
		}
		// Try every host once before waiting.
		if attempt%len(l.dialer.hosts) != len(l.dialer.hosts)-1 {
			l.log.Warn("broker connection failed, trying next host", "host", host.Addr(), "err", err)
			continue
		}
		l.log.Error("broker connection failed, retrying", "host", host.Addr(), "err", err, "delay", delay)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connect to broker: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(delay):
		}
		delay = min(delay+cfg.RetryBackoff, cfg.RetryMax)
	}
}

func (l *link) publish(conn *amqp.Connection) {
	l.mu.Lock()
	l.conn = conn
	close(l.up)
	l.mu.Unlock()
}

// run watches the connection and reconnects until ctx ends.
func (l *link) run(ctx context.Context) {
	for {
		l.mu.Lock()
		conn := l.conn
		l.mu.Unlock()
		closed := conn.NotifyClose(make(chan *amqp.Error, 1))
		blocked := conn.NotifyBlocked(make(chan amqp.Blocking, 4))
		var reason error
	watch:
		for {
			select {
			case <-ctx.Done():
				_ = conn.Close()
				return
			case b := <-blocked:
				if b.Active {
					l.log.Warn("broker blocked the connection", "reason", b.Reason)
				} else {
					l.log.Info("broker unblocked the connection")
				}
			case e, ok := <-closed:
				if ok && e != nil {
					reason = e
				} else {
					reason = errors.New("connection closed")
				}
				break watch
			}
		}
		l.mu.Lock()
		l.conn = nil
		l.up = make(chan struct{})
		l.mu.Unlock()
		l.log.Warn("broker connection lost, reconnecting", "err", reason)
		l.lost(reason)
		next, err := l.dialRetry(ctx)
		if err != nil {
			return // ctx ended
		}
		l.publish(next)
	}
}

// current returns the live connection, waiting for a reconnect until ctx
// ends or done is closed.
func (l *link) current(ctx context.Context, done <-chan struct{}) (*amqp.Connection, error) {
	for {
		l.mu.Lock()
		conn, up := l.conn, l.up
		l.mu.Unlock()
		var wait <-chan struct{} = up
		if conn != nil {
			if !conn.IsClosed() {
				return conn, nil
			}
			// Lost a moment ago and run has not noticed yet: look again soon.
			soon := make(chan struct{})
			time.AfterFunc(10*time.Millisecond, func() { close(soon) })
			wait = soon
		}
		select {
		case <-wait:
		case <-done:
			return nil, ErrClosed
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: %w", ErrNotConnected, ctx.Err())
		}
	}
}

// now returns the live connection or nil.
func (l *link) now() *amqp.Connection {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.conn
}
