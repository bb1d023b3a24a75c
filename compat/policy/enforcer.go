package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/pyyaml"
)

// Options are the [oslo_policy] options and where to look for the file.
type Options struct {
	// File is policy_file (default "policy.yaml"): an absolute path, or a
	// name looked up in SearchDirs.
	File string
	// Dirs is policy_dirs (default ["policy.d"]): directories whose files,
	// in name order, are applied on top of File.
	Dirs []string
	// SearchDirs are the directories oslo.config's find_file searches, in
	// order: the config directories, the directories of the config files
	// (last file first), then ~/.mistral, ~, /etc/mistral, /etc.
	SearchDirs []string
	// DefaultRule is policy_default_rule (default "default"): the rule used
	// for a rule:x reference to a name that is not defined.
	DefaultRule string
	// Defaults are the registered rules; nil means Mistral's (Defaults()).
	Defaults map[string]string
	Log      *slog.Logger
	// ReloadEvery is how often the files' modification times are checked
	// (default one second).
	ReloadEvery time.Duration
}

// NotRegisteredError is the enforcement of a rule name that has no
// default, a programming error (oslo.policy's PolicyNotRegistered).
type NotRegisteredError struct{ Name string }

func (e *NotRegisteredError) Error() string {
	return fmt.Sprintf("Policy %s has not been registered", e.Name)
}

// Enforcer decides rules for requests. It is safe for concurrent use.
type Enforcer struct {
	opts     Options
	defaults map[string]Check

	mu        sync.Mutex
	rules     map[string]Check
	loadedSig string // the files' paths and modification times last loaded
	checkedAt time.Time
}

// New builds an enforcer of the defaults overridden by the policy files.
// A policy file that cannot be read or parsed, or uses a refused check, is
// an error.
func New(opts Options) (*Enforcer, error) {
	if opts.File == "" {
		opts.File = "policy.yaml"
	}
	if opts.Dirs == nil {
		opts.Dirs = []string{"policy.d"}
	}
	if opts.DefaultRule == "" {
		opts.DefaultRule = "default"
	}
	if opts.Defaults == nil {
		opts.Defaults = Defaults()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.ReloadEvery <= 0 {
		opts.ReloadEvery = time.Second
	}
	e := &Enforcer{opts: opts, defaults: map[string]Check{}}
	for name, text := range opts.Defaults {
		c, err := Parse(text)
		if err != nil {
			return nil, fmt.Errorf("default policy rule %s: %w", name, err)
		}
		e.defaults[name] = c
	}
	files := e.files()
	rules, err := e.load(files)
	if err != nil {
		return nil, err
	}
	e.rules, e.loadedSig, e.checkedAt = rules, signature(files), time.Now()
	return e, nil
}

// Enforce decides rule for credentials creds acting on target.
func (e *Enforcer) Enforce(rule string, target, creds map[string]any) (bool, error) {
	rules := e.current()
	if _, ok := e.defaults[rule]; !ok {
		return false, &NotRegisteredError{Name: rule}
	}
	c, ok := e.lookup(rules, rule)
	if !ok {
		return false, nil
	}
	st := &evalState{target: target, creds: creds, rules: func(name string) (Check, bool) { return e.lookup(rules, name) }}
	return c.eval(st), nil
}

// lookup finds a rule, falling back on the default rule as oslo.policy's
// Rules mapping does.
func (e *Enforcer) lookup(rules map[string]Check, name string) (Check, bool) {
	if c, ok := rules[name]; ok {
		return c, true
	}
	c, ok := rules[e.opts.DefaultRule]
	return c, ok
}

// current returns the rules, reloading them when a policy file changed
// since the last look (at most once per ReloadEvery). A file that no
// longer parses keeps the previous rules.
func (e *Enforcer) current() map[string]Check {
	e.mu.Lock()
	defer e.mu.Unlock()
	if time.Since(e.checkedAt) < e.opts.ReloadEvery {
		return e.rules
	}
	e.checkedAt = time.Now()
	files := e.files()
	sig := signature(files)
	if sig == e.loadedSig {
		return e.rules
	}
	rules, err := e.load(files)
	if err != nil {
		e.opts.Log.Error("policy file reload failed, keeping the previous rules", "error", err)
		e.loadedSig = sig
		return e.rules
	}
	e.opts.Log.Info("policy rules reloaded", "files", len(files))
	e.rules, e.loadedSig = rules, sig
	return e.rules
}

// policyFile is a file to load with its modification time.
type policyFile struct {
	path  string
	mtime time.Time
}

func signature(files []policyFile) string {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s@%d;", f.path, f.mtime.UnixNano())
	}
	return b.String()
}

// files lists the policy file and the files of the policy directories that
// exist now, in the order they apply.
func (e *Enforcer) files() []policyFile {
	var out []policyFile
	if p := e.find(e.opts.File); p != "" {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			out = append(out, policyFile{p, st.ModTime()})
		}
	}
	for _, d := range e.opts.Dirs {
		dir := e.find(d)
		if dir == "" {
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		names := make([]string, 0, len(entries))
		for _, ent := range entries {
			if !ent.IsDir() && !strings.HasPrefix(ent.Name(), ".") {
				names = append(names, ent.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil {
				out = append(out, policyFile{p, st.ModTime()})
			}
		}
	}
	return out
}

// find is oslo.config's find_file: an absolute path as is, else the first
// search directory holding the name.
func (e *Enforcer) find(name string) string {
	if filepath.IsAbs(name) {
		if _, err := os.Stat(name); err == nil {
			return name
		}
		return ""
	}
	for _, d := range e.opts.SearchDirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// load builds the rules: the defaults, overridden by each file in turn.
func (e *Enforcer) load(files []policyFile) (map[string]Check, error) {
	rules := make(map[string]Check, len(e.defaults))
	for name, c := range e.defaults {
		rules[name] = c
	}
	for _, f := range files {
		text, err := os.ReadFile(f.path)
		if err != nil {
			return nil, fmt.Errorf("read policy file %s: %w", f.path, err)
		}
		parsed, bad, err := ParseFile(text)
		if err != nil {
			return nil, fmt.Errorf("policy file %s: %w", f.path, err)
		}
		for _, name := range bad {
			e.opts.Log.Error("policy rule could not be parsed, it denies everything", "path", f.path, "rule", name)
		}
		for name, c := range parsed {
			rules[name] = c
		}
		e.opts.Log.Debug("policy file loaded", "path", f.path, "rules", len(parsed))
	}
	return rules, nil
}

// ParseFile reads a policy file's contents, JSON or YAML, a mapping of rule
// names to rules (strings, or the old list-of-lists form). A rule that does
// not parse denies (oslo.policy fails it closed) and is named in bad; a
// refused check or a file that is not such a mapping is an error.
func ParseFile(text []byte) (rules map[string]Check, bad []string, err error) {
	var raw map[string]any
	if err := json.Unmarshal(text, &raw); err != nil {
		// oslo.policy reads YAML with PyYAML's safe_load.
		y, err := pyyaml.Load(string(text))
		if err != nil {
			return nil, nil, fmt.Errorf("parse: %w", err)
		}
		if y == nil {
			return map[string]Check{}, nil, nil
		}
		m, ok := y.(*data.Map)
		if !ok {
			return nil, nil, fmt.Errorf("parse: a mapping of rule names to rules is expected, not %s", data.TypeName(y))
		}
		raw = make(map[string]any, m.Len())
		m.Range(func(k string, v any) bool {
			raw[k] = v
			return true
		})
	}
	out := make(map[string]Check, len(raw))
	for name, v := range raw {
		var c Check
		var err error
		switch r := v.(type) {
		case string:
			c, err = Parse(r)
		case []any:
			c, err = ParseList(r)
		case nil:
			c = trueCheck{}
		default:
			return nil, nil, fmt.Errorf("rule %s: a rule is text, not %T", name, v)
		}
		var unsupported *UnsupportedCheckError
		if errors.As(err, &unsupported) {
			return nil, nil, fmt.Errorf("rule %s: %w", name, err)
		}
		if err != nil {
			bad = append(bad, name)
		}
		out[name] = c // an unparsable rule is a check that denies
	}
	sort.Strings(bad)
	return out, bad, nil
}
