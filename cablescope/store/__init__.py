"""Durable cable records behind protocols (``base.py``): ``open(url)`` returns the database
a URL names (a SQLite file, a PostgreSQL server or the in-memory fake, see ``_open.py``)
and ``readers(url, size)`` a pool of read-only ones for a server."""

from cablescope.store._open import database_file, engine, open, readers, shown
from cablescope.store.base import (
    MARKERS,
    Database,
    EntityIndex,
    Hit,
    LinkIndex,
    ProblemRecord,
    Readers,
    RecordedFact,
    RecordStore,
    ResolutionRecord,
    SearchIndex,
    SearchResult,
    Stats,
    Store,
)
from cablescope.store.memory import MemoryStore
from cablescope.store.sqlite import SqliteStore

__all__ = [
    "MARKERS",
    "Database",
    "EntityIndex",
    "Hit",
    "LinkIndex",
    "MemoryStore",
    "ProblemRecord",
    "Readers",
    "RecordedFact",
    "RecordStore",
    "ResolutionRecord",
    "SearchIndex",
    "SearchResult",
    "SqliteStore",
    "Stats",
    "Store",
    "database_file",
    "engine",
    "open",
    "readers",
    "shown",
]
