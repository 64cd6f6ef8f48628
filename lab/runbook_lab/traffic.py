"""What crosses the lab's ports: naming each request, the request log, and fault injection.

``Observed`` wraps a WSGI app. For each request it asks a classifier for ``service``, ``operation`` and
``mutating``, lets the fault rules act (latency, throttling, server errors, dropped connections), calls the
app, and appends one JSON line to the request log with the HTTP status (0 for a dropped connection).
"""

from __future__ import annotations

import io
import json
import random
import re
import socket
import threading
import time
import uuid
from collections import deque
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Optional
from urllib.parse import parse_qs

from .options import Fault

READ_ONLY_PREFIXES = ("Describe", "Get", "List", "BatchGet", "Search", "Lookup", "Head")
INTERNAL_HEADER = "HTTP_X_RUNBOOK_LAB_INTERNAL"


def aws_mutating(operation: str) -> bool:
    """Read-only means the name starts with Describe, Get, List, BatchGet, Search, Lookup or Head.
    Everything else (including KMS Decrypt/Encrypt and unknown operations) counts as mutating."""
    return not operation.startswith(READ_ONLY_PREFIXES)


# --------------------------------------------------------------------------------------------------
# Naming AWS requests

_PROTOCOLS = {"kms": "json", "eks": "rest-json", "autoscaling": "query", "iam": "query", "sts": "query",
              "ec2": "ec2"}
_rest_routes: dict[str, list[tuple[str, "re.Pattern[str]", str]]] = {}
_routes_lock = threading.Lock()


def _routes_for(service: str) -> list[tuple[str, "re.Pattern[str]", str]]:
    """(method, path regex, operation) from botocore's model of a REST service, most specific first."""
    with _routes_lock:
        if service not in _rest_routes:
            routes = []
            try:
                import botocore.session

                model = botocore.session.get_session().get_service_model(service)
                for name in model.operation_names:
                    http = model.operation_model(name).http
                    uri = http.get("requestUri", "/").split("?", 1)[0]
                    regex = re.sub(r"\\\{[^}]+\\\+\\\}", ".+", re.escape(uri))
                    regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", regex)
                    literal = len(re.sub(r"\{[^}]+\}", "", uri))
                    routes.append((literal, http.get("method", "GET"), re.compile(regex + "/?$"), name))
            except Exception:
                routes = []
            routes.sort(key=lambda r: -r[0])
            _rest_routes[service] = [(m, rx, n) for _, m, rx, n in routes]
        return _rest_routes[service]


def read_body(environ: dict) -> bytes:
    """Read the request body once and put it back for the app."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def classify_aws(environ: dict, body: bytes) -> dict:
    """service, operation, region and protocol from the SigV4 scope, X-Amz-Target, Action or the REST route."""
    service = region = None
    auth = environ.get("HTTP_AUTHORIZATION", "")
    query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    credential = ""
    m = re.search(r"Credential=([^,\s]+)", auth)
    if m:
        credential = m.group(1)
    elif "X-Amz-Credential" in query:
        credential = query["X-Amz-Credential"]
    parts = credential.split("/")
    if len(parts) >= 5:
        region, service = parts[-3], parts[-2].lower()
    operation = None
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.rsplit(".", 1)[-1]
    if operation is None:
        form = {}
        if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        operation = form.get("Action") or query.get("Action")
    if operation is None and service:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        for route_method, regex, name in _routes_for(service):
            if route_method == method and regex.match(path):
                operation = name
                break
    operation = operation or f"{environ.get('REQUEST_METHOD', 'GET')} {environ.get('PATH_INFO', '/')}"
    service = service or "unknown"
    return {"service": service, "operation": operation, "mutating": aws_mutating(operation),
            "region": region, "protocol": _PROTOCOLS.get(service, "query")}


def aws_error(protocol: str, service: str, kind: str, status: Optional[int]) -> tuple[int, list, bytes]:
    """An error answer in the wire format the service's SDK parses."""
    request_id = str(uuid.uuid4())
    if kind == "throttle":
        code, message = {"json": ("ThrottlingException", "Rate exceeded"),
                         "rest-json": ("ThrottlingException", "Rate exceeded"),
                         "ec2": ("RequestLimitExceeded", "Request limit exceeded."),
                         }.get(protocol, ("Throttling", "Rate exceeded"))
        code_status = {"rest-json": 429, "ec2": 503}.get(protocol, 400)
    else:
        code_status = status or 500
        if code_status == 503:
            code, message = "ServiceUnavailable", "Service is unavailable. Please try again later."
        else:
            code = {"kms": "KMSInternalException", "eks": "ServerException", "ec2": "InternalError"}.get(
                service, "InternalFailure")
            message = "An internal error occurred (injected by the runbook lab)."
    headers = [("x-amzn-RequestId", request_id)]
    if protocol in ("json", "rest-json"):
        body = {"message": message}
        if protocol == "json":
            body["__type"] = code
        headers += [("Content-Type", "application/x-amz-json-1.1" if protocol == "json" else "application/json"),
                    ("x-amzn-ErrorType", code)]
        data = json.dumps(body).encode()
    elif protocol == "ec2":
        headers.append(("Content-Type", "text/xml"))
        data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code}</Code>'
                f"<Message>{message}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
                ).encode()
    else:
        headers.append(("Content-Type", "text/xml"))
        fault_type = "Sender" if kind == "throttle" else "Receiver"
        data = (f'<ErrorResponse xmlns="https://{service}.amazonaws.com/doc/"><Error><Type>{fault_type}</Type>'
                f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId>"
                f"</ErrorResponse>").encode()
    headers.append(("Content-Length", str(len(data))))
    return code_status, headers, data


def kube_error(kind: str, status: Optional[int]) -> tuple[int, list, bytes]:
    if kind == "throttle":
        code, reason, message = 429, "TooManyRequests", "Too many requests, please try again later."
    else:
        code = status or 500
        reason = "ServiceUnavailable" if code == 503 else "InternalError"
        message = "an error on the server (injected by the runbook lab) has prevented the request from succeeding"
    data = json.dumps({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                       "message": message, "reason": reason, "code": code}).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    if code == 429:
        headers.append(("Retry-After", "1"))
    return code, headers, data


def error_code(headers: list, body: bytes) -> Optional[str]:
    for name, value in headers:
        if name.lower() == "x-amzn-errortype":
            return value.split(":", 1)[0]
    text = body[:4096].decode("utf-8", "replace")
    m = re.search(r"<Code>([^<]+)</Code>", text) or re.search(r'"__type"\s*:\s*"([^"]+)"', text) \
        or re.search(r'"reason"\s*:\s*"([^"]+)"', text)
    return m.group(1).rsplit("#", 1)[-1] if m else None


# --------------------------------------------------------------------------------------------------
# Request log


class RequestLog:
    """Entries in memory (bounded) and appended to a JSON-lines file."""

    def __init__(self, path: Optional[str], limit: int = 100000) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: deque[dict] = deque(maxlen=limit)
        self._seq = 0
        if path:
            open(path, "w").close()

    def add(self, entry: dict) -> None:
        with self._lock:
            self._seq += 1
            entry = {"seq": self._seq, **entry}
            self._entries.append(entry)
            if self.path:
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry, default=str) + "\n")

    def entries(self, since: int = 0) -> list[dict]:
        with self._lock:
            return [e for e in self._entries if e["seq"] > since]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            if self.path:
                open(self.path, "w").close()


# --------------------------------------------------------------------------------------------------
# Faults


class Faults:
    """The active fault rules, with a seeded random source so a run can be repeated."""

    def __init__(self, faults: Iterable[Fault] = (), seed: Optional[int] = None) -> None:
        self._lock = threading.Lock()
        self.configure(faults, seed)

    def configure(self, faults: Iterable[Fault], seed: Optional[int] = None) -> None:
        with self._lock:
            self.rules = list(faults)
            self.fired = [0] * len(self.rules)
            self._random = random.Random(seed)

    def pick(self, service: str, operation: str) -> tuple[int, Optional[Fault]]:
        """(latency in ms, the failure to inject or None)."""
        latency, failure = 0, None
        with self._lock:
            for index, rule in enumerate(self.rules):
                if not self._applies(rule, service, operation):
                    continue
                if rule.count is not None and self.fired[index] >= rule.count:
                    continue
                if rule.kind == "latency":
                    if self._random.random() < rule.rate:
                        latency += rule.ms
                        self.fired[index] += 1
                elif failure is None and self._random.random() < rule.rate:
                    failure = rule
                    self.fired[index] += 1
        return latency, failure

    @staticmethod
    def _applies(rule: Fault, service: str, operation: str) -> bool:
        if rule.services:
            wanted = set(rule.services)
            if "aws" in wanted and service != "kubernetes":
                pass
            elif service not in wanted:
                return False
        if rule.ops:
            op = operation.lower()
            verb = op.split(" ", 1)[0]
            if not any(o.lower() in (op, verb) for o in rule.ops):
                return False
        return True

    def to_json(self) -> list[dict]:
        with self._lock:
            return [{**r.to_json(), "fired": n} for r, n in zip(self.rules, self.fired)]


# --------------------------------------------------------------------------------------------------
# The middleware


class Observed:
    """Log, name and (maybe) break every request that reaches ``app``."""

    def __init__(self, app: Callable, *, kind: str, classify: Callable[[dict, bytes], dict],
                 log: RequestLog, faults: Faults, passthrough: Callable[[dict], bool] = lambda e: False) -> None:
        self.app = app
        self.kind = kind  # "aws" or "kubernetes"
        self.classify = classify
        self.log = log
        self.faults = faults
        self.passthrough = passthrough

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        if self.passthrough(environ):
            return self.app(environ, start_response)
        started = time.monotonic()
        body = read_body(environ)
        info = self.classify(environ, body)
        entry = {
            "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
            "service": info["service"],
            "operation": info["operation"],
            "mutating": info["mutating"],
            "status": 0,
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
        }
        for extra in ("region", "verb", "query", "user"):
            if info.get(extra) is not None:
                entry[extra] = info[extra]
        latency, failure = self.faults.pick(info["service"], info["operation"])
        if latency:
            time.sleep(min(latency, 60000) / 1000.0)
            entry["injected_latency_ms"] = latency
        if failure is not None:
            entry["fault"] = failure.kind
            if failure.kind == "drop":
                entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
                self.log.add(entry)
                sock = environ.get("werkzeug.socket")
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                raise ConnectionAbortedError("connection dropped by an injected fault")
            if self.kind == "kubernetes":
                status, headers, data = kube_error(failure.kind, failure.status)
            else:
                status, headers, data = aws_error(info.get("protocol", "query"), info["service"], failure.kind,
                                                  failure.status)
            entry["status"] = status
            entry["error"] = error_code(headers, data)
            entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
            self.log.add(entry)
            start_response(f"{status} Injected", headers)
            return [data]

        captured: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info: Any = None) -> Any:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        entry["status"] = captured.get("status", 0)
        if entry["status"] >= 400:
            chunks = list(result)
            if hasattr(result, "close"):
                result.close()
            result = chunks
            code = error_code(captured.get("headers", []), b"".join(chunks))
            if code:
                entry["error"] = code
        auth = environ.get("runbook_lab.auth")
        if auth:
            if auth.get("user"):
                entry["user"] = auth["user"]
            else:
                entry["auth_error"] = auth.get("reason")
        entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
        self.log.add(entry)
        return result
