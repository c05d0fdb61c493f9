"""Which database a URL names, and opening it.

cablescope.db, /srv/cables.db     a SQLite file (the default engine)
sqlite:///cables.db               the same, relative; ``sqlite:////srv/cables.db`` absolute
postgresql://user@host/cables     a PostgreSQL server (extra ``cablescope[postgres]``)
memory:                           an empty in-memory database (a fake, for tests)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from cablescope.errors import MissingExtra, StoreError
from cablescope.store.base import Database, Readers

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
POSTGRES_EXTRA = "pip install 'cablescope[postgres]'"


def engine(url: str) -> tuple[str, str]:
    """The engine a database URL names (``sqlite``, ``postgresql`` or ``memory``) and what
    it opens: the file for SQLite, the URL itself for PostgreSQL, "" for memory.
    Raises StoreError for another scheme."""
    if url == "memory:":
        return "memory", ""
    found = _SCHEME.match(url)
    if found is None:
        return "sqlite", url
    scheme = found.group(1).lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql", url
    if scheme == "sqlite":
        rest = url[found.end() :]
        path = rest[1:] if rest.startswith("/") else rest
        if not path:
            raise StoreError(f"{url}: name the file, as in sqlite:///cablescope.db")
        return "sqlite", path
    raise StoreError(
        f"{url}: not a database; give a file, sqlite:///PATH, postgresql://HOST/NAME or memory:"
    )


def database_file(url: str) -> str | None:
    """The local file a database URL names (SQLite), or None (a server, or memory)."""
    kind, where = engine(url)
    return where if kind == "sqlite" else None


def shown(url: str) -> str:
    """``url`` as it may be printed: a password in it is replaced by ``***``."""
    found = _SCHEME.match(url)
    if found is None:
        return url
    rest = url[found.end() :]
    credentials, at, host = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    if not at or not colon:
        return url
    return f"{url[: found.end()]}{user}:***@{host}"


def _postgres() -> ModuleType:
    try:
        import cablescope.store.postgres as postgres
    except ImportError as error:
        raise MissingExtra(f"PostgreSQL needs its client ({error}): {POSTGRES_EXTRA}") from None
    return postgres


def open(url: str, *, readonly: bool = False, mapped: bool = False) -> Database:  # noqa: A001
    """The database ``url`` names (see this module), created or migrated as needed; with
    ``readonly`` an existing SQLite file is opened so that nothing can be written to it,
    with ``mapped`` a SQLite file is read through a memory map (see SqliteStore.open).

    Raises StoreError when it cannot be opened, MissingExtra when the engine's client is
    not installed.
    """
    kind, where = engine(url)
    if kind == "memory":
        from cablescope.store.memory import MemoryStore

        return MemoryStore()
    if kind == "postgresql":
        store: Database = _postgres().PostgresStore.open(where)
        return store
    from cablescope.store.sqlite import SqliteStore

    return SqliteStore.open_readonly(where) if readonly else SqliteStore.open(where, mapped=mapped)


class _Shared:
    """Readers for an engine whose one database object serves many threads at once (its
    own pool of connections), or for the in-memory fake: every borrower gets the same."""

    def __init__(self, url: str, database: Database, concurrent: bool) -> None:
        self.url = url
        self._database = database
        self._concurrent = concurrent

    @contextmanager
    def borrow(self) -> Iterator[Database]:
        yield self._database

    @contextmanager
    def spare(self) -> Iterator[Database | None]:
        """The same database where it serves threads at once (its own pool), else None."""
        yield self._database if self._concurrent else None

    def close(self) -> None:
        self._database.close()


def readers(url: str, size: int) -> Readers:
    """Read-only databases at ``url`` for a server's threads, at most ``size`` connections
    (SQLite: a bounded pool of read-only connections, the schema created or migrated
    first)."""
    kind, where = engine(url)
    if kind == "sqlite":
        from cablescope.store.sqlite import SqliteReaders

        return SqliteReaders(where, size)
    if kind == "postgresql":
        return _Shared(url, _postgres().PostgresStore.open(where, max_size=size), True)
    return _Shared(url, open(url), False)
