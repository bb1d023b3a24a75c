package yaql

import (
	"math"
	"math/big"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
)

func noOperator(op string) {
	throwNoMatchf("No function \"#operator_%s\" matches supplied arguments", op)
}

// binary applies a binary operator with yaql's overloads.
func binary(st *state, op string, l, r any) any {
	switch op {
	case "=":
		return st.equalPy(l, r)
	case "!=":
		return !st.equalPy(l, r)
	case "<", ">", "<=", ">=":
		return compareOp(op, l, r)
	case "in":
		return inOp(st, l, r)
	case "=~":
		return regexOf(r, op).search(asString(l, op)) != nil
	case "!~":
		return regexOf(r, op).search(asString(l, op)) == nil
	case "+":
		return st.built(plus(st, l, r))
	case "-":
		return st.built(minus(l, r))
	case "*":
		return st.built(multiply(st, l, r))
	case "/":
		return divide(l, r)
	case "mod":
		return modulo(l, r)
	}
	noOperator(op)
	return nil
}

func asString(v any, op string) string {
	s, ok := v.(string)
	if !ok {
		noOperator(op)
	}
	return s
}

func regexOf(v any, op string) *regexValue {
	switch t := v.(type) {
	case *regexValue:
		return t
	case string:
		return compileRegex(t, 0)
	}
	noOperator(op)
	return nil
}

// isNum reports ints and floats; bools are not numbers in yaql.
func isNum(v any) bool {
	switch v.(type) {
	case int64, float64, *big.Int:
		return true
	}
	return false
}

// toFloat converts a number to a float as Python does, failing for an
// integer too large for one.
func toFloat(v any) float64 {
	switch t := v.(type) {
	case int64:
		return float64(t)
	case float64:
		return t
	case *big.Int:
		f, ok := data.IntFloat(t)
		if !ok {
			throw("int too large to convert to float")
		}
		return f
	}
	return 0
}

// bothInts reports whether l and r are integers (int64 or *big.Int).
func bothInts(l, r any) bool { return data.IsInt(l) && data.IsInt(r) }

func plus(st *state, l, r any) any {
	switch a := l.(type) {
	case int64:
		switch b := r.(type) {
		case int64:
			s := a + b
			if (s > a) != (b > 0) {
				return data.AddInt(l, r) // beyond int64: Python goes big
			}
			return s
		case *big.Int:
			return data.AddInt(l, r)
		case float64:
			return float64(a) + b
		}
	case *big.Int:
		if bothInts(l, r) {
			return data.AddInt(l, r)
		}
		if isNum(r) {
			return toFloat(l) + toFloat(r)
		}
	case float64:
		if isNum(r) {
			return a + toFloat(r)
		}
	case string:
		if b, ok := r.(string); ok {
			if len(a)+len(b) > maxStringLen {
				throw("Expression consumed too much memory")
			}
			return a + b
		}
	case *data.Map:
		if b, ok := r.(*data.Map); ok {
			m := a.Clone()
			b.Range(func(k string, v any) bool { m.Set(keyFor(m, keyValue(k)), v); return true })
			return m
		}
	case *Set:
		if b, ok := r.(*Set); ok {
			return setUnion(a, b)
		}
	case dateTime:
		if b, ok := r.(timeSpan); ok {
			return a.add(b)
		}
	case timeSpan:
		switch b := r.(type) {
		case timeSpan:
			return a + b
		case dateTime:
			return b.add(a)
		}
	}
	if isIterable(l) && isIterable(r) {
		if a, ok := l.([]any); ok && !st.isPyList(a) {
			if b, ok := r.([]any); ok && !st.isPyList(b) { // tuple + tuple
				st.count(len(a) + len(b))
				out := make([]any, 0, len(a)+len(b))
				return append(append(out, a...), b...)
			}
		}
		return concatIters(st, l, r)
	}
	noOperator("+")
	return nil
}

func minus(l, r any) any {
	switch a := l.(type) {
	case int64:
		switch b := r.(type) {
		case int64:
			d := a - b
			if (d < a) != (b > 0) {
				return data.SubInt(l, r)
			}
			return d
		case *big.Int:
			return data.SubInt(l, r)
		case float64:
			return float64(a) - b
		}
	case *big.Int:
		if bothInts(l, r) {
			return data.SubInt(l, r)
		}
		if isNum(r) {
			return toFloat(l) - toFloat(r)
		}
	case float64:
		if isNum(r) {
			return a - toFloat(r)
		}
	case *Set:
		if b, ok := r.(*Set); ok {
			return setDifference(a, b)
		}
	case dateTime:
		switch b := r.(type) {
		case timeSpan:
			return a.add(-b)
		case dateTime:
			return a.sub(b)
		}
	case timeSpan:
		if b, ok := r.(timeSpan); ok {
			return a - b
		}
	}
	noOperator("-")
	return nil
}

func multiply(st *state, l, r any) any {
	switch a := l.(type) {
	case int64:
		switch b := r.(type) {
		case int64, *big.Int:
			return mulInts(l, r)
		case float64:
			return float64(a) * b
		case string:
			return repeatString(b, a)
		case []any:
			return repeatList(st, b, a)
		case timeSpan:
			return b.mul(float64(a))
		}
	case *big.Int:
		if bothInts(l, r) {
			return mulInts(l, r)
		}
		if isNum(r) {
			return toFloat(l) * toFloat(r)
		}
		if isSequenceOrString(r) {
			throw(noIndexSize)
		}
	case float64:
		switch b := r.(type) {
		case int64, float64, *big.Int:
			return a * toFloat(b)
		case timeSpan:
			return b.mul(a)
		}
	case string:
		switch b := r.(type) {
		case int64:
			return repeatString(a, b)
		case *big.Int:
			throw(noIndexSize)
		}
	case []any:
		switch b := r.(type) {
		case int64:
			return repeatList(st, a, b)
		case *big.Int:
			throw(noIndexSize)
		}
	case timeSpan:
		if isNum(r) {
			return a.mul(toFloat(r))
		}
	}
	noOperator("*")
	return nil
}

// noIndexSize is Python's OverflowError for repeating a sequence an
// integer beyond int64 times.
const noIndexSize = "cannot fit 'int' into an index-sized integer"

func isSequenceOrString(v any) bool {
	switch v.(type) {
	case string, []any:
		return true
	}
	return false
}

// mulInts is l * r for integers, refusing a product too large to build.
func mulInts(l, r any) any {
	if data.ProductTooLarge(l, r) {
		throw("integer too large")
	}
	return data.MulInt(l, r)
}

func repeatString(s string, n int64) string {
	if n <= 0 || s == "" {
		return ""
	}
	if int64(len(s))*n > maxStringLen || n > maxStringLen {
		throw("Expression consumed too much memory")
	}
	return strings.Repeat(s, int(n))
}

func repeatList(st *state, l []any, n int64) []any {
	if n <= 0 || len(l) == 0 {
		return []any{}
	}
	if n > maxElements {
		throwf("Collection length exceeds %d elements", maxElements)
	}
	st.count(len(l) * int(n))
	out := make([]any, 0, len(l)*int(n))
	for i := int64(0); i < n; i++ {
		out = append(out, l...)
	}
	return out
}

func divide(l, r any) any {
	if bothInts(l, r) {
		if r == int64(0) {
			throw("integer division or modulo by zero")
		}
		return data.FloorDivInt(l, r)
	}
	switch a := l.(type) {
	case int64, *big.Int:
		if b, ok := r.(float64); ok {
			if b == 0 {
				throw("float division by zero")
			}
			return toFloat(a) / b
		}
	case float64:
		if isNum(r) {
			b := toFloat(r)
			if b == 0 {
				throw("float division by zero")
			}
			return a / b
		}
	case timeSpan:
		switch b := r.(type) {
		case int64:
			if b == 0 {
				throw("integer division or modulo by zero")
			}
			return timeSpan(floorDiv(int64(a), b))
		case float64:
			if b == 0 {
				throw("float division by zero")
			}
			return timeSpan(math.RoundToEven(float64(a) / b))
		case timeSpan:
			if b == 0 {
				throw("division by zero")
			}
			return float64(a) / float64(b)
		}
	}
	noOperator("/")
	return nil
}

// floorDiv is Python's // for time spans, which stay within int64.
func floorDiv(a, b int64) int64 {
	if a == math.MinInt64 && b == -1 {
		return a
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func modulo(l, r any) any {
	if bothInts(l, r) {
		if r == int64(0) {
			throw("integer modulo by zero")
		}
		return data.ModInt(l, r)
	}
	if isNum(l) && isNum(r) {
		a, b := toFloat(l), toFloat(r)
		if b == 0 {
			throw("float modulo")
		}
		m := math.Mod(a, b)
		switch {
		case m == 0:
			// Python's float modulo: a zero takes the sign of the divisor
			m = math.Copysign(0, b)
		case (m < 0) != (b < 0):
			m += b
		}
		return m
	}
	noOperator("mod")
	return nil
}

// compareOp is <, >, <=, >= over numbers, strings, datetimes, timespans and
// sets, with yaql's rule that null is less than everything.
func compareOp(op string, l, r any) bool {
	if l == nil || r == nil {
		var c int
		switch {
		case l == nil && r == nil:
			c = 0
		case l == nil:
			c = -1
		default:
			c = 1
		}
		return cmpResult(op, c)
	}
	if a, ok := l.(*Set); ok {
		if b, ok := r.(*Set); ok {
			sub, sup := setSubset(a, b), setSubset(b, a)
			switch op {
			case "<":
				return sub && !sup
			case "<=":
				return sub
			case ">":
				return sup && !sub
			default:
				return sup
			}
		}
	}
	c, ok := compare(l, r)
	if !ok {
		noOperator(op)
	}
	return cmpResult(op, c)
}

func cmpResult(op string, c int) bool {
	if c == 2 {
		return false // unordered: NaN
	}
	switch op {
	case "<":
		return c < 0
	case ">":
		return c > 0
	case "<=":
		return c <= 0
	}
	return c >= 0
}

// compare orders two values of the same comparable kind. NaN compares as
// unordered: every comparison with it is false, as in Python.
func compare(l, r any) (int, bool) {
	switch a := l.(type) {
	case int64:
		switch b := r.(type) {
		case int64:
			return cmp3(a < b, a > b), true
		case float64, *big.Int:
			return data.CompareNumbers(l, r)
		}
	case float64, *big.Int:
		if isNum(r) {
			return data.CompareNumbers(l, r)
		}
	case string:
		if b, ok := r.(string); ok {
			return strings.Compare(a, b), true
		}
	case dateTime:
		if b, ok := r.(dateTime); ok {
			return a.t.Compare(b.t), true
		}
	case timeSpan:
		if b, ok := r.(timeSpan); ok {
			return cmp3(a < b, a > b), true
		}
	}
	return 0, false
}

func cmp3(lt, gt bool) int {
	switch {
	case lt:
		return -1
	case gt:
		return 1
	}
	return 0
}

// inOp is `x in collection` (or substring for strings); dicts are not
// collections.
func inOp(st *state, l, r any) bool {
	switch t := r.(type) {
	case string:
		if s, ok := l.(string); ok {
			return strings.Contains(t, s)
		}
		noOperator("in")
	case *Set:
		return t.has(l)
	}
	if !isIterable(r) {
		noOperator("in")
	}
	found := false
	forEach(st, r, func(e any) bool {
		if st.equalPy(l, e) {
			found = true
			return false
		}
		return true
	})
	return found
}
