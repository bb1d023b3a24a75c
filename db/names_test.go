package db_test

import (
	"context"
	"slices"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
)

// TestNamesAreCaseInsensitive: Mistral's MySQL tables compare strings by
// utf8mb4_general_ci, so a workflow name is taken whatever its case, found
// by any spelling, and sorted regardless of case. The embedded SQLite
// database behaves the same for ASCII letters.
func TestNamesAreCaseInsensitive(t *testing.T) {
	for dialect, open := range bothStores(t) {
		t.Run(dialect, func(t *testing.T) {
			store := open(t)
			ctx := context.Background()
			create := func(name string) error {
				return store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					return tx.WorkflowDefinitions().Create(&db.WorkflowDefinition{
						ID: db.NewID(), Name: name, Scope: "private", ProjectID: "p",
					})
				})
			}
			for _, name := range []string{"Foo", "bar", "Baz", "ba_r"} {
				if err := create(name); err != nil {
					t.Fatalf("create %q: %v", name, err)
				}
			}
			if err := create("FOO"); !exc.Is(err, exc.DBDuplicateEntry) {
				t.Fatalf("create FOO next to Foo: %v, want a duplicate entry", err)
			}
			viewer := db.Viewer{ProjectID: "p"}
			d, err := store.Read(ctx).WorkflowDefinitions().Get("fOO", "", viewer)
			if err != nil || d.Name != "Foo" {
				t.Fatalf("Get(fOO) = %v, %v; want Foo", d, err)
			}
			list := func(marker string) []string {
				var names []string
				err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					rows, err := db.List[db.WorkflowDefinition](tx, db.ListQuery{
						SortKeys: []string{"name"}, SortDirs: []string{"asc"}, Viewer: viewer, Marker: marker,
					})
					for _, r := range rows {
						names = append(names, r.Name)
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				return names
			}
			// "_" sorts after the letters, which compare as capitals
			if got, want := list(""), []string{"bar", "Baz", "ba_r", "Foo"}; !slices.Equal(got, want) {
				t.Fatalf("sorted by name: %q, want %q", got, want)
			}
			baz, err := store.Read(ctx).WorkflowDefinitions().Get("baz", "", viewer)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := list(baz.ID), []string{"ba_r", "Foo"}; !slices.Equal(got, want) {
				t.Fatalf("after Baz: %q, want %q", got, want)
			}
		})
	}
}
