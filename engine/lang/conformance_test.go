package lang

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
)

// sharedDir finds /work/shared (the specs and the conformance corpus) by
// walking up from the test directory; it skips the test when absent,
// except on CI.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		for _, c := range []string{filepath.Join(dir, "shared"), filepath.Join(dir, "..", "shared")} {
			if fi, err := os.Stat(filepath.Join(c, "spec")); err == nil && fi.IsDir() {
				return c
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared/spec not found above the test directory")
	}
	t.Skip("shared/spec not found above the test directory")
	return ""
}

func realValidator() Validator { return expr.NewEvaluator(yaql.New(), jinja.New()) }

type caseMeta struct {
	Kind       string   `json:"kind"`
	Definition string   `json:"definition"`
	Uploads    []upload `json:"uploads"`
}

type upload struct {
	Kind string `json:"kind"`
	File string `json:"file"`
}

type golden struct {
	Upload *struct {
		Error  bool `json:"error"`
		Status int  `json:"status"`
	} `json:"upload"`
}

// TestConformanceUploads parses every definition of the conformance corpus
// and checks the upload outcome recorded on real Mistral.
func TestConformanceUploads(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(sharedDir(t), "conformance", "cases", "*"))
	if err != nil {
		t.Fatal(err)
	}
	v := realValidator()
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var meta caseMeta
			readJSON(t, filepath.Join(dir, "case.json"), &meta)
			var g golden
			if _, err := os.Stat(filepath.Join(dir, "golden.json")); err == nil {
				readJSON(t, filepath.Join(dir, "golden.json"), &g)
			}
			wantErr := g.Upload != nil && g.Upload.Error
			uploads := meta.Uploads
			if meta.Definition != "" {
				uploads = append(uploads, upload{Kind: meta.Kind, File: meta.Definition})
			}
			if len(uploads) == 0 {
				t.Fatal("case uploads nothing")
			}
			var firstErr error
			for _, u := range uploads {
				text := readText(t, filepath.Join(dir, u.File))
				switch u.Kind {
				case "action":
					_, firstErr = ParseActions(text, v)
				case "workbook":
					_, firstErr = ParseWorkbook(text, v)
				case "workflow":
					_, firstErr = ParseWorkflows(text, v)
				default:
					t.Fatalf("unknown upload kind %q", u.Kind)
				}
				if firstErr != nil {
					break
				}
			}
			switch {
			case wantErr && firstErr == nil:
				t.Errorf("upload accepted, Mistral answered %d", g.Upload.Status)
			case !wantErr && firstErr != nil:
				t.Errorf("upload rejected (%s: %v), Mistral accepted it", exc.ClassOf(firstErr), firstErr)
			}
		})
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(readText(t, path)), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
