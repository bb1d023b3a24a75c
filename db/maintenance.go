package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Maintenance mode states, as Mistral names them. PAUSING is entered on
// request and left for PAUSED once every execution that was running is
// paused and no task is RUNNING.
const (
	MaintenanceRunning = "RUNNING"
	MaintenancePausing = "PAUSING"
	MaintenancePaused  = "PAUSED"
)

// maintenanceRow is the single row (id 1) of tramontane_maintenance.
type maintenanceRow struct {
	ID        int       `gorm:"column:id;primaryKey"`
	Status    string    `gorm:"column:status"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (maintenanceRow) TableName() string { return "tramontane_maintenance" }

// maintenancePause is a row of tramontane_maintenance_paused: an execution
// that maintenance mode is pausing (state PAUSING) or has paused (PAUSED).
type maintenancePause struct {
	ExecutionID string    `gorm:"column:execution_id;primaryKey"`
	State       string    `gorm:"column:state"`
	CreatedAt   time.Time `gorm:"column:created_at"`
}

func (maintenancePause) TableName() string { return "tramontane_maintenance_paused" }

// Maintenance is the repository of the maintenance mode: its status row and
// the executions it paused. Every API and engine process reads the same
// row, so they all agree on the status.
type Maintenance struct {
	gdb     *gorm.DB
	dialect string
}

// Maintenance returns the repository bound to tx.
func (tx *Tx) Maintenance() Maintenance { return Maintenance{tx.gdb, tx.store.dialect} }

// Status returns the current maintenance status. A database whose row is
// missing (never seeded) is RUNNING.
func (r Maintenance) Status() (string, error) {
	return r.status(r.gdb)
}

func (r Maintenance) status(gdb *gorm.DB) (string, error) {
	var row maintenanceRow
	err := gdb.Select("id", "status").Where("id = 1").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return MaintenanceRunning, nil
	}
	if err != nil {
		return "", fmt.Errorf("read maintenance status: %w", err)
	}
	return row.Status, nil
}

// lockedStatus reads the status and, on MySQL, locks its row until the
// transaction ends, so that status changes are serialized (SQLite has a
// single writer already).
func (r Maintenance) lockedStatus() (string, error) {
	gdb := r.gdb
	if r.dialect == MySQL {
		gdb = gdb.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return r.status(gdb)
}

func (r Maintenance) setStatus(status string) error {
	row := maintenanceRow{ID: 1, Status: status, UpdatedAt: time.Now().UTC()}
	res := r.gdb.Model(&maintenanceRow{}).Where("id = 1").
		Updates(map[string]any{"status": row.Status, "updated_at": row.UpdatedAt})
	if res.Error == nil && res.RowsAffected == 0 {
		res = r.gdb.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row)
	}
	if res.Error != nil {
		return fmt.Errorf("set maintenance status %s: %w", status, res.Error)
	}
	return nil
}

// BeginPause enters PAUSING unless the status is PAUSED already. It records
// every running top-level execution as one to pause and returns all those
// still to pause, including any that an interrupted earlier request left
// behind. The caller pauses each and reports it with MarkPaused or Forget.
func (r Maintenance) BeginPause() (status string, toPause []string, err error) {
	cur, err := r.lockedStatus()
	if err != nil {
		return "", nil, err
	}
	if cur == MaintenancePaused {
		return cur, nil, nil
	}
	if cur != MaintenancePausing {
		if err := r.setStatus(MaintenancePausing); err != nil {
			return "", nil, err
		}
	}
	var running []string
	err = r.gdb.Model(&WorkflowExecution{}).
		Where("state = ? AND (root_execution_id IS NULL OR root_execution_id = '')", StateRunning).
		Order("created_at, id").Pluck("id", &running).Error
	if err != nil {
		return "", nil, fmt.Errorf("list running executions: %w", err)
	}
	now := time.Now().UTC()
	rows := make([]maintenancePause, 0, len(running))
	for _, id := range running {
		rows = append(rows, maintenancePause{ExecutionID: id, State: MaintenancePausing, CreatedAt: now})
	}
	if len(rows) > 0 {
		err = r.gdb.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 500).Error
		if err != nil {
			return "", nil, fmt.Errorf("record executions to pause: %w", err)
		}
	}
	toPause, err = r.withState(MaintenancePausing)
	if err != nil {
		return "", nil, err
	}
	return MaintenancePausing, toPause, nil
}

// withState returns the recorded executions in state, oldest first.
func (r Maintenance) withState(state string) ([]string, error) {
	var ids []string
	err := r.gdb.Model(&maintenancePause{}).Where("state = ?", state).
		Order("created_at, execution_id").Pluck("execution_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("list executions maintenance %s: %w", state, err)
	}
	return ids, nil
}

// MarkPaused records that an execution maintenance was pausing is paused.
// It reports false when the execution is no longer recorded: maintenance
// was left meanwhile, and the caller must resume the execution itself.
func (r Maintenance) MarkPaused(executionID string) (bool, error) {
	res := r.gdb.Model(&maintenancePause{}).Where("execution_id = ?", executionID).
		Update("state", MaintenancePaused)
	if res.Error != nil {
		return false, fmt.Errorf("record execution %s paused: %w", executionID, res.Error)
	}
	if res.RowsAffected > 0 {
		return true, nil
	}
	// MySQL counts changed rows only: a row already PAUSED (another API
	// process paused it too) affects none.
	var n int64
	if err := r.gdb.Model(&maintenancePause{}).Where("execution_id = ?", executionID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("find execution %s paused: %w", executionID, err)
	}
	return n > 0, nil
}

// Forget drops an execution from the record: it could not be paused because
// it had finished, or it has been resumed.
func (r Maintenance) Forget(executionID string) error {
	if err := r.gdb.Where("execution_id = ?", executionID).Delete(&maintenancePause{}).Error; err != nil {
		return fmt.Errorf("forget paused execution %s: %w", executionID, err)
	}
	return nil
}

// Settle moves PAUSING to PAUSED when every recorded execution is paused
// and no task is RUNNING, and returns the status it leaves.
func (r Maintenance) Settle() (string, error) {
	cur, err := r.lockedStatus()
	if err != nil || cur != MaintenancePausing {
		return cur, err
	}
	var pending []string
	err = r.gdb.Model(&maintenancePause{}).Where("state = ?", MaintenancePausing).Limit(1).
		Pluck("execution_id", &pending).Error
	if err != nil {
		return "", fmt.Errorf("find executions still to pause: %w", err)
	}
	if len(pending) > 0 {
		return cur, nil
	}
	var running []string
	err = r.gdb.Model(&TaskExecution{}).Where("state = ?", StateRunning).Limit(1).Pluck("id", &running).Error
	if err != nil {
		return "", fmt.Errorf("find running tasks: %w", err)
	}
	if len(running) > 0 {
		return cur, nil
	}
	if err := r.setStatus(MaintenancePaused); err != nil {
		return "", err
	}
	return MaintenancePaused, nil
}

// SettleMaintenance runs Settle in its own transaction when the status is
// PAUSING, and returns the status it leaves. Outside maintenance it costs
// one primary-key read.
func (s *Store) SettleMaintenance(ctx context.Context) (string, error) {
	status, err := s.Read(ctx).Maintenance().Status()
	if err != nil || status != MaintenancePausing {
		return status, err
	}
	err = s.InTx(ctx, TxOptions{}, func(tx *Tx) error {
		status, err = tx.Maintenance().Settle()
		return err
	})
	return status, err
}

// EndPause enters RUNNING and returns the executions maintenance paused, for
// the caller to resume and then Forget. Executions it had not paused yet are
// forgotten at once: whoever is pausing them sees that with MarkPaused.
func (r Maintenance) EndPause() (toResume []string, err error) {
	cur, err := r.lockedStatus()
	if err != nil {
		return nil, err
	}
	if cur != MaintenanceRunning {
		if err := r.setStatus(MaintenanceRunning); err != nil {
			return nil, err
		}
	}
	err = r.gdb.Where("state = ?", MaintenancePausing).Delete(&maintenancePause{}).Error
	if err != nil {
		return nil, fmt.Errorf("forget executions not paused yet: %w", err)
	}
	return r.withState(MaintenancePaused)
}

// StuckTask is a RUNNING task that seems to make no progress, with the
// children (action executions or sub-workflow executions) it waits for.
type StuckTask struct {
	Task     *TaskExecution
	Reason   string // StuckChildrenFinished or StuckChildUnchanged
	Actions  []*ActionExecution
	Children []*WorkflowExecution
}

// Why a task is listed as stuck.
const (
	// StuckChildrenFinished: every action or sub-workflow of the task has
	// finished (or it has none), yet the task is RUNNING.
	StuckChildrenFinished = "children_finished"
	// StuckChildUnchanged: the task waits for an action or sub-workflow
	// that has not changed for the given time.
	StuckChildUnchanged = "child_unchanged"
)

// StuckTasks lists RUNNING tasks not updated since before cutoff whose
// children have all finished, or whose unfinished children have not changed
// since before cutoff. At most limit tasks are examined, oldest first.
func (r Maintenance) StuckTasks(cutoff time.Time, limit int) ([]*StuckTask, error) {
	var tasks []*TaskExecution
	err := r.gdb.Omit("spec", "action_spec", "in_context", "published", "runtime_context").
		Where("state = ? AND COALESCE(updated_at, created_at) < ?", StateRunning, cutoff).
		Order("created_at, id").Limit(limit).Find(&tasks).Error
	if err != nil {
		return nil, fmt.Errorf("list running tasks: %w", err)
	}
	var out []*StuckTask
	for start := 0; start < len(tasks); start += 500 {
		batch := tasks[start:min(start+500, len(tasks))]
		ids := make([]string, len(batch))
		for i, t := range batch {
			ids[i] = t.ID
		}
		var actions []*ActionExecution
		err := r.gdb.Select("id", "name", "state", "task_execution_id", "created_at", "updated_at", "last_heartbeat").
			Where("task_execution_id IN ?", ids).Order("created_at, id").Find(&actions).Error
		if err != nil {
			return nil, fmt.Errorf("list actions of running tasks: %w", err)
		}
		var subs []*WorkflowExecution
		err = r.gdb.Select("id", "name", "workflow_name", "state", "task_execution_id", "created_at", "updated_at").
			Where("task_execution_id IN ?", ids).Order("created_at, id").Find(&subs).Error
		if err != nil {
			return nil, fmt.Errorf("list sub-workflows of running tasks: %w", err)
		}
		byTask := make(map[string]*StuckTask, len(batch))
		for _, t := range batch {
			byTask[t.ID] = &StuckTask{Task: t}
		}
		for _, a := range actions {
			st := byTask[*a.TaskExecutionID]
			st.Actions = append(st.Actions, a)
		}
		for _, w := range subs {
			st := byTask[*w.TaskExecutionID]
			st.Children = append(st.Children, w)
		}
		for _, t := range batch {
			st := byTask[t.ID]
			if st.Reason = stuckReason(st, cutoff); st.Reason != "" {
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// stuckReason says why a task is stuck, or "" when it is not.
func stuckReason(st *StuckTask, cutoff time.Time) string {
	unfinished, changed := 0, false
	note := func(state string, ts Timestamps) {
		if IsTerminal(state) {
			return
		}
		unfinished++
		last := ts.CreatedAt
		if ts.UpdatedAt != nil {
			last = *ts.UpdatedAt
		}
		if !last.Before(cutoff) {
			changed = true
		}
	}
	for _, a := range st.Actions {
		note(a.State, a.Timestamps)
	}
	for _, w := range st.Children {
		note(w.State, w.Timestamps)
	}
	switch {
	case unfinished == 0:
		return StuckChildrenFinished
	case !changed:
		return StuckChildUnchanged
	}
	return ""
}

// StuckExecutions lists RUNNING workflow executions not updated since
// before cutoff none of whose tasks is unfinished: their completion was
// lost. At most limit executions are returned, oldest first.
func (r Maintenance) StuckExecutions(cutoff time.Time, limit int) ([]*WorkflowExecution, error) {
	unfinished := r.gdb.Model(&TaskExecution{}).Select("1").
		Where("task_executions_v2.workflow_execution_id = workflow_executions_v2.id").
		Where("task_executions_v2.state NOT IN ?", []string{StateSuccess, StateError, StateCancelled})
	var out []*WorkflowExecution
	err := r.gdb.Select("id", "name", "workflow_name", "state", "root_execution_id", "task_execution_id",
		"project_id", "created_at", "updated_at").
		Where("state = ? AND COALESCE(updated_at, created_at) < ?", StateRunning, cutoff).
		Where("NOT EXISTS (?)", unfinished).
		Order("created_at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list stuck executions: %w", err)
	}
	return out, nil
}
