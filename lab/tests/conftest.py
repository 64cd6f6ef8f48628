"""Fixtures: a lab started through the CLI (`python3 -m runbook_lab up`), one per test module.

Every lab listens on free loopback ports, and the fixture stops it with `down` and checks that its process
is gone. Commands run through bash with the lab's `env` exported, the way a user runs the workshop after
`eval "$(runbook lab env)"`; the aws CLI and kubectl read no user configuration (isolated config files and
kubectl cache).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Optional

import pytest

LAB_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMAND_TIMEOUT = 120
# Labs in tests turn a node group DEGRADED 10 s after a failed launch (default 3 s): on a busy machine the
# aws CLI can take over a second per call, and the checks between a recycle and "still ACTIVE" must fit.
DEGRADE_SECONDS = 10


def _base_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (LAB_DIR, env.get("PYTHONPATH")) if p)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CA_BUNDLE", "KUBECONFIG",
                 "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "RUNBOOK_LAB_DIR"):
        env.pop(name, None)
    return env


def lab_cli(*args: str, env: Optional[dict] = None, timeout: float = COMMAND_TIMEOUT,
            check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "runbook_lab", *args], capture_output=True, text=True,
                            env=env or _base_env(), timeout=timeout, cwd=LAB_DIR)
    if check and result.returncode != 0:
        raise AssertionError(f"runbook_lab {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


@dataclass
class Run:
    code: int
    out: str
    err: str


class Lab:
    """A running lab and the shell environment that points the aws CLI and kubectl at it."""

    def __init__(self, state_dir: str, work: str) -> None:
        self.state_dir = state_dir
        self.work = work
        self.env: dict = {}

    def start(self, *flags: str) -> None:
        lab_cli("up", "--state-dir", self.state_dir, *flags, timeout=180)
        self.refresh_env()

    def refresh_env(self) -> None:
        values = json.loads(lab_cli("env", "--json", "--state-dir", self.state_dir).stdout)
        env = _base_env()
        env.update(values)
        env["AWS_CONFIG_FILE"] = os.path.join(self.work, "aws-config")
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(self.work, "aws-credentials")
        env["KUBECACHEDIR"] = os.path.join(self.work, "kube-cache")
        self.env = env

    @property
    def state_file(self) -> dict:
        with open(os.path.join(self.state_dir, "state.json")) as fh:
            return json.load(fh)

    def sh(self, script: str, timeout: float = COMMAND_TIMEOUT, env: Optional[dict] = None) -> Run:
        """Run a bash script (the workshop's commands, verbatim) in the lab's environment."""
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env or self.env,
                                timeout=timeout, cwd=self.work)
        return Run(result.returncode, result.stdout, result.stderr)

    def ok(self, script: str, **kw) -> str:
        run = self.sh(script, **kw)
        assert run.code == 0, f"command failed ({run.code}): {script}\nstdout: {run.out}\nstderr: {run.err}"
        return run.out

    def json(self, script: str, **kw):
        return json.loads(self.ok(script, **kw))

    def reset(self, scenario: Optional[str] = None, *flags: str) -> None:
        lab_cli("reset", *([scenario] if scenario else []), *flags, "--state-dir", self.state_dir)
        self.refresh_env()

    def state(self) -> dict:
        return json.loads(lab_cli("state", "--state-dir", self.state_dir).stdout)

    def log(self, *flags: str) -> list[dict]:
        out = lab_cli("log", "--state-dir", self.state_dir, *flags).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def stop(self) -> None:
        pid = self.state_file.get("pid") if os.path.exists(os.path.join(self.state_dir, "state.json")) else None
        lab_cli("down", "--state-dir", self.state_dir)
        if pid:
            assert not _alive(pid), f"lab process {pid} is still running after down"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        hints = {"aws": "python3 -m pip install awscli", "kubectl": "install kubectl (distribution package or "
                 "the Kubernetes release binary)", "jq": "apt-get install jq"}
        pytest.skip("needs " + ", ".join(f"{t} ({hints.get(t, 'install it')})" for t in missing))


def _start_lab(tmp_path_factory, *flags: str) -> Lab:
    need("aws")
    base = tmp_path_factory.mktemp("lab")
    work = base / "work"
    work.mkdir()
    lab = Lab(str(base / "state"), str(work))
    lab.start("--delay", f"degrade={DEGRADE_SECONDS}", *flags)
    return lab


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A plain-mode lab (http Kubernetes API) for the whole module; tests reset it as they need."""
    lab = _start_lab(tmp_path_factory)
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def tls_lab(tmp_path_factory):
    lab = _start_lab(tmp_path_factory, "--tls")
    try:
        yield lab
    finally:
        lab.stop()


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)
