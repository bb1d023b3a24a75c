package data

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Integers outside the int64 range are *big.Int, as Python's ints are
// unbounded. The form is canonical: an integer that fits int64 is always an
// int64, so int64 stays the common case and a *big.Int is always beyond it.
// The functions below take integers (int64 or *big.Int) and keep that rule;
// int64 operands take a fast path that allocates nothing.

// maxIntBits bounds the integers arithmetic builds (about 300,000 decimal
// digits), so that an expression like pow(2, 10**9) fails cleanly instead
// of exhausting memory.
const maxIntBits = 1 << 20

// Int returns b as a value of the model: an int64 when it fits.
func Int(b *big.Int) any {
	if b.IsInt64() {
		return b.Int64()
	}
	return b
}

// IsInt reports whether v is an integer of the model (int64 or *big.Int).
func IsInt(v any) bool {
	switch v.(type) {
	case int64, *big.Int:
		return true
	}
	return false
}

// BigInt returns the integer v as a *big.Int (a new one for an int64; the
// *big.Int itself otherwise, which must not be modified).
func BigInt(v any) (*big.Int, bool) {
	switch t := v.(type) {
	case int64:
		return big.NewInt(t), true
	case *big.Int:
		return t, true
	}
	return nil, false
}

// MustBigInt is BigInt for a value known to be an integer; it panics
// otherwise.
func MustBigInt(v any) *big.Int {
	b, ok := BigInt(v)
	if !ok {
		panic("data: not an integer")
	}
	return b
}

// MaxIntDigits is Python's limit on the decimal digits of an int read from
// text (sys.int_info.default_max_str_digits): json.loads and int() refuse
// longer ones, which also keeps their quadratic conversion cheap.
const MaxIntDigits = 4300

// IntDigitsError is Python's ValueError for decimal text s (an optional
// sign and digits) longer than MaxIntDigits, or nil.
func IntDigitsError(s string) error {
	n := len(s)
	if n > 0 && (s[0] == '-' || s[0] == '+') {
		n--
	}
	if n <= MaxIntDigits {
		return nil
	}
	return fmt.Errorf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; "+
		"use sys.set_int_max_str_digits() to increase the limit", MaxIntDigits, n)
}

// ParseInt reads decimal digits with an optional sign as an integer of the
// model: an int64 when it fits, a *big.Int otherwise; false for text that
// is not one or is longer than MaxIntDigits.
func ParseInt(s string) (any, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if IntDigitsError(s) != nil {
		return nil, false
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, false
	}
	return Int(b), true
}

// AddInt is a + b for integers.
func AddInt(a, b any) any {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			s := x + y
			if (s > x) == (y > 0) {
				return s
			}
		}
	}
	return Int(new(big.Int).Add(MustBigInt(a), MustBigInt(b)))
}

// SubInt is a - b for integers.
func SubInt(a, b any) any {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			d := x - y
			if (d < x) == (y > 0) {
				return d
			}
		}
	}
	return Int(new(big.Int).Sub(MustBigInt(a), MustBigInt(b)))
}

// MulInt is a * b for integers.
func MulInt(a, b any) any {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			hi, lo := bits.Mul64(uint64(absI(x)), uint64(absI(y)))
			if hi == 0 && lo <= math.MaxInt64 && x != math.MinInt64 && y != math.MinInt64 {
				return x * y
			}
		}
	}
	return Int(new(big.Int).Mul(MustBigInt(a), MustBigInt(b)))
}

func absI(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// NegInt is -a for an integer.
func NegInt(a any) any {
	if x, ok := a.(int64); ok && x != math.MinInt64 {
		return -x
	}
	return Int(new(big.Int).Neg(MustBigInt(a)))
}

// AbsInt is abs(a) for an integer.
func AbsInt(a any) any {
	if x, ok := a.(int64); ok && x != math.MinInt64 {
		return absI(x)
	}
	return Int(new(big.Int).Abs(MustBigInt(a)))
}

// FloorDivInt is Python's a // b for integers; b must not be zero.
func FloorDivInt(a, b any) any {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok && !(x == math.MinInt64 && y == -1) {
			q := x / y
			if x%y != 0 && (x < 0) != (y < 0) {
				q--
			}
			return q
		}
	}
	q, _ := floorDivMod(MustBigInt(a), MustBigInt(b))
	return Int(q)
}

// ModInt is Python's a % b for integers (the sign of b); b must not be
// zero.
func ModInt(a, b any) any {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			if y == -1 {
				return int64(0)
			}
			m := x % y
			if m != 0 && (m < 0) != (y < 0) {
				m += y
			}
			return m
		}
	}
	_, m := floorDivMod(MustBigInt(a), MustBigInt(b))
	return Int(m)
}

func floorDivMod(a, b *big.Int) (*big.Int, *big.Int) {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() != 0 && (m.Sign() < 0) != (b.Sign() < 0) {
		q.Sub(q, big.NewInt(1))
		m.Add(m, b)
	}
	return q, m
}

// PowInt is a ** n for an integer a and n >= 0. It fails when the result
// would be unreasonably large (beyond about 300,000 digits).
func PowInt(a any, n int64) (any, bool) {
	b := MustBigInt(a)
	if b.CmpAbs(big.NewInt(1)) > 0 && (n > maxIntBits || int64(b.BitLen()-1)*n > maxIntBits) {
		return nil, false // (n is checked first: the product could overflow)
	}
	return Int(new(big.Int).Exp(b, big.NewInt(n), nil)), true
}

// IntFloat is Python's float(n) for an integer: the nearest float, or false
// when n is too large for one ("int too large to convert to float").
func IntFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case int64:
		return float64(t), true
	case *big.Int:
		f, _ := new(big.Float).SetInt(t).Float64()
		if math.IsInf(f, 0) {
			return f, false
		}
		return f, true
	}
	return 0, false
}

// FloatInt is Python's int(f) for a finite float: truncated toward zero,
// exact however large.
func FloatInt(f float64) any {
	if f >= -9.223372036854775e18 && f <= 9.223372036854775e18 {
		return int64(f)
	}
	i, _ := big.NewFloat(f).Int(nil)
	return Int(i)
}

// CompareNumbers orders two numbers (bool, int64, *big.Int or float64)
// exactly, as Python does, also between an integer and a float. It answers
// 2 when either is NaN (unordered) and false when either is not a number.
func CompareNumbers(a, b any) (int, bool) {
	a, b = boolInt(a), boolInt(b)
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmp3(x < y, x > y), true
		case float64:
			return cmpIntFloat(x, y), true
		case *big.Int:
			return -y.Sign(), true
		}
	case float64:
		switch y := b.(type) {
		case float64:
			if math.IsNaN(x) || math.IsNaN(y) {
				return 2, true
			}
			return cmp3(x < y, x > y), true
		case int64, *big.Int:
			c, _ := CompareNumbers(y, x)
			if c == 2 {
				return 2, true
			}
			return -c, true
		}
	case *big.Int:
		switch y := b.(type) {
		case int64:
			return x.Sign(), true
		case *big.Int:
			return x.Cmp(y), true
		case float64:
			switch {
			case math.IsNaN(y):
				return 2, true
			case math.IsInf(y, 0):
				if y > 0 {
					return -1, true
				}
				return 1, true
			}
			return new(big.Float).SetInt(x).Cmp(big.NewFloat(y)), true
		}
	}
	return 0, false
}

func boolInt(v any) any {
	if t, ok := v.(bool); ok {
		if t {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// cmpIntFloat compares an int64 with a float exactly: float64(x) rounds for
// |x| beyond 2**53, so equal-looking pairs are settled on integers.
func cmpIntFloat(x int64, y float64) int {
	if math.IsNaN(y) {
		return 2
	}
	fx := float64(x)
	if fx != y {
		return cmp3(fx < y, fx > y)
	}
	if y >= 9.223372036854775807e18 { // 2**63: beyond every int64
		return -1
	}
	iy := int64(y)
	return cmp3(x < iy, x > iy)
}

func cmp3(lt, gt bool) int {
	if lt {
		return -1
	}
	if gt {
		return 1
	}
	return 0
}

// IntegralText gives the decimal digits of an integral float (1e+20 is
// "100000000000000000000"), the text its equal integer prints, so that
// hash keys of equal numbers agree; false for other floats.
func IntegralText(f float64) (string, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) {
		return "", false
	}
	if math.Abs(f) < 1e18 {
		return strconv.FormatInt(int64(f), 10), true
	}
	i, _ := big.NewFloat(f).Int(nil)
	return i.String(), true
}

// Sign is -1, 0 or 1 for an integer's sign (0 for other values).
func Sign(v any) int {
	switch t := v.(type) {
	case int64:
		return cmp3(t < 0, t > 0)
	case *big.Int:
		return t.Sign()
	}
	return 0
}

// FormatInt writes an integer (int64 or *big.Int) in base (2 to 36).
func FormatInt(v any, base int) string {
	if n, ok := v.(int64); ok {
		return strconv.FormatInt(n, base)
	}
	return MustBigInt(v).Text(base)
}

// RoundInt is Python's round(n, -nd) for an integer n and nd > 0: exact,
// ties to even.
func RoundInt(n any, nd int64) any {
	if nd > maxIntBits/3 {
		return int64(0) // 10**nd is beyond twice every integer this model builds
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(nd), nil)
	q, m := floorDivMod(MustBigInt(n), p)
	switch new(big.Int).Lsh(m, 1).Cmp(p) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return Int(q.Mul(q, p))
}

// PowSmallBase is a ** b for an integer base 0, 1 or -1 and an integer
// exponent b >= 0 of any size, which Python computes however large b is;
// false for other bases.
func PowSmallBase(a, b any) (any, bool) {
	if Sign(b) < 0 {
		return nil, false
	}
	switch a {
	case int64(0):
		if Sign(b) == 0 {
			return int64(1), true
		}
		return int64(0), true
	case int64(1):
		return int64(1), true
	case int64(-1):
		if MustBigInt(b).Bit(0) == 1 {
			return int64(-1), true
		}
		return int64(1), true
	}
	return nil, false
}

// ProductTooLarge reports whether a * b for integers would go beyond the
// integers arithmetic builds (about 300,000 digits), which callers refuse
// instead of exhausting memory (repeated squaring doubles the size each
// time). int64 operands never are.
func ProductTooLarge(a, b any) bool {
	x, xBig := a.(*big.Int)
	y, yBig := b.(*big.Int)
	if !xBig && !yBig {
		return false
	}
	bits := 64
	if xBig {
		bits = x.BitLen()
	}
	if yBig {
		bits += y.BitLen()
	} else {
		bits += 64
	}
	return bits > maxIntBits
}
