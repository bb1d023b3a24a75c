package db_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine/exc"
)

// seedEnvironments stores env0..env4 one second apart; env3 is public and of
// another project, env4 has a description "50% off_".
func seedEnvironments(t *testing.T, store *db.Store) []string {
	t.Helper()
	base := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	var ids []string
	err := store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		for i := 0; i < 5; i++ {
			e := &db.Environment{
				Timestamps: db.Timestamps{CreatedAt: base.Add(time.Duration(i) * time.Second)},
				ID:         fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i),
				Name:       fmt.Sprintf("env%d", i),
				Scope:      "private",
				ProjectID:  db.DefaultProject,
			}
			if i == 3 {
				e.Scope, e.ProjectID = "public", "other"
			}
			if i == 4 {
				d := "50% off_"
				e.Description = &d
			}
			if err := tx.Environments().Create(e); err != nil {
				return err
			}
			ids = append(ids, e.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestList(t *testing.T) {
	store := dbtest.SQLite(t)
	seedEnvironments(t, store)
	tests := []struct {
		name    string
		q       db.ListQuery
		want    []string
		wantErr string // exception class
	}{
		{name: "default order is id", q: db.ListQuery{}, want: []string{"env0", "env1", "env2", "env3", "env4"}},
		{name: "sort desc", q: db.ListQuery{SortKeys: []string{"created_at"}, SortDirs: []string{"desc"}},
			want: []string{"env4", "env3", "env2", "env1", "env0"}},
		{name: "project only", q: db.ListQuery{Viewer: db.Viewer{ProjectID: db.DefaultProject}},
			want: []string{"env0", "env1", "env2", "env4"}},
		{name: "project and public", q: db.ListQuery{Viewer: db.Viewer{ProjectID: db.DefaultProject}, Public: true},
			want: []string{"env0", "env1", "env2", "env3", "env4"}},
		{name: "all projects", q: db.ListQuery{Viewer: db.Viewer{ProjectID: "nobody"}, AllProjects: true},
			want: []string{"env0", "env1", "env2", "env3", "env4"}},
		{name: "eq", q: db.ListQuery{Filters: []db.Filter{{Column: "name", Op: db.OpEq, Value: "env2"}}},
			want: []string{"env2"}},
		{name: "neq leaves nulls out", q: db.ListQuery{Filters: []db.Filter{{Column: "description", Op: db.OpNeq, Value: "x"}}},
			want: []string{"env4"}},
		{name: "in", q: db.ListQuery{Filters: []db.Filter{{Column: "name", Op: db.OpIn, Value: []any{"env1", "env3"}}}},
			want: []string{"env1", "env3"}},
		{name: "nin", q: db.ListQuery{Filters: []db.Filter{{Column: "name", Op: db.OpNin, Value: []any{"env1", "env3"}}}},
			want: []string{"env0", "env2", "env4"}},
		{name: "has keeps wildcards", q: db.ListQuery{Filters: []db.Filter{{Column: "description", Op: db.OpHas, Value: "% off_"}}},
			want: []string{"env4"}},
		{name: "has underscore is any character", q: db.ListQuery{Filters: []db.Filter{{Column: "name", Op: db.OpHas, Value: "env_"}}},
			want: []string{"env0", "env1", "env2", "env3", "env4"}},
		{name: "has percent is any text", q: db.ListQuery{Filters: []db.Filter{{Column: "name", Op: db.OpHas, Value: "e%4"}}},
			want: []string{"env4"}},
		{name: "gte time", q: db.ListQuery{Filters: []db.Filter{{Column: "created_at", Op: db.OpGte,
			Value: time.Date(2026, 1, 1, 10, 0, 3, 0, time.UTC)}}}, want: []string{"env3", "env4"}},
		{name: "lt time", q: db.ListQuery{Filters: []db.Filter{{Column: "created_at", Op: db.OpLt,
			Value: time.Date(2026, 1, 1, 10, 0, 1, 0, time.UTC)}}}, want: []string{"env0"}},
		{name: "null", q: db.ListQuery{Filters: []db.Filter{{Column: "description", Op: db.OpNull}}},
			want: []string{"env0", "env1", "env2", "env3"}},
		{name: "limit", q: db.ListQuery{Limit: 2}, want: []string{"env0", "env1"}},
		{name: "marker asc", q: db.ListQuery{SortKeys: []string{"created_at"}, Limit: 2,
			Marker: "00000000-0000-4000-8000-000000000001"}, want: []string{"env2", "env3"}},
		{name: "marker desc", q: db.ListQuery{SortKeys: []string{"created_at"}, SortDirs: []string{"desc"},
			Marker: "00000000-0000-4000-8000-000000000002"}, want: []string{"env1", "env0"}},
		// As oslo.db's paginate_query: a NULL marker value orders nothing,
		// and a NULL never sorts after a value.
		{name: "marker on a nullable key asc", q: db.ListQuery{SortKeys: []string{"description"},
			Marker: "00000000-0000-4000-8000-000000000002"}, want: []string{"env3", "env4"}},
		{name: "marker on a nullable key asc, value", q: db.ListQuery{SortKeys: []string{"description"},
			Marker: "00000000-0000-4000-8000-000000000004"}, want: nil},
		{name: "marker on a nullable key desc", q: db.ListQuery{SortKeys: []string{"description"}, SortDirs: []string{"desc"},
			Marker: "00000000-0000-4000-8000-000000000004"}, want: nil},
		{name: "marker on a nullable key desc, null", q: db.ListQuery{SortKeys: []string{"description"}, SortDirs: []string{"desc"},
			Marker: "00000000-0000-4000-8000-000000000001"}, want: []string{"env4", "env2", "env3"}},
		{name: "unknown marker", q: db.ListQuery{Marker: "00000000-0000-4000-8000-000000000009"}, wantErr: exc.DBEntityNotFound},
		{name: "unknown sort key", q: db.ListQuery{SortKeys: []string{"bogus"}}, wantErr: exc.Input},
		{name: "bad sort dir", q: db.ListQuery{SortKeys: []string{"name"}, SortDirs: []string{"up"}}, wantErr: exc.Input},
		{name: "more dirs than keys", q: db.ListQuery{SortKeys: []string{"name"}, SortDirs: []string{"asc", "asc"}}, wantErr: exc.Input},
		{name: "unknown filter column", q: db.ListQuery{Filters: []db.Filter{{Column: "bogus", Op: db.OpEq, Value: "x"}}}, wantErr: exc.DBError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := db.List[db.Environment](store.Read(context.Background()), tt.q)
			if tt.wantErr != "" {
				if !exc.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want class %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListTags(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		for i, tags := range []db.StringList{{"a", "b"}, {"b"}, {"ab"}, nil} {
			d := &db.WorkflowDefinition{
				Timestamps: db.Timestamps{CreatedAt: db.Now()},
				ID:         db.NewID(), Name: fmt.Sprintf("wf%d", i), Tags: tags, Scope: "private", ProjectID: db.DefaultProject,
			}
			if err := tx.WorkflowDefinitions().Create(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		tags []string
		want []string
	}{
		{[]string{"a"}, []string{"wf0"}},
		{[]string{"b"}, []string{"wf0", "wf1"}},
		{[]string{"a", "b"}, []string{"wf0"}},
		{[]string{"ab"}, []string{"wf2"}},
		{[]string{"a", " b"}, nil},
		{[]string{"a", ""}, nil},
	}
	for _, tt := range tests {
		rows, err := db.List[db.WorkflowDefinition](store.Read(ctx), db.ListQuery{
			SortKeys: []string{"name"},
			Filters:  []db.Filter{{Column: "tags", Op: db.OpTags, Value: tt.tags}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tags %v: got %v, want %v", tt.tags, got, tt.want)
		}
	}
}

// TestListMarkerCase: a marker in capitals finds its row, as MySQL's
// case-blind comparison does for Mistral.
func TestListMarkerCase(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	err := store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		for i, id := range []string{"aaaaaaaa-0000-4000-8000-000000000000", "bbbbbbbb-0000-4000-8000-000000000000"} {
			e := &db.Environment{Timestamps: db.Timestamps{CreatedAt: base.Add(time.Duration(i) * time.Second)},
				ID: id, Name: fmt.Sprintf("env%d", i), Scope: "private", ProjectID: db.DefaultProject}
			if err := tx.Environments().Create(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.List[db.Environment](store.Read(ctx), db.ListQuery{Marker: "AAAAAAAA-0000-4000-8000-000000000000"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "env1" {
		t.Fatalf("got %d rows, want env1 only", len(rows))
	}
}
