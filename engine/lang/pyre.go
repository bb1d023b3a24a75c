package lang

import (
	"regexp"
	"strings"
)

// pyRegexp compiles a Python `re` pattern for Go. The patterns of the
// language (inline parameters, with-items, schema patterns) use \w, \d and
// \s, which are Unicode-aware in Python and ASCII-only in Go, and `$`,
// which in Python also matches before a final newline.
func pyRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile(translatePy(pattern))
}

func translatePy(p string) string {
	const (
		word  = `\p{L}\p{N}_`
		digit = `\p{Nd}`
		space = `\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}`
	)
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			i++
			var cls string
			switch p[i] {
			case 'w':
				cls = word
			case 'd':
				cls = digit
			case 's':
				cls = space
			default:
				b.WriteByte('\\')
				b.WriteByte(p[i])
				continue
			}
			if inClass {
				b.WriteString(cls)
			} else {
				b.WriteString("[" + cls + "]")
			}
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				i++
				b.WriteByte('^')
			}
			if i+1 < len(p) && p[i+1] == ']' {
				i++
				b.WriteString(`\]`)
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '$' && !inClass && i == len(p)-1:
			b.WriteString(`\n?\z`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
