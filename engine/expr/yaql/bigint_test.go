package yaql

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestBigInts checks integers beyond int64 against what Mistral 15's yaql
// gives: Python's ints are unbounded and stay exact.
func TestBigInts(t *testing.T) {
	ctx, _ := data.ParseString(`{"big": 12345678901234567890}`)
	tests := []struct{ expr, want string }{
		{"pow(2, 70)", "1180591620717411303424"},
		{"str(pow(2, 70))", `"1180591620717411303424"`},
		{"9223372036854775807 + 1", "9223372036854775808"},
		{"-9223372036854775807 - 2", "-9223372036854775809"},
		{"3 * 4000000000000000000", "12000000000000000000"},
		{"9223372036854775807 * 9223372036854775807", "85070591730234615847396907784232501249"},
		{"-(-9223372036854775807 - 1)", "9223372036854775808"},
		{"100000000000000000000 - 1", "99999999999999999999"},
		{"pow(2, 64) - pow(2, 64)", "0"},
		{"2.0 * pow(2, 70)", "2.3611832414348226e+21"},
		{"pow(2, 70) = 1180591620717411303424.0", "true"},
		{"pow(2, 70) > float('1e21')", "true"},
		{"pow(2, 63) = 9223372036854775808.0", "true"},
		{"9223372036854775807 = 9223372036854775808.0", "false"},
		{"pow(2, 70) / 3", "393530540239137101141"},
		{"-pow(2, 70) / 3", "-393530540239137101142"},
		{"pow(2, 70) mod 7", "2"},
		{"-pow(2, 70) mod 7", "5"},
		{"pow(2, 70) / 2.0", "5.902958103587057e+20"},
		{"abs(-pow(2, 70))", "1180591620717411303424"},
		{"int('123456789012345678901234')", "123456789012345678901234"},
		{"int(float('1e20'))", "100000000000000000000"},
		{"float(pow(2, 70))", "1.1805916207174113e+21"},
		{"str(-pow(2, 70))", `"-1180591620717411303424"`},
		{"[pow(2, 70), 1, pow(2, 64)].max()", "1180591620717411303424"},
		{"[pow(2, 70), 1, pow(2, 64)].min()", "1"},
		{"[pow(2, 70), 1, pow(2, 64)].sum()", "1199038364791120855041"},
		{"[pow(2, 70), 1, pow(2, 64)].orderBy($)", "[1,18446744073709551616,1180591620717411303424]"},
		{"[pow(2, 70), 1180591620717411303424.0, pow(2, 70)].distinct()", "[1180591620717411303424]"},
		{"[float('1e20'), pow(10, 20)].distinct()", "[1e+20]"},
		{"isInteger(pow(2, 70))", "true"},
		{"pow(2, 70) in [1180591620717411303424]", "true"},
		{"round(pow(2, 70), -3)", "1180591620717411303000"},
		{"pow(pow(2, 70), 2)", "1393796574908163946345982392040522594123776"},
		{"pow(3, 100, pow(2, 70))", "993139557134778242001"},
		{"'{0:x}'.format(pow(2, 70))", `"400000000000000000"`},
		{"'{0:,}'.format(pow(2, 70))", `"1,180,591,620,717,411,303,424"`},
		{"hex(pow(2, 70))", `"0x400000000000000000"`},
		{"sign(-pow(2, 70))", "-1"},
		{"max(pow(2, 70), 5)", "1180591620717411303424"},
		{"$.big = 12345678901234567890", "true"},
		{"$.big > 12345678901234567889", "true"},
		{"$.big / 10", "1234567890123456789"},
		{"'n=' + str($.big * 2)", `"n=24691357802469135780"`},
		{"json_parse('[12345678901234567890, 1]')[0] + 1", "12345678901234567891"},
		{"pow(2, -2)", "0.25"},
	}
	for _, tt := range tests {
		got, err := eval(t, tt.expr, ctx, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if s := string(data.MustEncode(got)); s != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, s, tt.want)
		}
	}
	errs := []struct{ expr, want string }{
		{"pow(2, 1100) * 0.5", "int too large to convert to float"},
		{"pow(2, 100000000)", "integer too large"},
		{"pow(2, 70) * 'ab'", "cannot fit 'int' into an index-sized integer"},
		{"[1] * pow(2, 70)", "cannot fit 'int' into an index-sized integer"},
		{"pow(2, 70) / 0", "integer division or modulo by zero"},
	}
	for _, tt := range errs {
		_, err := eval(t, tt.expr, ctx, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.expr, err, tt.want)
		}
	}
}
