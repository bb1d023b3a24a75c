package actions

import (
	"bytes"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/tramontane/tramontane/engine/data"
)

// Python requests reports response headers with the names spelled and
// ordered as the server sent them; Go's http.Header canonicalizes names and
// forgets the order. To give workflows the same dict (where
// headers['content-type'] and headers['Content-Type'] are different keys),
// the connections of an HTTP action record the raw response head.

// maxHead bounds the recorded head; beyond it we fall back to Go's view.
const maxHead = 1 << 20

// recordingConn is a connection that keeps the head of the response read
// through it since its last reset.
type recordingConn struct {
	net.Conn

	mu   sync.Mutex
	buf  []byte
	head []byte
	done bool

	// The head of the request being written, held back until complete
	// to be sent with its header lines in order (nil: as Go wrote them).
	order []string
	out   []byte
	sent  bool
}

// expectRequest makes the next request head written through the
// connection go out with its header lines in order (reorderHead).
func (c *recordingConn) expectRequest(order []string) {
	c.mu.Lock()
	c.order, c.out, c.sent = order, nil, false
	c.mu.Unlock()
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.order == nil || c.sent {
		c.mu.Unlock()
		return c.Conn.Write(p)
	}
	c.out = append(c.out, p...)
	i := bytes.Index(c.out, []byte("\r\n\r\n"))
	if i < 0 && len(c.out) <= maxHead {
		c.mu.Unlock()
		return len(p), nil
	}
	buf := c.out
	if i >= 0 {
		buf = append(reorderHead(c.out[:i+4], c.order), c.out[i+4:]...)
	}
	c.out, c.sent = nil, true
	c.mu.Unlock()
	if _, err := c.Conn.Write(buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// reorderHead rewrites a request head (request line, header lines, blank
// line) with the header lines that order names first, in its order and
// spelling, then the others as they were.
func reorderHead(head []byte, order []string) []byte {
	lines := strings.Split(strings.TrimSuffix(string(head), "\r\n\r\n"), "\r\n")
	byLower := make(map[string][]string)
	var names []string
	for _, line := range lines[1:] {
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			return head
		}
		lower := strings.ToLower(name)
		if _, seen := byLower[lower]; !seen {
			names = append(names, lower)
		}
		byLower[lower] = append(byLower[lower], strings.TrimPrefix(val, " "))
	}
	var b strings.Builder
	b.WriteString(lines[0] + "\r\n")
	write := func(name string, vals []string) {
		for _, v := range vals {
			b.WriteString(name + ": " + v + "\r\n")
		}
	}
	done := make(map[string]bool)
	for _, name := range order {
		lower := strings.ToLower(name)
		if vals, ok := byLower[lower]; ok && !done[lower] {
			write(name, vals)
			done[lower] = true
		}
	}
	for _, lower := range names {
		if !done[lower] {
			write(http.CanonicalHeaderKey(lower), byLower[lower])
		}
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.record(p[:n])
	}
	return n, err
}

// reset forgets the recorded head before the next request on the
// connection.
func (c *recordingConn) reset() {
	c.mu.Lock()
	c.buf, c.head, c.done = nil, nil, false
	c.mu.Unlock()
}

func (c *recordingConn) record(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return
	}
	c.buf = append(c.buf, p...)
	for {
		i := bytes.Index(c.buf, []byte("\r\n\r\n"))
		if i < 0 {
			if len(c.buf) > maxHead {
				c.done, c.buf = true, nil
			}
			return
		}
		head := c.buf[:i]
		// Skip interim 1xx responses (100 Continue).
		if bytes.HasPrefix(head, []byte("HTTP/1.")) && len(head) > 9 && head[9] == '1' {
			c.buf = c.buf[i+4:]
			continue
		}
		c.head = append([]byte(nil), head...)
		c.done, c.buf = true, nil
		return
	}
}

// headers parses the recorded head into a dict as urllib3 and requests
// build it: repeated fields joined with ", " under the first spelling.
// It returns nil when no head was recorded.
func (c *recordingConn) headers() *data.Map {
	c.mu.Lock()
	head := c.head
	c.mu.Unlock()
	if head == nil {
		return nil
	}
	lines := strings.Split(string(head), "\r\n")[1:]
	type field struct {
		name string
		vals []string
	}
	var fields []*field
	byLower := map[string]*field{}
	var last *field
	for _, line := range lines {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last != nil {
			// obs-fold continuation of the previous value
			last.vals[len(last.vals)-1] += " " + strings.TrimSpace(line)
			continue
		}
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		f := byLower[strings.ToLower(name)]
		if f == nil {
			f = &field{name: name}
			byLower[strings.ToLower(name)] = f
			fields = append(fields, f)
		}
		f.vals = append(f.vals, val)
		last = f
	}
	m := data.NewMap(len(fields))
	for _, f := range fields {
		m.Set(f.name, strings.Join(f.vals, ", "))
	}
	return m
}

// recordingDialer wraps a dialer's connections in recordingConn.
func recordingDialer(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &recordingConn{Conn: c}, nil
	}
}

// recordingTLSDialer dials TLS itself so that the recording sees the
// plaintext of direct https requests.
func recordingTLSDialer(d *net.Dialer, conf *tls.Config) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		raw, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cfg := conf.Clone()
		if cfg.ServerName == "" {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				host = addr
			}
			cfg.ServerName = host
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return &recordingConn{Conn: tc}, nil
	}
}
