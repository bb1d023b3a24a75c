package oslo

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// The reconnection waits follow rabbit_retry_interval, rabbit_retry_backoff
// and rabbit_interval_max: a broker that hangs up at once is tried again
// after each wait.
func TestRetryTiming(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var attempts atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			attempts.Add(1)
			_ = c.Close()
		}
	}()
	for _, tc := range []struct {
		name                   string
		interval, backoff, max time.Duration
		min, most              int32 // attempts in 1.1 s
	}{
		// Waits of 0.1, 0.15, 0.2, 0.2, ... s: seven attempts or so.
		{"short waits", 100 * time.Millisecond, 50 * time.Millisecond, 200 * time.Millisecond, 4, 9},
		// oslo's defaults: the first attempt, and one after 1 s.
		{"defaults", 0, 0, 0, 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			attempts.Store(0)
			ctx, cancel := context.WithTimeout(t.Context(), 1100*time.Millisecond)
			defer cancel()
			_, err := New(ctx, Config{TransportURL: "rabbit://guest:guest@" + ln.Addr().String() + "/",
				RetryInterval: tc.interval, RetryBackoff: tc.backoff, RetryMax: tc.max, Logger: testLogger()})
			if err == nil {
				t.Fatal("connected to a broker that hangs up")
			}
			if n := attempts.Load(); n < tc.min || n > tc.most {
				t.Errorf("%d attempts in 1.1 s, want %d to %d", n, tc.min, tc.most)
			}
		})
	}
}
