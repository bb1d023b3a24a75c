package db

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Timer is a row of tramontane_timers: a durable wake-up written in the
// transaction that decides the delay.
type Timer struct {
	ID           int64      `gorm:"column:id;primaryKey;autoIncrement"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	DueAt        time.Time  `gorm:"column:due_at"`
	Kind         string     `gorm:"column:kind"`
	RefID        string     `gorm:"column:ref_id"`
	Payload      JSON       `gorm:"column:payload"`
	ClaimedBy    *string    `gorm:"column:claimed_by"`
	ClaimedUntil *time.Time `gorm:"column:claimed_until"`
}

// TableName implements gorm's Tabler.
func (Timer) TableName() string { return "tramontane_timers" }

// Timers is the repository of tramontane_timers.
type Timers struct{ gdb *gorm.DB }

// Timers returns the repository bound to tx.
func (tx *Tx) Timers() Timers { return Timers{tx.gdb} }

// Add inserts a timer.
func (r Timers) Add(t *Timer) error {
	t.CreatedAt = time.Now().UTC()
	if err := r.gdb.Create(t).Error; err != nil {
		return fmt.Errorf("add %s timer for %s: %w", t.Kind, t.RefID, err)
	}
	return nil
}

// NextDue returns when the earliest timer that nobody holds is due, or false
// when there is none.
func (r Timers) NextDue(now time.Time) (time.Time, bool, error) {
	var t Timer
	err := r.gdb.Where("claimed_until IS NULL OR claimed_until < ?", now).Order("due_at").Limit(1).Find(&t).Error
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find next timer: %w", err)
	}
	if t.ID == 0 {
		return time.Time{}, false, nil
	}
	return t.DueAt, true, nil
}

// Claim takes up to limit due timers for owner until the lease runs out,
// so that no other engine fires them meanwhile. A timer whose holder died
// is claimed again once its lease has passed.
func (r Timers) Claim(now time.Time, owner string, lease time.Duration, limit int) ([]*Timer, error) {
	var due []*Timer
	err := r.gdb.Where("due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)", now, now).
		Order("due_at").Limit(limit).Find(&due).Error
	if err != nil {
		return nil, fmt.Errorf("find due timers: %w", err)
	}
	until := now.Add(lease)
	var claimed []*Timer
	for _, t := range due {
		res := r.gdb.Model(&Timer{}).
			Where("id = ? AND (claimed_until IS NULL OR claimed_until < ?)", t.ID, now).
			Updates(map[string]any{"claimed_by": owner, "claimed_until": until})
		if res.Error != nil {
			return nil, fmt.Errorf("claim timer %d: %w", t.ID, res.Error)
		}
		if res.RowsAffected == 1 {
			claimed = append(claimed, t)
		}
	}
	return claimed, nil
}

// Delete removes a fired timer.
func (r Timers) Delete(id int64) error {
	if err := r.gdb.Where("id = ?", id).Delete(&Timer{}).Error; err != nil {
		return fmt.Errorf("delete timer %d: %w", id, err)
	}
	return nil
}

// DeleteByRef removes the timers of kind that belong to ref.
func (r Timers) DeleteByRef(kind, ref string) error {
	if err := r.gdb.Where("kind = ? AND ref_id = ?", kind, ref).Delete(&Timer{}).Error; err != nil {
		return fmt.Errorf("delete %s timers of %s: %w", kind, ref, err)
	}
	return nil
}

// Pending returns the timers of ref that have not fired, earliest first.
func (r Timers) Pending(ref string) ([]*Timer, error) {
	var out []*Timer
	if err := r.gdb.Where("ref_id = ?", ref).Order("due_at").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list timers of %s: %w", ref, err)
	}
	return out, nil
}

// Reschedule moves a timer's due time (an operator's "fire it now").
func (r Timers) Reschedule(id int64, due time.Time) error {
	if err := r.gdb.Model(&Timer{}).Where("id = ?", id).Update("due_at", due).Error; err != nil {
		return fmt.Errorf("reschedule timer %d: %w", id, err)
	}
	return nil
}
