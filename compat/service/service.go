package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/compat/keystone"
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/db/schema"
	"github.com/tramontane/tramontane/db/sqlitedriver"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/engine/actions"
	"github.com/tramontane/tramontane/engine/definitions"
	"github.com/tramontane/tramontane/engine/eventengine"
	"github.com/tramontane/tramontane/engine/executor"
	"github.com/tramontane/tramontane/engine/expr"
	"github.com/tramontane/tramontane/engine/expr/jinja"
	"github.com/tramontane/tramontane/engine/expr/yaql"
	"github.com/tramontane/tramontane/engine/notifier"
	"github.com/tramontane/tramontane/rpc"
	"github.com/tramontane/tramontane/rpc/inproc"
	"github.com/tramontane/tramontane/rpc/oslo"
)

// Servers Mistral's --server option names.
const (
	API         = "api"
	Engine      = "engine"
	Executor    = "executor"
	Notifier    = "notifier"
	EventEngine = "event-engine"
)

// allServers is what --server all runs.
var allServers = []string{API, Engine, Executor, EventEngine, Notifier}

// ParseServers reads --server: a comma list of api, engine, executor,
// event-engine, notifier, or all.
func ParseServers(s string) ([]string, error) {
	if s == "" || s == "all" {
		return allServers, nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		switch p := strings.TrimSpace(part); p {
		case API, Engine, Executor, EventEngine, Notifier:
			out = append(out, p)
		case "all":
			return allServers, nil
		default:
			return nil, fmt.Errorf("--server: unknown server %q (want api, engine, executor, event-engine, notifier or all)", p)
		}
	}
	return out, nil
}

// Process is a running set of services.
type Process struct {
	Store       *db.Store
	Engine      *engine.Engine
	Definitions *definitions.Service
	Evaluator   *expr.Evaluator
	Actions     *actions.Registry
	Transport   rpc.Transport
	// engineLink serves this process's engine to its own API, executor
	// and event engine (nil without an engine).
	engineLink *inproc.Transport
	// Keystone validates tokens and manages triggers' trusts; nil with
	// [pecan] auth_enable off.
	Keystone *keystone.Client

	apiAddr  string
	cronWake func() // wakes the cron trigger service (nil without an engine)
	httpSrv  *http.Server
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	log      *slog.Logger
	errs     chan error
}

// Start opens the database, brings the schema up to date on the embedded
// default, and starts the requested services.
func Start(ctx context.Context, cfg *config.Config, servers []string, log *slog.Logger) (*Process, error) {
	ctx, cancel := context.WithCancel(ctx)
	p := &Process{cancel: cancel, log: log, errs: make(chan error, 8)}
	if err := p.start(ctx, cfg, servers); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func has(servers []string, name string) bool {
	for _, s := range servers {
		if s == name {
			return true
		}
	}
	return false
}

func (p *Process) start(ctx context.Context, cfg *config.Config, servers []string) error {
	store, err := openStore(ctx, cfg, p.log)
	if err != nil {
		return err
	}
	p.Store = store
	p.Evaluator = expr.NewEvaluator(yaql.New(), jinja.New())
	pyActions, err := actions.PythonActionSpecs(cfg.PythonActionPath)
	if err != nil {
		return err
	}
	p.Actions = actions.NewRegistry().With(pyActions...)
	p.Definitions = definitions.New(store, p.Evaluator)
	if err := p.Definitions.Populate(ctx); err != nil {
		return err
	}

	if err := p.openTransport(ctx, cfg); err != nil {
		return err
	}
	if cfg.Auth.Enable {
		if p.Keystone, err = keystone.New(cfg.Auth.Keystone, p.log.With("component", "keystone")); err != nil {
			return err
		}
	}

	host, _ := os.Hostname()
	// toEngine is how this process's API, executor and event engine reach
	// an engine: in-process when the process runs one, as on the embedded
	// default, else over the bus. Any engine may serve any request (each
	// transaction locks its execution tree in the database), and the one
	// next door spares two messages through the broker, a call and its
	// reply, per request: per action result, for one. Actions go to the
	// executor next door only while it has free slots (Nearby below), so
	// under load work spreads over all executors.
	toEngine := rpc.NewEngineClient(p.Transport, cfg.Engine.Topic)
	if has(servers, Engine) {
		p.engineLink = inproc.New(cfg.RPCResponseTimeout, p.log)
		toEngine = rpc.NewEngineClient(p.engineLink, cfg.Engine.Topic)
	}
	executorClient := rpc.NewExecutorClient(p.Transport, cfg.Executor.Topic)

	owner := fmt.Sprintf("%s/%d", host, os.Getpid())
	hbInterval := cfg.ActionHeartbeat.CheckInterval
	if cfg.ActionHeartbeat.MaxMissedHeartbeats <= 0 {
		hbInterval = 0
	}
	newExecutor := func() *executor.Executor {
		beats := executor.NewHeartbeater(toEngine.ReportRunningActions, hbInterval)
		p.goRun("executor heartbeats", func() error { return beats.Run(ctx) })
		return executor.New(p.Actions, toEngine, p.log.With("service", "executor")).WithHeartbeats(beats)
	}
	var toNotifier engine.Notifier = rpc.NewNotifierClient(p.Transport, cfg.Notifier.Topic)
	if cfg.Notifier.Type == "local" {
		// [notifier] type = local: events are published from the engine
		// process, no notify message is sent.
		local := notifier.New(p.log.With("service", "notifier"))
		p.goRun("local notifier", func() error { return local.Run(ctx) })
		toNotifier = local
	}
	var toExecutor engine.Executor = executorClient
	var remote *executor.Executor // this process's executor service
	if has(servers, Executor) && cfg.Executor.Type != "local" {
		remote = newExecutor()
	}
	switch {
	case cfg.Executor.Type == "local":
		// [executor] type = local: actions run inside the engine process,
		// no run_action message is sent.
		toExecutor = localExecutor{newExecutor()}
	case remote != nil && has(servers, Engine) && cfg.Executor.PreferLocal:
		// The executor next door takes actions while it has free slots,
		// sparing each its trip through the broker; the others go to
		// the executors' topic.
		nearby := executor.NewNearby(ctx, remote, executorClient, cfg.Executor.ThreadPoolSize)
		p.goRun("nearby executor", func() error {
			<-ctx.Done()
			nearby.Wait()
			return nil
		})
		toExecutor = nearby
	}
	if has(servers, Engine) {
		p.Engine = engine.New(engine.Config{
			FirstHeartbeatTimeoutSeconds: int(cfg.ActionHeartbeat.FirstHeartbeatTimeout.Seconds()),
			Owner:                        owner,
			ExecutorTopic:                cfg.Executor.Topic,
			OutboxLease:                  cfg.Outbox.Lease,
			AuthEnable:                   cfg.Auth.Enable,
			Notifier:                     toNotifier,
			Notify:                       cfg.Notifier.Notify,
			NotifierTopic:                cfg.Notifier.Topic,
			FieldSizeLimitKB:             cfg.Engine.ExecutionFieldSizeLimitKB,
		}, store, p.Evaluator, p.Actions, toExecutor, p.log.With("service", "engine"))
		if p.Keystone != nil {
			p.Engine.WithTrusts(p.Keystone)
		}
		for _, t := range []rpc.Transport{p.Transport, p.engineLink} {
			if err := rpc.ServeEngine(ctx, t, cfg.Engine.Topic, cfg.Engine.Host, p.Engine); err != nil {
				return fmt.Errorf("serve engine: %w", err)
			}
		}
		timers := engine.NewTimerService(p.Engine, owner)
		p.goRun("timers", func() error { return timers.Run(ctx) })
		sweeper := engine.NewOutboxSweeper(p.Engine, cfg.Outbox.SweepInterval)
		p.goRun("outbox sweeper", func() error { return sweeper.Run(ctx) })
		checker := engine.NewHeartbeatChecker(p.Engine, cfg.ActionHeartbeat.CheckInterval,
			cfg.ActionHeartbeat.MaxMissedHeartbeats, cfg.ActionHeartbeat.BatchSize)
		p.goRun("heartbeat checker", func() error { return checker.Run(ctx) })
		integrity := engine.NewIntegrityChecker(p.Engine, 30*time.Second, cfg.Engine.IntegrityCheckDelay)
		p.goRun("integrity checker", func() error { return integrity.Run(ctx) })
		expiration, err := engine.NewExpirationPolicy(p.Engine, engine.ExpirationConfig{
			Interval:      cfg.Expiration.EvaluationInterval,
			OlderThan:     cfg.Expiration.OlderThan,
			MaxFinished:   cfg.Expiration.MaxFinishedExecutions,
			BatchSize:     cfg.Expiration.BatchSize,
			IgnoredStates: cfg.Expiration.IgnoredStates,
		})
		if err != nil {
			return err
		}
		p.goRun("expiration policy", func() error { return expiration.Run(ctx) })
		if cfg.CronTrigger.Enabled {
			cron := engine.NewCronService(store, p.Engine, p.log.With("service", "cron_triggers")).
				WithTriggerContext(p.triggerContext()).
				WithInterval(cfg.CronTrigger.ExecutionInterval)
			p.cronWake = cron.Wake
			p.goRun("cron triggers", func() error { return cron.Run(ctx) })
		}
	}
	if remote != nil {
		if err := rpc.ServeExecutor(ctx, p.Transport, cfg.Executor.Topic, cfg.Executor.Host, remote); err != nil {
			return fmt.Errorf("serve executor: %w", err)
		}
	}
	if has(servers, Notifier) {
		n := notifier.New(p.log.With("service", "notifier"))
		p.goRun("notifier", func() error { return n.Run(ctx) })
		if err := rpc.ServeNotifier(ctx, p.Transport, cfg.Notifier.Topic, cfg.Notifier.Host, n); err != nil {
			return fmt.Errorf("serve notifier: %w", err)
		}
	}
	if has(servers, EventEngine) {
		if err := p.startEventEngine(ctx, cfg, toEngine); err != nil {
			return err
		}
	}
	if has(servers, API) {
		if err := p.startAPI(ctx, cfg, toEngine); err != nil {
			return err
		}
	}
	hb := newHeartbeat(store, serviceGroups(servers, cfg), host, p.log.With("service", "heartbeat"))
	p.goRun("heartbeat", func() error { return hb.Run(ctx) })
	return nil
}

// startEventEngine starts the event engine and serves its topic.
func (p *Process) startEventEngine(ctx context.Context, cfg *config.Config, engine *rpc.EngineClient) error {
	bus, ok := p.Transport.(rpc.NotificationTransport)
	if !ok {
		return fmt.Errorf("event engine: the transport carries no notifications")
	}
	if cfg.TransportURL == "" {
		p.log.Info("event triggers only fire for notifications published in this process: set [DEFAULT] transport_url to receive OpenStack notifications")
	}
	ee, err := eventengine.New(eventengine.Config{
		PoolName:        cfg.EventEngine.ListenerPoolName,
		DefinitionsFile: cfg.EventEngine.EventDefinitionsFile,
		AuthEnable:      cfg.Auth.Enable,
		TriggerContext:  p.triggerContext(),
	}, p.Store, bus, engine, p.Evaluator, p.log.With("service", "event-engine"))
	if err != nil {
		return fmt.Errorf("event engine: %w", err)
	}
	if err := ee.Start(ctx); err != nil {
		return fmt.Errorf("event engine: %w", err)
	}
	if err := rpc.ServeEventEngine(ctx, p.Transport, cfg.EventEngine.Topic, cfg.EventEngine.Host, ee); err != nil {
		return fmt.Errorf("serve event engine: %w", err)
	}
	return nil
}

// openTransport connects the RPC transport: RabbitMQ with oslo.messaging's
// protocol when [DEFAULT] transport_url is set, in-process otherwise.
func (p *Process) openTransport(ctx context.Context, cfg *config.Config) error {
	if cfg.TransportURL == "" {
		p.Transport = inproc.New(cfg.RPCResponseTimeout, p.log)
		return nil
	}
	t, err := oslo.New(ctx, oslo.Config{
		TransportURL:                cfg.TransportURL,
		ControlExchange:             cfg.Rabbit.ControlExchange,
		ResponseTimeout:             cfg.RPCResponseTimeout,
		Host:                        cfg.Engine.Host,
		AMQPDurableQueues:           cfg.Rabbit.AMQPDurableQueues,
		AMQPAutoDelete:              cfg.Rabbit.AMQPAutoDelete,
		RabbitQuorumQueue:           cfg.Rabbit.RabbitQuorumQueue,
		QuorumDeliveryLimit:         cfg.Rabbit.QuorumDeliveryLimit,
		QuorumMaxMemoryLength:       cfg.Rabbit.QuorumMaxMemoryLength,
		QuorumMaxMemoryBytes:        cfg.Rabbit.QuorumMaxMemoryBytes,
		RabbitHAQueues:              cfg.Rabbit.RabbitHAQueues,
		TransientQueuesTTL:          time.Duration(cfg.Rabbit.TransientQueuesTTL) * time.Second,
		QosPrefetchCount:            cfg.Rabbit.QosPrefetchCount,
		Compression:                 cfg.Rabbit.Compression,
		MissingConsumerRetryTimeout: cfg.Rabbit.MissingConsumerRetry,
		RetryInterval:               cfg.Rabbit.RetryInterval,
		RetryBackoff:                cfg.Rabbit.RetryBackoff,
		RetryMax:                    cfg.Rabbit.RetryMax,
		HeartbeatTimeoutThreshold:   time.Duration(cfg.Rabbit.HeartbeatTimeoutThreshold) * time.Second,
		SSL:                         cfg.Rabbit.SSL,
		SSLCAFile:                   cfg.Rabbit.SSLCAFile,
		SSLCertFile:                 cfg.Rabbit.SSLCertFile,
		SSLKeyFile:                  cfg.Rabbit.SSLKeyFile,
		HandoffTimeout:              cfg.HandoffTimeout,
		ExecutorThreadPoolSize:      cfg.Executor.ThreadPoolSize,
		Logger:                      p.log.With("component", "oslo"),
	})
	if err != nil {
		return fmt.Errorf("connect to the message bus: %w", err)
	}
	p.Transport = t
	return nil
}

// localExecutor runs actions in the engine's process ([executor] type =
// local): the action runs on its own goroutine and reports like a remote
// executor would.
type localExecutor struct{ x *executor.Executor }

// Both ways of running actions in the engine's process answer run-action
// without a saved result too.
var (
	_ engine.SyncExecutor = localExecutor{}
	_ engine.SyncExecutor = (*executor.Nearby)(nil)
)

func (l localExecutor) RunAction(ctx context.Context, req *rpc.RunActionRequest) error {
	go l.x.RunAction(context.WithoutCancel(ctx), req)
	return nil
}

func (l localExecutor) RunActionSync(ctx context.Context, req *rpc.RunActionRequest) (*rpc.Result, error) {
	return l.x.RunAction(ctx, req)
}

// openStore opens the configured database; the embedded default's SQLite
// file is created and upgraded on the way.
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (*db.Store, error) {
	conn := cfg.Database.Connection
	embedded := conn == ""
	if embedded {
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		conn = cfg.SQLiteConnection()
		log.Info("using the embedded database", "path", strings.TrimPrefix(conn, "sqlite:///"))
	}
	dialect, dsn, err := schema.ParseConnection(conn)
	if err != nil {
		return nil, err
	}
	if dialect == schema.SQLite {
		log.Info("SQLite driver", "driver", sqlitedriver.Implementation)
		sqlDB, _, err := schema.Open(ctx, conn)
		if err != nil {
			return nil, err
		}
		err = schema.Upgrade(ctx, sqlDB, dialect, schema.WithLogger(log))
		sqlDB.Close()
		if err != nil {
			return nil, fmt.Errorf("prepare the embedded database: %w", err)
		}
	}
	return db.Open(ctx, db.Config{
		Dialect:         dialect,
		DSN:             dsn,
		MaxOpenConns:    cfg.Database.MaxPoolSize + cfg.Database.MaxOverflow,
		ConnMaxLifetime: cfg.Database.ConnectionRecycleTime,
		MaxRetries:      cfg.Database.MaxRetries,
	}, log)
}

// goRun runs a background duty until it returns.
func (p *Process) goRun(name string, f func() error) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if err := f(); err != nil {
			p.log.Error("service stopped", "service", name, "error", err)
			p.errs <- fmt.Errorf("%s: %w", name, err)
		}
	}()
}

// listen opens the API's listening socket.
func (p *Process) listen(cfg *config.Config) (net.Listener, error) {
	addr := net.JoinHostPort(cfg.API.Host, fmt.Sprint(cfg.API.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	p.apiAddr = ln.Addr().String()
	return ln, nil
}

// APIAddr is the address the API listens on ("" without the api service).
func (p *Process) APIAddr() string { return p.apiAddr }

// Errors delivers the failures of background services.
func (p *Process) Errors() <-chan error { return p.errs }

// Close stops every service and closes the database.
func (p *Process) Close() error {
	p.cancel()
	var errs []error
	if p.httpSrv != nil {
		errs = append(errs, p.httpSrv.Close())
	}
	if p.Transport != nil {
		errs = append(errs, p.Transport.Close())
	}
	if p.engineLink != nil {
		errs = append(errs, p.engineLink.Close())
	}
	p.wg.Wait()
	if p.Store != nil {
		errs = append(errs, p.Store.Close())
	}
	return errors.Join(errs...)
}
