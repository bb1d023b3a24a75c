package actions

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// This file lets the engine use custom Python actions that only Python
// Mistral executors can run. Mistral 15 finds them through the
// "mistral.actions" entry points of installed Python distributions
// (entry_points.txt in *.dist-info or *.egg-info); we read the same metadata,
// never the code, and send such an action to the executors as Mistral's
// ActionSerializer would: {"cls": "<module>.<Class>", "cls_attrs": {},
// "data": <input>}. A Python executor imports the class and sets the input
// as its instance attributes, which is what an action whose constructor
// stores each parameter under its own name (the common form) ends up with.
// Parameters the input leaves out are not filled from the constructor's
// defaults, since we do not know them.

// entryPointGroup is the entry point group Mistral loads actions from.
const entryPointGroup = "mistral.actions"

// PythonActionSpecs reads the "mistral.actions" entry points of the Python
// distributions installed in dirs (site-packages style directories) and
// returns a spec for each: any input, sent to the executors by class name.
// A name found twice keeps its first class.
func PythonActionSpecs(dirs []string) ([]*Spec, error) {
	var specs []*Spec
	seen := map[string]bool{}
	for _, dir := range dirs {
		var files []string
		for _, pattern := range []string{"*.dist-info/entry_points.txt", "*.egg-info/entry_points.txt"} {
			found, err := filepath.Glob(filepath.Join(dir, pattern))
			if err != nil {
				return nil, fmt.Errorf("python actions in %s: %w", dir, err)
			}
			files = append(files, found...)
		}
		for _, path := range files {
			f, err := os.Open(path)
			if err != nil {
				return nil, fmt.Errorf("python actions: %w", err)
			}
			eps, err := parseEntryPoints(f, entryPointGroup)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("python actions in %s: %w", path, err)
			}
			for _, ep := range eps {
				if seen[ep.name] {
					continue
				}
				seen[ep.name] = true
				specs = append(specs, pythonSpec(ep.name, ep.class))
			}
		}
	}
	return specs, nil
}

// entryPoint is one "name = module:attr" line of an entry point group.
type entryPoint struct {
	name  string
	class string // "module.attr", as Mistral's ActionSerializer names classes
}

// parseEntryPoints returns the entry points of group in an entry_points.txt
// (an INI file: "[group]" sections of "name = module:attr [extras]" lines).
func parseEntryPoints(r io.Reader, group string) ([]entryPoint, error) {
	var out []entryPoint
	in := false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			in = strings.TrimSpace(line[1:len(line)-1]) == group
			continue
		}
		if !in {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("entry point line %q has no '='", line)
		}
		value, _, _ = strings.Cut(value, "[") // extras do not matter here
		module, attr, ok := strings.Cut(strings.TrimSpace(value), ":")
		if !ok || module == "" || attr == "" {
			return nil, fmt.Errorf("entry point %q is not module:attr", line)
		}
		out = append(out, entryPoint{name: strings.TrimSpace(name), class: module + "." + strings.TrimSpace(attr)})
	}
	return out, sc.Err()
}

func pythonSpec(name, class string) *Spec {
	return &Spec{
		Name:            name,
		AcceptsAnyInput: true,
		ClassName:       class,
		PythonOnly:      true,
		New: func(input *data.Map) (Action, error) {
			return &pythonAction{class: class, vars: input}, nil
		},
		Restore: func(*data.Map) (Action, error) {
			return nil, exc.New(exc.InvalidAction, "%s is a Python action: only a Python Mistral executor can run it", class)
		},
	}
}

// pythonAction is a custom Python action on its way to a Python executor.
type pythonAction struct {
	class string
	vars  *data.Map
}

func (a *pythonAction) Run(context.Context, *Context) (Result, error) {
	return Result{}, exc.New(exc.Action, "%s is a Python action: only a Python Mistral executor can run it", a.class)
}

func (a *pythonAction) ClassName() string { return a.class }

func (a *pythonAction) Vars() *data.Map {
	if a.vars == nil {
		return data.NewMap(0)
	}
	return a.vars
}

func (a *pythonAction) Repr() string { return objectRepr(a.class, a) }

// With returns a registry with r's actions and extra ones; a name r already
// has keeps r's action.
func (r *Registry) With(extra ...*Spec) *Registry {
	specs := append([]*Spec(nil), r.sorted...)
	for _, s := range extra {
		if _, ok := r.byName[s.Name]; !ok {
			specs = append(specs, s)
		}
	}
	return newRegistry(specs)
}
