"""The lab process: moto's AWS API and the Kubernetes API on loopback, sharing one scenario.

::

    AWS port (http)                                   Kubernetes port (http, or https with --tls)
      Observed (request log, faults)                    Observed (request log, faults)
        AwsFront                                          KubeAPI (nodes; EKS token auth with --tls)
          /_lab/...        admin: health, state,             |
                           env, reset, log                    |
          EKS ListUpdates / DescribeUpdate                    |
          moto DomainDispatcherApplication  ---- Scenario ----+---- NodeStore
            (one lock per request)               (patched moto hooks, Scheduler for timed transitions)

Start-up: check moto, bind both ports (0 = a free port), make the CA, seed through boto3 against the own
port, write the kubeconfig and ``state.json``, then answer. SIGTERM or SIGINT stop it cleanly.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable, Optional
from urllib.parse import parse_qs

from . import __version__, patches, statefile
from .ekstoken import TokenError
from .ekstoken import verify as verify_token
from .kubeapi import KubeAPI, NodeStore, kube_operation
from .kubeconfig import write_kubeconfig
from .options import DEFAULT_SCENARIO, SCENARIOS, OptionError, default_delays, parse_delay, parse_fault
from .scenario import ACCOUNT, CLUSTER, REGION, Scenario
from .scheduler import Scheduler
from .traffic import INTERNAL_HEADER, Faults, Observed, RequestLog, classify_aws

ACCESS_KEY = "AKIARUNBOOKLAB000001"
SECRET_KEY = "runbook-lab-fake-secret-key-do-not-use"


class LabServer:
    def __init__(self, *, scenario: str = DEFAULT_SCENARIO, tls: bool = False, state_dir: str,
                 delays: Optional[dict] = None, faults: Optional[list] = None, fault_seed: Optional[int] = None,
                 aws_port: int = 0, k8s_port: int = 0) -> None:
        if scenario not in SCENARIOS:
            raise OptionError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
        self.scenario_name = scenario
        self.tls = tls
        self.state_dir = state_dir
        os.makedirs(state_dir, exist_ok=True)
        self.delays = default_delays()
        self.delays.update(delays or {})
        self.fault_seed = fault_seed
        self.requested_ports = (aws_port, k8s_port)
        self.lock = threading.RLock()
        self.open = threading.Event()  # cleared while a reset re-seeds
        self.stop_event = threading.Event()
        self.nodes = NodeStore()
        self.scheduler = Scheduler(self.lock)
        self.log = RequestLog(os.path.join(state_dir, statefile.LOG_FILE))
        self.faults = Faults(faults or [], fault_seed)
        self._clients: dict[str, Any] = {}
        self._servers: list[Any] = []
        self._threads: list[threading.Thread] = []
        self.state: dict = {}

    # ------------------------------------------------------------------------------------------------
    # Start and stop

    def start(self) -> dict:
        patches.self_check()
        os.makedirs(self.state_dir, exist_ok=True)
        from werkzeug.serving import WSGIRequestHandler, make_server
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        from .tlsutil import make_ca_and_server_cert, server_context

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args: Any, **kwargs: Any) -> None:
                pass

            def log(self, type: str, message: str, *args: Any) -> None:
                if type == "error":
                    super().log(type, message, *args)

        certs = make_ca_and_server_cert(self.state_dir)
        self.certs = certs
        self.moto_app = DomainDispatcherApplication(create_backend_app)

        aws_app = Observed(self._aws_front, kind="aws", classify=classify_aws, log=self.log, faults=self.faults,
                           passthrough=lambda e: e.get("PATH_INFO", "").startswith("/_lab/")
                           or bool(e.get(INTERNAL_HEADER)))
        aws_server = make_server("127.0.0.1", self.requested_ports[0], aws_app, threaded=True,
                                 request_handler=QuietHandler)
        self.aws_port = aws_server.server_port
        self.aws_endpoint = f"http://127.0.0.1:{self.aws_port}"

        ssl_context = server_context(certs["server.crt"], certs["server.key"]) if self.tls else None
        kube_holder: dict[str, Any] = {}
        kube_app = Observed(lambda e, s: kube_holder["app"](e, s), kind="kubernetes", classify=self._classify_kube,
                            log=self.log, faults=self.faults)
        k8s_server = make_server("127.0.0.1", self.requested_ports[1], self._gate(kube_app), threaded=True,
                                 request_handler=QuietHandler, ssl_context=ssl_context)
        self.k8s_port = k8s_server.server_port
        scheme = "https" if self.tls else "http"
        self.k8s_endpoint = f"{scheme}://127.0.0.1:{self.k8s_port}"
        kube_holder["app"] = KubeAPI(self.nodes, address=f"127.0.0.1:{self.k8s_port}", stop=self.stop_event,
                                     authenticate=self._authenticate if self.tls else None)

        self.scenario = Scenario(lock=self.lock, nodes=self.nodes, scheduler=self.scheduler, delays=self.delays,
                                 k8s_endpoint=self.k8s_endpoint, ca_pem=certs["ca_pem"])
        patches.install(self.scenario)

        for server, name in ((aws_server, "aws"), (k8s_server, "kubernetes")):
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                      name=f"lab-{name}", daemon=True)
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        self.scheduler.start()
        # Seed twice: the first pass also builds moto's per-service apps, which draws on moto's random
        # source; from the second pass on, every seed of a scenario yields the same IDs, so `env` stays
        # valid across `reset`.
        self._reseed(self.scenario_name)
        self._reseed(self.scenario_name)
        self.kubeconfig = os.path.join(self.state_dir, "kubeconfig")
        write_kubeconfig(self.kubeconfig, server=self.k8s_endpoint, account=ACCOUNT, region=REGION, cluster=CLUSTER,
                         ca_pem=certs["ca_pem"], exec_env=self._aws_env())
        self._write_state()
        self.open.set()
        return self.state

    def stop(self) -> None:
        self.stop_event.set()
        self.nodes.close()
        self.scheduler.stop()
        for server in self._servers:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=5)
        statefile.remove_state(self.state_dir, os.getpid())

    def stop_on_signals(self) -> None:
        """SIGTERM and SIGINT from now on stop the lab cleanly (see ``serve_until_signalled``).
        Installed before the lab announces it is ready, so a signal sent on that announcement
        cannot kill it before it can clean up."""
        def handler(signum: int, frame: Any) -> None:
            self.stop_event.set()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def serve_until_signalled(self, owner_pid: Optional[int] = None) -> None:
        """Serve until SIGTERM/SIGINT, or until process ``owner_pid`` (when given) has exited."""
        self.stop_on_signals()
        try:
            while not self.stop_event.wait(0.5):
                if owner_pid is not None and not _process_exists(owner_pid):
                    print(f"runbook lab: owner process {owner_pid} has exited; stopping", file=sys.stderr, flush=True)
                    break
        finally:
            self.stop()

    # ------------------------------------------------------------------------------------------------
    # Seeding

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            import boto3
            from botocore.config import Config

            client = boto3.session.Session().client(
                service, endpoint_url=self.aws_endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                aws_secret_access_key=SECRET_KEY,
                config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30))

            def mark(request: Any, **kwargs: Any) -> None:
                request.headers["X-Runbook-Lab-Internal"] = "seed"

            client.meta.events.register("before-sign.*.*", mark)
            self._clients[service] = client
        return self._clients[service]

    def _reseed(self, scenario: str) -> None:
        started = time.monotonic()
        self.scenario.delays = dict(self.delays)
        self.scenario.seed(scenario, self._client)
        self.scenario_name = scenario
        self.seed_seconds = round(time.monotonic() - started, 3)

    def reset(self, scenario: Optional[str], delays: Optional[dict], faults: Optional[list],
              keep_log: bool = False) -> dict:
        scenario = scenario or self.scenario_name
        if scenario not in SCENARIOS:
            raise OptionError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
        self.open.clear()
        try:
            with self.lock:
                self.scheduler.cancel_all()
            if delays:
                self.delays.update(delays)
            if faults is not None:
                self.faults.configure(faults, self.fault_seed)
            self._reseed(scenario)
            if not keep_log:
                self.log.clear()
            self._write_state()
        finally:
            self.open.set()
        return self.state

    # ------------------------------------------------------------------------------------------------
    # State

    def _aws_env(self) -> dict:
        return {"AWS_ENDPOINT_URL": self.aws_endpoint, "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}

    def _write_state(self) -> None:
        self.state = {
            "pid": os.getpid(),
            "version": __version__,
            "ready": True,
            "scenario": self.scenario_name,
            "tls": self.tls,
            "aws_endpoint": self.aws_endpoint,
            "aws_port": self.aws_port,
            "k8s_endpoint": self.k8s_endpoint,
            "k8s_port": self.k8s_port,
            "state_dir": self.state_dir,
            "kubeconfig": os.path.join(self.state_dir, "kubeconfig"),
            "ca_file": self.certs["ca.crt"],
            "request_log": self.log.path,
            "credentials": {"access_key_id": ACCESS_KEY, "secret_access_key": SECRET_KEY},
            "region": REGION,
            "account": ACCOUNT,
            "cluster": CLUSTER,
            "variables": dict(self.scenario.variables),
            "delays": dict(self.delays),
            "faults": self.faults.to_json(),
            "started_at": getattr(self, "started_at", None)
            or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "seed_seconds": self.seed_seconds,
        }
        self.started_at = self.state["started_at"]
        statefile.write_state(self.state_dir, self.state)

    # ------------------------------------------------------------------------------------------------
    # The AWS side

    def _aws_front(self, environ: dict, start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_lab/"):
            return self._admin(environ, start_response)
        if not environ.get(INTERNAL_HEADER):
            self.open.wait(120)
        match = re.fullmatch(r"/clusters/([^/]+)/updates(?:/([^/]+))?/?", path)
        if match and environ.get("REQUEST_METHOD") == "GET":
            return self._eks_updates(environ, start_response, match.group(1), match.group(2))
        with self.lock:
            return list(self.moto_app(environ, start_response))

    def _eks_updates(self, environ: dict, start_response: Callable, cluster: str, update_id: Optional[str]) -> Any:
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        nodegroup = query.get("nodegroupName")
        with self.lock:
            if update_id is None:
                ids = self.scenario.list_updates(cluster, nodegroup)
                if ids is not None:
                    return _json(start_response, 200, {"updateIds": ids})
                return _json(start_response, 404, {"message": f"No cluster found for name: {cluster}."},
                             [("x-amzn-ErrorType", "ResourceNotFoundException")])
            update = self.scenario.describe_update(cluster, nodegroup, update_id)
        if update is None:
            return _json(start_response, 404, {"message": f"No update found for ID: {update_id}",
                                               "clusterName": cluster, "nodegroupName": nodegroup},
                         [("x-amzn-ErrorType", "ResourceNotFoundException")])
        return _json(start_response, 200, {"update": update})

    # ------------------------------------------------------------------------------------------------
    # The Kubernetes side

    def _gate(self, app: Callable) -> Callable:
        def gated(environ: dict, start_response: Callable) -> Any:
            self.open.wait(120)
            return app(environ, start_response)
        return gated

    @staticmethod
    def _classify_kube(environ: dict, body: bytes) -> dict:
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        verb, operation, mutating = kube_operation(environ.get("REQUEST_METHOD", "GET"),
                                                   environ.get("PATH_INFO", "/"), query)
        info = {"service": "kubernetes", "operation": operation, "mutating": mutating, "verb": verb}
        selected = {k: query[k] for k in ("labelSelector", "fieldSelector", "watch", "resourceVersion")
                    if k in query}
        if selected:
            info["query"] = selected
        return info

    def _authenticate(self, token: str) -> tuple[Optional[str], str]:
        try:
            user = verify_token(token, cluster=CLUSTER, secrets={ACCESS_KEY: SECRET_KEY}, account=ACCOUNT)
            return user, "ok"
        except TokenError as exc:
            return None, str(exc)

    # ------------------------------------------------------------------------------------------------
    # Admin API

    def _admin(self, environ: dict, start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/_lab/health":
            return _json(start_response, 200, {"ok": self.open.is_set(), "pid": os.getpid(),
                                               "scenario": self.scenario_name})
        if path == "/_lab/state" and method == "GET":
            with self.lock:
                summary = self.scenario.state()
            summary["faults"] = self.faults.to_json()
            summary["endpoints"] = {"aws": self.aws_endpoint, "kubernetes": self.k8s_endpoint, "tls": self.tls}
            return _json(start_response, 200, summary)
        if path == "/_lab/env" and method == "GET":
            return _json(start_response, 200, self.state)
        if path == "/_lab/log" and method == "GET":
            since = int(query.get("since", "0") or 0)
            lines = "".join(json.dumps(e, default=str) + "\n" for e in self.log.entries(since)).encode()
            start_response("200 OK", [("Content-Type", "application/x-ndjson"), ("Content-Length", str(len(lines)))])
            return [lines]
        if path == "/_lab/log/clear" and method == "POST":
            self.log.clear()
            return _json(start_response, 200, {"cleared": True})
        if path == "/_lab/reset" and method == "POST":
            from .traffic import read_body

            try:
                body = json.loads(read_body(environ) or b"{}")
                delays = dict(parse_delay(f"{k}={'off' if v is None else v}") for k, v in
                              (body.get("delays") or {}).items())
                faults = None
                if body.get("clear_faults"):
                    faults = []
                if body.get("faults"):
                    faults = (faults or []) + [parse_fault(spec) for spec in body["faults"]]
                state = self.reset(body.get("scenario"), delays, faults, bool(body.get("keep_log")))
            except (OptionError, ValueError) as exc:
                return _json(start_response, 400, {"error": str(exc)})
            return _json(start_response, 200, state)
        return _json(start_response, 404, {"error": f"unknown admin path {method} {path}"})


def _json(start_response: Callable, status: int, body: Any, headers: Optional[list] = None) -> list[bytes]:
    data = json.dumps(body, default=str).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "Error")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
                   + (headers or []))
    return [data]


def _process_exists(pid: int) -> bool:
    """Whether process ``pid`` exists (a zombie not yet reaped still counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def serve(args: Any) -> int:
    """``serve``: run the lab in the foreground until SIGTERM/SIGINT; print one JSON line when ready."""
    state_dir = statefile.resolve_dir(args.state_dir)
    existing = statefile.running_state(state_dir)
    if existing and existing.get("pid") != os.getpid():
        print(f"runbook lab: a lab is already running from {state_dir} (pid {existing['pid']}); "
              f"stop it first", file=sys.stderr)
        return 1
    server = LabServer(scenario=args.scenario, tls=args.tls, state_dir=state_dir, delays=args.delays,
                       faults=args.faults, fault_seed=args.fault_seed, aws_port=args.aws_port,
                       k8s_port=args.k8s_port)
    try:
        state = server.start()
    except BaseException:
        server.stop()
        raise
    server.stop_on_signals()
    print(json.dumps({"ready": True, "pid": state["pid"], "scenario": state["scenario"],
                      "aws": state["aws_endpoint"], "kubernetes": state["k8s_endpoint"],
                      "state_dir": state_dir}), flush=True)
    server.serve_until_signalled(owner_pid=getattr(args, "owner_pid", None))
    return 0
