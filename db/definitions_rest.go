package db

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// DeleteVisible deletes the workflow named by identifier (id or name) in
// namespace as Mistral's API does: another project's workflow (public or
// shared) is forbidden (403) and a system workflow cannot be deleted (400),
// except by an admin; a workflow that cron or event triggers use is kept
// (400).
func (r WorkflowDefinitions) DeleteVisible(identifier, namespace string, v Viewer) error {
	visible := func() *gorm.DB {
		if v.Admin {
			return r.gdb
		}
		return v.visible(r.gdb, ShareWorkflow)
	}
	var d WorkflowDefinition
	var err error
	if isUUID(strings.TrimRight(identifier, " ")) { // as Get
		err = visible().Where("id = ?", lookupID(r.gdb, identifier)).Take(&d).Error
	} else {
		err = takeByName(r.gdb, &d, func(eq eqFunc) *gorm.DB {
			return visible().Where(eq("name", identifier)).Where(eq("namespace", namespace))
		})
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return exc.NotFound("Workflow not found [workflow_identifier=%s, namespace=%s]", identifier, namespace)
	}
	if err != nil {
		return fmt.Errorf("get workflow %q: %w", identifier, err)
	}
	if err := v.CheckAccess("WorkflowDefinition", d.ID, d.ProjectID, d.IsSystem); err != nil {
		return err
	}
	// Mistral names the namespace for cron triggers only.
	for _, t := range []struct{ table, what, workflow string }{
		{"cron_triggers_v2", "cron triggers", "workflow_identifier=" + identifier + ", namespace=" + namespace},
		{"event_triggers_v2", "event triggers", "workflow_identifier=" + identifier},
	} {
		var ids []string
		if err := r.gdb.Table(t.table).Where("workflow_id = ?", d.ID).Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("find %s of workflow %s: %w", t.what, d.ID, err)
		}
		if len(ids) > 0 {
			return exc.InputErr("Can't delete workflow that has %s associated. [%s], [%s_id(s)=%s]",
				t.what, t.workflow, strings.TrimSuffix(strings.ReplaceAll(t.what, " ", "_"), "s"), strings.Join(ids, ", "))
		}
	}
	if err := r.gdb.Where("id = ?", d.ID).Delete(&WorkflowDefinition{}).Error; err != nil {
		return fmt.Errorf("delete workflow definition %s: %w", d.ID, err)
	}
	return nil
}
