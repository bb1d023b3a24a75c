package eventengine

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/rpc"
)

// Config holds the event engine's settings.
type Config struct {
	// PoolName is [event_engine] listener_pool_name: the queue of an
	// exchange is mistral-<exchange>-<PoolName>.
	PoolName string
	// DefinitionsFile is [event_engine] event_definitions_cfg_file.
	DefinitionsFile string
	// AuthEnable is [pecan] auth_enable: with it, a notification of a
	// project no trigger belongs to is skipped unless a trigger is public.
	AuthEnable bool
	// TriggerContext, when set (authentication on), makes the request
	// context a trigger's workflow starts with from its trust, as
	// Mistral's security.create_context (compat/keystone).
	TriggerContext func(ctx context.Context, trustID, projectID string) (*data.Map, error)
}

// Starter starts workflows: the engine's rpc.EngineClient.
type Starter interface {
	StartWorkflow(ctx context.Context, req *rpc.StartWorkflowRequest) (*data.Map, error)
}

// Service is the event engine. It implements rpc.EventEngineAPI.
type Service struct {
	cfg     Config
	store   *db.Store
	bus     rpc.NotificationTransport
	engine  Starter
	eval    *expr.Evaluator
	defs    []definition
	log     *slog.Logger
	running context.Context // set by Start: listeners live as long as it

	mu        sync.Mutex
	triggers  map[string]*trigger           // by id
	listeners map[source]context.CancelFunc // one per exchange and topic
}

// source is an exchange and topic some triggers listen to.
type source struct{ exchange, topic string }

// trigger is what the event engine keeps of an event trigger.
type trigger struct {
	id, name, workflowID, namespace string
	src                             source
	event, scope, projectID         string
	trustID                         any
	input, params                   *data.Map
}

var _ rpc.EventEngineAPI = (*Service)(nil)

// New returns an event engine; Start starts it.
func New(cfg Config, store *db.Store, bus rpc.NotificationTransport, engine Starter, eval *expr.Evaluator, log *slog.Logger) (*Service, error) {
	if cfg.PoolName == "" {
		cfg.PoolName = "events"
	}
	defs, err := loadDefinitions(cfg.DefinitionsFile)
	if err != nil {
		return nil, err
	}
	return &Service{
		cfg: cfg, store: store, bus: bus, engine: engine, eval: eval, defs: defs, log: log,
		triggers:  make(map[string]*trigger),
		listeners: make(map[source]context.CancelFunc),
	}, nil
}

// Start loads every event trigger and listens to their exchanges and
// topics until ctx ends.
func (s *Service) Start(ctx context.Context) error {
	s.running = ctx
	var rows []*db.EventTrigger
	namespaces := make(map[string]string)
	err := s.store.InTx(ctx, db.TxOptions{}, func(tx *db.Tx) error {
		var err error
		if rows, err = tx.EventTriggers().All(); err != nil {
			return err
		}
		for _, t := range rows {
			if _, ok := namespaces[t.WorkflowID]; ok {
				continue
			}
			wf, err := tx.WorkflowDefinitions().Get(t.WorkflowID, "", db.Viewer{ProjectID: t.ProjectID, Admin: true})
			if err != nil {
				// The trigger still fires; the engine says what is wrong.
				s.log.Error("workflow of event trigger", "id", t.ID, "workflow_id", t.WorkflowID, "error", err)
				continue
			}
			namespaces[t.WorkflowID] = wf.Namespace
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load event triggers: %w", err)
	}
	s.log.Info("found event triggers", "count", len(rows))
	for _, row := range rows {
		ns := namespaces[row.WorkflowID]
		if err := s.add(readTrigger(row.WireDict(&ns))); err != nil {
			return err
		}
	}
	return nil
}

// readTrigger reads a trigger dict as the API sends it.
func readTrigger(m *data.Map) *trigger {
	str := func(k string) string { v, _ := m.Value(k).(string); return v }
	dict := func(k string) *data.Map {
		if d, ok := m.Value(k).(*data.Map); ok {
			return d
		}
		return data.NewMap(0)
	}
	return &trigger{
		id: str("id"), name: str("name"), workflowID: str("workflow_id"), namespace: str("workflow_namespace"),
		src:   source{exchange: str("exchange"), topic: str("topic")},
		event: str("event"), scope: str("scope"), projectID: str("project_id"), trustID: m.Value("trust_id"),
		input: dict("workflow_input"), params: dict("workflow_params"),
	}
}

// add records t and listens to its exchange and topic if nobody does yet.
func (s *Service) add(t *trigger) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.triggers[t.id] = t
	if _, ok := s.listeners[t.src]; ok {
		return nil
	}
	ctx, cancel := context.WithCancel(s.running)
	src := t.src
	target := rpc.NotificationTarget{Exchange: src.exchange, Topic: src.topic, Pool: "mistral-" + src.exchange + "-" + s.cfg.PoolName}
	if err := s.bus.ListenNotifications(ctx, target, func(ctx context.Context, n *rpc.ServiceNotification) {
		s.handle(ctx, src, n)
	}); err != nil {
		cancel()
		return fmt.Errorf("listen to exchange %s, topic %s: %w", src.exchange, src.topic, err)
	}
	s.listeners[src] = cancel
	s.log.Info("listening for notifications", "exchange", src.exchange, "topic", src.topic)
	return nil
}

// CreateEventTrigger implements rpc.EventEngineAPI.
func (s *Service) CreateEventTrigger(_ context.Context, m *data.Map, _ []string) error {
	t := readTrigger(m)
	if t.id == "" || t.src.topic == "" {
		return fmt.Errorf("create_event_trigger: trigger without id or topic")
	}
	return s.add(t)
}

// UpdateEventTrigger implements rpc.EventEngineAPI: only the workflow
// related fields can change.
func (s *Service) UpdateEventTrigger(_ context.Context, m *data.Map) error {
	u := readTrigger(m)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.triggers[u.id]
	if !ok {
		return fmt.Errorf("update_event_trigger: unknown event trigger %s", u.id)
	}
	t.name, t.workflowID, t.scope, t.trustID, t.input, t.params = u.name, u.workflowID, u.scope, u.trustID, u.input, u.params
	if m.Has("workflow_namespace") {
		t.namespace = u.namespace
	}
	return nil
}

// DeleteEventTrigger implements rpc.EventEngineAPI: the listener of the
// trigger's exchange and topic stops when no trigger is left there.
func (s *Service) DeleteEventTrigger(_ context.Context, m *data.Map, _ []string) error {
	d := readTrigger(m)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.triggers, d.id)
	for _, t := range s.triggers {
		if t.src == d.src {
			return nil
		}
	}
	if cancel, ok := s.listeners[d.src]; ok {
		cancel()
		delete(s.listeners, d.src)
		s.log.Info("deleted listener", "exchange", d.src.exchange, "topic", d.src.topic)
	}
	return nil
}

// handle starts the workflows of the triggers a notification fires.
func (s *Service) handle(ctx context.Context, src source, n *rpc.ServiceNotification) {
	nctx, _ := n.Context.(*data.Map)
	project, _ := nctx.Value("project_id").(string)
	s.mu.Lock()
	var candidates []*trigger
	for _, t := range s.triggers {
		if t.src == src && t.event == n.EventType {
			candidates = append(candidates, t)
		}
	}
	var fire []trigger
	anyPublic, ownerKnown := false, false
	for _, t := range candidates {
		anyPublic = anyPublic || t.scope == "public"
		ownerKnown = ownerKnown || t.projectID == project
	}
	if anyPublic || !s.cfg.AuthEnable || ownerKnown {
		for _, t := range candidates {
			if t.projectID == project || t.scope == "public" {
				fire = append(fire, *t)
			}
		}
	}
	s.mu.Unlock()
	if len(fire) == 0 {
		return
	}
	event := data.MapOf(
		"event_type", n.EventType,
		"payload", n.Payload,
		"publisher", n.PublisherID,
		"timestamp", n.Timestamp,
		"context", n.Context,
	)
	params, err := convert(s.eval, s.defs, n.EventType, event)
	if err != nil {
		s.log.Error("convert notification", "event_type", n.EventType, "error", err)
		return
	}
	for _, t := range fire {
		s.start(ctx, &t, params)
	}
}

// start starts a trigger's workflow as Mistral's event engine does.
func (s *Service) start(ctx context.Context, t *trigger, eventParams any) {
	s.log.Info("start to process event trigger", "id", t.id)
	params := data.DeepCopy(t.params).(*data.Map)
	params.Set("event_params", eventParams)
	desc, err := data.EncodePython(data.MapOf(
		"description", fmt.Sprintf("Workflow execution created by event trigger '(%s)'.", t.id),
		"triggered_by", data.MapOf("type", "event_trigger", "id", t.id, "name", t.name),
	))
	if err != nil {
		s.log.Error("failed to process event trigger", "id", t.id, "error", err)
		return
	}
	rc := data.MapOf("project_id", t.projectID, "trust_id", t.trustID, "is_trust_scoped", t.trustID != nil)
	if s.cfg.TriggerContext != nil {
		trustID, _ := t.trustID.(string)
		if rc, err = s.cfg.TriggerContext(ctx, trustID, t.projectID); err != nil {
			s.log.Error("failed to process event trigger", "id", t.id, "error", err)
			return
		}
	}
	_, err = s.engine.StartWorkflow(rpc.WithRequestContext(ctx, rc), &rpc.StartWorkflowRequest{
		WorkflowIdentifier: t.workflowID,
		Namespace:          t.namespace,
		Input:              data.DeepCopy(t.input).(*data.Map),
		Description:        &desc,
		Params:             params,
	})
	if err != nil {
		s.log.Error("failed to process event trigger", "id", t.id, "error", err)
	}
}
