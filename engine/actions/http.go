package actions

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/andybalholm/brotli"

	"github.com/tramontane/tramontane/engine/data"
)

// httpAction is std.http and, with mistral set, std.mistral_http. It does
// what Mistral's HTTPAction does with Python requests: one request on a
// fresh session, redirects only when allow_redirects is truthy, and a
// result dict shaped like requests' Response.
//
// The fields are the Python instance attributes, kept as given so that
// Vars reproduces them and the wire form round-trips.
type httpAction struct {
	mistral bool

	auth           any // [user, password] after a "user:pass" split, else as given
	url            any
	method         any
	params         any
	body           any // a dict body is already JSON text
	json           any
	headers        any
	cookies        any
	timeout        any
	allowRedirects any
	proxies        any
	verify         any
}

// The headers Python requests sends on every request. We send the same so
// that the services workflows call see no difference.
const (
	requestsUserAgent = "python-requests/2.28.1"
	urllib3UserAgent  = "python-urllib3/1.26.12"
	maxRedirects      = 30 // requests.models.DEFAULT_REDIRECT_LIMIT
)

func newHTTP(mistral bool) func(in *data.Map) (Action, error) {
	return func(in *data.Map) (Action, error) {
		a := &httpAction{
			mistral:        mistral,
			url:            in.Value("url"),
			method:         in.Value("method"),
			params:         in.Value("params"),
			json:           in.Value("json"),
			headers:        in.Value("headers"),
			cookies:        in.Value("cookies"),
			timeout:        in.Value("timeout"),
			allowRedirects: in.Value("allow_redirects"),
			proxies:        in.Value("proxies"),
			verify:         in.Value("verify"),
		}
		a.auth = in.Value("auth")
		if data.Truthy(a.auth) {
			s, ok := a.auth.(string)
			if !ok {
				return nil, fmt.Errorf("'%s' object has no attribute 'split'", data.TypeName(a.auth))
			}
			if parts := strings.Split(s, ":"); len(parts) == 2 {
				a.auth = []any{parts[0], parts[1]}
			}
		}
		if h, ok := a.headers.(*data.Map); ok {
			h = h.Clone()
			h.Range(func(k string, v any) bool {
				switch v.(type) {
				case bool, int64, float64: // Python's bool is an int
					h.Set(k, data.Str(v))
				}
				return true
			})
			a.headers = h
		}
		body := in.Value("body")
		if data.Truthy(body) && data.Truthy(a.json) {
			return nil, actionError("Only one of the parameters 'json' and 'body' can be passed")
		}
		if m, ok := body.(*data.Map); ok {
			s, err := data.EncodePython(m)
			if err != nil {
				return nil, fmt.Errorf("encode body: %w", err)
			}
			body = s
		}
		a.body = body
		return a, nil
	}
}

func restoreHTTP(mistral bool) func(v *data.Map) (Action, error) {
	return func(v *data.Map) (Action, error) {
		return &httpAction{
			mistral:        mistral,
			auth:           v.Value("auth"),
			url:            v.Value("url"),
			method:         v.Value("method"),
			params:         v.Value("params"),
			body:           v.Value("body"),
			json:           v.Value("json"),
			headers:        v.Value("headers"),
			cookies:        v.Value("cookies"),
			timeout:        v.Value("timeout"),
			allowRedirects: v.Value("allow_redirects"),
			proxies:        v.Value("proxies"),
			verify:         v.Value("verify"),
		}, nil
	}
}

// RewriteInput gives the caller's input the header values as the action
// holds them: HTTPAction.__init__ writes str() of each int or float into
// the headers dict it was given. The input gets a copy of its own.
func (a *httpAction) RewriteInput(input *data.Map) {
	h, ok := a.headers.(*data.Map)
	if !ok {
		return
	}
	if _, given := input.Value("headers").(*data.Map); given {
		input.Set("headers", h.Clone())
	}
}

func (a *httpAction) ClassName() string {
	if a.mistral {
		return stdActions + "MistralHTTPAction"
	}
	return stdActions + "HTTPAction"
}

func (a *httpAction) Vars() *data.Map {
	return data.MapOf(
		"auth", a.auth,
		"url", a.url,
		"method", a.method,
		"params", a.params,
		"body", a.body,
		"json", a.json,
		"headers", a.headers,
		"cookies", a.cookies,
		"timeout", a.timeout,
		"allow_redirects", a.allowRedirects,
		"proxies", a.proxies,
		"verify", a.verify,
	)
}

func (a *httpAction) Repr() string { return objectRepr(a.ClassName(), a) }

// Run sends the request. A request that cannot be sent raises
// "Failed to send HTTP request: <reason>"; a response outside 200..306 is
// an error Result carrying the same dict as a success.
func (a *httpAction) Run(ctx context.Context, ac *Context) (Result, error) {
	if ac == nil {
		ac = &Context{}
	}
	log := ac.logger()
	headers, _ := a.headers.(*data.Map)
	if a.mistral {
		// MistralHTTPAction.run updates its own headers in place.
		if headers == nil {
			headers = data.NewMap(5)
		} else {
			headers = headers.Clone()
		}
		headers.Set("Mistral-Workflow-Name", nilIfEmpty(ac.WorkflowName))
		headers.Set("Mistral-Workflow-Execution-Id", nilIfEmpty(ac.WorkflowExecutionID))
		headers.Set("Mistral-Task-Id", nilIfEmpty(ac.TaskExecutionID))
		headers.Set("Mistral-Action-Execution-Id", nilIfEmpty(ac.ActionExecutionID))
		headers.Set("Mistral-Callback-URL", nilIfEmpty(ac.CallbackURL))
	}
	log.InfoContext(ctx, "running HTTP action", "url", redactURL(data.Str(a.url)), "method", data.Str(a.method))

	res, err := a.send(ctx, headers)
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		log.WarnContext(ctx, "HTTP action failed to send request",
			"action_execution_id", ac.ActionExecutionID, "error", err.Error())
		return Result{}, actionError("Failed to send HTTP request: %s", err)
	}
	status, _ := res.Value("status").(int64)
	log.InfoContext(ctx, "HTTP action response", "status", status)
	if status < 200 || status > 306 {
		return Result{Error: res}, nil
	}
	return Result{Data: res}, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// redactURL drops the user information from a URL for logging.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = url.User("***")
	return u.String()
}

// send performs the request the way requests.request would and builds the
// result dict. Errors carry requests' exception text, checked in its order:
// the URL, the method's type, the prepared URL, headers and auth, then at
// sending the timeouts, the method's characters and the body.
func (a *httpAction) send(ctx context.Context, headers *data.Map) (*data.Map, error) {
	rawURL, err := urlText(a.url)
	if err != nil {
		return nil, err
	}
	method, ok := a.method.(string)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute 'upper'", data.TypeName(a.method))
	}
	method = strings.ToUpper(method)
	if err := checkCookiesType(a.cookies); err != nil {
		return nil, err
	}
	u, err := prepareURL(rawURL, a.params)
	if err != nil {
		return nil, err
	}
	req := &outRequest{method: method, url: u}
	rawHeaders := a.headers
	if a.mistral {
		rawHeaders = headers // MistralHTTPAction made it a dict
	}
	if err := req.setHeaders(headers, rawHeaders); err != nil {
		return nil, err
	}
	cookies, err := a.cookieHeader()
	if err != nil {
		return nil, err
	}
	if err := req.setAuth(a.auth); err != nil {
		return nil, err
	}
	if req.auth == nil && u.User != nil {
		// requests takes credentials from the URL when auth is not given.
		user, _ := url.PathUnescape(u.User.Username())
		pass, _ := u.User.Password()
		pass, _ = url.PathUnescape(pass)
		req.auth = &[2]string{user, pass}
	}
	if err := checkProxies(a.proxies, u); err != nil {
		return nil, err
	}
	connectTO, readTO, err := requestTimeouts(a.timeout)
	if err != nil {
		return nil, err
	}
	if bad := strings.IndexFunc(method, func(r rune) bool { return !isTokenChar(r) }); bad >= 0 {
		_, size := utf8.DecodeRuneInString(method[bad:])
		return nil, fmt.Errorf("Method cannot contain non-token characters %s (found at least %s)",
			data.StringRepr(method), data.StringRepr(method[bad:bad+size]))
	}
	if err := req.encodeHeaders(); err != nil {
		return nil, err
	}
	req.body, req.contentType, err = a.requestBody()
	if err != nil {
		return nil, err
	}
	tr, err := a.transport(u, connectTO)
	if err != nil {
		return nil, err
	}
	defer tr.CloseIdleConnections()

	jar, _ := cookiejar.New(nil)
	c := &client{
		tr:          tr,
		jar:         jar,
		readTimeout: readTO,
		connectTO:   connectTO,
		timeoutText: data.Str(a.timeout),
		cookies:     cookies,
	}

	var history []any
	for {
		resp, err := c.do(ctx, req)
		if err != nil {
			return nil, err
		}
		target := redirectTarget(resp)
		if target == "" || !data.Truthy(a.allowRedirects) {
			return resp.result(history), nil
		}
		if len(history)+1 > maxRedirects {
			return nil, fmt.Errorf("Exceeded %d redirects.", maxRedirects)
		}
		history = append(history, resp.chunks())
		req, err = req.redirect(resp, target)
		if err != nil {
			return nil, err
		}
	}
}

// urlText is the URL as Mistral's urlsplit and then requests' str() see
// it: urlsplit caches on its argument and decodes truthy non-strings, so
// those fail; a falsy one becomes its Python text.
func urlText(v any) (string, error) {
	switch t := v.(type) {
	case string:
		if err := checkURLSplit(t); err != nil {
			return "", err
		}
		return t, nil
	case []any, *data.Map:
		return "", fmt.Errorf("unhashable type: '%s'", data.TypeName(v))
	}
	if data.Truthy(v) {
		return "", fmt.Errorf("'%s' object has no attribute 'decode'", data.TypeName(v))
	}
	return data.Str(v), nil
}

// prepareURL prepares the URL as requests' PreparedRequest.prepare_url
// does (leading whitespace dropped; a non-http URL with a colon passed on
// untouched, to find no adapter), see prepareURLText, and appends the
// encoded params to its query.
func prepareURL(raw string, params any) (*url.URL, error) {
	raw = strings.TrimLeftFunc(raw, unicode.IsSpace)
	if strings.Contains(raw, ":") && !strings.HasPrefix(strings.ToLower(raw), "http") {
		return nil, fmt.Errorf("No connection adapters were found for %s", data.StringRepr(raw))
	}
	text, err := prepareURLText(raw, params)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("Invalid URL %s: %s", data.StringRepr(raw), err)
	}
	switch u.Scheme {
	case "http", "https":
	default:
		return nil, fmt.Errorf("No connection adapters were found for %s", data.StringRepr(text))
	}
	return u, nil
}

// encodeParams is requests' _encode_params for the values JSON can carry:
// a string is used as it is; a dict's items or a list's elements, each
// unpacked into a key and values, are form-encoded with the values
// iterated (a string or scalar is one value, a dict gives its keys) and
// None values dropped.
func encodeParams(p any) (string, error) {
	var b strings.Builder
	switch t := p.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case *data.Map:
		t.Range(func(k string, v any) bool {
			addParam(&b, k, v)
			return true
		})
		return b.String(), nil
	case []any:
		for _, e := range t {
			k, v, err := unpackPair(e)
			if err != nil {
				return "", err
			}
			addParam(&b, data.Str(k), v)
		}
		return b.String(), nil
	}
	return data.Str(p), nil
}

// unpackPair is Python's "k, v = e" for an element of a list of pairs.
func unpackPair(e any) (any, any, error) {
	var items []any
	switch t := e.(type) {
	case string:
		for _, r := range t {
			items = append(items, string(r))
		}
	case []any:
		items = t
	case *data.Map:
		for _, k := range t.Keys() {
			items = append(items, k)
		}
	default:
		return nil, nil, fmt.Errorf("cannot unpack non-iterable %s object", data.TypeName(e))
	}
	switch {
	case len(items) < 2:
		return nil, nil, fmt.Errorf("not enough values to unpack (expected 2, got %d)", len(items))
	case len(items) > 2:
		return nil, nil, errors.New("too many values to unpack (expected 2)")
	}
	return items[0], items[1], nil
}

// addParam adds a key's values: a list's elements or a dict's keys, else
// the value itself; None values are dropped and an iterable value is
// spread as urlencode(doseq=True) does.
func addParam(b *strings.Builder, k string, v any) {
	for _, e := range iterValues(v) {
		if e == nil {
			continue
		}
		texts := []string{data.Str(e)}
		switch e.(type) {
		case []any, *data.Map:
			texts = texts[:0]
			for _, x := range iterValues(e) {
				texts = append(texts, data.Str(x))
			}
		}
		for _, text := range texts {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(text))
		}
	}
}

// iterValues is what Python's iteration gives for a parameter's value: a
// list's elements, a dict's keys, or the value alone.
func iterValues(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case *data.Map:
		keys := t.Keys()
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out
	}
	return []any{v}
}

// requestTimeouts validates timeout as urllib3's Timeout does and returns
// the connect and read timeouts (zero for none).
func requestTimeouts(v any) (connect, read time.Duration, err error) {
	switch t := v.(type) {
	case nil:
		return 0, 0, nil
	case bool:
		return 0, 0, errors.New("Timeout cannot be a boolean value. It must be an int, float or None.")
	case int64, float64:
		f, _ := pyFloat(t)
		if f <= 0 {
			return 0, 0, fmt.Errorf("Attempted to set connect timeout to %s, but the timeout cannot be set to a value less than or equal to 0.", data.Str(t))
		}
		return seconds(f), seconds(f), nil
	}
	return 0, 0, fmt.Errorf("Timeout value connect was %s, but it must be an int, float or None.", data.Str(v))
}

// requestBody returns the body bytes and the Content-Type requests would
// set: a string as it is (no type), pairs form-encoded, json as JSON.
func (a *httpAction) requestBody() ([]byte, string, error) {
	if !data.Truthy(a.body) {
		if a.json == nil {
			return nil, "", nil
		}
		s, err := data.EncodePython(a.json)
		if err != nil {
			return nil, "", fmt.Errorf("Out of range float values are not JSON compliant: %w", err)
		}
		return []byte(s), "application/json", nil
	}
	switch t := a.body.(type) {
	case string:
		// http.client sends a str body encoded in Latin-1.
		enc, err := latin1Body(t)
		if err != nil {
			return nil, "", err
		}
		return []byte(enc), "", nil
	case []any, *data.Map:
		form, err := encodeParams(t)
		if err != nil {
			return nil, "", err
		}
		return []byte(form), "application/x-www-form-urlencoded", nil
	}
	// http.client iterates any other body and fails.
	return nil, "", fmt.Errorf("'%s' object is not iterable", data.TypeName(a.body))
}

// cookieHeader renders the cookies dict as a Cookie header value as
// http.cookiejar does: a None value gives the bare name, any other
// non-string fails its regular expression search.
func (a *httpAction) cookieHeader() (string, error) {
	m, ok := a.cookies.(*data.Map)
	if !ok {
		return "", nil
	}
	var parts []string
	var err error
	m.Range(func(k string, v any) bool {
		switch t := v.(type) {
		case nil:
			parts = append(parts, k)
		case string:
			parts = append(parts, k+"="+t)
		default:
			err = fmt.Errorf("expected string or bytes-like object, got '%s'", data.TypeName(v))
			return false
		}
		return true
	})
	if err != nil {
		return "", err
	}
	return latin1(strings.Join(parts, "; "))
}

// checkCookiesType is requests' cookiejar_from_dict on a cookies value
// that is not a dict: falsy ones are no cookies, others fail to iterate or
// index.
func checkCookiesType(c any) error {
	if !data.Truthy(c) {
		return nil
	}
	switch t := c.(type) {
	case *data.Map:
		return nil
	case string:
		return errors.New("string indices must be integers, not 'str'")
	case []any:
		switch t[0].(type) {
		case int64, bool:
			return nil // indexes the list; not worth mimicking further
		}
		return fmt.Errorf("list indices must be integers or slices, not %s", data.TypeName(t[0]))
	}
	return fmt.Errorf("'%s' object is not iterable", data.TypeName(c))
}

// checkProxies is what requests does with proxies before connecting: a
// truthy non-dict has no get (merge_environment_settings), and the proxy
// select_proxy picks for the URL must be a string when truthy.
func checkProxies(p any, u *url.URL) error {
	if !data.Truthy(p) {
		return nil
	}
	m, ok := p.(*data.Map)
	if !ok {
		return fmt.Errorf("'%s' object has no attribute 'get'", data.TypeName(p))
	}
	v, found := selectProxy(m, u)
	if !found || !data.Truthy(v) {
		return nil
	}
	if _, ok := v.(string); !ok {
		return fmt.Errorf("expected string or bytes-like object, got '%s'", data.TypeName(v))
	}
	return nil
}

// selectProxy is requests' select_proxy: the first of scheme://host,
// scheme, all://host and all present in the dict wins, whatever its value.
func selectProxy(m *data.Map, u *url.URL) (any, bool) {
	scheme := strings.ToLower(u.Scheme)
	host := u.Hostname()
	for _, k := range []string{scheme + "://" + host, scheme, "all://" + host, "all"} {
		if m.Has(k) {
			return m.Value(k), true
		}
	}
	return nil, false
}

// isTokenChar is an RFC 7230 token character, what urllib3 1.26 allows
// in a method.
func isTokenChar(r rune) bool {
	return r < 0x80 && (isASCIIAlpha(byte(r)) || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r))
}

// latin1Body encodes a str body as http.client does, with its error text.
func latin1Body(s string) (string, error) {
	enc, err := latin1(s)
	if err == nil {
		return enc, nil
	}
	rs := []rune(s)
	start := -1
	end := 0
	for i, r := range rs {
		if r > 0xff {
			if start < 0 {
				start = i
			}
			end = i + 1
		} else if start >= 0 {
			break
		}
	}
	bad := []rune(data.StringRepr(string(rs[start:end])))
	if len(bad) > 20 {
		bad = bad[:20] // %.20r
	}
	pos := fmt.Sprintf("character '%s' in position %d", pyEscapeRune(rs[start]), start)
	if end-start > 1 {
		pos = fmt.Sprintf("characters in position %d-%d", start, end-1)
	}
	return "", fmt.Errorf("'latin-1' codec can't encode %s: Body (%s) is not valid Latin-1. Use body.encode('utf-8') if you want to send it encoded in UTF-8.", pos, string(bad))
}

func pyEscapeRune(r rune) string {
	if r > 0xffff {
		return fmt.Sprintf("\\U%08x", r)
	}
	return fmt.Sprintf("\\u%04x", r)
}

// transport builds a one-shot transport honouring proxies and verify.
func (a *httpAction) transport(u *url.URL, connectTO time.Duration) (*http.Transport, error) {
	tlsConf := &tls.Config{}
	if strings.EqualFold(u.Scheme, "https") {
		// verify is honoured for https URLs only, as Mistral does.
		switch v := a.verify.(type) {
		case string:
			if v == "" {
				tlsConf.InsecureSkipVerify = true
			} else {
				pool, err := loadCABundle(v)
				if err != nil {
					return nil, err
				}
				tlsConf.RootCAs = pool
			}
		default:
			if a.verify != nil && !data.Truthy(a.verify) {
				tlsConf.InsecureSkipVerify = true
			}
		}
	}
	proxies, _ := a.proxies.(*data.Map)
	dialer := &net.Dialer{Timeout: connectTO, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:           proxyFunc(proxies),
		DialContext:     recordingDialer(dialer),
		DialTLSContext:  recordingTLSDialer(dialer, tlsConf),
		TLSClientConfig: tlsConf,
		// Kept alive as requests does (it sends "Connection: keep-alive");
		// the transport is the action's own and closed after it.
		DisableKeepAlives:  false,
		DisableCompression: true, // we decode gzip, deflate and br ourselves
		ForceAttemptHTTP2:  false,
	}, nil
}

// loadCABundle reads a CA bundle file or a directory of certificates.
func loadCABundle(path string) (*x509.CertPool, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("Could not find a suitable TLS CA certificate bundle, invalid path: %s", path)
	}
	pool := x509.NewCertPool()
	files := []string{path}
	if info.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("read CA directory %s: %w", path, err)
		}
		files = files[:0]
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	for _, f := range files {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read CA bundle %s: %w", f, err)
		}
		pool.AppendCertsFromPEM(pem)
	}
	return pool, nil
}

// proxyFunc selects a proxy as requests' select_proxy does (the first of
// scheme://host, scheme, all://host, all present in the dict; a falsy one
// is no proxy) and falls back to the environment's.
func proxyFunc(proxies *data.Map) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		v, found := selectProxy(proxies, r.URL)
		if !found {
			return http.ProxyFromEnvironment(r)
		}
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, nil
		}
		if !strings.Contains(s, "://") {
			s = "http://" + s
		}
		return url.Parse(s)
	}
}

// outRequest is one request of a redirect chain.
type outRequest struct {
	method      string
	url         *url.URL
	body        []byte
	contentType string
	headers     []headerField // user headers, in order
	auth        *[2]string
	noDefaults  bool // no session headers: urllib3's own defaults only
}

type headerField struct{ name, value string }

// sessionHeaders are the default headers of a requests Session, in order.
var sessionHeaders = []string{"User-Agent", "Accept-Encoding", "Accept", "Connection"}

// wireOrder is the order and spelling in which requests 2.28 and
// http.client send the request's header names: Host, the session's
// defaults with the user's headers merged in (a name given again keeps
// its place and takes the new spelling, None drops it), then Cookie,
// Content-Length (or Transfer-Encoding), Content-Type and Authorization
// as requests' prepare steps add them. Nil for urllib3's defaults alone,
// which are left as Go writes them.
func (r *outRequest) wireOrder(cookie bool) []string {
	if r.noDefaults {
		return nil
	}
	names := append([]string{}, sessionHeaders...)
	index := func(name string) int {
		for i, n := range names {
			if strings.EqualFold(n, name) {
				return i
			}
		}
		return -1
	}
	for _, f := range r.headers {
		i := index(f.name)
		switch {
		case f.value == "\x00" && i >= 0:
			names = append(names[:i], names[i+1:]...)
		case f.value == "\x00":
		case i >= 0:
			names[i] = f.name
		default:
			names = append(names, f.name)
		}
	}
	added := []string{"Content-Length", "Transfer-Encoding", "Content-Type", "Authorization"}
	if cookie {
		added = append([]string{"Cookie"}, added...)
	}
	for _, name := range added {
		if index(name) < 0 {
			names = append(names, name)
		}
	}
	return append([]string{"Host"}, names...)
}

// setHeaders takes the user's headers: None values drop a header (also a
// default one), other values must be strings. Names and values are checked
// as requests 2.28's check_header_validity does, with its texts.
//
// A truthy non-dict has no items(); a falsy one replaces the session's
// default headers, so none of them is sent.
func (r *outRequest) setHeaders(h *data.Map, raw any) error {
	if _, ok := raw.(*data.Map); !ok && raw != nil {
		if data.Truthy(raw) {
			return fmt.Errorf("'%s' object has no attribute 'items'", data.TypeName(raw))
		}
		r.noDefaults = true
	}
	var err error
	h.Range(func(k string, v any) bool {
		switch t := v.(type) {
		case nil:
			r.headers = append(r.headers, headerField{name: k, value: "\x00"})
		case string:
			if !validHeaderName(k) {
				err = invalidHeader("name", k)
				return false
			}
			if !validHeaderValue(t) {
				err = invalidHeader("value", t)
				return false
			}
			r.headers = append(r.headers, headerField{name: k, value: t})
		default:
			err = fmt.Errorf("Header part (%s) from {%s: %s} must be of type str or bytes, not <class '%s'>",
				data.Repr(v), data.StringRepr(k), data.Repr(v), data.TypeName(v))
			return false
		}
		return true
	})
	return err
}

// encodeHeaders encodes the user's header values in Latin-1, as
// http.client does when it sends them.
func (r *outRequest) encodeHeaders() error {
	for i, f := range r.headers {
		if f.value == "\x00" {
			continue
		}
		enc, err := latin1(f.value)
		if err != nil {
			return err
		}
		r.headers[i].value = enc
	}
	return nil
}

// latin1 encodes s in Latin-1, failing with Python's UnicodeEncodeError
// text on the first run of characters beyond it.
func latin1(s string) (string, error) {
	rs := []rune(s)
	b := make([]byte, 0, len(rs))
	for i, r := range rs {
		if r <= 0xff {
			b = append(b, byte(r))
			continue
		}
		end := i
		for end+1 < len(rs) && rs[end+1] > 0xff {
			end++
		}
		if end > i {
			return "", fmt.Errorf("'latin-1' codec can't encode characters in position %d-%d: ordinal not in range(256)", i, end)
		}
		esc := fmt.Sprintf("\\u%04x", r)
		if r > 0xffff {
			esc = fmt.Sprintf("\\U%08x", r)
		}
		return "", fmt.Errorf("'latin-1' codec can't encode character '%s' in position %d: ordinal not in range(256)", esc, i)
	}
	return string(b), nil
}

// validHeaderName is requests' ^[^:\s][^:\r\n]*$.
func validHeaderName(k string) bool {
	first, _ := utf8.DecodeRuneInString(k)
	return k != "" && first != ':' && !unicode.IsSpace(first) && !strings.ContainsAny(k, ":\r\n")
}

// validHeaderValue is requests' ^\S[^\r\n]*$|^$.
func validHeaderValue(v string) bool {
	first, _ := utf8.DecodeRuneInString(v)
	return v == "" || !unicode.IsSpace(first) && !strings.ContainsAny(v, "\r\n")
}

// invalidHeader is requests' InvalidHeader text, with its missing space
// ("returncharacter(s)").
func invalidHeader(kind, part string) error {
	return fmt.Errorf("Invalid leading whitespace, reserved character(s), or returncharacter(s) in header %s: %s",
		kind, data.StringRepr(part))
}

// setAuth applies a (user, password) pair; any other truthy auth is not
// callable in Python and fails the same way.
func (r *outRequest) setAuth(auth any) error {
	if !data.Truthy(auth) {
		return nil
	}
	if pair, ok := auth.([]any); ok && len(pair) == 2 {
		// Over the wire Python turns the tuple into a list and then fails
		// with "'list' object is not callable"; we keep basic auth working.
		r.auth = &[2]string{data.Str(pair[0]), data.Str(pair[1])}
		return nil
	}
	return fmt.Errorf("'%s' object is not callable", data.TypeName(auth))
}

// redirect builds the next request of the chain as requests'
// resolve_redirects does.
func (r *outRequest) redirect(resp *inResponse, target string) (*outRequest, error) {
	loc, err := resp.url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("Invalid URL %s: %s", data.StringRepr(target), err)
	}
	if loc.Fragment == "" && resp.url.Fragment != "" {
		loc.Fragment = resp.url.Fragment
	}
	next := *r
	next.url = loc
	status := resp.status
	if (status == 303 || status == 302) && r.method != "HEAD" {
		next.method = "GET"
	}
	if status == 301 && r.method == "POST" {
		next.method = "GET"
	}
	if status != 307 && status != 308 {
		next.body = nil
		next.contentType = ""
		next.headers = dropHeaders(r.headers, "Content-Length", "Content-Type", "Transfer-Encoding")
	}
	if shouldStripAuth(resp.url, loc) {
		next.auth = nil
		next.headers = dropHeaders(next.headers, "Authorization")
	}
	return &next, nil
}

func dropHeaders(h []headerField, names ...string) []headerField {
	var out []headerField
	for _, f := range h {
		drop := false
		for _, n := range names {
			if strings.EqualFold(f.name, n) {
				drop = true
			}
		}
		if !drop {
			out = append(out, f)
		}
	}
	return out
}

// shouldStripAuth is requests' rule for dropping credentials on redirect.
func shouldStripAuth(old, new *url.URL) bool {
	if old.Hostname() != new.Hostname() {
		return true
	}
	op, np := old.Port(), new.Port()
	if old.Scheme == "http" && (op == "80" || op == "") && new.Scheme == "https" && (np == "443" || np == "") {
		return false
	}
	def := map[string]string{"http": "80", "https": "443"}[old.Scheme]
	if old.Scheme == new.Scheme && (op == def || op == "") && (np == def || np == "") {
		return false
	}
	return op != np || old.Scheme != new.Scheme
}

// client sends the requests of one action run.
type client struct {
	tr          *http.Transport
	jar         http.CookieJar
	readTimeout time.Duration
	connectTO   time.Duration
	timeoutText string // the timeout as the user wrote it, for messages
	cookies     string // the user's cookies, sent on every request
}

// inResponse is a received response with its body read.
type inResponse struct {
	status  int
	reason  string
	url     *url.URL
	headers *data.Map // as the server sent them, original case and order
	header  http.Header
	body    []byte
	elapsed time.Duration
	cookies []*http.Cookie
}

func (c *client) do(ctx context.Context, r *outRequest) (*inResponse, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if err := checkHostLabels(r.url.Hostname()); err != nil {
		return nil, err
	}
	var conn *recordingConn
	var start time.Time
	var order []string // set before the round trip, read by GotConn
	trace := &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			conn, _ = info.Conn.(*recordingConn)
			if conn != nil {
				// A kept-alive connection (a redirect to the same
				// host) records this response's head afresh.
				conn.reset()
				conn.expectRequest(order)
			}
		},
	}
	ctx = httptrace.WithClientTrace(ctx, trace)

	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), body)
	if err != nil {
		return nil, fmt.Errorf("Invalid URL %s: %s", data.StringRepr(r.url.String()), err)
	}
	if r.noDefaults {
		req.Header.Set("User-Agent", urllib3UserAgent)
		req.Header.Set("Accept-Encoding", "identity")
	} else {
		req.Header.Set("User-Agent", requestsUserAgent)
		// requests offers br when brotli is installed, as it is beside
		// Debian's Mistral 15 (python3-brotli).
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		req.Header.Set("Accept", "*/*")
		req.Header.Set("Connection", "keep-alive")
	}
	if r.body == nil && r.method != "GET" && r.method != "HEAD" {
		// requests sets "Content-Length: 0" for every other method
		// without a body; with a (empty) body and the identity marker
		// net/http sends it too.
		req.Body, req.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		req.TransferEncoding = []string{"identity"}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for _, f := range r.headers {
		if f.value == "\x00" {
			req.Header.Del(f.name)
			continue
		}
		req.Header[http.CanonicalHeaderKey(f.name)] = []string{f.value}
	}
	if r.auth != nil {
		req.SetBasicAuth(r.auth[0], r.auth[1])
	}
	cookie := c.cookies
	for _, ck := range c.jar.Cookies(r.url) {
		if cookie != "" {
			cookie += "; "
		}
		cookie += ck.Name + "=" + ck.Value
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	order = r.wireOrder(cookie != "")

	// The read timeout bounds the wait for the response head and each read
	// of the body, like a socket timeout.
	var timer *time.Timer
	timedOut := make(chan struct{})
	if c.readTimeout > 0 {
		total := c.connectTO + c.readTimeout
		if total < c.connectTO { // overflow of huge timeouts
			total = time.Duration(math.MaxInt64)
		}
		timer = time.AfterFunc(total, func() {
			close(timedOut)
			cancel()
		})
		defer timer.Stop()
	}
	start = time.Now()
	resp, err := c.tr.RoundTrip(req)
	if err != nil {
		select {
		case <-timedOut:
			return nil, readTimeoutError(r.url, c.timeoutText)
		default:
		}
		return nil, connectionError(r.url, err, c.timeoutText)
	}
	elapsed := time.Since(start)
	defer resp.Body.Close()

	var reader io.Reader = resp.Body
	if timer != nil {
		timer.Reset(c.readTimeout)
		reader = &resettingReader{r: resp.Body, timer: timer, d: c.readTimeout}
	}
	raw, err := io.ReadAll(reader)
	if err != nil {
		select {
		case <-timedOut:
			return nil, readTimeoutError(r.url, c.timeoutText)
		default:
		}
		return nil, fmt.Errorf("('Connection broken: %s', %s)", err, data.StringRepr(err.Error()))
	}
	content, err := decodeContent(resp.Header.Get("Content-Encoding"), raw)
	if err != nil {
		return nil, fmt.Errorf("('Received response with content-encoding: %s, but failed to decode it.', %s)",
			resp.Header.Get("Content-Encoding"), data.StringRepr(err.Error()))
	}
	if cs := resp.Cookies(); len(cs) > 0 {
		c.jar.SetCookies(r.url, cs)
	}
	out := &inResponse{
		status:  resp.StatusCode,
		reason:  strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode))),
		url:     r.url,
		header:  resp.Header,
		body:    content,
		elapsed: elapsed,
		cookies: resp.Cookies(),
	}
	if conn != nil {
		out.headers = conn.headers()
	}
	if out.headers == nil {
		out.headers = canonicalHeaders(resp.Header)
	}
	return out, nil
}

// resettingReader pushes a timer back after every successful read.
type resettingReader struct {
	r     io.Reader
	timer *time.Timer
	d     time.Duration
}

func (r *resettingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.timer.Reset(r.d)
	}
	return n, err
}

func decodeContent(encoding string, raw []byte) ([]byte, error) {
	var r io.ReadCloser
	var err error
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(raw))
	case "deflate":
		// urllib3 accepts zlib-wrapped and raw deflate.
		r, err = zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			r, err = flate.NewReader(bytes.NewReader(raw)), nil
		}
	case "br":
		r = io.NopCloser(brotli.NewReader(bytes.NewReader(raw)))
	default:
		return raw, nil
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// canonicalHeaders is the fallback when the raw head was not seen (TLS
// through a proxy): Go's canonical names, sorted.
func canonicalHeaders(h http.Header) *data.Map {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m := data.NewMap(len(keys))
	for _, k := range keys {
		m.Set(k, strings.Join(h[k], ", "))
	}
	return m
}

func redirectTarget(r *inResponse) string {
	switch r.status {
	case 301, 302, 303, 307, 308:
		return r.header.Get("Location")
	}
	return ""
}

// chunks is how a redirect response of the history looks after Mistral's
// result goes through oslo's to_primitive: its content iterated in
// 128-byte pieces.
func (r *inResponse) chunks() []any {
	out := []any{}
	for b := r.body; len(b) > 0; {
		n := min(128, len(b))
		out = append(out, strings.ToValidUTF8(string(b[:n]), "\uFFFD"))
		b = b[n:]
	}
	return out
}

// result builds HTTPAction's result dict.
func (r *inResponse) result(history []any) *data.Map {
	encoding := encodingFromHeaders(r.header.Get("Content-Type"))
	text := decodeText(r.body, encoding)
	var content any
	if v, err := data.ParseString(text); err == nil && len(bytes.TrimSpace(r.body)) > 0 {
		content = v
	} else {
		content = text
	}
	cookies := data.NewMap(len(r.cookies))
	for _, c := range r.cookies {
		cookies.Set(c.Name, c.Value)
	}
	if history == nil {
		history = []any{}
	}
	var enc any
	if encoding != "" {
		enc = encoding
	}
	return data.MapOf(
		"content", content,
		"status", int64(r.status),
		"headers", r.headers,
		"url", r.url.String(),
		"history", history,
		"encoding", enc,
		"reason", r.reason,
		"cookies", cookies,
		"elapsed", float64(r.elapsed.Microseconds())/1e6,
	)
}

// encodingFromHeaders is requests' get_encoding_from_headers.
func encodingFromHeaders(contentType string) string {
	if contentType == "" {
		return ""
	}
	tokens := strings.Split(contentType, ";")
	ct := strings.TrimSpace(tokens[0])
	for _, p := range tokens[1:] {
		p = strings.TrimSpace(p)
		k, v, ok := strings.Cut(p, "=")
		if ok && strings.ToLower(strings.Trim(k, "\"' ")) == "charset" {
			return strings.Trim(strings.Trim(v, "\"' "), "'\"")
		}
	}
	if strings.Contains(ct, "text") {
		return "ISO-8859-1"
	}
	if strings.Contains(ct, "application/json") {
		return "utf-8"
	}
	return ""
}

// decodeText turns the body into text: Latin-1 when the response says so
// (requests' default for text/* without a charset), else UTF-8.
func decodeText(b []byte, encoding string) string {
	switch strings.ToLower(strings.ReplaceAll(encoding, "_", "-")) {
	case "iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1":
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return string(rs)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// readTimeoutError is urllib3's ReadTimeoutError text.
func readTimeoutError(u *url.URL, timeout string) error {
	return fmt.Errorf("%s(host=%s, port=%s): Read timed out. (read timeout=%s)",
		poolName(u), data.StringRepr(u.Hostname()), portOf(u), timeout)
}

// connectionError words a transport error as requests' ConnectionError.
func connectionError(u *url.URL, err error, timeout string) error {
	path := u.RequestURI()
	conn := "urllib3.connection.HTTPConnection"
	if u.Scheme == "https" {
		conn = "urllib3.connection.HTTPSConnection"
	}
	prefix := fmt.Sprintf("%s(host=%s, port=%s): Max retries exceeded with url: %s",
		poolName(u), data.StringRepr(u.Hostname()), portOf(u), path)
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var tlsErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	if proxied := proxyConnectError(u, err); proxied != nil {
		return proxied
	}
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("%s (Caused by NewConnectionError('<%s object at %p>: Failed to establish a new connection: [Errno -2] Name or service not known'))", prefix, conn, dnsErr)
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return fmt.Errorf("%s (Caused by ConnectTimeoutError(<%s object>, 'Connection to %s timed out. (connect timeout=%s)'))",
			prefix, conn, u.Hostname(), timeout)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("%s (Caused by NewConnectionError('<%s object at %p>: Failed to establish a new connection: %s'))",
			prefix, conn, opErr, errnoText(opErr.Err))
	case errors.As(err, &tlsErr):
		return fmt.Errorf("%s (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s')))",
			prefix, tlsErr.Err)
	case errors.As(err, &recordErr):
		// A plain-HTTP server answering a TLS handshake.
		return fmt.Errorf("%s (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:992)')))", prefix)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))")
	}
	return fmt.Errorf("%s (Caused by %s)", prefix, err)
}

// proxyConnectError words a plain HTTP request whose proxy refused the
// connection as urllib3 does: the pool is the proxy's and the URL the
// absolute one. Nil for any other error.
func proxyConnectError(u *url.URL, err error) error {
	var opErr, dialErr *net.OpError
	if u.Scheme != "http" || !errors.As(err, &opErr) || opErr.Op != "proxyconnect" ||
		!errors.As(opErr.Err, &dialErr) || dialErr.Op != "dial" || dialErr.Timeout() || dialErr.Addr == nil {
		return nil
	}
	host, port, splitErr := net.SplitHostPort(dialErr.Addr.String())
	if splitErr != nil {
		return nil
	}
	return fmt.Errorf("HTTPConnectionPool(host=%s, port=%s): Max retries exceeded with url: %s "+
		"(Caused by ProxyError('Cannot connect to proxy.', NewConnectionError('<urllib3.connection.HTTPConnection object at %p>: "+
		"Failed to establish a new connection: %s')))",
		data.StringRepr(host), port, u.String(), dialErr, errnoText(dialErr.Err))
}

// errnoText words a failed connect as Mistral's executor reports it: its
// sockets are eventlet's, which raise socket.error(errno, errno.errorcode
// [errno]), so the text is the symbolic name ("[Errno 111]
// ECONNREFUSED"), not strerror.
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if name, ok := errnoNames[errno]; ok {
			return fmt.Sprintf("[Errno %d] %s", int(errno), name)
		}
	}
	return err.Error()
}

// errnoNames are Python's errno.errorcode names of the errors a connect
// can end with.
var errnoNames = map[syscall.Errno]string{
	syscall.ECONNREFUSED:  "ECONNREFUSED",
	syscall.EHOSTUNREACH:  "EHOSTUNREACH",
	syscall.ENETUNREACH:   "ENETUNREACH",
	syscall.ETIMEDOUT:     "ETIMEDOUT",
	syscall.ECONNRESET:    "ECONNRESET",
	syscall.EADDRNOTAVAIL: "EADDRNOTAVAIL",
	syscall.EACCES:        "EACCES",
	syscall.EPERM:         "EPERM",
}

func poolName(u *url.URL) string {
	if u.Scheme == "https" {
		return "HTTPSConnectionPool"
	}
	return "HTTPConnectionPool"
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// logger returns the context's logger or the default one.
func (ac *Context) logger() *slog.Logger {
	if ac != nil && ac.Logger != nil {
		return ac.Logger
	}
	return slog.Default()
}
