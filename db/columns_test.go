package db

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// The hand-listed columns (rows.go) are the columns gorm maps: a field
// added to a model without its column would be lost by the hot path.
func TestColumnsAreTheModels(t *testing.T) {
	e, tk, a := &WorkflowExecution{}, &TaskExecution{}, &ActionExecution{}
	for _, c := range []struct {
		model any
		cols  []column
	}{
		{e, e.columns()},
		{tk, tk.columns()},
		{a, a.columns()},
	} {
		s, err := schema.Parse(c.model, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, col := range c.cols {
			names = append(names, col.name)
			f := s.LookUpField(col.name)
			if f == nil {
				t.Errorf("%s: no field has column %s", s.Table, col.name)
				continue
			}
			if got := f.ReflectValueOf(t.Context(), reflect.ValueOf(c.model).Elem()).Addr().Interface(); got != col.field {
				t.Errorf("%s.%s: listed with another field than gorm's %s", s.Table, col.name, f.Name)
			}
		}
		if len(names) != len(s.DBNames) {
			t.Errorf("%s: %d columns listed, gorm maps %d: %v", s.Table, len(names), len(s.DBNames), s.DBNames)
		}
	}
}

// CutStateInfo keeps 65500 characters of a longer state_info and appends
// "...", counting characters, not bytes.
func TestCutStateInfo(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{in: "short", want: "short"},
		{in: strings.Repeat("x", 65500), want: strings.Repeat("x", 65500)},
		{in: strings.Repeat("x", 65501), want: strings.Repeat("x", 65500) + "..."},
		{in: strings.Repeat("é", 32768), want: strings.Repeat("é", 32768)},
		{in: strings.Repeat("é", 65501), want: strings.Repeat("é", 65500) + "..."},
	} {
		if got := CutStateInfo(tc.in); got != tc.want {
			t.Errorf("CutStateInfo of %d bytes: %d bytes, want %d", len(tc.in), len(got), len(tc.want))
		}
	}
}
