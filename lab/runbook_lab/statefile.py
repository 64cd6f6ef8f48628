"""Where a lab keeps its state, and how to tell whether the process it names is still ours (stdlib only).

The state directory (``--state-dir``, else ``$RUNBOOK_LAB_DIR``, else ``.runbook/lab`` under the current
directory) holds:

* ``state.json``: pid, ports, endpoints, scenario, credentials, the workshop's variables (written when ready);
* ``kubeconfig``: the lab's kubeconfig (``KUBECONFIG`` in ``env``);
* ``ca.crt``, ``server.crt``, ``server.key``: the lab's CA and the Kubernetes API certificate;
* ``requests.jsonl``: the request log; ``lab.out``: the server's own output.
"""

from __future__ import annotations

import json
import os
import signal
from typing import Optional

STATE_FILE = "state.json"
LOG_FILE = "requests.jsonl"
OUT_FILE = "lab.out"
DEFAULT_DIR = os.path.join(".runbook", "lab")


def resolve_dir(explicit: Optional[str] = None) -> str:
    path = explicit or os.environ.get("RUNBOOK_LAB_DIR") or DEFAULT_DIR
    return os.path.abspath(os.path.expanduser(path))


def read_state(directory: str) -> Optional[dict]:
    try:
        with open(os.path.join(directory, STATE_FILE), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_state(directory: str, state: dict) -> None:
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, STATE_FILE)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, path)


def remove_state(directory: str, pid: Optional[int] = None) -> None:
    """Remove state.json (only if it still names ``pid``, when given)."""
    if pid is not None:
        current = read_state(directory)
        if current is not None and current.get("pid") != pid:
            return
    try:
        os.remove(os.path.join(directory, STATE_FILE))
    except OSError:
        pass


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (exited, not yet reaped) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            if fh.read().rsplit(")", 1)[-1].split()[0] == "Z":
                return False
    except OSError:
        pass
    return True


def is_lab_process(pid: int) -> bool:
    """True when ``pid`` is alive and (where /proc exists) runs ``runbook_lab serve``: a recycled pid is not
    ours to signal."""
    if not pid_alive(pid):
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = fh.read().split(b"\0")
    except OSError:
        return True  # no /proc (macOS): trust the pid
    return any(b"runbook_lab" in a or b"runbook-lab" in a for a in argv) and b"serve" in argv


def running_state(directory: str) -> Optional[dict]:
    """The state of a lab that is running from ``directory``, or None."""
    state = read_state(directory)
    if state and isinstance(state.get("pid"), int) and is_lab_process(state["pid"]):
        return state
    return None


def terminate(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)
