"""Delays and fault specifications: parsing and validation shared by the CLI and the server (stdlib only)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

SCENARIOS = {
    "missing-worker-nodes": "The workshop as it leaves the account: the key policy has only the root statement.",
    "key-disabled": "The key policy is already fixed, but the key is disabled (KeyState Disabled).",
    "key-pending-deletion": "The key policy is already fixed, but the key is scheduled for deletion.",
    "grant-only": "Root-only key policy, but a grant already gives the Auto Scaling role the key: recycle only.",
    "no-service-linked-role": "A new account without AWSServiceRoleForAutoScaling; the key policy has only root.",
    "default-ebs-key": "The launch template names no key; the account's default EBS key has the policy gap.",
    "healthy": "Everything works: the key policy is fixed and new_nodegroup_1 has a Ready node.",
}
DEFAULT_SCENARIO = "missing-worker-nodes"

# Every timed state transition, its default in seconds (None = the transition never happens by itself),
# and what it delays.
DELAYS: dict[str, tuple[Optional[float], str]] = {
    "update": (0.0, "an EKS node group update: UPDATING -> ACTIVE, update InProgress -> Successful"),
    "degrade": (3.0, "after a failed launch: node group ACTIVE -> DEGRADED with AsgInstanceLaunchFailures "
                "(0 would make `aws eks wait nodegroup-active` poll a DEGRADED group for 40 minutes)"),
    "node-join": (0.0, "an instance is InService -> its Node registers (NotReady)"),
    "node-ready": (0.0, "a Node registers -> Ready"),
    "node-remove": (0.0, "an instance is terminated -> its Node is deleted"),
    "launch-retry": (None, "after a failed launch, the Auto Scaling group tries again (off by default: "
                     "recycle the node group, as the workshop does)"),
}

FAULT_KINDS = {
    "throttle": "answer with the service's throttling error (ThrottlingException, Throttling, "
                "RequestLimitExceeded; HTTP 429 for Kubernetes)",
    "5xx": "answer with a server error (HTTP 500 InternalFailure, or status=503 ServiceUnavailable)",
    "drop": "close the connection without an answer",
    "latency": "delay the answer by ms milliseconds (then answer normally)",
}
FAULT_ALIASES = {"throttling": "throttle", "error": "5xx", "server-error": "5xx", "500": "5xx",
                 "disconnect": "drop", "delay": "latency"}
SERVICES = ("eks", "kms", "autoscaling", "ec2", "iam", "sts", "kubernetes")


class OptionError(ValueError):
    """A flag value the lab cannot use; the message says what is accepted."""


def parse_delay(text: str) -> tuple[str, Optional[float]]:
    """``NAME=SECONDS`` (or ``NAME=off`` for transitions that may never happen)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or name not in DELAYS:
        raise OptionError(
            f"--delay {text!r}: expected NAME=SECONDS with NAME one of {', '.join(DELAYS)}"
        )
    value = value.strip()
    if value.lower() in ("off", "never", "none"):
        if DELAYS[name][0] is not None:
            raise OptionError(f"--delay {name}: this transition always happens; give seconds (0 for at once)")
        return name, None
    try:
        seconds = float(value.rstrip("s"))
    except ValueError:
        raise OptionError(f"--delay {text!r}: {value!r} is not a number of seconds") from None
    if seconds < 0 or seconds > 3600:
        raise OptionError(f"--delay {text!r}: seconds must be between 0 and 3600")
    return name, seconds


def default_delays() -> dict[str, Optional[float]]:
    return {name: default for name, (default, _) in DELAYS.items()}


@dataclass
class Fault:
    """One fault rule. It fires on a request that matches ``services`` and ``ops`` with probability ``rate``,
    at most ``count`` times (None = unlimited)."""

    kind: str
    rate: float = 1.0
    ops: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    count: Optional[int] = None
    status: Optional[int] = None
    ms: int = 0
    spec: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Fault":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def parse_fault(text: str) -> Fault:
    """``KIND[:key=value,...]``; keys: rate, ops (joined with +), service (joined with +), count, status, ms.

    Examples: ``throttle:rate=0.3``, ``5xx:ops=PutKeyPolicy,count=1``, ``drop:service=kubernetes,rate=0.1``,
    ``latency:ms=500,ops=DescribeNodegroup+DescribeKey``.
    """
    kind, _, rest = text.strip().partition(":")
    kind = FAULT_ALIASES.get(kind.lower(), kind.lower())
    if kind not in FAULT_KINDS:
        raise OptionError(f"--fault {text!r}: unknown kind {kind!r}; use one of {', '.join(FAULT_KINDS)}")
    fault = Fault(kind=kind, spec=text.strip())
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        value = value.strip()
        if not sep or not value:
            raise OptionError(f"--fault {text!r}: {item!r} is not key=value")
        if key == "rate":
            try:
                fault.rate = float(value[:-1]) / 100 if value.endswith("%") else float(value)
            except ValueError:
                raise OptionError(f"--fault {text!r}: rate {value!r} is not a number") from None
            if not 0 <= fault.rate <= 1:
                raise OptionError(f"--fault {text!r}: rate must be between 0 and 1 (or 0% to 100%)")
        elif key in ("ops", "op", "operations"):
            fault.ops = [o for o in re.split(r"[+|]", value) if o]
        elif key in ("service", "services"):
            fault.services = [s.lower() for s in re.split(r"[+|]", value) if s]
            unknown = [s for s in fault.services if s not in SERVICES and s != "aws"]
            if unknown:
                raise OptionError(f"--fault {text!r}: unknown service {unknown[0]!r}; use {', '.join(SERVICES)} or aws")
        elif key == "count":
            fault.count = _positive_int(text, key, value)
        elif key == "status":
            fault.status = _positive_int(text, key, value)
            if fault.kind != "5xx" or not 500 <= fault.status <= 599:
                raise OptionError(f"--fault {text!r}: status applies to 5xx faults and must be 500-599")
        elif key == "ms":
            fault.ms = _positive_int(text, key, value)
            if fault.ms > 60000:
                raise OptionError(f"--fault {text!r}: ms must be at most 60000")
        else:
            raise OptionError(f"--fault {text!r}: unknown key {key!r}; use rate, ops, service, count, status, ms")
    if fault.kind == "latency" and fault.ms == 0:
        fault.ms = 500
    return fault


def _positive_int(text: str, key: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise OptionError(f"--fault {text!r}: {key} {value!r} is not a whole number") from None
    if number < 1:
        raise OptionError(f"--fault {text!r}: {key} must be at least 1")
    return number
