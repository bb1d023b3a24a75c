package config

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Files holds the values of oslo.config INI files, later files taking
// precedence, as oslo.config reads them: "[section]" headers, "key = value"
// or "key: value", "#" and ";" comment lines, indented continuation lines,
// and one pair of matching quotes stripped from a value.
type Files struct {
	values map[string]string // "section\x00key" -> value
	loaded int               // files read
}

// Loaded reports whether at least one file was read.
func (f *Files) Loaded() bool { return f.loaded > 0 }

// NewFiles returns an empty set of values.
func NewFiles() *Files { return &Files{values: map[string]string{}} }

// Get returns the value of key in section and whether it was set.
func (f *Files) Get(section, key string) (string, bool) {
	v, ok := f.values[section+"\x00"+key]
	return v, ok
}

// SectionsWithPrefix returns, sorted, the sections whose name starts with
// prefix and that set at least one option.
func (f *Files) SectionsWithPrefix(prefix string) []string {
	var out []string
	for k := range f.values {
		if section, _, _ := strings.Cut(k, "\x00"); strings.HasPrefix(section, prefix) {
			out = append(out, section)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Set sets a value, as a command-line option overriding the files does.
func (f *Files) Set(section, key, value string) {
	f.values[section+"\x00"+key] = value
}

// LoadDir reads the *.conf files of dir in name order, as --config-dir.
func (f *Files) LoadDir(dir string) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.conf"))
	if err != nil {
		return fmt.Errorf("config dir %s: %w", dir, err)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if err := f.Load(p); err != nil {
			return err
		}
	}
	return nil
}

// Load reads one file over the values read so far.
func (f *Files) Load(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	defer file.Close()
	f.loaded++

	section := ""
	lastKey := ""
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for lineNo := 1; sc.Scan(); lineNo++ {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			lastKey = ""
		case raw[0] == ' ' || raw[0] == '\t':
			if lastKey == "" {
				return fmt.Errorf("%s:%d: unexpected continuation line", path, lineNo)
			}
			prev, _ := f.Get(section, lastKey)
			f.Set(section, lastKey, prev+"\n"+line)
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") || len(line) < 3 {
				return fmt.Errorf("%s:%d: invalid section header %q", path, lineNo, line)
			}
			section = strings.TrimSpace(line[1 : len(line)-1])
			lastKey = ""
		default:
			i := strings.IndexAny(line, "=:")
			if i <= 0 {
				return fmt.Errorf("%s:%d: expected \"key = value\", got %q", path, lineNo, line)
			}
			if section == "" {
				return fmt.Errorf("%s:%d: option outside any [section]", path, lineNo)
			}
			key := strings.TrimSpace(line[:i])
			f.Set(section, key, unquote(strings.TrimSpace(line[i+1:])))
			lastKey = key
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == v[len(v)-1] && (v[0] == '"' || v[0] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}
