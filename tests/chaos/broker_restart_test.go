package chaos

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tramontane/tramontane/tests/testserver"
)

// TestBrokerRestart stops RabbitMQ while workflows run on our API, engine
// and executor processes, and starts it again a few seconds later: every
// execution must then complete, and no action execution may run twice. The
// broker is a node of the test's own (stopping the shared one would break
// everyone else's tests), configured as a deployment that wants to survive
// broker restarts: durable queues, so that requests queued at the stop are
// still there after it. A send that the broker had not confirmed when it
// went down may or may not have been queued: the engine fails that action
// and the task's retry runs it again (maxUnconfirmed); no other task may
// need a second attempt. Action heartbeats keep Mistral's defaults, which
// tolerate five minutes without a heartbeat: a slow broker start on a
// loaded machine took 40 s, and shorter settings failed actions that were
// running fine.
func TestBrokerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: starts and restarts a RabbitMQ node")
	}
	const (
		executions = 30
		tasks      = 10
	)
	rabbit := testserver.StartRabbit(t)
	conn := testserver.MySQLDatabase(t)
	cnt := &counter{hits: map[string]int{}, delay: 300 * time.Millisecond}
	hits := httptest.NewServer(cnt)
	defer hits.Close()

	dir := t.TempDir()
	port := testserver.FreePort(t)
	conf := fmt.Sprintf(`[DEFAULT]
transport_url = %s
rpc_response_timeout = 10

[database]
connection = %s
max_pool_size = 5
max_overflow = 10

[pecan]
auth_enable = false

[api]
host = 127.0.0.1
port = %d

[oslo_messaging_rabbit]
amqp_durable_queues = true

[tramontane]
outbox_lease = 5
outbox_sweep_interval = 1
`, rabbit.URL(), conn, port)
	startProcs(t, dir, conf)
	api := fmt.Sprintf("http://127.0.0.1:%d/v2", port)
	waitAPI(t, port)
	ids := startChains(t, api, "restart", hits.URL, tasks, executions)

	// Stop the broker once a fifth of the actions have run.
	calls := func() int {
		cnt.mu.Lock()
		defer cnt.mu.Unlock()
		return cnt.calls
	}
	for calls() < executions*tasks/5 {
		time.Sleep(20 * time.Millisecond)
	}
	start := time.Now()
	before := calls()
	rabbit.Stop()
	stopped := time.Since(start)
	time.Sleep(3 * time.Second)
	rabbit.Start()
	restarted := time.Since(start)
	if before >= executions*tasks {
		t.Fatalf("all %d actions had run before the broker stopped: the test proved nothing", before)
	}

	states := waitAll(t, api, ids, 2*time.Minute)
	once, retried, unconfirmed := checkRuns(t, api, cnt, executions*tasks)
	t.Logf("%d of %d actions had run when the broker was told to stop; broker stopped in %s, back after %s; executions %v, "+
		"done %s after the stop; tasks: %d ran once, %d retried (%d of them after a send the broker never confirmed)",
		before, executions*tasks, stopped.Round(time.Millisecond), restarted.Round(time.Millisecond), states,
		time.Since(start).Round(time.Millisecond), once, retried, unconfirmed)
	if retried != unconfirmed {
		t.Errorf("%d tasks needed more than one attempt, %d of them for a send the broker never confirmed: "+
			"the restart lost or failed actions", retried, unconfirmed)
	}
	if unconfirmed > maxUnconfirmed {
		t.Errorf("%d sends were in flight when the broker went down, want at most %d", unconfirmed, maxUnconfirmed)
	}
}

// maxUnconfirmed bounds the run_action messages of the broker restart
// test that were sent but not yet confirmed when the broker closed its
// connections. Their fate is unknown: the broker may have queued them or
// not. The engine fails such an action (it is not safe-rerun: it may have
// run), and the task's retry policy runs it again. A burst of sends after a
// group commit can meet the stop; more than a few would mean sends waiting
// on something other than the broker's confirm.
const maxUnconfirmed = 5
