package db

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// WorkflowDefinitions is the repository of workflow_definitions_v2.
type WorkflowDefinitions struct {
	gdb     *gorm.DB
	folding *nameHint // whether names beyond ASCII may be stored
}

// WorkflowDefinitions returns the repository bound to tx.
func (tx *Tx) WorkflowDefinitions() WorkflowDefinitions {
	return WorkflowDefinitions{gdb: tx.gdb, folding: &tx.store.foldedWorkflows}
}

// Create inserts d; a name already taken in the namespace and project is a
// DBDuplicateEntryError with Mistral's message.
func (r WorkflowDefinitions) Create(d *WorkflowDefinition) error {
	r.folding.note(d.Name, d.Namespace)
	dup, err := insert(r.gdb, d, "name", d.Name, "namespace", d.Namespace, "project_id", d.ProjectID)
	if dup {
		return duplicateWorkflow(d)
	}
	if err != nil {
		return fmt.Errorf("create workflow definition %q: %w", d.Name, err)
	}
	return nil
}

// Save writes every column of d and stamps updated_at; a name already
// taken in the namespace and project (a rename) is a DBDuplicateEntryError
// as for Create.
func (r WorkflowDefinitions) Save(d *WorkflowDefinition) error {
	r.folding.note(d.Name, d.Namespace)
	now := Now()
	d.UpdatedAt = &now
	if err := r.gdb.Save(d).Error; err != nil {
		if isDuplicate(err) {
			return duplicateWorkflow(d)
		}
		return fmt.Errorf("save workflow definition %q: %w", d.Name, err)
	}
	return nil
}

// duplicateWorkflow is Mistral's error for a workflow name taken in the
// namespace and project.
func duplicateWorkflow(d *WorkflowDefinition) error {
	return exc.Duplicate("Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: %s, %s, None",
		d.Name, d.Namespace)
}

// Get finds a workflow by id, or by name in exactly namespace, as Mistral's
// REST API and execution start do. The viewer sees its project's, public
// and shared workflows; an admin any (Mistral's get_workflow_definition is
// insecure for admins).
func (r WorkflowDefinitions) Get(identifier, namespace string, v Viewer) (*WorkflowDefinition, error) {
	return r.get(identifier, namespace, v, false)
}

// get is Get; byName takes an identifier of an id's form for a name.
func (r WorkflowDefinitions) get(identifier, namespace string, v Viewer, byName bool) (*WorkflowDefinition, error) {
	var d WorkflowDefinition
	visible := func() *gorm.DB {
		if v.Admin {
			return r.gdb
		}
		return v.visible(r.gdb, ShareWorkflow)
	}
	var err error
	// As Mistral's query of id or name: an id with trailing spaces is
	// the id (MySQL's collation).
	if isUUID(strings.TrimRight(identifier, " ")) && !byName {
		err = visible().Where("id = ?", lookupID(r.gdb, identifier)).Take(&d).Error
	} else {
		// Hinted: the engine looks sub-workflows up in their workbook
		// first, and in the execution's namespace.
		err = takeHinted(r.gdb, &d, r.folding, "workflow_definitions_v2", []string{identifier, namespace}, func(eq eqFunc) *gorm.DB {
			return visible().Where(eq("name", identifier)).Where(eq("namespace", namespace))
		})
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Workflow not found [workflow_identifier=%s, namespace=%s]", identifier, namespace)
	}
	if err != nil {
		return nil, fmt.Errorf("get workflow %q: %w", identifier, err)
	}
	return &d, nil
}

// Resolve finds a workflow by id, or by name in namespace and then in the
// default namespace, as an execution start does. It fails like Get.
func (r WorkflowDefinitions) Resolve(identifier, namespace string, v Viewer) (*WorkflowDefinition, error) {
	return r.resolve(identifier, namespace, v, false)
}

// ResolveName finds a workflow by name only, in namespace and then in the
// default namespace, as Mistral looks up a sub-workflow: a name of an id's
// form is a name there. It fails like Get.
func (r WorkflowDefinitions) ResolveName(name, namespace string, v Viewer) (*WorkflowDefinition, error) {
	return r.resolve(name, namespace, v, true)
}

func (r WorkflowDefinitions) resolve(identifier, namespace string, v Viewer, byName bool) (*WorkflowDefinition, error) {
	d, err := r.get(identifier, namespace, v, byName)
	if namespace == "" || !exc.Is(err, exc.DBEntityNotFound) {
		return d, err
	}
	if d, fallbackErr := r.get(identifier, "", v, byName); !exc.Is(fallbackErr, exc.DBEntityNotFound) {
		return d, fallbackErr
	}
	return nil, err // names the namespace asked for
}

// Delete removes a workflow definition by id.
func (r WorkflowDefinitions) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&WorkflowDefinition{}).Error; err != nil {
		return fmt.Errorf("delete workflow definition %s: %w", id, err)
	}
	return nil
}

// ActionDefinitions is the repository of action_definitions_v2.
type ActionDefinitions struct {
	gdb     *gorm.DB
	folding *nameHint // whether names beyond ASCII may be stored
}

// ActionDefinitions returns the repository bound to tx.
func (tx *Tx) ActionDefinitions() ActionDefinitions {
	return ActionDefinitions{gdb: tx.gdb, folding: &tx.store.foldedActions}
}

// Find returns the ad-hoc action named name in namespace, or nil.
func (r ActionDefinitions) Find(name, namespace, projectID string) (*ActionDefinition, error) {
	return r.find(name, namespace, projectID, takeByName)
}

// Probe is Find for the engine's lookup of a task's action, which mostly
// finds nothing (a standard action in a workbook or namespace): on
// SQLite, its second query, by the names' collation keys, runs only when
// a name may need it (takeHinted).
func (r ActionDefinitions) Probe(name, namespace, projectID string) (*ActionDefinition, error) {
	return r.find(name, namespace, projectID, func(gdb *gorm.DB, dest any, find func(eq eqFunc) *gorm.DB) error {
		return takeHinted(gdb, dest, r.folding, "action_definitions_v2", []string{name, namespace}, find)
	})
}

func (r ActionDefinitions) find(name, namespace, projectID string,
	take func(gdb *gorm.DB, dest any, find func(eq eqFunc) *gorm.DB) error) (*ActionDefinition, error) {
	var d ActionDefinition
	err := take(r.gdb, &d, func(eq eqFunc) *gorm.DB {
		return r.gdb.Where("(project_id = ? OR scope = 'public')", projectID).
			Where(eq("name", name)).Where(eq("namespace", namespace))
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get action %q: %w", name, err)
	}
	return &d, nil
}

// Create inserts d.
func (r ActionDefinitions) Create(d *ActionDefinition) error {
	r.folding.note(d.Name, d.Namespace)
	dup, err := insert(r.gdb, d, "name", d.Name, "namespace", d.Namespace, "project_id", d.ProjectID)
	if dup {
		return exc.Duplicate("Duplicate entry for Action ['name', 'namespace', 'project_id']: %s, %s, None",
			d.Name, d.Namespace)
	}
	if err != nil {
		return fmt.Errorf("create action definition %q: %w", d.Name, err)
	}
	return nil
}

// Environments is the repository of environments_v2.
type Environments struct{ gdb *gorm.DB }

// Environments returns the repository bound to tx.
func (tx *Tx) Environments() Environments { return Environments{tx.gdb} }

// Get returns the environment called name, visible to projectID.
func (r Environments) Get(name, projectID string) (*Environment, error) {
	var e Environment
	err := takeByName(r.gdb, &e, func(eq eqFunc) *gorm.DB {
		return r.gdb.Where("(project_id = ? OR scope = 'public')", projectID).Where(eq("name", name))
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Environment not found [name=%s]", name)
	}
	if err != nil {
		return nil, fmt.Errorf("get environment %q: %w", name, err)
	}
	return &e, nil
}

// NewID returns a new UUID, the id format of every Mistral object. The ids
// are time-ordered (version 7), so that rows created within the same second
// — Mistral's timestamps have no fraction — still list in creation order.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// Create inserts e; a name already taken in the project is a
// DBDuplicateEntryError with Mistral's message.
func (r Environments) Create(e *Environment) error {
	dup, err := insert(r.gdb, e, "name", e.Name, "project_id", e.ProjectID)
	if dup {
		return exc.Duplicate("Duplicate entry for Environment ['name', 'project_id']: %s, None", e.Name)
	}
	if err != nil {
		return fmt.Errorf("create environment %q: %w", e.Name, err)
	}
	return nil
}
