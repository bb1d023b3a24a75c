package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/compat/config"
)

// TestLogOptions checks where the log goes and how, from oslo.log's
// command line options and mistral.conf's, as Debian's unit files pass
// --log-file.
func TestLogOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		cfg   config.Config
		path  string
		debug bool
		json  bool
	}{
		{name: "standard error by default", path: ""},
		{name: "the command line's file", args: []string{"--log-file=/var/log/mistral/mistral-api.log"},
			cfg: config.Config{LogFile: "/tmp/conf.log"}, path: "/var/log/mistral/mistral-api.log"},
		{name: "the configuration's file", cfg: config.Config{LogFile: "/tmp/conf.log"}, path: "/tmp/conf.log"},
		{name: "a file in a directory", args: []string{"--log-dir", "/var/log/mistral", "--log-file", "api.log"}, path: "/var/log/mistral/api.log"},
		{name: "an absolute file ignores the directory", cfg: config.Config{LogDir: "/var/log/mistral", LogFile: "/tmp/x.log"}, path: "/tmp/x.log"},
		{name: "a directory alone", cfg: config.Config{LogDir: "/var/log/mistral"}, path: "/var/log/mistral/mistral-server.log"},
		{name: "debug from the configuration", cfg: config.Config{Debug: true}, debug: true},
		{name: "--nodebug wins", args: []string{"--nodebug"}, cfg: config.Config{Debug: true}},
		{name: "--debug", args: []string{"-d"}, debug: true},
		{name: "JSON", args: []string{"--use-json"}, json: true},
		{name: "JSON from the configuration", cfg: config.Config{UseJSON: true}, json: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := parseArgs(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			l := opts.logging.over(&tc.cfg)
			if got := l.path(); got != tc.path {
				t.Errorf("log path %q, want %q", got, tc.path)
			}
			var buf bytes.Buffer
			log := slog.New(l.handler(&buf))
			log.Debug("a debug record")
			if got := buf.Len() > 0; got != tc.debug {
				t.Errorf("debug records written: %v, want %v", got, tc.debug)
			}
			buf.Reset()
			log.Info("an info record")
			if got := strings.HasPrefix(buf.String(), "{"); got != tc.json {
				t.Errorf("JSON records: %v, want %v (%q)", got, tc.json, buf.String())
			}
		})
	}
}
