package e2e

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/tests/testserver"
)

// The server re-executes itself at start so that Go's sysmon thread does
// not park between network waits (cmd/mistral-server/sysmon.go); an
// operator's own schedtrace setting is left alone.
func TestServerGODEBUG(t *testing.T) {
	tests := []struct {
		name, env, want string
	}{
		{"default", "", "schedtrace=2147483647"},
		{"other settings kept", "madvdontneed=1", "madvdontneed=1,schedtrace=2147483647"},
		{"operator's schedtrace", "schedtrace=0", "schedtrace=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GODEBUG", tt.env)
			srv := testserver.Start(t, "")
			got := processEnv(t, srv.PID, "GODEBUG")
			if got != tt.want {
				t.Errorf("server's GODEBUG = %q, want %q", got, tt.want)
			}
		})
	}
}

// processEnv returns the value of name in the environment of process pid.
func processEnv(t *testing.T, pid int, name string) string {
	t.Helper()
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range bytes.Split(environ, []byte{0}) {
		if value, ok := strings.CutPrefix(string(kv), name+"="); ok {
			return value
		}
	}
	return ""
}
