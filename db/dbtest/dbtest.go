// Package dbtest opens throw-away stores with Mistral's schema for tests.
// It is imported by tests only; the product never uses it.
package dbtest

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/schema"
)

// Open upgrades the database at conn (a [database] connection string) to
// Mistral's head schema and opens a store on it, closed when tb ends.
func Open(tb testing.TB, conn string) *db.Store {
	tb.Helper()
	ctx := context.Background()
	sqlDB, dialect, err := schema.Open(ctx, conn)
	if err != nil {
		tb.Fatal(err)
	}
	if err := schema.Upgrade(ctx, sqlDB, dialect); err != nil {
		tb.Fatal(err)
	}
	sqlDB.Close()
	dialect, dsn, err := schema.ParseConnection(conn)
	if err != nil {
		tb.Fatal(err)
	}
	store, err := db.Open(ctx, db.Config{Dialect: dialect, DSN: dsn}, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return store
}

// SQLite opens a fresh SQLite file in tb's temporary directory.
func SQLite(tb testing.TB) *db.Store {
	tb.Helper()
	return Open(tb, "sqlite:///"+filepath.Join(tb.TempDir(), "test.sqlite"))
}
