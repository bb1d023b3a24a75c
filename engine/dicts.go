package engine

import (
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// Mistral's time formats: DB dicts use "YYYY-MM-DD HH:MM:SS"; oslo's
// serializer and heartbeats use the ISO form with microseconds.
const (
	dictTime = "2006-01-02 15:04:05"
	isoTime  = "2006-01-02T15:04:05.000000"
)

func timeOrNil(t *time.Time, layout string) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(layout)
}

// pyTime renders a timestamp as Python's str(datetime) does.
func pyTime(t *time.Time) any { return timeOrNil(t, dictTime) }

func decoded(j db.JSON) any {
	v, err := j.Decode()
	if err != nil {
		return nil
	}
	return v
}

func tagsValue(l db.StringList) any {
	if l == nil {
		return nil
	}
	return data.Normalize([]string(l))
}

// workflowExecutionDict is a workflow execution as Mistral's to_dict()
// returns it over RPC (RPC.md a.4).
func workflowExecutionDict(ex *db.WorkflowExecution) *data.Map {
	return data.MapOf(
		"spec", decoded(ex.Spec),
		"input", decoded(ex.Input),
		"output", decoded(ex.Output),
		"params", decoded(ex.Params),
		"context", decoded(ex.Context),
		"created_at", pyTime(&ex.CreatedAt),
		"updated_at", pyTime(ex.UpdatedAt),
		"scope", ex.Scope,
		"project_id", ex.ProjectID,
		"id", ex.ID,
		"name", ex.Name,
		"description", strOrNil(ex.Description),
		"workflow_name", ex.WorkflowName,
		"workflow_namespace", ex.WorkflowNamespace,
		"workflow_id", ex.WorkflowID,
		"state", ex.State,
		"state_info", strOrNil(ex.StateInfo),
		"tags", tagsValue(ex.Tags),
		"runtime_context", decoded(ex.RuntimeContext),
		"accepted", ex.Accepted,
		"task_execution_id", strOrNil(ex.TaskExecutionID),
		"root_execution_id", strOrNil(ex.RootExecutionID),
	)
}

// actionExecutionDict is an action execution as Mistral's to_dict()
// returns it over RPC.
func actionExecutionDict(a *db.ActionExecution) *data.Map {
	return data.MapOf(
		"output", decoded(a.Output),
		"created_at", pyTime(&a.CreatedAt),
		"updated_at", pyTime(a.UpdatedAt),
		"scope", a.Scope,
		"project_id", a.ProjectID,
		"id", a.ID,
		"name", a.Name,
		"description", strOrNil(a.Description),
		"workflow_name", strOrNil(a.WorkflowName),
		"workflow_namespace", a.WorkflowNamespace,
		"workflow_id", strOrNil(a.WorkflowID),
		"state", a.State,
		"state_info", strOrNil(a.StateInfo),
		"tags", tagsValue(a.Tags),
		"runtime_context", decoded(a.RuntimeContext),
		"spec", decoded(a.Spec),
		"accepted", a.Accepted,
		"input", decoded(a.Input),
		"last_heartbeat", timeOrNil(a.LastHeartbeat, isoTime),
		"is_sync", a.IsSync,
		"task_execution_id", strOrNil(a.TaskExecutionID),
	)
}
