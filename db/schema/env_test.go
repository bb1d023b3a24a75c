package schema

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// skipOrFail skips the test for a missing prerequisite, except in CI
// (CI=true) where every prerequisite must be there.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// specFile locates a file of shared/spec by walking up from the test's
// directory (the shared folder sits beside the repository).
func specFile(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, cand := range []string{
			filepath.Join(dir, "shared", "spec", name),
			filepath.Join(dir, "..", "shared", "spec", name),
		} {
			if _, err := os.Stat(cand); err == nil {
				return cand
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			skipOrFail(t, "shared/spec/%s not found above the test directory", name)
		}
		dir = parent
	}
}

// testMySQL is a MariaDB/MySQL server the tests may create databases on.
type testMySQL struct {
	cfg *mysql.Config // without a database name
	db  *sql.DB
}

// mysqlServer connects to the server named by TRAMONTANE_TEST_MYSQL_DSN (a
// go-sql-driver DSN) or, by default, as root over the local unix socket.
func mysqlServer(t *testing.T) *testMySQL {
	t.Helper()
	dsn := os.Getenv("TRAMONTANE_TEST_MYSQL_DSN")
	if dsn == "" {
		dsn = "root@unix(/run/mysqld/mysqld.sock)/"
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("TRAMONTANE_TEST_MYSQL_DSN: %v", err)
	}
	cfg.DBName = ""
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		skipOrFail(t, "MariaDB/MySQL unreachable at %s (set TRAMONTANE_TEST_MYSQL_DSN or start mariadb): %v", dsn, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return &testMySQL{cfg: cfg, db: db}
}

// newDatabase creates a throw-away database, dropped when the test ends,
// and returns its name and a pool connected to it.
func (s *testMySQL) newDatabase(t *testing.T) (string, *sql.DB) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "tramontane_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "CREATE DATABASE `"+name+"`"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { _, _ = s.db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`") })
	return name, s.open(t, name)
}

func (s *testMySQL) open(t *testing.T, name string) *sql.DB {
	t.Helper()
	cfg := s.cfg.Clone()
	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
