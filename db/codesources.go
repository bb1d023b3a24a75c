package db

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// CodeSource is a row of code_sources: a Python module's text that dynamic
// actions name their classes in.
type CodeSource struct {
	Timestamps
	ID        string     `gorm:"column:id;primaryKey"`
	Name      string     `gorm:"column:name"`
	Namespace string     `gorm:"column:namespace"`
	Content   string     `gorm:"column:content"`
	Version   int        `gorm:"column:version"`
	Tags      StringList `gorm:"column:tags"`
	Scope     string     `gorm:"column:scope"`
	ProjectID string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (CodeSource) TableName() string { return "code_sources" }

// DynamicActionDefinition is a row of dynamic_action_definitions: an action
// implemented by a class of a code source.
type DynamicActionDefinition struct {
	Timestamps
	ID             string `gorm:"column:id;primaryKey"`
	Name           string `gorm:"column:name"`
	Namespace      string `gorm:"column:namespace"`
	ClassName      string `gorm:"column:class_name"`
	CodeSourceID   string `gorm:"column:code_source_id"`
	CodeSourceName string `gorm:"column:code_source_name"`
	Scope          string `gorm:"column:scope"`
	ProjectID      string `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (DynamicActionDefinition) TableName() string { return "dynamic_action_definitions" }

// CodeSources is the repository of code_sources.
type CodeSources struct{ gdb *gorm.DB }

// CodeSources returns the repository bound to tx.
func (tx *Tx) CodeSources() CodeSources { return CodeSources{tx.gdb} }

// byIdentifier restricts q, as Mistral's
// _get_db_object_by_name_and_namespace_or_id does, to the rows v sees whose
// id is identifier or whose name and namespace are identifier and namespace.
func byIdentifier(q *gorm.DB, v Viewer, identifier, namespace string) *gorm.DB {
	return v.visible(q, "").Where("(id = ? OR (name = ? AND namespace = ?))", identifier, identifier, namespace)
}

// Get returns the code source whose id or name (in namespace) is identifier.
func (r CodeSources) Get(v Viewer, identifier, namespace string) (*CodeSource, error) {
	var s CodeSource
	err := byIdentifier(r.gdb, v, identifier, namespace).Order("id").Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Code Source not found [name=%s,namespace=%s]", identifier, namespace)
	}
	if err != nil {
		return nil, fmt.Errorf("get code source %q: %w", identifier, err)
	}
	return &s, nil
}

// Create inserts s; a name taken in the namespace and project is a
// DBDuplicateEntryError with Mistral's message.
func (r CodeSources) Create(s *CodeSource) error {
	if err := r.gdb.Create(s).Error; err != nil {
		if isDuplicate(err) {
			// Mistral's message shows the model's project_id before the
			// insert filled it in: always None.
			return exc.Duplicate("Duplicate entry for CodeSource ['name', 'namespace', 'project_id']: %s, %s, None",
				s.Name, s.Namespace)
		}
		return fmt.Errorf("create code source %q: %w", s.Name, err)
	}
	return nil
}

// Update replaces the content and scope of the code source identifier and
// bumps its version, as Mistral's update_code_source does.
func (r CodeSources) Update(v Viewer, identifier, namespace, content, scope string) (*CodeSource, error) {
	s, err := r.Get(v, identifier, namespace)
	if err != nil {
		return nil, err
	}
	now := Now()
	s.Content, s.Scope, s.Version, s.UpdatedAt = content, scope, s.Version+1, &now
	if err := r.gdb.Save(s).Error; err != nil {
		return nil, fmt.Errorf("save code source %q: %w", s.Name, err)
	}
	return s, nil
}

// Delete removes the code source identifier and, as the foreign key's ON
// DELETE CASCADE does on MySQL, its dynamic actions (done explicitly so
// that SQLite without foreign key enforcement agrees).
func (r CodeSources) Delete(v Viewer, identifier, namespace string) error {
	s, err := r.Get(v, identifier, namespace)
	if err != nil {
		return err
	}
	if err := r.gdb.Where("code_source_id = ?", s.ID).Delete(&DynamicActionDefinition{}).Error; err != nil {
		return fmt.Errorf("delete dynamic actions of code source %s: %w", s.ID, err)
	}
	if err := r.gdb.Where("id = ?", s.ID).Delete(&CodeSource{}).Error; err != nil {
		return fmt.Errorf("delete code source %s: %w", s.ID, err)
	}
	return nil
}

// DynamicActions is the repository of dynamic_action_definitions.
type DynamicActions struct{ gdb *gorm.DB }

// DynamicActions returns the repository bound to tx.
func (tx *Tx) DynamicActions() DynamicActions { return DynamicActions{tx.gdb} }

// Get returns the dynamic action whose id or name (in namespace) is
// identifier.
func (r DynamicActions) Get(v Viewer, identifier, namespace string) (*DynamicActionDefinition, error) {
	var d DynamicActionDefinition
	err := byIdentifier(r.gdb, v, identifier, namespace).Order("id").Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Dynamic Action not found [name=%s,namespace=%s]", identifier, namespace)
	}
	if err != nil {
		return nil, fmt.Errorf("get dynamic action %q: %w", identifier, err)
	}
	return &d, nil
}

// Create inserts d; a name taken in the namespace and project is a
// DBDuplicateEntryError with Mistral's message.
func (r DynamicActions) Create(d *DynamicActionDefinition) error {
	if err := r.gdb.Create(d).Error; err != nil {
		if isDuplicate(err) {
			// project_id=None as in Mistral (see CodeSources.Create).
			return exc.Duplicate("Duplicate entry for dynamic action definition [name=%s, namespace=%s, project_id=None]",
				d.Name, d.Namespace)
		}
		return fmt.Errorf("create dynamic action %q: %w", d.Name, err)
	}
	return nil
}

// Save writes every column of d and stamps updated_at.
func (r DynamicActions) Save(d *DynamicActionDefinition) error {
	now := Now()
	d.UpdatedAt = &now
	if err := r.gdb.Save(d).Error; err != nil {
		return fmt.Errorf("save dynamic action %q: %w", d.Name, err)
	}
	return nil
}

// Delete removes a dynamic action by id.
func (r DynamicActions) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&DynamicActionDefinition{}).Error; err != nil {
		return fmt.Errorf("delete dynamic action %s: %w", id, err)
	}
	return nil
}

// Find returns the dynamic action called name in namespace
// visible to v, or nil when there is none.
func (r DynamicActions) Find(v Viewer, name, namespace string) (*DynamicActionDefinition, error) {
	var d DynamicActionDefinition
	err := v.visible(r.gdb, "").Where("name = ? AND namespace = ?", name, namespace).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find dynamic action %q: %w", name, err)
	}
	return &d, nil
}
