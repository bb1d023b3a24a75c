package db_test

import (
	"context"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine/exc"
)

// TestActionDefinitionsGet: an identifier names an action by id or by
// name, in the namespace or else the default one; an action may be named
// like a uuid (Mistral accepts the name and deletes it by name).
func TestActionDefinitionsGet(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	const uuidName = "12345678-1234-4234-8234-123456789012"
	rows := []*db.ActionDefinition{
		{ID: "00000000-0000-4000-8000-000000000001", Name: uuidName, Scope: "private", ProjectID: "p"},
		{ID: "00000000-0000-4000-8000-000000000002", Name: "plain", Scope: "private", ProjectID: "p"},
		{ID: "00000000-0000-4000-8000-000000000003", Name: "plain", Namespace: "ns", Scope: "private", ProjectID: "p"},
	}
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		for _, r := range rows {
			if err := tx.ActionDefinitions().Create(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, identifier, namespace string
		wantID                      string // "" when not found
	}{
		{name: "a uuid-like name", identifier: uuidName, wantID: rows[0].ID},
		{name: "an id", identifier: rows[1].ID, wantID: rows[1].ID},
		{name: "a name", identifier: "plain", wantID: rows[1].ID},
		{name: "a name in a namespace", identifier: "plain", namespace: "ns", wantID: rows[2].ID},
		{name: "the default namespace's", identifier: uuidName, namespace: "ns", wantID: rows[0].ID},
		{name: "an unknown uuid", identifier: "00000000-0000-4000-8000-000000000009"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := store.Read(ctx).ActionDefinitions().Get(tt.identifier, tt.namespace, "p")
			if tt.wantID == "" {
				if !exc.Is(err, exc.DBEntityNotFound) {
					t.Fatalf("Get(%q) = %v, %v; want not found", tt.identifier, d, err)
				}
				return
			}
			if err != nil || d.ID != tt.wantID {
				t.Fatalf("Get(%q, %q) = %v, %v; want id %s", tt.identifier, tt.namespace, d, err, tt.wantID)
			}
		})
	}
}
