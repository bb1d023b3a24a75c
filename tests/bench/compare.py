#!/usr/bin/env python3
"""Helper of compare.sh: measures one running server, and writes the report.

    compare.py measure --name NAME --label TEXT --url URL --pid ROLE=PID ...
                       --bench BENCH_PY --runs N --json OUT.json
    compare.py report --out RESULTS.md RESULT.json ...
    compare.py wait-quiet --max-load L   (waits up to 2 minutes)

measure runs ../shared/bench/bench.py against URL twice over:

  1. timed: every scenario, --poll 0.005, medians of --runs runs (bench.py's
     own figures, with its checks of outputs and task states);
  2. CPU: seq50, fanout100, items200 and concurrent20 again, one scenario at
     a time with a slow poll (0.1 s) so that the API's answers to the poller
     cost little, reading utime+stime of each process (and its children) from
     /proc/PID/stat before and after. The delta divided by the number of
     action completions is the CPU per task transition (a transition is the
     engine's handling of one action's result: 50 for seq50, 102 for
     fanout100, 200 for items200 and 20 x 10 for concurrent20).

It also records resident memory (VmRSS now and the peak VmHWM) and the load
average before each pass. Python 3 standard library only.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")

# scenario -> action completions (engine transitions) in one run
TRANSITIONS = {"seq50": 50, "fanout100": 102, "items200": 200,
               "concurrent20": 200}
SCENARIO_ORDER = ["seq50", "fanout100", "items200", "yaql_publish", "subwf",
                  "concurrent20", "mixed"]


# ------------------------------------------------------------------ /proc

def descendants(pid):
    """pid and every process below it."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pid):
    """utime+stime of pid (all its threads), in seconds; 0 if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kb(pid):
    vals = {"VmRSS": 0, "VmHWM": 0}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in vals:
                    vals[key] = int(line.split()[1])
    except OSError:
        pass
    return vals


def processes(spec):
    """The pids of a role: "PID" is the process tree, "PID:self" the
    process alone."""
    pid, _, scope = spec.partition(":")
    return [int(pid)] if scope == "self" else descendants(int(pid))


def role_cpu(roles):
    """CPU seconds per role."""
    return {role: sum(cpu_seconds(p) for p in processes(spec))
            for role, spec in roles.items()}


def role_memory(roles):
    out = {}
    for role, spec in roles.items():
        rss = hwm = 0
        for p in processes(spec):
            m = memory_kb(p)
            rss += m["VmRSS"]
            hwm += m["VmHWM"]
        out[role] = {"rss_kb": rss, "peak_kb": hwm}
    return out


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def wait_quiet(max_load, max_wait):
    """Wait (up to max_wait s) for the 1-minute load to drop below max_load."""
    deadline = time.monotonic() + max_wait
    while loadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(5)
    return loadavg()


# ------------------------------------------------------------------ measure

def run_bench(args, extra):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    cmd = [sys.executable, args.bench, "--url", args.url,
           "--json", out] + extra
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.flush()
    try:
        with open(out) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        doc = {"scenarios": {}}
    os.unlink(out)
    doc["exit_status"] = proc.returncode
    return doc


def measure(args):
    roles = {}
    for spec in args.pid:
        role, pid = spec.split("=", 1)
        roles[role] = pid
    only = ["--only", args.only] if args.only else []
    result = {"name": args.name, "label": args.label, "url": args.url,
              "roles": list(roles), "engine_roles": args.engine_role or
              list(roles)}

    result["load_before_timed"] = wait_quiet(args.max_load, args.max_wait)
    timed = run_bench(args, ["--poll", "0.005", "--runs", str(args.runs),
                             "--warmup", "1"] + only)
    result["timed"] = timed["scenarios"]
    result["timed_exit_status"] = timed["exit_status"]
    result["load_after_timed"] = loadavg()

    cpu = {}
    wanted = set(args.only.split(",")) if args.only else set(TRANSITIONS)
    result["load_before_cpu"] = wait_quiet(args.max_load, args.max_wait)
    for scen, per_run in TRANSITIONS.items():
        if scen not in wanted:
            continue
        before = role_cpu(roles)
        doc = run_bench(args, ["--poll", "0.1", "--runs", str(args.cpu_runs),
                               "--warmup", "0", "--no-upload",
                               "--skip-task-check", "--only", scen])
        after = role_cpu(roles)
        runs = len(doc["scenarios"].get(scen, {}).get("times_s", []))
        execs = 20 if scen == "concurrent20" else 1
        transitions = runs * per_run
        if runs == 0:
            continue
        delta = {r: after[r] - before[r] for r in roles}
        cpu[scen] = {
            "runs": runs, "transitions": transitions,
            "cpu_s": delta,
            "ms_per_transition": {r: 1000 * d / transitions
                                  for r, d in delta.items()},
            "executions": runs * execs,
        }
    result["cpu"] = cpu
    result["memory"] = role_memory(roles)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2)
    return 0 if result["timed_exit_status"] == 0 else 1


# ------------------------------------------------------------------ report

def fmt_s(x):
    return "-" if x is None else ("%.3f" % x)


def fmt_ms(x):
    return "-" if x is None else ("%.3f" % x)


def fmt_ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    return "%.1f×" % (a / b)


def median_of(res, scen):
    r = res["timed"].get(scen)
    if not r or r.get("status") != "ok" or not r.get("times_s"):
        return None
    return r["median_s"]


# mixed.yaml's flaky_call fails three times with `retry: {count: 2,
# delay: 1}`: two seconds of every run are the workflow's own waiting.
MIXED_DELAY_S = 2.0


def mixed_net_of_delay(mistral, ours):
    """A sentence giving mixed's times and ratios net of its retry delay,
    or None without Mistral's figure."""
    m = median_of(mistral, "mixed") if mistral else None
    if m is None:
        return None
    parts = []
    for r in ours:
        o = median_of(r, "mixed")
        if o is not None:
            parts.append("%s %.3f s (%s)" % (r["label"], o - MIXED_DELAY_S,
                                            fmt_ratio(m - MIXED_DELAY_S, o - MIXED_DELAY_S)))
    if not parts:
        return None
    return ("mixed net of its %.0f s of retry delay: Mistral 15 %.3f s; %s."
            % (MIXED_DELAY_S, m - MIXED_DELAY_S, ", ".join(parts)))


def engine_ms(res, scen):
    c = res.get("cpu", {}).get(scen)
    if not c:
        return None, None
    per = c["ms_per_transition"]
    total = sum(per.values())
    engine = sum(per[r] for r in res["engine_roles"] if r in per)
    return engine, total


def machine():
    model = platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = "%.0f GB RAM" % (int(f.readline().split()[1]) / 1048576)
    except OSError:
        pass
    return "%s, %d cores, %s, %s" % (model, os.cpu_count(), mem,
                                     platform.platform())


def report(args):
    results = []
    for path in args.results:
        with open(path) as f:
            results.append(json.load(f))
    mistral = next((r for r in results if r["name"] == "mistral"), None)
    # The like-for-like target (Mistral's own setting: MariaDB, RabbitMQ,
    # one process) first.
    order = ["mq", "mysql", "split", "embedded"]
    ours = sorted((r for r in results if r["name"] != "mistral"),
                  key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))
    scens = [s for s in SCENARIO_ORDER
             if any(s in r["timed"] for r in results)]

    lines = []
    add = lines.append
    add("Run of %s UTC on %s." % (time.strftime("%Y-%m-%d %H:%M",
                                                 time.gmtime()), machine()))
    if args.commit:
        add("Tramontane commit %s." % args.commit)
    add("")
    add("Medians of the timed runs (bench.py --poll 0.005), in seconds; "
        "the ratio is Mistral's time over ours (higher is better for us).")
    add("")
    cols = ["scenario"]
    if mistral:
        cols.append("Mistral 15")
    for r in ours:
        cols.append(r["label"])
        if mistral:
            cols.append("ratio")
    add("| " + " | ".join(cols) + " |")
    add("|" + "|".join(["---"] + ["---:"] * (len(cols) - 1)) + "|")
    for s in scens:
        row = [s]
        m = median_of(mistral, s) if mistral else None
        if mistral:
            row.append(fmt_s(m))
        for r in ours:
            o = median_of(r, s)
            row.append(fmt_s(o) if o is not None else
                       r["timed"].get(s, {}).get("status", "-"))
            if mistral:
                row.append(fmt_ratio(m, o))
        add("| " + " | ".join(row) + " |")
    net = mixed_net_of_delay(mistral, ours)
    if net:
        add("")
        add(net)
    add("")
    add("CPU per task transition (one action result handled), in ms, from "
        "utime+stime in /proc/PID/stat over separate runs with a 0.1 s poll. "
        "*engine* is the engine's process: for Mistral the parent process "
        "(engine, executor, notifier threads; its API runs in a forked "
        "child), for ours all-in-one the single process (API included), for "
        "ours split the engine process alone. *all* adds every process of "
        "the target.")
    add("")
    cols = ["scenario"]
    if mistral:
        cols += ["Mistral 15 engine", "all"]
    for r in ours:
        cols += [r["label"] + " engine", "all"] + (["ratio"] if mistral else [])
    add("| " + " | ".join(cols) + " |")
    add("|" + "|".join(["---"] + ["---:"] * (len(cols) - 1)) + "|")
    for s in TRANSITIONS:
        if not any(s in r.get("cpu", {}) for r in results):
            continue
        row = [s]
        m_engine = None
        if mistral:
            m_engine, m_all = engine_ms(mistral, s)
            row += [fmt_ms(m_engine), fmt_ms(m_all)]
        for r in ours:
            e, t = engine_ms(r, s)
            row += [fmt_ms(e), fmt_ms(t)]
            if mistral:
                row.append(fmt_ratio(m_engine, e))
        add("| " + " | ".join(row) + " |")
    add("")
    add("Resident memory after the runs (peak in parentheses), MB; load "
        "average (1 min) before the timed and the CPU passes:")
    add("")
    add("| target | memory | load timed | load CPU |")
    add("|---|---:|---:|---:|")
    for r in ([mistral] if mistral else []) + ours:
        mem = r.get("memory", {})
        rss = sum(m["rss_kb"] for m in mem.values()) / 1024
        peak = sum(m["peak_kb"] for m in mem.values()) / 1024
        add("| %s | %.0f (%.0f) | %.2f | %.2f |" % (
            r["label"], rss, peak, r["load_before_timed"][0],
            r.get("load_before_cpu", [0])[0]))
    failed = [(r["label"], s) for r in results for s, v in r["timed"].items()
              if v.get("status") != "ok"]
    if failed:
        add("")
        add("Failed: " + ", ".join("%s on %s" % (s, l) for l, s in failed))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--name", required=True)
    m.add_argument("--label", required=True)
    m.add_argument("--url", required=True)
    m.add_argument("--pid", action="append", default=[],
                   help="ROLE=PID: a process and its children to measure; "
                   "ROLE=PID:self: the process alone")
    m.add_argument("--engine-role", action="append", default=[],
                   help="role(s) whose CPU counts as the engine's")
    m.add_argument("--bench", required=True)
    m.add_argument("--runs", type=int, default=5)
    m.add_argument("--cpu-runs", type=int, default=6)
    m.add_argument("--only", default="")
    m.add_argument("--max-load", type=float, default=1.0)
    m.add_argument("--max-wait", type=float, default=120)
    m.add_argument("--json", required=True)
    q = sub.add_parser("wait-quiet")
    q.add_argument("--max-load", type=float, default=1.0)
    q.add_argument("--max-wait", type=float, default=120)
    r = sub.add_parser("report")
    r.add_argument("--out")
    r.add_argument("--commit", default="")
    r.add_argument("results", nargs="+")
    args = ap.parse_args()
    if args.cmd == "wait-quiet":
        print(wait_quiet(args.max_load, args.max_wait))
        return 0
    return measure(args) if args.cmd == "measure" else report(args)


if __name__ == "__main__":
    sys.exit(main())
