package db

import (
	"slices"
	"testing"
)

func TestChunk(t *testing.T) {
	tests := []struct {
		name     string
		sizes    []int
		maxRows  int
		maxBytes int
		want     []int // the chunks' lengths
	}{
		{name: "none", sizes: nil, maxRows: 3, maxBytes: 100, want: nil},
		{name: "small rows by count", sizes: []int{1, 1, 1, 1, 1, 1, 1}, maxRows: 3, maxBytes: 100, want: []int{3, 3, 1}},
		{name: "fits exactly", sizes: []int{50, 50, 50}, maxRows: 10, maxBytes: 100, want: []int{2, 1}},
		{name: "by bytes", sizes: []int{40, 40, 40, 40, 40}, maxRows: 10, maxBytes: 100, want: []int{2, 2, 1}},
		{name: "large row alone", sizes: []int{10, 500, 10, 10}, maxRows: 10, maxBytes: 100, want: []int{1, 1, 2}},
		{name: "large rows only", sizes: []int{500, 500}, maxRows: 10, maxBytes: 100, want: []int{1, 1}},
		{name: "count before bytes", sizes: []int{10, 10, 10, 90, 10}, maxRows: 2, maxBytes: 100, want: []int{2, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			for rest := tt.sizes; len(rest) > 0; {
				n := chunk(len(rest), tt.maxRows, tt.maxBytes, func(i int) int { return rest[i] })
				if n < 1 || n > len(rest) {
					t.Fatalf("chunk of %d rows out of %d", n, len(rest))
				}
				got = append(got, n)
				rest = rest[n:]
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("chunks %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBatchBudget(t *testing.T) {
	tests := []struct {
		maxPacket, want int
	}{
		{0, maxBatchBytes},        // SQLite: no limit known
		{16 << 20, maxBatchBytes}, // MariaDB's default on Debian
		{1 << 30, maxBatchBytes},  // the largest the server allows
		{1 << 20, 256 << 10},      // a small server: a quarter, for escaping
		{1024, 256},               // the smallest the server allows
	}
	for _, tt := range tests {
		if got := batchBudget(tt.maxPacket); got != tt.want {
			t.Errorf("batchBudget(%d) = %d, want %d", tt.maxPacket, got, tt.want)
		}
	}
}
