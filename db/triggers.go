package db

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/exc"
)

// CronTrigger is a row of cron_triggers_v2.
type CronTrigger struct {
	Timestamps
	ID                  string     `gorm:"column:id;primaryKey"`
	Name                string     `gorm:"column:name"`
	Pattern             *string    `gorm:"column:pattern"`
	FirstExecutionTime  *time.Time `gorm:"column:first_execution_time"`
	NextExecutionTime   time.Time  `gorm:"column:next_execution_time"`
	WorkflowName        string     `gorm:"column:workflow_name"`
	WorkflowID          string     `gorm:"column:workflow_id"`
	WorkflowInput       JSON       `gorm:"column:workflow_input"`
	WorkflowInputHash   string     `gorm:"column:workflow_input_hash"`
	WorkflowParams      JSON       `gorm:"column:workflow_params"`
	WorkflowParamsHash  string     `gorm:"column:workflow_params_hash"`
	RemainingExecutions *int64     `gorm:"column:remaining_executions"`
	TrustID             *string    `gorm:"column:trust_id"`
	Scope               string     `gorm:"column:scope"`
	ProjectID           string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (CronTrigger) TableName() string { return "cron_triggers_v2" }

// EventTrigger is a row of event_triggers_v2.
type EventTrigger struct {
	Timestamps
	ID             string  `gorm:"column:id;primaryKey"`
	Name           *string `gorm:"column:name"` // a PUT may set it null
	WorkflowID     string  `gorm:"column:workflow_id"`
	WorkflowInput  JSON    `gorm:"column:workflow_input"`
	WorkflowParams JSON    `gorm:"column:workflow_params"`
	Exchange       string  `gorm:"column:exchange"`
	Topic          string  `gorm:"column:topic"`
	Event          string  `gorm:"column:event"`
	TrustID        *string `gorm:"column:trust_id"`
	Scope          string  `gorm:"column:scope"`
	ProjectID      string  `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (EventTrigger) TableName() string { return "event_triggers_v2" }

// WireDict is the trigger as Mistral sends it to the event engines: its
// row's dict (dates as oslo's serializer writes them) plus
// workflow_namespace when namespace is not nil (RPC.md a.7).
func (t *EventTrigger) WireDict(namespace *string) *data.Map {
	iso := func(at *time.Time) any {
		if at == nil {
			return nil
		}
		return at.UTC().Format("2006-01-02T15:04:05.000000")
	}
	var trust, name any
	if t.TrustID != nil {
		trust = *t.TrustID
	}
	if t.Name != nil {
		name = *t.Name
	}
	m := data.MapOf(
		"created_at", iso(&t.CreatedAt),
		"updated_at", iso(t.UpdatedAt),
		"scope", t.Scope,
		"project_id", t.ProjectID,
		"id", t.ID,
		"name", name,
		"workflow_id", t.WorkflowID,
		"workflow_params", t.WorkflowParams.Map(),
		"workflow_input", t.WorkflowInput.Map(),
		"exchange", t.Exchange,
		"topic", t.Topic,
		"event", t.Event,
		"trust_id", trust,
	)
	if namespace != nil {
		m.Set("workflow_namespace", *namespace)
	}
	return m
}

// CronTriggers is the repository of cron_triggers_v2.
type CronTriggers struct{ gdb *gorm.DB }

// CronTriggers returns the repository bound to tx.
func (tx *Tx) CronTriggers() CronTriggers { return CronTriggers{tx.gdb} }

// Create inserts t.
func (r CronTriggers) Create(t *CronTrigger) error {
	dup, err := insert(r.gdb, t, "name", t.Name, "project_id", t.ProjectID)
	if dup {
		return exc.Duplicate("Duplicate entry for cron trigger ['name', 'project_id']: %s, None", t.Name)
	}
	if err != nil {
		return fmt.Errorf("create cron trigger %q: %w", t.Name, err)
	}
	return nil
}

// Get returns the cron trigger with the given id or name visible to the
// project.
func (r CronTriggers) Get(identifier string, v Viewer) (*CronTrigger, error) {
	var t CronTrigger
	err := takeByName(r.gdb, &t, func(eq eqFunc) *gorm.DB {
		q := r.gdb
		if !v.Admin { // Mistral's get_cron_trigger is insecure for admins
			q = v.visible(q, "")
		}
		return q.Where(clause.Or(eq("id", identifier), eq("name", identifier)))
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Cron trigger not found [identifier=%s]", identifier)
	}
	if err != nil {
		return nil, fmt.Errorf("get cron trigger %q: %w", identifier, err)
	}
	return &t, nil
}

// Delete removes a cron trigger by id.
func (r CronTriggers) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&CronTrigger{}).Error; err != nil {
		return fmt.Errorf("delete cron trigger %s: %w", id, err)
	}
	return nil
}

// EventTriggers is the repository of event_triggers_v2.
type EventTriggers struct{ gdb *gorm.DB }

// EventTriggers returns the repository bound to tx.
func (tx *Tx) EventTriggers() EventTriggers { return EventTriggers{tx.gdb} }

// Create inserts t.
func (r EventTriggers) Create(t *EventTrigger) error {
	dup, err := insert(r.gdb, t, "exchange", t.Exchange, "topic", t.Topic, "event", t.Event,
		"workflow_id", t.WorkflowID, "project_id", t.ProjectID)
	if dup {
		return exc.Duplicate("Duplicate entry for EventTrigger ['exchange', 'topic', 'event', 'workflow_id', 'project_id']: %s, %s, %s, %s, None",
			t.Exchange, t.Topic, t.Event, t.WorkflowID)
	}
	if err != nil {
		return fmt.Errorf("create event trigger %s: %w", t.ID, err)
	}
	return nil
}

// Get returns the event trigger with id visible to the project.
func (r EventTriggers) Get(id, projectID string) (*EventTrigger, error) {
	var t EventTrigger
	err := r.gdb.Where("(project_id = ? OR scope = 'public')", projectID).Where("id = ?", id).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, exc.NotFound("Event trigger not found [id=%s].", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get event trigger %s: %w", id, err)
	}
	return &t, nil
}

// Save writes every column of t and stamps updated_at.
func (r EventTriggers) Save(t *EventTrigger) error {
	now := Now()
	t.UpdatedAt = &now
	if err := r.gdb.Save(t).Error; err != nil {
		return fmt.Errorf("save event trigger %s: %w", t.ID, err)
	}
	return nil
}

// All returns every event trigger of every project, oldest first, for the
// event engine.
func (r EventTriggers) All() ([]*EventTrigger, error) {
	var out []*EventTrigger
	if err := r.gdb.Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list event triggers: %w", err)
	}
	return out, nil
}

// Events returns the events of every trigger (of any project) on an
// exchange and topic, one per trigger, as Mistral tells the event engines.
func (r EventTriggers) Events(exchange, topic string) ([]string, error) {
	var out []string
	err := r.gdb.Model(&EventTrigger{}).Where("exchange = ? AND topic = ?", exchange, topic).
		Order("created_at, id").Pluck("event", &out).Error
	if err != nil {
		return nil, fmt.Errorf("list events of %s/%s: %w", exchange, topic, err)
	}
	return out, nil
}

// Delete removes an event trigger by id.
func (r EventTriggers) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&EventTrigger{}).Error; err != nil {
		return fmt.Errorf("delete event trigger %s: %w", id, err)
	}
	return nil
}

// Save writes every column of e and stamps updated_at.
func (r Environments) Save(e *Environment) error {
	now := Now()
	e.UpdatedAt = &now
	if err := r.gdb.Save(e).Error; err != nil {
		return fmt.Errorf("save environment %q: %w", e.Name, err)
	}
	return nil
}

// Delete removes an environment by id.
func (r Environments) Delete(id string) error {
	if err := r.gdb.Where("id = ?", id).Delete(&Environment{}).Error; err != nil {
		return fmt.Errorf("delete environment %s: %w", id, err)
	}
	return nil
}
