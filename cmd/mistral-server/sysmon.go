package main

import (
	"os"
	"strings"
	"syscall"
)

// The Go runtime's monitor thread (sysmon) parks whenever every P is idle,
// and then the next system call of any goroutine wakes it with a futex. A
// server that waits on MariaDB and RabbitMQ between short bursts of work
// goes idle several times per task transition, so a socket read or write
// after each wait pays that wake-up, a cross-CPU one. On the 2-core VM of
// tests/bench it was a quarter of the process's CPU: seq50 over
// MariaDB+RabbitMQ in one process took 72-87 ms of CPU a run, 55-58 with
// sysmon kept awake; concurrent20 210-230 ms, 177-192.
//
// The runtime keeps sysmon out of that sleep while GODEBUG's schedtrace is
// set, and reads GODEBUG only when the process starts, so the server
// re-executes itself once with a schedtrace period of 24.8 days: an idle
// sysmon then polls every 10 ms, and stderr gets one scheduler line per
// period (and a scheduler dump before a fatal error's stacks). A GODEBUG
// that already names schedtrace is left alone: schedtrace=0 keeps Go's
// default behaviour.
const sysmonAwake = "schedtrace=2147483647"

// keepSysmonAwake re-executes the running binary with sysmonAwake added to
// GODEBUG, unless GODEBUG names schedtrace. It returns only when it did
// not re-execute (already set, or the exec failed: the server then runs
// with Go's default).
func keepSysmonAwake() {
	env := sysmonEnv(os.Environ())
	if env == nil {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	_ = syscall.Exec(exe, os.Args, env)
}

// sysmonEnv returns environ with sysmonAwake added to GODEBUG, or nil when
// GODEBUG already names schedtrace.
func sysmonEnv(environ []string) []string {
	var godebug string
	env := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		if value, ok := strings.CutPrefix(kv, "GODEBUG="); ok {
			godebug = value
			continue
		}
		env = append(env, kv)
	}
	for _, setting := range strings.Split(godebug, ",") {
		if key, _, _ := strings.Cut(setting, "="); strings.TrimSpace(key) == "schedtrace" {
			return nil
		}
	}
	if godebug != "" {
		godebug += ","
	}
	return append(env, "GODEBUG="+godebug+sysmonAwake)
}
