package definitions

import (
	"context"
	"fmt"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/exc"
	"github.com/tramontane/tramontane/engine/lang"
)

// waitSSH is Mistral 15's preinstalled ad-hoc action
// (mistral/resources/actions/wait_ssh.yaml), text for text: Mistral's
// populate stores it as a public ad-hoc action, not as a system one.
const waitSSH = `---
version: '2.0'

std.wait_ssh:
    description: Simple SSH command.
    base: std.ssh
    base-input:
      host: <% $.host %>
      username: <% $.username %>
      password: <% $.password %>
      cmd: 'ls -l'
    input:
     - host
     - username
     - password
`

// Populate stores Mistral's preinstalled ad-hoc actions that are missing,
// public and owned by the default project, as `mistral-db-manage populate`
// does. It leaves existing ones alone, and a concurrent process storing
// the same action first is no error.
func (s *Service) Populate(ctx context.Context) error {
	acts, err := lang.ParseActions(waitSSH, s.validator)
	if err != nil {
		return fmt.Errorf("preinstalled actions: %w", err)
	}
	for _, a := range acts {
		err := s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
			cur, err := tx.ActionDefinitions().Find(a.Name, "", db.DefaultProject)
			if err != nil || cur != nil {
				return err
			}
			return tx.ActionDefinitions().Create(actionRow(a, "", "public", db.DefaultProject))
		})
		if err != nil && !exc.Is(err, exc.DBDuplicateEntry) {
			return fmt.Errorf("store preinstalled action %s: %w", a.Name, err)
		}
	}
	return nil
}
