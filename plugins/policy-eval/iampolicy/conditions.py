"""Condition operators, as IAM evaluates them.

A Condition block holds operators; every operator must hold (AND), every key under an operator
must hold (AND), and a key holds when the request's value matches any of the policy's values
(OR). Negated operators (StringNotEquals, ArnNotLike, ...) hold when no value matches, and also
when the key is absent from the request. Positive operators on an absent key do not hold, unless
the operator ends in IfExists. ForAnyValue: / ForAllValues: compare multi-valued keys.
"""

import base64
import datetime
import ipaddress
import re

from .matching import as_list, wildcard

NEGATED = {
    "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals",
    "NotIpAddress", "ArnNotEquals", "ArnNotLike",
}


class UnknownOperator(ValueError):
    pass


def _date(value):
    if isinstance(value, (int, float)) or (isinstance(value, str) and re.match(r"^\d+(\.\d+)?$", value)):
        return datetime.datetime.fromtimestamp(float(value), tz=datetime.timezone.utc)
    text = str(value).replace("Z", "+00:00")
    parsed = datetime.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _number(value):
    return float(value)


def _arn_like(pattern, arn):
    # ArnEquals and ArnLike both compare the six colon-separated parts, each with wildcards.
    p, a = str(pattern).split(":", 5), str(arn).split(":", 5)
    return len(p) == len(a) == 6 and all(wildcard(x, y, False) for x, y in zip(p, a))


def _substitute(value, context):
    """Policy variables: ${aws:username} becomes the request's value (when present)."""
    if not isinstance(value, str) or "${" not in value:
        return value

    def repl(m):
        key = m.group(1)
        if key in ("*", "?", "$"):
            return key
        found = lookup(context, key)
        return str(found[0]) if found else m.group(0)

    return re.sub(r"\$\{([^}]+)\}", repl, value)


def _base(op):
    """The positive comparison each operator family uses."""
    if op in ("StringEquals", "StringNotEquals"):
        return lambda p, v: str(p) == str(v)
    if op in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return lambda p, v: str(p).lower() == str(v).lower()
    if op in ("StringLike", "StringNotLike"):
        return lambda p, v: wildcard(str(p), str(v), False)
    if op in ("NumericEquals", "NumericNotEquals"):
        return lambda p, v: _number(v) == _number(p)
    if op == "NumericLessThan":
        return lambda p, v: _number(v) < _number(p)
    if op == "NumericLessThanEquals":
        return lambda p, v: _number(v) <= _number(p)
    if op == "NumericGreaterThan":
        return lambda p, v: _number(v) > _number(p)
    if op == "NumericGreaterThanEquals":
        return lambda p, v: _number(v) >= _number(p)
    if op in ("DateEquals", "DateNotEquals"):
        return lambda p, v: _date(v) == _date(p)
    if op == "DateLessThan":
        return lambda p, v: _date(v) < _date(p)
    if op == "DateLessThanEquals":
        return lambda p, v: _date(v) <= _date(p)
    if op == "DateGreaterThan":
        return lambda p, v: _date(v) > _date(p)
    if op == "DateGreaterThanEquals":
        return lambda p, v: _date(v) >= _date(p)
    if op == "Bool":
        return lambda p, v: str(p).lower() == str(v).lower()
    if op == "BinaryEquals":
        return lambda p, v: base64.b64decode(str(p)) == base64.b64decode(str(v))
    if op in ("IpAddress", "NotIpAddress"):
        return lambda p, v: ipaddress.ip_address(str(v)) in ipaddress.ip_network(str(p), strict=False)
    if op in ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"):
        return lambda p, v: _arn_like(p, v)
    raise UnknownOperator(op)


def lookup(context, key):
    """The request's values for a condition key (names ignore case); [] when absent."""
    lowered = key.lower()
    for k, v in (context or {}).items():
        if k.lower() == lowered:
            if v is None:
                return []
            values = v if isinstance(v, list) else [v]
            return ["true" if x is True else "false" if x is False else x for x in values]
    return []


def operator_holds(operator, conditions, context):
    """Whether one operator's block holds for the request."""
    qualifier = None
    if ":" in operator:
        qualifier, operator = operator.split(":", 1)
        if qualifier not in ("ForAnyValue", "ForAllValues"):
            raise UnknownOperator(qualifier + ":" + operator)
    if_exists = operator.endswith("IfExists") and operator != "IfExists"
    op = operator[: -len("IfExists")] if if_exists else operator
    for key, policy_values in conditions.items():
        wanted = [_substitute(p, context) for p in as_list(policy_values)]
        present = lookup(context, key)
        if op == "Null":
            is_null = len(present) == 0
            if not any(str(p).lower() == str(is_null).lower() for p in wanted):
                return False
            continue
        compare = _base(op)
        negated = op in NEGATED
        if not present:
            if if_exists or qualifier == "ForAllValues" or (negated and qualifier != "ForAnyValue"):
                continue
            return False

        def matches(value):
            try:
                return any(compare(p, value) for p in wanted)
            except (ValueError, TypeError):
                return False

        if qualifier == "ForAllValues":
            ok = all((not matches(v)) if negated else matches(v) for v in present)
        elif qualifier == "ForAnyValue":
            ok = any((not matches(v)) if negated else matches(v) for v in present)
        else:
            ok = (not any(matches(v) for v in present)) if negated else any(matches(v) for v in present)
        if not ok:
            return False
    return True


def conditions_hold(block, context):
    """Whether a statement's whole Condition block holds (no block: it does)."""
    return all(operator_holds(op, keys, context) for op, keys in (block or {}).items())
