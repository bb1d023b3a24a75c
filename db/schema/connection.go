package schema

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/tramontane/tramontane/db/sqlitedriver"
)

// sqlalchemyURL is the grammar of an SQLAlchemy database URL:
// dialect[+driver]://[user[:password]@][host|[ipv6]][:port][/database][?query].
// As in SQLAlchemy, the password runs up to the '@' and may hold ':' and
// '/'; user and password are percent-decoded.
var sqlalchemyURL = regexp.MustCompile(`(?s)^([\w+]+)://` +
	`(?:([^:/]*)(?::([^@]*))?@)?` +
	`(?:\[([^/?]+)\]|([^/:?]+))?` +
	`(?::([^/?]*))?` +
	`(?:/([^?]*))?` +
	`(?:\?(.*))?$`)

// mysqlDrivers are the SQLAlchemy MySQL drivers an operator's URL may
// name; all of them mean the same server for us.
var mysqlDrivers = map[string]bool{
	"": true, "pymysql": true, "mysqldb": true, "mysqlconnector": true, "oursql": true, "cymysql": true,
}

// ignoredMySQLParams are query parameters that make sense only to a Python
// driver or to oslo.db and change nothing we do: the character set is
// always utf8mb4 here, and oslo.db's "plugin" loads Python code.
var ignoredMySQLParams = map[string]bool{
	"charset": true, "plugin": true, "use_unicode": true, "binary_prefix": true,
	"client_flag": true, "local_infile": true, "program_name": true,
}

// MemorySQLite is the path ParseConnection gives an in-memory SQLite
// database ("sqlite://"). Every connection to it opens a new, empty
// database, so a pool must keep exactly one connection (Open does).
const MemorySQLite = ":memory:"

// ParseConnection turns Mistral's [database] connection, an SQLAlchemy URL,
// into a dialect and a DSN for the Go driver of that dialect:
//
//   - mysql://, mysql+pymysql://, mysql+mysqldb://...: dialect MySQL and a
//     github.com/go-sql-driver/mysql DSN with utf8mb4, parseTime, UTC and
//     oslo.db's default sql_mode TRADITIONAL. The unix_socket and
//     connect_timeout query parameters are honoured; TLS parameters are
//     refused rather than silently dropped.
//   - sqlite:///relative/path, sqlite:////absolute/path: dialect SQLite and
//     the file with its pragmas; sqlite:// is an in-memory database.
func ParseConnection(connection string) (dialect, dsn string, err error) {
	m := sqlalchemyURL.FindStringSubmatch(strings.TrimSpace(connection))
	if m == nil {
		return "", "", fmt.Errorf("database connection %q is not an SQLAlchemy URL", redact(connection))
	}
	scheme, userRaw, passRaw, ipv6, host, port, database, query := m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	name, drv, _ := strings.Cut(scheme, "+")
	switch name {
	case "mysql", "mariadb":
		if !mysqlDrivers[drv] {
			return "", "", fmt.Errorf("database connection: unsupported MySQL driver %q", drv)
		}
		user, err := url.PathUnescape(userRaw)
		if err != nil {
			return "", "", fmt.Errorf("database connection: bad user name: %w", err)
		}
		pass, err := url.PathUnescape(passRaw)
		if err != nil {
			return "", "", fmt.Errorf("database connection: bad password: %w", err)
		}
		if ipv6 != "" {
			host = ipv6
		}
		dsn, err := mysqlDSN(user, pass, host, port, database, query)
		if err != nil {
			return "", "", fmt.Errorf("database connection %q: %w", redact(connection), err)
		}
		return MySQL, dsn, nil
	case "sqlite":
		if drv != "" && drv != "pysqlite" {
			return "", "", fmt.Errorf("database connection: unsupported SQLite driver %q", drv)
		}
		if userRaw != "" || host != "" || ipv6 != "" || port != "" {
			return "", "", fmt.Errorf("database connection %q: an SQLite URL has no host; "+
				"write sqlite:///relative/path or sqlite:////absolute/path", connection)
		}
		if database == "" || database == MemorySQLite {
			return SQLite, sqlitedriver.DSN(MemorySQLite), nil
		}
		return SQLite, sqlitedriver.DSN(database), nil
	default:
		return "", "", fmt.Errorf("database connection: unsupported database %q (want mysql or sqlite)", name)
	}
}

func mysqlDSN(user, pass, host, port, database, query string) (string, error) {
	cfg := mysql.NewConfig()
	cfg.User = user
	cfg.Passwd = pass
	cfg.DBName = database
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_general_ci"
	cfg.Params = map[string]string{"charset": "utf8mb4", "sql_mode": "'TRADITIONAL'"}
	// Send each statement with its arguments in one round trip, as PyMySQL
	// does, instead of prepare, execute and close: without gorm's statement
	// cache every query would otherwise pay for a prepare. The driver falls
	// back to a prepared statement when it cannot interpolate (a statement
	// larger than max_allowed_packet).
	cfg.InterpolateParams = true
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = "3306"
	} else if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("bad port %q", port)
	}
	cfg.Net = "tcp"
	cfg.Addr = net.JoinHostPort(host, port)

	params, err := url.ParseQuery(query)
	if err != nil {
		return "", fmt.Errorf("bad query: %w", err)
	}
	for k, vs := range params {
		v := vs[len(vs)-1]
		switch {
		case k == "unix_socket":
			cfg.Net = "unix"
			cfg.Addr = v
		case k == "connect_timeout" || k == "read_timeout" || k == "write_timeout":
			secs, err := strconv.ParseFloat(v, 64)
			if err != nil || secs < 0 {
				return "", fmt.Errorf("bad %s %q", k, v)
			}
			d := time.Duration(secs * float64(time.Second))
			switch k {
			case "connect_timeout":
				cfg.Timeout = d
			case "read_timeout":
				cfg.ReadTimeout = d
			default:
				cfg.WriteTimeout = d
			}
		case strings.HasPrefix(k, "ssl"):
			return "", fmt.Errorf("TLS parameter %q is not supported yet", k)
		case ignoredMySQLParams[k]:
		default:
			return "", fmt.Errorf("unsupported query parameter %q", k)
		}
	}
	return cfg.FormatDSN(), nil
}

// redact hides the password of an SQLAlchemy URL for messages.
func redact(connection string) string {
	m := sqlalchemyURL.FindStringSubmatchIndex(connection)
	if m == nil || m[6] < 0 {
		return connection
	}
	return connection[:m[6]] + "***" + connection[m[7]:]
}

// Open parses connection (see ParseConnection), opens a pool with settings
// that suit the dialect and checks that the database answers.
func Open(ctx context.Context, connection string) (db *sql.DB, dialect string, err error) {
	dialect, dsn, err := ParseConnection(connection)
	if err != nil {
		return nil, "", err
	}
	driver := dialect
	if dialect == SQLite {
		driver = sqlitedriver.DriverName
	}
	db, err = sql.Open(driver, dsn)
	if err != nil {
		return nil, "", fmt.Errorf("open %s database: %w", dialect, err)
	}
	switch {
	case dialect == SQLite && strings.HasPrefix(dsn, MemorySQLite):
		// Each connection would see its own empty database.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	case dialect == MySQL:
		// Below the server's wait_timeout, as oslo.db recycles at 3600 s.
		db.SetConnMaxLifetime(time.Hour)
		db.SetMaxIdleConns(10)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, "", fmt.Errorf("connect to %s database %s: %w", dialect, redact(connection), err)
	}
	return db, dialect, nil
}
