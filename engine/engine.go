package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/lang"
	"github.com/tramontane/tramontane/rpc"
)

// Executor is where the engine sends actions: an rpc.ExecutorClient, or a
// local executor.
type Executor interface {
	RunAction(ctx context.Context, req *rpc.RunActionRequest) error
}

// Config holds the engine's settings (mistral.conf [engine] and friends).
type Config struct {
	// FirstHeartbeatTimeout is [action_heartbeat] first_heartbeat_timeout:
	// a new action's last_heartbeat starts that far in the future.
	FirstHeartbeatTimeoutSeconds int
	// Owner names this process in outbox and timer leases.
	Owner string
	// OutboxLease is how long this process owns an outbox entry it wrote:
	// after that the sweeper of any engine may look at it (30 s).
	OutboxLease time.Duration
	// ExecutorTopic is [executor] topic, recorded with outbox entries.
	ExecutorTopic string
	// AuthEnable is [pecan] auth_enable: with it the objects the engine
	// creates belong to the request context's project; without it to
	// "<default-project>", whatever the context says (Mistral's
	// security.get_project_id).
	AuthEnable bool
	// Notifier receives the workflow and task events of executions with
	// params.notify, after the commit of the transition; nil sends none.
	Notifier Notifier
	// NotifierTopic is [notifier] topic, recorded with outbox entries.
	NotifierTopic string
	// Notify is [notifier] notify: publishers appended to the
	// params.notify of every execution started from outside.
	Notify []any
	// FieldSizeLimitKB is [engine] execution_field_size_limit_kb, the
	// largest size of a task's published values, an action's input and a
	// workflow execution's input and params; 0 or less is no limit
	// (Mistral reads 0 as a limit of 0 KB).
	FieldSizeLimitKB int
}

// Engine is the workflow engine. It is safe for concurrent use; it keeps no
// state between calls but caches of immutable specs.
type Engine struct {
	cfg      Config
	store    *db.Store
	eval     *expr.Evaluator
	actions  *actions.Registry
	executor Executor
	notifier Notifier
	log      *slog.Logger

	specMu sync.Mutex
	specs  map[string]*lang.Workflow // by workflow definition id + spec digest, or execution id

	// timerWake wakes the timer service after a transaction added timers.
	timerWake func()
	// sent deletes the outbox entries of delivered sends.
	sent *sentFlusher

	// completions queues action results for group commits (batch.go).
	completions *completionQueue

	// trusts deletes the trusts of triggers that are gone; nil with
	// authentication off.
	trusts TrustDeleter

	rootMu sync.Mutex
	roots  map[string]string // task or action execution id -> root execution id
}

// New returns an engine.
func New(cfg Config, store *db.Store, eval *expr.Evaluator, reg *actions.Registry, executor Executor, log *slog.Logger) *Engine {
	if cfg.FirstHeartbeatTimeoutSeconds <= 0 {
		cfg.FirstHeartbeatTimeoutSeconds = 3600
	}
	if cfg.OutboxLease <= 0 {
		cfg.OutboxLease = 30 * time.Second
	}
	if cfg.ExecutorTopic == "" {
		cfg.ExecutorTopic = rpc.TopicExecutor
	}
	if cfg.NotifierTopic == "" {
		cfg.NotifierTopic = rpc.TopicNotifier
	}
	if cfg.Owner == "" {
		cfg.Owner = "engine"
	}
	return &Engine{
		cfg: cfg, store: store, eval: eval, actions: reg, executor: executor, notifier: cfg.Notifier, log: log,
		specs: make(map[string]*lang.Workflow),
		sent:  newSentFlusher(store, log),
		roots: make(map[string]string),

		completions: newCompletionQueue(),
	}
}

var _ rpc.EngineAPI = (*Engine)(nil)

const specCacheSize = 2000

// spec returns the parsed workflow spec stored under key, reading and
// parsing it on a miss. Specs are immutable, so one parse serves every
// execution.
func (e *Engine) spec(key string, raw func() (db.JSON, error)) (*lang.Workflow, error) {
	e.specMu.Lock()
	wf, ok := e.specs[key]
	e.specMu.Unlock()
	if ok {
		return wf, nil
	}
	text, err := raw()
	if err != nil {
		return nil, err
	}
	m := text.Map()
	wf, err = lang.WorkflowFromSpec(m)
	if err != nil {
		return nil, fmt.Errorf("load workflow spec: %w", err)
	}
	e.specMu.Lock()
	if len(e.specs) >= specCacheSize {
		clear(e.specs)
	}
	e.specs[key] = wf
	e.specMu.Unlock()
	return wf, nil
}

// defSpecKey is the spec cache key of a workflow definition: its id and a
// digest of its spec. Mistral keys on (id, updated_at), but updated_at has
// whole seconds, so a definition replaced in the second of its previous
// update would go on running the spec cached before.
func defSpecKey(def *db.WorkflowDefinition) string {
	sum := sha256.Sum256([]byte(def.Spec.Raw))
	return "def:" + def.ID + ":" + hex.EncodeToString(sum[:])
}

// inTx runs fn in one transaction serialized on the execution tree root.
func (e *Engine) inTx(ctx context.Context, root string, fn func(r *run) error) error {
	return e.txOn(ctx, db.TxOptions{Lock: root}, fn)
}

// txOn runs fn in one engine transaction with the given options.
func (e *Engine) txOn(ctx context.Context, opts db.TxOptions, fn func(r *run) error) error {
	return e.store.InTx(ctx, opts, func(tx *db.Tx) error {
		r := newRun(ctx, e, tx)
		if err := fn(r); err != nil {
			return err
		}
		return r.finish()
	})
}

// rootOfExecution returns the root execution id of a workflow execution.
func (e *Engine) rootOfExecution(ctx context.Context, wfExID string) (string, error) {
	return e.store.Read(ctx).WorkflowExecutions().Root(wfExID)
}

// rootOfTask returns the root execution id of a task's workflow execution.
// The relation never changes, so it is remembered.
func (e *Engine) rootOfTask(ctx context.Context, taskExID string) (string, error) {
	e.rootMu.Lock()
	root, ok := e.roots[taskExID]
	e.rootMu.Unlock()
	if ok {
		return root, nil
	}
	wfExID, err := e.store.Read(ctx).TaskExecutions().WorkflowExecutionOf(taskExID)
	if err != nil {
		return "", err
	}
	if root, err = e.rootOfExecution(ctx, wfExID); err != nil {
		return "", err
	}
	e.rememberRoot(taskExID, root)
	return root, nil
}

// rootOfAction returns the lock of an action execution's transactions: the
// root execution id of its task's tree, or its own id for an action run
// outside a workflow. The engine remembers the roots of the actions it
// schedules; it forgets one once asked, as an action completes once.
func (e *Engine) rootOfAction(ctx context.Context, actionExID string) (string, error) {
	e.rootMu.Lock()
	root, ok := e.roots[actionExID]
	delete(e.roots, actionExID)
	e.rootMu.Unlock()
	if ok {
		return root, nil
	}
	taskID, err := e.store.Read(ctx).ActionExecutions().TaskOf(actionExID)
	if err != nil || taskID == "" {
		return actionExID, err
	}
	return e.rootOfTask(ctx, taskID)
}

// rootCacheSize bounds the remembered task and action roots.
const rootCacheSize = 100000

// rememberRoot records the root of the execution tree of a task or of a
// task's action.
func (e *Engine) rememberRoot(id, root string) {
	e.rootMu.Lock()
	if len(e.roots) >= rootCacheSize {
		clear(e.roots)
	}
	e.roots[id] = root
	e.rootMu.Unlock()
}

// projectOf returns the caller's project from the request context.
func (e *Engine) projectOf(ctx context.Context) string {
	if !e.cfg.AuthEnable {
		return db.DefaultProject
	}
	if rc := rpc.RequestContext(ctx); rc != nil {
		if p, ok := rc.Value("project_id").(string); ok && p != "" {
			return p
		}
	}
	return db.DefaultProject
}

// viewerOf is whose workflows the caller sees: its project's, public and
// shared ones, and any project's for an admin (is_admin in the request
// context).
func (e *Engine) viewerOf(ctx context.Context) db.Viewer {
	v := db.Viewer{ProjectID: e.projectOf(ctx)}
	if rc := rpc.RequestContext(ctx); rc != nil && e.cfg.AuthEnable {
		v.Admin, _ = rc.Value("is_admin").(bool)
	}
	return v
}

// ReportRunningActions implements rpc.EngineAPI: it records heartbeats.
func (e *Engine) ReportRunningActions(ctx context.Context, ids []string) error {
	return e.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		return tx.ActionExecutions().Touch(ids)
	})
}

// strPtr returns a pointer to s.
func strPtr(s string) *string { return &s }

// dataMap returns v as a map, or an empty map.
func dataMap(v any) *data.Map {
	if m, ok := v.(*data.Map); ok {
		return m
	}
	return data.NewMap(0)
}
