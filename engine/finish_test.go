package engine_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
)

// A workflow's failure message names, under each failed task, its failed
// runs with their own error, as Mistral 15 writes it: a failed
// sub-workflow's block carries the sub-workflow's error, and every failed
// attempt of a retried action is listed, numbered by its place.
func TestFailureMessageNamesFailedRuns(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
fm_inner:
  tasks:
    boom:
      action: std.fail error_data="inner"
fm_outer:
  tasks:
    call:
      workflow: fm_inner
    again:
      action: std.fail error_data="twice"
      retry: {count: 1, delay: 0}
`)
	ex := s.run(t, "fm_outer", nil)
	if ex.State != db.StateError || ex.StateInfo == nil {
		t.Fatalf("state %s, state_info %v", ex.State, ex.StateInfo)
	}
	uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	got := uuid.ReplaceAllString(*ex.StateInfo, "<id>")
	// Mistral 15's text for this workflow, ids masked.
	want := "Failure caused by error in tasks: again, call\n" +
		"\n  again [task_ex_id=<id>] -> twice\n" +
		"    [action_ex_id=<id>, idx=0]: twice\n" +
		"    [action_ex_id=<id>, idx=1]: twice\n" +
		"\n  call [task_ex_id=<id>] -> Failure caused by error in tasks: boom\n" +
		"\n  boom [task_ex_id=<id>] -> inner\n" +
		"    [action_ex_id=<id>, idx=0]: inner\n" +
		"\n" +
		"    [wf_ex_id=<id>, idx=0]: Failure caused by error in tasks: boom\n" +
		"\n  boom [task_ex_id=<id>] -> inner\n" +
		"    [action_ex_id=<id>, idx=0]: inner\n" +
		"\n"
	if got != want {
		t.Errorf("state_info\n%s\nwant\n%s", got, want)
	}
}

// A failed task with an on-error clause whose conditions were all false
// fails the workflow but, as in Mistral, is not named in its message.
func TestFailureMessageLeavesOutTasksWithOnError(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
fm_cond_false:
  tasks:
    t1:
      action: std.fail
      on-error: [{h: <% false %>}]
      on-complete: [c]
    h:
      action: std.noop
    c:
      action: std.noop
`)
	ex := s.run(t, "fm_cond_false", nil)
	if ex.State != db.StateError || ex.StateInfo == nil || *ex.StateInfo != "Failure caused by error in tasks: \n" {
		t.Fatalf("state %s, state_info %q", ex.State, strOrEmpty(ex.StateInfo))
	}
}

// The failed tasks are named in the order of Mistral's query sorted by
// name on MariaDB (utf8mb4_general_ci): case folded, '_' after the
// letters; recorded on Mistral 15.
func TestFailureMessageNamesInCollationOrder(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
fm_order:
  tasks:
    Zeta:
      action: std.fail
    alpha:
      action: std.fail
    a_b:
      action: std.fail
    ab:
      action: std.fail
    a1:
      action: std.fail
`)
	ex := s.run(t, "fm_order", nil)
	want := "Failure caused by error in tasks: a1, ab, alpha, a_b, Zeta\n\n  a1 ["
	if ex.State != db.StateError || !strings.HasPrefix(strOrEmpty(ex.StateInfo), want) {
		t.Fatalf("state %s, state_info %q, want prefix %q", ex.State, strOrEmpty(ex.StateInfo), want)
	}
}

func strOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// An output-on-error that cannot be evaluated replaces the failure message
// with Mistral 15's account of it, which quotes the section, the error and
// the original message.
func TestOutputOnErrorThatFails(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
fm_output_on_error_fails:
  tasks:
    boom:
      action: std.fail error_data="inner"
  output-on-error:
    partial: <% $.p %>
`)
	ex := s.run(t, "fm_output_on_error_fails", nil)
	if ex.State != db.StateError || ex.StateInfo == nil {
		t.Fatalf("state %s, state_info %v", ex.State, ex.StateInfo)
	}
	want := "Failed to evaluate expression in output-on-error! (output-on-error: '{'partial': '<% $.p %>'}', " +
		"exception: 'Can not evaluate YAQL expression [expression=$.p, error='p', data="
	if !strings.HasPrefix(*ex.StateInfo, want) {
		t.Errorf("state_info\n%s\nwant prefix\n%s", *ex.StateInfo, want)
	}
	wantEnd := "' Cause: 'Failure caused by error in tasks: boom\n"
	if !strings.Contains(*ex.StateInfo, wantEnd) {
		t.Errorf("state_info\n%s\nwant it to contain\n%s", *ex.StateInfo, wantEnd)
	}
	if got := ex.Output.Map().Value("result"); got != *ex.StateInfo {
		t.Errorf("output result %v, want the state_info", got)
	}
}
