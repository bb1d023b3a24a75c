#!/usr/bin/env python3
"""Runs the same sequence of mistral CLI commands against the real Mistral 15
and against Tramontane and prints the commands whose exit status, output or
error text differ once ids, dates and durations are masked.

Usage: clidiff.py [STEPS_FILE]   (default: the sequence below; round2.py and
round3.py are others; a steps file may add CLEANUP commands). REF_URL and
OUR_URL name the two APIs. Every object it creates is named ycli_*, and it
deletes them first. The real Mistral's differences we
keep on purpose are listed in README.md beside this script."""
import json, os, re, shlex, subprocess, sys, time

SERVERS = {"ref": os.environ.get("REF_URL", "http://127.0.0.1:8990/v2"),
           "our": os.environ.get("OUR_URL", "http://127.0.0.1:18904/v2")}
DEFS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "defs")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
ID0 = "00000000-0000-4000-8000-000000000000"

def C(cmd, save=None, wait=None, note=""):
    return dict(cmd=cmd, save=save or {}, wait=wait, note=note)

STEPS = [
    # workflows
    C("workflow-create wf1.yaml -f json -c Name -c Tags -c Input -c Scope -c Namespace"),
    C("workflow-create wfns.yaml --namespace ycli_ns -f value -c Name -c Namespace"),
    C("workflow-create wfns.yaml --namespace ycli_ns"),
    C("workflow-validate bad.yaml"),
    C("workflow-validate wf1.yaml"),
    C("workflow-validate /nonexistent.yaml"),
    C("workflow-get ycli_basic"),
    C("workflow-get ycli_nsflow --namespace ycli_ns -f json"),
    C("workflow-get ycli_nsflow"),
    C("workflow-get-definition ycli_nsflow --namespace ycli_ns"),
    C("workflow-get-definition ycli_nope"),
    C("workflow-update wf1u.yaml -f json -c Name -c Tags -c Input"),
    C("workflow-update wfns.yaml --namespace ycli_ns -f value -c Name -c Namespace"),
    C("workflow-update wfns.yaml --namespace ycli_other"),
    C("workflow-list --filter name=ycli_basic -c Name -c Tags -c Input"),
    C("workflow-list --filter name=in:ycli_basic,ycli_fail --sort_keys name --sort_dirs desc -f value -c Name"),
    C("workflow-list --filter tags=ycli -f value -c Name"),
    C("workflow-list --filter namespace=ycli_ns -f json -c Name -c Namespace"),
    C("workflow-list --filter name=ycli_basic --sort_keys nosuch"),
    C("workflow-list --limit -1 --filter name=ycli_basic -f value -c Name"),
    C("workflow-create wf1.yaml"),
    # workbooks
    C("workbook-validate wb.yaml"),
    C("workbook-validate bad.yaml"),
    C("workbook-create wb.yaml"),
    C("workbook-get ycli_wb"),
    C("workbook-get ycli_wb -f json -c Name -c Tags"),
    C("workbook-get-definition ycli_wb"),
    C("workbook-update wbu.yaml -f value -c Name -c Tags"),
    C("workbook-get-definition ycli_wb"),
    C("workbook-list --filter name=ycli_wb -c Name -c Tags"),
    C("workbook-get ycli_nope"),
    C("workbook-update wbu.yaml --namespace ycli_ns"),
    # actions
    C("action-validate act.yaml"),
    C("action-validate bad.yaml"),
    C("action-create act.yaml -f json -c Name -c Is system -c Input -c Description -c Tags"),
    C("action-create act.yaml"),
    C("action-get ycli_act"),
    C("action-get ycli_act -f json -c Name -c Input -c Description"),
    C("action-get-definition ycli_act"),
    C("action-get-definition std.echo"),
    C("action-update actu.yaml -f value -c Name -c Input -c Description"),
    C("action-update actu.yaml --id nosuch"),
    C("action-list --filter name=ycli_act -c Name -c Input -c Description"),
    C("action-list --filter name=in:ycli_act,std.echo,std.noop -f value -c Name -c Is system"),
    C("action-list --filter name=std.echo"),
    C("action-get std.nope"),
    C("action-get-definition ycli_wb.say"),
    # run-action
    C("run-action std.echo '{\"output\": \"x\"}'"),
    C("run-action std.echo '{\"output\": {\"a\": [1, 2]}}' -f json"),
    C("run-action ycli_act '{\"a\": 1}'"),
    C("run-action ycli_act"),
    C("run-action ycli_act '{\"a\": 1, \"zz\": 2}'"),
    C("run-action std.fail"),
    C("run-action std.nope"),
    C("run-action std.echo 'not json'"),
    C("run-action std.echo '{\"output\": 5}' -s -f json", save={"ae1": "ID"}),
    C("run-action std.echo '{\"output\": 6}' --save-result -f json -c Name -c State -c Accepted -c Description"),
    C("run-action std.echo '{\"output\": 7}' --run-sync -f json"),
    C("run-action std.async_noop -s -f json -c State -c Name", save={}),
    C("run-action std.async_noop -f json", save={"ae2": "ID"}),
    C("run-action std.echo '{\"output\": 8}' -t some_target -f json -c State -c Name"),
    C("run-action ycli_wb.say '{\"text\": \"wbx\"}'"),
    C("action-execution-get {ae1}"),
    C("action-execution-get {ae1} -f json"),
    C("action-execution-get-input {ae1}"),
    C("action-execution-get-output {ae1}"),
    C("action-execution-get-output {ae2}"),
    C("action-execution-update {ae2} --state SUCCESS --output '{\"r\": 1}'"),
    C("action-execution-get-output {ae2}"),
    C("action-execution-update {ae2} --state ERROR --output '\"late\"'"),
    C("action-execution-update {ae1} --state PAUSED"),
    C("action-execution-update {ae1}"),
    C("action-execution-get " + ID0),
    C("action-execution-get-output " + ID0),
    C("action-execution-delete {ae1}"),
    # environments
    C("environment-create env.yaml"),
    C("environment-get ycli_env"),
    C("environment-get ycli_env -f json"),
    C("environment-create env.yaml"),
    C("environment-update env.json"),
    C("environment-get ycli_env -f json -c Name -c Description -c Variables -c Scope"),
    C("environment-update envu.yaml -f value -c Variables -c Description"),
    C("environment-list -c Name -c Description -c Scope --filter name=ycli_env"),
    C("environment-get ycli_nope"),
    C("environment-update nofile.yaml"),
    # executions
    C("execution-create ycli_basic '{\"who\": \"ann\"}' -f json -c Workflow name -c State -c Input", save={}),
    C("execution-create ycli_basic input.json -d described -f json", save={"ex1": "ID"}, wait="ex1"),
    C("execution-create ycli_fail -f json", save={"ex2": "ID"}, wait="ex2"),
    C("execution-create ycli_wait '{\"x\": 3}' -f json", save={"ex3": "ID"}),
    C("execution-create ycli_parent -f json", save={"ex4": "ID"}, wait="ex4"),
    C("execution-create ycli_nsflow --namespace ycli_ns -f value -c Workflow namespace -c Workflow name", save={}),
    C("execution-create ycli_nope"),
    C("execution-create ycli_basic '{\"zz\": 1}'"),
    C("execution-create ycli_basic '[1]'"),
    C("execution-create ycli_basic '{}' '{\"env\": {\"a\": 1}}' -f json -c Params", save={}),
    C("execution-create ycli_basic '{}' '{\"env\": \"ycli_env\"}' -f json -c Params -c State", save={}),
    C("execution-create ycli_basic '{}' '{\"env\": \"ycli_noenv\"}'"),
    C("execution-create ycli_basic -s ycli_nope_src"),
    C("execution-get {ex1}"),
    C("execution-get {ex2} -f json -c State -c State info"),
    C("execution-get-input {ex1}"),
    C("execution-get-output {ex1}"),
    C("execution-get-published {ex1}"),
    C("execution-get-output {ex2}"),
    C("execution-get-published {ex4}"),
    C("execution-get-report {ex4}"),
    C("execution-get-report {ex4} --errors-only"),
    C("execution-get-report {ex2} --no-errors-only --max-depth 0"),
    C("execution-get-report {ex4} --statistics-only"),
    C("execution-get-report " + ID0),
    C("execution-get-sub-executions {ex4} -c Workflow name -c State"),
    C("execution-list --filter workflow_name=ycli_basic -c Workflow name -c State -c Description --sort_keys description,created_at"),
    C("execution-list --filter workflow_name=ycli_fail -f json -c Workflow name -c State -c State info"),
    C("execution-list --filter workflow_name=in:ycli_fail,ycli_wait --sort_keys workflow_name --sort_dirs desc -f value -c Workflow name -c State"),
    C("execution-list --filter workflow_name=ycli_basic --filter state=SUCCESS --limit 1 --oldest -f value -c Description"),
    C("execution-list --filter workflow_name=ycli_basic --rootsonly -f value -c Workflow name -c Description --sort_keys description"),
    C("execution-list --task " + ID0 + " -f value -c ID"),
    C("execution-list --filter state=BOGUS --filter workflow_name=ycli_basic"),
    C("execution-list --filter workflow_name=ycli_basic --sort_keys nosuch"),
    C("execution-list --filter workflow_name=ycli_basic --sort_dirs sideways"),
    C("execution-list --marker nosuch"),
    C("execution-list --filter workflow_name=ycli_wait -c State -c Workflow name -c Input"),
    C("execution-update {ex3} -s PAUSED -f json -c State -c State info"),
    C("execution-update {ex3} -s PAUSED -f value -c State"),
    C("execution-update {ex3} -d newdesc -f value -c Description -c State"),
    C("execution-update {ex3} -e '{\"k\": \"v\"}' -f json -c Params"),
    C("execution-update {ex3} -s RUNNING -f value -c State"),
    C("execution-update {ex3} -s BOGUS"),
    C("execution-update {ex1} -s RUNNING"),
    C("execution-update {ex1} -d after -f value -c Description -c State"),
    C("execution-update {ex1} -s CANCELLED"),
    C("execution-update " + ID0 + " -d x"),
    C("execution-update {ex3} -s ERROR -f json -c State -c State info"),
    C("execution-create ycli_wait -f json", save={"ex5": "ID"}),
    C("execution-delete {ex5}"),
    C("execution-delete {ex5} --force"),
    C("execution-get {ex5}"),
    C("execution-delete " + ID0),
    # tasks
    C("task-list {ex1} -c Name -c State -c Workflow name", save={}),
    C("task-list {ex1} --filter name=count -f json", save={"t1": "0.ID"}),
    C("task-list {ex2} -f json", save={"t2": "0.ID"}),
    C("task-list {ex1} --sort_keys name --sort_dirs desc --limit 1 -f value -c Name"),
    C("task-list --filter workflow_name=ycli_parent --filter name=bad -f value -c Name -c State"),
    C("task-get {t1}"),
    C("task-get {t1} -f json -c Name -c State -c State info"),
    C("task-get {t2} -f json -c Name -c State -c State info"),
    C("task-get-result {t1}"),
    C("task-get-published {t1}"),
    C("task-get-result {t2}"),
    C("task-get " + ID0),
    C("task-rerun {t1}"),
    C("task-rerun {t2} -e '{\"k\": 1}' -f json -c State -c Name"),
    C("task-rerun " + ID0),
    C("action-execution-list {t1} -c Name -c State -c Task name"),
    C("action-execution-list {t1} -f json -c Name -c State -c Input -c Output"),
    C("action-execution-list --filter task_name=boom -f value -c Name -c State --limit 1"),
    C("task-get-sub-executions {t1}"),
    # cron / event triggers / members / code sources / dynamic actions / services
    C("cron-trigger-create ycli_cron ycli_basic '{\"who\": \"cron\"}' --pattern '0 5 * * *' --first-time '2099-01-01 00:00' -f json -c Name -c Workflow -c Pattern -c Params -c Next execution time"),
    C("cron-trigger-get ycli_cron"),
    C("cron-trigger-list --filter name=ycli_cron -c Name -c Pattern -c Workflow"),
    C("cron-trigger-create ycli_cron2 ycli_basic --pattern '0 5 * * *' --count 0"),
    C("cron-trigger-create ycli_cron3 ycli_basic --pattern '0 5 * * *' --first-time 'tomorrow'"),
    C("cron-trigger-create ycli_cron4 ycli_basic"),
    C("cron-trigger-delete ycli_cron"),
    C("cron-trigger-get ycli_cron"),
    C("event-trigger-create ycli_et {wfid} exch top ev.x '{\"who\": \"ev\"}' -f json -c Name -c Exchange -c Topic -c Event -c Workflow ID -c Params", save={"et": "ID"}),
    C("event-trigger-get {et} -c Name -c Exchange -c Topic -c Event -c Params"),
    C("event-trigger-create ycli_et2 ycli_basic exch top ev.x"),
    C("event-trigger-delete {et}"),
    C("event-trigger-delete {et}"),
    C("member-list {wfid} workflow"),
    C("member-create {wfid} workflow other"),
    C("member-get {wfid} workflow other"),
    C("member-update {wfid} workflow other -s accepted"),
    C("member-delete {wfid} workflow other"),
    C("member-list ycli_basic workflow"),
    C("code-source-list"),
    C("code-source-get ycli_cs"),
    C("code-source-create ycli_cs input.json"),
    C("dynamic-action-list"),
    C("dynamic-action-get ycli_da"),
    C("dynamic-action-create ycli_da C ycli_cs"),
    C("service-list"),
    # deletes
    C("workbook-delete ycli_wb"),
    C("workbook-delete ycli_wb"),
    C("action-delete ycli_act"),
    C("action-delete ycli_act std.noop"),
    C("environment-delete ycli_env"),
    C("workflow-delete ycli_nsflow"),
    C("workflow-delete ycli_nsflow --namespace ycli_ns"),
    C("workflow-delete ycli_basic"),
]

CLEANUP = ["execution-delete --force {all_ex}", "workbook-delete ycli_wb", "action-delete ycli_act",
           "environment-delete ycli_env", "cron-trigger-delete ycli_cron", "cron-trigger-delete ycli_cron2",
           "cron-trigger-delete ycli_cron3",
           "workflow-delete ycli_nsflow --namespace ycli_ns", "workflow-delete ycli_nsflow --namespace ycli_other",
           "workflow-delete ycli_basic ycli_fail ycli_wait ycli_parent"]

def run(url, args):
    p = subprocess.run(["mistral", "--os-mistral-url", url] + args, cwd=DEFS,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr

def lookup(out, path):
    v = json.loads(out)
    for k in path.split("."):
        v = v[int(k)] if isinstance(v, list) else v[k]
    if isinstance(v, list):
        return v
    return str(v)

def norm(text, labels):
    def lab(m):
        u = m.group(0)
        if u == ID0:
            return "<ID0>"
        if u not in labels:
            labels[u] = "<id%d>" % (len(labels) + 1)
        return labels[u]
    text = UUID.sub(lab, text)
    text = re.sub(r"\d+:\d\d:\d\d(\.\d+)?(\.\.\.)?( +\|)", lambda m: "<dur>" + " " * (len(m.group(0)) - len(m.group(3)) - 5) + m.group(3), text)
    text = re.sub(r" at 0x[0-9a-f]+>", " at 0x>", text)
    text = DATE.sub(lambda m: "<date>" + " " * (len(m.group(0)) - 6), text)
    return text

def cleanup(url):
    rc, out, _ = run(url, ["execution-list", "--limit", "-1", "-f", "json", "-c", "ID", "-c", "Workflow name"])
    ids = [e["ID"] for e in json.loads(out or "[]") if e["Workflow name"].startswith("ycli_")] if rc == 0 else []
    for c in CLEANUP:
        if "{all_ex}" in c:
            if ids:
                run(url, ["execution-delete", "--force"] + ids)
            continue
        run(url, shlex.split(c))

def sequence(name, url):
    cleanup(url)
    vars, labels, results = {}, {}, []
    for i, s in enumerate(STEPS):
        cmd = s["cmd"]
        for k, v in vars.items():
            cmd = cmd.replace("{" + k + "}", v)
        if "{wfid}" in cmd:
            rc, out, _ = run(url, ["workflow-get", "ycli_basic", "-f", "value", "-c", "ID"])
            vars["wfid"] = out.strip()
            cmd = cmd.replace("{wfid}", vars["wfid"])
        rc, out, err = run(url, shlex.split(cmd))
        for var, path in s["save"].items():
            try:
                vars[var] = lookup(out, path)
            except Exception as e:
                vars[var] = "<unsaved:%s>" % var
        if s["wait"]:
            ex = vars[s["wait"]]
            for _ in range(60):
                _, st, _ = run(url, ["execution-get", ex, "-f", "value", "-c", "State"])
                if st.strip() not in ("RUNNING", "IDLE"):
                    break
                time.sleep(0.5)
        results.append((s["cmd"], rc, norm(out, labels), norm(err, labels)))
    return results

def main():
    global STEPS
    if len(sys.argv) > 1:
        ns = {"C": C, "ID0": ID0}
        exec(open(sys.argv[1]).read(), ns)
        STEPS = ns["STEPS"]
        CLEANUP.extend(ns.get("CLEANUP", []))
    res = {n: sequence(n, u) for n, u in SERVERS.items()}
    diffs = 0
    for (cmd, rc1, o1, e1), (_, rc2, o2, e2) in zip(res["ref"], res["our"]):
        if (rc1, o1, e1) != (rc2, o2, e2):
            diffs += 1
            print("=" * 20, cmd)
            print("--- ref rc=%d\n%s%s" % (rc1, o1, e1))
            print("+++ our rc=%d\n%s%s" % (rc2, o2, e2))
    print("%d steps, %d differ" % (len(STEPS), diffs))

main()
