"""Sends each request of a JSON-lines file ([method, path, body?]) to the real
Mistral 15 and to Tramontane and prints those whose status or body (its
faultstring for errors; ids masked) differ. Usage: restdiff.py rest.jsonl"""
import json, os, re, sys, urllib.request
SERVERS = {"ref": os.environ.get("REF_URL", "http://127.0.0.1:8990/v2"),
           "our": os.environ.get("OUR_URL", "http://127.0.0.1:18904/v2")}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
def req(base, m, path, body=None):
    data = None; h = {}
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        h["Content-Type"] = "application/json" if not isinstance(body, str) or body.startswith("{") else "text/plain"
    r = urllib.request.Request(base + path, data=data, method=m, headers=h)
    try:
        with urllib.request.urlopen(r) as f: return f.status, f.read().decode()
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
steps = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
n = 0
for st in steps:
    out = {}
    for k, base in SERVERS.items():
        s, b = req(base, *st)
        try:
            j = json.loads(b); b = j.get("faultstring", j) if isinstance(j, dict) else j
        except Exception: pass
        out[k] = (s, UUID.sub("<id>", str(b))[:600])
    if out["ref"] != out["our"]:
        n += 1
        print("==", st[0], st[1], json.dumps(st[2]) if len(st) > 2 else ""); print("  ref", out["ref"]); print("  our", out["our"])
print(len(steps), "steps,", n, "differ")
