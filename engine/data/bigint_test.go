package data

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

func bigOf(s string) *big.Int {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return b
}

func TestBigIntJSON(t *testing.T) {
	tests := []struct{ in, out string }{
		{`12345678901234567890`, `12345678901234567890`},
		{`-9223372036854775809`, `-9223372036854775809`},
		{`[9223372036854775807, 9223372036854775808]`, `[9223372036854775807,9223372036854775808]`},
		{`{"a": 1267650600228229401496703205376}`, `{"a":1267650600228229401496703205376}`},
		{`1e20`, `1e+20`},
	}
	for _, tt := range tests {
		for _, parse := range []func(string) (any, error){ParseString, func(s string) (any, error) { return parseDecoder([]byte(s)) }} {
			v, err := parse(tt.in)
			if err != nil {
				t.Fatalf("parse %s: %v", tt.in, err)
			}
			if got := string(MustEncode(v)); got != tt.out {
				t.Errorf("Encode(Parse(%s)) = %s, want %s", tt.in, got, tt.out)
			}
		}
	}
	v, _ := ParseString(`9223372036854775807`)
	if _, ok := v.(int64); !ok {
		t.Errorf("MaxInt64 decoded as %T, want int64", v)
	}
}

func TestIntArithmetic(t *testing.T) {
	max, min := int64(math.MaxInt64), int64(math.MinInt64)
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"add fits", AddInt(int64(2), int64(3)), "5"},
		{"add overflows", AddInt(max, int64(1)), "9223372036854775808"},
		{"add back into int64", AddInt(bigOf("9223372036854775808"), int64(-1)), "9223372036854775807"},
		{"sub overflows", SubInt(min, int64(1)), "-9223372036854775809"},
		{"mul fits", MulInt(int64(-4), int64(5)), "-20"},
		{"mul overflows", MulInt(int64(3), int64(4000000000000000000)), "12000000000000000000"},
		{"mul min", MulInt(min, int64(-1)), "9223372036854775808"},
		{"mul to min", MulInt(int64(-4611686018427387904), int64(2)), "-9223372036854775808"},
		{"neg min", NegInt(min), "9223372036854775808"},
		{"abs big", AbsInt(bigOf("-100000000000000000000")), "100000000000000000000"},
		{"floordiv min", FloorDivInt(min, int64(-1)), "9223372036854775808"},
		{"floordiv big negative", FloorDivInt(bigOf("-100000000000000000000"), int64(3)), "-33333333333333333334"},
		{"floordiv small", FloorDivInt(int64(-7), int64(2)), "-4"},
		{"mod big", ModInt(bigOf("100000000000000000000"), int64(-7)), "-5"},
		{"mod small", ModInt(int64(-7), int64(3)), "2"},
		{"round half to even down", RoundInt(int64(1250), 2), "1200"},
		{"round half to even up", RoundInt(int64(1350), 2), "1400"},
		{"round negative", RoundInt(int64(-1251), 2), "-1300"},
		{"round into big", RoundInt(int64(math.MaxInt64), 1), "9223372036854775810"},
		{"round big", RoundInt(bigOf("-1180591620717411303424"), 20), "-1200000000000000000000"},
		{"format big hex", FormatInt(bigOf("18446744073709551616"), 16), "'10000000000000000'"},
	}
	for _, tt := range tests {
		if got := Repr(tt.got); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
		if b, ok := tt.got.(*big.Int); ok && b.IsInt64() {
			t.Errorf("%s: %s is a *big.Int, want int64", tt.name, tt.want)
		}
	}
	if p, ok := PowInt(int64(2), 70); !ok || Repr(p) != "1180591620717411303424" {
		t.Errorf("2**70 = %v", p)
	}
	if _, ok := PowInt(int64(3), math.MaxInt64); ok {
		t.Error("3**MaxInt64 should be refused")
	}
	if r := RoundInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(1000), nil), 500); Repr(r) != "1"+strings.Repeat("0", 1000) {
		t.Errorf("round(10**1000, -500) = %.20s...", Repr(r))
	}
	if r := RoundInt(int64(5), 1000000); r != int64(0) {
		t.Errorf("round(5, -1000000) = %v", r)
	}
	if _, ok := PowInt(int64(2), 1<<30); ok {
		t.Error("2**(2**30) should be refused")
	}
	for _, tt := range []struct {
		a, b, want any
	}{
		{int64(0), bigOf("1180591620717411303424"), int64(0)},
		{int64(0), int64(0), int64(1)},
		{int64(1), bigOf("1180591620717411303424"), int64(1)},
		{int64(-1), bigOf("1180591620717411303425"), int64(-1)},
		{int64(-1), bigOf("1180591620717411303424"), int64(1)},
	} {
		if got, ok := PowSmallBase(tt.a, tt.b); !ok || got != tt.want {
			t.Errorf("PowSmallBase(%v, %v) = %v, %v", tt.a, tt.b, got, ok)
		}
	}
	huge := new(big.Int).Lsh(big.NewInt(1), 600000)
	if ProductTooLarge(int64(math.MaxInt64), int64(math.MaxInt64)) || ProductTooLarge(huge, int64(3)) || !ProductTooLarge(huge, huge) {
		t.Error("ProductTooLarge")
	}
	if _, ok := PowSmallBase(int64(2), int64(3)); ok {
		t.Error("PowSmallBase(2, 3) should decline")
	}
	if p, ok := PowInt(int64(-1), 1<<40); !ok || p != int64(1) {
		t.Errorf("(-1)**huge = %v", p)
	}
}

func TestBigIntCompare(t *testing.T) {
	b70 := bigOf("1180591620717411303424")
	tests := []struct {
		a, b any
		want int
	}{
		{b70, math.Pow(2, 70), 0},
		{b70, int64(1), 1},
		{int64(-1), b70, -1},
		{b70, math.Inf(1), -1},
		{b70, math.NaN(), 2},
		{int64(math.MaxInt64), math.Pow(2, 63), -1},
		{int64(9007199254740993), 9007199254740992.0, 1},
		{math.Pow(2, 63), int64(math.MaxInt64), 1},
		{true, int64(1), 0},
	}
	for _, tt := range tests {
		if got, ok := CompareNumbers(tt.a, tt.b); !ok || got != tt.want {
			t.Errorf("CompareNumbers(%v, %v) = %d, %v; want %d", tt.a, tt.b, got, ok, tt.want)
		}
	}
	if !Equal(b70, math.Pow(2, 70)) || Equal(b70, int64(1)) || !Equal(bigOf("100000000000000000000"), bigOf("100000000000000000000")) {
		t.Error("Equal on big ints")
	}
	if Equal(b70, "1180591620717411303424") {
		t.Error("a big int equals its text")
	}
}

func TestBigIntValues(t *testing.T) {
	b := bigOf("-100000000000000000000")
	if Str(b) != "-100000000000000000000" || TypeName(b) != "int" || !Truthy(b) {
		t.Errorf("Str/TypeName/Truthy of %v", b)
	}
	if v := Normalize(uint64(math.MaxUint64)); Repr(v) != "18446744073709551615" {
		t.Errorf("Normalize(MaxUint64) = %v", v)
	}
	if v := Normalize(big.NewInt(5)); v != int64(5) {
		t.Errorf("Normalize(big 5) = %#v, want int64", v)
	}
	if f, ok := IntFloat(b); !ok || f != -1e20 {
		t.Errorf("IntFloat = %v %v", f, ok)
	}
	if _, ok := IntFloat(new(big.Int).Lsh(big.NewInt(1), 1100)); ok {
		t.Error("IntFloat of 2**1100 should fail")
	}
	if v := FloatInt(1e20); Repr(v) != "100000000000000000000" {
		t.Errorf("FloatInt(1e20) = %v", v)
	}
	if s, ok := IntegralText(1e20); !ok || s != "100000000000000000000" {
		t.Errorf("IntegralText(1e20) = %q", s)
	}
}

func TestIntDigitsLimit(t *testing.T) {
	ok := "1" + strings.Repeat("0", MaxIntDigits-1)
	tooLong := ok + "0"
	for _, in := range []string{ok, "-" + ok, "[" + ok + "]"} {
		if _, err := ParseString(in); err != nil {
			t.Errorf("%d digits: %v", len(in), err)
		}
	}
	for _, in := range []string{tooLong, "-" + tooLong, `{"a": [` + tooLong + `]}`} {
		_, err := ParseString(in)
		if err == nil || !strings.Contains(err.Error(), "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits") {
			t.Errorf("%.20s...: error %v", in, err)
		}
	}
	if _, err := ParseString(tooLong + ".5"); err != nil {
		t.Errorf("a long float: %v", err)
	}
	if _, ok := ParseInt(tooLong); ok {
		t.Error("ParseInt of 4301 digits")
	}
}
