package schema

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

func TestParseConnection(t *testing.T) {
	const myOpts = "?charset=utf8mb4&collation=utf8mb4_general_ci&interpolateParams=true&parseTime=true&sql_mode=%27TRADITIONAL%27"
	tests := []struct {
		url     string
		dialect string
		dsn     string
		err     string // substring of the error; "" for success
	}{
		{
			url:     "mysql+pymysql://mistral:secret@db.example.org:3307/mistral?charset=utf8",
			dialect: MySQL,
			dsn:     "mistral:secret@tcp(db.example.org:3307)/mistral" + myOpts,
		},
		{
			url:     "mysql://mistral:secret@10.0.0.5/mistral",
			dialect: MySQL,
			dsn:     "mistral:secret@tcp(10.0.0.5:3306)/mistral" + myOpts,
		},
		{
			url:     "mysql+mysqldb://root@localhost/mistral?charset=utf8&plugin=dbcounter",
			dialect: MySQL,
			dsn:     "root@tcp(localhost:3306)/mistral" + myOpts,
		},
		{
			// SQLAlchemy takes the password up to the '@' and decodes %XX.
			url:     "mysql+pymysql://mis%40tral:p:a/ss%40word@db/mistral",
			dialect: MySQL,
			dsn:     "mis@tral:p:a/ss@word@tcp(db:3306)/mistral" + myOpts,
		},
		{
			url:     "mysql+pymysql://root@[::1]:3306/mistral",
			dialect: MySQL,
			dsn:     "root@tcp([::1]:3306)/mistral" + myOpts,
		},
		{
			url:     "mysql+pymysql://root@localhost/mistral?unix_socket=/run/mysqld/mysqld.sock&connect_timeout=5",
			dialect: MySQL,
			dsn:     "root@unix(/run/mysqld/mysqld.sock)/mistral" + myOpts + "&timeout=5s",
		},
		{
			url:     "mariadb+pymysql://u:p@h/d",
			dialect: MySQL,
			dsn:     "u:p@tcp(h:3306)/d" + myOpts,
		},
		{
			url:     "sqlite:///var/mistral.sqlite",
			dialect: SQLite,
			dsn:     sqlitedriver.DSN("var/mistral.sqlite"),
		},
		{
			url:     "sqlite:////var/lib/mistral/mistral.sqlite",
			dialect: SQLite,
			dsn:     sqlitedriver.DSN("/var/lib/mistral/mistral.sqlite"),
		},
		{url: "sqlite://", dialect: SQLite, dsn: sqlitedriver.DSN(":memory:")},
		{url: "sqlite:///:memory:", dialect: SQLite, dsn: sqlitedriver.DSN(":memory:")},
		{url: "postgresql://u:p@h/d", err: `unsupported database "postgresql"`},
		{url: "mysql+asyncmy://u:p@h/d", err: `unsupported MySQL driver "asyncmy"`},
		{url: "mysql+pymysql://u:p@h/d?ssl_ca=/etc/ca.pem", err: `TLS parameter "ssl_ca"`},
		{url: "mysql+pymysql://u:p@h/d?frobnicate=1", err: `unsupported query parameter "frobnicate"`},
		{url: "mysql+pymysql://u:p@h:port/d", err: `bad port "port"`},
		{url: "sqlite://host/x.db", err: "an SQLite URL has no host"},
		{url: "mistral.sqlite", err: "is not an SQLAlchemy URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			dialect, dsn, err := ParseConnection(tt.url)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if dialect == MySQL {
				dsn, tt.dsn = normalDSN(t, dsn), normalDSN(t, tt.dsn)
			}
			if dialect != tt.dialect || dsn != tt.dsn {
				t.Errorf("got %q %q\nwant %q %q", dialect, dsn, tt.dialect, tt.dsn)
			}
		})
	}
}

// normalDSN puts a go-sql-driver DSN in its canonical form.
func normalDSN(t *testing.T, dsn string) string {
	t.Helper()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s: %v", dsn, err)
	}
	if cfg.Loc != time.UTC || !cfg.ParseTime {
		t.Errorf("%s: want parseTime in UTC", dsn)
	}
	return cfg.FormatDSN()
}

func TestParseConnectionHidesPassword(t *testing.T) {
	_, _, err := ParseConnection("mysql+pymysql://u:hunter2@h/d?bogus=1")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v, want an error without the password", err)
	}
}

func TestOpenSQLiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mistral.sqlite")
	db, dialect, err := Open(context.Background(), "sqlite:///"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if dialect != SQLite {
		t.Fatalf("dialect = %q", dialect)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000"} {
		var got string
		if err := db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}
