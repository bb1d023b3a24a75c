package db

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tramontane/tramontane/engine/exc"
)

// Workbooks is the repository of workbooks_v2.
type Workbooks struct{ gdb *gorm.DB }

// Workbooks returns the repository bound to tx.
func (tx *Tx) Workbooks() Workbooks { return Workbooks{tx.gdb} }

// Create inserts w.
func (r Workbooks) Create(w *Workbook) error {
	dup, err := insert(r.gdb, w, "name", w.Name, "namespace", w.Namespace, "project_id", w.ProjectID)
	if dup {
		return exc.Duplicate("Duplicate entry for WorkbookDefinition ['name', 'namespace', 'project_id']: %s, %s, None",
			w.Name, w.Namespace)
	}
	if err != nil {
		return fmt.Errorf("create workbook %q: %w", w.Name, err)
	}
	return nil
}

// Get returns the workbook called name in namespace, visible to projectID.
func (r Workbooks) Get(name, namespace, projectID string) (*Workbook, error) {
	var w Workbook
	err := takeByName(r.gdb, &w, func(eq eqFunc) *gorm.DB {
		return r.gdb.Where("(project_id = ? OR scope = 'public')", projectID).
			Where(eq("name", name)).Where(eq("namespace", namespace))
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Workbook not found [name=%s, namespace=%s]", name, namespace)
	}
	if err != nil {
		return nil, fmt.Errorf("get workbook %q: %w", name, err)
	}
	return &w, nil
}

// Save writes every column of w and stamps updated_at.
func (r Workbooks) Save(w *Workbook) error {
	now := Now()
	w.UpdatedAt = &now
	if err := r.gdb.Save(w).Error; err != nil {
		return fmt.Errorf("save workbook %q: %w", w.Name, err)
	}
	return nil
}

// Delete removes a workbook. Like Mistral 15, it leaves the workflows and
// actions the workbook defined: they stay, named "<workbook>.<name>", until
// deleted on their own.
func (r Workbooks) Delete(w *Workbook) error {
	if err := r.gdb.Where("id = ?", w.ID).Delete(&Workbook{}).Error; err != nil {
		return fmt.Errorf("delete workbook %q: %w", w.Name, err)
	}
	return nil
}

// FindExact returns the workflow named name in exactly namespace (no
// fallback to the default namespace) of the project, or nil.
func (r WorkflowDefinitions) FindExact(name, namespace, projectID string) (*WorkflowDefinition, error) {
	var d WorkflowDefinition
	err := takeByName(r.gdb, &d, func(eq eqFunc) *gorm.DB {
		return r.gdb.Where(eq("name", name)).Where(eq("namespace", namespace)).Where("project_id = ?", projectID)
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get workflow %q: %w", name, err)
	}
	return &d, nil
}

// Get returns the ad-hoc action with the given id or name in namespace,
// else in the default namespace (as Mistral looks it up), visible to
// projectID. An identifier is matched against both columns: an action may
// be named like a uuid.
func (r ActionDefinitions) Get(identifier, namespace, projectID string) (*ActionDefinition, error) {
	namespaces := []string{namespace}
	if namespace != "" {
		namespaces = append(namespaces, "")
	}
	for _, ns := range namespaces {
		var d ActionDefinition
		err := takeByName(r.gdb, &d, func(eq eqFunc) *gorm.DB {
			return r.gdb.Where("(project_id = ? OR scope = 'public')", projectID).
				Where(clause.Or(eq("id", identifier), clause.And(eq("name", identifier), eq("namespace", ns))))
		})
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("get action %q: %w", identifier, err)
		}
		return &d, nil
	}
	return nil, exc.NotFound("Action definition not found [action_name=%s, namespace=%s]", identifier, namespace)
}

// Save writes every column of d and stamps updated_at.
func (r ActionDefinitions) Save(d *ActionDefinition) error {
	r.folding.note(d.Name, d.Namespace)
	now := Now()
	d.UpdatedAt = &now
	if err := r.gdb.Save(d).Error; err != nil {
		if isDuplicate(err) {
			// A rename (an update by identifier) onto a name taken.
			return exc.Duplicate("Duplicate entry for Action ['name', 'namespace', 'project_id']: %s, %s, None",
				d.Name, d.Namespace)
		}
		return fmt.Errorf("save action definition %q: %w", d.Name, err)
	}
	return nil
}

// Delete removes an ad-hoc action by id.
func (r ActionDefinitions) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&ActionDefinition{}).Error; err != nil {
		return fmt.Errorf("delete action definition %s: %w", id, err)
	}
	return nil
}
