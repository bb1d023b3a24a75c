package service

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/db"
)

// heartbeat registers the services of this process in tramontane_services,
// one row per Mistral group (api_group, engine_group, ...) named as
// Mistral names coordination members (host_pid), refreshes them every
// db.ServiceHeartbeat and deletes them on a clean shutdown. GET
// /v2/services lists the rows that are fresh; the rows of a process that
// died go stale and disappear from the list, and are deleted by the next
// process that beats after a while.
type heartbeat struct {
	store *db.Store
	rows  []*db.Service
	log   *slog.Logger
}

// staleAfter is how old a row must be before any process deletes it.
const staleAfter = 20 * db.ServiceHeartbeat

func newHeartbeat(store *db.Store, groups []string, host string, log *slog.Logger) *heartbeat {
	name := fmt.Sprintf("%s_%d", host, os.Getpid())
	h := &heartbeat{store: store, log: log}
	for _, g := range groups {
		h.rows = append(h.rows, &db.Service{ID: db.NewID(), Name: name, Type: g + "_group", Host: host})
	}
	return h
}

// Run beats until ctx ends, then unregisters.
func (h *heartbeat) Run(ctx context.Context) error {
	h.beat(ctx)
	tick := time.NewTicker(db.ServiceHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return h.unregister()
		case <-tick.C:
			h.beat(ctx)
		}
	}
}

// beat refreshes the rows. A failure is logged, not fatal: the process
// keeps working and shows as dead until the database answers again.
func (h *heartbeat) beat(ctx context.Context) {
	now := time.Now().UTC()
	err := h.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		if err := tx.Services().Beat(h.rows, now); err != nil {
			return err
		}
		return tx.Services().DeleteStale(now.Add(-staleAfter))
	})
	if err != nil && ctx.Err() == nil {
		h.log.Warn("service heartbeat failed", "error", err)
	}
}

// unregister deletes the rows at shutdown, with a context of its own since
// the service's has ended.
func (h *heartbeat) unregister() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ids := make([]string, len(h.rows))
	for i, r := range h.rows {
		ids[i] = r.ID
	}
	err := h.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.Services().Delete(ids) })
	if err != nil {
		h.log.Warn("service unregistration failed", "error", err)
	}
	return nil
}

// serviceGroups returns the Mistral groups of the services this process
// runs: a local executor runs inside the engine and is not a service of its
// own.
func serviceGroups(servers []string, cfg *config.Config) []string {
	var groups []string
	for _, s := range servers {
		switch {
		case s == Executor && cfg.Executor.Type == "local":
		default:
			groups = append(groups, s)
		}
	}
	return groups
}
