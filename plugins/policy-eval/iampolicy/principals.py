"""Principals: the caller, and what a policy's Principal element names."""

import re

_ACCOUNT = re.compile(r"^\d{12}$")
_ARN = re.compile(r"^arn:(?P<partition>[^:]+):(?P<service>[^:]+):(?P<region>[^:]*):(?P<account>\d{12}|aws)?:(?P<resource>.+)$")


class Caller:
    """Who makes the request: an IAM ARN, an assumed-role session, an account or a service."""

    def __init__(self, text):
        self.text = text.strip()
        self.service = None
        self.account = None
        self.role_name = None
        self.is_root = False
        if _ACCOUNT.match(self.text):
            self.account = self.text
            self.is_root = True
            return
        m = _ARN.match(self.text)
        if not m:
            if self.text.endswith(".amazonaws.com") or self.text.endswith(".amazonaws.com.cn"):
                self.service = self.text.lower()
            return
        self.account = m.group("account")
        resource = m.group("resource")
        if resource == "root":
            self.is_root = True
        elif m.group("service") == "sts" and resource.startswith("assumed-role/"):
            # arn:aws:sts::111122223333:assumed-role/RoleName/session -> the role RoleName.
            self.role_name = resource.split("/")[1]
        elif m.group("service") == "iam" and resource.startswith("role/"):
            self.role_name = resource.split("/")[-1]

    @property
    def root_arn(self):
        return "arn:aws:iam::%s:root" % self.account if self.account else None

    def describe(self):
        if self.service:
            return "service %s" % self.service
        return self.text


def principal_entries(principal):
    """The (kind, value) pairs a Principal or NotPrincipal element names."""
    if principal is None:
        return []
    if principal == "*":
        return [("*", "*")]
    if isinstance(principal, str):
        return [("AWS", principal)]
    entries = []
    for kind, values in principal.items():
        for value in values if isinstance(values, list) else [values]:
            entries.append((kind, str(value)))
    return entries


def match(entry, caller):
    """How an entry names the caller: 'direct', 'account' (the caller's account: delegation to
    IAM policies) or None."""
    kind, value = entry
    if kind == "*":
        return "direct"
    if kind == "Service":
        return "direct" if caller.service and caller.service == value.lower() else None
    if kind != "AWS" or caller.service:
        return None
    if value == "*":
        return "direct"
    if _ACCOUNT.match(value) or (value.startswith("arn:") and value.endswith(":root")):
        account = value if _ACCOUNT.match(value) else (_ARN.match(value).group("account") if _ARN.match(value) else None)
        if account != caller.account:
            return None
        return "direct" if caller.is_root else "account"
    if value == caller.text:
        return "direct"
    m = _ARN.match(value)
    if caller.role_name and m and m.group("account") == caller.account and m.group("resource").startswith("role/"):
        if m.group("resource").split("/")[-1] == caller.role_name:
            return "direct"
    return None


def best_match(principal, caller):
    """The strongest way the element names the caller ('direct' over 'account'), or None."""
    found = None
    for entry in principal_entries(principal):
        how = match(entry, caller)
        if how == "direct":
            return "direct"
        found = found or how
    return found
