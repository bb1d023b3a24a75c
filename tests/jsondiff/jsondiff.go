// Package jsondiff compares decoded JSON answers of two REST servers field
// by field, after masking what differs between any two runs (times, the
// server's address): the helpers the take-over test and the reference
// comparison share. It holds no state and starts nothing.
package jsondiff

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// TimeFields are the fields that say when a row was written: they differ
// between any two runs, and Mask replaces them when set.
var TimeFields = []string{"created_at", "updated_at"}

// Mask replaces set (non-null, non-empty) time fields and fields named in
// extra by "<time>" and base (in links such as a page's next) by "<api>",
// in place, and returns v.
func Mask(v any, base string, extra ...string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			if (slices.Contains(TimeFields, k) || slices.Contains(extra, k)) && item != nil && item != "" {
				v[k] = maskTime(item)
			} else {
				v[k] = Mask(item, base, extra...)
			}
		}
	case []any:
		for i, item := range v {
			v[i] = Mask(item, base, extra...)
		}
	case string:
		if base == "" {
			return v
		}
		return strings.ReplaceAll(v, base, "<api>")
	}
	return v
}

var (
	usualTime = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
	digit     = regexp.MustCompile(`\d`)
)

// maskTime replaces a time in Mistral's usual format by "<time>", and any
// other value by its shape ("<time nnnn-nn-nnTnn:nn:nn.nnnnnn>"), so that
// a different format still shows.
func maskTime(v any) string {
	s, ok := v.(string)
	if ok && usualTime.MatchString(s) {
		return "<time>"
	}
	return "<time " + digit.ReplaceAllString(fmt.Sprint(v), "n") + ">"
}

// Diff appends to diffs where got differs from want, each line starting
// with at and the path of the field, and returns how many fields (leaves
// of want) it compared.
func Diff(at string, want, got any, diffs *[]string) int {
	fields := 0
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			wv, inW := w[k]
			gv, inG := g[k]
			switch {
			case !inW:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: + %s (absent in the reference)", at, k, Show(gv)))
			case !inG:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: - %s (absent here)", at, k, Show(wv)))
			default:
				fields += Diff(at+"."+k, wv, gv, diffs)
			}
		}
		return fields
	case []any:
		g, ok := got.([]any)
		if !ok {
			break
		}
		if len(g) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: - %d items, + %d items", at, len(w), len(g)))
			fields++
		}
		for i := range min(len(w), len(g)) {
			fields += Diff(fmt.Sprintf("%s[%d]", at, i), w[i], g[i], diffs)
		}
		return fields
	}
	if Show(want) != Show(got) {
		*diffs = append(*diffs, fmt.Sprintf("%s:\n  - %s\n  + %s", at, Show(want), Show(got)))
	}
	return 1
}

// Show is v as compact JSON.
func Show(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}
