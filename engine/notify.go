package engine

import (
	"context"
	"errors"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/rpc"
)

// Notifier receives the workflow and task events of executions whose params
// name notification publishers (params.notify): a notifier.Service in this
// process ([notifier] type = local) or an rpc.NotifierClient (remote).
type Notifier interface {
	Notify(ctx context.Context, n *rpc.Notification) error
}

// The events of Mistral's notifier (mistral/notifiers/notification_events).
const (
	WorkflowLaunched  = "WORKFLOW_LAUNCHED"
	WorkflowSucceeded = "WORKFLOW_SUCCEEDED"
	WorkflowFailed    = "WORKFLOW_FAILED"
	WorkflowCancelled = "WORKFLOW_CANCELLED"
	WorkflowPaused    = "WORKFLOW_PAUSED"
	WorkflowResumed   = "WORKFLOW_RESUMED"
	WorkflowRerun     = "WORKFLOW_RERUN"
	TaskLaunched      = "TASK_LAUNCHED"
	TaskSucceeded     = "TASK_SUCCEEDED"
	TaskFailed        = "TASK_FAILED"
	TaskCancelled     = "TASK_CANCELLED"
	TaskPaused        = "TASK_PAUSED"
	TaskResumed       = "TASK_RESUMED"
	TaskRerun         = "TASK_RERUN"
)

// taskEvent names the event of a task moving from one state to another, or
// "" when the move has none (to WAITING, IDLE or DELAYED).
func taskEvent(from, to string) string {
	switch to {
	case db.StateRunning:
		switch from {
		case db.StateIdle, db.StatePaused, db.StateWaiting:
			return TaskResumed
		case db.StateError:
			return TaskRerun
		}
		return TaskLaunched
	case db.StateSuccess:
		return TaskSucceeded
	case db.StateError:
		return TaskFailed
	case db.StateCancelled:
		return TaskCancelled
	case db.StatePaused:
		return TaskPaused
	}
	return ""
}

// workflowEvent is taskEvent for workflow executions.
func workflowEvent(from, to string) string {
	switch to {
	case db.StateRunning:
		switch from {
		case db.StatePaused:
			return WorkflowResumed
		case db.StateError:
			return WorkflowRerun
		}
		return WorkflowLaunched
	case db.StateSuccess:
		return WorkflowSucceeded
	case db.StateError:
		return WorkflowFailed
	case db.StateCancelled:
		return WorkflowCancelled
	case db.StatePaused:
		return WorkflowPaused
	}
	return ""
}

// publishersFor returns the entries of the execution's params.notify that
// want event: every object entry without event_types, or whose
// event_types lists it. It is nil, without allocating, for an execution
// without notify, which is what keeps transitions of such executions free.
func (s *execState) publishersFor(event string) []any {
	list, _ := s.params.Value("notify").([]any)
	if len(list) == 0 || event == "" {
		return nil
	}
	var out []any
	for _, entry := range list {
		p, ok := entry.(*data.Map)
		if !ok {
			continue
		}
		types, _ := p.Value("event_types").([]any)
		if len(types) == 0 || containsValue(types, event) {
			out = append(out, p)
		}
	}
	return out
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// transition notes that a row of s (an execution or one of its tasks) is
// in state now, and returns the event of its move from the state noted
// before with the publishers that want it (none when nothing moved, no
// notifier is configured or params.notify wants nothing).
func (r *run) transition(s *execState, noted *string, state string, eventOf func(from, to string) string) (string, []any) {
	if state == *noted {
		return "", nil
	}
	from := *noted
	*noted = state
	if r.e.notifier == nil {
		return "", nil
	}
	event := eventOf(from, state)
	return event, s.publishersFor(event)
}

// noteExec emits the event of the execution's state change since it was
// last noted, if any and if its params.notify wants it. The event leaves
// after the transaction commits (run.finish).
func (r *run) noteExec(s *execState) {
	ex := s.ex
	event, pubs := r.transition(s, &ex.NotedState, ex.State, workflowEvent)
	if len(pubs) == 0 {
		return
	}
	at := updatedAt(ex.UpdatedAt, ex.CreatedAt)
	r.notes = append(r.notes, &rpc.Notification{
		ExID: ex.ID,
		Data: data.MapOf(
			"id", ex.ID,
			"name", ex.Name,
			"workflow_name", ex.WorkflowName,
			"workflow_namespace", ex.WorkflowNamespace,
			"workflow_id", ex.WorkflowID,
			"state", ex.State,
			"state_info", strOrNil(ex.StateInfo),
			"project_id", ex.ProjectID,
			"task_execution_id", strOrNil(ex.TaskExecutionID),
			"root_execution_id", strOrNil(ex.RootExecutionID),
			"created_at", pyTime(&ex.CreatedAt),
			"updated_at", pyTime(&at),
		),
		Event:      event,
		Timestamp:  at,
		Publishers: pubs,
	})
}

// changedExec marks an execution whose state this transaction changed:
// written back at the end, its event noted now so that it keeps its place
// among the transaction's events.
func (r *run) changedExec(s *execState) {
	now := db.Now()
	s.ex.UpdatedAt = &now
	s.dirty = true
	r.noteExec(s)
}

// noteTask is noteExec for a task execution of s.
func (r *run) noteTask(s *execState, t *db.TaskExecution) {
	event, pubs := r.transition(s, &t.NotedState, t.State, taskEvent)
	if len(pubs) == 0 {
		return
	}
	at := updatedAt(t.UpdatedAt, t.CreatedAt)
	r.notes = append(r.notes, &rpc.Notification{
		ExID: t.ID,
		Data: data.MapOf(
			"id", t.ID,
			"name", t.Name,
			"workflow_execution_id", t.WorkflowExecutionID,
			"workflow_name", t.WorkflowName,
			"workflow_namespace", t.WorkflowNamespace,
			"workflow_id", t.WorkflowID,
			"state", t.State,
			"state_info", strOrNil(t.StateInfo),
			"type", t.Type,
			"project_id", t.ProjectID,
			"created_at", pyTime(&t.CreatedAt),
			"updated_at", pyTime(&at),
			"started_at", pyTime(t.StartedAt),
			"finished_at", pyTime(t.FinishedAt),
		),
		Event:      event,
		Timestamp:  at,
		Publishers: pubs,
	})
}

// noteTaskOf is noteTask for a task whose execution may not be loaded: a
// task of an execution this transaction never loaded has no notify to
// honour here, since every transition goes through its loaded execution.
func (r *run) noteTaskOf(t *db.TaskExecution) {
	if s, ok := r.execs[t.WorkflowExecutionID]; ok {
		r.noteTask(s, t)
	}
}

func updatedAt(updated *time.Time, created time.Time) time.Time {
	if updated != nil {
		return *updated
	}
	return created
}

// sendNotes writes the transaction's events to the outbox and registers
// their sending, in the order they happened, for after the commit. They
// leave still under the execution tree's lock, so the events of one tree
// leave in commit order; if this process dies before, the outbox sweeper
// of any engine sends them. A rolled back transaction sends nothing.
func (r *run) sendNotes() error {
	if len(r.notes) == 0 {
		return nil
	}
	entries := make([]*db.OutboxEntry, len(r.notes))
	for i, n := range r.notes {
		entries[i] = &db.OutboxEntry{
			Topic:    r.e.cfg.NotifierTopic,
			Method:   "notify",
			Args:     string(data.MustEncode(rpc.EncodeNotification(n))),
			CallKind: "cast",
		}
	}
	if err := r.tx.Outbox().AddAll(entries, r.e.cfg.Owner, r.e.cfg.OutboxLease); err != nil {
		return err
	}
	notes, ctx := r.notes, context.WithoutCancel(r.ctx)
	r.tx.AfterCommit(func() {
		for i, n := range notes {
			r.e.sendNote(ctx, entries[i].ID, n) // the entries have their ids once committed
		}
	})
	return nil
}

// sendNote sends one event of an outbox entry this process holds, as
// sendAction does. An event no notifier serves is dropped, as Mistral's
// casts to a topic nobody consumes are.
func (e *Engine) sendNote(ctx context.Context, entryID int64, n *rpc.Notification) {
	sendCtx, cancel := context.WithTimeout(ctx, e.cfg.OutboxLease/2)
	defer cancel()
	err := e.notifier.Notify(sendCtx, n)
	switch {
	case err == nil:
		e.sent.sent(entryID)
		return
	case errors.Is(err, rpc.ErrNoServer):
		e.sent.sent(entryID)
		e.log.Warn("no notifier serves the notifier topic, event dropped", "event", n.Event, "id", n.ExID)
		return
	case errors.Is(err, rpc.ErrNotDelivered):
		e.release(ctx, entryID)
	}
	e.log.Error("send notification", "event", n.Event, "id", n.ExID, "error", err)
}

// withConfigNotify appends [notifier] notify to a starting execution's
// params.notify, as Mistral's engine does.
func (e *Engine) withConfigNotify(params *data.Map) {
	if len(e.cfg.Notify) == 0 {
		return
	}
	list, _ := params.Value("notify").([]any)
	list = append(append([]any(nil), list...), data.DeepCopy(e.cfg.Notify).([]any)...)
	params.Set("notify", list)
}
