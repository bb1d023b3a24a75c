package yaql

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// executionsHost answers executions() with one workflow execution.
type executionsHost struct{ fakeHost }

func (executionsHost) Executions(expr.ExecutionsFilter) (any, error) {
	return []any{data.MapOf("id", "wf-1", "state", "RUNNING")}, nil
}

// Mistral's yaml_dump (PyYAML's safe_dump) refuses yaql's lazy
// collections; json_dump writes them.
func TestYAMLDumpRefusesIterators(t *testing.T) {
	fails := []string{
		"yaml_dump([1, 2].select($))",
		"yaml_dump([3, 1].orderBy($))",
		"yaml_dump(range(2))",
	}
	for _, e := range fails {
		_, err := eval(t, e, data.MapOf(), executionsHost{})
		if err == nil || !strings.Contains(err.Error(), "cannot represent an object") {
			t.Errorf("%s: got %v, want a 'cannot represent an object' error", e, err)
		}
	}
	works := map[string]string{
		"yaml_dump(task(a).result)":            "'count: 3\\n'",
		"yaml_dump([1, 2].select($).toList())": "'- 1\\n- 2\\n'",
		"json_dump([1, 2].select($))":          "'[\\n    1,\\n    2\\n]'",
	}
	for e, want := range works {
		v, err := eval(t, e, data.MapOf(), executionsHost{})
		if err != nil {
			t.Errorf("%s: %v", e, err)
			continue
		}
		if got := data.Repr(v); got != want {
			t.Errorf("%s = %s, want %s", e, got, want)
		}
	}
}

// executions() answers Mistral's model objects: yaql knows no property
// of them, but they count and publish as their (column, value) pairs.
func TestExecutionsAnswersModelObjects(t *testing.T) {
	_, err := eval(t, "executions().first().state", data.MapOf(), executionsHost{})
	if err == nil || !strings.Contains(err.Error(), `Unknown function "#property#state"`) {
		t.Errorf("property of a model object: got %v", err)
	}
	v, err := eval(t, "executions().len()", data.MapOf(), executionsHost{})
	if err != nil || data.Repr(v) != "1" {
		t.Errorf("executions().len() = %v, %v", v, err)
	}
	v, err = eval(t, "executions().first()", data.MapOf(), executionsHost{})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := v.(data.Foreign)
	if !ok {
		t.Fatalf("executions().first() is %T, want a data.Foreign", v)
	}
	if got := data.Repr(f.JSONValue()); got != "[['id', 'wf-1'], ['state', 'RUNNING']]" {
		t.Errorf("published as %s", got)
	}
}
