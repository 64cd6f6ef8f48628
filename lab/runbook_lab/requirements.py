"""Check that the Python packages the lab server needs are installed, and say how to install them."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shlex
import sys
from typing import Optional

MOTO_VERSION = "5.2.1"
# (import name, distribution name, why)
NEEDED = (
    ("moto", "moto", "the AWS API"),
    ("boto3", "boto3", "seeding the scenario"),
    ("flask", "flask", "moto's server app"),
    ("flask_cors", "flask-cors", "moto's server app"),
    ("werkzeug", "werkzeug", "the HTTP servers"),
    ("cryptography", "cryptography", "the lab's certificate authority"),
)


def lab_source_dir() -> Optional[str]:
    """The lab/ folder of a checkout this module runs from (it holds pyproject.toml), if any."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return here if os.path.isfile(os.path.join(here, "pyproject.toml")) else None


def install_command() -> str:
    python = shlex.quote(sys.executable or "python3")
    source = lab_source_dir()
    if source:
        return f"{python} -m pip install -e {shlex.quote(source)}"
    return f"{python} -m pip install 'moto[server]=={MOTO_VERSION}' boto3 flask flask-cors werkzeug cryptography"


def missing() -> list[str]:
    """Human-readable problems; empty when everything is in place."""
    problems = []
    for module, dist, why in NEEDED:
        if importlib.util.find_spec(module) is None:
            problems.append(f"{dist} is not installed (needed for {why})")
    if not problems:
        try:
            version = importlib.metadata.version("moto")
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        if version != MOTO_VERSION:
            problems.append(f"moto {version} is installed, but the lab needs moto {MOTO_VERSION} exactly")
    return problems


def explain(problems: list[str]) -> str:
    lines = ["runbook lab: cannot start the lab:"]
    lines += [f"  - {p}" for p in problems]
    lines.append("Install what the lab needs with:")
    lines.append(f"  {install_command()}")
    return "\n".join(lines)
