package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/rpc"
)

// An env that is neither a map nor an environment's name refuses the start
// with Mistral's InputException, which names the value's Python type.
func TestStartRefusesAnEnvOfAnotherType(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
env_type:
  tasks:
    t1:
      action: std.noop
`)
	tests := []struct {
		env  any
		want string
	}{
		{int64(5), "Unexpected value type for environment [env=5, type=<class 'int'>]"},
		{[]any{"a"}, "Unexpected value type for environment [env=['a'], type=<class 'list'>]"},
		{true, "Unexpected value type for environment [env=True, type=<class 'bool'>]"},
	}
	for _, tc := range tests {
		req := &rpc.StartWorkflowRequest{WorkflowIdentifier: "env_type", Params: data.MapOf("env", tc.env)}
		_, err := s.engine.StartWorkflow(context.Background(), req)
		var e *exc.Error
		if !errors.As(err, &e) || e.Class != exc.Input || e.Msg != tc.want {
			t.Errorf("env %v: %v, want %s %q", tc.env, err, exc.Input, tc.want)
		}
	}
}

// The stored input keeps the given keys in their order and then adds the
// defaults, as Mistral's prepare_input does.
func TestStartInputKeepsTheGivenOrder(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
input_order:
  input:
    - a
    - b: 2
    - c: 3
  tasks:
    t1:
      action: std.noop
`)
	tests := []struct {
		input *data.Map
		want  string
	}{
		{data.MapOf("c", 9, "a", 1), `{"c": 9, "a": 1, "b": 2}`},
		{data.MapOf("a", 1), `{"a": 1, "b": 2, "c": 3}`},
	}
	for _, tc := range tests {
		ex := s.run(t, "input_order", tc.input)
		if ex.Input.Raw != tc.want {
			t.Errorf("input %s, want %s", ex.Input.Raw, tc.want)
		}
	}
}

// An input or params over execution_field_size_limit_kb refuses the start
// with Mistral's SizeLimitExceededException; a limit of 0 is none.
func TestStartRefusesAnInputOverTheFieldSizeLimit(t *testing.T) {
	big := data.MapOf("x", strings.Repeat("x", 3200))
	tests := []struct {
		limitKB int
		input   *data.Map
		params  *data.Map
		want    string // "" for a start
	}{
		{2, big, nil, "Field size limit exceeded [class=TaskExecution, field=input, size=3KB, limit=2KB]"},
		{2, nil, data.MapOf("env", big), "Field size limit exceeded [class=TaskExecution, field=params, size=3KB, limit=2KB]"},
		{3, big, nil, ""},
		{0, big, nil, ""},
	}
	for _, tc := range tests {
		s := openStackWith(t, connection(t, db.SQLite), engine.Config{FieldSizeLimitKB: tc.limitKB}, nil)
		s.upload(t, `version: '2.0'
size_limit:
  input:
    - x: 1
  tasks:
    t1:
      action: std.noop
`)
		req := &rpc.StartWorkflowRequest{WorkflowIdentifier: "size_limit", Input: tc.input, Params: tc.params}
		_, err := s.engine.StartWorkflow(context.Background(), req)
		var e *exc.Error
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("limit %d: %v", tc.limitKB, err)
		case tc.want != "" && (!errors.As(err, &e) || e.Class != exc.SizeLimitExceeded || e.Msg != tc.want):
			t.Errorf("limit %d: %v, want %s %q", tc.limitKB, err, exc.SizeLimitExceeded, tc.want)
		}
	}
}

// Over execution_field_size_limit_kb, a published value fails the task and
// the workflow (without its on-error), and a workflow's output is dropped:
// Mistral ends it in SUCCESS with the output {}.
func TestFieldSizeLimitAtRunTime(t *testing.T) {
	s := openStackWith(t, connection(t, db.SQLite), engine.Config{FieldSizeLimitKB: 2}, nil)
	s.upload(t, `version: '2.0'
size_publish:
  tasks:
    t1:
      action: std.noop
      publish:
        big: "{{ 'x' * 3200 }}"
      on-error: t2
    t2:
      action: std.noop
size_output:
  tasks:
    t1:
      action: std.noop
  output:
    big: "{{ 'x' * 3200 }}"
    n: 1
`)
	ex := s.run(t, "size_publish", nil)
	tasks := s.tasks(t, ex.ID)
	if ex.State != db.StateError || tasks["t1"].State != db.StateError || tasks["t2"] != nil ||
		!strings.Contains(*tasks["t1"].StateInfo, "Field size limit exceeded [class=TaskExecution, field=published, size=3KB, limit=2KB]") {
		t.Errorf("publish: execution %s, tasks %v", ex.State, tasks)
	}
	ex = s.run(t, "size_output", nil)
	if ex.State != db.StateSuccess || ex.Output.Raw != "{}" {
		t.Errorf("output: %s %s, want SUCCESS {}", ex.State, ex.Output.Raw)
	}
	s.uploadActions(t, `version: '2.0'
size_big_echo:
  base: std.echo
  base-input:
    output: small
  output: "{{ 'x' * 3200 }}"
`)
	s.upload(t, `version: '2.0'
size_action_output:
  tasks:
    t1:
      action: size_big_echo
      on-error: t2
    t2:
      action: std.noop
`)
	ex = s.run(t, "size_action_output", nil)
	tasks = s.tasks(t, ex.ID)
	if ex.State != db.StateError || tasks["t2"] != nil ||
		!strings.Contains(*tasks["t1"].StateInfo, "Failed to complete action [error=Field size limit exceeded [class=TaskExecution, field=output, size=3KB, limit=2KB], action=size_big_echo, task=t1]") {
		t.Errorf("action output: execution %s, t1 %v", ex.State, *tasks["t1"].StateInfo)
	}
}

// evaluate_env is read by its Python truth: absent, true, 1 or "false"
// evaluate the env's expressions; false, 0, "", null and empty containers
// keep them as text.
func TestStartEvaluateEnvTruth(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
evaluate_env:
  tasks:
    t1:
      action: std.noop
`)
	tests := []struct {
		value any
		given bool
		want  string
	}{
		{given: false, want: `{"a":2}`},
		{value: true, given: true, want: `{"a":2}`},
		{value: int64(1), given: true, want: `{"a":2}`},
		{value: "false", given: true, want: `{"a":2}`},
		{value: false, given: true, want: `{"a":"<% 1 + 1 %>"}`},
		{value: int64(0), given: true, want: `{"a":"<% 1 + 1 %>"}`},
		{value: "", given: true, want: `{"a":"<% 1 + 1 %>"}`},
		{value: nil, given: true, want: `{"a":"<% 1 + 1 %>"}`},
		{value: []any{}, given: true, want: `{"a":"<% 1 + 1 %>"}`},
		{value: data.NewMap(0), given: true, want: `{"a":"<% 1 + 1 %>"}`},
	}
	for _, tc := range tests {
		params := data.MapOf("env", data.MapOf("a", "<% 1 + 1 %>"))
		if tc.given {
			params.Set("evaluate_env", tc.value)
		}
		out, err := s.engine.StartWorkflow(context.Background(), &rpc.StartWorkflowRequest{WorkflowIdentifier: "evaluate_env", Params: params})
		if err != nil {
			t.Fatalf("evaluate_env %v: %v", tc.value, err)
		}
		ex := s.wait(t, out.Value("id").(string))
		if got, _ := data.Encode(ex.Params.Map().Value("env")); string(got) != tc.want {
			t.Errorf("evaluate_env %#v (given %v): env %s, want %s", tc.value, tc.given, got, tc.want)
		}
	}
}

// A description over the 65535 bytes of its column, or a client-chosen id
// over the 36 characters of the id columns, refuses the start with an
// InputException (Mistral 15 fails the insert with 500); ones that fit
// start.
func TestStartRefusesWhatItsColumnsCannotHold(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
long_values:
  tasks:
    t1:
      action: std.noop
`)
	tests := []struct {
		id, description string
		want            string // "" for a start
	}{
		{description: strings.Repeat("x", 65535)},
		{description: strings.Repeat("é", 32767) + "x"},
		{description: strings.Repeat("x", 65536), want: "The description must not exceed 65535 bytes [length=65536]"},
		{description: strings.Repeat("é", 32768), want: "The description must not exceed 65535 bytes [length=65536]"},
		{id: strings.Repeat("a", 36)},
		{id: strings.Repeat("é", 36)},
		{id: strings.Repeat("b", 37), want: "The execution id must not exceed 36 characters [id=" + strings.Repeat("b", 37) + "]"},
	}
	for _, tc := range tests {
		req := &rpc.StartWorkflowRequest{WorkflowIdentifier: "long_values", ExecutionID: tc.id, Description: &tc.description}
		_, err := s.engine.StartWorkflow(context.Background(), req)
		var e *exc.Error
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("id of %d, description of %d bytes: %v", len(tc.id), len(tc.description), err)
		case tc.want != "" && (!errors.As(err, &e) || e.Class != exc.Input || e.Msg != tc.want):
			t.Errorf("id of %d, description of %d bytes: %v, want %s %q", len(tc.id), len(tc.description), err, exc.Input, tc.want)
		}
	}
}

// An env given on resume that makes the params exceed
// execution_field_size_limit_kb refuses the resume with Mistral's
// SizeLimitExceededException and leaves the execution paused with its env.
func TestResumeRefusesAnEnvOverTheFieldSizeLimit(t *testing.T) {
	s := openStackWith(t, connection(t, db.SQLite), engine.Config{FieldSizeLimitKB: 2}, nil)
	s.upload(t, `version: '2.0'
resume_env:
  tasks:
    t1:
      action: std.async_noop
`)
	ctx := context.Background()
	out, err := s.engine.StartWorkflow(ctx, &rpc.StartWorkflowRequest{WorkflowIdentifier: "resume_env", Params: data.MapOf("env", data.MapOf("a", int64(1)))})
	if err != nil {
		t.Fatal(err)
	}
	id := out.Value("id").(string)
	if _, err := s.engine.PauseWorkflow(ctx, id); err != nil {
		t.Fatal(err)
	}
	_, err = s.engine.ResumeWorkflow(ctx, id, data.MapOf("k", strings.Repeat("x", 3200)))
	want := "Field size limit exceeded [class=TaskExecution, field=params, size=3KB, limit=2KB]"
	var e *exc.Error
	if !errors.As(err, &e) || e.Class != exc.SizeLimitExceeded || e.Msg != want {
		t.Fatalf("resume: %v, want %s %q", err, exc.SizeLimitExceeded, want)
	}
	ex, err := s.store.Read(ctx).WorkflowExecutions().Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if ex.State != db.StatePaused || ex.Params.Raw != `{"env": {"a": 1}, "namespace": ""}` {
		t.Errorf("after the refused resume: %s, params %s", ex.State, ex.Params.Raw)
	}
	if _, err := s.engine.ResumeWorkflow(ctx, id, data.MapOf("k", "small")); err != nil {
		t.Errorf("resume with a small env: %v", err)
	}
}

// A stop's message becomes the state_info cut as Mistral cuts it (65500
// characters, then "..."), and further to the 65535 bytes of its column,
// where Mistral would fail the write.
func TestStopCutsTheStateInfo(t *testing.T) {
	s := newStack(t)
	s.upload(t, `version: '2.0'
stop_info:
  tasks:
    t1:
      action: std.async_noop
`)
	ctx := context.Background()
	for _, tc := range []struct {
		msg  string
		want string
	}{
		{msg: strings.Repeat("x", 70000), want: strings.Repeat("x", 65500) + "..."},
		{msg: strings.Repeat("é", 32767), want: strings.Repeat("é", 32767)},
		{msg: strings.Repeat("é", 40000), want: strings.Repeat("é", 32766) + "..."},
	} {
		out, err := s.engine.StartWorkflow(ctx, startReq("stop_info"))
		if err != nil {
			t.Fatal(err)
		}
		id := out.Value("id").(string)
		if _, err := s.engine.StopWorkflow(ctx, id, db.StateError, &tc.msg); err != nil {
			t.Fatal(err)
		}
		ex := s.wait(t, id)
		if ex.StateInfo == nil || *ex.StateInfo != tc.want {
			got := 0
			if ex.StateInfo != nil {
				got = len(*ex.StateInfo)
			}
			t.Errorf("message of %d bytes: state_info of %d bytes, want %d", len(tc.msg), got, len(tc.want))
		}
	}
}
