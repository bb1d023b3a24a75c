package rest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Cross-origin resource sharing, as oslo.middleware's CORS filter, the
// outermost of Mistral's WSGI filters, does it for the origins of [cors]:
//
//   - an answer to a request with an allowed Origin names the origin in
//     Access-Control-Allow-Origin (with Vary: Origin), allows credentials
//     and exposes headers as the origin's rule says;
//   - a preflight (OPTIONS with Access-Control-Request-Method) from an
//     allowed origin, for an allowed method and allowed headers, gets the
//     Access-Control-Allow-* headers; an OPTIONS the API refuses is already
//     an empty 200 (optionsWriter).
//
// Without allowed origins nothing is added.

// CORSRule is what one allowed origin ("*": any other) may do.
type CORSRule struct {
	Origin           string
	AllowCredentials bool
	ExposeHeaders    []string
	MaxAge           int // seconds a preflight's answer may be cached; 0 says nothing
	AllowMethods     []string
	AllowHeaders     []string
}

// corsSimpleHeaders may be asked for in any preflight.
var corsSimpleHeaders = []string{"Accept", "Accept-Language", "Content-Type", "Cache-Control",
	"Content-Language", "Expires", "Last-Modified", "Pragma"}

// withCORS wraps next with the CORS headers of rules.
func withCORS(rules []CORSRule, next http.Handler) http.Handler {
	if len(rules) == 0 {
		return next
	}
	byOrigin := map[string]*CORSRule{}
	for i := range rules {
		if _, dup := byOrigin[rules[i].Origin]; !dup {
			byOrigin[rules[i].Origin] = &rules[i]
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin, ok := r.Header["Origin"]
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		rule := byOrigin[origin[0]]
		if rule == nil {
			rule = byOrigin["*"]
		}
		if rule == nil {
			next.ServeHTTP(w, r)
			return
		}
		decorate := rule.request
		if r.Method == http.MethodOptions {
			decorate = rule.preflight
		}
		next.ServeHTTP(&corsWriter{ResponseWriter: w, decorate: func(h http.Header) { decorate(h, r) }}, r)
	})
}

// request adds the headers of an answer to a request from the rule's
// origin.
func (rule *CORSRule) request(h http.Header, _ *http.Request) {
	if v := h.Get("Vary"); v != "" {
		h.Set("Vary", v+",Origin")
	} else {
		h.Set("Vary", "Origin")
	}
	rule.allowOrigin(h)
	if len(rule.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(rule.ExposeHeaders, ","))
	}
}

// preflight adds the headers of an answer to a preflight from the rule's
// origin, when it asks for an allowed method and allowed headers.
func (rule *CORSRule) preflight(h http.Header, r *http.Request) {
	method, ok := r.Header["Access-Control-Request-Method"]
	if !ok || !slices.Contains(rule.AllowMethods, method[0]) {
		return
	}
	var asked []string
	for _, name := range strings.Split(strings.Join(r.Header.Values("Access-Control-Request-Headers"), ","), ",") {
		if name = strings.TrimSpace(name); name != "" {
			asked = append(asked, name)
		}
	}
	for _, name := range asked {
		if !slices.ContainsFunc(rule.AllowHeaders, func(a string) bool { return strings.EqualFold(a, name) }) &&
			!slices.ContainsFunc(corsSimpleHeaders, func(a string) bool { return strings.EqualFold(a, name) }) {
			return
		}
	}
	h.Set("Vary", "Origin")
	rule.allowOrigin(h)
	if rule.MaxAge != 0 {
		h.Set("Access-Control-Max-Age", strconv.Itoa(rule.MaxAge))
	}
	h.Set("Access-Control-Allow-Methods", method[0])
	if len(asked) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(asked, ","))
	}
}

func (rule *CORSRule) allowOrigin(h http.Header) {
	h.Set("Access-Control-Allow-Origin", rule.Origin)
	if rule.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

// corsWriter adds the CORS headers when the answer's status is written,
// after the handlers (and optionsWriter) have settled its headers.
type corsWriter struct {
	http.ResponseWriter
	decorate func(http.Header)
	wrote    bool
}

func (w *corsWriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		w.decorate(w.ResponseWriter.Header())
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *corsWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *corsWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
