"""Evaluate a KMS key policy (plus grants) the way AWS KMS decides a request.

Pure Python, no moto: the scenario asks this module whether the Auto Scaling service-linked role may use
a key, and the unit tests pin its behaviour (tests/test_kmspolicy.py).

The algorithm follows the documented KMS authorization order:

1. An applicable ``Deny`` statement in the key policy ends the decision: denied. A Deny also overrides
   permissions that come from grants or IAM policies.
2. An applicable ``Allow`` statement that names the caller (its ARN, ``"*"`` or ``{"AWS": "*"}``) allows.
3. An applicable ``Allow`` that names the caller's *account* (``arn:aws:iam::ACCT:root`` or ``"ACCT"``)
   only delegates to IAM: the request is allowed when the caller's IAM policies allow it
   (``iam_allows``). Service-linked roles carry AWS-managed policies; AutoScalingServiceRolePolicy has
   no KMS actions, so for the Auto Scaling role the root statement alone never suffices.
4. A grant whose grantee is the caller and whose operations include the action allows.
5. Otherwise: implicitly denied.

A statement applies when its principal, action, resource and every condition match. Supported:
``Principal``/``NotPrincipal`` as a string or a map whose values are a string or a list;
``Action``/``NotAction`` and ``Resource``/``NotResource`` with ``*`` and ``?`` wildcards (actions match
case-insensitively); condition operators String*, Arn*, Numeric*, Bool, Null, with the ``IfExists``
suffix and the ``ForAnyValue:``/``ForAllValues:`` set prefixes. Condition keys are case-insensitive.
Values may be JSON booleans or strings (``"true"`` and ``true`` are the same to ``Bool``).
A key missing from the request context makes a positive operator false and a negated one
(``StringNotEquals``, ``ArnNotLike``, ...) true, as IAM documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

__all__ = [
    "Decision",
    "Grant",
    "PolicyError",
    "Request",
    "evaluate",
    "parse_policy",
    "validate_policy",
    "KNOWN_OPERATORS",
]


class PolicyError(ValueError):
    """The policy text is not a policy KMS would accept."""


@dataclass(frozen=True)
class Request:
    """One KMS request: who asks, for what, on which key, with which condition context."""

    principal: str
    action: str
    key_arn: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def account(self) -> str:
        parts = self.principal.split(":")
        return parts[4] if len(parts) > 4 else ""


@dataclass(frozen=True)
class Grant:
    """A KMS grant as the evaluator needs it (operations without the ``kms:`` prefix)."""

    grantee_principal: str
    operations: Sequence[str]
    grant_id: str = ""
    name: str = ""


@dataclass(frozen=True)
class Decision:
    """The outcome and the reason, with the statement (Sid or index) or grant that decided it."""

    allowed: bool
    reason: str
    source: Optional[str] = None

    def to_json(self) -> dict:
        return {"allowed": self.allowed, "reason": self.reason, "source": self.source}


# --------------------------------------------------------------------------------------------------
# Parsing and validation


def parse_policy(policy: Union[str, Mapping[str, Any]]) -> list[dict]:
    """Return the policy's statements as a list, or raise PolicyError."""
    if isinstance(policy, str):
        try:
            doc = json.loads(policy)
        except ValueError as exc:
            raise PolicyError(f"the policy is not valid JSON: {exc}") from None
    else:
        doc = policy
    if not isinstance(doc, Mapping):
        raise PolicyError("the policy must be a JSON object")
    statements = doc.get("Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise PolicyError("the policy has no Statement")
    for index, stmt in enumerate(statements):
        if not isinstance(stmt, Mapping):
            raise PolicyError(f"statement {index} is not an object")
        if stmt.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError(f"statement {_label(stmt, index)} has no Effect Allow or Deny")
        if ("Principal" in stmt) == ("NotPrincipal" in stmt):
            raise PolicyError(f"statement {_label(stmt, index)} needs exactly one of Principal, NotPrincipal")
        if ("Action" in stmt) == ("NotAction" in stmt):
            raise PolicyError(f"statement {_label(stmt, index)} needs exactly one of Action, NotAction")
        for op in (stmt.get("Condition") or {}):
            if _split_operator(op) is None:
                raise PolicyError(f"statement {_label(stmt, index)} uses an unknown condition operator {op!r}")
    return [dict(s) for s in statements]


def validate_policy(policy: str) -> list[dict]:
    """Parse and validate; raise PolicyError with a KMS-like explanation when the policy is malformed."""
    return parse_policy(policy)


def principals_named(statements: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every AWS principal string the statements name (for existence checks at PutKeyPolicy time)."""
    out: list[str] = []
    for stmt in statements:
        for key in ("Principal", "NotPrincipal"):
            value = stmt.get(key)
            if isinstance(value, Mapping):
                out.extend(_as_list(value.get("AWS")))
    return out


# --------------------------------------------------------------------------------------------------
# Evaluation


def evaluate(
    policy: Union[str, Mapping[str, Any]],
    request: Request,
    grants: Iterable[Grant] = (),
    iam_allows: Optional[Callable[[str, str], bool]] = None,
) -> Decision:
    """Decide ``request`` against the key policy and the key's grants."""
    try:
        statements = parse_policy(policy)
    except PolicyError as exc:
        return Decision(False, f"invalid-policy: {exc}")

    allow_direct: Optional[str] = None
    allow_account: Optional[str] = None
    for index, stmt in enumerate(statements):
        match = _statement_applies(stmt, request)
        if match is None:
            continue
        label = _label(stmt, index)
        if stmt["Effect"] == "Deny":
            return Decision(False, "explicit-deny", label)
        if match == "direct" and allow_direct is None:
            allow_direct = label
        elif match == "account" and allow_account is None:
            allow_account = label

    if allow_direct is not None:
        return Decision(True, "allowed-by-key-policy", allow_direct)
    if allow_account is not None and iam_allows is not None and iam_allows(request.principal, request.action):
        return Decision(True, "allowed-by-iam-policy", allow_account)
    operation = request.action.split(":", 1)[-1].lower()
    for grant in grants:
        if grant.grantee_principal == request.principal and operation in {o.lower() for o in grant.operations}:
            return Decision(True, "allowed-by-grant", grant.grant_id or grant.name or "grant")
    if allow_account is not None:
        return Decision(False, "implicit-deny: only the account (root) statement matches, "
                        "and the principal's IAM policies do not allow the action", allow_account)
    return Decision(False, "implicit-deny: no statement or grant allows the action")


def _statement_applies(stmt: Mapping[str, Any], request: Request) -> Optional[str]:
    """None when the statement does not apply; 'direct' or 'account' for how the principal matched."""
    if "Principal" in stmt:
        how = _principal_match(stmt["Principal"], request)
        if how is None:
            return None
    else:
        if _principal_match(stmt["NotPrincipal"], request) is not None:
            return None
        how = "direct"
    if "Action" in stmt:
        if not any(_glob(p, request.action, ignore_case=True) for p in _as_list(stmt["Action"])):
            return None
    elif any(_glob(p, request.action, ignore_case=True) for p in _as_list(stmt["NotAction"])):
        return None
    if "Resource" in stmt:
        if not any(_resource_match(p, request.key_arn) for p in _as_list(stmt["Resource"])):
            return None
    elif "NotResource" in stmt:
        if any(_resource_match(p, request.key_arn) for p in _as_list(stmt["NotResource"])):
            return None
    if not _conditions_hold(stmt.get("Condition") or {}, request.context):
        return None
    return how


def _principal_match(principal: Any, request: Request) -> Optional[str]:
    if principal == "*":
        return "direct"
    if not isinstance(principal, Mapping):
        return None
    best: Optional[str] = None
    for value in _as_list(principal.get("AWS")):
        if not isinstance(value, str):
            continue
        if value == "*" or value == request.principal:
            return "direct"
        account = _account_of(value)
        if account and account == request.account:
            best = "account"
    return best


def _account_of(value: str) -> Optional[str]:
    """The account a principal string stands for as a whole (``ACCT`` or ``arn:aws:iam::ACCT:root``)."""
    if re.fullmatch(r"\d{12}", value):
        return value
    m = re.fullmatch(r"arn:aws[\w-]*:iam::(\d{12}):root", value)
    return m.group(1) if m else None


def _resource_match(pattern: Any, key_arn: str) -> bool:
    return isinstance(pattern, str) and (pattern == "*" or _glob(pattern, key_arn, ignore_case=False))


# --------------------------------------------------------------------------------------------------
# Conditions

_BASE_OPERATORS = {
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "Bool", "Null",
}
KNOWN_OPERATORS = frozenset(_BASE_OPERATORS)
_NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike",
            "NumericNotEquals"}


def _split_operator(op: str) -> Optional[tuple[Optional[str], str, bool]]:
    """('ForAnyValue'|'ForAllValues'|None, base operator, if_exists) or None when unknown."""
    qualifier = None
    if ":" in op:
        qualifier, op = op.split(":", 1)
        if qualifier not in ("ForAnyValue", "ForAllValues"):
            return None
    if_exists = op.endswith("IfExists") and op != "IfExists"
    base = op[: -len("IfExists")] if if_exists else op
    if base not in _BASE_OPERATORS or (if_exists and base == "Null"):
        return None
    return qualifier, base, if_exists


def _conditions_hold(conditions: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    ctx = {str(k).lower(): v for k, v in context.items()}
    for op, block in conditions.items():
        parsed = _split_operator(op)
        if parsed is None or not isinstance(block, Mapping):
            return False
        qualifier, base, if_exists = parsed
        for key, wanted in block.items():
            if not _condition_holds(qualifier, base, if_exists, ctx.get(str(key).lower()), _as_list(wanted)):
                return False
    return True


def _condition_holds(qualifier: Optional[str], base: str, if_exists: bool, actual: Any, wanted: list) -> bool:
    if base == "Null":
        is_null = actual is None or actual == []
        return any(_bool_text(w) == ("true" if is_null else "false") for w in wanted)
    if actual is None:
        if if_exists:
            return True
        if qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        return base in _NEGATED
    values = actual if isinstance(actual, (list, tuple, set, frozenset)) else [actual]
    if base in _NEGATED:
        positive = base.replace("Not", "", 1)
        matches = [any(_compare(positive, v, w) for w in wanted) for v in values]
        if qualifier == "ForAllValues":
            return not any(matches)
        return not all(matches) if qualifier == "ForAnyValue" else not any(matches)
    matches = [any(_compare(base, v, w) for w in wanted) for v in values]
    if qualifier == "ForAllValues":
        return all(matches)
    return any(matches)


def _compare(base: str, actual: Any, wanted: Any) -> bool:
    if base == "Bool":
        return _bool_text(actual) == _bool_text(wanted)
    if base.startswith("Numeric"):
        try:
            a, w = float(actual), float(wanted)
        except (TypeError, ValueError):
            return False
        return {
            "NumericEquals": a == w, "NumericLessThan": a < w, "NumericLessThanEquals": a <= w,
            "NumericGreaterThan": a > w, "NumericGreaterThanEquals": a >= w,
        }[base]
    a, w = _text(actual), _text(wanted)
    if base == "StringEquals":
        return a == w
    if base == "StringEqualsIgnoreCase":
        return a.lower() == w.lower()
    # StringLike globs; ArnEquals and ArnLike both accept wildcards in IAM.
    return _glob(w, a, ignore_case=False)


def _bool_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --------------------------------------------------------------------------------------------------
# Helpers


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _glob(pattern: Any, text: str, *, ignore_case: bool) -> bool:
    """IAM wildcard match: ``*`` any run of characters, ``?`` one character, nothing else special."""
    if not isinstance(pattern, str):
        return False
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def _label(stmt: Mapping[str, Any], index: int) -> str:
    sid = stmt.get("Sid")
    return str(sid) if sid else f"#{index}"
