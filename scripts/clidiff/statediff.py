"""Stateful restdiff: creates h3_* workflows, actions, a workbook,
environments, executions (finished, failed, waiting, with a sub-workflow),
cron and event triggers on the real Mistral 15 (REF_URL) and on ours
(OUR_URL), then sends each request of a JSON-lines file ([method, path,
body?], {name} placeholders naming the ids created: wf_h3_basic, ex_wait,
task_fail, ae_hello, ...) to both and prints those whose status, body or
Content-Type/Allow/Location headers differ once ids, dates and the host are
masked. NOSETUP=1 reuses the previous setup (/tmp/statediff-ctx.json);
CLEANUP=1 only deletes the h3_* resources. A probe may end with an options
object: {"opts": 1, "save": {"key": "dotted.path"}} stores a field of each server's
answer (e.g. "tasks.0.id") as placeholder {key} for later probes, "sleep": S
waits S seconds after it, "skip": true sends it without comparing. {http}
is the address of a local HTTP server for std.http: /status/<code> answers
that code with {"status": code}, /text a text/plain body, /redirect a 302 to
/hello, /hello {"hello": "world"}, /slow/<s> after s seconds, /headers
the request's headers, /gzip, /latin1, /badjson, /jsontext, /cookie and
/twice odd answers; anything else
echoes method, path, query, body and the Authorization and Content-Type
headers. Usage: statediff.py FILE.jsonl"""
import http.server, json, os, re, sys, threading, time, urllib.request
SERVERS = {"ref": os.environ.get("REF_URL", "http://127.0.0.1:8990/v2"),
           "our": os.environ.get("OUR_URL", "http://127.0.0.1:18904/v2")}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
def req(base, m, path, body=None, hdr=None):
    data = None; h = dict(hdr or {})
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        h.setdefault("Content-Type", "application/json" if not isinstance(body, str) or body.startswith("{") else "text/plain")
    url = path if path.startswith("http") else base + path
    url = url.replace(" ", "%20")
    r = urllib.request.Request(url, data=data, method=m, headers=h)
    try:
        with urllib.request.urlopen(r) as f: return f.status, f.read().decode(), dict(f.headers)
    except urllib.error.HTTPError as e: return e.code, e.read().decode(), dict(e.headers)
def jreq(base, m, path, body=None):
    s, b, _ = req(base, m, path, body)
    try: return s, json.loads(b)
    except Exception: return s, b
WF = """---
version: '2.0'
h3_basic:
  description: basic one
  tags: [h3, t1]
  input:
    - who: world
    - n: 2
  tasks:
    hello:
      action: std.echo output="hi <% $.who %>"
      publish:
        greeting: <% task().result %>
      on-success: [count]
    count:
      action: std.echo output=<% $.n * 10 %>
      publish:
        total: <% task().result %>
  output:
    greeting: <% $.greeting %>
    total: <% $.total %>
h3_fail:
  tags: [h3]
  tasks:
    boom:
      action: std.fail error_data="bad thing"
h3_wait:
  input:
    - x: 1
  tasks:
    w:
      action: std.async_noop
h3_parent:
  tasks:
    child:
      workflow: h3_basic who=kid
    bad:
      action: std.fail
"""
ACT = """---
version: '2.0'
h3_act:
  description: an action
  tags: [h3]
  base: std.echo
  base-input:
    output: "<% $.a %>-<% $.b %>"
  input:
    - a
    - b: dflt
h3_act2:
  base: std.noop
"""
WB = """---
version: '2.0'
name: h3_wb
description: a workbook
tags: [h3, wbt]
actions:
  say:
    base: std.echo
    base-input:
      output: <% $.text %>
    input: [text]
workflows:
  flow:
    tasks:
      t:
        action: say text=hello
"""
def cleanup(base):
    # Triggers go by id: some probes create them without a name.
    s, d = jreq(base, "GET", "/workflows?name=has:h3_&fields=name&limit=1000")
    wf_ids = {x["id"] for x in d.get("workflows", [])}
    for r in ["cron_triggers", "event_triggers"]:
        s, d = jreq(base, "GET", "/%s?limit=1000" % r)
        for x in d.get(r, []):
            if (x.get("name") or "").startswith("h3_") or x.get("workflow_id") in wf_ids:
                jreq(base, "DELETE", "/%s/%s" % (r, x["id"]))
    s, d = jreq(base, "GET", "/executions?workflow_name=has:h3_&limit=1000&fields=workflow_name")
    for x in d.get("executions", []):
        if (x.get("workflow_name") or "").startswith("h3_"): jreq(base, "DELETE", "/executions/%s?force=true" % x["id"])
    for ns in ["", "h3ns"]:
        for n in ["h3_basic", "h3_fail", "h3_wait", "h3_parent", "h3_rev"]:
            jreq(base, "DELETE", "/workflows/%s?namespace=%s" % (n, ns))
    jreq(base, "DELETE", "/workbooks/h3_wb")
    for r in ["workflows", "actions"]:
        s, d = jreq(base, "GET", "/%s?name=has:h3_&fields=name,namespace&limit=1000" % r)
        for x in d.get(r, []):
            jreq(base, "DELETE", "/%s/%s?namespace=%s" % (r, x["id"], x.get("namespace") or ""))
    s, d = jreq(base, "GET", "/environments?limit=1000&fields=name")
    for x in d.get("environments", []):
        if x["name"].startswith("h3_"): jreq(base, "DELETE", "/environments/%s" % x["name"])
def wait_state(base, eid, states, t=30):
    for _ in range(t * 5):
        s, d = jreq(base, "GET", "/executions/" + eid)
        if d.get("state") in states: return d
        time.sleep(0.2)
    return d
def setup(base):
    cleanup(base)
    ctx = {}
    s, d = jreq(base, "POST", "/workflows", WF); assert s == 201, (s, d)
    for w in d["workflows"]: ctx["wf_" + w["name"]] = w["id"]
    s, d = jreq(base, "POST", "/workflows?namespace=h3ns", WF); assert s == 201, (s, d)
    for w in d["workflows"]: ctx["wfns_" + w["name"]] = w["id"]
    s, d = jreq(base, "POST", "/actions", ACT); assert s == 201, (s, d)
    for a in d["actions"]: ctx["act_" + a["name"]] = a["id"]
    s, d = jreq(base, "POST", "/workbooks", WB); assert s == 201, (s, d); ctx["wb"] = d["id"]
    s, d = jreq(base, "POST", "/environments", {"name": "h3_env", "description": "env one", "variables": {"k": "v", "n": 1}}); assert s == 201, (s, d); ctx["env"] = d["id"]
    s, d = jreq(base, "POST", "/environments", {"name": "h3_env2", "variables": json.dumps({"k": "w"})}); assert s == 201, (s, d)
    s, d = jreq(base, "POST", "/executions", {"workflow_name": "h3_basic", "input": {"who": "a"}, "description": "first"}); ctx["ex_basic"] = d["id"]
    wait_state(base, d["id"], ["SUCCESS", "ERROR"])
    time.sleep(1.1)
    s, d = jreq(base, "POST", "/executions", {"workflow_name": "h3_fail"}); ctx["ex_fail"] = d["id"]
    wait_state(base, d["id"], ["SUCCESS", "ERROR"])
    time.sleep(1.1)
    s, d = jreq(base, "POST", "/executions", {"workflow_name": "h3_wait", "params": {"env": {"e": 1}}}); ctx["ex_wait"] = d["id"]
    time.sleep(1.1)
    s, d = jreq(base, "POST", "/executions", {"workflow_name": "h3_parent"}); ctx["ex_parent"] = d["id"]
    wait_state(base, d["id"], ["SUCCESS", "ERROR"])
    time.sleep(1.1)
    s, d = jreq(base, "POST", "/executions", {"workflow_name": "h3_wait", "workflow_namespace": "h3ns"}); ctx["ex_wait2"] = d["id"]
    time.sleep(1.5)
    s, d = jreq(base, "GET", "/executions/%s/tasks" % ctx["ex_basic"])
    for t in d["tasks"]: ctx["task_basic_" + t["name"]] = t["id"]
    s, d = jreq(base, "GET", "/executions/%s/tasks" % ctx["ex_fail"])
    ctx["task_fail"] = d["tasks"][0]["id"]
    s, d = jreq(base, "GET", "/executions/%s/tasks" % ctx["ex_wait"])
    ctx["task_wait"] = d["tasks"][0]["id"]
    s, d = jreq(base, "GET", "/tasks/%s/action_executions" % ctx["task_wait"])
    ctx["ae_wait"] = d["action_executions"][0]["id"]
    s, d = jreq(base, "GET", "/tasks/%s/action_executions" % ctx["task_basic_hello"])
    ctx["ae_hello"] = d["action_executions"][0]["id"]
    s, d = jreq(base, "GET", "/executions/%s/tasks" % ctx["ex_parent"])
    for t in d["tasks"]: ctx["task_parent_" + t["name"]] = t["id"]
    s, d = jreq(base, "GET", "/tasks/%s/executions" % ctx["task_parent_child"])
    ctx["ex_child"] = d["executions"][0]["id"]
    s, d = jreq(base, "POST", "/cron_triggers", {"name": "h3_cron", "workflow_name": "h3_basic", "pattern": "0 0 1 1 *", "workflow_input": {"who": "c"}, "remaining_executions": 5})
    assert s == 201, (s, d); ctx["cron"] = d["id"]
    s, d = jreq(base, "POST", "/cron_triggers", {"name": "h3_cron2", "workflow_id": ctx["wf_h3_wait"], "first_execution_time": "2099-01-01 00:00", "pattern": "0 0 1 1 *"})
    assert s == 201, (s, d)
    s, d = jreq(base, "POST", "/event_triggers", {"name": "h3_evt", "workflow_id": ctx["wf_h3_basic"], "exchange": "nova", "topic": "notifications", "event": "compute.instance.create.end", "workflow_input": {"who": "e"}})
    ctx["evt"] = d.get("id") if isinstance(d, dict) else None
    if s != 201: print("event trigger", base, s, d)
    return ctx
def norm(s):
    s = UUID.sub("<id>", s); s = DATE.sub("<date>", s)
    s = s.replace("127.0.0.1:8990", "HOST").replace("127.0.0.1:18904", "HOST")
    s = re.sub(r'"duration": [0-9.]+', '"duration": 0', s)
    s = re.sub(r'(elapsed\\*"): [0-9.e-]+', r'\1: 0', s)
    s = re.sub(r'\w\w\w, \d\d \w\w\w \d{4} \d\d:\d\d:\d\d GMT', '<httpdate>', s)
    s = re.sub(r' at 0x[0-9a-f]+>', ' at 0x>', s)
    return s
TRACEBACK = "\nTraceback (most recent call last):"
def drop_tracebacks(v):
    # Mistral appends Python tracebacks to some error texts; we write none
    # (the conformance runner drops them too). A JSON text holding one is
    # read, cleaned and written again.
    if isinstance(v, dict): return {k: drop_tracebacks(x) for k, x in v.items()}
    if isinstance(v, list): return [drop_tracebacks(x) for x in v]
    if isinstance(v, str) and "Traceback (most recent call last):" in v:
        try: return json.dumps(drop_tracebacks(json.loads(v)))
        except ValueError: pass
        i = v.find(TRACEBACK)
        return v[:i] if i >= 0 else v
    return v
def canon(b):
    try:
        j = drop_tracebacks(json.loads(b))
        return norm(json.dumps(j, sort_keys=True))
    except Exception:
        return norm(b)
HDRS = ["content-type", "allow", "location"]
class Echo(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, code, body, ctype="application/json", extra=None):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(code)
        if ctype: self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items(): self.send_header(k, v)
        self.send_header("Content-Length", str(len(data))); self.end_headers()
        if self.command != "HEAD": self.wfile.write(data)
    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        path, _, query = self.path.partition("?")
        if path.startswith("/status/"):
            code = int(path.split("/")[2]); return self.answer(code, {"status": code})
        if path == "/text": return self.answer(200, "plain words", "text/plain")
        if path == "/html": return self.answer(200, "<p>x</p>", "text/html; charset=utf-8")
        if path == "/nobody": return self.answer(200, "", None)
        if path == "/redirect": return self.answer(302, "", None, {"Location": "/hello"})
        if path == "/hello": return self.answer(200, {"hello": "world"})
        if path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2])); return self.answer(200, {"slow": True})
        if path == "/gzip":
            import gzip
            data = gzip.compress(b'{"z": 1}')
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip"); self.send_header("Content-Length", str(len(data))); self.end_headers()
            return self.wfile.write(data)
        if path == "/latin1": return self.answer(200, "caf\xe9".encode("latin-1").decode("latin-1"), "text/plain; charset=ISO-8859-1")
        if path == "/badjson": return self.answer(200, "{not json", "application/json")
        if path == "/jsontext": return self.answer(200, '{"a": [1, 2]}', "text/plain")
        if path == "/cookie": return self.answer(200, {}, "application/json", {"Set-Cookie": "sid=abc; Path=/"})
        if path == "/twice":
            self.send_response(200); self.send_header("X-Dup", "1"); self.send_header("X-Dup", "2")
            self.send_header("Content-Length", "0"); self.end_headers(); return
        if path.startswith("/headers"):
            return self.answer(200, {"method": self.command, "body": body, "headers": dict(self.headers.items())})
        self.answer(200, {"method": self.command, "path": path, "query": query, "body": body,
                          "auth": self.headers.get("Authorization"), "ctype": self.headers.get("Content-Type")})
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any
def get_path(d, dotted):
    for part in dotted.split("."):
        d = d[int(part)] if isinstance(d, list) else d.get(part)
    return d
def main():
    if os.environ.get("CLEANUP"):
        for b in SERVERS.values(): cleanup(b)
        return
    probes = []
    for l in open(sys.argv[1]):
        if l.strip() and not l.startswith("#"): probes.append(json.loads(l))
    ctxs = {}
    cache = "/tmp/statediff-ctx.json"
    if os.environ.get("NOSETUP") and os.path.exists(cache):
        ctxs = json.load(open(cache))
    else:
        for k, b in SERVERS.items(): ctxs[k] = setup(b)
        json.dump(ctxs, open(cache, "w"))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    for c in ctxs.values(): c["http"] = "http://127.0.0.1:%d" % srv.server_address[1]
    n = 0
    for p in probes:
        opts = p[-1] if len(p) > 2 and isinstance(p[-1], dict) and p[-1].get("opts") else {}
        if opts: p = p[:-1]
        m, path = p[0], p[1]; body = p[2] if len(p) > 2 else None
        out = {}
        for k, base in SERVERS.items():
            c = ctxs[k]
            pth = path.format(**c)
            bd = body
            if body is not None:
                bs = json.dumps(body) if not isinstance(body, str) else body
                for kk, vv in c.items(): bs = bs.replace("{" + kk + "}", str(vv))
                bd = json.loads(bs) if not isinstance(body, str) else bs
            s, b, h = req(base, m, pth, bd)
            hh = {x: h.get(x) or h.get(x.title()) or h.get(x.capitalize()) for x in HDRS}
            hh = {x: v for x, v in hh.items() if v}
            out[k] = (s, canon(b)[:1500], norm(json.dumps(hh)))
            for key, dotted in opts.get("save", {}).items():
                try: c[key] = get_path(json.loads(b), dotted)
                except Exception as e: print("save", key, "failed on", k, s, b[:300], e)
        time.sleep(opts.get("sleep", 0))
        if out["ref"] != out["our"] and not opts.get("skip"):
            n += 1
            print("==", m, path, json.dumps(body) if body is not None else "")
            for k in out:
                print("  %s %s %s" % (k, out[k][0], out[k][2])); print("     ", out[k][1])
    print(len(probes), "probes,", n, "differ")
main()
