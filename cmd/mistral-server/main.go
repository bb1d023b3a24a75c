// Command mistral-server runs Tramontane's services with the name and flags
// of Mistral's own command, so that unit files and scripts carry over:
//
//	mistral-server --server api,engine,executor,event-engine,notifier --config-file /etc/mistral/mistral.conf
//
// With no configuration at all it runs every service in one process on an
// embedded SQLite database (./data/mistral.sqlite) and an in-process
// transport, with the API on 0.0.0.0:8989.
//
// `mistral-server expr` evaluates YAQL and Jinja expressions as workflows
// do, for debugging (see --help of that sub-command).
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/compat/service"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/exprcli"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
)

const usage = `usage: mistral-server [--server SERVERS] [--config-file PATH]... [--config-dir DIR]... [--debug]
                      [--log-file PATH] [--log-dir DIR] [--use-json]
       mistral-server expr (--yaql EXPR | --jinja EXPR) [--context JSON] | --batch

Runs the Tramontane (OpenStack Mistral 15 compatible) services.

  --server SERVERS     comma list of api, engine, executor, event-engine, notifier, or all (default all)
  --config-file PATH   mistral.conf to read; repeatable, later files win
  --config-dir DIR     also read DIR/*.conf
  --debug, -d          log at DEBUG level (--nodebug: not, whatever [DEFAULT] debug says)
  --log-file PATH      log to PATH, inside --log-dir when relative ([DEFAULT] log_file)
  --log-dir DIR        log to DIR/mistral-server.log, or DIR/PATH ([DEFAULT] log_dir)
  --use-json           log JSON records ([DEFAULT] use_json)
  --profile-addr ADDR  serve net/http/pprof on ADDR (HOST:PORT), apart from the API

Without [database] connection the services use an embedded SQLite database in
[tramontane] data_dir (default ./data); without [DEFAULT] transport_url they
talk in-process.
`

func main() {
	if len(os.Args) < 2 || os.Args[1] != "expr" {
		keepSysmonAwake()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "expr" {
		ev := expr.NewEvaluator(yaql.New(), jinja.New())
		return exprcli.Run(ctx, args[1:], stdin, stdout, stderr, ev)
	}
	opts, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "mistral-server: %v\n\n%s", err, usage)
		return 2
	}
	if opts.help {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cfg, err := config.Load(opts.configFiles, opts.configDirs)
	if err != nil {
		fmt.Fprintf(stderr, "mistral-server: %v\n", err)
		return 1
	}
	servers, err := service.ParseServers(opts.servers)
	if err != nil {
		fmt.Fprintf(stderr, "mistral-server: %v\n", err)
		return 2
	}
	logging := opts.logging.over(cfg)
	logOut := stderr
	if path := logging.path(); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "mistral-server: log file: %v\n", err)
			return 1
		}
		defer f.Close()
		logOut = f
	}
	log := slog.New(logging.handler(logOut))

	if opts.profileAddr != "" {
		stopProfile, err := serveProfile(opts.profileAddr, log)
		if err != nil {
			log.Error("profile listener failed", "error", err)
			return 1
		}
		defer stopProfile()
	}

	p, err := service.Start(ctx, cfg, servers, log)
	if err != nil {
		log.Error("start failed", "error", err)
		return 1
	}
	log.Info("mistral-server started", "servers", servers)
	code := 0
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-p.Errors():
		log.Error("a service failed; shutting down", "error", err)
		code = 1
	}
	if err := p.Close(); err != nil {
		log.Error("shutdown", "error", err)
	}
	return code
}

type options struct {
	servers, profileAddr    string
	configFiles, configDirs []string
	help                    bool
	logging                 logOptions
}

func parseArgs(args []string) (options, error) {
	var o options
	value := func(i *int, name string) (string, error) {
		if *i+1 >= len(args) {
			return "", fmt.Errorf("%s needs a value", name)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, inline, hasInline := cut(a)
		get := func() (string, error) {
			if hasInline {
				return inline, nil
			}
			return value(&i, name)
		}
		var err error
		switch name {
		case "--server":
			o.servers, err = get()
		case "--config-file":
			var v string
			v, err = get()
			o.configFiles = append(o.configFiles, v)
		case "--config-dir":
			var v string
			v, err = get()
			o.configDirs = append(o.configDirs, v)
		case "--profile-addr":
			o.profileAddr, err = get()
		case "--debug", "-d":
			o.logging.debug = ptr(true)
		case "--nodebug":
			o.logging.debug = ptr(false)
		case "-h", "--help":
			o.help = true
		case "--log-file", "--logfile":
			var v string
			v, err = get()
			o.logging.file = &v
		case "--log-dir", "--logdir":
			var v string
			v, err = get()
			o.logging.dir = &v
		case "--use-json":
			o.logging.json = ptr(true)
		case "--nouse-json":
			o.logging.json = ptr(false)
		case "--log-config-append":
			_, err = get() // a Python logging configuration: not applicable
		case "--use-syslog", "--nouse-syslog":
		default:
			return o, fmt.Errorf("unknown argument %q", a)
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

// serveProfile serves the net/http/pprof handlers on their own listener, so
// that profiles are never reachable through the API's port. It returns a
// function that closes the listener.
func serveProfile(addr string, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("profile listener on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("profile listener stopped", "error", err)
		}
	}()
	log.Info("serving pprof", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}

// cut splits "--name=value".
func cut(a string) (name, value string, ok bool) {
	for i := 0; i < len(a); i++ {
		if a[i] == '=' {
			return a[:i], a[i+1:], true
		}
	}
	return a, "", false
}
