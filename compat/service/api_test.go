package service

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/compat/config"
)

// startAPI starts an all-in-one process on the embedded default with the
// given [DEFAULT] options, and returns its API's address.
func startAPI(t *testing.T, defaults string) string {
	t.Helper()
	return startAPIConf(t, "[DEFAULT]\n"+defaults)
}

// startAPIConf is startAPI with more of mistral.conf.
func startAPIConf(t *testing.T, conf string) string {
	t.Helper()
	p, err := startProcess(t, conf)
	if err != nil {
		t.Fatal(err)
	}
	return p.APIAddr()
}

// startProcess starts an all-in-one process on the embedded default, its
// API on a free port of 127.0.0.1, with conf added to mistral.conf.
func startProcess(t *testing.T, conf string) (*Process, error) {
	t.Helper()
	p, err := Start(testContext(t), loadConf(t, conf), allServers, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { p.Close() })
	return p, nil
}

// loadConf writes and loads a mistral.conf of conf and what a test process
// needs: the embedded default in a temporary directory, the API on a free
// port of 127.0.0.1, no authentication.
func loadConf(t *testing.T, conf string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "mistral.conf")
	text := conf + "\n[api]\nhost = 127.0.0.1\nport = 0\n[pecan]\nauth_enable = false\n" +
		"[tramontane]\ndata_dir = " + filepath.Join(dir, "data") + "\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testContext is a context that ends with the test, and the processes
// started with it close then.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// TestAPIConnectionOptions checks mistral.conf's client_socket_timeout
// and wsgi_keep_alive on the API's connections.
func TestAPIConnectionOptions(t *testing.T) {
	get := func(t *testing.T, conn net.Conn) *http.Response {
		t.Helper()
		if _, err := io.WriteString(conn, "GET /v2/ HTTP/1.1\r\nHost: mistral\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		return resp
	}

	t.Run("an idle connection is closed after client_socket_timeout", func(t *testing.T) {
		conn, err := net.Dial("tcp", startAPI(t, "client_socket_timeout = 1\n"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if resp := get(t, conn); resp.Close {
			t.Fatal("the first answer closes the connection")
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := conn.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
			t.Fatalf("reading the idle connection: %v, want the server to close it", err)
		}
	})

	t.Run("wsgi_keep_alive = false closes after each answer", func(t *testing.T) {
		conn, err := net.Dial("tcp", startAPI(t, "wsgi_keep_alive = false\n"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if resp := get(t, conn); !resp.Close {
			t.Fatal("the answer keeps the connection open")
		}
	})
}

// [cors] and [oslo_middleware] reach the API.
func TestAPIProxyAndCORSOptions(t *testing.T) {
	addr := startAPIConf(t, "[oslo_middleware]\nenable_proxy_headers_parsing = true\n"+
		"[cors]\nallowed_origin = https://ui.example\n")
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/v2/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", "https://ui.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Host", "api.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"uri": "https://api.example/v2"`) {
		t.Errorf("v2 root behind the proxy: %s", body)
	}
	// Mistral's defaults: credentials allowed, its headers exposed.
	if got := resp.Header.Get("Access-Control-Allow-Origin") + " " + resp.Header.Get("Access-Control-Allow-Credentials") +
		" " + resp.Header.Get("Access-Control-Expose-Headers"); got !=
		"https://ui.example true X-Auth-Token,X-Subject-Token,X-Service-Token,X-Project-Id,X-User-Name,X-Project-Name" {
		t.Errorf("CORS headers: %q", got)
	}
}

// testCA issues certificates for the HTTPS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a certificate for 127.0.0.1 and its key, in PEM.
func (ca *testCA) issue(t *testing.T, serial int64, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// writeFile writes data to a new file of dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAPIOverHTTPS checks [api] enable_ssl_api with oslo.service's [ssl]
// files: the API serves HTTPS and names itself so, a CA file makes it
// refuse clients without a certificate it signed, and missing files stop
// the start.
func TestAPIOverHTTPS(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t)
	serverCert, serverKey := ca.issue(t, 2, x509.ExtKeyUsageServerAuth)
	clientCert, clientKey := ca.issue(t, 3, x509.ExtKeyUsageClientAuth)
	certFile := writeFile(t, dir, "server.crt", serverCert)
	keyFile := writeFile(t, dir, "server.key", serverKey)
	caFile := writeFile(t, dir, "ca.crt", ca.pem)
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	client := func(certs ...tls.Certificate) *http.Client {
		return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: certs}}}
	}
	sslConf := func(ssl string) string { return "[api]\nenable_ssl_api = true\n[ssl]\n" + ssl }

	t.Run("https", func(t *testing.T) {
		addr := startAPIConf(t, sslConf("cert_file = "+certFile+"\nkey_file = "+keyFile+"\n"))
		resp, err := client().Get("https://" + addr + "/v2/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if want := `{"uri": "https://` + addr + `/v2"}`; resp.StatusCode != http.StatusOK || string(body) != want {
			t.Fatalf("GET /v2/: %d %s, want 200 %s", resp.StatusCode, body, want)
		}
		// Go's TLS server answers a plain HTTP request 400.
		if resp, err := http.Get("http://" + addr + "/v2/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("plain HTTP answered %d", resp.StatusCode)
			}
		}
	})

	t.Run("client certificates", func(t *testing.T) {
		addr := startAPIConf(t, sslConf("cert_file = "+certFile+"\nkey_file = "+keyFile+"\nca_file = "+caFile+"\n"))
		if resp, err := client().Get("https://" + addr + "/v2/"); err == nil {
			resp.Body.Close()
			t.Fatal("a client without a certificate was served")
		}
		pair, err := tls.X509KeyPair(clientCert, clientKey)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client(pair).Get("https://" + addr + "/v2/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /v2/ with a certificate: %d", resp.StatusCode)
		}
	})

	for _, tc := range []struct{ name, ssl, want string }{
		{"no key", "cert_file = " + certFile + "\n", "you must specify both a cert_file and key_file"},
		{"a missing file", "cert_file = " + certFile + "\nkey_file = " + filepath.Join(dir, "nope.key") + "\n",
			"Unable to find key_file : " + filepath.Join(dir, "nope.key")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := startProcess(t, sslConf(tc.ssl)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("start: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestCronTriggersCanBeDisabled checks [cron_trigger] enabled = false: the
// process runs no cron trigger service (triggers are still created).
func TestCronTriggersCanBeDisabled(t *testing.T) {
	for _, tc := range []struct {
		conf    string
		running bool
	}{{"", true}, {"[cron_trigger]\nenabled = false\n", false}} {
		p, err := startProcess(t, tc.conf)
		if err != nil {
			t.Fatal(err)
		}
		if running := p.cronWake != nil; running != tc.running {
			t.Errorf("%q: cron trigger service running %v, want %v", tc.conf, running, tc.running)
		}
	}
}
