package data

import "fmt"

// PythonJSONError returns the message Python's json.loads raises for s,
// such as "Expecting ',' delimiter: line 1 column 8 (char 7)", or "" when
// json.loads accepts s. Mistral shows these messages for bad JSON in
// request bodies and in json_parse(). Positions count characters, as
// Python's do.
func PythonJSONError(s string) string {
	c := pyJSONChecker{s: []rune(s)}
	if len(c.s) > 0 && c.s[0] == '\ufeff' {
		return c.message("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	end, msg, pos := c.value(c.skipSpace(0))
	if msg == "" {
		if end = c.skipSpace(end); end != len(c.s) {
			msg, pos = "Extra data", end
		}
	}
	if msg == "" {
		return ""
	}
	return c.message(msg, pos)
}

// pyJSONChecker follows the steps of CPython's JSON scanner (Modules/_json.c)
// to find where and why it stops. Each step returns the index after what it
// read, or an error message and its position.
type pyJSONChecker struct {
	s []rune
}

func (c *pyJSONChecker) message(msg string, pos int) string {
	line, lineStart := 1, -1
	for i := 0; i < pos && i < len(c.s); i++ {
		if c.s[i] == '\n' {
			line++
			lineStart = i
		}
	}
	return fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, pos-lineStart, pos)
}

func (c *pyJSONChecker) skipSpace(i int) int {
	for i < len(c.s) && (c.s[i] == ' ' || c.s[i] == '\t' || c.s[i] == '\n' || c.s[i] == '\r') {
		i++
	}
	return i
}

// hasAt reports whether word is at i.
func (c *pyJSONChecker) hasAt(i int, word string) bool {
	w := []rune(word)
	if i+len(w) > len(c.s) {
		return false
	}
	for k, r := range w {
		if c.s[i+k] != r {
			return false
		}
	}
	return true
}

// value reads one JSON term at i (no leading whitespace); a term that does
// not start there is "Expecting value" at i.
func (c *pyJSONChecker) value(i int) (int, string, int) {
	if i >= len(c.s) {
		return 0, "Expecting value", i
	}
	switch c.s[i] {
	case '"':
		return c.str(i + 1)
	case '{':
		return c.object(i + 1)
	case '[':
		return c.array(i + 1)
	}
	for _, word := range []string{"null", "true", "false", "NaN", "Infinity", "-Infinity"} {
		if c.hasAt(i, word) {
			return i + len(word), "", 0
		}
	}
	return c.number(i)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func (c *pyJSONChecker) number(start int) (int, string, int) {
	i := start
	if i < len(c.s) && c.s[i] == '-' {
		i++
	}
	switch {
	case i < len(c.s) && c.s[i] >= '1' && c.s[i] <= '9':
		for i < len(c.s) && isDigit(c.s[i]) {
			i++
		}
	case i < len(c.s) && c.s[i] == '0':
		i++
	default:
		return 0, "Expecting value", start
	}
	if i+1 < len(c.s) && c.s[i] == '.' && isDigit(c.s[i+1]) {
		i += 2
		for i < len(c.s) && isDigit(c.s[i]) {
			i++
		}
	}
	if i < len(c.s) && (c.s[i] == 'e' || c.s[i] == 'E') {
		e := i
		i++
		if i < len(c.s) && (c.s[i] == '-' || c.s[i] == '+') {
			i++
		}
		digits := i
		for i < len(c.s) && isDigit(c.s[i]) {
			i++
		}
		if i == digits {
			i = e // no exponent digits: the number ends before the 'e'
		}
	}
	return i, "", 0
}

// str reads a string whose opening quote is at i-1.
func (c *pyJSONChecker) str(i int) (int, string, int) {
	begin := i - 1
	for {
		for i < len(c.s) && c.s[i] != '"' && c.s[i] != '\\' {
			if c.s[i] <= 0x1f {
				return 0, "Invalid control character at", i
			}
			i++
		}
		if i >= len(c.s) {
			return 0, "Unterminated string starting at", begin
		}
		if c.s[i] == '"' {
			return i + 1, "", 0
		}
		i++ // the backslash
		if i >= len(c.s) {
			return 0, "Unterminated string starting at", begin
		}
		if c.s[i] != 'u' {
			switch c.s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
				continue
			}
			return 0, "Invalid \\escape", i - 1
		}
		i++
		if i+4 >= len(c.s) {
			return 0, "Invalid \\uXXXX escape", i - 1
		}
		for k := 0; k < 4; k++ {
			if !isHex(c.s[i+k]) {
				return 0, "Invalid \\uXXXX escape", i - 1
			}
		}
		i += 4
	}
}

func isHex(r rune) bool {
	return isDigit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
}

// object reads an object whose '{' is at i-1.
func (c *pyJSONChecker) object(i int) (int, string, int) {
	i = c.skipSpace(i)
	if i < len(c.s) && c.s[i] == '}' {
		return i + 1, "", 0
	}
	for {
		if i >= len(c.s) || c.s[i] != '"' {
			return 0, "Expecting property name enclosed in double quotes", i
		}
		next, msg, pos := c.str(i + 1)
		if msg != "" {
			return 0, msg, pos
		}
		i = c.skipSpace(next)
		if i >= len(c.s) || c.s[i] != ':' {
			return 0, "Expecting ':' delimiter", i
		}
		i = c.skipSpace(i + 1)
		if i, msg, pos = c.value(i); msg != "" {
			return 0, msg, pos
		}
		var done bool
		if i, done, msg, pos = c.afterItem(i, '}'); done || msg != "" {
			return i, msg, pos
		}
	}
}

// array reads an array whose '[' is at i-1.
func (c *pyJSONChecker) array(i int) (int, string, int) {
	i = c.skipSpace(i)
	if i < len(c.s) && c.s[i] == ']' {
		return i + 1, "", 0
	}
	for {
		var msg string
		var pos int
		if i, msg, pos = c.value(i); msg != "" {
			return 0, msg, pos
		}
		var done bool
		if i, done, msg, pos = c.afterItem(i, ']'); done || msg != "" {
			return i, msg, pos
		}
	}
}

// afterItem reads what follows an item of an object or an array: spaces,
// then its closing character or a comma. done says it was the closer, and
// next is the index after it, or after the comma and the spaces that
// follow.
func (c *pyJSONChecker) afterItem(i int, closer rune) (next int, done bool, msg string, pos int) {
	i = c.skipSpace(i)
	if i < len(c.s) && c.s[i] == closer {
		return i + 1, true, "", 0
	}
	if i >= len(c.s) || c.s[i] != ',' {
		return 0, false, "Expecting ',' delimiter", i
	}
	return c.skipSpace(i + 1), false, "", 0
}
