package db_test

import (
	"context"
	"slices"
	"strings"
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

// TestNamesCompareAsMySQL: beyond case, utf8mb4_general_ci ignores
// accents and trailing spaces ("Café" = "cafe "), which the embedded
// database must do as well: in lookups, unique names, list filters and
// the sort order.
func TestNamesCompareAsMySQL(t *testing.T) {
	for dialect, open := range bothStores(t) {
		t.Run(dialect, func(t *testing.T) {
			store := open(t)
			ctx := context.Background()
			viewer := db.Viewer{ProjectID: "p"}
			create := func(name string) error {
				return store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					return tx.WorkflowDefinitions().Create(&db.WorkflowDefinition{
						ID: db.NewID(), Name: name, Scope: "private", ProjectID: "p",
					})
				})
			}
			for _, name := range []string{"Café", "cafd", "cafe2"} {
				if err := create(name); err != nil {
					t.Fatalf("create %q: %v", name, err)
				}
			}
			for _, name := range []string{"cafe", "CAFE ", "càfé"} {
				if err := create(name); !exc.Is(err, exc.DBDuplicateEntry) {
					t.Errorf("create %q next to Café: %v, want a duplicate entry", name, err)
				}
				d, err := store.Read(ctx).WorkflowDefinitions().Get(name, "", viewer)
				if err != nil || d.Name != "Café" {
					t.Errorf("Get(%q) = %v, %v; want Café", name, d, err)
				}
			}
			if err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				return tx.Environments().Create(&db.Environment{ID: db.NewID(), Name: "env ", Scope: "private", ProjectID: "p"})
			}); err != nil {
				t.Fatal(err)
			}
			if e, err := store.Read(ctx).Environments().Get("ÉNV", "p"); err != nil || e.Name != "env " {
				t.Errorf("environment ÉNV = %v, %v; want env ", e, err)
			}
			tests := []struct {
				name   string
				filter db.Filter
				dir    string
				want   []string
			}{
				{"sorted", db.Filter{Column: "name", Op: db.OpHas, Value: "caf"}, "asc", []string{"cafd", "Café", "cafe2"}},
				{"sorted desc", db.Filter{Column: "name", Op: db.OpHas, Value: "caf"}, "desc", []string{"cafe2", "Café", "cafd"}},
				{"eq", db.Filter{Column: "name", Op: db.OpEq, Value: "CAFE  "}, "asc", []string{"Café"}},
				{"neq", db.Filter{Column: "name", Op: db.OpNeq, Value: "cafe"}, "asc", []string{"cafd", "cafe2"}},
				{"in", db.Filter{Column: "name", Op: db.OpIn, Value: []any{"cafe ", "cafd"}}, "asc", []string{"cafd", "Café"}},
				{"nin", db.Filter{Column: "name", Op: db.OpNin, Value: []any{"cafe ", "cafd"}}, "asc", []string{"cafe2"}},
				{"gt", db.Filter{Column: "name", Op: db.OpGt, Value: "cafe"}, "asc", []string{"cafe2"}},
				{"has", db.Filter{Column: "name", Op: db.OpHas, Value: "AFE"}, "asc", []string{"Café", "cafe2"}},
				{"has pads no space", db.Filter{Column: "name", Op: db.OpHas, Value: "é "}, "asc", nil},
				{"has escapes with a backslash", db.Filter{Column: "name", Op: db.OpHas, Value: `caf\e`}, "asc", []string{"Café", "cafe2"}},
				{"has escapes a wildcard", db.Filter{Column: "name", Op: db.OpHas, Value: `c\_fe`}, "asc", nil},
				{"ASCII column", db.Filter{Column: "scope", Op: db.OpEq, Value: "Prívate  "}, "asc", []string{"cafd", "Café", "cafe2"}},
				{"ASCII column in", db.Filter{Column: "scope", Op: db.OpIn, Value: []any{"públic", "PRIVATE "}}, "asc", []string{"cafd", "Café", "cafe2"}},
			}
			for _, tc := range tests {
				var names []string
				err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					rows, err := db.List[db.WorkflowDefinition](tx, db.ListQuery{Filters: []db.Filter{tc.filter},
						SortKeys: []string{"name"}, SortDirs: []string{tc.dir}, Viewer: viewer})
					for _, r := range rows {
						names = append(names, r.Name)
					}
					return err
				})
				if err != nil || !slices.Equal(names, tc.want) {
					t.Errorf("%s: %q, %v; want %q", tc.name, names, err, tc.want)
				}
			}
			// executions(state => ...) of the expressions.
			exID := db.NewID()
			if err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				return tx.WorkflowExecutions().Insert(&db.WorkflowExecution{ID: exID, Name: "Café", WorkflowName: "Café",
					State: db.StateRunning, Scope: "private", ProjectID: "p", Timestamps: db.Timestamps{CreatedAt: db.Now()}})
			}); err != nil {
				t.Fatal(err)
			}
			// An id with trailing spaces, in capitals, is the id.
			if e, err := store.Read(ctx).WorkflowExecutions().GetVisible(strings.ToUpper(exID)+"  ", viewer); err != nil || e.ID != exID {
				t.Errorf("execution by its id in capitals with spaces: %v, %v", e, err)
			}
			if _, err := store.Read(ctx).WorkflowExecutions().GetVisible(exID+"x", viewer); err == nil ||
				err.Error() != "WorkflowExecution not found [id="+exID+"x]" {
				t.Errorf("execution by another id: %v", err)
			}
			cafe, err := store.Read(ctx).WorkflowDefinitions().Get("cafe", "", viewer)
			if err != nil {
				t.Fatal(err)
			}
			if d, err := store.Read(ctx).WorkflowDefinitions().Get(cafe.ID+" ", "", viewer); err != nil || d.ID != cafe.ID {
				t.Errorf("workflow by its id with a space: %v, %v", d, err)
			}
			ct := &db.CronTrigger{Timestamps: db.Timestamps{CreatedAt: db.Now()}, ID: db.NewID(), Name: "Cron",
				NextExecutionTime: db.Now(), WorkflowName: cafe.Name, WorkflowID: cafe.ID, Scope: "private", ProjectID: "p"}
			if err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error { return tx.CronTriggers().Create(ct) }); err != nil {
				t.Fatal(err)
			}
			// Ad-hoc actions by any spelling, the engine's Probe too once
			// a name beyond ASCII is stored.
			if err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
				return tx.ActionDefinitions().Create(&db.ActionDefinition{ID: db.NewID(), Name: "Salué", Scope: "private",
					ProjectID: "p", Timestamps: db.Timestamps{CreatedAt: db.Now()}})
			}); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name  string
				probe bool
				found bool
			}{{"SALUE", false, true}, {"SALUE", true, true}, {"salue ", true, true}, {"SALUÉ", true, true}, {"salut", true, false}} {
				find := store.Read(ctx).ActionDefinitions().Find
				if tc.probe {
					find = store.Read(ctx).ActionDefinitions().Probe
				}
				a, err := find(tc.name, "", "p")
				if found := a != nil; err != nil || found != tc.found {
					t.Errorf("action %q (probe %v): %v, %v; want found %v", tc.name, tc.probe, a, err, tc.found)
				}
			}
			et := func(exchange, event string) error {
				return store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
					return tx.EventTriggers().Create(&db.EventTrigger{Timestamps: db.Timestamps{CreatedAt: db.Now()}, ID: db.NewID(),
						WorkflowID: cafe.ID, Exchange: exchange, Topic: "t", Event: event, Scope: "private", ProjectID: "p"})
				})
			}
			if err := et("x", "e"); err != nil {
				t.Fatal(err)
			}
			if err := et("X ", "É"); !exc.Is(err, exc.DBDuplicateEntry) {
				t.Errorf("event trigger X, É next to x, e: %v, want a duplicate entry", err)
			}
			for _, ident := range []string{strings.ToUpper(ct.ID) + " ", "crón "} {
				if got, err := store.Read(ctx).CronTriggers().Get(ident, viewer); err != nil || got.ID != ct.ID {
					t.Errorf("cron trigger %q: %v, %v", ident, got, err)
				}
			}
			if list, err := store.Read(ctx).WorkflowExecutions().Filter("", "", "Rúnning ", "", ""); err != nil || len(list) != 1 {
				t.Errorf("executions in state 'Rúnning ': %d, %v; want 1", len(list), err)
			}
		})
	}
}
