package jinja

import (
	"regexp"
	"sort"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

// The urlize filter, as Jinja 3.1's: words of the HTML-escaped text that
// look like web addresses or e-mail addresses become links. Python's \w,
// \d and \s are Unicode classes; RE2's are ASCII, so they are spelt out.
const (
	pyWord     = `\p{L}\p{N}_`
	pyDigit    = `\p{Nd}`
	pyNonSpace = `[^` + pySpaces + `]`
)

var (
	urlizeSpaces = regexp.MustCompile(`[` + pySpaces + `]+`)
	urlizeHead   = regexp.MustCompile(`^(?:[(<]|&lt;)+`)
	urlizeTail   = regexp.MustCompile(`(?:[)>.,\n]|&gt;)+$`)
	urlizeHTTP   = regexp.MustCompile(`(?i)^(?:` +
		`(?:https?://|www\.)(?:(?:[` + pyWord + `%-]+\.)+)?(?:[a-z]{2,63}|xn--[` + pyWord + `%]{2,59})` +
		`|(?:[` + pyWord + `%-]{2,63}\.)+(?:com|net|int|edu|gov|org|info|mil)` +
		`|https?://(?:` + pyDigit + `{1,3}(?:\.` + pyDigit + `{1,3}){3}` +
		`|\[(?:[` + pyDigit + `a-f]{0,4}:){2}(?:[` + pyDigit + `a-f]{0,4}:?){1,6}\])` +
		`)(?::` + pyDigit + `{1,5})?(?:[/?#]` + pyNonSpace + `*)?$`)
	urlizeEmail  = regexp.MustCompile(`^` + pyNonSpace + `+@[` + pyWord + `][` + pyWord + `.-]*\.[` + pyWord + `]+$`)
	urlizeScheme = regexp.MustCompile(`^[` + pyWord + `.+-]{2,}:/{0,2}$`)
)

func fUrlize(_ *state, v any, a *args) (any, error) {
	p, err := a.bindAfter(2, "do_urlize", []string{"trim_url_limit", "nofollow", "target", "rel", "extra_schemes"}, 0)
	if err != nil {
		return nil, err
	}
	trim := func(s string) string { return s }
	if limit := orDefault(p[0], nil); limit != nil {
		n, ok := asInt(limit)
		if !ok {
			return nil, errorf("'>' not supported between instances of 'int' and '%s'", typeName(limit))
		}
		trim = func(s string) string {
			rs := []rune(s)
			if int64(len(rs)) <= n {
				return s
			}
			return string(rs[:pySliceEnd(n, len(rs))]) + "..."
		}
	}

	// rel: the words of rel, "nofollow" when asked, and the environment's
	// "noopener", sorted and without repeats.
	relParts := map[string]bool{"noopener": true}
	if r := orDefault(p[3], nil); r != nil && data.Truthy(r) {
		rs, ok := isString(r)
		if !ok {
			return nil, errorf("'%s' object has no attribute 'split'", typeName(r))
		}
		for _, w := range strings.FieldsFunc(rs, pycase.IsSpace) {
			relParts[w] = true
		}
	}
	if nf := orDefault(p[1], false); data.Truthy(nf) {
		relParts["nofollow"] = true
	}
	rels := make([]string, 0, len(relParts))
	for w := range relParts {
		rels = append(rels, w)
	}
	sort.Strings(rels)
	attrs := ` rel="` + htmlEscape(strings.Join(rels, " ")) + `"`
	if t := orDefault(p[2], nil); t != nil && data.Truthy(t) {
		ts, err := str(t)
		if err != nil {
			return nil, err
		}
		attrs += ` target="` + htmlEscape(ts) + `"`
	}

	var schemes []string
	if es := orDefault(p[4], nil); es != nil {
		items, err := iterate(es)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			s, ok := isString(it)
			if !ok || !urlizeScheme.MatchString(s) {
				return nil, errorf("%s is not a valid URI scheme prefix.", repr(it))
			}
			schemes = append(schemes, s)
		}
	}

	text, ok := v.(markup)
	if !ok {
		sv, err := str(v)
		if err != nil {
			return nil, err
		}
		text = markup(htmlEscape(sv))
	}
	return urlize(string(text), trim, attrs, schemes), nil
}

// urlize links the words of escaped text. attrs are the link's rel and
// target attributes.
func urlize(text string, trim func(string) string, attrs string, schemes []string) string {
	var b strings.Builder
	last := 0
	for _, sp := range urlizeSpaces.FindAllStringIndex(text, -1) {
		b.WriteString(urlizeWord(text[last:sp[0]], trim, attrs, schemes))
		b.WriteString(text[sp[0]:sp[1]])
		last = sp[1]
	}
	b.WriteString(urlizeWord(text[last:], trim, attrs, schemes))
	return b.String()
}

func urlizeWord(word string, trim func(string) string, attrs string, schemes []string) string {
	if word == "" {
		return ""
	}
	head, middle, tail := "", word, ""
	if loc := urlizeHead.FindStringIndex(middle); loc != nil {
		head, middle = middle[:loc[1]], middle[loc[1]:]
	}
	if loc := urlizeTail.FindStringIndex(middle); loc != nil {
		middle, tail = middle[:loc[0]], middle[loc[0]:]
	}
	// Closing brackets the address opened belong to it, not to the tail.
	for _, pair := range [][2]string{{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}} {
		open, closing := strings.Count(middle, pair[0]), strings.Count(middle, pair[1])
		if open <= closing {
			continue
		}
		for range min(open, strings.Count(tail, pair[1])) {
			end := strings.Index(tail, pair[1]) + len(pair[1])
			middle += tail[:end]
			tail = tail[end:]
		}
	}
	switch {
	case urlizeHTTP.MatchString(middle):
		href := middle
		if !strings.HasPrefix(middle, "https://") && !strings.HasPrefix(middle, "http://") {
			href = "https://" + middle
		}
		middle = `<a href="` + href + `"` + attrs + `>` + trim(middle) + `</a>`
	case strings.HasPrefix(middle, "mailto:") && urlizeEmail.MatchString(middle[len("mailto:"):]):
		middle = `<a href="` + middle + `">` + middle[len("mailto:"):] + `</a>`
	case strings.Contains(middle, "@") && !strings.HasPrefix(middle, "www.") &&
		!strings.Contains(middle, ":") && urlizeEmail.MatchString(middle):
		middle = `<a href="mailto:` + middle + `">` + middle + `</a>`
	default:
		for _, s := range schemes {
			if middle != s && strings.HasPrefix(middle, s) {
				middle = `<a href="` + middle + `"` + attrs + `>` + middle + `</a>`
			}
		}
	}
	return head + middle + tail
}

// pySliceEnd is where s[:n] ends in a sequence of length l.
func pySliceEnd(n int64, l int) int {
	if n < 0 {
		n += int64(l)
	}
	return int(max(0, min(n, int64(l))))
}
