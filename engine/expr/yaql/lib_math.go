package yaql

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr/pycase"
)

func registerMath(l library) {
	l.fn("abs", func(c *call) any {
		switch t := c.a[0].(type) {
		case int64, *big.Int:
			return data.AbsInt(t)
		case float64:
			return math.Abs(t)
		}
		return nil
	}, p("op", isNumV))
	l.fn("int", func(c *call) any { return toInt(c.a[0]) }, p("value", nil))
	l.fn("float", func(c *call) any { return toFloatValue(c.a[0]) }, p("value", nil))
	l.fn("random", func(c *call) any { return rand.Float64() })
	l.fn("random", func(c *call) any {
		lo, hi := c.int(0), c.int(1)
		if hi < lo {
			throwf("empty range for randrange() (%d, %d, %d)", lo, hi+1, hi+1-lo)
		}
		return lo + rand.Int64N(hi-lo+1)
	}, p("from", isInt), p("to", isInt))
	l.fn("bitwiseAnd", func(c *call) any {
		return bitwise(c, func(x, y int64) int64 { return x & y }, (*big.Int).And)
	}, p("left", isInteger), p("right", isInteger))
	l.fn("bitwiseOr", func(c *call) any {
		return bitwise(c, func(x, y int64) int64 { return x | y }, (*big.Int).Or)
	}, p("left", isInteger), p("right", isInteger))
	l.fn("bitwiseXor", func(c *call) any {
		return bitwise(c, func(x, y int64) int64 { return x ^ y }, (*big.Int).Xor)
	}, p("left", isInteger), p("right", isInteger))
	l.fn("bitwiseNot", func(c *call) any { return data.SubInt(data.NegInt(c.a[0]), int64(1)) }, p("arg", isInteger))
	l.fn("shiftBitsRight", func(c *call) any { return shiftBits(c.a[0], c.a[1], false) },
		p("value", isInteger), p("bitsNumber", isInteger))
	l.fn("shiftBitsLeft", func(c *call) any { return c.st.built(shiftBits(c.a[0], c.a[1], true)) },
		p("value", isInteger), p("bitsNumber", isInteger))
	l.fn("max", func(c *call) any {
		if compareOp(">", c.a[1], c.a[0]) {
			return c.a[1]
		}
		return c.a[0]
	}, p("a", nil), p("b", nil))
	l.fn("min", func(c *call) any {
		if compareOp(">", c.a[1], c.a[0]) {
			return c.a[0]
		}
		return c.a[1]
	}, p("a", nil), p("b", nil))
	l.fn("pow", func(c *call) any { return c.st.built(pow(c.a[0], c.a[1], c.a[2])) },
		p("a", isNumV), p("b", isNumV), opt("c", orNull(isNumV), nil))
	l.fn("sign", func(c *call) any {
		switch cmp, _ := data.CompareNumbers(c.a[0], int64(0)); cmp {
		case 1:
			return int64(1)
		case -1:
			return int64(-1)
		}
		return int64(0)
	}, p("num", isNumV))
	l.fn("round", func(c *call) any {
		nd := c.int(1)
		switch t := c.a[0].(type) {
		case int64, *big.Int:
			if nd >= 0 {
				return t
			}
			return data.RoundInt(t, -nd)
		case float64:
			return roundFloat(t, int(nd))
		}
		return nil
	}, p("number", isNumV), opt("ndigits", isInt, int64(0)))
	l.fn("isInteger", func(c *call) any { return data.IsInt(c.a[0]) }, p("value", nil))
}

// roundFloat is Python's round(x, n) for floats: the exact binary value of
// x rounded, ties to even (round(2.675, 2) is 2.67: 2.675 is a little
// less in binary).
func roundFloat(x float64, nd int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if nd > 300 {
		return x
	}
	r := new(big.Float).SetPrec(2000).SetFloat64(x)
	scale := new(big.Float).SetPrec(2000).SetFloat64(math.Pow10(abs(nd)))
	if nd >= 0 {
		r.Mul(r, scale)
	} else {
		r.Quo(r, scale)
	}
	// round half to even on the scaled exact value
	i, _ := r.Int(nil)
	frac := new(big.Float).SetPrec(2000).Sub(r, new(big.Float).SetPrec(2000).SetInt(i))
	half := big.NewFloat(0.5)
	fa := new(big.Float).Abs(frac)
	cmp := fa.Cmp(half)
	if cmp > 0 || (cmp == 0 && i.Bit(0) == 1) {
		if frac.Sign() > 0 {
			i.Add(i, big.NewInt(1))
		} else if frac.Sign() < 0 {
			i.Sub(i, big.NewInt(1))
		}
	}
	res := new(big.Float).SetPrec(2000).SetInt(i)
	if nd >= 0 {
		res.Quo(res, scale)
	} else {
		res.Mul(res, scale)
	}
	text := res.Text('g', 40)
	f, _ := strconv.ParseFloat(text, 64)
	if f == 0 && math.Signbit(x) {
		return math.Copysign(0, -1)
	}
	return f
}

// bitwise applies a bitwise operator to two integers (int64 or *big.Int):
// on int64s directly, on big ones through math/big (whose two's
// complement semantics are Python's).
func bitwise(c *call, small func(x, y int64) int64, op func(z, x, y *big.Int) *big.Int) any {
	x, xOK := c.a[0].(int64)
	y, yOK := c.a[1].(int64)
	if xOK && yOK {
		return small(x, y)
	}
	return data.Int(op(new(big.Int), data.MustBigInt(c.a[0]), data.MustBigInt(c.a[1])))
}

// shiftBits is Python's v << n (left) or v >> n for integers.
func shiftBits(v, n any, left bool) any {
	if data.Sign(n) < 0 {
		throw("negative shift count")
	}
	if data.Sign(v) == 0 {
		return int64(0)
	}
	count, ok := n.(int64)
	if !left {
		if !ok || count > 1<<20 {
			if data.Sign(v) < 0 {
				return int64(-1)
			}
			return int64(0)
		}
		if x, ok := v.(int64); ok {
			return x >> min(count, 63)
		}
		return data.Int(new(big.Int).Rsh(data.MustBigInt(v), uint(count)))
	}
	if !ok || count > 1<<20 {
		throw("integer too large")
	}
	if x, ok := v.(int64); ok && count < 63 && (x<<count)>>count == x {
		return x << count
	}
	return data.Int(new(big.Int).Lsh(data.MustBigInt(v), uint(count)))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func pow(a, b, m any) any {
	if m != nil {
		x, ok1 := data.BigInt(a)
		y, ok2 := data.BigInt(b)
		z, ok3 := data.BigInt(m)
		if !ok1 || !ok2 || !ok3 {
			throw("pow() 3rd argument not allowed unless all arguments are integers")
		}
		if z.Sign() == 0 {
			throw("pow() 3rd argument cannot be 0")
		}
		absZ := new(big.Int).Abs(z)
		base := x
		if y.Sign() < 0 {
			// Python 3.8: a negative exponent raises the modular inverse.
			base = new(big.Int).ModInverse(new(big.Int).Mod(x, absZ), absZ)
			if base == nil {
				throw("base is not invertible for the given modulus")
			}
			y = new(big.Int).Neg(y)
		}
		r := new(big.Int).Exp(base, y, absZ)
		if r.Sign() != 0 && z.Sign() < 0 {
			r.Add(r, z)
		}
		return data.Int(r)
	}
	if bothInts(a, b) {
		if y, ok := b.(int64); ok && y >= 0 {
			r, ok := data.PowInt(a, y)
			if !ok {
				throw("integer too large")
			}
			return r
		}
		if a == int64(0) && data.Sign(b) < 0 {
			throw("0.0 cannot be raised to a negative power")
		}
		if r, ok := data.PowSmallBase(a, b); ok {
			return r
		}
	}
	x, y := toFloat(a), toFloat(b)
	if x == 0 && y < 0 {
		throw("0.0 cannot be raised to a negative power")
	}
	if x < 0 && y != math.Trunc(y) {
		throw("math domain error")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		throw("(34, 'Numerical result out of range')") // Python's OverflowError
	}
	return r
}

// toInt is Python's int() as yaql's int() uses it (null is 0).
func toInt(v any) any {
	switch t := v.(type) {
	case nil:
		return int64(0)
	case bool:
		if t {
			return int64(1)
		}
		return int64(0)
	case int64, *big.Int:
		return t
	case float64:
		if math.IsNaN(t) {
			throw("cannot convert float NaN to integer")
		}
		if math.IsInf(t, 0) {
			throw("cannot convert float infinity to integer")
		}
		return data.FloatInt(t)
	case string:
		s := strings.TrimSpace(pycase.ASCIIDigits(t))
		s2 := strings.ReplaceAll(s, "_", "")
		if n, ok := data.ParseInt(s2); ok && s != "" && !strings.HasPrefix(s, "_") && !strings.HasSuffix(s, "_") && !strings.Contains(s, "__") {
			return n
		}
		throwf("invalid literal for int() with base 10: %s", data_StringRepr(t))
	}
	throwf("int() argument must be a string, a bytes-like object or a real number, not '%s'", typeName(v))
	return nil
}

// toFloatValue is Python's float() (null is 0.0).
func toFloatValue(v any) any {
	switch t := v.(type) {
	case nil:
		return 0.0
	case bool:
		if t {
			return 1.0
		}
		return 0.0
	case int64, *big.Int:
		return toFloat(t)
	case float64:
		return t
	case string:
		s := strings.ToLower(strings.TrimSpace(pycase.ASCIIDigits(t)))
		switch strings.TrimLeft(s, "+-") {
		case "inf", "infinity":
			if strings.HasPrefix(s, "-") {
				return math.Inf(-1)
			}
			return math.Inf(1)
		case "nan":
			return math.NaN()
		}
		// out of range is no error: Python's float('1e400') is inf
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if (err == nil || errors.Is(err, strconv.ErrRange)) && !strings.HasPrefix(s, "0x") {
			return f
		}
		throwf("could not convert string to float: %s", data_StringRepr(t))
	}
	throwf("float() argument must be a string or a real number, not '%s'", typeName(v))
	return nil
}
