package yaql

import (
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

// TestSetOrderIsPythons: sets of numbers iterate, print and leave an
// expression in the order of CPython's hash table; recorded on Mistral 15.
func TestSetOrderIsPythons(t *testing.T) {
	tests := []struct {
		expr string
		want string // data.Repr of the result; sets leave as lists
	}{
		{"[3, 1, 2].toSet()", "{1, 2, 3}"},
		{"[10, 3, 8].toSet()", "{8, 10, 3}"},
		{"[443, 80, 8080].toSet()", "{80, 443, 8080}"},
		{"[100, 5, 37, 2].toSet()", "{2, 5, 100, 37}"},
		{"[-1, -2, 5].toSet()", "{5, -1, -2}"},
		{"[1.5, 2, 0.5].toSet()", "{0.5, 1.5, 2}"},
		{"[0.1, 0.2, 0.3, 1000.5, -2.5, 7.25].toSet()", "{0.1, 0.2, 0.3, 7.25, 1000.5, -2.5}"},
		{"[1099511627776, 2305843009213693951, 2305843009213693952, -9, 4611686018427387904].toSet()",
			"{1099511627776, 2305843009213693951, 4611686018427387904, 2305843009213693952, -9}"},
		{"set(float('inf'), 3, -1, float('-inf'))", "{-inf, 3, -1, inf}"},
		{"[true, false, 2].toSet()", "{False, True, 2}"},
		// -1 and -2 share the hash -2: copying the set at the output swaps them
		{"range(30).select(-$).toSet()",
			"{0, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -2, -9, -8, -7, -6, -5, -4, -3, -1, -10}"},
		{"range(0, 200, 7).toSet().toList()",
			"[0, 133, 7, 140, 14, 147, 21, 154, 28, 161, 35, 168, 42, 175, 49, 182, 56, 189, 63, 196, 70, 77, 84, 91, 98, 105, 112, 119, 126]"},
		{"set(9, 17, 25).intersect(set(25, 17))", "{25, 17}"},
		{"range(64).toSet().intersect(range(0, 64, 5).toSet()).toList()", "[0, 35, 5, 40, 10, 45, 15, 50, 20, 55, 25, 60, 30]"},
		{"set(9, 1).symmetricDifference(set(17, 1))", "{17, 9}"},
		{"set(1, 9).union(set(25, 17, 3, 11, 19))", "{1, 3, 9, 11, 17, 19, 25}"},
		{"set(1, 2).union(set(8, 16, 24, 32, 40, 48))", "{32, 1, 2, 40, 8, 16, 48, 24}"},
		{"set(1, 2).union(set(9, 17, 25, 33, 41, 49, 57, 65, 73))", "{65, 1, 2, 33, 9, 41, 73, 17, 49, 25, 57}"},
		{"set(9, 1).add(17, 25)", "{9, 17, 25, 1}"},
		{"set(5, 13, 21).remove(13).add(29, 37)", "{21, 5, 37, 29}"},
		{"range(40).toSet().difference(set(3, 5)).len()", "38"},
		{"str(range(12, 0, -1).toSet())", "'frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})'"},
		{"set(3, 1, 2).join(',')", "'1,2,3'"},
		{"{3 => a, 1 => b, 2 => c}.keys()", "{1, 2, 3}"},
		{"{10 => a, 2 => b}.keys().toList()", "[10, 2]"},
		{"{30 => a, 20 => b, 10 => c, 0 => d}.keys()", "{0, 10, 20, 30}"},
		// strings hash differently in every Python process: insertion order
		{"set(b, a, c)", "{'b', 'a', 'c'}"},
	}
	for _, tt := range tests {
		v, err := eval(t, tt.expr, nil, nil)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if got := data.Repr(v); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, got, tt.want)
		}
	}
}
