package db

import (
	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// Viewer is who reads or changes objects through the API: the caller's
// project and whether it is an admin (the context's is_admin). As Mistral's
// _secure_query does, a viewer sees its project's rows and public rows, and
// the workflow definitions and workbooks other projects shared with its
// project once it accepted them; an admin also reaches any project's
// workflows, executions and cron triggers by id (Mistral's insecure
// lookups) and lists across projects with AllProjects.
type Viewer struct {
	ProjectID string
	Admin     bool
}

// Sees reports whether v sees a row of projectID with scope (without
// shares; see visible).
func (v Viewer) Sees(projectID, scope string) bool {
	return projectID == v.ProjectID || scope == "public"
}

// Resource types of resource_members_v2 (Mistral's RESOURCE_MAPPING).
const (
	ShareWorkflow = "workflow"
	ShareWorkbook = "workbook"
)

// visible restricts q, on a table with project_id and scope columns, to the
// rows v sees: its project's, public ones and, for a shareType, the
// resources of that type shared with v's project and accepted.
func (v Viewer) visible(q *gorm.DB, shareType string) *gorm.DB {
	if shareType == "" {
		return q.Where("(project_id = ? OR scope = 'public')", v.ProjectID)
	}
	return q.Where("(project_id = ? OR scope = 'public' OR id IN (?))", v.ProjectID,
		q.Session(&gorm.Session{NewDB: true}).Model(&ResourceMember{}).Select("resource_id").
			Where("resource_type = ? AND status = ? AND member_id = ?", shareType, MemberAccepted, v.ProjectID))
}

// CheckAccess is Mistral's check_db_obj_access before changing an object
// the viewer sees: another project's object (public or shared) is
// forbidden and a system one cannot be modified, except by an admin.
func (v Viewer) CheckAccess(model, id, projectID string, isSystem bool) error {
	if v.Admin {
		return nil
	}
	if projectID != v.ProjectID {
		return exc.New(exc.NotAllowed, "Can not access %s resource of other projects, ID: %s", model, id)
	}
	if isSystem {
		return exc.InputErr("Can not modify a system %s resource, ID: %s", model, id)
	}
	return nil
}
