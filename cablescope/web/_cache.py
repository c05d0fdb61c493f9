"""A small, thread-safe cache for answers that cost a scan of the corpus (facets of broad
queries, charts). Entries expire after ``ttl`` seconds and when the number of stored
cables changes, so a concurrent ingest shows up soon."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Cache:
    """Least recently used entries, at most ``size``, each kept ``ttl`` seconds."""

    def __init__(self, size: int = 256, ttl: float = 60.0) -> None:
        self.size = size
        self.ttl = ttl
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value cached under ``key``, made by ``make()`` when absent or stale."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry[0] < self.ttl:
                self._entries.move_to_end(key)
                return entry[1]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def holds(self, key: Hashable) -> bool:
        """Whether a value is cached under ``key`` and not stale."""
        with self._lock:
            entry = self._entries.get(key)
            return entry is not None and time.monotonic() - entry[0] < self.ttl

    def clear(self) -> None:
        """Forget every entry (after a write)."""
        with self._lock:
            self._entries.clear()
