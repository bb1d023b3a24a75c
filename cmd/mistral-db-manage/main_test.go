package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runTool runs the command in-process with an empty environment apart from
// env, and returns its exit code, stdout and stderr.
func runTool(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, &stdout, &stderr, getenv)
	return code, stdout.String(), stderr.String()
}

func writeConf(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mistral.conf")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSQLiteLifecycle(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "mistral.sqlite")
	conf := writeConf(t, "[DEFAULT]\ndebug = True\n\n[database]\nconnection = sqlite:///"+dbPath+"\n")
	steps := []struct {
		args   []string
		code   int
		stdout string
		stderr string // substring
	}{
		{args: []string{"current"}, code: 0, stdout: ""},
		{args: []string{"upgrade"}, code: 1, stderr: "You must provide a revision or relative delta"},
		{args: []string{"upgrade", "head"}, code: 0, stderr: "creating Mistral schema"},
		{args: []string{"current"}, code: 0, stdout: "041 (head)\n"},
		{args: []string{"upgrade", "head"}, code: 0, stderr: "database schema is up to date"},
		{args: []string{"stamp", "999"}, code: 255, stderr: "FAILED: Can't locate revision identified by '999'"},
		{args: []string{"stamp", "037"}, code: 0},
		{args: []string{"current"}, code: 0, stdout: "037\n"},
		{args: []string{"upgrade", "head"}, code: 1, stderr: "older Mistral schema"},
		{args: []string{"stamp", "040"}, code: 0},
		{args: []string{"upgrade", "head"}, code: 0, stderr: "from=040 to=041"},
		{args: []string{"current"}, code: 0, stdout: "041 (head)\n"},
		{args: []string{"upgrade", "--delta", "1"}, code: 255, stderr: "--delta"},
		{args: []string{"upgrade", "040"}, code: 255, stderr: "head (041) only"},
		{args: []string{"populate"}, code: 0, stderr: "built into Tramontane"},
		{args: []string{"populate_actions"}, code: 0},
		{args: []string{"revision", "-m", "x"}, code: 2, stderr: "unrecognized arguments: -m"},
		{args: []string{"revision"}, code: 255},
	}
	for _, s := range steps {
		code, stdout, stderr := runTool(t, nil, append([]string{"--config-file", conf}, s.args...)...)
		if code != s.code || stdout != s.stdout && s.stdout != "" || !strings.Contains(stderr, s.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr containing %q",
				s.args, code, stdout, stderr, s.code, s.stdout, s.stderr)
		}
	}
}

func TestUpgradeSQLPrintsDDL(t *testing.T) {
	conf := writeConf(t, "[database]\nconnection = mysql+pymysql://u:p@db.invalid/mistral\n")
	code, stdout, stderr := runTool(t, nil, "--config-file", conf, "upgrade", "head", "--sql")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"CREATE TABLE IF NOT EXISTS `workflow_executions_v2`",
		"INSERT INTO `alembic_version` (`version_num`) VALUES ('041');",
		"CREATE TABLE IF NOT EXISTS `tramontane_outbox`",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--sql output lacks %q", want)
		}
	}
}

func TestConnectionSources(t *testing.T) {
	dir := t.TempDir()
	fromEnv := filepath.Join(dir, "env.sqlite")
	first := writeConf(t, "[database]\nconnection = mysql+pymysql://u:p@db.invalid/first\n")
	// A later file and the config dir win over earlier files; the
	// environment wins over all.
	second := writeConf(t, "[database]\nconnection = sqlite:///"+filepath.Join(dir, "second.sqlite")+"\n")
	confDir := filepath.Join(dir, "conf.d")
	if err := os.Mkdir(confDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(confDir, "10-db.conf"),
		[]byte("[database]\nconnection = sqlite:///"+filepath.Join(dir, "dir.sqlite")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	code, _, stderr := runTool(t, nil, "--config-file", first, "--config-file="+second, "upgrade", "head")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runTool(t, nil, "--config-file", first, "--config-dir", confDir, "upgrade", "head")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	env := map[string]string{"OS_DATABASE__CONNECTION": "sqlite:///" + fromEnv}
	code, _, stderr = runTool(t, env, "--config-file", first, "upgrade", "head")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"second.sqlite", "dir.sqlite", "env.sqlite"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("database %s was not created: %v", f, err)
		}
	}

	code, _, stderr = runTool(t, nil, "--config-file", writeConf(t, "[DEFAULT]\n"), "current")
	if code != 1 || !strings.Contains(stderr, "no database configured") {
		t.Errorf("without a connection: exit %d, %q", code, stderr)
	}
	code, _, stderr = runTool(t, nil, "--config-file", filepath.Join(dir, "missing.conf"), "current")
	if code != 1 || !strings.Contains(stderr, "failed to find some config files") {
		t.Errorf("missing config file: exit %d, %q", code, stderr)
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args []string
		want invocation
		err  string
	}{
		{
			args: []string{"--config-file", "a.conf", "--config-file=b.conf", "-d", "upgrade", "head"},
			want: invocation{configFiles: []string{"a.conf", "b.conf"}, command: "upgrade", revision: "head"},
		},
		{
			args: []string{"--config-dir", "/etc/mistral/conf.d", "--log-config-append", "x.ini", "--use-syslog", "stamp", "--sql", "040"},
			want: invocation{configDirs: []string{"/etc/mistral/conf.d"}, command: "stamp", sql: true, revision: "040"},
		},
		{args: []string{"current"}, want: invocation{command: "current"}},
		{args: []string{}, err: "the following arguments are required: command"},
		{args: []string{"--config-file"}, err: "expected one argument"},
		{args: []string{"frobnicate"}, err: "invalid choice: 'frobnicate'"},
		{args: []string{"--bogus", "current"}, err: "unrecognized arguments: --bogus"},
		{args: []string{"current", "head"}, err: "unrecognized arguments: head"},
		{args: []string{"upgrade", "--delta", "x"}, err: "invalid int value"},
		{args: []string{"upgrade", "head", "extra"}, err: "unrecognized arguments: head extra"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseArgs(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.configFiles, tt.want.configFiles) || !slices.Equal(got.configDirs, tt.want.configDirs) ||
				got.command != tt.want.command || got.revision != tt.want.revision || got.sql != tt.want.sql {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, stdout, _ := runTool(t, nil, "--help")
	if code != 0 || !strings.Contains(stdout, "populate") || !strings.Contains(stdout, "built into the binary") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
}
