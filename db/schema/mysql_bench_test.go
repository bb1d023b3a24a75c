package schema

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// BenchmarkMySQLQuery measures one parameterised SELECT by primary key, the
// engine's most common statement, with the arguments interpolated by the
// driver (what ParseConnection asks for) and, for comparison, through a
// server-side prepared statement per query (the driver's default: prepare,
// execute and close, two round trips instead of one).
func BenchmarkMySQLQuery(b *testing.B) {
	dsn := os.Getenv("TRAMONTANE_TEST_MYSQL_DSN")
	if dsn == "" {
		dsn = "root@unix(/run/mysqld/mysqld.sock)/"
	}
	base, err := mysql.ParseDSN(dsn)
	if err != nil {
		b.Fatalf("TRAMONTANE_TEST_MYSQL_DSN: %v", err)
	}
	base.DBName = ""
	admin, err := sql.Open("mysql", base.FormatDSN())
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	ctx := context.Background()
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := admin.PingContext(pingCtx); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("MariaDB/MySQL unreachable at %s: %v", dsn, err)
		}
		b.Skipf("MariaDB/MySQL unreachable at %s (set TRAMONTANE_TEST_MYSQL_DSN or start mariadb): %v", dsn, err)
	}
	name := fmt.Sprintf("tramontane_bench_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
		b.Fatal(err)
	}
	defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`")

	for _, interpolate := range []bool{true, false} {
		label := "interpolated"
		if !interpolate {
			label = "prepared"
		}
		b.Run(label, func(b *testing.B) {
			cfg := base.Clone()
			cfg.DBName = name
			cfg.InterpolateParams = interpolate
			db, err := sql.Open("mysql", cfg.FormatDSN())
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS t (id VARCHAR(36) PRIMARY KEY, state VARCHAR(20))"); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "INSERT IGNORE INTO t VALUES (?, ?)", "a1", "RUNNING"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				var state string
				if err := db.QueryRowContext(ctx, "SELECT state FROM t WHERE id = ?", "a1").Scan(&state); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
