package refcompare

import (
	"net/http"
	"slices"
	"testing"

	"github.com/tramontane/tramontane/tests/jsondiff"
	"github.com/tramontane/tramontane/tests/testserver"
)

// TestReference replays each scenario against our mistral-server and
// compares every answer with the real Mistral 15's recorded one; with
// -record=URL it records the real Mistral's answers instead.
func TestReference(t *testing.T) {
	if *record != "" {
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { save(t, sc, run(t, *record, sc)) })
		}
		return
	}
	url := *against
	if url == "" {
		url = testserver.Start(t, "").URL
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			want := load(t, sc)
			compare(t, sc, want, run(t, url, sc))
		})
	}
	t.Run("services_shape", func(t *testing.T) { servicesShape(t, url) })
}

// servicesShape checks our service list against the shape REST.md §12
// gives Mistral's (the reference here runs without the tooz coordination
// backend its list needs, and answers 406): {"services": [{"name", "type"}]}
// with Mistral's group names, and this server's engine among them.
func servicesShape(t *testing.T, url string) {
	c := newClient(t, url)
	status, answer := c.send(get, "/services", nil)
	list, _ := dig(answer, "services").([]any)
	if status != http.StatusOK || len(list) == 0 {
		t.Fatalf("GET /services: %d %s", status, jsondiff.Show(answer))
	}
	groups := []string{"api_group", "engine_group", "executor_group", "event-engine_group", "notifier_group"}
	var types []string
	for _, item := range list {
		m, _ := item.(map[string]any)
		name, _ := m["name"].(string)
		typ, _ := m["type"].(string)
		if len(m) != 2 || name == "" || !slices.Contains(groups, typ) {
			t.Errorf("service %s: want {\"name\": <member id>, \"type\": one of %v}", jsondiff.Show(item), groups)
		}
		types = append(types, typ)
	}
	if !slices.Contains(types, "engine_group") || !slices.Contains(types, "api_group") {
		t.Errorf("the service list %v lacks this server's api or engine", types)
	}
}
