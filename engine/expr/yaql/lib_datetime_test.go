package yaql

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestDatetimeOutputs: what a datetime or timedelta becomes when Mistral
// serialises it, and glibc's strftime directives; recorded on Mistral 15.
func TestDatetimeOutputs(t *testing.T) {
	tests := []struct {
		expr string
		want string // JSON text of the result
	}{
		// oslo's to_primitive: the wall clock with microseconds, no offset
		{"datetime(2021, 1, 2, 3, 4, 5)", `"2021-01-02T03:04:05.000000"`},
		{"datetime(2021, 1, 2, 3, 4, 5, 678000)", `"2021-01-02T03:04:05.678000"`},
		{"datetime(2021, 3, 4, 5, 6, 7, 0, timespan(hours => -5))", `"2021-03-04T05:06:07.000000"`},
		{"datetime(1, 1, 1)", `"1-01-01T00:00:00.000000"`},
		{"[datetime(2021, 3, 4)]", `["2021-03-04T00:00:00.000000"]`},
		{"json_dump(datetime(2021, 1, 2, 3, 4, 5))", `"\"2021-01-02T03:04:05.000000\""`},
		{"yaml_dump(datetime(2021, 1, 2, 3, 4, 5))", `"2021-01-02 03:04:05+00:00\n...\n"`},
		{"yaml_dump({a => datetime(2021, 1, 2)})", `"a: 2021-01-02 00:00:00+00:00\n"`},
		{"datetime(2021, 1, 3, 4, 5, 6).format('%U|%W|%u|%V|%G|%g|%C|%e|%D|%F|%T|%R')",
			`"01|00|7|53|2020|20|20| 3|01/03/21|2021-01-03|04:05:06|04:05"`},
		{"datetime(2021, 1, 3, 14, 5, 6).format('%c|%x|%X|%k|%l|%P|%r|%n|%t|%E|%y')",
			`"Sun Jan  3 14:05:06 2021|01/03/21|14:05:06|14| 2|pm|02:05:06 PM|\n|\t|%E|21"`},
		{"datetime(2024, 12, 30).format('%U|%W|%V|%G|%u|%j')", `"52|53|01|2025|1|365"`},
		{"datetime(2023, 1, 1).format('%U|%W|%V|%G')", `"01|00|52|2022"`},
		{"datetime(2021, 1, 3, 0, 0, 0, 0, timespan(hours => 2)).format('%z %Z')", `"+0200 "`},
		// utc is dt - dt.utcoffset() in yaql: the zone stays, and
		// timestamp, taken from utc, counts the offset twice.
		{"str(datetime(2020, 1, 2, offset => timespan(hours => 2)).utc)", `"2020-01-01 22:00:00+02:00"`},
		{"str(datetime(2020, 1, 2, offset => timespan(hours => -3)).utc.utc)", `"2020-01-02 06:00:00-03:00"`},
		{"datetime(2020, 1, 2, offset => timespan(hours => 2)).utc.hour", `22`},
		{"datetime(2020, 1, 2, offset => timespan(hours => 2)).timestamp", `1577908800.0`},
		{"datetime('2020-01-02T00:00:00-05:00').timestamp", `1577959200.0`},
		{"datetime(2020, 1, 2).timestamp", `1577923200.0`},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, nil, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		b, err := data.Encode(v)
		if err != nil {
			t.Errorf("%s: encode: %v", tt.expr, err)
			continue
		}
		if string(b) != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, b, tt.want)
		}
	}
	errs := map[string]string{
		"json_dump({a => [timespan(hours => 1)]})": "Circular reference detected",
		"yaml_dump(timespan(hours => 1))":          "('cannot represent an object', datetime.timedelta(seconds=3600))",
		"yaml_dump(timespan(seconds => -1))":       "('cannot represent an object', datetime.timedelta(days=-1, seconds=86399))",
		"yaml_dump([set(2, 1)])":                   "('cannot represent an object', frozenset({1, 2}))",
	}
	for text, want := range errs {
		if _, err := eval(t, text, nil, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}
