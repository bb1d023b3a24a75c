package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// seedExecutions stores n finished executions of one workflow, each with one
// task and one action execution.
func seedExecutions(b *testing.B, a *testAPI, n int) []string {
	b.Helper()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]string, 0, n)
	err := a.store.InTx(context.Background(), db.TxOptions{}, func(tx *db.Tx) error {
		for i := 0; i < n; i++ {
			now := base.Add(time.Duration(i) * time.Second)
			e := &db.WorkflowExecution{
				Timestamps: db.Timestamps{CreatedAt: now, UpdatedAt: &now},
				ID:         db.NewID(), Name: "wf", WorkflowName: "wf", WorkflowID: db.NewID(),
				State: db.StateSuccess, Tags: db.StringList{},
				Input:  db.JSONOf(data.MapOf("name", fmt.Sprint("n", i))),
				Output: db.JSONOf(data.MapOf("text", "hello")),
				Params: db.JSONOf(data.MapOf("namespace", "", "env", data.NewMap(0))),
				Scope:  "private", ProjectID: db.DefaultProject,
			}
			if err := tx.WorkflowExecutions().Insert(e); err != nil {
				return err
			}
			ids = append(ids, e.ID)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

func serve(b *testing.B, h http.Handler, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
}

// BenchmarkListExecutions is the CLI's execution-list: the newest 100 of
// 1000 executions, with its field list.
func BenchmarkListExecutions(b *testing.B) {
	a := newTestAPI(b)
	seedExecutions(b, a, 1000)
	path := "/v2/executions?limit=100&sort_keys=created_at&sort_dirs=desc&fields=id%2Cworkflow_id%2Cworkflow_name%2Cworkflow_namespace%2Cdescription%2Ctask_execution_id%2Croot_execution_id%2Cstate%2Cstate_info%2Ccreated_at%2Cupdated_at"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		serve(b, a.handler, path)
	}
}

// BenchmarkListExecutionsPage reads a page from the middle through a marker.
func BenchmarkListExecutionsPage(b *testing.B) {
	a := newTestAPI(b)
	ids := seedExecutions(b, a, 1000)
	path := "/v2/executions?limit=50&include_output=true&marker=" + ids[500]
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		serve(b, a.handler, path)
	}
}

// benchWorkflow is a chain of 20 tasks that each publish a value: a run of
// it has a spec and a context of a realistic size.
func benchWorkflow() string {
	var b strings.Builder
	b.WriteString("---\nversion: '2.0'\n\nbench_chain:\n  input:\n    - name\n  output:\n    last: <% $.v20 %>\n  tasks:\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "    t%02d:\n      action: std.echo output=\"<%% $.name %%> %d\"\n      publish:\n        v%02d: <%% task().result %%>\n", i, i, i)
		if i < 20 {
			fmt.Fprintf(&b, "      on-success: t%02d\n", i+1)
		}
	}
	return b.String()
}

// runBenchWorkflow runs benchWorkflow to its end and returns the
// execution's id.
func runBenchWorkflow(b *testing.B, a *testAPI) string {
	b.Helper()
	a.postText("/v2/workflows", benchWorkflow()).expect(b, http.StatusCreated)
	id := a.postJSON("/v2/executions", `{"workflow_name": "bench_chain", "input": {"name": "ann"}}`).
		expect(b, http.StatusCreated).obj(b).Value("id").(string)
	if s := a.waitExecution(id).Value("state"); s != db.StateSuccess {
		b.Fatalf("execution %s ended in %v", id, s)
	}
	return id
}

// benchExecutionGET serves GET path, the execution's run of benchWorkflow
// substituted for {id}, on each backend.
func benchExecutionGET(b *testing.B, path string) {
	for _, backend := range []string{"sqlite", "mariadb"} {
		b.Run(backend, func(b *testing.B) {
			a := newTestAPIOn(b, backend)
			p := strings.ReplaceAll(path, "{id}", runBenchWorkflow(b, a))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				serve(b, a.handler, p)
			}
		})
	}
}

// BenchmarkGetExecution is what clients poll while a workflow runs (the
// benchmark driver every 5 ms).
func BenchmarkGetExecution(b *testing.B) {
	benchExecutionGET(b, "/v2/executions/{id}")
}

// BenchmarkListExecutionTasks is the task list of a finished execution.
func BenchmarkListExecutionTasks(b *testing.B) {
	benchExecutionGET(b, "/v2/executions/{id}/tasks")
}
