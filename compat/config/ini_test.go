package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConf(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mistral.conf")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFiles(t *testing.T) {
	path := writeConf(t, `# leading comment
[DEFAULT]
debug = true
transport_url: rabbit://guest:guest@localhost:5672/

[database]
; another comment
connection = 'mysql+pymysql://u:p@h/d'
max_retries=5
multi = first
    second

[DATABASE]
sql_connection = other
`)
	f := NewFiles()
	if err := f.Load(path); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ section, key, want string }{
		{"DEFAULT", "debug", "true"},
		{"DEFAULT", "transport_url", "rabbit://guest:guest@localhost:5672/"},
		{"database", "connection", "mysql+pymysql://u:p@h/d"},
		{"database", "max_retries", "5"},
		{"database", "multi", "first\nsecond"},
		{"DATABASE", "sql_connection", "other"},
	} {
		if got, ok := f.Get(tt.section, tt.key); !ok || got != tt.want {
			t.Errorf("[%s] %s = %q, %v; want %q", tt.section, tt.key, got, ok, tt.want)
		}
	}
	bad := writeConf(t, "key = value\n")
	if err := NewFiles().Load(bad); err == nil || !strings.Contains(err.Error(), "outside any [section]") {
		t.Errorf("option before a section: err = %v", err)
	}
}
