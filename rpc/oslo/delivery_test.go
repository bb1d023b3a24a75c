package oslo

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/tramontane/tramontane/rpc"
)

// TestNotDelivered checks which send errors prove that a message went
// nowhere.
func TestNotDelivered(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("%w: %w", &errNotSent{errors.New("channel closed")}, context.DeadlineExceeded), true},
		{fmt.Errorf("%w: %w", ErrNotConnected, context.DeadlineExceeded), true},
		{ErrUnroutable, true},
		{ErrNacked, true},
		{ErrClosed, true},
		{ErrConnectionLost, false},
		{fmt.Errorf("waiting for the broker's confirm: %w", context.DeadlineExceeded), false},
	}
	for _, tc := range tests {
		if got := errors.Is(markNotDelivered(tc.err), rpc.ErrNotDelivered); got != tc.want {
			t.Errorf("%v: not delivered %v, want %v", tc.err, got, tc.want)
		}
	}
}
