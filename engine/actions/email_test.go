package actions

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// throwAwayCert makes a self-signed certificate for 127.0.0.1.
func throwAwayCert(t *testing.T) tls.Certificate {
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

// smtpServer is a small SMTP server for the tests: optional STARTTLS,
// AUTH PLAIN and/or LOGIN once TLS is on, and refusal of nobody@ addresses.
type smtpServer struct {
	addr      string
	tlsConf   *tls.Config // nil: no STARTTLS
	authMechs string      // e.g. "PLAIN LOGIN"
	user      string
	password  string

	mu       sync.Mutex
	from     string
	rcpt     []string
	msg      string
	authed   string
	usedTLS  bool
	sessions int
}

func startSMTP(t *testing.T, s *smtpServer) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.addr = ln.Addr().String()
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

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
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
			if s.tlsConf != nil && !inTLS {
				w("250-STARTTLS")
			}
			if inTLS && s.authMechs != "" {
				w("250-AUTH " + s.authMechs)
			}
			w("250 8BITMIME")
		case "HELO":
			w("250 test")
		case "STARTTLS":
			w("220 Ready to start TLS")
			tc := tls.Server(conn, s.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, inTLS = tc, bufio.NewReader(tc), true
			s.mu.Lock()
			s.usedTLS = true
			s.mu.Unlock()
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
			if user == s.user && pass == s.password {
				s.mu.Lock()
				s.authed = strings.ToUpper(f[1]) + " " + user
				s.mu.Unlock()
				w("235 2.7.0 Authentication successful")
			} else {
				w("535 5.7.8 Authentication failed")
			}
		case "MAIL":
			s.mu.Lock()
			s.from = between(line, "<", ">")
			s.mu.Unlock()
			w("250 OK")
		case "RCPT":
			addr := between(line, "<", ">")
			if strings.HasPrefix(addr, "nobody@") {
				w("550 5.1.1 No such user")
				continue
			}
			s.mu.Lock()
			s.rcpt = append(s.rcpt, addr)
			s.mu.Unlock()
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
			s.mu.Lock()
			s.msg = b.String()
			s.mu.Unlock()
			w("250 OK queued")
		case "QUIT":
			w("221 Bye")
			return
		default:
			w("502 Unknown command")
		}
	}
}

func runEmail(t *testing.T, in *data.Map) error {
	t.Helper()
	a, _, err := NewRegistry().Instantiate("std.email", in)
	if err != nil {
		t.Fatalf("Instantiate: %v", err)
	}
	res, err := a.Run(context.Background(), &Context{Logger: quietLogger})
	if err == nil && (res.Data != nil || res.IsError()) {
		t.Fatalf("result = %+v, want null", res)
	}
	return err
}

func TestEmailPlain(t *testing.T) {
	srv := startSMTP(t, &smtpServer{})
	err := runEmail(t, data.MapOf(
		"from_addr", "wf@example.com", "to_addrs", []any{"a@example.com", "b@example.com"},
		"cc_addrs", []any{"c@example.com"}, "bcc_addrs", []any{"d@example.com"},
		"smtp_server", srv.addr, "subject", "Héllo wörld", "body", "Line 1\nLïne 2",
	))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(srv.rcpt, ","); got != "c@example.com,d@example.com,a@example.com,b@example.com" {
		t.Errorf("recipients %s", got)
	}
	if srv.from != "wf@example.com" {
		t.Errorf("from %s", srv.from)
	}
	m, err := mail.ReadMessage(strings.NewReader(srv.msg))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, srv.msg)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	checks := map[string]string{
		"Subject": "Héllo wörld", "From": "wf@example.com", "To": "a@example.com, b@example.com",
		"Cc": "c@example.com", "Reply-To": "", "Content-Type": `text/plain; charset="utf-8"`,
		"Content-Transfer-Encoding": "base64", "Bcc": "",
	}
	for k, want := range checks {
		got := m.Header.Get(k)
		if k == "Subject" {
			got = subj
		}
		if got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(m.Header.Get("Subject"), "=?utf-8?") {
		t.Errorf("Subject not encoded: %s", m.Header.Get("Subject"))
	}
	body, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, m.Body))
	if string(body) != "Line 1\nLïne 2" {
		t.Errorf("body %q", body)
	}
}

func TestEmailDefaultsAndHTML(t *testing.T) {
	srv := startSMTP(t, &smtpServer{})
	err := runEmail(t, data.MapOf("from_addr", "x@y", "to_addrs", []any{"z@y"}, "smtp_server", srv.addr,
		"html_body", "<b>hi</b>", "reply_to", []any{"r@y"}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(strings.NewReader(srv.msg))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Header.Get("Content-Type"), "multipart/alternative;") || m.Header.Get("Reply-To") != "r@y" {
		t.Errorf("headers %v", m.Header)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subj != "<No subject>" {
		t.Errorf("subject %q", subj)
	}
	for _, part := range []string{"<No body>", "<b>hi</b>"} {
		enc := base64.StdEncoding.EncodeToString([]byte(part))
		if !strings.Contains(srv.msg, enc) {
			t.Errorf("part %q missing from\n%s", part, srv.msg)
		}
	}
}

func TestEmailStartTLSAuth(t *testing.T) {
	cert := throwAwayCert(t)
	for _, mechs := range []string{"PLAIN LOGIN", "LOGIN"} {
		t.Run(mechs, func(t *testing.T) {
			srv := startSMTP(t, &smtpServer{
				tlsConf: &tls.Config{Certificates: []tls.Certificate{cert}}, authMechs: mechs,
				user: "wf@example.com", password: "pa55",
			})
			err := runEmail(t, data.MapOf("from_addr", "wf@example.com", "to_addrs", []any{"a@b"},
				"smtp_server", srv.addr, "smtp_password", "pa55"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Fields(mechs)[0] + " wf@example.com"
			if !srv.usedTLS || srv.authed != want {
				t.Errorf("tls=%v authed=%q, want %q", srv.usedTLS, srv.authed, want)
			}
		})
	}
}

func TestEmailFailures(t *testing.T) {
	cert := throwAwayCert(t)
	tlsSrv := startSMTP(t, &smtpServer{
		tlsConf: &tls.Config{Certificates: []tls.Certificate{cert}}, authMechs: "PLAIN", user: "u", password: "p",
	})
	plainSrv := startSMTP(t, &smtpServer{})
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	base := func(server string, kv ...any) *data.Map {
		m := data.MapOf("from_addr", "u", "to_addrs", []any{"a@b"}, "smtp_server", server)
		for i := 0; i < len(kv); i += 2 {
			m.Set(kv[i].(string), data.Normalize(kv[i+1]))
		}
		return m
	}
	tests := []struct {
		name string
		in   *data.Map
		want string
	}{
		{"wrong password", base(tlsSrv.addr, "smtp_password", "nope"),
			"Failed to send an email message: (535, b'5.7.8 Authentication failed')"},
		{"no starttls", base(plainSrv.addr, "smtp_password", "p"),
			"Failed to send an email message: STARTTLS extension not supported by server."},
		{"refused", base(closed), "Failed to send an email message: [Errno 111] Connection refused"},
		{"recipients refused", base(plainSrv.addr, "to_addrs", []any{"nobody@x"}),
			"Failed to send an email message: {'nobody@x': (550, b'5.1.1 No such user')}"},
		{"to_addrs not a list", base(plainSrv.addr, "to_addrs", "a@b"),
			`can only concatenate list (not "str") to list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runEmail(t, tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestEncodeHeaderUTF8(t *testing.T) {
	tests := map[string]string{
		"Hi":           "=?utf-8?q?Hi?=",
		"a b":          "=?utf-8?q?a_b?=",
		"<No subject>": "=?utf-8?q?=3CNo_subject=3E?=",
		"ééééé":        "=?utf-8?b?w6nDqcOpw6nDqQ==?=",
	}
	for in, want := range tests {
		if got := encodeHeaderUTF8(in); got != want {
			t.Errorf("encodeHeaderUTF8(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("word ", 40)
	for _, w := range strings.Split(encodeHeaderUTF8(long), "\r\n ") {
		if len(w) > 75 {
			t.Errorf("encoded word too long: %d", len(w))
		}
	}
}

func between(s, open, close string) string {
	_, rest, _ := strings.Cut(s, open)
	v, _, _ := strings.Cut(rest, close)
	return v
}
