#!/usr/bin/env python3
"""Scale measurements of one running server (issue 10, scope 3 and 4).

    scale.py --url URL [--pid ROLE=PID ...] [--only size,items,context,
             throughput,memory] [--sizes 10,50,100,1000]
             [--items 10,200,1000,10000]
             [--contexts 1024,102400,1048576] [--concurrent 100]
             [--memory-executions 1000] [--runs 3] [--json OUT.json]
             [--label TEXT]

Every workflow is generated here and uploaded with POST (or PUT) /v2/workflows;
every run is POST /v2/executions and a GET poll (--poll, or 1% of the time
waited when longer) until a terminal state; each run's output and task
count are checked after the clock stops.

  size        chains of std.noop tasks: seconds and milliseconds per task,
              which should not grow with the length.
  items       with-items over N elements (std.echo per element, the results
              accumulated): milliseconds per item.
  context     a 10-task chain whose input carries a string of N bytes that
              every task can see: milliseconds per task.
  throughput  --concurrent executions of a 10-task chain POSTed at once:
              executions per second, and a check that every task ran its
              action exactly once (one action execution per task).
  memory      resident size of the --pid processes while idle, and the peak
              while --memory-executions 3-task chains run at once.

size and items report the median of --runs timed runs per length (after an
untimed one): on a shared machine one run can be a fifth off either way.

Python 3 standard library only; the results go to stdout and to --json.
`scale.py report A.json B.json ...` prints them as markdown tables.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request

TERMINAL = ("SUCCESS", "ERROR", "CANCELLED")


class Client(object):
    def __init__(self, base, timeout=120.0):
        self.base = base.rstrip("/")
        self.timeout = timeout

    def request(self, method, path, body=None, ctype="application/json",
                expect=(200,)):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            data = (json.dumps(body) if not isinstance(body, str)
                    else body).encode("utf-8")
            headers["Content-Type"] = ctype
        req = urllib.request.Request(self.base + path, data=data,
                                     headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        if status not in expect:
            raise RuntimeError("%s %s -> %s: %s" % (method, path, status,
                                                    raw[:500]))
        return json.loads(raw) if raw else None


def upload(client, text):
    try:
        client.request("POST", "/workflows", text, "text/plain",
                       expect=(201,))
    except RuntimeError as e:
        if " 409:" not in str(e):
            raise
        client.request("PUT", "/workflows", text, "text/plain")


def chain_yaml(name, n, with_blob=False):
    lines = ["---", "version: '2.0'", "", name + ":", "  type: direct"]
    if with_blob:
        lines += ["  input:", "    - blob"]
    lines += ["  output:", "    done: <% $.done %>", "  tasks:"]
    for i in range(1, n + 1):
        lines.append("    t%04d:" % i)
        lines.append("      action: std.noop")
        if i < n:
            lines.append("      on-success: t%04d" % (i + 1))
        else:
            lines += ["      publish:", "        done: %d" % n]
    return "\n".join(lines) + "\n"


ITEMS_YAML = """---
version: '2.0'
scale_items:
  type: direct
  input:
    - items
  output:
    count: <% $.count %>
  tasks:
    each:
      with-items: x in <% $.items %>
      action: std.echo output=<% $.x %>
      publish:
        count: <% len(task().result) %>
"""


def start(client, wf, inp):
    ex = client.request("POST", "/executions",
                        {"workflow_name": wf, "input": json.dumps(inp)},
                        expect=(200, 201))
    return ex["id"]


def wait(client, ex_id, poll, timeout):
    """Polls every `poll` seconds, or a hundredth of the time waited when
    that is longer: an answer carries the execution's input (160 KB for
    10,000 items, 3 ms to serve and parse), so a fixed 5 ms poll would take
    a growing share of the machine from the run it measures. The end is
    seen at most 1% (or `poll`) late."""
    start = time.monotonic()
    deadline = start + timeout
    while True:
        ex = client.request("GET", "/executions/%s" % ex_id)
        if ex["state"] in TERMINAL:
            return ex, time.perf_counter()
        if time.monotonic() > deadline:
            raise RuntimeError("execution %s still %s after %ss"
                               % (ex_id, ex["state"], timeout))
        time.sleep(max(poll, (time.monotonic() - start) / 100))


def run_one(client, wf, inp, expect_output, poll, timeout):
    t0 = time.perf_counter()
    ex_id = start(client, wf, inp)
    ex, t1 = wait(client, ex_id, poll, timeout)
    out = json.loads(ex.get("output") or "{}")
    if ex["state"] != "SUCCESS" or out != expect_output:
        raise RuntimeError("%s ended %s with %r (state_info %r), want %r" % (
            wf, ex["state"], out, ex.get("state_info"), expect_output))
    return t1 - t0


def median_run(args, run):
    """One untimed run, then the median of --runs timed ones, and all."""
    run()
    times = [run() for _ in range(args.runs)]
    return statistics.median(times), times


def scen_size(client, args):
    rows = []
    for n in args.sizes:
        wf = "scale_chain%d" % n
        upload(client, chain_yaml(wf, n))
        t, times = median_run(args, lambda: run_one(
            client, wf, {}, {"done": n}, args.poll, args.timeout))
        rows.append({"tasks": n, "seconds": t, "ms_per_task": 1000 * t / n,
                     "runs": times})
        print("  chain %5d tasks: %8.3f s  %7.3f ms/task  (runs %s)" % (
            n, t, 1000 * t / n, " ".join("%.3f" % x for x in times)),
            flush=True)
    return rows


def scen_items(client, args):
    upload(client, ITEMS_YAML)
    rows = []
    for n in args.items:
        inp = {"items": ["item-%05d" % i for i in range(n)]}
        t, times = median_run(args, lambda: run_one(
            client, "scale_items", inp, {"count": n}, args.poll, args.timeout))
        rows.append({"items": n, "seconds": t, "ms_per_item": 1000 * t / n,
                     "runs": times})
        print("  with-items %6d: %8.3f s  %7.3f ms/item  (runs %s)" % (
            n, t, 1000 * t / n, " ".join("%.3f" % x for x in times)),
            flush=True)
    return rows


def scen_context(client, args):
    wf = "scale_context"
    upload(client, chain_yaml(wf, 10, with_blob=True))
    rows = []
    for size in args.contexts:
        inp = {"blob": "x" * size}
        t = run_one(client, wf, inp, {"done": 10}, args.poll, args.timeout)
        rows.append({"bytes": size, "seconds": t, "ms_per_task": 100 * t})
        print("  context %8d B: %8.3f s  %7.3f ms/task" % (
            size, t, 100 * t), flush=True)
    return rows


def start_many(client, wf, count):
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        return list(pool.map(lambda _: start(client, wf, {}), range(count)))


def wait_all(client, ids, poll, timeout, on_sweep=None):
    pending, states = set(ids), {}
    deadline = time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            raise RuntimeError("%d executions unfinished after %ss"
                               % (len(pending), timeout))
        for ex_id in list(pending):
            ex = client.request("GET", "/executions/%s" % ex_id)
            if ex["state"] in TERMINAL:
                states[ex_id] = ex["state"]
                pending.discard(ex_id)
        if on_sweep:
            on_sweep()
        if pending:
            time.sleep(poll)
    return states, time.perf_counter()


def action_counts(client, ids):
    """Action executions per task of the given executions."""
    wanted, per_task, marker = set(ids), {}, None
    while True:
        q = "/action_executions?limit=1000&fields=task_execution_id," \
            "workflow_name&sort_keys=created_at,id"
        if marker:
            q += "&marker=" + marker
        page = client.request("GET", q)["action_executions"]
        for a in page:
            per_task[a.get("task_execution_id")] = \
                per_task.get(a.get("task_execution_id"), 0) + 1
        if len(page) < 1000:
            break
        marker = page[-1]["id"]
    tasks = {}
    for ex_id in wanted:
        for t in client.request("GET", "/executions/%s/tasks" % ex_id)[
                "tasks"]:
            tasks[t["id"]] = per_task.get(t["id"], 0)
    return tasks


def scen_throughput(client, args):
    wf = "scale_chain10"
    upload(client, chain_yaml(wf, 10))
    t0 = time.perf_counter()
    ids = start_many(client, wf, args.concurrent)
    states, t1 = wait_all(client, ids, args.poll * 4, args.timeout)
    bad = [s for s in states.values() if s != "SUCCESS"]
    counts = action_counts(client, ids)
    not_once = {t: c for t, c in counts.items() if c != 1}
    row = {"executions": len(ids), "seconds": t1 - t0,
           "executions_per_s": len(ids) / (t1 - t0),
           "tasks": len(counts), "not_success": len(bad),
           "tasks_not_run_once": len(not_once)}
    print("  %d executions of a 10-task chain: %.3f s, %.1f executions/s; "
          "%d tasks, %d not SUCCESS, %d tasks whose action did not run "
          "exactly once" % (len(ids), t1 - t0, row["executions_per_s"],
                            len(counts), len(bad), len(not_once)), flush=True)
    if bad or not_once or len(counts) != 10 * len(ids):
        raise RuntimeError("throughput check failed: %r" % row)
    return row


def rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def scen_memory(client, args):
    pids = [int(p.split("=", 1)[1].split(":")[0]) for p in args.pid]
    if not pids:
        raise RuntimeError("memory needs --pid")
    wf = "scale_chain3"
    upload(client, chain_yaml(wf, 3))
    idle = rss_kb(pids)
    peak = [idle]

    def sample():
        peak[0] = max(peak[0], rss_kb(pids))

    t0 = time.perf_counter()
    ids = start_many(client, wf, args.memory_executions)
    sample()
    states, t1 = wait_all(client, ids, args.poll * 4, args.timeout, sample)
    bad = [s for s in states.values() if s != "SUCCESS"]
    row = {"idle_mb": idle / 1024, "peak_mb": peak[0] / 1024,
           "executions": len(ids), "seconds": t1 - t0,
           "not_success": len(bad)}
    print("  memory: idle %.0f MB, peak %.0f MB while %d executions ran "
          "(%.1f s)" % (row["idle_mb"], row["peak_mb"], len(ids), t1 - t0),
          flush=True)
    if bad:
        raise RuntimeError("memory run: %d executions not SUCCESS" % len(bad))
    return row


def report(paths):
    """Markdown tables of several --json results, one row per target."""
    docs = []
    for p in paths:
        with open(p) as f:
            docs.append(json.load(f))
    lines = []

    def table(title, key, cols, cells):
        rows = [d for d in docs if isinstance(d.get(key), (list, dict))
                and "error" not in d[key]]
        failed = [d["label"] for d in docs
                  if isinstance(d.get(key), dict) and "error" in d[key]]
        if not rows and not failed:
            return
        lines.extend(["", title, "",
                      "| target | " + " | ".join(cols) + " |",
                      "|---|" + "---:|" * len(cols)])
        for d in rows:
            lines.append("| %s | %s |" % (d["label"],
                                          " | ".join(cells(d[key]))))
        for label in failed:
            lines.append("| %s | %s |" % (label, " | ".join(
                ["FAILED"] * len(cols))))

    def per(key, unit):
        def cells(rows):
            return ["%.3f s (%.2f ms/%s)" % (r["seconds"], r[key], unit)
                    for r in rows]
        return cells

    first = next((d for d in docs if isinstance(d.get("size"), list)), None)
    if first:
        table("Chains of std.noop tasks (median time of the timed runs, and per task):", "size",
              ["%d tasks" % r["tasks"] for r in first["size"]],
              per("ms_per_task", "task"))
    first = next((d for d in docs if isinstance(d.get("items"), list)), None)
    if first:
        table("with-items over N elements (median time of the timed runs, and per item):", "items",
              ["%d items" % r["items"] for r in first["items"]],
              per("ms_per_item", "item"))
    first = next((d for d in docs if isinstance(d.get("context"), list)),
                 None)
    if first:
        table("A 10-task chain whose context holds N bytes:", "context",
              ["%d B" % r["bytes"] for r in first["context"]],
              per("ms_per_task", "task"))
    table("Concurrent 10-task chains POSTed at once (every action checked "
          "to run exactly once):", "throughput",
          ["executions", "seconds", "executions/s"],
          lambda r: ["%d" % r["executions"], "%.3f" % r["seconds"],
                     "%.1f" % r["executions_per_s"]])
    table("Resident memory of the server's processes:", "memory",
          ["idle MB", "peak MB", "while running"],
          lambda r: ["%.0f" % r["idle_mb"], "%.0f" % r["peak_mb"],
                     "%d executions at once" % r["executions"]])
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    return text


SCENARIOS = {"size": scen_size, "items": scen_items, "context": scen_context,
             "throughput": scen_throughput, "memory": scen_memory}


def ints(text):
    return [int(x) for x in text.split(",") if x]


def main():
    if sys.argv[1:2] == ["report"]:
        report(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--label", default="")
    ap.add_argument("--pid", action="append", default=[],
                    help="ROLE=PID of a process whose memory counts")
    ap.add_argument("--only", default=",".join(SCENARIOS))
    ap.add_argument("--sizes", type=ints, default=[10, 50, 100, 1000])
    ap.add_argument("--items", type=ints, default=[10, 200, 1000, 10000])
    ap.add_argument("--contexts", type=ints,
                    default=[1024, 102400, 1048576])
    ap.add_argument("--concurrent", type=int, default=100)
    ap.add_argument("--memory-executions", type=int, default=1000)
    ap.add_argument("--poll", type=float, default=0.005)
    ap.add_argument("--runs", type=int, default=3,
                    help="timed runs per length of size and items (median)")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--json")
    args = ap.parse_args()
    client = Client(args.url)
    result, failed = {"label": args.label, "url": args.url}, False
    for name in args.only.split(","):
        print("== %s %s" % (args.label, name), flush=True)
        try:
            result[name] = SCENARIOS[name](client, args)
        except Exception as e:  # reported, and the next scenario runs
            print("  FAILED: %s" % e, flush=True)
            result[name] = {"error": str(e)}
            failed = True
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
