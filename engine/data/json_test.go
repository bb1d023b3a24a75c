package data

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// encodeStringByRune is encodeString as it was before it copied runs of
// plain characters, one character at a time: the reference the faster one
// must match byte for byte.
func encodeStringByRune(b *bytes.Buffer, s string, ascii bool) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		writeRune(b, r, ascii)
	}
	b.WriteByte('"')
}

func TestEncodeStringMatchesByRune(t *testing.T) {
	inputs := []string{
		"", "plain", `say "hi"`, `back\slash`, "tab\tnew\nline\r\b\f", "\x00\x1f\x7f",
		"café", "日本語", "emoji 😀 end", "\xff\xfe invalid", "half \xe6\x97", "\xed\xa0\x80 surrogate",
		`{"__serial_key": "k", "__serial_data": "{\"a\": 1}"}`, "\u2028\u2029", "ends with \\",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "Z", " ", `"`, `\`, "\n", "\x01", "\x7f", "é", "😀", "\xff", "\xe6\x97"}
	for range 2000 {
		var s string
		for range rng.IntN(20) {
			s += alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, s)
	}
	for _, s := range inputs {
		for _, ascii := range []bool{false, true} {
			var got, want bytes.Buffer
			encodeString(&got, s, ascii)
			encodeStringByRune(&want, s, ascii)
			if got.String() != want.String() {
				t.Errorf("encodeString(%q, ascii=%v) = %s, want %s", s, ascii, got.String(), want.String())
			}
		}
	}
}

func BenchmarkEncodeString(b *testing.B) {
	// A serialized Mistral object as it travels inside an oslo message.
	s := `{"__serial_key": "mistral_lib.actions.types.Result", "__serial_data": "{\"data\": {\"result\": \"ok\", \"items\": [1, 2, 3]}, \"error\": null, \"cancel\": false}"}`
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		encodeString(&buf, s, true)
	}
}
