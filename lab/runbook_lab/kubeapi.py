"""A small Kubernetes API server for nodes, enough for kubectl get, get -o json, get -w and wait.

What kubectl sends (and this answers):

* discovery: ``/version``, ``/api``, ``/apis``, ``/api/v1`` (legacy JSON; kubectl falls back from aggregated
  discovery on its own);
* ``GET /api/v1/nodes`` with ``labelSelector``, ``fieldSelector`` and ``limit``; a ``meta.k8s.io/v1`` Table when
  the Accept header asks for ``as=Table`` (``kubectl get`` prints columns only from a Table), a ``NodeList``
  otherwise;
* ``GET /api/v1/nodes?watch=true&resourceVersion=N&timeoutSeconds=S``: one JSON event per line, chunked;
  ``kubectl wait --for=condition=ready`` lists, then watches each node by ``metadata.name``;
* ``GET /api/v1/nodes/NAME``.

Nodes live in a :class:`NodeStore` that the scenario changes; every change gets the next resourceVersion and
is kept in an event log that wakes the watchers. Anything else answers with a Kubernetes ``Status`` error.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import deque
from typing import Any, Callable, Iterator, Optional
from urllib.parse import parse_qs

from .kubenodes import node_table, wants_table
from .kubeselect import SelectorError, parse_field_selector, parse_label_selector

SERVER_VERSION = {
    "major": "1",
    "minor": "30+",
    "gitVersion": "v1.30.14-eks-b707fbb",
    "gitCommit": "3a7b1e4f6c2d5e8a9b0c1d2e3f4a5b6c7d8e9f0a",
    "gitTreeState": "clean",
    "buildDate": "2025-07-15T04:41:13Z",
    "goVersion": "go1.23.10",
    "compiler": "gc",
    "platform": "linux/amd64",
}
WATCH_MAX_SECONDS = 600
EVENT_LOG_SIZE = 10000


class Gone(Exception):
    """The requested resourceVersion is older than the event log keeps."""


class NodeStore:
    """The nodes the API serves, a monotonic resourceVersion and an event log that wakes watchers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._nodes: dict[str, dict] = {}
        self._rv = 1000
        self._events: deque[tuple[int, str, dict]] = deque(maxlen=EVENT_LOG_SIZE)
        self._generation = 0
        self._closed = False
        self._uid = 0

    # changes -----------------------------------------------------------------------------------------
    def put(self, node: dict) -> None:
        with self._cond:
            name = node["metadata"]["name"]
            kind = "MODIFIED" if name in self._nodes else "ADDED"
            node = copy.deepcopy(node)
            if kind == "ADDED":
                self._uid += 1
                node["metadata"]["uid"] = f"6f1c2d3e-0000-4000-8000-{self._uid:012d}"
            else:
                node["metadata"]["uid"] = self._nodes[name]["metadata"]["uid"]
            self._commit(kind, node)

    def modify(self, name: str, change: Callable[[dict], None]) -> bool:
        with self._cond:
            if name not in self._nodes:
                return False
            node = copy.deepcopy(self._nodes[name])
            change(node)
            self._commit("MODIFIED", node)
            return True

    def delete(self, name: str) -> bool:
        with self._cond:
            node = self._nodes.get(name)
            if node is None:
                return False
            node = copy.deepcopy(node)
            self._rv += 1
            node["metadata"]["resourceVersion"] = str(self._rv)
            del self._nodes[name]
            self._events.append((self._rv, "DELETED", node))
            self._cond.notify_all()
            return True

    def _commit(self, kind: str, node: dict) -> None:
        self._rv += 1
        node["metadata"]["resourceVersion"] = str(self._rv)
        self._nodes[node["metadata"]["name"]] = node
        self._events.append((self._rv, kind, copy.deepcopy(node)))
        self._cond.notify_all()

    def clear(self) -> None:
        """Forget every node and end open watches (a reset)."""
        with self._cond:
            self._nodes.clear()
            self._events.clear()
            self._generation += 1
            self._rv += 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # reads -------------------------------------------------------------------------------------------
    def snapshot(self) -> tuple[int, list[dict]]:
        with self._cond:
            nodes = [copy.deepcopy(n) for _, n in sorted(self._nodes.items())]
            return self._rv, nodes

    def get(self, name: str) -> Optional[dict]:
        with self._cond:
            node = self._nodes.get(name)
            return copy.deepcopy(node) if node else None

    @property
    def generation(self) -> int:
        return self._generation

    def wait_events(self, after: int, generation: int, timeout: float) -> Optional[list[tuple[int, str, dict]]]:
        """Events newer than ``after``; waits up to ``timeout``. None once the store is reset or closed."""
        with self._cond:
            deadline = time.monotonic() + timeout
            while True:
                if self._closed or self._generation != generation:
                    return None
                if after and self._events and after < self._events[0][0] - 1:
                    raise Gone(f"too old resource version: {after} ({self._events[0][0] - 1})")
                fresh = [e for e in self._events if e[0] > after]
                if fresh:
                    return copy.deepcopy(fresh)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)


# ------------------------------------------------------------------------------------------------------
# The WSGI application


def status_object(code: int, reason: str, message: str, details: Optional[dict] = None) -> dict:
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body


_API_RESOURCES = {
    "kind": "APIResourceList",
    "groupVersion": "v1",
    "resources": [
        {"name": "nodes", "singularName": "node", "namespaced": False, "kind": "Node",
         "verbs": ["get", "list", "watch"], "shortNames": ["no"]},
        {"name": "nodes/status", "singularName": "", "namespaced": False, "kind": "Node", "verbs": ["get"]},
    ],
}

_PUBLIC_PATHS = {"/version", "/healthz", "/livez", "/readyz"}


class KubeAPI:
    """WSGI app over a NodeStore. ``authenticate(token) -> (user or None, reason)`` enables bearer auth."""

    def __init__(self, store: NodeStore, *, address: str, stop: threading.Event,
                 authenticate: Optional[Callable[[str], tuple[Optional[str], str]]] = None) -> None:
        self.store = store
        self.address = address
        self.stop = stop
        self.authenticate = authenticate

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/").rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}

        if self.authenticate is not None and path not in _PUBLIC_PATHS:
            header = environ.get("HTTP_AUTHORIZATION", "")
            token = header[7:].strip() if header.lower().startswith("bearer ") else ""
            user, reason = self.authenticate(token) if token else (None, "no bearer token")
            environ["runbook_lab.auth"] = {"user": user, "reason": reason}
            if user is None:
                return self._json(start_response, 401, status_object(401, "Unauthorized", "Unauthorized"))

        if method != "GET":
            if path.startswith("/api/v1/nodes"):
                return self._json(start_response, 405, status_object(
                    405, "MethodNotAllowed",
                    f"the runbook lab's Kubernetes API serves nodes read-only (get, list, watch); "
                    f"{method} {path} is not supported"))
            return self._json(start_response, 404, status_object(404, "NotFound", "the server could not find "
                                                                 "the requested resource"))
        if path == "/version":
            return self._json(start_response, 200, SERVER_VERSION)
        if path in ("/healthz", "/livez", "/readyz"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok"]
        if path == "/api":
            return self._json(start_response, 200, {
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": self.address}]})
        if path == "/apis":
            return self._json(start_response, 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
        if path == "/api/v1":
            return self._json(start_response, 200, _API_RESOURCES)
        if path == "/api/v1/nodes":
            return self._nodes(environ, start_response, query)
        if path.startswith("/api/v1/nodes/"):
            name = path[len("/api/v1/nodes/"):]
            if name.endswith("/status"):
                name = name[: -len("/status")]
            node = self.store.get(name)
            if node is None:
                return self._json(start_response, 404, status_object(
                    404, "NotFound", f'nodes "{name}" not found', {"name": name, "kind": "nodes"}))
            if wants_table(environ.get("HTTP_ACCEPT", "")):
                rv = int(node["metadata"]["resourceVersion"])
                return self._json(start_response, 200, node_table(
                    [node], rv, query.get("includeObject", "Metadata"), time.time()))
            return self._json(start_response, 200, node)
        return self._json(start_response, 404, status_object(
            404, "NotFound", "the server could not find the requested resource"))

    def _nodes(self, environ: dict, start_response: Callable, query: dict) -> Any:
        try:
            by_label = parse_label_selector(query.get("labelSelector", ""))
            by_field = parse_field_selector(query.get("fieldSelector", ""))
        except SelectorError as exc:
            return self._json(start_response, 400, status_object(400, "BadRequest", str(exc)))

        def selected(node: dict) -> bool:
            return by_label(node["metadata"].get("labels", {})) and by_field(node)

        table = wants_table(environ.get("HTTP_ACCEPT", ""))
        include = query.get("includeObject", "Metadata")
        if query.get("watch") in ("true", "1"):
            return self._watch(start_response, query, selected, table, include)
        rv, nodes = self.store.snapshot()
        nodes = [n for n in nodes if selected(n)]
        if table:
            return self._json(start_response, 200, node_table(nodes, rv, include, time.time()))
        return self._json(start_response, 200, {"kind": "NodeList", "apiVersion": "v1",
                                                "metadata": {"resourceVersion": str(rv)}, "items": nodes})

    def _watch(self, start_response: Callable, query: dict, selected: Callable[[dict], bool],
               table: bool, include: str) -> Any:
        try:
            timeout = float(query.get("timeoutSeconds") or WATCH_MAX_SECONDS)
        except ValueError:
            timeout = WATCH_MAX_SECONDS
        timeout = max(0.0, min(timeout, WATCH_MAX_SECONDS))
        rv_text = query.get("resourceVersion", "")
        generation = self.store.generation
        try:
            after = int(rv_text) if rv_text else 0
        except ValueError:
            return self._json(start_response, 400, status_object(400, "BadRequest",
                                                                 f"invalid resource version: {rv_text}"))

        def encode(kind: str, node: dict) -> bytes:
            obj = node_table([node], int(node["metadata"]["resourceVersion"]), include, time.time()) if table \
                else node
            return (json.dumps({"type": kind, "object": obj}) + "\n").encode()

        def stream() -> Iterator[bytes]:
            yield b""  # sends the status line and headers now: client-go waits for them before it goes on
            cursor = after
            if after == 0:
                rv, nodes = self.store.snapshot()
                for node in nodes:
                    if selected(node):
                        yield encode("ADDED", node)
                cursor = rv
            deadline = time.monotonic() + timeout
            while not self.stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                try:
                    events = self.store.wait_events(cursor, generation, min(0.5, remaining))
                except Gone as exc:
                    yield (json.dumps({"type": "ERROR", "object": status_object(410, "Expired", str(exc))})
                           + "\n").encode()
                    return
                if events is None:
                    return
                for rv, kind, node in events:
                    cursor = rv
                    if selected(node):
                        yield encode(kind, node)

        start_response("200 OK", [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private")])
        return stream()

    @staticmethod
    def _json(start_response: Callable, code: int, body: dict) -> list[bytes]:
        reasons = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
                   405: "Method Not Allowed"}
        data = json.dumps(body).encode()
        start_response(f"{code} {reasons.get(code, 'Error')}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                        ("Cache-Control", "no-cache, private")])
        return [data]


def kube_operation(method: str, path: str, query: dict) -> tuple[str, str, bool]:
    """(verb, operation text, mutating) for the request log."""
    path = path.rstrip("/") or "/"
    if method == "GET":
        if path.startswith("/api/v1/nodes"):
            if query.get("watch") in ("true", "1"):
                verb = "watch"
            elif path == "/api/v1/nodes":
                verb = "list"
            else:
                verb = "get"
        else:
            verb = "get"
    else:
        verb = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}.get(method, method.lower())
        if verb == "delete" and path == "/api/v1/nodes":
            verb = "deletecollection"
    return verb, f"{verb} {path}", verb not in ("get", "list", "watch")
