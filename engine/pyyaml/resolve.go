package pyyaml

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

// tag is the type PyYAML's resolver gives a scalar.
type tag int

const (
	tagStr tag = iota
	tagNull
	tagBool
	tagInt
	tagFloat
	tagTimestamp
	tagMerge // "<<"
	tagValue // "="
	tagYAML  // "!", "&" or "*" alone
)

// PyYAML's implicit resolvers (yaml/resolver.py), YAML 1.1. Python's
// re.match with a trailing "$" also accepts a final newline, but a plain
// scalar never ends with one, so Go's stricter "$" is equivalent here.
var (
	boolPattern  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	floatPattern = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	intPattern   = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	nullPattern  = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	// timestampImplicit is the resolver's pattern: a date needs two-digit
	// month and day, a date-time does not.
	timestampImplicit = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
	// timestampParts is the constructor's pattern, with its groups.
	timestampParts = regexp.MustCompile(`^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$`)
)

// resolve returns the tag PyYAML gives the plain scalar s. Like PyYAML it
// tries only the resolvers registered for the first character, in
// registration order: bool, float, int, merge, null, timestamp, value,
// yaml. Plain "&" and "*" only reach it through Mistral's definition
// loader (see LoadOptions.AnchorsAsText).
func resolve(s string) tag {
	if s == "" {
		return tagNull
	}
	switch c := s[0]; {
	case strings.IndexByte("yYnNtTfFoO", c) >= 0:
		if len(s) > len("FALSE") { // the longest bool and null words
			return tagStr
		}
		if boolPattern.MatchString(s) {
			return tagBool
		}
		if (c == 'n' || c == 'N') && nullPattern.MatchString(s) {
			return tagNull
		}
	case strings.IndexByte("-+0123456789.", c) >= 0:
		if strings.IndexFunc(s, notNumeric) >= 0 {
			return tagStr
		}
		if floatPattern.MatchString(s) {
			return tagFloat
		}
		if c != '.' && intPattern.MatchString(s) {
			return tagInt
		}
		if c >= '0' && c <= '9' && timestampImplicit.MatchString(s) {
			return tagTimestamp
		}
	case c == '~':
		if s == "~" {
			return tagNull
		}
	case c == '<':
		if s == "<<" {
			return tagMerge
		}
	case c == '=':
		if s == "=" {
			return tagValue
		}
	case c == '!' || c == '&' || c == '*':
		if len(s) == 1 {
			return tagYAML
		}
	}
	return tagStr
}

// notNumeric reports a character that no number or timestamp holds.
func notNumeric(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
		return false
	}
	return !strings.ContainsRune("_:.+- \tinfINFxtTZ", r)
}

// constructBool is construct_yaml_bool.
func constructBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "on":
		return true, nil
	case "no", "false", "off":
		return false, nil
	}
	return false, fmt.Errorf("invalid boolean %q", s)
}

// constructInt is construct_yaml_int: underscores dropped, 0b, 0x and a
// leading 0 (octal) prefixes, base-60 with colons. Python's ints are
// unbounded; a value beyond int64 becomes a *big.Int.
func constructInt(s string) (any, error) {
	v := strings.ReplaceAll(s, "_", "")
	neg := false
	if v != "" && (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-'
		v = v[1:]
	}
	if v == "" {
		return nil, fmt.Errorf("invalid literal for int() with base 10: %q", s)
	}
	base := 10
	switch {
	case v == "0":
		return int64(0), nil
	case strings.HasPrefix(v, "0b"):
		base, v = 2, v[2:]
	case strings.HasPrefix(v, "0x"):
		base, v = 16, v[2:]
	case v[0] == '0':
		base = 8
	case strings.Contains(v, ":"):
		var total int64
		for _, part := range strings.Split(v, ":") {
			d, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("invalid literal for int() with base 10: %q", part)
			}
			total = total*60 + d
		}
		if neg {
			total = -total
		}
		return total, nil
	}
	if base == 10 { // Python limits the digits it reads in bases that are not powers of two
		if err := data.IntDigitsError(v); err != nil {
			return nil, err
		}
	}
	u, err := strconv.ParseUint(v, base, 64)
	if err == nil && u <= math.MaxInt64 {
		if neg {
			return -int64(u), nil
		}
		return int64(u), nil
	}
	if err != nil && !isRangeError(err) {
		return nil, fmt.Errorf("invalid literal for int() with base %d: %q", base, v)
	}
	i, ok := new(big.Int).SetString(v, base)
	if !ok {
		return nil, fmt.Errorf("invalid literal for int() with base %d: %q", base, v)
	}
	if neg {
		i.Neg(i)
	}
	return data.Int(i), nil
}

func isRangeError(err error) bool {
	return errors.Is(err, strconv.ErrRange)
}

// constructFloat is construct_yaml_float: underscores dropped, .inf and
// .nan in any case, base-60 with colons.
func constructFloat(s string) (float64, error) {
	v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	sign := 1.0
	if v != "" && (v[0] == '-' || v[0] == '+') {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	switch v {
	case ".inf":
		return sign * math.Inf(1), nil
	case ".nan":
		return math.NaN(), nil
	}
	if strings.Contains(v, ":") {
		var total float64
		for _, part := range strings.Split(v, ":") {
			d, err := parsePythonFloat(part)
			if err != nil {
				return 0, err
			}
			total = total*60 + d
		}
		return sign * total, nil
	}
	f, err := parsePythonFloat(v)
	if err != nil {
		return 0, err
	}
	return sign * f, nil
}

// parsePythonFloat is Python's float() of a string the resolver or an
// explicit !!float tag let through ("1.", "1e3", "inf").
func parsePythonFloat(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, ".") {
		t += "0"
	}
	if strings.ContainsAny(t, "xXpP") { // Go would read hex floats
		return 0, fmt.Errorf("could not convert string to float: %q", s)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !isRangeError(err) {
		return 0, fmt.Errorf("could not convert string to float: %q", s)
	}
	return f, nil
}

// constructTimestamp is construct_yaml_timestamp followed by Python's
// str() of the date or datetime it builds: "2001-12-14",
// "2001-12-14 21:59:43.100000-05:00". The data model has no datetime, and
// str() is what Mistral shows and stores for one.
func constructTimestamp(s string) (string, error) {
	m := timestampParts.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("invalid timestamp %q", s)
	}
	num := func(i int) int {
		n, _ := strconv.Atoi(m[i])
		return n
	}
	year, month, day := num(1), num(2), num(3)
	if year < 1 {
		return "", fmt.Errorf("year %d is out of range", year)
	}
	if month < 1 || month > 12 {
		return "", errors.New("month must be in 1..12")
	}
	if day < 1 || day > daysIn(year, month) {
		return "", errors.New("day is out of range for month")
	}
	date := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	if m[4] == "" {
		return date, nil
	}
	hour, minute, second := num(4), num(5), num(6)
	switch {
	case hour > 23:
		return "", errors.New("hour must be in 0..23")
	case minute > 59:
		return "", errors.New("minute must be in 0..59")
	case second > 59:
		return "", errors.New("second must be in 0..59")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %02d:%02d:%02d", date, hour, minute, second)
	if frac := m[7]; frac != "" {
		frac = (frac + "000000")[:6]
		if frac != "000000" {
			b.WriteString("." + frac)
		}
	}
	switch {
	case m[9] != "":
		minutes := num(10)*60 + num(11)
		if minutes >= 24*60 {
			return "", errors.New("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)")
		}
		sign := m[9]
		if minutes == 0 {
			sign = "+"
		}
		fmt.Fprintf(&b, "%s%02d:%02d", sign, minutes/60, minutes%60)
	case m[8] == "Z":
		b.WriteString("+00:00")
	}
	return b.String(), nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// timestampRepr is Python's repr of the date or datetime PyYAML builds for
// a timestamp, given the text constructTimestamp made of it
// ("2001-12-14 21:59:43.100000-05:00"): seconds and microseconds are left
// out when zero, an offset is a datetime.timezone of a timedelta.
func timestampRepr(text string) string {
	var y, mo, d int
	fmt.Sscanf(text, "%d-%d-%d", &y, &mo, &d)
	if len(text) == len("2006-01-02") {
		return fmt.Sprintf("datetime.date(%d, %d, %d)", y, mo, d)
	}
	rest := text[len("2006-01-02 "):]
	var h, mi, s int
	fmt.Sscanf(rest, "%d:%d:%d", &h, &mi, &s)
	rest = rest[len("15:04:05"):]
	micro := 0
	if strings.HasPrefix(rest, ".") {
		micro, _ = strconv.Atoi(rest[1:7])
		rest = rest[7:]
	}
	parts := []int{y, mo, d, h, mi, s, micro}
	if micro == 0 {
		parts = parts[:6]
		if s == 0 {
			parts = parts[:5]
		}
	}
	strs := make([]string, len(parts))
	for i, p := range parts {
		strs[i] = strconv.Itoa(p)
	}
	out := "datetime.datetime(" + strings.Join(strs, ", ")
	if rest != "" {
		var oh, om int
		fmt.Sscanf(rest[1:], "%d:%d", &oh, &om)
		seconds := oh*3600 + om*60
		if rest[0] == '-' {
			seconds = -seconds
		}
		out += ", tzinfo=" + timezoneRepr(seconds)
	}
	return out + ")"
}

// timezoneRepr is the repr of datetime.timezone(timedelta(seconds=...)).
func timezoneRepr(seconds int) string {
	if seconds == 0 {
		return "datetime.timezone.utc"
	}
	days := 0
	if seconds < 0 {
		days = -1
		seconds += 24 * 3600
	}
	var args []string
	if days != 0 {
		args = append(args, fmt.Sprintf("days=%d", days))
	}
	if seconds != 0 {
		args = append(args, fmt.Sprintf("seconds=%d", seconds))
	}
	return "datetime.timezone(datetime.timedelta(" + strings.Join(args, ", ") + "))"
}

// bytesRepr is Python's repr of bytes.
func bytesRepr(b []byte) string {
	quote := byte('\'')
	if bytes.IndexByte(b, '\'') >= 0 && bytes.IndexByte(b, '"') < 0 {
		quote = '"'
	}
	var sb strings.Builder
	sb.WriteString("b")
	sb.WriteByte(quote)
	for _, c := range b {
		switch {
		case c == quote || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&sb, `\x%02x`, c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(quote)
	return sb.String()
}

// setRepr is Python's repr of the set PyYAML builds for !!set, its members
// in the document's order (Python's is by hash).
func setRepr(members []any) string {
	if len(members) == 0 {
		return "set()"
	}
	reprs := make([]string, len(members))
	for i, m := range members {
		reprs[i] = data.Repr(m)
	}
	return "{" + strings.Join(reprs, ", ") + "}"
}
