package service

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tramontane/tramontane/compat/config"
	"github.com/tramontane/tramontane/compat/policy"
	"github.com/tramontane/tramontane/compat/rest"
	"github.com/tramontane/tramontane/engine"
	"github.com/tramontane/tramontane/rpc"
)

// startAPI serves the v2 REST API on [api] host:port.
func (p *Process) startAPI(ctx context.Context, cfg *config.Config, engine rpc.EngineAPI) error {
	enforcer, err := policy.New(policy.Options{
		File:        cfg.Policy.File,
		Dirs:        cfg.Policy.Dirs,
		SearchDirs:  cfg.Policy.SearchDirs,
		DefaultRule: cfg.Policy.DefaultRule,
		Log:         p.log.With("service", "policy"),
	})
	if err != nil {
		return fmt.Errorf("[oslo_policy]: %w", err)
	}
	handler := rest.New(rest.Config{
		AllowActionExecutionDeletion: cfg.API.AllowActionExecutionDeletion,
		ValidationMode:               cfg.API.ValidationMode,
		AuthURI:                      cfg.Auth.Keystone.WWWAuthenticateURI,
		AuthCACert:                   cfg.Auth.Keystone.CAFile,
		ProxyHeaders:                 cfg.API.ProxyHeaders,
		CORS:                         corsRules(cfg.API.CORS),
	}, rest.Deps{
		Store:       p.Store,
		Engine:      engine,
		Definitions: p.Definitions,
		Actions:     p.Actions,
		CronWake:    p.cronWake,
		Auth:        p.tokenValidator(),
		Trusts:      p.trustManager(),
		EventEngine: rpc.NewEventEngineClient(p.Transport, cfg.EventEngine.Topic),
		Log:         p.log.With("service", "api"),
		Policy:      enforcer,
		// The API evaluates published_global itself, as Mistral's does:
		// with this process's engine, or a reading one.
		PublishedGlobal: p.reader().PublishedGlobal,
	})
	var tlsCfg *tls.Config
	if cfg.API.SSL {
		if tlsCfg, err = apiTLS(cfg.API.TLS, p.log.With("service", "api")); err != nil {
			return err
		}
	}
	ln, err := p.listen(cfg)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsCfg != nil {
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	// client_socket_timeout closes idle connections. It is no deadline on
	// a request: Go cancels a request whose connection passes its read
	// deadline, and a synchronous run-action may take longer.
	p.httpSrv = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       cfg.API.ClientSocketTimeout,
	}
	p.httpSrv.SetKeepAlivesEnabled(cfg.API.KeepAlive)
	p.log.Info("API listening", "address", scheme+"://"+p.apiAddr+"/v2")
	p.goRun("api", func() error {
		if err := p.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve API: %w", err)
		}
		return nil
	})
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		p.httpSrv.Shutdown(shutdown)
	}()
	return nil
}

// tokenValidator is what validates callers' tokens: the Keystone client
// with [pecan] auth_enable on, none without.
func (p *Process) tokenValidator() rest.TokenValidator {
	if p.Keystone == nil {
		return nil
	}
	return p.Keystone
}

// trustManager makes triggers' trusts: the Keystone client with [pecan]
// auth_enable on, none without.
func (p *Process) trustManager() rest.TrustManager {
	if p.Keystone == nil {
		return nil
	}
	return p.Keystone
}

// triggerContext makes the context triggers fire with: from their trusts
// with [pecan] auth_enable on, none without.
func (p *Process) triggerContext() engine.TriggerContext {
	if p.Keystone == nil {
		return nil
	}
	return p.Keystone.TriggerContext
}

// reader is this process's engine, or, in a process without one, an
// engine that only reads (no executor): for what the API evaluates itself.
func (p *Process) reader() *engine.Engine {
	if p.Engine != nil {
		return p.Engine
	}
	return engine.New(engine.Config{}, p.Store, p.Evaluator, p.Actions, nil, p.log.With("service", "api"))
}

// corsRules are the API's CORS rules of [cors].
func corsRules(rules []config.CORSRule) []rest.CORSRule {
	out := make([]rest.CORSRule, len(rules))
	for i, r := range rules {
		out[i] = rest.CORSRule(r)
	}
	return out
}
