package service

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/tramontane/tramontane/compat/config"
)

// apiTLS is the API's HTTPS ([api] enable_ssl_api) with oslo.service's
// [ssl] files, refused as oslo.service refuses them: a file that is not
// there, or a certificate without its key. With a CA file, clients must
// show a certificate that one of its CAs signed.
func apiTLS(files config.TLS, log *slog.Logger) (*tls.Config, error) {
	for _, f := range []struct{ option, path string }{
		{"cert_file", files.CertFile}, {"ca_file", files.CAFile}, {"key_file", files.KeyFile},
	} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err != nil {
			return nil, fmt.Errorf("[ssl] %s: Unable to find %s : %s", f.option, f.option, f.path)
		}
	}
	if files.CertFile == "" || files.KeyFile == "" {
		return nil, errors.New("[api] enable_ssl_api: When running server in SSL mode, you must specify both " +
			"a cert_file and key_file option value in your configuration file")
	}
	cert, err := tls.LoadX509KeyPair(files.CertFile, files.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("[ssl] cert_file and key_file: %w", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	if files.CAFile != "" {
		pem, err := os.ReadFile(files.CAFile)
		if err != nil {
			return nil, fmt.Errorf("[ssl] ca_file: %w", err)
		}
		cas := x509.NewCertPool()
		if !cas.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("[ssl] ca_file: no PEM certificate in %s", files.CAFile)
		}
		cfg.ClientCAs = cas
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		if files.Version != "" || files.Ciphers != "" {
			log.Warn("[ssl] version and ciphers are not applied: the API speaks TLS 1.2 and later with Go's cipher suites",
				"version", files.Version, "ciphers", files.Ciphers)
		}
	}
	return cfg, nil
}
