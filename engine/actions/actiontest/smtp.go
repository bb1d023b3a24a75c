package actiontest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Cert makes a self-signed certificate for 127.0.0.1.
func Cert(t testing.TB) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// SMTPServer is a small SMTP server: optional STARTTLS, AUTH PLAIN and/or
// LOGIN once TLS is on, and refusal of nobody@ recipients. Set the
// options, then Start it.
type SMTPServer struct {
	TLS       *tls.Config // nil: no STARTTLS
	AuthMechs string      // e.g. "PLAIN LOGIN"
	User      string
	Password  string

	// Addr is where it listens, once started.
	Addr string

	mu   sync.Mutex
	last SMTPMessage
}

// SMTPMessage is what the server saw of the last message.
type SMTPMessage struct {
	From    string
	Rcpt    []string
	Data    string // the message text, dot-unstuffed, "\n" line ends
	Authed  string // "<MECH> <user>" after a successful AUTH
	UsedTLS bool
}

// Last returns what the server saw of the last session.
func (s *SMTPServer) Last() SMTPMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.last
	m.Rcpt = append([]string(nil), m.Rcpt...)
	return m
}

// Start listens on listen ("127.0.0.1:0" for any free port) until the
// test ends.
func (s *SMTPServer) Start(t testing.TB, listen string) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.Addr = ln.Addr().String()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *SMTPServer) update(f func(m *SMTPMessage)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.last)
}

func (s *SMTPServer) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	s.update(func(m *SMTPMessage) { *m = SMTPMessage{} })
	r := bufio.NewReader(conn)
	w := func(line string) { io.WriteString(conn, line+"\r\n") }
	read := func() string {
		l, err := r.ReadString('\n')
		if err != nil {
			return "QUIT"
		}
		return strings.TrimRight(l, "\r\n")
	}
	decode := func(s string) string {
		b, _ := base64.StdEncoding.DecodeString(s)
		return string(b)
	}
	inTLS := false
	w("220 test ESMTP")
	for {
		line := read()
		cmd := strings.ToUpper(strings.Fields(line + " x")[0])
		switch cmd {
		case "EHLO":
			w("250-test")
			if s.TLS != nil && !inTLS {
				w("250-STARTTLS")
			}
			if inTLS && s.AuthMechs != "" {
				w("250-AUTH " + s.AuthMechs)
			}
			w("250 8BITMIME")
		case "HELO":
			w("250 test")
		case "STARTTLS":
			w("220 Ready to start TLS")
			tc := tls.Server(conn, s.TLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, inTLS = tc, bufio.NewReader(tc), true
			s.update(func(m *SMTPMessage) { m.UsedTLS = true })
		case "AUTH":
			f := strings.Fields(line)
			var user, pass string
			switch strings.ToUpper(f[1]) {
			case "PLAIN":
				resp := ""
				if len(f) > 2 {
					resp = f[2]
				} else {
					w("334 ")
					resp = read()
				}
				parts := strings.Split(decode(resp), "\x00")
				if len(parts) == 3 {
					user, pass = parts[1], parts[2]
				}
			case "LOGIN":
				w("334 VXNlcm5hbWU6")
				user = decode(read())
				w("334 UGFzc3dvcmQ6")
				pass = decode(read())
			}
			if user == s.User && pass == s.Password {
				s.update(func(m *SMTPMessage) { m.Authed = strings.ToUpper(f[1]) + " " + user })
				w("235 2.7.0 Authentication successful")
			} else {
				w("535 5.7.8 Authentication failed")
			}
		case "MAIL":
			s.update(func(m *SMTPMessage) { m.From = between(line, "<", ">") })
			w("250 OK")
		case "RCPT":
			addr := between(line, "<", ">")
			if strings.HasPrefix(addr, "nobody@") {
				w("550 5.1.1 No such user")
				continue
			}
			s.update(func(m *SMTPMessage) { m.Rcpt = append(m.Rcpt, addr) })
			w("250 OK")
		case "DATA":
			w("354 Go ahead")
			var b strings.Builder
			for {
				l := read()
				if l == "." || l == "QUIT" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".") + "\n")
			}
			s.update(func(m *SMTPMessage) { m.Data = b.String() })
			w("250 OK queued")
		case "QUIT":
			w("221 Bye")
			return
		default:
			w("502 Unknown command")
		}
	}
}

func between(s, open, close string) string {
	_, rest, _ := strings.Cut(s, open)
	v, _, _ := strings.Cut(rest, close)
	return v
}
