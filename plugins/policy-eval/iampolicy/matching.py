"""Action and Resource matching with IAM's wildcards (`*` any text, `?` one character)."""

import re


def wildcard(pattern, text, ignore_case):
    """Whether `text` matches the IAM wildcard `pattern`."""
    regex = "^" + "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + "$"
    return re.match(regex, text, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def action_applies(statement, action):
    """Action: any pattern matches; NotAction: none does. Actions ignore case."""
    if "NotAction" in statement:
        return not any(wildcard(p, action, True) for p in as_list(statement["NotAction"]))
    return any(wildcard(p, action, True) for p in as_list(statement.get("Action")))


def resource_applies(statement, resource):
    """Resource / NotResource; a request with no resource matches every statement."""
    if resource is None:
        return True
    if "NotResource" in statement:
        return not any(wildcard(p, resource, False) for p in as_list(statement["NotResource"]))
    if "Resource" not in statement:
        return True
    return any(wildcard(p, resource, False) for p in as_list(statement["Resource"]))
