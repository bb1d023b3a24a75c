package engine

import (
	"errors"
	"fmt"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// CronSchedule is a cron trigger pattern as Mistral 15's croniter reads it:
// five fields (minute hour day-of-month month day-of-week) or six (seconds
// last), or an alias such as @daily. Besides the usual lists, ranges and
// steps it takes names (jan, sun), 7 and ranges ending in 0 or 7 for
// Sunday, L for the last day of the month, and day-of-week items d#n (the
// n-th weekday d of the month) and Ld (the last one). Times are UTC.
type CronSchedule struct {
	// The allowed values of each field, as bit sets.
	seconds, minutes, hours, days, months, weekdays uint64
	// lastDay is L in the day-of-month field.
	lastDay bool
	// nth holds the day-of-week items d#n and Ld: weekday -> bit n set
	// for d#n, bit 0 for Ld. When set, it replaces weekdays.
	nth map[int]uint8
	// daysAll and weekdaysAll say the field allows any value ('*', or a
	// list of every value): a pattern with both fields restricted matches
	// a day that either allows.
	daysAll, weekdaysAll bool
	withSeconds          bool
}

// ErrNoNextCronTime is croniter's "failed to find next date": no time
// within cronSearchYears matches the pattern (the 31st of April).
var ErrNoNextCronTime = errors.New("failed to find next date")

// cronSearchYears bounds how far ahead Next looks for a matching day.
const cronSearchYears = 50

// cronAliases are croniter's pattern aliases (any case).
var cronAliases = map[string]string{
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
	"@daily":    "0 0 * * *",
	"@weekly":   "0 0 * * 0",
	"@monthly":  "0 0 1 * *",
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
}

// cronField is what croniter allows in one field.
type cronField struct {
	min, max int
	names    map[string]int
	all      int // how many distinct values mean "any"
}

var (
	cronMonthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
	cronDayNames = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

	// Field indexes in the pattern: minute, hour, day, month, weekday,
	// second.
	cronFields = []cronField{
		{min: 0, max: 59, all: 60},
		{min: 0, max: 23, all: 24},
		{min: 1, max: 31, all: 31},
		{min: 1, max: 12, names: cronMonthNames, all: 12},
		{min: 0, max: 7, names: cronDayNames, all: 7},
		{min: 0, max: 59, all: 60},
	}

	cronRangeRe   = regexp.MustCompile(`^([^-]+)-([^-/]+)(/(.*))?$`)
	cronStartRe   = regexp.MustCompile(`^(.+)/(.+)$`)
	cronNthRe     = regexp.MustCompile(`^(\w+)#(\d+)$|^l(\d+)$`)
	cronNumberRe  = regexp.MustCompile(`^\d+$`)
	cronHasNumber = regexp.MustCompile(`\d`)
)

const (
	fieldDay     = 2
	fieldWeekday = 4
)

// ParseCronPattern reads a cron trigger pattern as croniter does; an error
// means croniter refuses it.
func ParseCronPattern(pattern string) (*CronSchedule, error) {
	text := strings.ToLower(pattern)
	if alias, ok := cronAliases[text]; ok {
		text = alias
	}
	fields := strings.Fields(text)
	if len(fields) != 5 && len(fields) != 6 {
		return nil, fmt.Errorf("cron pattern %q: %d fields, want 5 or 6", pattern, len(fields))
	}
	s := &CronSchedule{withSeconds: len(fields) == 6, seconds: 1}
	for i, f := range fields {
		if err := s.parseField(i, f); err != nil {
			return nil, fmt.Errorf("cron pattern %q: field %q: %w", pattern, f, err)
		}
	}
	return s, nil
}

// parseField reads field i of a pattern into s.
func (s *CronSchedule) parseField(i int, text string) error {
	spec := cronFields[i]
	var set uint64
	star, last := false, false
	items := strings.Split(text, ",")
	special := 0
	for _, item := range items {
		if i == fieldWeekday && cronNthRe.MatchString(item) {
			special++
		}
	}
	if special > 0 {
		if special < len(items) {
			return errors.New("L or # items cannot be combined with other values")
		}
		return s.parseNth(items)
	}
	var values []string
	for _, item := range items {
		if strings.HasPrefix(item, "*/") {
			item = fmt.Sprintf("%d-%d%s", spec.min, spec.max, item[1:])
		}
		m := cronRangeRe.FindStringSubmatch(item)
		if m == nil && cronStartRe.MatchString(item) {
			sm := cronStartRe.FindStringSubmatch(item)
			m = cronRangeRe.FindStringSubmatch(fmt.Sprintf("%s-%d/%s", sm[1], spec.max, sm[2]))
		}
		if m == nil {
			values = append(values, item)
			continue
		}
		low, high, step := m[1], m[2], m[4]
		if step == "" {
			step = "1"
		}
		if i == fieldDay && high == "l" {
			high = "31"
		}
		lo, err := cronValue(spec, low)
		if err != nil {
			return err
		}
		hi, err := cronValue(spec, high)
		if err != nil {
			return err
		}
		if lo > hi {
			if i != fieldWeekday || hi != 0 {
				return fmt.Errorf("range %s-%s goes backwards", low, high)
			}
			hi = 7 // -sun
		}
		n, err := strconv.Atoi(step)
		if err != nil || !cronNumberRe.MatchString(step) || n == 0 {
			return fmt.Errorf("bad step %q", step)
		}
		if hi > spec.max {
			return fmt.Errorf("%d is out of range", hi)
		}
		for v := lo; v <= hi; v += n {
			values = append(values, strconv.Itoa(v))
		}
	}
	for _, v := range values {
		switch {
		case v == "*":
			star = true
			for n := spec.min; n <= spec.max; n++ {
				set |= 1 << n
			}
			continue
		case v == "l" && i == fieldDay:
			last = true
			continue
		case strings.HasPrefix(v, "-"):
			return errors.New("negative numbers are not allowed")
		}
		n, err := cronValue(spec, v)
		if err != nil {
			return err
		}
		n = s.lowMap(i, n)
		if n < spec.min || n > spec.max {
			return fmt.Errorf("%d is out of range", n)
		}
		set |= 1 << n
	}
	// croniter's test is on the first value of the sorted field, where
	// '*' comes first: a '*' anywhere in a list makes the field '*'.
	all := star || (!last && bits.OnesCount64(set) == spec.all)
	switch i {
	case 0:
		s.minutes = set
	case 1:
		s.hours = set
	case fieldDay:
		s.days, s.lastDay, s.daysAll = set, last, all
	case 3:
		s.months = set
	case fieldWeekday:
		s.weekdays, s.weekdaysAll = set, all
	case 5:
		s.seconds = set
	}
	return nil
}

// lowMap is croniter's LOWMAP: Sunday 7 is 0 in the five-field form, a day
// of month 0 is 1 in the six-field form.
func (s *CronSchedule) lowMap(field, n int) int {
	switch {
	case field == fieldWeekday && n == 7 && !s.withSeconds:
		return 0
	case field == fieldDay && n == 0 && s.withSeconds:
		return 1
	}
	return n
}

// parseNth reads a day-of-week field of d#n and Ld items only.
func (s *CronSchedule) parseNth(items []string) error {
	s.nth = map[int]uint8{}
	for _, item := range items {
		m := cronNthRe.FindStringSubmatch(item)
		day, bit := m[1], 0
		if m[3] != "" {
			day = m[3]
		} else {
			n, err := strconv.Atoi(m[2])
			if err != nil || n < 1 || n > 5 {
				return fmt.Errorf("bad day of week %q", item)
			}
			bit = n
		}
		d, err := cronValue(cronFields[fieldWeekday], day)
		if err != nil {
			return err
		}
		d = s.lowMap(fieldWeekday, d)
		if d > 7 {
			return fmt.Errorf("%d is out of range", d)
		}
		s.nth[d] |= 1 << bit
		s.weekdays |= 1 << d
	}
	return nil
}

// cronValue reads a number or a name of field spec.
func cronValue(spec cronField, text string) (int, error) {
	if !cronHasNumber.MatchString(text) {
		n, ok := spec.names[text]
		if !ok {
			return 0, fmt.Errorf("unknown name %q", text)
		}
		return n, nil
	}
	if !cronNumberRe.MatchString(text) {
		return 0, fmt.Errorf("bad number %q", text)
	}
	return strconv.Atoi(text)
}

// Next returns the first time after t that the pattern matches, or
// ErrNoNextCronTime. As croniter does, a pattern restricting both the
// day of month and the day of week matches either, and fails when either
// alone never matches (0 0 30 2 0).
func (s *CronSchedule) Next(t time.Time) (time.Time, error) {
	t = t.UTC()
	if s.withSeconds {
		t = t.Truncate(time.Second).Add(time.Second)
	} else {
		t = t.Truncate(time.Minute).Add(time.Minute)
	}
	if s.daysAll || s.weekdaysAll {
		return s.search(t, true, true)
	}
	byDay, err := s.search(t, true, s.nth != nil)
	if err != nil {
		return time.Time{}, err
	}
	byWeekday, err := s.search(t, false, true)
	if err != nil {
		return time.Time{}, err
	}
	if byWeekday.Before(byDay) {
		return byWeekday, nil
	}
	return byDay, nil
}

// search returns the first matching time at or after t, checking the day of
// month and the day of week as told.
func (s *CronSchedule) search(t time.Time, checkDay, checkWeekday bool) (time.Time, error) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	end := day.AddDate(cronSearchYears, 0, 0)
	for first := true; day.Before(end); day, first = day.AddDate(0, 0, 1), false {
		if !s.dayMatches(day, checkDay, checkWeekday) {
			continue
		}
		from := day
		if first {
			from = t
		}
		if at, ok := s.timeOfDay(from); ok {
			return at, nil
		}
	}
	return time.Time{}, ErrNoNextCronTime
}

// dayMatches says whether the pattern allows the day d.
func (s *CronSchedule) dayMatches(d time.Time, checkDay, checkWeekday bool) bool {
	if s.months&(1<<int(d.Month())) == 0 {
		return false
	}
	monthDays := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if checkDay && s.days&(1<<d.Day()) == 0 && !(s.lastDay && d.Day() == monthDays) {
		return false
	}
	if !checkWeekday {
		return true
	}
	wd := int(d.Weekday())
	if s.nth == nil {
		return s.weekdays&(1<<wd) != 0
	}
	want := s.nth[wd]
	return want&(1<<((d.Day()-1)/7+1)) != 0 || (want&1 != 0 && d.Day()+7 > monthDays)
}

// timeOfDay returns the first allowed time of from's day at or after from.
func (s *CronSchedule) timeOfDay(from time.Time) (time.Time, bool) {
	start := from.Hour()*3600 + from.Minute()*60 + from.Second()
	for h := from.Hour(); h < 24; h++ {
		if s.hours&(1<<h) == 0 {
			continue
		}
		for m := 0; m < 60; m++ {
			if s.minutes&(1<<m) == 0 {
				continue
			}
			for sec := 0; sec < 60; sec++ {
				if s.seconds&(1<<sec) != 0 && h*3600+m*60+sec >= start {
					return time.Date(from.Year(), from.Month(), from.Day(), h, m, sec, 0, time.UTC), true
				}
			}
		}
	}
	return time.Time{}, false
}
