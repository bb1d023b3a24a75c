package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
)

const roundTripDoc = `version: '2.0'
wf:
  type: direct
  description: d
  tags: [x]
  input: [a, {b: 2}]
  vars: {v: 1}
  output: {o: <% $.a %>}
  task-defaults:
    on-error: [h]
    retry: count=2 delay=1
  tasks:
    t1:
      action: std.echo output="x" delay=1
      input: {output: y, n: {a: 1}}
      with-items: i in [1, 2]
      publish: {p: <% task().result %>}
      on-success:
        - t2: <% $.p %>
        - fail msg="no"
      on-complete:
        publish: {global: {g: 1}}
        next: t2
    t2:
      workflow: sub x=[1, 2]
      join: all
      timeout: 5
      target: <% $.t %>
    h: {action: std.noop}
`

func describe(w *Workflow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q %v %+v %s %s %s\n", w.Name, w.Type, w.Description, w.Tags, w.Input,
		repr(w.Output), repr(w.Vars), w.InputSignature())
	for _, t := range w.Tasks {
		pol := w.Policies(t)
		retry := *pol.Retry
		pol.Retry = nil
		fmt.Fprintf(&b, "%s a=%q w=%q in=%s items=%v pub=%s succ=%s err=%s comp=%s join=%+v pol=%+v retry=%+v target=%v\n",
			t.Name, t.Action, t.Workflow, repr(t.Input), t.WithItems, repr(t.Publish),
			names(w.OnSuccess(t)), names(w.OnError(t)), names(w.OnComplete(t)), t.Join, pol, retry, t.Target)
	}
	return b.String()
}

// TestWorkflowFromSpec rebuilds a workflow from its spec after a trip
// through JSON, as the engine does with the spec stored in an execution.
func TestWorkflowFromSpec(t *testing.T) {
	w := mustWorkflow(t, roundTripDoc)
	stored := data.MustEncode(w.Spec())
	spec, err := data.Parse(stored)
	if err != nil {
		t.Fatal(err)
	}
	again, err := WorkflowFromSpec(spec.(*data.Map))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(again), describe(w); got != want {
		t.Errorf("rebuilt workflow differs\n got %s\nwant %s", got, want)
	}
	if string(data.MustEncode(spec)) != string(stored) {
		t.Error("WorkflowFromSpec modified the spec")
	}
	if _, err := WorkflowFromSpec(nil); err == nil {
		t.Error("nil spec accepted")
	}
}

// bigWorkflow is a 50-task direct workflow with the usual features.
func bigWorkflow() string {
	var b strings.Builder
	b.WriteString("version: '2.0'\nbig:\n  input: [a, b: 1]\n  task-defaults:\n    on-error: [handle]\n    retry: count=1 delay=0\n  tasks:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "    t%d:\n      action: std.echo output=\"<%% $.a %%> %d\" delay=0\n", i, i)
		fmt.Fprintf(&b, "      input: {extra: {k: %d}}\n      publish: {r%d: <%% task().result %%>}\n", i, i)
		if i < 49 {
			fmt.Fprintf(&b, "      on-success:\n        - t%d: <%% $.r%d != null %%>\n", i+1, i)
		}
		if i%10 == 0 {
			b.WriteString("      with-items: x in [1, 2, 3]\n      timeout: <% $.b %>\n")
		}
	}
	b.WriteString("    handle:\n      action: std.noop\n")
	return b.String()
}

func BenchmarkWorkflowFromSpec50(b *testing.B) {
	w := mustWorkflow(b, bigWorkflow())
	spec, err := data.Parse(data.MustEncode(w.Spec()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WorkflowFromSpec(spec.(*data.Map)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseWorkflows50(b *testing.B) {
	text := bigWorkflow()
	v := realValidator()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseWorkflows(text, v); err != nil {
			b.Fatal(err)
		}
	}
}
