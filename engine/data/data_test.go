package data

import (
	"math"
	"math/big"
	"testing"
)

func TestParseEncodeRoundTrip(t *testing.T) {
	tests := []struct{ in, compact, python string }{
		{`{"b": 1, "a": [1.0, 2.5, "x"], "c": null}`, `{"b":1,"a":[1.0,2.5,"x"],"c":null}`, `{"b": 1, "a": [1.0, 2.5, "x"], "c": null}`},
		{`"h\u00e9"`, `"hé"`, `"h\u00e9"`},
		{`1e16`, `1e+16`, `1e+16`},
		{`[true, false, {}]`, `[true,false,{}]`, `[true, false, {}]`},
		{`NaN`, `NaN`, `NaN`},
		{`"a\"b\\c\td/"`, `"a\"b\\c\td/"`, `"a\"b\\c\td/"`},
		{`"\u007f~ "`, "\"\x7f~ \"", `"\u007f~ "`},
		{`"\ud83d\ude00"`, `"😀"`, `"\ud83d\ude00"`},
	}
	for _, tt := range tests {
		v, err := ParseString(tt.in)
		if err != nil {
			t.Fatalf("parse %s: %v", tt.in, err)
		}
		if got := string(MustEncode(v)); got != tt.compact {
			t.Errorf("Encode(%s) = %s, want %s", tt.in, got, tt.compact)
		}
		if got, _ := EncodePython(v); got != tt.python {
			t.Errorf("EncodePython(%s) = %s, want %s", tt.in, got, tt.python)
		}
	}
}

func TestParseRejectsTrailingData(t *testing.T) {
	if _, err := ParseString(`{} x`); err == nil {
		t.Fatal("want error")
	}
}

func TestNumbers(t *testing.T) {
	v, _ := ParseString(`[1, 1.5, 99999999999999999999]`)
	l := v.([]any)
	if _, ok := l[0].(int64); !ok {
		t.Errorf("1 decoded as %T", l[0])
	}
	if _, ok := l[2].(*big.Int); !ok {
		t.Errorf("big int decoded as %T", l[2])
	}
}

func TestRepr(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "None"},
		{true, "True"},
		{MapOf("a", 1, "b", []any{"x", 2.0, nil}), "{'a': 1, 'b': ['x', 2.0, None]}"},
		{"it's", `"it's"`},
		{0.0001, "0.0001"},
		{0.00001, "1e-05"},
		{1e15, "1000000000000000.0"},
		{math.Inf(1), "inf"},
		// Python escapes what str.isprintable() refuses.
		{"A\u00a0\u0085\u2028\u200b\ufeff\U000e0001\u3000é", `'A\xa0\x85\u2028\u200b\ufeff\U000e0001\u3000é'`},
		// Python 3.11 reads Unicode 14.0: what later versions added (🫨,
		// 🩷, Kawi, CJK Extension H, U+0CF3) is unassigned there, so escaped.
		{"\u0cf3\u0ece\U0001fae8\U0001fa77\U00011f04\U00011f50\U00031350\U0001e030",
			`'\u0cf3\u0ece\U0001fae8\U0001fa77\U00011f04\U00011f50\U00031350\U0001e030'`},
		{[]any{"ພ😀\ue000\u0378"}, `['ພ😀\ue000\u0378']`},
	}
	for _, tt := range tests {
		if got := Repr(tt.v); got != tt.want {
			t.Errorf("Repr(%v) = %s, want %s", tt.v, got, tt.want)
		}
	}
	if Str("plain") != "plain" {
		t.Error("Str of a string must not quote it")
	}
}

func TestMapOrderAndDelete(t *testing.T) {
	m := MapOf("z", 1, "a", 2, "m", 3)
	m.Set("a", 5)
	m.Delete("z")
	m.Set("z", 0)
	if got := string(MustEncode(m)); got != `{"a":5,"m":3,"z":0}` {
		t.Errorf("got %s", got)
	}
}

func TestMerge(t *testing.T) {
	left := MapOf("a", MapOf("x", 1, "y", 2), "b", 1)
	right := MapOf("a", MapOf("y", 3, "z", 4), "b", MapOf("n", 1), "c", 2)
	Merge(left, right)
	if got := string(MustEncode(left)); got != `{"a":{"x":1,"y":3,"z":4},"b":{"n":1},"c":2}` {
		t.Errorf("got %s", got)
	}
}

func TestEqualAndTruthy(t *testing.T) {
	if !Equal(int64(1), 1.0) || Equal("1", int64(1)) || !Equal(MapOf("a", 1, "b", 2), MapOf("b", 2, "a", 1)) {
		t.Error("Equal")
	}
	for _, v := range []any{nil, false, int64(0), 0.0, "", []any{}, NewMap(0)} {
		if Truthy(v) {
			t.Errorf("Truthy(%#v)", v)
		}
	}
}
