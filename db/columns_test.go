package db

import (
	"reflect"
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
