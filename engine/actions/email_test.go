package actions

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/actions/actiontest"
	"github.com/tramontane/tramontane/engine/data"
)

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
	srv := new(actiontest.SMTPServer).Start(t, "127.0.0.1:0")
	err := runEmail(t, data.MapOf(
		"from_addr", "wf@example.com", "to_addrs", []any{"a@example.com", "b@example.com"},
		"cc_addrs", []any{"c@example.com"}, "bcc_addrs", []any{"d@example.com"},
		"smtp_server", srv.Addr, "subject", "Héllo wörld", "body", "Line 1\nLïne 2",
	))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(srv.Last().Rcpt, ","); got != "c@example.com,d@example.com,a@example.com,b@example.com" {
		t.Errorf("recipients %s", got)
	}
	if srv.Last().From != "wf@example.com" {
		t.Errorf("from %s", srv.Last().From)
	}
	m, err := mail.ReadMessage(strings.NewReader(srv.Last().Data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, srv.Last().Data)
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
	srv := new(actiontest.SMTPServer).Start(t, "127.0.0.1:0")
	err := runEmail(t, data.MapOf("from_addr", "x@y", "to_addrs", []any{"z@y"}, "smtp_server", srv.Addr,
		"html_body", "<b>hi</b>", "reply_to", []any{"r@y"}))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(strings.NewReader(srv.Last().Data))
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
		if !strings.Contains(srv.Last().Data, enc) {
			t.Errorf("part %q missing from\n%s", part, srv.Last().Data)
		}
	}
}

func TestEmailStartTLSAuth(t *testing.T) {
	cert := actiontest.Cert(t)
	for _, mechs := range []string{"PLAIN LOGIN", "LOGIN"} {
		t.Run(mechs, func(t *testing.T) {
			srv := (&actiontest.SMTPServer{
				TLS: &tls.Config{Certificates: []tls.Certificate{cert}}, AuthMechs: mechs,
				User: "wf@example.com", Password: "pa55",
			}).Start(t, "127.0.0.1:0")
			err := runEmail(t, data.MapOf("from_addr", "wf@example.com", "to_addrs", []any{"a@b"},
				"smtp_server", srv.Addr, "smtp_password", "pa55"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Fields(mechs)[0] + " wf@example.com"
			if !srv.Last().UsedTLS || srv.Last().Authed != want {
				t.Errorf("tls=%v authed=%q, want %q", srv.Last().UsedTLS, srv.Last().Authed, want)
			}
		})
	}
}

func TestEmailFailures(t *testing.T) {
	cert := actiontest.Cert(t)
	tlsSrv := (&actiontest.SMTPServer{
		TLS: &tls.Config{Certificates: []tls.Certificate{cert}}, AuthMechs: "PLAIN", User: "u", Password: "p",
	}).Start(t, "127.0.0.1:0")
	plainSrv := new(actiontest.SMTPServer).Start(t, "127.0.0.1:0")
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
		{"wrong password", base(tlsSrv.Addr, "smtp_password", "nope"),
			"Failed to send an email message: (535, b'5.7.8 Authentication failed')"},
		{"no starttls", base(plainSrv.Addr, "smtp_password", "p"),
			"Failed to send an email message: STARTTLS extension not supported by server."},
		{"refused", base(closed), "Failed to send an email message: [Errno 111] ECONNREFUSED"},
		{"recipients refused", base(plainSrv.Addr, "to_addrs", []any{"nobody@x"}),
			"Failed to send an email message: {'nobody@x': (550, b'5.1.1 No such user')}"},
		{"to_addrs not a list", base(plainSrv.Addr, "to_addrs", "a@b"),
			`can only concatenate list (not "str") to list`},
		{"body not sliceable", base(closed, "body", 5), "'int' object is not subscriptable"},
		{"body a dict", base(closed, "body", map[string]any{"a": 1}), "unhashable type: 'slice'"},
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
