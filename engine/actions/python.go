package actions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/tramontane/tramontane/engine/data"
)

// This file holds the few Python built-in conversions the actions' Python
// constructors rely on, with Python's rules and messages.

// valueError is Python's ValueError; the constructors that catch it fall
// back to a default. Other conversion failures are TypeErrors and escape.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

// pyFloat is Python's float(v).
func pyFloat(v any) (float64, error) {
	switch t := v.(type) {
	case bool:
		if t {
			return 1, nil
		}
		return 0, nil
	case int64:
		return float64(t), nil
	case *big.Int:
		f, ok := data.IntFloat(t)
		if !ok {
			return 0, errors.New("int too large to convert to float") // an OverflowError
		}
		return f, nil
	case float64:
		return t, nil
	case string:
		s := strings.TrimSpace(t)
		lower := strings.ToLower(s)
		if strings.Contains(lower, "0x") || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") {
			return 0, &valueError{fmt.Sprintf("could not convert string to float: %s", data.StringRepr(t))}
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil && !isRangeErr(err) {
			return 0, &valueError{fmt.Sprintf("could not convert string to float: %s", data.StringRepr(t))}
		}
		return f, nil
	}
	return 0, fmt.Errorf("float() argument must be a string or a real number, not '%s'", data.TypeName(v))
}

// pyInt is Python's int(v) for values that fit int64; an int beyond int64
// is clamped to its range (every caller's bounds are far inside it).
func pyInt(v any) (int64, error) {
	switch t := v.(type) {
	case *big.Int:
		if t.Sign() < 0 {
			return math.MinInt64, nil
		}
		return math.MaxInt64, nil
	case bool:
		if t {
			return 1, nil
		}
		return 0, nil
	case int64:
		return t, nil
	case float64:
		if math.IsNaN(t) {
			return 0, &valueError{"cannot convert float NaN to integer"}
		}
		if math.IsInf(t, 0) {
			return 0, fmt.Errorf("cannot convert float infinity to integer")
		}
		return int64(t), nil
	case string:
		s := strings.TrimSpace(t)
		if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
			return 0, &valueError{fmt.Sprintf("invalid literal for int() with base 10: %s", data.StringRepr(t))}
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
		if err != nil {
			return 0, &valueError{fmt.Sprintf("invalid literal for int() with base 10: %s", data.StringRepr(t))}
		}
		return n, nil
	}
	return 0, fmt.Errorf("int() argument must be a string, a bytes-like object or a real number, not '%s'", data.TypeName(v))
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// sleep waits d or until ctx is done, returning ctx.Err() in that case.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// seconds converts a float number of seconds to a Duration, saturating.
func seconds(s float64) time.Duration {
	if s <= 0 || math.IsNaN(s) {
		return 0
	}
	if s >= float64(math.MaxInt64)/float64(time.Second) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s * float64(time.Second))
}

// mapArg returns input[name] as a map, or nil.
func mapArg(m *data.Map, name string) *data.Map {
	v, _ := m.Value(name).(*data.Map)
	return v
}
