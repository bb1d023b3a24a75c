package jinja

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tramontane/tramontane/engine/data"
)

// Python's pprint.pformat, which the pprint filter returns: the repr of the
// value with dict keys sorted, and, when a line would pass 80 characters,
// dicts, lists and tuples one item per line and long strings cut into
// adjacent literals.

const ppWidth = 80

// pformat is pprint.pformat(v).
func pformat(v any) string {
	var b strings.Builder
	ppFormat(&b, v, 0, 0, 0)
	return b.String()
}

// ppFormat is PrettyPrinter._format.
func ppFormat(b *strings.Builder, v any, indent, allowance, level int) {
	rep := ppRepr(v)
	if utf8.RuneCountInString(rep) > ppWidth-indent-allowance {
		switch t := v.(type) {
		case *data.Map:
			b.WriteByte('{')
			if t.Len() > 0 {
				ppDictItems(b, ppSortedItems(t), indent, allowance+1, level+1)
			}
			b.WriteByte('}')
			return
		case []any:
			b.WriteByte('[')
			ppItems(b, t, indent, allowance+1, level+1)
			b.WriteByte(']')
			return
		case tuple:
			end := ")"
			if len(t) == 1 {
				end = ",)"
			}
			b.WriteByte('(')
			ppItems(b, t, indent, allowance+len(end), level+1)
			b.WriteString(end)
			return
		case string:
			if t != "" {
				ppString(b, t, indent, allowance, level+1)
				return
			}
		}
	}
	b.WriteString(rep)
}

// ppDictItems is PrettyPrinter._format_dict_items.
func ppDictItems(b *strings.Builder, items [][2]any, indent, allowance, level int) {
	indent++
	for i, it := range items {
		last := i == len(items)-1
		rep := ppRepr(it[0])
		b.WriteString(rep)
		b.WriteString(": ")
		a := 1
		if last {
			a = allowance
		}
		ppFormat(b, it[1], indent+utf8.RuneCountInString(rep)+2, a, level)
		if !last {
			b.WriteString(",\n" + strings.Repeat(" ", indent))
		}
	}
}

// ppItems is PrettyPrinter._format_items (not compact).
func ppItems(b *strings.Builder, items []any, indent, allowance, level int) {
	indent++
	for i, e := range items {
		if i > 0 {
			b.WriteString(",\n" + strings.Repeat(" ", indent))
		}
		a := 1
		if i == len(items)-1 {
			a = allowance
		}
		ppFormat(b, e, indent, a, level)
	}
}

// ppWords is pprint's re.findall(r'\S*\s*', line).
var ppWords = regexp.MustCompile(`[^` + pySpaces + `]*[` + pySpaces + `]*`)

// ppString is PrettyPrinter._pprint_str: the string's lines, and the
// words of a line too long for the width, as adjacent literals; at the top
// level in parentheses.
func ppString(b *strings.Builder, s string, indent, allowance, level int) {
	if level == 1 {
		indent++
		allowance++
	}
	lines := splitLinesKeep(s)
	maxWidth1, maxWidth := ppWidth-indent, ppWidth-indent
	var chunks []string
	rep := ""
	for i, line := range lines {
		rep = repr(line)
		if i == len(lines)-1 {
			maxWidth1 -= allowance
		}
		if utf8.RuneCountInString(rep) <= maxWidth1 {
			chunks = append(chunks, rep)
			continue
		}
		parts := ppWords.FindAllString(line, -1)
		if n := len(parts); n > 0 && parts[n-1] == "" {
			parts = parts[:n-1]
		}
		maxWidth2, current := maxWidth, ""
		for j, part := range parts {
			candidate := current + part
			if j == len(parts)-1 && i == len(lines)-1 {
				maxWidth2 -= allowance
			}
			if utf8.RuneCountInString(repr(candidate)) > maxWidth2 {
				if current != "" {
					chunks = append(chunks, repr(current))
				}
				current = part
			} else {
				current = candidate
			}
		}
		if current != "" {
			chunks = append(chunks, repr(current))
		}
	}
	if len(chunks) == 1 {
		b.WriteString(rep)
		return
	}
	if level == 1 {
		b.WriteByte('(')
	}
	for i, c := range chunks {
		if i > 0 {
			b.WriteString("\n" + strings.Repeat(" ", indent))
		}
		b.WriteString(c)
	}
	if level == 1 {
		b.WriteByte(')')
	}
}

// splitLinesKeep is str.splitlines(True).
func splitLinesKeep(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexFunc(s, isLineBreak)
		if i < 0 {
			lines = append(lines, s)
			break
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		if strings.HasPrefix(s[i:], "\r\n") {
			n = 2
		}
		lines = append(lines, s[:i+n])
		s = s[i+n:]
	}
	return lines
}

// ppRepr is pprint's _safe_repr: repr() with the keys of dicts sorted.
func ppRepr(v any) string {
	var parts []string
	switch t := v.(type) {
	case *data.Map:
		for _, it := range ppSortedItems(t) {
			parts = append(parts, ppRepr(it[0])+": "+ppRepr(it[1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		for _, e := range t {
			parts = append(parts, ppRepr(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case tuple:
		for _, e := range t {
			parts = append(parts, ppRepr(e))
		}
		if len(t) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return repr(v)
}

// ppSortedItems are m's items sorted by key as pprint sorts them: by value,
// and keys that do not compare by their type's name.
func ppSortedItems(m *data.Map) [][2]any {
	items := make([][2]any, 0, m.Len())
	m.Range(func(k string, v any) bool {
		items = append(items, [2]any{data.KeyValue(k), v})
		return true
	})
	sort.SliceStable(items, func(i, j int) bool {
		c, err := compare("<", items[i][0], items[j][0])
		if err != nil {
			return "<class '"+typeName(items[i][0])+"'>" < "<class '"+typeName(items[j][0])+"'>"
		}
		return c < 0
	})
	return items
}
