package actions

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// This file mirrors how a URL travels through Mistral's HTTPAction before
// any byte is sent: Python's urlsplit (which Mistral calls first and which
// only validates brackets), then requests' prepare_url, built on urllib3
// 1.26's parse_url (port checks, percent-encoding of invalid characters,
// dot-segment removal, lower-cased host) and requote_uri.

// checkURLSplit raises what Python 3.11's urlsplit raises for the URL:
// "Invalid IPv6 URL" for unbalanced or misplaced brackets in the netloc,
// or ipaddress' complaint about a bracketed host that is no IPv6 address.
func checkURLSplit(raw string) error {
	s := strings.TrimLeft(raw, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	if i := strings.IndexByte(s, ':'); i > 0 && s[0] < 0x80 && isASCIIAlpha(s[0]) {
		ok := true
		for _, c := range s[:i] {
			if !(isASCIIAlpha(byte(c)) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') || c >= 0x80 {
				ok = false
				break
			}
		}
		if ok {
			s = s[i+1:]
		}
	}
	if !strings.HasPrefix(s, "//") {
		return nil
	}
	netloc := s[2:]
	if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
		netloc = netloc[:i]
	}
	open, closed := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
	if open != closed {
		return fmt.Errorf("Invalid IPv6 URL")
	}
	if !open {
		return nil
	}
	hostPort := netloc[strings.LastIndex(netloc, "@")+1:]
	before, bracketed, hasOpen := strings.Cut(hostPort, "[")
	host := ""
	if hasOpen {
		if before != "" {
			return fmt.Errorf("Invalid IPv6 URL")
		}
		h, port, _ := strings.Cut(bracketed, "]")
		if port != "" && !strings.HasPrefix(port, ":") {
			return fmt.Errorf("Invalid IPv6 URL")
		}
		host = h
	} else {
		host, _, _ = strings.Cut(hostPort, ":")
	}
	if strings.HasPrefix(host, "v") {
		if !regexp.MustCompile(`(?s)\Av[a-fA-F0-9]+\..+\z`).MatchString(host) {
			return fmt.Errorf("IPvFuture address is invalid")
		}
		return nil
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%s does not appear to be an IPv4 or IPv6 address", data.StringRepr(host))
	}
	if addr.Is4() {
		return fmt.Errorf("An IPv4 address cannot be in brackets")
	}
	return nil
}

func isASCIIAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// urllib3's parse_url patterns.
var (
	uriRE      = regexp.MustCompile(`(?s)^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?://([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$`)
	hostPortRE = regexp.MustCompile(`(?s)^((?:[^\[\]%:/?#]|%[a-fA-F0-9]{2})*|\[[^\]]*\])(?::0*?(|0|[1-9][0-9]{0,4}))?$`)
	percentRE  = regexp.MustCompile(`%[a-fA-F0-9]{2}`)
)

// The characters urllib3 leaves unencoded in each component.
const (
	unreservedChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~"
	subDelimChars   = "!$&'()*+,;="
	userinfoChars   = unreservedChars + subDelimChars + ":"
	pathChars       = userinfoChars + "@/"
	queryChars      = pathChars + "?"
)

// prepareURLText turns an http(s) URL into the text requests sends, or
// fails with the texts of urllib3's LocationParseError ("Failed to parse:
// <url>") and requests' InvalidURL/MissingSchema. The params are appended
// to the query the way prepare_url does.
func prepareURLText(raw string, params any) (string, error) {
	m := uriRE.FindStringSubmatchIndex(raw)
	if m == nil {
		return "", fmt.Errorf("Failed to parse: %s", raw)
	}
	group := func(i int) (string, bool) {
		if m[2*i] < 0 {
			return "", false
		}
		return raw[m[2*i]:m[2*i+1]], true
	}
	scheme, _ := group(1)
	authority, hasAuthority := group(2)
	path, _ := group(3)
	query, hasQuery := group(4)
	fragment, hasFragment := group(5)
	scheme = strings.ToLower(scheme)
	var auth, host, port string
	if hasAuthority && authority != "" {
		hostPort := authority
		if i := strings.LastIndex(authority, "@"); i >= 0 {
			auth, hostPort = encodeInvalidChars(authority[:i], userinfoChars), authority[i+1:]
		}
		hp := hostPortRE.FindStringSubmatch(hostPort)
		if hp == nil {
			return "", fmt.Errorf("Failed to parse: %s", raw)
		}
		host, port = hp[1], hp[2]
		if port != "" {
			n, _ := strconv.Atoi(port)
			if n > 65535 {
				return "", fmt.Errorf("Failed to parse: %s", raw)
			}
			port = strconv.Itoa(n)
			if n == 0 {
				port = "" // requests drops a falsy port
			}
		}
		if !strings.HasPrefix(host, "[") {
			host = strings.ToLower(host)
		}
	}
	if scheme == "" {
		return "", fmt.Errorf("Invalid URL %s: No scheme supplied. Perhaps you meant http://%s?", data.StringRepr(raw), raw)
	}
	if host == "" {
		return "", fmt.Errorf("Invalid URL %s: No host supplied", data.StringRepr(raw))
	}
	if strings.HasPrefix(host, "*") || strings.HasPrefix(host, ".") {
		return "", fmt.Errorf("URL has an invalid label.")
	}
	if path != "" {
		path = encodeInvalidChars(removeDotSegments(path), pathChars)
	}
	if hasQuery && query != "" {
		query = encodeInvalidChars(query, queryChars)
	}
	if hasFragment && fragment != "" {
		fragment = encodeInvalidChars(fragment, queryChars)
	}
	if path == "" {
		path = "/"
	}
	if params != nil && data.Truthy(params) {
		switch params.(type) {
		case string, []any, *data.Map:
		default:
			if query == "" {
				// urlunparse gets the non-string params as the query.
				return "", fmt.Errorf("Cannot mix str and non-str arguments")
			}
		}
	}
	enc, err := encodeParams(params)
	if err != nil {
		return "", err
	}
	if enc != "" {
		if query != "" {
			query += "&" + enc
		} else {
			query = enc
		}
	}
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString("://")
	if auth != "" {
		b.WriteString(auth)
		b.WriteByte('@')
	}
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	if !strings.HasPrefix(path, "/") {
		b.WriteByte('/')
	}
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	if fragment != "" {
		b.WriteByte('#')
		b.WriteString(fragment)
	}
	return requoteURI(b.String()), nil
}

// encodeInvalidChars is urllib3's _encode_invalid_chars: existing percent
// escapes are upper-cased; the '%'s are kept only when every one of them
// starts a valid escape; any other byte outside allowed is
// percent-encoded.
func encodeInvalidChars(s, allowed string) string {
	n := 0
	s = percentRE.ReplaceAllStringFunc(s, func(m string) string { n++; return strings.ToUpper(m) })
	encoded := n == strings.Count(s, "%")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (encoded && c == '%') || c < 0x80 && strings.IndexByte(allowed, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// removeDotSegments is RFC 3986's remove_dot_segments as urllib3 does it.
func removeDotSegments(path string) string {
	segs := strings.Split(path, "/")
	var out []string
	for _, s := range segs {
		switch s {
		case ".":
			continue
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	if strings.HasPrefix(path, "/") && (len(out) == 0 || out[0] != "") {
		out = append([]string{""}, out...)
	}
	if strings.HasSuffix(path, "/.") || strings.HasSuffix(path, "/..") {
		out = append(out, "")
	}
	return strings.Join(out, "/")
}

// requoteURI is requests' requote_uri: escapes of unreserved characters
// are decoded, then everything outside the safe set is quoted; with a
// broken escape every '%' is quoted instead.
func requoteURI(uri string) string {
	const safe = "!#$&'()*+,/:;=?@[]~"
	un, ok := unquoteUnreserved(uri)
	if ok {
		return pyQuote(un, safe+"%")
	}
	return pyQuote(uri, safe)
}

func unquoteUnreserved(uri string) (string, bool) {
	parts := strings.Split(uri, "%")
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1:] {
		h := p
		if len(h) > 2 {
			h = h[:2]
		}
		if len(h) == 2 && isAlnumASCII(h) {
			v, err := strconv.ParseUint(h, 16, 8)
			if err != nil {
				return "", false
			}
			if c := byte(v); c < 0x80 && strings.IndexByte(unreservedChars, c) >= 0 {
				b.WriteByte(c)
				b.WriteString(p[2:])
				continue
			}
		}
		b.WriteByte('%')
		b.WriteString(p)
	}
	return b.String(), true
}

func isAlnumASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isASCIIAlpha(c) || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// pyQuote is urllib.parse.quote on the UTF-8 bytes of s.
func pyQuote(s, safe string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (strings.IndexByte(unreservedChars, c) >= 0 || strings.IndexByte(safe, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// checkHostLabels is urllib3's create_connection check, raised when the
// connection is made: a host whose IDNA encoding fails (an empty or
// over-long label) cannot be connected to.
func checkHostLabels(host string) error {
	if _, err := netip.ParseAddr(host); err == nil || host == "" {
		return nil
	}
	labels := strings.Split(host, ".")
	if len(labels) > 1 && labels[len(labels)-1] == "" {
		labels = labels[:len(labels)-1] // a trailing dot is allowed
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return fmt.Errorf("Failed to parse: '%s', label empty or too long", host)
		}
	}
	return nil
}
