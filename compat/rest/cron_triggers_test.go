package rest_test

import (
	"net/http"
	"testing"
)

const cronEdgesWorkflow = "---\nversion: '2.0'\ncron_edges:\n  tasks:\n    t:\n      action: std.noop\n"

// TestCronTriggerCreateEdges: what Mistral 15 answers to cron trigger
// bodies at the edges of its validation (recorded in tests/refcompare's
// vcron_ scenarios).
func TestCronTriggerCreateEdges(t *testing.T) {
	a := newTestAPI(t)
	a.postText("/v2/workflows", cronEdgesWorkflow).expect(t, http.StatusCreated)
	tests := []struct {
		name, body string
		status     int
		field      string
		want       any
	}{
		{name: "empty first time is parsed", body: `{"name": "c1", "workflow_name": "cron_edges", "first_execution_time": ""}`,
			status: http.StatusBadRequest, field: "faultstring", want: "time data '' does not match format '%Y-%m-%d %H:%M'"},
		{name: "empty pattern is kept", body: `{"name": "c2", "workflow_name": "cron_edges", "pattern": "", "first_execution_time": "2099-01-01 10:00"}`,
			status: http.StatusCreated, field: "pattern", want: ""},
		{name: "null pattern is the column default", body: `{"name": "c3", "workflow_name": "cron_edges", "pattern": null, "first_execution_time": "2099-01-01 10:00"}`,
			status: http.StatusCreated, field: "pattern", want: "0 0 30 2 0"},
		{name: "empty name", body: `{"name": "", "workflow_name": "cron_edges", "pattern": "0 5 * * *"}`,
			status: http.StatusCreated, field: "name", want: ""},
		{name: "count beyond the INT column", body: `{"name": "c4", "workflow_name": "cron_edges", "pattern": "0 5 * * *", "remaining_executions": 2147483648}`,
			status: http.StatusBadRequest, field: "faultstring",
			want: "Invalid input for field/attribute remaining_executions. Value: '2147483648'. Value should be lower or equal to 2147483647"},
		{name: "largest count", body: `{"name": "c5", "workflow_name": "cron_edges", "pattern": "0 5 * * *", "remaining_executions": 2147483647}`,
			status: http.StatusCreated, field: "remaining_executions", want: int64(2147483647)},
		{name: "pattern with no next time", body: `{"name": "c6", "workflow_name": "cron_edges", "pattern": "0 0 31 4 *"}`,
			status: http.StatusBadRequest, field: "faultstring", want: "failed to find next date"},
		{name: "pattern with no next time and a first time", body: `{"name": "c8", "workflow_name": "cron_edges", "pattern": "0 0 31 4 *", "first_execution_time": "2099-01-01 10:00"}`,
			status: http.StatusCreated, field: "next_execution_time", want: "2099-01-01 10:00:00"},
		{name: "Sunday as 7", body: `{"name": "c7", "workflow_name": "cron_edges", "pattern": "0 0 * * 7"}`,
			status: http.StatusCreated, field: "pattern", want: "0 0 * * 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := a.postJSON("/v2/cron_triggers", tt.body).expect(t, tt.status).obj(t).Value(tt.field)
			if got != tt.want {
				t.Errorf("%s = %#v, want %#v", tt.field, got, tt.want)
			}
		})
	}
}
