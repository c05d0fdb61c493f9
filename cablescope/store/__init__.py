"""Durable cable records: the Store protocol, an in-memory fake and the SQLite store."""

from cablescope.store.base import (
    MARKERS,
    Hit,
    ProblemRecord,
    SearchIndex,
    SearchResult,
    Stats,
    Store,
)
from cablescope.store.memory import MemoryStore
from cablescope.store.sqlite import SqliteStore

__all__ = [
    "MARKERS",
    "Hit",
    "MemoryStore",
    "ProblemRecord",
    "SearchIndex",
    "SearchResult",
    "SqliteStore",
    "Stats",
    "Store",
]
