package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
)

const roundTripWorkflows = `---
version: '2.0'
rt_chain10:
  tasks:
    t1: {action: std.noop, on-success: t2}
    t2: {action: std.noop, on-success: t3}
    t3: {action: std.noop, on-success: t4}
    t4: {action: std.noop, on-success: t5}
    t5: {action: std.noop, on-success: t6}
    t6: {action: std.noop, on-success: t7}
    t7: {action: std.noop, on-success: t8}
    t8: {action: std.noop, on-success: t9}
    t9: {action: std.noop, on-success: t10}
    t10: {action: std.noop}
rt_items50:
  tasks:
    each:
      with-items: x in <% range(50) %>
      action: std.echo output=<% $.x %>
rt_sub0:
  output:
    trail: <% $.trail %>
  tasks:
    call:
      workflow: rt_sub1
      input:
        trail: [l0]
      publish:
        trail: <% task().result.trail %>
rt_sub1:
  input: [trail]
  output:
    trail: <% $.out %>
  tasks:
    call:
      workflow: rt_sub2
      input:
        trail: <% $.trail + [l1] %>
      publish:
        out: <% task().result.trail %>
rt_sub2:
  input: [trail]
  output:
    trail: <% $.out %>
  tasks:
    call:
      workflow: rt_sub3
      input:
        trail: <% $.trail + [l2] %>
      publish:
        out: <% task().result.trail %>
rt_sub3:
  input: [trail]
  output:
    trail: <% $.trail %>
  tasks:
    echo:
      action: std.echo output=<% $.trail %>
`

// publishingChainYAML is a chain of n std.echo tasks, each publishing its
// own result.
func publishingChainYAML(name string, n int) string {
	var b strings.Builder
	b.WriteString(name + ":\n  tasks:\n")
	for i := range n {
		fmt.Fprintf(&b, "    t%d:\n      action: std.echo output=%d\n      publish:\n        r%d: <%% task().result %%>\n", i, i, i)
		if i < n-1 {
			fmt.Fprintf(&b, "      on-success: t%d\n", i+1)
		}
	}
	return b.String()
}

// TestRoundTripsOnMariaDB counts the round trips to MariaDB (statements
// sent; writes wait and ride with the next one) that chains, nested
// sub-workflows and a with-items task take, so that a change adding one to
// these paths fails a test, not only a benchmark.
func TestRoundTripsOnMariaDB(t *testing.T) {
	s := newStackOn(t, db.MySQL)
	s.upload(t, roundTripWorkflows+publishingChainYAML("rt_publish10", 10))
	for _, c := range []struct {
		name string
		max  int64
	}{
		// Two a task (the completion's lock and read; its writes and
		// commit), plus the start and the end; a few more at times, as
		// delivered outbox entries go.
		{"rt_chain10", 28},
		// The same, each task publishing its own result: the completion's
		// read says that its action is the task's only one, so task()
		// needs no round trip of its own (35 when it took one).
		{"rt_publish10", 28},
		// Each level down one (its inserts ride with the next level's
		// definition); each level up one: the parent task's read says
		// whether the sub-workflow is the task's only one, so task()
		// needs no round trip of its own (19 when it took one), and
		// whether the task is its workflow's only one, so the workflow's
		// end needs none either (16). 13, and one more at times, as
		// delivered outbox entries go.
		{"rt_sub0", 14},
		// The results come back together and are handled in batches,
		// each reading its actions in one statement (62 round trips when
		// each read its own; 15 or so now).
		{"rt_items50", 40},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.runUntil(t, c.name, nil, time.Minute) // caches warm
			before := s.store.Stats().Statements
			ex := s.runUntil(t, c.name, nil, time.Minute)
			if ex.State != db.StateSuccess {
				t.Fatalf("state %s: %v", ex.State, ex.StateInfo)
			}
			trips := s.store.Stats().Statements - before - int64(s.polls)
			t.Logf("%d round trips", trips)
			if trips > c.max {
				t.Errorf("%s took %d round trips, want at most %d", c.name, trips, c.max)
			}
		})
	}
}
