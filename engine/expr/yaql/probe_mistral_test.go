package yaql

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestProbedAgainstMistral: glibc's strftime flags, widths and modifiers,
// datetime field validation (replace() included), and the depth limit
// that oslo's to_primitive puts on json_dump of nested FrozenDicts;
// results recorded on Mistral 15.
func TestProbedAgainstMistral(t *testing.T) {
	tests := []struct {
		expr string
		want string // JSON text of the result
	}{
		{"datetime(2024, 3, 5, 7, 8, 9).format('%s|%-d/%-m/%-H|%_d|%^a %^B|%#b|%#p|%#Z|%Ey %Od')", "\"1709622489|5/3/7| 5|TUE MARCH|MAR|am|utc|24 05\""},
		{"datetime(2024, 3, 5, 7, 8, 9).format('%010Y|%5d|%-5d|%1d|%6e|%06e|%12s|%6a|%06A|%-I%p|%^P')", "\"0000002024|00005|    5|05|     5|000005|  1709622489|   Tue|Tuesday|7AM|am\""},
		{"datetime(2024, 3, 5, 7, 8, 9).format('%Ed|%Oa|%-Q|%5Q|%-f|%5f|%^5q|%-|%5')", "\"%Ed|%Oa|%-Q|  %5Q|%-f|  %5f| %^5Q|%-|   %5\""},
		{"datetime(2024, 3, 5, 7, 8, 9).format('%-z|%_z|%6Z|%6R|%06R|%^c|%3n|%10%|%_-d|%-_d')", "\"+0|+   0|   UTC| 07:08|007:08|TUE MAR  5 07:08:09 2024|  \\n|         %|5| 5\""},
		{"datetime('2024-02-29T13:45:30+02:00').format('%s|%Z|%6Z|%z')", "\"1709214330||   UTC|+0200\""},
		{"datetime(999, 1, 2).format('%Y|%G|%C|%6Y|%c')", "\"999|999|9|000999|Wed Jan  2 00:00:00 999\""},
		{"datetime(1960, 1, 2).format('%s|%12s|%012s')", "\"-315532800|  -315532800|00-315532800\""},
		{"datetime(2024, 1, 2).format('%10000d')", "\"\""},
		{"json_dump({'a'=>{'b'=>{'c'=>{'d'=>1}}}})", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": null\\n        }\\n    }\\n}\""},
		{"json_dump({'a'=>{'b'=>{'c'=>1}}})", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": 1\\n        }\\n    }\\n}\""},
		{"json_dump([[{'a'=>{'b'=>{'c'=>{'d'=>1}}}}]])", "\"[\\n    [\\n        {\\n            \\\"a\\\": {\\n                \\\"b\\\": {\\n                    \\\"c\\\": null\\n                }\\n            }\\n        }\\n    ]\\n]\""},
		{"json_dump({'a'=>[{'b'=>[{'c'=>[{'d'=>1}]}]}]})", "\"{\\n    \\\"a\\\": [\\n        {\\n            \\\"b\\\": [\\n                {\\n                    \\\"c\\\": [\\n                        null\\n                    ]\\n                }\\n            ]\\n        }\\n    ]\\n}\""},
		{"json_dump(dict(a => dict(b => dict(c => dict(d => 1)))))", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": null\\n        }\\n    }\\n}\""},
		{"json_dump(json_parse('{\"a\":{\"b\":{\"c\":{\"d\":1}}}}'))", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": {\\n                \\\"d\\\": 1\\n            }\\n        }\\n    }\\n}\""},
		{"json_dump({'q' => json_parse('{\"a\":{\"b\":{\"c\":{\"d\":1}}}}')})", "\"{\\n    \\\"q\\\": {\\n        \\\"a\\\": {\\n            \\\"b\\\": {\\n                \\\"c\\\": {\\n                    \\\"d\\\": 1\\n                }\\n            }\\n        }\\n    }\\n}\""},
		{"json_dump({'a'=>{'b'=>{'c'=>json_parse('{\"d\":{\"e\":1}}')}}})", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": {\\n                \\\"d\\\": {\\n                    \\\"e\\\": 1\\n                }\\n            }\\n        }\\n    }\\n}\""},
		{"json_pp({'a'=>{'b'=>{'c'=>{'d'=>1}}}})", "\"{\\n    \\\"a\\\": {\\n        \\\"b\\\": {\\n            \\\"c\\\": null\\n        }\\n    }\\n}\""},
		{"json_dump([{'a'=>{'b'=>{'c'=>{'d'=>1}}}}].select($))", "\"[\\n    {\\n        \\\"a\\\": {\\n            \\\"b\\\": {\\n                \\\"c\\\": null\\n            }\\n        }\\n    }\\n]\""},
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
		"datetime(2024, 1, 31).replace(month => 2)":            "day is out of range for month",
		"datetime(2024, 1, 1).replace(hour => 24)":             "hour must be in 0..23",
		"datetime(2024, 1, 1).replace(minute => 60)":           "minute must be in 0..59",
		"datetime(2024, 1, 1).replace(second => 60)":           "second must be in 0..59",
		"datetime(2024, 1, 1).replace(microsecond => 1000000)": "microsecond must be in 0..999999",
		"datetime(2024, 1, 1).replace(year => 0)":              "year 0 is out of range",
		"datetime(2024, 1, 1).replace(month => 13)":            "month must be in 1..12",
		"datetime(2024, 2, 29).replace(year => 2023)":          "day is out of range for month",
		"datetime(2024, 1, 1, 1, 60)":                          "minute must be in 0..59",
		"datetime(2024, 1, 1, 1, 1, 60)":                       "second must be in 0..59",
		"datetime(2024, 1, 1, 1, 1, 1, 1000000)":               "microsecond must be in 0..999999",
		"datetime(0, 0, 1)":                                    "year 0 is out of range",
	}
	for text, want := range errs {
		if _, err := eval(t, text, nil, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}
