"""The decision for a request, with the statements that made it."""

import copy
import json

from .conditions import conditions_hold
from .matching import action_applies, as_list, resource_applies
from .principals import Caller, best_match


class PolicyError(ValueError):
    """The input is not something the evaluator can read (reported as the plugin's error)."""


def parse_policy(policy, what="policy"):
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError as e:
            raise PolicyError("%s is not valid JSON: %s" % (what, e))
    if not isinstance(policy, dict):
        raise PolicyError("%s must be a JSON object with a Statement list" % what)
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
        raise PolicyError("%s has no readable Statement list" % what)
    for s in statements:
        if s.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("statement %r of %s has Effect %r (Allow or Deny expected)" % (s.get("Sid", "?"), what, s.get("Effect")))
    return policy, statements


def _sid(statement, index):
    return statement.get("Sid") or "#%d" % (index + 1)


def _principal_applies(statement, caller):
    """'direct', 'account' or None: whether (and how) the statement's principal names the caller."""
    if "NotPrincipal" in statement:
        return None if best_match(statement["NotPrincipal"], caller) == "direct" else "direct"
    if "Principal" not in statement:
        return "direct"  # identity policies name no principal: they belong to the caller
    return best_match(statement["Principal"], caller)


def _scan(statements, caller, action, resource, context):
    """(denies, direct allows, account-level allows) as lists of Sids."""
    denies, allows, account = [], [], []
    for i, s in enumerate(statements):
        if not action_applies(s, action) or not resource_applies(s, resource):
            continue
        how = _principal_applies(s, caller)
        if how is None or not conditions_hold(s.get("Condition"), context):
            continue
        if s["Effect"] == "Deny":
            if how is not None:
                denies.append(_sid(s, i))
        elif how == "direct":
            allows.append(_sid(s, i))
        else:
            account.append(_sid(s, i))
    return denies, allows, account


def _grant_allows(grants, caller, action):
    if not action.lower().startswith("kms:"):
        return []
    operation = action.split(":", 1)[1].lower()
    found = []
    for g in grants or []:
        grantee = Caller(str(g.get("GranteePrincipal", "")))
        same = grantee.text == caller.text or (
            grantee.role_name and grantee.role_name == caller.role_name and grantee.account == caller.account) or (
            grantee.service and grantee.service == caller.service)
        if same and operation in [str(o).lower() for o in as_list(g.get("Operations"))]:
            found.append(g.get("GrantId") or g.get("Name") or "grant")
    return found


def decide(statements, caller, action, resource, context, identity, grants, resource_account):
    """The decision for one action."""
    denies, allows, account = _scan(statements, caller, action, resource, context)
    id_denies, id_allows = [], []
    for n, doc in enumerate(identity or []):
        _, id_statements = parse_policy(doc, "identity policy %d" % (n + 1))
        d, a, _ = _scan(id_statements, caller, action, resource, context)
        id_denies += d
        id_allows += a
    result = {"action": action}
    if denies or id_denies:
        return dict(result, allowed=False, decision="explicit-deny", via=None, statements=denies + id_denies,
                    reason="explicitly denied by statement %s" % ", ".join(repr(s) for s in denies + id_denies))
    cross_account = caller.account and resource_account and caller.account != resource_account
    if allows and not cross_account:
        return dict(result, allowed=True, decision="allow", via="policy", statements=allows,
                    reason="allowed for %s by statement %s" % (caller.describe(), ", ".join(repr(s) for s in allows)))
    granted = _grant_allows(grants, caller, action)
    if granted:
        return dict(result, allowed=True, decision="allow", via="grant", statements=granted,
                    reason="allowed by grant %s" % ", ".join(granted))
    if (allows or account) and id_allows:
        return dict(result, allowed=True, decision="allow", via="identity-policy", statements=(allows or account) + id_allows,
                    reason="the policy lets account %s's IAM policies decide (statement %s) and the principal's IAM policy allows it"
                    % (caller.account, ", ".join(repr(s) for s in allows or account)))
    if account or (cross_account and allows):
        given = "its IAM policies given do not allow it" if identity is not None else "no IAM policy of the principal was given"
        return dict(result, allowed=False, decision="delegated-to-iam", via=None, statements=account or allows,
                    reason="the policy only lets account %s's IAM policies grant this (statement %s), and %s"
                    % (caller.account, ", ".join(repr(s) for s in account or allows), given))
    return dict(result, allowed=False, decision="implicit-deny", via=None, statements=[],
                reason="no statement allows %s to do %s" % (caller.describe(), action))


def evaluate(inputs):
    """The plugin's `evaluate` action."""
    _, statements = parse_policy(inputs.get("policy"))
    principal = inputs.get("principal")
    if not isinstance(principal, str) or not principal.strip():
        raise PolicyError("'principal' must be an ARN, an account id or a service principal")
    actions = as_list(inputs.get("actions")) or as_list(inputs.get("action"))
    if not actions:
        raise PolicyError("give 'action' or 'actions'")
    caller = Caller(principal)
    resource = inputs.get("resource")
    resource_account = inputs.get("account")
    if not resource_account and isinstance(resource, str) and resource.startswith("arn:"):
        parts = resource.split(":")
        resource_account = parts[4] if len(parts) > 5 and parts[4] else None
    identity = inputs.get("identity_policies")
    results = [decide(statements, caller, a, resource, inputs.get("context") or {}, identity, inputs.get("grants"), resource_account)
               for a in actions]
    denied = [r["action"] for r in results if not r["allowed"]]
    first_denied = next((r for r in results if not r["allowed"]), None)
    return {
        "allowed": not denied,
        "decision": "allow" if not denied else first_denied["decision"],
        "reason": ("all %d action(s) allowed" % len(results)) if not denied else first_denied["reason"],
        "principal": principal,
        "allowed_actions": [r["action"] for r in results if r["allowed"]],
        "denied_actions": denied,
        "results": results,
    }


def _same(a, b):
    strip = lambda s: {k: v for k, v in s.items() if k != "Sid"}  # noqa: E731
    return json.dumps(strip(a), sort_keys=True) == json.dumps(strip(b), sort_keys=True)


def add_statements(inputs):
    """The plugin's `add-statements` action: the policy plus the statements it lacks, keeping
    every statement already there. A statement already present (same content) is not added
    again, so applying the result twice changes nothing."""
    policy, statements = parse_policy(inputs.get("policy"))
    new = as_list(inputs.get("statements"))
    if not new or not all(isinstance(s, dict) for s in new):
        raise PolicyError("'statements' must be a list of policy statements")
    out = copy.deepcopy(policy)
    out_statements = copy.deepcopy(statements)
    added, kept = [], []
    sids = {s.get("Sid") for s in statements if s.get("Sid")}
    for s in new:
        if s.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("a statement to add has Effect %r (Allow or Deny expected)" % s.get("Effect"))
        if any(_same(s, existing) for existing in statements):
            kept.append(s.get("Sid", "?"))
            continue
        if s.get("Sid") in sids:
            raise PolicyError("the policy already has a different statement with Sid %r; give the new one another Sid" % s["Sid"])
        out_statements.append(s)
        added.append(s.get("Sid", "#%d" % len(out_statements)))
    out["Statement"] = out_statements
    out.setdefault("Version", "2012-10-17")
    return {
        "policy": out,
        "policy_json": json.dumps(out, indent=2),
        "added": added,
        "already_present": kept,
        "changed": bool(added),
    }
