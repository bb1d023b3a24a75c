package rest_test

import (
	"net/http"
	"strings"
	"testing"
)

const bigIntWorkflow = `version: '2.0'
big_wf:
  input:
    - x
    - d: 12345678901234567890
  output:
    x: <% $.x %>
    d: <% $.d %>
    sum: <% $.x + $.d %>
    j: "{{ _.x * 2 }}"
  tasks:
    t1:
      action: std.echo output=<% $.x %>
      publish:
        echoed: <% task().result %>
`

// TestBigIntegers checks that integers beyond int64 stay exact through the
// REST body, the definition, expressions, the database and the output, as
// Python's unbounded ints do in Mistral.
func TestBigIntegers(t *testing.T) {
	for _, backend := range []string{"sqlite", "mariadb"} {
		t.Run(backend, func(t *testing.T) {
			a := newTestAPIOn(t, backend)
			a.postText("/v2/workflows", bigIntWorkflow).expect(t, http.StatusCreated)
			ex := a.postJSON("/v2/executions", `{"workflow_name": "big_wf", "input": {"x": 123456789012345678901234567890}}`).
				expect(t, http.StatusCreated).obj(t)
			if got := ex.Value("input"); got != `{"x": 123456789012345678901234567890, "d": 12345678901234567890}` {
				t.Errorf("input = %v", got)
			}
			done := a.waitExecution(ex.Value("id").(string))
			var r *response
			want := `{"x": 123456789012345678901234567890, "d": 12345678901234567890, ` +
				`"sum": 123456789024691357802469135780, "j": 246913578024691357802469135780}`
			if done.Value("state") != "SUCCESS" || done.Value("output") != want {
				t.Errorf("execution %v, output %v; want %s", done.Value("state"), done.Value("output"), want)
			}
			// Python reads at most 4300 digits of an int from JSON.
			digits := "1" + strings.Repeat("0", 4300)
			r = a.postJSON("/v2/executions", `{"workflow_name": "big_wf", "input": {"x": `+digits+`}}`).
				expect(t, http.StatusBadRequest)
			if !strings.Contains(r.text, "Request is not in valid JSON format") {
				t.Errorf("4301 digits: %s", r.text)
			}
			r = a.postJSON("/v2/executions", `{"workflow_name": "big_wf", "input": "{\"x\": `+digits+`}"}`).
				expect(t, http.StatusBadRequest)
			if !strings.Contains(r.text, "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits") {
				t.Errorf("4301 digits in a string: %s", r.text)
			}
			r = a.postJSON("/v2/cron_triggers", `{"name": "big_ct", "workflow_name": "big_wf", "pattern": "0 0 1 1 *", "remaining_executions": 1180591620717411303424}`).
				expect(t, http.StatusBadRequest)
			if !strings.Contains(r.text, "out of range") {
				t.Errorf("cron trigger error %s", r.text)
			}
		})
	}
}
