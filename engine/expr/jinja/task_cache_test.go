package jinja

import (
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
)

// cachingHost answers task('kept') from the transaction's cache
// (expr.TaskCache), as the engine's host does once task() answered it.
type cachingHost struct{ fakeHost }

func (cachingHost) CachedTask(name string) (any, bool) {
	if name == "kept" {
		return data.MapOf("name", "kept", "result", 7), true
	}
	return nil, false
}

// Outside a task (a workflow's output) task() fails with KeyError, unless
// the transaction's cache holds its answer: Mistral's tx_cached answers
// before the function reads the context.
func TestTaskAnswersFromCacheWithoutTaskContext(t *testing.T) {
	ctx := &expr.Context{Data: data.MapOf("__execution", data.MapOf("id", "wf")), Host: cachingHost{}}
	v, err := eval(t, "{{ task('kept').result }}", ctx)
	if err != nil || data.Repr(v) != "7" {
		t.Errorf("cached task(): %v, %v", v, err)
	}
	if _, err := eval(t, "{{ task('other').result }}", ctx); err == nil || !strings.Contains(err.Error(), "'__task_execution'") {
		t.Errorf("uncached task(): got %v, want KeyError '__task_execution'", err)
	}
}
