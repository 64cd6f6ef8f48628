"""The lab's command line: ``python3 -m runbook_lab COMMAND`` (what ``runbook lab COMMAND`` runs).

Only ``serve`` (and ``up``, which starts ``serve`` in the background) needs moto; the other commands use
the standard library, so ``env``, ``down`` and ``log`` work from any Python 3.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any, Optional

from . import __version__, statefile
from .options import DEFAULT_SCENARIO, DELAYS, FAULT_KINDS, SCENARIOS, OptionError, parse_delay, parse_fault

PROG = os.environ.get("RUNBOOK_LAB_PROG", "python3 -m runbook_lab")


class CommandError(Exception):
    """A failure to report on stderr, with exit status 1."""


# --------------------------------------------------------------------------------------------------
# Argument parsing


def _delay(text: str) -> str:
    try:
        parse_delay(text)
    except OptionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _fault(text: str) -> str:
    try:
        parse_fault(text)
    except OptionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _scenario_help() -> str:
    width = max(len(n) for n in SCENARIOS)
    return "\n".join(f"  {name.ljust(width)}  {text}" for name, text in SCENARIOS.items())


def _delay_help() -> str:
    width = max(len(n) for n in DELAYS)
    out = []
    for name, (default, text) in DELAYS.items():
        shown = "off" if default is None else f"{default:g}s"
        out.append(f"  {name.ljust(width)}  (default {shown}) {text}")
    return "\n".join(out)


FAULT_HELP = (
    "fault SPEC is KIND[:key=value,...] with KIND one of " + ", ".join(FAULT_KINDS) + ";\n"
    "keys: rate (0-1 or N%%, default 1), ops (operation names or Kubernetes verbs joined with +),\n"
    "service (eks, kms, autoscaling, ec2, iam, sts, kubernetes or aws, joined with +), count (fire at most N\n"
    "times), status (500-599, for 5xx), ms (for latency). Examples:\n"
    "  --fault throttle:rate=0.3   --fault 5xx:ops=PutKeyPolicy,count=1\n"
    "  --fault drop:service=kubernetes,rate=0.1   --fault latency:ms=800,ops=DescribeNodegroup"
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state-dir", metavar="DIR",
                        help="where the lab keeps its state (default: $RUNBOOK_LAB_DIR, else ./.runbook/lab)")

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A local lab that reproduces the EKS workshop's 'missing worker nodes' failure: moto's AWS "
                    "API and a small Kubernetes API on loopback, sharing one scenario.",
        epilog=f"Typical use:\n  {PROG} up\n  eval \"$({PROG} env)\"\n  kubectl get nodes\n  {PROG} down\n\n"
               f"Scenarios:\n{_scenario_help()}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"runbook-lab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def server_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, choices=list(SCENARIOS), metavar="SCENARIO",
                       help=f"the scenario to seed (default {DEFAULT_SCENARIO})")
        p.add_argument("--tls", action="store_true",
                       help="serve the Kubernetes API over HTTPS with the lab's CA and require EKS tokens "
                            "(aws eks get-token)")
        p.add_argument("--delay", action="append", default=[], type=_delay, metavar="NAME=SECONDS",
                       help="delay a state transition (repeatable; see below)")
        p.add_argument("--fault", action="append", default=[], type=_fault, metavar="SPEC",
                       help="inject faults into requests (repeatable; see below)")
        p.add_argument("--fault-seed", type=int, metavar="N", help="seed the fault dice, to repeat a run")
        p.add_argument("--aws-port", type=int, default=0, metavar="PORT", help="AWS API port (default: a free one)")
        p.add_argument("--k8s-port", type=int, default=0, metavar="PORT",
                       help="Kubernetes API port (default: a free one)")
        p.add_argument("--owner-pid", type=int, metavar="PID",
                       help="stop the lab when process PID exits (tests pass their own, so a test run killed "
                            "part-way leaves no lab behind)")

    epilog = f"Delays (seconds):\n{_delay_help()}\n\n{FAULT_HELP}\n\nScenarios:\n{_scenario_help()}"
    up = sub.add_parser("up", parents=[common], help="start the lab in the background; return once it answers",
                        description="Start the lab in the background on free loopback ports and wait until both "
                                    "APIs answer.", epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_options(up)
    up.add_argument("--timeout", type=float, default=90.0, metavar="SECONDS",
                    help="how long to wait for the lab to answer (default 90)")

    serve = sub.add_parser("serve", parents=[common], help="run the lab in the foreground (Ctrl-C stops it)",
                           description="Run the lab in the foreground. Prints one JSON line when ready.",
                           epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_options(serve)

    env = sub.add_parser("env", parents=[common], help="print export lines: eval \"$(... env)\"",
                         description="Print shell export lines for the aws CLI, kubectl and the workshop's "
                                     "variables. Use: eval \"$(" + PROG + " env)\"")
    env.add_argument("--json", action="store_true", help="print the variables as one JSON object instead")

    down = sub.add_parser("down", parents=[common], help="stop the lab and wait until its process is gone")
    down.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                      help="how long to wait after SIGTERM before SIGKILL (default 15)")

    reset = sub.add_parser("reset", parents=[common], help="re-seed the scenario (or switch to another)",
                           description="Re-seed the running lab: the scenario's resources are created anew, timers "
                                       "are cancelled and the request log is cleared.",
                           epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    reset.add_argument("scenario", nargs="?", choices=list(SCENARIOS), metavar="SCENARIO",
                       help="the scenario to seed (default: the current one)")
    reset.add_argument("--delay", action="append", default=[], type=_delay, metavar="NAME=SECONDS",
                       help="change a delay (repeatable)")
    reset.add_argument("--fault", action="append", default=[], type=_fault, metavar="SPEC",
                       help="replace the fault rules with these (repeatable)")
    reset.add_argument("--clear-faults", action="store_true", help="remove every fault rule")
    reset.add_argument("--keep-log", action="store_true", help="keep the request log")

    sub.add_parser("state", parents=[common], help="print the scenario state as JSON",
                   description="Print a JSON summary: node groups, Auto Scaling groups and whether their launches "
                               "can use the key (and why), the key and its grants, nodes, pending transitions.")

    log = sub.add_parser("log", parents=[common], help="print the request log as JSON lines",
                         description="Print the request log, one JSON object per line: seq, time, service, "
                                     "operation, mutating, status, method, path, duration_ms, and error, fault, "
                                     "verb, query, user where they apply.")
    log.add_argument("--service", action="append", default=[], metavar="NAME",
                     help="only this service (eks, kms, autoscaling, ec2, iam, sts, kubernetes; repeatable)")
    log.add_argument("--mutating", action="store_true", help="only mutating requests")
    log.add_argument("--since", type=int, default=0, metavar="SEQ", help="only entries after this seq number")
    log.add_argument("--clear", action="store_true", help="empty the log instead of printing it")

    sub.add_parser("scenarios", help="list the scenarios")
    return parser


# --------------------------------------------------------------------------------------------------
# Talking to a running lab


def _running(state_dir: str) -> dict:
    state = statefile.running_state(state_dir)
    if state is None:
        raise CommandError(f"no lab is running from {state_dir}; start one with: {PROG} up")
    return state


def _request(state: dict, path: str, body: Optional[dict] = None, timeout: float = 30.0) -> Any:
    url = state["aws_endpoint"] + path
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("error", detail)
        except ValueError:
            pass
        raise CommandError(f"the lab refused {path}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise CommandError(f"cannot reach the lab at {url}: {exc}") from None
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(raw)
    return raw.decode()


# --------------------------------------------------------------------------------------------------
# Commands


def cmd_up(args: argparse.Namespace) -> int:
    from . import requirements

    state_dir = statefile.resolve_dir(args.state_dir)
    existing = statefile.running_state(state_dir)
    if existing:
        raise CommandError(
            f"a lab is already running from {state_dir} (scenario {existing['scenario']}, pid {existing['pid']}).\n"
            f"Stop it with `{PROG} down`, or switch scenarios with `{PROG} reset SCENARIO`.")
    statefile.remove_state(state_dir)
    problems = requirements.missing()
    if problems:
        raise CommandError(requirements.explain(problems).replace("runbook lab: ", "", 1))
    os.makedirs(state_dir, exist_ok=True)
    argv = [sys.executable, "-m", "runbook_lab", "serve", args.scenario, "--state-dir", state_dir,
            "--aws-port", str(args.aws_port), "--k8s-port", str(args.k8s_port)]
    if args.tls:
        argv.append("--tls")
    for delay in args.delay:
        argv += ["--delay", delay]
    for fault in args.fault:
        argv += ["--fault", fault]
    if args.fault_seed is not None:
        argv += ["--fault-seed", str(args.fault_seed)]
    if args.owner_pid is not None:
        argv += ["--owner-pid", str(args.owner_pid)]
    env = dict(os.environ)
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    out_path = os.path.join(state_dir, statefile.OUT_FILE)
    with open(out_path, "wb") as out:
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                 cwd=os.getcwd(), start_new_session=True, close_fds=True)
    deadline = time.monotonic() + args.timeout
    while True:
        code = child.poll()
        if code is not None:
            raise CommandError(f"the lab exited with status {code} before it was ready:\n{_tail(out_path)}")
        state = statefile.read_state(state_dir)
        if state and state.get("pid") == child.pid and state.get("ready"):
            try:
                health = _request(state, "/_lab/health", timeout=2)
                if health.get("ok"):
                    break
            except CommandError:
                pass
        if time.monotonic() > deadline:
            _stop_pid(child.pid, 5)
            raise CommandError(f"the lab did not answer within {args.timeout:g} s:\n{_tail(out_path)}")
        time.sleep(0.1)
    print(f"runbook lab: scenario {state['scenario']} is up (pid {state['pid']})")
    print(f"  AWS API         {state['aws_endpoint']}")
    print(f"  Kubernetes API  {state['k8s_endpoint']}{'  (TLS, EKS tokens)' if state['tls'] else ''}")
    print(f"  state           {state_dir}")
    print(f"Load its environment with:  eval \"$({PROG} env{_dir_flag(args)})\"")
    return 0


def _dir_flag(args: argparse.Namespace) -> str:
    return f" --state-dir {shlex.quote(args.state_dir)}" if args.state_dir else ""


def _tail(path: str, lines: int = 30) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return "".join(fh.readlines()[-lines:]).rstrip() or "(no output)"
    except OSError:
        return "(no output)"


def _stop_pid(pid: int, timeout: float) -> bool:
    """SIGTERM, wait, then SIGKILL; True once the process is gone."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    for sig_timeout, next_signal in ((timeout, signal.SIGKILL), (5.0, None)):
        deadline = time.monotonic() + sig_timeout
        while time.monotonic() < deadline:
            _reap(pid)
            if not statefile.pid_alive(pid):
                return True
            time.sleep(0.05)
        if next_signal is not None:
            try:
                os.kill(pid, next_signal)
            except ProcessLookupError:
                return True
    return not statefile.pid_alive(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def cmd_down(args: argparse.Namespace) -> int:
    state_dir = statefile.resolve_dir(args.state_dir)
    state = statefile.read_state(state_dir)
    if state is None:
        print(f"runbook lab: no lab is running from {state_dir}")
        return 0
    pid = state.get("pid")
    if not isinstance(pid, int) or not statefile.is_lab_process(pid):
        statefile.remove_state(state_dir)
        print(f"runbook lab: no lab is running from {state_dir} (removed stale state of pid {pid})")
        return 0
    if not _stop_pid(pid, args.timeout):
        raise CommandError(f"process {pid} did not stop")
    statefile.remove_state(state_dir)
    print(f"runbook lab: stopped (pid {pid})")
    return 0


def env_values(state: dict) -> dict:
    values = {
        "AWS_ENDPOINT_URL": state["aws_endpoint"],
        "AWS_ACCESS_KEY_ID": state["credentials"]["access_key_id"],
        "AWS_SECRET_ACCESS_KEY": state["credentials"]["secret_access_key"],
        "AWS_DEFAULT_REGION": state["region"],
        "AWS_REGION": state["region"],
        "AWS_DEFAULT_OUTPUT": "json",
        "AWS_PAGER": "",
        "AWS_EC2_METADATA_DISABLED": "true",
        "KUBECONFIG": state["kubeconfig"],
        "RUNBOOK_LAB_DIR": state["state_dir"],
    }
    values.update(state.get("variables", {}))
    return values


UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CA_BUNDLE",
         "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")


def cmd_env(args: argparse.Namespace) -> int:
    state = _running(statefile.resolve_dir(args.state_dir))
    values = env_values(state)
    if args.json:
        print(json.dumps(values, indent=2))
        return 0
    print(f"# runbook lab: scenario {state['scenario']}, pid {state['pid']}")
    print("unset " + " ".join(UNSET))
    for name, value in values.items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    state_dir = statefile.resolve_dir(args.state_dir)
    state = _running(state_dir)
    body: dict = {"keep_log": args.keep_log}
    if args.scenario:
        body["scenario"] = args.scenario
    if args.delay:
        body["delays"] = {}
        for text in args.delay:
            name, value = parse_delay(text)
            body["delays"][name] = value
    if args.clear_faults:
        body["clear_faults"] = True
    if args.fault:
        body["clear_faults"] = True
        body["faults"] = list(args.fault)
    new = _request(state, "/_lab/reset", body, timeout=120)
    print(f"runbook lab: reset to scenario {new['scenario']} (seeded in {new.get('seed_seconds', 0):g} s)")
    if new.get("variables") != state.get("variables"):
        print(f"The workshop variables changed: run  eval \"$({PROG} env{_dir_flag(args)})\"  again.")
    return 0


def cmd_state(args: argparse.Namespace) -> int:
    state = _running(statefile.resolve_dir(args.state_dir))
    print(json.dumps(_request(state, "/_lab/state"), indent=2, default=str))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    state_dir = statefile.resolve_dir(args.state_dir)
    if args.clear:
        _request(_running(state_dir), "/_lab/log/clear", {})
        return 0
    path = os.path.join(state_dir, statefile.LOG_FILE)
    if not os.path.exists(path):
        raise CommandError(f"no request log in {state_dir}; start a lab with: {PROG} up")
    services = {s.lower() for s in args.service}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("seq", 0) <= args.since:
                continue
            if services and entry.get("service") not in services:
                continue
            if args.mutating and not entry.get("mutating"):
                continue
            sys.stdout.write(line if line.endswith("\n") else line + "\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import requirements

    problems = requirements.missing()
    if problems:
        raise CommandError(requirements.explain(problems).replace("runbook lab: ", "", 1))
    from .server import serve

    args.delays = dict(parse_delay(d) for d in args.delay)
    args.faults = [parse_fault(f) for f in args.fault]
    return serve(args)


def cmd_scenarios(args: argparse.Namespace) -> int:
    print(_scenario_help())
    return 0


COMMANDS = {"up": cmd_up, "down": cmd_down, "env": cmd_env, "reset": cmd_reset, "state": cmd_state,
            "log": cmd_log, "serve": cmd_serve, "scenarios": cmd_scenarios}


def main(argv: Optional[list] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"runbook lab: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `runbook lab log | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as exc:  # the server's own failures: say what, not a bare traceback
        from .patches import MotoMismatch

        if isinstance(exc, MotoMismatch):
            print(f"runbook lab: {exc}", file=sys.stderr)
            return 1
        raise
