package definitions_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/db/dbtest"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
)

// TestNameWithSpaceRefused checks that a workflow, workbook or action whose
// name holds a space is refused with Mistral's InvalidModelException and
// its message, and that nothing of the document is stored.
func TestNameWithSpaceRefused(t *testing.T) {
	store := dbtest.SQLite(t)
	defs := definitions.New(store, expr.NewEvaluator(yaql.New(), jinja.New()))
	ctx := context.Background()
	create := map[string]func(text string) error{
		"workflow": func(text string) error {
			_, err := defs.CreateWorkflows(ctx, text, "", "", "")
			return err
		},
		"action": func(text string) error {
			_, err := defs.CreateActions(ctx, text, "", "", "")
			return err
		},
		"workbook": func(text string) error {
			_, err := defs.CreateWorkbook(ctx, text, "", "", "")
			return err
		},
	}
	tests := []struct {
		kind, text, want string
	}{
		{"workflow", "version: '2.0'\nok_wf:\n  tasks:\n    t1:\n      action: std.noop\n'my wf':\n  tasks:\n    t1:\n      action: std.noop\n",
			"Name 'my wf' must not contain spaces"},
		{"action", "version: '2.0'\nok_act:\n  base: std.noop\n'my act':\n  base: std.noop\n",
			"Name 'my act' must not contain spaces"},
		{"workbook", "version: '2.0'\nname: 'my wb'\nworkflows:\n  w1:\n    tasks:\n      t1:\n        action: std.noop\n",
			"Name 'my wb' must not contain spaces"},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			err := create[tc.kind](tc.text)
			if !exc.Is(err, exc.InvalidModel) {
				t.Fatalf("got %v, want an %s", err, exc.InvalidModel)
			}
			var e *exc.Error
			if !errors.As(err, &e) || e.Msg != tc.want {
				t.Errorf("message %q, want %q", err, tc.want)
			}
		})
	}
	// All or none: the valid neighbours were not stored either.
	if _, err := defs.CreateWorkflows(ctx, "version: '2.0'\nok_wf:\n  tasks:\n    t1:\n      action: std.noop\n", "", "", ""); err != nil {
		t.Errorf("ok_wf was stored with the refused one: %v", err)
	}
	if _, err := defs.CreateActions(ctx, "version: '2.0'\nok_act:\n  base: std.noop\n", "", "", ""); err != nil {
		t.Errorf("ok_act was stored with the refused one: %v", err)
	}
}

// TestNameTooLongRefused: a workflow, workbook or action name, a
// workbook's "<workbook>.<workflow>" name, or a namespace longer than the
// 255 characters of its column is refused (Mistral answers 500 when MySQL
// fails the insert); 255 characters are fine.
func TestNameTooLongRefused(t *testing.T) {
	store := dbtest.SQLite(t)
	defs := definitions.New(store, expr.NewEvaluator(yaql.New(), jinja.New()))
	ctx := context.Background()
	long, fits := strings.Repeat("n", 256), strings.Repeat("f", 255)
	wf := func(name string) string {
		return "version: '2.0'\n" + name + ":\n  tasks:\n    t1:\n      action: std.noop\n"
	}
	tests := []struct {
		name string
		run  func() error
		want string // "" when stored
	}{
		{"workflow", func() error { _, err := defs.CreateWorkflows(ctx, wf(long), "", "", ""); return err },
			"Name '" + long + "' must not exceed 255 characters"},
		{"workflow of 255", func() error { _, err := defs.CreateWorkflows(ctx, wf(fits), "", "", ""); return err }, ""},
		{"namespace", func() error { _, err := defs.CreateWorkflows(ctx, wf("w"), long, "", ""); return err },
			"Namespace '" + long + "' must not exceed 255 characters"},
		{"action", func() error {
			_, err := defs.CreateActions(ctx, "version: '2.0'\n"+long+":\n  base: std.noop\n", "", "", "")
			return err
		}, "Name '" + long + "' must not exceed 255 characters"},
		{"action moved to a long namespace", func() error {
			if _, err := defs.CreateActions(ctx, "version: '2.0'\na:\n  base: std.noop\n", "", "", ""); err != nil {
				return err
			}
			_, err := defs.UpdateActions(ctx, "version: '2.0'\na:\n  base: std.noop\n", "", long, "", "")
			return err
		}, "Namespace '" + long + "' must not exceed 255 characters"},
		{"workbook", func() error {
			_, err := defs.CreateWorkbook(ctx, "version: '2.0'\nname: "+long+"\n", "", "", "")
			return err
		},
			"Name '" + long + "' must not exceed 255 characters"},
		{"workbook workflow", func() error {
			_, err := defs.CreateWorkbook(ctx, "version: '2.0'\nname: "+fits+"\nworkflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\n", "", "", "")
			return err
		}, "Name '" + fits + ".w' must not exceed 255 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("got %v, want it stored", err)
				}
				return
			}
			var e *exc.Error
			if !exc.Is(err, exc.InvalidModel) || !errors.As(err, &e) || e.Msg != tc.want {
				t.Fatalf("got %v, want InvalidModel %q", err, tc.want)
			}
		})
	}
}

// TestNonJSONValueRefused: a date that no schema check refused (inside a
// published value) cannot be stored: Mistral answers 500 on upload; we
// refuse it, and store nothing. Datetimes and bytes are stored as text.
func TestNonJSONValueRefused(t *testing.T) {
	store := dbtest.SQLite(t)
	defs := definitions.New(store, expr.NewEvaluator(yaql.New(), jinja.New()))
	ctx := context.Background()
	wf := func(name, value string) string {
		return "version: '2.0'\n" + name + ":\n  tasks:\n    t:\n      action: std.noop\n      publish:\n        a: {b: " + value + "}\n"
	}
	const want = "Invalid DSL: datetime.date(2020, 1, 1): Object of type date is not JSON serializable"
	refused := map[string]func() error{
		"date":           func() error { _, err := defs.CreateWorkflows(ctx, wf("w", "2020-01-01"), "", "", ""); return err },
		"date in a list": func() error { _, err := defs.CreateWorkflows(ctx, wf("w", "[2020-01-01]"), "", "", ""); return err },
		"date in an action": func() error {
			_, err := defs.CreateActions(ctx, "version: '2.0'\na:\n  base: std.echo\n  base-input:\n    output: {b: 2020-01-01}\n", "", "", "")
			return err
		},
		"date in a workbook": func() error {
			_, err := defs.CreateWorkbook(ctx, "version: '2.0'\nname: wb\nworkflows:\n  w:\n    tasks:\n      t:\n"+
				"        action: std.noop\n        publish:\n          a: [2020-01-01]\n", "", "", "")
			return err
		},
	}
	for name, run := range refused {
		var e *exc.Error
		if err := run(); !exc.Is(err, exc.InvalidModel) || !errors.As(err, &e) || e.Msg != want {
			t.Errorf("%s: got %v, want InvalidModel %q", name, err, want)
		}
	}
	for name, value := range map[string]string{"quoted": "'2020-01-01'", "datetime": "2001-12-14 21:59:43Z", "bytes": "!!binary aGk="} {
		if _, err := defs.CreateWorkflows(ctx, wf("w_"+name, value), "", "", ""); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestNonStringWorkflowName: Mistral validates a workflow named 5 (a YAML
// int) and fails with 500 storing it; we refuse the upload.
func TestNonStringWorkflowName(t *testing.T) {
	store := dbtest.SQLite(t)
	defs := definitions.New(store, expr.NewEvaluator(yaql.New(), jinja.New()))
	_, err := defs.CreateWorkflows(context.Background(), "version: '2.0'\n5:\n  tasks:\n    t:\n      action: std.noop\n", "", "", "")
	var e *exc.Error
	if !exc.Is(err, exc.InvalidModel) || !errors.As(err, &e) || e.Msg != "Invalid DSL: 5 is not of type 'string'" {
		t.Fatalf("got %v, want InvalidModel \"Invalid DSL: 5 is not of type 'string'\"", err)
	}
}

// TestWorkbookRenamedBySpelling: a workbook updated under another spelling
// of its name (found by the database's collation) renames its workflows
// and actions to it, as Mistral's update does, even where their
// definitions are unchanged.
func TestWorkbookRenamedBySpelling(t *testing.T) {
	store := dbtest.SQLite(t)
	defs := definitions.New(store, expr.NewEvaluator(yaql.New(), jinja.New()))
	ctx := context.Background()
	const body = "workflows:\n  w:\n    tasks:\n      t:\n        action: std.noop\nactions:\n  a:\n    base: std.noop\n"
	if _, err := defs.CreateWorkbook(ctx, "version: '2.0'\nname: wb\n"+body, "", "", "p"); err != nil {
		t.Fatal(err)
	}
	if _, err := defs.UpdateWorkbook(ctx, "version: '2.0'\nname: WB\n"+body, "", "", "p"); err != nil {
		t.Fatal(err)
	}
	read := store.Read(ctx)
	if wf, err := read.WorkflowDefinitions().FindExact("wb.w", "", "p"); err != nil || wf == nil || wf.Name != "WB.w" {
		t.Errorf("workflow %+v, %v; want it named WB.w", wf, err)
	}
	if a, err := read.ActionDefinitions().Find("wb.a", "", "p"); err != nil || a == nil || a.Name != "WB.a" {
		t.Errorf("action %+v, %v; want it named WB.a", a, err)
	}
}
