"""Timed state transitions: run a callback after a delay, under the lab lock, on one background thread.

A delay of 0 runs the callback at once, in the caller's thread, so that with the default delays the lab is
deterministic: an ``update-nodegroup-config`` is complete before its answer leaves the server, and no
``aws eks wait`` ever sees UPDATING.
"""

from __future__ import annotations

import heapq
import itertools
import sys
import threading
import time
import traceback
from typing import Callable, Optional


class Scheduler:
    def __init__(self, lock: "threading.RLock") -> None:
        self._lock = lock
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, int, str, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._generation = 0
        self._stopped = False
        self._thread: Optional[threading.Thread] = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lab-scheduler", daemon=True)
        self._thread.start()

    def after(self, seconds: Optional[float], label: str, callback: Callable[[], None]) -> None:
        """Run ``callback`` after ``seconds``; None means never."""
        if seconds is None:
            return
        if seconds <= 0:
            with self._lock:
                callback()
            return
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._seq), self._generation, label,
                                        callback))
            self._cond.notify()

    def cancel_all(self) -> None:
        with self._cond:
            self._heap.clear()
            self._generation += 1

    def pending(self) -> list[dict]:
        now = time.monotonic()
        with self._cond:
            return [{"transition": label, "due_in_seconds": round(max(0.0, due - now), 3)}
                    for due, _, _, label, _ in sorted(self._heap)]

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._heap.clear()
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stopped:
                    return
                if not self._heap:
                    self._cond.wait(timeout=1.0)
                    continue
                due, _, generation, label, callback = self._heap[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._cond.wait(timeout=min(wait, 1.0))
                    continue
                heapq.heappop(self._heap)
                current = self._generation
            if generation != current:
                continue
            with self._lock:
                with self._cond:
                    if generation != self._generation:
                        continue
                try:
                    callback()
                except Exception:  # a broken transition must not stop the others
                    print(f"runbook lab: transition {label!r} failed:", file=sys.stderr)
                    traceback.print_exc()
