#!/usr/bin/env python3
"""runbook plugin `policy-eval`: reads one JSON request on stdin, writes one JSON answer.

Request: {"protocol": 1, "action": "evaluate" | "add-statements", "inputs": {...}, "context": {...}}
Answer:  {"result": {...}} or {"error": "message"}. See plugin.yaml for the inputs.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from iampolicy.conditions import UnknownOperator  # noqa: E402
from iampolicy.evaluate import PolicyError, add_statements, evaluate  # noqa: E402

ACTIONS = {"evaluate": evaluate, "add-statements": add_statements}


def main():
    try:
        request = json.load(sys.stdin)
    except ValueError as e:
        print("policy-eval: the request on stdin is not JSON: %s" % e, file=sys.stderr)
        return 2
    action = request.get("action", "evaluate")
    handler = ACTIONS.get(action)
    if handler is None:
        json.dump({"error": "unknown action %r (known: %s)" % (action, ", ".join(sorted(ACTIONS)))}, sys.stdout)
        return 0
    try:
        answer = {"result": handler(request.get("inputs") or {})}
    except (PolicyError, UnknownOperator) as e:
        kind = "unsupported condition operator" if isinstance(e, UnknownOperator) else "invalid input"
        answer = {"error": "%s: %s" % (kind, e)}
    json.dump(answer, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
