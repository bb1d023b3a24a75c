package definitions

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// Service stores definitions.
type Service struct {
	store     *db.Store
	validator lang.Validator
	// unchecked skips the DSL's schema and semantic checks of workflows
	// and workbooks (Unchecked).
	unchecked bool
}

// New returns a definition service validating expressions with v.
func New(store *db.Store, v lang.Validator) *Service {
	return &Service{store: store, validator: v}
}

// Unchecked returns the service storing workflows and workbooks without
// the DSL's schema and semantic checks, as Mistral does with ?skip_validation
// or [api] validation_mode = disabled. What Mistral's spec classes refuse
// anyway (YAML syntax, the DSL version, with-items and inline parameter
// formats) is still refused; ad-hoc actions are always checked.
func (s *Service) Unchecked() *Service {
	c := *s
	c.unchecked = true
	return &c
}

// parseWorkflows parses a workflow-list document, checked unless s is not.
func (s *Service) parseWorkflows(text string) ([]*lang.Workflow, error) {
	if s.unchecked {
		return lang.ParseWorkflowsUnchecked(text)
	}
	return lang.ParseWorkflows(text, s.validator)
}

// parseWorkbook parses a workbook, checked unless s is not.
func (s *Service) parseWorkbook(text string) (*lang.Workbook, error) {
	if s.unchecked {
		return lang.ParseWorkbookUnchecked(text)
	}
	return lang.ParseWorkbook(text, s.validator)
}

// Scope is "private" or "public".
type Scope = string

// CreateWorkflows parses a workflow-list document and stores every workflow
// in it, all or none.
func (s *Service) CreateWorkflows(ctx context.Context, text, namespace string, scope Scope, project string) ([]*db.WorkflowDefinition, error) {
	wfs, err := s.parseWorkflows(text)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	if err := checkNamespace(namespace); err != nil {
		return nil, err
	}
	var out []*db.WorkflowDefinition
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		out = out[:0]
		for _, wf := range wfs {
			if err := checkName(wf.Name); err != nil {
				return err
			}
			d := workflowRow(wf, namespace, scope, project)
			if err := tx.WorkflowDefinitions().Create(d); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create workflows: %w", err)
	}
	return out, nil
}

// UpdateWorkflows parses a workflow-list document and replaces the stored
// workflows of the same names, which must exist. With id, the document must
// hold exactly one workflow and the stored one with that id is replaced:
// like Mistral, it takes the document's name and the namespace given, so a
// PUT by id renames and moves it. The viewer must own them (or be an
// admin), as in Mistral.
func (s *Service) UpdateWorkflows(ctx context.Context, text, id, namespace string, scope Scope, v db.Viewer) ([]*db.WorkflowDefinition, error) {
	wfs, err := s.parseWorkflows(text)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	if id != "" && len(wfs) != 1 {
		return nil, exc.InputErr("More than one workflows are not supported for update with identifier. [identifier: %s]", id)
	}
	var out []*db.WorkflowDefinition
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		out = out[:0]
		for _, wf := range wfs {
			ident := wf.Name
			if id != "" {
				ident = id
			}
			cur, err := tx.WorkflowDefinitions().Get(ident, namespace, v)
			if err != nil {
				return err
			}
			if err := v.CheckAccess("WorkflowDefinition", cur.ID, cur.ProjectID, cur.IsSystem); err != nil {
				return err
			}
			if err := checkName(wf.Name); err != nil {
				return err
			}
			next := workflowRow(wf, namespace, scope, cur.ProjectID)
			next.ID, next.CreatedAt, next.WorkbookName = cur.ID, cur.CreatedAt, cur.WorkbookName
			if next.Definition == cur.Definition && next.Scope == cur.Scope && next.Name == cur.Name && next.Namespace == cur.Namespace {
				// Nothing changes: like Mistral, no write, and updated_at
				// stays as it was.
				out = append(out, cur)
				continue
			}
			if err := tx.WorkflowDefinitions().Save(next); err != nil {
				return err
			}
			out = append(out, next)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update workflows: %w", err)
	}
	return out, nil
}

func workflowRow(wf *lang.Workflow, namespace string, scope Scope, project string) *db.WorkflowDefinition {
	tags := db.StringList(wf.Tags)
	if tags == nil {
		tags = db.StringList{}
	}
	if scope == "" {
		scope = "private"
	}
	return &db.WorkflowDefinition{
		Timestamps: db.Timestamps{CreatedAt: db.Now()},
		ID:         db.NewID(),
		Name:       wf.Name,
		Namespace:  namespace,
		Definition: wf.Definition,
		Spec:       db.JSONOf(wf.Spec()),
		Tags:       tags,
		Scope:      scope,
		ProjectID:  project,
	}
}
