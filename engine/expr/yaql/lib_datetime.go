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
		return dateTime{t.UTC()}, true
	case "offset":
		_, off := t.Zone()
		return timeSpan(int64(off) * usSecond), true
	case "timestamp":
		return float64(t.UnixMicro()) / 1e6, true
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
		y, mo, d := c.int(0), c.int(1), c.int(2)
		h, mi, s, us := c.int(3), c.int(4), c.int(5), c.int(6)
		if mo < 1 || mo > 12 {
			throw("month must be in 1..12")
		}
		if d < 1 || d > int64(daysIn(int(y), time.Month(mo))) {
			throw("day is out of range for month")
		}
		if h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || us < 0 || us > 999999 {
			throw("hour must be in 0..23")
		}
		if y < 1 || y > 9999 {
			throwf("year %d is out of range", y)
		}
		return dateTime{time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), int(s), int(us)*1000, zone(c.a[7].(timeSpan)))}
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
		get := func(i int, cur int) int {
			if n, ok := c.a[i].(int64); ok {
				return int(n)
			}
			return cur
		}
		loc := t.Location()
		if off, ok := c.a[8].(timeSpan); ok {
			loc = zone(off)
		}
		return dateTime{time.Date(get(1, t.Year()), time.Month(get(2, int(t.Month()))), get(3, t.Day()),
			get(4, t.Hour()), get(5, t.Minute()), get(6, t.Second()), get(7, t.Nanosecond()/1000)*1000, loc)}
	}, p("dt", isDT), opt("year", orNull(isInt), nil), opt("month", orNull(isInt), nil), opt("day", orNull(isInt), nil),
		opt("hour", orNull(isInt), nil), opt("minute", orNull(isInt), nil), opt("second", orNull(isInt), nil),
		opt("microsecond", orNull(isInt), nil), opt("offset", orNull(isTS), nil))
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

// strftime is Python's strftime on Linux, which hands the format to glibc
// (C locale): the portable directives and glibc's own.
func strftime(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%d", t.Year()) // glibc does not pad the year
		case 'C':
			fmt.Fprintf(&b, "%02d", t.Year()/100)
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'k':
			fmt.Fprintf(&b, "%2d", t.Hour())
		case 'l':
			fmt.Fprintf(&b, "%2d", (t.Hour()+11)%12+1)
		case 'P':
			b.WriteString(strings.ToLower(t.Format("PM")))
		case 'u':
			fmt.Fprintf(&b, "%d", (int(t.Weekday())+6)%7+1)
		case 'U': // weeks starting on Sunday; days before the first are week 0
			fmt.Fprintf(&b, "%02d", (t.YearDay()-1+7-int(t.Weekday()))/7)
		case 'W': // weeks starting on Monday
			fmt.Fprintf(&b, "%02d", (t.YearDay()-1+7-(int(t.Weekday())+6)%7)/7)
		case 'V':
			_, w := t.ISOWeek()
			fmt.Fprintf(&b, "%02d", w)
		case 'G':
			y, _ := t.ISOWeek()
			fmt.Fprintf(&b, "%d", y)
		case 'g':
			y, _ := t.ISOWeek()
			fmt.Fprintf(&b, "%02d", y%100)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'c', 'x', 'D', 'X', 'T', 'F', 'R', 'r':
			b.WriteString(strftime(t, glibcComposite[f[i]]))
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%02d", h)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b', 'h':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'w':
			fmt.Fprintf(&b, "%d", int(t.Weekday()))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			// yaql's offsets are dateutil tzoffset(None, ...): no name
			if _, off := t.Zone(); off == 0 {
				b.WriteString("UTC")
			}
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
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
