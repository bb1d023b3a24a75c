package db

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/tramontane/tramontane/engine/exc"
)

// Member statuses of resource_members_v2.
const (
	MemberPending  = "pending"
	MemberAccepted = "accepted"
	MemberRejected = "rejected"
)

// ResourceMember is a row of resource_members_v2: a resource of ProjectID
// shared with the project MemberID.
type ResourceMember struct {
	Timestamps
	ID           string `gorm:"column:id;primaryKey"`
	ProjectID    string `gorm:"column:project_id"`
	MemberID     string `gorm:"column:member_id"`
	ResourceID   string `gorm:"column:resource_id"`
	ResourceType string `gorm:"column:resource_type"`
	Status       string `gorm:"column:status"`
}

// TableName implements gorm's Tabler.
func (ResourceMember) TableName() string { return "resource_members_v2" }

// ResourceMembers is the repository of resource_members_v2, scoped as
// Mistral's resource member functions are: the owner project sees and
// deletes the memberships it created, a member project sees and updates
// its own membership only.
type ResourceMembers struct{ gdb *gorm.DB }

// ResourceMembers returns the repository bound to tx.
func (tx *Tx) ResourceMembers() ResourceMembers { return ResourceMembers{tx.gdb} }

// Create inserts m; the same member of the same resource twice is a
// DBDuplicateEntryError with Mistral's message.
func (r ResourceMembers) Create(m *ResourceMember) error {
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = Now()
	}
	if err := r.gdb.Create(m).Error; err != nil {
		if isDuplicate(err) {
			return exc.Duplicate("Duplicate entry for ResourceMember ['resource_id', 'resource_type', 'member_id']: %s, %s, %s",
				m.ResourceID, m.ResourceType, m.MemberID)
		}
		return fmt.Errorf("create resource member %s of %s: %w", m.MemberID, m.ResourceID, err)
	}
	return nil
}

func memberNotFound(resourceID, memberID string) error {
	return exc.NotFound("Resource member not found [resource_id=%s, member_id=%s]", resourceID, memberID)
}

// Get returns the membership of memberID in the resource, as its owner or
// as that member sees it (Mistral's get_resource_member).
func (r ResourceMembers) Get(resourceID, resourceType, memberID string, v Viewer) (*ResourceMember, error) {
	q := r.gdb.Where("resource_type = ?", resourceType)
	owner := "project_id = ? AND resource_id = ? AND member_id = ?"
	if memberID == "" || memberID == v.ProjectID {
		q = q.Where("(("+owner+") OR (member_id = ? AND resource_id = ?))", v.ProjectID, resourceID, memberID, v.ProjectID, resourceID)
	} else {
		q = q.Where(owner, v.ProjectID, resourceID, memberID)
	}
	var m ResourceMember
	err := q.Order("created_at").Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, memberNotFound(resourceID, memberID)
	}
	if err != nil {
		return nil, fmt.Errorf("get resource member %s of %s: %w", memberID, resourceID, err)
	}
	return &m, nil
}

// List returns the memberships of the resource the viewer sees: all of
// them for its owner, its own for a member.
func (r ResourceMembers) List(resourceID, resourceType string, v Viewer) ([]*ResourceMember, error) {
	var out []*ResourceMember
	err := r.gdb.Where("resource_type = ? AND resource_id = ? AND (project_id = ? OR member_id = ?)",
		resourceType, resourceID, v.ProjectID, v.ProjectID).Order("created_at").Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list members of %s: %w", resourceID, err)
	}
	return out, nil
}

// SetStatus changes the viewer's own membership of the resource (only the
// member project may accept or reject a share).
func (r ResourceMembers) SetStatus(resourceID, resourceType, memberID, status string, v Viewer) (*ResourceMember, error) {
	if memberID != v.ProjectID {
		return nil, memberNotFound(resourceID, memberID)
	}
	var m ResourceMember
	err := r.gdb.Where("resource_type = ? AND member_id = ? AND resource_id = ?", resourceType, v.ProjectID, resourceID).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, memberNotFound(resourceID, memberID)
	}
	if err != nil {
		return nil, fmt.Errorf("get resource member %s of %s: %w", memberID, resourceID, err)
	}
	now := Now()
	m.Status, m.UpdatedAt = status, &now
	if err := r.gdb.Save(&m).Error; err != nil {
		return nil, fmt.Errorf("save resource member %s of %s: %w", memberID, resourceID, err)
	}
	return &m, nil
}

// Delete removes memberID from the resource's members; only the owner
// project that shared it may.
func (r ResourceMembers) Delete(resourceID, resourceType, memberID string, v Viewer) error {
	res := r.gdb.Where("resource_type = ? AND project_id = ? AND resource_id = ? AND member_id = ?",
		resourceType, v.ProjectID, resourceID, memberID).Delete(&ResourceMember{})
	if res.Error != nil {
		return fmt.Errorf("delete resource member %s of %s: %w", memberID, resourceID, res.Error)
	}
	if res.RowsAffected == 0 {
		return memberNotFound(resourceID, memberID)
	}
	return nil
}
