package definitions

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// CreateActions parses an ad-hoc action-list document and stores every
// action in it, all or none.
func (s *Service) CreateActions(ctx context.Context, text, namespace string, scope Scope, project string) ([]*db.ActionDefinition, error) {
	acts, err := lang.ParseActions(text, s.validator)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	if err := checkNamespace(namespace); err != nil {
		return nil, err
	}
	var out []*db.ActionDefinition
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		out = out[:0]
		for _, a := range acts {
			if err := checkName(a.Name); err != nil {
				return err
			}
			row := actionRow(a, namespace, scope, project)
			if err := tx.ActionDefinitions().Create(row); err != nil {
				return err
			}
			out = append(out, row)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create actions: %w", err)
	}
	return out, nil
}

// UpdateActions parses an ad-hoc action-list document and replaces the
// stored actions of the same names, which must exist. With id, the document
// must hold exactly one action and the stored one with that id is replaced.
func (s *Service) UpdateActions(ctx context.Context, text, id, namespace string, scope Scope, project string) ([]*db.ActionDefinition, error) {
	acts, err := lang.ParseActions(text, s.validator)
	if err != nil {
		return nil, err
	}
	if err := lang.CheckStorable(text); err != nil {
		return nil, err
	}
	if id != "" && len(acts) != 1 {
		return nil, exc.InputErr("More than one actions are not supported for update with identifier. [identifier: %s]", id)
	}
	if err := checkNamespace(namespace); err != nil {
		return nil, err // an action found in the default namespace would move there
	}
	var out []*db.ActionDefinition
	err = s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		out = out[:0]
		for _, a := range acts {
			ident := a.Name
			if id != "" {
				ident = id
			}
			cur, err := tx.ActionDefinitions().Get(ident, namespace, project)
			if err != nil {
				return err
			}
			if cur.IsSystem {
				return exc.InputErr("Attempt to modify a system action: %s", cur.Name)
			}
			if err := checkName(a.Name); err != nil {
				return err
			}
			// Found in the default namespace for want of one in
			// namespace, the action moves to namespace, as in Mistral.
			row := actionRow(a, namespace, scope, cur.ProjectID)
			if row.Definition == cur.Definition && row.Scope == cur.Scope && row.Namespace == cur.Namespace {
				// Nothing changes: like Mistral, no write, and
				// updated_at stays as it was.
				out = append(out, cur)
				continue
			}
			row.ID, row.CreatedAt, row.WorkbookName = cur.ID, cur.CreatedAt, cur.WorkbookName
			if err := tx.ActionDefinitions().Save(row); err != nil {
				return err
			}
			out = append(out, row)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update actions: %w", err)
	}
	return out, nil
}

// DeleteAction removes an ad-hoc action; system actions cannot be deleted.
func (s *Service) DeleteAction(ctx context.Context, identifier, namespace, project string) error {
	return s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		d, err := tx.ActionDefinitions().Get(identifier, namespace, project)
		if err != nil {
			return err
		}
		if d.IsSystem {
			return exc.InputErr("Attempt to delete a system action: %s", identifier)
		}
		return tx.ActionDefinitions().Delete(d.ID)
	})
}

// putAction creates row, or replaces the stored action of the same name.
func putAction(tx *db.Tx, row *db.ActionDefinition) error {
	cur, err := tx.ActionDefinitions().Find(row.Name, row.Namespace, row.ProjectID)
	if err != nil {
		return err
	}
	if cur == nil {
		return tx.ActionDefinitions().Create(row)
	}
	// The name found may be spelt otherwise ("WB.a" for "wb.a", the
	// database's collation): the update takes the new spelling.
	if cur.Definition == row.Definition && cur.Scope == row.Scope && cur.Name == row.Name {
		return nil // unchanged: no write, updated_at stays, as in Mistral
	}
	row.ID, row.CreatedAt = cur.ID, cur.CreatedAt
	return tx.ActionDefinitions().Save(row)
}

func actionRow(a *lang.AdHocAction, namespace string, scope Scope, project string) *db.ActionDefinition {
	tags := db.StringList(a.Tags)
	if tags == nil {
		tags = db.StringList{}
	}
	if scope == "" {
		scope = "private"
	}
	var desc *string
	if a.Description != "" {
		d := a.Description
		desc = &d
	}
	var input *string
	if sig := a.InputSignature(); sig != "" {
		input = &sig
	}
	return &db.ActionDefinition{
		Timestamps:  db.Timestamps{CreatedAt: db.Now()},
		ID:          db.NewID(),
		Name:        a.Name,
		Namespace:   namespace,
		Definition:  a.Definition,
		Spec:        db.JSONOf(a.Spec()),
		Tags:        tags,
		Description: desc,
		Input:       input,
		Scope:       scope,
		ProjectID:   project,
	}
}
