package yaql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// dateTime is a timezone-aware datetime (yaql makes every datetime aware).
type dateTime struct{ t time.Time }

// timeSpan is a timedelta in microseconds.
type timeSpan int64

const (
	usSecond = int64(1_000_000)
	usDay    = 86400 * usSecond
)

// JSONValue is what oslo's to_primitive makes of a datetime when Mistral
// serialises a result: strftime("%Y-%m-%dT%H:%M:%S.%f") of the wall
// clock, without the offset (the year is not padded, as glibc's %Y).
func (d dateTime) JSONValue() any {
	t := d.t
	return strconv.Itoa(t.Year()) + t.Format("-01-02T15:04:05") + fmt.Sprintf(".%06d", t.Nanosecond()/1000)
}

func (d dateTime) PythonStr() string { return d.isoformat(" ") }

// YAMLTimestamp is PyYAML's represent_datetime: isoformat(" ").
func (d dateTime) YAMLTimestamp() string { return d.isoformat(" ") }
func (d dateTime) Truthy() bool          { return true }

// PythonRepr is repr() of yaql's datetime, which dateutil makes aware: the
// fields down to the last of second and microsecond that is not zero, and
// the tzinfo, tzutc() or tzoffset(None, seconds).
func (d dateTime) PythonRepr() string {
	t := d.t
	s := fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute())
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(", %d, %d", t.Second(), us)
	} else if t.Second() != 0 {
		s += fmt.Sprintf(", %d", t.Second())
	}
	if _, off := t.Zone(); off != 0 {
		return s + fmt.Sprintf(", tzinfo=tzoffset(None, %d))", off)
	}
	return s + ", tzinfo=tzutc())"
}

// isoformat is Python's datetime.isoformat(sep) for aware datetimes.
func (d dateTime) isoformat(sep string) string {
	t := d.t
	s := t.Format("2006-01-02" + sep + "15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s += fmt.Sprintf("%s%02d:%02d", sign, off/3600, off/60%60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

func (d dateTime) add(ts timeSpan) dateTime {
	return dateTime{d.t.Add(time.Duration(ts) * time.Microsecond)}
}

func (d dateTime) sub(o dateTime) timeSpan { return timeSpan(d.t.Sub(o.t) / time.Microsecond) }

func (d dateTime) property(name string) (any, bool) {
	t := d.t
	switch name {
	case "year":
		return int64(t.Year()), true
	case "month":
		return int64(t.Month()), true
	case "day":
		return int64(t.Day()), true
	case "hour":
		return int64(t.Hour()), true
	case "minute":
		return int64(t.Minute()), true
	case "second":
		return int64(t.Second()), true
	case "microsecond":
		return int64(t.Nanosecond() / 1000), true
	case "weekday":
		return int64((t.Weekday() + 6) % 7), true
	case "date":
		return dateTime{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())}, true
	case "time":
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
		return timeSpan(t.Sub(day) / time.Microsecond), true
	case "utc":
		// yaql subtracts the offset and keeps the zone: the wall clock
		// shows UTC, but the instant moves by the offset.
		_, off := t.Zone()
		return dateTime{t.Add(-time.Duration(off) * time.Second)}, true
	case "offset":
		_, off := t.Zone()
		return timeSpan(int64(off) * usSecond), true
	case "timestamp":
		// Seconds from the epoch to yaql's utc (above): an offset counts twice.
		_, off := t.Zone()
		return float64(t.UnixMicro()-int64(off)*1e6) / 1e6, true
	}
	return nil, false
}

func (ts timeSpan) JSONValue() any { return ts.PythonStr() }

// PythonRepr is repr(timedelta): its non-zero days, seconds and
// microseconds (days may be negative, the others are not).
func (ts timeSpan) PythonRepr() string {
	us := int64(ts)
	days := us / (86400 * usSecond)
	rest := us % (86400 * usSecond)
	if rest < 0 {
		days, rest = days-1, rest+86400*usSecond
	}
	var parts []string
	if days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", days))
	}
	if s := rest / usSecond; s != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", s))
	}
	if m := rest % usSecond; m != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", m))
	}
	if parts == nil {
		return "datetime.timedelta(0)"
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}
func (ts timeSpan) Truthy() bool { return ts != 0 }

// PythonStr is str(timedelta): "1 day, 2:03:04.000005".
func (ts timeSpan) PythonStr() string {
	us := int64(ts)
	days := us / usDay
	rem := us % usDay
	if rem < 0 {
		rem += usDay
		days--
	}
	secs := rem / usSecond
	micro := rem % usSecond
	s := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if micro != 0 {
		s += fmt.Sprintf(".%06d", micro)
	}
	if days != 0 {
		unit := "days"
		if days == 1 || days == -1 {
			unit = "day"
		}
		s = fmt.Sprintf("%d %s, %s", days, unit, s)
	}
	return s
}

func (ts timeSpan) mul(f float64) timeSpan { return timeSpan(math.RoundToEven(float64(ts) * f)) }

func (ts timeSpan) property(name string) (any, bool) {
	us := float64(ts)
	switch name {
	case "microseconds":
		return int64(ts), true
	case "milliseconds":
		return us / 1e3, true
	case "seconds":
		return us / 1e6, true
	case "minutes":
		return us / 6e7, true
	case "hours":
		return us / 3.6e9, true
	case "days":
		return us / 8.64e10, true
	}
	return nil, false
}

func zone(offset timeSpan) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	return time.FixedZone("", int(int64(offset)/usSecond))
}

func registerDatetime(l library) {
	l.fn("datetime", func(c *call) any {
		return newDateTime(c.int(0), c.int(1), c.int(2), c.int(3), c.int(4), c.int(5), c.int(6), zone(c.a[7].(timeSpan)))
	}, p("year", isInt), p("month", isInt), p("day", isInt), opt("hour", isInt, int64(0)), opt("minute", isInt, int64(0)),
		opt("second", isInt, int64(0)), opt("microsecond", isInt, int64(0)), opt("offset", isTS, timeSpan(0)))
	l.fn("datetime", func(c *call) any {
		f := toFloat(c.a[0])
		sec, frac := math.Modf(f)
		t := time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000)
		return dateTime{t.In(zone(c.a[1].(timeSpan)))}
	}, p("timestamp", isNumV), opt("offset", isTS, timeSpan(0)))
	l.fn("datetime", func(c *call) any {
		if f, ok := c.a[1].(string); ok && f != "" {
			return strptime(c.str(0), f)
		}
		return parseDate(c.str(0))
	}, p("string", isStr), opt("format", orNull(isStr), nil))
	l.fn("timespan", func(c *call) any {
		us := c.int(0)*usDay + c.int(1)*3600*usSecond + c.int(2)*60*usSecond + c.int(3)*usSecond + c.int(4)*1000 + c.int(5)
		return timeSpan(us)
	}, opt("days", isInt, int64(0)), opt("hours", isInt, int64(0)), opt("minutes", isInt, int64(0)),
		opt("seconds", isInt, int64(0)), opt("milliseconds", isInt, int64(0)), opt("microseconds", isInt, int64(0)))
	l.fn("now", func(c *call) any { return dateTime{time.Now().In(zone(c.a[0].(timeSpan)))} }, opt("offset", isTS, timeSpan(0)))
	l.fn("localtz", func(c *call) any {
		_, off := time.Now().Zone()
		return timeSpan(int64(off) * usSecond)
	})
	l.fn("utctz", func(c *call) any { return timeSpan(0) })
	l.fn("isDatetime", func(c *call) any { return isDT(c.a[0]) }, p("value", nil))
	l.fn("isTimespan", func(c *call) any { return isTS(c.a[0]) }, p("value", nil))
	l.meth("format", func(c *call) any { return strftime(c.a[0].(dateTime).t, c.str(1)) }, p("dt", isDT), p("format", isStr))
	l.meth("replace", func(c *call) any {
		t := c.a[0].(dateTime).t
		get := func(i int, cur int) int64 {
			if n, ok := c.a[i].(int64); ok {
				return n
			}
			return int64(cur)
		}
		loc := t.Location()
		if off, ok := c.a[8].(timeSpan); ok {
			loc = zone(off)
		}
		// Python's datetime.replace validates the fields as the
		// constructor does: no normalisation of overflowing values.
		return newDateTime(get(1, t.Year()), get(2, int(t.Month())), get(3, t.Day()),
			get(4, t.Hour()), get(5, t.Minute()), get(6, t.Second()), get(7, t.Nanosecond()/1000), loc)
	}, p("dt", isDT), opt("year", orNull(isInt), nil), opt("month", orNull(isInt), nil), opt("day", orNull(isInt), nil),
		opt("hour", orNull(isInt), nil), opt("minute", orNull(isInt), nil), opt("second", orNull(isInt), nil),
		opt("microsecond", orNull(isInt), nil), opt("offset", orNull(isTS), nil))
}

// newDateTime builds a datetime from its fields, rejecting out-of-range
// ones with Python's messages, checked in Python's order.
func newDateTime(y, mo, d, h, mi, s, us int64, loc *time.Location) dateTime {
	switch {
	case y < 1 || y > 9999:
		throwf("year %d is out of range", y)
	case mo < 1 || mo > 12:
		throw("month must be in 1..12")
	case d < 1 || d > int64(daysIn(int(y), time.Month(mo))):
		throw("day is out of range for month")
	case h < 0 || h > 23:
		throw("hour must be in 0..23")
	case mi < 0 || mi > 59:
		throw("minute must be in 0..59")
	case s < 0 || s > 59:
		throw("second must be in 0..59")
	case us < 0 || us > 999999:
		throw("microsecond must be in 0..999999")
	}
	return dateTime{time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), int(s), int(us)*1000, loc)}
}

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// glibcComposite are the strftime directives glibc spells with others.
var glibcComposite = map[byte]string{
	'c': "%a %b %e %H:%M:%S %Y",
	'x': "%m/%d/%y",
	'D': "%m/%d/%y",
	'X': "%H:%M:%S",
	'T': "%H:%M:%S",
	'F': "%Y-%m-%d",
	'R': "%H:%M",
	'r': "%I:%M:%S %p",
}

// glibcBadE and glibcBadO are the conversions glibc rejects after the E
// and O modifiers (it then copies the directive as it is).
const (
	glibcBadE = "aAbBdDeFgGhHIjklmMSUVwW"
	glibcBadO = "aAcDFxXY"
)

// strftime is Python's datetime.strftime on Linux: Python itself
// replaces %z, %Z and %f, then hands the rest to glibc's strftime (C
// locale, the server's zone being UTC), whose flags (_ - 0 ^ #), field
// widths and E/O modifiers it honours.
func strftime(t time.Time, f string) string {
	var pre strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			pre.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'f':
			fmt.Fprintf(&pre, "%06d", t.Nanosecond()/1000)
		case 'z':
			pre.WriteString(t.Format("-0700"))
		case 'Z':
			// yaql's offsets are dateutil tzoffset(None, ...): no name
			if _, off := t.Zone(); off == 0 {
				pre.WriteString("UTC")
			}
		default:
			pre.WriteByte('%')
			pre.WriteByte(f[i])
		}
	}
	format := pre.String()
	out := glibcStrftime(t, format)
	// Python's time.strftime gives up (returning "") once the result
	// outgrows 256 times the format's length.
	for size := 1024; len(out) >= size; size += size {
		if size >= 256*len(format) {
			return ""
		}
	}
	return out
}

// glibcStrftime is glibc's strftime in the C locale.
func glibcStrftime(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		start := i
		var pad byte
		upcase, swapcase := false, false
		j := i + 1
	flags:
		for ; j < len(f); j++ {
			switch f[j] {
			case '_', '-', '0':
				pad = f[j]
			case '^':
				upcase = true
			case '#':
				swapcase = true
			default:
				break flags
			}
		}
		width := -1
		for ; j < len(f) && f[j] >= '0' && f[j] <= '9'; j++ {
			if width < 0 {
				width = 0
			}
			if width < 1<<20 {
				width = width*10 + int(f[j]-'0')
			}
		}
		var mod byte
		if j < len(f) && (f[j] == 'E' || f[j] == 'O') {
			mod = f[j]
			j++
		}
		if j >= len(f) { // a directive cut short by the end of the format
			b.WriteString(glibcPad(glibcCase(f[start:], upcase, false), width, pad))
			break
		}
		i = j
		c := f[j]
		if (mod == 'E' && strings.IndexByte(glibcBadE, c) >= 0) || (mod == 'O' && strings.IndexByte(glibcBadO, c) >= 0) {
			b.WriteString(glibcPad(glibcCase(f[start:j+1], upcase, false), width, pad))
			continue
		}
		num := func(digits int, v int, spacePad bool) {
			p := pad
			if p == 0 && spacePad {
				p = '_'
			}
			s := strconv.Itoa(v)
			if p == '-' {
				b.WriteString(glibcPad(s, width, p))
				return
			}
			w := max(digits, width)
			fill := "0"
			if p == '_' {
				fill = " "
			}
			if len(s) < w {
				s = strings.Repeat(fill, w-len(s)) + s
			}
			b.WriteString(s)
		}
		str := func(s string, up, low bool) {
			b.WriteString(glibcPad(glibcCase(s, up, low), width, pad))
		}
		switch c {
		case 'a':
			str(t.Format("Mon"), upcase || swapcase, false)
		case 'A':
			str(t.Format("Monday"), upcase || swapcase, false)
		case 'b', 'h':
			str(t.Format("Jan"), upcase || swapcase, false)
		case 'B':
			str(t.Format("January"), upcase || swapcase, false)
		case 'p':
			str(t.Format("PM"), upcase && !swapcase, swapcase)
		case 'P':
			str(strings.ToLower(t.Format("PM")), false, true)
		case 'Z': // the server's zone
			str("UTC", upcase && !swapcase, swapcase)
		case 'n':
			str("\n", false, false)
		case 't':
			str("\t", false, false)
		case '%':
			str("%", false, false)
		case 'c', 'x', 'D', 'X', 'T', 'F', 'R', 'r':
			str(glibcStrftime(t, glibcComposite[c]), upcase, false)
		case 'C':
			num(1, t.Year()/100, false) // unpadded, as the year
		case 'd':
			num(2, t.Day(), false)
		case 'e':
			num(2, t.Day(), true)
		case 'H':
			num(2, t.Hour(), false)
		case 'k':
			num(2, t.Hour(), true)
		case 'I':
			num(2, (t.Hour()+11)%12+1, false)
		case 'l':
			num(2, (t.Hour()+11)%12+1, true)
		case 'j':
			num(3, t.YearDay(), false)
		case 'm':
			num(2, int(t.Month()), false)
		case 'M':
			num(2, t.Minute(), false)
		case 'S':
			num(2, t.Second(), false)
		case 'u':
			num(1, (int(t.Weekday())+6)%7+1, false)
		case 'w':
			num(1, int(t.Weekday()), false)
		case 'U': // weeks starting on Sunday; days before the first are week 0
			num(2, (t.YearDay()-1+7-int(t.Weekday()))/7, false)
		case 'W': // weeks starting on Monday
			num(2, (t.YearDay()-1+7-(int(t.Weekday())+6)%7)/7, false)
		case 'V':
			_, w := t.ISOWeek()
			num(2, w, false)
		case 'G':
			y, _ := t.ISOWeek()
			num(1, y, false) // glibc does not pad the year
		case 'g':
			y, _ := t.ISOWeek()
			num(2, y%100, false)
		case 'y':
			num(2, t.Year()%100, false)
		case 'Y':
			num(1, t.Year(), false)
		case 's': // the wall time read in the server's zone (UTC)
			wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
			s := strconv.FormatInt(wall.Unix(), 10)
			b.WriteString(glibcPad(s, width, pad))
		case 'z': // the server's offset, +0000
			p := pad
			if width < 0 {
				b.WriteByte('+')
				if p == '-' {
					b.WriteString("0")
				} else if p == '_' {
					b.WriteString("   0")
				} else {
					b.WriteString("0000")
				}
				break
			}
			b.WriteString(glibcPad("+", width, p))
			if p == '-' {
				b.WriteString("0")
			} else if p == '_' {
				b.WriteString(strings.Repeat(" ", max(width, 1)-1) + "0")
			} else {
				b.WriteString(strings.Repeat("0", max(width, 1)))
			}
		default:
			b.WriteString(glibcPad(glibcCase(f[start:j+1], upcase, false), width, pad))
		}
	}
	return b.String()
}

// glibcCase applies glibc's case flags to a directive's text: lowering
// wins over raising.
func glibcCase(s string, up, low bool) string {
	switch {
	case low:
		return strings.ToLower(s)
	case up:
		return strings.ToUpper(s)
	}
	return s
}

// glibcPad pads a directive's text on the left to the field width: with
// zeros under the 0 flag, else with spaces.
func glibcPad(s string, width int, pad byte) string {
	if width <= len(s) {
		return s
	}
	fill := " "
	if pad == '0' {
		fill = "0"
	}
	return strings.Repeat(fill, width-len(s)) + s
}

// strptime parses with a Python format; the result is UTC unless the
// format carries an offset.
func strptime(s, f string) dateTime {
	var layout strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			layout.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			layout.WriteString("2006")
		case 'y':
			layout.WriteString("06")
		case 'm':
			layout.WriteString("01")
		case 'd':
			layout.WriteString("02")
		case 'H':
			layout.WriteString("15")
		case 'I':
			layout.WriteString("03")
		case 'M':
			layout.WriteString("04")
		case 'S':
			layout.WriteString("05")
		case 'f':
			layout.WriteString("000000")
		case 'p':
			layout.WriteString("PM")
		case 'b':
			layout.WriteString("Jan")
		case 'B':
			layout.WriteString("January")
		case 'a':
			layout.WriteString("Mon")
		case 'A':
			layout.WriteString("Monday")
		case 'z':
			layout.WriteString("-0700")
		case '%':
			layout.WriteByte('%')
		default:
			throwf("'%c' is a bad directive in format '%s'", f[i], f)
		}
	}
	t, err := time.Parse(layout.String(), s)
	if err != nil {
		throwf("time data %s does not match format %s", data_StringRepr(s), data_StringRepr(f))
	}
	return dateTime{t}
}

// parseDate accepts the ISO-like forms dateutil's parser is mostly used for.
func parseDate(s string) dateTime {
	layouts := []string{
		time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02",
		time.RFC1123Z, time.RFC1123, time.ANSIC, "Jan 2 2006", "January 2 2006", "2 Jan 2006",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return dateTime{t}
		}
	}
	throwf("Unknown string format: %s", s)
	return dateTime{}
}

// PythonType is the Python type name of a datetime.
func (d dateTime) PythonType() string { return "datetime.datetime" }

// PythonType is the Python type name of a timespan.
func (ts timeSpan) PythonType() string { return "datetime.timedelta" }
