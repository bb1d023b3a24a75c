package actions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

func TestParseEntryPoints(t *testing.T) {
	cases := []struct {
		name, text, want, err string
	}{
		{name: "empty", text: "", want: ""},
		{name: "other groups only", text: "[console_scripts]\nx = a:b\n", want: ""},
		{
			name: "group among others",
			text: "[console_scripts]\nx = a:b\n\n[mistral.actions]\n# a comment\nmy.act = pkg.mod:MyAction\nother=pkg:Other [extra]\n[mistral.auth]\ny = c:d\n",
			want: "my.act=pkg.mod.MyAction other=pkg.Other",
		},
		{name: "no equals", text: "[mistral.actions]\nbroken\n", err: "has no '='"},
		{name: "no attribute", text: "[mistral.actions]\nx = pkg.mod\n", err: "not module:attr"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eps, err := parseEntryPoints(strings.NewReader(c.text), "mistral.actions")
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one with %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ep := range eps {
				got = append(got, ep.name+"="+ep.class)
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Errorf("got %q, want %q", s, c.want)
			}
		})
	}
}

func TestPythonActionSpecs(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("custom-1.0.dist-info/entry_points.txt", "[mistral.actions]\ncustom.greet = custom_actions:Greet\nstd.echo = custom_actions:Echo\n")
	write("old-2.0.egg-info/entry_points.txt", "[mistral.actions]\nold.act = old.actions:Act\n")

	specs, err := PythonActionSpecs([]string{dir, filepath.Join(dir, "missing")})
	if err != nil {
		t.Fatal(err)
	}
	reg := NewRegistry().With(specs...)

	// A standard name stays ours.
	if s, _ := reg.Get("std.echo"); s.ClassName != stdActions+"EchoAction" {
		t.Errorf("std.echo is %s", s.ClassName)
	}
	if _, ok := reg.Get("old.act"); !ok {
		t.Error("old.act from the egg-info is missing")
	}
	act, spec, err := reg.Instantiate("custom.greet", data.MapOf("name", "x", "extra", int64(1)))
	if err != nil {
		t.Fatal(err)
	}
	ser := act.(Serializable)
	if spec.ClassName != "custom_actions.Greet" || ser.ClassName() != "custom_actions.Greet" {
		t.Errorf("class %s / %s", spec.ClassName, ser.ClassName())
	}
	if got := data.Repr(ser.Vars()); got != "{'name': 'x', 'extra': 1}" {
		t.Errorf("vars %s", got)
	}
	if _, _, err := reg.Restore("custom_actions.Greet", data.NewMap(0)); !exc.Is(err, exc.InvalidAction) {
		t.Errorf("restore on our executor: %v", err)
	}
}
