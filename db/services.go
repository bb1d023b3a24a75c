package db

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Service heartbeats. Every running process keeps one row per service group
// it serves (api_group, engine_group, ...) in tramontane_services and
// refreshes it every ServiceHeartbeat; a row that has not been refreshed for
// ServiceLiveness belongs to a process that died.
const (
	ServiceHeartbeat = 5 * time.Second
	ServiceLiveness  = 3 * ServiceHeartbeat
)

// Service is a row of tramontane_services.
type Service struct {
	ID          string    `gorm:"column:id;primaryKey"`
	Name        string    `gorm:"column:name"` // the process: host_pid, as Mistral names members
	Type        string    `gorm:"column:type"` // the group: api_group, engine_group, ...
	Host        string    `gorm:"column:host"`
	HeartbeatAt time.Time `gorm:"column:heartbeat_at"`
}

// TableName implements gorm's Tabler.
func (Service) TableName() string { return "tramontane_services" }

// Services is the repository of tramontane_services.
type Services struct{ gdb *gorm.DB }

// Services returns the repository bound to tx.
func (tx *Tx) Services() Services { return Services{tx.gdb} }

// Beat records that the services in rows are alive at now,
// inserting the rows that are missing (a first beat, or a row that another
// process cleaned up while this one was stalled).
func (r Services) Beat(rows []*Service, now time.Time) error {
	for _, s := range rows {
		s.HeartbeatAt = now
		res := r.gdb.Model(&Service{}).Where("id = ?", s.ID).Update("heartbeat_at", now)
		if res.Error != nil {
			return fmt.Errorf("heartbeat of service %s: %w", s.Name, res.Error)
		}
		if res.RowsAffected == 1 {
			continue
		}
		// MySQL counts changed rows, not matched ones: a row that already
		// held this time is a duplicate here, and alive.
		if err := r.gdb.Create(s).Error; err != nil && !isDuplicate(err) {
			return fmt.Errorf("register service %s (%s): %w", s.Name, s.Type, err)
		}
	}
	return nil
}

// Live returns the services whose heartbeat is not older than
// ServiceLiveness at now, ordered by type and name.
func (r Services) Live(now time.Time) ([]*Service, error) {
	var rows []*Service
	err := r.gdb.Where("heartbeat_at >= ?", now.Add(-ServiceLiveness)).Order("type, name").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list live services: %w", err)
	}
	return rows, nil
}

// Delete removes the rows with the given ids (a clean shutdown).
func (r Services) Delete(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := r.gdb.Where("id IN ?", ids).Delete(&Service{}).Error; err != nil {
		return fmt.Errorf("unregister services: %w", err)
	}
	return nil
}

// DeleteStale removes the rows of processes whose last heartbeat is older
// than before, so that the table does not keep every process that ever
// crashed.
func (r Services) DeleteStale(before time.Time) error {
	if err := r.gdb.Where("heartbeat_at < ?", before).Delete(&Service{}).Error; err != nil {
		return fmt.Errorf("remove dead services: %w", err)
	}
	return nil
}
