package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
)

// Errors in finding and instantiating actions say what Mistral says: an
// ad-hoc action that cannot be instantiated is named with its definition.
func TestActionResolutionErrors(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	// A workbook action's base is looked up by the name as written, not
	// in the workbook: 'dbl' is not 'ah_wb.dbl'.
	if _, err := s.defs.CreateWorkbook(ctx, `version: '2.0'
name: ah_wb
actions:
  dbl:
    base: std.echo
    base-input: {output: <% $.v * 2 %>}
    input: [v]
  dbl_plus:
    base: dbl
    base-input: {v: <% $.w + 1 %>}
    input: [w]
workflows:
  main:
    tasks:
      a:
        action: dbl_plus w=1
`, "", "private", db.DefaultProject); err != nil {
		t.Fatal(err)
	}
	s.upload(t, `version: '2.0'
http_body_and_json:
  tasks:
    t:
      action: std.http
      input:
        url: http://127.0.0.1:1/x
        body: a
        json: {b: 1}
`)
	tests := []struct{ workflow, info string }{
		{"ah_wb.main", "Failed to run task [error=Failed to instantiate an action [action_desc=AdHoc action [name=ah_wb.dbl_plus, definition=dbl_plus:\n  base: dbl\n"},
		{"http_body_and_json", "Failed to run task [error=Failed to instantiate an action [action_desc=Python action [name=std.http"},
	}
	for _, tt := range tests {
		ex := s.run(t, tt.workflow, nil)
		if ex.State != db.StateError || ex.StateInfo == nil || !strings.HasPrefix(*ex.StateInfo, tt.info) {
			t.Errorf("%s: state %s, state_info %q, want %q...", tt.workflow, ex.State, strOrEmpty(ex.StateInfo), tt.info)
		}
	}
}
