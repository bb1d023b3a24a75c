package main

import (
	"io"
	"log/slog"
	"path/filepath"

	"github.com/tramontane/tramontane/compat/config"
)

// logOptions are oslo.log's options as Mistral's services take them: from
// the command line (--debug/--nodebug, --log-file, --log-dir,
// --use-json), which wins, or from mistral.conf's [DEFAULT] debug,
// log_file, log_dir and use_json. A nil field was not given.
type logOptions struct {
	debug, json *bool
	file, dir   *string
}

// over fills what the command line left out from the configuration.
func (o logOptions) over(cfg *config.Config) logOptions {
	if o.debug == nil {
		o.debug = &cfg.Debug
	}
	if o.json == nil {
		o.json = &cfg.UseJSON
	}
	if o.file == nil {
		o.file = &cfg.LogFile
	}
	if o.dir == nil {
		o.dir = &cfg.LogDir
	}
	return o
}

// path is where the log goes ("" for standard error), as oslo.log puts
// it: log_file, inside log_dir when both are set (an absolute log_file
// stays as it is); with log_dir alone, the program's name and ".log"
// there.
func (o logOptions) path() string {
	file, dir := deref(o.file), deref(o.dir)
	switch {
	case dir == "":
		return file
	case file == "":
		return filepath.Join(dir, "mistral-server.log")
	case filepath.IsAbs(file):
		return file
	default:
		return filepath.Join(dir, file)
	}
}

// handler writes records to w, as JSON with use_json, at DEBUG level with
// debug.
func (o logOptions) handler(w io.Writer) slog.Handler {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if o.debug != nil && *o.debug {
		opts.Level = slog.LevelDebug
	}
	if o.json != nil && *o.json {
		return slog.NewJSONHandler(w, opts)
	}
	return slog.NewTextHandler(w, opts)
}

func ptr[T any](v T) *T { return &v }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
