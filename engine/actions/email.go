package actions

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// email is std.email (Mistral's SendEmailAction). The fields are its Python
// instance attributes.
type email struct {
	to         any // to_addrs, a list
	cc         any // cc_addrs or []
	bcc        any // bcc_addrs or []
	replyTo    any // reply_to or []
	subject    any // subject or "<No subject>"
	body       any // body or "<No body>"
	htmlBody   any
	smtpServer any // "host" or "host:port"
	sender     any // from_addr
	password   any // smtp_password; never logged
}

func orDefault(v, def any) any {
	if data.Truthy(v) {
		return v
	}
	return def
}

func newEmail(in *data.Map) (Action, error) {
	return &email{
		to:         in.Value("to_addrs"),
		cc:         orDefault(in.Value("cc_addrs"), []any{}),
		bcc:        orDefault(in.Value("bcc_addrs"), []any{}),
		replyTo:    orDefault(in.Value("reply_to"), []any{}),
		subject:    orDefault(in.Value("subject"), "<No subject>"),
		body:       orDefault(in.Value("body"), "<No body>"),
		htmlBody:   in.Value("html_body"),
		smtpServer: in.Value("smtp_server"),
		sender:     in.Value("from_addr"),
		password:   in.Value("smtp_password"),
	}, nil
}

func restoreEmail(v *data.Map) (Action, error) {
	return &email{
		to:         v.Value("to"),
		cc:         v.Value("cc"),
		bcc:        v.Value("bcc"),
		replyTo:    v.Value("reply_to"),
		subject:    v.Value("subject"),
		body:       v.Value("body"),
		htmlBody:   v.Value("html_body"),
		smtpServer: v.Value("smtp_server"),
		sender:     v.Value("sender"),
		password:   v.Value("password"),
	}, nil
}

func (a *email) ClassName() string { return stdActions + "SendEmailAction" }
func (a *email) Repr() string      { return objectRepr(a.ClassName(), a) }

func (a *email) Vars() *data.Map {
	return data.MapOf(
		"to", a.to, "cc", a.cc, "bcc", a.bcc, "reply_to", a.replyTo,
		"subject", a.subject, "body", a.body, "html_body", a.htmlBody,
		"smtp_server", a.smtpServer, "sender", a.sender, "password", a.password,
	)
}

// Run builds the message as Python's email package does and sends it. The
// result is null; SMTP and I/O failures raise "Failed to send an email
// message: <reason>".
func (a *email) Run(ctx context.Context, ac *Context) (Result, error) {
	// Mistral logs body[:128] before anything else, which fails for a
	// body that cannot be sliced.
	switch a.body.(type) {
	case bool, int64, float64:
		return Result{}, fmt.Errorf("'%s' object is not subscriptable", data.TypeName(a.body))
	case *data.Map:
		return Result{}, errors.New("unhashable type: 'slice'")
	}
	ac.logger().InfoContext(ctx, "sending email message",
		"from", data.Str(a.sender), "to", data.Str(a.to), "smtp_server", data.Str(a.smtpServer))

	to, err := joinAddrs(a.to)
	if err != nil {
		return Result{}, err
	}
	replyTo, err := joinAddrs(a.replyTo)
	if err != nil {
		return Result{}, err
	}
	// rcpt = self.cc + self.bcc + self.to, with Python's + on whatever
	// the inputs are; smtplib takes a lone string as one address.
	all, err := pyAdd(a.cc, a.bcc)
	if err == nil {
		all, err = pyAdd(all, a.to)
	}
	if err != nil {
		return Result{}, err
	}
	var rcpt []string
	switch t := all.(type) {
	case string:
		rcpt = []string{t}
	case []any:
		for _, e := range t {
			rcpt = append(rcpt, data.Str(e))
		}
	}
	msg, err := a.message(to, replyTo)
	if err != nil {
		return Result{}, err
	}
	if err := a.send(ctx, rcpt, msg); err != nil {
		err = smtpErrorText(err)
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		return Result{}, actionError("Failed to send an email message: %s", err)
	}
	return Result{}, nil
}

// joinAddrs is ', '.join(v) for a list of strings (a string joins its
// characters, as in Python).
func joinAddrs(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return strings.Join(strings.Split(t, ""), ", "), nil
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("sequence item %d: expected str instance, %s found", i, data.TypeName(e))
			}
			parts[i] = s
		}
		return strings.Join(parts, ", "), nil
	}
	return "", fmt.Errorf("can only join an iterable")
}

// message renders the MIME message: a base64 UTF-8 text part, or a
// multipart/alternative with a text and an HTML part.
func (a *email) message(to, replyTo string) ([]byte, error) {
	var b strings.Builder
	if !data.Truthy(a.htmlBody) {
		writeTextPart(&b, "plain", data.Str(a.body))
		// The headers of the single part are the message's; Subject & co
		// follow them as in Python's output.
		head, body, _ := strings.Cut(b.String(), "\r\n\r\n")
		b.Reset()
		b.WriteString(head + "\r\n")
		writeEnvelopeHeaders(&b, a, to, replyTo)
		b.WriteString("\r\n" + body)
		return []byte(b.String()), nil
	}
	boundary := mimeBoundary()
	fmt.Fprintf(&b, "Content-Type: multipart/alternative; boundary=\"%s\"\r\nMIME-Version: 1.0\r\n", boundary)
	writeEnvelopeHeaders(&b, a, to, replyTo)
	b.WriteString("\r\n")
	for _, p := range []struct{ sub, text string }{{"plain", data.Str(a.body)}, {"html", data.Str(a.htmlBody)}} {
		b.WriteString("--" + boundary + "\r\n")
		writeTextPart(&b, p.sub, p.text)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String()), nil
}

func writeEnvelopeHeaders(b *strings.Builder, a *email, to, replyTo string) {
	b.WriteString("Subject: " + encodeHeaderUTF8(data.Str(a.subject)) + "\r\n")
	b.WriteString("From: " + data.Str(a.sender) + "\r\n")
	b.WriteString("Reply-To: " + replyTo + "\r\n")
	b.WriteString("To: " + to + "\r\n")
	if cc, _ := joinAddrs(a.cc); data.Truthy(a.cc) {
		b.WriteString("cc: " + cc + "\r\n")
	}
}

// writeTextPart writes a MIMEText(text, sub, 'utf-8') part: headers, blank
// line, base64 body in 76-column lines.
func writeTextPart(b *strings.Builder, sub, text string) {
	fmt.Fprintf(b, "Content-Type: text/%s; charset=\"utf-8\"\r\n", sub)
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(text))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

func mimeBoundary() string {
	return fmt.Sprintf("===============%019d==", time.Now().UnixNano())
}

// encodeHeaderUTF8 is email.header.Header(s, 'utf-8').encode(): RFC 2047
// encoded words, Q or B whichever is shorter (Q on a tie).
func encodeHeaderUTF8(s string) string {
	var words []string
	var chunk []rune
	flush := func() {
		if len(chunk) > 0 {
			words = append(words, encodedWord(string(chunk)))
			chunk = chunk[:0]
		}
	}
	for _, r := range s {
		chunk = append(chunk, r)
		if len(encodedWord(string(chunk))) > 75 {
			chunk = chunk[:len(chunk)-1]
			flush()
			chunk = append(chunk, r)
		}
	}
	flush()
	if len(words) == 0 {
		return ""
	}
	return strings.Join(words, "\r\n ")
}

func encodedWord(s string) string {
	q := qEncode(s)
	b := base64.StdEncoding.EncodeToString([]byte(s))
	if len(b) < len(q) {
		return "=?utf-8?b?" + b + "?="
	}
	return "=?utf-8?q?" + q + "?="
}

// qEncode is email.quoprimime.header_encode's body.
func qEncode(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == ' ':
			b.WriteByte('_')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-!*+/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}

// smtpAddr splits "host:port" as smtplib.SMTP.connect does (port 25 by
// default).
func smtpAddr(server string) (string, error) {
	host, port := server, "25"
	if strings.Count(server, ":") == 1 {
		i := strings.LastIndex(server, ":")
		host, port = server[:i], server[i+1:]
		if _, err := strconv.Atoi(port); err != nil {
			return "", errors.New("nonnumeric port")
		}
	}
	return net.JoinHostPort(host, port), nil
}

// send talks SMTP like smtplib: EHLO, and with a password STARTTLS, EHLO
// and AUTH as the sender; then MAIL, RCPT for every recipient and DATA.
func (a *email) send(ctx context.Context, rcpt []string, msg []byte) error {
	addr, err := smtpAddr(data.Str(a.smtpServer))
	if err != nil {
		return err
	}
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return osErrorText(err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	host, _, _ := net.SplitHostPort(addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if name, err := os.Hostname(); err == nil {
		if err := c.Hello(name); err != nil {
			return err
		}
	}
	sender := data.Str(a.sender)
	if a.password != nil {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("STARTTLS extension not supported by server.")
		}
		// smtplib.starttls() without a context does not verify the
		// server's certificate; relays with private certificates keep
		// working as they did under Mistral.
		if err := c.StartTLS(&tls.Config{ServerName: host, InsecureSkipVerify: true}); err != nil {
			return err
		}
		ok, mechs := c.Extension("AUTH")
		if !ok {
			return errors.New("SMTP AUTH extension not supported by server.")
		}
		auth, err := pickAuth(mechs, sender, data.Str(a.password), host)
		if err != nil {
			return err
		}
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.Mail(sender); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) {
			return fmt.Errorf("(%d, b%s, %s)", te.Code, data.StringRepr(te.Msg), data.StringRepr(sender))
		}
		return err
	}
	var refused []string
	for _, r := range rcpt {
		if err := c.Rcpt(r); err != nil {
			var te *textproto.Error
			if !errors.As(err, &te) {
				return err
			}
			refused = append(refused, fmt.Sprintf("%s: (%d, b%s)", data.StringRepr(r), te.Code, data.StringRepr(te.Msg)))
		}
	}
	if len(refused) == len(rcpt) && len(rcpt) > 0 {
		// smtplib's SMTPRecipientsRefused: {'addr': (code, b'msg'), ...}
		return errors.New("{" + strings.Join(refused, ", ") + "}")
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// pickAuth chooses like smtplib.login: CRAM-MD5, then PLAIN, then LOGIN.
func pickAuth(mechs, user, password, host string) (smtp.Auth, error) {
	have := map[string]bool{}
	for _, m := range strings.Fields(strings.ToUpper(mechs)) {
		have[m] = true
	}
	switch {
	case have["CRAM-MD5"]:
		return smtp.CRAMMD5Auth(user, password), nil
	case have["PLAIN"]:
		return plainAuth{user: user, password: password}, nil
	case have["LOGIN"]:
		return &loginAuth{user: user, password: password}, nil
	}
	return nil, errors.New("No suitable authentication method found.")
}

// plainAuth is AUTH PLAIN; net/smtp's refuses non-localhost servers
// without TLS, but we only get here after STARTTLS.
type plainAuth struct{ user, password string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.password), nil
}

func (a plainAuth) Next([]byte, bool) ([]byte, error) { return nil, nil }

// loginAuth is AUTH LOGIN, which net/smtp lacks.
type loginAuth struct {
	user, password string
	step           int
}

func (a *loginAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	a.step = 0
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(_ []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.step++
	switch a.step {
	case 1:
		return []byte(a.user), nil
	case 2:
		return []byte(a.password), nil
	}
	return nil, errors.New("unexpected server challenge")
}

// osErrorText words a dial error as the OSError Mistral's eventlet sockets
// raise ("[Errno 111] ECONNREFUSED").
func osErrorText(err error) error {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		// eventlet's greendns getaddrinfo, which smtplib's
		// create_connection goes through, finds no address.
		return errors.New("[Errno -2] No address found")
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		if opErr.Timeout() {
			return errors.New("timed out")
		}
		return errors.New(errnoText(opErr.Err))
	}
	return err
}

// pyAdd is Python's a + b on lists and strings, and its TypeError on
// anything else.
func pyAdd(a, b any) (any, error) {
	switch x := a.(type) {
	case []any:
		if y, ok := b.([]any); ok {
			return append(append([]any{}, x...), y...), nil
		}
		return nil, fmt.Errorf("can only concatenate list (not \"%s\") to list", data.TypeName(b))
	case string:
		if y, ok := b.(string); ok {
			return x + y, nil
		}
		return nil, fmt.Errorf("can only concatenate str (not \"%s\") to str", data.TypeName(b))
	}
	return nil, fmt.Errorf("unsupported operand type(s) for +: '%s' and '%s'", data.TypeName(a), data.TypeName(b))
}

// smtpErrorText words a server reply error as smtplib's exceptions print:
// (535, b'5.7.8 Authentication failed').
func smtpErrorText(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return fmt.Errorf("(%d, b%s)", te.Code, data.StringRepr(te.Msg))
	}
	return err
}
