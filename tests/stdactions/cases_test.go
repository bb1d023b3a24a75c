package stdactions

// refCase is one call of a standard action. Input is the action's input
// as JSON text (its key order is kept: Mistral's errors list unexpected
// keys in input order), with placeholders such as {ssh} that each run
// fills in with its own servers (see env).
type refCase struct {
	Name   string
	Action string
	Input  string
	// Params are the run-action params (run_sync, save_result, timeout).
	Params string
	// Workflow runs the action as the only task of a workflow instead of
	// through POST /v2/action_executions.
	Workflow bool
	// SMTP names the SMTP server whose received message is compared.
	SMTP string
	// Task is more of the task's YAML (its policies), for workflow cases.
	Task string
	// Complete, for an asynchronous action in a workflow, is the body PUT
	// on its action execution once the action has run, as the service it
	// called would.
	Complete string
	// Differs says why our answer is not Mistral's on purpose; the test
	// then compares with our answer recorded beside Mistral's.
	Differs string
}

const (
	noJSEngine = "Debian's Mistral 15 has no JavaScript engine: no Debian package provides PyV8, " +
		"v8eval or py_mini_racer, so every script fails with 'PyV8 module is not available'; " +
		"ours runs it on goja. Only the input checks compare."
	anyKeyType = "Mistral 15 reads private keys with paramiko.RSAKey only and fails on any other " +
		"type; ours reads every type x/crypto/ssh knows (ed25519, ECDSA, RSA), so the key works."
	strAuth = "Mistral 15's HTTPAction splits a 'user:password' auth into a list, which requests then " +
		"calls ('list' object is not callable): basic auth never works there. Ours sends it."
	listAuth = "Mistral 15's HTTPAction constructor calls auth.split(':') and answers a list with " +
		"HTTP 500 and a Python traceback (AttributeError); bad input never gives a 500 here, so " +
		"ours answers 400 with the same message."
)

// refCases are the calls compared with Mistral 15.
var refCases = []refCase{
	// The simple actions.
	{Name: "echo", Action: "std.echo", Input: `{"output": {"a": [1, "x", null, 1.5, true]}}`},
	{Name: "echo delay string", Action: "std.echo", Input: `{"output": "x", "delay": "0.01"}`},
	{Name: "echo delay not a number", Action: "std.echo", Input: `{"output": "x", "delay": "soon"}`},
	{Name: "echo missing output", Action: "std.echo", Input: `{}`},
	{Name: "echo unexpected", Action: "std.echo", Input: `{"output": 1, "foo": 2, "bar": 3}`},
	{Name: "echo missing and unexpected", Action: "std.echo", Input: `{"delay": 1, "outptu": 2}`},
	{Name: "noop", Action: "std.noop", Input: `{}`},
	{Name: "noop unexpected", Action: "std.noop", Input: `{"x": 1}`},
	{Name: "fail", Action: "std.fail", Input: `{}`},
	{Name: "fail error_data", Action: "std.fail", Input: `{"error_data": {"code": 7, "why": "because"}}`},
	{Name: "fail falsy error_data", Action: "std.fail", Input: `{"error_data": ""}`},
	{Name: "fail unexpected", Action: "std.fail", Input: `{"error": "x"}`},
	{Name: "sleep zero", Action: "std.sleep", Input: `{"seconds": 0}`},
	{Name: "sleep not a number", Action: "std.sleep", Input: `{"seconds": "x"}`},
	{Name: "sleep float", Action: "std.sleep", Input: `{"seconds": 0.5}`},
	{Name: "test_dict", Action: "std.test_dict", Input: `{"size": 3, "key_prefix": "k", "val": [1]}`},
	{Name: "test_dict defaults", Action: "std.test_dict", Input: `{}`},
	{Name: "test_dict size string", Action: "std.test_dict", Input: `{"size": "3"}`},
	{Name: "async_noop", Action: "std.async_noop", Input: `{}`},
	{Name: "async_noop run_sync", Action: "std.async_noop", Input: `{}`, Params: `{"run_sync": true}`},
	{Name: "echo save_result", Action: "std.echo", Input: `{"output": [1]}`, Params: `{"save_result": true, "run_sync": true}`},
	{Name: "fail save_result", Action: "std.fail", Input: `{}`, Params: `{"save_result": true, "run_sync": true}`},
	{Name: "unknown action", Action: "std.nope", Input: `{}`},
	{Name: "sleep timeout", Action: "std.sleep", Input: `{"seconds": 3}`, Params: `{"timeout": 1}`},
	{Name: "echo delay timeout", Action: "std.echo", Input: `{"output": 1, "delay": 3}`, Params: `{"timeout": 1}`},
	{Name: "http timeout by run-action", Action: "std.http", Input: `{"url": "{http}/slow"}`, Params: `{"timeout": 1}`},
	{Name: "ssh timeout by run-action", Action: "std.ssh", Input: `{"cmd": "sleep 3", "host": "{ssh}", "username": "u", "password": "pw"}`, Params: `{"timeout": 1}`},

	// std.ssh and std.ssh_proxied. {ssh} and {ssh2} accept the password
	// "pw" and {key}; {sshd} is Debian's sshd accepting {key} for {user};
	// nothing listens on {ssh_closed}.
	{Name: "ssh password", Action: "std.ssh", Input: `{"cmd": "echo hello", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh key text", Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key": "{key}"}`},
	{Name: "ssh key file", Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key_filename": "{key_file}"}`},
	{Name: "ssh several hosts", Action: "std.ssh", Input: `{"cmd": "printf x", "host": ["{ssh}", "{ssh2}"], "username": "u", "password": "pw"}`},
	{Name: "ssh one host in a list", Action: "std.ssh", Input: `{"cmd": "printf x", "host": ["{ssh}"], "username": "u", "password": "pw"}`},
	{Name: "ssh stderr", Action: "std.ssh", Input: `{"cmd": "echo out; echo err >&2", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh utf-8 output", Action: "std.ssh", Input: `{"cmd": "printf 'caf\\303\\251'", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh non-utf-8 output", Action: "std.ssh", Input: `{"cmd": "printf '\\377'", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh exit status", Action: "std.ssh", Input: `{"cmd": "echo no; exit 3", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh wrong password", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh}", "username": "u", "password": "bad"}`},
	{Name: "ssh unreachable", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh_closed}", "username": "u", "password": "pw"}`},
	{Name: "ssh second host fails", Action: "std.ssh", Input: `{"cmd": "true", "host": ["{ssh}", "{ssh_closed}"], "username": "u", "password": "pw"}`},
	{Name: "ssh dotdot key file", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh}", "username": "u", "private_key_filename": "../x"}`},
	{Name: "ssh missing key file", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh}", "username": "u", "private_key_filename": "/nonexistent/id_rsa"}`},
	{Name: "ssh bad key text", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh}", "username": "u", "private_key": "not a key"}`},
	{Name: "ssh encrypted key", Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key": "{key_encrypted}", "password": "secret"}`},
	{Name: "ssh encrypted key wrong passphrase", Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key": "{key_encrypted}", "password": "wrong"}`},
	{Name: "ssh encrypted key without passphrase", Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key": "{key_encrypted}"}`},
	{Name: "ssh ed25519 key", Differs: anyKeyType, Action: "std.ssh", Input: `{"cmd": "printf ok", "host": "{ssh}", "username": "u", "private_key": "{ed25519_key}"}`},
	{Name: "ssh missing cmd", Action: "std.ssh", Input: `{"host": "{ssh}", "username": "u"}`},
	{Name: "ssh unexpected", Action: "std.ssh", Input: `{"cmd": "true", "host": "{ssh}", "username": "u", "port": 22}`},
	{Name: "sshd key", Action: "std.ssh", Input: `{"cmd": "echo $((6*7))", "host": "{sshd}", "username": "{user}", "private_key": "{key}"}`},
	{Name: "sshd password refused", Action: "std.ssh", Input: `{"cmd": "true", "host": "{sshd}", "username": "{user}", "password": "pw"}`},
	{Name: "ssh_proxied", Action: "std.ssh_proxied", Input: `{"cmd": "printf via", "host": "{ssh2}", "username": "u", "private_key_filename": "{key_file}", "gateway_host": "{ssh}"}`},
	{Name: "ssh_proxied gateway unreachable", Action: "std.ssh_proxied", Input: `{"cmd": "true", "host": "{ssh2}", "username": "u", "private_key_filename": "{key_file}", "gateway_host": "{ssh_closed}"}`},
	{Name: "ssh_proxied missing gateway", Action: "std.ssh_proxied", Input: `{"cmd": "true", "host": "{ssh2}", "username": "u", "private_key_filename": "{key_file}"}`},
	{Name: "ssh exit status in a workflow", Action: "std.ssh", Workflow: true, Input: `{"cmd": "exit 3", "host": "{ssh}", "username": "u", "password": "pw"}`},
	{Name: "ssh in a workflow", Action: "std.ssh", Workflow: true, Input: `{"cmd": "printf hi", "host": "{ssh}", "username": "u", "password": "pw"}`},

	// std.email. {smtp} is plain, {smtp_tls} offers STARTTLS and then
	// AUTH PLAIN LOGIN for wf@example.com / pa55; it refuses nobody@.
	{Name: "email", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@example.com", "b@example.com"], "cc_addrs": ["c@example.com"], "bcc_addrs": ["d@example.com"], "smtp_server": "{smtp}", "subject": "Héllo wörld", "body": "Line 1\nLïne 2"}`},
	{Name: "email defaults", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@example.com"], "smtp_server": "{smtp}"}`},
	{Name: "email html", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "x@y", "to_addrs": ["z@y"], "smtp_server": "{smtp}", "subject": "Hi", "body": "plain", "html_body": "<b>hi</b>", "reply_to": ["r@y", "s@y"]}`},
	{Name: "email starttls login", Action: "std.email", SMTP: "smtp_tls", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{smtp_tls}", "smtp_password": "pa55", "body": "b"}`},
	{Name: "email starttls without auth", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{smtp_tls_noauth}", "smtp_password": "pa55"}`},
	{Name: "email all addresses strings", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "wf@example.com", "to_addrs": "a@b", "cc_addrs": "c@d", "bcc_addrs": "e@f", "smtp_server": "{smtp}"}`},
	{Name: "email bcc_addrs a dict", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "bcc_addrs": {"e": "f"}, "smtp_server": "{smtp}"}`},
	{Name: "email cc_addrs a string", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "cc_addrs": "c@d", "smtp_server": "{smtp}"}`},
	{Name: "email reply_to a string", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "reply_to": "r@y", "smtp_server": "{smtp}", "body": "é"}`},
	{Name: "email wrong password", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{smtp_tls}", "smtp_password": "nope"}`},
	{Name: "email no starttls", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{smtp}", "smtp_password": "pa55"}`},
	{Name: "email refused", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{closed}"}`},
	{Name: "email recipient refused", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["nobody@x"], "smtp_server": "{smtp}"}`},
	{Name: "email some recipients refused", Action: "std.email", SMTP: "smtp", Input: `{"from_addr": "wf@example.com", "to_addrs": ["nobody@x", "a@b"], "smtp_server": "{smtp}"}`},
	{Name: "email to_addrs a string", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": "a@b", "smtp_server": "{smtp}"}`},
	{Name: "email missing smtp_server", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"]}`},
	{Name: "email unexpected", Action: "std.email", Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{smtp}", "smtp_user": "x"}`},
	{Name: "email refused in a workflow", Action: "std.email", Workflow: true, Input: `{"from_addr": "wf@example.com", "to_addrs": ["a@b"], "smtp_server": "{closed}"}`},

	// std.javascript and std.js.
	{Name: "javascript", Differs: noJSEngine, Action: "std.javascript", Input: `{"script": "return 1 + 2"}`},
	{Name: "js context", Differs: noJSEngine, Action: "std.js", Input: `{"script": "return $.a + 1", "context": {"a": 41}}`},
	{Name: "js syntax error", Differs: noJSEngine, Action: "std.js", Input: `{"script": "return ("}`},
	{Name: "js missing script", Action: "std.js", Input: `{"context": {}}`},
	{Name: "js unexpected", Action: "std.javascript", Input: `{"script": "return 1", "ctx": {}}`},
	{Name: "js in a workflow", Differs: noJSEngine, Action: "std.js", Workflow: true, Input: `{"script": "return 1"}`},

	// std.http: the failures and a few results (the rest of its shapes
	// are compared in engine/actions).
	{Name: "http json", Action: "std.http", Input: `{"url": "{http}/json"}`},
	{Name: "http redirect", Action: "std.http", Input: `{"url": "{http}/redirect"}`},
	{Name: "http redirect not followed", Action: "std.http", Input: `{"url": "{http}/redirect", "allow_redirects": false}`},
	{Name: "http latin-1 text", Action: "std.http", Input: `{"url": "{http}/text"}`},
	{Name: "http raw response", Action: "std.http", Input: `{"url": "{http}/raw"}`},
	{Name: "http gzip", Action: "std.http", Input: `{"url": "{http}/gzip"}`},
	{Name: "http brotli", Action: "std.http", Input: `{"url": "{http}/brotli"}`},
	{Name: "http head", Action: "std.http", Input: `{"url": "{http}/json", "method": "HEAD"}`},
	{Name: "http post", Action: "std.http", Input: `{"url": "{http}/echo", "method": "POST", "json": {"a": 1}, "params": {"q": "1"}, "headers": {"X-A": "b"}, "cookies": {"c": "d"}}`},
	{Name: "http put body", Differs: strAuth, Action: "std.http", Input: `{"url": "{http}/echo", "method": "PUT", "body": "raw text", "auth": "alice:s3cret"}`},
	{Name: "http not found", Action: "std.http", Input: `{"url": "{http}/missing"}`},
	{Name: "http basic auth", Differs: listAuth, Action: "std.http", Input: `{"url": "{http}/auth", "auth": ["alice", "s3cret"]}`},
	{Name: "http timeout", Action: "std.http", Input: `{"url": "{http}/slow", "timeout": 0.3}`},
	{Name: "http refused", Action: "std.http", Input: `{"url": "http://{closed}/x"}`},
	{Name: "http body and json", Action: "std.http", Input: `{"url": "{http}/echo", "body": "a", "json": {"b": 1}}`},
	{Name: "http missing url", Action: "std.http", Input: `{"method": "GET"}`},
	{Name: "http not found in a workflow", Action: "std.http", Workflow: true, Input: `{"url": "{http}/missing"}`},

	// std.mistral_http and std.async_noop complete through the API; their
	// requests carry the Mistral-* headers.
	{Name: "mistral_http completed", Action: "std.mistral_http", Workflow: true, Input: `{"url": "{http}/echo", "method": "POST", "body": "x"}`,
		Complete: `{"state": "SUCCESS", "output": "{\"v\": 1}"}`},
	{Name: "mistral_http completed with an error", Action: "std.mistral_http", Workflow: true, Input: `{"url": "{http}/echo"}`,
		Complete: `{"state": "ERROR", "output": "{\"why\": \"no\"}"}`},
	{Name: "mistral_http not found", Action: "std.mistral_http", Workflow: true, Input: `{"url": "{http}/missing"}`},
	{Name: "mistral_http run-action", Action: "std.mistral_http", Input: `{"url": "{http}/echo"}`},
	{Name: "async_noop completed", Action: "std.async_noop", Workflow: true, Input: `{}`,
		Complete: `{"state": "SUCCESS", "output": "{\"a\": [1, 2]}"}`},
	{Name: "async_noop completed with a list", Action: "std.async_noop", Workflow: true, Input: `{}`,
		Complete: `{"state": "SUCCESS", "output": "[1, 2]"}`},
	{Name: "async_noop completed without output", Action: "std.async_noop", Workflow: true, Input: `{}`,
		Complete: `{"state": "ERROR"}`},
	// A task timeout on an action that does not end by itself. (With a
	// synchronous action the task timer and the action's own timeout of
	// the same length race in Mistral 15: either message can win.)
	{Name: "async_noop timeout", Action: "std.async_noop", Workflow: true, Input: `{}`, Task: "timeout: 1"},

	// Errors as a task sees them.
	{Name: "fail in a workflow", Action: "std.fail", Workflow: true, Input: `{}`},
	{Name: "fail error_data in a workflow", Action: "std.fail", Workflow: true, Input: `{"error_data": {"code": 7}}`},
	{Name: "echo unexpected in a workflow", Action: "std.echo", Workflow: true, Input: `{"output": 1, "foo": 2}`},
}
