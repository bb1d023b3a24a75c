package engine_test

import (
	"testing"

	"github.com/tramontane/tramontane/db"
)

// Mistral's dispatcher runs the commands of one batch that are not join
// runs last first. So when the first start task fails while it starts (its
// input cannot be evaluated), the ones after it have already run; when the
// last one fails so, the workflow has failed before the others start.
func TestStartTasksRunLastFirst(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
first_fails:
  tasks:
    a:
      action: std.echo output=<% $.nope %>
    b:
      action: std.noop
last_fails:
  tasks:
    a:
      action: std.noop
    b:
      action: std.echo output=<% $.nope %>
`)
	tests := []struct {
		workflow string
		failed   string
		ran      []string // tasks that exist; the others never ran
	}{
		{"first_fails", "a", []string{"a", "b"}},
		{"last_fails", "b", []string{"b"}},
	}
	for _, tc := range tests {
		t.Run(tc.workflow, func(t *testing.T) {
			ex := s.run(t, tc.workflow, nil)
			tasks := s.tasks(t, ex.ID)
			if ex.State != db.StateError || len(tasks) != len(tc.ran) {
				t.Fatalf("execution %s with %d tasks, want ERROR with %d", ex.State, len(tasks), len(tc.ran))
			}
			for _, name := range tc.ran {
				if tasks[name] == nil {
					t.Errorf("task %s never ran", name)
				}
			}
			if f := tasks[tc.failed]; f == nil || f.State != db.StateError {
				t.Errorf("task %s: %v, want ERROR", tc.failed, f)
			}
		})
	}
}
