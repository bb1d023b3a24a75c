package lang

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// dumpDefinition re-serialises one workflow of a multi-workflow document
// the way Mistral does: `version` and the workflow, dumped by PyYAML in
// block style (keys unsorted, ASCII only, 80 columns).
func dumpDefinition(doc *data.Map, name string) string {
	m := data.NewMap(2)
	m.Set("version", doc.Value("version"))
	m.Set(name, doc.Value(name))
	return dumpYAML(m)
}

// dumpYAML writes v as PyYAML's yaml.dump(v, sort_keys=False) does. The
// emitter keeps PyYAML's column bookkeeping because line folding and
// indentation depend on it.
func dumpYAML(v any) string {
	e := &emitter{whitespace: true, indention: true, indent: -1}
	e.node(v, false, false, false)
	e.writeIndent()
	return e.b.String()
}

const (
	bestWidth  = 80
	bestIndent = 2
)

type emitter struct {
	b          strings.Builder
	column     int
	whitespace bool
	indention  bool
	indent     int // -1 before the root collection
	indents    []int
}

func (e *emitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	switch {
	case e.indent < 0 && flow:
		e.indent = bestIndent
	case e.indent < 0:
		e.indent = 0
	case !indentless:
		e.indent += bestIndent
	}
}

func (e *emitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

func (e *emitter) node(v any, sequence, mapping, simpleKey bool) {
	switch t := v.(type) {
	case *data.Map:
		if t.Len() == 0 {
			e.writeIndicator("{", true, true, false)
			e.writeIndicator("}", false, false, false)
			return
		}
		e.increaseIndent(false, false)
		for _, k := range t.Keys() {
			e.writeIndent()
			e.node(k, false, true, true)
			e.writeIndicator(":", false, false, false)
			e.node(t.Value(k), false, true, false)
		}
		e.popIndent()
	case []any:
		if len(t) == 0 {
			e.writeIndicator("[", true, true, false)
			e.writeIndicator("]", false, false, false)
			return
		}
		e.increaseIndent(false, mapping && !e.indention)
		for _, item := range t {
			e.writeIndent()
			e.writeIndicator("-", true, false, true)
			e.node(item, true, false, false)
		}
		e.popIndent()
	default:
		e.increaseIndent(true, false)
		e.scalar(v, simpleKey)
		e.popIndent()
	}
}

func (e *emitter) scalar(v any, simpleKey bool) {
	text, isString := scalarText(v)
	split := !simpleKey
	if !isString {
		e.writePlain(text, split)
		return
	}
	a := analyzeScalar(text)
	switch {
	case plainIsString(text) && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain:
		e.writePlain(text, split)
	case a.allowSingleQuoted && !(simpleKey && a.multiline):
		e.writeSingleQuoted(text, split)
	default:
		e.writeDoubleQuoted(text, split)
	}
}

// scalarText is PyYAML's representation of a scalar; isString reports a
// str, whose style depends on its content.
func scalarText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case nil:
		return "null", false
	case bool:
		return strconv.FormatBool(t), false
	case int64:
		return strconv.FormatInt(t, 10), false
	case float64:
		switch {
		case math.IsNaN(t):
			return ".nan", false
		case math.IsInf(t, 1):
			return ".inf", false
		case math.IsInf(t, -1):
			return "-.inf", false
		}
		s := strings.ToLower(data.FloatRepr(t))
		if !strings.Contains(s, ".") && strings.Contains(s, "e") {
			s = strings.Replace(s, "e", ".0e", 1)
		}
		return s, false
	}
	return data.Str(v), true
}

var yamlTimestamp = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)

// plainIsString reports whether the text, written plain, reads back as a
// string (PyYAML quotes "yes", "12", "null", dates, ...).
func plainIsString(s string) bool {
	if _, ok := resolvePlain(s).(string); !ok {
		return false
	}
	return s != "=" && s != "<<" && !yamlTimestamp.MatchString(s)
}

type scalarAnalysis struct {
	empty, multiline                   bool
	allowBlockPlain, allowSingleQuoted bool
}

func isBreak(r rune) bool { return r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029' }

func isSpaceOrBreak(r rune) bool {
	return r == 0 || r == ' ' || r == '\t' || r == '\r' || isBreak(r)
}

// analyzeScalar follows PyYAML's Emitter.analyze_scalar for block context
// with allow_unicode off.
func analyzeScalar(s string) scalarAnalysis {
	if s == "" {
		return scalarAnalysis{empty: true, allowBlockPlain: true, allowSingleQuoted: true}
	}
	rs := []rune(s)
	var blockIndicators, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators = true
	}
	preceded := true
	followed := len(rs) == 1 || isSpaceOrBreak(rs[1])
	prevSpace, prevBreak := false, false
	for i, ch := range rs {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", ch) {
				blockIndicators = true
			}
			if (ch == '?' || ch == ':') && followed {
				blockIndicators = true
			}
			if ch == '-' && followed {
				blockIndicators = true
			}
		} else {
			if ch == ':' && followed {
				blockIndicators = true
			}
			if ch == '#' && preceded {
				blockIndicators = true
			}
		}
		if isBreak(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || ch >= 0x20 && ch <= 0x7e) {
			special = true // non-ASCII is special without allow_unicode
		}
		switch {
		case ch == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(rs)-1 {
				trailingSpace = true
			}
			if prevBreak {
				breakSpace = true
			}
			prevSpace, prevBreak = true, false
		case isBreak(ch):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(rs)-1 {
				trailingBreak = true
			}
			if prevSpace {
				spaceBreak = true
			}
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		preceded = isSpaceOrBreak(ch)
		followed = i+2 >= len(rs) || isSpaceOrBreak(rs[i+2])
	}
	a := scalarAnalysis{multiline: lineBreaks, allowBlockPlain: true, allowSingleQuoted: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.allowBlockPlain = false
	}
	if breakSpace {
		a.allowBlockPlain, a.allowSingleQuoted = false, false
	}
	if spaceBreak || special {
		a.allowBlockPlain, a.allowSingleQuoted = false, false
	}
	if lineBreaks || blockIndicators {
		a.allowBlockPlain = false
	}
	return a
}

func (e *emitter) write(s string) {
	e.b.WriteString(s)
	e.column += len([]rune(s))
}

func (e *emitter) writeIndicator(ind string, needWhitespace, whitespace, indention bool) {
	if !e.whitespace && needWhitespace {
		ind = " " + ind
	}
	e.whitespace = whitespace
	e.indention = e.indention && indention
	e.write(ind)
}

func (e *emitter) writeIndent() {
	indent := max(e.indent, 0)
	if !e.indention || e.column > indent || e.column == indent && !e.whitespace {
		e.writeLineBreak("\n")
	}
	if e.column < indent {
		e.whitespace = true
		e.write(strings.Repeat(" ", indent-e.column))
	}
}

func (e *emitter) writeLineBreak(br string) {
	e.whitespace = true
	e.indention = true
	e.b.WriteString(br)
	e.column = 0
}

func (e *emitter) writeBreaks(rs []rune) {
	if rs[0] == '\n' {
		e.writeLineBreak("\n")
	}
	for _, br := range rs {
		e.writeLineBreak(string(br))
	}
	e.writeIndent()
}

func (e *emitter) writePlain(text string, split bool) {
	if text == "" {
		return
	}
	if !e.whitespace {
		e.write(" ")
	}
	e.whitespace, e.indention = false, false
	rs := []rune(text)
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(rs); end++ {
		ch, more := rune(0), end < len(rs)
		if more {
			ch = rs[end]
		}
		switch {
		case spaces:
			if !more || ch != ' ' {
				if start+1 == end && e.column > bestWidth && split {
					e.writeIndent()
					e.whitespace, e.indention = false, false
				} else {
					e.write(string(rs[start:end]))
				}
				start = end
			}
		case breaks:
			if !more || !isBreak(ch) {
				e.writeBreaks(rs[start:end])
				e.whitespace, e.indention = false, false
				start = end
			}
		default:
			if !more || ch == ' ' || isBreak(ch) {
				e.write(string(rs[start:end]))
				start = end
			}
		}
		if more {
			spaces, breaks = ch == ' ', isBreak(ch)
		}
	}
}

func (e *emitter) writeSingleQuoted(text string, split bool) {
	e.writeIndicator("'", true, false, false)
	rs := []rune(text)
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(rs); end++ {
		ch, more := rune(0), end < len(rs)
		if more {
			ch = rs[end]
		}
		switch {
		case spaces:
			if !more || ch != ' ' {
				if start+1 == end && e.column > bestWidth && split && start != 0 && end != len(rs) {
					e.writeIndent()
				} else {
					e.write(string(rs[start:end]))
				}
				start = end
			}
		case breaks:
			if !more || !isBreak(ch) {
				e.writeBreaks(rs[start:end])
				start = end
			}
		default:
			if !more || ch == ' ' || isBreak(ch) || ch == '\'' {
				if start < end {
					e.write(string(rs[start:end]))
					start = end
				}
			}
		}
		if more && ch == '\'' {
			e.write("''")
			start = end + 1
		}
		if more {
			spaces, breaks = ch == ' ', isBreak(ch)
		}
	}
	e.writeIndicator("'", false, false, false)
}

var doubleEscapes = map[rune]string{
	0: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
	'"': "\"", '\\': "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
}

func (e *emitter) writeDoubleQuoted(text string, split bool) {
	e.writeIndicator("\"", true, false, false)
	rs := []rune(text)
	start := 0
	for end := 0; end <= len(rs); end++ {
		ch, more := rune(0), end < len(rs)
		if more {
			ch = rs[end]
		}
		if !more || ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xfeff ||
			!(ch >= 0x20 && ch <= 0x7e) {
			if start < end {
				e.write(string(rs[start:end]))
				start = end
			}
			if more {
				var esc string
				switch r, ok := doubleEscapes[ch]; {
				case ok:
					esc = "\\" + r
				case ch <= 0xff:
					esc = fmt.Sprintf("\\x%02X", ch)
				case ch <= 0xffff:
					esc = fmt.Sprintf("\\u%04X", ch)
				default:
					esc = fmt.Sprintf("\\U%08X", ch)
				}
				e.write(esc)
				start = end + 1
			}
		}
		if 0 < end && end < len(rs)-1 && (ch == ' ' || start >= end) && e.column+(end-start) > bestWidth && split {
			e.write(string(rs[start:end]) + "\\")
			if start < end {
				start = end
			}
			e.writeIndent()
			e.whitespace, e.indention = false, false
			if rs[start] == ' ' {
				e.write("\\")
			}
		}
	}
	e.writeIndicator("\"", false, false, false)
}
