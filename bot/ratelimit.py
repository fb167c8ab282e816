"""A small sliding-window rate limiter (in memory, per process)."""

from __future__ import annotations

import time
from collections import deque
from threading import Lock
from typing import Callable, Deque, Dict


class RateLimiter:
    """At most `limit` events per key within `window_seconds`."""

    def __init__(self, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000):
        self.window, self.clock, self.max_keys = window_seconds, clock, max_keys
        self._hits: Dict[str, Deque[float]] = {}
        self._lock = Lock()

    def allow(self, key: str, limit: int) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._hits) > self.max_keys:  # forget idle keys instead of growing without end
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < self.window}
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            return True
