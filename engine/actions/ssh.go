package actions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/tramontane/tramontane/engine/data"
)

// sshAction is std.ssh and, with gateway set, std.ssh_proxied. The fields
// are SSHAction's Python attributes; params is its "params" dict.
type sshAction struct {
	proxied bool

	cmd                any
	host               any // a host or a list of hosts; "name:port" is accepted
	username           any
	password           any // never logged
	privateKeyFilename any
	privateKey         any // never logged
	gatewayHost        any
	gatewayUsername    any
	proxyCommand       any
}

func newSSH(proxied bool) func(in *data.Map) (Action, error) {
	return func(in *data.Map) (Action, error) {
		a := &sshAction{
			proxied:            proxied,
			cmd:                in.Value("cmd"),
			host:               in.Value("host"),
			username:           in.Value("username"),
			password:           in.Value("password"),
			privateKeyFilename: in.Value("private_key_filename"),
			privateKey:         in.Value("private_key"),
		}
		if proxied {
			a.gatewayHost = in.Value("gateway_host")
			a.gatewayUsername = in.Value("gateway_username")
			a.proxyCommand = in.Value("proxy_command")
		}
		return a, nil
	}
}

func restoreSSH(proxied bool) func(v *data.Map) (Action, error) {
	return func(v *data.Map) (Action, error) {
		a := &sshAction{
			proxied:            proxied,
			cmd:                v.Value("cmd"),
			host:               v.Value("host"),
			username:           v.Value("username"),
			password:           v.Value("password"),
			privateKeyFilename: v.Value("private_key_filename"),
			privateKey:         v.Value("private_key"),
			gatewayHost:        v.Value("gateway_host"),
			gatewayUsername:    v.Value("gateway_username"),
		}
		if p, ok := v.Value("params").(*data.Map); ok {
			a.proxyCommand = p.Value("proxy_command")
		}
		return a, nil
	}
}

func (a *sshAction) ClassName() string {
	if a.proxied {
		return stdActions + "SSHProxiedAction"
	}
	return stdActions + "SSHAction"
}

func (a *sshAction) Repr() string { return objectRepr(a.ClassName(), a) }

func (a *sshAction) Vars() *data.Map {
	params := data.MapOf(
		"cmd", a.cmd, "host", a.host, "username", a.username, "password", a.password,
		"private_key_filename", a.privateKeyFilename, "private_key", a.privateKey,
	)
	v := data.MapOf(
		"cmd", a.cmd, "host", a.host, "username", a.username, "password", a.password,
		"private_key_filename", a.privateKeyFilename, "private_key", a.privateKey,
	)
	v.Set("params", params)
	if a.proxied {
		v.Set("gateway_host", a.gatewayHost)
		v.Set("gateway_username", a.gatewayUsername)
		params.Set("gateway_host", a.gatewayHost)
		params.Set("gateway_username", a.gatewayUsername)
		params.Set("proxy_command", a.proxyCommand)
	}
	return v
}

// Run executes the command on each host in turn. The result is the
// command's stdout, or the list of them for several hosts. Any failure,
// a non-zero exit included, raises "Failed to execute ssh cmd '<cmd>' on
// [<hosts>]"; the detail goes to the log only, as Mistral does, so that
// nothing about the remote side leaks to API users.
func (a *sshAction) Run(ctx context.Context, ac *Context) (Result, error) {
	hosts, ok := a.host.([]any)
	if !ok {
		hosts = []any{a.host}
	}
	fail := func(err error) (Result, error) {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		msg := fmt.Sprintf("Failed to execute ssh cmd '%s' on %s", data.Str(a.cmd), data.Repr(hosts))
		if err != nil {
			ac.logger().WarnContext(ctx, "ssh action failed", "cmd", data.Str(a.cmd), "error", err.Error())
		}
		return Result{}, actionError("%s", msg)
	}
	if len(hosts) == 0 {
		return fail(errors.New("no hosts"))
	}
	signer, err := a.signer()
	if err != nil {
		return fail(err)
	}
	var results []any
	for _, h := range hosts {
		out, err := a.runOn(ctx, data.Str(h), signer)
		if err != nil {
			return fail(err)
		}
		results = append(results, out)
	}
	if len(results) > 1 {
		return Result{Data: results}, nil
	}
	return Result{Data: results[0]}, nil
}

// signer loads the private key: the key text, else the file (relative
// names are under ~/.ssh/, ".." is refused). The password doubles as the
// key's passphrase, as in Mistral.
func (a *sshAction) signer() (ssh.Signer, error) {
	var pem []byte
	switch {
	case data.Truthy(a.privateKey):
		pem = []byte(data.Str(a.privateKey))
	case data.Truthy(a.privateKeyFilename):
		name := data.Str(a.privateKeyFilename)
		if strings.Contains(name, "../") || strings.Contains(name, `..\`) {
			return nil, fmt.Errorf("Private key filename must not contain '..'. Actual: %s", name)
		}
		if !strings.HasPrefix(name, "/") {
			home, err := os.UserHomeDir()
			if err != nil {
				return nil, fmt.Errorf("find home directory: %w", err)
			}
			name = filepath.Join(home, ".ssh", name)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read private key: %w", err)
		}
		pem = b
	default:
		return nil, nil
	}
	return parseKey(pem, a.password)
}

func parseKey(pem []byte, passphrase any) (ssh.Signer, error) {
	s, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) && data.Truthy(passphrase) {
		s, err = ssh.ParsePrivateKeyWithPassphrase(pem, []byte(data.Str(passphrase)))
	}
	if err != nil {
		return nil, fmt.Errorf("parse private key: %w", err)
	}
	return s, nil
}

// authMethods follows paramiko's connect: the given key, then the
// password, then the agent and the user's default keys.
func authMethods(signer ssh.Signer, password any, closers *[]io.Closer) []ssh.AuthMethod {
	var methods []ssh.AuthMethod
	var signers []ssh.Signer
	if signer != nil {
		signers = append(signers, signer)
	}
	signers = append(signers, defaultKeys()...)
	if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
		if c, err := net.Dial("unix", sock); err == nil {
			*closers = append(*closers, c)
			if ss, err := agent.NewClient(c).Signers(); err == nil {
				signers = append(signers, ss...)
			}
		}
	}
	if len(signers) > 0 {
		methods = append(methods, ssh.PublicKeys(signers...))
	}
	if password != nil {
		p := data.Str(password)
		methods = append(methods, ssh.Password(p),
			ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
				return []string{p}, nil
			}))
	}
	return methods
}

// defaultKeys are the unencrypted keys paramiko looks for in ~/.ssh.
func defaultKeys() []ssh.Signer {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	var out []ssh.Signer
	for _, n := range []string{"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"} {
		b, err := os.ReadFile(filepath.Join(home, ".ssh", n))
		if err != nil {
			continue
		}
		if s, err := ssh.ParsePrivateKey(b); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// hostPort splits "name" or "name:port" (port 22 by default).
func hostPort(h string) (string, string) {
	if host, port, err := net.SplitHostPort(h); err == nil {
		return host, port
	}
	return strings.Trim(h, "[]"), "22"
}

// runOn connects to one host (directly or through the gateway), runs the
// command and returns its stdout.
func (a *sshAction) runOn(ctx context.Context, host string, signer ssh.Signer) (string, error) {
	var closers []io.Closer
	defer func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i].Close()
		}
	}()
	stop := context.AfterFunc(ctx, func() {
		for _, c := range closers {
			c.Close()
		}
	})
	defer stop()

	name, port := hostPort(host)
	user := data.Str(a.username)
	var conn net.Conn
	var password any = a.password
	if a.proxied {
		// Through the gateway only keys authenticate, as in Mistral.
		password = nil
		gwUser := user
		if data.Truthy(a.gatewayUsername) {
			gwUser = data.Str(a.gatewayUsername)
		}
		gwConn, err := a.gatewayConn(ctx, &closers)
		if err != nil {
			return "", err
		}
		gw, err := sshClient(gwConn, data.Str(a.gatewayHost), gwUser, authMethods(signer, nil, &closers))
		if err != nil {
			return "", fmt.Errorf("connect to gateway: %w", err)
		}
		closers = append(closers, gw)
		conn, err = netcat(gw, name, port)
		if err != nil {
			return "", err
		}
	} else {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(name, port))
		if err != nil {
			return "", err
		}
		conn = c
	}
	closers = append(closers, conn)
	client, err := sshClient(conn, host, user, authMethods(signer, password, &closers))
	if err != nil {
		return "", err
	}
	closers = append(closers, client)
	return execute(client, data.Str(a.cmd))
}

// gatewayConn is the connection to the gateway: the proxy command's
// stdin/stdout, or TCP.
func (a *sshAction) gatewayConn(ctx context.Context, closers *[]io.Closer) (net.Conn, error) {
	gwName, gwPort := hostPort(data.Str(a.gatewayHost))
	if !data.Truthy(a.proxyCommand) {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(gwName, gwPort))
		if err != nil {
			return nil, err
		}
		*closers = append(*closers, c)
		return c, nil
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", data.Str(a.proxyCommand))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start proxy command: %w", err)
	}
	c := &pipeConn{r: stdout, w: stdin, close: func() error {
		stdin.Close()
		cmd.Process.Kill()
		return cmd.Wait()
	}}
	*closers = append(*closers, c)
	return c, nil
}

// netcat opens a session on the gateway running "nc <host> <port>" and
// uses its stdin/stdout as the connection to the target, as Mistral does.
func netcat(gw *ssh.Client, host, port string) (net.Conn, error) {
	s, err := gw.NewSession()
	if err != nil {
		return nil, fmt.Errorf("open gateway session: %w", err)
	}
	w, err := s.StdinPipe()
	if err != nil {
		return nil, err
	}
	r, err := s.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.Start(fmt.Sprintf("nc %s %s", host, port)); err != nil {
		return nil, fmt.Errorf("start nc on gateway: %w", err)
	}
	return &pipeConn{r: r, w: w, close: s.Close}, nil
}

func sshClient(conn net.Conn, addr, user string, auth []ssh.AuthMethod) (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User: user,
		Auth: auth,
		// Mistral uses paramiko's AutoAddPolicy: host keys are not checked.
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         0,
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		return nil, err
	}
	return ssh.NewClient(c, chans, reqs), nil
}

// execute runs cmd in a session and returns its stdout as UTF-8 text; a
// non-zero exit is an error.
func execute(c *ssh.Client, cmd string) (string, error) {
	s, err := c.NewSession()
	if err != nil {
		return "", fmt.Errorf("open session: %w", err)
	}
	defer s.Close()
	var stdout, stderr bytes.Buffer
	s.Stdout = &stdout
	s.Stderr = &stderr
	if err := s.Run(cmd); err != nil {
		var exit *ssh.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("Cmd: %s\nReturn code: %d\nstdout: %s", cmd, exit.ExitStatus(), stdout.String())
		}
		return "", err
	}
	if !utf8.Valid(stdout.Bytes()) {
		return "", errors.New("'utf-8' codec can't decode the command output")
	}
	return stdout.String(), nil
}

// pipeConn is a net.Conn over a reader and a writer (a proxy command or an
// nc session).
type pipeConn struct {
	r     io.Reader
	w     io.WriteCloser
	close func() error
	once  sync.Once
}

func (c *pipeConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *pipeConn) Write(p []byte) (int, error) { return c.w.Write(p) }
func (c *pipeConn) Close() error {
	var err error
	c.once.Do(func() { err = c.close() })
	return err
}
func (c *pipeConn) LocalAddr() net.Addr                { return pipeAddr{} }
func (c *pipeConn) RemoteAddr() net.Addr               { return pipeAddr{} }
func (c *pipeConn) SetDeadline(t time.Time) error      { return nil }
func (c *pipeConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return nil }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
