package db

import (
	"time"
	"unicode/utf8"
)

// DefaultProject is the project of every object when authentication is off,
// as in Mistral.
const DefaultProject = "<default-project>"

// Workflow, task and action execution states (ENGINE.md §2).
const (
	StateIdle      = "IDLE"
	StateWaiting   = "WAITING"
	StateRunning   = "RUNNING"
	StateDelayed   = "DELAYED"
	StatePaused    = "PAUSED"
	StateSuccess   = "SUCCESS"
	StateError     = "ERROR"
	StateCancelled = "CANCELLED"
)

// IsTerminal reports whether state is SUCCESS, ERROR or CANCELLED.
func IsTerminal(state string) bool {
	return state == StateSuccess || state == StateError || state == StateCancelled
}

// Timestamps are Mistral's created_at/updated_at columns: UTC, whole seconds.
type Timestamps struct {
	CreatedAt time.Time  `gorm:"column:created_at"`
	UpdatedAt *time.Time `gorm:"column:updated_at;autoUpdateTime:false"`
}

// Now returns the current time as Mistral stores it: UTC without fractions.
func Now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// WorkflowDefinition is a row of workflow_definitions_v2.
type WorkflowDefinition struct {
	Timestamps
	ID           string     `gorm:"column:id;primaryKey"`
	Name         string     `gorm:"column:name"`
	Namespace    string     `gorm:"column:namespace"`
	Definition   string     `gorm:"column:definition"`
	Spec         JSON       `gorm:"column:spec"`
	Tags         StringList `gorm:"column:tags"`
	IsSystem     bool       `gorm:"column:is_system"`
	WorkbookName *string    `gorm:"column:workbook_name"`
	Scope        string     `gorm:"column:scope"`
	ProjectID    string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (WorkflowDefinition) TableName() string { return "workflow_definitions_v2" }

// Workbook is a row of workbooks_v2.
type Workbook struct {
	Timestamps
	ID         string     `gorm:"column:id;primaryKey"`
	Name       string     `gorm:"column:name"`
	Namespace  string     `gorm:"column:namespace"`
	Definition string     `gorm:"column:definition"`
	Spec       JSON       `gorm:"column:spec"`
	Tags       StringList `gorm:"column:tags"`
	IsSystem   bool       `gorm:"column:is_system"`
	Scope      string     `gorm:"column:scope"`
	ProjectID  string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (Workbook) TableName() string { return "workbooks_v2" }

// ActionDefinition is a row of action_definitions_v2 (ad-hoc actions).
type ActionDefinition struct {
	Timestamps
	ID           string     `gorm:"column:id;primaryKey"`
	Name         string     `gorm:"column:name"`
	Namespace    string     `gorm:"column:namespace"`
	Definition   string     `gorm:"column:definition"`
	Spec         JSON       `gorm:"column:spec"`
	Tags         StringList `gorm:"column:tags"`
	Description  *string    `gorm:"column:description"`
	Input        *string    `gorm:"column:input"` // NULL when the action declares no input
	ActionClass  *string    `gorm:"column:action_class"`
	Attributes   JSON       `gorm:"column:attributes"`
	IsSystem     bool       `gorm:"column:is_system"`
	WorkbookName *string    `gorm:"column:workbook_name"`
	Scope        string     `gorm:"column:scope"`
	ProjectID    string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (ActionDefinition) TableName() string { return "action_definitions_v2" }

// Environment is a row of environments_v2.
type Environment struct {
	Timestamps
	ID          string  `gorm:"column:id;primaryKey"`
	Name        string  `gorm:"column:name"`
	Description *string `gorm:"column:description"`
	Variables   JSON    `gorm:"column:variables"`
	Scope       string  `gorm:"column:scope"`
	ProjectID   string  `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (Environment) TableName() string { return "environments_v2" }

// TextLimit is the size in bytes of a workflow execution's description
// and state_info: TEXT columns, 65535 bytes on MySQL, which fails Mistral
// 15's insert or update of a longer text with 500.
const TextLimit = 65535

// StateInfoLimit is how many characters of a state_info Mistral keeps.
const StateInfoLimit = 65500

// CutStateInfo cuts a state_info as Mistral does before it stores it: to
// StateInfoLimit characters, then "...". What it returns may still be
// longer than TextLimit bytes.
func CutStateInfo(s string) string {
	if utf8.RuneCountInString(s) <= StateInfoLimit {
		return s
	}
	return string([]rune(s)[:StateInfoLimit]) + "..."
}

// IDLimit is the size in characters of the id columns (VARCHAR(36)): a
// client-chosen execution id longer than that fails Mistral 15's insert
// with 500.
const IDLimit = 36

// WorkflowExecution is a row of workflow_executions_v2 (ENGINE.md §1.1).
type WorkflowExecution struct {
	Timestamps
	ID                string     `gorm:"column:id;primaryKey"`
	Name              string     `gorm:"column:name"`
	Description       *string    `gorm:"column:description"`
	WorkflowName      string     `gorm:"column:workflow_name"`
	WorkflowNamespace string     `gorm:"column:workflow_namespace"`
	WorkflowID        string     `gorm:"column:workflow_id"`
	Spec              JSON       `gorm:"column:spec"`
	State             string     `gorm:"column:state"`
	StateInfo         *string    `gorm:"column:state_info"`
	Tags              StringList `gorm:"column:tags"`
	RuntimeContext    JSON       `gorm:"column:runtime_context"`
	Accepted          bool       `gorm:"column:accepted"`
	Input             JSON       `gorm:"column:input"`
	Output            JSON       `gorm:"column:output"`
	Params            JSON       `gorm:"column:params"`
	Context           JSON       `gorm:"column:context"`
	TaskExecutionID   *string    `gorm:"column:task_execution_id"`
	RootExecutionID   *string    `gorm:"column:root_execution_id"`
	Scope             string     `gorm:"column:scope"`
	ProjectID         string     `gorm:"column:project_id"`

	// NotedState is not a column: the state the engine last emitted a
	// notification event for, which is the state the row was read with
	// until the engine notes a transition ("" for a new row).
	NotedState string `gorm:"-"`
}

// TableName implements gorm's Tabler.
func (WorkflowExecution) TableName() string { return "workflow_executions_v2" }

// columns lists the columns of workflow_executions_v2 with the fields of
// e that hold them (rows.go).
func (e *WorkflowExecution) columns() []column {
	return []column{
		{"created_at", &e.CreatedAt, fixed},
		{"updated_at", &e.UpdatedAt, mutable},
		{"id", &e.ID, fixed},
		{"name", &e.Name, fixed},
		{"description", &e.Description, mutable},
		{"workflow_name", &e.WorkflowName, fixed},
		{"workflow_namespace", &e.WorkflowNamespace, fixed},
		{"workflow_id", &e.WorkflowID, fixed},
		{"spec", &e.Spec, fixed},
		{"state", &e.State, mutable},
		{"state_info", &e.StateInfo, mutable},
		{"tags", &e.Tags, fixed},
		{"runtime_context", &e.RuntimeContext, mutable},
		{"accepted", &e.Accepted, mutable},
		{"input", &e.Input, fixed},
		{"output", &e.Output, mutable},
		{"params", &e.Params, mutable},
		{"context", &e.Context, mutable},
		{"task_execution_id", &e.TaskExecutionID, fixed},
		{"root_execution_id", &e.RootExecutionID, fixed},
		{"scope", &e.Scope, fixed},
		{"project_id", &e.ProjectID, fixed},
	}
}

// Root returns the id of the execution tree's root: the root execution id,
// or the execution's own id for a top-level execution.
func (e *WorkflowExecution) Root() string {
	if e.RootExecutionID != nil && *e.RootExecutionID != "" {
		return *e.RootExecutionID
	}
	return e.ID
}

// TaskExecution is a row of task_executions_v2 (ENGINE.md §1.2).
type TaskExecution struct {
	Timestamps
	ID                  string     `gorm:"column:id;primaryKey"`
	Name                string     `gorm:"column:name"`
	Description         *string    `gorm:"column:description"`
	WorkflowName        string     `gorm:"column:workflow_name"`
	WorkflowNamespace   string     `gorm:"column:workflow_namespace"`
	WorkflowID          string     `gorm:"column:workflow_id"`
	WorkflowExecutionID string     `gorm:"column:workflow_execution_id"`
	Spec                JSON       `gorm:"column:spec"`
	ActionSpec          JSON       `gorm:"column:action_spec"`
	Type                string     `gorm:"column:type"`
	State               string     `gorm:"column:state"`
	StateInfo           *string    `gorm:"column:state_info"`
	Tags                StringList `gorm:"column:tags"`
	RuntimeContext      JSON       `gorm:"column:runtime_context"`
	Processed           bool       `gorm:"column:processed"`
	InContext           JSON       `gorm:"column:in_context"`
	Published           JSON       `gorm:"column:published"`
	UniqueKey           *string    `gorm:"column:unique_key"`
	StartedAt           *time.Time `gorm:"column:started_at"`
	FinishedAt          *time.Time `gorm:"column:finished_at"`
	HasNextTasks        bool       `gorm:"column:has_next_tasks"`
	ErrorHandled        bool       `gorm:"column:error_handled"`
	NextTasks           JSON       `gorm:"column:next_tasks"`
	Scope               string     `gorm:"column:scope"`
	ProjectID           string     `gorm:"column:project_id"`

	// NotedState is not a column: see WorkflowExecution.NotedState.
	NotedState string `gorm:"-"`
}

// TableName implements gorm's Tabler.
func (TaskExecution) TableName() string { return "task_executions_v2" }

// columns lists the columns of task_executions_v2 with the fields of t
// that hold them (rows.go).
func (t *TaskExecution) columns() []column {
	return []column{
		{"created_at", &t.CreatedAt, fixed},
		{"updated_at", &t.UpdatedAt, mutable},
		{"id", &t.ID, fixed},
		{"name", &t.Name, fixed},
		{"description", &t.Description, fixed},
		{"workflow_name", &t.WorkflowName, fixed},
		{"workflow_namespace", &t.WorkflowNamespace, fixed},
		{"workflow_id", &t.WorkflowID, fixed},
		{"workflow_execution_id", &t.WorkflowExecutionID, fixed},
		{"spec", &t.Spec, fixed},
		{"action_spec", &t.ActionSpec, fixed},
		{"type", &t.Type, fixed},
		{"state", &t.State, mutable},
		{"state_info", &t.StateInfo, mutable},
		{"tags", &t.Tags, fixed},
		{"runtime_context", &t.RuntimeContext, mutable},
		{"processed", &t.Processed, mutable},
		{"in_context", &t.InContext, mutable},
		{"published", &t.Published, mutable},
		{"unique_key", &t.UniqueKey, mutable},
		{"started_at", &t.StartedAt, mutable},
		{"finished_at", &t.FinishedAt, mutable},
		{"has_next_tasks", &t.HasNextTasks, mutable},
		{"error_handled", &t.ErrorHandled, mutable},
		{"next_tasks", &t.NextTasks, mutable},
		{"scope", &t.Scope, fixed},
		{"project_id", &t.ProjectID, fixed},
	}
}

// Task types.
const (
	TaskTypeAction   = "ACTION"
	TaskTypeWorkflow = "WORKFLOW"
)

// ActionExecution is a row of action_executions_v2 (ENGINE.md §1.3).
type ActionExecution struct {
	Timestamps
	ID                string     `gorm:"column:id;primaryKey"`
	Name              string     `gorm:"column:name"`
	Description       *string    `gorm:"column:description"`
	WorkflowName      *string    `gorm:"column:workflow_name"`
	WorkflowNamespace string     `gorm:"column:workflow_namespace"`
	WorkflowID        *string    `gorm:"column:workflow_id"`
	Spec              JSON       `gorm:"column:spec"`
	State             string     `gorm:"column:state"`
	StateInfo         *string    `gorm:"column:state_info"`
	Tags              StringList `gorm:"column:tags"`
	RuntimeContext    JSON       `gorm:"column:runtime_context"`
	Accepted          bool       `gorm:"column:accepted"`
	Input             JSON       `gorm:"column:input"`
	Output            JSON       `gorm:"column:output"`
	TaskExecutionID   *string    `gorm:"column:task_execution_id"`
	LastHeartbeat     *time.Time `gorm:"column:last_heartbeat"`
	IsSync            bool       `gorm:"column:is_sync"`
	Scope             string     `gorm:"column:scope"`
	ProjectID         string     `gorm:"column:project_id"`
}

// TableName implements gorm's Tabler.
func (ActionExecution) TableName() string { return "action_executions_v2" }

// columns lists the columns of action_executions_v2 with the fields of a
// that hold them (rows.go).
func (a *ActionExecution) columns() []column {
	return []column{
		{"created_at", &a.CreatedAt, fixed},
		{"updated_at", &a.UpdatedAt, mutable},
		{"id", &a.ID, fixed},
		{"name", &a.Name, fixed},
		{"description", &a.Description, fixed},
		{"workflow_name", &a.WorkflowName, fixed},
		{"workflow_namespace", &a.WorkflowNamespace, fixed},
		{"workflow_id", &a.WorkflowID, fixed},
		{"spec", &a.Spec, fixed},
		{"state", &a.State, mutable},
		{"state_info", &a.StateInfo, mutable},
		{"tags", &a.Tags, fixed},
		{"runtime_context", &a.RuntimeContext, mutable},
		{"accepted", &a.Accepted, mutable},
		{"input", &a.Input, fixed},
		{"output", &a.Output, mutable},
		{"task_execution_id", &a.TaskExecutionID, fixed},
		{"last_heartbeat", &a.LastHeartbeat, mutable},
		{"is_sync", &a.IsSync, fixed},
		{"scope", &a.Scope, fixed},
		{"project_id", &a.ProjectID, fixed},
	}
}
