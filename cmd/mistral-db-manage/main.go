// Command mistral-db-manage manages the database of Tramontane with the name,
// flags and sub-commands of Mistral's own tool, so that deployment tooling
// written for Mistral keeps working:
//
//	mistral-db-manage --config-file /etc/mistral/mistral.conf upgrade head
//	mistral-db-manage --config-file /etc/mistral/mistral.conf current
//	mistral-db-manage --config-file /etc/mistral/mistral.conf stamp 041
//	mistral-db-manage --config-file /etc/mistral/mistral.conf populate
//
// It reads [database] connection from the oslo.config files and leaves the
// schema work to db/schema. It owns nothing else.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/db/schema"
)

// Exit codes, as Mistral's tool (argparse, alembic) uses them.
const (
	exitOK      = 0
	exitFailed  = 1   // configuration or database trouble
	exitUsage   = 2   // bad command line
	exitCommand = 255 // alembic's CommandError, e.g. an unknown revision
)

const prog = "mistral-db-manage"

const usage = `usage: mistral-db-manage [-h] [--config-dir DIR] [--config-file PATH] [--debug]
                         [--log-file PATH] [--log-dir DIR] [--use-json]
                         {current,history,branches,upgrade,populate,populate_actions,stamp,revision}
                         ...

Manage the Tramontane (OpenStack Mistral 15 compatible) database.

commands:
  upgrade [--sql] head  create Mistral 15's schema at alembic revision 041 on an
                        empty database and record it in alembic_version (a
                        database of Mistral 11-14, revision 038-040, gets
                        Mistral's last migrations instead), then apply
                        Tramontane's own additive migrations (tramontane_*
                        tables). --sql prints the DDL for an empty database
                        instead of running it.
  current               print the database's Mistral revision ("041 (head)")
  stamp REVISION        record REVISION (or head, base) without changing tables
  history, branches     show Mistral 15's linear revision history
  populate, populate_actions
                        nothing to do: Tramontane's system actions and standard
                        workflows are built into the binary, not stored rows.
                        Kept so that deployment scripts run unchanged; exits 0.
  revision              not supported (it writes new alembic scripts)

options:
  -h, --help            show this help message and exit
  --config-file PATH    config file to read; repeatable, later files win.
                        Default: the first of ~/.mistral/mistral.conf,
                        ~/mistral.conf, /etc/mistral/mistral.conf,
                        /etc/mistral.conf
  --config-dir DIR      also read DIR/*.conf, in name order, after the files
  --debug, -d           log at DEBUG level ([DEFAULT] debug)
  --log-file PATH       log to PATH instead of stderr ([DEFAULT] log_file)
  --log-dir DIR         base directory of a relative --log-file
  --use-json            log JSON lines ([DEFAULT] use_json)

The database is [database] connection, an SQLAlchemy URL (mysql+pymysql://...,
sqlite:///path); the environment variable OS_DATABASE__CONNECTION overrides it.
Other oslo.log options (--log-config-append, --use-syslog, ...) are accepted
and ignored.
`

var commands = []string{"current", "history", "branches", "upgrade", "populate", "populate_actions", "stamp", "revision"}

// ignoredValueFlags are oslo.log options that take a value and that this
// tool accepts without acting on them.
var ignoredValueFlags = []string{
	"--log-config-append", "--log-config", "--log_config", "--log-date-format", "--syslog-log-facility",
}

// ignoredBoolFlags are oslo.log switches accepted and ignored.
var ignoredBoolFlags = []string{
	"--use-journal", "--nouse-journal", "--use-syslog", "--nouse-syslog", "--watch-log-file", "--nowatch-log-file",
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// invocation is a parsed command line. Tri-state switches are nil when not
// given, so that the config files decide.
type invocation struct {
	configFiles []string
	configDirs  []string
	debug       *bool
	useJSON     *bool
	logFile     string
	logDir      string

	command  string
	sql      bool
	delta    *int
	revision string
}

// systemExit is a message Mistral's tool prints bare before exiting 1.
type systemExit struct{ msg string }

func (e systemExit) Error() string { return e.msg }

// usageError is a bad command line; it prints the usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// commandError is alembic's CommandError: "FAILED: ..." and exit 255.
type commandError struct{ msg string }

func (e commandError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	inv, err := parseArgs(args)
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s%s: error: %v\n", usageHead(), prog, err)
		return exitUsage
	}
	conf, err := loadConfig(inv, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return exitFailed
	}
	log, closeLog, err := newLogger(inv, conf, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return exitFailed
	}
	defer closeLog()

	err = execute(ctx, inv, conf, getenv, stdout, log)
	var cmdErr commandError
	var exit systemExit
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		fmt.Fprintln(stderr, exit.msg)
		return exitFailed
	case errors.As(err, &cmdErr):
		fmt.Fprintf(stderr, "FAILED: %v\n", err)
		return exitCommand
	default:
		fmt.Fprintf(stderr, "FAILED: %v\n", err)
		return exitFailed
	}
}

// usageHead is the first lines of usage, which argparse prints above an
// error.
func usageHead() string {
	head, _, _ := strings.Cut(usage, "\n\n")
	return head + "\n"
}

var errHelp = errors.New("help requested")

// parseArgs reads global options, the command, then the command's own
// options, as argparse does for oslo.config's sub-command option.
func parseArgs(args []string) (invocation, error) {
	var inv invocation
	i := 0
	// value returns the value of a flag given as "--flag value" or
	// "--flag=value".
	value := func(arg string) (string, error) {
		if _, v, ok := strings.Cut(arg, "="); ok {
			return v, nil
		}
		if i+1 >= len(args) {
			return "", usageError{"argument " + arg + ": expected one argument"}
		}
		i++
		return args[i], nil
	}
	on, off := true, false
	for ; i < len(args) && inv.command == ""; i++ {
		arg := args[i]
		name, _, _ := strings.Cut(arg, "=")
		var err error
		switch {
		case arg == "-h" || arg == "--help":
			return inv, errHelp
		case name == "--config-file":
			var v string
			v, err = value(arg)
			inv.configFiles = append(inv.configFiles, v)
		case name == "--config-dir":
			var v string
			v, err = value(arg)
			inv.configDirs = append(inv.configDirs, v)
		case arg == "--debug" || arg == "-d":
			inv.debug = &on
		case arg == "--nodebug":
			inv.debug = &off
		case arg == "--use-json":
			inv.useJSON = &on
		case arg == "--nouse-json":
			inv.useJSON = &off
		case name == "--log-file" || name == "--logfile":
			inv.logFile, err = value(arg)
		case name == "--log-dir" || name == "--logdir":
			inv.logDir, err = value(arg)
		case slices.Contains(ignoredValueFlags, name):
			_, err = value(arg)
		case slices.Contains(ignoredBoolFlags, arg):
		case strings.HasPrefix(arg, "-"):
			return inv, usageError{"unrecognized arguments: " + arg}
		case slices.Contains(commands, arg):
			inv.command = arg
		default:
			return inv, usageError{fmt.Sprintf("argument command: invalid choice: '%s' (choose from %s)",
				arg, "'"+strings.Join(commands, "', '")+"'")}
		}
		if err != nil {
			return inv, err
		}
	}
	if inv.command == "" {
		return inv, usageError{"the following arguments are required: command"}
	}
	var positional []string
	for ; i < len(args); i++ {
		arg := args[i]
		name, _, _ := strings.Cut(arg, "=")
		switch {
		case arg == "-h" || arg == "--help":
			return inv, errHelp
		case arg == "--sql" && (inv.command == "upgrade" || inv.command == "stamp" || inv.command == "revision"):
			inv.sql = true
		case name == "--delta" && inv.command == "upgrade":
			v, err := value(arg)
			if err != nil {
				return inv, err
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return inv, usageError{fmt.Sprintf("argument --delta: invalid int value: '%s'", v)}
			}
			inv.delta = &n
		case strings.HasPrefix(arg, "-") && len(arg) > 1:
			return inv, usageError{"unrecognized arguments: " + arg}
		default:
			positional = append(positional, arg)
		}
	}
	takesRevision := inv.command == "upgrade" || inv.command == "stamp"
	switch {
	case takesRevision && len(positional) == 1:
		inv.revision = positional[0]
	case len(positional) > 0 && (!takesRevision || len(positional) > 1):
		return inv, usageError{"unrecognized arguments: " + strings.Join(positional, " ")}
	}
	return inv, nil
}

// loadConfig reads the config files oslo.config would read.
func loadConfig(inv invocation, getenv func(string) string) (*config.Files, error) {
	conf := config.NewFiles()
	files := inv.configFiles
	if len(files) == 0 && len(inv.configDirs) == 0 {
		if f := defaultConfigFile(getenv("HOME")); f != "" {
			files = []string{f}
		}
	}
	var missing []string
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("failed to find some config files: %s", strings.Join(missing, ","))
	}
	for _, f := range files {
		if err := conf.Load(f); err != nil {
			return nil, err
		}
	}
	for _, d := range inv.configDirs {
		if err := conf.LoadDir(d); err != nil {
			return nil, err
		}
	}
	return conf, nil
}

// defaultConfigFile is the first mistral.conf in oslo.config's search
// path, or "".
func defaultConfigFile(home string) string {
	var dirs []string
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".mistral"), home)
	}
	dirs = append(dirs, "/etc/mistral", "/etc")
	for _, d := range dirs {
		p := filepath.Join(d, "mistral.conf")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// databaseConnection finds the SQLAlchemy URL: the environment, then
// [database] connection, then the names oslo.db still accepts for it.
func databaseConnection(conf *config.Files, getenv func(string) string) (string, error) {
	if v := getenv("OS_DATABASE__CONNECTION"); v != "" {
		return v, nil
	}
	for _, opt := range [][2]string{
		{"database", "connection"},
		{"DEFAULT", "sql_connection"},
		{"DATABASE", "sql_connection"},
		{"sql", "connection"},
	} {
		if v, ok := conf.Get(opt[0], opt[1]); ok && v != "" {
			return v, nil
		}
	}
	return "", errors.New("no database configured: set [database] connection in mistral.conf")
}

func newLogger(inv invocation, conf *config.Files, stderr io.Writer) (*slog.Logger, func(), error) {
	debug := inv.debug != nil && *inv.debug
	if inv.debug == nil {
		debug = boolOption(conf, "debug")
	}
	useJSON := inv.useJSON != nil && *inv.useJSON
	if inv.useJSON == nil {
		useJSON = boolOption(conf, "use_json")
	}
	logFile, logDir := inv.logFile, inv.logDir
	if logFile == "" {
		logFile, _ = conf.Get("DEFAULT", "log_file")
	}
	if logDir == "" {
		logDir, _ = conf.Get("DEFAULT", "log_dir")
	}

	out, closeFn := stderr, func() {}
	if logFile != "" {
		if logDir != "" && !filepath.IsAbs(logFile) {
			logFile = filepath.Join(logDir, logFile)
		}
		f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o640)
		if err != nil {
			return nil, nil, fmt.Errorf("open log file: %w", err)
		}
		out, closeFn = f, func() { _ = f.Close() }
	}
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if debug {
		opts.Level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(out, opts)
	if useJSON {
		h = slog.NewJSONHandler(out, opts)
	}
	return slog.New(h).With("prog", prog), closeFn, nil
}

// boolOption reads a [DEFAULT] boolean the way oslo.config spells them.
func boolOption(conf *config.Files, key string) bool {
	v, _ := conf.Get("DEFAULT", key)
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}

func execute(ctx context.Context, inv invocation, conf *config.Files, getenv func(string) string, stdout io.Writer, log *slog.Logger) error {
	switch inv.command {
	case "populate", "populate_actions":
		log.Info("nothing to populate: system actions and standard workflows are built into Tramontane; "+
			"mistral-server stores Mistral's preinstalled ad-hoc actions (std.wait_ssh) when it starts",
			"command", inv.command)
		return nil
	case "history":
		revs := schema.MistralRevisions()
		for i := len(revs) - 1; i >= 0; i-- {
			from := "<base>"
			if i > 0 {
				from = revs[i-1]
			}
			line := from + " -> " + revs[i]
			if revs[i] == schema.HeadRevision {
				line += " (head)"
			}
			fmt.Fprintln(stdout, line)
		}
		return nil
	case "branches":
		return nil // one linear history: no branch points
	case "revision":
		return commandError{"revision writes new alembic scripts for Mistral's developers; " +
			"Tramontane's schema changes ship as tramontane migrations"}
	}

	connection, err := databaseConnection(conf, getenv)
	if err != nil {
		return err
	}
	if inv.command == "upgrade" {
		return upgrade(ctx, inv, connection, stdout, log)
	}
	if inv.sql {
		return commandError{"stamp --sql is not supported; run stamp against the database"}
	}
	db, dialect, err := schema.Open(ctx, connection)
	if err != nil {
		return err
	}
	defer db.Close()

	switch inv.command {
	case "current":
		st, err := schema.Inspect(ctx, db, dialect)
		if err != nil {
			return err
		}
		if st.MistralRevision != "" {
			line := st.MistralRevision
			if line == schema.HeadRevision {
				line += " (head)"
			}
			fmt.Fprintln(stdout, line)
		}
		log.Info("tramontane migrations", "applied", len(st.Applied), "pending", st.Pending, "unknown", st.Unknown)
		return nil
	case "stamp":
		if inv.revision == "" {
			return errors.New("stamp needs a revision (head, base or 001-" + schema.HeadRevision + ")")
		}
		if _, err := schema.ResolveRevision(inv.revision); err != nil {
			return unknownRevision(inv.revision)
		}
		return schema.Stamp(ctx, db, dialect, inv.revision, schema.WithLogger(log))
	}
	return fmt.Errorf("command %s is not implemented", inv.command)
}

func upgrade(ctx context.Context, inv invocation, connection string, stdout io.Writer, log *slog.Logger) error {
	if inv.revision == "" && inv.delta == nil {
		return systemExit{"You must provide a revision or relative delta"}
	}
	if inv.delta != nil {
		return commandError{"relative upgrades (--delta) are not supported: Tramontane upgrades to head only"}
	}
	rev, err := schema.ResolveRevision(inv.revision)
	if err != nil {
		return unknownRevision(inv.revision)
	}
	if rev != schema.HeadRevision {
		return commandError{fmt.Sprintf("Tramontane builds Mistral's schema at head (%s) only, not at %q",
			schema.HeadRevision, inv.revision)}
	}
	if inv.sql {
		dialect, _, err := schema.ParseConnection(connection)
		if err != nil {
			return err
		}
		stmts, err := schema.Statements(dialect)
		if err != nil {
			return err
		}
		for _, s := range stmts {
			fmt.Fprintf(stdout, "%s;\n\n", s)
		}
		return nil
	}
	db, dialect, err := schema.Open(ctx, connection)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := schema.Upgrade(ctx, db, dialect, schema.WithLogger(log)); err != nil {
		return err
	}
	log.Info("upgrade finished", "dialect", dialect, "revision", schema.HeadRevision)
	return nil
}

// unknownRevision is alembic's message for a revision it does not know.
func unknownRevision(rev string) error {
	return commandError{fmt.Sprintf("Can't locate revision identified by '%s'", rev)}
}
