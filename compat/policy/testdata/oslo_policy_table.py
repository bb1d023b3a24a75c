"""Records what oslo.policy decides for the cases in cases.json.

Run by policy_test.go when python3 with oslo_policy is present (it then
compares ours with Python's fresh answers); the output is also kept as
expected.json for machines without it. Usage: python3 oslo_policy_table.py
cases.json > expected.json
"""
import json
import sys

from oslo_config import cfg
from oslo_policy import policy


def decide(rules, default_rule, name, target, creds):
    enforcer = policy.Enforcer(cfg.ConfigOpts(), use_conf=False)
    enforcer.set_rules(policy.Rules.from_dict(rules, default_rule),
                       use_conf=False)
    try:
        return bool(enforcer.enforce(name, dict(target), dict(creds)))
    except Exception as e:  # a rule oslo.policy cannot evaluate
        return "error: %s" % type(e).__name__


def main():
    cases = json.load(open(sys.argv[1]))
    creds, targets, named = cases["credentials"], cases["targets"], cases["named"]
    out = {"rules": {}, "default_rule_cases": [], "list_rules": []}
    for text in cases["rules"]:
        rules = dict(named, checked=text)
        out["rules"][text] = {
            "%s/%s" % (c, t): decide(rules, None, "checked", targets[t], creds[c])
            for c in sorted(creds) for t in sorted(targets)}
    for case in cases["default_rule_cases"]:
        rules = dict(named, checked=case["rule"], default=case["default"])
        out["default_rule_cases"].append({
            "%s/%s" % (c, t): decide(rules, "default", "checked", targets[t], creds[c])
            for c in sorted(creds) for t in sorted(targets)})
    for lst in cases["list_rules"]:
        rules = dict(named, checked=lst)
        out["list_rules"].append({
            "%s/%s" % (c, t): decide(rules, None, "checked", targets[t], creds[c])
            for c in sorted(creds) for t in sorted(targets)})
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
