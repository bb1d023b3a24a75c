package main

import (
	"slices"
	"testing"
)

func TestSysmonEnv(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    []string // nil: no re-execution
	}{
		{"no GODEBUG", []string{"PATH=/bin"}, []string{"PATH=/bin", "GODEBUG=" + sysmonAwake}},
		{"other settings kept", []string{"GODEBUG=gctrace=1", "HOME=/root"},
			[]string{"HOME=/root", "GODEBUG=gctrace=1," + sysmonAwake}},
		{"empty GODEBUG", []string{"GODEBUG="}, []string{"GODEBUG=" + sysmonAwake}},
		{"operator's schedtrace", []string{"GODEBUG=schedtrace=0"}, nil},
		{"schedtrace among others", []string{"GODEBUG=gctrace=1, schedtrace=1000"}, nil},
		{"a longer name is another setting", []string{"GODEBUG=xschedtrace=1"},
			[]string{"GODEBUG=xschedtrace=1," + sysmonAwake}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sysmonEnv(tt.environ)
			if !slices.Equal(got, tt.want) {
				t.Errorf("sysmonEnv(%q) = %q, want %q", tt.environ, got, tt.want)
			}
		})
	}
}
