package db

import (
	"context"
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
)

// registerDialers makes the MySQL driver retry a connection attempt that
// the server refused for a moment: a burst of new connections overflows
// mysqld's listen backlog (EAGAIN on its Unix socket, ECONNREFUSED on TCP),
// which the driver would otherwise hand to the request as an error. The
// driver's dialers are process-wide, so they are registered once.
var registerDialers = sync.OnceFunc(func() {
	for _, network := range []string{"tcp", "unix"} {
		mysqldriver.RegisterDialContext(network, func(ctx context.Context, addr string) (net.Conn, error) {
			return dialRetrying(ctx, network, addr)
		})
	}
})

// dialAttempts and dialBackoff bound the retries of one connection.
const (
	dialAttempts = 20
	dialBackoff  = 10 * time.Millisecond
)

func dialRetrying(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	backoff := dialBackoff
	for attempt := 1; ; attempt++ {
		conn, err := d.DialContext(ctx, network, addr)
		if err == nil || attempt >= dialAttempts || !transientDial(err) {
			return conn, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

func transientDial(err error) bool {
	return errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.ECONNREFUSED)
}
