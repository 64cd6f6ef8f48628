"""IAM and KMS policy evaluation: may this principal do this action on this resource?

The modules follow AWS's evaluation logic for one account's resource policy (a KMS key policy,
a bucket policy), optionally the principal's identity policies and KMS grants:

- ``principals``: who a statement's Principal / NotPrincipal names, and whether a caller is one
  of them directly or only through its account (delegation to IAM);
- ``matching``: Action / NotAction (case-insensitive wildcards), Resource / NotResource;
- ``conditions``: the condition operators, ``...IfExists``, ``ForAnyValue:`` / ``ForAllValues:``;
- ``evaluate``: explicit Deny wins, then an Allow for the caller, a grant, or an Allow for the
  account together with the caller's own IAM policies; otherwise an implicit deny.
"""

from .evaluate import evaluate, add_statements  # noqa: F401
