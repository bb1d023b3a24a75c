package data

import (
	"bytes"
	"strings"
	"testing"
)

// sameAsDecoder checks that Parse gives what encoding/json's token stream
// gives: the same value (by its storage encoding, which tells ints from
// floats and keeps key order) or an error from both.
func sameAsDecoder(t *testing.T, in []byte) {
	t.Helper()
	got, gotErr := Parse(in)
	want, wantErr := parseDecoder(in)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("Parse(%q): error %v, encoding/json: %v", in, gotErr, wantErr)
	}
	if gotErr != nil {
		if gotErr.Error() != wantErr.Error() {
			t.Fatalf("Parse(%q): error %q, encoding/json: %q", in, gotErr, wantErr)
		}
		return
	}
	g, err1 := Encode(got)
	w, err2 := Encode(want)
	if err1 != nil || err2 != nil || !bytes.Equal(g, w) {
		t.Fatalf("Parse(%q) = %s (%v), encoding/json: %s (%v)", in, g, err1, w, err2)
	}
	// ParseString slices its input instead of copying: the same values.
	fromString, err := ParseString(string(in))
	if s, err3 := Encode(fromString); err != nil || err3 != nil || !bytes.Equal(s, w) {
		t.Fatalf("ParseString(%q) = %s (%v, %v), encoding/json: %s", in, s, err, err3, w)
	}
}

var scanCases = []string{
	``, ` `, `null`, `true`, `false`, `tru`, `truex`, `nul`,
	`0`, `-0`, `1`, `-1`, `12`, `01`, `1.`, `.5`, `1.5`, `-1.5e3`, `1e`, `1e+`, `1E-2`, `2e5`,
	`123456789012345678`, `-123456789012345678`, `9223372036854775807`, `-9223372036854775808`,
	`9223372036854775808`, `99999999999999999999`, `1.0`, `-`, `--1`, `+1`,
	`NaN`, `Infinity`, `-Infinity`, `[NaN, -Infinity, Infinity]`, `-NaN`, `"NaN"`, `Inf`,
	`""`, `"a"`, `"a`, `"\""`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\x"`, `"\u00e9"`, `"\u00E9x"`,
	`"\u12"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00"`, `"\ud83d\u0041"`, `"\u0000"`,
	"\"h\xc3\xa9\"", "\"\xff\"", "\"a\xc3\"", "\"\t\"", "\"\x01\"", `"é"`, `"日本"`,
	`{}`, `[]`, `{ }`, `[ ]`, `{"a":1}`, `{"a":1,}`, `[1,]`, `[,1]`, `{"a" 1}`, `{a:1}`, `{"a":}`,
	`{"b": 1, "a": [1.0, 2.5, "x"], "c": null}`, `{"a":1,"a":2,"b":3}`, `{"a":1} x`, ` [1 , 2 ] `,
	"\t{\n\"a\"\r:\n[true,false,null]}\n", `[[[[[]]]]]`, `[{"x":[{"y":{}}]}]`, `{"a":1}{}`,
	`[1 2]`, `{"a":1 "b":2}`, `[`, `{`, `{"a"`, `{"a":`, `{"a":1`, `[1`, `[1,`,
}

func TestParseMatchesDecoder(t *testing.T) {
	for _, in := range scanCases {
		sameAsDecoder(t, []byte(in))
	}
	sameAsDecoder(t, []byte(strings.Repeat("[", maxDepth+1)+strings.Repeat("]", maxDepth+1)))
	sameAsDecoder(t, []byte(strings.Repeat("[", 100)+strings.Repeat("]", 100)))
}

func FuzzParse(f *testing.F) {
	for _, in := range scanCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if bytes.Contains(in, []byte(`\u0000`)) || bytes.IndexByte(in, 0) >= 0 {
			// encoding/json's path reads the string "\x00NaN" as NaN (its
			// tag for Python's NaN); the scanner keeps it a string.
			return
		}
		sameAsDecoder(t, in)
	})
}

// A task's stored context and an action result, the shapes the engine reads
// on every transition.
var benchDocs = map[string]string{
	"small":  `{"done": 50, "name": "bench", "ok": true}`,
	"result": `{"result": ["item-001", "item-002", "item-003"], "__task_execution": {"id": "01a21bce-164f-7483-a36a-69b40e89656d", "name": "echo_all"}}`,
	"nested": `{"numbers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "words": ["alpha", "beta", "gamma", "delta"], "word_lens": {"alpha": 5, "beta": 4, "gamma": 5, "delta": 5}, "summary": {"name": "bench", "evens_count": 5, "first_upper": "ALPHA", "ratio": 0.5, "text": "caf\u00e9 \"quoted\""}}`,
}

func BenchmarkParse(b *testing.B) {
	for name, doc := range benchDocs {
		in := []byte(doc)
		b.Run(name+"/scanner", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/string", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseString(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseDecoder(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
