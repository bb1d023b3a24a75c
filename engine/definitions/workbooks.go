package definitions

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// CreateWorkbook parses a workbook and stores it with its workflows
// ("<workbook>.<workflow>") and ad-hoc actions ("<workbook>.<action>"), all
// or none.
func (s *Service) CreateWorkbook(ctx context.Context, text, namespace string, scope Scope, project string) (*db.Workbook, error) {
	wb, err := s.parseWorkbook(text)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	if err := checkNamespace(namespace); err != nil {
		return nil, err
	}
	var out *db.Workbook
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		if err := checkName(wb.Name); err != nil {
			return err
		}
		out = workbookRow(wb, namespace, scope, project)
		if err := tx.Workbooks().Create(out); err != nil {
			return err
		}
		return storeWorkbookContents(tx, wb, namespace, scope, project)
	})
	if err != nil {
		return nil, fmt.Errorf("create workbook: %w", err)
	}
	return out, nil
}

// UpdateWorkbook replaces the stored workbook of the same name, which must
// exist, and creates or replaces its workflows and actions.
func (s *Service) UpdateWorkbook(ctx context.Context, text, namespace string, scope Scope, project string) (*db.Workbook, error) {
	wb, err := s.parseWorkbook(text)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	var out *db.Workbook
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		cur, err := tx.Workbooks().Get(wb.Name, namespace, project)
		if err != nil {
			return err
		}
		out = workbookRow(wb, namespace, scope, cur.ProjectID)
		if out.Definition == cur.Definition && out.Scope == cur.Scope {
			// Unchanged: no write, updated_at stays, as in Mistral.
			out = cur
		} else {
			out.ID, out.CreatedAt = cur.ID, cur.CreatedAt
			if err := tx.Workbooks().Save(out); err != nil {
				return err
			}
		}
		return storeWorkbookContents(tx, wb, namespace, scope, cur.ProjectID)
	})
	if err != nil {
		return nil, fmt.Errorf("update workbook: %w", err)
	}
	return out, nil
}

// DeleteWorkbook removes a workbook; like Mistral 15, it leaves the
// workflows and actions it defined.
func (s *Service) DeleteWorkbook(ctx context.Context, name, namespace, project string) error {
	return s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		w, err := tx.Workbooks().Get(name, namespace, project)
		if exc.Is(err, exc.DBEntityNotFound) {
			return exc.NotFound("Workbook not found [workbook_name=%s, namespace=%s]", name, namespace)
		}
		if err != nil {
			return err
		}
		return tx.Workbooks().Delete(w)
	})
}

// storeWorkbookContents creates or replaces a workbook's workflows and
// actions.
func storeWorkbookContents(tx *db.Tx, wb *lang.Workbook, namespace string, scope Scope, project string) error {
	name := wb.Name
	for _, wf := range wb.Workflows {
		row := workflowRow(wf, namespace, scope, project)
		row.Name = name + "." + wf.Name
		row.WorkbookName = &name
		if err := checkName(row.Name); err != nil {
			return err
		}
		cur, err := tx.WorkflowDefinitions().FindExact(row.Name, namespace, project)
		if err != nil {
			return err
		}
		switch {
		case cur == nil:
			err = tx.WorkflowDefinitions().Create(row)
		case cur.Definition == row.Definition && cur.Scope == row.Scope && cur.Name == row.Name:
			// Unchanged: no write, updated_at stays, as in Mistral. (A
			// workbook renamed to another spelling renames its workflows.)
		default:
			row.ID, row.CreatedAt = cur.ID, cur.CreatedAt
			err = tx.WorkflowDefinitions().Save(row)
		}
		if err != nil {
			return err
		}
	}
	for _, a := range wb.Actions {
		row := actionRow(a, namespace, scope, project)
		row.Name = name + "." + a.Name
		row.WorkbookName = &name
		if err := checkName(row.Name); err != nil {
			return err
		}
		if err := putAction(tx, row); err != nil {
			return err
		}
	}
	return nil
}

func workbookRow(wb *lang.Workbook, namespace string, scope Scope, project string) *db.Workbook {
	tags := db.StringList(wb.Tags)
	if tags == nil {
		tags = db.StringList{}
	}
	if scope == "" {
		scope = "private"
	}
	return &db.Workbook{
		Timestamps: db.Timestamps{CreatedAt: db.Now()},
		ID:         db.NewID(),
		Name:       wb.Name,
		Namespace:  namespace,
		Definition: wb.Definition,
		Spec:       db.JSONOf(wb.Spec()),
		Tags:       tags,
		Scope:      scope,
		ProjectID:  project,
	}
}
