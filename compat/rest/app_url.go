package rest

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// The URLs the API answers with (the version documents' links, a list's
// next page, the redirect of /v2) start with the request's application URL,
// as webob's application_url: scheme://host, without the scheme's default
// port, and the path prefix the application is mounted at.
//
// Behind a proxy ([oslo_middleware] enable_proxy_headers_parsing), the
// proxy says what they are, as oslo.middleware's HTTPProxyToWSGI reads its
// headers: the proto and host of an RFC 7239 Forwarded header's first
// element when there is such a header, else X-Forwarded-Proto and
// X-Forwarded-Host; and X-Forwarded-Prefix, the prefix. Without the option
// these headers are ignored: a client cannot choose the links it is given.

// appURLKey is the request context key of the application URL.
type appURLKey struct{}

// withApplicationURL returns r carrying its application URL.
func (a *api) withApplicationURL(r *http.Request) *http.Request {
	scheme, host, prefix := "http", r.Host, ""
	if host == "" { // an HTTP/1.0 request may name none: the address it reached
		if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			host = addr.String()
		}
	}
	if r.TLS != nil {
		scheme = "https"
	}
	if a.cfg.ProxyHeaders {
		if fwd := strings.Join(r.Header.Values("Forwarded"), ","); fwd != "" {
			first := forwardedElement(fwd)
			scheme = cmp.Or(first["proto"], scheme)
			host = cmp.Or(first["host"], host)
		} else {
			scheme = cmp.Or(r.Header.Get("X-Forwarded-Proto"), scheme)
			host = cmp.Or(r.Header.Get("X-Forwarded-Host"), host)
		}
		prefix = r.Header.Get("X-Forwarded-Prefix")
	}
	u := hostURL(scheme, host) + quotePath(prefix)
	return r.WithContext(context.WithValue(r.Context(), appURLKey{}, u))
}

// applicationURL is the application URL withApplicationURL gave r.
func applicationURL(r *http.Request) string {
	u, _ := r.Context().Value(appURLKey{}).(string)
	return u
}

// forwardedElement parses the first element of a Forwarded header as
// oslo.middleware does: pairs split at ';' and '=', keys lower-cased,
// keys and values trimmed, quotes kept.
func forwardedElement(header string) map[string]string {
	first, _, _ := strings.Cut(header, ",")
	out := map[string]string{}
	for _, pair := range strings.Split(first, ";") {
		k, v, _ := strings.Cut(pair, "=")
		out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	return out
}

// hostURL is webob's host_url: scheme://host, the port dropped when it is
// the scheme's default.
func hostURL(scheme, host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		if port := host[i+1:]; scheme == "https" && port == "443" || scheme == "http" && port == "80" {
			host = host[:i]
		}
	}
	return scheme + "://" + host
}

// quotePath percent-encodes a path as webob's url_quote with its PATH_SAFE
// characters.
func quotePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_.-~/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
