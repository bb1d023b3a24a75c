package lang

import (
	"strconv"
	"strings"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// ParseWorkflows parses and validates a workflow-list document (the body of
// POST/PUT /v2/workflows). v checks expression syntax; nil skips that check.
func ParseWorkflows(text string, v Validator) ([]*Workflow, error) {
	return parseWorkflows(text, v, true)
}

// ParseWorkflowsUnchecked parses a workflow-list document without schema
// and semantic validation (?skip_validation). Errors Mistral's constructors
// raise anyway (YAML syntax, with-items format, inline parameters) remain.
func ParseWorkflowsUnchecked(text string) ([]*Workflow, error) {
	return parseWorkflows(text, nil, false)
}

// ParseWorkbook parses and validates a workbook document.
func ParseWorkbook(text string, v Validator) (*Workbook, error) {
	return parseWorkbook(text, v, true)
}

// ParseWorkbookUnchecked parses a workbook without schema and semantic
// validation (?skip_validation); the DSL version is still checked.
func ParseWorkbookUnchecked(text string) (*Workbook, error) {
	return parseWorkbook(text, nil, false)
}

// ParseActions parses and validates an ad-hoc action-list document (the
// body of POST/PUT /v2/actions). Every action's Definition is the whole
// text, as Mistral stores it.
func ParseActions(text string, v Validator) ([]*AdHocAction, error) {
	doc, v, err := parseList(text, v, true)
	if err != nil {
		return nil, err
	}
	var out []*AdHocAction
	for _, name := range doc.Keys() {
		if name == "version" {
			continue
		}
		spec := doc.Value(name).(*data.Map)
		spec.Set("name", name)
		if key, ok := originalKey(v, doc, name); ok {
			spec.Set("name", key) // the action schema refuses a name that is no string
		}
		spec.Set("version", "2.0")
		a, err := parseAction(spec, v, true)
		if err != nil {
			return nil, err
		}
		a.Definition = text
		out = append(out, a)
	}
	return out, nil
}

// parseList loads a workflow-list or action-list document and checks its
// outer shape. It returns the Validator the rest of the document is
// checked with: v and the document's keys that are not strings.
func parseList(text string, v Validator, validate bool) (*data.Map, Validator, error) {
	loaded, info, err := parseYAML(text)
	if err != nil {
		return nil, nil, err
	}
	v = documentChecks{expr: v, doc: info}
	if validate {
		if err := checkSchema(schemas.list, loaded, v); err != nil {
			return nil, nil, err
		}
	}
	doc, ok := loaded.(*data.Map)
	if !ok {
		return nil, nil, exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'object'", data.Repr(loaded))
	}
	if validate && doc.Len() < 2 {
		return nil, nil, exc.New(exc.InvalidModel, "At least one item must be in the list [data=%s].", data.Repr(doc))
	}
	for _, k := range doc.Keys() {
		if _, ok := doc.Value(k).(*data.Map); !ok && k != "version" {
			return nil, nil, exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'object'", data.Repr(doc.Value(k)))
		}
	}
	return doc, v, nil
}

func parseWorkflows(text string, v Validator, validate bool) ([]*Workflow, error) {
	doc, v, err := parseList(text, v, validate)
	if err != nil {
		return nil, err
	}
	count := doc.Len()
	if doc.Has("version") {
		count--
	}
	// With several workflows each one's definition is re-serialised from
	// the document as the user wrote it, before the spec dicts get their
	// injected keys.
	var raw *data.Map
	if count != 1 {
		raw = data.DeepCopy(doc).(*data.Map)
	}
	var out []*Workflow
	for _, name := range doc.Keys() {
		if name == "version" {
			continue
		}
		spec := doc.Value(name).(*data.Map)
		spec.Set("name", name)
		spec.Set("version", "2.0")
		w, err := parseWorkflow(spec, v, validate)
		if err != nil {
			return nil, err
		}
		if count == 1 {
			w.Definition = text
		} else {
			w.Definition = dumpDefinition(raw, name)
		}
		out = append(out, w)
	}
	return out, nil
}

// parseWorkflow validates (when asked) and builds one workflow dict that
// already carries its name and version.
func parseWorkflow(spec *data.Map, v Validator, validate bool) (*Workflow, error) {
	wfType, ok := spec.Get("type")
	if !ok {
		wfType = Direct
	}
	if wfType != Direct && wfType != Reverse {
		return nil, exc.New(exc.DSLParsing, "Failed to find a specification class to instantiate "+
			"[spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=%s]", data.Repr(spec))
	}
	if validate {
		if err := validateWorkflow(spec, v); err != nil {
			return nil, err
		}
	} else if err := prepareTasks(spec, wfType.(string)); err != nil {
		return nil, err
	}
	w, err := buildWorkflow(spec)
	if err != nil {
		return nil, err
	}
	if validate {
		if err := validateGraph(w); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// prepareTasks makes the changes to task dicts that Mistral makes even
// without validation: `type`, `name` and `version` injected, inline
// parameters merged into `input`.
func prepareTasks(spec *data.Map, wfType string) error {
	tasks, ok := spec.Value("tasks").(*data.Map)
	if !ok {
		return exc.New(exc.InvalidModel, "Workflow doesn't have any tasks [data=%s]", data.Repr(spec))
	}
	for _, name := range tasks.Keys() {
		task, ok := tasks.Value(name).(*data.Map)
		if !ok {
			return exc.New(exc.InvalidModel, "Task '%s' is not a mapping: %s", name, data.Repr(tasks.Value(name)))
		}
		task.Set("type", wfType)
		task.Set("name", name)
		task.Set("version", "2.0")
		cmd := str(task.Value("action"))
		if cmd == "" {
			cmd = str(task.Value("workflow"))
		}
		_, inline, err := ParseInline(cmd)
		if err != nil {
			return err
		}
		if in, ok := task.Value("input").(*data.Map); ok && inline != nil {
			data.Merge(in, inline)
		}
	}
	return nil
}

func parseAction(spec *data.Map, v Validator, validate bool) (*AdHocAction, error) {
	if validate {
		if err := checkSchema(schemas.action, spec, v); err != nil {
			return nil, err
		}
		_, inline, err := ParseInline(str(spec.Value("base")))
		if err != nil {
			return nil, err
		}
		if err := validateExpr(v, inline); err != nil {
			return nil, err
		}
		if err := validateExpr(v, spec.Value("base-input")); err != nil {
			return nil, err
		}
		if out, ok := spec.Value("output").(string); ok {
			if err := validateExpr(v, out); err != nil {
				return nil, err
			}
		}
	}
	a, err := buildAction(spec)
	if err != nil {
		return nil, err
	}
	// Mistral merges the inline parameters into the stored base-input.
	if bi, ok := spec.Value("base-input").(*data.Map); ok && a.BaseInput != nil {
		data.Merge(bi, a.BaseInput)
		a.BaseInput = bi
	}
	return a, nil
}

func parseWorkbook(text string, v Validator, validate bool) (*Workbook, error) {
	doc, info, err := parseYAML(text)
	if err != nil {
		return nil, err
	}
	v = documentChecks{expr: v, doc: info}
	if m, ok := doc.(*data.Map); ok {
		if ver, ok := m.Get("version"); ok && !supportedVersion(ver) {
			return nil, exc.New(exc.DSLParsing, "Unsupported DSL version: %s", data.Str(ver))
		}
	}
	if validate {
		if err := checkSchema(schemas.workbook, doc, v); err != nil {
			return nil, err
		}
	}
	m, ok := doc.(*data.Map)
	if !ok {
		return nil, exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'object'", data.Repr(doc))
	}
	wb := &Workbook{
		Name:        str(m.Value("name")),
		Description: str(m.Value("description")),
		Tags:        stringList(m.Value("tags")),
		Definition:  text,
		spec:        m,
	}
	for _, section := range []string{"actions", "workflows"} {
		if s, ok := m.Value(section).(*data.Map); ok {
			s.Set("version", "2.0")
		}
	}
	if actions, ok := m.Value("actions").(*data.Map); ok {
		for _, name := range actions.Keys() {
			if name == "version" {
				continue
			}
			spec, ok := actions.Value(name).(*data.Map)
			if !ok {
				return nil, exc.New(exc.InvalidModel, "Invalid DSL: %s is not of type 'object'", data.Repr(actions.Value(name)))
			}
			spec.Set("name", name)
			spec.Set("version", "2.0")
			a, err := parseAction(spec, v, validate)
			if err != nil {
				return nil, err
			}
			a.Definition = cutDefinition(text, "actions:", name)
			wb.Actions = append(wb.Actions, a)
		}
	}
	if workflows, ok := m.Value("workflows").(*data.Map); ok {
		for _, name := range workflows.Keys() {
			if name == "version" {
				continue
			}
			spec, ok := workflows.Value(name).(*data.Map)
			if !ok {
				return nil, exc.New(exc.InvalidModel, "A specification with polymorphic key must be backed by a "+
					"dictionary [spec_cls=<class 'mistral.lang.v2.workflows.WorkflowSpec'>, data=%s]",
					data.Str(workflows.Value(name)))
			}
			spec.Set("name", name)
			spec.Set("version", "2.0")
			w, err := parseWorkflow(spec, v, validate)
			if err != nil {
				return nil, err
			}
			w.Definition = cutDefinition(text, "workflows:", name)
			wb.Workflows = append(wb.Workflows, w)
		}
	}
	return wb, nil
}

// supportedVersion accepts what Mistral accepts: a truthy value whose
// float value is 2.0 ('2.0', 2.0, 2, "2").
func supportedVersion(v any) bool {
	switch t := v.(type) {
	case int64:
		return t == 2
	case float64:
		return t == 2
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return err == nil && f == 2
	}
	return false
}

// cutDefinition extracts an item's text from a workbook the way Mistral
// does: from the first occurrence of section, the line that is exactly
// "<name>:" and every following line indented deeper (blank lines and
// comments included), re-indented to the item's level.
func cutDefinition(text, section, name string) string {
	i := strings.Index(text, section)
	if i < 0 {
		return "\n"
	}
	lines := splitLines(text[i:])
	if len(lines) > 0 {
		lines = lines[1:] // the section line itself
	}
	item := name + ":"
	var b strings.Builder
	indent := 0
	j := 0
	for ; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) == item {
			indent = strings.Index(lines[j], item)
			b.WriteString(strings.TrimLeft(lines[j], " \t\n\r\f\v"))
			j++
			break
		}
	}
	for ; j < len(lines); j++ {
		line := lines[j]
		content := strings.TrimSpace(line)
		switch {
		case content == "":
			b.WriteString(line)
		case strings.HasPrefix(content, "#"):
			if indent > strings.Index(line, "#") {
				b.WriteString(line)
			} else {
				b.WriteString(line[indent:])
			}
		default:
			lead := len(line) - len(strings.TrimLeft(line, " \t\n\r\f\v"))
			if indent >= lead {
				return strings.TrimRight(b.String(), " \t\n\r\f\v") + "\n"
			}
			b.WriteString(line[indent:])
		}
	}
	return strings.TrimRight(b.String(), " \t\n\r\f\v") + "\n"
}

// splitLines splits after each "\n", keeping it.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
