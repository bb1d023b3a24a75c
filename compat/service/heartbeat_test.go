package service

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
)

func TestHeartbeatRegistersAndUnregisters(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	// A process that died long ago: its row is cleaned up by the next beat.
	dead := &db.Service{ID: db.NewID(), Name: "gone_1", Type: "engine_group", Host: "gone"}
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		return tx.Services().Beat([]*db.Service{dead}, time.Now().UTC().Add(-time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}

	hb := newHeartbeat(store, []string{API, Engine}, "node1", slog.New(slog.DiscardHandler))
	done := make(chan error)
	go func() { done <- hb.Run(ctx) }()

	var live []*db.Service
	deadline := time.Now().Add(10 * time.Second)
	for len(live) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("live services: %v", live)
		}
		time.Sleep(10 * time.Millisecond)
		live, err = store.Read(ctx).Services().Live(time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
	}
	if live[0].Type != "api_group" || live[1].Type != "engine_group" || live[0].Name != live[1].Name ||
		live[0].Host != "node1" {
		t.Fatalf("live services: %+v %+v", live[0], live[1])
	}
	// Seen at the end of its liveness, a process is no longer listed.
	if later, _ := store.Read(ctx).Services().Live(time.Now().UTC().Add(db.ServiceLiveness + time.Second)); len(later) != 0 {
		t.Fatalf("%d services still live after their liveness", len(later))
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var n int
	sqlDB, _ := store.SQL()
	if err := sqlDB.QueryRow("SELECT COUNT(*) FROM tramontane_services").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows after shutdown (%v), want 0 (the dead one cleaned, ours unregistered)", n, err)
	}
}

func TestServiceGroups(t *testing.T) {
	remote := &config.Config{}
	remote.Executor.Type = "remote"
	local := &config.Config{}
	local.Executor.Type = "local"
	all := []string{API, Engine, Executor, Notifier}
	tests := []struct {
		cfg  *config.Config
		want []string
	}{
		{remote, []string{API, Engine, Executor, Notifier}},
		{local, []string{API, Engine, Notifier}},
	}
	for _, tt := range tests {
		got := serviceGroups(all, tt.cfg)
		if len(got) != len(tt.want) {
			t.Errorf("executor %s: %v, want %v", tt.cfg.Executor.Type, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("executor %s: %v, want %v", tt.cfg.Executor.Type, got, tt.want)
			}
		}
	}
}
